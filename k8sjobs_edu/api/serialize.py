"""Jobs and pods in Kubernetes' JSON shape, and YAML the way ``kubectl -o yaml`` writes it.

``job_to_dict`` is what ``kubectl get job NAME -o yaml`` shows; the
``*_from_dict`` functions read that shape back (the Job's spec comes from
``manifest``, which defaults and validates it first).
"""
from __future__ import annotations

import copy
import functools
import re
from datetime import datetime, timedelta, timezone

import yaml

from .model import (EPOCH, JOB_COMPLETION_INDEX, JOB_NAME_LABEL, LEGACY_JOB_NAME_LABEL, Condition, Job, JobSpec,
                    JobStatus, OnExitCodes, OnPodCondition, Pod, PodFailurePolicy, PodFailurePolicyRule,
                    SuccessPolicy, SuccessPolicyRule, to_timestamp)

_TIMESTAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")


def parse_timestamp(text: str) -> float:
    """RFC 3339 (any fraction of a second, ``Z`` or an offset) → virtual seconds.

    Raises:
        ValueError: if ``text`` is not an RFC 3339 date-time.
    """
    match = _TIMESTAMP.match(text)
    if not match:
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    zone = match.group(8)
    offset = timedelta(0) if zone == "Z" else (1 if zone[0] == "+" else -1) * timedelta(
        hours=int(zone[1:3]), minutes=int(zone[4:6]))
    moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc) - offset
    return (moment - EPOCH).total_seconds() + float(match.group(7) or 0)


def _compact(mapping: dict) -> dict:
    """Drop the fields Go leaves out (``omitempty``: None here)."""
    return {key: value for key, value in mapping.items() if value is not None}


# ---- Job spec ------------------------------------------------------------------------

def pod_failure_policy_to_dict(policy: PodFailurePolicy) -> dict:
    rules = []
    for rule in policy.rules:
        exit_codes = None
        if rule.on_exit_codes is not None:
            exit_codes = _compact({"containerName": rule.on_exit_codes.container_name,
                                   "operator": rule.on_exit_codes.operator,
                                   "values": list(rule.on_exit_codes.values)})
        conditions = [{"type": c.type, "status": c.status} for c in rule.on_pod_conditions] or None
        rules.append(_compact({"action": rule.action, "onExitCodes": exit_codes, "onPodConditions": conditions}))
    return {"rules": rules}


def pod_failure_policy_from_dict(policy: dict) -> PodFailurePolicy:
    rules = []
    for rule in policy.get("rules") or []:
        rule = rule or {}
        exit_codes = rule.get("onExitCodes")
        rules.append(PodFailurePolicyRule(
            action=rule.get("action") or "",
            on_exit_codes=None if exit_codes is None else OnExitCodes(
                operator=exit_codes.get("operator") or "", values=[v or 0 for v in exit_codes.get("values") or []],
                container_name=exit_codes.get("containerName")),
            on_pod_conditions=[OnPodCondition((p or {}).get("type") or "", (p or {}).get("status") or "True")
                               for p in rule.get("onPodConditions") or []]))
    return PodFailurePolicy(rules=rules)


def success_policy_to_dict(policy: SuccessPolicy) -> dict:
    return {"rules": [_compact({"succeededIndexes": r.succeeded_indexes, "succeededCount": r.succeeded_count})
                      for r in policy.rules]}


def success_policy_from_dict(policy: dict) -> SuccessPolicy:
    return SuccessPolicy(rules=[SuccessPolicyRule((r or {}).get("succeededIndexes"), (r or {}).get("succeededCount"))
                                for r in policy.get("rules") or []])


def job_spec_to_dict(spec: JobSpec) -> dict:
    """The defaulted spec in API shape."""
    return _compact({
        "activeDeadlineSeconds": spec.active_deadline_seconds,
        "backoffLimit": spec.backoff_limit,
        "backoffLimitPerIndex": spec.backoff_limit_per_index,
        "completionMode": spec.completion_mode,
        "completions": spec.completions,
        "managedBy": spec.managed_by,
        "manualSelector": spec.manual_selector,
        "maxFailedIndexes": spec.max_failed_indexes,
        "parallelism": spec.parallelism,
        "podFailurePolicy": None if spec.pod_failure_policy is None
        else pod_failure_policy_to_dict(spec.pod_failure_policy),
        "podReplacementPolicy": spec.pod_replacement_policy,
        "selector": copy.deepcopy(spec.selector),
        "successPolicy": None if spec.success_policy is None else success_policy_to_dict(spec.success_policy),
        "suspend": spec.suspend,
        "template": copy.deepcopy(spec.template),
        "ttlSecondsAfterFinished": spec.ttl_seconds_after_finished,
    })


