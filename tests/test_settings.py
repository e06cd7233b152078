"""Settings declared once (options.py): every declared setting is proved to change the fingerprint and the
document ID exactly when it should, the places made from the declaration agree with it, and a new setting in a
copy of the package is one declaration that shows up in the parser, the preset, the form and the fingerprint."""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mesopacket.commands import COMMANDS
from mesopacket.commands.preset import Preset
from mesopacket.content.load import load_content
from mesopacket.content.model import Content
from mesopacket.options import FORM_SETTINGS, MATRIX, PROJECT_ROOT, SETTINGS, Options, Setting
from mesopacket.pipeline import compose, plan
from mesopacket.publish.versions import Version
from mesopacket.web.app import create_app
from mesopacket.web.routes import ORDER

from conftest import SMALL, run
from test_docs import long_options

TODAY = datetime.date(2026, 11, 24)  # the small project's sign-offs are current on this day and the next
#: The cover's fill-in lines: printed words, yet a personalised copy keeps the document ID of its version (README).
FILLED_IN = {"patient_name", "date"}


def two_values(declared: Setting, content: Content, folder: Path) -> tuple[Any, Any]:
    """Return two different valid values of a setting for the small project (a new kind needs a case here)."""
    if declared.kind == "switch":
        return False, True
    if declared.kind == "list" and isinstance(declared.choices, tuple):
        return declared.default, declared.choices[:1]
    if isinstance(declared.choices, tuple):
        return declared.choices[0], declared.choices[1]
    if declared.kind == "path":
        other = folder / f"other-{declared.name}.yaml"
        other.write_text("name: Other Clinic\nphone: (555) 010-0999\n")
        return None, other
    given: dict[str | None, tuple[Any, Any]] = {
        "types": tuple(content.types)[:2], "langs": ("en", "es"),
        "sections": (None, tuple(content.available(content.default_type())[:1]))}
    if declared.choices in given:
        return given[declared.choices]
    if declared.kind == "date":
        return TODAY, TODAY + datetime.timedelta(days=1)
    if declared.kind == "text":
        return None, "Ada Example"
    raise AssertionError(f"say which two values of {declared.name} to compare")


def observe(project: Path, **chosen: Any) -> tuple[str, str, str, str]:
    """Plan and compose one version: (fingerprint, document ID, what is rendered, the words a reader sees)."""
    planned = plan(Options(project=project, **{"today": TODAY, **chosen}))
    html = compose(planned).html
    body = re.sub(r"<head>.*?</head>|<[^>]+>", " ", html, flags=re.S).replace(planned.document_id, "")
    rendered = f"{planned.options.stylesheets()} {html}"
    return planned.fingerprint, planned.document_id, rendered, " ".join(body.split())


def mismatches(project: Path, folder: Path, names: list[str]) -> list[str]:
    """Return, for each named setting, how its fingerprint and ID differ from what it changes and is declared."""
    content, found = load_content(Options(project=project)), []
    for name in names:
        declared = SETTINGS[name]
        first, second = (observe(project, **{name: value}) for value in two_values(declared, content, folder))
        printed, worded = first[2] != second[2], first[3] != second[3]
        # The fingerprint keys the web cache and batch: it must follow everything rendered (never the personal).
        if (first[0] != second[0], declared.fingerprint) != (printed and not declared.personal,) * 2:
            found.append(f"{name}: fingerprint {first[0] != second[0]}, declared {declared.fingerprint}, "
                         f"rendered output changed {printed}")
        # The document ID: the same words, the same ID; any other words, another (not the fill-in lines).
        if (first[1] != second[1], declared.document_id) != (worded and name not in FILLED_IN,) * 2:
            found.append(f"{name}: document ID {first[1] != second[1]}, declared {declared.document_id}, "
                         f"words changed {worded}")
    return found


