"""Sets of completion indexes and their range format ("2,4,5,7-9").

Ported from upstream ``pkg/controller/job/indexed_job_utils_test.go``
(TestCalculateSucceededIndexes, TestIntervalsHaveIndex, TestFirstPendingIndexes)
and the format examples of ``job_controller_test.go`` ("2,4,5,7-9", "0-4,6").
"""
import pytest
from hypothesis import given, settings, strategies as st

from k8sjobs_edu.api.intervals import Intervals


def pairs(intervals):
    return list(intervals.pairs)


@pytest.mark.parametrize("text, completions, want", [
    ("", 5, []),
    ("0-5,8-10", 8, [(0, 5)]),
    ("0-5,8-10", 10, [(0, 5), (8, 9)]),
    ("0,1-foo,bar", 4, [(0, 0)]),
    ("0,1,2,4", 10, [(0, 2), (4, 4)]),
    ("3", 2, []),
], ids=["empty", "an interval beyond completions is dropped", "an interval crossing completions is cut",
        "corrupted pieces are skipped", "touching pieces are joined", "an index beyond completions is dropped"])
def test_parse(text, completions, want):
    assert pairs(Intervals.parse(text, completions)) == want


@pytest.mark.parametrize("previous, new, want", [
    ("", [1], [(1, 1)]),
    ("", [5, 10], [(5, 5), (10, 10)]),
    ("", [2, 3, 5, 6, 7], [(2, 3), (5, 7)]),
    ("0,4,5,10-12", [2, 7, 8], [(0, 0), (2, 2), (4, 5), (7, 8), (10, 12)]),
    ("3,4,6", [2, 7, 8], [(2, 4), (6, 8)]),
    ("2,7,8", [3, 4, 6], [(2, 4), (6, 8)]),
    ("2-7", [0, 3, 5, 9], [(0, 0), (2, 7), (9, 9)]),
    ("0-2", [1, 1, 2], [(0, 2)]),
], ids=["one index", "two separate", "two intervals", "earlier and new separate", "earlier between new",
        "new between earlier", "new within earlier", "repeated indexes count once"])
def test_with_indexes(previous, new, want):
    assert pairs(Intervals.parse(previous, 20).with_indexes(new)) == want


@pytest.mark.parametrize("indexes, want", [
    ([], ""),
    ([0, 1, 2], "0-2"),
    ([0, 1], "0,1"),
    ([2, 4, 5, 7, 8, 9], "2,4,5,7-9"),
    ([1, 3, 4, 5, 7], "1,3-5,7"),
    ([0, 1, 2, 3, 4, 6], "0-4,6"),
], ids=["nothing", "a run of three collapses", "a run of two stays a list", "the documented example",
        "runs in the middle", "an index after a run"])
def test_range_format(indexes, want):
    assert str(Intervals.of(indexes)) == want


@pytest.mark.parametrize("intervals, index, want", [
    ([], 4, False),
    ([(2, 4), (5, 7)], 1, False),
    ([(2, 4), (6, 8)], 9, False),
    ([(2, 4), (6, 8)], 5, False),
    ([(2, 4), (6, 8)], 2, True),
    ([(2, 4), (6, 8)], 8, True),
], ids=["empty", "before all", "after all", "in between", "in first", "in second"])
def test_has(intervals, index, want):
    assert Intervals(tuple(intervals)).has(index) is want


@pytest.mark.parametrize("count, completions, active, succeeded, failed, want", [
    (5, 3, [], [], [], [0, 1, 2]),
    (2, 5, [], [], [], [0, 1]),
    (3, 10, [0, 1], [], [], [2, 3, 4]),
    (6, 6, [6], [4, 5], [], [0, 1, 2, 3]),
    (5, 20, [3, 5, 8], [2, 3, 4, 9], [], [0, 1, 6, 7, 10]),
    (5, 20, [3, 9], [1, 5, 9], [2, 6, 7], [0, 4, 8, 10, 11]),
], ids=["count greater than completions", "count less than completions", "first indexes active",
        "last indexes active or succeeded", "mixed", "with failed indexes"])
def test_first_missing_gives_the_lowest_pending_indexes(count, completions, active, succeeded, failed, want):
    taken = Intervals.of(succeeded).with_indexes(active).merge(Intervals.of(failed))
    assert taken.first_missing(count, completions) == want


def test_total_and_overlap():
    a, b = Intervals.of([0, 1, 2, 5, 6]), Intervals.of([2, 3, 6, 9])
    assert (a.total(), b.total(), a.overlap(b), b.overlap(a)) == (5, 4, 2, 2)


def test_merge_joins_touching_intervals():
    assert str(Intervals.of([0, 1]).merge(Intervals.of([2, 4]))) == "0-2,4"


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.sets(st.integers(0, 60)))
def test_the_range_format_reads_back_as_the_same_set(indexes):
    text = str(Intervals.of(indexes))
    parsed = Intervals.parse(text, 61)
    assert {i for first, last in parsed.pairs for i in range(first, last + 1)} == indexes
    assert str(parsed) == text and parsed.total() == len(indexes)