def job_spec_from_dict(spec: dict) -> JobSpec:
    """A ``JobSpec`` from a defaulted, validated spec in API shape."""
    failure_policy, success_policy = spec.get("podFailurePolicy"), spec.get("successPolicy")
    return JobSpec(
        template=copy.deepcopy(spec.get("template") or {}),
        completions=spec.get("completions"),
        parallelism=spec.get("parallelism"),
        completion_mode=spec.get("completionMode"),
        backoff_limit=spec.get("backoffLimit"),
        backoff_limit_per_index=spec.get("backoffLimitPerIndex"),
        max_failed_indexes=spec.get("maxFailedIndexes"),
        active_deadline_seconds=spec.get("activeDeadlineSeconds"),
        ttl_seconds_after_finished=spec.get("ttlSecondsAfterFinished"),
        suspend=spec.get("suspend"),
        pod_failure_policy=None if failure_policy is None else pod_failure_policy_from_dict(failure_policy),
        success_policy=None if success_policy is None else success_policy_from_dict(success_policy),
        pod_replacement_policy=spec.get("podReplacementPolicy"),
        managed_by=spec.get("managedBy"),
        selector=copy.deepcopy(spec.get("selector")),
        manual_selector=spec.get("manualSelector"),
    )


# ---- Job status --------------------------------------------------------------------------

def condition_to_dict(condition: Condition, probe_time: bool = True) -> dict:
    """A Job condition; the Job controller sets ``lastProbeTime`` together with ``lastTransitionTime``."""
    moment = to_timestamp(condition.last_transition_time)
    return _compact({"lastProbeTime": moment if probe_time else None, "lastTransitionTime": moment,
                     "message": condition.message or None, "reason": condition.reason or None,
                     "status": condition.status, "type": condition.type})


def condition_from_dict(condition: dict) -> Condition:
    moment = condition.get("lastTransitionTime")
    return Condition(type=condition.get("type") or "", status=condition.get("status") or "",
                     reason=condition.get("reason") or "", message=condition.get("message") or "",
                     last_transition_time=0.0 if moment is None else parse_timestamp(moment))


def job_status_to_dict(status: JobStatus) -> dict:
    """``status`` as the API returns it: zero counters omitted except ``ready``/``terminating``.

    ``active``, ``succeeded`` and ``failed`` are ``omitempty`` integers; ``ready``
    and ``terminating`` are pointers the controller always sets, so they show
    ``0`` once it has synced the Job (before that the status is ``{}``).
    """
    synced = bool(status.start_time is not None or status.conditions or status.active or status.succeeded
                  or status.failed or status.ready or status.terminating or status.completed_indexes)
    if not synced:
        return {}
    return _compact({
        "active": status.active or None,
        "completedIndexes": status.completed_indexes or None,
        "completionTime": None if status.completion_time is None else to_timestamp(status.completion_time),
        "conditions": [condition_to_dict(c) for c in status.conditions] or None,
        "failed": status.failed or None,
        "failedIndexes": status.failed_indexes,
        "ready": status.ready,
        "startTime": None if status.start_time is None else to_timestamp(status.start_time),
        "succeeded": status.succeeded or None,
        "terminating": status.terminating,
        "uncountedTerminatedPods": {},
    })


def job_status_from_dict(status: dict) -> JobStatus:
    start, completion = status.get("startTime"), status.get("completionTime")
    return JobStatus(
        active=status.get("active") or 0, ready=status.get("ready") or 0, succeeded=status.get("succeeded") or 0,
        failed=status.get("failed") or 0, terminating=status.get("terminating") or 0,
        completed_indexes=status.get("completedIndexes") or "", failed_indexes=status.get("failedIndexes"),
        conditions=[condition_from_dict(c or {}) for c in status.get("conditions") or []],
        start_time=None if start is None else parse_timestamp(start),
        completion_time=None if completion is None else parse_timestamp(completion),
    )


