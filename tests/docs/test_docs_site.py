"""``porekb docs``: every class and treatment has a page, local links resolve, nothing remote."""

from __future__ import annotations

import html
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY = REPO / "ontology"
PKB = "https://w3id.org/porekb/"
DEFINITION = URIRef("http://purl.obolibrary.org/obo/IAO_0000115")
QUOTE = URIRef(PKB + "quote")
CLAIM_SUBJECT = URIRef(PKB + "claimSubject")


class Links(HTMLParser):
    """Collects every tag with an href or src, and every id."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, name, value))
            if name == "id" and value:
                self.ids.add(value)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation written by the real CLI."""
    out = tmp_path_factory.mktemp("docs") / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "kb.cli", "docs", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "open" in proc.stdout and (out / "index.html").is_file()
    return out


@pytest.fixture(scope="module")
def kb_graph() -> Graph:
    """The asserted KB, read independently of the generator."""
    graph = Graph()
    for path in [ONTOLOGY / "porekb.ttl", *sorted((ONTOLOGY / "facts").glob("*.ttl"))]:
        graph.parse(path, format="turtle")
    return graph


def _page(iri: URIRef) -> str:
    return str(iri)[len(PKB) :] + ".html"


def _parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_class_has_a_page_with_label_and_definition(site: Path, kb_graph: Graph) -> None:
    classes = [c for c in kb_graph.subjects(RDF.type, OWL.Class) if str(c).startswith(PKB)]
    assert len(classes) > 30
    for cls in classes:
        page = site / _page(cls)
        assert page.is_file(), f"no page for class {cls}"
        text = page.read_text(encoding="utf-8")
        assert f"<h1>{html.escape(str(kb_graph.value(cls, RDFS.label)))}</h1>" in text
        definition = kb_graph.value(cls, DEFINITION)
        assert definition is None or html.escape(str(definition)) in text, f"{page.name} lacks its definition"


def test_every_treatment_has_a_page_with_its_claims_and_quotes(site: Path, kb_graph: Graph) -> None:
    kinds = set(kb_graph.transitive_subjects(RDFS.subClassOf, URIRef(PKB + "Treatment")))
    treatments = {
        t
        for k in kinds
        for t in kb_graph.subjects(RDF.type, k)
        if (t, RDF.type, OWL.NamedIndividual) in kb_graph
    }
    assert len(treatments) >= 10
    index = (site / "index.html").read_text(encoding="utf-8")
    for treatment in treatments:
        page = site / _page(treatment)
        assert page.is_file(), f"no page for treatment {treatment}"
        assert f'href="{page.name}"' in index, f"the index does not link {page.name}"
        text = page.read_text(encoding="utf-8")
        quotes = [kb_graph.value(c, QUOTE) for c in kb_graph.subjects(CLAIM_SUBJECT, treatment)]
        assert quotes, f"{treatment} has no claims in the KB"
        for quote in quotes:
            assert html.escape(str(quote)) in text, f"{page.name} lacks the quote {quote!r}"


def test_every_local_link_resolves(site: Path) -> None:
    pages = sorted(site.glob("*.html"))
    ids = {p.name: _parse(p).ids for p in pages}
    checked = 0
    for page in pages:
        for tag, _attr, value in _parse(page).refs:
            parts = urlsplit(value)
            if parts.scheme:
                continue
            target = parts.path or page.name
            assert (site / target).is_file(), f"{page.name}: <{tag}> links to missing {value}"
            if parts.fragment:
                assert parts.fragment in ids[target], f"{page.name}: no id {parts.fragment!r} in {target}"
            checked += 1
    assert checked > 1000


def test_pages_load_nothing_from_the_network(site: Path) -> None:
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "<link" not in text and "@import" not in text, page.name
        for tag, attr, value in _parse(page).refs:
            scheme = urlsplit(value).scheme
            if attr == "src":
                assert scheme not in ("http", "https", "//"), (
                    f"{page.name}: <{tag} src={value}> loads remotely"
                )
            elif scheme in ("http", "https"):
                allowed = ["http://purl.obolibrary.org/obo/"]
                if page.name == "index.html":  # the release header: downloads and the licence
                    allowed += ["https://w3id.org/porekb/releases/", "https://creativecommons.org/licenses/"]
                assert tag == "a" and value.startswith(tuple(allowed)), (
                    f"{page.name}: unexpected outside link {value}"
                )


def test_cross_references_link_to_obo_purls(site: Path) -> None:
    text = (site / "HairFollicle.html").read_text(encoding="utf-8")
    assert 'href="http://purl.obolibrary.org/obo/UBERON_0002073"' in text
    assert "exact match" in text


def test_index_header_has_version_licence_citation_and_downloads(site: Path) -> None:
    from kb.release import FILES
    from kb.version import version

    text = (site / "index.html").read_text(encoding="utf-8")
    header = text[text.index('<section class="release">') : text.index("</section>")]
    assert f"<th>Version</th><td>{version()}</td>" in header
    assert 'href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in header
    assert "<th>Cite as</th><td>PoreKB team. PoreKB: " in header and f"Version {version()}." in header
    links = {value for _tag, _attr, value in _parse_text(header).refs}
    assert {f"https://w3id.org/porekb/releases/{version()}/{name}" for name in FILES} <= links


def _parse_text(text: str) -> Links:
    parser = Links()
    parser.feed(text)
    return parser
