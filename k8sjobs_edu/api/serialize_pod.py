"""Pods in Kubernetes' JSON shape: ``pod_to_dict`` and its inverse ``pod_fields`` (the ``Pod`` fields)."""
from __future__ import annotations

from .serialize import compact, condition_from_dict
from .timestamps import parse_timestamp, to_timestamp
from .wellknown import JOB_COMPLETION_INDEX, JOB_NAME_LABEL, LEGACY_JOB_NAME_LABEL


# ---- pods -------------------------------------------------------------------------------
# The Pod model keeps one exit code (of ``failed_container``, or the first
# container when None), one restart total and one start/finish time; the
# per-container statuses below spread them out the way the kubelet reports them.

def _main_state(pod, name: str) -> dict:
    if pod.finished_at is not None and pod.phase in ("Succeeded", "Failed"):
        ended_pod = name == (pod.failed_container or pod.containers[0])
        code = (pod.exit_code or 0) if ended_pod else 0
        return {"terminated": compact({
            "exitCode": code, "finishedAt": to_timestamp(pod.finished_at),
            "reason": "Completed" if code == 0 else "Error",
            "startedAt": None if pod.started_at is None else to_timestamp(pod.started_at)})}
    if pod.started_at is not None:
        return {"running": {"startedAt": to_timestamp(pod.started_at)}}
    reason = pod.waiting_reason or "ContainerCreating"
    if pod.init_containers and (reason == "ContainerCreating" or reason.startswith("Init:")):
        reason = "PodInitializing"  # the kubelet's reason; "Init:0/1" is only kubectl's STATUS text
    return {"waiting": {"reason": reason}}


def _init_state(pod, name: str) -> dict:
    # The pod's run starts with its init containers: started_at is the first one's start.
    started = None if pod.started_at is None else to_timestamp(pod.started_at)
    if pod.failed_container == name and pod.finished_at is not None:
        return {"terminated": compact({"exitCode": pod.exit_code or 0, "finishedAt": to_timestamp(pod.finished_at),
                                        "reason": "Error", "startedAt": started})}
    if pod.started_at is not None:  # the main containers only start after every init container exited 0
        return {"terminated": {"exitCode": 0, "finishedAt": started, "reason": "Completed", "startedAt": started}}
    return {"waiting": {"reason": "PodInitializing"}}


def pod_to_dict(pod) -> dict:
    """A pod in Kubernetes' JSON shape (the fields the simulator models)."""
    owners = None
    if pod.owner_uid is not None:
        owners = [{"apiVersion": "batch/v1", "blockOwnerDeletion": True, "controller": True, "kind": "Job",
                   "name": pod.job_name, "uid": pod.owner_uid}]
    metadata = compact({
        "annotations": dict(pod.annotations) or None,
        "creationTimestamp": to_timestamp(pod.created_at),
        "deletionGracePeriodSeconds": None if pod.deleted_at is None else int(pod.grace_period_seconds),
        # deleted_at is when deletion was asked for; the API's timestamp adds the grace period.
        "deletionTimestamp": (None if pod.deleted_at is None
                              else to_timestamp(pod.deleted_at + pod.grace_period_seconds)),
        "finalizers": list(pod.finalizers) or None,
        "labels": dict(pod.labels) or None,
        "name": pod.name,
        "namespace": pod.namespace,
        "ownerReferences": owners,
    })
    spec = compact({
        "containers": [{"name": name} for name in pod.containers],
        "hostname": pod.hostname,
        "initContainers": [{"name": name} for name in pod.init_containers] or None,
        "nodeName": pod.node_name,
        "restartPolicy": pod.restart_policy,
        "terminationGracePeriodSeconds": int(pod.grace_period_seconds),
    })
    statuses = []
    for i, name in enumerate(pod.containers):
        status = {"name": name, "ready": pod.ready, "restartCount": pod.restarts if i == 0 else 0,
                  "state": _main_state(pod, name)}
        if i == 0 and pod.last_terminated_at is not None:
            status["lastState"] = {"terminated": {
                "exitCode": pod.exit_code if pod.exit_code else 1,  # a restart follows a failed run
                "finishedAt": to_timestamp(pod.last_terminated_at), "reason": "Error"}}
        statuses.append(status)
    init_statuses = []
    for name in pod.init_containers:
        state = _init_state(pod, name)
        # prober manager UpdatePodStatus: an init container that exited 0 is ready.
        ready = state.get("terminated", {}).get("exitCode") == 0
        init_statuses.append({"name": name, "ready": ready, "restartCount": 0, "state": state})
    status = compact({
        "conditions": [compact({"lastProbeTime": None, "lastTransitionTime": to_timestamp(c.last_transition_time),
                                 "message": c.message or None, "reason": c.reason or None,
                                 "status": c.status, "type": c.type}) for c in pod.conditions] or None,
        "containerStatuses": statuses,
        "initContainerStatuses": init_statuses or None,
        "message": ("Pod was active on the node longer than the specified deadline"
                    if pod.reason == "DeadlineExceeded" else None),
        "phase": pod.phase,
        "podIP": pod.ip,
        "reason": pod.reason,
        # When the kubelet took the pod on: the simulator binds pods as they are created.
        "startTime": None if pod.node_name is None else to_timestamp(pod.created_at),
    })
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status}


