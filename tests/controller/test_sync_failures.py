"""Failures: backoffLimit (Never and OnFailure), the pod re-creation back-off,
podFailurePolicy and podReplacementPolicy.

Ported from upstream ``job_controller_test.go`` (TestJobBackoffOnRestartPolicyNever,
TestJobBackoffForOnFailure, TestSyncJobWithJobPodFailurePolicy, the back-off and
podReplacementPolicy rows of TestControllerSyncJob) with 1.34 default-gate
expectations.
"""
import pytest

from controller_cases import (
    BACKOFF_LIMIT_EXCEEDED,
    NOW,
    Case,
    Want,
    check,
    cond,
    conditions,
    deleted,
    failure,
    failure_target,
    make_job,
    make_indexed_job,
    many,
    pending,
    pod_condition,
    running,
    succeeded,
    terminating,
    failed,
    warning,
)
from k8sjobs_edu.api.types import JobStatus, OnExitCodes, OnPodCondition, PodFailurePolicy, PodFailurePolicyRule
from k8sjobs_edu.controller.backoff import BackoffRecord
from k8sjobs_edu.controller.sync import sync_job

BACKOFF_LIMIT_CASES = [
    Case("Never, backoffLimit 0: a running pod without failures keeps going",
         make_job(backoff_limit=0), [running("pi-a")],
         want=Want(active=1)),
    Case("Never, backoffLimit 1: one failure is retried",
         make_job(backoff_limit=1), [failed("pi-f")],
         want=Want(create=["pi-"], active=1, failed=1, untrack=["pi-f"])),
    Case("Never, backoffLimit 1: the second failure fails the Job (failed > backoffLimit)",
         make_job(backoff_limit=1), many(failed, "pi-f", 2),
         want=Want(failed=2, untrack=["pi-f0", "pi-f1"], conditions=failure(BACKOFF_LIMIT_EXCEEDED),
                   events=[warning(BACKOFF_LIMIT_EXCEEDED)])),
    Case("Never, backoffLimit 6: six failures are still retried",
         make_job(parallelism=2, completions=2), [running("pi-a")] + many(failed, "pi-f", 6),
         want=Want(create=["pi-"], active=2, failed=6, untrack=[f"pi-f{i}" for i in range(6)])),
    Case("Never, backoffLimit 6: the seventh failure fails the Job",
         make_job(parallelism=2, completions=2), many(failed, "pi-f", 7),
         want=Want(failed=7, untrack=[f"pi-f{i}" for i in range(7)], conditions=failure(BACKOFF_LIMIT_EXCEEDED),
                   events=[warning(BACKOFF_LIMIT_EXCEEDED)])),
    Case("backoffLimit exceeded while pods run: they are deleted, counted as failed, and Failed waits",
         make_job(parallelism=2, completions=3, backoff_limit=0),
         many(running, "pi-", 2, ready=True) + [failed("pi-f")],
         want=Want(delete=["pi-0", "pi-1"], untrack=["pi-0", "pi-1", "pi-f"], failed=3, terminating=2,
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED), events=deleted("pi-0", "pi-1")),
         ordered=False),  # upstream deletes them concurrently
    Case("Indexed, backoffLimit 0: one failure fails the Job and the running index is deleted",
         make_indexed_job(parallelism=2, completions=3, backoff_limit=0),
         [succeeded("indexed-job-0-a", index=0), failed("indexed-job-1-b", index=1),
          running("indexed-job-2-c", index=2)],
         want=Want(delete=["indexed-job-2-c"], untrack=["indexed-job-0-a", "indexed-job-1-b", "indexed-job-2-c"],
                   succeeded=1, completed_indexes="0", failed=2, terminating=1,
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED), events=deleted("indexed-job-2-c"))),
    Case("after FailureTarget, Failed waits while a deleted pod is still terminating",
         make_job(status=JobStatus(start_time=0.0, failed=2, terminating=1,
                                   conditions=conditions(cond("FailureTarget", *BACKOFF_LIMIT_EXCEEDED)))),
         [terminating("pi-a", deleted_at=990.0, counted=True)],
         want=Want(failed=2, terminating=1, conditions=failure_target(BACKOFF_LIMIT_EXCEEDED))),
    Case("after FailureTarget, Failed follows once the last pod is gone",
         make_job(status=JobStatus(start_time=0.0, failed=2, terminating=1,
                                   conditions=conditions(cond("FailureTarget", *BACKOFF_LIMIT_EXCEEDED)))),
         want=Want(failed=2, conditions=failure(BACKOFF_LIMIT_EXCEEDED), events=[warning(BACKOFF_LIMIT_EXCEEDED)])),

    # OnFailure: container restarts of pending and running pods count against backoffLimit.
    Case("OnFailure, backoffLimit 0: a pod without restarts keeps going",
         make_job(backoff_limit=0, restart_policy="OnFailure"), [running("pi-a", restart_policy="OnFailure")],
         want=Want(active=1)),
    Case("OnFailure, backoffLimit 0: the first restart fails the Job (restarts > 0)",
         make_job(backoff_limit=0, restart_policy="OnFailure"),
         [running("pi-a", restarts=1, restart_policy="OnFailure")],
         want=Want(delete=["pi-a"], untrack=["pi-a"], failed=1, terminating=1,
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED), events=deleted("pi-a"))),
    Case("OnFailure, backoffLimit 1: no restart yet keeps the pod",
         make_job(backoff_limit=1, restart_policy="OnFailure"), [running("pi-a", restart_policy="OnFailure")],
         want=Want(active=1)),
    Case("OnFailure, backoffLimit 1: one restart reaches the limit (restarts >= backoffLimit)",
         make_job(backoff_limit=1, restart_policy="OnFailure"),
         [running("pi-a", restarts=1, restart_policy="OnFailure")],
         want=Want(delete=["pi-a"], untrack=["pi-a"], failed=1, terminating=1,
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED), events=deleted("pi-a"))),
    Case("OnFailure: restarts of a Pending pod count too",
         make_job(backoff_limit=1, restart_policy="OnFailure"),
         [pending("pi-a", node="node-1", restarts=1, restart_policy="OnFailure")],
         want=Want(delete=["pi-a"], untrack=["pi-a"], failed=1, terminating=1,
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED), events=deleted("pi-a"))),
    Case("OnFailure: restarts of a terminating pod still count",
         make_job(parallelism=2, completions=5, backoff_limit=2, restart_policy="OnFailure",
                  pod_replacement_policy="Failed"),
         [running("pi-a", restarts=1, restart_policy="OnFailure"),
          terminating("pi-t", deleted_at=990.0, restarts=1, counted=True, restart_policy="OnFailure")],
         want=Want(delete=["pi-a"], untrack=["pi-a"], failed=1, terminating=2,
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED), events=deleted("pi-a"))),
    Case("OnFailure: restarts add up across pods",
         make_job(parallelism=2, completions=5, backoff_limit=2, restart_policy="OnFailure"),
         many(running, "pi-", 2, restarts=1, restart_policy="OnFailure"),
         want=Want(delete=["pi-0", "pi-1"], untrack=["pi-0", "pi-1"], failed=2, terminating=2,
                   conditions=failure_target(BACKOFF_LIMIT_EXCEEDED), events=deleted("pi-0", "pi-1")),
         ordered=False),
    Case("OnFailure: fewer restarts than the limit keep the pods",
         make_job(parallelism=2, completions=5, backoff_limit=3, restart_policy="OnFailure"),
         many(running, "pi-", 2, restarts=1, restart_policy="OnFailure"),
         want=Want(active=2)),
    Case("OnFailure: restarts of a pod that already succeeded do not count",
         make_job(parallelism=1, completions=2, backoff_limit=2, restart_policy="OnFailure"),
         [succeeded("pi-s", restarts=5, restart_policy="OnFailure"), running("pi-a", restart_policy="OnFailure")],
         want=Want(active=1, succeeded=1, untrack=["pi-s"])),
]


