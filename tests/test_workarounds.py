"""Importing changes nothing, and each workaround (mesopacket/workarounds.py) still fits the upstream code it bends:
these tests fail loudly when WeasyPrint, fontTools or textstat change what a workaround relies on."""

from __future__ import annotations

import ctypes.util
import functools
import inspect
import json
import logging
import os
import pkgutil
import subprocess
import sys
import textwrap
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from fontTools.misc import timeTools
from textstat.backend.counts import _count_syllables
from weasyprint.pdf import tags
from weasyprint.text import ffi

import mesopacket
from mesopacket import workarounds
from mesopacket.options import PROJECT_ROOT
from mesopacket.render.artifacts import wrap_box_tree
from mesopacket.render.finish import Finisher
from mesopacket.render.worker import load_pdf

#: Run in a fresh interpreter: import every other module it is given first (the libraries, so that their own
#: import-time set-up is done), then each module to check, and print what each import changed in the process.
PROBE = textwrap.dedent('''
    import ctypes.util, importlib, json, logging, os, sys, warnings
    first, checked = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    sys.path[:0] = json.loads(sys.argv[3])
    for name in first:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    from weasyprint.pdf import tags
    from textstat.backend.counts import _count_syllables

    def state():
        loggers = {name: logger for name, logger in logging.root.manager.loggerDict.items()
                   if isinstance(logger, logging.Logger)}
        loggers["(root)"] = logging.getLogger()
        return {
            "environ": dict(os.environ),
            "loggers": {name: [logger.level, [id(h) for h in logger.handlers], logger.propagate, logger.disabled]
                        for name, logger in loggers.items()},
            "functions": {"weasyprint tags._build_box_tree": id(tags._build_box_tree),
                          "textstat _count_syllables.get_cmudict": id(_count_syllables.get_cmudict),
                          "ctypes.util.find_library": id(ctypes.util.find_library)},
            "warnings": [repr(f) for f in warnings.filters],
        }

    DEFAULT = [logging.NOTSET, [], True, False]  # a logger a library merely created
    changed = {}
    for name in checked:
        before = state()
        importlib.import_module(name)
        after = state()
        found = []
        for key in ("environ", "functions"):
            found += [f"{key}: {k}" for k in set(before[key]) | set(after[key])
                      if before[key].get(k) != after[key].get(k)]
        found += [f"logger {k}: {before['loggers'].get(k, DEFAULT)} -> {v}" for k, v in after["loggers"].items()
                  if before["loggers"].get(k, DEFAULT) != v]
        found += ["warnings filters"] if before["warnings"] != after["warnings"] else []
        if found:
            changed[name] = sorted(found)
    print(json.dumps(changed))
''')


def package_modules() -> list[str]:
    """Return every module of the package, by name."""
    return ["mesopacket", *sorted(info.name for info in pkgutil.walk_packages(mesopacket.__path__, "mesopacket."))]


@functools.cache
def libraries_of(modules: tuple[str, ...]) -> list[str]:
    """Return every module, other than the package's and the standard library's, that importing these loads."""
    code = ("import importlib, json, sys\nfor name in json.loads(sys.argv[1]): importlib.import_module(name)\n"
            "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] not in sys.stdlib_module_names "
            "and not n.startswith('mesopacket'))))")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(modules)], capture_output=True, text=True,
                          check=True, cwd=PROJECT_ROOT)
    return json.loads(done.stdout)


def import_changes(modules: list[str], path: list[str] | None = None) -> dict[str, list[str]]:
    """Import the modules one by one in a fresh interpreter; return what each import changed in the process."""
    first = libraries_of(tuple(package_modules()))
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(first), json.dumps(modules),
                           json.dumps(path or [])], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_importing_any_module_changes_nothing_in_the_process() -> None:
    modules = package_modules()
    assert {"mesopacket.render.pdf", "mesopacket.render.artifacts", "mesopacket.check.readability",
            "mesopacket.workarounds"} <= set(modules)
    assert import_changes(modules) == {}


