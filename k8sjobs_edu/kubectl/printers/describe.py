"""``kubectl describe job``: describeJob (the pod template section is in describe_template).

Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go; the text goes
through Go's tabwriter as describe's ``tabbedString`` sets it up.
"""
from __future__ import annotations

from ...api.model import Job, Pod
from ...api.timestamps import api_time
from ...api.types import Event
from ...cluster.events import correlate_events
from .describe_template import describe_pod_template, print_annotations, print_labels
from .duration import human_duration
from .events import describe_events
from .kubeformat import rfc1123z, selector_string
from .tabwriter import TabWriter


def describe_job(job: Job, pods: list[Pod], events: list[Event], now: float) -> str:
    """``kubectl describe job``: describeJob, then the pod template and the Job's events.

    ``pods`` is accepted for symmetry with the other views; the upstream
    describer reads the Job's status counters, not its pods.
    """
    w = _EscapingTabWriter(min_width=0, padding=2)  # tabbedString: tabwriter(0, 8, 2, ' ', 0)
    spec, status = job.spec, job.status
    w.write(f"Name:\t{job.name}\n")
    w.write(f"Namespace:\t{job.namespace}\n")
    w.write(f"Selector:\t{selector_string(spec.selector)}\n")
    print_labels(w, "Labels", job.labels)
    print_annotations(w, "Annotations", job.annotations)
    w.write(f"Parallelism:\t{spec.parallelism}\n")
    w.write(f"Completions:\t{spec.completions if spec.completions is not None else '<unset>'}\n")
    w.write(f"Completion Mode:\t{spec.completion_mode}\n")
    w.write(f"Suspend:\t{'true' if spec.suspend else 'false'}\n")
    w.write(f"Backoff Limit:\t{spec.backoff_limit}\n")
    if spec.ttl_seconds_after_finished is not None:
        w.write(f"TTL Seconds After Finished:\t{spec.ttl_seconds_after_finished}\n")
    if status.start_time is not None:
        w.write(f"Start Time:\t{rfc1123z(status.start_time)}\n")
    if status.completion_time is not None:
        w.write(f"Completed At:\t{rfc1123z(status.completion_time)}\n")
    if status.start_time is not None and status.completion_time is not None:
        w.write(f"Duration:\t{human_duration(api_time(status.completion_time) - api_time(status.start_time))}\n")
    if spec.active_deadline_seconds is not None:
        w.write(f"Active Deadline Seconds:\t{spec.active_deadline_seconds}s\n")
    w.write(f"Pods Statuses:\t{status.active} Active ({status.ready} Ready) / "
            f"{status.succeeded} Succeeded / {status.failed} Failed\n")
    if spec.is_indexed:
        w.write(f"Completed Indexes:\t{cap_indexes(status.completed_indexes, 50)}\n")
    describe_pod_template(w, spec.template)
    own = [e for e in events if e.object == f"Job/{job.name}" and e.object_uid in ("", job.uid)]
    describe_events(w, correlate_events(own, now), now)
    return w.text()


class _EscapingTabWriter(TabWriter):
    """prefixWriter.Write: text goes through printers.WriteEscaped before the tab writer.

    WriteEscaped shows ESC as ``^[`` and a carriage return as ``\\r``, so text
    cannot move the terminal's cursor; the tab writer measures the escaped text.
    """

    def write(self, text: str) -> None:
        super().write(text.replace("\x1b", "^[").replace("\r", "\\r"))


def cap_indexes(indexes: str, soft_limit: int) -> str:
    """capIndexesListOrNone: cut at the first comma at or after ``soft_limit``."""
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    return indexes if cut < 0 else indexes[:cut + 1] + "..."
