"""Dependencies as used: every library the package imports is declared (once, with a tested major version), a
library only the tests use is in the `test` extra, and nothing is declared that nothing imports."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

from mesopacket.options import PROJECT_ROOT

#: Test-extra tools run as commands (.ci/run), not imported.
TOOLS = {"ruff", "mypy", "types-pyyaml", "pytest-xdist"}


def normal(name: str) -> str:
    """Return a distribution's name as the index compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> dict[str, list[str]]:
    """Return the declared requirements by extra ('' for the package's own), as the installed metadata says."""
    found: dict[str, list[str]] = {}
    for requirement in requires("mesopacket") or []:
        extra = re.search(r"extra == \"(\w+)\"", requirement)
        found.setdefault(extra[1] if extra else "", []).append(requirement.split(";")[0].strip())
    return found


def distribution(requirement: str) -> str:
    """Return the distribution a requirement names."""
    return normal(re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0])


def imported(folder: Path, guarded: bool = False) -> set[str]:
    """Return the third-party distributions the Python files in a folder import (`guarded`: only imports inside
    `try: ... except ImportError`, an optional library; otherwise only the others)."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text())
        optional = {id(node) for handler in ast.walk(tree) if isinstance(handler, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id == "ImportError" for h in handler.handlers)
            for statement in handler.body for node in ast.walk(statement)}
        for node in ast.walk(tree):
            if (id(node) in optional) != guarded:
                continue
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    owners = packages_distributions()
    return {normal(dist) for name in names - set(sys.stdlib_module_names) - {"mesopacket", "__future__"}
            for dist in owners.get(name, [name])}


def test_every_requirement_is_declared_once_with_an_upper_bound() -> None:
    every = [requirement for group in declared().values() for requirement in group]
    names = [distribution(requirement) for requirement in every]
    assert len(names) == len(set(names)), sorted(name for name in names if names.count(name) > 1)
    assert all("<" in requirement for requirement in every), [r for r in every if "<" not in r]


def test_the_package_imports_exactly_what_it_declares() -> None:
    package = PROJECT_ROOT / "mesopacket"
    runtime = {distribution(requirement) for requirement in declared()[""]}
    test = {distribution(requirement) for requirement in declared()["test"]}
    assert imported(package) == runtime
    assert imported(package, guarded=True) <= test  # optional: `check --pdf` says to install the test extra


def brought_by(names: set[str]) -> set[str]:
    """Return the distributions these need, directly or not (what comes with them), without extras."""
    found, todo = set(), list(names)
    while todo:
        name = todo.pop()
        try:
            needs = requires(name) or []
        except PackageNotFoundError:  # needed only on another system (colorama on Windows)
            continue
        for requirement in needs:
            needed = distribution(requirement)
            if "extra ==" not in requirement and needed not in found:
                found.add(needed)
                todo.append(needed)
    return found


def test_what_only_the_tests_use_is_in_the_test_extra() -> None:
    runtime = {distribution(requirement) for requirement in declared()[""]}
    test = {distribution(requirement) for requirement in declared()["test"]}
    used = imported(PROJECT_ROOT / "tests") | imported(PROJECT_ROOT / "benchmarks")
    ours = {normal(path.stem) for folder in ("tests", "benchmarks") for path in (PROJECT_ROOT / folder).glob("*.py")}
    extra = used - runtime - test - ours
    assert extra <= brought_by(runtime), extra  # a test may look inside a library's own dependency (nltk)
    optional = imported(PROJECT_ROOT / "mesopacket", guarded=True)  # `check --pdf`
    assert test - TOOLS <= used | optional  # nothing declared for the tests that nothing imports
    assert "pypdf" in test and "pypdf" not in runtime  # the tests read PDFs back with it; pydyf finishes them
