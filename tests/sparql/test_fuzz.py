"""Issue 12, item 7 (fuzzing): generated user queries, built from SPARQL tokens that matter to the guard
(SERVICE, FROM, LOAD, comments, strings, \\u and \\U escapes, nesting), through the real entry points.

- The guard answers with a checked query or a QueryError, nothing else.
- No query the guard accepts makes Oxigraph open a connection, even run in this process without the
  sandbox: the guard alone holds (the sandbox is a second wall, tested in test_guard.py).
- Through the sandbox and the CLI: only documented outcomes. ``pytest -m nightly`` runs 10x.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.errors import QueryError
from kb.knowledge_base import KnowledgeBase
from kb.sparql.safety import prepare_query
from kb.sparql.sandbox import QuerySandbox, run_user_query
from tests.fuzzing import SCALES, assert_reached, fuzz_settings

from .test_safety import Listener

PORECLI = Path(sys.executable).with_name("porekb")


def tokens(url: str) -> st.SearchStrategy[str]:
    hexes = st.text(alphabet="0123456789abcdefABCDEFxyz ", min_size=0, max_size=9)
    return st.one_of(
        st.sampled_from(
            [
                "SELECT",
                "*",
                "WHERE",
                "{",
                "}",
                "(",
                ")",
                "[",
                "]",
                ".",
                ";",
                ",",
                "?s",
                "?p",
                "?o",
                "?a",
                "SERVICE",
                "SERVICE SILENT",
                "FROM",
                "FROM NAMED",
                "LOAD",
                "INSERT DATA",
                "DELETE WHERE",
                "UNION",
                "OPTIONAL",
                "GRAPH",
                "FILTER",
                "BIND",
                "AS",
                "VALUES",
                "ASK",
                "CONSTRUCT",
                "1",
                '"',
                '"""',
                "'",
                "'''",
                "#",
                "\n",
                " ",
                "\\",
                f"<{url}>",
                "<urn:x>",
                "a",
                "PREFIX p: <urn:p#>",
                "p:x",
                "ser\\u0076ice",
                "\\u0053ERVICE",
                "\\U00000053ERVICE",
            ]
        ),
        hexes.map(lambda h: "\\u" + h),
        hexes.map(lambda h: "\\U" + h),
        st.text(max_size=4),
    )


def junk(url: str) -> st.SearchStrategy[str]:
    """Comments and strings holding guard-relevant text: quotes, escapes, SERVICE, newlines."""
    inner = st.lists(tokens(url), max_size=6).map(" ".join)
    return st.one_of(
        inner.map(lambda t: "# " + t.replace("\n", " ") + "\n"),
        inner.map(lambda t: '"' + t.replace('"', "").replace("\\", "").replace("\n", " ") + '"'),
        inner.map(lambda t: '"""' + t.replace('"', "") + '"""'),
        st.sampled_from([" ", "\n", "\t", '# \\U000A """\n', "\\u0020"]),
    )


def pattern(url: str) -> st.SearchStrategy[str]:
    leaf = st.one_of(
        st.just("?s ?p ?o ."),
        st.just("?s a <urn:x> ."),
        junk(url).map(lambda j: f"BIND({j if j.startswith(chr(34)) else '1'} AS ?b)"),
        st.just("FILTER(?o != 1)"),
        st.just(f"SERVICE <{url}> {{ ?s ?p ?o }}"),
        st.just(f"SERVICE SILENT <{url}> {{ ?x ?y ?z }}"),
        junk(url),
    )
    # hiding: text that one parser may read as a comment and another as a string (the bypass shape)
    escape = st.sampled_from(["\\U000A", "\\u000A", "\\U0000000A", "\\u000D", "\\U000D", "", "\\n"])
    quote = st.sampled_from(['"""', "'''", '"'])
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(escape, quote, inner).map(
                lambda t: f"BIND( # {t[0]} {t[1]}\n 1 AS ?h) {t[2]}\n # {t[1]} AS ?h)\n"
            ),
            st.lists(inner, min_size=1, max_size=4).map(" ".join),
            inner.map(lambda p: f"OPTIONAL {{ {p} }}"),
            st.tuples(inner, inner).map(lambda t: f"{{ {t[0]} }} UNION {{ {t[1]} }}"),
            inner.map(lambda p: f"GRAPH ?g {{ {p} }}"),
            st.tuples(junk(url), inner).map(lambda t: f"{t[0]} {t[1]}"),
        ),
        max_leaves=8,
    )


