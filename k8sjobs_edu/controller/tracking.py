"""Counting finished pods once, and ending the Job (upstream ``trackJobStatusAndRemoveFinalizers``).

A finished pod keeps the tracking finalizer until the controller has added
it to ``succeeded`` or ``failed``; stripping the finalizer and counting go
together, at most ``MAX_UNCOUNTED_PODS`` a sync. The terminal condition is
written only when no pod is terminating and every pod is counted (upstream
``enactJobFinished``).
"""
from __future__ import annotations

from ..api.model import Pod
from .sync_context import SyncJobCtx, ensure_condition, first_true, is_pod_failed

MAX_UNCOUNTED_PODS = 500  # upstream MaxUncountedPods: finished pods one sync adds to the counters


def track_job_status_and_remove_finalizers(ctx: SyncJobCtx) -> None:
    """Count finished pods once (at most 500 a sync), strip their finalizers, write the final condition when due."""
    status, job, result = ctx.status, ctx.job, ctx.result
    succeeded_non_indexed = 0
    failed = 0
    candidates = list(ctx.pods.tracked.values())
    if job.deleted_at is not None or ctx.finished is not None:
        candidates += [p for p in ctx.pods.active.values() if p.is_tracked]
    if ctx.indexed and len(candidates) >= MAX_UNCOUNTED_PODS:
        candidates.sort(key=_completion_index_or_unknown)  # upstream walks them by completion index
    untrack, untracked = result.untrack, ctx.untracked
    failing = ctx.finished is not None and ctx.finished.type != "SuccessCriteriaMet"
    newly_counted = 0
    reached_max_uncounted = False
    for pod in candidates:
        if pod.name in untracked:
            continue
        if pod.phase == "Succeeded":  # the common case, kept short: always untracked
            untrack.append(pod.name)
            untracked.add(pod.name)
            if not ctx.indexed:
                succeeded_non_indexed += 1
                newly_counted += 1
            elif ctx.valid(pod) and not ctx.previous_succeeded_indexes.has(pod.index):
                newly_counted += 1  # an Indexed Job counts an index once
        else:
            consider_failed = is_pod_failed(pod, job)
            if not can_remove_finalizer(ctx, pod, consider_failed):
                continue
            untrack.append(pod.name)
            untracked.add(pod.name)
            if (consider_failed or failing) and ctx.valid(pod) and ctx.counts_as_failed(pod):
                failed += 1
                newly_counted += 1
        if newly_counted >= MAX_UNCOUNTED_PODS:
            # Upstream stops here (MaxUncountedPods): the next sync, which the status write
            # brings, takes the rest, and the Job cannot finish in this one.
            reached_max_uncounted = True
            break
    status.failed += failed
    if ctx.indexed:
        succeeded_non_indexed = 0  # Indexed Jobs count distinct completed indexes instead
        status.succeeded = ctx.succeeded_indexes.total()
        status.completed_indexes = str(ctx.succeeded_indexes)
        status.failed_indexes = None if ctx.failed_indexes is None else str(ctx.failed_indexes)
    else:
        status.succeeded += succeeded_non_indexed

    finished = ctx.finished
    if finished is not None and finished.type == "FailureTarget":
        status.conditions.append(finished)
        finished = ctx.condition("Failed", finished.reason, finished.message)
    if finished is not None and finished.type == "SuccessCriteriaMet":
        if first_true(status.conditions, "SuccessCriteriaMet") is None:
            status.conditions.append(finished)
        finished = ctx.condition("Complete", finished.reason, finished.message)
    if finished is None or status.terminating > 0 or reached_max_uncounted:
        return  # the terminal condition waits until no pod is terminating and every pod is counted
    ensure_condition(status.conditions, finished.type, "True", finished.reason, finished.message, ctx.now)
    result.backoff = None
    result.requeue_after = None
    if finished.type == "Complete":
        status.completion_time = ctx.now
        if ctx.spec.completions is not None and status.succeeded > ctx.spec.completions:
            ctx.event("Warning", "TooManySucceededPods",
                      "Too many succeeded pods running after completion count reached")
        ctx.event("Normal", "Completed", "Job completed")
    else:
        ctx.event("Warning", finished.reason, finished.message)


def can_remove_finalizer(ctx: SyncJobCtx, pod: Pod, consider_failed: bool) -> bool:
    """Upstream ``canRemoveFinalizer``: a pod neither succeeded nor failed keeps the finalizer until the Job ends."""
    if ctx.job.deleted_at is not None or ctx.finished is not None or pod.phase == "Succeeded":
        return True
    if not consider_failed:
        return False
    # Per-index mode keeps the last failed pod until its replacement carries its failure count.
    if ctx.per_index and pod.index is not None:
        waiting = ctx.delayed_deletion.get(pod.index)
        if waiting is pod:
            return False
    return True


def _completion_index_or_unknown(pod: Pod) -> int:
    """Upstream ``byCompletionIndex`` order: pods without a valid index (-1) come first."""
    return pod.index if pod.index is not None and pod.index >= 0 else -1
