"""An audit of ``sync_job`` against upstream cases the other controller tables do not port yet.

Each case cites the upstream test and case it comes from (``pkg/controller/job/job_controller_test.go``
or ``indexed_job_utils_test.go``), or, where it pins an ordering of ``syncJob`` itself, the function.
Upstream tests switch feature gates per case; the expectations here are those of a 1.34 cluster with
default gates: JobPodReplacementPolicy, JobSuccessPolicy, JobBackoffLimitPerIndex and JobManagedBy are
on, so ``terminating`` is tracked, terminal conditions come in two steps (SuccessCriteriaMet → Complete,
FailureTarget → Failed) and ``failedIndexes`` is ``""`` rather than null once backoffLimitPerIndex is set.
Upstream's ``uncountedTerminatedPods`` bookkeeping is folded away: a pod without the tracking finalizer
was counted in an earlier sync, and a sync's counters include the pods it untracks.
"""
import pytest

from controller_cases import (
    BACKOFF_LIMIT_EXCEEDED,
    COMPLETED_EVENT,
    COMPLETIONS_REACHED,
    DEADLINE_EXCEEDED,
    FAILED_INDEXES,
    MAX_FAILED_INDEXES_EXCEEDED,
    MAX_INT32,
    NOW,
    RESUMED,
    SUSPENDED,
    SUSPENDED_EVENT,
    Case,
    Want,
    check,
    complete,
    cond,
    conditions,
    deleted,
    failed,
    failure,
    failure_target,
    make_indexed_job,
    make_job,
    pod_condition,
    running,
    succeeded,
    terminating,
    warning,
)
from k8sjobs_edu.api.types import (JobStatus, OnExitCodes, OnPodCondition, PodFailurePolicy, PodFailurePolicyRule,
                                   SuccessPolicy, SuccessPolicyRule)
from k8sjobs_edu.controller.backoff import BackoffRecord
from k8sjobs_edu.controller.sync import sync_job

MATCHED_0 = ("SuccessPolicy", "Matched rules at index 0")
SCM_BY_POLICY = cond("SuccessCriteriaMet", *MATCHED_0)
SCM_BY_COMPLETIONS = cond("SuccessCriteriaMet", *COMPLETIONS_REACHED)


def at(make, index, tag="a", **kw):
    """A pod of index ``index`` of the Job "indexed-job", named like the real ones."""
    return make(f"indexed-job-{index}-{tag}", index=index, **kw)


def names(*indexes):
    return [f"indexed-job-{i}-" for i in indexes]


def per_index_job(**kw):
    """An Indexed Job with backoffLimitPerIndex; backoffLimit defaults to MaxInt32 as API defaulting does."""
    kw.setdefault("backoff_limit", MAX_INT32)
    return make_indexed_job(**kw)


def success_job(**kw):
    """The upstream success-policy table's Job: rule ``succeededIndexes: "0,1", succeededCount: 1``."""
    kw.setdefault("parallelism", 2)
    kw.setdefault("completions", 2)
    kw.setdefault("backoff_limit", MAX_INT32)
    return make_indexed_job(success_policy=SuccessPolicy([SuccessPolicyRule("0,1", 1)]), **kw)


def on_exit_codes(action, *codes):
    return PodFailurePolicyRule(action, on_exit_codes=OnExitCodes("In", list(codes)))


def on_disruption(action):
    return PodFailurePolicyRule(action, on_pod_conditions=[OnPodCondition("DisruptionTarget")])


# ---- TestControllerSyncJob, TestGetNewFinshedPods, TestTrackJobStatusAndRemoveFinalizers -----------

