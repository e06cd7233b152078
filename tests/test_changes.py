"""`changes`: the patient-visible words added, removed or changed, since a git revision or since each sign-off."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import SECTION, edit, run


def git(project: Path, *args: str) -> None:
    """Run git in the project, as a fixed test author."""
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=project, check=True, capture_output=True)


@pytest.fixture
def repo(small: Path) -> Path:
    """The small project as a git repository: one commit of it, then one commit that edits one sentence."""
    git(small, "init", "-q")
    git(small, "add", ".")
    git(small, "commit", "-q", "-m", "first")
    text = (small / SECTION).read_text()
    (small / SECTION).write_text("# A comment added with the edit.\n" + text.replace(
        "A sentence with a citation [@zalcman-2016].", "A new sentence with a citation [@zalcman-2016]."))
    git(small, "commit", "-q", "-am", "one sentence")
    return small


def test_changes_since_a_revision_show_the_changed_sentence_and_nothing_else(repo: Path, tmp_path: Path) -> None:
    result = run("changes", "--project", repo, "--since", "HEAD~1", "--html", tmp_path / "changes.html")
    assert result.status == 0, result.err
    assert result.out == ("Patient-visible changes since git revision HEAD~1:\n\n== A topic (topic)\n"
                          "~ paragraph: A {+new +}sentence with a citation [@zalcman-2016].\n"), result.out
    page = (tmp_path / "changes.html").read_text()
    assert "A <ins>new </ins>sentence" in page and page.count("<li") == 1


def test_formatting_only_commits_show_no_change(repo: Path) -> None:
    text = (repo / SECTION).read_text()
    reindented = text.replace("\n  - ", "\n    - ").replace("\n      - ", "\n        - ").replace("\n    types:",
                                                                                                "\n      types:")
    (repo / SECTION).write_text(reindented + "# a closing comment\n")
    git(repo, "commit", "-q", "-am", "re-indented")
    result = run("changes", "--project", repo, "--since", "HEAD~1")
    assert result.out == "No patient-visible changes since git revision HEAD~1.\n", result.err


def test_changes_since_review_compare_with_the_signed_text(small: Path) -> None:
    assert run("changes", "--project", small).out == "No patient-visible changes since each section's sign-off.\n"
    edit(small / SECTION, "You need help now.", "You need help right now.")
    edit(small / "handouts/references.yaml", "First-line nivolumab plus", "First-line nivolumab with")
    result = run("changes", "--project", small, "--since-review")
    lines = result.out.splitlines()
    assert lines[2] == "== A topic (topic): signed 2026-11-01 by Test reviewer; changed since", result.out
    assert "~ urgent: You need help {+right +}now." in lines
    start = ("  ~ reference baas-2021: Baas P, Scherpereel A, Nowak AK, et al. "
             "First-line nivolumab [-plus -]{+with +}ipilimumab")
    assert any(line.startswith(start) for line in lines), result.out
    assert "tools" not in result.out


def test_changes_for_one_type_show_only_its_words(small: Path) -> None:
    edit(small / SECTION, "Only the beta packet has this sentence.", "Only the beta packet has these words.")
    assert run("changes", "--project", small, "--type", "alpha").out.startswith("No patient-visible changes")
    beta = run("changes", "--project", small, "--type", "beta").out
    assert "~ paragraph: Only the beta packet has [-this sentence.-]{+these words.+}" in beta, beta


def test_a_new_section_and_an_unsigned_one_show_all_their_words(small: Path) -> None:
    (small / "handouts/signoffs.yaml").write_text("en: {}\n")
    result = run("changes", "--project", small)
    assert "== Tools (tools): never signed off: all of it is new to a reviewer" in result.out
    assert "+ questions: The first question?" in result.out


def test_a_bad_revision_or_no_repository_exits_2(small: Path, repo: Path) -> None:
    result = run("changes", "--project", repo, "--since", "no-such-tag")
    assert result.status == 2 and result.err.startswith("error: cannot read handouts/ at 'no-such-tag' with git")
    assert run("changes", "--project", repo, "--type", "lung").status == 2