@pytest.mark.parametrize("case", BACKOFF_LIMIT_CASES, ids=str)
def test_backoff_limit(case):
    check(case)


BACKOFF_DELAY_CASES = [
    Case("a replacement waits 10 s after the first failure",
         make_job(), backoff=BackoffRecord(1, NOW),
         want=Want(requeue_after=10.0)),
    Case("a record without failures holds nothing back",
         make_job(), backoff=BackoffRecord(0, NOW),
         want=Want(create=["pi-"], active=1)),
    Case("two failures double the delay: 20 s from the last one",
         make_job(), [failed("pi-f1", finished_at=NOW - 8), failed("pi-f2", finished_at=NOW - 5)],
         want=Want(failed=2, untrack=["pi-f1", "pi-f2"], requeue_after=15.0)),
    Case("the delay keeps doubling: 80 s after four failures",
         make_job(), backoff=BackoffRecord(4, NOW),
         want=Want(requeue_after=80.0)),
    Case("the delay is capped at 600 s",
         make_job(), backoff=BackoffRecord(10, NOW),
         want=Want(requeue_after=600.0)),
    Case("the delay counts from the last failure",
         make_job(), backoff=BackoffRecord(3, NOW - 30),
         want=Want(requeue_after=10.0)),
    Case("once the delay has passed the replacement is created",
         make_job(), backoff=BackoffRecord(3, NOW - 40),
         want=Want(create=["pi-"], active=1)),
    Case("a success resets the back-off",
         make_job(completions=2), [succeeded("pi-s", finished_at=NOW)], backoff=BackoffRecord(3, NOW - 1),
         want=Want(create=["pi-"], active=1, succeeded=1, untrack=["pi-s"])),
    Case("failures after the last success still hold back the replacement",
         make_job(completions=3),
         [succeeded("pi-s", finished_at=NOW - 10), failed("pi-f", finished_at=NOW - 5)],
         want=Want(succeeded=1, failed=1, untrack=["pi-s", "pi-f"], requeue_after=5.0)),
    Case("the requeue is never shorter than the 1 s batch period",
         make_job(), backoff=BackoffRecord(1, NOW - 9.5),
         want=Want(requeue_after=1.0)),
    Case("the back-off holds back creations, not deletions",
         make_job(completions=5), many(running, "pi-", 2), backoff=BackoffRecord(1, NOW),
         want=Want(delete=["pi-1"], untrack=["pi-1"], active=1, terminating=1, events=deleted("pi-1"))),
    Case("while backing off the running pods are still reported as active and ready",  # kubernetes#139457
         make_job(parallelism=2, completions=2), [running("pi-a", ready=True)], backoff=BackoffRecord(1, NOW),
         want=Want(active=1, ready=1, requeue_after=10.0)),
]


