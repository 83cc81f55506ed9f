"""Reading manifests: sources, safe YAML, strict decoding, kinds, and API-server defaulting."""
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sjobs_edu.api.defaults import default_uid
from k8sjobs_edu.api.manifest import assign_uid, load_job, load_jobs
from k8sjobs_edu.api.model import Job
from k8sjobs_edu.api.validation.errors import ManifestError
from k8sjobs_edu.api.wellknown import MAX_INT32
from k8sjobs_edu.api.yaml_input import MAX_MANIFEST_BYTES

DATA = Path(__file__).resolve().parents[2] / "data"
PI_TEXT = (DATA / "pi.yaml").read_text()
PI_UID = default_uid("default", "pi")


def job_yaml(name="myjob", spec="", pod="", extra=""):
    """A small valid Job in YAML, with extra spec / pod-spec / top-level lines."""
    return f"""apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
{spec}  template:
    spec:
{pod}      restartPolicy: Never
      containers:
      - name: main
        image: busybox
{extra}"""


def error_of(source) -> ManifestError:
    with pytest.raises(ManifestError) as caught:
        load_job(source)
    return caught.value


# ---- sources -------------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    pytest.param(DATA / "pi.yaml", id="a pathlib path"),
    pytest.param(str(DATA / "pi.yaml"), id="a string naming a file"),
    pytest.param(PI_TEXT, id="YAML text"),
    pytest.param(PI_TEXT.encode(), id="YAML bytes"),
])
def test_every_kind_of_source_gives_the_same_job(source):
    assert load_job(source) == load_job(DATA / "pi.yaml")


def test_a_dict_source():
    job = load_job({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
                    "spec": {"template": {"spec": {"restartPolicy": "Never",
                                                   "containers": [{"name": "pi", "image": "perl"}]}}}})
    assert (job.name, job.uid, job.spec.template["spec"]["containers"][0]["imagePullPolicy"]) == ("pi", PI_UID,
                                                                                                 "Always")


@pytest.mark.parametrize("source, message", [
    pytest.param(DATA / "missing.yaml", f'the path "{DATA / "missing.yaml"}" does not exist', id="a missing path"),
    pytest.param("data/missing.yaml", 'a manifest must be a YAML mapping with apiVersion, kind, metadata and spec; '
                 'got a string ("data/missing.yaml") and no file of that name exists', id="a string naming no file"),
    pytest.param("", "no objects passed to apply", id="empty text"),
    pytest.param("# only a comment\n---\n", "no objects passed to apply", id="only empty documents"),
    pytest.param("- a\n- b\n", "a manifest must be a YAML mapping with apiVersion, kind, metadata and spec; "
                 "got a list", id="a list document"),
    pytest.param(42, "cannot read a manifest from a int: give a path, YAML text or a dict", id="a number"),
])
def test_unreadable_sources(source, message):
    assert str(error_of(source)) == message


def test_a_directory_is_not_a_manifest():
    assert str(error_of(DATA)).startswith(f"cannot read {DATA}:")


# ---- several documents ------------------------------------------------------------------------

def test_load_jobs_reads_every_document_and_skips_empty_ones():
    text = "---\n" + job_yaml("first") + "---\n# nothing here\n---\n" + job_yaml("second") + "...\n"
    assert [job.name for job in load_jobs(text)] == ["first", "second"]


def test_load_job_refuses_several_jobs():
    error = error_of(job_yaml("first") + "---\n" + job_yaml("second"))
    assert str(error) == "the source holds 2 objects; load_job reads exactly one (use load_jobs for several)"
    assert error.errors[0].type == "Too many"


def test_a_kubectl_list_is_read_item_by_item():
    items = [load_job(job_yaml(name)).to_dict() for name in ("a", "b")]
    assert [job.name for job in load_jobs({"apiVersion": "v1", "kind": "List", "items": items})] == ["a", "b"]


def test_one_bad_document_fails_load_jobs_with_its_own_error():
    with pytest.raises(ManifestError) as caught:
        load_jobs(job_yaml("good") + "---\n" + job_yaml("bad", spec="  completions: -1\n"))
    assert str(caught.value) == ('Job.batch "bad" is invalid: '
                                 "spec.completions: Invalid value: -1: must be greater than or equal to 0")


# ---- safe YAML ------------------------------------------------------------------------------

def test_a_python_tag_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"!!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]\n"
    error = error_of(text)
    assert str(error) == ("error converting YAML to JSON: yaml: line 1, column 1: could not determine a constructor "
                          "for the tag 'tag:yaml.org,2002:python/object/apply:pathlib.Path.touch'")
    assert error.errors[0].type == "Syntax error"
    assert not marker.exists()


