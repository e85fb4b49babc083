"""``porekb release``: the files an ontology user downloads, built from the KB folder and the reasoner's result.

- ``porekb.owl`` (RDF/XML) and ``porekb.ttl`` (Turtle): TBox + facts + the inferred class hierarchy and types
- ``porekb-base.owl`` (RDF/XML): the TBox alone (classes, properties, their axioms and inferred subclass links)
- ``porekb.sssom.tsv``: the cross-references as an SSSOM mapping set

Each file carries the versioned IRI ``https://w3id.org/porekb/releases/<version>/<file>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.errors import ReasonerError, UsageError
from kb.knowledge_base import load_kb
from kb.namespaces import ASSERTED_GRAPHS, GRAPH_FACTS, GRAPH_ONTOLOGY
from kb.release import ontology, sssom
from kb.version import release_iri, version

FILES = ("porekb.owl", "porekb.ttl", "porekb-base.owl", "porekb.sssom.tsv")


@dataclass(frozen=True)
class Release:
    """What ``build_release`` wrote: the version, the reasoner whose inferences are in it, and the files."""

    version: str
    reasoner: str
    files: list[Path]
    inferred: int


def render_release(
    ontology_dir: Path | str | None = None, *, reasoner: str = "auto", release: str | None = None
) -> tuple[dict[str, bytes], str, int]:
    """The release files' contents by name, the reasoner used, and how many inferred triples were added."""

    number = release or version()
    kb = load_kb(ontology_dir, reasoner=reasoner, derive=False)
    if not kb.classification.consistent or kb.classification.unsatisfiable:
        raise ReasonerError("the KB does not classify cleanly; run `porekb validate` first")
    asserted = [t for g in ASSERTED_GRAPHS for t in kb.store.triples(g)]
    inferred = kb.classification.inferred
    full = ontology.merged(asserted, inferred, version_iri=release_iri("porekb.owl", number), version=number)
    turtle = ontology.merged(
        asserted, inferred, version_iri=release_iri("porekb.ttl", number), version=number
    )
    by_graph = {g: kb.store.triples(g) for g in (GRAPH_ONTOLOGY, GRAPH_FACTS)}
    tbox = ontology.base(
        by_graph, inferred, version_iri=release_iri("porekb-base.owl", number), version=number
    )
    contents = {
        "porekb.owl": full.serialize(format="xml", encoding="utf-8"),
        "porekb.ttl": turtle.serialize(format="turtle", encoding="utf-8"),
        "porekb-base.owl": tbox.serialize(format="xml", encoding="utf-8"),
        "porekb.sssom.tsv": sssom.render(
            full, mapping_set_id=release_iri("porekb.sssom.tsv", number), version=number
        ).encode("utf-8"),
    }
    return contents, kb.classification.reasoner, len(inferred)


def build_release(
    outdir: Path | str,
    ontology_dir: Path | str | None = None,
    *,
    reasoner: str = "auto",
    release: str | None = None,
) -> Release:
    """Write the release files into ``outdir`` (created); every file is complete or absent, never half-written."""
    contents, used, inferred = render_release(ontology_dir, reasoner=reasoner, release=release)
    target = Path(outdir)
    written: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            path = target / name
            tmp = path.with_name(f".{name}.tmp")
            tmp.write_bytes(contents[name])
            tmp.replace(path)
            written.append(path)
    except OSError as exc:
        raise UsageError(f"cannot write the release to {target}: {exc}") from exc
    return Release(release or version(), used, written, inferred)
