"""Citations are numbered by first use in each packet; the bibliography lists exactly those, linked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import TYPES, flat, page_texts, run

REFERENCES = """\
alpha: {kind: journal, authors: [Alpha AA], title: The alpha study, journal: J Alpha, year: 2001, doi: 10.1000/alpha}
bravo: {kind: book, authors: [Bravo BB, Carter CC], editors: true, title: The Bravo Book, publisher: Springer,
        year: 2002}
charlie: {kind: web, organization: Charlie Society, title: What charlie means, published: 2015-05-18}
unused: {kind: journal, authors: [Unused UU], title: Never cited, journal: J None, year: 2003}
"""


def small_project(root: Path, first: str, second: str) -> Path:
    """Write a two-section project whose sections cite in a known order."""
    (root / "handouts/en/types").mkdir(parents=True)
    (root / "handouts/en/sections").mkdir()
    (root / "handouts/clinics").mkdir()
    for name in ("templates", "styles"):
        shutil.copytree(Path(__file__).parent.parent / name, root / name)  # a link out of the project is refused
    spec = yaml.safe_load((Path(__file__).parent.parent / "handouts/en/packet.yaml").read_text())
    (root / "handouts/en/packet.yaml").write_text(yaml.safe_dump({**spec, "sections": ["first", "second"]}))
    (root / "handouts/en/types/one.yaml").write_text("name: Type one\nwhere: here\norder: 1\ndefault: true\n")
    (root / "handouts/en/types/two.yaml").write_text("name: Type two\nwhere: there\norder: 2\n")
    (root / "handouts/clinics/example.yaml").write_text("name: Test Clinic\nphone: (555) 010-0199\n")
    (root / "handouts/references.yaml").write_text(REFERENCES)
    (root / "handouts/en/glossary.yaml").write_text("terms: []\n")
    (root / "handouts/en/sections/first.yaml").write_text(f"title: First part\nblocks:\n{first}")
    (root / "handouts/en/sections/second.yaml").write_text(f"title: Second part\nblocks:\n{second}")
    return root


FIRST = """\
  - paragraph: Charlie comes first [@charlie].
  - paragraph: Only type two cites bravo here [@bravo].
    types: [two]
  - paragraph: Then alpha [@alpha], and charlie again [@charlie].
"""
SECOND = """\
  - bullets:
      - Bravo and charlie together [@bravo; @charlie].
"""


@pytest.mark.parametrize("type_id, order", [("one", ["charlie", "alpha", "bravo"]),
                                            ("two", ["charlie", "bravo", "alpha"])])
def test_numbers_follow_first_use_in_this_packet(tmp_path: Path, type_id: str, order: list[str]) -> None:
    project = small_project(tmp_path / "p", FIRST, SECOND)
    pdf = tmp_path / f"{type_id}.pdf"
    result = run("build", "--project", project, "--type", type_id, "-o", pdf, "--print-html", pdf.with_suffix(".html"))
    assert result.status == 0, result.err
    html = pdf.with_suffix(".html").read_text()
    cited = re.findall(r'<a href="#ref-(\d+)">', html)
    firsts = list(dict.fromkeys(int(n) for n in cited))
    assert firsts == [1, 2, 3]
    entries = re.findall(r'<li id="ref-(\d+)">(.*?)</li>', html, re.S)
    assert [int(n) for n, _ in entries] == [1, 2, 3]
    titles = {"alpha": "The alpha study", "bravo": "The Bravo Book", "charlie": "What charlie means"}
    assert [titles[key] in entry for key, (_, entry) in zip(order, entries)] == [True] * 3
    assert "Never cited" not in html
    refs_page = flat(page_texts(pdf)[-1])
    assert refs_page.count("Charlie Society") == 1 and "Never cited" not in refs_page


def test_bibliography_is_in_ama_style(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p", FIRST, SECOND)
    pdf = tmp_path / "one.pdf"
    assert run("build", "--project", project, "-o", pdf).status == 0
    text = flat(page_texts(pdf)[-1])
    assert "1. Charlie Society. What charlie means. Published May 18, 2015." in text
    assert "2. Alpha AA. The alpha study. J Alpha. 2001. doi:10.1000/alpha" in text
    assert "3. Bravo BB, Carter CC, eds. The Bravo Book. Springer; 2002." in text


def test_citation_numbers_link_to_their_entries(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p", FIRST, SECOND)
    pdf = tmp_path / "one.pdf"
    assert run("build", "--project", project, "-o", pdf).status == 0
    reader = PdfReader(pdf)
    last = len(reader.pages) - 1
    targets = []
    for page in reader.pages[2:-1]:
        for annot in page.get("/Annots", []):
            action = annot.get_object().get("/A", {})
            dest = action.get("/D") if action.get("/S") == "/GoTo" else annot.get_object().get("/Dest")
            if dest is not None:
                targets.append(dest)
    assert len(targets) == 5  # charlie, alpha, charlie, bravo, charlie
    for dest in targets:
        page = reader.named_destinations[dest].page if isinstance(dest, str) else dest[0]
        assert reader.get_page_number(page.get_object()) == last


@pytest.mark.parametrize("type_id", TYPES)
def test_shipped_bibliography_counts_distinct_citations(shipped: dict[str, Path], type_id: str) -> None:
    html = shipped[type_id].with_suffix(".html").read_text()
    body = html.split('id="references"')[0]
    distinct = set(re.findall(r'<a href="#ref-(\d+)">', body))
    entries = re.findall(r'<li id="ref-(\d+)"', html)
    assert len(entries) == len(distinct) > 0
    numbers_in_order = list(dict.fromkeys(int(n) for n in re.findall(r'<a href="#ref-(\d+)">', body)))
    assert numbers_in_order == list(range(1, len(entries) + 1))
    reader = PdfReader(shipped[type_id])
    start = reader.get_destination_page_number(reader.outline[-1])  # the References bookmark
    text = flat(" ".join(page.extract_text() for page in reader.pages[start:]))
    # a number, then ". ", not after a digit, a dot or a colon (an article number: "2008;3(1):34. doi")
    assert all(re.search(rf"(?<![\d.:]){n}\. ", text) for n in range(1, len(entries) + 1))
    assert not re.search(rf"(?<![\d.:]){len(entries) + 1}\. ", text)