@pytest.mark.parametrize("text, detail", [
    pytest.param("a: b: c\n", "yaml: line 1, column 5: mapping values are not allowed here",
                 id="a colon inside a plain value"),
    pytest.param("spec:\n  completions: 8\n   parallelism: 2\n",
                 "yaml: line 3, column 15: mapping values are not allowed here", id="indented one space too far"),
    pytest.param("spec:\n\tcompletions: 8\n", "yaml: line 2, column 1: found character '\\t' that cannot start any "
                 "token", id="a tab"),
    pytest.param('command: ["sh", "-c"\n', "yaml: line 2, column 1: expected ',' or ']', but got '<stream end>'",
                 id="an unclosed flow list"),
    pytest.param("a: *nothing\n", "yaml: line 1, column 4: found undefined alias 'nothing'", id="an unknown alias"),
    pytest.param("a: 1\nb: [2025-02-30]\n", "yaml: line 2, column 5: cannot convert a value: day is out of range "
                 "for month", id="an impossible date"),
])
def test_syntax_errors_name_line_and_column(text, detail):
    error = error_of(text)
    assert str(error) == "error converting YAML to JSON: " + detail
    assert [(e.field, e.type, e.detail) for e in error.errors] == [("", "Syntax error", detail)]


def test_an_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")  # 9**9 strings in the end
    started = time.perf_counter()
    error = error_of("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2.0
    assert str(error) == ("the manifest expands to more than 100000 YAML nodes or 10485760 characters "
                          "(an alias bomb?); refusing it")


def test_a_recursive_alias_is_refused():
    assert str(error_of("a: &loop [*loop]\n")) == "the manifest refers to itself through a YAML alias"


def test_a_huge_manifest_is_refused_before_parsing():
    text = "a: " + "x" * MAX_MANIFEST_BYTES + "\n"
    assert str(error_of(text)) == f"the manifest is larger than {MAX_MANIFEST_BYTES} bytes; refusing to read it"


def test_deep_nesting_is_refused():
    assert str(error_of("[" * 5000 + "]" * 5000)) == "the manifest is nested too deeply"


# ---- kinds ------------------------------------------------------------------------------------

@pytest.mark.parametrize("header, message", [
    pytest.param("apiVersion: batch/v1\nkind: Jobs\n", 'no matches for kind "Jobs" in version "batch/v1"',
                 id="a misspelled kind"),
    pytest.param("apiVersion: batch/v1\nkind: job\n", 'no matches for kind "job" in version "batch/v1"',
                 id="a lowercase kind"),
    pytest.param("apiVersion: batch/v2\nkind: Job\n", 'no matches for kind "Job" in version "batch/v2"',
                 id="a version that does not exist"),
    pytest.param("apiVersion: batch/v1beta1\nkind: CronJob\n",
                 'no matches for kind "CronJob" in version "batch/v1beta1"', id="a removed version"),
    pytest.param("apiVersion: apps/v1\nkind: Deployment\n", "this is a Deployment (apps/v1); the simulated cluster "
                 "runs Jobs only (apiVersion: batch/v1, kind: Job)", id="another real kind"),
    pytest.param("apiVersion: batch/v1\nkind: CronJob\n", "this is a CronJob (batch/v1); the simulated cluster runs "
                 "Jobs only (apiVersion: batch/v1, kind: Job)", id="a CronJob"),
    pytest.param("kind: Job\n", "error validating data: apiVersion not set", id="no apiVersion"),
    pytest.param("metadata: {}\n", "error validating data: [apiVersion not set, kind not set]", id="neither"),
])
def test_documents_of_another_kind(header, message):
    error = error_of(header + "metadata:\n  name: x\n")
    assert str(error) == message
    assert error.errors[0].field in ("kind", "apiVersion")


def test_a_wrong_kind_is_reported_on_the_kind_field():
    error = error_of("apiVersion: batch/v1\nkind: Jobs\n")
    assert [(e.field, e.type, e.value) for e in error.errors] == [("kind", "Invalid value", "Jobs")]


# ---- strict decoding: unknown fields and types -----------------------------------------------

@pytest.mark.parametrize("text, message", [
    pytest.param(job_yaml(spec="  parallelims: 2\n"), 'strict decoding error: unknown field "spec.parallelims"',
                 id="the notes' typo"),
    pytest.param(job_yaml(pod="      restartPolcy: Never\n"),
                 'strict decoding error: unknown field "spec.template.spec.restartPolcy"', id="in the pod spec"),
    pytest.param(job_yaml(extra="        imagePullPolcy: Always\n"),
                 'strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolcy"',
                 id="in a container"),
    pytest.param(job_yaml(extra="        resources:\n          limit:\n            cpu: 1\n"),
                 'strict decoding error: unknown field "spec.template.spec.containers[0].resources.limit"',
                 id="deep in a container"),
    pytest.param(job_yaml(extra="status:\n  done: true\n"), 'strict decoding error: unknown field "status.done"',
                 id="in the status"),
    pytest.param(job_yaml(spec="  template2: {}\n  parallelims: 2\n", extra="labels: {}\n"),
                 'strict decoding error: unknown field "labels", unknown field "spec.parallelims", '
                 'unknown field "spec.template2"', id="several, in sorted order"),
    pytest.param(job_yaml(spec='  completions: "8"\n'), "json: cannot unmarshal string into Go struct field "
                 "JobSpec.spec.completions of type int32", id="a quoted number"),
    pytest.param(job_yaml(spec="  suspend: 1\n"), "json: cannot unmarshal number into Go struct field "
                 "JobSpec.spec.suspend of type bool", id="a number for a bool"),
    pytest.param(job_yaml(spec="  parallelism: true\n"), "json: cannot unmarshal bool into Go struct field "
                 "JobSpec.spec.parallelism of type int32", id="a bool for an int"),
    pytest.param(job_yaml(spec="  parallelism: 2.5\n"), "json: cannot unmarshal number 2.5 into Go struct field "
                 "JobSpec.spec.parallelism of type int32", id="a fraction"),
    pytest.param(job_yaml(spec="  completions: 99999999999\n"), "json: cannot unmarshal number 99999999999 into "
                 "Go struct field JobSpec.spec.completions of type int32", id="beyond int32"),
    pytest.param(job_yaml(extra="        command: sleep 30\n"), "json: cannot unmarshal string into Go struct "
                 "field Container.spec.template.spec.containers.command of type []string", id="a command string"),
    pytest.param(job_yaml().replace("restartPolicy: Never", "restartPolicy: 1"), "json: cannot unmarshal number into Go struct field "
                 "PodSpec.spec.template.spec.restartPolicy of type v1.RestartPolicy", id="a named string type"),
    pytest.param(job_yaml(extra="        env:\n        - name: DEBUG\n          value: true\n"),
                 "json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value "
                 "of type string", id="an unquoted env value"),
    pytest.param("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec: []\n", "json: cannot unmarshal "
                 "array into Go struct field Job.spec of type v1.JobSpec", id="a list for the spec"),
    pytest.param("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  labels: {a: 1}\n", "json: cannot "
                 "unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
                 id="a map value"),
    pytest.param(job_yaml(spec="  parallelims: 2\n  completions: x\n"), "json: cannot unmarshal string into Go "
                 "struct field JobSpec.spec.completions of type int32", id="a type error hides unknown fields"),
    pytest.param(job_yaml(extra="status:\n  startTime: yesterday\n"), 'parsing time "yesterday" as '
                 '"2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"', id="a bad time"),
])
def test_decoding_errors(text, message):
    assert str(error_of(text)) == 'Job in version "v1" cannot be handled as a Job: ' + message


def test_decoding_errors_are_all_listed():
    error = error_of(job_yaml(spec="  parallelims: 2\n  completions: x\n  suspend: 3\n"))
    assert [(e.field, e.type) for e in error.errors] == [
        ("spec.completions", "Invalid type"), ("spec.parallelims", "Unknown field"), ("spec.suspend", "Invalid type")]
    assert str(error.errors[1]) == 'unknown field "spec.parallelims"'


@pytest.mark.parametrize("line, field, value", [
    pytest.param("  completions: 8.0\n", "completions", 8, id="a whole float is an integer in JSON"),
    pytest.param("  completions: null\n", "completions", 1, id="null means unset"),
    pytest.param("  parallelism: 0x10\n", "parallelism", 16, id="YAML 1.1 hex"),
])
def test_values_json_accepts(line, field, value):
    assert load_job(job_yaml(spec=line)).spec.__dict__[field] == value


# ---- defaulting (pkg/apis/batch/v1/defaults.go, registry strategy, core defaults) ------------------

@pytest.mark.parametrize("spec, expected", [
    pytest.param("", (1, 1), id="both unset: both 1"),
    pytest.param("  parallelism: 3\n", (None, 3), id="only completions unset: a work queue"),
    pytest.param("  completions: 5\n", (5, 1), id="only parallelism unset: 1"),
    pytest.param("  completions: 0\n  parallelism: 0\n", (0, 0), id="zeros are kept"),
])
def test_completions_and_parallelism_defaults(spec, expected):
    job = load_job(job_yaml(spec=spec))
    assert (job.spec.completions, job.spec.parallelism) == expected


@pytest.mark.parametrize("spec, expected", [
    pytest.param("", 6, id="6 by default"),
    pytest.param("  backoffLimit: 0\n", 0, id="an explicit value is kept"),
    pytest.param("  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n", MAX_INT32,
                 id="MaxInt32 with backoffLimitPerIndex"),
])
def test_backoff_limit_default(spec, expected):
    assert load_job(job_yaml(spec=spec)).spec.backoff_limit == expected


FAIL_JOB_42 = "  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {operator: In, values: [42]}\n"


@pytest.mark.parametrize("spec, expected", [
    pytest.param("", "TerminatingOrFailed", id="TerminatingOrFailed by default"),
    pytest.param(FAIL_JOB_42, "Failed", id="Failed with a podFailurePolicy"),
    pytest.param("  podReplacementPolicy: Failed\n", "Failed", id="an explicit value is kept"),
])
def test_pod_replacement_policy_default(spec, expected):
    assert load_job(job_yaml(spec=spec)).spec.pod_replacement_policy == expected


def test_the_other_spec_defaults():
    job = load_job(job_yaml())
    assert (job.spec.completion_mode, job.spec.suspend, job.spec.manual_selector, job.spec.active_deadline_seconds,
            job.spec.ttl_seconds_after_finished, job.spec.success_policy, job.spec.managed_by) == (
        "NonIndexed", False, False, None, None, None, None)


def test_pod_condition_pattern_status_defaults_to_true():
    spec = "  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n"
    rule = load_job(job_yaml(spec=spec)).spec.pod_failure_policy.rules[0]
    assert [(p.type, p.status) for p in rule.on_pod_conditions] == [("DisruptionTarget", "True")]


def test_generated_labels_and_selector():
    job = load_job(DATA / "pi.yaml")
    generated = {"batch.kubernetes.io/controller-uid": PI_UID, "batch.kubernetes.io/job-name": "pi",
                 "controller-uid": PI_UID, "job-name": "pi"}
    assert job.spec.template["metadata"]["labels"] == generated
    assert job.spec.selector == {"matchLabels": {"batch.kubernetes.io/controller-uid": PI_UID}}
    assert job.labels == generated  # copied from the template, as the Job had none


def test_a_job_with_its_own_labels_keeps_them():
    job = load_job(job_yaml(extra="").replace("  name: myjob\n", "  name: myjob\n  labels: {team: a}\n"))
    assert job.labels == {"team": "a"}
    assert job.spec.template["metadata"]["labels"]["job-name"] == "myjob"


def test_template_labels_are_kept_next_to_the_generated_ones():
    text = job_yaml().replace("    spec:\n      restartPolicy", "    metadata:\n      labels: {app: x}\n"
                                                                  "    spec:\n      restartPolicy")
    job = load_job(text)
    assert job.spec.template["metadata"]["labels"]["app"] == "x"
    assert job.labels["app"] == "x" and job.labels["job-name"] == "myjob"


def test_a_manual_selector_is_not_generated():
    text = job_yaml(spec="  manualSelector: true\n  selector: {matchLabels: {app: x}}\n").replace(
        "    spec:\n      restartPolicy", "    metadata:\n      labels: {app: x}\n    spec:\n      restartPolicy")
    job = load_job(text)
    assert job.spec.selector == {"matchLabels": {"app": "x"}}
    assert job.spec.template["metadata"]["labels"] == {"app": "x"}


def test_pod_template_defaults_as_kubectl_shows_them():
    pod = load_job(DATA / "pi.yaml").spec.template["spec"]
    assert {k: pod[k] for k in ("dnsPolicy", "restartPolicy", "schedulerName", "securityContext",
                                "terminationGracePeriodSeconds")} == {
        "dnsPolicy": "ClusterFirst", "restartPolicy": "Never", "schedulerName": "default-scheduler",
        "securityContext": {}, "terminationGracePeriodSeconds": 30}
    assert pod["containers"][0] == {
        "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"], "image": "perl:5.34.0",
        "imagePullPolicy": "IfNotPresent", "name": "pi", "resources": {},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}


