"""Kubernetes' range format for sets of completion indexes, e.g. ``"1,3-5,7"``.

``status.completedIndexes``, ``status.failedIndexes`` and
``successPolicy.rules[].succeededIndexes`` all use it: ascending,
comma-separated, runs of three or more written ``first-last``.
Mirrors upstream ``pkg/controller/job/indexed_job_utils.go``
(``succeededIndexes.String``) and ``validateIndexesFormat`` /
``parseIndexInterval`` in ``pkg/apis/batch/validation/validation.go``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .intervals import Intervals

MAX_INT32 = 2147483647
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")  # what Go's strconv.Atoi accepts


def format_indexes(indexes: Iterable[int]) -> str:
    """Indexes in range format: ``[2, 4, 5, 7, 8, 9]`` → ``"2,4,5,7-9"`` (a run of two stays ``a,b``)."""
    return str(Intervals.of(indexes))


def _atoi(text: str) -> int:
    # Go's Atoi fails outside int64; checking the length first keeps huge inputs cheap.
    if not _INTEGER.match(text) or len(text.lstrip("+-")) > 19 or abs(int(text)) > 2**63 - 1:
        raise ValueError(f'cannot convert string to integer for index: "{text}"')
    return int(text)


def _parse_interval(text: str, completions: int) -> tuple[int, int]:
    """Upstream ``parseIndexInterval``: ``"3"`` or ``"3-5"``, every index below ``completions``."""
    limits = text.split("-")
    if len(limits) > 2:
        raise ValueError(f'the fragment "{text}" violates the requirement that an index interval '
                         "can have at most two parts separated by '-'")
    first = _atoi(limits[0])
    if first >= completions:
        raise ValueError(f'too large index: "{limits[0]}"')
    if len(limits) == 1:
        return first, first
    last = _atoi(limits[1])
    if last >= completions:
        raise ValueError(f'too large index: "{limits[1]}"')
    if first >= last:
        raise ValueError(f"non-increasing order, previous: {first}, current: {last}")
    return first, last


def parse_indexes(text: str, completions: int) -> list[tuple[int, int]]:
    """Intervals ``[(first, last), ...]`` of a range-format string.

    Raises:
        ValueError: with upstream's message, e.g. ``too large index: "5"``.
    """
    if not text:
        return []
    intervals: list[tuple[int, int]] = []
    for part in text.split(","):
        first, last = _parse_interval(part, completions)
        if intervals and intervals[-1][1] >= first:
            raise ValueError(f"non-increasing order, previous: {intervals[-1][1]}, current: {first}")
        intervals.append((first, last))
    return intervals


def count_indexes(text: str, completions: int = MAX_INT32) -> int:
    """How many indexes a range-format string names: ``"1,3-5"`` → 4."""
    return sum(last - first + 1 for first, last in parse_indexes(text, completions))


def expand_indexes(text: str, completions: int = MAX_INT32) -> list[int]:
    """Every index of a range-format string, ascending: ``"1,3-5"`` → ``[1, 3, 4, 5]``."""
    return [index for first, last in parse_indexes(text, completions) for index in range(first, last + 1)]
