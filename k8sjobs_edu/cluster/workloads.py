"""What a pod's containers do: how long they run, what they print, how they exit.

The Cluster asks a workload once per container run, when the pod's containers
start: ``workload.run(pod, rng) -> Outcome`` (or an iterator of Outcome *steps*,
pulled one by one as virtual time reaches them). ``rng`` is a seeded stream
owned by the Cluster; workloads draw randomness from it and from nothing else.
A workload can also be called on its own: ``workload(pod) -> Outcome``.

Builtins: ``constant``, ``uniform``, ``flaky``, ``scripted`` and ``work_queue``.
A plain function ``pod -> Outcome`` works too (see ``as_workload``). The
Cluster's default, ``command_workload`` (in ``cluster.command_workload``),
reads the pod template's commands with the interpreter in
``k8sjobs_edu.containers`` and runs nothing.
"""
from __future__ import annotations

import random
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple


class Outcome(NamedTuple):
    """A run (or one step of it): ``duration`` seconds, then ``exit_code``.

    ``logs`` is printed when the run (step) starts. ``container`` names the
    container whose exit ended the run; None means the pod's first container.
    A named tuple: immutable, and cheap to make once per pod.
    """

    duration: float
    exit_code: int = 0
    logs: str = ""
    container: str | None = None


_new_tuple = tuple.__new__


def as_outcome(entry) -> Outcome:
    """``Outcome``, seconds, ``(seconds, exit_code)`` or ``(seconds, exit_code, logs)`` → Outcome."""
    if isinstance(entry, Outcome):
        return entry
    if isinstance(entry, bool):
        raise TypeError(f"an outcome is seconds or (seconds, exit_code), not {entry!r}")
    if isinstance(entry, (int, float)):
        return Outcome(_seconds(entry))
    if isinstance(entry, tuple) and 1 <= len(entry) <= 3:
        seconds, exit_code, logs = entry + (0, "")[len(entry) - 1:]
        return Outcome(_seconds(seconds), _exit_code(exit_code), str(logs))
    raise TypeError(f"an outcome is seconds or (seconds, exit_code), not {entry!r}")


def fold(steps: Iterable[Outcome]) -> Outcome:
    """Steps → one Outcome: durations add up, logs join, the last step's exit code wins."""
    duration, logs, last = 0.0, [], Outcome(0.0)
    for step in steps:
        duration += step.duration
        logs.append(step.logs)
        last = step
        if step.exit_code:
            break
    return Outcome(duration, last.exit_code, "".join(logs), last.container)


