"""The content schema: what every YAML file may and must hold (pydantic models)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, create_model, model_validator

from ..options import FORM_SETTINGS, MATRIX, MAX_LIST, MAX_TEXT, SHORT_TITLE_CHARS

Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
TextList = Annotated[list[Text], Field(min_length=1, max_length=MAX_LIST)]
Cell = Annotated[str, Field(max_length=MAX_TEXT)]


class Strict(BaseModel):
    """A model that refuses unknown keys and cannot be changed after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Block(Strict):
    """A part of a section; `types` tailors it to some mesothelioma types."""

    kind: ClassVar[str]
    types: tuple[str, ...] | None = None


class Paragraph(Block):
    kind = "paragraph"
    paragraph: Text


class Heading(Block):
    kind = "heading"
    heading: Text


class KeyPoints(Block):
    kind = "key_points"
    key_points: TextList


class Bullets(Block):
    kind = "bullets"
    bullets: TextList


class Urgent(Block):
    kind = "urgent"
    urgent: TextList


class ActionBox(Strict):
    title: Text
    items: TextList


class Action(Block):
    kind = "action"
    action: ActionBox


class Term(Strict):
    term: Text
    means: Text


class Terms(Block):
    kind = "terms"
    terms: Annotated[list[Term], Field(min_length=1, max_length=MAX_LIST)]


class TableBody(Strict):
    caption: Text | None = None
    columns: TextList
    rows: Annotated[list[Annotated[list[Cell], Field(max_length=MAX_LIST)]], Field(min_length=1, max_length=MAX_LIST)]

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> TableBody:
        for number, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(f"row {number} has {len(row)} cells; the table has {len(self.columns)} columns")
        return self


class Table(Block):
    kind = "table"
    table: TableBody


class ImageBody(Strict):
    src: Text
    alt: Text
    caption: Text | None = None


class Image(Block):
    kind = "image"
    image: ImageBody


class DiaryBody(Strict):
    days: Annotated[int, Field(ge=1, le=14)] = 7
    symptoms: TextList
    scale: Text


class Diary(Block):
    kind = "diary"
    diary: DiaryBody


class Questions(Block):
    kind = "questions"
    questions: TextList


class Lines(Block):
    kind = "lines"
    lines: Annotated[int, Field(ge=1, le=40)]


class CareTeam(Block):
    kind = "care_team"
    care_team: Text


class Resource(Strict):
    """A place to get help: printed with its phone, and its web address with a QR code."""

    name: Text
    url: Annotated[str, Field(pattern=r"^https?://[^\s]+$")] | None = None
    phone: Text | None = None
    about: Text | None = None


class Resources(Block):
    kind = "resources"
    resources: Annotated[list[Resource], Field(min_length=1, max_length=MAX_LIST)]


BLOCK_MODELS: tuple[type[Block], ...] = (
    Paragraph, Heading, KeyPoints, Bullets, Urgent, Action, Terms, Table, Image, Diary, Questions, Lines,
    CareTeam, Resources,
)
BLOCK_KINDS = tuple(model.kind for model in BLOCK_MODELS)


def block_kind(value: Any) -> str | None:
    """Return the one block word a block mapping holds, or None when it is not exactly one."""
    if isinstance(value, Block):
        return value.kind
    if not isinstance(value, dict):
        return None
    kinds = [key for key in value if key in BLOCK_KINDS]
    return kinds[0] if len(kinds) == 1 else None


#: Any block, told apart by its block word (mypy sees the union; pydantic picks the member by its tag).
AnyBlock = Annotated[
    Union[  # noqa: UP007 (a type alias pydantic reads at run time)
        Annotated[Paragraph, Tag("paragraph")], Annotated[Heading, Tag("heading")],
        Annotated[KeyPoints, Tag("key_points")], Annotated[Bullets, Tag("bullets")], Annotated[Urgent, Tag("urgent")],
        Annotated[Action, Tag("action")], Annotated[Terms, Tag("terms")], Annotated[Table, Tag("table")],
        Annotated[Image, Tag("image")], Annotated[Diary, Tag("diary")], Annotated[Questions, Tag("questions")],
        Annotated[Lines, Tag("lines")], Annotated[CareTeam, Tag("care_team")], Annotated[Resources, Tag("resources")],
    ],
    Discriminator(
        block_kind,
        custom_error_type="block_kind",
        custom_error_message="a block needs exactly one of: " + ", ".join(BLOCK_KINDS),
    ),
]


class Section(Strict):
    title: Text
    short_title: Annotated[Text, Field(max_length=SHORT_TITLE_CHARS)] | None = None  # the running header
    translated_from: Text | None = None  # a translation: text_hash() of the English section it was made from
    types: tuple[str, ...] | None = None
    review: Any = None  # no longer read (sign-offs live in handouts/signoffs.yaml): language.py says so, at its line
    blocks: Annotated[list[AnyBlock], Field(min_length=1, max_length=MAX_LIST)]


class MesoType(Strict):
    translated_from: Text | None = None
    name: Text
    where: Text
    order: int
    default: bool = False


