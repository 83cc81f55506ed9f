"""Pictures of a run: a Gantt chart of pods and the Job's counts over time.

``plot_timeline(timeline)`` and ``plot_counts(timeline)`` take an optional
``ax`` and return it; nothing here calls ``plt.show()``. All bars of one
phase are one artist (a single compound path of rectangles), so 100,000
pods render in well under a second. ``set_cursor`` moves the time cursor
without redrawing anything else, for widgets that scrub through time.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.textpath import text_to_path
from matplotlib.ticker import MaxNLocator

from ..cluster import timeline as tl

# Drawing groups of pod states, top of the legend first. Colours: Okabe & Ito's colour-blind safe set.
PENDING, RUNNING, CRASH_LOOP, TERMINATING, SUCCEEDED, FAILED = range(6)
PHASES = ("Pending", "Running", "CrashLoopBackOff", "Terminating", "Succeeded", "Failed")
PHASE_LABELS = ("Pending / ContainerCreating / Init", "Running", "CrashLoopBackOff", "Terminating",
                "Succeeded", "Failed")
PHASE_COLORS = {"Pending": "#E69F00", "Running": "#56B4E9", "CrashLoopBackOff": "#CC79A7",
                "Terminating": "#0072B2", "Succeeded": "#009E73", "Failed": "#D55E00"}
COUNT_COLORS = {"active": "#000000", "ready": "#56B4E9", "succeeded": "#009E73", "failed": "#D55E00",
                "terminating": "#0072B2"}
FINISHED = (SUCCEEDED, FAILED)
BAR_HEIGHT = 0.8  # of a row
FINISHED_HEIGHT = 0.3  # of a bar: a finished pod still exists, but no longer runs
MARK_COLOR, WAIT_COLOR, CURSOR_COLOR, SUSPENDED_COLOR = "#444444", "#555555", "#000000", "#DDDDDD"
FONT_SIZE, MARK_FONT_SIZE = 8, 7
MAX_MARK_LEVELS = 4
FIGURE_WIDTH, MAX_FIGURE_HEIGHT = 9.5, 8.0  # inches

_KIND_PHASE = {tl.CREATE: PENDING, tl.START: RUNNING, tl.CRASH: CRASH_LOOP, tl.DELETE: TERMINATING}
_JOB_KINDS = frozenset((tl.JOB_CREATE, tl.JOB_SPEC, tl.JOB_STATUS, tl.JOB_DELETE, tl.JOB_GONE))


# ---- pure data: what the pictures show ------------------------------------------------


@dataclass
class PodPhases:
    """Every pod's phase segments as columns (one row per segment), for fast drawing.

    The same segments as ``Timeline.pod_histories()``, with Pending, ContainerCreating
    and Init:x/y merged into ``PENDING``; a segment still open at the end ends at ``end``.
    """

    names: list[str]
    job_names: list[str]
    indexes: list[int | None]
    created_at: np.ndarray
    gone_at: np.ndarray  # NaN: still there at the end
    pod: np.ndarray  # segment -> pod number (creation order)
    start: np.ndarray
    stop: np.ndarray
    phase: np.ndarray  # segment -> index into PHASES
    job_records: list[tuple]  # (time, kind, job name, value) of the Jobs shown
    end: float
    disrupted: frozenset = frozenset()  # pods that got DisruptionTarget=True (evicted)


def pod_phases(timeline: tl.Timeline, job: str | None = None) -> PodPhases:
    """One pass over the records (``Timeline.pod_histories`` is too slow for 100,000 pods)."""
    job = job or timeline.job
    numbers: dict[str, int] = {}
    names, job_names, indexes, created, gone, current, job_records = [], [], [], [], [], [], []
    disrupted = set()
    change_pod, change_time, change_phase = [], [], []  # three flat columns: cheap to turn into arrays
    for time, kind, target, value in timeline.records:
        phase = _KIND_PHASE.get(kind)
        if phase is None:
            if kind == tl.FINISH:
                phase = SUCCEEDED if value[0] == "Succeeded" else FAILED
            elif kind == tl.GONE:
                if job is None or target.job_name == job:
                    gone[numbers[target.name]] = time
                continue
            elif kind == tl.CONDITION:
                if value.type == "DisruptionTarget" and value.status == "True" and target.name in numbers:
                    disrupted.add(numbers[target.name])
                continue
            else:
                if kind in _JOB_KINDS and (job is None or target == job):
                    job_records.append((time, kind, target, value))
                continue
        if job is not None and target.job_name != job:
            continue
        if phase == PENDING:  # created
            number = numbers[target.name] = len(names)
            names.append(target.name)
            job_names.append(target.job_name)
            indexes.append(target.index)
            created.append(time)
            gone.append(np.nan)
            current.append(PENDING)
        else:
            number = numbers[target.name]
            if phase == TERMINATING and current[number] in FINISHED:
                continue  # deleting a finished pod only removes it
            current[number] = phase
        change_pod.append(number)
        change_time.append(time)
        change_phase.append(phase)
    order = np.argsort(np.array(change_pod, dtype=np.int64), kind="stable")  # by pod, then time
    pod = np.array(change_pod, dtype=np.int64)[order]
    start = np.array(change_time, dtype=float)[order]
    phase = np.array(change_phase, dtype=np.int8)[order]
    gone_at = np.array(gone, dtype=float)
    stop = np.empty_like(start)
    stop[:-1] = start[1:]
    last = np.ones(len(pod), dtype=bool)
    last[:-1] = pod[1:] != pod[:-1]
    stop[last] = gone_at[pod[last]]
    stop = np.where(np.isnan(stop), max(timeline.end, start.max(initial=timeline.end)), stop)
    return PodPhases(names, job_names, indexes, np.array(created, dtype=float), gone_at,
                     pod, start, stop, phase, job_records, timeline.end, frozenset(disrupted))


def release_times(phases: PodPhases) -> np.ndarray:
    """When each pod stopped holding a parallel slot: its first Succeeded/Failed, else when gone."""
    release = np.where(np.isnan(phases.gone_at), np.inf, phases.gone_at)
    finished = np.flatnonzero(np.isin(phases.phase, FINISHED))
    pods, first = np.unique(phases.pod[finished], return_index=True)
    release[pods] = np.minimum(release[pods], phases.start[finished[first]])
    return release


def assign_lanes(starts, releases) -> list[int]:
    """Greedy: each interval, in order, takes the lowest lane free at its start."""
    free: list[int] = []
    busy: list[tuple[float, int]] = []
    lanes, lane_count = [], 0
    for start, release in zip(starts, releases):
        while busy and busy[0][0] <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, lane_count = lane_count, lane_count + 1
        heapq.heappush(busy, (release, lane))
        lanes.append(lane)
    return lanes


@dataclass
class GanttRows:
    """Where each pod's bar goes: row labels top to bottom, bar centre and height per pod."""

    labels: list[str]
    title: str  # the y axis label
    y: np.ndarray
    height: np.ndarray
    next_on_lane: np.ndarray  # when the next pod drawn on the same lane appears (inf: none)


