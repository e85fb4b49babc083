#!/usr/bin/env python3
"""Set up PoreKB in a local virtual environment and run it: the two commands of the README.

    python3 dev.py app      set up, then start the app on http://127.0.0.1:8501 (embedded store)
    python3 dev.py test     set up (incl. Debian's chromium and virtuoso-opensource for the tests), validate the KB,
                            run every test
    python3 dev.py setup    only set up

Needs nothing but Python 3.11+ (and, for the browser tests, Debian's chromium, for the second-engine tests
Debian's virtuoso-opensource, which `test` installs with apt-get when it runs as root). The environment lives in
.venv/; it is installed from requirements-lock.txt (exact versions with hashes) and reinstalled when pyproject.toml
or the lock changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".porekb-installed"
LOCK = ROOT / "requirements-lock.txt"
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = Path("/usr/bin/chromium")


def run(*cmd: str | Path, check: bool = True, env: dict[str, str] | None = None) -> int:
    """Run a command from the repository root, echoing it."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    if check and code != 0:
        sys.exit(code)
    return code


def setup() -> None:
    """Create .venv and install the locked dependencies, then the package, when pyproject.toml or the lock changed.

    The lock (requirements-lock.txt: exact versions with hashes, from PyPI) makes every install the same; the
    package itself is installed on top without dependencies.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the machine has
        sys.exit(f"PoreKB needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    pip = [BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run(*pip, "--require-hashes", "-r", LOCK.name)
    run(*pip, "--no-deps", "-e", ".")
    STAMP.write_text(digest)


def apt_install(package: str, *, preseed: str = "") -> bool:
    """Install a Debian package non-interactively with apt-get (as root, or with password-less sudo);
    ``preseed`` holds debconf answers. False when apt-get cannot be used here."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    sudo = [] if root else ["sudo", "-n"]
    can_sudo = root or (
        shutil.which("sudo") and subprocess.call(["sudo", "-n", "true"], stderr=subprocess.DEVNULL) == 0
    )
    if not (shutil.which("apt-get") and can_sudo):
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if preseed:
        print(f"+ debconf-set-selections ({package})", flush=True)
        subprocess.run([*sudo, "debconf-set-selections"], input=preseed.encode(), check=True)
    run(*sudo, "apt-get", "update", "-qq", env=env)
    run(*sudo, "apt-get", "install", "-y", "-qq", package, env=env)
    return True


def ensure_chromium() -> None:
    """Install Debian's chromium for the browser tests if it is missing (as root, with apt-get)."""
    if CHROMIUM.exists() or apt_install("chromium"):
        return
    message = "Debian's chromium is missing (/usr/bin/chromium): run `sudo apt-get install -y chromium`."
    if os.environ.get("CI") == "true":
        sys.exit(message)
    print(f"warning: {message} The browser tests will be skipped.", flush=True)


# The package's own server (port 1111/8890) is not used: the tests start their own instance on free ports.
VIRTUOSO_PRESEED = """\
virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba
virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba
"""


def ensure_virtuoso() -> None:
    """Install Virtuoso Open Source (the second SPARQL engine the tests check answers on) if it is missing."""
    if shutil.which("virtuoso-t") and shutil.which("isql-vt"):
        return
    if apt_install("virtuoso-opensource", preseed=VIRTUOSO_PRESEED):
        return
    message = "Virtuoso is missing (virtuoso-t): run `sudo apt-get install -y virtuoso-opensource`."
    if os.environ.get("CI") == "true":
        sys.exit(message)
    print(f"warning: {message} The Virtuoso tests will be skipped.", flush=True)


def main(argv: list[str]) -> int:
    """Dispatch ``setup``, ``app`` or ``test``; extra arguments go to ``porekb app`` or ``pytest``."""
    if not argv or argv[0] not in {"setup", "app", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    setup()
    if command == "app":
        # exec, not a child: a signal to `python3 dev.py app` (kill, Ctrl-C) reaches the server itself
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(BIN / "porekb", [str(BIN / "porekb"), "app", *rest])
    if command == "test":
        ensure_chromium()
        ensure_virtuoso()
        args = ["validate"] + (["--sources", str(SEEDS)] if SEEDS.is_dir() else [])
        run(BIN / "porekb", *args)
        run(BIN / "ruff", "check", ".")
        run(BIN / "ruff", "format", "--check", ".")
        return run(BIN / "python", "-m", "pytest", *rest, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