@pytest.mark.parametrize("case", BACKOFF_DELAY_CASES, ids=str)
def test_pod_recreation_backoff(case):
    check(case)


def test_the_backoff_record_follows_new_failures_and_successes():
    two_failures = sync_job(make_job(), [failed("pi-f1", finished_at=NOW - 8),
                                         failed("pi-f2", finished_at=NOW - 5)], NOW)
    assert two_failures.backoff == BackoffRecord(2, NOW - 5)
    success = sync_job(make_job(completions=2), [succeeded("pi-s", finished_at=NOW)], NOW, BackoffRecord(3, NOW - 1))
    assert success.backoff == BackoffRecord(0, None)


def test_the_backoff_record_is_dropped_when_the_job_finishes():
    completing = sync_job(make_job(), [succeeded("pi-s")], NOW, BackoffRecord(2, NOW - 5))
    assert completing.backoff is None
    already_failed = make_job(status=JobStatus(start_time=0.0, conditions=conditions(cond("Failed"))))
    assert sync_job(already_failed, [], NOW, BackoffRecord(2, NOW - 5)).backoff is None


# ---- podFailurePolicy -------------------------------------------------------------

MAIN = "main-container"


def exit_codes(action, operator, values, container=None):
    return PodFailurePolicyRule(action, on_exit_codes=OnExitCodes(operator, list(values), container))


