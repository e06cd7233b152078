"""Recording a sign-off: a sign-off of a section's current text, and the sign-off file written again with every
other entry kept (when the next review falls due: schedule.py)."""

from __future__ import annotations

import datetime

from pydantic import ValidationError

from ..content.language import languages
from ..content.loader import Loader
from ..content.model import Content
from ..errors import ContentError, raise_all
from ..output import write_atomic
from .fingerprint import approved_text
from .signoffs import SignOff, dump_signoffs, load_signoffs


def sign(content: Content, section_id: str, reviewer: str, reviewed_on: datetime.date, next_review: datetime.date,
         kind: str, summary: str | None = None) -> SignOff:
    """Return a sign-off of a section's current patient-visible text (a bad date or kind raises ContentError)."""
    text = approved_text(content, section_id)
    try:
        return SignOff(reviewer=reviewer, reviewed_on=reviewed_on, next_review=next_review, kind=kind,
                       summary=summary or None, fingerprint=text.fingerprint(), text=text)
    except ValidationError as err:
        raise ContentError(f"cannot sign '{section_id}': " + "; ".join(
            e["msg"].removeprefix("Value error, ") for e in err.errors())) from None


def record(content: Content, new: dict[str, SignOff]) -> None:
    """Add sign-offs of one language to the sign-off file, keeping every other entry; written atomically."""
    path = content.sources.signoffs
    langs = languages(content.sources.project)
    loader = Loader(content.sources.project)
    signed: dict[str, dict[str, SignOff]] = {lang: {} for lang in langs} | load_signoffs(loader, path, langs)
    raise_all(loader.problems)
    signed[content.lang] = {**signed[content.lang], **new}
    write_atomic(path, dump_signoffs({k: v for k, v in signed.items() if v}, langs,
                                     {content.lang: list(content.spec.sections)}))
