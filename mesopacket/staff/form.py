"""The staff form's values, validated with pydantic against what the content offers; problems by field."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from ..content.model import Content
from ..content.names import name_problem
from ..options import PAPER_SIZES, SIZES, Options

#: The words (WebLabels keys) that say what is wrong with a field; any other field: `not_offered`.
FIELD_WORDS = {"sections": "no_sections", "date": "bad_date"}
NAME_WORDS = {"too_long": "name_too_long", "control": "name_unprintable", "font": "name_unprintable"}


class FormErrors(ValueError):
    """Some fields hold values the form cannot use: field -> the WebLabels key of what to say beside it."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.fields = fields


class FormValues(BaseModel):
    """What the form posts; the choices are checked against the context (content, clinics)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: str
    lang: str
    size: str
    paper: str
    duplex: Literal["", "on"] = ""
    clinic: str
    sections: list[str] = Field(min_length=1)
    patient_name: str = ""  # checked by content.names (length, control characters, the font's letters)
    date: datetime.date | None = None
    action: Literal["preview", "download"]

    @field_validator("type", "size", "paper", "clinic", "sections")
    @classmethod
    def _offered(cls, value: Any, info: ValidationInfo) -> Any:
        offered = (info.context or {})[info.field_name]
        if any(item not in offered for item in (value if isinstance(value, list) else [value])):
            raise ValueError("not one of the choices")
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _blank_date(cls, value: Any) -> Any:
        return value or None


@dataclass(frozen=True)
class Choice:
    """What the form asked for, validated."""

    options: Options
    preview: bool

    @property
    def personal(self) -> bool:
        """True when the packet carries a patient's name (never cached)."""
        return bool(self.options.patient_name)


def validate(values: dict[str, Any], content: Content, clinics: dict[str, Path]) -> Choice:
    """Turn form values into build options; raise FormErrors naming every bad field."""
    context = {"type": content.types, "size": SIZES, "paper": PAPER_SIZES, "clinic": clinics,
               "sections": content.spec.sections}
    name = str(values.get("patient_name") or "").strip()
    problem = name_problem(name, content.sources.project) if name else None
    errors = {"patient_name": NAME_WORDS[problem]} if problem else {}
    try:
        form = FormValues.model_validate({**values, "patient_name": name}, context=context)
    except ValidationError as err:
        for error in err.errors():
            field = str(error["loc"][0])
            errors.setdefault(field, FIELD_WORDS.get(field, "not_offered"))
    if errors:
        raise FormErrors(errors)
    applicable = content.available(form.type)
    sections = tuple(s for s in applicable if s in form.sections)
    options = Options(project=content.sources.project, type=form.type, lang=content.lang, paper=form.paper,
                      large_print=form.size == "large", duplex=form.duplex == "on",
                      sections=None if len(sections) == len(applicable) else sections or None,
                      clinic=clinics[form.clinic], patient_name=form.patient_name or None, date=form.date)
    return Choice(options, form.action == "preview")
