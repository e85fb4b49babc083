"""docs/w3id/.htaccess: the w3id.org redirect of https://w3id.org/porekb/, evaluated rule by rule.

The rules use the small part of Apache mod_rewrite that w3id.org configurations use (``RewriteCond
%{HTTP_ACCEPT}``, ``RewriteRule`` with ``E=``, ``R=`` and ``L``); this reads them in order as Apache does in a
per-directory context (the path without the leading ``porekb/``) and checks where each IRI goes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.release import FILES

HTACCESS = Path(__file__).resolve().parents[2] / "docs" / "w3id" / ".htaccess"
_RULE = re.compile(r"^RewriteRule\s+(\S+)\s+(\S+)\s+\[([^\]]*)\]$")
_COND = re.compile(r"^RewriteCond\s+%\{HTTP_ACCEPT\}\s+(\S+)(?:\s+\[([^\]]*)\])?$")


def resolve(path: str, accept: str) -> tuple[int, str]:
    """(status, location) for a request of ``path`` with an Accept header, following the file's rules."""
    env: dict[str, str] = {}
    conds: list[str] = []
    for raw in HTACCESS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line in ("Options +FollowSymLinks", "RewriteEngine on"):
            continue
        cond = _COND.match(line)
        if cond:
            conds.append(cond.group(1))
            continue
        rule = _RULE.match(line)
        assert rule, f"unsupported line in .htaccess: {line}"
        pattern, target, flags = (
            rule.group(1),
            rule.group(2),
            dict(f.split("=", 1) if "=" in f else (f, "") for f in rule.group(3).split(",")),
        )
        pending, conds = conds, []
        match = re.search(pattern, path)
        if match is None or not all(re.search(c, accept) for c in pending):
            continue
        if "E" in flags:
            name, value = flags["E"].split(":", 1)
            env[name] = value
            continue
        location = re.sub(r"%\{ENV:(\w+)\}", lambda m: env[m.group(1)], target)
        location = re.sub(r"\$(\d)", lambda m, found=match: found.group(int(m.group(1))) or "", location)
        return int(flags["R"]), location
    return 404, ""


HTML = "text/html,application/xhtml+xml,*/*;q=0.8"


@pytest.mark.parametrize("name", FILES)
def test_versioned_release_files_go_to_the_tags_assets(name: str) -> None:
    status, location = resolve(f"releases/0.1.0/{name}", HTML)
    assert status == 302
    assert location == f"https://github.com/porekb/porekb/releases/download/v0.1.0/{name}"


def test_ontology_iri_negotiates_turtle_rdfxml_and_html() -> None:
    assert resolve("", "text/turtle")[1].endswith("/releases/latest/download/porekb.ttl")
    assert resolve("", "application/rdf+xml")[1].endswith("/releases/latest/download/porekb.owl")
    assert resolve("", HTML) == (303, "https://porekb.github.io/porekb/index.html")


def test_term_iris_negotiate_too() -> None:
    assert resolve("Sebum", "text/turtle")[1].endswith("/porekb.ttl")
    assert resolve("treatment-microneedling", "application/rdf+xml")[1].endswith("/porekb.owl")
    assert resolve("treatment-microneedling", HTML) == (
        303,
        "https://porekb.github.io/porekb/treatment-microneedling.html",
    )
    assert resolve("team", HTML)[1].endswith("/index.html")


def test_unknown_paths_are_not_redirected() -> None:
    assert resolve("releases/0.1.0/secrets.txt", HTML)[0] == 404
    assert resolve("../etc/passwd", HTML)[0] == 404


def test_docs_pages_are_named_as_the_redirect_expects(tmp_path: Path) -> None:
    from kb.docs.model import _page_name

    assert _page_name(
        __import__("rdflib").URIRef("https://w3id.org/porekb/treatment-microneedling"), set()
    ) == ("treatment-microneedling.html")
