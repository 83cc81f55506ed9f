"""Sets of completion indexes as ordered intervals (upstream ``orderedIntervals``).

``status.completedIndexes`` and ``status.failedIndexes`` are written in this
form: ascending, comma-separated, runs of three or more as ``first-last``
(``"2,4,5,7-9"``).
"""
from __future__ import annotations

from bisect import bisect_left


class Intervals:
    """An immutable, ordered list of disjoint, non-adjacent ``(first, last)`` intervals."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: tuple[tuple[int, int], ...] = ()):
        self.pairs = pairs

    @classmethod
    def parse(cls, text: str | None, completions: int) -> Intervals:
        """Lenient parse, as the controller reads its own status (upstream ``parseIndexesFromString``).

        Unreadable pieces are skipped; an interval starting at or beyond ``completions`` ends the parse.
        """
        if not text:
            return cls()
        merged: list[list[int]] = []
        for piece in text.split(","):
            limits = piece.split("-")
            try:
                first = int(limits[0])
            except ValueError:
                continue
            if first >= completions:
                break  # upstream stops here, before it reads the interval's end
            try:
                last = min(int(limits[1]), completions - 1) if len(limits) > 1 else first
            except ValueError:
                continue
            if merged and merged[-1][1] == first - 1:
                merged[-1][1] = last
            else:
                merged.append([first, last])
        return cls(tuple((a, b) for a, b in merged))

    @classmethod
    def of(cls, indexes) -> Intervals:
        return cls().with_indexes(indexes)

    def with_indexes(self, indexes) -> Intervals:
        """A new set that also holds ``indexes`` (any iterable of ints)."""
        new = sorted(set(indexes))
        if not new:
            return self
        return self.merge(Intervals(tuple((i, i) for i in new)))

    def merge(self, other: Intervals) -> Intervals:
        result: list[list[int]] = []
        for first, last in sorted(self.pairs + other.pairs):
            if result and first <= result[-1][1] + 1:
                result[-1][1] = max(result[-1][1], last)
            else:
                result.append([first, last])
        return Intervals(tuple((a, b) for a, b in result))

    def total(self) -> int:
        return sum(last - first + 1 for first, last in self.pairs)

    def has(self, index: int) -> bool:
        position = bisect_left(self.pairs, (index + 1,)) - 1
        return position >= 0 and self.pairs[position][0] <= index <= self.pairs[position][1]

    def overlap(self, other: Intervals) -> int:
        """How many indexes the two sets share."""
        count, i, j = 0, 0, 0
        while i < len(self.pairs) and j < len(other.pairs):
            (a1, b1), (a2, b2) = self.pairs[i], other.pairs[j]
            count += max(0, min(b1, b2) - max(a1, a2) + 1)
            if b1 < b2:
                i += 1
            else:
                j += 1
        return count

    def first_missing(self, count: int, completions: int) -> list[int]:
        """The ``count`` lowest indexes in ``[0, completions)`` not in the set (upstream firstPendingIndexes)."""
        result: list[int] = []
        candidate = 0
        for first, last in self.pairs:
            while candidate < completions and len(result) < count and candidate < first:
                result.append(candidate)
                candidate += 1
            candidate = max(candidate, last + 1)
            if len(result) >= count:
                return result
        while candidate < completions and len(result) < count:
            result.append(candidate)
            candidate += 1
        return result

    def __str__(self) -> str:
        parts = []
        for first, last in self.pairs:
            if last == first:
                parts.append(str(first))
            elif last == first + 1:
                parts.append(f"{first},{last}")
            else:
                parts.append(f"{first}-{last}")
        return ",".join(parts)

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def __eq__(self, other) -> bool:
        return isinstance(other, Intervals) and self.pairs == other.pairs

    def __repr__(self) -> str:
        return f"Intervals({str(self)!r})"
