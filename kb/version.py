"""The one version of PoreKB: the installed package's metadata (``version`` in ``pyproject.toml``).

The ontology's ``owl:versionInfo`` and its ``owl:versionIRI`` repeat it as data; a test keeps them equal.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _metadata_version

RELEASES_BASE = "https://w3id.org/porekb/releases/"


def version() -> str:
    """The installed ``porekb`` package's version (``0+unknown`` when the package is not installed)."""
    try:
        return _metadata_version("porekb")
    except PackageNotFoundError:
        return "0+unknown"


def release_iri(filename: str, release: str | None = None) -> str:
    """The versioned IRI of a release file: ``https://w3id.org/porekb/releases/<version>/<filename>``."""
    return f"{RELEASES_BASE}{release or version()}/{filename}"
