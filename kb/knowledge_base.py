"""The knowledge base object, and the one place a KB is opened: embedded (:func:`load_kb`), read from a SPARQL
endpoint (:func:`connect_kb`), either by configuration (:func:`open_kb`), or once per process
(:func:`default_kb`).

Named graphs (the union is the default graph of queries):

- ``graph/ontology``: ``porekb.ttl``; ``graph/facts``: ``facts/*.ttl`` (together: what curators asserted)
- ``graph/inferred``: types and subclass links the OWL reasoner inferred
- ``graph/derived``: triples derived by the KB-level rules (patient-independent), with their justifications

What the engine reads from a KB more than once (its rules, their KB-level derivation, the ranking policy, the
label/claim index, the disagreements, the profile codes and shapes) is a cached property, built on first use.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from kb import paths
from kb.case_workspace import CaseWorkspace
from kb.classification_cache import classify_kb
from kb.disagreements import DisagreementIndex, build_disagreement_index
from kb.errors import EndpointError, ReasonerError
from kb.explain.tree import ExplanationNode
from kb.kb_files import KBFile, content_hash, kb_files, load_file, require_parts
from kb.kb_index import KBIndex, build_index
from kb.labels import LabelIndex, build_label_index
from kb.namespaces import ASSERTED_GRAPHS, GRAPH_DERIVED, GRAPH_INFERRED, KB_GRAPHS, PKB, sparql_prologue
from kb.profile import CodeTables, build_code_tables
from kb.ranking_policy import RankingPolicy, parse_parts
from kb.realise import REALISER_THRESHOLD, REALISERS, asserted_size, choose_realiser
from kb.reasoning import Classification
from kb.rules.engine import run_rules, strata
from kb.rules.model import Derivation, Rule
from kb.rules.parse import load_rules
from kb.rules.reads import query_predicates
from kb.sparql.remote import ENDPOINT_ENV, RemoteStore, ReplayStore
from kb.store import Bindings, QueryResult, Store, Triple, make_store

RANKING_FILE = "policy/ranking.rq"


@dataclass(eq=False)
class KnowledgeBase:
    """A PoreKB dataset in a store, ready to be queried and reasoned over. Treat it as read-only and shared."""

    store: Store
    ontology_dir: Path
    files: list[KBFile]
    classification: Classification
    endpoint: str | None = None  # the SPARQL endpoint it was read from (None: loaded from its files)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def query(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = KB_GRAPHS
    ) -> QueryResult:
        """Run a trusted (engine-owned) query over the KB graphs."""
        return self.store.query(sparql, bindings, graphs=graphs)

    def select(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = KB_GRAPHS
    ) -> list[dict]:
        """Run a trusted SELECT over the KB graphs; rows as dicts."""
        return self.store.select(sparql, bindings, graphs=graphs)

    @property
    def realiser(self) -> str:
        """Who typed the individuals: ``hermit`` (the reasoner, whole KB) or ``sparql`` (:mod:`kb.realise`)."""
        return "sparql" if "SPARQL realiser" in self.classification.reasoner else "hermit"

    def asserted_triples(self) -> list[Triple]:
        """Everything the curators asserted (ontology and facts)."""
        return [t for g in ASSERTED_GRAPHS for t in self.store.triples(g)]

    # ------------------------------------------------------------------ rules
    @cached_property
    def rules(self) -> list[Rule]:
        """Every rule of ``ontology/rules`` (parsed once, cached on disk by content)."""
        directory = self.ontology_dir / "rules"
        return load_rules(directory) if directory.is_dir() else []

    @property
    def kb_rules(self) -> list[Rule]:
        """The patient-independent rules (``scope: kb``), run once per KB."""
        return [r for r in self.rules if r.scope == "kb"]

    @cached_property
    def case_rules(self) -> list[Rule]:
        """The per-profile rules (``scope: case``)."""
        return [r for r in self.rules if r.scope == "case"]

    @cached_property
    def case_strata(self) -> list[list[Rule]]:
        """The per-profile rules grouped in strata (computed once, not per profile)."""
        return strata(self.case_rules)

    @cached_property
    def case_workspace(self) -> CaseWorkspace:
        """Where consultations reason (:mod:`kb.case_workspace`): private one-graph copies of the KB for the
        embedded store, else the KB's own store with a case's named graphs. Built once, after the KB rules."""
        with self._lock:
            if "case_workspace" in self.__dict__:
                return self.__dict__["case_workspace"]
            self.derivation  # noqa: B018 - graph/derived is complete before it is copied
            return CaseWorkspace(self.store, KB_GRAPHS)

    @cached_property
    def case_predicates(self) -> frozenset[Node]:
        """The predicates the case rules require that the KB graphs hold (one ASK each, so any size is cheap):
        with a profile's own predicates, they tell the rule engine which rules cannot match."""
        needed = set().union(*(r.requires for r in self.case_rules))
        if any(r.scope == "kb" for r in self.rules):
            self.derivation  # noqa: B018 - the KB-level rules' triples are in graph/derived first
        ask = "ASK { ?s ?p ?o }"
        return frozenset(p for p in needed if self.query(ask, {"p": p}).boolean)

    @cached_property
    def derivation(self) -> Derivation:
        """What the KB-level rules derive, with justifications. Loaded from files: written into
        ``graph/derived`` once. Read from an endpoint (whose ``graph/derived`` already holds it): replayed
        read-only, so the justifications are known."""
        with self._lock:
            if "derivation" in self.__dict__:  # another thread got here first
                return self.__dict__["derivation"]
            store = ReplayStore(self.store) if self.endpoint else self.store
            return run_rules(store, self.kb_rules, read_graphs=KB_GRAPHS, target=GRAPH_DERIVED)

    @cached_property
    def addresses(self) -> dict[Node, list[Node]]:
        """The causes each treatment addresses (the KB-level rules' ``pkb:addressesCause``)."""
        out: dict[Node, list[Node]] = {}
        for s, p, o in self.derivation.triples:
            if p == PKB.addressesCause:
                out.setdefault(s, []).append(o)
        return out

    @cached_property
    def ranking_policy(self) -> RankingPolicy:
        """The ranking policy (``ontology/policy/ranking.rq``): its query and the parts it shows. A KB folder
        without one (an older revision compared by ``porekb diff``) uses the installed policy; a policy whose
        header declares no parts is shown with the installed policy's parts."""
        installed = paths.ontology_dir() / RANKING_FILE
        path = self.ontology_dir / RANKING_FILE
        if not path.is_file():
            path = installed
        text = path.read_text(encoding="utf-8")
        parts = parse_parts(text, str(path))
        if not parts:
            parts = parse_parts(installed.read_text(encoding="utf-8"), str(installed))
        return RankingPolicy(sparql_prologue() + text, parts, query_predicates(text))

    # ------------------------------------------------------------------ lookups
    @cached_property
    def labels(self) -> LabelIndex:
        """Every term's label, one rule for all (:class:`~kb.labels.LabelIndex`)."""
        return build_label_index(self)

    @cached_property
    def index(self) -> KBIndex:
        """Labels, statement templates, claims by triple, asserted facts (:class:`~kb.kb_index.KBIndex`)."""
        return build_index(self)

    @cached_property
    def explanation_memo(self) -> dict[Triple, ExplanationNode]:
        """The explanation subtrees of the KB's own facts, shared by every case's trees
        (:class:`~kb.explain.tree.TreeBuilder`'s ``kb_memo``)."""
        return {}

    @cached_property
    def disagreements(self) -> DisagreementIndex:
        """The recorded disagreements with each side's sources."""
        return build_disagreement_index(self)

    @cached_property
    def version(self) -> str:
        """The KB's version (``owl:versionInfo``) and the short content hash of its files."""
        rows = self.select(sparql_prologue() + "SELECT ?v WHERE { ?o a owl:Ontology ; owl:versionInfo ?v }")
        version = str(rows[0]["v"]) if rows else "unversioned"
        return f"{version} (content {content_hash(self.files, b'kb-version')[:12]})"

    @cached_property
    def code_tables(self) -> CodeTables:
        """The profile codes by JSON field (:class:`~kb.profile.CodeTables`)."""
        return build_code_tables(self)

    @cached_property
    def profile_shapes(self) -> Graph:
        """The SHACL shapes of patient profiles (``shapes/profile.ttl``), parsed once."""
        require_parts(self.ontology_dir, ("shapes/profile.ttl",))
        graph = Graph()
        graph.parse(self.ontology_dir / "shapes" / "profile.ttl", format="turtle")
        return graph


