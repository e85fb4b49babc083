"""Where the declarative knowledge lives: the ``ontology/`` folder of a checkout or the copy inside the wheel."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The folder with ``porekb.ttl``, ``facts/``, ``shapes/``, ``rules/``, ``qc/``, ``queries/``, ``policy/``.

    ``POREKB_ONTOLOGY`` overrides it (used to validate or diff another copy of the KB).
    """
    override = os.environ.get("POREKB_ONTOLOGY")
    if override:
        return Path(override).resolve()
    return installed_ontology_dir()


def installed_ontology_dir() -> Path:
    """The ``ontology/`` folder that ships with the engine (checkout or wheel), whatever ``POREKB_ONTOLOGY`` says:
    the engine's own SPARQL (``browse/``) is read from here, so a KB copy or an older revision needs none."""
    checkout = _PACKAGE_DIR.parent / "ontology"
    if (checkout / "porekb.ttl").is_file():
        return checkout
    return _PACKAGE_DIR / "_ontology"


def browse_queries_dir() -> Path:
    """The term browser's queries (``ontology/browse/``): the app's Explore page, the docs, the claims index."""
    return installed_ontology_dir() / "browse"


def repo_dir() -> Path:
    """The root of the checkout (where ``tests/`` and ``pyproject.toml`` are)."""
    return _PACKAGE_DIR.parent


def cache_dir() -> Path:
    """Where derived artefacts (the reasoner's classification) are cached, keyed by content hash."""
    base = os.environ.get("POREKB_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "porekb"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path
