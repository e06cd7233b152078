"""Where the project bends the libraries it uses: each change named with its upstream issue, applied only around
the project's own calls, and undone after. Importing this module (or any other of the package) changes nothing.

  library_lookup()   while WeasyPrint is imported: its libraries are found by soname, without spawning ldconfig,
                     gcc and ld once per name it tries (ctypes.util.find_library; Kozea/WeasyPrint#1125)
  font_time()        while rendering: SOURCE_DATE_EPOCH=0, so fontTools stamps subset fonts with a fixed time and
                     the same input gives the same bytes (Kozea/WeasyPrint#1553)
  logger_to(handler) while rendering: WeasyPrint's one process-wide logger goes to our handler only (warnings fail
                     the build; they are not printed). Not a bug upstream: its logger is simply global.
  tag_builder(...)   while rendering: WeasyPrint 70's tag builder wrapped by `wrap` (render/artifacts.py: /Lang from
                     lang= below <html>, MCIDs noted on text boxes; see Kozea/WeasyPrint#2482, PDF/UA support)
  cmudict(...)       while grading: textstat reads the CMU dictionary from `provider` instead of downloading NLTK's
                     copy on first use (textstat/textstat#201 made it an NLTK download; no network here)

Renders may overlap in threads of one process (the tests, the staff form in place): a change is applied when the
first caller enters and undone when the last one leaves. tests/test_workarounds.py fails loudly when the upstream
code a change relies on is no longer what it expects.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import logging
import os
import threading
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

Change = Callable[..., Iterator[None]]


def shared(change: Change) -> Callable[..., contextlib.AbstractContextManager[None]]:
    """Turn a change (a generator: apply, yield, undo) into a context manager shared by every caller inside it at
    once: applied when the first enters, undone when the last leaves (per set of arguments)."""
    users: dict[tuple[Any, ...], tuple[int, contextlib.AbstractContextManager[None]]] = {}
    lock = threading.Lock()

    @contextlib.contextmanager
    @functools.wraps(change)
    def around(*args: Any) -> Iterator[None]:
        with lock:
            if args not in users:
                users[args] = (0, contextlib.contextmanager(change)(*args))
            count, active = users[args]
            if count == 0:
                active.__enter__()
            users[args] = (count + 1, active)
        try:
            yield
        finally:
            with lock:
                count, active = users.pop(args)
                if count > 1:
                    users[args] = (count - 1, active)
                else:
                    active.__exit__(None, None, None)

    return around


#: The libraries WeasyPrint 70 opens (weasyprint/text/ffi.py, `_dlopen`), by the stem all the names it tries for
#: one library share, with their sonames on Linux.
SONAMES = {"gobject-2.0": "libgobject-2.0.so.0", "pango-1.0": "libpango-1.0.so.0", "harfbuzz": "libharfbuzz.so.0",
           "harfbuzz-subset": "libharfbuzz-subset.so.0", "harfbuzz-vector": "libharfbuzz-vector.so.0",
           "fontconfig": "libfontconfig.so.1", "pangoft2-1.0": "libpangoft2-1.0.so.0"}
#: How the names WeasyPrint tries end ('libpango-1.0-0', 'libpango-1.0.so.0', 'libpango-1.0-0.dll' ...).
ENDINGS = (".so.0", ".so.1", ".0.dylib", ".1.dylib", ".dylib", "-0.dll", "-1.dll", "-0.0", "-0", "-1")


def library_stem(name: str) -> str:
    """Return the stem a library name shares with the other names tried for it ('libpango-1.0-0' -> 'pango-1.0')."""
    name = name.removeprefix("lib")
    stems = [name[:-len(end)] for end in ENDINGS if name.endswith(end)] + [name]
    return next((stem for stem in stems if stem in SONAMES), stems[0])  # 'pango-1.0.dylib': not 'pango-1'


@contextlib.contextmanager
def library_lookup() -> Iterator[None]:
    """While the block runs (our import of WeasyPrint), answer ctypes.util.find_library from the sonames, and look
    a library up the slow way (ldconfig, gcc, ld) at most once per stem, for one whose soname does not load."""
    original, found = ctypes.util.find_library, dict[str, str | None]()

    def find(name: str) -> str | None:
        stem = library_stem(name)
        if stem not in found:
            found[stem] = _loadable(SONAMES.get(stem)) or original(stem if stem in SONAMES else name)
        return found[stem]

    ctypes.util.find_library = find
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _loadable(soname: str | None) -> str | None:
    """Return the soname when the dynamic loader can open it."""
    if soname is None:
        return None
    try:
        ctypes.CDLL(soname)
    except OSError:
        return None
    return soname


@shared
def font_time() -> Iterator[None]:
    """Let fontTools stamp subset fonts with time 0 (seconds since 1970) unless SOURCE_DATE_EPOCH is set already."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = given if given is not None else "0"
    try:
        yield
    finally:
        if given is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


@shared
def logger_to(handler: logging.Handler) -> Iterator[None]:
    """Send WeasyPrint's log records to `handler` only (not up to the root logger, which would print them)."""
    logger = logging.getLogger("weasyprint")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


@shared
def tag_builder(tags: ModuleType, wrap: Callable[[Callable[..., Iterator[Any]]], Callable[..., Iterator[Any]]],
                ) -> Iterator[None]:
    """Replace WeasyPrint's tag builder (`_build_box_tree` of weasyprint.pdf.tags, which calls itself through its
    module for each child box) with `wrap(original)`."""
    original = tags._build_box_tree  # type: ignore[attr-defined]
    tags._build_box_tree = wrap(original)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        tags._build_box_tree = original  # type: ignore[attr-defined]


@shared
def cmudict(counter: ModuleType, provider: Callable[[str], Any]) -> Iterator[None]:
    """Make textstat's syllable counter (textstat.backend.counts._count_syllables, which looks `get_cmudict` up in
    its module at call time) take its CMU dictionary from `provider(lang)`."""
    original = counter.get_cmudict  # type: ignore[attr-defined]
    counter.get_cmudict = provider  # type: ignore[attr-defined]
    try:
        yield
    finally:
        counter.get_cmudict = original  # type: ignore[attr-defined]
