"""The Job controller's reconcile as a pure function (upstream ``job_controller.go``).

``sync_job`` mirrors upstream ``syncJob`` (plus ``trackJobStatusAndRemoveFinalizers``
and ``enactJobFinished``); ``manage_job`` mirrors ``manageJob``. What is left
out: API errors and retries, expectations (the simulated API answers at once),
slow-start batches (they only matter when creates fail) and orphan adoption.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from . import backoff as bo
from ..api.intervals import Intervals
from .jobpods import JobPods
from ..api.model import (
    JOB_COMPLETION_INDEX,
    JOB_CONTROLLER_NAME,
    JOB_INDEX_FAILURE_COUNT,
    JOB_INDEX_IGNORED_FAILURE_COUNT,
    Condition,
    Event,
    Job,
    JobStatus,
    Pod,
)
from .policies import match_pod_failure_policy, match_success_policy

MAX_POD_CREATE_DELETE_PER_SYNC = 500
MAX_UNCOUNTED_PODS = 500  # upstream MaxUncountedPods: finished pods one sync adds to the counters
SYNC_JOB_BATCH_PERIOD = 1.0
COMPLETIONS_REACHED = ("CompletionsReached", "Reached expected number of succeeded pods")


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


def sync_job(job: Job, pods, now: float, backoff: bo.BackoffRecord | None = None) -> SyncResult:
    """One reconcile of ``job`` given its ``pods`` (a list, or a ``JobPods`` index) at time ``now``.

    Pure: inputs are not modified; no clock or randomness.
    """
    return _Sync(job, pods if isinstance(pods, JobPods) else JobPods(pods), now, backoff).run()


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


class _Sync:
    """One run of syncJob; fields play the part of upstream's ``syncJobCtx``."""

    def __init__(self, job: Job, pods: JobPods, now: float, backoff: bo.BackoffRecord | None):
        self.job, self.spec, self.pods, self.now = job, job.spec, pods, now
        self.status = job.status.copy()
        self.result = SyncResult(status=self.status, backoff=backoff)
        self.indexed = job.spec.completion_mode == "Indexed"
        self.per_index = self.indexed and job.spec.backoff_limit_per_index is not None
        self.untracked: set[str] = set()
        self.finished: Condition | None = None
        self.previous_succeeded_indexes = Intervals()
        self.succeeded_indexes = Intervals()
        self.failed_indexes: Intervals | None = None
        self.delayed_deletion: dict[int, Pod] = {}

    # ---- the sync, in upstream order ------------------------------------------

    def run(self) -> SyncResult:
        spec, status, now = self.spec, self.status, self.now
        if spec.managed_by is not None and spec.managed_by != JOB_CONTROLLER_NAME:
            return self.result  # another controller owns this Job
        if self.job.status.is_finished():
            self.result.backoff = None  # upstream drops the back-off record
            return self.result
        if spec.completion_mode not in ("NonIndexed", "Indexed"):
            self.event("Warning", "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown")
            return self.result

        active = len(self.pods.active)
        self.ready = self.pods.ready
        self.terminating = len(self.pods.terminating)
        new_succeeded, new_failed = self.new_finished_pods()
        self.succeeded = status.succeeded + len(new_succeeded)
        failed = status.failed + sum(1 for p in new_failed if self.counts_as_failed(p))

        if status.start_time is None and not spec.suspend:
            status.start_time = now
        self.result.backoff = bo.new_backoff_record(self.result.backoff, new_succeeded, new_failed)

        self.decide_verdict(failed)
        if self.finished is not None:
            deleted = self.delete_pods(list(self.pods.active.values()), untrack=False)
            active -= deleted
        else:
            manage_job_called = False
            if self.job.deleted_at is None:
                active = self.manage_job(active)
                manage_job_called = True
            if spec.completions is None:
                complete = self.succeeded > 0 and active == 0
            else:
                complete = self.succeeded >= spec.completions and active == 0
            if complete:
                self.finished = self.condition("SuccessCriteriaMet", *COMPLETIONS_REACHED)
            elif manage_job_called:
                self.update_suspended_condition()

        status.active, status.ready, status.terminating = active, self.ready, self.terminating
        self.track_status_and_remove_finalizers()
        return self.result

    def new_finished_pods(self) -> tuple[list[Pod], list[Pod]]:
        """Finished pods not counted yet (upstream ``getNewFinishedPods``); one pass, as this is hot."""
        succeeded, failed = [], []
        for pod in self.pods.tracked.values():
            if self.indexed and not self.valid(pod):
                continue
            if pod.phase == "Succeeded":
                succeeded.append(pod)
            elif is_pod_failed(pod, self.job):
                failed.append(pod)
        return succeeded, failed

    def decide_verdict(self, failed: int) -> None:
        """Terminal verdicts in upstream precedence; the first one wins."""
        spec, status = self.spec, self.status
        self.finished = _first_true(status.conditions, "SuccessCriteriaMet")
        if self.finished is None:
            failure_target = _first_true(status.conditions, "FailureTarget")
            if failure_target is not None:
                self.finished = self.condition("Failed", failure_target.reason, failure_target.message)
            else:
                message = self.fail_job_message()
                if message is not None:
                    self.finished = self.condition("FailureTarget", "PodFailurePolicy", message)
        if self.finished is None:
            if failed > spec.backoff_limit or self.past_backoff_limit_on_failure():
                self.finished = self.condition("FailureTarget", "BackoffLimitExceeded",
                                               "Job has reached the specified backoff limit")
            elif self.past_active_deadline():
                self.finished = self.condition("FailureTarget", "DeadlineExceeded",
                                               "Job was active longer than specified deadline")
            elif spec.active_deadline_seconds is not None and not spec.suspend:
                self.requeue(spec.active_deadline_seconds - (self.now - status.start_time), batched=False)
        if not self.indexed:
            return
        completions = spec.completions
        self.previous_succeeded_indexes = Intervals.parse(status.completed_indexes, completions)
        self.succeeded_indexes = self.previous_succeeded_indexes.with_indexes(
            p.index for p in self.pods.tracked.values() if p.phase == "Succeeded" and self.valid(p))
        self.succeeded = self.succeeded_indexes.total()
        if self.per_index:
            self.failed_indexes = Intervals.parse(status.failed_indexes, completions).with_indexes(
                p.index for p in self.pods.tracked.values() if self.valid(p) and self.is_index_failed(p))
            failed_count = self.failed_indexes.total()
            if self.finished is None:
                if spec.max_failed_indexes is not None and failed_count > spec.max_failed_indexes:
                    self.finished = self.condition(
                        "FailureTarget", "MaxFailedIndexesExceeded",
                        "Job has exceeded the specified maximal number of failed indexes")
                elif failed_count > 0 and failed_count + self.succeeded >= completions:
                    self.finished = self.condition("FailureTarget", "FailedIndexes", "Job has failed indexes")
            self.delayed_deletion = self.pods_with_delayed_deletion_per_index()
        if self.finished is None:
            message = match_success_policy(spec.success_policy, completions, self.succeeded_indexes)
            if message is not None:
                self.finished = self.condition("SuccessCriteriaMet", "SuccessPolicy", message)

    # ---- manageJob ---------------------------------------------------------------

    def manage_job(self, active: int) -> int:
        """Create or delete pods so that the right number run (upstream ``manageJob``).

        Returns the new active count. Never creates and deletes in one sync.
        """
        spec = self.spec
        if spec.suspend:
            victims = active_pods_for_removal(self.job, list(self.pods.active.values()), active)
            return active - self.delete_pods(victims, untrack=True)
        if spec.completions is None:
            want_active = active if self.succeeded > 0 else spec.parallelism
        else:
            want_active = max(0, min(spec.completions - self.succeeded, spec.parallelism))
        excess = max(active - want_active, 0)
        if excess > 0 or self.indexed:  # Indexed Jobs also lose duplicate and out-of-range indexes
            victims = active_pods_for_removal(self.job, list(self.pods.active.values()), excess)
            if victims:
                return active - self.delete_pods(victims[:MAX_POD_CREATE_DELETE_PER_SYNC], untrack=True)

        terminating = self.terminating if only_replace_failed_pods(self.job) else 0
        diff = want_active - terminating - active
        if diff <= 0:
            return active
        if not self.per_index:
            record = self.result.backoff
            remaining = bo.remaining_time(record.failures_after_last_success, record.last_failure_time, self.now)
            if remaining > 0:
                # Upstream returned 0 here until kubernetes#139457 (fixed in 1.34 patches).
                self.requeue(remaining)
                return active
        diff = min(diff, MAX_POD_CREATE_DELETE_PER_SYNC)
        indexes: list[int | None] = [None] * diff
        if self.indexed:
            indexes = self.first_pending_indexes(diff)
            if self.per_index:
                indexes, remaining = self.indexes_ready_after_backoff(indexes)
                if remaining > 0:
                    self.requeue(remaining)
                    return active
        self.create_pods(indexes)
        return active + len(indexes)

    def first_pending_indexes(self, count: int) -> list[int]:
        taken = {p.index for p in self.pods.active.values() if p.index is not None}
        if only_replace_failed_pods(self.job):
            taken.update(p.index for p in self.pods.terminating.values() if p.index is not None)
        non_pending = self.succeeded_indexes.with_indexes(taken)
        if self.failed_indexes is not None:
            non_pending = non_pending.merge(self.failed_indexes)
        return non_pending.first_missing(count, self.spec.completions)

    def indexes_ready_after_backoff(self, indexes: list[int]) -> tuple[list[int], float]:
        """Per-index back-off (upstream ``getPodCreationInfoForIndependentIndexes``)."""
        ready, waits = [], []
        for index in indexes:
            remaining = bo.remaining_time_per_index(self.delayed_deletion.get(index), self.now)
            if remaining == 0:
                ready.append(index)
            else:
                waits.append(remaining)
        return (ready, 0.0) if ready else ([], min(waits, default=0.0))

    def create_pods(self, indexes: list[int | None]) -> None:
        spec, job = self.spec, self.job
        template_meta = spec.template.get("metadata") or {}
        labels = dict(template_meta.get("labels") or {})
        annotations = dict(template_meta.get("annotations") or {})
        pod_spec = spec.pod_spec
        # One constructor with the fields every pod of this sync shares (partial: cheaper than **kwargs per pod).
        new_pod = partial(
            Pod, job_name=job.name, namespace=job.namespace, created_at=self.now, owner_uid=job.uid,
            labels=labels, annotations=annotations,
            containers=spec.container_names, init_containers=spec.init_container_names,
            restart_policy=spec.restart_policy,
            grace_period_seconds=pod_spec.get("terminationGracePeriodSeconds", 30),
        )
        generate_name = f"{job.name}-"
        for index in indexes:
            if index is None:
                pod = new_pod(generate_name)
            else:
                index_labels = {**labels, JOB_COMPLETION_INDEX: str(index)}
                index_annotations = {**annotations, JOB_COMPLETION_INDEX: str(index)}
                if self.per_index:
                    index_annotations.update(self.index_failure_annotations(index))
                pod = new_pod(pod_generate_name_with_index(job.name, index), index=index,
                              labels=index_labels, annotations=index_annotations, hostname=f"{job.name}-{index}")
            self.result.create.append(pod)

    def index_failure_annotations(self, index: int) -> dict[str, str]:
        """Failure counts carried over from the pod being replaced (upstream ``getNewIndexFailureCounts``)."""
        replaced = self.delayed_deletion.get(index)
        if replaced is None:
            return {JOB_INDEX_FAILURE_COUNT: "0"}
        failures = bo.index_failure_count(replaced)
        ignored = bo.index_ignored_failure_count(replaced)
        if self.counts_as_failed(replaced):
            failures += 1
        else:
            ignored += 1
        result = {JOB_INDEX_FAILURE_COUNT: str(failures)}
        if ignored > 0:
            result[JOB_INDEX_IGNORED_FAILURE_COUNT] = str(ignored)
        return result

    def delete_pods(self, pods: list[Pod], *, untrack: bool) -> int:
        """Delete pods; ``untrack`` strips the finalizer first so they are not counted as failed."""
        for pod in pods:
            if untrack and pod.is_tracked:
                self.result.untrack.append(pod.name)
                self.untracked.add(pod.name)
            self.result.delete.append(pod.name)
            self.event("Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}")
            if pod.ready:
                self.ready -= 1
        self.terminating += len(pods)
        return len(pods)

    # ---- status, conditions, finalizers ------------------------------------------

    def update_suspended_condition(self) -> None:
        if self.spec.suspend:
            if _ensure_condition(self.status.conditions, "Suspended", "True", "JobSuspended", "Job suspended", self.now):
                self.event("Normal", "Suspended", "Job suspended")
        elif _ensure_condition(self.status.conditions, "Suspended", "False", "JobResumed", "Job resumed", self.now):
            self.event("Normal", "Resumed", "Job resumed")
            # The deadline counts continuous activity, so it restarts on resume.
            self.status.start_time = self.now

    def track_status_and_remove_finalizers(self) -> None:
        """Count finished pods once (at most 500 a sync), strip their finalizers, write the final condition when due."""
        status, job, result = self.status, self.job, self.result
        succeeded_non_indexed = 0
        failed = 0
        candidates = list(self.pods.tracked.values())
        if job.deleted_at is not None or self.finished is not None:
            candidates += [p for p in self.pods.active.values() if p.is_tracked]
        if self.indexed and len(candidates) >= MAX_UNCOUNTED_PODS:
            candidates.sort(key=_completion_index_or_unknown)  # upstream walks them by completion index
        untrack, untracked = result.untrack, self.untracked
        failing = self.finished is not None and self.finished.type != "SuccessCriteriaMet"
        newly_counted = 0
        reached_max_uncounted = False
        for pod in candidates:
            if pod.name in untracked:
                continue
            if pod.phase == "Succeeded":  # the common case, kept short: always untracked
                untrack.append(pod.name)
                untracked.add(pod.name)
                if not self.indexed:
                    succeeded_non_indexed += 1
                    newly_counted += 1
                elif self.valid(pod) and not self.previous_succeeded_indexes.has(pod.index):
                    newly_counted += 1  # an Indexed Job counts an index once
            else:
                consider_failed = is_pod_failed(pod, job)
                if not self.can_remove_finalizer(pod, consider_failed):
                    continue
                untrack.append(pod.name)
                untracked.add(pod.name)
                if (consider_failed or failing) and self.valid(pod) and self.counts_as_failed(pod):
                    failed += 1
                    newly_counted += 1
            if newly_counted >= MAX_UNCOUNTED_PODS:
                # Upstream stops here (MaxUncountedPods): the next sync, which the status write
                # brings, takes the rest, and the Job cannot finish in this one.
                reached_max_uncounted = True
                break
        status.failed += failed
        if self.indexed:
            succeeded_non_indexed = 0  # Indexed Jobs count distinct completed indexes instead
            status.succeeded = self.succeeded_indexes.total()
            status.completed_indexes = str(self.succeeded_indexes)
            status.failed_indexes = None if self.failed_indexes is None else str(self.failed_indexes)
        else:
            status.succeeded += succeeded_non_indexed

        finished = self.finished
        if finished is not None and finished.type == "FailureTarget":
            status.conditions.append(finished)
            finished = self.condition("Failed", finished.reason, finished.message)
        if finished is not None and finished.type == "SuccessCriteriaMet":
            if _first_true(status.conditions, "SuccessCriteriaMet") is None:
                status.conditions.append(finished)
            finished = self.condition("Complete", finished.reason, finished.message)
        if finished is None or status.terminating > 0 or reached_max_uncounted:
            return  # the terminal condition waits until no pod is terminating and every pod is counted
        _ensure_condition(status.conditions, finished.type, "True", finished.reason, finished.message, self.now)
        result.backoff = None
        result.requeue_after = None
        if finished.type == "Complete":
            status.completion_time = self.now
            if self.spec.completions is not None and status.succeeded > self.spec.completions:
                self.event("Warning", "TooManySucceededPods",
                           "Too many succeeded pods running after completion count reached")
            self.event("Normal", "Completed", "Job completed")
        else:
            self.event("Warning", finished.reason, finished.message)

    def can_remove_finalizer(self, pod: Pod, consider_failed: bool) -> bool:
        if self.job.deleted_at is not None or self.finished is not None or pod.phase == "Succeeded":
            return True
        if not consider_failed:
            return False
        # Per-index mode keeps the last failed pod until its replacement carries its failure count.
        if self.per_index and pod.index is not None:
            waiting = self.delayed_deletion.get(pod.index)
            if waiting is pod:
                return False
        return True

    # ---- helpers ----------------------------------------------------------------

    def valid(self, pod: Pod) -> bool:
        """Non-indexed pods are always valid; indexed ones need an index below completions."""
        return not self.indexed or (pod.index is not None and 0 <= pod.index < self.spec.completions)

    def counts_as_failed(self, pod: Pod) -> bool:
        return match_pod_failure_policy(self.spec.pod_failure_policy, pod).count_failed

    def fail_job_message(self) -> str | None:
        if self.spec.pod_failure_policy is None:
            return None
        for pod in self.pods.tracked.values():
            if is_pod_failed(pod, self.job):
                message = match_pod_failure_policy(self.spec.pod_failure_policy, pod).fail_job_message
                if message is not None:
                    return message
        return None

    def past_backoff_limit_on_failure(self) -> bool:
        """OnFailure: container restarts of pending/running pods count against backoffLimit."""
        if self.spec.restart_policy != "OnFailure":
            return False
        restarts = sum(p.restarts for group in (self.pods.active, self.pods.terminating)
                       for p in group.values() if p.phase in ("Pending", "Running"))
        if self.spec.backoff_limit == 0:
            return restarts > 0
        return restarts >= self.spec.backoff_limit

    def past_active_deadline(self) -> bool:
        spec, start = self.spec, self.status.start_time
        if spec.active_deadline_seconds is None or start is None or spec.suspend:
            return False
        return self.now - start >= spec.active_deadline_seconds

    def is_index_failed(self, pod: Pod) -> bool:
        if not is_pod_failed(pod, self.job):
            return False
        match = match_pod_failure_policy(self.spec.pod_failure_policy, pod)
        if match.action == "FailIndex":
            return True
        return match.count_failed and bo.index_failure_count(pod) >= self.spec.backoff_limit_per_index

    def pods_with_delayed_deletion_per_index(self) -> dict[int, Pod]:
        """The last failed pod of each index still waiting for its replacement."""
        active_indexes = {p.index for p in self.pods.active.values()}
        result: dict[int, Pod] = {}
        for pod in self.pods.tracked.values():
            if not is_pod_failed(pod, self.job) or not self.valid(pod):
                continue
            index = pod.index
            if (self.succeeded_indexes.has(index) or self.failed_indexes.has(index)
                    or index in active_indexes):
                continue
            previous = result.get(index)
            if previous is None or (
                    _absolute_failures(previous) <= _absolute_failures(pod)
                    and bo.finished_time(pod) >= bo.finished_time(previous)):
                result[index] = pod
        return result

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