COUNTING_CASES = [
    # TestControllerSyncJob "too many job failures" (deleting: true, backoffLimit 0).
    Case("a Job being deleted still fails once its backoff limit is exceeded",
         make_job(parallelism=2, completions=5, backoff_limit=0, deleted_at=900.0),
         [failed("pi-f")],
         want=Want(failed=1, untrack=["pi-f"], conditions=failure(BACKOFF_LIMIT_EXCEEDED),
                   events=[warning(BACKOFF_LIMIT_EXCEEDED)])),
    # TestGetNewFinshedPods "some counted": pods without the finalizer were counted before.
    Case("only pods that still carry the finalizer are added to the counters",
         make_job(parallelism=1, completions=10, status=JobStatus(start_time=0.0, active=1, succeeded=2, failed=1)),
         [succeeded("pi-a", counted=True), succeeded("pi-b"), succeeded("pi-c"), failed("pi-d", counted=True),
          failed("pi-e"), running("pi-f", counted=True)],
         want=Want(active=1, succeeded=4, failed=2, untrack=["pi-b", "pi-c", "pi-e"])),
    # TestTrackJobStatusAndRemoveFinalizers "deleted job": the running pod loses its finalizer uncounted.
    Case("a Job being deleted counts its finished pods and strips the running one's finalizer without counting it",
         make_job(parallelism=2, completions=5, deleted_at=900.0, status=JobStatus(start_time=0.0, active=1)),
         [succeeded("pi-a"), failed("pi-b"), running("pi-c")],
         want=Want(active=1, succeeded=1, failed=1, untrack=["pi-a", "pi-b", "pi-c"])),
    # TestTrackJobStatusAndRemoveFinalizers "indexed job new successful pods".
    Case("Indexed: a repeated succeeded index counts once and a succeeded pod without index not at all",
         make_indexed_job(parallelism=1, completions=6, status=JobStatus(start_time=0.0, active=1)),
         [at(succeeded, 1), at(succeeded, 3, "a"), at(succeeded, 3, "b"), at(running, 5),
          succeeded("indexed-job-x")],
         want=Want(active=1, succeeded=2, completed_indexes="1,3",
                   untrack=["indexed-job-1-a", "indexed-job-3-a", "indexed-job-3-b", "indexed-job-x"])),
    # TestTrackJobStatusAndRemoveFinalizers "indexed job new failed pods".
    Case("Indexed: every failed pod of a valid index counts, even two of one index; one without index does not",
         make_indexed_job(parallelism=1, completions=6, status=JobStatus(start_time=0.0, active=1)),
         [at(failed, 1), at(failed, 3, "a"), at(failed, 3, "b"), at(running, 5), failed("indexed-job-x")],
         want=Want(active=1, failed=3,
                   untrack=["indexed-job-1-a", "indexed-job-3-a", "indexed-job-3-b", "indexed-job-x"])),
    # TestCalculateSucceededIndexes "corrupted interval": unreadable pieces of completedIndexes are skipped.
    Case("Indexed: unreadable pieces of completedIndexes are dropped and new successes merged in",
         make_indexed_job(parallelism=1, completions=4, status=JobStatus(
             start_time=0.0, succeeded=1, completed_indexes="0,1-foo,bar")),
         [at(succeeded, 3)],
         want=Want(create=names(1), create_indexes=[1], active=1, succeeded=2, completed_indexes="0,3",
                   untrack=["indexed-job-3-a"])),
    # TestCalculateSucceededIndexes "prev interval partially out of range": an interval crossing
    # completions is cut, and a run of two is written "8,9".
    Case("Indexed: completed indexes beyond completions are cut off and the missing ones created",
         make_indexed_job(parallelism=2, completions=10, status=JobStatus(
             start_time=0.0, succeeded=9, completed_indexes="0-5,8-10")),
         want=Want(create=names(6, 7), create_indexes=[6, 7], active=2, succeeded=8, completed_indexes="0-5,8,9")),
    # TestCalculateSucceededIndexes "one index and one interval", in a whole sync: a negative
    # completion index is no index (getCompletionIndex), the missing index 1 is created again.
    Case("Indexed: a negative index never counts, and completed indexes are written as ranges",
         make_indexed_job(parallelism=1, completions=6),
         [at(succeeded, 0), at(failed, 1), at(succeeded, 2), at(succeeded, 3), at(succeeded, 4), at(succeeded, 5),
          succeeded("indexed-job-x"), succeeded("indexed-job-minus-2", index=-2)],
         want=Want(create=names(1), create_indexes=[1], active=1, succeeded=5, failed=1, completed_indexes="0,2-5",
                   untrack=["indexed-job-0-a", "indexed-job-1-a", "indexed-job-2-a", "indexed-job-3-a",
                            "indexed-job-4-a", "indexed-job-5-a", "indexed-job-x", "indexed-job-minus-2"])),
    # TestTrackJobStatusAndRemoveFinalizers "pod is terminating; JobSuccessCriteriaMet, but JobComplete
    # condition is delayed".
    Case("after SuccessCriteriaMet, Complete waits while a deleted pod is still terminating",
         make_job(status=JobStatus(start_time=0.0, succeeded=1, failed=1, terminating=1,
                                   conditions=conditions(SCM_BY_COMPLETIONS, at=900.0))),
         [terminating("pi-a", deleted_at=990.0, counted=True)],
         want=Want(succeeded=1, failed=1, terminating=1, conditions=[SCM_BY_COMPLETIONS])),
    # syncJob: TerminatingOrFailed counts the deleted pod as failed; enactJobFinished waits for it.
    Case("completions reached while a deleted pod terminates: it counts as failed and Complete waits for it",
         make_job(),
         [succeeded("pi-s"), terminating("pi-t", deleted_at=990.0)],
         want=Want(succeeded=1, failed=1, terminating=1, untrack=["pi-s", "pi-t"],
                   conditions=[SCM_BY_COMPLETIONS])),
    # syncJob with podReplacementPolicy Failed: a work queue is complete once a pod succeeded and none is
    # active; canRemoveFinalizer then frees the terminating pod, which is not a failure.
    Case("work queue, replacement policy Failed: a success completes it and the terminating pod is let go uncounted",
         make_job(parallelism=2, completions=None, pod_replacement_policy="Failed"),
         [succeeded("pi-s"), terminating("pi-t", deleted_at=990.0)],
         want=Want(succeeded=1, terminating=1, untrack=["pi-s", "pi-t"], conditions=[SCM_BY_COMPLETIONS])),
    # syncJob: an existing FailureTarget becomes finishedCondition Failed; deleteActivePods runs again and
    # trackJobStatusAndRemoveFinalizers counts the pod, appending no second FailureTarget.
    Case("a FailureTarget from an earlier sync deletes a pod still running and counts it, and is not repeated",
         make_job(status=JobStatus(start_time=0.0, failed=7,
                                   conditions=conditions(cond("FailureTarget", *BACKOFF_LIMIT_EXCEEDED)))),
         [running("pi-r")],
         want=Want(delete=["pi-r"], untrack=["pi-r"], failed=8, terminating=1,
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED), events=deleted("pi-r"))),
]


