"""Self-describing cases: each ``invalid/*.ttl`` overlay breaks one rule in a copy of the real KB; each
``valid/*.ttl`` overlay must not cause an error. The real ``porekb validate`` runs on each copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

HERE = Path(__file__).parent
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
VALID = sorted((HERE / "valid").glob("*.ttl"))
_HEADER = re.compile(r"^#\s*(expect-check|expect-rule|expect-text|expect-severity|target)\s*:\s*(.*?)\s*$")


def header(path: Path) -> dict[str, list[str]]:
    """The ``# key: value`` lines of a case file (keys may repeat)."""
    found: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2))
    return found


def install(case: Path, ontology: Path) -> Path:
    """Drop the overlay into the KB copy (``facts/zz-invalid.ttl`` unless the case names a target)."""
    target = ontology / header(case).get("target", ["facts/zz-invalid.ttl"])[0]
    target.write_bytes(case.read_bytes())
    return target


def test_cases_exist() -> None:
    assert len(INVALID) >= 6 and VALID


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case_fails_with_a_located_message(case: Path, kb_copy: Path, seeds: Path, porekb) -> None:
    meta = header(case)
    assert meta.get("expect-check") and meta.get("expect-rule") and meta.get("expect-text"), (
        f"{case}: bad header"
    )
    install(case, kb_copy)
    result = porekb("validate", "--ontology", kb_copy, "--sources", seeds)
    assert result.returncode == 1, result.stdout + result.stderr
    tag = f"[{meta['expect-check'][0]}/{meta['expect-rule'][0]}]"
    lines = [ln for ln in result.stdout.splitlines() if tag in ln]
    assert lines, f"no finding {tag} in:\n{result.stdout}"
    matching = [ln for ln in lines if all(text in ln for text in meta["expect-text"])]
    assert matching, f"no {tag} finding has all of {meta['expect-text']}:\n" + "\n".join(lines)
    assert any(" error: " in ln or ln.startswith("error: ") for ln in matching)


@pytest.mark.parametrize("case", VALID, ids=[p.stem for p in VALID])
def test_valid_case_passes(case: Path, kb_copy: Path, seeds: Path, porekb) -> None:
    meta = header(case)
    install(case, kb_copy)
    result = porekb("validate", "--ontology", kb_copy, "--sources", seeds)
    assert result.returncode == 0, result.stdout + result.stderr
    for rule in meta.get("expect-rule", []):  # a valid case may still expect a warning
        assert f"warning: [{meta['expect-check'][0]}/{rule}]" in result.stdout, result.stdout
