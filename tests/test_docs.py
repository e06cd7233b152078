"""The docs stay in step with the command line: every option of every command is documented, and every
command line shown in the READMEs is one the parser accepts."""

from __future__ import annotations

import re
import shlex

import pytest

from mesopacket.commands import COMMANDS
from mesopacket.commands.parser import main_parser
from mesopacket.options import PROJECT_ROOT

READMES = [PROJECT_ROOT / "README.md", PROJECT_ROOT / "handouts" / "README.md"]


def long_options(command: str) -> list[str]:
    """Return the long options of one command (the `--no-` forms folded into their option)."""
    subparsers = next(a for a in main_parser(COMMANDS)._actions if a.dest == "command")
    flags = [f for a in subparsers.choices[command]._actions for f in a.option_strings if f.startswith("--")]
    return sorted({f for f in flags if f != "--help" and not f.startswith("--no-")})


def shown_command_lines() -> list[tuple[str, list[str]]]:
    """Return every `make_handout.py ...` command line in the READMEs' code blocks, as arguments."""
    found = []
    for readme in READMES:
        blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme.read_text(), re.S)
        for block in blocks:
            for line in block.replace("\\\n", " ").splitlines():
                if "make_handout.py " in line and not line.lstrip().startswith(("error:", "#")):
                    command = line.split("make_handout.py ", 1)[1].split("  #")[0].split(" #")[0]
                    found.append((readme.name, shlex.split(command.split("&&")[0])))
    return found


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_documents_every_option_of_every_command(command: str) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    missing = [opt for opt in long_options(command) if f"`{opt}" not in readme]
    assert not missing, f"{command}: {missing}"


def test_every_command_line_in_the_readmes_parses() -> None:
    lines = shown_command_lines()
    assert len(lines) > 10
    parser = main_parser(COMMANDS)
    for readme, args in lines:
        try:
            parser.parse_args(args)
        except SystemExit as err:
            if err.code != 0 or args[-1] not in ("--help", "-h"):
                pytest.fail(f"{readme}: `make_handout.py {' '.join(args)}` does not parse")


def test_a_bad_command_line_is_caught() -> None:
    with pytest.raises(SystemExit):
        main_parser(COMMANDS).parse_args(["list", "--paper", "a4"])