@pytest.mark.parametrize("case", COUNTING_CASES, ids=str)
def test_counting_and_finalizers(case):
    check(case)


# ---- TestJobBackoffForOnFailure, suspend and resume, activeDeadlineSeconds ----------------------------

DEADLINE = 100
MANUAL_FALSE = cond("FailureTarget", "ConditionAddedManually", "Testing", status="False")

SUSPEND_AND_DEADLINE_CASES = [
    # TestJobBackoffForOnFailure "finished job; JobPodReplacementPolicy enabled": suspend is true, yet all
    # pods succeeded; the complete branch skips the Suspended condition and startTime stays unset.
    Case("a suspended Job whose pods all succeeded completes without ever getting a Suspended condition",
         make_job(parallelism=2, completions=4, restart_policy="OnFailure", suspend=True, status=JobStatus()),
         [succeeded(f"pi-{i}", restarts=r, restart_policy="OnFailure") for i, r in enumerate([1, 1, 2, 0])],
         want=Want(start_time=None, succeeded=4, untrack=["pi-0", "pi-1", "pi-2", "pi-3"], conditions=complete(),
                   completion_time=NOW, events=[COMPLETED_EVENT])),
    # ensureJobConditionStatus "condition already exists": no change, so no event and no new startTime.
    Case("a resumed Job keeps its Suspended=False condition, its start time and emits no new event",
         make_job(parallelism=1, completions=2, status=JobStatus(start_time=500.0, active=1,
                                                                 conditions=conditions(RESUMED, at=500.0))),
         [running("pi-a")],
         want=Want(active=1, start_time=500.0, conditions=[RESUMED])),
    # ensureJobConditionStatus "update false condition status": updated in place, keeping list order.
    Case("suspending again turns the existing Suspended condition back to True in place",
         make_job(parallelism=1, completions=2, suspend=True,
                  status=JobStatus(start_time=500.0, active=1,
                                   conditions=conditions(RESUMED, MANUAL_FALSE, at=500.0))),
         [running("pi-a")],
         want=Want(delete=["pi-a"], untrack=["pi-a"], terminating=1, start_time=500.0,
                   conditions=[SUSPENDED, MANUAL_FALSE],
                   events=deleted("pi-a") + [SUSPENDED_EVENT])),
    # syncJob sets startTime before the deadline checks, so a new Job's first sync already schedules
    # the deadline sync (queue.AddAfter, no batching).
    Case("a new Job with activeDeadlineSeconds starts its clock and comes back exactly at the deadline",
         make_job(active_deadline_seconds=DEADLINE, status=JobStatus()),
         want=Want(create=["pi-"], active=1, start_time=NOW, requeue_after=float(DEADLINE))),
    # syncJob checks pastActiveDeadline with the startTime it read, before the resume branch resets it;
    # 1.34 keeps startTime while suspended (clearing it on suspend is 1.35's alpha
    # MutableSchedulingDirectivesForSuspendedJobs).
    Case("resuming a Job whose first start is older than the deadline fails it at once",
         make_job(completions=2, active_deadline_seconds=DEADLINE,
                  status=JobStatus(start_time=0.0, conditions=conditions(SUSPENDED, at=50.0))),
         want=Want(conditions=[SUSPENDED] + failure(DEADLINE_EXCEEDED), events=[warning(DEADLINE_EXCEEDED)])),
    # trackJobStatusAndRemoveFinalizers: once the Job is failing every pod with a finalizer is untracked
    # and counted as failed unless the podFailurePolicy ignores it.
    Case("deadline with a podFailurePolicy: running and terminating pods count as failed, an ignored eviction does not",
         make_job(parallelism=3, completions=3, active_deadline_seconds=DEADLINE,
                  pod_failure_policy=PodFailurePolicy([on_disruption("Ignore")])),
         [running("pi-r"), terminating("pi-t", deleted_at=990.0),
          terminating("pi-evicted", deleted_at=990.0, conditions=[pod_condition("DisruptionTarget")])],
         want=Want(delete=["pi-r"], untrack=["pi-r", "pi-t", "pi-evicted"], failed=2, terminating=3,
                   conditions=failure_target(DEADLINE_EXCEEDED), events=deleted("pi-r"))),
]


