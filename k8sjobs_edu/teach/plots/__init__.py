"""Pictures of a run: a Gantt chart of pods and the Job's counts over time.

``plot_timeline(timeline)`` and ``plot_counts(timeline)`` take an optional
``ax`` and return it; nothing here calls ``plt.show()``. ``set_cursor`` moves
the time cursor without redrawing anything else, for widgets that scrub
through time. The modules, data first:

- ``phases``: each pod's phase segments, read from a timeline; the phases' colours and labels.
- ``rows``: which row and lane each pod's bar takes (by pod, completion index or parallel slot).
- ``marks``: the Job's marked moments and suspended spans, labels stacked above the Axes.
- ``style``, ``cursor``: font sizes, figure size and text widths; the time cursor.
- ``gantt``: ``plot_timeline``; ``counts``: ``plot_counts``.
"""
from .counts import COUNT_COLORS, COUNT_FIELDS, JobCounts, job_counts, plot_counts
from .cursor import CURSOR_COLOR, set_cursor
from .gantt import MAX_LABELLED_PODS, SUSPENDED_COLOR, WAIT_COLOR, phase_bars, plot_timeline, rectangles_path
from .marks import (LEVEL_POINTS, MARK_COLOR, MARK_LINE_STYLES, MAX_MARK_LEVELS, job_marks, merge_marks, place_labels,
                    spec_changes, suspended_spans)
from .phases import (CRASH_LOOP, FAILED, FINISHED, PENDING, PHASE_COLORS, PHASE_LABELS, PHASES, RUNNING, SUCCEEDED,
                     TERMINATING, PodPhases, backoff_waits, pod_phases)
from .rows import BAR_HEIGHT, FINISHED_HEIGHT, GanttRows, assign_lanes, bar_rectangles, gantt_rows, release_times
from .style import FIGURE_WIDTH, FONT_SIZE, LABEL_PAD, MARK_FONT_SIZE, MAX_FIGURE_HEIGHT, text_width

__all__ = ["BAR_HEIGHT", "COUNT_COLORS", "COUNT_FIELDS", "CRASH_LOOP", "CURSOR_COLOR", "FAILED", "FIGURE_WIDTH",
           "FINISHED", "FINISHED_HEIGHT", "FONT_SIZE", "LABEL_PAD", "LEVEL_POINTS", "MARK_COLOR", "MARK_FONT_SIZE",
           "MARK_LINE_STYLES", "MAX_FIGURE_HEIGHT", "MAX_LABELLED_PODS", "MAX_MARK_LEVELS", "PENDING",
           "PHASE_COLORS", "PHASE_LABELS", "PHASES", "RUNNING", "SUCCEEDED", "SUSPENDED_COLOR", "TERMINATING",
           "WAIT_COLOR", "GanttRows", "JobCounts", "PodPhases", "assign_lanes", "backoff_waits", "bar_rectangles",
           "gantt_rows", "job_counts", "job_marks", "merge_marks", "phase_bars", "place_labels", "plot_counts",
           "plot_timeline", "pod_phases", "rectangles_path", "release_times", "set_cursor", "spec_changes",
           "suspended_spans", "text_width"]
