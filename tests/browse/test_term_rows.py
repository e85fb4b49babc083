"""kb.browse.term_rows: the term-page queries' rows for one term (bound) and for every term (free) agree."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kb import browse
from kb.browse.lookup import browse_cache
from kb.browse.term_rows import TermRows, all_term_rows, bound_term_rows, term_rows
from kb.knowledge_base import KnowledgeBase, load_kb

PKB = "https://w3id.org/porekb/"


def _as_sets(rows: TermRows) -> dict[str, set[tuple[object, ...]]]:
    """The rows without their order, per query (and origin); a literal as its value (``8`` and ``8.0`` agree)."""

    def rowset(found: list[dict]) -> set[tuple[object, ...]]:  # type: ignore[type-arg]
        return {
            tuple(sorted((k, v.toPython() if isinstance(v, Literal) else v) for k, v in r.items()))
            for r in found
        }

    sets = {"term": rowset(rows.term), "restrictions": rowset(rows.restrictions), "xrefs": rowset(rows.xrefs)}
    for name in ("types", "outgoing", "incoming"):
        for origin, found in getattr(rows, name).items():
            if found:
                sets[f"{name} {origin}"] = rowset(found)
    return sets


def test_every_term_has_the_rows_the_bound_queries_give(real_kb: KnowledgeBase) -> None:
    every = all_term_rows(real_kb)
    assert all(isinstance(term, URIRef) for term in every)  # literals and blank nodes are no terms
    assert len(every) > 1000
    for term, rows in every.items():
        assert _as_sets(rows) == _as_sets(bound_term_rows(real_kb, str(term))), term
    follicle = every[URIRef(PKB + "HairFollicle")]
    assert follicle.term and follicle.types["asserted"] and follicle.incoming["asserted"] and follicle.xrefs


def test_a_term_after_the_whole_site_read_is_a_dictionary_read(real_kb: KnowledgeBase) -> None:
    browse_cache(real_kb).pop("term rows", None)
    alone = term_rows(real_kb, PKB + "SkinPore")
    assert "term rows" not in browse_cache(real_kb)  # one term read does not read them all
    every = all_term_rows(real_kb)
    assert term_rows(real_kb, PKB + "SkinPore") is every[URIRef(PKB + "SkinPore")]
    assert _as_sets(alone) == _as_sets(every[URIRef(PKB + "SkinPore")])


def test_an_unknown_iri_has_no_rows(real_kb: KnowledgeBase) -> None:
    assert _as_sets(bound_term_rows(real_kb, PKB + "no-such-term")) == _as_sets(TermRows())
    assert Literal(PKB + "SkinPore") not in all_term_rows(real_kb)


def test_the_rdflib_store_gives_the_same_origins(real_kb: KnowledgeBase) -> None:
    """Types and relations are read over every graph at once (``GRAPH ?g``); both embedded stores answer it."""
    other = load_kb(store="rdflib")
    every = [t.iri for t in browse.terms(real_kb)]
    for iri in [*every[::50], PKB + "treatment-isotretinoin", PKB + "HairFollicle"]:
        ours, theirs = _as_sets(bound_term_rows(real_kb, iri)), _as_sets(bound_term_rows(other, iri))
        for key in {*ours, *theirs} - {"term", "restrictions", "xrefs"}:
            assert ours.get(key) == theirs.get(key), (iri, key)
    isotretinoin = bound_term_rows(other, PKB + "treatment-isotretinoin")
    assert (
        isotretinoin.types["asserted"] and isotretinoin.types["inferred"] and isotretinoin.outgoing["derived"]
    )
