"""Jobs in Kubernetes' JSON shape: ``job_to_dict`` is what ``kubectl get job NAME -o yaml`` shows, and the
``*_from_dict`` functions read the spec and status parts back (``decode`` defaults and validates first).
"""
from __future__ import annotations

import copy

from .timestamps import parse_timestamp, to_timestamp
from .types import (Condition, JobSpec, JobStatus, OnExitCodes, OnPodCondition, PodFailurePolicy, PodFailurePolicyRule,
                    SuccessPolicy, SuccessPolicyRule)


def compact(mapping: dict) -> dict:
    """Drop the fields Go leaves out (``omitempty``: None here)."""
    return {key: value for key, value in mapping.items() if value is not None}


# ---- Job spec ------------------------------------------------------------------------

def pod_failure_policy_to_dict(policy: PodFailurePolicy) -> dict:
    rules = []
    for rule in policy.rules:
        exit_codes = None
        if rule.on_exit_codes is not None:
            exit_codes = compact({"containerName": rule.on_exit_codes.container_name,
                                   "operator": rule.on_exit_codes.operator,
                                   "values": list(rule.on_exit_codes.values)})
        conditions = [{"type": c.type, "status": c.status} for c in rule.on_pod_conditions] or None
        rules.append(compact({"action": rule.action, "onExitCodes": exit_codes, "onPodConditions": conditions}))
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
    return {"rules": [compact({"succeededIndexes": r.succeeded_indexes, "succeededCount": r.succeeded_count})
                      for r in policy.rules]}


def success_policy_from_dict(policy: dict) -> SuccessPolicy:
    return SuccessPolicy(rules=[SuccessPolicyRule((r or {}).get("succeededIndexes"), (r or {}).get("succeededCount"))
                                for r in policy.get("rules") or []])


def job_spec_to_dict(spec: JobSpec) -> dict:
    """The defaulted spec in API shape."""
    return compact({
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
    return compact({"lastProbeTime": moment if probe_time else None, "lastTransitionTime": moment,
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
    return compact({
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


def job_to_dict(job) -> dict:
    """The Job as ``kubectl get job NAME -o yaml`` shows it."""
    metadata = compact({
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
