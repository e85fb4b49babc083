"""Issue 12, items 2, 3, 4 and 5: `porekb serve`'s own front stays up and refuses what it must, and a
recommendation against an endpoint cannot be read or changed by another client of that endpoint."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kb.knowledge_base import KnowledgeBase, connect_kb
from kb.recommend import recommend
from kb.sparql.front import SparqlFront
from kb.sparql.remote import RemoteStore
from kb.store import OxigraphStore
from tests import processes

from .test_guard import bypass
from .test_safety import CROSS_COUNT, Listener

pytestmark = pytest.mark.server

ASK_NEEDLES = "ASK { ?t a <https://w3id.org/porekb/NeedleTreatment> }"
PREGNANT = {
    "age": 27,
    "sex": "female",
    "skin_type": "oily",
    "findings": ["enlarged-pores", "acne"],
    "history": [],
    "avoid": [],
    "pregnant": True,
}
ISOTRETINOIN = "https://w3id.org/porekb/treatment-isotretinoin"
DELETE_CONTRAINDICATION = (
    "DELETE WHERE { GRAPH ?g { <https://w3id.org/porekb/treatment-isotretinoin> "
    "<https://w3id.org/porekb/contraindicatedFor> ?c } }"
)


def call(
    front: SparqlFront,
    path: str = "/query",
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, str, bytes]:
    request = urllib.request.Request(front.base_url + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def ask(front: SparqlFront, query: str, **headers: str) -> tuple[int, str, bytes]:
    form = urllib.parse.urlencode({"query": query}).encode()
    return call(
        front,
        data=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
            **headers,
        },
    )


def alive(front: SparqlFront) -> bool:
    status, _, body = ask(front, ASK_NEEDLES)
    return status == 200 and json.loads(body)["boolean"] is True


def test_answers_the_protocol(porekb_server: SparqlFront) -> None:
    assert alive(porekb_server)  # inferred types are served
    select = "SELECT ?t WHERE { ?t a <https://w3id.org/porekb/NeedleTreatment> } ORDER BY ?t"
    query = urllib.parse.urlencode({"query": select})
    status, kind, body = call(porekb_server, f"/query?{query}", headers={"Accept": "text/csv"})
    assert status == 200 and kind.startswith("text/csv") and b"microneedling" in body
    status, kind, body = call(
        porekb_server,
        f"/query?{urllib.parse.urlencode({'query': 'CONSTRUCT WHERE { ?s a ?o } LIMIT 3'})}",
        headers={"Accept": "application/n-triples"},
    )
    assert status == 200 and kind.startswith("application/n-triples") and body.count(b" .\n") == 3
    client = SPARQLWrapper(porekb_server.query_url)  # a client we did not write
    client.setQuery(select)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    assert any(r["t"]["value"].endswith("treatment-microneedling") for r in rows)


def test_engine_queries_match_the_embedded_store(porekb_server: SparqlFront, ox_kb: KnowledgeBase) -> None:
    remote = RemoteStore(porekb_server.query_url)
    assert sorted(map(str, remote.graph_names())) == sorted(map(str, ox_kb.store.graph_names()))
    query = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    assert sorted(remote.query(query).rows) == sorted(ox_kb.store.query(query).rows)


def test_refuses_updates_service_load_and_foreign_headers(porekb_server: SparqlFront) -> None:
    listener = Listener()
    try:
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        update = urllib.parse.urlencode({"update": DELETE_CONTRAINDICATION}).encode()
        assert call(porekb_server, "/update", data=update, headers=form)[0] == 403
        assert call(porekb_server, "/query", data=update, headers=form)[0] == 403
        load = urllib.parse.urlencode({"update": f"LOAD <{listener.url}>"}).encode()
        assert call(porekb_server, "/update", data=load, headers=form)[0] == 403
        assert call(porekb_server, "/store", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT")[0] == 403
        for query in (
            f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
            bypass(listener.url),
            f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}",
            f"LOAD <{listener.url}>",
        ):
            status, _, body = ask(porekb_server, query)
            assert status == 400, body
        # DNS rebinding (a foreign Host) and a cross-site form post (a foreign Origin)
        assert ask(porekb_server, ASK_NEEDLES, Host="evil.example:80")[0] == 403
        assert ask(porekb_server, ASK_NEEDLES, Origin="http://evil.example")[0] == 403
        assert ask(porekb_server, ASK_NEEDLES, Origin="null")[0] == 403
        assert ask(porekb_server, ASK_NEEDLES, Origin=porekb_server.base_url)[0] == 200
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()
    assert alive(porekb_server)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }",
        "SELECT * WHERE { " + " UNION ".join(["{?s ?p ?o}"] * 600) + " }",
    ],
    ids=["5000-nested-groups", "20000-unions", "600-unions"],
)
def test_hostile_shapes_get_a_4xx_and_the_server_stays_up(porekb_server: SparqlFront, query: str) -> None:
    status, _, _ = ask(porekb_server, query)
    assert 400 <= status < 500
    assert alive(porekb_server)


def test_oversized_body_is_refused(porekb_server: SparqlFront) -> None:
    body = b"query=" + b"x" * 2_000_000
    status, _, _ = call(
        porekb_server, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 413
    assert alive(porekb_server)


@pytest.mark.slow
def test_runaway_query_is_stopped_server_side(porekb_server: SparqlFront) -> None:
    """The worker running it is killed at the limit (2 s): the answer comes within limit + 1 s, and no
    process keeps computing it."""
    assert porekb_server.pool is not None
    before = {w.process.pid for w in porekb_server.pool._all}
    started = time.monotonic()
    status, _, body = ask(porekb_server, CROSS_COUNT)
    assert status == 503 and b"time limit of 2 s" in body
    assert time.monotonic() - started < 3.0
    assert alive(porekb_server)
    time.sleep(1)
    for pid in before - {w.process.pid for w in porekb_server.pool._all}:
        assert not processes.running(pid)
    assert len(porekb_server.pool._all) == porekb_server.workers  # replaced


def test_a_query_over_its_memory_limit_is_refused_and_the_server_stays_up(ox_kb: KnowledgeBase) -> None:
    from kb.sparql.server import dataset_nquads

    with SparqlFront(dataset_nquads(ox_kb.store), port=0, timeout_s=60, workers=1, memory_mb=64) as front:
        status, _, body = ask(front, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i")
        assert status == 400 and b"memory limit" in body, body
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not alive(front):  # its worker is being replaced
            time.sleep(0.2)
        assert alive(front)


def test_query_page_is_offline(porekb_server: SparqlFront) -> None:
    status, kind, body = call(porekb_server, "/")
    assert status == 200 and kind.startswith("text/html")
    page = body.decode()
    assert (
        "src=" not in page and "href=" not in page and "@import" not in page
    )  # nothing loaded from anywhere
    request = urllib.request.Request(porekb_server.base_url + "/")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_recommend_against_the_endpoint_stays_private(
    porekb_server: SparqlFront, ox_kb: KnowledgeBase
) -> None:
    """The KB is read once into a private store; the profile never reaches the endpoint, and another client
    cannot alter the KB the recommendation reasons on (the endpoint refuses every write)."""
    remote_kb = connect_kb(porekb_server.query_url)
    assert isinstance(remote_kb.store, OxigraphStore)
    served = porekb_server.requests
    embedded = recommend(PREGNANT, kb=ox_kb).to_json()
    remote = recommend(PREGNANT, kb=remote_kb).to_json()
    assert porekb_server.requests == served  # not one request: the profile stayed in this process
    assert [r["id"] for r in remote["recommended"]] == [r["id"] for r in embedded["recommended"]]
    assert ISOTRETINOIN not in {r["id"] for r in remote["recommended"]}
    # another client tries to delete the pregnancy contraindication
    form = urllib.parse.urlencode({"update": DELETE_CONTRAINDICATION}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert call(porekb_server, "/update", data=form, headers=headers)[0] == 403
    again = recommend(PREGNANT, kb=connect_kb(porekb_server.query_url)).to_json()
    assert ISOTRETINOIN not in {r["id"] for r in again["recommended"]}
    assert [r["id"] for r in again["recommended"]] == [r["id"] for r in embedded["recommended"]]


def test_port_check_ignores_time_wait() -> None:
    """A port whose last connection is in TIME_WAIT is free again at once (SO_REUSEADDR)."""
    from kb.sparql.server import free_port, port_in_use

    port = free_port()
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(1)
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = server.accept()
    conn.close()  # the server side closes first: its end goes to TIME_WAIT
    client.close()
    server.close()
    assert not port_in_use(port)
