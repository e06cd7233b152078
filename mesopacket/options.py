"""The one place defaults live: the commands, the web form, batch and the tests all read these."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

#: The project folder that holds handouts/, templates/ and styles/ by default.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

CONTENT_DIR = "handouts"
TEMPLATES_DIR = "templates"
STYLES_DIR = "styles"
#: Folders of a project that a packet may read files from while rendering.
READABLE_DIRS = (CONTENT_DIR, TEMPLATES_DIR, STYLES_DIR)

TEMPLATE = "packet.html"
STYLESHEETS = ("packet.css",)
LARGE_PRINT_STYLESHEET = "large-print.css"  # a second stylesheet over the same HTML
DUPLEX_STYLESHEET = "duplex.css"
#: The web edition: the same HTML with its own stylesheets (inlined into the page), for screens and phones.
WEB_STYLESHEETS = ("web-edition.css",)
WEB_LARGE_PRINT_STYLESHEET = "web-large-print.css"
#: `build --format`: what to write, the PDF and/or the web edition (one HTML page). Old spellings, accepted for
#: one release with a notice: `--format html` (now `web`) and `--html FILE` (now `--print-html FILE`).
FORMATS = ("pdf", "web")
FORMAT = "pdf"
DEPRECATED_FORMATS = {"html": "web"}
DEFAULT_CLINIC = f"{CONTENT_DIR}/clinics/example.yaml"
DEFAULT_OUTPUT_DIR = "build"

LANGUAGE = "en"
PAPER_SIZES = {"letter": "letter", "a4": "A4"}  # our name -> CSS page size
PAPER = "letter"
SIZES = ("standard", "large")  # print sizes: standard or large print
SIZE = "standard"

#: Limits on content, so that no file can exhaust time or memory (each refused with its file and line).
YAML_ALIAS_BUDGET = 1000  # values a file may reach through aliases (`*name`): a "billion laughs" file stops here
YAML_MAX_DEPTH = 40  # mappings and lists nested inside each other
MAX_FILE_BYTES = 1_000_000  # one content file
MAX_CONTENT_BYTES = 5_000_000  # every content file of one language together, with the references and clinic
MAX_TEXT = 4000  # characters of one paragraph (or any other text value)
MAX_LIST = 200  # items in one list (blocks of a section, bullets, rows, terms ...)
SHORT_TITLE_CHARS = 30  # a section's short_title: the running header fits one line in large print beside the mark
MAX_NAME = 120  # characters of a patient's name
#: The font a patient's name is printed in (in styles/): a name it cannot print is refused, never printed in
#: some other font this machine happens to have (the same input must give the same bytes everywhere).
NAME_FONT = "fonts/NotoSans-Regular.ttf"

#: `batch`: a worker process is replaced after this many packets, so memory stays flat.
TASKS_PER_WORKER = 12
#: `batch`: the lock file in the output folder while a batch runs (a second batch into it is refused).
BATCH_LOCK = "manifest.lock"

#: `serve`: where the web form listens, and where packets without a patient's name are cached.
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8080
SERVE_CACHE = Path(DEFAULT_OUTPUT_DIR) / "web-cache"
SERVE_THREADS = 8
#: `serve`: the largest request body (bytes), refused with 413 by waitress and Flask alike. The form's biggest
#: honest post (every section id, a 120-character name, the CSRF token) is under 2 KB; 16 KB leaves room and keeps
#: what one request may make the server hold small (1 MiB would let 8 threads hold 8 MiB of junk).
SERVE_MAX_BODY = 16 * 1024
#: `review`: when a sign-off falls due again (months `6m`, years `1y`, or a date), and its default kind.
REVIEW_NEXT = "12m"
REVIEW_KINDS = ("major", "minor", "editorial")  # how big the change a sign-off approves was
REVIEW_KIND = "minor"
#: `changes --html` and the download page: how many of a packet's latest sign-offs "Changes to this packet" lists.
CHANGES_LISTED = 5
SERVE_QUEUE = 4  # renders that may wait for a worker; one more is told at once that the server is busy (503)
SERVE_RETRY_AFTER = 5  # seconds a busy answer asks the browser to wait (Retry-After)
SERVE_TASKS_PER_WORKER = 25  # a render worker is replaced after this many packets, so memory stays flat
SERVE_RENDER_TIMEOUT = 120.0  # seconds one render may take before it is given up (a stuck or crashed worker)
SERVE_CACHE_FILES = 64  # packets without a name kept in the cache; the least recently used go first
SERVE_CSRF_SECONDS = 3600  # off loopback: how long a form's anti-forgery token stays valid
#: Tagged, accessible PDF (PDF/UA-1): structure tree, language and title are required.
PDF_VARIANT = "pdf/ua-1"


#: Where a setting's choices (or its default) come from when they are not written here: the content's types,
#: languages and sections, or the clinic profiles a server was started with.
Source = Literal["types", "langs", "sections", "clinics"]
Kind = Literal["choice", "switch", "list", "date", "path", "text"]


@dataclass(frozen=True)
class Setting:
    """One build setting's metadata; declared once, as a field of Options (see `setting()`)."""

    help: str  # what --help says (and the README table)
    kind: Kind = "choice"  # choice: one value; switch: on/off; list: several values; date; path (a file); text
    says: str = ""  # the default as --help says it ("": nothing is said)
    choices: tuple[str, ...] | Source | None = None  # static values, or where they come from
    spelled: tuple[str, str] | None = None  # a switch as the form and batch spell (off, on): ("standard", "large")
    alias: str = ""  # its name on the form, in the batch matrix and in manifest entries, when not its own
    metavar: str = ""
    short: str = ""  # a one-letter flag besides the long one ("-o")
    preset: bool = False  # a preset may record it (defaults < preset < command line)
    form: str = ""  # the WebLabels key of its label on the staff form ("": not on the form); form order = this order
    widget: str = ""  # the form's control when not the usual one for its kind ("select")
    hint: str = ""  # the WebLabels key of a hint under its control on the form
    problem: str = "not_offered"  # the WebLabels key said beside its control when its value is refused
    max_chars: int = 0  # the longest value the form's text box takes (0: no limit shown)
    matrix: bool = False  # an axis of the batch matrix (`batch --types`, `--langs` ...)
    fingerprint: bool = False  # part of the plan's fingerprint (the web cache and batch key on it)
    document_id: bool = False  # counts in the document ID (what the packet shows of it: Packet.<name>)
    personal: bool = False  # about the patient: never in a preset, a log, a cache, a file name or a fingerprint
    name: str = ""  # filled in: the Options field
    default: Any = None  # filled in: the Options field's default

    def __post_init__(self) -> None:
        if self.personal and (self.preset or self.matrix or self.fingerprint or self.document_id):
            raise ValueError("a personal setting is never saved, batched, fingerprinted or counted in the ID")

    @property
    def key(self) -> str:
        """Return its name on the form, in the batch matrix and in the manifest."""
        return self.alias or self.name

    @property
    def flag(self) -> str:
        """Return its command-line flag."""
        return "--" + self.name.replace("_", "-")

    def spell(self, value: Any) -> str:
        """Return a value as the form and batch write it."""
        if self.spelled is not None:
            return self.spelled[bool(value)]
        return "" if value is None else str(value)


