"""Validation of a defaulted Job, with the API server's field paths and messages.

Mirrors ``ValidateJob`` in upstream ``pkg/apis/batch/validation/validation.go``
(object metadata, the generated selector, the Job spec and its failure and
success policies), in the same order, so that ``str(ManifestError)`` reads
exactly like ``kubectl apply`` output. The rules read the defaulted manifest as
a dict in API shape; the dict has already passed the schema check, so every
field has the right type or is ``None``.

The rules it calls live next door:
``errors`` (``FieldError``, Go value formatting), ``names``
(names, labels, label selectors), ``pod`` (the pod template) and
``update`` (``validate_job_update``: what an update may change).
"""
from __future__ import annotations

from ..indexes import parse_indexes
from ..wellknown import CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL
from .errors import FieldError, GoValue, go_label_selector, go_slice, go_string_map, go_success_policy
from .names import (dns1123_label_errors, dns1123_subdomain_errors, domain_prefixed_path_errors, nbytes, nonnegative,
                    not_supported, qualified_name_errors, selector_errors, selector_is_valid, selector_matches,
                    validate_annotations, validate_labels)
from .pod import validate_pod_template

MAX_PARALLELISM_FOR_INDEXED_JOB = 100_000
MAX_FAILED_INDEXES_FOR_INDEXED_JOB = 100_000
COMPLETIONS_SOFT_LIMIT = 100_000
PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000
MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS = 10_000
MAX_POD_FAILURE_POLICY_RULES = 20
MAX_ON_EXIT_CODES_VALUES = 255
MAX_ON_POD_CONDITIONS_PATTERNS = 20
MAX_MANAGED_BY_LENGTH = 63
MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024
MAX_SUCCESS_POLICY_RULES = 20



# ---- errors ------------------------------------------------------------------

# ---- the Job (ValidateJob) ---------------------------------------------------------

POD_FAILURE_POLICY_ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"]
CONDITION_STATUSES = ["False", "True", "Unknown"]
EXIT_CODE_OPERATORS = ["In", "NotIn"]


def validate_job(job: dict, *, require_prefixed_labels: bool = True) -> list[FieldError]:
    """Upstream ``ValidateJob`` on a defaulted Job in API shape; returns every error, in upstream order."""
    meta, spec = job.get("metadata") or {}, job.get("spec") or {}
    name = meta.get("name") or ""
    errors = validate_object_meta(meta, "metadata")
    errors += validate_generated_selector(meta, spec, require_prefixed_labels)
    errors += validate_job_spec(spec, "spec")
    selector = spec.get("selector")
    if selector is None:
        errors.append(FieldError("spec.selector", "Required value"))
    else:
        errors += selector_errors(selector, "spec.selector")
    # A nil selector selects nothing, so it never matches the template either.
    template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if selector is None or (selector_is_valid(selector) and not selector_matches(selector, template_labels or {})):
        errors.append(FieldError("spec.template.metadata.labels", "Invalid value",
                                 "`selector` does not match template `labels`", go_string_map(template_labels)))
    completions = spec.get("completions")
    if spec.get("completionMode") == "Indexed" and completions is not None and completions > 0:
        # Indexed pods get the hostname <job>-<index>; the last index must still be a DNS label.
        hostname = f"{name}-{completions - 1}"
        if dns1123_label_errors(hostname):
            errors.append(FieldError("metadata.name", "Invalid value",
                                     f"will not able to create pod with invalid DNS label: {hostname}", name))
    return errors


def validate_object_meta(meta: dict, path: str) -> list[FieldError]:
    """Upstream ``ValidateObjectMeta`` with the DNS-subdomain name rule of Jobs."""
    errors = []
    generate_name = meta.get("generateName") or ""
    if generate_name:
        masked = generate_name[:-1] + "a" if len(generate_name) > 1 and generate_name.endswith("-") else generate_name
        errors += [FieldError(path + ".generateName", "Invalid value", msg, generate_name)
                   for msg in dns1123_subdomain_errors(masked)]
    name = meta.get("name") or ""
    if not name:
        errors.append(FieldError(path + ".name", "Required value", "name or generateName is required"))
    else:
        errors += [FieldError(path + ".name", "Invalid value", msg, name) for msg in dns1123_subdomain_errors(name)]
    namespace = meta.get("namespace") or ""
    if not namespace:
        errors.append(FieldError(path + ".namespace", "Required value"))
    else:
        errors += [FieldError(path + ".namespace", "Invalid value", msg, namespace)
                   for msg in dns1123_label_errors(namespace)]
    errors += nonnegative(meta.get("generation"), path + ".generation")
    errors += validate_labels(meta.get("labels"), path + ".labels")
    errors += validate_annotations(meta.get("annotations"), path + ".annotations")
    return errors