def job_to_dict(job: Job) -> dict:
    """The Job as ``kubectl get job NAME -o yaml`` shows it."""
    metadata = _compact({
        "annotations": dict(job.annotations) or None,
        "creationTimestamp": to_timestamp(job.created_at),
        # Only a foreground deletion keeps a Job visible while it is being deleted.
        "deletionGracePeriodSeconds": None if job.deleted_at is None else 0,
        "deletionTimestamp": None if job.deleted_at is None else to_timestamp(job.deleted_at),
        "finalizers": None if job.deleted_at is None else ["foregroundDeletion"],
        "generation": job.generation,
        "labels": dict(job.labels) or None,
        "name": job.name,
        "namespace": job.namespace,
        "uid": job.uid,
    })
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata,
            "spec": job_spec_to_dict(job.spec), "status": job_status_to_dict(job.status)}


# ---- YAML ------------------------------------------------------------------------------

def go_yaml_key_less(a: str, b: str) -> bool:
    """Whether key ``a`` comes before ``b`` in ``kubectl -o yaml``: go-yaml v2's keyList.Less.

    kubectl turns the object into JSON, then into YAML with sigs.k8s.io/yaml,
    whose go-yaml v2 (sorter.go) sorts map keys "naturally": at the first
    differing character two letters compare by code point, a non-letter
    comes before a letter, and runs of digits compare as numbers
    (``a9`` < ``a10``; ``a_b`` < ``aB``, unlike a plain string sort).
    """
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        a_letter, b_letter = a[i].isalpha(), b[i].isalpha()
        if a_letter and b_letter:
            return a[i] < b[i]
        if a_letter or b_letter:
            return b_letter
        a_number = b_number = 0
        if a[i] == "0" or b[i] == "0":  # zeros inside a number (not leading ones) count
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    a_number = b_number = 1
                    break
                j -= 1
        a_end = i
        while a_end < len(a) and a[a_end].isdecimal():
            a_number = a_number * 10 + ord(a[a_end]) - ord("0")
            a_end += 1
        b_end = i
        while b_end < len(b) and b[b_end].isdecimal():
            b_number = b_number * 10 + ord(b[b_end]) - ord("0")
            b_end += 1
        if a_number != b_number:
            return a_number < b_number
        if a_end != b_end:
            return a_end < b_end
        return a[i] < b[i]
    return len(a) < len(b)


def _go_yaml_key(a: str, b: str) -> int:
    return -1 if go_yaml_key_less(a, b) else 1 if go_yaml_key_less(b, a) else 0


class _KubectlDumper(yaml.SafeDumper):
    """go-yaml's key order, 2-space indent, list items level with their key, like kubectl."""


def _represent_dict(dumper: _KubectlDumper, mapping: dict):
    keys = sorted(mapping, key=functools.cmp_to_key(_go_yaml_key))
    return dumper.represent_mapping("tag:yaml.org,2002:map", [(key, mapping[key]) for key in keys])


def _represent_str(dumper: _KubectlDumper, text: str):
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    implicit = dumper.resolve(yaml.ScalarNode, text, (True, False))
    if implicit != "tag:yaml.org,2002:str" or text == "":
        # go-yaml double-quotes strings that would read back as another type ("True", "4751", "").
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


_KubectlDumper.add_representer(str, _represent_str)
_KubectlDumper.add_representer(dict, _represent_dict)


def to_yaml(data: dict) -> str:
    """YAML laid out the way ``kubectl get ... -o yaml`` prints it."""
    return yaml.dump(data, Dumper=_KubectlDumper, sort_keys=False, indent=2, default_flow_style=False,
                     allow_unicode=True, width=80)


# ---- pods -------------------------------------------------------------------------------
# The Pod model keeps one exit code (of ``failed_container``, or the first
# container when None), one restart total and one start/finish time; the
# per-container statuses below spread them out the way the kubelet reports them.

def _main_state(pod: Pod, name: str) -> dict:
    if pod.finished_at is not None and pod.phase in ("Succeeded", "Failed"):
        ended_pod = name == (pod.failed_container or pod.containers[0])
        code = (pod.exit_code or 0) if ended_pod else 0
        return {"terminated": _compact({
            "exitCode": code, "finishedAt": to_timestamp(pod.finished_at),
            "reason": "Completed" if code == 0 else "Error",
            "startedAt": None if pod.started_at is None else to_timestamp(pod.started_at)})}
    if pod.started_at is not None:
        return {"running": {"startedAt": to_timestamp(pod.started_at)}}
    reason = pod.waiting_reason or "ContainerCreating"
    if pod.init_containers and (reason == "ContainerCreating" or reason.startswith("Init:")):
        reason = "PodInitializing"  # the kubelet's reason; "Init:0/1" is only kubectl's STATUS text
    return {"waiting": {"reason": reason}}


