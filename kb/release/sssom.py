"""The KB's cross-references (``skos:*Match`` to OBO terms) as an SSSOM mapping set (TSV with a YAML header).

Every mapping was chosen by hand by a curator against ``../shared/xrefs.tsv``, so its justification is
``semapv:ManualMappingCuration``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from rdflib import RDFS, Graph, Literal, URIRef

from kb.namespaces import OBO, PKB, SKOS

MATCH_PREDICATES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "mapping_justification",
    "object_source",
)
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
JUSTIFICATION = "semapv:ManualMappingCuration"
DESCRIPTION = (
    "The skos match links of the PoreKB knowledge base to terms of OBO ontologies, each chosen by a curator."
)
STANDARD_PREFIXES = {
    "pkb": str(PKB),
    "skos": str(SKOS),
    "semapv": "https://w3id.org/semapv/vocab/",
    "obo": str(OBO),
}


def obo_curie(iri: str) -> tuple[str, str] | None:
    """``http://purl.obolibrary.org/obo/UBERON_0002073`` -> (``UBERON``, ``UBERON:0002073``); else None."""
    if not iri.startswith(str(OBO)):
        return None
    local = iri[len(str(OBO)) :]
    prefix, sep, number = local.partition("_")
    if not sep or not prefix or not number:
        return None
    return prefix, f"{prefix}:{number}"


def mappings(graph: Graph) -> list[dict[str, str]]:
    """One row per ``skos:*Match`` from a PoreKB term to an OBO term, sorted by subject, predicate, object."""
    rows = []
    for name in MATCH_PREDICATES:
        for s, o in graph.subject_objects(SKOS[name]):
            if not (isinstance(s, URIRef) and str(s).startswith(str(PKB)) and isinstance(o, URIRef)):
                continue
            target = obo_curie(str(o))
            if target is None:
                continue
            label = next((str(x) for x in graph.objects(s, RDFS.label) if isinstance(x, Literal)), "")
            prefix, object_id = target
            rows.append(
                {
                    "subject_id": "pkb:" + str(s)[len(str(PKB)) :],
                    "subject_label": label,
                    "predicate_id": f"skos:{name}",
                    "object_id": object_id,
                    "mapping_justification": JUSTIFICATION,
                    "object_source": f"obo:{prefix.lower()}",
                }
            )
    rows.sort(key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))
    return rows


def curie_map(rows: Iterable[dict[str, str]]) -> dict[str, str]:
    """The prefixes the rows use: ours, SKOS, semapv, obo, and one per OBO ontology (``UBERON`` ...)."""
    prefixes = dict(STANDARD_PREFIXES)
    for row in rows:
        prefix = row["object_id"].split(":", 1)[0]
        prefixes[prefix] = f"{OBO}{prefix}_"
    return dict(sorted(prefixes.items()))


def _yaml_scalar(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(graph: Graph, *, mapping_set_id: str, version: str, date: str | None = None) -> str:
    """The SSSOM/TSV text: ``#``-prefixed YAML metadata, then a header row and one row per mapping."""
    rows = mappings(graph)
    meta = [
        "curie_map:",
        *[f"  {p}: {_yaml_scalar(iri)}" for p, iri in curie_map(rows).items()],
        f"mapping_set_id: {_yaml_scalar(mapping_set_id)}",
        f"mapping_set_version: {_yaml_scalar(version)}",
        f"mapping_set_title: {_yaml_scalar('PoreKB cross-references to OBO ontologies')}",
        f"mapping_set_description: {_yaml_scalar(DESCRIPTION)}",
        f"license: {_yaml_scalar(LICENSE)}",
        f"mapping_provider: {_yaml_scalar('https://w3id.org/porekb')}",
    ]
    if date:
        meta.append(f"mapping_date: {_yaml_scalar(date)}")
    out = io.StringIO()
    for line in meta:
        out.write(f"#{line}\n")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
