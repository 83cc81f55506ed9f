"""Invariants of whole simulations: random Jobs, workloads, latencies, nodes and API calls at random moments.

``Invariants`` watches a run after every ``step()`` and API call (live
checks), then replays the recorded history (history checks). What it asserts,
and why upstream guarantees it:

- manageJob never leaves more active pods than ``parallelism`` (deleting the
  excess in the same sync); terminating pods are not active. Exceptions from
  upstream: a work queue that has seen a success keeps whatever runs
  (``wantActive = active``) and creates nothing more; a suspended or finished
  Job has no active pods at all.
- ``succeeded`` and ``failed`` never decrease, and ``completedIndexes`` never
  loses an index (unless an elastic Indexed Job lowers ``completions``: upstream
  parses the indexes below the new count only); no pod is created for a
  completed index.
- Each pod is counted once: the tracking finalizer comes off exactly once, and
  the counters agree with the pods whose finalizer came off.
- A finished Job (Complete or Failed True) never changes status, and the
  controller never creates or deletes a pod for it again.
- Events: one SuccessfulCreate per pod; SuccessfulDelete only for an active pod
  deleted at that moment; one Completed event iff Complete; one Warning with the
  condition's reason iff Failed.
- The run is a pure function of its inputs; ``Timeline.at(t)`` is the live state at ``t``.
"""
from __future__ import annotations

import warnings
from dataclasses import asdict, is_dataclass

import pytest
from hypothesis import given, settings

from k8sjobs_edu import Cluster, SimulationLimitError
from k8sjobs_edu.api.model import Job, Pod
from k8sjobs_edu.api.types import Event
from k8sjobs_edu.api.wellknown import JOB_CONTROLLER_NAME
from k8sjobs_edu.cluster import timeline as tl
from k8sjobs_edu.cluster.workloads import constant
from strategies import HARDENING, Scenario, play, scenarios

FAILURE_REASONS = {"BackoffLimitExceeded", "DeadlineExceeded", "PodFailurePolicy", "MaxFailedIndexesExceeded",
                   "FailedIndexes"}
POD_FIELDS = ("name", "job_name", "index", "phase", "created_at", "started_at", "finished_at", "deleted_at",
              "exit_code", "restarts", "ready", "finalizers", "conditions", "attempt", "logs", "owner_uid",
              "node_name", "ip", "waiting_reason", "ready_at", "last_terminated_at", "failed_container")


def _indexes(text: str | None) -> set[int]:
    """``"0-2,4"`` → {0, 1, 2, 4} (Kubernetes' range format for completedIndexes)."""
    found = set()
    for part in (text or "").split(","):
        if part:
            first, _, last = part.partition("-")
            found.update(range(int(first), int(last or first) + 1))
    return found


def pod_state(pod: Pod) -> tuple:
    return tuple(getattr(pod, name) for name in POD_FIELDS)


def job_state(job: Job) -> tuple:
    return job.name, job.uid, job.deleted_at, job.spec, job.status.copy(), dict(job.labels)


def assert_index_current(cluster: Cluster, job: Job) -> None:
    """The cluster's incremental index of a Job's pods (what a sync reads) holds the groups its definitions give."""
    kept = cluster._job_pods[job.uid]  # private on purpose: syncs must not rescan pods, so they trust it
    pods = [p for p in cluster.pods() if p.owner_uid == job.uid]
    expected = {
        "active": {p.name for p in pods if not p.is_finished and p.deleted_at is None},
        "terminating": {p.name for p in pods if not p.is_finished and p.deleted_at is not None},
        "tracked": {p.name for p in pods if (p.is_finished or p.deleted_at is not None) and p.is_tracked},
        "ready_names": {p.name for p in pods if not p.is_finished and p.deleted_at is None and p.ready},
    }
    for group, names in expected.items():
        assert set(getattr(kept, group)) == names, f"{group} of {job!r} at t={cluster.now:g}"


