"""Scenario tests through ``Cluster``: failures, back-off, deadlines, pod failure policies.

Timing rules (upstream, mirrored by the engine): a failed pod is seen by the
controller at the next sync (one batched second after the pod change), and a
replacement is created ``10 s × 2^(n-1)`` (at most 600 s) after the last
failure's finish time (``backoff_utils.go``: remaining = delay − (now − lastFailure)).
With ``constant(5, exit_code=1)`` and the 2 s start latency a pod created at
``c`` fails at ``c + 7``.
"""
import re

import pytest

from k8sjobs_edu import Cluster
from k8sjobs_edu.cluster import workloads as w

from cluster_helpers import DATA, manifest

FAILING = "examplejobforonfailure"  # data/job-for-on-failure.yaml: backoffLimit 6, restartPolicy Never


def conditions(cluster: Cluster, job: str) -> list[tuple]:
    return [(c.type, c.reason, c.last_transition_time) for c in cluster.get_job(job).status.conditions]


def pod_cells(cluster: Cluster, pod_name: str) -> list[str]:
    """READY, STATUS and RESTARTS of one pod in ``kubectl get pods`` (AGE left out)."""
    for line in cluster.kubectl("get pods").splitlines()[1:]:
        cells = line.split()
        if cells[0] == pod_name:
            return [cells[1], cells[2], " ".join(cells[3:-1])]
    raise AssertionError(f"{pod_name} is not listed")


# ---- restartPolicy Never: the pod re-creation back-off --------------------------------------


BACKOFF_CASES = [  # (case, backoffLimit, creation times, Failed at)
    ("backoffLimit 6 allows seven pods, 10 s, 20 s, 40 s ... apart", 6,
     [0, 17, 44, 91, 178, 345, 672], 680),
    ("the delay is capped at 600 s (MaxJobPodFailureBackOff)", 7,
     [0, 17, 44, 91, 178, 345, 672, 1279], 1287),
    ("backoffLimit 0 means no retry at all", 0, [0], 8),
]