def _time(value) -> float | None:
    return None if value is None else parse_timestamp(value)


def pod_fields(d: dict) -> dict:
    """The ``Pod`` fields of a pod in Kubernetes' JSON shape (the inverse of ``pod_to_dict``): ``Pod(**fields)``."""
    metadata, spec, status = d.get("metadata") or {}, d.get("spec") or {}, d.get("status") or {}
    labels, annotations = dict(metadata.get("labels") or {}), dict(metadata.get("annotations") or {})
    owner = next((o for o in metadata.get("ownerReferences") or [] if (o or {}).get("kind") == "Job"), {})
    index = str(labels.get(JOB_COMPLETION_INDEX, annotations.get(JOB_COMPLETION_INDEX, "")))
    containers = tuple((c or {}).get("name") or "" for c in spec.get("containers") or [])
    pod = dict(
        name=metadata.get("name") or "",
        job_name=owner.get("name") or labels.get(JOB_NAME_LABEL) or labels.get(LEGACY_JOB_NAME_LABEL) or "",
        index=int(index) if index.isdigit() else None,
        phase=status.get("phase") or "Pending",
        created_at=_time(metadata.get("creationTimestamp")) or 0.0,
        deleted_at=_deleted_at(metadata),
        labels=labels, annotations=annotations,
        finalizers=tuple(metadata.get("finalizers") or ()),
        conditions=tuple(condition_from_dict(c or {}) for c in status.get("conditions") or []),
        namespace=metadata.get("namespace") or "default",
        containers=containers or ("main",),
        init_containers=tuple((c or {}).get("name") or "" for c in spec.get("initContainers") or []),
        restart_policy=spec.get("restartPolicy") or "Always",
        hostname=spec.get("hostname"), node_name=spec.get("nodeName"), ip=status.get("podIP"),
        reason=status.get("reason") if isinstance(status.get("reason"), str) else None,
        grace_period_seconds=metadata.get("deletionGracePeriodSeconds",
                                          spec.get("terminationGracePeriodSeconds", 30)),
        owner_uid=owner.get("uid"),
        started_at=None, finished_at=None, exit_code=None, failed_container=None, waiting_reason=None,
        last_terminated_at=None,
    )
    statuses = [s or {} for s in status.get("containerStatuses") or []]
    pod["restarts"] = sum(s.get("restartCount") or 0 for s in statuses)
    pod["ready"] = bool(statuses) and all(s.get("ready") for s in statuses)
    for s in statuses:
        state = s.get("state") or {}
        running, terminated, waiting = state.get("running") or {}, state.get("terminated"), state.get("waiting")
        pod["started_at"] = _time(running.get("startedAt") or (terminated or {}).get("startedAt")) or pod["started_at"]
        if waiting is not None:
            pod["waiting_reason"] = waiting.get("reason")
        if terminated is not None:
            pod["finished_at"] = _time(terminated.get("finishedAt"))
            code = terminated.get("exitCode") or 0
            if code or pod["exit_code"] is None:
                pod["exit_code"] = code
                pod["failed_container"] = s.get("name") if code and s.get("name") != pod["containers"][0] else None
        last = (s.get("lastState") or {}).get("terminated")
        if last is not None:
            pod["last_terminated_at"] = _time(last.get("finishedAt"))
            if terminated is None:  # still running: the exit code is the last run's
                pod["exit_code"] = last.get("exitCode")
    for s in status.get("initContainerStatuses") or []:
        terminated = ((s or {}).get("state") or {}).get("terminated") or {}
        if terminated.get("exitCode"):
            pod["exit_code"], pod["failed_container"] = terminated["exitCode"], s.get("name")
            pod["finished_at"] = _time(terminated.get("finishedAt"))
    ready = next((c for c in pod["conditions"] if c.type == "Ready" and c.status == "True"), None)
    pod["ready_at"] = None if ready is None else ready.last_transition_time
    return pod


def _deleted_at(metadata: dict) -> float | None:
    """When deletion was asked for: the API's deletionTimestamp minus the grace period."""
    stamp = _time(metadata.get("deletionTimestamp"))
    if stamp is None:
        return None
    grace = metadata.get("deletionGracePeriodSeconds")
    return stamp - (grace if isinstance(grace, (int, float)) and not isinstance(grace, bool) else 0)