def pod_conditions(action, *types):
    return PodFailurePolicyRule(action, on_pod_conditions=[OnPodCondition(t) for t in types])


IGNORE_1_3_FAIL_5_7 = PodFailurePolicy([exit_codes("Ignore", "In", [1, 2, 3]),
                                        exit_codes("FailJob", "In", [5, 6, 7])])


def pfp_job(policy=IGNORE_1_3_FAIL_5_7, **kw):
    kw.setdefault("containers", (MAIN,))
    return make_job(pod_failure_policy=policy, **kw)


def failed_with(name, exit_code, container=MAIN, **kw):
    return failed(name, exit_code=exit_code, failed_container=container, **kw)


def fail_job(message):
    return ("PodFailurePolicy", message)


def container_failed(pod, exit_code, rule, container=MAIN):
    """Reason and message of a FailJob verdict on an exit code (upstream matchPodFailurePolicy)."""
    return fail_job(f"Container {container} for pod default/{pod} failed with exit code {exit_code} "
                    f"matching FailJob rule at index {rule}")


EXIT_5_AT_1 = container_failed("pi-0", 5, 1)
DISRUPTED = fail_job("Pod default/pi-0 has condition DisruptionTarget matching FailJob rule at index 0")
EARLIER_POD = container_failed("already-deleted-pod", 5, 1)

