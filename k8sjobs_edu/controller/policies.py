"""Matching failed pods against a podFailurePolicy, and succeeded indexes against a successPolicy.

Mirrors upstream ``pod_failure_policy.go`` (matchPodFailurePolicy) and
``success_policy.go`` (matchSuccessPolicy).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..api.intervals import Intervals
from ..api.model import Pod
from ..api.types import PodFailurePolicy, SuccessPolicy


@dataclass(frozen=True)
class PolicyMatch:
    """What a podFailurePolicy says about one failed pod."""

    fail_job_message: str | None = None  # set when a FailJob rule matched
    count_failed: bool = True  # False when an Ignore rule matched
    action: str | None = None  # the matched rule's action, None when no rule matched


NO_MATCH = PolicyMatch()


def match_pod_failure_policy(policy: PodFailurePolicy | None, pod: Pod) -> PolicyMatch:
    """First matching rule wins; no match means "count as usual"."""
    if policy is None:
        return NO_MATCH
    for index, rule in enumerate(policy.rules):
        if rule.on_exit_codes is not None:
            container = _matching_container(pod, rule.on_exit_codes)
            matched = container is not None
            why = f"Container {container} for pod {pod.namespace}/{pod.name} failed with exit code {pod.exit_code}"
        elif rule.on_pod_conditions:
            condition = _matching_condition(pod, rule.on_pod_conditions)
            matched = condition is not None
            why = f"Pod {pod.namespace}/{pod.name} has condition {condition}"
        else:
            continue
        if not matched:
            continue
        if rule.action == "FailJob":
            return PolicyMatch(f"{why} matching FailJob rule at index {index}", True, "FailJob")
        if rule.action in ("Ignore", "Count", "FailIndex"):
            return PolicyMatch(None, rule.action != "Ignore", rule.action)
        # An unknown action matches nothing (upstream's switch falls through).
    return NO_MATCH


def _matching_container(pod: Pod, requirement) -> str | None:
    """The terminated container whose non-zero exit code satisfies the rule (containers, then init containers)."""
    if pod.exit_code is None or pod.exit_code == 0:
        return None  # exit 0 never matches, not even with NotIn
    container = pod.failed_container or (pod.containers[0] if pod.containers else "")
    if requirement.container_name is not None and requirement.container_name != container:
        return None
    listed = pod.exit_code in requirement.values
    if requirement.operator == "In" and listed:
        return container
    if requirement.operator == "NotIn" and not listed:
        return container
    return None


def _matching_condition(pod: Pod, patterns) -> str | None:
    for condition in pod.conditions:
        for pattern in patterns:
            if condition.type == pattern.type and condition.status == pattern.status:
                return condition.type
    return None


def match_success_policy(policy: SuccessPolicy | None, completions: int,
                         succeeded: Intervals) -> str | None:
    """The SuccessCriteriaMet message ("Matched rules at index <i>") or None."""
    if policy is None or not succeeded:
        return None
    for index, rule in enumerate(policy.rules):
        if rule.succeeded_indexes is not None:
            required = Intervals.parse(rule.succeeded_indexes, completions)
            if not required:
                continue
            overlap = required.overlap(succeeded)
            if overlap == required.total() or (
                    rule.succeeded_count is not None and overlap >= rule.succeeded_count):
                return f"Matched rules at index {index}"
        elif rule.succeeded_count is not None and succeeded.total() >= rule.succeeded_count:
            return f"Matched rules at index {index}"
    return None
