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
from kb.sparql.named import NamedQuery, discover
from kb.sparql.sandbox import QuerySandbox
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


@st.cache_resource(show_spinner="Starting the query process…")
def get_query_sandbox() -> QuerySandbox:
    """The KB's query sandbox for user SPARQL: a snapshot of the KB graphs (never a consultation's case
    graphs, which the shared engine store holds while the rules run) in a warm child process, loaded once per
    server process (``kb.sparql.sandbox.QuerySandbox``)."""
    return QuerySandbox.for_kb(get_kb())


@st.cache_resource(show_spinner=False)
def get_named_questions() -> dict[str, NamedQuery]:
    """The named competency questions of the loaded KB folder (``ontology/queries/*.rq``), by name."""
    return discover(get_kb().ontology_dir)