def _has_label(labels: dict | None, path: str, key: str, expected: str) -> list[FieldError]:
    """Upstream ``ValidateHasLabel``."""
    at = f"{path}.labels[{key}]"
    if key not in (labels or {}):
        return [FieldError(at, "Required value", f"must be '{expected}'")]
    if labels[key] != expected:
        return [FieldError(at, "Invalid value", f"must be '{expected}'", go_string_map(labels))]
    return []


def validate_generated_selector(meta: dict, spec: dict, require_prefixed_labels: bool) -> list[FieldError]:
    """Upstream ``validateGeneratedSelector``: a generated selector must select exactly this Job's pods."""
    selector = spec.get("selector")
    if spec.get("manualSelector") or selector is None:
        return []
    uid, name = meta.get("uid") or "", meta.get("name") or ""
    errors = [] if uid else [FieldError("metadata.uid", "Required value")]
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    path = "spec.template.metadata"
    errors += _has_label(labels, path, LEGACY_CONTROLLER_UID_LABEL, uid)
    errors += _has_label(labels, path, LEGACY_JOB_NAME_LABEL, name)
    expected = {LEGACY_CONTROLLER_UID_LABEL: uid, LEGACY_JOB_NAME_LABEL: name}
    if require_prefixed_labels:
        errors += _has_label(labels, path, CONTROLLER_UID_LABEL, uid)
        errors += _has_label(labels, path, JOB_NAME_LABEL, name)
        expected.update({CONTROLLER_UID_LABEL: uid, JOB_NAME_LABEL: name})
    if selector_is_valid(selector) and not selector_matches(selector, expected):
        errors.append(FieldError("spec.selector", "Invalid value", "`selector` not auto-generated",
                                 go_label_selector(selector)))
    return errors


def validate_job_spec(spec: dict, path: str) -> list[FieldError]:
    """Upstream ``validateJobSpec``: counts, completion mode, policies, then the pod template."""
    errors = []
    for name in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                 "ttlSecondsAfterFinished", "backoffLimitPerIndex"):
        errors += nonnegative(spec.get(name), f"{path}.{name}")
    completions, parallelism = spec.get("completions"), spec.get("parallelism")
    per_index, max_failed = spec.get("backoffLimitPerIndex"), spec.get("maxFailedIndexes")
    if max_failed is not None:
        errors += nonnegative(max_failed, path + ".maxFailedIndexes")
        if per_index is None:
            errors.append(FieldError(path + ".backoffLimitPerIndex", "Required value",
                                     "when maxFailedIndexes is specified"))
    managed_by = spec.get("managedBy")
    if managed_by is not None:
        errors += domain_prefixed_path_errors(managed_by, path + ".managedBy")
        if nbytes(managed_by) > MAX_MANAGED_BY_LENGTH:
            errors.append(FieldError(path + ".managedBy", "Too long",
                                     f"may not be more than {MAX_MANAGED_BY_LENGTH} bytes"))
    mode = spec.get("completionMode")
    if mode is not None:
        if mode not in ("NonIndexed", "Indexed"):
            errors.append(not_supported(path + ".completionMode", mode, ["NonIndexed", "Indexed"]))
        if mode == "Indexed":
            errors += _indexed_limits(completions, parallelism, per_index, max_failed, path)
    if mode in (None, "NonIndexed"):
        if per_index is not None:
            errors.append(FieldError(path + ".backoffLimitPerIndex", "Invalid value",
                                     "requires indexed completion mode", per_index))
        if max_failed is not None:
            errors.append(FieldError(path + ".maxFailedIndexes", "Invalid value",
                                     "requires indexed completion mode", max_failed))
    failure_policy = spec.get("podFailurePolicy")
    if failure_policy is not None:
        errors += _pod_failure_policy_errors(spec, failure_policy, path + ".podFailurePolicy")
    success_policy = spec.get("successPolicy")
    if success_policy is not None:
        if (mode or "NonIndexed") != "Indexed":
            errors.append(FieldError(path + ".successPolicy", "Invalid value", "requires indexed completion mode",
                                     go_success_policy(success_policy)))
        else:
            errors += _success_policy_errors(completions, success_policy, path + ".successPolicy")
    errors += _pod_replacement_policy_errors(spec, path + ".podReplacementPolicy")
    template = spec.get("template") or {}
    errors += validate_pod_template(template, path + ".template")
    # An omitted restartPolicy was defaulted to Always, so "" and Always get the same message.
    restart_policy = (template.get("spec") or {}).get("restartPolicy") or ""
    restart_path = path + ".template.spec.restartPolicy"
    if restart_policy in ("Always", ""):
        errors.append(FieldError(restart_path, "Required value", 'valid values: "OnFailure", "Never"'))
    elif restart_policy not in ("OnFailure", "Never"):
        errors.append(not_supported(restart_path, restart_policy, ["OnFailure", "Never"]))
    elif failure_policy is not None and restart_policy != "Never":
        errors.append(FieldError(restart_path, "Invalid value",
                                 'only "Never" is supported when podFailurePolicy is specified', restart_policy))
    return errors


