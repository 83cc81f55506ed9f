"""Scenario tests through ``Cluster``: one pod, fixed completions, parallelism, nodes.

Expected times follow the engine's rules, which are upstream's: a pod change
wakes the Job controller one second later (``syncJobBatchPeriod``), a Job
change wakes it at once, and a pod runs ``start_latency`` after its creation.
With ``constant(10)`` and the default 2 s latency a pod created at ``c`` runs
at ``c + 2``, finishes at ``c + 12``, and its replacement is created at ``c + 13``.
The whole-run determinism and timeline checks live at the end of this file.
"""

import pytest

from k8sjobs_edu import Cluster
from k8sjobs_edu.cluster import workloads as w
from k8sjobs_edu.kubectl.printers import views

from cluster_helpers import DATA, manifest


def row(cluster: Cluster, command: str, name: str) -> list[str]:
    """The cells of ``name``'s row in a kubectl table."""
    for line in cluster.kubectl(command).splitlines()[1:]:
        cells = line.split()
        if cells[0] == name:
            return cells
    raise AssertionError(f"{name} not in {cluster.kubectl(command)!r}")


def creation_times(cluster: Cluster) -> list[float]:
    return [p.created_at for p in cluster.pods()]


def live_pods_at_every_change(cluster: Cluster) -> int:
    """The most pods that were not yet finished at any recorded instant."""
    timeline = cluster.timeline()
    return max(sum(1 for p in timeline.at(t).pods if p.phase in ("Pending", "Running"))
               for t in timeline.change_times())


# ---- a non-parallel Job: the docs' pi ----------------------------------------------------


@pytest.fixture
def pi() -> Cluster:
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "pi.yaml")
    return cluster


PI_POD_VIEWS = [  # (time, READY, STATUS): latency 2 s, then perl computes for 10 s
    (1, "0/1", "ContainerCreating"),
    (2, "1/1", "Running"),
    (11.9, "1/1", "Running"),
    (12, "0/1", "Completed"),
    (500, "0/1", "Completed"),
]


@pytest.mark.parametrize("t, ready, status", PI_POD_VIEWS)
def test_pi_runs_one_pod_that_ends_completed(pi, t, ready, status):
    pi.run(until=t)
    [pod] = pi.pods()
    assert row(pi, "get pods", pod.name)[1:4] == [ready, status, "0"]


PI_JOB_VIEWS = [  # (time, STATUS, COMPLETIONS, DURATION): Complete one batched sync after the pod
    (1, "Running", "0/1", "1s"),
    (12, "Running", "0/1", "12s"),
    (13, "Complete", "1/1", "13s"),
    (600, "Complete", "1/1", "13s"),
]


@pytest.mark.parametrize("t, status, completions, duration", PI_JOB_VIEWS)
def test_pi_job_row_over_time(pi, t, status, completions, duration):
    pi.run(until=t)
    assert row(pi, "get jobs", "pi")[1:4] == [status, completions, duration]


def test_pi_status_conditions_and_events_when_complete(pi):
    pi.run()
    status = pi.get_job("pi").status
    assert (status.active, status.succeeded, status.failed, status.start_time, status.completion_time) == (
        0, 1, 0, 0.0, 13.0)
    assert [(c.type, c.status, c.reason, c.message, c.last_transition_time) for c in status.conditions] == [
        ("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", 13.0),
        ("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", 13.0),
    ]
    [pod] = pi.pods()
    assert [(e.time, e.type, e.reason, e.message) for e in pi.events] == [
        (0.0, "Normal", "SuccessfulCreate", f"Created pod: {pod.name}"),
        (13.0, "Normal", "Completed", "Job completed"),
    ]
    # Finished pods stay until the Job is deleted (no TTL here).
    assert (pod.phase, pod.deleted_at, pod.finalizers) == ("Succeeded", None, ())


# ---- fixed completions with parallelism ----------------------------------------------------


