"""What a pod's containers do: how long they run, what they print, how they exit.

The Cluster asks a workload once per container run, when the pod's containers
start: ``workload.run(pod, rng) -> Outcome`` (or an iterator of Outcome *steps*,
pulled one by one as virtual time reaches them). ``rng`` is a seeded stream
owned by the Cluster; workloads draw randomness from it and from nothing else.
A workload can also be called on its own: ``workload(pod) -> Outcome``.

Builtins: ``constant``, ``uniform``, ``flaky``, ``scripted``, ``work_queue`` and
``command_workload`` (the Cluster's default: it reads the pod template's
commands with the interpreter in ``k8sjobs_edu.shell`` and runs nothing).
A plain function ``pod -> Outcome`` works too (see ``as_workload``).
"""
from __future__ import annotations

import random
import re
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from ..api.model import JOB_COMPLETION_INDEX
from ..containers.run import Machine, image_info, run_container


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


# ---- the container commands of the pod template ----------------------------------------

_REFERENCE = re.compile(r"\$(\$|\(([A-Za-z_][A-Za-z0-9_.-]*)\))")


def expand_references(text: str, env: Mapping) -> str:
    """Kubernetes' ``$(VAR)`` expansion in command, args and env values.

    ``$(VAR)`` becomes VAR's value when the container defines VAR and stays as
    written otherwise; ``$$`` is an escaped ``$`` (third_party/forked/golang/expansion).
    """
    if "$" not in text:
        return text

    def replace(match: re.Match) -> str:
        if match.group(1) == "$":
            return "$"
        name = match.group(2)
        return env[name] if name in env else match.group(0)

    return _REFERENCE.sub(replace, text)


_FIELD_REF = re.compile(r"metadata\.(labels|annotations)\['(.+)'\]")


class ContainerCommand:
    """One container of the template: its command line, environment and image."""

    def __init__(self, container: Mapping) -> None:
        self.name = str(container.get("name", ""))
        self.image = image_info(container.get("image"))
        command = [str(arg) for arg in container.get("command") or ()]
        args = [str(arg) for arg in container.get("args") or ()]
        # Known base images have no ENTRYPOINT, so args alone replace their CMD.
        self.argv = command + args if command or self.image.known else []
        self.env_spec = list(container.get("env") or ())
        self.expands = any("$" in arg for arg in self.argv)

    def environment(self, pod) -> dict:
        """The container's variables, as Kubernetes sets them (declared order)."""
        env: dict[str, str] = {}
        if pod.index is not None:
            env["JOB_COMPLETION_INDEX"] = str(pod.index)
        for entry in self.env_spec:
            name = str(entry.get("name", ""))
            if "value" in entry or "valueFrom" not in entry:
                env[name] = expand_references(str(entry.get("value", "")), env)
            else:
                env[name] = self.field_value(entry["valueFrom"], pod)
        return env

    @staticmethod
    def field_value(source: Mapping, pod) -> str:
        path = str((source.get("fieldRef") or {}).get("fieldPath", ""))
        simple = {"metadata.name": pod.name, "metadata.namespace": pod.namespace,
                  "spec.nodeName": pod.node_name or "", "status.podIP": pod.ip or "",
                  "spec.serviceAccountName": "default"}
        if path in simple:
            return simple[path]
        match = _FIELD_REF.fullmatch(path)
        if match:
            kind, key = match.groups()
            if kind == "annotations" and key == JOB_COMPLETION_INDEX and pod.index is not None:
                return str(pod.index)
            return str((pod.labels if kind == "labels" else pod.annotations).get(key, ""))
        return ""  # secrets, config maps, resources: not modelled

    def run(self, pod, start: float, files: dict, parse_cache: dict) -> tuple[int, float, list]:
        """(exit code, seconds, steps) of this container starting at virtual time ``start``."""
        env = self.environment(pod)
        hostname = pod.hostname or pod.name
        machine = Machine(start, files, self.image, hostname, parse_cache)
        argv = [expand_references(arg, env) for arg in self.argv] if self.expands else self.argv
        shell_env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                     "HOSTNAME": hostname, "HOME": "/root", **env}
        status = run_container(argv, shell_env, machine)
        return status, machine.trace.elapsed, machine.trace.finish()