def _indexed_limits(completions, parallelism, per_index, max_failed, path: str) -> list[FieldError]:
    errors = []
    if completions is None:
        errors.append(FieldError(path + ".completions", "Required value", "when completion mode is Indexed"))
    if parallelism is not None and parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB:
        errors.append(FieldError(path + ".parallelism", "Invalid value",
                                 "must be less than or equal to 100000 when completion mode is Indexed", parallelism))
    if completions is not None and max_failed is not None and max_failed > completions:
        errors.append(FieldError(path + ".maxFailedIndexes", "Invalid value",
                                 "must be less than or equal to completions", max_failed))
    if max_failed is not None and max_failed > MAX_FAILED_INDEXES_FOR_INDEXED_JOB:
        errors.append(FieldError(path + ".maxFailedIndexes", "Invalid value",
                                 "must be less than or equal to 100000", max_failed))
    if completions is not None and completions > COMPLETIONS_SOFT_LIMIT and per_index is not None:
        limit_detail = ("must be less than or equal to 10000 when completions are above 100000 "
                        "and used with backoff limit per index")
        if max_failed is None:
            errors.append(FieldError(path + ".maxFailedIndexes", "Required value",
                                     "must be specified when completions is above 100000"))
        if parallelism is not None and parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS:
            errors.append(FieldError(path + ".parallelism", "Invalid value", limit_detail, parallelism))
        if max_failed is not None and max_failed > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS:
            errors.append(FieldError(path + ".maxFailedIndexes", "Invalid value", limit_detail, max_failed))
    return errors


def _pod_replacement_policy_errors(spec: dict, path: str) -> list[FieldError]:
    policy = spec.get("podReplacementPolicy")
    if policy is None:
        return []
    if spec.get("podFailurePolicy") is not None:
        return [] if policy == "Failed" else [not_supported(path, policy, ["Failed"])]
    if policy not in ("Failed", "TerminatingOrFailed"):
        return [not_supported(path, policy, ["Failed", "TerminatingOrFailed"])]
    return []


def _container_names(spec: dict) -> set[str]:
    pod_spec = (spec.get("template") or {}).get("spec") or {}
    containers = (pod_spec.get("containers") or []) + (pod_spec.get("initContainers") or [])
    return {(c or {}).get("name") or "" for c in containers}


def _pod_failure_policy_errors(spec: dict, policy: dict, path: str) -> list[FieldError]:
    rules = policy.get("rules") or []
    errors = []
    if len(rules) > MAX_POD_FAILURE_POLICY_RULES:
        errors.append(FieldError(path + ".rules", "Too many", "must have at most 20 items", len(rules)))
    names = _container_names(spec)
    for i, rule in enumerate(rules):
        errors += _pod_failure_rule_errors(spec, rule or {}, f"{path}.rules[{i}]", names)
    return errors


def _pod_failure_rule_errors(spec: dict, rule: dict, path: str, names: set[str]) -> list[FieldError]:
    errors = []
    action = rule.get("action") or ""
    if not action:
        errors.append(FieldError(path + ".action", "Required value",
                                 'valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'))
    elif action == "FailIndex":
        if spec.get("backoffLimitPerIndex") is None:
            errors.append(FieldError(path + ".action", "Invalid value",
                                     "requires the backoffLimitPerIndex to be set", action))
    elif action not in POD_FAILURE_POLICY_ACTIONS:
        errors.append(not_supported(path + ".action", action, POD_FAILURE_POLICY_ACTIONS))
    on_exit_codes, on_conditions = rule.get("onExitCodes"), rule.get("onPodConditions") or []
    if on_exit_codes is not None:
        errors += _on_exit_codes_errors(on_exit_codes, path + ".onExitCodes", names)
    if on_conditions:
        errors += _on_pod_conditions_errors(on_conditions, path + ".onPodConditions")
    if on_exit_codes is not None and on_conditions:
        errors.append(FieldError(path, "Invalid value",
                                 "specifying both OnExitCodes and OnPodConditions is not supported"))
    if on_exit_codes is None and not on_conditions:
        errors.append(FieldError(path, "Invalid value",
                                 "specifying one of OnExitCodes and OnPodConditions is required"))
    return errors


