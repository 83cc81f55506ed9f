"""What happened to each pod, as the pictures group it: phases, their colours and legend labels.

``pod_phases`` reads a timeline once into columns of phase segments (fast
enough for 100,000 pods); ``backoff_waits`` finds, in those segments, each
wait between a failure and the replacement pod.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from ...cluster import timeline as tl

# Drawing groups of pod states, top of the legend first. Colours: Okabe & Ito's colour-blind safe set.
PENDING, RUNNING, CRASH_LOOP, TERMINATING, SUCCEEDED, FAILED = range(6)
PHASES = ("Pending", "Running", "CrashLoopBackOff", "Terminating", "Succeeded", "Failed")
PHASE_LABELS = ("Pending / ContainerCreating / Init", "Running", "CrashLoopBackOff", "Terminating",
                "Succeeded", "Failed")
PHASE_COLORS = {"Pending": "#E69F00", "Running": "#56B4E9", "CrashLoopBackOff": "#CC79A7",
                "Terminating": "#0072B2", "Succeeded": "#009E73", "Failed": "#D55E00"}
FINISHED = (SUCCEEDED, FAILED)

_KIND_PHASE = {tl.CREATE: PENDING, tl.START: RUNNING, tl.CRASH: CRASH_LOOP, tl.DELETE: TERMINATING}
_JOB_KINDS = frozenset((tl.JOB_CREATE, tl.JOB_SPEC, tl.JOB_STATUS, tl.JOB_DELETE, tl.JOB_GONE))


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
