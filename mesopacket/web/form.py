"""The staff form's values, validated with pydantic against what the content offers; problems by field.

The form's fields are the settings declared with `form=` in options.py (FORM_SETTINGS), in declaration order;
each is posted under its key (`size` for large print), its control made from its kind and choices (`fields()`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, create_model, field_validator

from ..content.load import languages
from ..content.model import Content
from ..content.schema import DownloadLabels, FormWords
from ..options import FORM_SETTINGS, Options, Setting
from ..render.names import name_problem

NAME_WORDS = {"too_long": "name_too_long", "control": "name_unprintable", "font": "name_unprintable"}
#: The form's last field: what to do with the packet (not a setting).
ACTION = "action"


class FormErrors(ValueError):
    """Some fields hold values the form cannot use: field -> the WebLabels key of what to say beside it."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.fields = fields


def posted_type(declared: Setting) -> tuple[Any, Any]:
    """Return the type and default of a setting's posted value (a tick box posts "on" or nothing)."""
    if declared.kind == "switch" and declared.spelled is None:
        return Literal["", "on"], ""
    if declared.kind == "list":
        return (list[str], Field(min_length=1)) if declared.default is None else (list[str], [])
    if declared.kind == "date":
        return datetime.date | None, None
    return (str, "") if declared.kind == "text" else (str, ...)


def offered_only(cls: type[BaseModel], value: Any, info: ValidationInfo) -> Any:
    """Refuse a value (or any item of a list) that is not one of the choices the context offers."""
    offered = (info.context or {})[info.field_name]
    if any(item not in offered for item in (value if isinstance(value, list) else [value])):
        raise ValueError("not one of the choices")
    return value


def blank_is_none(cls: type[BaseModel], value: Any) -> Any:
    """Read a blank date as no date."""
    return value or None


CHOSEN = [s.key for s in FORM_SETTINGS if s.choices is not None or s.spelled is not None]
FormValues = create_model(  # type: ignore[call-overload]
    "FormValues", __config__=ConfigDict(extra="ignore", frozen=True), __doc__="What the form posts.",
    __validators__={"offered": field_validator(*CHOSEN)(offered_only),
                    "blank": field_validator(*[s.key for s in FORM_SETTINGS if s.kind == "date"],
                                             mode="before")(blank_is_none)},
    **{s.key: posted_type(s) for s in FORM_SETTINGS}, **{ACTION: (Literal["preview", "download"], ...)})


@dataclass(frozen=True)
class Choice:
    """What the form asked for, validated."""

    options: Options
    preview: bool

    @property
    def personal(self) -> bool:
        """True when the packet carries something about the patient, such as a name (never cached)."""
        return self.options.personal()


def offered(declared: Setting, content: Content, clinics: dict[str, Path]) -> dict[str, Any]:
    """Return the values a setting may take on the form, each with what it stands for."""
    if declared.spelled is not None:
        return {spelling: spelling == declared.spelled[1] for spelling in declared.spelled}
    if declared.choices is None or isinstance(declared.choices, tuple):
        return {value: value for value in declared.choices or ()}
    sources: dict[str, Any] = {"types": content.types, "sections": content.spec.sections, "clinics": clinics,
                               "langs": languages(content.sources.project)}
    return {value: (clinics[value] if declared.kind == "path" else value) for value in sources[str(declared.choices)]}


def option_value(declared: Setting, value: Any, choices: dict[str, Any]) -> Any:
    """Return a posted value as the option it sets."""
    if declared.kind == "switch":
        return choices[value] if declared.spelled else value == "on"
    if declared.kind == "list":
        return tuple(value)
    if declared.kind == "text":
        return value or None
    return choices[value] if declared.choices is not None else value


def validate(values: dict[str, Any], content: Content, clinics: dict[str, Path]) -> Choice:
    """Turn form values into build options; raise FormErrors naming every bad field."""
    choices = {s.key: offered(s, content, clinics) for s in FORM_SETTINGS}
    name = str(values.get("patient_name") or "").strip()
    problem = name_problem(name, content.sources.project) if name else None
    errors = {"patient_name": NAME_WORDS[problem]} if problem else {}
    try:
        form = FormValues.model_validate({**values, "patient_name": name}, context=choices)
    except ValidationError as err:
        problems = {s.key: s.problem for s in FORM_SETTINGS}
        for error in err.errors():
            errors.setdefault(str(error["loc"][0]), problems.get(str(error["loc"][0]), "not_offered"))
    if errors:
        raise FormErrors(errors)
    chosen = {s.name: option_value(s, getattr(form, s.key), choices[s.key]) for s in FORM_SETTINGS}
    applicable = content.available(chosen["type"])  # the sections in packet order; all of them is the default
    sections = tuple(s for s in applicable if s in chosen["sections"])
    chosen["sections"] = None if len(sections) == len(applicable) else sections or None
    return Choice(Options(**{**chosen, "project": content.sources.project}), getattr(form, ACTION) == "preview")


@dataclass(frozen=True)
class Control:
    """One field as the form page shows it: its control, label, choices (value, words) and what is chosen."""

    name: str
    label: str
    widget: str  # radio, checkboxes, checkbox, select, text or date
    choices: tuple[tuple[str, str], ...] = ()
    chosen: tuple[str, ...] = ()
    hint: str = ""
    hint_id: str = ""
    max_chars: int = 0
    personal: bool = False


def widget(declared: Setting) -> str:
    """Return the control a setting gets on the form, from its kind (unless it names one)."""
    kinds = {"switch": "radio" if declared.spelled else "checkbox", "list": "checkboxes", "date": "date",
             "text": "text"}
    return declared.widget or kinds.get(declared.kind, "radio")


def fields(values: dict[str, Any], words: FormWords, shown: dict[str, dict[str, str]],
           defaults: dict[str, Any]) -> list[Control]:
    """Return the form's controls in order: each declared form setting with its choices' words (`shown`, by
    key) and the values given (or its default when none was)."""
    controls = []
    for declared in FORM_SETTINGS:
        value = values.get(declared.key) or defaults[declared.key]
        controls.append(Control(
            declared.key, label(words, declared.key), widget(declared), tuple(shown.get(declared.key, {}).items()),
            tuple(value) if isinstance(value, list) else (str(value),),
            getattr(words, declared.hint) if declared.hint else "", declared.hint, declared.max_chars,
            declared.personal))
    return controls


def label(words: FormWords, field: str) -> str:
    """Return a field's label as the form shows it (never its internal name)."""
    labels = {s.key: getattr(words, s.form) for s in FORM_SETTINGS}
    return {**labels, ACTION: words.download}.get(field, words.title)


def spelled_words(declared: Setting, download: DownloadLabels) -> dict[str, str]:
    """Return the words for a setting's static choices: the download page's words of the same name."""
    values = declared.spelled or (declared.choices if isinstance(declared.choices, tuple) else ())
    return {value: str(getattr(download, value)) for value in values}