POD_FAILURE_POLICY_CASES = [
    Case("FailJob on an exit code: FailureTarget then Failed with the rule's message",
         pfp_job(), [failed_with("pi-0", 5)],
         want=Want(failed=1, untrack=["pi-0"], conditions=failure(EXIT_5_AT_1), events=[warning(EXIT_5_AT_1)])),
    Case("a FailureTarget already written is followed by Failed with the same message",
         pfp_job(status=JobStatus(start_time=0.0, conditions=conditions(cond("FailureTarget", *EARLIER_POD)))),
         [failed_with("pi-0", 5)],
         want=Want(failed=1, untrack=["pi-0"], conditions=failure(EARLIER_POD), events=[warning(EARLIER_POD)])),
    Case("FailJob while another pod runs: it is deleted and counted as failed, Failed waits",
         pfp_job(parallelism=2, completions=2), [running("pi-0"), failed_with("pi-1", 5)],
         want=Want(delete=["pi-0"], untrack=["pi-0", "pi-1"], failed=2, terminating=1,
                   conditions=failure_target(container_failed("pi-1", 5, 1)), events=deleted("pi-0"))),
    Case("FailJob in an Indexed Job",
         make_indexed_job(pod_failure_policy=IGNORE_1_3_FAIL_5_7, containers=(MAIN,)),
         [failed_with("indexed-job-0-a", 5, index=0)],
         want=Want(failed=1, untrack=["indexed-job-0-a"], conditions=failure(container_failed("indexed-job-0-a", 5, 1)),
                   events=[warning(container_failed("indexed-job-0-a", 5, 1))])),
    Case("FailJob on an init container's exit code names that container",
         pfp_job(init_containers=("init-container",)),
         [failed_with("pi-0", 5, container="init-container", init_containers=("init-container",))],
         want=Want(failed=1, untrack=["pi-0"], conditions=failure(container_failed("pi-0", 5, 1, "init-container")),
                   events=[warning(container_failed("pi-0", 5, 1, "init-container"))])),
    Case("an exit code from a container other than containerName is counted as usual",
         pfp_job(PodFailurePolicy([exit_codes("Ignore", "In", [1, 2, 3], MAIN),
                                   exit_codes("FailJob", "In", [5, 6, 7], MAIN)]),
                 containers=(MAIN, "monitoring-container")),
         [failed_with("pi-0", 5, container="monitoring-container", containers=(MAIN, "monitoring-container"))],
         want=Want(create=["pi-"], active=1, failed=1, untrack=["pi-0"])),
    Case("a running pod is not judged by the policy",
         pfp_job(), [running("pi-0", exit_code=5, failed_container=MAIN)],
         want=Want(active=1)),
    Case("NotIn: any other non-zero exit code fails the Job",
         pfp_job(PodFailurePolicy([exit_codes("FailJob", "NotIn", [5, 6, 7])])), [failed_with("pi-0", 42)],
         want=Want(failed=1, untrack=["pi-0"], conditions=failure(container_failed("pi-0", 42, 0)),
                   events=[warning(container_failed("pi-0", 42, 0))])),
    Case("NotIn: a listed exit code is counted as usual",
         pfp_job(PodFailurePolicy([exit_codes("FailJob", "NotIn", [5, 6, 7])])), [failed_with("pi-0", 5)],
         want=Want(create=["pi-"], active=1, failed=1, untrack=["pi-0"])),
    Case("Ignore: the failure is not counted, even with backoffLimit 0",
         pfp_job(backoff_limit=0), [failed_with("pi-0", 1)],
         want=Want(create=["pi-"], active=1, untrack=["pi-0"])),
    Case("an ignored failure still feeds the back-off",
         pfp_job(backoff_limit=0), [failed_with("pi-0", 1, finished_at=NOW - 4)],
         want=Want(untrack=["pi-0"], requeue_after=6.0)),
    Case("no rule matches: counted as usual, here past backoffLimit 0",
         pfp_job(backoff_limit=0), [failed_with("pi-0", 10)],
         want=Want(failed=1, untrack=["pi-0"], conditions=failure(BACKOFF_LIMIT_EXCEEDED),
                   events=[warning(BACKOFF_LIMIT_EXCEEDED)])),
    Case("the first matching rule wins: Count before Ignore",
         pfp_job(PodFailurePolicy([exit_codes("Count", "In", [1, 2]), exit_codes("Ignore", "In", [2, 3])])),
         [failed_with("pi-0", 2)],
         want=Want(create=["pi-"], active=1, failed=1, untrack=["pi-0"])),
    Case("the first matching rule wins for pod conditions too",
         pfp_job(PodFailurePolicy([pod_conditions("Count", "ResourceLimitExceeded"),
                                   pod_conditions("Ignore", "DisruptionTarget")])),
         [failed("pi-0", conditions=[pod_condition("ResourceLimitExceeded"), pod_condition("DisruptionTarget")])],
         want=Want(create=["pi-"], active=1, failed=1, untrack=["pi-0"])),
    Case("Ignore a disruption (DisruptionTarget): not counted, the pod is replaced",
         pfp_job(PodFailurePolicy([pod_conditions("Ignore", "DisruptionTarget")]), backoff_limit=0),
         [failed("pi-0", conditions=[pod_condition("DisruptionTarget")])],
         want=Want(create=["pi-"], active=1, untrack=["pi-0"])),
    Case("an ignored pod deleted just now is not counted but delays its replacement 10 s",
         pfp_job(PodFailurePolicy([pod_conditions("Ignore", "DisruptionTarget")]), backoff_limit=0),
         [failed("pi-0", finished_at=None, deleted_at=NOW, conditions=[pod_condition("DisruptionTarget")])],
         want=Want(untrack=["pi-0"], requeue_after=10.0)),
    Case("FailJob on a DisruptionTarget condition",
         pfp_job(PodFailurePolicy([pod_conditions("FailJob", "DisruptionTarget")])),
         [failed("pi-0", conditions=[pod_condition("DisruptionTarget")])],
         want=Want(failed=1, untrack=["pi-0"], conditions=failure(DISRUPTED), events=[warning(DISRUPTED)])),
    Case("a pod condition with another status does not match the pattern",
         pfp_job(PodFailurePolicy([pod_conditions("FailJob", "DisruptionTarget")])),
         [failed("pi-0", conditions=[pod_condition("DisruptionTarget", "False")])],
         want=Want(create=["pi-"], active=1, failed=1, untrack=["pi-0"])),
    Case("with a podFailurePolicy a terminating pod is neither a failure nor replaced yet",
         pfp_job(PodFailurePolicy([pod_conditions("Count", "DisruptionTarget")]), completions=None, backoff_limit=0),
         [terminating("pi-0", deleted_at=NOW - 100)],
         want=Want(terminating=1)),
]


