"""Disjoint spans taken so far, for rules that keep the first of overlapping matches.

Candidates arrive in priority order, not in text order, so each must be tested
against those already kept; kept spans are disjoint, so sorted by start only
the two neighbours of a new span can overlap it. Testing against every kept
span instead makes a page of thousands of mentions cost their square.
"""

from __future__ import annotations

from bisect import bisect_right


class DisjointSpans:
    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect_right(self._starts, start)
        if at and self._ends[at - 1] > start and end > self._starts[at - 1]:
            return True
        return at < len(self._starts) and self._starts[at] < end

    def add(self, start: int, end: int) -> None:
        """Keep ``[start, end)``, which overlaps no kept span."""
        at = bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)

    def take(self, start: int, end: int) -> bool:
        """Keep ``[start, end)`` if it overlaps no kept span; whether it was kept."""
        if self.overlaps(start, end):
            return False
        self.add(start, end)
        return True