def load_kb(
    ontology_dir: Path | str | None = None,
    *,
    store: str | Store = "oxigraph",
    reasoner: str = "auto",
    realiser: str = "auto",
    use_cache: bool = True,
    strict: bool = True,
    derive: bool = True,
) -> KnowledgeBase:
    """Load the KB files into a store, classify them with the OWL reasoner, and run the KB-level rules.

    ``realiser`` says who types the individuals: ``hermit`` (the reasoner sees everything), ``sparql`` (the
    reasoner sees the TBox, :mod:`kb.realise` types the individuals) or ``auto`` (``sparql`` above
    :data:`kb.realise.REALISER_THRESHOLD` asserted triples when the TBox allows it). The choice is in
    ``kb.classification.reasoner`` and :attr:`KnowledgeBase.realiser`.
    ``strict`` raises :class:`ReasonerError` if the KB is inconsistent or has unsatisfiable classes.
    ``derive`` runs the KB-level rules now (else on first use of :attr:`KnowledgeBase.derivation`) and builds
    the lookups a recommendation reads (:attr:`KnowledgeBase.index`, :attr:`KnowledgeBase.disagreements`).
    """
    if realiser not in REALISERS:
        raise ValueError(f"unknown realiser {realiser!r} (allowed: {', '.join(REALISERS)})")
    directory = Path(ontology_dir) if ontology_dir else paths.ontology_dir()
    files = kb_files(directory)
    target = make_store(store) if isinstance(store, str) else store
    for f in files:
        load_file(target, f)
    chosen = choose_realiser(target, realiser)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # HermiT runs in a JVM child process; parse the rule files (cached on disk) meanwhile.
        classifying = pool.submit(
            classify_kb,
            files,
            target,
            chosen,
            auto=realiser == "auto",
            reasoner=reasoner,
            use_cache=use_cache,
        )
        rules_dir = directory / "rules"
        if derive and rules_dir.is_dir():
            load_rules(rules_dir, use_cache=use_cache)
        result = classifying.result()
    if strict and not result.consistent:
        raise ReasonerError(f"the KB is inconsistent ({result.reasoner}): {result.explanation}")
    if strict and result.unsatisfiable:
        raise ReasonerError("unsatisfiable classes: " + ", ".join(map(str, result.unsatisfiable)))
    target.add(GRAPH_INFERRED, result.inferred)
    kb = KnowledgeBase(target, directory, files, result)
    if derive:
        kb.derivation  # noqa: B018 - the KB-level rules run now, while the KB is still private to this call
        # and the lookups every recommendation reads (labels, claims, disagreements, the version's content
        # hash, the case workspace): built here, the first recommendation does not pay for them (at 1e6 triples ~10 s)
        kb.index  # noqa: B018
        kb.disagreements  # noqa: B018
        kb.version  # noqa: B018
        kb.case_workspace  # noqa: B018 - the first private copy of the KB for consultations
        if asserted_size(target) > FREEZE_THRESHOLD:
            settle()
    return kb