def setting(default: Any, help: str, **metadata: Any) -> Any:
    """Declare a build setting: an Options field with its default, its help and where it goes (see Setting)."""
    return field(default=default, metadata={"setting": Setting(help, **metadata)})


@dataclass(frozen=True)
class Options:
    """Everything that decides which packet is built and where it goes.

    Each build setting is declared here ONCE, with `setting()`: its default, its help and flags saying where it
    goes (Setting). From these the `build` parser (and the options batch, serve and check share), the preset
    model, the staff form (fields, labels, order), the batch matrix, the plan's fingerprint and what the document
    ID counts are all made. To add one, say a current treatment:
        treatment: str | None = setting(None, "the treatment the patient gets now", choices=("chemo", "immuno"),
                                        preset=True, form="treatment", fingerprint=True, document_id=True)
    then use it where it changes the packet (a template, the content's tailoring). What else it needs is data or
    its use: `form=` names the key of its label in every language's `web:` words (packet.yaml); static choices
    are shown with the `download:` words of the same name (a choice from the content, like `types`, needs a case
    where choices are listed: web/form.py `offered`, web/routes.py `shown`); `document_id=True` counts what the
    packet shows of it, an attribute of Packet of the same name; a batch axis needs a field of Version.
    tests/test_settings.py then proves it changes the fingerprint and the ID exactly when it should.
    """

    project: Path = PROJECT_ROOT  # not a setting: the folder the content comes from (--project)
    type: str | None = setting(
        None, "mesothelioma type: one that `list` shows", says="the type marked default in the content",
        choices="types", metavar="TYPE", preset=True, form="type", matrix=True, fingerprint=True, document_id=True)
    lang: str = setting(
        LANGUAGE, "content language: a folder of handouts/, such as en or es", says=LANGUAGE, choices="langs",
        metavar="LANG", preset=True, form="language", matrix=True, fingerprint=True, document_id=True)
    large_print: bool = setting(
        False, "large print: body text 18 pt or more, wider line spacing, one column", kind="switch",
        spelled=SIZES, alias="size", preset=True, form="print_size", matrix=True, fingerprint=True)
    paper: str = setting(
        PAPER, "paper size", says=PAPER, choices=tuple(PAPER_SIZES), preset=True, form="paper", matrix=True,
        fingerprint=True)
    duplex: bool = setting(
        False, "for two-sided printing: each section starts on a right-hand page", kind="switch", preset=True,
        form="duplex", fingerprint=True)
    sections: tuple[str, ...] | None = setting(
        None, "only these sections, in this order: ids that `list` shows", says="all, in packet order", kind="list",
        choices="sections", preset=True, form="sections", problem="no_sections",
        fingerprint=True, document_id=True)
    clinic: Path | None = setting(
        None, "clinic profile YAML", says=DEFAULT_CLINIC, kind="path", choices="clinics",
        preset=True, form="clinic", widget="select", fingerprint=True, document_id=True)
    patient_name: str | None = setting(
        None, "printed on the cover's 'Prepared for' line only (never logged or saved)", kind="text",
        metavar="NAME", form="patient_name", hint="patient_hint", max_chars=MAX_NAME, personal=True)
    date: datetime.date | None = setting(
        None, "the date printed on the cover", says="a line to write on", kind="date", preset=True, form="date",
        problem="bad_date", fingerprint=True)
    require_review: bool = setting(
        False, "refuse example content, and content with no review or an overdue one", kind="switch", preset=True)
    today: datetime.date | None = setting(
        None, "the day reviews are judged on", says="today", kind="date")  # counted through the review state
    output: Path | None = setting(
        None, "where to write the PDF, or the web edition with --format web; with both, the web edition goes "
        "beside the PDF", says="build/mesothelioma-stage4-TYPE-LANG-PAPER.pdf", kind="path", short="-o")

    def stylesheets(self) -> tuple[str, ...]:
        """Return the stylesheets for these options, in cascade order."""
        return STYLESHEETS + (LARGE_PRINT_STYLESHEET,) * self.large_print + (DUPLEX_STYLESHEET,) * self.duplex

    def web_stylesheets(self) -> tuple[str, ...]:
        """Return the web edition's stylesheets, in cascade order (paper and duplex do not apply on a screen)."""
        return WEB_STYLESHEETS + (WEB_LARGE_PRINT_STYLESHEET,) * self.large_print

    def clinic_path(self) -> Path:
        """Return the clinic profile to use."""
        return self.clinic if self.clinic is not None else self.project / DEFAULT_CLINIC

    def review_day(self) -> datetime.date:
        """Return the day reviews are judged on: --today, or the real today."""
        return self.today or datetime.date.today()

    def personal(self) -> bool:
        """Tell whether these options carry anything about the patient (never cached, logged or saved)."""
        return any(getattr(self, s.name) for s in SETTINGS.values() if s.personal)


