"""Suspending and resuming a Job, and activeDeadlineSeconds.

Ported from upstream ``job_controller_test.go`` (TestControllerSyncJob's
suspend cases, TestSyncJobPastDeadline, TestSingleJobFailedCondition,
TestJobBackoffForOnFailure "suspending a job") with 1.34 default-gate
expectations: a deadline failure first writes FailureTarget, and Failed
follows once the deleted pods are gone.
"""
import pytest

from controller_cases import (
    COMPLETED_EVENT,
    DEADLINE_EXCEEDED,
    BACKOFF_LIMIT_EXCEEDED,
    NOW,
    RESUMED,
    RESUMED_EVENT,
    SUSPENDED,
    SUSPENDED_EVENT,
    Case,
    Want,
    check,
    complete,
    cond,
    conditions,
    deleted,
    failure,
    failure_target,
    make_job,
    make_indexed_job,
    many,
    running,
    succeeded,
    failed,
    warning,
)
from k8sjobs_edu.api.types import JobStatus
from k8sjobs_edu.controller.backoff import BackoffRecord
from k8sjobs_edu.controller.sync import sync_job

SUSPEND_CASES = [
    Case("suspending deletes the active pods without counting them as failures",
         make_job(parallelism=2, completions=4, suspend=True),
         many(running, "pi-", 2),
         want=Want(delete=["pi-1", "pi-0"], untrack=["pi-0", "pi-1"], terminating=2, conditions=[SUSPENDED],
                   events=deleted("pi-1", "pi-0") + [SUSPENDED_EVENT])),
    Case("suspending: the deleted ready pods are no longer ready",
         make_job(parallelism=2, completions=4, suspend=True),
         many(running, "pi-", 2, ready=True),
         want=Want(delete=["pi-1", "pi-0"], untrack=["pi-0", "pi-1"], terminating=2, conditions=[SUSPENDED],
                   events=deleted("pi-1", "pi-0") + [SUSPENDED_EVENT])),
    Case("suspending an OnFailure Job does not turn container restarts into failures",
         make_job(parallelism=2, completions=4, restart_policy="OnFailure", suspend=True),
         many(running, "pi-", 2, restarts=1, restart_policy="OnFailure"),
         want=Want(delete=["pi-1", "pi-0"], untrack=["pi-0", "pi-1"], terminating=2, conditions=[SUSPENDED],
                   events=deleted("pi-1", "pi-0") + [SUSPENDED_EVENT])),
    Case("suspending an Indexed Job deletes the pods of every index",
         make_indexed_job(parallelism=2, completions=4, suspend=True),
         [running("indexed-job-0-a", index=0), running("indexed-job-1-b", index=1, created_at=1.0)],
         want=Want(delete=["indexed-job-1-b", "indexed-job-0-a"], untrack=["indexed-job-0-a", "indexed-job-1-b"],
                   terminating=2, conditions=[SUSPENDED],
                   events=deleted("indexed-job-1-b", "indexed-job-0-a") + [SUSPENDED_EVENT])),
    Case("a Job created suspended gets no start time and no pods",
         make_job(parallelism=2, completions=4, suspend=True, status=JobStatus()),
         want=Want(start_time=None, conditions=[SUSPENDED], events=[SUSPENDED_EVENT])),
    Case("a suspended Job stays suspended without new events",
         make_job(parallelism=2, completions=4, suspend=True,
                  status=JobStatus(start_time=0.0, conditions=conditions(SUSPENDED, at=500.0))),
         want=Want(conditions=[SUSPENDED])),
    Case("resuming: Suspended turns False (JobResumed), the clock restarts and pods are created",
         make_job(parallelism=2, completions=4,
                  status=JobStatus(start_time=0.0, conditions=conditions(SUSPENDED, at=500.0))),
         want=Want(create=["pi-", "pi-"], active=2, start_time=NOW, conditions=[RESUMED],
                   events=[RESUMED_EVENT])),
    Case("resuming a Job created suspended starts its clock",
         make_job(parallelism=1, completions=1, status=JobStatus(conditions=conditions(SUSPENDED, at=500.0))),
         want=Want(create=["pi-"], active=1, start_time=NOW, conditions=[RESUMED], events=[RESUMED_EVENT])),
    Case("a Job that was never suspended gets no Suspended=False condition",
         make_job(parallelism=1, completions=1),
         [running("pi-a")],
         want=Want(active=1)),
    Case("suspending a Job that is being deleted only removes finalizers",
         make_job(parallelism=2, completions=4, suspend=True, deleted_at=900.0),
         many(running, "pi-", 2),
         want=Want(active=2, untrack=["pi-0", "pi-1"])),
    Case("a suspended Job whose pods all succeeded still completes and stays Suspended",
         make_job(parallelism=2, completions=2, suspend=True,
                  status=JobStatus(conditions=conditions(SUSPENDED, at=500.0))),
         many(succeeded, "pi-", 2),
         want=Want(start_time=None, succeeded=2, untrack=["pi-0", "pi-1"], conditions=[SUSPENDED] + complete(),
                   completion_time=NOW, events=[COMPLETED_EVENT])),
]


