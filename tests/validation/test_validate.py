"""``porekb validate`` on the real KB, its output formats, exit codes, and checks that did not run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.validation import Severity, Status, render, validate
from kb.validation.qc import parse_query, queries

REPO = Path(__file__).resolve().parents[2]


def test_real_kb_validates_with_sources(seeds: Path, porekb) -> None:
    result = porekb("validate", "--sources", seeds)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 0 error(s)" in result.stdout


def test_every_check_runs_with_sources(seeds: Path) -> None:
    report = validate(sources_dir=seeds)
    assert report.ok, "\n".join(r.message for r in report.errors)
    assert [c.name for c in report.checks] == ["syntax", "shacl", "qc", "quotes", "owl"]
    assert all(c.ran for c in report.checks)
    assert report.status("quotes") in (Status.PASSED, Status.WARNINGS)
    assert "quote(s) checked" in next(c.note for c in report.checks if c.name == "quotes")


def test_quotes_without_sources_is_not_run_never_passed() -> None:
    report = validate()
    assert report.status("quotes") is Status.NOT_RUN
    assert "not run" in render(report, "markdown")
    assert "quotes: not run" in render(report, "text")
    data = json.loads(render(report, "json"))
    assert next(c for c in data["checks"] if c["name"] == "quotes")["status"] == "not run"


def test_json_schema_is_stable(seeds: Path, porekb) -> None:
    data = json.loads(porekb("validate", "--sources", seeds, "--format", "json").stdout)
    assert data["schema"] == "porekb-validation/1"
    assert set(data) == {
        "schema",
        "ok",
        "ontology_dir",
        "sources_dir",
        "seconds",
        "summary",
        "checks",
        "results",
    }
    assert set(data["checks"][0]) == {"name", "title", "status", "errors", "warnings", "seconds", "note"}


def test_markdown_has_a_summary_table_and_grouped_findings(kb_copy: Path, seeds: Path, porekb) -> None:
    (kb_copy / "facts" / "zz-invalid.ttl").write_bytes(
        (REPO / "tests/validation/invalid/duplicate-label.ttl").read_bytes()
    )
    result = porekb("validate", "--ontology", kb_copy, "--sources", seeds, "--format", "markdown")
    assert result.returncode == 1
    out = result.stdout
    assert "| check | status | errors | warnings | time |" in out
    assert "<summary><b>QC queries</b>" in out and "`duplicate-label`" in out
    assert "'Skin Pore' (pkb:PoreOpening)" in out


@pytest.mark.parametrize(
    "args",
    [
        ("--sources", "/nonexistent/seeds"),
        ("--ontology", "/nonexistent/ontology"),
        ("--format", "yaml"),
    ],
)
def test_usage_and_io_errors_exit_2(args: tuple[str, ...], porekb) -> None:
    result = porekb("validate", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr


def test_ontology_folder_without_porekb_ttl_exits_2(tmp_path: Path, porekb) -> None:
    result = porekb("validate", "--ontology", tmp_path)
    assert result.returncode == 2
    assert "porekb.ttl" in result.stderr


def test_env_var_selects_the_ontology(kb_copy: Path, porekb) -> None:
    (kb_copy / "facts" / "zz-invalid.ttl").write_bytes(
        (REPO / "tests/validation/invalid/xref-not-obo.ttl").read_bytes()
    )
    result = porekb("validate", env={"POREKB_ONTOLOGY": str(kb_copy)})
    assert result.returncode == 1 and "[qc/xref-not-obo]" in result.stdout


def test_a_broken_qc_query_is_a_located_syntax_error(kb_copy: Path) -> None:
    (kb_copy / "qc" / "broken-violation.rq").write_text(
        "# id: broken\n# title: Broken\n# severity: error\n# message: {focus}\n"
        "SELECT ?focus WHERE {\n  ?focus ?p\n}\n"
    )
    report = validate(kb_copy)
    found = [r for r in report.errors if r.rule == "sparql"]
    assert found and found[0].file.endswith("broken-violation.rq") and found[0].line == 7
    assert report.status("qc") is Status.NOT_RUN  # later checks wait for the syntax to be fixed


def test_a_qc_query_without_header_is_reported(kb_copy: Path) -> None:
    (kb_copy / "qc" / "headless-violation.rq").write_text("SELECT ?focus WHERE { ?focus a ?t } LIMIT 1\n")
    report = validate(kb_copy)
    assert any(r.rule == "headless" and "lacks '# id:'" in r.message for r in report.errors)


def test_every_qc_file_has_a_complete_header() -> None:
    found = [parse_query(p) for p in queries(REPO / "ontology")]
    assert len(found) >= 10
    assert len({q.id for q in found}) == len(found)
    assert all(q.title and q.message for q in found)


def test_warnings_do_not_fail(kb_copy: Path) -> None:
    (kb_copy / "facts" / "zz-warn.ttl").write_bytes(
        (REPO / "tests/validation/valid/curator-inference-without-note.ttl").read_bytes()
    )
    report = validate(kb_copy)
    assert report.ok and any(
        r.severity is Severity.WARNING and r.rule == "curator-inference-note" for r in report.results
    )
    assert report.status("qc") is Status.WARNINGS


def test_a_missing_shapes_file_is_an_error(kb_copy: Path) -> None:
    (kb_copy / "shapes" / "kb.ttl").unlink()
    report = validate(kb_copy)
    assert not report.ok and any(r.rule == "shapes-missing" for r in report.errors)


def test_cache_dir_is_isolated(private_cache: Path) -> None:
    """What the engine caches while these tests run lands in the tests' own folder, not the developer's."""
    from kb import paths
    from kb.rules.parse import load_rules

    assert paths.cache_dir() == private_cache
    rules = load_rules(REPO / "ontology" / "rules")  # parsed rules are cached (read back if already there)
    assert rules
    cached = sorted(private_cache.glob("rules-*.json"))
    assert cached, sorted(p.name for p in private_cache.iterdir())
    assert any(len(json.loads(p.read_text(encoding="utf-8"))) == len(rules) for p in cached)
