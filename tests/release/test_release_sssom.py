"""The mappings file, read by the ``sssom`` package (the SSSOM reference implementation) and checked against the
KB's ``skos:*Match`` triples."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from sssom.constants import SchemaValidationType
from sssom.parsers import parse_sssom_table
from sssom.validators import validate

from kb.namespaces import OBO, PKB, SKOS
from kb.version import version

CHECKS = [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness]


def test_sssom_parses_and_validates_the_mapping_set(release_dir: Path) -> None:
    msdf = parse_sssom_table(release_dir / "porekb.sssom.tsv")
    reports = validate(msdf, CHECKS, fail_on_error=False)
    assert all(not r.results for r in reports.values()), reports
    meta = msdf.metadata
    assert meta["mapping_set_id"] == f"https://w3id.org/porekb/releases/{version()}/porekb.sssom.tsv"
    assert meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert set(msdf.df["mapping_justification"]) == {"semapv:ManualMappingCuration"}
    assert set(msdf.df["predicate_id"]) <= {
        "skos:exactMatch",
        "skos:closeMatch",
        "skos:broadMatch",
        "skos:narrowMatch",
        "skos:relatedMatch",
    }
    converter = msdf.converter
    assert converter.expand("pkb:Sebum") == str(PKB.Sebum)
    assert converter.expand("UBERON:0001866") == str(OBO.UBERON_0001866)


def test_rows_are_the_kbs_cross_references(release_dir: Path) -> None:
    msdf = parse_sssom_table(release_dir / "porekb.sssom.tsv")
    kb = Graph().parse(release_dir / "porekb.ttl", format="turtle")
    want = {
        (str(s), str(p), str(o))
        for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
        for s, o in kb.subject_objects(p)
        if isinstance(o, URIRef) and str(o).startswith(str(OBO))
    }
    expand = msdf.converter.expand
    got = {(expand(r.subject_id), expand(r.predicate_id), expand(r.object_id)) for r in msdf.df.itertuples()}
    assert got == want and len(got) > 20


def test_sssom_validation_catches_a_missing_prefix(release_dir: Path, tmp_path: Path) -> None:
    """The validation above can fail: drop UBERON from the CURIE map and it reports it."""
    text = (release_dir / "porekb.sssom.tsv").read_text(encoding="utf-8")
    broken = tmp_path / "broken.sssom.tsv"
    broken.write_text(
        "\n".join(ln for ln in text.splitlines() if not ln.startswith("#  UBERON:")) + "\n", encoding="utf-8"
    )
    with pytest.raises(Exception):  # noqa: B017 - sssom raises its own error types depending on the check
        msdf = parse_sssom_table(broken)
        reports = validate(msdf, CHECKS, fail_on_error=False)
        if any(r.results for r in reports.values()):
            raise AssertionError(reports)