@pytest.mark.parametrize("case", SUSPEND_AND_DEADLINE_CASES, ids=str)
def test_suspend_and_deadline(case):
    check(case)


# ---- TestSyncJobWithJobPodFailurePolicy ------------------------------------------------------------

EXIT_5 = ("PodFailurePolicy", "Container main for pod default/pi-0 failed with exit code 5 "
                              "matching FailJob rule at index 0")

POD_FAILURE_POLICY_CASES = [
    # syncJob: getFailJobMessage is consulted before exceedsBackoffLimit.
    Case("FailJob wins over backoffLimit when one failure meets both",
         make_job(backoff_limit=0, pod_failure_policy=PodFailurePolicy([on_exit_codes("FailJob", 5)])),
         [failed("pi-0", exit_code=5, failed_container="main")],
         want=Want(failed=1, untrack=["pi-0"], conditions=failure(EXIT_5), events=[warning(EXIT_5)])),
    # "ignore pod failure based on OnExitCodes", with backoffLimit 0: Ignore beats the default counting.
    Case("Ignore on an exit code keeps a backoffLimit 0 Job alive and replaces the pod",
         make_job(backoff_limit=0, pod_failure_policy=PodFailurePolicy([on_exit_codes("Ignore", 1, 2, 3)])),
         [failed("pi-0", exit_code=1, failed_container="main")],
         want=Want(create=["pi-"], active=1, untrack=["pi-0"])),
]


@pytest.mark.parametrize("case", POD_FAILURE_POLICY_CASES, ids=str)
def test_pod_failure_policy(case):
    check(case)


# ---- TestSyncJobWithJobSuccessPolicy ---------------------------------------------------------------

