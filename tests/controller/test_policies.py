"""Matching a failed pod against a podFailurePolicy, and succeeded indexes against a successPolicy.

Ported from upstream ``pkg/controller/job/pod_failure_policy_test.go``
(TestMatchPodFailurePolicy) and ``success_policy_test.go`` (TestMatchSuccessPolicy).
Our pods record one failing container (``failed_container`` and ``exit_code``),
so upstream's multi-container cases keep the container that decides.
"""
import pytest

from controller_cases import failed, pod_condition
from k8sjobs_edu.api.intervals import Intervals
from k8sjobs_edu.api.types import (OnExitCodes, OnPodCondition, PodFailurePolicy, PodFailurePolicyRule, SuccessPolicy,
                                   SuccessPolicyRule)
from k8sjobs_edu.controller.policies import match_pod_failure_policy, match_success_policy


def on_exit(action, operator, *values, container=None):
    return PodFailurePolicyRule(action, on_exit_codes=OnExitCodes(operator, list(values), container))


def on_condition(action, type_="DisruptionTarget", status="True"):
    return PodFailurePolicyRule(action, on_pod_conditions=[OnPodCondition(type_, status)])


def exited(code, container="main-container"):
    return failed("mypod", exit_code=code, failed_container=container, containers=(container,))


def disrupted(status="True"):
    return failed("mypod", conditions=[pod_condition("DisruptionTarget", status)])


def fail_job_message(code, index, container="main-container"):
    return (f"Container {container} for pod default/mypod failed with exit code {code} "
            f"matching FailJob rule at index {index}")


COUNTED, IGNORED = True, False

POD_FAILURE_CASES = [
    ("without a policy every failure counts",
     None, exited(2), (None, COUNTED, None)),
    ("a rule with an unknown action is skipped (exit codes)",
     [on_exit("UnknownAction", "In", 1, 2), on_exit("FailJob", "In", 2, 3)], exited(2),
     (fail_job_message(2, 1), COUNTED, "FailJob")),
    ("a rule with an unknown action is skipped (pod conditions)",
     [on_condition("UnknownAction"), on_condition("Ignore")], disrupted(),
     (None, IGNORED, "Ignore")),
    ("a rule with an unknown operator never matches",
     [on_exit("Ignore", "UnknownOperator", 1, 2), on_exit("FailJob", "In", 2, 3)], exited(2),
     (fail_job_message(2, 1), COUNTED, "FailJob")),
    ("Ignore on an exit code: not counted",
     [on_exit("Ignore", "In", 1, 2, 3)], exited(2), (None, IGNORED, "Ignore")),
    ("FailJob on an exit code names the container, the pod and the rule",
     [on_exit("FailJob", "In", 1, 2, 3)], exited(2), (fail_job_message(2, 0), COUNTED, "FailJob")),
    ("a listed exit code does not match NotIn",
     [on_exit("FailJob", "NotIn", 111)], exited(111), (None, COUNTED, None)),
    ("exit code 0 never matches, not even NotIn",
     [on_exit("FailJob", "NotIn", 111)], exited(0), (None, COUNTED, None)),
    ("NotIn [0] matches any failing exit code",
     [on_exit("FailJob", "NotIn", 0)], exited(1), (fail_job_message(1, 0), COUNTED, "FailJob")),
    ("FailIndex on an exit code counts and fails the index",
     [on_exit("FailIndex", "In", 1, 2, 3)], exited(2), (None, COUNTED, "FailIndex")),
    ("the second rule matches when the first does not",
     [on_exit("Count", "In", 1, 2, 3), on_exit("FailJob", "In", 4, 5, 6)], exited(6),
     (fail_job_message(6, 1), COUNTED, "FailJob")),
    ("Count on an exit code",
     [on_exit("Count", "In", 1, 2, 3)], exited(2, container="bar"), (None, COUNTED, "Count")),
    ("containerName restricts the rule to that container",
     [on_exit("FailJob", "In", 5, container="main-container")], exited(5, container="monitoring-container"),
     (None, COUNTED, None)),
    ("containerName matches an init container too",
     [on_exit("FailJob", "In", 5, container="init-container")], exited(5, container="init-container"),
     (fail_job_message(5, 0, "init-container"), COUNTED, "FailJob")),
    ("the first matching rule wins: NotIn [8] catches exit 32 before later rules",
     [on_exit("Count", "NotIn", 8), on_exit("Ignore", "In", 1, 2, 3), on_exit("FailJob", "NotIn", 5, 6, 7),
      on_condition("Count", "ResourceLimitExceeded"), on_condition("Ignore")], exited(32),
     (None, COUNTED, "Count")),
    ("FailIndex on a pod condition",
     [on_condition("FailIndex")], disrupted(), (None, COUNTED, "FailIndex")),
    ("Ignore on a pod condition",
     [on_condition("Ignore")], disrupted(), (None, IGNORED, "Ignore")),
    ("a pattern with status False matches a False condition",
     [on_condition("Ignore", status="False")], disrupted("False"), (None, IGNORED, "Ignore")),
    ("a pattern with status Unknown matches an Unknown condition",
     [on_condition("Ignore", status="Unknown")], disrupted("Unknown"), (None, IGNORED, "Ignore")),
    ("a pattern with status False does not match a True condition",
     [on_condition("Ignore", status="False")], disrupted("True"), (None, COUNTED, None)),
    ("a pattern with status True does not match a False condition",
     [on_condition("Ignore")], disrupted("False"), (None, COUNTED, None)),
    ("FailJob on a pod condition names the condition",
     [on_condition("FailJob")], disrupted(),
     ("Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0", COUNTED, "FailJob")),
    ("Count on a pod condition",
     [on_condition("Count")], disrupted(), (None, COUNTED, "Count")),
]


