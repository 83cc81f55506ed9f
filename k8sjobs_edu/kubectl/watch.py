"""``kubectl get --watch``: the rows kubectl prints as the watched objects change."""
from __future__ import annotations

import copy

from ..api.model import Job
from .common import WATCH_HORIZON_SECONDS, list_jobs, lookup, parse_duration
from .printers import views
from .printers.output import table_rows


def watch(cluster, kind: str, names: list[str], flags: dict) -> str:
    """``get -w``: the current table, then a row per change until the Jobs' run ends.

    Each API write to a watched object is a watch event that kubectl prints
    as a row; here a change is any difference in an object's state between
    two instants of the simulation, and a deleted object prints its last
    state. Rows keep the column widths seen so far (liggitt/tabwriter's
    RememberWidths). A real watch never ends: this one stops when every
    watched Job (every Job, when watching pods) has finished, when nothing
    is left to happen, or after ``--request-timeout`` of virtual time.
    """
    writer = views.table_writer()
    timeout = parse_duration(flags["request-timeout"]) if flags.get("request-timeout") else 0
    deadline = cluster.now + (timeout if timeout > 0 else WATCH_HORIZON_SECONDS)
    out: list[str] = []

    def current() -> list:
        return lookup(cluster, kind, names, flags)[0]

    def emit(objects: list, now: float) -> None:
        rows = table_rows(cluster, kind, objects, flags, now=now)
        out.append(views.format_rows(rows if not out else rows[1:], writer))

    initial = sorted(current(), key=lambda o: o.name)
    last = {o.name: (_snapshot(o), copy.deepcopy(o)) for o in initial}
    if initial:
        emit(initial, cluster.now)
    while not _run_is_over(cluster, kind, names, flags):
        upcoming = cluster.next_time() if hasattr(cluster, "next_time") else None
        if upcoming is not None and upcoming > deadline:
            cluster.run(until=deadline)  # the watch times out; virtual time still passes
            break
        moment = cluster.step()
        if moment is None or moment > deadline:
            break
        present = current()
        for obj in present:
            snapshot = _snapshot(obj)
            if obj.name not in last or last[obj.name][0] != snapshot:
                emit([obj], moment)
                last[obj.name] = (snapshot, copy.deepcopy(obj))
        for name in [n for n in last if n not in {o.name for o in present}]:
            emit([last.pop(name)[1]], moment)
    return "".join(out)


def _run_is_over(cluster, kind: str, names: list[str], flags: dict) -> bool:
    jobs = lookup(cluster, "jobs", names, flags)[0] if kind == "jobs" else list_jobs(cluster, flags)
    return all(job.is_finished() for job in jobs)


def _snapshot(obj) -> tuple:
    """The parts of an object whose change is an API write that a watch reports."""
    if isinstance(obj, Job):
        return (repr(obj.spec), repr(obj.status), obj.deleted_at, repr(obj.labels), repr(obj.annotations))
    return (obj.phase, obj.ready, obj.waiting_reason, obj.restarts, obj.deleted_at, obj.exit_code,
            obj.node_name, obj.ip, tuple(obj.finalizers), repr(obj.conditions), obj.last_terminated_at,
            repr(obj.labels))
