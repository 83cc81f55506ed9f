"""``kubectl logs``: what a pod's container printed, and which pod ``logs job/NAME`` picks.

Follows staging/src/k8s.io/kubectl/pkg/cmd/logs and polymorphichelpers'
logsForObject (the default container, ``podutils.ByLogging``).
"""
from __future__ import annotations

import math
import re

from ...api.model import Job, Pod
from ...api.timestamps import api_time


def default_container_note(pod: Pod) -> str:
    """The line kubectl prints (on stderr) when it picks the first of several containers."""
    if len(pod.containers) > 1 or pod.init_containers:
        names = list(pod.containers) + [f"{name} (init)" for name in pod.init_containers]
        return f'Defaulted container "{pod.containers[0]}" out of: {", ".join(names)}\n'
    return ""


def container_log(pod: Pod) -> tuple[str, str]:
    """``(log, error)`` of the first container: what it printed, or the kubelet's refusal."""
    container = pod.containers[0] if pod.containers else ""
    if pod.node_name is None:
        return "", ""  # no host yet: the API server returns an empty log
    if pod.phase == "Pending" or (pod.waiting_reason and not pod.restarts and not pod.is_finished):
        reason = pod.waiting_reason or "ContainerCreating"
        if reason.startswith("Init:"):
            reason = "PodInitializing"
        return "", (f'Error from server (BadRequest): container "{container}" in pod "{pod.name}" '
                    f"is waiting to start: {reason}\n")
    return pod.logs, ""


def tail_lines(text: str, lines: int) -> str:
    """The kubelet's ``tailLines``: the last ``lines`` lines (all of them when negative)."""
    if lines < 0:
        return text
    if lines == 0:
        return ""
    return "".join(re.findall(r"[^\n]*\n|[^\n]+$", text)[-lines:])


def with_prefix(text: str, pod: Pod) -> str:
    """``--prefix``: each line starts with ``[pod/NAME/CONTAINER] `` (kubectl's prefixingWriter)."""
    prefix = f"[pod/{pod.name}/{pod.containers[0] if pod.containers else ''}] "
    return "".join(prefix + line for line in re.findall(r"[^\n]*\n|[^\n]+$", text))


def logs(pod: Pod, *, tail: int = -1, prefix: bool = False, announce: bool = True) -> str:
    """``kubectl logs POD``: what the first container printed, or the kubelet's refusal.

    ``tail`` is ``--tail``; ``prefix`` is ``--prefix``; ``announce`` prints
    which container kubectl defaulted to (not when ``-c`` names one).
    """
    note = default_container_note(pod) if announce else ""
    log, error = container_log(pod)
    if error:
        return note + error
    log = tail_lines(log, tail)
    return note + (with_prefix(log, pod) if prefix else log)


def logs_for_pods(pods: list[Pod], *, tail: int = 10, prefix: bool = False, announce: bool = True) -> str:
    """``kubectl logs -l SELECTOR``: each pod's log, one pod after another.

    kubectl first picks every pod's container (printing its "Defaulted
    container" notes), then reads the logs; the first refusal ends the
    command. ``tail`` defaults to 10 lines per pod, as kubectl's does with a
    selector. Pods come in the API's order (by name): kubectl keeps its log
    requests in a Go map, whose order is random.
    """
    out = [default_container_note(pod) for pod in pods] if announce else []
    for pod in pods:
        log, error = container_log(pod)
        if error:
            out.append(error)
            break
        log = tail_lines(log, tail)
        out.append(with_prefix(log, pod) if prefix else log)
    return "".join(out)


def pods_by_logging(pods: list[Pod]) -> list[Pod]:
    """podutils.ByLogging: the pod ``kubectl logs job/NAME`` picks comes first.

    Scheduled before unscheduled; Running (and finished) before Pending;
    ready before not ready; ready longer first; more restarts first; older
    first. The API lists pods by name, which breaks the remaining ties.
    """
    phase_rank = {"Pending": 2, "Unknown": 1}

    def key(pod: Pod):
        ready = pod.ready and pod.phase == "Running"
        ready_since = api_time(pod.ready_at) if ready and pod.ready_at is not None else math.inf
        return (pod.node_name is None, phase_rank.get(pod.phase, 0), not ready,
                ready_since if ready else 0, -pod.restarts, api_time(pod.created_at))

    return sorted(sorted(pods, key=lambda p: p.name), key=key)


def logs_for_job(job: Job, pods: list[Pod], *, tail: int = -1, prefix: bool = False,
                 announce: bool = True) -> str:
    """``kubectl logs job/NAME``: the best pod by ByLogging, announced when there are several."""
    if not pods:
        return "error: timed out waiting for the condition\n"
    chosen = pods_by_logging(pods)[0]
    note = f"Found {len(pods)} pods, using pod/{chosen.name}\n" if len(pods) > 1 else ""
    return note + logs(chosen, tail=tail, prefix=prefix, announce=announce)