@pytest.mark.parametrize("image, policy", [
    pytest.param("perl:5.34.0", "IfNotPresent", id="a tag"),
    pytest.param("ubuntu", "Always", id="no tag means latest"),
    pytest.param("busybox:latest", "Always", id="latest"),
    pytest.param("registry.local:5000/tools/busybox", "Always", id="a registry port is not a tag"),
    pytest.param("registry.local:5000/tools/busybox:1.36", "IfNotPresent", id="a registry and a tag"),
    pytest.param("busybox@sha256:" + "a" * 64, "IfNotPresent", id="a digest"),
])
def test_image_pull_policy_default(image, policy):
    job = load_job(job_yaml().replace("image: busybox", f"image: {image}"))
    assert job.spec.template["spec"]["containers"][0]["imagePullPolicy"] == policy


def test_init_containers_get_container_defaults_too():
    init = load_job(DATA / "indexed-job.yaml").spec.template["spec"]["initContainers"][0]
    assert (init["imagePullPolicy"], init["terminationMessagePolicy"]) == ("Always", "File")


def test_namespace_and_uid_defaults():
    job = load_job(job_yaml())
    assert (job.namespace, job.uid, job.generation, job.created_at) == ("default", default_uid("default", "myjob"),
                                                                        1, 0.0)
    other = load_job(job_yaml().replace("  name: myjob\n", "  name: myjob\n  namespace: team-a\n"))
    assert other.uid == default_uid("team-a", "myjob") != job.uid


