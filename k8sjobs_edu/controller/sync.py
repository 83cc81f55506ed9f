"""The Job controller's reconcile as a pure function (upstream ``syncJob`` in ``job_controller.go``).

``sync_job`` counts the newly finished pods, decides the verdicts (success,
failure, deadline, back-off limit, per-index limits, policies) in upstream
precedence, then either deletes the pods of a finished Job or calls
``manage_job`` (``manage.py``), and ends with the finalizer bookkeeping
(``tracking.py``). What is left out: API errors and retries, expectations
(the simulated API answers at once), slow-start batches (they only matter
when creates fail) and orphan adoption.
"""
from __future__ import annotations

from ..api.intervals import Intervals
from ..api.model import Job, Pod
from ..api.wellknown import JOB_CONTROLLER_NAME
from . import backoff as bo
from .indexed import is_index_failed, pods_with_delayed_deletion_per_index
from .jobpods import JobPods
from .manage import delete_pods, manage_job
from .policies import match_pod_failure_policy, match_success_policy
from .sync_context import SyncJobCtx, SyncResult, ensure_condition, first_true, is_pod_failed
from .tracking import track_job_status_and_remove_finalizers

COMPLETIONS_REACHED = ("CompletionsReached", "Reached expected number of succeeded pods")


def sync_job(job: Job, pods, now: float, backoff: bo.BackoffRecord | None = None) -> SyncResult:
    """One reconcile of ``job`` given its ``pods`` (a list, or a ``JobPods`` index) at time ``now``.

    Pure: inputs are not modified; no clock or randomness.
    """
    ctx = SyncJobCtx(job, pods if isinstance(pods, JobPods) else JobPods(pods), now, backoff)
    spec, status, result = job.spec, ctx.status, ctx.result
    if spec.managed_by is not None and spec.managed_by != JOB_CONTROLLER_NAME:
        return result  # another controller owns this Job
    if job.status.is_finished():
        result.backoff = None  # upstream drops the back-off record
        return result
    if spec.completion_mode not in ("NonIndexed", "Indexed"):
        ctx.event("Warning", "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown")
        return result

    active = len(ctx.pods.active)
    ctx.ready = ctx.pods.ready
    ctx.terminating = len(ctx.pods.terminating)
    new_succeeded, new_failed = new_finished_pods(ctx)
    ctx.succeeded = status.succeeded + len(new_succeeded)
    failed = status.failed + sum(1 for p in new_failed if ctx.counts_as_failed(p))

    if status.start_time is None and not spec.suspend:
        status.start_time = now
    result.backoff = bo.new_backoff_record(result.backoff, new_succeeded, new_failed)

    decide_verdict(ctx, failed)
    if ctx.finished is not None:
        deleted = delete_pods(ctx, list(ctx.pods.active.values()), untrack=False)
        active -= deleted
    else:
        manage_job_called = False
        if job.deleted_at is None:
            active = manage_job(ctx, active)
            manage_job_called = True
        if spec.completions is None:
            complete = ctx.succeeded > 0 and active == 0
        else:
            complete = ctx.succeeded >= spec.completions and active == 0
        if complete:
            ctx.finished = ctx.condition("SuccessCriteriaMet", *COMPLETIONS_REACHED)
        elif manage_job_called:
            update_suspended_condition(ctx)

    status.active, status.ready, status.terminating = active, ctx.ready, ctx.terminating
    track_job_status_and_remove_finalizers(ctx)
    return result


def new_finished_pods(ctx: SyncJobCtx) -> tuple[list[Pod], list[Pod]]:
    """Finished pods not counted yet (upstream ``getNewFinishedPods``); one pass, as this is hot."""
    succeeded, failed = [], []
    for pod in ctx.pods.tracked.values():
        if ctx.indexed and not ctx.valid(pod):
            continue
        if pod.phase == "Succeeded":
            succeeded.append(pod)
        elif is_pod_failed(pod, ctx.job):
            failed.append(pod)
    return succeeded, failed