def structured(url: str) -> st.SearchStrategy[str]:
    heads = st.sampled_from(
        [
            "SELECT * WHERE",
            "SELECT ?s WHERE",
            "ASK",
            "CONSTRUCT WHERE",
            f"SELECT * FROM <{url}> WHERE",
            "SELECT *",
        ]
    )
    return st.tuples(junk(url), heads, junk(url), pattern(url)).map(
        lambda t: f"{t[0]}{t[1]} {t[2]}{{ {t[3]} }}"
    )


def hidden(url: str) -> st.SearchStrategy[str]:
    """The issue's shape and its kin: a SERVICE between two comments that one parser may read as a string."""
    escape = st.sampled_from(["\\U000A", "\\u000A", "\\U0000000A", "\\u000D", "\\U000D", "\\U000a", ""])
    quote = st.sampled_from(['"""', "'''"])
    service = st.sampled_from(
        [
            f"SERVICE <{url}> {{ ?s ?p ?o }}",
            f"SERVICE SILENT <{url}> {{ ?s ?p ?o }}",
            f"SERVICE <{url}> {{ }}",
        ]
    )
    return st.tuples(escape, quote, service, st.sampled_from(["\n", "\r\n", "\r"])).map(
        lambda t: (
            f"SELECT * WHERE {{ BIND( # {t[0]} {t[1]}{t[3]} 1 AS ?h) {t[2]}{t[3]} # {t[1]} AS ?h){t[3]}}}"
        )
    )


def query_text(url: str) -> st.SearchStrategy[str]:
    return st.one_of(
        structured(url), hidden(url), structured(url), st.lists(tokens(url), max_size=40).map(" ".join)
    )


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_accepted_queries_never_reach_the_network(scale: int) -> None:
    listener = Listener()
    seen: Counter[str] = Counter()
    empty = ox.Store()
    try:

        @fuzz_settings(scale, 3000)
        @given(text=st.one_of(query_text(listener.url), st.text(max_size=200)))
        def check(text: str) -> None:
            try:
                safe = prepare_query(text)
            except QueryError:
                seen["refused"] += 1
                return
            seen["accepted"] += 1
            try:
                result = empty.query(safe.text, use_default_graph_as_union=True)
                if not isinstance(result, ox.QueryBoolean):
                    list(result)
            except (SyntaxError, OSError, ValueError):
                seen["engine error"] += 1
            if listener.url in safe.text:  # the listener counts in its own thread: give it a moment
                time.sleep(0.05)
            assert listener.connections == 0, safe.text

        check()
        time.sleep(0.2)
        assert listener.connections == 0
    finally:
        listener.close()
    assert_reached(seen, "accepted", "refused")


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_sandboxed_runs_give_answers_or_query_errors(scale: int, ox_kb: KnowledgeBase) -> None:
    @fuzz_settings(scale, 12)
    @given(text=query_text("http://127.0.0.1:9/sparql"))
    def check(text: str) -> None:
        try:
            run_user_query(ox_kb.store, text, timeout_s=5, max_rows=100)
        except QueryError as exc:
            assert str(exc).strip()

    check()


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_warm_sandbox_gives_answers_or_query_errors(scale: int, ox_kb: KnowledgeBase) -> None:
    """The same fuzzing against the app's warm child (one child for every query; replaced after a kill)."""
    with QuerySandbox.for_kb(ox_kb) as sandbox:

        @fuzz_settings(scale, 100)
        @given(text=query_text("http://127.0.0.1:9/sparql"))
        def check(text: str) -> None:
            try:
                run_user_query(sandbox, text, timeout_s=5, max_rows=100)
            except QueryError as exc:
                assert str(exc).strip()

        check()
        assert sandbox.query("ASK { ?s ?p ?o }").boolean is True


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_cli_query_exit_codes(scale: int) -> None:
    @fuzz_settings(scale, 4)
    @given(text=query_text("http://127.0.0.1:9/sparql"))
    def check(text: str) -> None:
        done = subprocess.run(
            [str(PORECLI), "query", "-", "--timeout-s", "5"],
            input=text,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode in (0, 1, 2)
        assert "Traceback" not in done.stderr
        if done.returncode:
            assert done.stderr.startswith("porekb query: error: ")

    check()
