"""Builders and the table runner shared by the controller tests.

A case is one call of ``sync_job``: a Job (spec knobs + status), its pods by
phase, the virtual time ``now`` and the back-off record; ``Want`` lists what
upstream Kubernetes (1.34, default feature gates) would do in that sync.
Times are virtual seconds; ``NOW`` is far enough after 0 that pods which
finished at 0 no longer hold back replacements (back-off is at most 600 s).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from k8sjobs_edu.api.model import Job, Pod
from k8sjobs_edu.api.types import Condition, JobSpec, JobStatus
from k8sjobs_edu.api.wellknown import (JOB_COMPLETION_INDEX, JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT,
                                       JOB_TRACKING_FINALIZER)
from k8sjobs_edu.controller.backoff import BackoffRecord
from k8sjobs_edu.controller.sync import sync_job

NOW = 1000.0
MAX_INT32 = 2147483647

COMPLETIONS_REACHED = ("CompletionsReached", "Reached expected number of succeeded pods")
BACKOFF_LIMIT_EXCEEDED = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
DEADLINE_EXCEEDED = ("DeadlineExceeded", "Job was active longer than specified deadline")
FAILED_INDEXES = ("FailedIndexes", "Job has failed indexes")
MAX_FAILED_INDEXES_EXCEEDED = ("MaxFailedIndexesExceeded",
                               "Job has exceeded the specified maximal number of failed indexes")

COMPLETED_EVENT = ("Normal", "Completed", "Job completed")
SUSPENDED_EVENT = ("Normal", "Suspended", "Job suspended")
RESUMED_EVENT = ("Normal", "Resumed", "Job resumed")
SUSPENDED = ("Suspended", "True", "JobSuspended", "Job suspended")
RESUMED = ("Suspended", "False", "JobResumed", "Job resumed")


# ---- expectations --------------------------------------------------------------


def cond(type_: str, reason: str = "", message: str = "", status: str = "True") -> tuple:
    """A condition as the tables compare it: (type, status, reason, message)."""
    return (type_, status, reason, message)


def complete(reason_message=COMPLETIONS_REACHED) -> list:
    """The two-step success: SuccessCriteriaMet, then Complete with the same reason."""
    return [cond("SuccessCriteriaMet", *reason_message), cond("Complete", *reason_message)]


def failure(reason_message) -> list:
    """The two-step failure: FailureTarget, then Failed with the same reason."""
    return [cond("FailureTarget", *reason_message), cond("Failed", *reason_message)]


def failure_target(reason_message) -> list:
    """Only the interim condition: Failed waits until no pod is terminating."""
    return [cond("FailureTarget", *reason_message)]


def warning(reason_message) -> tuple:
    """The Warning event written together with the Failed condition."""
    reason, message = reason_message
    return ("Warning", reason, message)


def deleted(*names: str) -> list:
    """SuccessfulDelete events, one per deleted pod, in deletion order."""
    return [("Normal", "SuccessfulDelete", f"Deleted pod: {name}") for name in names]


@dataclass
class Want:
    """What one sync should do; every field is compared, defaults mean "nothing"."""

    create: list = field(default_factory=list)  # generateNames of the new pods
    create_indexes: list | None = None  # Indexed Jobs: the completion index of each new pod
    delete: list = field(default_factory=list)
    untrack: list = field(default_factory=list)  # compared as a set
    active: int = 0
    ready: int = 0
    succeeded: int = 0
    failed: int = 0
    terminating: int = 0
    completed_indexes: str = ""
    failed_indexes: str | None = None
    start_time: float | None = 0.0
    completion_time: float | None = None
    conditions: list = field(default_factory=list)
    events: list = field(default_factory=list)
    requeue_after: float | None = None


@dataclass
class Case:
    """One row of a controller table, named by a sentence."""

    name: str
    job: Job
    pods: list = field(default_factory=list)
    want: Want = field(default_factory=Want)
    now: float = NOW
    backoff: BackoffRecord | None = None
    ordered: bool = True  # False where upstream leaves the order of deletions open

    def __str__(self) -> str:
        return self.name


def summarize(result, ordered: bool = True) -> dict:
    """The observable outcome of a sync, in the shape of ``Want``."""
    status = result.status
    delete, events = list(result.delete), [(e.type, e.reason, e.message) for e in result.events]
    if not ordered:
        delete, events = sorted(delete), sorted(events)
    return {
        "create": [p.name for p in result.create],
        "create_indexes": [p.index for p in result.create],
        "delete": delete,
        "untrack": sorted(result.untrack),
        "active": status.active,
        "ready": status.ready,
        "succeeded": status.succeeded,
        "failed": status.failed,
        "terminating": status.terminating,
        "completed_indexes": status.completed_indexes,
        "failed_indexes": status.failed_indexes,
        "start_time": status.start_time,
        "completion_time": status.completion_time,
        "conditions": [(c.type, c.status, c.reason, c.message) for c in status.conditions],
        "events": events,
        "requeue_after": result.requeue_after,
    }


def expected(want: Want, ordered: bool = True) -> dict:
    indexes = want.create_indexes if want.create_indexes is not None else [None] * len(want.create)
    delete, events = list(want.delete), list(want.events)
    if not ordered:
        delete, events = sorted(delete), sorted(events)
    return {
        "create": list(want.create),
        "create_indexes": list(indexes),
        "delete": delete,
        "untrack": sorted(want.untrack),
        "active": want.active,
        "ready": want.ready,
        "succeeded": want.succeeded,
        "failed": want.failed,
        "terminating": want.terminating,
        "completed_indexes": want.completed_indexes,
        "failed_indexes": want.failed_indexes,
        "start_time": want.start_time,
        "completion_time": want.completion_time,
        "conditions": list(want.conditions),
        "events": events,
        "requeue_after": want.requeue_after,
    }


def check(case: Case):
    """Run one sync and compare everything it did with the case's expectations."""
    result = sync_job(case.job, case.pods, case.now, case.backoff)
    assert summarize(result, case.ordered) == expected(case.want, case.ordered)
    return result


