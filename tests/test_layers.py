"""The package's imports point only downward: each folder may use the ones below it, never one above or beside."""

from __future__ import annotations

import ast
from pathlib import Path

from mesopacket.options import PROJECT_ROOT

#: From the bottom up. A module may import from its own layer's package and from lower layers only.
LAYERS = [("options", "errors", "output", "__init__"), ("content",), ("render",), ("pipeline",), ("check",),
          ("publish",), ("web",), ("commands",), ("entry",), ("__main__",)]
PACKAGE = PROJECT_ROOT / "mesopacket"


def layer(name: str) -> int:
    """Return the layer of a top-level part of the package (a module or sub-package)."""
    return next(i for i, names in enumerate(LAYERS) if name in names)


def imported_parts(path: Path) -> set[str]:
    """Return the top-level parts of mesopacket that a module imports (at any depth in its code)."""
    module = path.relative_to(PACKAGE).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            package = module[:-1]  # the package a module (or an __init__) is in
            base = package[:len(package) - (node.level - 1)]
            target = [*base, *(node.module.split(".") if node.module else [])]
            found.add(target[0] if target else "__init__")  # `from . import __version__`: the package's own init
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mesopacket."):
            found.add(node.module.split(".")[1])
    return found


def test_imports_point_only_downward() -> None:
    arrows = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for part in imported_parts(path) - {own}:
            if layer(part) >= layer(own):
                arrows.append(f"{path.relative_to(PROJECT_ROOT)} -> {part}")
    assert not arrows, arrows


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    rogue = PACKAGE / "content" / "_rogue_for_test.py"
    rogue.write_text("from ..publish import batch\n")
    try:
        assert imported_parts(rogue) == {"publish"} and layer("publish") > layer("content")
    finally:
        rogue.unlink()