def active_pods_for_removal(job: Job, pods: list[Pod], at_least: int) -> list[Pod]:
    """Victims when too many pods run (upstream ``activePodsForRemoval``).

    Indexed Jobs first lose pods with a missing or out-of-range index and all
    but one pod of a repeated index; then pods in ``controller.ActivePods`` order.
    """
    remove: list[Pod] = []
    left = pods
    if job.spec.completion_mode == "Indexed":
        left = []
        by_index: dict[int, list[Pod]] = {}
        for pod in pods:
            if pod.index is None or pod.index >= job.spec.completions:
                remove.append(pod)
            else:
                by_index.setdefault(pod.index, []).append(pod)
        for index in sorted(by_index):
            same = sorted(by_index[index], key=_active_pods_key)
            remove.extend(same[:-1])
            left.append(same[-1])
    if len(remove) < at_least:
        remove.extend(sorted(left, key=_active_pods_key)[:at_least - len(remove)])
    return remove


def _active_pods_key(pod: Pod):
    """Upstream ``controller.ActivePods``: the pods to delete first sort first.

    Unscheduled before scheduled, Pending before Running, not ready before
    ready, more recently ready first, more restarts first, newer first.
    """
    phase_rank = {"Pending": 0, "Unknown": 1, "Running": 2}.get(pod.phase, 3)
    # A ready pod without a ready time counts as the most recently ready (upstream afterOrZero).
    ready_since = -(pod.ready_at if pod.ready_at is not None else float("inf")) if pod.ready else 0.0
    return (pod.node_name is not None, phase_rank, pod.ready, ready_since, -pod.restarts, -pod.created_at)


def pod_generate_name_with_index(job_name: str, index: int) -> str:
    """``<job>-<index>-``, the prefix cut so the name stays a valid 63-character label."""
    suffix = f"-{index}-"
    max_prefix = 58 - len(suffix)  # 63 minus the 5 random characters
    return job_name[:max_prefix] + suffix


def _completion_index_or_unknown(pod: Pod) -> int:
    """Upstream ``byCompletionIndex`` order: pods without a valid index (-1) come first."""
    return pod.index if pod.index is not None and pod.index >= 0 else -1


def _absolute_failures(pod: Pod) -> int:
    return bo.index_failure_count(pod) + bo.index_ignored_failure_count(pod)


def _first_true(conditions: list[Condition], type_: str) -> Condition | None:
    for cond in conditions:
        if cond.type == type_:
            return cond if cond.status == "True" else None
    return None


def _ensure_condition(conditions: list[Condition], type_: str, status: str, reason: str,
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
