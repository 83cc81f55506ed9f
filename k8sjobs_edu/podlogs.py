"""``kubectl logs``: what a pod's container printed, and which pod ``logs job/NAME`` picks.

Follows staging/src/k8s.io/kubectl/pkg/cmd/logs and polymorphichelpers'
logsForObject (the default container, ``podutils.ByLogging``).
"""
from __future__ import annotations

import math

from .kubeformat import api_time
from .model import Job, Pod


def logs(pod: Pod) -> str:
    """``kubectl logs POD``: what the first container printed, or the kubelet's refusal."""
    container = pod.containers[0] if pod.containers else ""
    prefix = ""
    if len(pod.containers) > 1 or pod.init_containers:
        names = list(pod.containers) + [f"{name} (init)" for name in pod.init_containers]
        prefix = f'Defaulted container "{container}" out of: {", ".join(names)}\n'
    if pod.node_name is None:
        return prefix  # no host yet: the API server returns an empty log
    if pod.phase == "Pending" or (pod.waiting_reason and not pod.restarts and not pod.is_finished):
        reason = pod.waiting_reason or "ContainerCreating"
        if reason.startswith("Init:"):
            reason = "PodInitializing"
        return (f'{prefix}Error from server (BadRequest): container "{container}" in pod "{pod.name}" '
                f"is waiting to start: {reason}\n")
    return prefix + pod.logs


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


def logs_for_job(job: Job, pods: list[Pod]) -> str:
    """``kubectl logs job/NAME``: the best pod by ByLogging, announced when there are several."""
    if not pods:
        return "error: timed out waiting for the condition\n"
    chosen = pods_by_logging(pods)[0]
    note = f"Found {len(pods)} pods, using pod/{chosen.name}\n" if len(pods) > 1 else ""
    return note + logs(chosen)
