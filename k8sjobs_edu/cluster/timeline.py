"""The recorded history of a simulation: one flat stream of records.

Every change the cluster makes is a record ``(time, kind, target, value)``.
Pod changes go through ``apply_pod_change`` both when the cluster makes them
and when ``Timeline.at`` replays them, so a replayed state is exactly the
state the cluster had. Plots, widgets and views read this stream.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..api.model import Job, Pod
from ..api.types import Event, JobStatus
from ..api.wellknown import JOB_TRACKING_FINALIZER

# Pod record kinds (target: the live Pod object).
CREATE, SCHEDULE, START, LOG, FINISH, CRASH, DELETE, UNTRACK, CONDITION, ORPHAN, REASON, GONE = (
    "create", "schedule", "start", "log", "finish", "crash", "delete", "untrack", "condition", "orphan", "reason",
    "gone")
# Job record kinds (target: the Job name).
JOB_CREATE, JOB_SPEC, JOB_META, JOB_STATUS, JOB_DELETE, JOB_GONE = (
    "job-create", "job-spec", "job-meta", "job-status", "job-delete", "job-gone")
EVENT = "event"
_TRACKED_ONLY = (JOB_TRACKING_FINALIZER,)


def apply_pod_change(pod: Pod, kind: str, value, time: float) -> None:
    """Apply one recorded change to a pod (the single place pod state changes).

    The kinds every pod goes through come first: this runs four times per pod.
    """
    if kind == START:
        pod.phase = "Running"
        if pod.started_at is None:
            pod.started_at = time
        else:  # the kubelet counts a restart when it starts the container again
            pod.restarts += 1
        pod.ready = True
        pod.ready_at = time
        pod.waiting_reason = None
        pod.logs = ""
    elif kind == FINISH:
        pod.phase, pod.exit_code, pod.failed_container = value
        pod.finished_at = time
        pod.ready = False
        pod.waiting_reason = None
    elif kind == UNTRACK:
        # Nearly always the only finalizer: skip building a new tuple then.
        pod.finalizers = () if pod.finalizers == _TRACKED_ONLY else tuple(
            f for f in pod.finalizers if f != JOB_TRACKING_FINALIZER)
    elif kind == SCHEDULE:
        pod.node_name = value
        pod.waiting_reason = f"Init:0/{len(pod.init_containers)}" if pod.init_containers else "ContainerCreating"
    elif kind == LOG:
        pod.logs += value
    elif kind == CRASH:
        pod.exit_code, pod.failed_container = value
        pod.last_terminated_at = time
        pod.ready = False
        pod.waiting_reason = "CrashLoopBackOff"
    elif kind == DELETE:
        pod.deleted_at = time
    elif kind == CONDITION:
        pod.conditions = pod.conditions + (value,)
    elif kind == ORPHAN:
        pod.owner_uid = None
    elif kind == REASON:
        pod.reason = value
    elif kind not in (CREATE, GONE):
        raise ValueError(f"unknown pod record kind {kind!r}")


def created_event(time: float, pod: Pod, job_uid: str) -> Event:
    """The SuccessfulCreate event a CREATE record stands for (kept implicit: one fewer object per pod)."""
    return Event(time, "Normal", "SuccessfulCreate", f"Job/{pod.job_name}", f"Created pod: {pod.name}",
                 "job-controller", job_uid)


def events_in(records: list[tuple]) -> list[Event]:
    """All events of a record stream, SuccessfulCreate included, in time order."""
    events, job_uids = [], {}
    for time, kind, target, value in records:
        if kind == EVENT:
            events.append(target)
        elif kind == CREATE:
            events.append(created_event(time, target, job_uids.get(target.job_name, "")))
        elif kind == JOB_CREATE:
            job_uids[target] = value.uid
    return events


def initial_pod(live: Pod) -> Pod:
    """A pod as it was created: the live pod's fixed fields, fresh mutable state."""
    return Pod(
        name=live.name, job_name=live.job_name, index=live.index, created_at=live.created_at,
        labels=live.labels, annotations=live.annotations, attempt=live.attempt,
        namespace=live.namespace, containers=live.containers, init_containers=live.init_containers,
        restart_policy=live.restart_policy, hostname=live.hostname,
        grace_period_seconds=live.grace_period_seconds, owner_uid=live.owner_uid,
    )


@dataclass
class Snapshot:
    """The cluster's objects at one moment, as ``Timeline.at`` rebuilds them."""

    now: float
    jobs: dict[str, Job]
    pods: list[Pod]
    events: list[Event]

    def get_job(self, name: str) -> Job | None:
        return self.jobs.get(name)

    def pods_of(self, job_name: str) -> list[Pod]:
        return [p for p in self.pods if p.job_name == job_name]


@dataclass
class PodHistory:
    """One pod's life as ``(start, end, state)`` segments; ``end`` None means "still so at the end"."""

    name: str
    job_name: str
    index: int | None
    attempt: int
    created_at: float
    segments: list[tuple[float, float | None, str]] = field(default_factory=list)
    restarts_at: list[float] = field(default_factory=list)
    gone_at: float | None = None


