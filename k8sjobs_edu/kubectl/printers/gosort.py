"""Go's ``sort.Sort`` (pattern-defeating quicksort), so that ties come out where Go leaves them.

``kubectl get --sort-by`` sorts with ``sort.Sort``, which is not stable:
up to 12 rows it is an insertion sort (equal rows keep their order), beyond
that equal rows may trade places. This is a line-by-line port of Go's
src/sort/zsortinterface.go and sort.go as of Go 1.24, the Go kubectl 1.34 is
built with; ``less(x, y)`` plays ``data.Less`` on the elements, and swaps
happen in ``items``. tests/test_gosort.py holds orders real Go produced.
"""
from __future__ import annotations

from typing import Callable

INCREASING, DECREASING, UNKNOWN = "increasing", "decreasing", "unknown"
_MASK64 = (1 << 64) - 1


def go_sort(items: list, less: Callable) -> None:
    """sort.Sort: sort ``items`` in place by ``less``, exactly as Go orders them."""
    n = len(items)
    if n <= 1:
        return
    _pdqsort(items, less, 0, n, n.bit_length())


def _swap(items: list, i: int, j: int) -> None:
    items[i], items[j] = items[j], items[i]


def _less(items: list, less: Callable, i: int, j: int) -> bool:
    return less(items[i], items[j])


def _insertion_sort(items: list, less: Callable, a: int, b: int) -> None:
    for i in range(a + 1, b):
        j = i
        while j > a and _less(items, less, j, j - 1):
            _swap(items, j, j - 1)
            j -= 1


def _sift_down(items: list, less: Callable, lo: int, hi: int, first: int) -> None:
    root = lo
    while True:
        child = 2 * root + 1
        if child >= hi:
            return
        if child + 1 < hi and _less(items, less, first + child, first + child + 1):
            child += 1
        if not _less(items, less, first + root, first + child):
            return
        _swap(items, first + root, first + child)
        root = child


def _heap_sort(items: list, less: Callable, a: int, b: int) -> None:
    first, hi = a, b - a
    for i in range((hi - 1) // 2, -1, -1):
        _sift_down(items, less, i, hi, first)
    for i in range(hi - 1, -1, -1):
        _swap(items, first, first + i)
        _sift_down(items, less, 0, i, first)


def _pdqsort(items: list, less: Callable, a: int, b: int, limit: int) -> None:
    was_balanced, was_partitioned = True, True
    while True:
        length = b - a
        if length <= 12:
            _insertion_sort(items, less, a, b)
            return
        if limit == 0:
            _heap_sort(items, less, a, b)
            return
        if not was_balanced:
            _break_patterns(items, a, b)
            limit -= 1
        pivot, hint = _choose_pivot(items, less, a, b)
        if hint == DECREASING:
            _reverse_range(items, a, b)
            pivot = (b - 1) - (pivot - a)
            hint = INCREASING
        if was_balanced and was_partitioned and hint == INCREASING:
            if _partial_insertion_sort(items, less, a, b):
                return
        if a > 0 and not _less(items, less, a - 1, pivot):
            a = _partition_equal(items, less, a, b, pivot)
            continue
        mid, was_partitioned = _partition(items, less, a, b, pivot)
        left, right = mid - a, b - mid
        threshold = length // 8
        if left < right:
            was_balanced = left >= threshold
            _pdqsort(items, less, a, mid, limit)
            a = mid + 1
        else:
            was_balanced = right >= threshold
            _pdqsort(items, less, mid + 1, b, limit)
            b = mid


def _partition(items: list, less: Callable, a: int, b: int, pivot: int) -> tuple[int, bool]:
    _swap(items, a, pivot)
    i, j = a + 1, b - 1
    while i <= j and _less(items, less, i, a):
        i += 1
    while i <= j and not _less(items, less, j, a):
        j -= 1
    if i > j:
        _swap(items, j, a)
        return j, True
    _swap(items, i, j)
    i, j = i + 1, j - 1
    while True:
        while i <= j and _less(items, less, i, a):
            i += 1
        while i <= j and not _less(items, less, j, a):
            j -= 1
        if i > j:
            break
        _swap(items, i, j)
        i, j = i + 1, j - 1
    _swap(items, j, a)
    return j, False


def _partition_equal(items: list, less: Callable, a: int, b: int, pivot: int) -> int:
    _swap(items, a, pivot)
    i, j = a + 1, b - 1
    while True:
        while i <= j and not _less(items, less, a, i):
            i += 1
        while i <= j and _less(items, less, a, j):
            j -= 1
        if i > j:
            return i
        _swap(items, i, j)
        i, j = i + 1, j - 1


def _partial_insertion_sort(items: list, less: Callable, a: int, b: int) -> bool:
    max_steps, shortest_shifting = 5, 50
    i = a + 1
    for _ in range(max_steps):
        while i < b and not _less(items, less, i, i - 1):
            i += 1
        if i == b:
            return True
        if b - a < shortest_shifting:
            return False
        _swap(items, i, i - 1)
        if i - a >= 2:  # shift the smaller one to the left
            for j in range(i - 1, 0, -1):
                if not _less(items, less, j, j - 1):
                    break
                _swap(items, j, j - 1)
        if b - i >= 2:  # shift the greater one to the right
            for j in range(i + 1, b):
                if not _less(items, less, j, j - 1):
                    break
                _swap(items, j, j - 1)
    return False


def _break_patterns(items: list, a: int, b: int) -> None:
    length = b - a
    if length < 8:
        return
    random = length  # Go seeds its xorshift with the length: deterministic
    # xorshift.Next: Go 1.24 shifts by 13, 7, 17 (golang/go#70144); Go 1.19-1.23 by 13, 17, 5.
    modulus = 1 << length.bit_length()
    for idx in range(a + (length // 4) * 2 - 1, a + (length // 4) * 2 + 2):
        random ^= (random << 13) & _MASK64
        random ^= random >> 7
        random ^= (random << 17) & _MASK64
        other = random & (modulus - 1)
        if other >= length:
            other -= length
        _swap(items, idx, a + other)


def _choose_pivot(items: list, less: Callable, a: int, b: int) -> tuple[int, str]:
    length = b - a
    swaps = [0]
    i, j, k = a + length // 4 * 1, a + length // 4 * 2, a + length // 4 * 3
    if length >= 8:
        if length >= 50:  # Tukey's ninther
            i = _median(items, less, i - 1, i, i + 1, swaps)
            j = _median(items, less, j - 1, j, j + 1, swaps)
            k = _median(items, less, k - 1, k, k + 1, swaps)
        j = _median(items, less, i, j, k, swaps)
    if swaps[0] == 0:
        return j, INCREASING
    if swaps[0] == 12:
        return j, DECREASING
    return j, UNKNOWN


def _order2(items: list, less: Callable, a: int, b: int, swaps: list) -> tuple[int, int]:
    if _less(items, less, b, a):
        swaps[0] += 1
        return b, a
    return a, b


def _median(items: list, less: Callable, a: int, b: int, c: int, swaps: list) -> int:
    a, b = _order2(items, less, a, b, swaps)
    b, c = _order2(items, less, b, c, swaps)
    a, b = _order2(items, less, a, b, swaps)
    return b


def _reverse_range(items: list, a: int, b: int) -> None:
    i, j = a, b - 1
    while i < j:
        _swap(items, i, j)
        i, j = i + 1, j - 1
