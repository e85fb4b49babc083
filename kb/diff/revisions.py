"""A side of a diff on disk: a directory as it is, or a git revision's ``ontology/`` via ``git archive``."""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from kb import paths
from kb.errors import UsageError

ONTOLOGY_FOLDER = "ontology"


@dataclass(frozen=True)
class Side:
    """One side of a diff: what the user named (``spec``), what it is, and its ontology folder on disk."""

    spec: str
    kind: str  # "directory", "revision" or "working tree"
    ontology_dir: Path
    commit: str | None = None

    @property
    def title(self) -> str:
        """A short human name: the spec, with the abbreviated commit for a revision."""
        if self.kind == "revision" and self.commit:
            return f"{self.spec} ({self.commit[:10]})"
        return self.spec


def repo_root(start: Path | None = None) -> Path:
    """The top of the git checkout around ``start`` (default: cwd), else the package's checkout."""
    cwd = start or Path.cwd()
    proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, text=True)
    if proc.returncode == 0 and proc.stdout.strip():
        return Path(proc.stdout.strip())
    return paths.repo_dir()


def ontology_folder(directory: Path) -> Path:
    """The ontology folder in ``directory``: itself if it has ``porekb.ttl``, else ``ontology/``."""
    if (directory / "porekb.ttl").is_file():
        return directory
    if (directory / ONTOLOGY_FOLDER / "porekb.ttl").is_file():
        return directory / ONTOLOGY_FOLDER
    raise UsageError(f"{directory}: neither it nor its {ONTOLOGY_FOLDER}/ holds porekb.ttl")


def resolve_commit(repo: Path, revision: str) -> str | None:
    """The full commit id of ``revision`` in ``repo``, or None if git does not know it."""
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    return proc.stdout.strip() if proc.returncode == 0 else None


def extract_revision(repo: Path, commit: str, target: Path) -> Path:
    """Write the ``ontology/`` folder of ``commit`` under ``target`` (with ``git archive``) and return it."""
    proc = subprocess.run(
        ["git", "archive", "--format=tar", commit, "--", ONTOLOGY_FOLDER], cwd=repo, capture_output=True
    )
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip()
        raise UsageError(f"git archive {commit[:10]} {ONTOLOGY_FOLDER}: {message}")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        tar.extractall(target, filter="data")
    return ontology_folder(target)


def materialise(spec: str | None, workdir: Path, *, repo: Path | None = None, name: str = "side") -> Side:
    """Turn ``spec`` into an ontology folder on disk.

    ``None`` is the working tree; an existing directory is used as it is; anything else must be a git
    revision of ``repo``, whose ``ontology/`` is extracted under ``workdir/name``.
    """
    root = repo or repo_root()
    if spec is None:
        return Side("working tree", "working tree", ontology_folder(root))
    candidate = Path(spec)
    if candidate.is_dir():
        return Side(spec, "directory", ontology_folder(candidate.resolve()))
    commit = resolve_commit(root, spec)
    if commit is None:
        raise UsageError(f"{spec!r} is neither a directory nor a git revision of {root}")
    return Side(spec, "revision", extract_revision(root, commit, workdir / name), commit)