class Invariants:
    """Checks a run as it goes (``observe``) and its whole history at the end (``finish``)."""

    def __init__(self, snapshots: int = 40):
        self.live_states: dict[float, tuple] = {}  # the last state seen at each moment
        self.snapshots = snapshots
        self.seen_records = self.seen_events = 0

    # ---- after every step and call -------------------------------------------------------

    def observe(self, cluster: Cluster, what) -> None:
        if isinstance(what, tuple) and what[0].verb == "kubectl" and not what[0].argument.startswith("logs"):
            # kubectl.run turns any exception into "error: ..." text: here it would hide a crash.
            assert not what[1].startswith("error"), f"kubectl {what[0].argument}: {what[1]}"
        for job in cluster.jobs():
            assert_index_current(cluster, job)
            if job.deleted_at is not None or job.spec.managed_by not in (None, JOB_CONTROLLER_NAME):
                continue
            active = [p for p in cluster.pods(job.name)
                      if p.owner_uid == job.uid and not p.is_finished and p.deleted_at is None]
            where = f"{job!r} after {what} at t={cluster.now:g}"
            if job.status.is_finished():
                assert not active, f"a finished Job has active pods: {active} ({where})"
            elif job.spec.suspend:
                assert not active, f"a suspended Job has active pods: {active} ({where})"
            elif not (job.spec.completions is None and job.status.succeeded > 0):
                assert len(active) <= job.spec.parallelism, f"{len(active)} active pods ({where})"
        self.seen_events += sum(1 for record in cluster.records[self.seen_records:]
                                if record[1] in (tl.EVENT, tl.CREATE))
        self.seen_records = len(cluster.records)
        self.live_states[cluster.now] = ([job_state(job) for job in cluster.jobs()],
                                         [pod_state(pod) for pod in cluster.pods()], self.seen_events)

    # ---- over the recorded history --------------------------------------------------------

    def finish(self, cluster: Cluster) -> None:
        History(cluster.records).check()
        self.check_timeline(cluster)

    def check_timeline(self, cluster: Cluster) -> None:
        timeline = cluster.timeline()
        moments = sorted(self.live_states)
        chosen = moments[:: max(1, len(moments) // self.snapshots)] + moments[-1:]
        for t in chosen:
            jobs, pods, event_count = self.live_states[t]
            snapshot = timeline.at(t)
            assert [job_state(j) for j in snapshot.jobs.values()] == jobs, f"Jobs differ at t={t:g}"
            assert [pod_state(p) for p in snapshot.pods] == pods, f"pods differ at t={t:g}"
            assert len(snapshot.events) == event_count, f"events differ at t={t:g}"


class _JobRecord:
    """What the history tells about one Job object (one uid)."""

    def __init__(self, job: Job):
        self.name, self.uid, self.spec = job.name, job.uid, job.spec
        self.status = job.status.copy()
        self.finished = False
        self.gone = False
        self.pods: dict[str, float] = {}  # created pods and when
        self.untracked_succeeded = 0
        self.untracked_other = 0
        self.succeeded_indexes: set[int] = set()
        self.completed = 0
        self.failure_warnings: list[str] = []


class History:
    """Replays ``cluster.records`` and checks every record against what came before it."""

    def __init__(self, records: list[tuple]):
        self.records = records
        self.by_name: dict[str, _JobRecord] = {}  # the Job that exists now under each name
        self.by_uid: dict[str, _JobRecord] = {}
        self.phase: dict[str, str] = {}
        self.deleted_at: dict[str, float] = {}
        self.untracked: set[str] = set()
        self.owner: dict[str, _JobRecord] = {}

    def check(self) -> None:
        for record in self.records:
            self.replay(*record)
        for job in self.by_uid.values():
            complete = job.status.has_true("Complete")
            assert job.completed == (1 if complete else 0), f"{job.completed} Completed events, Complete={complete}"
            failed = job.status.condition("Failed")
            expected = [failed.reason] if failed is not None and failed.status == "True" else []
            assert job.failure_warnings == expected, f"failure warnings {job.failure_warnings}, expected {expected}"
        created = [e.message for e in tl.events_in(self.records) if e.reason == "SuccessfulCreate"]
        assert created == [f"Created pod: {r[2].name}" for r in self.records if r[1] == tl.CREATE]

    def replay(self, t: float, kind: str, target, value) -> None:
        if kind == tl.JOB_CREATE:
            job = self.by_name[target] = self.by_uid[value.uid] = _JobRecord(value)
        elif kind == tl.JOB_SPEC:
            assert target in self.by_name, f"a spec written at t={t:g} for the Job {target}, which is gone"
            self.by_name[target].spec = value
        elif kind == tl.JOB_GONE:
            self.by_name.pop(target).gone = True
        elif kind == tl.JOB_STATUS:
            assert target in self.by_name, f"a status written at t={t:g} for the Job {target}, which is gone"
            self.status_changed(self.by_name[target], value, t)
        elif kind == tl.CREATE:
            self.created(target, t)
        elif kind == tl.START:
            self.phase[target.name] = "Running"
        elif kind == tl.FINISH:
            self.phase[target.name] = value[0]
        elif kind == tl.DELETE:
            assert target.name not in self.deleted_at, f"{target.name} deleted twice"
            self.deleted_at[target.name] = t
        elif kind == tl.UNTRACK:
            self.untrack(target)
        elif kind == tl.EVENT:
            self.event(target, t)
        elif kind == tl.ORPHAN:
            self.owner.pop(target.name, None)

    def created(self, pod: Pod, t: float) -> None:
        job = self.by_name[pod.job_name]
        assert not job.finished, f"{pod.name} created at t={t:g} for the finished Job {job.name}"
        if job.spec.completions is None:
            assert job.status.succeeded == 0, f"{pod.name} created after a work queue's first success"
        if pod.index is not None:
            assert pod.index not in _indexes(job.status.completed_indexes), \
                f"{pod.name} created for the completed index {pod.index}"
        job.pods[pod.name] = t
        self.owner[pod.name] = job
        self.phase[pod.name] = "Pending"

    def untrack(self, pod: Pod) -> None:
        assert pod.name not in self.untracked, f"the finalizer of {pod.name} came off twice"
        self.untracked.add(pod.name)
        job = self.owner.get(pod.name)
        if job is None or job.gone:
            return  # the garbage collector releases the pods of a deleted Job: nothing is counted
        if self.phase[pod.name] == "Succeeded":
            job.untracked_succeeded += 1
            if pod.index is not None:
                job.succeeded_indexes.add(pod.index)
        else:
            job.untracked_other += 1

    def status_changed(self, job: _JobRecord, status, t: float) -> None:
        old = job.status
        where = f"{job.name} at t={t:g}: {old} -> {status}"
        assert not job.finished, f"a finished Job changed its status ({where})"
        completions = job.spec.completions
        if job.spec.completion_mode == "Indexed":
            kept = {i for i in _indexes(old.completed_indexes) if i < completions}
            assert kept <= _indexes(status.completed_indexes), f"completedIndexes lost an index ({where})"
            assert _indexes(status.completed_indexes) <= job.succeeded_indexes, f"an index never succeeded ({where})"
            assert status.succeeded == len(_indexes(status.completed_indexes))
            assert status.succeeded >= len(kept), f"succeeded decreased ({where})"
        else:
            assert status.succeeded >= old.succeeded, f"succeeded decreased ({where})"
            assert status.succeeded == job.untracked_succeeded, f"succeeded is not the pods counted ({where})"
        assert status.failed >= old.failed, f"failed decreased ({where})"
        assert status.failed <= job.untracked_other, f"more failures than pods counted ({where})"
        job.status = status.copy()
        job.finished = status.is_finished()

    def event(self, event: Event, t: float) -> None:
        job = self.by_uid.get(event.object_uid)
        if job is None or event.source != "job-controller":
            return
        if event.reason == "SuccessfulDelete":
            pod = event.message.removeprefix("Deleted pod: ")
            assert pod in job.pods, f"SuccessfulDelete for {pod}, never a pod of {job.name}"
            assert self.deleted_at.get(pod) == t, f"SuccessfulDelete for {pod}, which was not deleted at t={t:g}"
        assert not job.finished or event.reason in ("Completed", "TooManySucceededPods"), \
            f"{event} after {job.name} finished"
        if event.reason == "Completed":
            job.completed += 1
        elif event.type == "Warning" and event.reason in FAILURE_REASONS:
            job.failure_warnings.append(event.reason)


def render_records(records: list[tuple]) -> str:
    """The whole history as text: everything a run decided, in order."""
    def text(value) -> str:
        if isinstance(value, Pod):
            return value.name
        if isinstance(value, Job):
            return f"{value.name} {value.uid} {text(value.spec)}"
        if is_dataclass(value):
            return repr(asdict(value))
        return repr(value)

    return "\n".join(f"{t!r} {kind} {text(target)} {text(value)}" for t, kind, target, value in records)


def check_scenario(scenario: Scenario) -> Cluster:
    invariants = Invariants()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        cluster = play(scenario, invariants.observe)
    invariants.finish(cluster)
    return cluster


# ---- the properties -------------------------------------------------------------------------------

@settings(HARDENING, max_examples=200)
@given(scenario=scenarios())
def test_every_invariant_holds_after_every_step_of_a_random_scenario(scenario):
    check_scenario(scenario)


@settings(HARDENING, max_examples=60)
@given(scenario=scenarios(max_calls=8, max_completions=40, max_parallelism=12))
def test_every_invariant_holds_for_bigger_jobs_too(scenario):
    check_scenario(scenario)


@HARDENING
@given(scenario=scenarios(max_calls=3))
def test_a_run_is_a_pure_function_of_its_seed(scenario):
    first, second = play(scenario), play(scenario)
    assert render_records(first.records) == render_records(second.records)


# ---- regressions found by the properties -------------------------------------------------------------

def one_pod_job(name: str = "job", **spec) -> dict:
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}, "spec": {
        **spec, "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}}}}


def test_a_foreground_deletion_leaves_a_history_the_timeline_can_replay():
    # The pod succeeds at 3.5 s; the next sync would count it at 4.5 s, but the Job is deleted at 3.7 s.
    # That sync removes the pod's finalizer, so the pod, and then the Job, are gone. A status written
    # after that would be a write to a Job that no longer exists (the API server answers NotFound).
    cluster = Cluster(workload=constant(1.5), start_latency=2)
    cluster.apply(one_pod_job())
    cluster.run(until=3.7)
    cluster.delete("job", propagation="Foreground")
    kinds = [kind for _, kind, target, _ in cluster.records if target == "job"]
    assert kinds[-1] == tl.JOB_GONE and kinds.count(tl.JOB_GONE) == 1
    snapshot = cluster.timeline().at(3.7)
    assert snapshot.jobs == {} and snapshot.pods == []


def test_applying_the_same_manifest_again_changes_nothing():
    # kubectl apply of an unchanged manifest prints "unchanged"; the live uid stays in the labels.
    cluster = Cluster()
    assert cluster.kubectl("apply -f data/pi.yaml") == "job.batch/pi created\n"
    before = dict(cluster.get_job("pi").labels)
    assert cluster.kubectl("apply -f data/pi.yaml") == "job.batch/pi unchanged\n"
    job = cluster.get_job("pi")
    assert job.labels == before
    assert job.labels["batch.kubernetes.io/controller-uid"] == job.uid


def test_a_label_change_shows_in_the_timeline():
    cluster = Cluster()
    cluster.apply(one_pod_job())
    cluster.patch("job", {"metadata": {"labels": {"team": "a"}}})
    assert cluster.get_job("job").labels["team"] == "a"
    assert cluster.timeline().at(cluster.now).get_job("job").labels == cluster.get_job("job").labels


@pytest.mark.parametrize("latency", [-5, float("nan"), (-3, 1), (float("nan"), 1), [2, -1]],
                         ids=["negative", "nan", "a range below zero", "a range with nan", "a list with a negative"])
def test_a_start_latency_that_would_run_the_clock_backwards_is_refused(latency):
    # Today -5 starts pods at t=-5 (before they were created) and ends the run at now=-2; nan never starts them.
    with pytest.raises(ValueError, match="start_latency"):
        cluster = Cluster(workload=constant(3), start_latency=latency)
        cluster.apply(one_pod_job(completions=3, parallelism=2))
        cluster.run()


# ---- limits: a clear error, never a hang -----------------------------------------------------------------

def test_the_default_pod_budget_allows_a_million_pods():
    assert Cluster().max_pods >= 1_000_000


@pytest.mark.parametrize("parallelism, max_pods, created", [
    (500, 100, 0),  # the first sync alone would go over the budget: not one pod is made
    (3, 10, 9),  # three waves of 3 fit; the fourth would not
])
def test_more_pods_than_the_budget_stop_the_run_before_they_exist(parallelism, max_pods, created):
    cluster = Cluster(workload=constant(1), max_pods=max_pods)
    with pytest.raises(SimulationLimitError, match=f"more than max_pods={max_pods}"):
        cluster.apply(one_pod_job(completions=1000000000, parallelism=parallelism))
        cluster.run()
    assert sum(1 for record in cluster.records if record[1] == tl.CREATE) == created
    assert len(cluster.pods()) <= created


@pytest.mark.parametrize("restart_policy", ["Never", "OnFailure"])
def test_a_job_that_never_finishes_stops_at_the_horizon_saying_why(restart_policy):
    # backoffLimit 2147483647 and every container exiting 1: new pods (Never) or restarts (OnFailure) forever.
    document = one_pod_job(backoffLimit=2147483647)
    document["spec"]["template"]["spec"]["restartPolicy"] = restart_policy
    cluster = Cluster(workload=constant(1, exit_code=1))
    cluster.apply(document)
    with pytest.warns(RuntimeWarning, match="horizon"):
        cluster.run()
    assert cluster.stopped_reason.startswith("stopped at the horizon of 2.592e+06 s of virtual time")
    assert "does a Job retry forever?" in cluster.stopped_reason
    assert cluster.now <= cluster.horizon < cluster.next_time()
    assert not cluster.get_job("job").status.is_finished()


def test_a_run_with_until_on_a_job_that_never_finishes_stops_quietly():
    cluster = Cluster(workload=constant(1, exit_code=1))
    cluster.apply(one_pod_job(backoffLimit=2147483647))
    cluster.run(until=7200)
    assert (cluster.now, cluster.stopped_reason) == (7200, None)
