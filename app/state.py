"""The engine, loaded once per server process and shared read-only by every session (``st.cache_resource``).

Nothing here depends on what a user enters: per-user values (a profile, a query) live only in the session's
memory (``st.session_state``) and are never cached across sessions, written to disk or logged.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from kb import paths
from kb.knowledge_base import KnowledgeBase, open_kb
from kb.namespaces import GRAPH_JUSTIFICATIONS, KB_GRAPHS
from kb.sparql.named import NamedQuery, discover
from kb.store import Store, make_store
from kb.validation import ValidationReport, validate


@st.cache_resource(show_spinner="Loading the knowledge base and its reasoner classification…")
def get_kb() -> KnowledgeBase:
    """The loaded KB (asserted, inferred and derived graphs); treat it as read-only."""
    return open_kb()


def seeds_dir() -> Path | None:
    """The folder of the seed source texts for the quote check: ``POREKB_SOURCES``, else ``../shared/seeds``
    beside a checkout when present (None: the quote check covers ``ontology/sources`` only)."""
    override = os.environ.get("POREKB_SOURCES")
    if override:
        return Path(override)
    candidate = paths.repo_dir().parent / "shared" / "seeds"
    return candidate if candidate.is_dir() else None


@st.cache_resource(show_spinner="Validating the knowledge base…")
def get_validation_report() -> ValidationReport:
    """The validation report of the loaded KB folder (once per server process; "Run again" clears it)."""
    return validate(get_kb().ontology_dir, seeds_dir())


@st.cache_resource(show_spinner=False)
def get_query_store() -> Store:
    """A private copy of the KB graphs for user SPARQL (run in a child process by ``kb.sparql.sandbox``).

    The shared engine store briefly holds each consultation's profile graph while the rules run; user queries
    read this copy instead, so a query with ``GRAPH ?g`` can never see another session's patient.
    """
    kb = get_kb()
    copy = make_store("oxigraph")
    for graph in kb.store.graph_names():
        if graph in KB_GRAPHS or graph == GRAPH_JUSTIFICATIONS:
            copy.add(graph, kb.store.triples(graph))
    return copy


@st.cache_resource(show_spinner=False)
def get_named_questions() -> dict[str, NamedQuery]:
    """The named competency questions of the loaded KB folder (``ontology/queries/*.rq``), by name."""
    return discover(get_kb().ontology_dir)