PARALLEL_CASES = [  # (case, completions, parallelism, creation times, completion time)
    ("eight completions two at a time come in four waves", 8, 2, [0, 0, 13, 13, 26, 26, 39, 39], 52),
    ("parallelism above the remaining completions is not used", 3, 5, [0, 0, 0], 13),
    ("the last wave only creates the completions still missing", 5, 3, [0, 0, 0, 13, 13], 26),
    ("parallelism 1 runs the pods one after the other", 3, 1, [0, 13, 26], 39),
]


@pytest.mark.parametrize("case, completions, parallelism, created, complete_at", PARALLEL_CASES,
                         ids=[c[0] for c in PARALLEL_CASES])
def test_fixed_completions_run_in_waves(case, completions, parallelism, created, complete_at):
    cluster = Cluster(seed=1, workload=w.constant(10))
    cluster.apply(manifest("paral-myjob.yaml", {"completions: 8": f"completions: {completions}",
                                                "parallelism: 2": f"parallelism: {parallelism}"}))
    cluster.run()
    assert creation_times(cluster) == created
    assert live_pods_at_every_change(cluster) == min(parallelism, completions)
    status = cluster.get_job("paral-myjob").status
    assert (status.succeeded, status.failed, status.completion_time) == (completions, 0, complete_at)


def test_parallelism_zero_pauses_and_deletes_the_active_pods():
    cluster = Cluster(seed=1, workload=w.constant(100))
    cluster.apply(DATA / "paral-myjob.yaml")
    cluster.run(until=5)
    first = [p.name for p in cluster.pods()]
    cluster.scale("paral-myjob", 0)
    assert sorted(e.message for e in cluster.events if e.reason == "SuccessfulDelete") == sorted(
        f"Deleted pod: {name}" for name in first)
    status = cluster.get_job("paral-myjob").status
    assert (status.active, status.terminating) == (0, 2)
    assert [row(cluster, "get pods", name)[2] for name in first] == ["Terminating", "Terminating"]
    cluster.run(until=34.9)
    assert len(cluster.pods()) == 2  # SIGKILL after the 30 s grace period
    cluster.run(until=35)
    assert cluster.pods() == []
    cluster.run(until=100)
    status = cluster.get_job("paral-myjob").status
    # Pods deleted for parallelism lose their tracking finalizer first: no failure counted.
    assert (cluster.pods(), status.failed, status.succeeded, status.conditions) == ([], 0, 0, [])
    assert row(cluster, "get jobs", "paral-myjob")[1:3] == ["Running", "0/8"]


def test_parallelism_raised_by_kubectl_patch_creates_pods_at_once():
    cluster = Cluster(seed=1, workload=w.constant(100))
    cluster.apply(DATA / "paral-myjob.yaml")
    cluster.run(until=5)
    out = cluster.kubectl("""patch job paral-myjob -p '{"spec":{"parallelism":4}}'""")
    assert out == "job.batch/paral-myjob patched\n"
    assert creation_times(cluster) == [0, 0, 5, 5]
    assert cluster.get_job("paral-myjob").spec.parallelism == 4


def test_parallelism_lowered_mid_run_deletes_the_newest_not_ready_pods_first():
    cluster = Cluster(seed=1, workload=w.constant(100))
    cluster.apply(DATA / "paral-myjob.yaml")
    cluster.run(until=5)
    cluster.scale("paral-myjob", 4)
    cluster.run(until=6)  # the two new pods are still ContainerCreating
    new = [p.name for p in cluster.pods() if p.created_at == 5]
    cluster.kubectl("""patch job paral-myjob -p '{"spec":{"parallelism":1}}'""")
    deleted = [e.message.removeprefix("Deleted pod: ") for e in cluster.events if e.reason == "SuccessfulDelete"]
    assert len(deleted) == 3
    assert set(new) <= set(deleted)  # controller.ActivePods: pending before running
    [survivor] = [p for p in cluster.pods() if p.deleted_at is None]
    assert survivor.created_at == 0
    assert cluster.get_job("paral-myjob").status.active == 1


