"""Small cells kept out of a published report, so that no result points at one person.

A library's row for a principle is left out when either round has fewer than
`min_cell` visits there (primary suppression). A published total would give a
lone left-out row back (the total less the rows shown), so then the smallest
other row is left out too (secondary suppression), and when there is no other
row the total itself is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Suppressed:
    rows: frozenset[tuple[str, str]]
    """(library, principle) rows left out of the per-library tables and charts."""
    totals: frozenset[str]
    """Principles whose all-libraries figure would reveal a left-out row."""
    secondary: frozenset[tuple[str, str]] = frozenset()
    """The rows of `rows` that are large enough, left out to protect a small one."""


def suppress(counts: Mapping[tuple[str, str, str], int], min_cell: int) -> Suppressed:
    """`counts`: (library, round, principle) → visits; every round shown must be in it."""
    rounds = {r for _, r, _ in counts}
    rows_n: dict[str, dict[str, int]] = defaultdict(dict)  # principle → library → smallest n
    for (library, _, principle), n in counts.items():
        rows_n[principle][library] = min(n, rows_n[principle].get(library, n))
    for principle, libraries in rows_n.items():
        for library in libraries:  # a round with no visit at all is a cell of 0
            if any((library, r, principle) not in counts for r in rounds):
                libraries[library] = 0
    hidden: set[tuple[str, str]] = set()
    secondary: set[tuple[str, str]] = set()
    totals: set[str] = set()
    for principle, libraries in rows_n.items():
        small = {lib for lib, n in libraries.items() if n < min_cell}
        if len(small) == 1:
            others = sorted((n, lib) for lib, n in libraries.items() if lib not in small)
            if others:
                small.add(others[0][1])
                secondary.add((others[0][1], principle))
            else:
                totals.add(principle)
        hidden |= {(lib, principle) for lib in small}
    return Suppressed(frozenset(hidden), frozenset(totals), frozenset(secondary))