FREEZE_THRESHOLD = REALISER_THRESHOLD
"""Above this many asserted triples :func:`load_kb` takes the loaded KB out of the cyclic garbage collector."""


def settle() -> None:
    """Move every object alive now out of the cyclic garbage collector's reach (:func:`gc.freeze`).

    A loaded KB is read-only and lives as long as the process; at 1e6 triples its millions of Python objects
    (labels, claims, justifications, rules) made every full collection walk them all: 0.4-1.2 s, once or twice
    per recommendation. Frozen, they are still freed by reference counting; only cyclic garbage that exists
    now is never collected (``gc.unfreeze()`` gives it back).
    """
    gc.collect()
    gc.freeze()


def connect_kb(
    endpoint_url: str, *, timeout_s: float = 30.0, ontology_dir: Path | str | None = None
) -> KnowledgeBase:
    """A :class:`KnowledgeBase` read from a remote endpoint into a private store.

    The endpoint must hold the KB's named graphs with their inferences (``porekb serve`` does this). They are
    read once (read-only) into an in-process pyoxigraph store, where each recommendation writes and drops
    its case graphs: a patient profile never reaches the endpoint, and no other client of the endpoint can
    see or change it, nor change the KB the recommendation reasons on. Rule files, named questions and
    shapes are read from ``ontology_dir``.
    """
    remote = RemoteStore(endpoint_url, timeout_s=timeout_s)
    remote.ping()
    present = set(remote.named_graphs())
    missing = [str(g) for g in KB_GRAPHS if g not in present]
    if missing:
        raise EndpointError(f"{endpoint_url} does not hold the KB graph(s) {', '.join(missing)}")
    local = make_store("oxigraph")
    for graph in KB_GRAPHS:
        local.add(graph, remote.triples(graph))
    directory = Path(ontology_dir) if ontology_dir else paths.ontology_dir()
    classification = Classification(reasoner=f"remote ({endpoint_url})", consistent=True)
    kb = KnowledgeBase(local, directory, [], classification, endpoint=endpoint_url)
    kb.derivation  # noqa: B018 - replayed now, so a connection error shows here, not in the first consultation
    return kb


def open_kb(
    endpoint_url: str | None = None,
    *,
    store: str = "oxigraph",
    timeout_s: float = 30.0,
    ontology_dir: Path | str | None = None,
    **load_options: object,
) -> KnowledgeBase:
    """The KB the engine should use: a remote one when an endpoint is given (argument or ``POREKB_ENDPOINT``),
    else the KB loaded into an embedded store (``store``: oxigraph or rdflib)."""
    endpoint_url = endpoint_url or os.environ.get(ENDPOINT_ENV) or None
    if endpoint_url:
        return connect_kb(endpoint_url, timeout_s=timeout_s, ontology_dir=ontology_dir)
    return load_kb(ontology_dir, store=store, **load_options)  # type: ignore[arg-type]


_default_kb: KnowledgeBase | None = None
_default_lock = threading.Lock()


def default_kb() -> KnowledgeBase:
    """The default KB (:func:`open_kb` with no arguments), opened once per process (thread-safe)."""
    global _default_kb
    with _default_lock:
        if _default_kb is None:
            _default_kb = open_kb()
        return _default_kb
