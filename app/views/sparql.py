"""SPARQL: pick a named question (with its parameters) or write a query; read-only, time-limited, row-capped.

Queries are checked (no update, SERVICE or FROM) and run in a child process on a private copy of the KB graphs
(``kb.sparql.sandbox``); the text stays in this session's memory and is never stored or logged.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from state import get_named_questions, get_query_sandbox

from kb.errors import PoreKBError, QueryRefused, QueryTimeout
from kb.namespaces import sparql_prologue
from kb.sparql.formats import compact, render
from kb.sparql.named import GRAPH_SETS, NamedQuery, bind_params, graph_set, parse_query_text
from kb.sparql.sandbox import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, run_user_query

TABLE_ROWS = 200  # up to this many rows as a plain table, more in the scrolling data grid
EXAMPLE = (
    sparql_prologue()
    + "\nSELECT ?class ?label WHERE {\n  ?class a owl:Class ; rdfs:label ?label .\n}\nLIMIT 20\n"
)

st.title("SPARQL")
st.caption(
    f"Read-only: updates, SERVICE and FROM are refused. Each query runs in a separate process, is stopped "
    f"after {DEFAULT_TIMEOUT_S:g} s and may return at most {DEFAULT_MAX_ROWS:,} rows."
)
questions = get_named_questions()
mode = st.radio("Query", ["Named question", "Write your own"], horizontal=True, key="sparql_mode")

given: dict[str, str] = {}
if mode == "Named question":
    name = st.selectbox(
        "Named question",
        list(questions),
        key="sparql_question",
        format_func=lambda n: f"{questions[n].title or n} ({n})",
    )
    query: NamedQuery = questions[name]
    if query.answers:
        st.write(query.answers)
    for param in query.params:
        default = f"default {param.default}" if param.default else "empty: any value"
        given[param.name] = st.text_input(
            f"{param.name} ({param.kind})",
            key=f"sparql_param_{name}_{param.name}",
            help=param.description,
            placeholder=f"{param.description} — {default}",
        )
    with st.expander("SPARQL text"):
        st.code(query.text, language="sparql")
    default_graphs = query.graphs if query.graphs in GRAPH_SETS else "all"
else:
    text = st.text_area("SPARQL query", EXAMPLE, height=260, key="sparql_text")
    query = parse_query_text(text, "your query")
    default_graphs = "all"
graphs = st.selectbox(
    "Graphs (their union is the default graph)",
    list(GRAPH_SETS),
    index=list(GRAPH_SETS).index(default_graphs),
    key="sparql_graphs",
)

if st.button("Run", type="primary", key="sparql_run"):
    st.session_state.pop("sparql_result", None)
    st.session_state.pop("sparql_error", None)
    try:
        bindings = bind_params(query, {k: v for k, v in given.items() if v.strip()})
        with st.spinner("Running…"):
            st.session_state["sparql_result"] = run_user_query(
                get_query_sandbox(),
                query.text,
                bindings,
                graphs=graph_set(graphs),
                timeout_s=DEFAULT_TIMEOUT_S,
                max_rows=DEFAULT_MAX_ROWS,
            )
    except QueryRefused as exc:
        st.session_state["sparql_error"] = f"Refused: {exc}"
    except QueryTimeout as exc:
        st.session_state["sparql_error"] = f"Stopped: {exc}"
    except PoreKBError as exc:
        st.session_state["sparql_error"] = f"Error: {exc}"

if "sparql_error" in st.session_state:
    st.error(st.session_state["sparql_error"])
result = st.session_state.get("sparql_result")
if result is not None:
    if result.kind == "ASK":
        st.success(f"Answer: {'yes (true)' if result.boolean else 'no (false)'}")
    elif result.kind == "SELECT":
        st.caption(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}")
        table = pd.DataFrame([[compact(t) for t in row] for row in result.rows], columns=result.variables)
        if len(result.rows) <= TABLE_ROWS:
            st.table(table, hide_index=True)  # plain HTML: readable by screen readers and browser tests
        else:
            st.dataframe(table, hide_index=True)
    else:
        st.caption(f"{len(result.triples)} triples")
        st.code(render(result, "ttl"), language="turtle")
    left, right = st.columns(2)
    if result.kind in ("SELECT", "ASK"):
        left.download_button("Download CSV", render(result, "csv"), "porekb-query.csv", "text/csv")
        right.download_button(
            "Download JSON", render(result, "json"), "porekb-query.json", "application/json"
        )
    else:
        left.download_button("Download Turtle", render(result, "ttl"), "porekb-query.ttl", "text/turtle")