class Labels(Strict):
    """The fixed words the templates print, so a language is data, not code."""

    contents: Text
    references: Text
    page: Text
    of: Text
    prepared_for: Text
    date: Text
    clinic_phone: Text
    key_points: Text
    urgent: Text
    example_content: Text
    reviewed: Text
    next_review: Text
    document_id: Text  # "Document ID", before the ID on the cover and the last page
    day: Text
    answer: Text
    role: Text
    name: Text
    main_phone: Text
    after_hours: Text
    address: Text
    website: Text
    talk_to_team: Text
    glossary: Text
    draft: Text
    example_mark: Text
    questions_call: Text  # the footer; {clinic} and {phone} are filled in
    day_or_night: Text  # the footer's 24-hour line; {phone} is filled in
    own_questions: Text  # the questions page: the heading over the blank numbered slots
    blank_page: Text
    qr_alt: Text  # alt text of a QR code; {url} is filled in
    published: Text
    months: Annotated[list[Text], Field(min_length=12, max_length=12)]
    date_format: Text  # {day}, {month} and {year} are filled in
    near_you: Text
    web: Text
    back_to_text: Text  # the web edition: a reference's links back to where it is cited
    updated: Text  # a web reference's "Updated" date
    accessed: Text  # a web reference's "Accessed" date
    cite_name: Text  # the web edition: a citation link's name; {number} is filled in ("reference 7")
    in_english: Text | None = None  # after a source in English in another language's packet ("(en inglés)")


class DownloadLabels(Strict):
    """The words of the download page that `batch` writes."""

    title: Text
    intro: Text
    language_name: Text  # this language, in itself ("Español")
    choose_type: Text
    standard: Text
    large: Text
    pages: Text
    download: Text
    letter: Text
    a4: Text
    changes: Text  # "Changes to this packet": the latest sign-offs of a version
    document_id: Text
    read_online: Text  # the link to a version's web edition, beside its PDF
    web_page: Text


class FormWords(Strict):
    """The words of the staff form that `serve` shows to clinic staff (WebLabels adds each setting's label)."""

    title: Text
    intro: Text
    preview: Text
    download: Text
    pages: Text
    preview_title: Text
    bad_value: Text  # {field} is filled in (with the field's label)
    busy: Text
    failed: Text
    not_offered: Text  # beside a choice that is not one of those offered
    no_sections: Text
    bad_date: Text
    name_too_long: Text  # {limit} is filled in
    name_unprintable: Text  # control characters, or letters the packet's font cannot print
    error: Text  # the word before each message beside a field ("Error:")
    cross_site: Text  # a post from another site, or to another host name


#: The form's words: the fixed ones, and the label (and hint) each setting on the form names (options.py `form=`,
#: `hint=`), so a new setting's label is a key every language's packet.yaml must give under `web:`. The labels
#: come after the title and intro, in form order (the order a translation's hash reads them in).
SETTING_WORDS: dict[str, Any] = {key: (Text, ...) for s in FORM_SETTINGS for key in (s.form, s.hint) if key}
if TYPE_CHECKING:
    WebLabels = FormWords  # the type checker knows the fixed words; the settings' labels are read by their key
else:
    _FIXED = {name: (field.annotation, field) for name, field in FormWords.model_fields.items()}
    WebLabels = create_model("WebLabels", __base__=Strict, __doc__="The web form's words.",
                             **dict(list(_FIXED.items())[:2]), **SETTING_WORDS, **dict(list(_FIXED.items())[2:]))


class PacketSpec(Strict):
    translated_from: Text | None = None
    title: Text
    subtitle: Text
    sections: TextList
    keywords: Annotated[list[Text], Field(max_length=MAX_LIST)] = []
    example: bool = False  # example content: marked on every page until a clinic reviews it
    labels: Labels
    download: DownloadLabels
    web: WebLabels


class GlossaryEntry(Strict):
    """A medical word, what it means in plain words, and other forms of it found in the text."""

    term: Text
    means: Text
    forms: list[Text] = []

    def words(self) -> list[str]:
        """Return every form of the term that counts as a use of it."""
        return [self.term, *self.forms]


class Glossary(Strict):
    translated_from: Text | None = None
    terms: Annotated[list[GlossaryEntry], Field(max_length=MAX_LIST)] = []
    #: medical words that must be in the glossary when a packet uses them
    watch: Annotated[list[Text], Field(max_length=MAX_LIST)] = []


class Reference(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    kind: Literal["journal", "book", "web"]
    authors: Annotated[list[Text], Field(max_length=MAX_LIST)] = []
    organization: Text | None = None
    editors: bool = False
    et_al: bool = False
    title: Text
    journal: Text | None = None
    year: int | None = None
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    publisher: Text | None = None
    published: datetime.date | None = None
    updated: datetime.date | None = None  # a web page's own "updated" date
    accessed: datetime.date | None = None  # the day a web page was read (AMA: "Accessed")
    doi: Text | None = None
    pmid: Text | None = None
    url: Text | None = None
    lang: Literal["en", "es"] = "en"  # the language the source is written in
    # Why a field AMA asks for is left out (`issue: the journal has no issue numbers`): `check` requires a
    # reason for each missing field instead of a guess.
    unavailable: Annotated[dict[str, Text], Field(max_length=MAX_LIST)] = {}

    @model_validator(mode="after")
    def _has_author(self) -> Reference:
        if not self.authors and not self.organization:
            raise ValueError("a reference needs `authors` or `organization`")
        if self.kind == "journal" and not self.journal:
            raise ValueError("a journal article needs `journal`")
        return self


class Contact(Strict):
    role: Text
    name: Text | None = None
    phone: Text | None = None


class Clinic(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    name: Text
    phone: Text
    after_hours_phone: Text | None = None
    address: Text | None = None
    website: Annotated[str, Field(pattern=r"^https?://[^\s]+$")] | None = None
    logo: Text | None = None  # an SVG or PNG file, relative to the profile's folder
    contacts: Annotated[list[Contact], Field(max_length=MAX_LIST)] = []
    resources: Annotated[list[Resource], Field(max_length=MAX_LIST)] = []  # local support: printed on the support page


#: A batch file: which part of the matrix to build, one optional list per axis (options.MATRIX: `types` ...).
BatchFile = create_model("BatchFile", __base__=Strict, __doc__="A batch file: which part of the matrix to build.",
                         **{f"{axis.key}s": (list[Text] | None, None) for axis in MATRIX})  # type: ignore[call-overload]
