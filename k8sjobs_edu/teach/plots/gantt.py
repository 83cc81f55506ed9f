"""The Gantt chart of a run: each pod's phases as bars, rows by pod, completion index or parallel slot.

All bars of one phase are one artist (a single compound path of rectangles),
so 100,000 pods render in well under a second. Over the bars: back-off waits
(dotted), suspended time (shaded), the Job's marks and the time cursor.
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator

from ...cluster import timeline as tl
from .cursor import set_cursor
from .marks import (LEVEL_POINTS, MAX_MARK_LEVELS, draw_marks, job_marks, mark_label_spans, merge_marks, place_labels,
                    suspended_spans)
from .phases import PHASE_COLORS, PHASE_LABELS, PHASES, PodPhases, backoff_waits, pod_phases
from .rows import GanttRows, bar_rectangles, gantt_rows
from .style import FIGURE_WIDTH, FONT_SIZE, LABEL_PAD, MARK_FONT_SIZE, MAX_FIGURE_HEIGHT, text_width

WAIT_COLOR, SUSPENDED_COLOR = "#555555", "#DDDDDD"
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
    levels = draw_marks(ax, all_marks, x0, pts_per_second, width_pts)

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
    spans, _ = mark_label_spans(marks, x0, width_pts / (x1 - x0), width_pts)
    levels = 1 + max((level for level in place_labels(spans) if level is not None), default=-1)
    top = 8 + levels * LEVEL_POINTS + (FONT_SIZE * 1.6 + 6 if title else 0)
    height = plot_height + top + bottom
    figure, ax = plt.subplots(figsize=(FIGURE_WIDTH, height / 72))
    figure.subplots_adjust(left=left / (FIGURE_WIDTH * 72), right=1 - right / (FIGURE_WIDTH * 72),
                           bottom=bottom / height, top=1 - top / height)
    return ax
