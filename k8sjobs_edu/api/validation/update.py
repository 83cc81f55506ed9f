"""What may change when a Job is updated: upstream ``ValidateJobSpecUpdate``.

Most of a Job's spec is immutable once created; the exceptions mirrored here
are elastic Indexed Jobs (completions together with parallelism) and the
scheduling directives of a suspended Job that never started. Both Jobs are
defaulted dicts in API shape, as in ``validation``.
"""
from __future__ import annotations

from .errors import FieldError, GoValue, go_label_selector, go_pod_failure_policy, go_success_policy


# ---- updates (ValidateJobSpecUpdate) -------------------------------------------------

SCHEDULING_DIRECTIVES = ("nodeSelector", "tolerations", "schedulingGates")


def _canonical(value):
    """Drop nulls and empty lists/maps, as Kubernetes' semantic equality treats nil and empty alike."""
    if isinstance(value, dict):
        pairs = {k: _canonical(v) for k, v in value.items()}
        return {k: v for k, v in pairs.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def _immutable(new, old, path: str, shown) -> list[FieldError]:
    if _canonical(new) == _canonical(old):
        return []
    return [FieldError(path, "Invalid value", "field is immutable", shown)]


def validate_job_update(new: dict, old: dict, *, old_suspended_never_started: bool) -> list[FieldError]:
    """Upstream ``ValidateJobSpecUpdate``: the immutable parts of a Job's spec (both Jobs defaulted)."""
    new_spec, old_spec = new.get("spec") or {}, old.get("spec") or {}
    errors = []
    completions, old_completions = new_spec.get("completions"), old_spec.get("completions")
    if new_spec.get("completionMode") != "Indexed":
        errors += _immutable(completions, old_completions, "spec.completions", completions)
    elif completions != old_completions and completions is not None and completions != new_spec.get("parallelism"):
        # Elastic Indexed Jobs (GA 1.31): completions may change together with an equal parallelism.
        errors.append(FieldError("spec.completions", "Invalid value",
                                 "can only be modified in tandem with spec.parallelism", completions))
    selector = new_spec.get("selector")
    errors += _immutable(selector, old_spec.get("selector"), "spec.selector",
                         None if selector is None else go_label_selector(selector))
    template, old_template = new_spec.get("template") or {}, dict(old_spec.get("template") or {})
    if old_suspended_never_started:
        old_template = _with_scheduling_directives_of(template, old_template)
    errors += _immutable(template, old_template, "spec.template", GoValue("core.PodTemplateSpec{...}"))
    for name in ("completionMode", "backoffLimitPerIndex", "managedBy"):
        errors += _immutable(new_spec.get(name), old_spec.get(name), f"spec.{name}", new_spec.get(name))
    failure_policy, success_policy = new_spec.get("podFailurePolicy"), new_spec.get("successPolicy")
    errors += _immutable(failure_policy, old_spec.get("podFailurePolicy"), "spec.podFailurePolicy",
                         None if failure_policy is None else go_pod_failure_policy(failure_policy))
    errors += _immutable(success_policy, old_spec.get("successPolicy"), "spec.successPolicy",
                         None if success_policy is None else go_success_policy(success_policy))
    return errors


def _with_scheduling_directives_of(template: dict, old_template: dict) -> dict:
    """The old template with the new scheduling directives: those may change while a Job never ran."""
    pod_spec, old_pod_spec = template.get("spec") or {}, dict(old_template.get("spec") or {})
    for name in SCHEDULING_DIRECTIVES:
        old_pod_spec[name] = pod_spec.get(name)
    affinity = dict(old_pod_spec.get("affinity") or {})
    affinity["nodeAffinity"] = (pod_spec.get("affinity") or {}).get("nodeAffinity")
    old_pod_spec["affinity"] = affinity
    meta, old_meta = template.get("metadata") or {}, dict(old_template.get("metadata") or {})
    old_meta["labels"], old_meta["annotations"] = meta.get("labels"), meta.get("annotations")
    return {**old_template, "metadata": old_meta, "spec": old_pod_spec}
