"""Running the KB behind a real Oxigraph SPARQL server (the ``oxigraph`` pip package's CLI), and port helpers.

The KB's named graphs, inferences included, are bulk-loaded into an Oxigraph database in a temporary folder
(``oxigraph load``), then ``oxigraph serve-read-only --union-default-graph`` answers on 127.0.0.1. The tests and
benchmarks use it as a second, independent SPARQL server. ``porekb serve`` does not: Oxigraph's server runs
SERVICE, accepts any Host header and keeps a thread per timed-out query, so ``porekb serve`` is our own front
(:mod:`kb.sparql.front`).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kb.errors import EndpointError, PoreKBError, UsageError
from kb.sparql.process import ServerProcess
from kb.store import OxigraphStore, Store

HOST = "127.0.0.1"


def oxigraph_executable() -> str:
    """The ``oxigraph`` CLI: next to this Python (the venv's ``bin``) or on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise EndpointError("the `oxigraph` command was not found: install the `oxigraph` pip package")
    return found


def free_port(host: str = HOST) -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int, host: str = HOST) -> bool:
    """True if something already listens on (or holds) ``host:port``.

    ``SO_REUSEADDR`` as the servers use it: a port whose last connections are in TIME_WAIT is free.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def dataset_nquads(store: Store) -> bytes:
    """Every named graph of a store as N-Quads."""
    if isinstance(store, OxigraphStore):
        return store.native.dump(format=ox.RdfFormat.N_QUADS)
    lines = [
        f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n"
        for g in store.graph_names()
        for s, p, o in store.triples(g)
    ]
    return "".join(lines).encode("utf-8")


def build_database(store: Store, location: Path) -> None:
    """Bulk-load a store's named graphs into an Oxigraph database folder with ``oxigraph load``."""
    location.mkdir(parents=True, exist_ok=True)
    data = location.parent / f"{location.name}.nq"
    data.write_bytes(dataset_nquads(store))
    try:
        done = subprocess.run(
            [oxigraph_executable(), "load", "--location", str(location), "--file", str(data)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        data.unlink(missing_ok=True)
    if done.returncode != 0:
        raise EndpointError(f"oxigraph load failed: {done.stderr.strip()}")


class OxigraphServer(ServerProcess):
    """An ``oxigraph`` server process on 127.0.0.1 holding the KB (a context manager, or start()/stop())."""

    label = "the oxigraph server"

    def __init__(
        self,
        store: Store,
        *,
        port: int | None = None,
        timeout_s: float = 30.0,
        startup_s: float = 60.0,
    ) -> None:
        super().__init__(startup_s=startup_s)
        self.store = store
        self.port = port or free_port()
        self.timeout_s = timeout_s

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``; the query page is at ``/``."""
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.base_url}/query"

    def start(self) -> OxigraphServer:
        """Build the database, start the server and wait until it answers. UsageError if the port is taken."""
        if port_in_use(self.port):
            raise UsageError(
                f"port {self.port} on {HOST} is already in use: stop what runs there or choose "
                f"another port with --port"
            )
        command = [oxigraph_executable()]
        self.workdir = Path(tempfile.mkdtemp(prefix="porekb-oxigraph-"))
        command += ["serve-read-only", "--location", str(self.workdir / "db")]
        command += [
            "--bind",
            f"{HOST}:{self.port}",
            "--union-default-graph",
            "--timeout-s",
            f"{self.timeout_s:g}",
        ]
        try:
            build_database(self.store, self.workdir / "db")
            self.spawn(command)
        except BaseException:
            self.stop()
            raise
        return self

    def exit_error(self, code: int, log: str) -> PoreKBError:
        """A port taken between the check and the bind is a usage error, as before the start."""
        if "in use" in log.lower():
            return UsageError(f"port {self.port} on {HOST} is already in use: choose another with --port")
        return EndpointError(f"the oxigraph server exited with code {code}: {log}")