def test_the_import_check_catches_a_module_that_changes_the_process(tmp_path: Path) -> None:
    (tmp_path / "rogue_env.py").write_text("import os\nos.environ.setdefault('SOURCE_DATE_EPOCH', '0')\n")
    (tmp_path / "rogue_logger.py").write_text("import weasyprint\nweasyprint.LOGGER.propagate = False\n")
    (tmp_path / "rogue_patch.py").write_text("from weasyprint.pdf import tags\n"
                                             "tags._build_box_tree = lambda *args: iter(())\n")
    (tmp_path / "rogue_textstat.py").write_text("from textstat.backend.counts import _count_syllables as c\n"
                                                "c.get_cmudict = lambda lang: {}\n")
    changed = import_changes(["rogue_env", "rogue_logger", "rogue_patch", "rogue_textstat"], [str(tmp_path)])
    logger = changed.pop("rogue_logger")
    assert changed == {"rogue_env": ["environ: SOURCE_DATE_EPOCH"],
                       "rogue_patch": ["functions: weasyprint tags._build_box_tree"],
                       "rogue_textstat": ["functions: textstat _count_syllables.get_cmudict"]}
    assert len(logger) == 1 and logger[0].startswith("logger weasyprint: ") and logger[0].endswith(", False, False]")


SPAWNS = textwrap.dedent('''
    import json, subprocess, sys
    sys.path.insert(0, sys.argv[1])
    spawned = []
    start = subprocess.Popen.__init__
    def record(self, args, *rest, **kwargs):
        spawned.append(str(args[0] if isinstance(args, (list, tuple)) else args))
        start(self, args, *rest, **kwargs)
    subprocess.Popen.__init__ = record
    if sys.argv[2] == "ours":
        from mesopacket import workarounds
        with workarounds.library_lookup():
            import weasyprint
    else:
        import weasyprint
    from weasyprint.text import ffi
    print(json.dumps(spawned))
''')


