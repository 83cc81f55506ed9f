"""Scenario tests through ``Cluster``: suspend/resume, TTL after finished, deletion cascades.

The suspend scenario is lesson L09's: the docs' ``myjob`` (5 completions, one
at a time, a 60 s task) suspended at t = 150 with 2 pods done and 1 running,
resumed at t = 300. A ``sleep`` ignores SIGTERM, so a deleted running pod
stays Terminating for its 30 s grace period.
"""

import pytest

from k8sjobs_edu import Cluster
from k8sjobs_edu.cluster import workloads as w

from cluster_helpers import DATA, manifest


def job_cells(cluster: Cluster, name: str) -> list[str]:
    """STATUS, COMPLETIONS and DURATION of ``kubectl get job NAME`` (an empty DURATION reads "")."""
    header, line = cluster.kubectl(f"get job {name}").splitlines()
    columns = [header.index(c) for c in ("STATUS", "COMPLETIONS", "DURATION", "AGE")]
    return [line[a:b].strip() for a, b in zip(columns, columns[1:])]


def pod_statuses(cluster: Cluster) -> dict[str, str]:
    return {line.split()[0]: line.split()[2] for line in cluster.kubectl("get pods").splitlines()[1:]}


# ---- suspend and resume ---------------------------------------------------------------------


@pytest.fixture
def myjob() -> Cluster:
    """The docs' myjob, not suspended, 150 s into its run: two pods done, the third running."""
    cluster = Cluster(seed=0)
    cluster.apply(manifest("suspended-job.yaml", {"suspend: true": "suspend: false"}))
    cluster.run(until=150)
    return cluster


def test_suspending_deletes_the_running_pod_without_counting_it(myjob):
    done, _, running = myjob.pods()
    out = myjob.kubectl("""patch job/myjob --type=strategic --patch '{"spec":{"suspend":true}}'""")
    assert out == "job.batch/myjob patched\n"
    assert pod_statuses(myjob) == {done.name: "Completed", _.name: "Completed", running.name: "Terminating"}
    assert [(e.time, e.reason, e.message) for e in myjob.events[-2:]] == [
        (150, "SuccessfulDelete", f"Deleted pod: {running.name}"), (150, "Suspended", "Job suspended")]
    status = myjob.get_job("myjob").status
    assert [(c.type, c.status, c.reason, c.message, c.last_transition_time) for c in status.conditions] == [
        ("Suspended", "True", "JobSuspended", "Job suspended", 150)]
    myjob.run(until=200)
    # L09 E1/E2: the two Completed pods remain; COMPLETIONS 2/5; the deleted pod is not a failure.
    assert sorted(pod_statuses(myjob).values()) == ["Completed", "Completed"]
    assert job_cells(myjob, "myjob") == ["Suspended", "2/5", "3m20s"]
    status = myjob.get_job("myjob").status
    assert (status.succeeded, status.failed, status.active, status.start_time) == (2, 0, 0, 0)


def test_no_pod_is_created_while_suspended(myjob):
    myjob.suspend("myjob")
    myjob.run(until=300)
    assert [e.time for e in myjob.events if e.reason == "SuccessfulCreate"] == [0, 63, 126]


def test_resuming_resets_the_start_time_and_creates_pods_again(myjob):
    myjob.suspend("myjob")
    myjob.run(until=300)
    myjob.kubectl("""patch job/myjob --type=strategic --patch '{"spec":{"suspend":false}}'""")
    status = myjob.get_job("myjob").status
    assert [(c.type, c.status, c.reason, c.message, c.last_transition_time) for c in status.conditions] == [
        ("Suspended", "False", "JobResumed", "Job resumed", 300)]
    assert (status.start_time, status.active) == (300, 1)
    assert job_cells(myjob, "myjob") == ["Running", "2/5", "0s"]
    myjob.run()
    status = myjob.get_job("myjob").status
    assert (status.succeeded, status.completion_time) == (5, 489)
    assert job_cells(myjob, "myjob") == ["Complete", "5/5", "3m9s"]


def test_resume_events_come_in_the_order_the_controller_emits_them(myjob):
    myjob.suspend("myjob")
    myjob.run(until=300)
    myjob.resume("myjob")
    # syncJob: manageJob creates the pod (SuccessfulCreate), then the condition flips (Resumed);
    # the docs' transcript lists SuccessfulCreate before Resumed at the same age.
    assert [e.reason for e in myjob.events if e.time == 300] == ["SuccessfulCreate", "Resumed"]


