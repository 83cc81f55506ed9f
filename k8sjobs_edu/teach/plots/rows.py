"""Where each pod's bar goes in the Gantt chart: one row per pod, per completion index or per parallel slot.

By index, pods of one index alive at once share its row in thinner lanes; by
slot, each pod takes the lowest slot free when it is created.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from .phases import FINISHED, PHASES, PodPhases

BAR_HEIGHT = 0.8  # of a row
FINISHED_HEIGHT = 0.3  # of a bar: a finished pod still exists, but no longer runs


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
