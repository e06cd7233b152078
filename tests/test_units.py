"""Fast tests of pure functions: inline markup, AMA formatting, line lookup, sentences, fingerprints."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from mesopacket.content import inline
from mesopacket.content.language import load_content
from mesopacket.content.references import format_ama, short_url
from mesopacket.content.schema import Labels, PacketSpec, Reference
from mesopacket.content.texts import sentences
from mesopacket.content.yamlsource import line_of, load_yaml
from mesopacket.errors import ContentError
from mesopacket.options import Options
from mesopacket.pipeline import compose, plan, web_edition


def cite(keys: list[str]) -> Markup:
    """A citation renderer that shows the keys it was given."""
    return Markup("<sup>{}</sup>").format(",".join(keys))


def test_inline_markup_becomes_escaped_html() -> None:
    html = inline.to_html("Use *this* and **that** <b> & [a site](https://example.org) [@a; @b].", cite)
    assert html == ('Use <em>this</em> and <strong>that</strong> &lt;b&gt; &amp; '
                    '<span class="cited"><a href="https://example.org">a site</a><sup>a,b</sup></span>.')


def test_a_citation_mark_is_joined_to_the_word_before_it_and_phone_numbers_stay_whole() -> None:
    html = inline.to_html("It is common [@a]. **Call 911 now.** [@b] Call 1-800-4-CANCER or (555) 010-0100.", cite)
    assert html == ('It is <span class="cited">common<sup>a</sup></span>. <strong>Call 911 </strong>'
                    '<span class="cited"><strong>now.</strong><sup>b</sup></span> Call '
                    '<span class="phone">1-800-4-CANCER</span> or <span class="phone">(555) 010-0100</span>.')


def test_inline_plain_text_drops_markup_and_citations() -> None:
    assert inline.plain("A *b* **c** [d](https://x.org) [@k] .") == "A b c d."


def test_inline_problems_name_raw_html_bad_links_and_empty_keys() -> None:
    assert inline.problems("fine [x](https://a.org) [@k]") == []
    assert inline.problems("<script>") == ["raw HTML is not allowed in content; use *emphasis*, **strong** or "
                                           "[words](https://...)"]
    assert inline.problems("[x](javascript:alert(1))") == [
        "link 'javascript:alert(1' must start with one of: https://, http://, mailto:, tel:"]
    assert inline.problems("[@a; ]") == ["empty citation key in '[@a; ]'"]
    assert inline.problems("**Call now [@a].**") == ["a citation inside *emphasis* or **strong** would print as "
                                                     "typed; put it after the closing *"]
    assert inline.problems("**Call now.** [@a]") == []
    assert list(inline.citation_keys("x [@a] y [@b; @c]")) == ["a", "b", "c"]


@pytest.fixture(scope="module")
def labels() -> Labels:
    """The English labels of the small project."""
    project = Path(__file__).resolve().parent / "projects" / "small"
    return PacketSpec.model_validate(load_yaml(project / "handouts/en/packet.yaml", "packet.yaml")).labels


def test_ama_journal_entry_with_et_al_doi_and_pmid(labels: Labels) -> None:
    ref = Reference(kind="journal", authors=["Baas P", "Scherpereel A"], et_al=True, title="A trial",
                    journal="Lancet", year=2021, volume="397", issue="10272", pages="375-386",
                    doi="10.1/x", pmid="123")
    assert str(format_ama(ref, labels)) == (
        'Baas P, Scherpereel A, et al. A trial. <i>Lancet</i>. 2021;397(10272):375-386. '
        '<a href="https://doi.org/10.1/x">doi:10.1/x</a> '
        '<a href="https://pubmed.ncbi.nlm.nih.gov/123/">PMID: 123</a>')


def test_ama_book_and_web_entries(labels: Labels) -> None:
    book = Reference(kind="book", authors=["Pass HI"], editors=True, title="A book.", publisher="Springer", year=2005)
    assert str(format_ama(book, labels)) == "Pass HI, eds. <i>A book</i>. Springer; 2005."
    web = Reference(kind="web", organization="An Org", title="A page?", published="2015-05-18",
                    url="https://example.org/p")
    assert str(format_ama(web, labels)) == ('An Org. A page? Published May 18, 2015. '
                                            '<a href="https://example.org/p" title="Web: example.org/p">'
                                            'example.org/p</a>')


def test_a_long_web_address_prints_short_and_links_in_full(labels: Labels) -> None:
    url = "https://www.cancer.org/cancer/types/malignant-mesothelioma/treating/palliative-procedures.html"
    assert short_url(url) == "cancer.org/…/palliative-procedures.html"
    assert short_url("https://www.example.org/") == "example.org"
    long = "https://www.cancer.gov/publications/patient-education/when-someone-you-love-is-being-treated"
    assert short_url(long) == "cancer.gov/…/when-someone-you-love-is-being…" and len(short_url(long)) <= 48
    web = Reference(kind="web", organization="ACS", title="Palliative procedures", url=url)
    assert f'<a href="{url}" title="Web: {url[8:]}">cancer.org/…/palliative-procedures.html</a>' in str(
        format_ama(web, labels))


def test_ama_lists_up_to_six_authors_and_three_then_et_al_beyond(labels: Labels) -> None:
    names = [f"Author{i} A" for i in range(1, 8)]
    six = Reference(kind="journal", authors=names[:6], title="T", journal="J", year=2020)
    assert str(format_ama(six, labels)).startswith(", ".join(names[:6]) + ". T.")
    seven = Reference(kind="journal", authors=names, title="T", journal="J", year=2020)
    assert str(format_ama(seven, labels)).startswith("Author1 A, Author2 A, Author3 A, et al. T.")


def test_ama_web_entry_shows_its_updated_and_accessed_dates(labels: Labels) -> None:
    web = Reference(kind="web", organization="An Org", title="A page", updated="2025-03-24",
                    accessed="2026-12-03", url="https://example.org/p")
    assert str(format_ama(web, labels)).startswith(
        "An Org. A page. Updated March 24, 2025. Accessed December 3, 2026. <a href=")


def test_spanish_packet_marks_english_sources_and_names_web_citations(small: Path) -> None:
    planned = plan(Options(project=small, lang="es", type="alpha"))
    printed = compose(planned).html
    assert '<span lang="en">Zalcman G' in printed and '<span class="source-language">(en inglés)</span>' in printed
    assert 'aria-label="referencia 1"' in web_edition(planned)
    english = plan(Options(project=small, type="alpha"))
    assert "source-language" not in compose(english).html
    assert 'aria-label="reference 1"' in web_edition(english)


def test_line_of_finds_the_deepest_known_part(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("title: T\nblocks:\n  - paragraph: one\n  - bullets:\n      - x\n      - y\n")
    data = load_yaml(path, "a.yaml")
    assert line_of(data, ("blocks", 1, "bullets", 1)) == 6
    assert line_of(data, ("blocks", 0)) == 3
    assert line_of(data, ("blocks", 9, "x")) == 2  # an index that is not there: the list's own line
    assert line_of(data, ()) == 1


def test_yaml_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("a: 1\na: 2\n")
    with pytest.raises(ContentError) as err:
        load_yaml(path, "b.yaml")
    assert str(err.value) == "b.yaml:2: duplicate key 'a'"


def test_sentences_split_at_end_marks() -> None:
    assert sentences("One. Two? Three! Four") == ["One.", "Two?", "Three!", "Four"]


def fingerprint(project: Path, **options: object) -> str:
    """Return the fingerprint of a version of a project."""
    return plan(Options(project=project, **options)).fingerprint  # type: ignore[arg-type]


def test_fingerprint_follows_the_inputs_of_its_version_only(small: Path, tmp_path: Path) -> None:
    alpha, beta = fingerprint(small, type="alpha"), fingerprint(small, type="beta")
    assert alpha != beta and fingerprint(small, type="alpha") == alpha
    assert fingerprint(small, type="alpha", patient_name="A Name") == alpha  # a name is never part of it
    assert fingerprint(small, type="alpha", paper="a4") != alpha
    moved = tmp_path / "moved"
    shutil.copytree(small, moved)
    assert fingerprint(moved, type="alpha") == alpha  # no paths in it
    section = small / "handouts/en/sections/tools.yaml"
    section.write_text("types: [beta]\n" + section.read_text())  # tools now only in beta packets
    assert fingerprint(small, type="beta") != beta
    template = small / "templates/packet.html"
    template.write_text(template.read_text() + "\n")
    assert fingerprint(small, type="beta") != beta


def test_plan_lists_the_files_a_version_is_made_of(small: Path) -> None:
    content = load_content(Options(project=small))
    names = [str(p.relative_to(small)) for p in plan(Options(project=small, type="beta"), content).inputs]
    assert names == ["handouts/en/packet.yaml", "handouts/en/glossary.yaml", "handouts/en/types/beta.yaml",
                     "handouts/en/sections/topic.yaml", "handouts/en/sections/tools.yaml",
                     "handouts/references.yaml", "handouts/clinics/example.yaml"]


def test_every_block_model_is_in_the_union_with_its_tag() -> None:
    from typing import get_args

    from mesopacket.content.schema import BLOCK_MODELS, AnyBlock

    union = get_args(get_args(AnyBlock)[0])
    tagged = {get_args(member)[0]: get_args(member)[1].tag for member in union}
    assert tagged == {model: model.kind for model in BLOCK_MODELS}
