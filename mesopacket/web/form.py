"""The staff form's values, validated with pydantic against what the content offers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from ..content.model import Content
from ..options import PAPER_SIZES, SIZES, Options

MAX_NAME = 120  # characters of a patient's name


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
    patient_name: str = Field("", max_length=MAX_NAME)
    date: datetime.date | None = None
    action: Literal["preview", "download"]

    @field_validator("type", "size", "paper", "clinic", "sections")
    @classmethod
    def _offered(cls, value: Any, info: ValidationInfo) -> Any:
        offered = (info.context or {})[info.field_name]
        if any(item not in offered for item in (value if isinstance(value, list) else [value])):
            raise ValueError("not one of the choices")
        return value

    @field_validator("patient_name")
    @classmethod
    def _printable(cls, value: str) -> str:
        if not value.isprintable():
            raise ValueError("not printable")
        return value.strip()

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
    """Turn form values into build options; raise ValueError naming the first bad field."""
    context = {"type": content.types, "size": SIZES, "paper": PAPER_SIZES, "clinic": clinics,
               "sections": content.spec.sections}
    try:
        form = FormValues.model_validate(values, context=context)
    except ValidationError as err:
        raise ValueError(str(err.errors()[0]["loc"][0])) from None
    applicable = content.available(form.type)
    sections = tuple(s for s in applicable if s in form.sections)
    options = Options(project=content.sources.project, type=form.type, lang=content.lang, paper=form.paper,
                      large_print=form.size == "large", duplex=form.duplex == "on",
                      sections=None if len(sections) == len(applicable) else sections or None,
                      clinic=clinics[form.clinic], patient_name=form.patient_name or None, date=form.date)
    return Choice(options, form.action == "preview")