def test_a_job_created_suspended_has_no_pods_and_no_start_time():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "suspended-job.yaml")
    cluster.run(until=50)
    status = cluster.get_job("myjob").status
    assert (cluster.pods(), status.start_time, status.active) == ([], None, 0)
    assert [(c.type, c.status, c.reason) for c in status.conditions] == [("Suspended", "True", "JobSuspended")]
    assert [(e.time, e.reason, e.message) for e in cluster.events] == [(0, "Suspended", "Job suspended")]
    assert job_cells(cluster, "myjob") == ["Suspended", "0/5", ""]  # DURATION empty without startTime


# ---- TTL after finished -----------------------------------------------------------------------


# pi completes at 13; the TTL controller deletes (foreground) at completion + TTL, re-reading the TTL.
TTL_CASES = [  # (case, ttl, patched ttl at t=50 or None, last time the Job exists, time it is gone)
    ("pi-with-ttl is deleted 100 s after it completes", "100", None, 112.9, 113),
    ("ttl 0 deletes the Job right after it completes", "0", None, 12.9, 13),
    ("a TTL shortened after finishing deletes the Job at once", "100", 10, 49.9, 50),
    ("a TTL lengthened after finishing is honoured", "100", 500, 512.9, 513),
]


@pytest.mark.parametrize("case, ttl, patched, last_seen, gone_at", TTL_CASES, ids=[c[0] for c in TTL_CASES])
def test_ttl_after_finished_deletes_the_job_and_its_pods(case, ttl, patched, last_seen, gone_at):
    cluster = Cluster(seed=0)
    cluster.apply(manifest("pi-with-ttl.yaml", {"ttlSecondsAfterFinished: 100": f"ttlSecondsAfterFinished: {ttl}"}))
    if patched is not None:
        cluster.run(until=50)
        cluster.patch("pi-with-ttl", {"spec": {"ttlSecondsAfterFinished": patched}})
    if last_seen > cluster.now:
        cluster.run(until=last_seen)
        assert [j.name for j in cluster.jobs()] == ["pi-with-ttl"]
        assert len(cluster.pods()) == 1
    cluster.run(until=gone_at)
    assert (cluster.jobs(), cluster.pods()) == ([], [])
    assert cluster.kubectl("get jobs") == "No resources found in default namespace.\n"


# ---- deletion cascades ------------------------------------------------------------------------


@pytest.fixture
def running() -> Cluster:
    """paral-myjob with two pods that would run 100 s, at t = 10."""
    cluster = Cluster(seed=0, workload=w.constant(100))
    cluster.apply(DATA / "paral-myjob.yaml")
    cluster.run(until=10)
    return cluster


def test_background_deletion_removes_the_job_at_once_and_the_pods_after_their_grace_period(running):
    names = [p.name for p in running.pods()]
    running.delete("paral-myjob")
    assert running.jobs() == []
    assert running.kubectl("get jobs") == "No resources found in default namespace.\n"
    assert pod_statuses(running) == {name: "Terminating" for name in names}
    running.run(until=39.9)
    assert len(running.pods()) == 2
    running.run(until=40)
    assert running.pods() == []


def test_foreground_deletion_keeps_the_job_terminating_until_its_pods_are_gone(running):
    running.delete("paral-myjob", propagation="Foreground")
    job = running.get_job("paral-myjob")
    assert job.deleted_at == 10
    assert job_cells(running, "paral-myjob")[0] == "Terminating"
    running.run(until=39.9)
    assert running.get_job("paral-myjob") is job and len(running.pods()) == 2
    running.run(until=40)
    assert (running.jobs(), running.pods()) == ([], [])


def test_orphan_deletion_leaves_the_pods_running_unowned_until_they_finish(running):
    running.delete("paral-myjob", propagation="Orphan")
    assert running.jobs() == []
    pods = running.pods()
    assert [(p.owner_uid, p.deleted_at, p.finalizers) for p in pods] == [(None, None, ())] * 2
    running.run(until=200)
    assert [(p.phase, p.finished_at) for p in running.pods()] == [("Succeeded", 102)] * 2
    assert sorted(pod_statuses(running).values()) == ["Completed", "Completed"]


def test_kubectl_delete_job_cascades_in_the_background_and_waits(running):
    out = running.kubectl("delete job paral-myjob")
    assert out == 'job.batch "paral-myjob" deleted from default namespace\n'
    assert running.jobs() == []


# ---- run() without a limit ------------------------------------------------------------------


def test_run_stops_at_the_last_change_not_at_a_killed_containers_would_be_exit():
    cluster = Cluster(seed=0)
    cluster.apply(DATA / "leader-worker-success-policy.yaml")  # workers would sleep 3600 s
    cluster.run()
    # The workers were killed at 93 and the Job completed at 94; nothing happens after that.
    assert cluster.get_job("leader-worker").status.completion_time == 94
    assert cluster.now <= 95