def gantt_rows(phases: PodPhases, by: str = "pod") -> GanttRows:
    """Rows per pod (creation order), per completion index, or per parallel slot."""
    count = len(phases.names)
    if by == "pod":
        return GanttRows(list(phases.names), "pod (creation order)", np.arange(count, dtype=float),
                         np.full(count, BAR_HEIGHT), np.full(count, np.inf))
    if by not in ("index", "slot"):
        raise ValueError(f'by must be "pod", "index" or "slot", not {by!r}')
    jobs = list(dict.fromkeys(phases.job_names))
    several = len(jobs) > 1
    if by == "index":
        missing = [name for name, index in zip(phases.names, phases.indexes) if index is None]
        if missing:
            raise ValueError(f'by="index" needs an Indexed Job, and pod {missing[0]} has no completion '
                             f'index; use by="slot" for a NonIndexed Job')
        keys = list(zip((jobs.index(name) for name in phases.job_names), phases.indexes))
    else:
        keys = [(jobs.index(name), 0) for name in phases.job_names]
    groups = sorted(set(keys))
    release = release_times(phases)
    members: dict[tuple, list[int]] = {key: [] for key in groups}
    for number, key in enumerate(keys):
        members[key].append(number)
    lane = np.zeros(count, dtype=np.int64)
    lanes_in_group = {}
    for key, pods in members.items():
        lane[pods] = assign_lanes(phases.created_at[pods], release[pods])
        lanes_in_group[key] = int(lane[pods].max()) + 1
    y, height, labels, lane_ids = np.zeros(count), np.zeros(count), [], np.zeros(count, dtype=np.int64)
    for key in groups:
        pods = members[key]
        job_prefix = f"{jobs[key[0]]} " if several else ""
        if by == "index":  # one row per index; pods alive at once share it in thinner lanes
            row, thin = len(labels), BAR_HEIGHT / lanes_in_group[key]
            labels.append(f"{job_prefix}{key[1]}")
            y[pods] = row - BAR_HEIGHT / 2 + (lane[pods] + 0.5) * thin
            height[pods] = thin
            lane_ids[pods] = row * count + lane[pods]
        else:  # one row per slot
            first_row = len(labels)
            labels.extend(f"{job_prefix}{_slot_name(i, lanes_in_group[key])}" for i in range(lanes_in_group[key]))
            y[pods] = first_row + lane[pods]
            height[pods] = BAR_HEIGHT
            lane_ids[pods] = first_row + lane[pods]
    order = np.lexsort((phases.created_at, lane_ids))
    next_on_lane = np.full(count, np.inf)
    same = lane_ids[order[1:]] == lane_ids[order[:-1]]
    next_on_lane[order[:-1][same]] = phases.created_at[order[1:][same]]
    title = "completion index" if by == "index" else "parallel slot"
    return GanttRows(labels, title, y, height, next_on_lane)


