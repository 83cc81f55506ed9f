"""The pod-failure back-off record and delays (upstream ``backoff_utils.go``).

The Job controller keeps, in memory, how many pods failed since the last
success and when the last one failed; a replacement pod waits
``10 s × 2^(n-1)`` (at most 10 minutes) after the last failure.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..api.model import Pod
from ..api.wellknown import JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT

DEFAULT_JOB_POD_FAILURE_BACKOFF = 10.0  # DefaultJobPodFailureBackOff
MAX_JOB_POD_FAILURE_BACKOFF = 600.0  # MaxJobPodFailureBackOff (the docs' "six minutes" is the old cap)


@dataclass(frozen=True)
class BackoffRecord:
    """Failures since the last success, and the time of the last one (upstream ``backoffRecord``)."""

    failures_after_last_success: int = 0
    last_failure_time: float | None = None


def finished_time(pod: Pod) -> float:
    """When the pod finished (upstream ``getFinishedTime``).

    The containers' finish time, else the moment the deletion was asked for
    (``deletionTimestamp - grace period``; our ``deleted_at`` is that moment
    already), else the creation time.
    """
    if pod.finished_at is not None:
        return pod.finished_at
    if pod.deleted_at is not None:
        return pod.deleted_at
    return pod.created_at


def new_backoff_record(old: BackoffRecord | None, new_succeeded: list[Pod],
                       new_failed: list[Pod]) -> BackoffRecord:
    """The record after this sync's newly finished pods (upstream ``newBackoffRecord``)."""
    record = old or BackoffRecord()
    if not new_failed:
        return BackoffRecord() if new_succeeded else record
    failed_times = sorted(finished_time(p) for p in new_failed)
    if not new_succeeded:
        return BackoffRecord(record.failures_after_last_success + len(failed_times), failed_times[-1])
    # A success resets the count to the failures that happened after it.
    last_success = max(finished_time(p) for p in new_succeeded)
    after = [t for t in failed_times if t > last_success]
    return BackoffRecord(len(after), after[-1] if after else None)


def backoff_delay(failures: int) -> float:
    """``10 s × 2^(failures-1)``, capped at 600 s; 0 without failures."""
    if failures <= 0:
        return 0.0
    delay = DEFAULT_JOB_POD_FAILURE_BACKOFF
    for _ in range(1, failures):
        delay *= 2
        if delay >= MAX_JOB_POD_FAILURE_BACKOFF:
            return MAX_JOB_POD_FAILURE_BACKOFF
    return delay


def remaining_time(failures: int, last_failure_time: float | None, now: float) -> float:
    """Seconds until a replacement may be created (upstream ``getRemainingTimeForFailuresCount``)."""
    if failures == 0 or last_failure_time is None:
        return 0.0
    elapsed = now - last_failure_time
    delay = backoff_delay(failures)
    return 0.0 if delay < elapsed else delay - elapsed


def index_failure_count(pod: Pod) -> int:
    """The pod's ``job-index-failure-count`` annotation (0 when missing or bad)."""
    return _annotation_int(pod, JOB_INDEX_FAILURE_COUNT)


def index_ignored_failure_count(pod: Pod) -> int:
    return _annotation_int(pod, JOB_INDEX_IGNORED_FAILURE_COUNT)


def remaining_time_per_index(last_failed_pod: Pod | None, now: float) -> float:
    """Per-index back-off from the index's last failed pod (upstream ``getRemainingTimePerIndex``)."""
    if last_failed_pod is None:
        return 0.0
    failures = index_failure_count(last_failed_pod) + index_ignored_failure_count(last_failed_pod) + 1
    return remaining_time(failures, finished_time(last_failed_pod), now)


def _annotation_int(pod: Pod, key: str) -> int:
    try:
        value = int(pod.annotations.get(key, "0"))
    except ValueError:
        return 0
    return value if 0 <= value <= 2147483647 else 0
