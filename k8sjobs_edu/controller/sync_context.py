"""What one sync shares among its steps (upstream ``syncJobCtx``) and what it returns (``SyncResult``).

``sync_job`` builds one ``SyncJobCtx``; the verdicts, ``manage_job`` and the
finalizer tracking read and write its fields, as upstream's functions pass
``jobCtx`` along. Also here: the pod and condition helpers every step uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..api.intervals import Intervals
from ..api.model import Job, Pod
from ..api.types import Condition, Event, JobStatus
from . import backoff as bo
from .jobpods import JobPods
from .policies import match_pod_failure_policy

SYNC_JOB_BATCH_PERIOD = 1.0


@dataclass
class SyncResult:
    """What one sync decided. ``create`` pods carry their ``generateName``
    (e.g. ``"pi-"``) as name: the API server appends five random characters.
    """

    status: JobStatus
    create: list[Pod] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    untrack: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    requeue_after: float | None = None
    backoff: bo.BackoffRecord | None = None

    def __repr__(self) -> str:
        created = ", ".join(f"{p.name}{'' if p.index is None else f' (index {p.index})'}" for p in self.create)
        return (f"SyncResult(create=[{created}], delete={self.delete}, untrack={self.untrack}, "
                f"active={self.status.active}, succeeded={self.status.succeeded}, "
                f"failed={self.status.failed}, requeue_after={self.requeue_after})")


class SyncJobCtx:
    """One run of syncJob: its inputs, the status being built and the ``result`` being filled."""

    def __init__(self, job: Job, pods: JobPods, now: float, backoff: bo.BackoffRecord | None):
        self.job, self.spec, self.pods, self.now = job, job.spec, pods, now
        self.status = job.status.copy()
        self.result = SyncResult(status=self.status, backoff=backoff)
        self.indexed = job.spec.completion_mode == "Indexed"
        self.per_index = self.indexed and job.spec.backoff_limit_per_index is not None
        # Counts sync_job sets once the early returns are past; deleting pods lowers ready and raises terminating.
        self.succeeded = 0
        self.ready = 0
        self.terminating = 0
        self.untracked: set[str] = set()  # pods whose finalizer this sync strips (upstream expectedRmFinalizers)
        self.finished: Condition | None = None  # upstream finishedCondition
        self.previous_succeeded_indexes = Intervals()
        self.succeeded_indexes = Intervals()
        self.failed_indexes: Intervals | None = None
        self.delayed_deletion: dict[int, Pod] = {}  # upstream podsWithDelayedDeletionPerIndex

    def valid(self, pod: Pod) -> bool:
        """Non-indexed pods are always valid; indexed ones need an index below completions."""
        return not self.indexed or (pod.index is not None and 0 <= pod.index < self.spec.completions)

    def counts_as_failed(self, pod: Pod) -> bool:
        return match_pod_failure_policy(self.spec.pod_failure_policy, pod).count_failed

    def requeue(self, seconds: float, batched: bool = True) -> None:
        if batched:
            seconds = max(seconds, SYNC_JOB_BATCH_PERIOD)
        if self.result.requeue_after is None or seconds < self.result.requeue_after:
            self.result.requeue_after = seconds

    def condition(self, type_: str, reason: str, message: str) -> Condition:
        return Condition(type_, "True", reason, message, self.now)

    def event(self, type_: str, reason: str, message: str) -> None:
        self.result.events.append(Event(self.now, type_, reason, f"Job/{self.job.name}", message,
                                        object_uid=self.job.uid))


def only_replace_failed_pods(job: Job) -> bool:
    """Upstream ``onlyReplaceFailedPods``: wait for phase Failed before replacing a pod."""
    return job.spec.pod_replacement_policy == "Failed" or job.spec.pod_failure_policy is not None


def is_pod_failed(pod: Pod, job: Job) -> bool:
    """Upstream ``isPodFailed``: a deleted, unfinished pod counts as failed unless only failed pods are replaced."""
    if pod.phase == "Failed":
        return True
    if only_replace_failed_pods(job):
        return False
    return pod.deleted_at is not None and pod.phase != "Succeeded"


def first_true(conditions: list[Condition], type_: str) -> Condition | None:
    """The condition of that type if it is True (the first of the type decides)."""
    for cond in conditions:
        if cond.type == type_:
            return cond if cond.status == "True" else None
    return None


def ensure_condition(conditions: list[Condition], type_: str, status: str, reason: str,
                     message: str, now: float) -> bool:
    """Upstream ``ensureJobConditionStatus``: update in place, or append unless the status is False."""
    for i, cond in enumerate(conditions):
        if cond.type == type_:
            if (cond.status, cond.reason, cond.message) != (status, reason, message):
                conditions[i] = Condition(type_, status, reason, message, now)
                return True
            return False
    if status != "False":
        conditions.append(Condition(type_, status, reason, message, now))
        return True
    return False
