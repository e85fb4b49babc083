"""The on-disk cache of derived artefacts (reasoner classification, parsed rules) as JSON data, never pickle.

A cache file is only trusted when it is a regular file owned by this user and not writable by others; an
unreadable, malformed or untrusted one is ignored (and rebuilt). A cache folder that cannot be created or
written (read-only, missing) only means no caching: nothing fails because of it.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node, Variable

from kb import paths

log = logging.getLogger(__name__)


def term_to_data(term: Node) -> list[str]:
    """An rdflib term (or SPARQL variable) as a small JSON list."""
    if isinstance(term, URIRef):
        return ["u", str(term)]
    if isinstance(term, Variable):
        return ["v", str(term)]
    if isinstance(term, BNode):
        return ["b", str(term)]
    if isinstance(term, Literal):
        if term.language:
            return ["l", str(term), "@" + term.language]
        return ["l", str(term), str(term.datatype) if term.datatype else ""]
    raise TypeError(f"not an RDF term: {term!r}")


def term_from_data(data: Any) -> Node:
    """The inverse of :func:`term_to_data`; ValueError for anything else."""
    if not isinstance(data, list) or not data or not all(isinstance(x, str) for x in data):
        raise ValueError(f"not a cached term: {data!r}")
    kind = data[0]
    if kind == "u" and len(data) == 2:
        return URIRef(data[1])
    if kind == "v" and len(data) == 2:
        return Variable(data[1])
    if kind == "b" and len(data) == 2:
        return BNode(data[1])
    if kind == "l" and len(data) == 3:
        extra = data[2]
        if extra.startswith("@"):
            return Literal(data[1], lang=extra[1:])
        return Literal(data[1], datatype=URIRef(extra) if extra else None)
    raise ValueError(f"not a cached term: {data!r}")


def cache_path(name: str) -> Path | None:
    """``name`` in the cache folder, or None when there is no usable cache folder."""
    try:
        return paths.cache_dir() / name
    except OSError as exc:
        log.warning("no cache: %s", exc)
        return None


def read(name: str) -> Any | None:
    """The JSON data of a trusted cache file, or None."""
    path = cache_path(name)
    if path is None:
        return None
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            log.warning("ignoring cache file %s: not owned by this user or writable by others", path)
            return None
        with path.open("r", encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("ignoring unreadable cache file %s: %s", path, exc)
        return None


def write(name: str, data: Any) -> None:
    """Write a cache file atomically (temp file + rename); a failure is logged and ignored."""
    path = cache_path(name)
    if path is None:
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        log.warning("could not write the cache file %s: %s", path, exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