class CommandWorkload(Workload):
    """Interprets a pod template's commands; see ``command_workload``."""

    def __init__(self, pod_spec: Mapping | None) -> None:
        spec = pod_spec or {}
        # Native sidecars (restartPolicy: Always) run beside the containers; they never end a run.
        self.init_containers = [ContainerCommand(container) for container in spec.get("initContainers") or ()
                                if container.get("restartPolicy") != "Always"]
        self.containers = [ContainerCommand(container) for container in spec.get("containers") or ()]
        self.parse_cache: dict = {}

    def run(self, pod, rng: random.Random) -> Outcome | Iterator[Outcome]:
        try:
            return self.run_pod(pod)
        except RecursionError:
            return Outcome(0.0, 2, "k8sjobs-edu: this command is nested too deeply to interpret\n")

    def run_pod(self, pod) -> Outcome | Iterator[Outcome]:
        # ready_at is when this container run started (it moves on each in-place restart).
        start = pod.ready_at if pod.ready_at is not None else (pod.started_at or 0.0)
        files: dict[str, str] = {}  # the pod's emptyDir volumes, shared by all its containers
        steps: list[tuple[float, str]] = []
        for position, container in enumerate(self.init_containers):
            if self.already_done(pod, position):
                # An in-place restart keeps the pod's volumes: replay what it wrote, in no time.
                container.run(pod, start, files, self.parse_cache)
                continue
            status, seconds, _ = container.run(pod, start, files, self.parse_cache)
            steps.append((seconds, ""))  # `kubectl logs` shows the main container only
            start += seconds
            if status:
                return _pod_outcome(steps, status, container.name)
        if not self.containers:
            return _pod_outcome(steps or [(0.0, "")], 0, None)
        results = [container.run(pod, start, files, self.parse_cache) for container in self.containers]
        main_seconds = results[0][1]
        steps.extend(results[0][2])
        longest = max(seconds for _, seconds, _ in results)
        if longest > main_seconds:
            steps.append((longest - main_seconds, ""))
        for container, (status, _, _) in zip(self.containers, results):
            if status:
                return _pod_outcome(steps, status, None if container is self.containers[0] else container.name)
        return _pod_outcome(steps, 0, None)


    def already_done(self, pod, position: int) -> bool:
        """Whether init container ``position`` finished before this in-place restart.

        restartPolicy OnFailure restarts only the container that failed
        (``pod.failed_container``; None is the first container).
        """
        if not pod.restarts:
            return False
        names = [container.name for container in self.init_containers]
        failed = names.index(pod.failed_container) if pod.failed_container in names else len(names)
        return position < failed


def _pod_outcome(steps: list, exit_code: int, container: str | None) -> Outcome | Iterator[Outcome]:
    """Steps → one Outcome when possible, else an iterator; the last step ends the run."""
    merged: list[list] = []
    for seconds, logs in steps:
        if merged and not logs:
            merged[-1][0] += seconds
        elif merged and merged[-1][0] == 0:
            merged[-1] = [seconds, merged[-1][1] + logs]
        else:
            merged.append([seconds, logs])
    outcomes = [Outcome(seconds, 0, logs) for seconds, logs in merged[:-1]]
    seconds, logs = merged[-1]
    outcomes.append(Outcome(seconds, exit_code, logs, container))
    return outcomes[0] if len(outcomes) == 1 else iter(outcomes)


def command_workload(pod_spec: Mapping | None) -> Workload:
    """The Cluster's default workload for a Job: it reads the template's commands.

    Init containers run one after another, then the containers side by side: the
    run lasts as long as the longest container, fails if any container exits
    non-zero (``Outcome.container`` names the first failing one in spec order),
    and its logs are the first container's output. Each script is parsed once
    per workload. See ``k8sjobs_edu.shell`` for what the interpreter understands.
    """
    return CommandWorkload(pod_spec)
