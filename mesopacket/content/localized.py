"""Text in several languages inside one file (a clinic profile): `role: {en: Social worker, es: Trabajador social}`.

A mapping whose keys are all languages of the project is one text; a packet takes the value of its own
language. A plain text is the same in every language (a name, a phone number, an address).
"""

from __future__ import annotations

from typing import Any

from .loader import Loader
from .yamlsource import LocatedDict, LocatedList


def localize(loader: Loader, data: Any, shown: str, lang: str, langs: list[str]) -> Any:
    """Return the data with every language mapping replaced by its `lang` text; a missing one is a problem."""
    if isinstance(data, LocatedDict) and data and all(key in langs for key in data):
        if lang not in data:
            loader.problem(f"no '{lang}' text here; give one (for example `{lang}: ...`) beside "
                           f"{', '.join(f'`{key}:`' for key in data)}", shown, data)
            return next(iter(data.values()))
        return data[lang]
    if isinstance(data, LocatedDict):
        result = LocatedDict((key, localize(loader, value, shown, lang, langs)) for key, value in data.items())
        result.line, result.lines = data.line, data.lines
        return result
    if isinstance(data, LocatedList):
        items = LocatedList(localize(loader, value, shown, lang, langs) for value in data)
        items.line, items.lines = data.line, data.lines
        return items
    return data
