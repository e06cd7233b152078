"""The matrix of versions: type x language x print size x paper, each with its options and file name."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from ..options import SIZES, Options, default_output_name


@dataclass(frozen=True)
class Version:
    """One packet of the matrix."""

    type: str
    lang: str
    size: str
    paper: str

    def options(self, base: Options) -> Options:
        """Return the build options of this version."""
        return replace(base, type=self.type, lang=self.lang, paper=self.paper, large_print=self.size == "large",
                       output=None, sections=None, patient_name=None, date=None)

    def file_name(self, base: Options) -> str:
        """Return the version's stable, readable file name."""
        return default_output_name(self.options(base), self.type).name

    def __str__(self) -> str:
        return f"type={self.type} lang={self.lang} size={self.size} paper={self.paper}"


def matrix(types: list[str], langs: list[str], sizes: list[str], papers: list[str]) -> list[Version]:
    """Return every combination, in a stable order."""
    return [Version(*combo) for combo in itertools.product(types, langs, sizes, papers)]


__all__ = ["SIZES", "Version", "matrix"]
