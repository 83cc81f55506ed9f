"""Completion indexes of Indexed Jobs (upstream ``indexed_job_utils.go``).

Which indexes are pending, which failed, which failed pod waits for its
replacement (backoffLimitPerIndex), the failure counts a replacement
inherits, and the names indexed pods get.
"""
from __future__ import annotations

from ..api.model import Pod
from ..api.wellknown import JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT
from . import backoff as bo
from .policies import match_pod_failure_policy
from .sync_context import SyncJobCtx, is_pod_failed, only_replace_failed_pods


def first_pending_indexes(ctx: SyncJobCtx, count: int) -> list[int]:
    """The ``count`` lowest indexes neither succeeded, failed nor held by a pod (upstream ``firstPendingIndexes``)."""
    taken = {p.index for p in ctx.pods.active.values() if p.index is not None}
    if only_replace_failed_pods(ctx.job):
        taken.update(p.index for p in ctx.pods.terminating.values() if p.index is not None)
    non_pending = ctx.succeeded_indexes.with_indexes(taken)
    if ctx.failed_indexes is not None:
        non_pending = non_pending.merge(ctx.failed_indexes)
    return non_pending.first_missing(count, ctx.spec.completions)


def is_index_failed(ctx: SyncJobCtx, pod: Pod) -> bool:
    """Upstream ``isIndexFailed``: a FailIndex rule matched, or the index used up backoffLimitPerIndex."""
    if not is_pod_failed(pod, ctx.job):
        return False
    match = match_pod_failure_policy(ctx.spec.pod_failure_policy, pod)
    if match.action == "FailIndex":
        return True
    return match.count_failed and bo.index_failure_count(pod) >= ctx.spec.backoff_limit_per_index


def pods_with_delayed_deletion_per_index(ctx: SyncJobCtx) -> dict[int, Pod]:
    """The last failed pod of each index still waiting for its replacement."""
    active_indexes = {p.index for p in ctx.pods.active.values()}
    result: dict[int, Pod] = {}
    for pod in ctx.pods.tracked.values():
        if not is_pod_failed(pod, ctx.job) or not ctx.valid(pod):
            continue
        index = pod.index
        if (ctx.succeeded_indexes.has(index) or ctx.failed_indexes.has(index)
                or index in active_indexes):
            continue
        previous = result.get(index)
        if previous is None or (
                _absolute_failures(previous) <= _absolute_failures(pod)
                and bo.finished_time(pod) >= bo.finished_time(previous)):
            result[index] = pod
    return result


def index_failure_annotations(ctx: SyncJobCtx, index: int) -> dict[str, str]:
    """Failure counts carried over from the pod being replaced (upstream ``getNewIndexFailureCounts``)."""
    replaced = ctx.delayed_deletion.get(index)
    if replaced is None:
        return {JOB_INDEX_FAILURE_COUNT: "0"}
    failures = bo.index_failure_count(replaced)
    ignored = bo.index_ignored_failure_count(replaced)
    if ctx.counts_as_failed(replaced):
        failures += 1
    else:
        ignored += 1
    result = {JOB_INDEX_FAILURE_COUNT: str(failures)}
    if ignored > 0:
        result[JOB_INDEX_IGNORED_FAILURE_COUNT] = str(ignored)
    return result


def pod_generate_name_with_index(job_name: str, index: int) -> str:
    """``<job>-<index>-``, the prefix cut so the name stays a valid 63-character label."""
    suffix = f"-{index}-"
    max_prefix = 58 - len(suffix)  # 63 minus the 5 random characters
    return job_name[:max_prefix] + suffix


def _absolute_failures(pod: Pod) -> int:
    return bo.index_failure_count(pod) + bo.index_ignored_failure_count(pod)