def test_generate_name_gets_a_deterministic_suffix():
    text = job_yaml().replace("  name: myjob\n", "  generateName: pi-\n")
    first, second = load_job(text), load_job(text)
    assert first.name == second.name and first.name.startswith("pi-") and len(first.name) == 8


def test_assign_uid_moves_the_generated_labels_and_selector():
    job = load_job(DATA / "pi.yaml")
    assign_uid(job, "0badc0de-0000-4000-8000-000000000001")
    uid = "0badc0de-0000-4000-8000-000000000001"
    assert job.uid == uid
    assert job.spec.selector == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    assert job.spec.template["metadata"]["labels"]["controller-uid"] == uid
    assert job.labels["batch.kubernetes.io/controller-uid"] == uid


def test_load_job_ignores_status_but_from_dict_keeps_it():
    document = load_job(DATA / "pi.yaml").to_dict()
    document["status"] = {"active": 1, "startTime": "2025-01-01T00:00:05Z"}
    document["metadata"]["deletionTimestamp"] = "2025-01-01T00:01:00Z"
    fresh, kept = load_job(document), Job.from_dict(document)
    assert (fresh.status.active, fresh.status.start_time, fresh.deleted_at) == (0, None, None)
    assert (kept.status.active, kept.status.start_time, kept.deleted_at) == (1, 5.0, 60.0)