def spawned_by_import(way: str) -> list[str]:
    """Import WeasyPrint in a fresh interpreter (our way or its own); return the programs the import started."""
    done = subprocess.run([sys.executable, "-c", SPAWNS, str(PROJECT_ROOT), way], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_weasyprint_finds_its_libraries_by_soname_without_spawning_a_lookup() -> None:
    missing = [stem for stem, soname in workarounds.SONAMES.items() if workarounds._loadable(soname) is None]
    own, ours = spawned_by_import("own"), spawned_by_import("ours")
    assert len(own) > len(ours), (own, ours)  # the check can tell: WeasyPrint's own way spawns ldconfig and gcc
    assert len(ours) <= 3 * len(missing), ours  # at most one lookup (ldconfig, gcc, ld) per library not here
    for name in ("gobject", "pango", "harfbuzz", "fontconfig", "pangoft2"):
        assert getattr(ffi, name) is not None


def test_the_names_weasyprint_tries_share_the_stems_we_know() -> None:
    source = inspect.getsource(ffi)
    for stem, soname in workarounds.SONAMES.items():
        assert f"'lib{stem}" in source or f"'{stem}" in source, f"WeasyPrint no longer opens {stem}"
        assert workarounds.library_stem(soname) == stem
    for name in ("libgobject-2.0-0", "gobject-2.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll",
                 "libharfbuzz-0", "harfbuzz-0.0", "libfontconfig-1", "libfontconfig.1.dylib", "libpango-1.0.dylib"):
        assert workarounds.library_stem(name) in workarounds.SONAMES, name
    with workarounds.library_lookup():
        assert ctypes.util.find_library("libpango-1.0-0") == "libpango-1.0.so.0"
    assert ctypes.util.find_library.__module__ == "ctypes.util"  # put back


def test_font_time_fixes_fonttools_timestamps_and_is_undone() -> None:
    given = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        with workarounds.font_time():
            assert timeTools.timestampNow() == timeTools.timestampSinceEpoch(0)
        assert "SOURCE_DATE_EPOCH" not in os.environ
        os.environ["SOURCE_DATE_EPOCH"] = "86400"
        with workarounds.font_time():  # a time set by the caller is kept
            assert timeTools.timestampNow() == timeTools.timestampSinceEpoch(86400)
        assert os.environ["SOURCE_DATE_EPOCH"] == "86400"
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        if given is not None:
            os.environ["SOURCE_DATE_EPOCH"] = given


def test_weasyprints_logger_goes_to_our_handler_only_while_rendering(capsys: pytest.CaptureFixture[str]) -> None:
    logger, seen = logging.getLogger("weasyprint"), []
    assert logger is load_pdf().weasyprint.LOGGER

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler, before = Keep(), (list(logger.handlers), logger.propagate)
    with workarounds.logger_to(handler):
        logger.warning("a warning while rendering")
    assert seen == ["a warning while rendering"] and "a warning" not in capsys.readouterr().err
    assert (list(logger.handlers), logger.propagate) == before


def test_the_tag_builder_is_still_the_recursive_generator_we_wrap() -> None:
    original = tags._build_box_tree
    assert inspect.isgeneratorfunction(original)
    assert list(inspect.signature(original).parameters) == ["box", "parent", "pdf", "page_number", "nums",
                                                            "annotations", "tags"]
    assert inspect.getsource(original).count("_build_box_tree(") >= 3  # it calls itself for the children
    with workarounds.tag_builder(tags, wrap_box_tree):
        assert tags._build_box_tree is not original
    assert tags._build_box_tree is original


def test_a_render_tags_lang_and_keeps_line_end_spaces(tmp_path: Path) -> None:
    words = " ".join(["palabra"] * 60)
    html = (f'<html lang="en"><head><title>T</title><style>@page {{ size: 9cm 12cm }}</style></head>'
            f'<body><h1>Title</h1><p lang="es">{words}</p></body></html>')
    pdf = load_pdf().render_pdf(html, PROJECT_ROOT, [], Finisher())
    (tmp_path / "t.pdf").write_bytes(pdf)
    with pikepdf.open(tmp_path / "t.pdf") as opened:
        langs = {str(e.Lang) for e in _elements(opened.Root.StructTreeRoot) if "/Lang" in e}
        spaced = [str(ops[1].ActualText) for page in opened.pages for ops, op in pikepdf.parse_content_stream(page)
                  if str(op) == "BDC" and len(ops) > 1 and isinstance(ops[1], pikepdf.Dictionary)
                  and "/ActualText" in ops[1]]
    assert langs == {"es"}
    assert spaced and all(text.endswith("a ") and set(text.split()) == {"palabra"} for text in spaced)
    assert tags._build_box_tree.__module__ == "weasyprint.pdf.tags"  # undone after the render


def _elements(root: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Yield every structure element below a structure tree root."""
    kids = root.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def test_textstat_counts_syllables_with_the_dictionary_we_give() -> None:
    assert callable(_count_syllables.get_cmudict)
    assert "get_cmudict(lang)" in inspect.getsource(_count_syllables.count_syllables)
    word = "zq" + uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "bcdfghjklm"))  # never counted before
    asked = []

    def provider(lang: str) -> dict[str, list[list[str]]]:
        asked.append(lang)
        return {word: [["Z", "AH1", "K", "AH0", "L", "AH0", "T", "AH0", "V", "AH0", "S", "IY0"]]}

    with workarounds.cmudict(_count_syllables, provider):
        assert _count_syllables.count_syllables(word, "en_US") == 6
    assert asked == ["en_US"] and _count_syllables.get_cmudict is not provider


def test_a_change_is_applied_once_for_overlapping_users_and_undone_by_the_last() -> None:
    events: list[str] = []

    @workarounds.shared
    def change() -> Iterator[None]:
        events.append("apply")
        yield
        events.append("undo")

    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with change():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with change():
        assert events == ["apply"]
        leave.set()
        thread.join(5)
        assert events == ["apply"]  # the other user left; this one is still inside
    assert events == ["apply", "undo"]
