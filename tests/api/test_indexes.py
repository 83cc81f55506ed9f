"""The range format of completion indexes (upstream indexed_job_utils.go and validateIndexesFormat)."""
import pytest

from k8sjobs_edu.api.indexes import count_indexes, expand_indexes, format_indexes, parse_indexes


@pytest.mark.parametrize("indexes, text", [
    pytest.param([], "", id="no indexes"),
    pytest.param([3], "3", id="a single index"),
    pytest.param([0, 1], "0,1", id="a run of two stays a list"),
    pytest.param([0, 1, 2], "0-2", id="a run of three becomes a range"),
    pytest.param([2, 4, 5, 7, 8, 9], "2,4,5,7-9", id="mixed runs"),
    pytest.param([1, 3, 4, 5, 7], "1,3-5,7", id="a range between singles"),
    pytest.param([9, 8, 7, 1, 1, 0], "0,1,7-9", id="unsorted input with duplicates"),
    pytest.param(range(100_000), "0-99999", id="a long run"),
])
def test_format_indexes(indexes, text):
    assert format_indexes(indexes) == text


@pytest.mark.parametrize("text, completions, intervals", [
    pytest.param("", 5, [], id="empty means none"),
    pytest.param("0,2-3", 10, [(0, 0), (2, 3)], id="the docs' succeededIndexes"),
    pytest.param("1,3-5,7", 8, [(1, 1), (3, 5), (7, 7)], id="singles and a range"),
    pytest.param("+3", 5, [(3, 3)], id="a sign is accepted, as by Go's Atoi"),
])
def test_parse_indexes(text, completions, intervals):
    assert parse_indexes(text, completions) == intervals


@pytest.mark.parametrize("text, completions, message", [
    # Messages of upstream parseIndexInterval / validateIndexesFormat.
    pytest.param("invalid-format", 5, 'cannot convert string to integer for index: "invalid"', id="not a number"),
    pytest.param("1,,2", 5, 'cannot convert string to integer for index: ""', id="an empty fragment"),
    pytest.param("-1", 5, 'cannot convert string to integer for index: ""', id="a negative index"),
    pytest.param(" 1", 5, 'cannot convert string to integer for index: " 1"', id="a space"),
    pytest.param("99999999999999999999", 5, 'cannot convert string to integer for index: "99999999999999999999"',
                 id="beyond int64"),
    pytest.param("5", 5, 'too large index: "5"', id="index equal to completions"),
    pytest.param("0-7", 5, 'too large index: "7"', id="range end too large"),
    pytest.param("3-1", 5, "non-increasing order, previous: 3, current: 1", id="a descending range"),
    pytest.param("2-2", 5, "non-increasing order, previous: 2, current: 2", id="a one-index range"),
    pytest.param("0-2,1", 5, "non-increasing order, previous: 2, current: 1", id="overlapping intervals"),
    pytest.param("1-2-3", 5, "the fragment \"1-2-3\" violates the requirement that an index interval can have at "
                 "most two parts separated by '-'", id="three parts"),
])
def test_parse_indexes_errors(text, completions, message):
    with pytest.raises(ValueError) as caught:
        parse_indexes(text, completions)
    assert str(caught.value) == message


def test_count_and_expand_indexes():
    assert count_indexes("1,3-5,7") == 5
    assert count_indexes("") == 0
    assert expand_indexes("1,3-5") == [1, 3, 4, 5]


def test_format_and_parse_are_inverse():
    indexes = [0, 2, 3, 4, 9, 11, 12]
    assert expand_indexes(format_indexes(indexes), completions=13) == indexes