@pytest.mark.parametrize("case, limit, created, failed_at", BACKOFF_CASES, ids=[c[0] for c in BACKOFF_CASES])
def test_replacements_wait_the_pod_failure_back_off(case, limit, created, failed_at):
    cluster = Cluster(seed=0, workload=w.constant(5, exit_code=1))
    cluster.apply(manifest("job-for-on-failure.yaml", {"backoffLimit: 6": f"backoffLimit: {limit}"}))
    cluster.run()
    assert [p.created_at for p in cluster.pods()] == created
    assert conditions(cluster, FAILING) == [("FailureTarget", "BackoffLimitExceeded", failed_at),
                                            ("Failed", "BackoffLimitExceeded", failed_at)]
    status = cluster.get_job(FAILING).status
    assert (status.failed, status.active, status.completion_time) == (limit + 1, 0, None)
    assert [(e.time, e.type, e.reason, e.message) for e in cluster.events if e.reason != "SuccessfulCreate"] == [
        (failed_at, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit")]


def test_the_notes_failing_command_leaves_seven_error_pods():
    # sh -c 'this is error commands!!' exits 127 at once; L06 E2 expects failure after 600-700 s.
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "job-for-on-failure.yaml")
    cluster.run()
    assert [p.created_at for p in cluster.pods()] == [0, 12, 34, 76, 158, 320, 642]
    assert conditions(cluster, FAILING)[-1] == ("Failed", "BackoffLimitExceeded", 645)
    rows = cluster.kubectl("get pods").splitlines()[1:]
    assert len(rows) == 7 and all(r.split()[1:4] == ["0/1", "Error", "0"] for r in rows)
    assert cluster.kubectl(f"logs {cluster.pods()[0].name}") == "sh: this: not found\n"
    assert cluster.kubectl(f"get job {FAILING}").splitlines()[1].split()[1:3] == ["Failed", "0/1"]


def test_a_success_resets_the_back_off():
    cluster = Cluster(seed=0, workload=w.scripted([(5, 1), (5, 1), (5, 0), (5, 1), (5, 0)]))
    cluster.apply(manifest("job-for-on-failure.yaml", {"backoffLimit: 6": "backoffLimit: 6\n  completions: 2"}))
    cluster.run()
    # 10 s, 20 s, then a success: the next pod comes at once and the next failure waits 10 s again.
    assert [p.created_at for p in cluster.pods()] == [0, 17, 44, 52, 69]
    status = cluster.get_job(FAILING).status
    assert (status.succeeded, status.failed, status.completion_time) == (2, 3, 77)


# ---- restartPolicy OnFailure: in-place restarts --------------------------------------------------

ON_FAILURE = {"restartPolicy: Never\n      # restartPolicy: OnFailure": "restartPolicy: OnFailure"}

# constant(5, exit 1), latency 2: container runs start at 2, 7 (first restart immediate), 22, 47,
# 92, 177, 342 (kubelet back-off 10 s, 20 s, 40 s, 80 s, 160 s after each crash). restartCount
# counts containers started again (kuberuntime startContainer: RestartCount + 1 when the next
# one is created), so while waiting in CrashLoopBackOff it still shows the earlier count.
CRASH_LOOP_VIEWS = [  # (time, READY, STATUS, RESTARTS)
    (6, "1/1", "Running", "0"),
    (8, "1/1", "Running", "1 (1s ago)"),
    (12, "0/1", "CrashLoopBackOff", "1 (0s ago)"),
    (21, "0/1", "CrashLoopBackOff", "1 (9s ago)"),
    (22, "1/1", "Running", "2 (10s ago)"),
    (30, "0/1", "CrashLoopBackOff", "2 (3s ago)"),
    (341, "0/1", "CrashLoopBackOff", "5 (2m39s ago)"),
    (342, "1/1", "Running", "6 (2m40s ago)"),
    (343, "1/1", "Terminating", "6 (2m41s ago)"),
]


@pytest.mark.parametrize("t, ready, status, restarts", CRASH_LOOP_VIEWS)
def test_on_failure_restarts_one_pod_with_the_kubelet_crash_loop_back_off(t, ready, status, restarts):
    cluster = Cluster(seed=0, workload=w.constant(5, exit_code=1))
    cluster.apply(manifest("job-for-on-failure.yaml", ON_FAILURE))
    cluster.run(until=t)
    [pod] = cluster.pods()
    assert pod_cells(cluster, pod.name) == [ready, status, restarts]


def test_on_failure_fails_the_job_when_restarts_reach_the_limit_and_deletes_the_pod():
    cluster = Cluster(seed=0, workload=w.constant(5, exit_code=1))
    cluster.apply(manifest("job-for-on-failure.yaml", ON_FAILURE))
    cluster.run()
    # pastBackoffLimitOnFailure: restarts >= 6 at 342, seen at 343; the running container exits
    # at 347 during its grace period, so Failed follows at 348.
    assert conditions(cluster, FAILING) == [("FailureTarget", "BackoffLimitExceeded", 343),
                                            ("Failed", "BackoffLimitExceeded", 348)]
    assert [(e.time, e.reason) for e in cluster.events] == [
        (0, "SuccessfulCreate"), (343, "SuccessfulDelete"), (348, "BackoffLimitExceeded")]
    assert cluster.pods() == []  # the logs are gone with the pod (docs' advice: debug with Never)
    assert cluster.get_job(FAILING).status.failed == 1


def test_on_failure_with_backoff_limit_0_fails_at_the_first_restart():
    cluster = Cluster(seed=0, workload=w.constant(5, exit_code=1))
    cluster.apply(manifest("job-for-on-failure.yaml", {**ON_FAILURE, "backoffLimit: 6": "backoffLimit: 0"}))
    cluster.run()
    assert conditions(cluster, FAILING) == [("FailureTarget", "BackoffLimitExceeded", 8),
                                            ("Failed", "BackoffLimitExceeded", 13)]


# ---- activeDeadlineSeconds ------------------------------------------------------------------


@pytest.fixture
def timeout() -> Cluster:
    cluster = Cluster(seed=0, workload=w.constant(1000))
    cluster.apply(DATA / "pi-with-timeout.yaml")
    return cluster


DEADLINE_VIEWS = [  # (time, Job STATUS, DURATION, pod STATUS or None when gone)
    (99, "Running", "99s", "Running"),
    (100, "FailureTarget", "100s", "Terminating"),
    (129, "FailureTarget", "2m9s", "Terminating"),
    (131, "Failed", "2m11s", None),
    (200, "Failed", "3m20s", None),  # no completionTime: a Failed Job's DURATION keeps growing
    (3700, "Failed", "61m", None),
]


@pytest.mark.parametrize("t, job_status, duration, pod_status", DEADLINE_VIEWS)
def test_deadline_kills_the_running_pod_then_fails_the_job(timeout, t, job_status, duration, pod_status):
    timeout.run(until=t)
    assert timeout.kubectl("get job").splitlines()[1].split()[1:4] == [job_status, "0/1", duration]
    statuses = [line.split()[2] for line in timeout.kubectl("get pods").splitlines()[1:]]
    assert statuses == ([] if pod_status is None else [pod_status])


def test_deadline_conditions_events_and_counts(timeout):
    timeout.run(until=200)
    assert conditions(timeout, "pi-with-timeout") == [("FailureTarget", "DeadlineExceeded", 100),
                                                      ("Failed", "DeadlineExceeded", 131)]
    status = timeout.get_job("pi-with-timeout").status
    assert (status.failed, status.active, status.terminating, status.completion_time) == (1, 0, 0, None)
    assert [(e.time, e.type, e.reason, e.message) for e in timeout.events if e.reason != "SuccessfulCreate"] == [
        (100, "Normal", "SuccessfulDelete", f"Deleted pod: {timeout.events[0].message.split()[-1]}"),
        (131, "Warning", "DeadlineExceeded", "Job was active longer than specified deadline")]


def test_deadline_clock_starts_again_when_a_suspended_job_resumes():
    cluster = Cluster(seed=0, workload=w.constant(1000))
    cluster.apply(manifest("suspended-job.yaml", {"completions: 5": "completions: 5\n  activeDeadlineSeconds: 100"}))
    cluster.run(until=500)
    assert cluster.get_job("myjob").status.conditions[0].type == "Suspended"  # no deadline while suspended
    cluster.resume("myjob")
    cluster.run(until=700)
    assert cluster.get_job("myjob").status.start_time == 500
    assert conditions(cluster, "myjob")[1] == ("FailureTarget", "DeadlineExceeded", 600)


# ---- podFailurePolicy ------------------------------------------------------------------------


def test_fail_job_rule_fails_the_job_at_the_first_exit_42():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "job-pod-failure-policy-failjob.yaml")
    cluster.run()
    job = "job-pod-failure-policy-failjob"
    # L07 E1: two pods, about 30 s (without the policy: 6 retries over minutes).
    assert len(cluster.pods()) == 2
    assert conditions(cluster, job) == [("FailureTarget", "PodFailurePolicy", 33), ("Failed", "PodFailurePolicy", 33)]
    message = cluster.get_job(job).status.conditions[1].message
    assert re.fullmatch(f"Container main for pod default/{job}-[a-z0-9]{{5}} failed with exit code 42 "
                        "matching FailJob rule at index 0", message)
    assert [p.name for p in cluster.pods() if p.name in message]
    assert cluster.get_job(job).status.failed == 2