def decide_verdict(ctx: SyncJobCtx, failed: int) -> None:
    """Terminal verdicts in upstream precedence; the first one wins (it goes to ``ctx.finished``)."""
    spec, status = ctx.spec, ctx.status
    ctx.finished = first_true(status.conditions, "SuccessCriteriaMet")
    if ctx.finished is None:
        failure_target = first_true(status.conditions, "FailureTarget")
        if failure_target is not None:
            ctx.finished = ctx.condition("Failed", failure_target.reason, failure_target.message)
        else:
            message = fail_job_message(ctx)
            if message is not None:
                ctx.finished = ctx.condition("FailureTarget", "PodFailurePolicy", message)
    if ctx.finished is None:
        if failed > spec.backoff_limit or past_backoff_limit_on_failure(ctx):
            ctx.finished = ctx.condition("FailureTarget", "BackoffLimitExceeded",
                                         "Job has reached the specified backoff limit")
        elif past_active_deadline(ctx):
            ctx.finished = ctx.condition("FailureTarget", "DeadlineExceeded",
                                         "Job was active longer than specified deadline")
        elif spec.active_deadline_seconds is not None and not spec.suspend:
            ctx.requeue(spec.active_deadline_seconds - (ctx.now - status.start_time), batched=False)
    if not ctx.indexed:
        return
    completions = spec.completions
    ctx.previous_succeeded_indexes = Intervals.parse(status.completed_indexes, completions)
    ctx.succeeded_indexes = ctx.previous_succeeded_indexes.with_indexes(
        p.index for p in ctx.pods.tracked.values() if p.phase == "Succeeded" and ctx.valid(p))
    ctx.succeeded = ctx.succeeded_indexes.total()
    if ctx.per_index:
        ctx.failed_indexes = Intervals.parse(status.failed_indexes, completions).with_indexes(
            p.index for p in ctx.pods.tracked.values() if ctx.valid(p) and is_index_failed(ctx, p))
        failed_count = ctx.failed_indexes.total()
        if ctx.finished is None:
            if spec.max_failed_indexes is not None and failed_count > spec.max_failed_indexes:
                ctx.finished = ctx.condition(
                    "FailureTarget", "MaxFailedIndexesExceeded",
                    "Job has exceeded the specified maximal number of failed indexes")
            elif failed_count > 0 and failed_count + ctx.succeeded >= completions:
                ctx.finished = ctx.condition("FailureTarget", "FailedIndexes", "Job has failed indexes")
        ctx.delayed_deletion = pods_with_delayed_deletion_per_index(ctx)
    if ctx.finished is None:
        message = match_success_policy(spec.success_policy, completions, ctx.succeeded_indexes)
        if message is not None:
            ctx.finished = ctx.condition("SuccessCriteriaMet", "SuccessPolicy", message)


def fail_job_message(ctx: SyncJobCtx) -> str | None:
    """The message of the first failed pod a FailJob rule matches (upstream ``getFailJobMessage``)."""
    if ctx.spec.pod_failure_policy is None:
        return None
    for pod in ctx.pods.tracked.values():
        if is_pod_failed(pod, ctx.job):
            message = match_pod_failure_policy(ctx.spec.pod_failure_policy, pod).fail_job_message
            if message is not None:
                return message
    return None


def past_backoff_limit_on_failure(ctx: SyncJobCtx) -> bool:
    """OnFailure: container restarts of pending/running pods count against backoffLimit."""
    spec, pods = ctx.spec, ctx.pods
    if spec.restart_policy != "OnFailure":
        return False
    restarts = sum(p.restarts for group in (pods.active, pods.terminating)
                   for p in group.values() if p.phase in ("Pending", "Running"))
    if spec.backoff_limit == 0:
        return restarts > 0
    return restarts >= spec.backoff_limit


def past_active_deadline(ctx: SyncJobCtx) -> bool:
    spec, start = ctx.spec, ctx.status.start_time
    if spec.active_deadline_seconds is None or start is None or spec.suspend:
        return False
    return ctx.now - start >= spec.active_deadline_seconds


def update_suspended_condition(ctx: SyncJobCtx) -> None:
    """The Suspended condition follows ``spec.suspend``, with an event when it changes."""
    conditions, now = ctx.status.conditions, ctx.now
    if ctx.spec.suspend:
        if ensure_condition(conditions, "Suspended", "True", "JobSuspended", "Job suspended", now):
            ctx.event("Normal", "Suspended", "Job suspended")
    elif ensure_condition(conditions, "Suspended", "False", "JobResumed", "Job resumed", now):
        ctx.event("Normal", "Resumed", "Job resumed")
        # The deadline counts continuous activity, so it restarts on resume.
        ctx.status.start_time = now
