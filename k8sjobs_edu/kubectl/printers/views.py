"""What kubectl prints: pure functions of (objects, now, options) → text.

This module holds ``kubectl get jobs`` and ``kubectl get pods`` (``printJob``
and ``printPod`` in pkg/printers/internalversion/printers.go) and gathers the
other views under one name: the tab writers (``tabwriter``), ages, dates,
selectors and JSON (``kubeformat``), events (``events``), ``describe job``
(``describe``) and ``logs`` (``podlogs``).

Times are virtual seconds. The API stores timestamps with whole seconds, so
object times are truncated before ages are computed; ``now`` is not.
"""
from __future__ import annotations

from ...api.model import Job, Pod
from ...api.timestamps import api_time
from ...cluster.events import (AGGREGATE_INTERVAL_SECONDS, AGGREGATE_MAX_EVENTS, EVENT_TTL_SECONDS, SPAM_BURST,
                               SPAM_REFILL_PER_SECOND, StoredEvent, correlate_events)
from .describe import cap_indexes, describe_job
from .describe_template import describe_probe
from .duration import human_duration
from .events import describe_events, event_table, get_events
from .kubeformat import (LAST_APPLIED_ANNOTATION, age, as_list, format_label_selector, go_json, no_resources, rfc1123z,
                         selector_string, to_yaml, version_tuple)
from .podlogs import (container_log, default_container_note, logs, logs_for_job, logs_for_pods, pods_by_logging,
                      tail_lines, with_prefix)
from .tabwriter import TabWriter, format_rows, table_writer

__all__ = [
    "AGGREGATE_INTERVAL_SECONDS", "AGGREGATE_MAX_EVENTS", "EVENT_TTL_SECONDS", "LAST_APPLIED_ANNOTATION",
    "POD_COLUMNS", "POD_WIDE_COLUMNS", "SPAM_BURST", "SPAM_REFILL_PER_SECOND", "StoredEvent", "TabWriter", "age",
    "api_time", "as_list", "cap_indexes", "container_log", "correlate_events", "default_container_note",
    "describe_events", "describe_job", "describe_probe", "event_table", "format_label_selector", "format_rows",
    "get_events", "get_jobs", "get_pods", "go_json", "job_columns", "job_completions", "job_duration", "job_json",
    "job_row", "job_status", "job_yaml", "logs", "logs_for_job", "logs_for_pods", "no_resources", "pod_ready",
    "pod_restarts", "pod_row", "pod_status", "pods_by_logging", "rfc1123z", "selector_string", "table_writer",
    "tail_lines", "to_yaml", "version_tuple", "with_prefix",
]


# ---- kubectl get jobs -----------------------------------------------------------------


def job_columns(*, wide: bool = False, kubectl_version: str = "1.34") -> list[str]:
    """The header of ``kubectl get jobs``; STATUS exists since kubectl 1.30."""
    columns = ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    if version_tuple(kubectl_version) < (1, 30):
        columns.remove("STATUS")
    if wide:
        columns += ["CONTAINERS", "IMAGES", "SELECTOR"]
    return columns


def job_status(job: Job, kubectl_version: str = "1.34") -> str:
    """The STATUS cell of printJob; the first condition of each type decides."""
    def is_true(type_: str) -> bool:
        cond = job.status.condition(type_)
        return cond is not None and cond.status == "True"

    if is_true("Complete"):
        return "Complete"
    if is_true("Failed"):
        return "Failed"
    if job.deleted_at is not None:
        return "Terminating"
    if is_true("Suspended"):
        return "Suspended"
    if is_true("FailureTarget"):
        return "FailureTarget"
    if version_tuple(kubectl_version) >= (1, 34) and is_true("SuccessCriteriaMet"):
        return "SuccessCriteriaMet"  # kubernetes#132832
    return "Running"


def job_completions(job: Job) -> str:
    """``s/c``; for a work queue ``s/1 of p`` (parallelism > 1) or ``s/1``."""
    succeeded = job.status.succeeded
    if job.spec.completions is not None:
        return f"{succeeded}/{job.spec.completions}"
    if job.spec.parallelism > 1:
        return f"{succeeded}/1 of {job.spec.parallelism}"
    return f"{succeeded}/1"


