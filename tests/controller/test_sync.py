"""The Job controller's sync, case by case: counting, creating, deleting, completing.

Ported from upstream ``pkg/controller/job/job_controller_test.go``
(TestControllerSyncJob, TestTrackJobStatusAndRemoveFinalizers,
TestSyncJobWhenManagedBy, TestSyncJobComplete) with the expectations of a
1.34 cluster with default feature gates: terminal conditions come in two steps
(SuccessCriteriaMet → Complete, FailureTarget → Failed) and ``terminating`` is
always reported.
"""
import pytest

from controller_cases import (
    COMPLETED_EVENT,
    COMPLETIONS_REACHED,
    NOW,
    Case,
    Want,
    check,
    complete,
    cond,
    conditions,
    deleted,
    make_job,
    many,
    pending,
    running,
    succeeded,
    failed,
)
from k8sjobs_edu.api.types import JobStatus
from k8sjobs_edu.api.wellknown import JOB_TRACKING_FINALIZER
from k8sjobs_edu.controller.manage import active_pods_for_removal
from k8sjobs_edu.controller.sync import sync_job

CASES = [
    # ---- starting and keeping pods running -------------------------------------
    Case("a new Job gets its start time and as many pods as parallelism",
         make_job(parallelism=2, completions=5, status=JobStatus()),
         want=Want(create=["pi-", "pi-"], active=2, start_time=NOW)),
    Case("a new work-queue Job starts parallelism pods",
         make_job(parallelism=2, completions=None, status=JobStatus()),
         want=Want(create=["pi-", "pi-"], active=2, start_time=NOW)),
    Case("pending pods count as active: nothing to create",
         make_job(parallelism=2, completions=5),
         [pending("pi-a"), pending("pi-b")],
         want=Want(active=2)),
    Case("the right number of pods runs and the ready ones are reported",
         make_job(parallelism=3, completions=5),
         [running("pi-a", ready=True), running("pi-b", ready=True), running("pi-c")],
         want=Want(active=3, ready=2)),
    Case("too few active pods: one more is created and the new success is counted",
         make_job(parallelism=2, completions=5),
         [running("pi-a"), succeeded("pi-b")],
         want=Want(create=["pi-"], active=2, succeeded=1, untrack=["pi-b"])),
    Case("a work-queue Job with too few active pods gets another",
         make_job(parallelism=2, completions=None),
         [running("pi-a")],
         want=Want(create=["pi-"], active=2)),
    Case("scaling parallelism up creates the missing pods",
         make_job(parallelism=4, completions=10),
         [running("pi-a"), running("pi-b")],
         want=Want(create=["pi-", "pi-"], active=4)),
    Case("a new success and a new failure are each counted once",
         make_job(parallelism=2, completions=5),
         [running("pi-a"), succeeded("pi-s"), failed("pi-f")],
         want=Want(create=["pi-"], active=2, succeeded=1, failed=1, untrack=["pi-s", "pi-f"])),
    Case("a pod counted in an earlier sync is not counted again",
         make_job(status=JobStatus(start_time=0.0, active=1, failed=1)),
         [failed("pi-a", counted=True), running("pi-b")],
         want=Want(active=1, failed=1)),

    Case("deleted pods: a succeeded one counts as a success, the others as failures, each once",
         make_job(parallelism=0, completions=5),
         [succeeded("pi-a", deleted_at=0.0), failed("pi-b", deleted_at=0.0), running("pi-c", deleted_at=0.0),
          pending("pi-d", deleted_at=0.0), running("pi-e", deleted_at=0.0, counted=True),
          pending("pi-f", deleted_at=0.0, counted=True)],
         want=Want(succeeded=1, failed=3, terminating=4, untrack=["pi-a", "pi-b", "pi-c", "pi-d"])),

    # ---- too many pods ----------------------------------------------------------
    Case("too many active pods: the newest is deleted, untracked first so it is no failure",
         make_job(parallelism=2, completions=5),
         many(running, "pi-", 3),
         want=Want(delete=["pi-2"], untrack=["pi-2"], active=2, terminating=1, events=deleted("pi-2"))),
    Case("a ready pod deleted as excess no longer counts as ready",
         make_job(parallelism=2, completions=5),
         [running("pi-a", ready=True, ready_at=10), running("pi-b", ready=True, ready_at=30),
          running("pi-c", ready=True, ready_at=20)],
         want=Want(delete=["pi-b"], untrack=["pi-b"], active=2, ready=2, terminating=1,
                   events=deleted("pi-b"))),
    Case("far more active pods than parallelism: all the excess goes, newest first",
         make_job(parallelism=2, completions=5),
         many(running, "pi-", 10),
         want=Want(delete=[f"pi-{i}" for i in range(9, 1, -1)], untrack=[f"pi-{i}" for i in range(2, 10)],
                   active=2, terminating=8, events=deleted(*(f"pi-{i}" for i in range(9, 1, -1))))),
    Case("more active pods than remaining completions: the extra one is deleted",
         make_job(parallelism=3, completions=4),
         many(running, "pi-", 3) + [succeeded("pi-s1"), succeeded("pi-s2")],
         want=Want(delete=["pi-2"], untrack=["pi-2", "pi-s1", "pi-s2"], active=2, succeeded=2,
                   terminating=1, events=deleted("pi-2"))),
    Case("parallelism 0 deletes every active pod",
         make_job(parallelism=0, completions=5),
         many(running, "pi-", 2),
         want=Want(delete=["pi-1", "pi-0"], untrack=["pi-0", "pi-1"], terminating=2,
                   events=deleted("pi-1", "pi-0"))),
    Case("parallelism 0 on a new Job creates nothing but starts the clock",
         make_job(parallelism=0, completions=5, status=JobStatus()),
         want=Want(start_time=NOW)),

    # ---- completion --------------------------------------------------------------
    Case("all completions reached: SuccessCriteriaMet and Complete in one sync",
         make_job(parallelism=2, completions=5),
         many(succeeded, "pi-", 5),
         want=Want(succeeded=5, untrack=[f"pi-{i}" for i in range(5)], conditions=complete(),
                   completion_time=NOW, events=[COMPLETED_EVENT])),
    Case("completions 0: the Job completes at once without pods",
         make_job(completions=0, status=JobStatus()),
         want=Want(start_time=NOW, conditions=complete(), completion_time=NOW, events=[COMPLETED_EVENT])),
    Case("more succeeded pods than completions: TooManySucceededPods, then Completed",
         make_job(parallelism=2, completions=2),
         many(succeeded, "pi-", 3),
         want=Want(succeeded=3, untrack=["pi-0", "pi-1", "pi-2"], conditions=complete(), completion_time=NOW,
                   events=[("Warning", "TooManySucceededPods",
                            "Too many succeeded pods running after completion count reached"),
                           COMPLETED_EVENT])),
    Case("completions reached while a pod still runs: it is deleted and Complete waits for it",
         make_job(parallelism=2, completions=2),
         [succeeded("pi-s1"), succeeded("pi-s2"), running("pi-r")],
         want=Want(delete=["pi-r"], untrack=["pi-r", "pi-s1", "pi-s2"], succeeded=2, terminating=1,
                   conditions=[cond("SuccessCriteriaMet", *COMPLETIONS_REACHED)], events=deleted("pi-r"))),
    Case("the lingering pod is gone: Complete follows SuccessCriteriaMet with the same reason",
         make_job(parallelism=2, completions=2, status=JobStatus(
             start_time=0.0, succeeded=2, terminating=1,
             conditions=conditions(cond("SuccessCriteriaMet", *COMPLETIONS_REACHED), at=900.0))),
         [succeeded("pi-s1", counted=True), succeeded("pi-s2", counted=True)],
         want=Want(succeeded=2, conditions=complete(), completion_time=NOW, events=[COMPLETED_EVENT])),

    # ---- work queue (completions unset) --------------------------------------------
    Case("work queue: no new pods after the first success",
         make_job(parallelism=2, completions=None),
         [running("pi-a"), succeeded("pi-s")],
         want=Want(active=1, succeeded=1, untrack=["pi-s"])),
    Case("work queue: after the first success the running pods finish, even above parallelism",
         make_job(parallelism=1, completions=None),
         many(running, "pi-", 2) + [succeeded("pi-s")],
         want=Want(active=2, succeeded=1, untrack=["pi-s"])),
    Case("work queue: complete once a pod succeeded and none is active",
         make_job(parallelism=2, completions=None),
         [succeeded("pi-s1"), succeeded("pi-s2")],
         want=Want(succeeded=2, untrack=["pi-s1", "pi-s2"], conditions=complete(), completion_time=NOW,
                   events=[COMPLETED_EVENT])),
    Case("work queue: a failure next to the success does not stop completion",
         make_job(parallelism=2, completions=None),
         [succeeded("pi-s"), failed("pi-f")],
         want=Want(succeeded=1, failed=1, untrack=["pi-s", "pi-f"], conditions=complete(),
                   completion_time=NOW, events=[COMPLETED_EVENT])),

    # ---- Jobs the controller leaves (mostly) alone --------------------------------------
    Case("a Job being deleted gets no new or deleted pods, only its finalizers removed",
         make_job(parallelism=2, completions=5, deleted_at=900.0),
         [pending("pi-a"), running("pi-b"), succeeded("pi-s")],
         want=Want(active=2, succeeded=1, untrack=["pi-a", "pi-b", "pi-s"])),
    Case("managed by another controller: nothing happens and the status is untouched",
         make_job(parallelism=2, completions=2, managed_by="example.com/custom-controller",
                  status=JobStatus(start_time=0.0, active=1, ready=1)),
         [failed("pi-f")],
         want=Want(active=1, ready=1)),
    Case("managedBy naming the built-in controller is synced as usual",
         make_job(parallelism=2, completions=2, managed_by="kubernetes.io/job-controller",
                  status=JobStatus(start_time=0.0, active=1, ready=1)),
         want=Want(create=["pi-", "pi-"], active=2)),
    Case("a Complete Job is left alone",
         make_job(status=JobStatus(start_time=0.0, succeeded=1, conditions=conditions(cond("Complete")))),
         [running("pi-late")],
         want=Want(succeeded=1, conditions=[cond("Complete")])),
    Case("a Failed Job is left alone",
         make_job(status=JobStatus(start_time=0.0, failed=7, conditions=conditions(cond("Failed")))),
         [failed("pi-f")],
         want=Want(failed=7, conditions=[cond("Failed")])),
    Case("an unknown completion mode only warns; not even the start time is set",
         make_job(mode="Foo", status=JobStatus()),
         want=Want(start_time=None, events=[("Warning", "UnknownCompletionMode",
                                             "Skipped Job sync because completion mode is unknown")])),
    Case("FailureTarget=False added by hand is ignored",
         make_job(status=JobStatus(start_time=0.0, active=1, conditions=conditions(
             cond("FailureTarget", "ConditionAddedManually", "Testing", status="False")))),
         [running("pi-a", ready=True)],
         want=Want(active=1, ready=1,
                   conditions=[cond("FailureTarget", "ConditionAddedManually", "Testing", status="False")])),
    Case("SuccessCriteriaMet=False added by hand is ignored",
         make_job(status=JobStatus(start_time=0.0, active=1, conditions=conditions(
             cond("SuccessCriteriaMet", "ConditionAddedManually", "Testing", status="False")))),
         [running("pi-a", ready=True)],
         want=Want(active=1, ready=1,
                   conditions=[cond("SuccessCriteriaMet", "ConditionAddedManually", "Testing", status="False")])),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sync(case):
    check(case)


def test_a_job_left_alone_keeps_its_status_object_values():
    job = make_job(managed_by="example.com/custom-controller",
                   status=JobStatus(start_time=3.0, active=1, ready=1, failed=2))
    result = sync_job(job, [running("pi-a"), failed("pi-f")], NOW)
    assert result.status == job.status
    assert (result.create, result.delete, result.untrack, result.events) == ([], [], [], [])


def test_created_pods_are_pending_tracked_and_carry_the_template_labels():
    job = make_job(status=JobStatus())
    [new] = sync_job(job, [], NOW).create
    assert (new.name, new.phase, new.index, new.hostname) == ("pi-", "Pending", None, None)
    assert new.finalizers == (JOB_TRACKING_FINALIZER,)
    assert new.labels == job.spec.template["metadata"]["labels"]
    assert (new.owner_uid, new.job_name, new.namespace, new.created_at) == ("uid-pi", "pi", "default", NOW)
    assert (new.containers, new.restart_policy) == (("main",), "Never")


def test_events_name_the_job_and_the_controller_and_carry_the_sync_time():
    job = make_job(parallelism=1, completions=5)
    [event] = sync_job(job, many(running, "pi-", 2), NOW).events
    assert (event.time, event.object, event.source) == (NOW, "Job/pi", "job-controller")


def test_new_conditions_carry_the_sync_time_and_old_ones_keep_theirs():
    job = make_job(parallelism=2, completions=2, status=JobStatus(
        start_time=0.0, succeeded=2, conditions=conditions(cond("SuccessCriteriaMet", *COMPLETIONS_REACHED),
                                                           at=900.0)))
    status = sync_job(job, [], NOW).status
    assert [(c.type, c.last_transition_time) for c in status.conditions] == [
        ("SuccessCriteriaMet", 900.0), ("Complete", NOW)]
    assert status.completion_time == NOW


def test_pods_counted_in_one_sync_are_not_counted_again_in_the_next():
    # What TestFinalizersRemovedExpectations protects: a pod is counted once, when its finalizer goes.
    job = make_job(parallelism=2, completions=5)
    pods = many(succeeded, "pi-s", 2) + many(failed, "pi-f", 2)
    first = sync_job(job, pods, NOW)
    assert (first.status.succeeded, first.status.failed, sorted(first.untrack)) == (
        2, 2, ["pi-f0", "pi-f1", "pi-s0", "pi-s1"])
    for p in pods:  # what the API server does with the sync's finalizer patches
        p.finalizers = ()
    job.status = first.status
    second = sync_job(job, pods + [running(f"pi-new{i}") for i in range(2)], NOW + 1)
    assert (second.status.succeeded, second.status.failed, second.untrack) == (2, 2, [])


# ---- which pods go first when there are too many (controller.ActivePods) ----------------


def _removal_order(pods):
    job = make_job(parallelism=0, completions=5)
    return [p.name for p in active_pods_for_removal(job, pods, len(pods))]


def _ready_without_ready_time(name):
    pod = running(name, ready=True, created_at=0.0)
    pod.ready_at = None
    return pod


VICTIM_ORDER = [
    ("unscheduled pods go before scheduled ones",
     [pending("pi-scheduled", node="node-1", created_at=0), pending("pi-unscheduled", created_at=0)],
     ["pi-unscheduled", "pi-scheduled"]),
    ("Pending pods go before Running ones",
     [running("pi-running", created_at=0), pending("pi-pending", node="node-1", created_at=0)],
     ["pi-pending", "pi-running"]),
    ("pods that are not ready go before ready ones",
     [running("pi-ready", ready=True, created_at=0), running("pi-not-ready", created_at=0)],
     ["pi-not-ready", "pi-ready"]),
    ("of two ready pods the one ready more recently goes first",
     [running("pi-ready-long", ready=True, ready_at=5), running("pi-ready-recently", ready=True, ready_at=20)],
     ["pi-ready-recently", "pi-ready-long"]),
    ("a ready pod without a ready time counts as the most recently ready",  # upstream afterOrZero
     [running("pi-ready-at-10", ready=True, ready_at=10), _ready_without_ready_time("pi-ready-at-zero")],
     ["pi-ready-at-zero", "pi-ready-at-10"]),
    ("pods with more restarts go first",
     [running("pi-calm", restarts=0), running("pi-crashy", restarts=3)],
     ["pi-crashy", "pi-calm"]),
    ("newer pods go first",
     [running("pi-old", created_at=0), running("pi-new", created_at=5)],
     ["pi-new", "pi-old"]),
    ("the criteria apply in order: unscheduled beats newer, Pending beats not-ready",
     [running("pi-running", created_at=9), pending("pi-pending", node="node-1", created_at=5),
      pending("pi-unscheduled", created_at=1)],
     ["pi-unscheduled", "pi-pending", "pi-running"]),
]


@pytest.mark.parametrize("pods, want", [(p, w) for _, p, w in VICTIM_ORDER], ids=[n for n, _, _ in VICTIM_ORDER])
def test_deletion_victims_order(pods, want):
    assert _removal_order(pods) == want


def test_only_the_excess_is_chosen_for_removal():
    job = make_job(parallelism=1, completions=5)
    pods = many(running, "pi-", 4)
    assert [p.name for p in active_pods_for_removal(job, pods, 2)] == ["pi-3", "pi-2"]
