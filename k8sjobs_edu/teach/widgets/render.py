"""The pure side of the widgets: runs with the learner's actions, and the kubectl panes.

Nothing here imports ipywidgets or matplotlib. The widgets only bind controls
to these functions, so a lesson can call them in an ordinary, output-checked
cell and get exactly the text a widget shows.

How actions work: a run is simulated once, from t = 0 to the end. An action
(suspend, resume, scale, evict, delete) is recorded with the virtual time it
was taken at; the run is then simulated again from the start, replaying every
recorded action at its time. The simulation is a pure function of its inputs
(seeded), so the replay is exact, and scrubbing only reads ``timeline.at(t)``.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ...api.types import NotFound
from ...api.wellknown import KUBERNETES_VERSION
from ...cluster.timeline import CREATE, Snapshot
from ...cluster.workloads import constant, flaky, work_queue
from ...kubectl.cluster import Cluster
from ...kubectl.printers import views

PANES = ("get jobs", "get pods", "describe job", "get events")
VERBS = ("suspend", "resume", "scale", "evict", "delete")
DEFAULT_HORIZON = 6 * 3600.0  # virtual seconds; the playground stops a Job that retries forever here
DEFAULT_MAX_PODS = 5000
QUIET_SECONDS, QUIET_FRACTION = 30.0, 0.1  # a run goes on this long after its last change
TIME_DECIMALS = 2  # the time sliders' grid: steps of 0.01 s


@dataclass(frozen=True)
class Action:
    """What the learner did at virtual time ``time``.

    ``verb`` is one of ``VERBS``; ``argument`` is the new parallelism (scale), the
    pod name (evict) or the propagation policy (delete).
    """

    time: float
    verb: str
    argument: object = None

    def __str__(self) -> str:
        when = f"t={self.time:g}s"
        if self.verb == "scale":
            return f"{when} scale to parallelism {self.argument}"
        if self.verb == "evict":
            return f"{when} evict {self.argument}"
        if self.verb == "delete":
            return f"{when} delete (cascade {str(self.argument).lower()})"
        return f"{when} {self.verb}"


class Run:
    """One finished simulation: the cluster at its end and its recorded history.

    Attributes:
        cluster: the Cluster after the run (``cluster.now`` is the end).
        settled_at: the last change; the run goes on quietly a little longer (``end``), so that
            actions can be taken after it.
        job_name: the Job's name.
        actions: the actions replayed, in time order.
        skipped: ``(action, why)`` for actions that no longer applied (their pod or Job was gone).
        stopped_reason: set when the horizon cut the run short.
        timeline: the recorded history; ``end``: its last moment; ``change_times``: when anything changed;
            ``pod_count``: how many pods the run created.
    """

    def __init__(self, cluster: Cluster, job_name: str, actions: tuple[Action, ...],
                 skipped: list[tuple[Action, str]], stopped_reason: str | None, settled_at: float):
        self.cluster = cluster
        self.job_name = job_name
        self.actions = actions
        self.skipped = skipped
        self.stopped_reason = stopped_reason
        self.settled_at = settled_at
        self.timeline = cluster.timeline()
        self.end = cluster.now
        self.change_times = self.timeline.change_times()
        self.pod_count = sum(1 for _, kind, _, _ in self.timeline.records if kind == CREATE)

    def at(self, t: float) -> Snapshot:
        """The state at virtual time ``t`` (no simulation: a replay of the records)."""
        return self.timeline.at(t)

    def next_change(self, t: float) -> float | None:
        """The first moment after ``t`` at which anything changed, or None."""
        index = bisect_right(self.change_times, t)
        return self.change_times[index] if index < len(self.change_times) else None

    def previous_change(self, t: float) -> float | None:
        """The last moment before ``t`` at which anything changed, or None."""
        index = bisect_left(self.change_times, t)
        return self.change_times[index - 1] if index > 0 else None


# ---- time on the sliders' grid -----------------------------------------------------------
# A browser's slider holds its value on its step grid, in binary floating point: it snaps a moment
# that is off the grid (2.004 → 2.0, before what happened at 2.004) and sends values like
# 9.999999999999998 for 10. So the widgets' time is the grid: they read a slider's value rounded to
# it, and they only ever move a slider to a grid moment.


def on_grid(t: float) -> float:
    """``t`` rounded to the sliders' 0.01 s grid (9.999999999999998 → 10.0)."""
    return round(t, TIME_DECIMALS)


def grid_at_or_after(t: float) -> float:
    """The first grid moment at or after ``t``: there the panes show what happened at ``t``."""
    scale = 10 ** TIME_DECIMALS
    return math.ceil(round(t * scale, 6)) / scale  # round() first: 0.07 * 100 is 7.000000000000001


def next_moment(change_times: list[float], t: float) -> float | None:
    """The first grid moment after ``t`` that shows a change (``change_times`` sorted), or None."""
    index = bisect_right(change_times, t)
    return grid_at_or_after(change_times[index]) if index < len(change_times) else None


def previous_moment(change_times: list[float], t: float) -> float | None:
    """The last grid moment before ``t`` that shows a change, or None."""
    index = bisect_left(change_times, t)
    while index > 0:
        moment = grid_at_or_after(change_times[index - 1])
        if moment < t:
            return moment
        index -= 1  # that change shows first at t itself
    return None