def _seconds(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(f"a duration is a number of seconds >= 0, not {value!r}")
    return float(value)


def _exit_code(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 255:
        raise ValueError(f"an exit code is an integer in 0..255, not {value!r}")
    return value


class Workload:
    """Base class: subclasses implement ``run``; stateful ones also ``fresh``."""

    def run(self, pod, rng: random.Random) -> Outcome | Iterator[Outcome]:
        """What the pod's containers do from ``pod.started_at`` on."""
        raise NotImplementedError

    def fresh(self) -> Workload:
        """A copy in its initial state; the Cluster calls it once when it starts using a workload."""
        return self

    def __call__(self, pod) -> Outcome:
        """Standalone use: randomness seeded from the pod's name, steps folded into one Outcome."""
        result = self.run(pod, random.Random(pod.name))
        return result if isinstance(result, Outcome) else fold(result)


def as_workload(obj) -> Workload:
    """A Workload, or a plain function ``pod -> Outcome`` (or seconds, or (seconds, exit_code))."""
    if isinstance(obj, Workload):
        return obj
    if callable(obj):
        return FunctionWorkload(obj)
    raise TypeError("a workload is a k8sjobs_edu.workloads.Workload or a function "
                    f"pod -> Outcome, not {type(obj).__name__}")


class FunctionWorkload(Workload):
    """Wraps a plain function of the pod; it gets no rng, so it should not be random."""

    def __init__(self, function) -> None:
        self.function = function

    def run(self, pod, rng: random.Random) -> Outcome | Iterator[Outcome]:
        result = self.function(pod)
        if isinstance(result, Outcome):
            return result
        if isinstance(result, Iterator):
            return map(as_outcome, result)
        return as_outcome(result)

    def __repr__(self) -> str:
        return f"as_workload({getattr(self.function, '__name__', self.function)!r})"


# ---- simple workloads --------------------------------------------------------


class Constant(Workload):
    def __init__(self, seconds: float, exit_code: int = 0, logs: str = "") -> None:
        self.outcome = Outcome(_seconds(seconds), _exit_code(exit_code), str(logs))

    def run(self, pod, rng: random.Random) -> Outcome:
        return self.outcome

    def __repr__(self) -> str:
        code = f", exit_code={self.outcome.exit_code}" if self.outcome.exit_code else ""
        return f"constant({self.outcome.duration:g}{code})"


class Uniform(Workload):
    def __init__(self, low: float, high: float, exit_code: int = 0) -> None:
        self.low, self.high = _seconds(low), _seconds(high)
        if self.high < self.low:
            raise ValueError(f"uniform(low, high) needs low <= high, got {low!r} > {high!r}")
        self.span = self.high - self.low
        self.exit_code = _exit_code(exit_code)

    def run(self, pod, rng: random.Random) -> Outcome:
        # tuple.__new__ skips the named tuple's Python-level constructor: this runs once per pod.
        return _new_tuple(Outcome, (self.low + self.span * rng.random(), self.exit_code, "", None))

    def __repr__(self) -> str:
        return f"uniform({self.low:g}, {self.high:g})"


class Flaky(Workload):
    def __init__(self, p_fail: float, seconds: float = 10, exit_code: int = 1) -> None:
        if isinstance(p_fail, bool) or not isinstance(p_fail, (int, float)) or not 0 <= p_fail <= 1:
            raise ValueError(f"p_fail is a probability in 0..1, not {p_fail!r}")
        if _exit_code(exit_code) == 0:
            raise ValueError("flaky() needs a non-zero exit_code for its failures")
        self.p_fail = float(p_fail)
        self.success = Outcome(_seconds(seconds))
        self.failure = Outcome(self.success.duration, exit_code)

    def run(self, pod, rng: random.Random) -> Outcome:
        return self.failure if rng.random() < self.p_fail else self.success

    def __repr__(self) -> str:
        return f"flaky({self.p_fail:g}, seconds={self.success.duration:g}, exit_code={self.failure.exit_code})"


def constant(seconds: float, exit_code: int = 0, logs: str = "") -> Workload:
    """Every run takes ``seconds`` and exits with ``exit_code``."""
    return Constant(seconds, exit_code, logs)


def uniform(low: float, high: float, exit_code: int = 0) -> Workload:
    """Each run takes a time drawn uniformly from [low, high] (from the Cluster's seed)."""
    return Uniform(low, high, exit_code)


def flaky(p_fail: float, seconds: float = 10, exit_code: int = 1) -> Workload:
    """Each run takes ``seconds``, then fails with probability ``p_fail`` (drawn per run)."""
    return Flaky(p_fail, seconds, exit_code)


# ---- scripted ------------------------------------------------------------------


class Scripted(Workload):
    """Outcomes written down in advance; see ``scripted``."""

    def __init__(self, outcomes, default=None) -> None:
        self.source = (outcomes, default)
        self.default = None if default is None else as_outcome(default)
        self.sequence = None
        self.by_index = None
        if isinstance(outcomes, Mapping):
            self.by_index = {int(index): [as_outcome(entry) for entry in entries]
                             for index, entries in outcomes.items()}
            if not all(self.by_index.values()):
                raise ValueError("scripted({index: [...]}) needs at least one outcome per index")
        else:
            self.sequence = [as_outcome(entry) for entry in outcomes]
            if not self.sequence:
                raise ValueError("scripted([...]) needs at least one outcome")
        self.runs = 0

    def fresh(self) -> Scripted:
        return Scripted(*self.source) if self.sequence is not None else self

    def reset(self) -> None:
        self.runs = 0

    def run(self, pod, rng: random.Random) -> Outcome:
        if self.sequence is not None:
            position = self.runs
            self.runs += 1
            return self.sequence[min(position, len(self.sequence) - 1)]
        if pod.index is None:
            raise ValueError(f"scripted({{index: [...]}}) needs an Indexed Job; pod {pod.name} has no index")
        entries = self.by_index.get(pod.index)
        if entries is None:
            if self.default is None:
                raise ValueError(f"scripted(): no outcomes for index {pod.index} (pass default=...)")
            return self.default
        position = pod.attempt + pod.restarts
        return entries[min(position, len(entries) - 1)]

    def __repr__(self) -> str:
        return f"scripted({self.source[0]!r})"


def scripted(outcomes, default=None) -> Workload:
    """Outcomes written down in advance.

    Entries are ``Outcome``s, seconds (exit 0) or ``(seconds, exit_code)`` tuples.

    - A list: entry n goes to the n-th container run the workload is asked for:
      pods in the order their containers start (creation order when all pods
      take the same start latency), and an in-place restart (restartPolicy
      OnFailure) takes the next entry. When the list runs out, its last entry
      repeats. The Cluster's ``fresh()`` copy starts again at entry 0.
    - A dict ``{index: [outcome per attempt]}`` for Indexed Jobs: a pod of index
      i gets entry ``pod.attempt + pod.restarts`` of list i (pods of index i created
      before it, plus its own in-place restarts; in-place restarts of earlier pods
      of the index are not counted). A list that runs out repeats its last entry;
      an index missing from the dict gets ``default`` (an error if there is none).
    """
    return Scripted(outcomes, default)


# ---- the docs' fine-grained work queue ----------------------------------------------


class WorkQueue(Workload):
    """One shared queue per workload object; see ``work_queue``."""

    MAX_POLLS = 1800  # an hour of "Waiting for work" at the 2 s lease timeout, then give up

    def __init__(self, items, seconds_per_item: float, poll_seconds: float = 2.0) -> None:
        if isinstance(items, int) and not isinstance(items, bool):
            if items < 0:
                raise ValueError(f"a work queue holds 0 or more items, not {items}")
            items = [f"item-{number}" for number in range(1, items + 1)]
        self.items = tuple(str(item) for item in items)
        self.seconds_per_item = _seconds(seconds_per_item)
        self.poll_seconds = _seconds(poll_seconds)
        if self.poll_seconds == 0:
            raise ValueError("poll_seconds must be > 0")
        self.reset()

    def fresh(self) -> WorkQueue:
        return WorkQueue(self.items, self.seconds_per_item, self.poll_seconds)

    def reset(self) -> None:
        """Refills the queue: every item pending again, none in progress or done."""
        self.pending = deque(self.items)
        self.in_progress: dict[int, str] = {}
        self.done: list[str] = []
        self.leases = 0

    def is_empty(self) -> bool:
        """rediswq's ``empty()``: nothing pending *and* nothing being worked on."""
        return not self.pending and not self.in_progress

    def run(self, pod, rng: random.Random) -> Iterator[Outcome]:
        return self.worker(uuid.UUID(int=rng.getrandbits(128), version=4))

    def worker(self, session: uuid.UUID) -> Iterator[Outcome]:
        """The docs' worker.py, one step per item (or per 2 s poll)."""
        logs = f"Worker with sessionID: {session}\nInitial queue state: empty={self.is_empty()}\n"
        polls = 0
        while not self.is_empty() and polls < self.MAX_POLLS:
            if not self.pending:
                # lease(block=True, timeout=2) returns None: someone else still holds an item.
                polls += 1
                yield Outcome(self.poll_seconds, logs=logs)
                logs = "Waiting for work\n"
                continue
            item = self.pending.popleft()
            self.leases += 1
            lease = self.leases
            self.in_progress[lease] = item
            try:
                yield Outcome(self.seconds_per_item, logs=logs + f"Working on {item}\n")
            except GeneratorExit:
                # Stopped mid-item: the item goes back to the head of the queue.
                del self.in_progress[lease]
                self.pending.appendleft(item)
                raise
            del self.in_progress[lease]
            self.done.append(item)
            logs = ""
        yield Outcome(0.0, logs=logs + "Queue empty, exiting\n")

    def __repr__(self) -> str:
        return (f"work_queue({len(self.items)} items, {self.seconds_per_item:g}s each; "
                f"{len(self.pending)} pending, {len(self.in_progress)} in progress)")


def work_queue(items, seconds_per_item: float, poll_seconds: float = 2.0) -> Workload:
    """The docs' fine-grained work queue (Redis, Job ``job-wq-2``).

    All pods share one queue of ``items`` (or ``items`` numbered items). A worker
    prints the banner of the docs' worker.py, then takes one item at a time
    ("Working on apple", ``seconds_per_item`` each). Like rediswq's ``empty()``,
    the queue only counts as empty when no other worker still holds an item:
    until then the worker polls every ``poll_seconds`` ("Waiting for work", the
    lease timeout of 2 s). Then it prints "Queue empty, exiting" and exits 0.

    Items leave in the order given; the docs' ``rpush``/``brpoplpush`` queue
    hands out the last pushed item first, so pass ``reversed(items)`` to mirror it.
    A worker stopped mid-item (the Cluster closes its step iterator) puts the
    item back at the head of the queue. The Cluster calls ``fresh()`` when it
    starts using the workload, so every Cluster run starts with a full queue;
    ``reset()`` refills this object.
    """
    return WorkQueue(items, seconds_per_item, poll_seconds)
