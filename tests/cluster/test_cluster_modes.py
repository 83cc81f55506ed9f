"""Scenario tests through ``Cluster``: Indexed Jobs, work queues, per-index limits, success policies.

The manifests are the docs' (data/); expected values are the ones the docs
print or that follow from upstream's rules (a pod change wakes the controller
within one second — sooner when a sync is already queued — and the default
start latency is 2 s).
"""
import re

import pytest

from k8sjobs_edu import Cluster
from k8sjobs_edu.cluster import workloads as w

from cluster_helpers import DATA, manifest

INDEX_KEY = "batch.kubernetes.io/job-completion-index"
SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}"  # k8s.io/apimachinery/pkg/util/rand


def completed_indexes_over_time(cluster: Cluster, job: str) -> list[tuple[float, str]]:
    changes = []
    for t, status in cluster.timeline().job_statuses(job):
        if not changes or changes[-1][1] != status.completed_indexes:
            changes.append((t, status.completed_indexes))
    return changes


# ---- Indexed ------------------------------------------------------------------------------


def test_indexed_pods_carry_their_index_in_name_hostname_label_and_annotation():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "indexed-job.yaml")
    pods = cluster.pods()
    assert [p.index for p in pods] == [0, 1, 2]  # parallelism 3, lowest indexes first
    for pod in pods:
        assert re.fullmatch(f"indexed-job-{pod.index}-{SUFFIX}", pod.name)
        assert pod.hostname == f"indexed-job-{pod.index}"
        assert pod.labels[INDEX_KEY] == pod.annotations[INDEX_KEY] == str(pod.index)


def test_indexed_logs_are_the_reversed_item_of_each_index():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "indexed-job.yaml")
    cluster.run()
    logs = {p.index: cluster.kubectl(f"logs {p.name}").splitlines()[-1] for p in cluster.pods()}
    # The docs: "kubectl logs indexed-job-fdhq5" (index 3) prints xuq.
    assert logs == {0: "oof", 1: "rab", 2: "zab", 3: "xuq", 4: "zyx"}


def test_completed_indexes_grow_in_kubernetes_interval_format():
    # Run times per index 5, 20, 1, 2, 4 s: index 1 is slow, so "0,2-4" shows before "0-4" (L03 E3).
    cluster = Cluster(seed=0, workload=w.scripted({0: [5], 1: [20], 2: [1], 3: [2], 4: [4]}))
    cluster.apply(DATA / "indexed-job.yaml")
    cluster.run()
    assert completed_indexes_over_time(cluster, "indexed-job") == [
        (0, ""), (3, "2"), (7, "0,2,3"), (14, "0,2-4"), (23, "0-4")]
    assert [(p.index, p.created_at) for p in cluster.pods()] == [(0, 0), (1, 0), (2, 0), (3, 3), (4, 7)]
    assert cluster.get_job("indexed-job").status.completion_time == 23


def test_a_failed_index_is_retried_under_the_same_index():
    # Index 1 fails at 6, after 0 and 2 succeeded at 5: the 10 s back-off holds every creation.
    cluster = Cluster(seed=0, workload=w.scripted({1: [(4, 1), 3]}, default=3))
    cluster.apply(DATA / "indexed-job.yaml")
    cluster.run()
    pods = cluster.pods()
    assert [(p.index, p.attempt, p.created_at, p.phase) for p in pods] == [
        (0, 0, 0, "Succeeded"), (1, 0, 0, "Failed"), (2, 0, 0, "Succeeded"),
        (1, 1, 16, "Succeeded"), (3, 0, 16, "Succeeded"), (4, 0, 16, "Succeeded")]
    retry = pods[3]
    assert re.fullmatch(f"indexed-job-1-{SUFFIX}", retry.name)
    assert (retry.hostname, retry.labels[INDEX_KEY]) == ("indexed-job-1", "1")
    status = cluster.get_job("indexed-job").status
    assert (status.succeeded, status.failed, status.completed_indexes) == (5, 1, "0-4")


# ---- work queue ----------------------------------------------------------------------------


def test_work_queue_two_workers_drain_nine_items_and_complete_two_of_one():
    cluster = Cluster(seed=0, workload=w.work_queue(9, 10))
    cluster.apply(DATA / "job-wq-2.yaml")
    cluster.run(until=30)
    assert "Pods Statuses:    2 Active (2 Ready) / 0 Succeeded / 0 Failed" in cluster.kubectl(
        "describe job job-wq-2")
    cluster.run()
    pods = cluster.pods()
    assert len(pods) == 2  # no pod is created after the first success
    worked = sorted(cluster.kubectl(f"logs {p.name}").count("Working on") for p in pods)
    assert worked == [4, 5]
    status = cluster.get_job("job-wq-2").status
    assert (status.succeeded, status.failed, status.completion_time) == (2, 0, 53)
    assert cluster.kubectl("get job job-wq-2").splitlines()[1].split()[1:3] == ["Complete", "2/1"]
    assert " 2/1 of 2 " in cluster.kubectl("get job job-wq-2")


def test_work_queue_does_not_replace_a_pod_that_fails_after_the_first_success():
    never = manifest("job-wq-2.yaml", {"restartPolicy: OnFailure": "restartPolicy: Never"})
    cluster = Cluster(seed=0, workload=w.scripted([(10, 0), (30, 1)]))
    cluster.apply(never)
    cluster.run()
    assert [(p.phase, p.finished_at) for p in cluster.pods()] == [("Succeeded", 12), ("Failed", 32)]
    status = cluster.get_job("job-wq-2").status
    # Complete once one pod succeeded and none is active; the failure is counted, not retried.
    assert (status.succeeded, status.failed, status.completion_time) == (1, 1, 33)
    assert " 1/1 of 2 " in cluster.kubectl("get job job-wq-2")