class Timeline:
    """Records of a run (``records``), up to ``end``; optionally for one Job only."""

    def __init__(self, records: list[tuple], end: float, job: str | None = None):
        self.records = records
        self.end = end
        self.job = job

    def _mine(self, kind: str, target) -> bool:
        if self.job is None:
            return True
        if kind == EVENT:
            return target.object == f"Job/{self.job}" or target.object.startswith(f"Pod/{self.job}-")
        if kind.startswith("job-"):
            return target == self.job
        return target.job_name == self.job

    def at(self, t: float) -> Snapshot:
        """The state at time ``t`` (records with time <= t applied)."""
        jobs: dict[str, Job] = {}
        pods: dict[str, Pod] = {}
        events: list[Event] = []
        for time, kind, target, value in self.records:
            if time > t:
                break
            if not self._mine(kind, target):
                continue
            if kind == EVENT:
                events.append(target)
            elif kind == JOB_CREATE:
                jobs[target] = _copy_job(value)
            elif kind == JOB_SPEC:
                jobs[target].spec = value
            elif kind == JOB_META:
                jobs[target].labels, jobs[target].annotations = value
            elif kind == JOB_STATUS:
                jobs[target].status = value.copy()
            elif kind == JOB_DELETE:
                jobs[target].deleted_at = time
            elif kind == JOB_GONE:
                jobs.pop(target, None)
            elif kind == CREATE:
                pod = pods[target.name] = initial_pod(target)
                job = jobs.get(target.job_name)
                pod.owner_uid = job.uid if job is not None else None  # the live pod may be orphaned since
                events.append(created_event(time, target, pod.owner_uid or ""))
                if value is not None:
                    apply_pod_change(pod, SCHEDULE, value, time)
            elif kind == GONE:
                pods.pop(target.name, None)
            else:
                apply_pod_change(pods[target.name], kind, value, time)
        return Snapshot(t, jobs, list(pods.values()), events)

    def pod_histories(self) -> list[PodHistory]:
        """Every pod's phase segments, in creation order."""
        histories: dict[str, PodHistory] = {}
        for time, kind, target, value in self.records:
            if kind.startswith("job-") or kind == EVENT or not self._mine(kind, target):
                continue
            if kind == CREATE:
                history = histories[target.name] = PodHistory(
                    target.name, target.job_name, target.index, target.attempt, time)
                _begin(history, time, "Pending" if value is None else _creating(target))
                continue
            history = histories[target.name]
            if kind == SCHEDULE:
                _begin(history, time, _creating(target))
            elif kind == START:
                _begin(history, time, "Running")
            elif kind == FINISH:
                _begin(history, time, value[0])
            elif kind == CRASH:
                history.restarts_at.append(time)
                _begin(history, time, "CrashLoopBackOff")
            elif kind == DELETE and history.segments[-1][2] not in ("Succeeded", "Failed"):
                _begin(history, time, "Terminating")
            elif kind == GONE:
                _close(history, time)
                history.gone_at = time
        return list(histories.values())

    def job_statuses(self, name: str | None = None) -> list[tuple[float, JobStatus]]:
        """``(time, status)`` each time a Job's status changed."""
        name = name or self.job
        return [(time, value) for time, kind, target, value in self.records
                if kind == JOB_STATUS and (name is None or target == name)]

    def job_records(self, name: str | None = None) -> list[tuple[float, str, object]]:
        """Spec changes and deletions of a Job: ``(time, kind, value)``."""
        name = name or self.job
        return [(time, kind, value) for time, kind, target, value in self.records
                if kind in (JOB_CREATE, JOB_SPEC, JOB_DELETE, JOB_GONE) and (name is None or target == name)]

    def events(self) -> list[Event]:
        return [event for event in events_in(self.records)
                if self.job is None or self._mine(EVENT, event)]

    def change_times(self) -> list[float]:
        """The distinct moments at which anything of this timeline changed."""
        times = sorted({time for time, kind, target, value in self.records if self._mine(kind, target)})
        return times


def _creating(pod: Pod) -> str:
    return f"Init:0/{len(pod.init_containers)}" if pod.init_containers else "ContainerCreating"


def _begin(history: PodHistory, time: float, state: str) -> None:
    _close(history, time)
    history.segments.append((time, None, state))


def _close(history: PodHistory, time: float) -> None:
    if history.segments and history.segments[-1][1] is None:
        start, _, state = history.segments[-1]
        history.segments[-1] = (start, time, state)


def _copy_job(job: Job) -> Job:
    return Job(name=job.name, spec=job.spec, status=job.status.copy(), namespace=job.namespace,
               uid=job.uid, created_at=job.created_at, deleted_at=job.deleted_at,
               labels=job.labels, annotations=job.annotations, generation=job.generation)


def condition_marks(statuses: list[tuple[float, JobStatus]]) -> list[tuple[float, str]]:
    """``(time, "Suspended"|"Resumed"|"FailureTarget"|...)`` when a Job condition appeared or flipped."""
    marks, seen = [], {}
    for _, status in statuses:
        for cond in status.conditions:
            key = (cond.type, cond.status)
            if seen.get(cond.type) != key:
                seen[cond.type] = key
                label = "Resumed" if (cond.type, cond.status) == ("Suspended", "False") else cond.type
                marks.append((cond.last_transition_time, label))
    return marks


__all__ = ["Timeline", "Snapshot", "PodHistory", "apply_pod_change", "condition_marks"]
