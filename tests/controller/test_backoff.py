"""The pod-failure back-off: the record, finish times and delays.

Ported from upstream ``pkg/controller/job/backoff_utils_test.go``
(TestNewBackoffRecord, TestGetFinishedTime, TestGetRemainingBackoffTime,
TestGetRemainingBackoffTimePerIndex) and ``indexed_job_utils_test.go``
(TestGetIndexFailureCount). Upstream's delay tests use a 5 s base and a 700 s
cap; here they use the real constants, 10 s and 600 s (``MaxJobPodFailureBackOff``).
"""
import pytest

from controller_cases import failed, running, succeeded
from k8sjobs_edu.controller import backoff as bo
from k8sjobs_edu.controller.backoff import BackoffRecord

T = 1000.0


def failures(*times):
    return [failed(f"pi-f{i}", finished_at=t) for i, t in enumerate(times)]


def successes(*times):
    return [succeeded(f"pi-s{i}", finished_at=t) for i, t in enumerate(times)]


@pytest.mark.parametrize("old, new_succeeded, new_failed, want", [
    (None, [], failures(T), BackoffRecord(1, T)),
    (None, [], failures(T, T - 0.001), BackoffRecord(2, T)),
    (None, successes(T), failures(T - 0.002, T - 0.001), BackoffRecord(0, None)),
    (None, successes(T - 0.002), failures(T, T - 0.004, T - 0.003, T - 0.001), BackoffRecord(2, T)),
    (BackoffRecord(2, None), [], failures(T), BackoffRecord(3, T)),
    (None, successes(T), failures(T), BackoffRecord(0, None)),
    (None, [], [], BackoffRecord(0, None)),
    (None, successes(T), [], BackoffRecord(0, None)),
    (BackoffRecord(2, 5.0), [], [], BackoffRecord(2, 5.0)),
    (BackoffRecord(4, 5.0), successes(T), [], BackoffRecord(0, None)),
], ids=[
    "no record and one new failure",
    "no record and two new failures: the latest one counts as last",
    "two failures followed by a success reset the count",
    "failures after the last success are the ones that count",
    "a record with two failures and one new failure",
    "a success and a failure at the same moment: the success wins",
    "nothing new and no record",
    "one success",
    "nothing new keeps the record as it was",
    "a new success clears an earlier record",
])
def test_new_backoff_record(old, new_succeeded, new_failed, want):
    assert bo.new_backoff_record(old, new_succeeded, new_failed) == want


@pytest.mark.parametrize("pod, want", [
    (failed("pi-a", created_at=1.0, finished_at=T), T),
    (running("pi-a", created_at=1.0, deleted_at=T), T),
    (running("pi-a", created_at=1.0), 1.0),
], ids=["the containers' finish time", "else the moment the deletion was requested", "else the creation time"])
def test_finished_time(pod, want):
    assert bo.finished_time(pod) == want


def test_finished_time_is_the_deletion_request_not_the_end_of_the_grace_period():
    pod = running("pi-a", deleted_at=T)
    pod.grace_period_seconds = 30  # upstream: deletionTimestamp - grace period = when deletion was asked
    assert bo.finished_time(pod) == T


@pytest.mark.parametrize("failures_count, want", [
    (0, 0.0), (1, 10.0), (2, 20.0), (3, 40.0), (4, 80.0), (5, 160.0), (6, 320.0), (7, 600.0), (30, 600.0),
])
def test_backoff_delay_doubles_from_10_s_up_to_600_s(failures_count, want):
    assert bo.backoff_delay(failures_count) == want


@pytest.mark.parametrize("record, now, want", [
    (BackoffRecord(0, None), T, 0.0),
    (BackoffRecord(1, T), T, 10.0),
    (BackoffRecord(1, T), T + 1, 9.0),
    (BackoffRecord(1, T), T + 10, 0.0),
    (BackoffRecord(1, T), T + 11, 0.0),
    (BackoffRecord(3, T), T, 40.0),
    (BackoffRecord(6, T), T, 320.0),
    (BackoffRecord(7, T), T, 600.0),
], ids=[
    "no failures", "one failure just now", "one failure a second ago", "exactly when the delay ends",
    "after the delay ended", "three failures", "six failures stay under the cap", "seven failures hit the cap",
])
def test_remaining_time(record, now, want):
    assert bo.remaining_time(record.failures_after_last_success, record.last_failure_time, now) == want


@pytest.mark.parametrize("last_failed, want", [
    (None, 0.0),
    (failed("pi-a", index=0, failure_count=2, finished_at=None, deleted_at=T), 40.0),
    (failed("pi-a", index=0, failure_count=1, ignored_failure_count=1, finished_at=None, deleted_at=T), 40.0),
    (failed("pi-a", index=0, failure_count=0, finished_at=T - 4), 6.0),
], ids=["no earlier failure in the index", "two earlier failures: the third waits 40 s",
        "ignored failures count for the per-index delay", "the delay counts from the failed pod's finish"])
def test_remaining_time_per_index(last_failed, want):
    assert bo.remaining_time_per_index(last_failed, T) == want


@pytest.mark.parametrize("value, want", [
    (None, 0), ("2", 2), ("2147483647", 2147483647), ("2147483648", 0), ("-1", 0), ("xyz", 0),
], ids=["no annotation", "a valid value", "the largest int32", "too large", "negative", "not a number"])
def test_index_failure_count_annotation(value, want):
    pod = failed("pi-a", index=0, failure_count=None)
    if value is not None:
        pod.annotations[bo.JOB_INDEX_FAILURE_COUNT] = value
    assert bo.index_failure_count(pod) == want
