"""What tests read about child processes (Linux /proc): a process's children, and whether one still runs."""

from __future__ import annotations


def children(pid: int) -> list[int]:
    """The pids of a process's direct children ([] when it is gone)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return "\nState:\tZ" not in fh.read()
    except FileNotFoundError:
        return False