def _on_exit_codes_errors(requirement: dict, path: str, names: set[str]) -> list[FieldError]:
    errors = []
    operator = requirement.get("operator") or ""
    if not operator:
        errors.append(FieldError(path + ".operator", "Required value", 'valid values: ["In" "NotIn"]'))
    elif operator not in EXIT_CODE_OPERATORS:
        errors.append(not_supported(path + ".operator", operator, EXIT_CODE_OPERATORS))
    container = requirement.get("containerName")
    if container is not None and container not in names:
        errors.append(FieldError(path + ".containerName", "Invalid value",
                                 "must be one of the container or initContainer names in the pod template",
                                 container))
    raw_values = requirement.get("values")
    values = [v or 0 for v in raw_values or []]
    shown = GoValue(go_slice("int32", None if raw_values is None else values))
    if not values:
        errors.append(FieldError(path + ".values", "Invalid value", "at least one value is required", shown))
    elif len(values) > MAX_ON_EXIT_CODES_VALUES:
        errors.append(FieldError(path + ".values", "Too many", "must have at most 255 items", len(values)))
    seen = set()
    for j, value in enumerate(values):
        if operator == "In" and value == 0:
            errors.append(FieldError(f"{path}.values[{j}]", "Invalid value", "must not be 0 for the In operator", 0))
        if value in seen:
            errors.append(FieldError(f"{path}.values[{j}]", "Duplicate value", value=value))
        seen.add(value)
    if any(earlier > later for earlier, later in zip(values, values[1:])):
        errors.append(FieldError(path + ".values", "Invalid value", "must be ordered", shown))
    return errors


def _on_pod_conditions_errors(patterns: list, path: str) -> list[FieldError]:
    errors = []
    if len(patterns) > MAX_ON_POD_CONDITIONS_PATTERNS:
        errors.append(FieldError(path, "Too many", "must have at most 20 items", len(patterns)))
    for j, pattern in enumerate(patterns):
        pattern, at = pattern or {}, f"{path}[{j}]"
        condition_type = pattern.get("type") or ""
        errors += [FieldError(at + ".type", "Invalid value", msg, condition_type)
                   for msg in qualified_name_errors(condition_type)]
        status = pattern.get("status") or ""
        if not status:
            errors.append(FieldError(at + ".status", "Required value", 'valid values: ["False" "True" "Unknown"]'))
        elif status not in CONDITION_STATUSES:
            errors.append(not_supported(at + ".status", status, CONDITION_STATUSES))
    return errors


def _success_policy_errors(completions, policy: dict, path: str) -> list[FieldError]:
    rules = policy.get("rules") or []
    errors = []
    if not rules:
        errors.append(FieldError(path + ".rules", "Required value",
                                 "at least one rules must be specified when the successPolicy is specified"))
    if len(rules) > MAX_SUCCESS_POLICY_RULES:
        errors.append(FieldError(path + ".rules", "Too many", "must have at most 20 items", len(rules)))
    for i, rule in enumerate(rules):
        errors += _success_rule_errors(completions, rule or {}, f"{path}.rules[{i}]")
    return errors


def _success_rule_errors(completions, rule: dict, path: str) -> list[FieldError]:
    indexes, count = rule.get("succeededIndexes"), rule.get("succeededCount")
    errors = []
    if indexes is None and count is None:
        errors.append(FieldError(path, "Required value",
                                 "at least one of succeededCount or succeededIndexes must be specified"))
    # Upstream dereferences spec.completions here; an Indexed Job without it already has an error.
    total = 0
    if indexes is not None:
        if nbytes(indexes) > MAX_SUCCEEDED_INDEXES_LENGTH:
            errors.append(FieldError(path + ".succeededIndexes", "Too long",
                                     f"may not be more than {MAX_SUCCEEDED_INDEXES_LENGTH} bytes"))
        if completions is not None:
            try:
                total = sum(last - first + 1 for first, last in parse_indexes(indexes, completions))
            except ValueError as problem:
                errors.append(FieldError(path + ".succeededIndexes", "Invalid value",
                                         f"error parsing succeededIndexes: {problem}", indexes))
    if count is not None:
        errors += nonnegative(count, path + ".succeededCount")
        if completions is not None and count > completions:
            errors.append(FieldError(path + ".succeededCount", "Invalid value",
                                     f"must be less than or equal to {completions} "
                                     "(the number of specified completions)", count))
        if completions is not None and indexes is not None and count > total:
            errors.append(FieldError(path + ".succeededCount", "Invalid value",
                                     f"must be less than or equal to {total} "
                                     "(the number of indexes in the specified succeededIndexes field)", count))
    return errors
