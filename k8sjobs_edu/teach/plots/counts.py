"""The Job's status counts over time: active, ready, succeeded, failed (terminating when any) as steps.

``spec.completions`` is drawn as a dashed target line, so a learner sees the
counts climb towards it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator

from ...cluster import timeline as tl
from .cursor import set_cursor
from .style import FIGURE_WIDTH, FONT_SIZE

# The phases' colours where they mean the same (Okabe & Ito's colour-blind safe set).
COUNT_COLORS = {"active": "#000000", "ready": "#56B4E9", "succeeded": "#009E73", "failed": "#D55E00",
                "terminating": "#0072B2"}
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