# ---- Jobs ----------------------------------------------------------------------


def template(name: str, containers=("main",), init_containers=(), restart_policy: str = "Never") -> dict:
    """A pod template in API shape, with the labels the API server adds to every Job."""
    spec: dict = {
        "restartPolicy": restart_policy,
        "containers": [{"name": c, "image": "busybox", "command": ["sleep", "10"]} for c in containers],
    }
    if init_containers:
        spec["initContainers"] = [{"name": c, "image": "busybox"} for c in init_containers]
    uid = f"uid-{name}"
    return {
        "metadata": {"labels": {
            "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name,
            "controller-uid": uid, "job-name": name,
        }},
        "spec": spec,
    }


def make_job(name: str = "pi", *, completions: int | None = 1, parallelism: int = 1,
             mode: str = "NonIndexed", backoff_limit: int = 6, restart_policy: str = "Never",
             containers=("main",), init_containers=(), status: JobStatus | None = None,
             deleted_at: float | None = None, **spec) -> Job:
    """A defaulted Job; ``status`` defaults to one that started at t=0 and counted nothing.

    Extra keyword arguments are JobSpec fields (``suspend=True``, ``pod_failure_policy=...``).
    A podFailurePolicy makes ``Failed`` the default podReplacementPolicy, as API defaulting does.
    """
    if spec.get("pod_failure_policy") is not None:
        spec.setdefault("pod_replacement_policy", "Failed")
    job_spec = JobSpec(template=template(name, containers, init_containers, restart_policy),
                       completions=completions, parallelism=parallelism, completion_mode=mode,
                       backoff_limit=backoff_limit, **spec)
    return Job(name, job_spec, status=status if status is not None else JobStatus(start_time=0.0),
               uid=f"uid-{name}", deleted_at=deleted_at)


def make_indexed_job(name: str = "indexed-job", **kwargs) -> Job:
    return make_job(name, mode="Indexed", **kwargs)


def conditions(*rows: tuple, at: float = 0.0) -> list:
    """Existing Job conditions from (type, status, reason, message) rows."""
    return [Condition(t, s, r, m, at) for t, s, r, m in rows]


# ---- Pods ----------------------------------------------------------------------

_DEFAULT = object()


def pod(name: str, phase: str = "Running", *, index: int | None = None, created_at: float = 0.0,
        ready: bool = False, ready_at: float | None = None, finished_at=_DEFAULT,
        deleted_at: float | None = None, exit_code=_DEFAULT, failed_container: str | None = None,
        restarts: int = 0, counted: bool = False, conditions=(), node=_DEFAULT,
        failure_count: int | None = None, ignored_failure_count: int | None = None,
        containers=("main",), init_containers=(), restart_policy: str = "Never") -> Pod:
    """A pod of a Job as the cluster would show it.

    ``counted=True`` means the Job controller already counted the pod (its
    tracking finalizer is gone). Pending pods are unscheduled unless ``node``
    is given. Finished pods finished at t=0 and exit with 0 / 1 by default.
    """
    finished = phase in ("Succeeded", "Failed")
    if finished_at is _DEFAULT:
        finished_at = 0.0 if finished else None
    if exit_code is _DEFAULT:
        exit_code = {"Succeeded": 0, "Failed": 1}.get(phase)
    if node is _DEFAULT:
        node = None if phase == "Pending" else "node-1"
    if ready and ready_at is None:
        ready_at = created_at
    labels, annotations = {}, {}
    if index is not None:
        labels[JOB_COMPLETION_INDEX] = annotations[JOB_COMPLETION_INDEX] = str(index)
    if failure_count is not None:
        annotations[JOB_INDEX_FAILURE_COUNT] = str(failure_count)
    if ignored_failure_count is not None:
        annotations[JOB_INDEX_IGNORED_FAILURE_COUNT] = str(ignored_failure_count)
    return Pod(
        name=name, index=index, phase=phase, created_at=created_at,
        started_at=None if phase == "Pending" else created_at, finished_at=finished_at,
        deleted_at=deleted_at, exit_code=exit_code, failed_container=failed_container,
        restarts=restarts, ready=ready, ready_at=ready_at,
        labels=labels, annotations=annotations, finalizers=() if counted else (JOB_TRACKING_FINALIZER,),
        conditions=tuple(conditions), containers=tuple(containers), init_containers=tuple(init_containers),
        restart_policy=restart_policy, node_name=node,
    )


def pending(name: str, **kw) -> Pod:
    return pod(name, "Pending", **kw)


def running(name: str, **kw) -> Pod:
    return pod(name, "Running", **kw)


def succeeded(name: str, **kw) -> Pod:
    return pod(name, "Succeeded", **kw)


def failed(name: str, **kw) -> Pod:
    return pod(name, "Failed", **kw)


def terminating(name: str, deleted_at: float = 0.0, **kw) -> Pod:
    """A running pod whose deletion was requested at ``deleted_at``."""
    return pod(name, "Running", deleted_at=deleted_at, **kw)


def many(make, prefix: str, count: int, **kw) -> list:
    """``count`` pods named prefix0, prefix1, … created at t=0, 1, … (newest last)."""
    return [make(f"{prefix}{i}", created_at=float(i), **kw) for i in range(count)]


def pod_condition(type_: str, status: str = "True") -> Condition:
    return Condition(type_, status)