# ---- backoffLimitPerIndex and maxFailedIndexes ------------------------------------------------


def test_the_docs_backoff_limit_per_index_example_fails_the_even_indexes():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "job-backoff-limit-per-index-example.yaml")
    cluster.run()
    status = cluster.get_job("job-backoff-limit-per-index-example").status
    assert (status.completed_indexes, status.failed_indexes, status.succeeded, status.failed) == (
        "1,3,5,7,9", "0,2,4,6,8", 5, 10)
    assert [(c.type, c.reason, c.message) for c in status.conditions] == [
        ("FailureTarget", "FailedIndexes", "Job has failed indexes"),
        ("Failed", "FailedIndexes", "Job has failed indexes")]
    assert status.completion_time is None
    # Each even index ran twice (backoffLimitPerIndex 1); the retry carries the failure count.
    counts = sorted((p.index, p.annotations["batch.kubernetes.io/job-index-failure-count"])
                    for p in cluster.pods() if p.index % 2 == 0)
    assert counts == [(i, n) for i in (0, 2, 4, 6, 8) for n in ("0", "1")]
    warnings = [(e.reason, e.message) for e in cluster.events if e.type == "Warning"]
    assert warnings == [("FailedIndexes", "Job has failed indexes")]


def test_per_index_retry_waits_its_own_back_off_from_the_failure():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "job-backoff-limit-per-index-example.yaml")
    cluster.run()
    index_0 = [p for p in cluster.pods() if p.index == 0]
    # The first index-0 pod fails at 2; its retry is created 10 s later.
    assert [(p.created_at, p.finished_at) for p in index_0] == [(0, 2), (12, 14)]


def test_the_docs_fail_index_example_fails_indexes_0_and_1():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "job-backoff-limit-per-index-failindex.yaml")
    cluster.run()
    status = cluster.get_job("job-backoff-limit-per-index-failindex").status
    assert (status.failed, status.failed_indexes, status.completed_indexes) == (3, "0,1", "2,3")
    # The docs' pod list: two index-0 pods Error, one index-1 Error (FailIndex on 42), 2 and 3 Completed.
    statuses = sorted((p.index, line.split()[2]) for p in cluster.pods()
                      for line in cluster.kubectl("get pods").splitlines() if line.startswith(p.name))
    assert statuses == [(0, "Error"), (0, "Error"), (1, "Error"), (2, "Completed"), (3, "Completed")]


def test_max_failed_indexes_stops_the_job_before_every_index_ran():
    strict = manifest("job-backoff-limit-per-index-example.yaml",
                      {"maxFailedIndexes: 5": "maxFailedIndexes: 1", "backoffLimitPerIndex: 1": "backoffLimitPerIndex: 0"})
    cluster = Cluster(seed=0)
    cluster.apply(strict)
    cluster.run()
    status = cluster.get_job("job-backoff-limit-per-index-example").status
    assert [(c.type, c.reason, c.message) for c in status.conditions] == [
        ("FailureTarget", "MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes"),
        ("Failed", "MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes")]
    # Indexes 0 and 2 fail together at 2 (two failed > 1): indexes 3..9 never get a pod.
    assert sorted(p.index for p in cluster.pods()) == [0, 1, 2]
    assert (status.failed_indexes, status.completed_indexes) == ("0,2", "1")


# ---- successPolicy ------------------------------------------------------------------------------


@pytest.fixture
def leader_worker() -> Cluster:
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "leader-worker-success-policy.yaml")
    return cluster


LEADER_WORKER_VIEWS = [  # (time, STATUS, COMPLETIONS, pods Running/Completed/Terminating)
    (61, "Running", "0/4", {"Running": 4}),
    (62, "Running", "0/4", {"Completed": 1, "Running": 3}),
    (63, "SuccessCriteriaMet", "1/4", {"Completed": 1, "Terminating": 3}),
    (92, "SuccessCriteriaMet", "1/4", {"Completed": 1, "Terminating": 3}),
    (93, "SuccessCriteriaMet", "1/4", {"Completed": 1}),
    (94, "Complete", "1/4", {"Completed": 1}),
]


@pytest.mark.parametrize("t, job_status, completions, pod_statuses", LEADER_WORKER_VIEWS)
def test_leader_success_terminates_the_workers_then_completes(leader_worker, t, job_status, completions,
                                                              pod_statuses):
    leader_worker.run(until=t)
    job_row = leader_worker.kubectl("get job leader-worker").splitlines()[1].split()
    assert job_row[1:3] == [job_status, completions]
    seen: dict[str, int] = {}
    for line in leader_worker.kubectl("get pods").splitlines()[1:]:
        seen[line.split()[2]] = seen.get(line.split()[2], 0) + 1
    assert seen == pod_statuses


def test_leader_worker_conditions_and_events(leader_worker):
    leader_worker.run(until=200)
    status = leader_worker.get_job("leader-worker").status
    assert [(c.type, c.reason, c.message, c.last_transition_time) for c in status.conditions] == [
        ("SuccessCriteriaMet", "SuccessPolicy", "Matched rules at index 0", 63),
        ("Complete", "SuccessPolicy", "Matched rules at index 0", 94)]
    assert (status.succeeded, status.failed, status.completed_indexes, status.completion_time) == (1, 0, "0", 94)
    assert [(e.time, e.reason) for e in leader_worker.events if e.reason != "SuccessfulCreate"] == [
        (63, "SuccessfulDelete"), (63, "SuccessfulDelete"), (63, "SuccessfulDelete"), (94, "Completed")]
