"""The matrix of versions: one value of each axis (options.MATRIX: type x language x print size x paper), each
with its options and file name."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

from ..options import MATRIX, SETTINGS, SIZES, Options, default_output_name


@dataclass(frozen=True)
class Version:
    """One packet of the matrix: one value (as batch spells it) of each axis, in the matrix's order (a new axis
    needs a field here too: tests/test_settings.py checks)."""

    type: str
    lang: str
    size: str
    paper: str

    def options(self, base: Options) -> Options:
        """Return the build options of this version: its axes, and every setting not chosen by `batch` unset."""
        chosen: dict[str, Any] = {axis.name: self.value(axis.key, axis.spelled) for axis in MATRIX}
        unset: dict[str, Any] = {n: s.default for n, s in SETTINGS.items() if n not in BATCH_SHARED and not s.matrix}
        return replace(base, **unset, **chosen)

    def value(self, key: str, spelled: tuple[str, str] | None) -> Any:
        """Return one axis's option value (a spelled switch as True or False)."""
        value = getattr(self, key)
        return value == spelled[1] if spelled else value

    def file_name(self, base: Options) -> str:
        """Return the version's stable, readable file name."""
        return default_output_name(self.options(base), self.type).name

    def __str__(self) -> str:
        return " ".join(f"{axis.key}={getattr(self, axis.key)}" for axis in MATRIX)


#: The settings every version of a batch shares, as `batch` was given them (the others take their defaults).
BATCH_SHARED = ("clinic", "today", "require_review")


def matrix(*axes: list[str]) -> list[Version]:
    """Return every combination of the axes' values (in the order of options.MATRIX), in a stable order."""
    return [Version(*combo) for combo in itertools.product(*axes)]


__all__ = ["SIZES", "Version", "matrix"]
