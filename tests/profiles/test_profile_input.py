"""Issue 12, items 6, 7 and 11: bad profile input gets one clear line and the documented exit code (1 refused
profile, 2 unreadable input) through the CLI's own ``main``; never a traceback, never a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb import cli
from kb.profile import MAX_PROFILE_BYTES

CASES = sorted(p for p in (Path(__file__).parent / "bad_input").iterdir() if p.is_dir())
PORECLI = Path(sys.executable).with_name("porekb")
VALID = {"age": 34, "sex": "female", "skin_type": "oily", "findings": ["enlarged-pores", "oily-skin"]}


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["recommend", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_profile_file(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expect = json.loads((case / "expect.json").read_text())
    profile = next(p for p in case.iterdir() if p.name.startswith("profile"))
    code, err = run_main(capsys, str(profile))
    assert code == expect["exit"], err
    assert expect["stderr_contains"] in err
    assert "Traceback" not in err and len(err.splitlines()) <= 3


def test_unreadable_inputs_are_io_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # nobody writes to it: reading it must not block
    big = tmp_path / "big.json"
    big.write_text(json.dumps({**VALID, "history": ["x" * 100] * (MAX_PROFILE_BYTES // 100)}))
    for path, words in [
        ("/dev/zero", "not a regular file"),
        (str(fifo), "not a regular file"),
        (str(tmp_path), "Is a directory"),
        (str(tmp_path / "missing.json"), "No such file"),
        (str(big), "larger than"),
    ]:
        code, err = run_main(capsys, path)
        assert code == 2 and words in err and "Traceback" not in err, (path, err)


def test_deep_json_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, err = run_main(capsys, str(deep))
    assert code == 1 and "nested too deeply" in err


def test_allowed_values_are_listed_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    many = tmp_path / "many.json"
    many.write_text(json.dumps({**VALID, "findings": [f"no-such-{i}" for i in range(5000)]}))
    code, err = run_main(capsys, str(many))
    assert code == 1
    assert err.count("allowed:") == 1 and "and 4950 more" in err
    assert len(err) < 20_000


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX pkb: <https://w3id.org/porekb/>\n[] a pkb:PatientProfile ; pkb:age 40 ; pkb:sex pkb:sex-male ;"
        " pkb:skinType pkb:skin-oily ; pkb:hasFinding pkb:finding-enlarged-pores .\n",
        "# a Turtle profile on stdin\n@prefix pkb: <https://w3id.org/porekb/> .\n[] a pkb:PatientProfile ;"
        " pkb:age 40 ; pkb:sex pkb:sex-male ; pkb:skinType pkb:skin-oily ;"
        " pkb:hasFinding pkb:finding-enlarged-pores .\n",
    ],
    ids=["PREFIX", "comment"],
)
def test_turtle_on_stdin_is_read_as_turtle(text: str) -> None:
    done = subprocess.run(
        [str(PORECLI), "recommend", "-", "--format", "json"],
        input=text,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["profile"]["age"] == 40


def test_nan_from_python_is_refused(capsys: pytest.CaptureFixture[str], real_kb) -> None:
    from kb.errors import ProfileError
    from kb.profile import parse_profile

    for field in ("age", "max_downtime_days"):
        with pytest.raises(ProfileError, match="not a finite number"):
            parse_profile(real_kb, {**VALID, field: float("nan")})
