"""Adjusted p-values for many changes looked at together (`compare --change --adjust`).

A lead who reads fifty changes at 95 % will see about two or three "clear"
ones even where nothing changed. Holm's step-down method keeps the chance of
even one false "clear" below 5 %; Benjamini and Hochberg's step-up method
keeps the expected share of false ones among the clear below 5 %, and so
finds more. Both return adjusted p-values in the order given: a change is
clear after adjustment when its adjusted p-value is below 0.05.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Method = Literal["holm", "bh"]


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm (1979): the i-th smallest of m becomes max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎)."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        out[i] = running
    return out


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg (1995): the i-th smallest becomes min over j ≥ i of min(1, m·p₍ⱼ₎/j)."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    out = [0.0] * m
    running = 1.0
    for rank in range(m - 1, -1, -1):
        i = order[rank]
        running = min(running, min(1.0, m * p_values[i] / (rank + 1)))
        out[i] = running
    return out


def adjust(p_values: Sequence[float], method: Method) -> list[float]:
    if method == "holm":
        return holm(p_values)
    if method == "bh":
        return benjamini_hochberg(p_values)
    raise ValueError(f"unknown adjustment {method!r} (holm or bh)")
