"""Every Job validation rule, with the API server's field path and message.

Expected messages come from upstream pkg/apis/batch/validation/validation.go
(ValidateJob / validateJobSpec / validatePodFailurePolicyRule /
validateSuccessPolicyRule / ValidateJobSpecUpdate), the core pod-template
validation it calls, and the reference table k8s-job-semantics.md §2.2.
"""
import copy

import pytest

from k8sjobs_edu.api.defaults import default_job, default_uid
from k8sjobs_edu.api.manifest import load_job, validate_update
from k8sjobs_edu.api.validation.errors import FieldError, ManifestError, aggregate
from k8sjobs_edu.api.validation.job import validate_job

UID = default_uid("default", "myjob")
DROP = object()
INDEXED = {"completionMode": "Indexed", "completions": 10}
PER_INDEX = {**INDEXED, "backoffLimitPerIndex": 1}


def merged(base: dict, patch: dict) -> dict:
    """``base`` with ``patch`` applied recursively; ``DROP`` removes a key."""
    result = copy.deepcopy(base)
    for key, value in patch.items():
        if value is DROP:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def manifest(spec=None, pod=None, name="myjob", template_metadata=None, metadata=None) -> dict:
    """A valid Job (busybox, restartPolicy Never) with spec, pod spec and metadata patched."""
    pod_spec = merged({"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}, pod or {})
    template = {"spec": pod_spec}
    if template_metadata is not None:
        template["metadata"] = template_metadata
    job_spec = merged({"template": template}, spec or {})
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": merged({}, {"name": name, **(metadata or {})}),
            "spec": job_spec}


def errors_of(document: dict) -> list[str]:
    with pytest.raises(ManifestError) as caught:
        load_job(document)
    return [str(error) for error in caught.value.errors]


def exit_codes(action="FailJob", **requirement) -> dict:
    return {"podFailurePolicy": {"rules": [{"action": action,
                                            "onExitCodes": merged({"operator": "In", "values": [42]}, requirement)}]}}


def conditions(*patterns, action="Ignore") -> dict:
    return {"podFailurePolicy": {"rules": [{"action": action, "onPodConditions": list(patterns)}]}}


def success(*rules, **spec) -> dict:
    return {**INDEXED, **spec, "successPolicy": {"rules": list(rules)}}


RULES = [
    # ---- counts
    ("negative parallelism", {"parallelism": -1}, None,
     ["spec.parallelism: Invalid value: -1: must be greater than or equal to 0"]),
    ("negative completions", {"completions": -1}, None,
     ["spec.completions: Invalid value: -1: must be greater than or equal to 0"]),
    ("negative backoffLimit", {"backoffLimit": -1}, None,
     ["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"]),
    ("negative activeDeadlineSeconds", {"activeDeadlineSeconds": -1}, None,
     ["spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0"]),
    ("negative ttlSecondsAfterFinished", {"ttlSecondsAfterFinished": -1}, None,
     ["spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0"]),
    ("negative backoffLimitPerIndex", {**INDEXED, "backoffLimitPerIndex": -1}, None,
     ["spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0"]),
    ("negative maxFailedIndexes", {**PER_INDEX, "maxFailedIndexes": -1}, None,
     ["spec.maxFailedIndexes: Invalid value: -1: must be greater than or equal to 0"]),
    # ---- restart policy
    ("restartPolicy Always", None, {"restartPolicy": "Always"},
     ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']),
    ("restartPolicy omitted, so defaulted to Always", None, {"restartPolicy": DROP},
     ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']),
    ("restartPolicy junk: the pod's list first, then the Job's", None, {"restartPolicy": "Sometimes"},
     ['spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: '
      '"Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"']),
    ("podFailurePolicy with restartPolicy OnFailure", exit_codes(), {"restartPolicy": "OnFailure"},
     ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": '
      'only "Never" is supported when podFailurePolicy is specified']),
    # ---- completion mode
    ("Indexed without completions", {"completionMode": "Indexed", "parallelism": 3}, None,
     ["spec.completions: Required value: when completion mode is Indexed"]),
    ("Indexed with parallelism above 100000", {**INDEXED, "parallelism": 100001}, None,
     ["spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed"]),
    ("unknown completionMode", {"completionMode": "Random"}, None,
     ['spec.completionMode: Unsupported value: "Random": supported values: "NonIndexed", "Indexed"']),
    # ---- backoff limit per index
    ("backoffLimitPerIndex on a NonIndexed Job", {"backoffLimitPerIndex": 1}, None,
     ["spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"]),
    ("maxFailedIndexes on a NonIndexed Job", {"backoffLimitPerIndex": 1, "maxFailedIndexes": 1}, None,
     ["spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
      "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode"]),
    ("maxFailedIndexes without backoffLimitPerIndex", {**INDEXED, "maxFailedIndexes": 1}, None,
     ["spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"]),
    ("maxFailedIndexes above completions", {**PER_INDEX, "maxFailedIndexes": 11}, None,
     ["spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions"]),
    ("maxFailedIndexes above 100000", {**PER_INDEX, "completions": 200000, "maxFailedIndexes": 100001}, None,
     ["spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
      "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 10000 when completions are above "
      "100000 and used with backoff limit per index"]),
    ("completions above 100000 per index without maxFailedIndexes", {**PER_INDEX, "completions": 100001}, None,
     ["spec.maxFailedIndexes: Required value: must be specified when completions is above 100000"]),
    ("completions above 100000 per index with parallelism above 10000",
     {**PER_INDEX, "completions": 200000, "maxFailedIndexes": 10, "parallelism": 50000}, None,
     ["spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions are above "
      "100000 and used with backoff limit per index"]),
    ("completions above 100000 per index with maxFailedIndexes above 10000",
     {**PER_INDEX, "completions": 200000, "maxFailedIndexes": 50000}, None,
     ["spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when completions are above "
      "100000 and used with backoff limit per index"]),
    # ---- pod replacement policy
    ("TerminatingOrFailed with a podFailurePolicy", {**exit_codes(), "podReplacementPolicy": "TerminatingOrFailed"},
     None, ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"']),
    ("an empty podReplacementPolicy", {"podReplacementPolicy": ""}, None,
     ['spec.podReplacementPolicy: Unsupported value: "": supported values: "Failed", "TerminatingOrFailed"']),
    # ---- pod failure policy
    ("a rule without action", {"podFailurePolicy": {"rules": [{"onExitCodes": {"operator": "In", "values": [1]}}]}},
     None, ['spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" '
            '"Ignore"]']),
    ("an unknown action", exit_codes(action="UnknownAction"), None,
     ['spec.podFailurePolicy.rules[0].action: Unsupported value: "UnknownAction": supported values: '
      '"Count", "FailIndex", "FailJob", "Ignore"']),
    ("FailIndex without backoffLimitPerIndex", {**INDEXED, **exit_codes(action="FailIndex")}, None,
     ['spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set']),
    ("a rule with neither requirement", {"podFailurePolicy": {"rules": [{"action": "Count"}]}}, None,
     ["spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"]),
    ("a rule with both requirements",
     {"podFailurePolicy": {"rules": [{"action": "Count", "onExitCodes": {"operator": "In", "values": [1]},
                                      "onPodConditions": [{"type": "DisruptionTarget"}]}]}}, None,
     ["spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not "
      "supported"]),
    ("more than 20 rules",
     {"podFailurePolicy": {"rules": [{"action": "Count", "onExitCodes": {"operator": "In", "values": [1]}}] * 21}},
     None, ["spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items"]),
    ("onExitCodes without operator", exit_codes(operator=DROP), None,
     ['spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]']),
    ("an unknown operator", exit_codes(operator="UnknownOperator"), None,
     ['spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "UnknownOperator": supported values: '
      '"In", "NotIn"']),
    ("empty values", exit_codes(values=[]), None,
     ["spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required"]),
    ("no values at all", exit_codes(values=DROP), None,
     ["spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32(nil): at least one value is "
      "required"]),
    ("more than 255 values", exit_codes(values=list(range(1, 257))), None,
     ["spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items"]),
    ("exit code 0 with In", exit_codes(values=[0, 1]), None,
     ["spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator"]),
    ("exit code 0 with NotIn is fine but a duplicate is not", exit_codes(operator="NotIn", values=[0, 11, 11]), None,
     ["spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 11"]),
    ("unsorted values", exit_codes(values=[19, 11]), None,
     ["spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{19, 11}: must be ordered"]),
    ("an unknown containerName", exit_codes(containerName="xyz"), None,
     ['spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "xyz": must be one of the container '
      'or initContainer names in the pod template']),
    ("more than 20 condition patterns", conditions(*[{"type": "DisruptionTarget"}] * 21), None,
     ["spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items"]),
    ("an unknown pattern status", conditions({"type": "DisruptionTarget", "status": "UnknownStatus"}), None,
     ['spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "UnknownStatus": '
      'supported values: "False", "True", "Unknown"']),
    ("a pattern type that is not a qualified name", conditions({"type": "Bad Type"}), None,
     ['spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "Bad Type": name part must consist of '
      "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
      "'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?"
      "[A-Za-z0-9]')"]),
    # ---- success policy
    ("successPolicy on a NonIndexed Job",
     {"successPolicy": {"rules": [{"succeededIndexes": "0", "succeededCount": 1}]}}, None,
     # Go prints pointers as heap addresses; the simulator prints fixed stand-ins.
     ["spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{batch.SuccessPolicyRule"
      "{SucceededIndexes:(*string)(0xc000010010), SucceededCount:(*int32)(0xc000010020)}}}: requires indexed "
      "completion mode"]),
    ("successPolicy without rules", success(), None,
     ["spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is "
      "specified"]),
    ("a success rule with nothing", success({}), None,
     ["spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be "
      "specified"]),
    ("more than 20 success rules", success(*[{"succeededCount": 1}] * 21), None,
     ["spec.successPolicy.rules: Too many: 21: must have at most 20 items"]),
    ("succeededIndexes that do not parse", success({"succeededIndexes": "invalid-format"}), None,
     ['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "invalid-format": error parsing '
      'succeededIndexes: cannot convert string to integer for index: "invalid"']),
    ("succeededIndexes beyond completions", success({"succeededIndexes": "0,10"}), None,
     ['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0,10": error parsing succeededIndexes: '
      'too large index: "10"']),
    ("succeededIndexes out of order", success({"succeededIndexes": "3,1"}), None,
     ['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes: '
      "non-increasing order, previous: 3, current: 1"]),
    ("succeededCount above completions", success({"succeededCount": 6}, completions=5), None,
     ["spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of "
      "specified completions)"]),
    ("succeededCount above the listed indexes", success({"succeededIndexes": "0-2", "succeededCount": 4},
                                                        completions=5), None,
     ["spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of "
      "indexes in the specified succeededIndexes field)"]),
    ("a negative succeededCount", success({"succeededCount": -1}), None,
     ["spec.successPolicy.rules[0].succeededCount: Invalid value: -1: must be greater than or equal to 0"]),
    # ---- managed by
    ("managedBy without a domain", {"managedBy": "invalid custom controller name"}, None,
     ['spec.managedBy: Invalid value: "invalid custom controller name": must be a domain-prefixed path '
      '(such as "acme.io/foo")']),
    ("managedBy longer than 63 bytes", {"managedBy": "example.com/" + "x" * 60}, None,
     ["spec.managedBy: Too long: may not be more than 63 bytes"]),
]


@pytest.mark.parametrize("spec, pod, expected", [pytest.param(s, p, e, id=i) for i, s, p, e in RULES])
def test_job_spec_rule(spec, pod, expected):
    assert errors_of(manifest(spec, pod)) == expected


SELECTOR_RULES = [
    ("manual selector missing", manifest({"manualSelector": True}, template_metadata={"labels": {"y": "z"}}),
     ["spec.selector: Required value",
      'spec.template.metadata.labels: Invalid value: map[string]string{"y":"z"}: `selector` does not match template '
      "`labels`"]),
    ("manual selector that does not match the template",
     manifest({"manualSelector": True, "selector": {"matchLabels": {"a": "b"}}},
              template_metadata={"labels": {"y": "z"}}),
     ['spec.template.metadata.labels: Invalid value: map[string]string{"y":"z"}: `selector` does not match template '
      "`labels`"]),
    ("a selector without manualSelector",
     manifest({"selector": {"matchLabels": {"a": "b"}}}, template_metadata={"labels": {"a": "b"}}),
     ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b", '
      f'"batch.kubernetes.io/controller-uid":"{UID}"}}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}: '
      "`selector` not auto-generated"]),
    ("a template label that contradicts the generated one",
     manifest(template_metadata={"labels": {"job-name": "other"}}),
     [f'spec.template.metadata.labels[job-name]: Invalid value: map[string]string{{"batch.kubernetes.io/'
      f'controller-uid":"{UID}", "batch.kubernetes.io/job-name":"myjob", "controller-uid":"{UID}", '
      "\"job-name\":\"other\"}: must be 'myjob'"]),
    ("a selector operator that does not exist",
     manifest({"manualSelector": True, "selector": {"matchExpressions": [{"key": "a", "operator": "Near"}]}},
              template_metadata={"labels": {"a": "b"}}),
     ['spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator']),
]


@pytest.mark.parametrize("document, expected", [pytest.param(d, e, id=i) for i, d, e in SELECTOR_RULES])
def test_selector_rule(document, expected):
    assert errors_of(document) == expected


SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
             "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
             r"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
         "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
LONG_NAME = "a" * 64
NAME_62 = "b" * 62

NAME_RULES = [
    ("a name that is not a DNS subdomain", manifest(name="My_Job"),
     [f'metadata.name: Invalid value: "My_Job": {SUBDOMAIN}']),
    ("a name over 63 characters: both job-name label values are too long", manifest(name=LONG_NAME),
     [f'spec.template.labels: Invalid value: "{LONG_NAME}": must be no more than 63 bytes'] * 2),
    ("a long name with template labels: the Job shares the template's label map",
     manifest(name=LONG_NAME, template_metadata={"labels": {"app": "x"}}),
     [f'metadata.labels: Invalid value: "{LONG_NAME}": must be no more than 63 bytes'] * 2
     + [f'spec.template.labels: Invalid value: "{LONG_NAME}": must be no more than 63 bytes'] * 2),
    ("an Indexed Job whose last pod hostname is not a DNS label", manifest(INDEXED, name=NAME_62),
     [f'metadata.name: Invalid value: "{NAME_62}": will not able to create pod with invalid DNS label: {NAME_62}-9']),
    ("no name", manifest(name=DROP),
     ["metadata.name: Required value: name or generateName is required"]),
    ("a namespace that is not a DNS label", manifest(metadata={"namespace": "Team.A"}),
     [f'metadata.namespace: Invalid value: "Team.A": {LABEL}']),
    ("a namespace with dots", manifest(metadata={"namespace": "team.a"}),
     ['metadata.namespace: Invalid value: "team.a": must not contain dots']),
    ("a label value with spaces", manifest(metadata={"labels": {"app": "my app"}}),
     ['metadata.labels: Invalid value: "my app": a valid label must be an empty string or consist of alphanumeric '
      "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
      "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]),
    ("a label key with an empty prefix", manifest(metadata={"labels": {"/app": "x"}}),
     ['metadata.labels: Invalid value: "/app": prefix part must be non-empty']),
]


@pytest.mark.parametrize("document, expected", [pytest.param(d, e, id=i) for i, d, e in NAME_RULES])
def test_metadata_rule(document, expected):
    assert errors_of(document) == expected


def test_a_name_with_a_dot_is_only_a_warning_upstream():
    assert load_job(manifest(name="pi.v2")).name == "pi.v2"


POD_TEMPLATE_RULES = [
    ("no containers", {"containers": []}, ["spec.template.spec.containers: Required value"]),
    ("a container without name", {"containers": [{"image": "busybox"}]},
     ["spec.template.spec.containers[0].name: Required value"]),
    ("a container without image", {"containers": [{"name": "main"}]},
     ["spec.template.spec.containers[0].image: Required value"]),
    ("a container name that is not a DNS label", {"containers": [{"name": "Main", "image": "busybox"}]},
     [f'spec.template.spec.containers[0].name: Invalid value: "Main": {LABEL}']),
    ("duplicate container names", {"containers": [{"name": "main", "image": "a"}, {"name": "main", "image": "b"}]},
     ['spec.template.spec.containers[1].name: Duplicate value: "main"']),
    ("an init container named like a container", {"initContainers": [{"name": "main", "image": "busybox"}]},
     ['spec.template.spec.initContainers[0].name: Duplicate value: "main"']),
    ("an unknown imagePullPolicy", {"containers": [{"name": "main", "image": "busybox", "imagePullPolicy": "Often"}]},
     ['spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "Often": supported values: "Always", '
      '"IfNotPresent", "Never"']),
    ("a mount of a volume that does not exist",
     {"containers": [{"name": "main", "image": "busybox", "volumeMounts": [{"name": "input", "mountPath": "/in"}]}]},
     ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "input"']),
    ("a volume without a type", {"volumes": [{"name": "input"}]},
     ["spec.template.spec.volumes[0]: Required value: must specify a volume type"]),
    ("an init container restartPolicy other than Always",
     {"initContainers": [{"name": "init", "image": "busybox", "restartPolicy": "Never"}]},
     ['spec.template.spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"']),
    ("a probe on a plain init container",
     {"initContainers": [{"name": "init", "image": "busybox", "readinessProbe": {"exec": {"command": ["true"]}}}]},
     ["spec.template.spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without "
      "restartPolicy=Always"]),
    ("restartPolicy on a regular container",
     {"containers": [{"name": "main", "image": "busybox", "restartPolicy": "Always"}]},
     ["spec.template.spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"]),
    ("a pod activeDeadlineSeconds of 0", {"activeDeadlineSeconds": 0},
     ["spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"]),
    ("an unknown dnsPolicy", {"dnsPolicy": "Google"},
     ['spec.template.spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", '
      '"ClusterFirst", "Default", "None"']),
]


@pytest.mark.parametrize("pod, expected", [pytest.param(p, e, id=i) for i, p, e in POD_TEMPLATE_RULES])
def test_pod_template_rule(pod, expected):
    assert errors_of(manifest(pod=pod)) == expected


VALID = [
    ("zero is allowed for every count",
     {"parallelism": 0, "completions": 0, "backoffLimit": 0, "activeDeadlineSeconds": 0, "ttlSecondsAfterFinished": 0}),
    ("Indexed with parallelism 100000", {**INDEXED, "parallelism": 100000}),
    ("per index with 100000 completions and 100000 failed indexes allowed",
     {**PER_INDEX, "completions": 100000, "parallelism": 100000, "maxFailedIndexes": 100000}),
    ("per index above 100000 completions within the limits",
     {**PER_INDEX, "completions": 1000000000, "parallelism": 10000, "maxFailedIndexes": 10000}),
    ("FailIndex with backoffLimitPerIndex", {**PER_INDEX, **exit_codes(action="FailIndex")}),
    ("a success rule with indexes and count", success({"succeededIndexes": "0,2,4", "succeededCount": 1},
                                                      {"succeededIndexes": "1,3,5-9"})),
    ("managedBy a domain-prefixed path", {"managedBy": "example.com/foo"}),
    ("a manual selector that matches", {"manualSelector": True, "selector": {"matchLabels": {"app": "x"}}}),
]


@pytest.mark.parametrize("spec", [pytest.param(s, id=i) for i, s in VALID])
def test_valid_spec_loads(spec):
    template_metadata = {"labels": {"app": "x"}} if spec.get("manualSelector") else None
    assert load_job(manifest(spec, template_metadata=template_metadata)).name == "myjob"


def defaulted(document: dict) -> dict:
    return default_job(document)


def test_rules_that_defaulting_hides_still_have_upstream_messages():
    # Defaulting fills an empty restartPolicy and pattern status, so only a direct call reaches these rules.
    job = defaulted(manifest(conditions({"type": "DisruptionTarget"})))
    job["spec"]["template"]["spec"]["restartPolicy"] = ""
    job["spec"]["podFailurePolicy"]["rules"][0]["onPodConditions"][0]["status"] = ""
    assert [str(e) for e in validate_job(job)] == [
        'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value: valid values: '
        '["False" "True" "Unknown"]',
        "spec.template.spec.restartPolicy: Required value",
        'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]


def test_all_errors_are_reported_at_once_and_identical_ones_once():
    document = manifest({"parallelism": -2, "completions": -1}, {"containers": [{"name": "main"}]}, name=LONG_NAME)
    with pytest.raises(ManifestError) as caught:
        load_job(document)
    assert str(caught.value) == (
        f'Job.batch "{LONG_NAME}" is invalid: ['
        "spec.parallelism: Invalid value: -2: must be greater than or equal to 0, "
        "spec.completions: Invalid value: -1: must be greater than or equal to 0, "
        f'spec.template.labels: Invalid value: "{LONG_NAME}": must be no more than 63 bytes, '
        "spec.template.spec.containers[0].image: Required value]")
    assert len(caught.value.errors) == 5  # the label error is there twice (job-name and batch.kubernetes.io/job-name)


def test_one_error_has_no_brackets():
    assert aggregate([FieldError("spec.completions", "Invalid value", "must be greater than or equal to 0", -1)]) == \
        "spec.completions: Invalid value: -1: must be greater than or equal to 0"


def test_field_error_fields():
    with pytest.raises(ManifestError) as caught:
        load_job(manifest({"completions": -1}))
    [error] = caught.value.errors
    assert (error.field, error.type, error.value, error.detail) == (
        "spec.completions", "Invalid value", -1, "must be greater than or equal to 0")
    assert isinstance(caught.value, ValueError)


# ---- updates --------------------------------------------------------------------------

def update_errors(old_spec: dict, new_spec: dict, *, started=True, new_pod=None) -> list[str]:
    old = load_job(manifest(old_spec))
    if started:
        old.status.start_time = 5.0
    new = load_job(manifest(new_spec, new_pod))
    try:
        validate_update(old, new)
    except ManifestError as error:
        return [str(e) for e in error.errors]
    return []


UPDATES = [
    ("parallelism may change", {"parallelism": 1}, {"parallelism": 3}, None, []),
    ("suspend, deadline, TTL and backoffLimit may change", {}, {"suspend": True, "activeDeadlineSeconds": 10,
                                                                "ttlSecondsAfterFinished": 5, "backoffLimit": 1},
     None, []),
    ("completions may not", {"completions": 5}, {"completions": 6}, None,
     ["spec.completions: Invalid value: 6: field is immutable"]),
    ("an Indexed Job's completions change with parallelism", {**INDEXED, "parallelism": 10},
     {**INDEXED, "completions": 12, "parallelism": 12}, None, []),
    ("an Indexed Job's completions alone may not", {**INDEXED, "parallelism": 10}, {**INDEXED, "completions": 12},
     None, ["spec.completions: Invalid value: 12: can only be modified in tandem with spec.parallelism"]),
    ("the completion mode may not", {}, {"completionMode": "Indexed"}, None,
     ['spec.completionMode: Invalid value: "Indexed": field is immutable']),
    ("the template may not", {}, {}, {"containers": [{"name": "main", "image": "busybox:1.36"}]},
     ["spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable"]),
    ("backoffLimitPerIndex may not", PER_INDEX, {**INDEXED, "backoffLimitPerIndex": 2}, None,
     ["spec.backoffLimitPerIndex: Invalid value: 2: field is immutable"]),
    ("managedBy may not", {}, {"managedBy": "example.com/foo"}, None,
     ['spec.managedBy: Invalid value: "example.com/foo": field is immutable']),
    ("the pod failure policy may not", {}, exit_codes(), None,
     ['spec.podFailurePolicy: Invalid value: batch.PodFailurePolicy{Rules:[]batch.PodFailurePolicyRule{'
      'batch.PodFailurePolicyRule{Action:"FailJob", OnExitCodes:(*batch.PodFailurePolicyOnExitCodesRequirement)'
      '(0xc000010010), OnPodConditions:[]batch.PodFailurePolicyOnPodConditionsPattern(nil)}}}: field is immutable']),
    ("the success policy may not", INDEXED, success({"succeededCount": 1}), None,
     ["spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{batch.SuccessPolicyRule"
      "{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(0xc000010010)}}}: field is immutable"]),
]


@pytest.mark.parametrize("old, new, pod, expected", [pytest.param(o, n, p, e, id=i) for i, o, n, p, e in UPDATES])
def test_update_rule(old, new, pod, expected):
    assert update_errors(old, new, new_pod=pod) == expected


def test_scheduling_directives_may_change_while_suspended_and_never_started():
    node_selector = {"nodeSelector": {"disk": "ssd"}}
    assert update_errors({"suspend": True}, {"suspend": True}, started=False, new_pod=node_selector) == []
    assert update_errors({"suspend": True}, {"suspend": True}, started=True, new_pod=node_selector) == [
        "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable"]


def test_update_error_message_names_the_job():
    old, new = load_job(manifest({"completions": 5})), load_job(manifest({"completions": 6}))
    with pytest.raises(ManifestError) as caught:
        validate_update(old, new)
    assert str(caught.value) == 'Job.batch "myjob" is invalid: spec.completions: Invalid value: 6: field is immutable'


def test_update_compares_with_the_live_uid():
    old, new = load_job(manifest()), load_job(manifest())
    from k8sjobs_edu.api.manifest import assign_uid
    assign_uid(old, "11111111-2222-3333-4444-555555555555")  # as the cluster does on create
    validate_update(old, new)  # the re-applied manifest keeps the live generated labels
    assert new.uid == UID  # and is not changed
