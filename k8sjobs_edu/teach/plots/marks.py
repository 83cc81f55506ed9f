"""What happened to the Job, drawn across every row: marked moments and suspended spans.

Marks are vertical lines at spec changes, deletions and Job conditions (and
at moments the caller names, such as a ``kubectl`` command); their labels sit
above the Axes, stacked in levels so that they never overlap.
"""
from __future__ import annotations

from ...cluster import timeline as tl
from .style import LABEL_PAD, MARK_FONT_SIZE, text_width

MARK_COLOR = "#444444"
MAX_MARK_LEVELS = 4
MARK_LINE_STYLES = {"spec": "--", "delete": "-.", "condition": ":", "user": "--"}
LEVEL_POINTS = MARK_FONT_SIZE * 1.35


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


def draw_marks(ax, marks, x0: float, pts_per_second: float, width_pts: float) -> int:
    """Vertical lines with small labels above the Axes; returns how many label levels were used."""
    if not marks:
        return 0
    spans, right_aligned = mark_label_spans(marks, x0, pts_per_second, width_pts)
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


def mark_label_spans(marks, x0: float, pts_per_second: float, width_pts: float):
    """Where each mark's label would lie, in points from the Axes' left edge, and which go left."""
    spans, right_aligned = [], []
    for time, label, _ in marks:
        x = (time - x0) * pts_per_second
        width = text_width(label, MARK_FONT_SIZE) + LABEL_PAD
        flip = x + width > width_pts  # near the right edge the label goes left of its line
        right_aligned.append(flip)
        spans.append((x - width, x) if flip else (x, x + width))
    return spans, right_aligned