@pytest.fixture(scope="module")
def small_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the small project for this module (nothing here changes it)."""
    folder = tmp_path_factory.mktemp("settings")
    shutil.copytree(SMALL / "handouts", folder / "handouts")
    for name in ("templates", "styles"):
        shutil.copytree(PROJECT_ROOT / name, folder / name)
    return folder


def test_each_setting_changes_the_fingerprint_and_document_id_exactly_when_it_should(small_copy: Path,
                                                                                      tmp_path: Path) -> None:
    assert len(SETTINGS) >= 12
    assert mismatches(small_copy, tmp_path, list(SETTINGS)) == []


@pytest.mark.parametrize("name, flag, said", [("date", "fingerprint", "date: fingerprint False"),
                                              ("clinic", "document_id", "clinic: document ID False"),
                                              ("today", "fingerprint", "today: fingerprint True")])
def test_the_field_loop_fails_on_a_wrong_declaration(small_copy: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, name: str, flag: str,
                                                     said: str) -> None:
    wrong = not getattr(SETTINGS[name], flag)
    monkeypatch.setitem(SETTINGS, name, replace(SETTINGS[name], **{flag: wrong}))  # the date out of the key ...
    assert [line for line in mismatches(small_copy, tmp_path, [name]) if line.startswith(said)]


def test_what_is_made_from_the_declaration_agrees_with_it() -> None:
    assert set(Preset.model_fields) == {s.name for s in SETTINGS.values() if s.preset}
    assert not any(s.personal and (s.preset or s.matrix or s.fingerprint or s.document_id)
                   for s in SETTINGS.values())
    assert ORDER == (*(s.key for s in FORM_SETTINGS), "action")
    assert [f.name for f in dataclasses.fields(Version)] == [axis.key for axis in MATRIX]
    assert {f"--{s.key}s" for s in MATRIX} <= set(long_options("batch"))
    assert {s.flag for s in SETTINGS.values()} <= set(long_options("build"))
    assert set(COMMANDS) >= {"build", "batch", "serve", "check"}
    with pytest.raises(ValueError, match="never saved"):
        Setting("a name", kind="text", personal=True, preset=True)


def test_batch_refuses_lang_and_names_langs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("batch", "-o", tmp_path / "out", "--lang", "es")
    assert exit_info.value.code == 2
    assert "--lang is not a batch option: a batch builds every language; choose some with --langs" in \
        capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_serve_lang_is_the_forms_language_and_an_unknown_one_stops_it(small_copy: Path) -> None:
    app = create_app({"PROJECT": small_copy, "LANG": "es", "WORKERS": 1})
    try:
        page = app.test_client().get("/").data.decode()
        assert '<html lang="es">' in page and re.search(r'name="lang" value="es"\s+checked', page)
        assert '<html lang="en">' in app.test_client().get("/?ui=en").data.decode()
    finally:
        app.extensions["mesopacket.renderer"].close()
    result = run("serve", "--project", small_copy, "--lang", "fr")
    assert result.status == 2 and "fr" in result.err and "Serving" not in result.out


NEW_SETTING = '''
    wallet_card: bool = setting(
        False, "add a cut-out wallet card", kind="switch", preset=True, form="wallet_card", fingerprint=True)
'''

PROBE = '''
import sys
from pathlib import Path
from mesopacket.commands import COMMANDS, main
from mesopacket.commands.parser import main_parser
from mesopacket.commands.preset import load_preset, save_preset
from mesopacket.options import Options
from mesopacket.pipeline import plan
from mesopacket.web.app import create_app

project, folder = Path(sys.argv[1]), Path(sys.argv[2])
args = main_parser(COMMANDS).parse_args(["build", "--wallet-card", "--project", str(project)])
print("parser", args.wallet_card)
save_preset(folder / "p.yaml", Options(project=project, wallet_card=True))
print("preset", (folder / "p.yaml").read_text().splitlines()[-1], load_preset(folder / "p.yaml", project))
app = create_app({"PROJECT": project, "WORKERS": 1})
page = app.test_client().get("/").data.decode()
print("form", [line.strip() for line in page.splitlines() if "wallet_card" in line])
app.extensions["mesopacket.renderer"].close()
off, on = (plan(Options(project=project, wallet_card=value)).fingerprint for value in (False, True))
print("fingerprint", off != on)
'''


def test_a_new_setting_is_one_declaration(small_copy: Path, tmp_path: Path) -> None:
    package = tmp_path / "code" / "mesopacket"
    shutil.copytree(PROJECT_ROOT / "mesopacket", package, ignore=shutil.ignore_patterns("__pycache__"))
    options = package / "options.py"
    anchor = "    require_review: bool = setting("
    assert anchor in options.read_text()
    options.write_text(options.read_text().replace(anchor, NEW_SETTING.lstrip("\n") + anchor, 1))  # ONE declaration
    project = tmp_path / "project"
    shutil.copytree(small_copy, project)
    for lang in ("en", "es"):  # its label: words of the content, in each language
        packet = project / "handouts" / lang / "packet.yaml"
        packet.write_text(packet.read_text().replace("\nweb:\n", "\nweb:\n  wallet_card: Wallet card words\n", 1))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(PROBE), str(project), str(tmp_path)],
                          capture_output=True, text=True, cwd=package.parent)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["parser"] == "True"
    assert lines["preset"].startswith("wallet_card: true {") and "'wallet_card': True" in lines["preset"]
    assert 'name="wallet_card" value="on"' in lines["form"] and "Wallet card words" in lines["form"]
    assert lines["fingerprint"] == "True"