def test_one_node_keeps_the_extra_pod_pending_until_the_first_one_finishes():
    cluster = Cluster(seed=1, workload=w.constant(10), nodes=1)
    cluster.apply(DATA / "paral-myjob.yaml")
    cluster.run(until=5)
    first, second = cluster.pods()
    assert row(cluster, "get pods", first.name)[1:3] == ["1/1", "Running"]
    assert row(cluster, "get pods", second.name)[1:3] == ["0/1", "Pending"]
    cluster.run()
    # Bound when the node frees (every 12 s), running 2 s later.
    assert [p.started_at for p in cluster.pods()] == [2, 14, 26, 38, 50, 62, 74, 86]
    assert live_pods_at_every_change(cluster) == 2  # one running, one waiting
    assert max(sum(1 for p in cluster.timeline().at(t).pods if p.phase == "Running")
               for t in cluster.timeline().change_times()) == 1
    assert cluster.get_job("paral-myjob").status.completion_time == 97


# ---- determinism --------------------------------------------------------------------


def transcript(cluster: Cluster) -> str:
    """``kubectl get jobs`` and ``get pods`` as they read at every recorded change."""
    timeline = cluster.timeline()
    parts = []
    for t in timeline.change_times():
        snapshot = timeline.at(t)
        jobs = sorted(snapshot.jobs.values(), key=lambda job: job.name)
        pods = sorted(snapshot.pods, key=lambda pod: pod.name)
        parts.append(f"t={t}\n{views.get_jobs(jobs, t) if jobs else ''}{views.get_pods(pods, t) if pods else ''}")
    return "".join(parts)


def busy_run(seed: int) -> Cluster:
    cluster = Cluster(seed=seed, workload=w.uniform(5, 15), start_latency=(1, 3))
    cluster.apply(DATA / "paral-myjob.yaml")
    cluster.apply(DATA / "job-backoff-limit-per-index-example.yaml")
    cluster.run(until=40)
    cluster.scale("paral-myjob", 3)
    cluster.run()
    return cluster


def test_same_manifests_and_seed_give_byte_identical_histories():
    first, second = busy_run(7), busy_run(7)
    assert transcript(first) == transcript(second)
    assert first.kubectl("describe job paral-myjob") == second.kubectl("describe job paral-myjob")
    assert first.kubectl("get events") == second.kubectl("get events")


def test_different_seeds_give_different_pod_names():
    names = [{p.name for p in busy_run(seed).pods()} for seed in (1, 2)]
    assert names[0].isdisjoint(names[1])


# ---- the timeline replays what kubectl showed live ---------------------------------------


def live_views(cluster: Cluster) -> list[tuple[float, str, str]]:
    """``(t, get jobs, get pods)`` after every instant the cluster processed."""
    seen = [(cluster.now, cluster.kubectl("get jobs"), cluster.kubectl("get pods"))]
    while cluster.step() is not None:
        seen.append((cluster.now, cluster.kubectl("get jobs"), cluster.kubectl("get pods")))
    return seen


def replayed(snapshot_objects: list, render, t: float) -> str:
    objects = sorted(snapshot_objects, key=lambda o: o.name)
    return render(objects, t) if objects else views.no_resources()


def test_timeline_at_t_reproduces_what_kubectl_printed_live():
    cluster = Cluster(seed=3)
    cluster.apply(DATA / "job-pod-failure-policy-ignore.yaml")
    cluster.run(until=40)
    cluster.evict(cluster.pods()[0].name)
    seen = live_views(cluster)
    cluster.run(until=400)
    cluster.delete("job-pod-failure-policy-ignore", propagation="Foreground")
    seen += live_views(cluster)
    timeline = cluster.timeline()
    assert len(seen) > 20
    for t, jobs_text, pods_text in seen:
        snapshot = timeline.at(t)
        assert replayed(list(snapshot.jobs.values()), views.get_jobs, t) == jobs_text, t
        assert replayed(snapshot.pods, views.get_pods, t) == pods_text, t