def simulate(job, *, workload=None, seed: int = 0, start_latency=2.0, actions=(), nodes: int | None = None,
             kubectl_version: str = KUBERNETES_VERSION, horizon: float = DEFAULT_HORIZON,
             max_pods: int = DEFAULT_MAX_PODS) -> Run:
    """Run ``job`` from t = 0 until nothing is left to happen (or ``horizon``), applying ``actions``.

    An action that no longer applies (its pod or Job is gone) is skipped and
    listed in ``Run.skipped``; it never stops the run.

    Raises:
        ManifestError: ``job`` is not a valid Job manifest.
        SimulationLimitError: the run would create more than ``max_pods`` pods.
    """
    cluster = Cluster(seed=seed, workload=workload, start_latency=start_latency, nodes=nodes,
                      kubectl_version=kubectl_version, max_pods=max_pods, horizon=horizon)
    name = cluster.apply(job).name
    ordered = tuple(sorted(actions, key=lambda action: action.time))  # stable: same-time actions keep their order
    skipped = []
    for action in ordered:
        if action.time > horizon:
            skipped.append((action, f"after the horizon of {horizon:g} s"))
            continue
        cluster.run(until=action.time)
        try:
            apply_action(cluster, name, action)
        except (NotFound, ValueError) as err:  # ManifestError is a ValueError
            skipped.append((action, _message(err)))
    while cluster.next_time() is not None and cluster.next_time() <= horizon:
        cluster.step()
    settled_at, stopped = cluster.now, None
    if cluster.next_time() is not None:
        stopped = (f"stopped at the horizon of {horizon:g} s of virtual time with work still pending "
                   "(does the Job retry forever?)")
        cluster.run(until=horizon)
    else:
        # Time goes on after the last change, so that a learner can act later (e.g. resume a suspended Job).
        cluster.run(until=math.ceil(settled_at + max(QUIET_SECONDS, QUIET_FRACTION * settled_at)))
    return Run(cluster, name, ordered, skipped, stopped, settled_at)


def apply_action(cluster: Cluster, job_name: str, action: Action) -> None:
    """Do ``action`` on the cluster now, as ``kubectl patch`` / ``delete`` / the Eviction API would."""
    if action.verb == "suspend":
        cluster.suspend(job_name)
    elif action.verb == "resume":
        cluster.resume(job_name)
    elif action.verb == "scale":
        cluster.scale(job_name, int(action.argument))
    elif action.verb == "evict":
        cluster.evict(str(action.argument))
    elif action.verb == "delete":
        cluster.delete(job_name, str(action.argument))
    else:
        raise ValueError(f"unknown action {action.verb!r}; expected one of {', '.join(VERBS)}")


def settings_workload(job, run_time: float, failure_probability: float, queue_items: int):
    """What the playground's containers do when the simulator's settings decide (not the command).

    A Job without ``completions`` is a work queue: ``queue_items`` items of
    ``run_time`` seconds each, shared by the pods. Otherwise each pod runs
    ``run_time`` seconds and fails with ``failure_probability``.
    """
    if job.spec.completions is None:
        return work_queue(queue_items, run_time)
    if failure_probability > 0:
        return flaky(failure_probability, seconds=run_time)
    return constant(run_time)


# ---- the kubectl panes ------------------------------------------------------------------


def pane_command(pane: str, job_name: str) -> str:
    """The kubectl command a pane shows the output of."""
    if pane == "describe job":
        return f"kubectl describe job {job_name}"
    if pane in PANES:
        return f"kubectl {pane}"
    raise ValueError(f"unknown pane {pane!r}; expected one of {', '.join(PANES)}")


def render_panes(snapshot: Snapshot, job_name: str | None = None, *, panes=PANES,
                 kubectl_version: str = KUBERNETES_VERSION) -> dict[str, str]:
    """What kubectl prints at ``snapshot.now``, per pane: ``{"get jobs": "NAME ...", ...}``.

    Args:
        snapshot: from ``Timeline.at(t)``.
        job_name: the Job that ``describe job`` shows; default: the only Job in the snapshot.
        panes: which of ``PANES`` to render.
        kubectl_version: "1.29" prints ``get jobs`` without the STATUS column.
    """
    now = snapshot.now
    texts = {}
    for pane in panes:
        if pane == "get jobs":
            texts[pane] = views.get_jobs(list(snapshot.jobs.values()), now, kubectl_version=kubectl_version)
        elif pane == "get pods":
            texts[pane] = views.get_pods(snapshot.pods, now)
        elif pane == "get events":
            texts[pane] = views.get_events(snapshot.events, now)
        elif pane == "describe job":
            texts[pane] = _describe(snapshot, job_name)
        else:
            raise ValueError(f"unknown pane {pane!r}; expected one of {', '.join(PANES)}")
    return texts


def terminal_text(texts: dict[str, str], job_name: str) -> str:
    """The panes as a terminal session: each output under its ``$ kubectl ...`` line."""
    return "\n".join(f"$ {pane_command(pane, job_name)}\n{text}" for pane, text in texts.items())


def _describe(snapshot: Snapshot, job_name: str | None) -> str:
    if job_name is None:
        if len(snapshot.jobs) != 1:
            raise ValueError(f"the snapshot has {len(snapshot.jobs)} Jobs; pass job_name")
        job_name = next(iter(snapshot.jobs))
    job = snapshot.get_job(job_name)
    if job is None:
        return f'Error from server (NotFound): jobs.batch "{job_name}" not found\n'
    return views.describe_job(job, snapshot.pods_of(job_name), snapshot.events, snapshot.now)


def active_pods(snapshot: Snapshot) -> list[str]:
    """Names of the pods that could be evicted at this moment: not finished, not being deleted."""
    return sorted(p.name for p in snapshot.pods if not p.is_finished and p.deleted_at is None)


def _message(err: Exception) -> str:
    # NotFound is a KeyError, whose str() adds quotes.
    return str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