@pytest.mark.parametrize("rules, pod, want", [(r, p, w) for _, r, p, w in POD_FAILURE_CASES],
                         ids=[name for name, *_ in POD_FAILURE_CASES])
def test_match_pod_failure_policy(rules, pod, want):
    policy = None if rules is None else PodFailurePolicy(rules)
    match = match_pod_failure_policy(policy, pod)
    assert (match.fail_job_message, match.count_failed, match.action) == want


def rules(*pairs):
    return SuccessPolicy([SuccessPolicyRule(indexes, count) for indexes, count in pairs])


SUCCESS_CASES = [
    ("no successPolicy", None, [(0, 0)], None),
    ("no rules", SuccessPolicy([]), [(0, 0)], None),
    ("succeededIndexes in a bad format never match", rules(("invalid-form", None)), [(0, 0)], None),
    ("succeededIndexes all succeeded", rules(("0-2", None)), [(0, 2), (4, 7)], 0),
    ("succeededIndexes not all succeeded", rules(("3", None)), [(0, 2)], None),
    ("succeededCount reached", rules((None, 2)), [(0, 2)], 0),
    ("succeededCount not reached", rules((None, 4)), [(0, 2)], None),
    ("the first matching rule is named", rules(("9", None), ("4,6", None)), [(0, 2), (4, 7)], 1),
    ("when all rules match the first is named", rules(("0,1", None), ("5", None)), [(0, 2), (4, 7)], 0),
    ("succeededCount within succeededIndexes reached", rules(("3-6", 2)), [(0, 2), (4, 7)], 0),
    ("succeededCount within succeededIndexes not reached", rules(("3-6", 2)), [(0, 2), (6, 7)], None),
    ("nothing succeeded yet", rules((None, 4)), [], None),
    ("rule indexes a proper subset of the succeeded ones", rules(("2-4,6-8", None)), [(1, 5), (6, 9)], 0),
    ("rule indexes equal to the succeeded ones", rules(("2-4,6-9", None)), [(2, 4), (6, 9)], 0),
    ("rule indexes a subset across intervals", rules(("2-4,8-12", None)), [(2, 5), (7, 15)], 0),
    ("an empty succeededIndexes never matches", rules(("", None)), [(1, 3)], None),
    ("an empty succeededIndexes never matches, even with nothing succeeded", rules(("", None)), [], None),
    ("rule indexes none of which succeeded", rules(("10-12,14-16", None)), [(1, 3), (5, 7)], None),
    ("rule indexes overlapping at the start", rules(("1-3,5-7", None)), [(2, 4), (6, 8)], None),
    ("overlapping at the start with enough for succeededCount", rules(("1-3,5-7", 4)), [(2, 4), (6, 8)], 0),
    ("rule indexes overlapping at the end", rules(("2-4,6-9", None)), [(1, 3), (5, 7)], None),
    ("overlapping at the end with enough for succeededCount", rules(("2-4,6-9", 4)), [(1, 3), (5, 7)], 0),
    ("rule indexes covering the succeeded ones", rules(("0-4,6-9", None)), [(1, 3), (7, 8)], None),
    ("covering the succeeded ones with enough for succeededCount", rules(("0-4,6-9", 5)), [(1, 3), (7, 8)], 0),
    ("rule overlapping several succeeded intervals", rules(("0-6,8-9", None)), [(1, 3), (5, 9)], None),
    ("overlapping several with enough for succeededCount", rules(("0-6,8-9", 7)), [(1, 3), (5, 9)], 0),
    ("overlapping first, equal last", rules(("0-5,7-9", None)), [(1, 5), (7, 10)], None),
    ("overlapping first, equal last, enough for succeededCount", rules(("0-5,7-9", 8)), [(1, 5), (7, 10)], 0),
    ("the first rule overlapping at the start", rules(("0-3,6-9", None)), [(1, 10)], None),
    ("the first rule overlapping at the start, enough for succeededCount", rules(("0-3,6-9", 7)), [(1, 10)], 0),
]


@pytest.mark.parametrize("policy, succeeded_pairs, want_rule", [(p, s, w) for _, p, s, w in SUCCESS_CASES],
                         ids=[name for name, *_ in SUCCESS_CASES])
def test_match_success_policy(policy, succeeded_pairs, want_rule):
    message = match_success_policy(policy, 10, Intervals(tuple(succeeded_pairs)))
    assert message == (None if want_rule is None else f"Matched rules at index {want_rule}")
