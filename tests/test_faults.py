"""Issue 12, items 9, 10 and 11: signals and faults. Real processes throughout: a `java` that hangs or fails,
SIGTERM to a running query, `dev.py app` exec'ing, a planted cache file."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb import cache
from kb.rules.parse import _rule_from_data, _rule_to_data, load_rules
from tests import processes

ROOT = Path(__file__).resolve().parents[1]
PORECLI = Path(sys.executable).with_name("porekb")
PROFILE = ROOT / "tests" / "scenarios" / "issue-example" / "profile.json"
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def fake_java(folder: Path, script: str) -> Path:
    folder.mkdir()
    java = folder / "java"
    java.write_text("#!/bin/sh\n" + script + "\n")
    java.chmod(0o755)
    return folder


def run(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PORECLI), *args], input=stdin, capture_output=True, text=True, timeout=120, env=env
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("sleep 600", "did not finish within 2 s"),
        ('echo "Error: could not create the Java Virtual Machine." >&2; exit 1', "Java) failed"),
    ],
    ids=["java-hangs", "java-exits-1"],
)
def test_reasoner_faults_are_one_line_and_leave_no_temp_files(
    script: str, message: str, tmp_path: Path
) -> None:
    bin_dir = fake_java(tmp_path / "bin", script)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "POREKB_CACHE": str(tmp_path / "cache"),  # empty: HermiT must run
        "POREKB_REASONER_TIMEOUT_S": "2",
        "TMPDIR": str(temp),
    }
    started = time.monotonic()
    done = run("recommend", str(PROFILE), env=env)
    assert time.monotonic() - started < 60
    assert done.returncode == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not list(temp.iterdir())  # no copy of the KB left behind


@pytest.mark.slow
def test_sigterm_to_query_stops_its_child(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [str(PORECLI), "query", "-", "--timeout-s", "60"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(CROSS_COUNT)
    process.stdin.close()
    children: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not children:  # wait until the query child runs
        time.sleep(0.2)
        children = processes.children(process.pid)
    assert children, "the query child did not start"
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 128 + signal.SIGTERM
    time.sleep(0.5)
    assert not any(processes.running(pid) for pid in children)


def test_dev_app_execs_porekb_app() -> None:
    """`python3 dev.py app` replaces itself by the server (os.execv): a signal to its pid reaches the server."""
    text = (ROOT / "dev.py").read_text()
    assert 'os.execv(BIN / "porekb"' in text
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "dev.py"), "app", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, err = process.communicate(timeout=120)
    # the usage error comes from `porekb app` itself, running in the process dev.py started as
    assert process.returncode == 2 and "porekb app: error: --port must be between" in err


def test_cache_is_json_and_untrusted_files_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POREKB_CACHE", str(tmp_path))
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {marker}",))

    for name in ("classification-x.pickle", "rules-x.pickle"):
        (tmp_path / name).write_bytes(pickle.dumps(Evil()))
    rules = load_rules(ROOT / "ontology" / "rules")
    assert not marker.exists()
    written = sorted(p.name for p in tmp_path.iterdir())
    assert any(n.startswith("rules-") and n.endswith(".json") for n in written)
    assert [_rule_from_data(json.loads(json.dumps(_rule_to_data(r)))) for r in rules] == rules
    cache.write("probe.json", {"a": 1})
    assert cache.read("probe.json") == {"a": 1}
    (tmp_path / "probe.json").chmod(0o666)  # writable by others: not trusted
    assert cache.read("probe.json") is None
    (tmp_path / "bad.json").write_text("{not json")
    assert cache.read("bad.json") is None


def test_docs_refuses_an_empty_outdir_and_leaves_nothing_on_failure(tmp_path: Path) -> None:
    env = {**os.environ}
    done = subprocess.run(
        [str(PORECLI), "docs", ""], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env
    )
    assert done.returncode == 2 and "OUTDIR is empty" in done.stderr
    assert not list(tmp_path.iterdir())
    failed = subprocess.run(
        [str(PORECLI), "docs", str(tmp_path / "out"), "--ontology", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert not (tmp_path / "out").exists()


def test_query_limits_are_usage_errors() -> None:
    for args in (["--timeout-s", "nan"], ["--timeout-s", "inf"], ["--timeout-s", "-1"], ["--max-rows", "0"]):
        done = run("query", "-", *args, env=dict(os.environ), stdin="ASK {}")
        assert done.returncode == 2 and "Traceback" not in done.stderr, (args, done.stderr)
