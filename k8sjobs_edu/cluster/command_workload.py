"""The Cluster's default workload: it interprets the pod template's container commands.

``command_workload(pod_spec)`` runs each container of the template through the
command interpreter (``containers.container.ContainerCommand``, which runs
nothing on the host): init containers one after another, then the containers
side by side, and turns what they did into the run's ``Outcome`` steps (the
first container's logs; the exit code and container that ended the run).
"""
from __future__ import annotations

import random
from collections.abc import Iterator, Mapping

from ..containers.container import ContainerCommand
from .workloads import Outcome, Workload


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
    per workload. See ``k8sjobs_edu.containers.run`` for what the interpreter understands.
    """
    return CommandWorkload(pod_spec)