@pytest.mark.parametrize("case", SUSPEND_CASES, ids=str)
def test_suspend_and_resume(case):
    check(case)


def test_resuming_stamps_the_condition_with_the_sync_time():
    job = make_job(status=JobStatus(start_time=0.0, conditions=conditions(SUSPENDED, at=500.0)))
    [resumed] = sync_job(job, [], NOW).status.conditions
    assert resumed.last_transition_time == NOW


DEADLINE_CASES = [
    Case("deadline passed while a pod runs: it is deleted and counted as failed, Failed waits for it",
         make_job(active_deadline_seconds=10),
         [running("pi-a")], now=15.0,
         want=Want(delete=["pi-a"], untrack=["pi-a"], failed=1, terminating=1,
                   conditions=failure_target(DEADLINE_EXCEEDED), events=deleted("pi-a"))),
    Case("deadline passed after one success: the running pod is deleted and counted as failed",
         make_job(completions=2, active_deadline_seconds=10),
         [succeeded("pi-s"), running("pi-a")], now=15.0,
         want=Want(delete=["pi-a"], untrack=["pi-a", "pi-s"], succeeded=1, failed=1, terminating=1,
                   conditions=failure_target(DEADLINE_EXCEEDED), events=deleted("pi-a"))),
    Case("deadline passed with nothing running: FailureTarget and Failed in one sync",
         make_job(active_deadline_seconds=10), now=10.0,
         want=Want(conditions=failure(DEADLINE_EXCEEDED), events=[warning(DEADLINE_EXCEEDED)])),
    Case("a deadline reached exactly now counts as passed",
         make_job(active_deadline_seconds=10),
         [running("pi-a")], now=10.0,
         want=Want(delete=["pi-a"], untrack=["pi-a"], failed=1, terminating=1,
                   conditions=failure_target(DEADLINE_EXCEEDED), events=deleted("pi-a"))),
    Case("activeDeadlineSeconds 0 fails a new Job at once",
         make_job(active_deadline_seconds=0, status=JobStatus()),
         want=Want(start_time=NOW, conditions=failure(DEADLINE_EXCEEDED), events=[warning(DEADLINE_EXCEEDED)])),
    Case("backoffLimit is checked before the deadline",
         make_job(backoff_limit=0, active_deadline_seconds=1),
         [failed("pi-f")], now=10.0,
         want=Want(failed=1, untrack=["pi-f"], conditions=failure(BACKOFF_LIMIT_EXCEEDED),
                   events=[warning(BACKOFF_LIMIT_EXCEEDED)])),
    Case("the deadline is not evaluated while the Job is suspended",
         make_job(completions=2, active_deadline_seconds=10, suspend=True), now=15.0,
         want=Want(conditions=[SUSPENDED], events=[SUSPENDED_EVENT])),
    Case("before the deadline the sync comes back exactly at the deadline",
         make_job(active_deadline_seconds=100),
         [running("pi-a")], now=30.0,
         want=Want(active=1, requeue_after=70.0)),
    Case("the deadline requeue is not rounded up to the 1 s batch period",
         make_job(active_deadline_seconds=10),
         [running("pi-a")], now=9.5,
         want=Want(active=1, requeue_after=0.5)),
    Case("a deadline due before the back-off ends wins the requeue",
         make_job(active_deadline_seconds=100), now=95.0, backoff=BackoffRecord(1, 95.0),
         want=Want(requeue_after=5.0)),
    Case("a Failed=False condition is switched to True when the deadline fails the Job",
         make_job(active_deadline_seconds=10, status=JobStatus(
             start_time=0.0, conditions=conditions(cond("Failed", *DEADLINE_EXCEEDED, status="False")))),
         now=15.0,
         want=Want(conditions=[cond("Failed", *DEADLINE_EXCEEDED), cond("FailureTarget", *DEADLINE_EXCEEDED)],
                   events=[warning(DEADLINE_EXCEEDED)])),
]


@pytest.mark.parametrize("case", DEADLINE_CASES, ids=str)
def test_active_deadline(case):
    check(case)
