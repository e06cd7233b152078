"""Presets: a small YAML file that records a packet's options, so staff can rebuild "our clinic's packet".

Precedence: defaults < preset < command line. The keys are the settings declared with `preset=True` in
options.py; a preset never holds a patient's name (a personal setting is never a preset's).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import StrictBool, create_model

from ..content.loader import Loader
from ..content.schema import Strict, Text
from ..options import SETTINGS, Options, Setting
from ..output import write_atomic

#: The settings a preset may record, in declaration order.
PRESET = tuple(s for s in SETTINGS.values() if s.preset)
#: How a preset writes each kind of setting, as strictly as the command line reads it ('yes' is no switch).
PRESET_TYPES: dict[str, Any] = {"choice": Text, "text": Text, "switch": StrictBool, "list": list[Text],
                                "date": datetime.date, "path": Text}  # a path: relative to the preset's folder


def preset_type(declared: Setting) -> Any:
    """Return the type a preset's value of a setting must have (its static choices, when it has them)."""
    if isinstance(declared.choices, tuple):
        return Literal[declared.choices]  # type: ignore[valid-type]
    return PRESET_TYPES[declared.kind]


PRESET_FIELDS: dict[str, Any] = {s.name: (preset_type(s) | None, None) for s in PRESET}
Preset = create_model("Preset", __base__=Strict, __doc__="The options a preset may record (all optional).",
                      **PRESET_FIELDS)


def load_preset(path: Path, project: Path) -> dict[str, Any]:
    """Read a preset; return the options it sets, with paths made absolute."""
    values = Loader(project).require(path, Preset).model_dump(exclude_none=True)
    for declared in PRESET:
        if declared.name in values and declared.kind == "path":
            values[declared.name] = path.parent / values[declared.name]
        elif declared.name in values and declared.kind == "list":
            values[declared.name] = tuple(values[declared.name])
    return values


def save_preset(path: Path, options: Options) -> None:
    """Write the options of a build as a preset (never the patient's name)."""
    values: dict[str, Any] = {}
    for declared in PRESET:
        value = getattr(options, declared.name)
        if value is None or value is False:
            continue
        if declared.kind == "path":
            value = str(Path(value).resolve())
        values[declared.name] = list(value) if declared.kind == "list" else value
    header = "# A packet preset: python make_handout.py build --preset THIS_FILE\n"
    write_atomic(path, (header + yaml.safe_dump(values, sort_keys=False, allow_unicode=True)).encode("utf-8"))