# ---- garbage never escapes as another exception --------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | st.floats()
    | st.text(max_size=8) | st.sampled_from(["Never", "Indexed", "0-2", "main", "In", "FailJob", "True"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["spec", "template", "containers", "name", "image", "completions", "parallelism",
                         "completionMode", "podFailurePolicy", "rules", "action", "onExitCodes", "values",
                         "successPolicy", "succeededIndexes", "metadata", "labels", "selector", "restartPolicy",
                         "status", "conditions", "x"]) | st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(spec=json_values, status=json_values)
def test_garbage_only_ever_raises_manifest_error(spec, status):
    document = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "fuzz"}, "spec": spec,
                "status": status}
    try:
        Job.from_dict(document)
    except ManifestError:
        pass


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(text=st.text(alphabet="ab: -[]{}&*!#'\"\n\t|>?,.0129", max_size=60))
def test_garbage_yaml_only_ever_raises_manifest_error(text):
    try:
        load_jobs(text)
    except ManifestError:
        pass


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(path=st.lists(st.sampled_from(["spec", "template", "containers", 0, "command", "podFailurePolicy", "rules",
                                      "onExitCodes", "values", "metadata", "labels", "successPolicy"]),
                     min_size=1, max_size=5), value=json_values)
def test_a_valid_job_with_one_value_replaced_only_raises_manifest_error(path, value):
    document = load_job(DATA / "job-pod-failure-policy-example.yaml").to_dict()
    node = document
    for step in path[:-1]:
        child = node[step] if isinstance(node, list) and isinstance(step, int) and step < len(node) else (
            node.get(step) if isinstance(node, dict) and not isinstance(step, int) else None)
        if not isinstance(child, (dict, list)):
            break
        node = child
    else:
        if isinstance(node, dict) and not isinstance(path[-1], int):
            node[path[-1]] = value
    try:
        Job.from_dict(document)
    except ManifestError:
        pass
