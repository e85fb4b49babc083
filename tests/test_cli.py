"""The ``porekb`` command's registry dispatch: ``--help`` lists every command without importing one, a command
imports its own module only, and every registered module builds the parser its registry entry names."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest

from kb.cli import parse_args
from kb.commands import COMMANDS, load_command

_PROBE = """
import contextlib, io, json, sys
from kb.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(),
                  "loaded": sorted(m for m in sys.modules if m.startswith("kb.commands."))}))
"""


def _probe(*argv: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "COLUMNS": "300"},  # argparse wraps help lines at the terminal's width
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_help_lists_every_command_and_imports_none() -> None:
    found = _probe("--help")
    assert found["code"] == 0 and found["loaded"] == []
    text = " ".join(found["out"].split())
    for name, info in COMMANDS.items():
        assert name in text and " ".join(info.summary.split()) in text


def test_a_command_imports_only_its_own_module() -> None:
    found = _probe("recommend", "--help")
    assert found["code"] == 0 and found["loaded"] == ["kb.commands.recommend"]
    assert "--realiser" in found["out"]


def test_version_is_read_when_asked() -> None:
    found = _probe("--version")
    assert found["code"] == 0 and found["out"].startswith("porekb ") and found["loaded"] == []


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_registered_module_builds_its_command(name: str) -> None:
    parser = argparse.ArgumentParser(prog="porekb")
    sub = parser.add_subparsers(dest="command")
    load_command(name).add_parser(sub)
    assert list(sub.choices) == [name]
    assert [a.help for a in sub._choices_actions] == [COMMANDS[name].summary]
    assert callable(sub.choices[name].get_default("func"))


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse_args(["recomend", "p.json"])
    assert exit_.value.code == 2
    assert "invalid choice: 'recomend'" in capsys.readouterr().err