@pytest.mark.parametrize("case", POD_FAILURE_POLICY_CASES, ids=str)
def test_pod_failure_policy(case):
    check(case)


# ---- podReplacementPolicy ----------------------------------------------------------

REPLACEMENT_CASES = [
    Case("Failed: a terminating pod is no failure and holds its place",
         make_job(completions=None, pod_replacement_policy="Failed"),
         [running("pi-r"), failed("pi-f"), terminating("pi-t")],
         want=Want(active=1, failed=1, terminating=1, untrack=["pi-f"])),
    Case("TerminatingOrFailed (default): a terminating pod counts as failed at once",
         make_job(completions=None),
         [running("pi-r"), failed("pi-f"), terminating("pi-t")],
         want=Want(active=1, failed=2, terminating=1, untrack=["pi-f", "pi-t"])),
    Case("TerminatingOrFailed with fixed completions: the terminating pod is counted as failed too",
         make_job(),
         [running("pi-r"), failed("pi-f"), terminating("pi-t")],
         want=Want(active=1, failed=2, terminating=1, untrack=["pi-f", "pi-t"])),
    Case("Failed: with more terminating pods than parallelism the excess active pod is deleted",
         make_job(pod_replacement_policy="Failed"),
         many(running, "pi-r", 2) + many(terminating, "pi-t", 4),
         want=Want(delete=["pi-r1"], untrack=["pi-r1"], active=1, terminating=5, events=deleted("pi-r1"))),
    Case("an empty podFailurePolicy also only replaces failed pods",  # kubernetes#122235
         make_job(pod_failure_policy=PodFailurePolicy([])),
         many(running, "pi-r", 2) + many(terminating, "pi-t", 4),
         want=Want(delete=["pi-r1"], untrack=["pi-r1"], active=1, terminating=5, events=deleted("pi-r1"))),
    Case("Failed: the terminating pod counts against parallelism, nothing is created",
         make_job(pod_replacement_policy="Failed"), [terminating("pi-t")],
         want=Want(terminating=1)),
    Case("a ready pod being deleted is neither active nor ready",
         make_job(pod_replacement_policy="Failed"), [terminating("pi-t", ready=True)],
         want=Want(terminating=1)),
    Case("Failed: once the deleted pod has failed it is counted and replaced",
         make_job(pod_replacement_policy="Failed"), [failed("pi-t", deleted_at=0.0)],
         want=Want(create=["pi-"], active=1, failed=1, untrack=["pi-t"])),
    Case("TerminatingOrFailed: a pod deleted just now is replaced after the 10 s back-off",
         make_job(), [terminating("pi-t", deleted_at=NOW - 2)],
         want=Want(failed=1, terminating=1, untrack=["pi-t"], requeue_after=8.0)),
    Case("TerminatingOrFailed: after the back-off the replacement runs beside the terminating pod",
         make_job(), [terminating("pi-t", deleted_at=0.0)],
         want=Want(create=["pi-"], active=1, failed=1, terminating=1, untrack=["pi-t"])),
]


@pytest.mark.parametrize("case", REPLACEMENT_CASES, ids=str)
def test_pod_replacement_policy(case):
    check(case)