SUCCESS_POLICY_CASES = [
    # "job with backoffLimitPerIndex and successPolicy; ... SuccessCriteriaMet condition if job meets to
    # successPolicy and doesn't meet backoffLimitPerIndex".
    Case("success policy met with backoffLimitPerIndex: the running retry is deleted uncounted, no failed index",
         success_job(backoff_limit_per_index=2),
         [at(failed, 0, "a"), at(running, 0, "b"), at(succeeded, 1)],
         want=Want(delete=["indexed-job-0-b"], failed=1, succeeded=1, terminating=1, completed_indexes="1",
                   failed_indexes="", conditions=[SCM_BY_POLICY], events=deleted("indexed-job-0-b"),
                   untrack=["indexed-job-0-a", "indexed-job-0-b", "indexed-job-1-a"])),
    # "... job has both Complete and SuccessCriteriaMet condition when job meets to successPolicy and all
    # pods have been already removed".
    Case("SuccessCriteriaMet with nothing left running: Complete follows, failedIndexes stays empty",
         success_job(backoff_limit_per_index=2, status=JobStatus(start_time=0.0, conditions=conditions(SCM_BY_POLICY))),
         [at(failed, 0), at(succeeded, 1)],
         want=Want(failed=1, succeeded=1, completed_indexes="1", failed_indexes="", conditions=complete(MATCHED_0),
                   completion_time=NOW, events=[COMPLETED_EVENT], untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    # "... SuccessCriteriaMet condition when job meets to successPolicy and some pods still are running"
    # (kubernetes#123775): the running pods are deleted and, on the success path, not counted.
    Case("SuccessCriteriaMet with pods still running: they are deleted and not counted, Complete waits",
         success_job(parallelism=3, completions=3, backoff_limit_per_index=3,
                     status=JobStatus(start_time=0.0, conditions=conditions(SCM_BY_POLICY))),
         [at(failed, 0, "a1"), at(running, 1, "a2"), at(succeeded, 1, "b"), at(running, 2, "c")],
         want=Want(delete=["indexed-job-1-a2", "indexed-job-2-c"], failed=1, succeeded=1, terminating=2,
                   completed_indexes="1", failed_indexes="", conditions=[SCM_BY_POLICY],
                   events=deleted("indexed-job-1-a2", "indexed-job-2-c"),
                   untrack=["indexed-job-0-a1", "indexed-job-1-a2", "indexed-job-1-b", "indexed-job-2-c"]),
         ordered=False),
]


@pytest.mark.parametrize("case", SUCCESS_POLICY_CASES, ids=str)
def test_success_policy(case):
    check(case)


# ---- backoffLimitPerIndex: TestCalculateFailedIndexes, TestIsIndexFailed, ------------------------------
# ---- TestGetPodsWithDelayedDeletionPerIndex, manageJob's per-index back-off ----------------------------

PER_INDEX_CASES = [
    # TestIsIndexFailed "failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=0".
    Case("backoffLimitPerIndex 0: the first failure fails its index, the others go on",
         per_index_job(parallelism=2, completions=2, backoff_limit_per_index=0),
         [at(failed, 0, failure_count=0)],
         want=Want(create=names(1), create_indexes=[1], active=1, failed=1, failed_indexes="0",
                   untrack=["indexed-job-0-a"])),
    # TestCalculateFailedIndexes "extend the failed indexes": with every index done the Job fails.
    Case("a newly failed index joins the earlier ones; every index done fails the Job with FailedIndexes",
         per_index_job(parallelism=2, completions=2, backoff_limit_per_index=0,
                       status=JobStatus(start_time=0.0, failed=1, failed_indexes="0")),
         [at(failed, 1, failure_count=0)],
         want=Want(failed=2, failed_indexes="0,1", untrack=["indexed-job-1-a"], conditions=failure(FAILED_INDEXES),
                   events=[warning(FAILED_INDEXES)])),
    # TestCalculateFailedIndexes "prev failed indexes outside the completions".
    Case("earlier failed indexes beyond completions are dropped from failedIndexes",
         per_index_job(parallelism=2, completions=2, backoff_limit_per_index=0,
                       status=JobStatus(start_time=0.0, failed=1, failed_indexes="9")),
         [at(failed, 1, failure_count=0)],
         want=Want(create=names(0), create_indexes=[0], active=1, failed=2, failed_indexes="1",
                   untrack=["indexed-job-1-a"])),
    # TestGetPodsWithDelayedDeletionPerIndex "failed pods are kept corresponding to non-failed indexes are
    # kept": only the pod of the failed index loses its finalizer; the others wait for their replacements.
    Case("failed pods of indexes still to retry keep their finalizers; the failed index's pod is counted",
         per_index_job(parallelism=3, completions=3, backoff_limit_per_index=1),
         [at(failed, 0, failure_count=0), at(failed, 1, failure_count=1), at(failed, 2, failure_count=0)],
         want=Want(create=names(0, 2), create_indexes=[0, 2], active=2, failed=1, failed_indexes="1",
                   untrack=["indexed-job-1-a"])),
    # TestGetPodsWithDelayedDeletionPerIndex "failed pod with index outside of completions".
    Case("a failed pod with an index beyond completions loses its finalizer without being counted",
         per_index_job(parallelism=2, completions=2, backoff_limit_per_index=0),
         [at(failed, 4, failure_count=0)],
         want=Want(create=names(0, 1), create_indexes=[0, 1], active=2, failed_indexes="",
                   untrack=["indexed-job-4-a"])),
    # isPodFailed + getPodsWithDelayedDeletionPerIndex under the default TerminatingOrFailed: the deleted
    # pod is the index's last failure; getFinishedTime falls back to the deletion moment.
    Case("a pod being deleted is its index's last failure and holds the replacement for the index's back-off",
         per_index_job(parallelism=1, completions=1, backoff_limit_per_index=1),
         [at(terminating, 0, deleted_at=NOW - 2, failure_count=0)],
         want=Want(terminating=1, failed_indexes="", requeue_after=8.0)),
    # manageJob: the Job-wide back-off record is only consulted without backoffLimitPerIndex.
    Case("with backoffLimitPerIndex the Job-wide back-off record holds nothing back",
         per_index_job(parallelism=1, completions=1, backoff_limit_per_index=1),
         backoff=BackoffRecord(5, NOW),
         want=Want(create=names(0), create_indexes=[0], active=1, failed_indexes="")),
    # enqueueSyncJobWithDelay raises a per-index wait to the 1 s batch period too.
    Case("a per-index wait shorter than the batch period comes back after one second",
         per_index_job(parallelism=1, completions=1, backoff_limit_per_index=3),
         [at(failed, 0, failure_count=0, finished_at=NOW - 9.5)],
         want=Want(failed_indexes="", requeue_after=1.0)),
    # syncJob: maxFailedIndexes is exceeded only by more failed indexes (">").
    Case("exactly maxFailedIndexes failed indexes leave the Job running",
         per_index_job(parallelism=2, completions=3, backoff_limit_per_index=0, max_failed_indexes=1),
         [at(failed, 0, failure_count=0), at(running, 1)],
         want=Want(create=names(2), create_indexes=[2], active=2, failed=1, failed_indexes="0",
                   untrack=["indexed-job-0-a"])),
    Case("maxFailedIndexes 0: the first failed index fails the Job and the other index's pod is deleted",
         per_index_job(parallelism=2, completions=2, backoff_limit_per_index=0, max_failed_indexes=0),
         [at(failed, 0, failure_count=0), at(running, 1)],
         want=Want(delete=["indexed-job-1-a"], failed=2, terminating=1, failed_indexes="0",
                   untrack=["indexed-job-0-a", "indexed-job-1-a"],
                   conditions=failure_target(MAX_FAILED_INDEXES_EXCEEDED),
                   events=deleted("indexed-job-1-a"))),
]


@pytest.mark.parametrize("case", PER_INDEX_CASES, ids=str)
def test_backoff_limit_per_index(case):
    check(case)


# ---- TestTrackJobStatusAndRemoveFinalizers "too many finished": MaxUncountedPods = 500 per sync -------


def numbered(make, prefix, count, **kw):
    return [make(f"{prefix}{i}", **kw) for i in range(count)]


def indexed_succeeded(first, last):
    return [at(succeeded, i) for i in range(first, last + 1)]


def index_names(first, last):
    return [f"indexed-job-{i}-a" for i in range(first, last + 1)]


MAX_UNCOUNTED_CASES = [
    # "too many finished": 500 pods are counted, the rest wait for the next sync (the status write
    # brings it); manageJob still sees every success.
    Case("at most 500 finished pods are counted in one sync; the others keep their finalizer",
         make_job(parallelism=1, completions=1000),
         [failed("pi-f")] + numbered(succeeded, "pi-s", 500),
         want=Want(create=["pi-"], active=1, succeeded=499, failed=1,
                   untrack=["pi-f"] + [f"pi-s{i}" for i in range(499)])),
    # "too many indexed finished": completedIndexes has every index, finalizers go in completion-index
    # order (byCompletionIndex: a pod without index first, uncounted), and with the limit reached the
    # Job only gets the interim condition.
    Case("Indexed: all succeeded indexes are recorded, but only 500 pods are counted and Complete waits",
         make_indexed_job(parallelism=1, completions=501),
         indexed_succeeded(250, 500) + indexed_succeeded(0, 249) + [succeeded("indexed-job-x")],
         want=Want(succeeded=501, completed_indexes="0-500", untrack=["indexed-job-x"] + index_names(0, 499),
                   conditions=[SCM_BY_COMPLETIONS])),
    Case("Indexed: the next sync frees the last pod, counts nothing twice and completes",
         make_indexed_job(parallelism=1, completions=501, status=JobStatus(
             start_time=0.0, succeeded=501, completed_indexes="0-500",
             conditions=conditions(SCM_BY_COMPLETIONS, at=NOW - 1))),
         [at(succeeded, 500)],
         want=Want(succeeded=501, completed_indexes="0-500", untrack=["indexed-job-500-a"],
                   conditions=complete(), completion_time=NOW, events=[COMPLETED_EVENT])),
    # The check is ">= MaxUncountedPods" after each pod: exactly 500 also ends the sync unfinished.
    Case("exactly 500 pods succeeding together: all are counted, Complete comes with the next sync",
         make_job(parallelism=500, completions=500),
         numbered(succeeded, "pi-s", 500),
         want=Want(succeeded=500, untrack=[f"pi-s{i}" for i in range(500)], conditions=[SCM_BY_COMPLETIONS])),
    Case("499 pods succeeding together stay under the limit: the Job completes at once",
         make_job(parallelism=499, completions=499),
         numbered(succeeded, "pi-s", 499),
         want=Want(succeeded=499, untrack=[f"pi-s{i}" for i in range(499)], conditions=complete(),
                   completion_time=NOW, events=[COMPLETED_EVENT])),
    # On the failure path every running pod is counted as failed: the limit applies to them as well.
    Case("a failing Job counts at most 500 of the pods it deletes in one sync",
         make_job(parallelism=600, completions=600, backoff_limit=0),
         [failed("pi-f")] + numbered(running, "pi-r", 600),
         want=Want(delete=[f"pi-r{i}" for i in range(600)], failed=500, terminating=600,
                   untrack=["pi-f"] + [f"pi-r{i}" for i in range(499)],
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED),
                   events=deleted(*(f"pi-r{i}" for i in range(600)))),
         ordered=False),
    # Pods whose finalizer comes off without a count (a deleted Job's running pods) do not use up the limit.
    Case("a deleted Job's running pods lose their finalizers without using up the limit",
         make_job(parallelism=600, completions=600, deleted_at=900.0, status=JobStatus(start_time=0.0, active=600)),
         numbered(running, "pi-r", 600),
         want=Want(active=600, untrack=[f"pi-r{i}" for i in range(600)])),
]


@pytest.mark.parametrize("case", MAX_UNCOUNTED_CASES, ids=str)
def test_max_uncounted_pods_per_sync(case):
    check(case)


# ---- parseIndexesFromString, as the controller reads its own status --------------------------------


@pytest.mark.parametrize("text, completions, want", [
    ("0,5-foo,1", 4, "0"),
    ("0,2-bar,3", 4, "0,3"),
    ("1-7,9", 5, "1-4"),
], ids=["an interval starting beyond completions ends the parse before its end is read",
        "an unreadable end below completions only skips that interval",
        "an end beyond completions is cut and what follows is ignored"])
def test_completed_indexes_are_read_like_parse_indexes_from_string(text, completions, want):
    job = make_indexed_job(parallelism=0, completions=completions,
                           status=JobStatus(start_time=0.0, completed_indexes=text))
    assert sync_job(job, [], NOW).status.completed_indexes == want
