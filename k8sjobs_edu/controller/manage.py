"""Creating and deleting a Job's pods so the right number run (upstream ``manageJob``).

How many pods should run, which ones go when there are too many
(``activePodsForRemoval``), when a replacement must wait out the back-off,
and the pods it creates: names, labels, annotations and hostnames.
"""
from __future__ import annotations

from functools import partial

from ..api.model import Job, Pod
from ..api.wellknown import JOB_COMPLETION_INDEX
from . import backoff as bo
from .indexed import first_pending_indexes, index_failure_annotations, pod_generate_name_with_index
from .sync_context import SyncJobCtx, only_replace_failed_pods

MAX_POD_CREATE_DELETE_PER_SYNC = 500


def manage_job(ctx: SyncJobCtx, active: int) -> int:
    """Create or delete pods so that the right number run (upstream ``manageJob``).

    Returns the new active count. Never creates and deletes in one sync.
    """
    spec = ctx.spec
    if spec.suspend:
        victims = active_pods_for_removal(ctx.job, list(ctx.pods.active.values()), active)
        return active - delete_pods(ctx, victims, untrack=True)
    if spec.completions is None:
        want_active = active if ctx.succeeded > 0 else spec.parallelism
    else:
        want_active = max(0, min(spec.completions - ctx.succeeded, spec.parallelism))
    excess = max(active - want_active, 0)
    if excess > 0 or ctx.indexed:  # Indexed Jobs also lose duplicate and out-of-range indexes
        victims = active_pods_for_removal(ctx.job, list(ctx.pods.active.values()), excess)
        if victims:
            return active - delete_pods(ctx, victims[:MAX_POD_CREATE_DELETE_PER_SYNC], untrack=True)

    terminating = ctx.terminating if only_replace_failed_pods(ctx.job) else 0
    diff = want_active - terminating - active
    if diff <= 0:
        return active
    if not ctx.per_index:
        record = ctx.result.backoff
        remaining = bo.remaining_time(record.failures_after_last_success, record.last_failure_time, ctx.now)
        if remaining > 0:
            # Upstream returned 0 here until kubernetes#139457 (fixed in 1.34 patches).
            ctx.requeue(remaining)
            return active
    diff = min(diff, MAX_POD_CREATE_DELETE_PER_SYNC)
    indexes: list[int | None] = [None] * diff
    if ctx.indexed:
        indexes = first_pending_indexes(ctx, diff)
        if ctx.per_index:
            indexes, remaining = indexes_ready_after_backoff(ctx, indexes)
            if remaining > 0:
                ctx.requeue(remaining)
                return active
    create_pods(ctx, indexes)
    return active + len(indexes)


def indexes_ready_after_backoff(ctx: SyncJobCtx, indexes: list[int]) -> tuple[list[int], float]:
    """Per-index back-off (upstream ``getPodCreationInfoForIndependentIndexes``)."""
    ready, waits = [], []
    for index in indexes:
        remaining = bo.remaining_time_per_index(ctx.delayed_deletion.get(index), ctx.now)
        if remaining == 0:
            ready.append(index)
        else:
            waits.append(remaining)
    return (ready, 0.0) if ready else ([], min(waits, default=0.0))


def create_pods(ctx: SyncJobCtx, indexes: list[int | None]) -> None:
    """One pod per entry of ``indexes`` (``None``: a pod without an index) into ``ctx.result.create``."""
    spec, job = ctx.spec, ctx.job
    template_meta = spec.template.get("metadata") or {}
    labels = dict(template_meta.get("labels") or {})
    annotations = dict(template_meta.get("annotations") or {})
    pod_spec = spec.pod_spec
    # One constructor with the fields every pod of this sync shares (partial: cheaper than **kwargs per pod).
    new_pod = partial(
        Pod, job_name=job.name, namespace=job.namespace, created_at=ctx.now, owner_uid=job.uid,
        labels=labels, annotations=annotations,
        containers=spec.container_names, init_containers=spec.init_container_names,
        restart_policy=spec.restart_policy,
        grace_period_seconds=pod_spec.get("terminationGracePeriodSeconds", 30),
    )
    generate_name = f"{job.name}-"
    create = ctx.result.create
    for index in indexes:
        if index is None:
            pod = new_pod(generate_name)
        else:
            index_labels = {**labels, JOB_COMPLETION_INDEX: str(index)}
            index_annotations = {**annotations, JOB_COMPLETION_INDEX: str(index)}
            if ctx.per_index:
                index_annotations.update(index_failure_annotations(ctx, index))
            pod = new_pod(pod_generate_name_with_index(job.name, index), index=index,
                          labels=index_labels, annotations=index_annotations, hostname=f"{job.name}-{index}")
        create.append(pod)


def delete_pods(ctx: SyncJobCtx, pods: list[Pod], *, untrack: bool) -> int:
    """Delete pods; ``untrack`` strips the finalizer first so they are not counted as failed."""
    result = ctx.result
    for pod in pods:
        if untrack and pod.is_tracked:
            result.untrack.append(pod.name)
            ctx.untracked.add(pod.name)
        result.delete.append(pod.name)
        ctx.event("Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}")
        if pod.ready:
            ctx.ready -= 1
    ctx.terminating += len(pods)
    return len(pods)


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