def _init_state(pod: Pod, name: str) -> dict:
    # The pod's run starts with its init containers: started_at is the first one's start.
    started = None if pod.started_at is None else to_timestamp(pod.started_at)
    if pod.failed_container == name and pod.finished_at is not None:
        return {"terminated": _compact({"exitCode": pod.exit_code or 0, "finishedAt": to_timestamp(pod.finished_at),
                                        "reason": "Error", "startedAt": started})}
    if pod.started_at is not None:  # the main containers only start after every init container exited 0
        return {"terminated": {"exitCode": 0, "finishedAt": started, "reason": "Completed", "startedAt": started}}
    return {"waiting": {"reason": "PodInitializing"}}


def pod_to_dict(pod: Pod) -> dict:
    """A pod in Kubernetes' JSON shape (the fields the simulator models)."""
    owners = None
    if pod.owner_uid is not None:
        owners = [{"apiVersion": "batch/v1", "blockOwnerDeletion": True, "controller": True, "kind": "Job",
                   "name": pod.job_name, "uid": pod.owner_uid}]
    metadata = _compact({
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
    spec = _compact({
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
    status = _compact({
        "conditions": [_compact({"lastProbeTime": None, "lastTransitionTime": to_timestamp(c.last_transition_time),
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


def pod_from_dict(d: dict) -> Pod:
    """A ``Pod`` from Kubernetes' JSON shape (the inverse of ``pod_to_dict`` for the modelled fields)."""
    metadata, spec, status = d.get("metadata") or {}, d.get("spec") or {}, d.get("status") or {}
    labels, annotations = dict(metadata.get("labels") or {}), dict(metadata.get("annotations") or {})
    owner = next((o for o in metadata.get("ownerReferences") or [] if (o or {}).get("kind") == "Job"), {})
    index = str(labels.get(JOB_COMPLETION_INDEX, annotations.get(JOB_COMPLETION_INDEX, "")))
    containers = tuple((c or {}).get("name") or "" for c in spec.get("containers") or [])
    pod = Pod(
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
    )
    statuses = [s or {} for s in status.get("containerStatuses") or []]
    pod.restarts = sum(s.get("restartCount") or 0 for s in statuses)
    pod.ready = bool(statuses) and all(s.get("ready") for s in statuses)
    for s in statuses:
        state = s.get("state") or {}
        running, terminated, waiting = state.get("running") or {}, state.get("terminated"), state.get("waiting")
        pod.started_at = _time(running.get("startedAt") or (terminated or {}).get("startedAt")) or pod.started_at
        if waiting is not None:
            pod.waiting_reason = waiting.get("reason")
        if terminated is not None:
            pod.finished_at = _time(terminated.get("finishedAt"))
            code = terminated.get("exitCode") or 0
            if code or pod.exit_code is None:
                pod.exit_code = code
                pod.failed_container = s.get("name") if code and s.get("name") != pod.containers[0] else None
        last = (s.get("lastState") or {}).get("terminated")
        if last is not None:
            pod.last_terminated_at = _time(last.get("finishedAt"))
            if terminated is None:  # still running: the exit code is the last run's
                pod.exit_code = last.get("exitCode")
    for s in status.get("initContainerStatuses") or []:
        terminated = ((s or {}).get("state") or {}).get("terminated") or {}
        if terminated.get("exitCode"):
            pod.exit_code, pod.failed_container = terminated["exitCode"], s.get("name")
            pod.finished_at = _time(terminated.get("finishedAt"))
    ready = next((c for c in pod.conditions if c.type == "Ready" and c.status == "True"), None)
    pod.ready_at = None if ready is None else ready.last_transition_time
    return pod


def _deleted_at(metadata: dict) -> float | None:
    """When deletion was asked for: the API's deletionTimestamp minus the grace period."""
    stamp = _time(metadata.get("deletionTimestamp"))
    if stamp is None:
        return None
    grace = metadata.get("deletionGracePeriodSeconds")
    return stamp - (grace if isinstance(grace, (int, float)) and not isinstance(grace, bool) else 0)
