"""The fixed held-out quarter of every dev set.

Before tuning on a dev set, a quarter of its articles is set aside: its errors
are never read, and every report gives both parts. The split is fixed by the
file names alone, so every tool and every session gets the same quarter: the
files are ranked by the SHA-256 of their base name and the first quarter
(rounded up) of that ranking is held out.

    >>> sorted(held_out(["a.txt", "b.txt", "c.txt", "d.txt"]))
    ['a.txt']
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from pathlib import PurePath

PARTS = ("all", "tune", "heldout")


def _rank_key(name: str) -> str:
    return hashlib.sha256(PurePath(name).name.encode("utf-8")).hexdigest()


def held_out(files: Iterable[str]) -> set[str]:
    """Return the held-out quarter of ``files`` (a fixed choice, see the module docstring)."""
    names = sorted(set(files), key=_rank_key)
    return set(names[: math.ceil(len(names) / 4)])


def part(files: list[str], which: str) -> list[str]:
    """Return the files of ``files`` in part ``which`` (``all``, ``tune`` or ``heldout``), in order."""
    if which not in PARTS:
        raise ValueError(f"unknown part {which!r}; use one of {', '.join(PARTS)}")
    if which == "all":
        return list(files)
    out = held_out(files)
    return [f for f in files if (f in out) == (which == "heldout")]
