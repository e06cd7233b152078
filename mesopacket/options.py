"""The one place defaults live: the commands, the web form, batch and the tests all read these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

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
#: `build --format`: what to write, the PDF and/or the web edition (one HTML page).
FORMATS = ("pdf", "html")
FORMAT = "pdf"
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


@dataclass(frozen=True)
class Options:
    """Everything that decides which packet is built and where it goes."""

    project: Path = PROJECT_ROOT
    type: str | None = None  # None: the type marked `default: true` in the content
    lang: str = LANGUAGE
    paper: str = PAPER
    clinic: Path | None = None  # None: DEFAULT_CLINIC inside the project
    output: Path | None = None  # None: default_output_name() in DEFAULT_OUTPUT_DIR
    today: datetime.date | None = None  # the day reviews are judged on; None: the real today
    require_review: bool = False  # refuse example, unreviewed or overdue content
    large_print: bool = False
    duplex: bool = False  # each section starts on a right-hand page
    sections: tuple[str, ...] | None = None  # None: every section of the packet, in packet order
    patient_name: str | None = None  # printed on the cover only; never logged or written elsewhere
    date: datetime.date | None = None  # the date printed on the cover; None: a line to write on

    def stylesheets(self) -> tuple[str, ...]:
        """Return the stylesheets for these options, in cascade order."""
        return STYLESHEETS + (LARGE_PRINT_STYLESHEET,) * self.large_print + (DUPLEX_STYLESHEET,) * self.duplex

    def web_stylesheets(self) -> tuple[str, ...]:
        """Return the web edition's stylesheets, in cascade order (paper and duplex do not apply on a screen)."""
        return WEB_STYLESHEETS + (WEB_LARGE_PRINT_STYLESHEET,) * self.large_print

    def clinic_path(self) -> Path:
        """Return the clinic profile to use."""
        return self.clinic if self.clinic is not None else self.project / DEFAULT_CLINIC


def default_output_name(options: Options, type_id: str) -> Path:
    """Return the default file name of a packet; it never holds anything about the patient."""
    size = "-large" if options.large_print else ""
    duplex = "-duplex" if options.duplex else ""
    return Path(DEFAULT_OUTPUT_DIR) / f"mesothelioma-stage4-{type_id}-{options.lang}-{options.paper}{size}{duplex}.pdf"


def web_edition_name(options: Options, type_id: str) -> Path:
    """Return the default file name of a web edition: one per type, language and print size (any paper)."""
    size = "-large" if options.large_print else ""
    return Path(DEFAULT_OUTPUT_DIR) / f"mesothelioma-stage4-{type_id}-{options.lang}{size}.html"