def job_duration(job: Job, now: float) -> str:
    """Empty before startTime; grows until completionTime (so forever for a Failed Job)."""
    start, end = job.status.start_time, job.status.completion_time
    if start is None:
        return ""
    if end is None:
        return age(now, start)
    return human_duration(api_time(end) - api_time(start))


def job_row(job: Job, now: float, *, wide: bool = False, kubectl_version: str = "1.34") -> list[str]:
    row = [job.name, job_status(job, kubectl_version), job_completions(job),
           job_duration(job, now), age(now, job.created_at)]
    if version_tuple(kubectl_version) < (1, 30):
        del row[1]
    if wide:
        containers = job.spec.pod_spec.get("containers") or []
        row += [",".join(c.get("name", "") for c in containers),
                ",".join(c.get("image", "") for c in containers),
                format_label_selector(job.spec.selector)]
    return row


def get_jobs(jobs: list[Job], now: float, *, wide: bool = False, kubectl_version: str = "1.34",
             show_header: bool = True) -> str:
    """``kubectl get jobs``: the table, in the API's order (by name)."""
    if not jobs:
        return no_resources()
    rows = [job_row(job, now, wide=wide, kubectl_version=kubectl_version)
            for job in sorted(jobs, key=lambda j: j.name)]
    if show_header:
        rows.insert(0, job_columns(wide=wide, kubectl_version=kubectl_version))
    return format_rows(rows)


# ---- kubectl get pods -----------------------------------------------------------------

POD_COLUMNS = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
POD_WIDE_COLUMNS = POD_COLUMNS + ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]


def pod_status(pod: Pod) -> str:
    """The STATUS cell of printPod, from what the simulator knows of the containers."""
    if pod.deleted_at is not None and not pod.is_finished:
        return "Terminating"
    # An init container that failed keeps the pod initializing: printPod prefixes its reason with "Init:".
    init_failed = pod.failed_container is not None and pod.failed_container in pod.init_containers
    if pod.waiting_reason and not pod.is_finished:
        if init_failed and pod.waiting_reason == "CrashLoopBackOff":
            return "Init:CrashLoopBackOff"
        return pod.waiting_reason
    if pod.phase == "Succeeded":
        return "Completed"  # the container's terminated reason
    if pod.phase == "Failed":
        if pod.reason:  # the kubelet's reason for failing the whole pod, e.g. DeadlineExceeded
            return pod.reason
        if init_failed and pod.exit_code:
            return "Init:Error"
        return "Completed" if pod.exit_code == 0 else "Error"
    return pod.phase


def pod_ready(pod: Pod) -> str:
    total = len(pod.containers)
    ready = total if pod.ready and pod.phase == "Running" else 0
    return f"{ready}/{total}"


def pod_restarts(pod: Pod, now: float) -> str:
    """``N``, or ``N (<age> ago)`` after the last container termination."""
    if pod.restarts and pod.last_terminated_at is not None:
        return f"{pod.restarts} ({age(now, pod.last_terminated_at)} ago)"
    return str(pod.restarts)


def pod_row(pod: Pod, now: float, *, wide: bool = False) -> list[str]:
    row = [pod.name, pod_ready(pod), pod_status(pod), pod_restarts(pod, now), age(now, pod.created_at)]
    if wide:
        row += [pod.ip or "<none>", pod.node_name or "<none>", "<none>", "<none>"]
    return row


def get_pods(pods: list[Pod], now: float, *, wide: bool = False, show_header: bool = True) -> str:
    """``kubectl get pods``: sorted by name, as the API lists them."""
    if not pods:
        return no_resources()
    rows = [pod_row(pod, now, wide=wide) for pod in sorted(pods, key=lambda p: p.name)]
    if show_header:
        rows.insert(0, POD_WIDE_COLUMNS if wide else POD_COLUMNS)
    return format_rows(rows)


def job_yaml(job: Job) -> str:
    """``kubectl get job NAME -o yaml``."""
    return to_yaml(job.to_dict())


def job_json(job: Job) -> str:
    """``kubectl get job NAME -o json``."""
    return go_json(job.to_dict())