def test_ignored_disruption_does_not_count_even_with_backoff_limit_0():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "job-pod-failure-policy-ignore.yaml")
    cluster.run(until=40)
    evicted = cluster.pods()[0]
    cluster.evict(evicted.name)
    assert [(c.type, c.status) for c in evicted.conditions] == [("DisruptionTarget", "True")]
    cluster.run(until=79.9)
    # podReplacementPolicy Failed: no replacement before the pod is Failed (70), then the 10 s back-off.
    assert len(cluster.pods()) == 1
    cluster.run(until=80)
    assert [p.created_at for p in cluster.pods()] == [0, 80]
    cluster.run()
    job = "job-pod-failure-policy-ignore"
    status = cluster.get_job(job).status
    assert (status.succeeded, status.failed, status.completion_time) == (4, 0, 266)
    assert conditions(cluster, job) == [("SuccessCriteriaMet", "CompletionsReached", 266),
                                        ("Complete", "CompletionsReached", 266)]


def test_without_the_policy_the_eviction_counts_and_fails_the_job():
    cluster = Cluster(seed=0)
    cluster.apply(manifest("job-pod-failure-policy-ignore.yaml",
                           {"  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onPodConditions:\n"
                            "      - type: DisruptionTarget\n": ""}))
    cluster.run(until=40)
    cluster.evict(cluster.pods()[0].name)
    cluster.run()
    job = "job-pod-failure-policy-ignore"
    # TerminatingOrFailed: the deleted pod is a failure at once (41); the other pod is killed (71).
    assert conditions(cluster, job) == [("FailureTarget", "BackoffLimitExceeded", 41),
                                        ("Failed", "BackoffLimitExceeded", 71)]
    assert cluster.get_job(job).status.failed == 2


def test_a_pod_deleted_by_a_user_is_a_failure_replaced_before_it_is_gone():
    cluster = Cluster(seed=0, workload=w.constant(100))
    cluster.apply(DATA / "paral-myjob.yaml")
    cluster.run(until=10)
    deleted = cluster.pods()[0]
    cluster.kubectl(f"delete pod {deleted.name} --wait=false")
    cluster.run(until=20)
    # TerminatingOrFailed: counted at the next sync (11); the back-off counts from the delete
    # request (getFinishedTime: deletionTimestamp - grace period), so the replacement comes at 20,
    # while the deleted pod is still Terminating until 40.
    assert cluster.get_job("paral-myjob").status.failed == 1
    assert [(p.created_at, p.deleted_at) for p in cluster.pods()] == [(0, 10), (0, None), (20, None)]
    cluster.run(until=40)
    assert deleted not in cluster.pods()


def test_a_pod_level_deadline_fails_only_that_pod_and_the_job_retries():
    # The notes' deadline example with restartPolicy fixed: activeDeadlineSeconds sits in the POD spec, so the
    # kubelet fails each pod after 10 s (status.reason DeadlineExceeded) and the Job replaces it after the
    # 10 s, 20 s, ... back-off; the Job itself has no deadline.
    text = manifest("../data/invalid/job-for-deadline.yaml", {
        "      activeDeadlineSeconds: 10\n": "      activeDeadlineSeconds: 10\n      restartPolicy: Never\n",
        """args: ['echo "Hello Kubernetes!; sleep 3600"']""": """args: ['echo "Hello Kubernetes!"; sleep 3600']"""})
    cluster = Cluster(seed=4)
    cluster.apply(text)
    cluster.run(until=40)
    assert [(p.created_at, p.finished_at, p.reason) for p in cluster.pods()] == [
        (0, 10, "DeadlineExceeded"), (20, 30, "DeadlineExceeded")]
    assert [line.split()[2] for line in cluster.kubectl("get pods").splitlines()[1:]] == ["DeadlineExceeded"] * 2
    assert cluster.get_job("examplejobfordeadline").status.failed == 2
