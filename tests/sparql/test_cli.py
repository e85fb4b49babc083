"""``porekb query`` and ``porekb serve`` as a user runs them (real processes, real server)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from kb.sparql.server import OxigraphServer, free_port, port_in_use
from tests import processes

PORECLI = Path(sys.executable).with_name("porekb")


def porekb(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PORECLI), *args], input=stdin, capture_output=True, text=True, timeout=300)


def test_list_names_every_question() -> None:
    done = porekb("query", "--list")
    assert done.returncode == 0
    assert "treatments-by-mechanism: Treatments that act through a mechanism" in done.stdout
    assert "--param mechanism=" in done.stdout


def test_param_is_bound_not_pasted() -> None:
    done = porekb("query", "treatments-by-feature", "--param", "feature=pkb:feature-needles", "-f", "csv")
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert table and {r["feature"] for r in table} == {"https://w3id.org/porekb/feature-needles"}
    # a value that would break out of the query if it were spliced in stays one literal: no rows, no error
    hostile = porekb("query", "profile-codes", "--param", 'field=avoid" } } DROP ALL #', "-f", "json")
    assert hostile.returncode == 0, hostile.stderr
    assert json.loads(hostile.stdout)["results"]["bindings"] == []


def test_formats() -> None:
    as_json = json.loads(porekb("query", "claims-per-source", "-f", "json").stdout)
    assert "claims" in as_json["head"]["vars"] and as_json["results"]["bindings"]
    tsv = porekb("query", "cross-references", "-p", "term=pkb:HairFollicle", "-f", "tsv").stdout
    assert "<http://purl.obolibrary.org/obo/UBERON_0002073>" in tsv
    ttl = porekb("query", "treatment-map", "-p", "treatment=pkb:treatment-microneedling").stdout
    graph = Graph().parse(data=ttl, format="turtle")
    assert len(graph) > 0
    wrong = porekb("query", "claims-per-source", "-f", "ttl")
    assert wrong.returncode == 2 and "no Turtle form" in wrong.stderr


def test_graph_choice_changes_the_answer() -> None:
    asserted = porekb("query", "causes-modifiability", "--graphs", "asserted", "-f", "csv").stdout
    inferred = porekb("query", "causes-modifiability", "--graphs", "all", "-f", "csv").stdout
    assert "NonModifiableCause" not in asserted and "NonModifiableCause" in inferred


def test_unknown_question_and_bad_param_are_usage_errors() -> None:
    assert porekb("query", "no-such-question").returncode == 2
    bad = porekb("query", "treatments-by-feature", "--param", "colour=red")
    assert bad.returncode == 2 and "no parameter 'colour'" in bad.stderr
    assert porekb("query", "causes-modifiability", "-p", "modifiable=maybe").returncode == 2


def test_update_refused_by_cli() -> None:
    done = porekb("query", "-", stdin="INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert done.returncode == 1 and "updates are refused" in done.stderr


@pytest.mark.slow
def test_cli_timeout_and_row_cap() -> None:
    done = porekb(
        "query", "-", "--timeout-s", "1", stdin="SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    )
    assert done.returncode == 1 and "time limit" in done.stderr
    capped = porekb("query", "-", "--max-rows", "3", stdin="SELECT * { ?s ?p ?o }")
    assert capped.returncode == 1 and "more than 3 rows" in capped.stderr


@pytest.mark.server
def test_query_against_endpoint(oxigraph_server: OxigraphServer) -> None:
    local = porekb("query", "treatments-for-cause", "-p", "cause=pkb:cause-excess-sebum", "-f", "csv")
    remote = porekb(
        "query",
        "treatments-for-cause",
        "-p",
        "cause=pkb:cause-excess-sebum",
        "-f",
        "csv",
        "--endpoint",
        oxigraph_server.query_url,
    )
    assert remote.returncode == 0, remote.stderr
    assert sorted(local.stdout.splitlines()) == sorted(remote.stdout.splitlines())


def test_serve_port_in_use() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        done = porekb("serve", "--port", str(sock.getsockname()[1]))
    assert done.returncode == 2 and "already in use" in done.stderr


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under nohup or `&` in a script


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_answers_and_stops_cleanly(signum: int, tmp_path: Path) -> None:
    """Started with SIGINT ignored (as a background job would be): Ctrl-C and SIGTERM still stop it, its
    worker processes are gone, nothing is left in TMPDIR, and the port is free again at once."""
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen(
        [str(PORECLI), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_ignore_sigint,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        assert lines[0].strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query"
        assert lines[1].strip() == f"Query page:      http://127.0.0.1:{port}/"
        workers = processes.children(process.pid)
        assert len(workers) >= 2
        query = urllib.parse.urlencode({"query": "ASK { ?t a <https://w3id.org/porekb/NeedleTreatment> }"})
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/query?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["boolean"] is True  # inferred types are served
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
        process.send_signal(signum)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not any(processes.running(pid) for pid in workers)
    assert not list(tmp_path.iterdir())  # no temporary files left
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0  # nothing listens any more
    assert not port_in_use(port)  # a restart on the same port is not refused (SO_REUSEADDR)
