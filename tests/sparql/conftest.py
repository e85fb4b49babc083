"""Fixtures for the SPARQL tests: the real KB in both embedded stores, real Oxigraph and Virtuoso server processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.knowledge_base import KnowledgeBase, load_kb
from kb.sparql.front import SparqlFront
from kb.sparql.server import OxigraphServer, dataset_nquads
from kb.sparql.virtuoso import VirtuosoServer


@pytest.fixture(scope="session")
def ox_kb() -> KnowledgeBase:
    """The real KB in the embedded default store (pyoxigraph)."""
    return load_kb(store="oxigraph")


@pytest.fixture(scope="session")
def rdflib_kb() -> KnowledgeBase:
    """The real KB in rdflib's memory store."""
    return load_kb(store="rdflib")


@pytest.fixture(scope="session")
def oxigraph_server(ox_kb: KnowledgeBase) -> Iterator[OxigraphServer]:
    """A real `oxigraph serve-read-only` process on a free 127.0.0.1 port with the KB; stopped after."""
    server = OxigraphServer(ox_kb.store, timeout_s=2).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def porekb_server(ox_kb: KnowledgeBase) -> Iterator[SparqlFront]:
    """Our own endpoint (`porekb serve`'s front and worker pool) on a free 127.0.0.1 port; stopped after."""
    front = SparqlFront(dataset_nquads(ox_kb.store), port=0, timeout_s=2, workers=2).start()
    try:
        yield front
    finally:
        front.stop()


def require_virtuoso() -> None:
    """Install Virtuoso with apt-get when it is missing and apt-get is usable (as root or in CI); otherwise skip
    with what to install, except in CI (``CI=true``), where a missing Virtuoso is a failure."""
    import os
    import shutil
    import subprocess

    from kb.sparql.virtuoso import virtuoso_available

    if virtuoso_available():
        return
    ci = os.environ.get("CI", "").lower() == "true"
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if shutil.which("apt-get") and (root or ci):
        sudo = [] if root else ["sudo", "-n"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        preseed = "".join(
            f"virtuoso-opensource-7 virtuoso-opensource-7/{key} password dba\n"
            for key in ("dba-password", "dba-password-again")
        )
        subprocess.run([*sudo, "debconf-set-selections"], input=preseed.encode(), check=False)
        subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "virtuoso-opensource"],
            env=env,
            check=False,
            capture_output=True,
        )
    if virtuoso_available():
        return
    message = "Virtuoso Open Source is not installed (virtuoso-t): apt-get install -y virtuoso-opensource"
    if ci:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def virtuoso_server(ox_kb: KnowledgeBase) -> Iterator[VirtuosoServer]:
    """A real ``virtuoso-t`` on free 127.0.0.1 ports, own virtuoso.ini in a temporary folder, holding the KB's
    named graphs with their inferences and accepting SPARQL Update (case graphs); stopped and deleted after."""
    require_virtuoso()
    server = VirtuosoServer(ox_kb.store).start()
    try:
        yield server
    finally:
        server.stop()