def bar_rectangles(phases: PodPhases, rows: GanttRows) -> dict[int, tuple[np.ndarray, ...]]:
    """``{phase: (x, width, y, height)}``: the rectangles to draw, phases in ``PHASES`` order.

    Finished pods get a thin bar; on a shared row it stops where the next pod starts.
    """
    pod, stop = phases.pod, phases.stop
    finished = np.isin(phases.phase, FINISHED)
    stop = np.where(finished, np.minimum(stop, rows.next_on_lane[pod]), stop)
    height = rows.height[pod] * np.where(finished, FINISHED_HEIGHT, 1.0)
    bars = {}
    for phase in range(len(PHASES)):
        keep = (phases.phase == phase) & (stop > phases.start)
        if keep.any():
            start = phases.start[keep]
            bars[phase] = (start, stop[keep] - start, rows.y[pod[keep]] - height[keep] / 2, height[keep])
    return bars


def _slot_name(number: int, count: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[number] if count <= 26 else str(number + 1)


def backoff_waits(phases: PodPhases) -> list[tuple[int, float, float]]:
    """``(replacement pod, failed at, replacement created at)`` for each wait after a failure.

    A pod that failed on its own or was evicted (not one the controller or a user
    deleted) is replaced by the next pod of its Job — of its index, for Indexed
    Jobs. When several failures precede one replacement, the wait starts at the
    last of them: upstream's back-off counts from ``backoffRecord.lastFailureTime``.
    """
    ending = np.flatnonzero(np.isin(phases.phase, (TERMINATING, SUCCEEDED, FAILED)))
    pods, first = np.unique(phases.pod[ending], return_index=True)
    failed_first = (phases.phase[ending[first]] == FAILED) | np.isin(pods, list(phases.disrupted))
    if not failed_first.any():
        return []
    failed_at = {int(pod): float(phases.start[ending[i]]) for pod, i in zip(pods[failed_first], first[failed_first])}
    keys = list(zip(phases.job_names, phases.indexes))
    failing_keys = {keys[number] for number in failed_at}
    created_by_key: dict[tuple, tuple[list[float], list[int]]] = {}
    for number, key in enumerate(keys):
        if key not in failing_keys:
            continue
        times, numbers = created_by_key.setdefault(key, ([], []))
        times.append(float(phases.created_at[number]))
        numbers.append(number)
    waits: dict[int, float] = {}
    for number, failed in failed_at.items():
        times, numbers = created_by_key[keys[number]]
        position = bisect_left(times, failed)
        while position < len(numbers) and numbers[position] <= number:
            position += 1
        if position < len(numbers):
            replacement = numbers[position]
            waits[replacement] = max(waits.get(replacement, failed), failed)
    return [(pod, failed, float(phases.created_at[pod])) for pod, failed in sorted(waits.items())]


def job_marks(job_records: list[tuple], several_jobs: bool = False) -> list[tuple[float, str, str]]:
    """``(time, label, kind)`` for spec changes, deletions and Job conditions; kind is
    ``"spec"``, ``"delete"`` or ``"condition"``. Marks at the same moment share one label."""
    specs, deleting, seen, marks = {}, set(), {}, []
    for time, kind, name, value in job_records:
        prefix = f"{name}: " if several_jobs else ""
        if kind == tl.JOB_CREATE:
            specs[name] = value.spec
        elif kind == tl.JOB_SPEC:
            changes = spec_changes(specs.get(name), value)
            specs[name] = value
            if changes:
                marks.append((time, prefix + ", ".join(changes), "spec"))
        elif kind == tl.JOB_DELETE:
            deleting.add(name)
            marks.append((time, prefix + "delete", "delete"))
        elif kind == tl.JOB_GONE:
            marks.append((time, prefix + ("Job gone" if name in deleting else "delete"), "delete"))
        elif kind == tl.JOB_STATUS:
            for cond in value.conditions:
                state = (cond.status, cond.reason)
                if seen.get((name, cond.type)) == state:
                    continue
                seen[(name, cond.type)] = state
                if cond.type in ("FailureTarget", "SuccessCriteriaMet", "Complete", "Failed") \
                        and cond.status == "True":
                    label = "deadline" if cond.reason == "DeadlineExceeded" and cond.type == "FailureTarget" \
                        else cond.type
                    marks.append((cond.last_transition_time, prefix + label, "condition"))
    return merge_marks(marks)


def spec_changes(before, after) -> list[str]:
    """Short ASCII labels for what a spec patch changed (``suspend``, ``parallelism 2->3``...)."""
    if before is None:
        return ["spec changed"]
    labels = []
    if before.suspend != after.suspend:
        labels.append("suspend" if after.suspend else "resume")
    for field, api_name in (("parallelism", "parallelism"), ("completions", "completions"),
                            ("backoff_limit", "backoffLimit"), ("max_failed_indexes", "maxFailedIndexes")):
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            labels.append(f"{api_name} {old}->{new}")
    for field, api_name in (("active_deadline_seconds", "activeDeadlineSeconds"),
                            ("ttl_seconds_after_finished", "ttlSecondsAfterFinished")):
        if getattr(before, field) != getattr(after, field):
            labels.append(f"{api_name} {getattr(after, field)}")
    return labels or ["spec changed"]


def merge_marks(marks: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """Marks at the same moment become one, labels joined in the order they happened."""
    merged: list[tuple[float, str, str]] = []
    for time, label, kind in sorted(marks, key=lambda mark: mark[0]):
        if merged and merged[-1][0] == time:
            merged[-1] = (time, f"{merged[-1][1]}, {label}", merged[-1][2])
        else:
            merged.append((time, label, kind))
    return merged


def suspended_spans(job_records: list[tuple], end: float) -> list[tuple[float, float]]:
    """``(from, to)`` while a Job's ``Suspended`` condition was True."""
    spans, since = [], {}
    for _, kind, name, value in job_records:
        if kind != tl.JOB_STATUS:
            continue
        cond = value.condition("Suspended")
        if cond is None:
            continue
        if cond.status == "True" and name not in since:
            since[name] = cond.last_transition_time
        elif cond.status == "False" and name in since:
            spans.append((since.pop(name), cond.last_transition_time))
    spans.extend((start, end) for start in since.values())
    return sorted(spans)


@lru_cache(maxsize=None)
def _advance(char: str) -> float:
    """Width of one character at 1 pt in the default font (no kerning in these labels)."""
    return text_to_path.get_text_width_height_descent(char, FontProperties(size=100), ismath=False)[0] / 100


def text_width(text: str, size: float) -> float:
    """Width of ``text`` in points at font ``size`` (computed, not rendered)."""
    return size * sum(_advance(char) for char in text)


def place_labels(spans: list[tuple[float, float]], max_levels: int = MAX_MARK_LEVELS,
                 gap: float = 3.0) -> list[int | None]:
    """A level for each ``(left, right)`` span so that spans on one level never overlap;
    None when all ``max_levels`` levels are taken there."""
    levels: list[list[tuple[float, float]]] = []
    placed = []
    for left, right in spans:
        for number, taken in enumerate(levels):
            if all(right + gap <= other_left or left >= other_right + gap for other_left, other_right in taken):
                taken.append((left, right))
                placed.append(number)
                break
        else:
            if len(levels) < max_levels:
                levels.append([(left, right)])
                placed.append(len(levels) - 1)
            else:
                placed.append(None)
    return placed


# ---- drawing -----------------------------------------------------------------------

MARK_LINE_STYLES = {"spec": "--", "delete": "-.", "condition": ":", "user": "--"}
LEVEL_POINTS = MARK_FONT_SIZE * 1.35
LABEL_PAD = 2.0  # points between a label and its line or bar start
MAX_LABELLED_PODS = 2000
_RECTANGLE_CODES = np.array([Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY],
                            dtype=Path.code_type)


def plot_timeline(timeline: tl.Timeline, ax=None, by: str = "pod", at: float | None = None,
                  job: str | None = None, title: str | None = None, marks=(), labels: bool = True,
                  legend: bool = True):
    """A Gantt chart of the pods: one row per pod, per completion index or per parallel slot.

    Args:
        timeline: from ``Cluster.timeline()``.
        ax: the Axes to draw on; None creates a figure sized to the rows.
        by: ``"pod"`` (creation order, top to bottom), ``"index"`` (retries share their
            index's row) or ``"slot"`` (each pod takes the lowest slot free when it is created).
        at: draw the time cursor there.
        job: only this Job's pods and marks.
        title: default ``"Job NAME"`` when one Job is shown.
        marks: extra ``(time, label)`` lines, e.g. when ``kubectl`` was run.
        labels: write pod names on bars where they fit (by index or slot; by pod the
            names are the row labels). Each name costs about 1 ms per redraw.
        legend: draw the legend (right of the Axes).

    Returns:
        The Axes.
    """
    phases = pod_phases(timeline, job)
    rows = gantt_rows(phases, by)
    job_names = _shown_jobs(phases)
    all_marks = job_marks(phases.job_records, len(job_names) > 1)
    all_marks = merge_marks(all_marks + [(float(time), str(label), "user") for time, label in marks])
    spans = suspended_spans(phases.job_records, phases.end)
    waits = backoff_waits(phases)
    x0, x1 = _time_range(phases)
    if title is None and len(job_names) == 1:
        title = f"Job {job_names[0]}"
    row_count = max(len(rows.labels), 1)
    bars = bar_rectangles(phases, rows)
    handles = _legend_handles(list(bars), bool(waits), bool(spans)) if legend else []
    if ax is None:
        ax = _new_axes(row_count, rows.labels, handles, all_marks, x0, x1, title)
    width_pts, height_pts = _axes_size_points(ax)
    pts_per_second, pts_per_row = width_pts / (x1 - x0), height_pts / row_count

    for start, stop in spans:
        ax.axvspan(start, stop, color=SUSPENDED_COLOR, linewidth=0, zorder=0.5, gid="suspended")
    _draw_bars(ax, bars)
    if waits and pts_per_row >= 2:
        # Below the centre line: on a shared row the failed pod's thin bar runs along the centre.
        lines = [[(failed, rows.y[pod] + rows.height[pod] * 0.35), (created, rows.y[pod] + rows.height[pod] * 0.35)]
                 for pod, failed, created in waits]
        ax.add_collection(LineCollection(lines, colors=WAIT_COLOR, linestyles=":", linewidths=1.2,
                                         gid="backoff-waits", zorder=2), autolim=False)
    if labels and by != "pod" and len(phases.names) <= MAX_LABELLED_PODS:
        _label_bars(ax, phases, rows, x1, pts_per_second, pts_per_row)
    levels = _draw_marks(ax, all_marks, x0, pts_per_second, width_pts)

    ax.set_xlim(x0, x1)
    ax.set_ylim(row_count - 0.5, -0.5)  # row 0 on top
    _y_ticks(ax, rows.labels, pts_per_row)
    ax.set_ylabel(rows.title, fontsize=FONT_SIZE + 1)
    ax.set_xlabel("virtual time (s)", fontsize=FONT_SIZE + 1)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.grid(axis="x", color="#EEEEEE", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0,
                  fontsize=FONT_SIZE, frameon=False)
    if title:
        ax.set_title(title, fontsize=FONT_SIZE + 2, pad=6 + levels * LEVEL_POINTS)
    if at is not None:
        set_cursor(ax, at)
    return ax


def set_cursor(ax, t: float | None):
    """Move the time cursor to ``t`` (add it if missing, hide it for None); nothing else is redrawn.

    Returns:
        The cursor's ``Line2D`` (None if there is none to hide).
    """
    cursor = next((line for line in ax.lines if line.get_gid() == "cursor"), None)
    if cursor is None:
        if t is None:
            return None
        return ax.axvline(t, color=CURSOR_COLOR, linewidth=1.3, zorder=6, gid="cursor")
    if t is None:
        cursor.set_visible(False)
    else:
        cursor.set_xdata([t, t])
        cursor.set_visible(True)
    return cursor


def phase_bars(ax) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """``{phase: (x, width, y, height)}`` of the bars ``plot_timeline`` drew on ``ax``."""
    bars = {}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith("phase:"):
            corners = patch.get_path().vertices.reshape(-1, 5, 2)
            x, y = corners[:, 0, 0], corners[:, 0, 1]
            bars[gid[len("phase:"):]] = (x, corners[:, 1, 0] - x, y, corners[:, 2, 1] - y)
    return bars


def rectangles_path(x, width, y, height) -> Path:
    """Many rectangles as one compound path: drawing it costs one artist, not one per bar."""
    corners = np.empty((len(x), 5, 2))
    corners[:, 0, 0] = corners[:, 3, 0] = corners[:, 4, 0] = x
    corners[:, 1, 0] = corners[:, 2, 0] = x + width
    corners[:, 0, 1] = corners[:, 1, 1] = corners[:, 4, 1] = y
    corners[:, 2, 1] = corners[:, 3, 1] = y + height
    return Path(corners.reshape(-1, 2), np.tile(_RECTANGLE_CODES, len(x)))


def _draw_bars(ax, bars: dict[int, tuple]) -> None:
    for phase, (x, width, y, height) in bars.items():
        name = PHASES[phase]
        # add_artist, not add_patch: add_patch walks every vertex to update data limits.
        ax.add_artist(PathPatch(rectangles_path(x, width, y, height), facecolor=PHASE_COLORS[name], linewidth=0,
                                label=PHASE_LABELS[phase], gid=f"phase:{name}", zorder=1))


def _label_bars(ax, phases: PodPhases, rows: GanttRows, x1: float, pts_per_second: float,
                pts_per_row: float) -> None:
    """Pod names at the start of their bars where the name (or its suffix) fits on the row."""
    pad = LABEL_PAD / pts_per_second
    for number, name in enumerate(phases.names):
        if rows.height[number] * pts_per_row < MARK_FONT_SIZE * 1.2:
            continue
        created = phases.created_at[number]
        room = (min(rows.next_on_lane[number], x1) - created) * pts_per_second - 2 * LABEL_PAD
        for text in (name, name.rsplit("-", 1)[-1]):
            if text_width(text, MARK_FONT_SIZE) <= room:
                ax.text(created + pad, rows.y[number], text, fontsize=MARK_FONT_SIZE, ha="left", va="center",
                        clip_on=True, gid="pod-label", zorder=3)
                break


def _draw_marks(ax, marks, x0: float, pts_per_second: float, width_pts: float) -> int:
    """Vertical lines with small labels above the Axes; returns how many label levels were used."""
    if not marks:
        return 0
    spans, right_aligned = _mark_label_spans(marks, x0, pts_per_second, width_pts)
    levels = place_labels(spans)
    for (time, label, kind), level, flip in zip(marks, levels, right_aligned):
        ax.axvline(time, color=MARK_COLOR, linestyle=MARK_LINE_STYLES[kind], linewidth=0.9, zorder=4, gid="mark")
        if level is None:
            continue
        ax.annotate(label, xy=(time, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(-LABEL_PAD if flip else LABEL_PAD, 2 + level * LEVEL_POINTS), textcoords="offset points",
                    ha="right" if flip else "left", va="bottom", fontsize=MARK_FONT_SIZE, color=MARK_COLOR,
                    annotation_clip=False, gid="mark-label")
    return 1 + max((level for level in levels if level is not None), default=-1)


def _mark_label_spans(marks, x0: float, pts_per_second: float, width_pts: float):
    """Where each mark's label would lie, in points from the Axes' left edge, and which go left."""
    spans, right_aligned = [], []
    for time, label, _ in marks:
        x = (time - x0) * pts_per_second
        width = text_width(label, MARK_FONT_SIZE) + LABEL_PAD
        flip = x + width > width_pts  # near the right edge the label goes left of its line
        right_aligned.append(flip)
        spans.append((x - width, x) if flip else (x, x + width))
    return spans, right_aligned


def _y_ticks(ax, labels: list[str], pts_per_row: float) -> None:
    if not labels:
        ax.set_yticks([])
    elif pts_per_row >= FONT_SIZE * 1.15:
        ax.set_yticks(np.arange(len(labels)), labels=labels)
    else:  # too many rows to name: number some of them, 1 = the first row
        numbers = [1] + [int(n) for n in MaxNLocator(nbins=8, integer=True).tick_values(1, len(labels))
                         if 1 < n <= len(labels)]
        ax.set_yticks([n - 1 for n in numbers], labels=[str(n) for n in numbers])


def _legend_handles(present: list[int], waits: bool, suspended: bool) -> list:
    handles = [Patch(facecolor=PHASE_COLORS[PHASES[p]], label=PHASE_LABELS[p]) for p in present]
    if waits:
        handles.append(Line2D([], [], color=WAIT_COLOR, linestyle=":", linewidth=1.2, label="back-off wait"))
    if suspended:
        handles.append(Patch(facecolor=SUSPENDED_COLOR, label="suspended"))
    return handles


def _shown_jobs(phases: PodPhases) -> list[str]:
    names = [name for _, kind, name, _ in phases.job_records if kind == tl.JOB_CREATE]
    return list(dict.fromkeys(names + phases.job_names))


def _time_range(phases: PodPhases) -> tuple[float, float]:
    """From the first Job or pod creation to the end of the timeline."""
    starts = [time for time, kind, _, _ in phases.job_records if kind == tl.JOB_CREATE]
    if len(phases.created_at):
        starts.append(float(phases.created_at.min()))
    x0 = min(starts, default=0.0)
    x1 = max(phases.end, float(phases.stop.max(initial=x0)))
    return x0, x1 if x1 > x0 else x0 + 1.0


def _axes_size_points(ax) -> tuple[float, float]:
    box = ax.get_position()
    figure = ax.get_figure()
    return box.width * figure.get_figwidth() * 72, box.height * figure.get_figheight() * 72


def _new_axes(row_count: int, labels: list[str], handles: list, marks, x0: float, x1: float,
              title: str | None):
    """A figure whose margins fit the row labels, the legend and the mark labels."""
    import matplotlib.pyplot as plt  # only to create a figure that notebooks display

    bottom, most_top = 34, 8 + MAX_MARK_LEVELS * LEVEL_POINTS + FONT_SIZE * 1.6 + 6
    plot_height = min(max(row_count * 18.0, 72.0), MAX_FIGURE_HEIGHT * 72 - bottom - most_top)
    named = plot_height / row_count >= FONT_SIZE * 1.15
    tick_width = max((text_width(label, FONT_SIZE) for label in labels), default=0) if named else 30
    left = tick_width + 32
    right = 14 + max((text_width(h.get_label(), FONT_SIZE) + 32 for h in handles), default=0)
    width_pts = FIGURE_WIDTH * 72 - left - right
    spans, _ = _mark_label_spans(marks, x0, width_pts / (x1 - x0), width_pts)
    levels = 1 + max((level for level in place_labels(spans) if level is not None), default=-1)
    top = 8 + levels * LEVEL_POINTS + (FONT_SIZE * 1.6 + 6 if title else 0)
    height = plot_height + top + bottom
    figure, ax = plt.subplots(figsize=(FIGURE_WIDTH, height / 72))
    figure.subplots_adjust(left=left / (FIGURE_WIDTH * 72), right=1 - right / (FIGURE_WIDTH * 72),
                           bottom=bottom / height, top=1 - top / height)
    return ax


# ---- counts over time ------------------------------------------------------------------

COUNT_FIELDS = ("active", "ready", "succeeded", "failed", "terminating")


@dataclass
class JobCounts:
    """A Job's status counters as step functions: ``values[field][i]`` holds from ``times[i]``."""

    name: str
    times: np.ndarray
    values: dict[str, np.ndarray]
    target_times: np.ndarray
    completions: np.ndarray  # spec.completions from each target time on; NaN when unset


def job_counts(timeline: tl.Timeline, job: str | None = None) -> JobCounts:
    """The Job's ``status`` counters from its creation to the end of the timeline."""
    name = _single_job(timeline, job)
    created_at, target_times, targets = None, [], []
    for time, kind, value in timeline.job_records(name):
        spec = value.spec if kind == tl.JOB_CREATE else value if kind == tl.JOB_SPEC else None
        if spec is None:
            continue
        if created_at is None:
            created_at = time
        target_times.append(time)
        targets.append(np.nan if spec.completions is None else spec.completions)
    if created_at is None:
        raise ValueError(f"the timeline has no Job named {name!r}")
    statuses = timeline.job_statuses(name)
    end = max(timeline.end, created_at)
    times = np.array([created_at] + [time for time, _ in statuses] + [end], dtype=float)
    values = {}
    for field in COUNT_FIELDS:
        series = [0] + [getattr(status, field) or 0 for _, status in statuses]
        values[field] = np.array(series + series[-1:], dtype=float)
    return JobCounts(name, times, values, np.array(target_times + [end], dtype=float),
                     np.array(targets + targets[-1:], dtype=float))


def plot_counts(timeline: tl.Timeline, ax=None, job: str | None = None, at: float | None = None,
                title: str | None = None):
    """The Job's active, ready, succeeded and failed counts over time (terminating when any),
    with ``spec.completions`` as a dashed line.

    Returns:
        The Axes.
    """
    counts = job_counts(timeline, job)
    if ax is None:
        import matplotlib.pyplot as plt  # only to create a figure that notebooks display

        figure, ax = plt.subplots(figsize=(FIGURE_WIDTH, 3.2))
        figure.subplots_adjust(left=0.07, right=1 - 130 / (FIGURE_WIDTH * 72), bottom=0.15, top=0.88)
    for field in COUNT_FIELDS:
        series = counts.values[field]
        if field == "terminating" and not series.any():
            continue
        # active is drawn wide and underneath, so that it shows around ready when they are equal
        wide = field == "active"
        ax.plot(counts.times, series, drawstyle="steps-post", color=COUNT_COLORS[field],
                linewidth=3.2 if wide else 1.6, zorder=2 if wide else 3, label=field, gid=f"count:{field}")
    highest = max(series.max() for series in counts.values.values())
    if not np.isnan(counts.completions).all():
        ax.plot(counts.target_times, counts.completions, drawstyle="steps-post", color="#777777",
                linestyle="--", linewidth=1.2, label="completions (target)", gid="count:completions")
        highest = max(highest, np.nanmax(counts.completions))
    ax.set_xlim(counts.times[0], counts.times[-1] if counts.times[-1] > counts.times[0] else counts.times[0] + 1)
    top = max(highest, 1)
    ax.set_yticks([n for n in MaxNLocator(integer=True).tick_values(0, top) if 0 <= n <= top])
    ax.set_ylim(-0.03 * top - 0.1, 1.06 * top + 0.1)  # zero lines stay visible above the axis
    ax.set_xlabel("virtual time (s)", fontsize=FONT_SIZE + 1)
    ax.set_ylabel("pods", fontsize=FONT_SIZE + 1)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.grid(color="#EEEEEE", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=FONT_SIZE, frameon=False)
    ax.set_title(f"Job {counts.name}: status counts" if title is None else title, fontsize=FONT_SIZE + 2)
    if at is not None:
        set_cursor(ax, at)
    return ax


def _single_job(timeline: tl.Timeline, job: str | None) -> str:
    name = job or timeline.job
    if name is not None:
        return name
    names = list(dict.fromkeys(target for _, kind, target, _ in timeline.records if kind == tl.JOB_CREATE))
    if len(names) != 1:
        raise ValueError(f"the timeline has {len(names)} Jobs ({', '.join(names) or 'none'}); pass job=NAME")
    return names[0]