#: Every build setting, by name, in declaration order (the order of the form and of --help).
SETTINGS: dict[str, Setting] = {f.name: replace(f.metadata["setting"], name=f.name, default=f.default)
                                for f in fields(Options) if "setting" in f.metadata}
#: The settings the staff form shows, and the axes of the batch matrix, in declaration order.
FORM_SETTINGS = tuple(s for s in SETTINGS.values() if s.form)
MATRIX = tuple(s for s in SETTINGS.values() if s.matrix)


def worker_count(asked: int | None = None) -> int:
    """Return how many render processes to start: as asked, or one per core."""
    return asked or os.cpu_count() or 1


def default_output_name(options: Options, type_id: str) -> Path:
    """Return the default file name of a packet; it never holds anything about the patient."""
    size = "-large" if options.large_print else ""
    duplex = "-duplex" if options.duplex else ""
    return Path(DEFAULT_OUTPUT_DIR) / f"mesothelioma-stage4-{type_id}-{options.lang}-{options.paper}{size}{duplex}.pdf"


def web_edition_name(options: Options, type_id: str) -> Path:
    """Return the default file name of a web edition: one per type, language and print size (any paper)."""
    size = "-large" if options.large_print else ""
    return Path(DEFAULT_OUTPUT_DIR) / f"mesothelioma-stage4-{type_id}-{options.lang}{size}.html"
