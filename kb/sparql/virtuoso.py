"""Running the KB on a real Virtuoso Open Source server (Debian's ``virtuoso-opensource``): a second SPARQL engine.

:class:`VirtuosoServer` starts its own ``virtuoso-t`` with its own ``virtuoso.ini`` in a temporary folder,
listening on 127.0.0.1 only (a SQL port for ``isql-vt``, an HTTP port for ``/sparql``; the folder is on tmpfs,
``/dev/shm``, where there is one, so nothing written to it reaches a disk), bulk-loads a store's
named graphs (``ld_dir`` + ``rdf_loader_run`` on an N-Quads dump: the graphs keep their IRIs), and lets the
``SPARQL`` web user run SPARQL Update (the engine's per-request case graphs). ``stop()`` ends the process and
deletes the folder. The settings PoreKB needs from any Virtuoso are in :data:`SPARQL_SETTINGS` and
``docs/DEPLOY.md``.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kb.errors import EndpointError
from kb.sparql.process import ServerProcess
from kb.sparql.server import HOST, dataset_nquads, free_port
from kb.store import Store

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
DBA_PASSWORD = "dba"  # the instance listens on 127.0.0.1 only and lives in a temporary folder

# [SPARQL] settings PoreKB needs: Virtuoso's defaults cut result sets at 10,000 rows *silently* and refuse
# queries whose estimated cost is high; both would change answers on a big KB.
SPARQL_SETTINGS = {
    "ResultSetMaxRows": "10000000",
    "MaxQueryCostEstimationTime": "0",
    "MaxQueryExecutionTime": "0",
    "MaxSortedTopRows": "10000000",
}

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
{sparql}
"""


def _die_with_parent() -> None:
    """In the child before exec (Linux): SIGTERM when the Python process that started it dies, so that a
    killed test run or benchmark leaves no ``virtuoso-t`` behind."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def virtuoso_available() -> bool:
    """True when ``virtuoso-t`` and ``isql-vt`` are on the PATH (Debian: ``apt-get install virtuoso-opensource``)."""
    return shutil.which(VIRTUOSO) is not None and shutil.which(ISQL) is not None


class VirtuosoServer(ServerProcess):
    """A ``virtuoso-t`` process on 127.0.0.1 holding a store's named graphs (a context manager, or start/stop).

    ``buffers`` is Virtuoso's ``NumberOfBuffers`` (8 KiB pages held in memory): about 85,000 per GiB of RAM
    the instance may use; the default (64k, ~0.5 GiB) holds a few million triples.
    """

    label = "virtuoso-t"
    stop_grace_s = 20.0
    poll_s = 0.1

    def __init__(
        self,
        store: Store | None = None,
        *,
        writable: bool = True,
        buffers: int = 65_536,
        startup_s: float = 60.0,
        load_timeout_s: float = 1800.0,
    ) -> None:
        super().__init__(startup_s=startup_s)
        self.store = store
        self.writable = writable
        self.buffers = buffers
        self.load_timeout_s = load_timeout_s
        self.sql_port = 0
        self.http_port = 0
        self.load_seconds = 0.0

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{HOST}:{self.http_port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol endpoint (queries)."""
        return f"{self.base_url}/sparql"

    @property
    def update_url(self) -> str | None:
        """The same endpoint takes SPARQL Update once the ``SPARQL`` user may (writable servers only)."""
        return f"{self.base_url}/sparql" if self.writable else None

    def start(self) -> VirtuosoServer:
        """Write virtuoso.ini, start ``virtuoso-t``, wait until it answers, load the store."""
        if not virtuoso_available():
            raise EndpointError(
                "Virtuoso is not installed (virtuoso-t / isql-vt not found): "
                "apt-get install -y virtuoso-opensource"
            )
        # in memory (tmpfs) where there is one: case graphs written by SPARQL Update never reach a disk
        shm = Path("/dev/shm")
        memory = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
        self.workdir = Path(tempfile.mkdtemp(prefix="porekb-virtuoso-", dir=memory))
        self.sql_port, self.http_port = free_port(), free_port()
        while self.http_port == self.sql_port:
            self.http_port = free_port()
        sparql = "\n".join(f"{k} = {v}" for k, v in SPARQL_SETTINGS.items())
        ini = self.workdir / "virtuoso.ini"
        ini.write_text(
            _INI.format(
                dir=self.workdir,
                host=HOST,
                sql_port=self.sql_port,
                http_port=self.http_port,
                buffers=self.buffers,
                dirty=self.buffers * 3 // 4,
                sparql=sparql,
            ),
            encoding="utf-8",
        )
        try:
            self.spawn(
                [VIRTUOSO, "+configfile", str(ini), "+foreground"],
                cwd=self.workdir,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
            if self.writable:
                self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
            if self.store is not None:
                self.load(self.store)
        except BaseException:
            self.stop()
            raise
        return self

    def sql(self, statements: str, *, timeout_s: float = 120.0) -> str:
        """Run SQL statements with ``isql-vt`` as dba; EndpointError with Virtuoso's message if one fails."""
        try:
            done = subprocess.run(
                [ISQL, f"{HOST}:{self.sql_port}", "dba", DBA_PASSWORD, "VERBOSE=OFF", "BANNER=OFF"],
                input=statements + "\n",
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise EndpointError(f"isql-vt did not finish within {timeout_s:g} s") from None
        output = done.stdout + done.stderr
        errors = [line for line in output.splitlines() if "*** Error" in line or line.startswith("Error")]
        if done.returncode != 0 or errors:
            raise EndpointError(f"Virtuoso SQL failed: {(errors or [output.strip()])[0][:500]}")
        return done.stdout

    def load(self, store: Store) -> None:
        """Bulk-load every named graph of ``store`` (an N-Quads dump through Virtuoso's ``ld_dir`` loader)."""
        assert self.workdir is not None
        started = time.perf_counter()
        folder = self.workdir / "load"
        folder.mkdir(exist_ok=True)
        dump = folder / "dataset.nq"
        dump.write_bytes(dataset_nquads(store))
        try:
            self.sql(
                f"ld_dir('{folder}', 'dataset.nq', 'urn:porekb:load-default');\n"
                "rdf_loader_run();\ncheckpoint;\n",
                timeout_s=self.load_timeout_s,
            )
            failed = self.sql(
                "SELECT 'LOAD-ERROR: ' || ll_error FROM DB.DBA.LOAD_LIST "
                f"WHERE ll_file LIKE '{folder}/%' AND ll_error IS NOT NULL;"
            )
            errors = [line.strip() for line in failed.splitlines() if "LOAD-ERROR: " in line]
            if errors:
                raise EndpointError(f"Virtuoso could not load the KB: {errors[0][:500]}")
        finally:
            dump.unlink(missing_ok=True)
            self.sql(f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '{folder}/%';")
        self._warm_up()
        self.load_seconds = time.perf_counter() - started

    def _warm_up(self) -> None:
        """The first SPARQL query after a bulk load takes time that grows with the data (26 s at 1e5 triples
        here, then 0.3 s for the same query): pay it as part of loading, not in the first user's query."""
        probe = f"{self.query_url}?{urllib.parse.urlencode({'query': 'ASK { ?s ?p ?o }'})}"
        try:
            with urllib.request.urlopen(probe, timeout=self.load_timeout_s) as response:
                response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            raise EndpointError(f"Virtuoso did not answer after loading: {exc}") from None
