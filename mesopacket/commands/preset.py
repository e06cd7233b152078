"""Presets: a small YAML file that records a packet's options, so staff can rebuild "our clinic's packet".

Precedence: defaults < preset < command line. A preset never holds a patient's name.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import StrictBool

from ..content.loader import Loader
from ..content.schema import Strict, Text
from ..options import PAPER_SIZES, Options
from ..output import write_atomic

FIELDS = ("type", "lang", "paper", "large_print", "duplex", "sections", "clinic", "date", "require_review")


class Preset(Strict):
    """The options a preset may record (all optional)."""

    type: Text | None = None
    lang: Text | None = None
    paper: Literal[tuple(PAPER_SIZES)] | None = None  # type: ignore[valid-type]
    large_print: StrictBool | None = None  # true or false, as strict as the command line ('yes' is refused)
    duplex: StrictBool | None = None
    sections: list[Text] | None = None
    clinic: Text | None = None  # relative to the preset's folder
    date: datetime.date | None = None
    require_review: StrictBool | None = None


def load_preset(path: Path, project: Path) -> dict[str, Any]:
    """Read a preset; return the options it sets, with paths made absolute."""
    preset = Loader(project).require(path, Preset)
    values = preset.model_dump(exclude_none=True)
    if "clinic" in values:
        values["clinic"] = path.parent / values["clinic"]
    if "sections" in values:
        values["sections"] = tuple(values["sections"])
    return values


def merge(preset: dict[str, Any], given: dict[str, Any], base: Options) -> Options:
    """Return options from the preset, overridden by what the command line gave (None means not given)."""
    chosen = {**preset, **{key: value for key, value in given.items() if value is not None}}
    return Options(**{**base.__dict__, **chosen})


def save_preset(path: Path, options: Options) -> None:
    """Write the options of a build as a preset (never the patient's name)."""
    values: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(options, name)
        if value is None or value is False:
            continue
        if name == "clinic":
            value = str(Path(value).resolve())
        values[name] = list(value) if name == "sections" else value
    header = "# A packet preset: python make_handout.py build --preset THIS_FILE\n"
    write_atomic(path, (header + yaml.safe_dump(values, sort_keys=False, allow_unicode=True)).encode("utf-8"))

