"""kubectl command lines over a fake cluster: every command, flag and error text, byte for byte.

``--validate`` runs over the real Cluster, whose manifest loader names unknown fields.

Error texts follow kubectl's cmdutil (CheckErr, UsageErrorf, StandardErrorMessage),
cobra's unknown-command suggestions, and the commands in
staging/src/k8s.io/kubectl/pkg/cmd.
"""
import itertools
import json

import pytest

from fake_cluster import AlreadyExists, FakeCluster, FieldError, ManifestError, make_job, make_pod
from k8sjobs_edu import Cluster
from k8sjobs_edu.api.types import Condition, Event
from k8sjobs_edu.kubectl.apply import create_job_manifest, with_last_applied
from k8sjobs_edu.kubectl.common import parse_duration, selector_matches
from k8sjobs_edu.kubectl.dispatch import run
from k8sjobs_edu.kubectl.patch import json_patch_to_merge_patch
from k8sjobs_edu.kubectl.printers import views
from k8sjobs_edu.kubectl.printers.gosort import go_sort
from k8sjobs_edu.kubectl.printers.sort import natural_less

PI_YAML = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"""


def pi_cluster(**kwargs) -> FakeCluster:
    """A running pi Job with one pod and its creation event."""
    job = make_job("pi", created_at=0, start=0, labels={"app": "pi"},
                   selector={"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}})
    pod = make_pod("pi-abcde", created_at=0, phase="Running", ready=True, job_name="pi", logs="3.14\n",
                   labels={"batch.kubernetes.io/controller-uid": "u1", "job-name": "pi"})
    events = [Event(0, "Normal", "SuccessfulCreate", "Job/pi", "Created pod: pi-abcde")]
    return FakeCluster(jobs_=[job], pods_=[pod], events_=events, now=10, **kwargs)


@pytest.fixture
def manifest(tmp_path):
    path = tmp_path / "job.yaml"
    path.write_text(PI_YAML)
    return str(path)


# ---- parsing and command errors -------------------------------------------------------

ERROR_CASES = [
    ("an unknown command with a near miss gets cobra's suggestion", "kubectl foo",
     'error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n'),
    ("a transposed command name is suggested", "lgos pi-abcde",
     'error: unknown command "lgos" for "kubectl"\n\nDid you mean this?\n\tlogs\n'),
    ("an unknown command far from every name", "kubectl frobnicate",
     'error: unknown command "frobnicate" for "kubectl"\n'),
    ("a misspelled resource type", "get jbos", 'error: the server doesn\'t have a resource type "jbos"\n'),
    ("an unknown long flag", "get pods --foo",
     "error: unknown flag: --foo\nSee 'kubectl get -h' for help and examples\n"),
    ("an unknown short flag", "get pods -x",
     "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get -h' for help and examples\n"),
    ("a flag without its value", "get pods -o",
     "error: flag needs an argument: 'o' in -o\nSee 'kubectl get -h' for help and examples\n"),
    ("a long flag without its value", "get pods --output",
     "error: flag needs an argument: --output\nSee 'kubectl get -h' for help and examples\n"),
    ("a missing Job", "get job nope", 'Error from server (NotFound): jobs.batch "nope" not found\n'),
    ("a missing pod", "get pod nope", 'Error from server (NotFound): pods "nope" not found\n'),
    ("a Job in another namespace", "get job pi -n other", 'Error from server (NotFound): jobs.batch "pi" not found\n'),
    ("a real kubectl command the simulator leaves out", "exec pi-abcde -- ls",
     'error: k8sjobs-edu does not simulate "kubectl exec"\n'),
    ("an output format kubectl does not have", "get jobs -o table",
     'error: unable to match a printer suitable for the output format "table", allowed formats are: '
     "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
     "jsonpath-file,name,template,templatefile,wide,yaml\n"),
    ("unbalanced quotes", "get jobs -l 'app=pi", "error: cannot parse the command line: No closing quotation\n"),
    ("get without a type", "get",
     'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported '
     'resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed '
     "description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n"),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_errors_come_back_as_kubectls_text(command, expected):
    assert run(pi_cluster(), command) == expected


def test_no_arguments_prints_kubectls_introduction():
    assert run(pi_cluster(), "kubectl").startswith("kubectl controls the Kubernetes cluster manager.\n")


# ---- get --------------------------------------------------------------------------------

GET_CASES = [
    ("get jobs", "kubectl get jobs",
     "NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/1           10s        10s\n"),
    ("a leading kubectl is optional and job/NAME works", "get job/pi",
     "NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/1           10s        10s\n"),
    ("found names print, missing ones error after the table", "get jobs pi nope",
     "NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/1           10s        10s\n"
     'Error from server (NotFound): jobs.batch "nope" not found\n'),
    ("a label selector that matches", "get jobs -l app=pi",
     "NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/1           10s        10s\n"),
    ("a label selector that matches nothing", "get jobs --selector=app=other",
     "No resources found in default namespace.\n"),
    ("-o name", "get jobs -o name", "job.batch/pi\n"),
    ("--no-headers", "get jobs --no-headers", "pi    Running   0/1   10s   10s\n"),
    ("pods by the job-name label", "get po -l job-name=pi",
     "NAME       READY   STATUS    RESTARTS   AGE\npi-abcde   1/1     Running   0          10s\n"),
    ("pods by the new job-name label", "get pods -l batch.kubernetes.io/controller-uid=u1 -o name", "pod/pi-abcde\n"),
    ("pods in another namespace", "get pods -n kube-system", "No resources found in kube-system namespace.\n"),
    ("all namespaces adds a NAMESPACE column", "get pods -A",
     "NAMESPACE   NAME       READY   STATUS    RESTARTS   AGE\n"
     "default     pi-abcde   1/1     Running   0          10s\n"),
    ("-o wide pods", "get pods -o wide",
     "NAME       READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES\n"
     "pi-abcde   1/1     Running   0          10s   <none>   node-1   <none>           <none>\n"),
    ("a type with no objects here", "get cronjobs", "No resources found in default namespace.\n"),
    ("a named object of such a type", "get cj nightly",
     'Error from server (NotFound): cronjobs.batch "nightly" not found\n'),
    ("events", "get events",
     "LAST SEEN   TYPE     REASON             OBJECT   MESSAGE\n10s         Normal   SuccessfulCreate   job/pi   "
     "Created pod: pi-abcde\n"),
    ("jsonpath over a list, as the docs find a Job's pods", "get pods --selector=job-name=pi "
     "--output=jsonpath='{.items[*].metadata.name}'", "pi-abcde"),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in GET_CASES], ids=[c[0] for c in GET_CASES])
def test_get(command, expected):
    assert run(pi_cluster(), command) == expected


def test_get_jobs_uses_the_clusters_kubectl_version_layout():
    assert run(pi_cluster(kubectl_version="1.29"), "get jobs") == (
        "NAME   COMPLETIONS   DURATION   AGE\npi     0/1           10s        10s\n")


def test_get_job_yaml_and_json_print_the_object():
    cluster = pi_cluster()
    job = cluster.get_job("pi")
    assert run(cluster, "get job pi -o yaml") == views.job_yaml(job)
    assert json.loads(run(cluster, "get job pi -o json"))["metadata"]["name"] == "pi"


def test_get_jobs_yaml_wraps_every_job_in_a_list():
    text = run(pi_cluster(), "get jobs -o json")
    assert (json.loads(text)["kind"], [i["metadata"]["name"] for i in json.loads(text)["items"]]) == ("List", ["pi"])
    assert run(FakeCluster(), "get jobs -o json") == views.go_json(views.as_list([]))


# ---- describe, logs, events -----------------------------------------------------------


def test_describe_job_is_the_views_rendering():
    cluster = pi_cluster()
    assert run(cluster, "describe job pi") == views.describe_job(cluster.get_job("pi"), [], cluster.events, 10)


def test_describe_every_job_separates_them_with_a_blank_line():
    cluster = pi_cluster()
    cluster.jobs_.append(make_job("other"))
    texts = [views.describe_job(cluster.get_job(n), [], cluster.events, 10) for n in ("other", "pi")]
    assert run(cluster, "describe jobs") == "\n\n".join(texts)


DESCRIBE_ERRORS = [
    ("a missing Job", "describe job nope", 'Error from server (NotFound): jobs.batch "nope" not found\n'),
    ("no resource", "describe",
     "error: Required resource not specified.\nSee 'kubectl describe -h' for help and examples\n"),
    ("pods are not described here", "describe pod pi-abcde", 'error: k8sjobs-edu describes Jobs only, not "pod"\n'),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in DESCRIBE_ERRORS], ids=[c[0] for c in DESCRIBE_ERRORS])
def test_describe_errors(command, expected):
    assert run(pi_cluster(), command) == expected


LOGS_CASES = [
    ("a pod by name", "logs pi-abcde", "3.14\n"),
    ("a pod by TYPE/NAME", "logs pod/pi-abcde", "3.14\n"),
    ("a Job picks its pod", "logs job/pi", "3.14\n"),
    ("jobs/NAME works too", "logs jobs/pi", "3.14\n"),
    ("a missing pod", "logs nope", 'Error from server (NotFound): pods "nope" not found\n'),
    ("a missing Job", "logs job/nope", 'Error from server (NotFound): jobs.batch "nope" not found\n'),
    ("no pod named", "logs", "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                             "POD or TYPE/NAME is a required argument for the logs command\n"
                             "See 'kubectl logs -h' for help and examples\n"),
    ("a container the pod does not have", "logs pi-abcde -c side",
     "error: container side is not valid for pod pi-abcde out of: main\n"),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in LOGS_CASES], ids=[c[0] for c in LOGS_CASES])
def test_logs(command, expected):
    assert run(pi_cluster(), command) == expected


def test_logs_of_a_job_with_several_pods_names_the_one_it_used():
    cluster = pi_cluster()
    cluster.pods_.append(make_pod("pi-zzzzz", created_at=5, phase="Failed", exit_code=1, job_name="pi",
                                  labels={"batch.kubernetes.io/controller-uid": "u1"}, logs="boom\n"))
    assert run(cluster, "logs job/pi") == "Found 2 pods, using pod/pi-abcde\n3.14\n"


def test_kubectl_events_sorts_by_time_and_filters_with_for():
    cluster = pi_cluster()
    cluster.events_ += [Event(1, "Normal", "Scheduled", "Pod/pi-abcde", "assigned", "default-scheduler"),
                        Event(2, "Normal", "Suspended", "Job/pi", "Job suspended")]
    assert run(cluster, "events --for job/pi") == (
        "LAST SEEN   TYPE     REASON             OBJECT   MESSAGE\n"
        "10s         Normal   SuccessfulCreate   Job/pi   Created pod: pi-abcde\n"
        "8s          Normal   Suspended          Job/pi   Job suspended\n")


# ---- apply and create ------------------------------------------------------------------


def test_apply_creates_then_reports_unchanged_then_configured(tmp_path, manifest):
    cluster = FakeCluster()
    assert run(cluster, f"apply -f {manifest}") == "job.batch/pi created\n"
    assert run(cluster, f"apply -f {manifest}") == "job.batch/pi unchanged\n"
    changed = tmp_path / "changed.yaml"
    changed.write_text(PI_YAML.replace("spec:\n  template", "spec:\n  parallelism: 2\n  template"))
    assert run(cluster, f"apply -f {changed}") == "job.batch/pi configured\n"


def test_apply_records_the_last_applied_configuration_as_the_docs_show_it(manifest):
    cluster = FakeCluster()
    run(cluster, f"apply -f {manifest}")
    sent = cluster.calls[0][1]
    assert sent["metadata"]["annotations"][views.LAST_APPLIED_ANNOTATION] == (
        '{"apiVersion":"batch/v1","kind":"Job","metadata":{"annotations":{},"name":"pi","namespace":"default"},'
        '"spec":{"backoffLimit":4,"template":{"spec":{"containers":[{"command":["perl","-Mbignum=bpi","-wle",'
        '"print bpi(2000)"],"image":"perl","name":"pi"}],"restartPolicy":"Never"}}}}\n')


def test_last_applied_escapes_html_characters_as_go_does():
    applied = with_last_applied({"metadata": {"name": "x"}, "spec": {"a": "b > c && d"}}, "default")
    assert applied["metadata"]["annotations"][views.LAST_APPLIED_ANNOTATION] == (
        '{"metadata":{"annotations":{},"name":"x","namespace":"default"},'
        '"spec":{"a":"b \\u003e c \\u0026\\u0026 d"}}\n')


def test_apply_dry_run_changes_nothing(manifest):
    cluster = FakeCluster()
    assert run(cluster, f"apply -f {manifest} --dry-run=client") == "job.batch/pi created (dry run)\n"
    assert run(cluster, f"apply -f {manifest} --dry-run=server") == "job.batch/pi created (server dry run)\n"
    assert cluster.calls == []


def test_apply_a_directory_applies_each_manifest_in_name_order(tmp_path):
    for name in ("b", "a"):
        (tmp_path / f"{name}.yaml").write_text(PI_YAML.replace("name: pi\n", f"name: job-{name}\n", 1))
    (tmp_path / "notes.txt").write_text("not a manifest")
    assert run(FakeCluster(), f"apply -f {tmp_path}") == "job.batch/job-a created\njob.batch/job-b created\n"


def test_apply_prints_successes_then_errors_for_a_file_of_several_jobs(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(PI_YAML + "---\n" + PI_YAML.replace("name: pi\n", "name: second\n", 1))
    cluster = FakeCluster(jobs_=[make_job("pi")])
    assert run(cluster, f"create -f {path}") == (
        "job.batch/second created\n"
        f'Error from server (AlreadyExists): error when creating "{path}": jobs.batch "pi" already exists\n')


def completions_error(name: str = "pi") -> ManifestError:
    return ManifestError(name, [FieldError("spec.completions", "Invalid value", "must be greater than or equal to 0",
                                           "Invalid value: -1: must be greater than or equal to 0")])


REJECTED = [
    ("one invalid field", completions_error(),
     'The Job "pi" is invalid: spec.completions: Invalid value: -1: must be greater than or equal to 0\n'),
    ("several invalid fields get one * line each", ManifestError("pi", [
        FieldError("spec.parallelism", "Invalid value", "", "Invalid value: -2: must be greater than or equal to 0"),
        FieldError("spec.template.spec.containers[0].image", "Required value", "", "Required value")]),
     'The Job "pi" is invalid: \n* spec.parallelism: Invalid value: -2: must be greater than or equal to 0\n'
     "* spec.template.spec.containers[0].image: Required value\n"),
    ("an unknown field is the server's strict decoding error",
     type("E", (ValueError,), {"errors": [FieldError("spec.parallelims", "Unknown field", "")]})(
         'Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field "spec.parallelims"'),
     'Error from server (BadRequest): error when creating "{file}": Job in version "v1" cannot be handled as a Job: '
     'strict decoding error: unknown field "spec.parallelims"\n'),
    ("an unknown kind is kubectl's mapping error",
     type("E", (ValueError,), {"errors": [FieldError("kind", "Invalid value",
                                                     'no matches for kind "Jobs" in version "batch/v1"')]})("x"),
     'error: resource mapping not found for name: "pi" namespace: "" from "{file}": no matches for kind "Jobs" '
     'in version "batch/v1"\nensure CRDs are installed first\n'),
    ("a missing kind fails kubectl's own validation",
     type("E", (ValueError,), {"errors": [FieldError("kind", "Required value", "kind not set")]})(
         "error validating data: kind not set"),
     'error: error validating "{file}": error validating data: kind not set; if you choose to ignore these errors, '
     "turn validation off with --validate=false\n"),
]


@pytest.mark.parametrize("error, expected", [c[1:] for c in REJECTED], ids=[c[0] for c in REJECTED])
def test_apply_reports_a_rejected_manifest_as_kubectl_does(manifest, error, expected):
    assert run(FakeCluster(reject=error), f"apply -f {manifest}") == expected.replace("{file}", manifest)


def test_apply_of_a_missing_file():
    assert run(FakeCluster(), "apply -f nope.yaml") == 'error: the path "nope.yaml" does not exist\n'


def test_apply_without_a_file():
    assert run(FakeCluster(), "apply") == (
        "error: must specify one of -f and -k\nSee 'kubectl apply -h' for help and examples\n")


def test_a_yaml_syntax_error_is_reported_with_the_manifest_loaders_wording(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n   bad: indent\n")
    assert run(FakeCluster(), f"apply -f {path}") == (
        f"error: error parsing {path}: error converting YAML to JSON: yaml: line 5, column 7: "
        "mapping values are not allowed here\n")


def test_create_from_a_file(manifest):
    cluster = FakeCluster()
    assert run(cluster, f"create -f {manifest}") == "job.batch/pi created\n"
    assert views.LAST_APPLIED_ANNOTATION not in (cluster.calls[0][1]["metadata"].get("annotations") or {})


def test_create_job_sends_the_job_kubectl_builds():
    cluster = FakeCluster()
    output = run(cluster, "kubectl create job pi --image=perl:5.34 -- perl -Mbignum=bpi -wle 'print bpi(2000)'")
    assert output == "job.batch/pi created\n"
    assert cluster.calls == [("create", {
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
        "spec": {"template": {"metadata": {}, "spec": {
            "containers": [{"name": "pi", "image": "perl:5.34", "resources": {},
                            "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]}],
            "restartPolicy": "Never"}}}})]


def test_create_job_dry_run_prints_the_manifest_as_kubectl_1_34():
    assert run(FakeCluster(), "create job pi --image=busybox --dry-run=client -o yaml -- sleep 30") == (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    metadata: {}\n"
        "    spec:\n      containers:\n      - command:\n        - sleep\n        - \"30\"\n        image: busybox\n"
        "        name: pi\n        resources: {}\n      restartPolicy: Never\nstatus: {}\n")


def test_create_job_dry_run_before_kubectl_1_34_prints_null_creation_timestamps():
    text = run(FakeCluster(kubectl_version="1.33"), "create job pi --image=busybox --dry-run=client -o yaml")
    assert text == ("apiVersion: batch/v1\nkind: Job\nmetadata:\n  creationTimestamp: null\n  name: pi\nspec:\n"
                    "  template:\n    metadata:\n      creationTimestamp: null\n    spec:\n      containers:\n"
                    "      - image: busybox\n        name: pi\n        resources: {}\n      restartPolicy: Never\n"
                    "status: {}\n")


def test_create_job_dry_run_json_keeps_go_field_order():
    assert run(FakeCluster(), "create job pi --image=busybox --dry-run=client -o json") == (
        '{\n    "kind": "Job",\n    "apiVersion": "batch/v1",\n    "metadata": {\n        "name": "pi"\n    },\n'
        '    "spec": {\n        "template": {\n            "metadata": {},\n            "spec": {\n'
        '                "containers": [\n                    {\n                        "name": "pi",\n'
        '                        "image": "busybox",\n                        "resources": {}\n'
        '                    }\n                ],\n                "restartPolicy": "Never"\n'
        '            }\n        }\n    },\n    "status": {}\n}\n')


CREATE_JOB_ERRORS = [
    ("no name", "create job --image=busybox",
     "error: NAME is required\nSee 'kubectl create job -h' for help and examples\n"),
    ("no image", "create job pi", "error: either --image or --from must be specified\n"),
    ("a taken name", "create job pi --image=busybox", 'error: failed to create job: jobs.batch "pi" already exists\n'),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in CREATE_JOB_ERRORS], ids=[c[0] for c in CREATE_JOB_ERRORS])
def test_create_job_errors(command, expected):
    assert run(pi_cluster(), command) == expected


def test_create_job_rejected_by_validation_is_wrapped_in_failed_to_create():
    cluster = FakeCluster(reject=completions_error("pi"))
    assert run(cluster, "create job pi --image=busybox") == (
        'error: failed to create job: Job.batch "pi" is invalid: spec.completions: Invalid value: -1: '
        "must be greater than or equal to 0\n")


def test_create_job_manifest_omits_command_when_none_is_given():
    assert create_job_manifest("x", "busybox", [])["spec"]["template"]["spec"]["containers"] == [
        {"name": "x", "image": "busybox", "resources": {}}]


# ---- delete --------------------------------------------------------------------------------


def test_delete_job_uses_kubectl_1_34_wording_and_background_cascade():
    cluster = pi_cluster()
    assert run(cluster, "delete job pi") == 'job.batch "pi" deleted from default namespace\n'
    assert cluster.calls == [("delete", "pi", "Background")]


def test_delete_job_before_kubectl_1_34_omits_the_namespace():
    assert run(pi_cluster(kubectl_version="1.33"), "delete jobs/pi") == 'job.batch "pi" deleted\n'


CASCADE_CASES = [
    ("orphan keeps the pods", "--cascade=orphan", "Orphan", ""),
    ("foreground deletes pods first", "--cascade=foreground", "Foreground", ""),
    ("the old true means background, with a warning", "--cascade=true", "Background",
     "warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n"),
    ("the old false means orphan, with a warning", "--cascade=false", "Orphan",
     "warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n"),
]


@pytest.mark.parametrize("flag, propagation, warning", [c[1:] for c in CASCADE_CASES],
                         ids=[c[0] for c in CASCADE_CASES])
def test_delete_cascade(flag, propagation, warning):
    cluster = pi_cluster()
    assert run(cluster, f"delete job pi {flag}") == warning + 'job.batch "pi" deleted from default namespace\n'
    assert cluster.calls == [("delete", "pi", propagation)]


def test_foreground_delete_waits_until_the_job_is_gone():
    cluster = pi_cluster()
    run(cluster, "delete job pi --cascade=foreground")
    assert (cluster.jobs(), cluster.now) == ([], 40)


DELETE_ERRORS = [
    ("a missing Job", "delete job nope", 'Error from server (NotFound): jobs.batch "nope" not found\n'),
    ("a bad cascade value", "delete job pi --cascade=sometimes",
     'error: invalid cascade value (sometimes). Must be "background", "foreground", or "orphan".\n'),
    ("a type without a name", "delete jobs", "error: resource(s) were provided, but no name was specified\n"),
    ("nothing to delete", "delete",
     "error: You must provide one or more resources by argument or filename.\nExample resource specifications "
     "include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
     "See 'kubectl delete -h' for help and examples\n"),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in DELETE_ERRORS], ids=[c[0] for c in DELETE_ERRORS])
def test_delete_errors(command, expected):
    assert run(pi_cluster(), command) == expected


def test_delete_all_jobs():
    cluster = pi_cluster()
    cluster.jobs_.append(make_job("other"))
    assert run(cluster, "delete jobs --all") == (
        'job.batch "other" deleted from default namespace\njob.batch "pi" deleted from default namespace\n')


def test_delete_pod_waits_for_its_grace_period():
    cluster = pi_cluster()
    assert run(cluster, "delete pod pi-abcde") == 'pod "pi-abcde" deleted from default namespace\n'
    assert (cluster.pods(), cluster.now) == ([], 40)


# ---- patch ----------------------------------------------------------------------------------


def test_patch_suspend_then_the_same_patch_changes_nothing():
    cluster = pi_cluster()
    assert run(cluster, """patch job pi -p '{"spec":{"suspend":true}}'""") == "job.batch/pi patched\n"
    assert run(cluster, """patch job/pi --type=merge -p '{"spec":{"suspend":true}}'""") == (
        "job.batch/pi patched (no change)\n")
    assert cluster.calls[0] == ("patch", "pi", {"spec": {"suspend": True}})


def test_a_json_patch_becomes_a_merge_patch():
    cluster = pi_cluster()
    command = """patch job pi --type=json -p '[{"op":"replace","path":"/spec/parallelism","value":3}]'"""
    assert run(cluster, command) == "job.batch/pi patched\n"
    assert cluster.calls[-1] == ("patch", "pi", {"spec": {"parallelism": 3}})


def test_json_patch_operations():
    document = {"spec": {"a": 1, "list": [1, 2]}, "metadata": {"labels": {"x": "1"}}}
    operations = [{"op": "add", "path": "/spec/b", "value": 2}, {"op": "remove", "path": "/metadata/labels/x"},
                  {"op": "add", "path": "/spec/list/-", "value": 3}]
    assert json_patch_to_merge_patch(document, operations) == {
        "spec": {"b": 2, "list": [1, 2, 3]}, "metadata": {"labels": {"x": None}}}


PATCH_ERRORS = [
    ("no patch", "patch job pi", "error: must specify --patch or --patch-file containing the contents of the patch\n"),
    ("an unknown patch type", "patch job pi --type=xml -p '{}'",
     'error: --type must be one of [json merge strategic], not "xml"\n'),
    ("a missing Job", "patch job nope -p '{}'", 'Error from server (NotFound): jobs.batch "nope" not found\n'),
    # the problem text is PyYAML's; go-yaml words the same problem differently
    ("a patch that is neither JSON nor YAML", "patch job pi -p '{bad'",
     'error: unable to parse "{bad": yaml: expected \',\' or \'}\', but got \'<stream end>\'\n'),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in PATCH_ERRORS], ids=[c[0] for c in PATCH_ERRORS])
def test_patch_errors(command, expected):
    assert run(pi_cluster(), command) == expected


def test_patch_an_immutable_field_is_invalid():
    error = ManifestError("pi", [FieldError("spec.completions", "Invalid value", "",
                                            "Invalid value: 5: field is immutable")])
    assert run(pi_cluster(reject=error), """patch job pi -p '{"spec":{"completions":5}}'""") == (
        'The Job "pi" is invalid: spec.completions: Invalid value: 5: field is immutable\n')


# ---- wait -----------------------------------------------------------------------------------


def completes_at(t: float, condition: str = "Complete"):
    return (t, lambda c: c.get_job("pi").status.conditions.append(Condition(condition, last_transition_time=t)))


WAIT_CASES = [
    ("the condition comes in time", [completes_at(25)], "wait --for=condition=complete job/pi",
     "job.batch/pi condition met\n", 25),
    ("condition names ignore case; TYPE NAME works", [completes_at(25)], "wait --for=condition=Complete job pi",
     "job.batch/pi condition met\n", 25),
    ("the default timeout is 30 seconds", [completes_at(45)], "wait --for=condition=complete job/pi",
     "error: timed out waiting for the condition on jobs/pi\n", 40),
    ("a longer timeout", [completes_at(45)], "wait --for=condition=complete --timeout=5m job/pi",
     "job.batch/pi condition met\n", 45),
    ("waiting for failure of a Job that completes times out", [completes_at(20)],
     "wait --for=condition=failed --timeout=1m jobs/pi", "error: timed out waiting for the condition on jobs/pi\n", 70),
    ("waiting for deletion", [(30, lambda c: c.jobs_.clear())], "wait --for=delete job/pi",
     "job.batch/pi condition met\n", 30),
    ("a missing Job", [], "wait --for=condition=complete job/nope",
     'Error from server (NotFound): jobs.batch "nope" not found\n', 10),
    ("no condition", [], "wait job/pi", "error: --for must be set\n", 10),
]


@pytest.mark.parametrize("script, command, expected, now", [c[1:] for c in WAIT_CASES], ids=[c[0] for c in WAIT_CASES])
def test_wait(script, command, expected, now):
    cluster = pi_cluster(script=list(script))
    assert run(cluster, command) == expected
    assert cluster.now == now


# ---- watch ----------------------------------------------------------------------------------


def set_fields(name: str, **fields):
    def change(cluster):
        pod = next(p for p in cluster.pods_ if p.name == name)
        for key, value in fields.items():
            setattr(pod, key, value)
    return change


def test_get_pods_watch_prints_a_row_per_change_in_remembered_widths():
    cluster = pi_cluster()
    cluster.pods_[0].phase, cluster.pods_[0].ready = "Pending", False
    cluster.pods_[0].waiting_reason = "ContainerCreating"
    cluster.script = [
        (12, set_fields("pi-abcde", phase="Running", ready=True, waiting_reason=None)),
        (20, lambda c: c.pods_.append(make_pod("pi-fghij", created_at=20, phase="Pending", node=None, job_name="pi"))),
        (22, set_fields("pi-abcde", phase="Succeeded", ready=False, exit_code=0)),
        (23, set_fields("pi-abcde", finalizers=())),
        (24, lambda c: c.get_job("pi").status.conditions.append(Condition("Complete"))),
        (99, set_fields("pi-fghij", phase="Running")),
    ]
    assert run(cluster, "get pods --watch") == (
        "NAME       READY   STATUS              RESTARTS   AGE\n"
        "pi-abcde   0/1     ContainerCreating   0          10s\n"
        "pi-abcde   1/1     Running             0          12s\n"
        "pi-fghij   0/1     Pending             0          0s\n"
        "pi-abcde   0/1     Completed           0          22s\n"
        "pi-abcde   0/1     Completed           0          23s\n")
    assert cluster.now == 24  # the watch ends with the Job's run


def test_get_job_watch_with_a_request_timeout_stops_at_the_deadline():
    cluster = pi_cluster(script=[(15, lambda c: setattr(c.get_job("pi").status, "succeeded", 1)),
                                 (90, lambda c: c.get_job("pi").status.conditions.append(Condition("Complete")))])
    assert run(cluster, "get job pi -w --request-timeout=60s") == (
        "NAME   STATUS    COMPLETIONS   DURATION   AGE\n"
        "pi     Running   0/1           10s        10s\n"
        "pi     Running   1/1           15s        15s\n")
    assert cluster.now == 70


def test_watching_pods_when_none_exist_prints_the_header_with_the_first_row():
    cluster = FakeCluster(jobs_=[make_job("pi")], script=[
        (1, lambda c: c.pods_.append(make_pod("pi-abcde", created_at=1, phase="Pending", node=None))),
        (2, lambda c: c.get_job("pi").status.conditions.append(Condition("Failed")))])
    assert run(cluster, "get pods -w") == (
        "NAME       READY   STATUS    RESTARTS   AGE\npi-abcde   0/1     Pending   0          0s\n")


def test_a_deleted_pod_prints_its_last_state():
    cluster = pi_cluster(script=[(12, lambda c: c.pods_.clear()),
                                 (13, lambda c: c.get_job("pi").status.conditions.append(Condition("Failed")))])
    assert run(cluster, "get pods -w").splitlines()[-1] == "pi-abcde   1/1     Running   0          12s"


# ---- helpers ----------------------------------------------------------------------------------

SELECTOR_CASES = [
    ("equality", "job-name=pi", {"job-name": "pi"}, True),
    ("double equals", "job-name==pi", {"job-name": "pi"}, True),
    ("inequality", "job-name!=pi", {"job-name": "pi"}, False),
    ("inequality holds for a missing label", "job-name!=pi", {}, True),
    ("existence", "job-name", {"job-name": "x"}, True),
    ("absence", "!job-name", {"job-name": "x"}, False),
    ("set membership", "env in (a, b)", {"env": "b"}, True),
    ("set exclusion", "env notin (a,b)", {"env": "c"}, True),
    ("all requirements must hold", "a=1,b=2", {"a": "1", "b": "3"}, False),
]


@pytest.mark.parametrize("selector, labels, expected", [c[1:] for c in SELECTOR_CASES],
                         ids=[c[0] for c in SELECTOR_CASES])
def test_selector_matches(selector, labels, expected):
    assert selector_matches(selector, labels) is expected


DURATIONS = [("seconds", "30s", 30), ("minutes", "5m", 300), ("mixed units", "1h30m", 5400), ("zero", "0", 0),
             ("fractions", "1.5s", 1.5), ("milliseconds", "500ms", 0.5)]


@pytest.mark.parametrize("text, seconds", [c[1:] for c in DURATIONS], ids=[c[0] for c in DURATIONS])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


def test_a_bad_duration_is_kubectls_flag_error():
    assert run(pi_cluster(), "wait --for=condition=complete --timeout=soon job/pi") == (
        'error: invalid argument "soon": time: invalid duration "soon"\n')


def test_already_exists_from_create_is_matched_by_its_name():
    cluster = FakeCluster(reject=AlreadyExists('jobs.batch "pi" already exists'))
    assert run(cluster, "create job pi --image=busybox") == (
        'error: failed to create job: jobs.batch "pi" already exists\n')


# ---- logs -l SELECTOR ----------------------------------------------------------------------


def item_pods() -> FakeCluster:
    """The docs' template-expansion task: three pods labelled jobgroup=jobexample (plus another pod)."""
    labels = {"jobgroup": "jobexample"}
    pods = [make_pod(f"process-item-{item}-{suffix}", phase="Succeeded", exit_code=0, labels=labels,
                     logs=f"Processing item {item}\n")
            for item, suffix in (("cherry", "7wbnv"), ("apple", "kixwv"), ("banana", "wrsf7"))]
    pods.append(make_pod("other-abcde", phase="Running", logs="not mine\n"))
    return FakeCluster(pods_=pods, now=60)


SELECTOR_LOGS_CASES = [
    # kubernetes.io "Parallel Processing using Expansions": the pods' logs one after another
    ("-f prints each pod's log, in the API's order", "logs -f -l jobgroup=jobexample",
     "Processing item apple\nProcessing item banana\nProcessing item cherry\n"),
    ("--prefix names the pod and container on each line", "logs -l jobgroup=jobexample --prefix",
     "[pod/process-item-apple-kixwv/main] Processing item apple\n"
     "[pod/process-item-banana-wrsf7/main] Processing item banana\n"
     "[pod/process-item-cherry-7wbnv/main] Processing item cherry\n"),
    ("following more pods than --max-log-requests is refused", "logs -f -l jobgroup=jobexample --max-log-requests=2",
     "error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, use "
     "--max-log-requests to increase the limit\n"),
    ("without -f the limit does not apply", "logs -l jobgroup=jobexample --max-log-requests=2 --tail=0", ""),
    ("a selector that matches nothing", "logs -l jobgroup=none", "No resources found in default namespace.\n"),
    ("a pod name and a selector together", "logs other-abcde -l jobgroup=jobexample",
     "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n"),
    ("a container the pods do not have", "logs -l jobgroup=jobexample -c side",
     "error: container side is not valid for pod process-item-apple-kixwv out of: main\n"),
    ("a --tail below -1", "logs -l jobgroup=jobexample --tail=-2", "error: --tail must be greater than or equal to -1\n"),
    ("a --tail that is not a number", "logs -l jobgroup=jobexample --tail=all",
     'error: invalid argument "all" for "--tail" flag: strconv.ParseInt: parsing "all": invalid syntax\n'
     "See 'kubectl logs -h' for help and examples\n"),
    ("--prefix works for one pod too", "logs other-abcde --prefix", "[pod/other-abcde/main] not mine\n"),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in SELECTOR_LOGS_CASES],
                         ids=[c[0] for c in SELECTOR_LOGS_CASES])
def test_logs_by_selector(command, expected):
    assert run(item_pods(), command) == expected


def test_logs_by_selector_shows_the_last_ten_lines_of_each_pod_unless_tail_is_given():
    # logs.go: with a selector and no --tail, PodLogOptions.TailLines is selectorTail (10)
    lines = "".join(f"line {n}\n" for n in range(1, 13))
    cluster = FakeCluster(pods_=[make_pod("a-pod", labels={"app": "x"}, logs=lines)])
    assert run(cluster, "logs -l app=x") == "".join(f"line {n}\n" for n in range(3, 13))
    assert run(cluster, "logs -l app=x --tail=2") == "line 11\nline 12\n"
    assert run(cluster, "logs -l app=x --tail=-1") == lines
    assert run(cluster, "logs a-pod") == lines


def test_logs_by_selector_announces_every_defaulted_container_before_any_log():
    pods = [make_pod(name, labels={"app": "x"}, containers=("main", "sidecar"), logs=f"{name} says hi\n")
            for name in ("a-pod", "b-pod")]
    assert run(FakeCluster(pods_=pods), "logs -l app=x") == (
        'Defaulted container "main" out of: main, sidecar\n'
        'Defaulted container "main" out of: main, sidecar\n'
        "a-pod says hi\nb-pod says hi\n")
    assert run(FakeCluster(pods_=pods), "logs -l app=x -c main") == "a-pod says hi\nb-pod says hi\n"


def test_logs_by_selector_stops_at_the_first_pod_still_waiting_to_start():
    pods = [make_pod("a-pod", labels={"app": "x"}, logs="done\n"),
            make_pod("b-pod", labels={"app": "x"}, phase="Pending", waiting_reason="ContainerCreating"),
            make_pod("c-pod", labels={"app": "x"}, logs="never read\n")]
    assert run(FakeCluster(pods_=pods), "logs -l app=x") == (
        'done\nError from server (BadRequest): container "main" in pod "b-pod" is waiting to start: '
        "ContainerCreating\n")


# ---- get --sort-by ------------------------------------------------------------------------


def sorting_cluster() -> FakeCluster:
    pods = [make_pod(name, created_at=t, phase="Running", ready=True)
            for name, t in (("pi-b", 5), ("pi-a", 9), ("pi-c", 1), ("pi-10", 3), ("pi-9", 3))]
    jobs = [make_job("pi", start=2), make_job("zz", start=1), make_job("aa")]
    return FakeCluster(jobs_=jobs, pods_=pods, now=20)


SORT_CASES = [
    ("by creation time; equal times keep the API's (name) order", "get pods --sort-by=.metadata.creationTimestamp",
     "NAME    READY   STATUS    RESTARTS   AGE\n"
     "pi-c    1/1     Running   0          19s\n"
     "pi-10   1/1     Running   0          17s\n"
     "pi-9    1/1     Running   0          17s\n"
     "pi-b    1/1     Running   0          15s\n"
     "pi-a    1/1     Running   0          11s\n"),
    ("names in natural order: pi-9 before pi-10", "get pods --sort-by=.metadata.name -o name",
     "pod/pi-9\npod/pi-10\npod/pi-a\npod/pi-b\npod/pi-c\n"),
    ("the {.path} spelling works too", "get pods --sort-by={.metadata.name} -o name",
     "pod/pi-9\npod/pi-10\npod/pi-a\npod/pi-b\npod/pi-c\n"),
    ("a Job without startTime sorts first", "get jobs --sort-by=.status.startTime",
     "NAME   STATUS    COMPLETIONS   DURATION   AGE\n"
     "aa     Running   0/1                      20s\n"
     "zz     Running   0/1           19s        20s\n"
     "pi     Running   0/1           18s        20s\n"),
    # kubectl drops the error of a Table no row of which has the field, and prints no rows (kubernetes/kubectl#1343).
    ("a field no object has: no rows", "get jobs --sort-by=.spec.nothing",
     "No resources found in default namespace.\n"),
    ("a field no object has, as names: the error", "get jobs --sort-by=.spec.nothing -o name",
     'error: couldn\'t find any field with path "{.spec.nothing}" in the list of objects\n'),
    ("a table of one row is not sorted, so not checked", "get job aa --sort-by=.status.startTime",
     "NAME   STATUS    COMPLETIONS   DURATION   AGE\n"
     "aa     Running   0/1                      20s\n"),
    ("one object printed by name is left alone", "get job aa --sort-by=.status.startTime -o name", "job.batch/aa\n"),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in SORT_CASES], ids=[c[0] for c in SORT_CASES])
def test_get_sort_by(command, expected):
    assert run(sorting_cluster(), command) == expected


def test_get_events_sorted_by_creation_time_as_tutorials_list_them():
    cluster = pi_cluster()
    cluster.events_ += [Event(1, "Normal", "Scheduled", "Pod/pi-abcde", "assigned", "default-scheduler"),
                        Event(2, "Normal", "Suspended", "Job/pi", "Job suspended")]
    assert run(cluster, "get events --sort-by=.metadata.creationTimestamp") == (
        "LAST SEEN   TYPE     REASON             OBJECT         MESSAGE\n"
        "10s         Normal   SuccessfulCreate   job/pi         Created pod: pi-abcde\n"
        "9s          Normal   Scheduled          pod/pi-abcde   assigned\n"
        "8s          Normal   Suspended          job/pi         Job suspended\n")


def test_get_events_sorted_by_a_field_no_event_has_prints_no_rows():
    cluster = pi_cluster()
    cluster.events_ += [Event(2, "Normal", "Suspended", "Job/pi", "Job suspended")]
    assert run(cluster, "get events --sort-by=.spec.nothing") == "No resources found in default namespace.\n"


def test_sort_by_applies_to_the_items_of_a_yaml_list():
    text = run(sorting_cluster(), "get pods --sort-by=.metadata.creationTimestamp -o json")
    assert [item["metadata"]["name"] for item in json.loads(text)["items"]] == ["pi-c", "pi-10", "pi-9", "pi-b",
                                                                                "pi-a"]


# ---- apply --validate ------------------------------------------------------------------------

# The course notes' typo: kubectl (1.27+) sends fieldValidation=Strict unless --validate says otherwise.
TYPO_YAML = PI_YAML.replace("  backoffLimit: 4\n", "  backoffLimit: 4\n  parallelims: 2\n")
STRICT_ERROR = ('Error from server (BadRequest): error when creating "{file}": Job in version "v1" cannot be handled '
                'as a Job: strict decoding error: unknown field "spec.parallelims"\n')

VALIDATE_CASES = [
    ("strict by default", "", STRICT_ERROR, False),
    ("--validate=true is strict", "--validate=true", STRICT_ERROR, False),
    ("a bare --validate is strict", "--validate", STRICT_ERROR, False),
    ("--validate=false drops the unknown field silently", "--validate=false", "job.batch/pi created\n", True),
    ("--validate=ignore is the same", "--validate=ignore", "job.batch/pi created\n", True),
    ("--validate=warn prints the server's warning and applies", "--validate=warn",
     'Warning: unknown field "spec.parallelims"\njob.batch/pi created\n', True),
    ("an unknown directive", "--validate=maybe",
     'error: invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)\n', False),
]


@pytest.mark.parametrize("flag, expected, created", [c[1:] for c in VALIDATE_CASES],
                         ids=[c[0] for c in VALIDATE_CASES])
def test_apply_validate(tmp_path, flag, expected, created):
    path = tmp_path / "job.yaml"
    path.write_text(TYPO_YAML)
    cluster = Cluster()
    assert cluster.kubectl(f"apply -f {path} {flag}") == expected.replace("{file}", str(path))
    assert [job.name for job in cluster.jobs()] == (["pi"] if created else [])


def test_without_validation_the_job_keeps_its_default_parallelism_and_the_annotation_keeps_the_typo(tmp_path):
    path = tmp_path / "job.yaml"
    path.write_text(TYPO_YAML)
    cluster = Cluster()
    cluster.kubectl(f"apply -f {path} --validate=false")
    job = cluster.get_job("pi")
    assert job.spec.parallelism == 1
    assert '"parallelims":2' in job.annotations[views.LAST_APPLIED_ANNOTATION]


def test_create_validate_warn_drops_every_unknown_field_in_order(tmp_path):
    path = tmp_path / "job.yaml"
    path.write_text(TYPO_YAML.replace("- name: pi\n", "- name: pi\n        comand: [sleep]\n"))
    assert Cluster().kubectl(f"create -f {path} --validate=warn") == (
        'Warning: unknown field "spec.parallelims"\n'
        'Warning: unknown field "spec.template.spec.containers[0].comand"\n'
        "job.batch/pi created\n")


def test_without_client_side_validation_a_missing_kind_fails_in_kubectls_decoder(tmp_path):
    path = tmp_path / "job.yaml"
    path.write_text("apiVersion: batch/v1\nmetadata:\n  name: x\n")
    assert Cluster().kubectl(f"apply -f {path} --validate=false") == (
        f"error: unable to decode \"{path}\": Object 'Kind' is missing in "
        """'{"apiVersion":"batch/v1","metadata":{"name":"x"}}'\n""")


# ---- pod containers as the kubelet reports them ------------------------------------------


def test_a_pod_waiting_for_its_init_containers_reports_pod_initializing():
    # kubelet convertToAPIContainerStatuses: containers of a pod with init containers wait as PodInitializing;
    # "Init:0/1" is only the STATUS column kubectl computes.
    pod = make_pod("pi-abcde", phase="Pending", waiting_reason="Init:0/1", init_containers=("setup",), finalizers=())
    cluster = FakeCluster(pods_=[pod], now=10)
    assert run(cluster, "get pods").splitlines()[1] == "pi-abcde   0/1     Init:0/1   0          10s"
    text = run(cluster, "get pod pi-abcde -o yaml")
    assert text[text.index("status:"):] == (
        "status:\n  containerStatuses:\n  - name: main\n    ready: false\n    restartCount: 0\n    state:\n"
        "      waiting:\n        reason: PodInitializing\n  initContainerStatuses:\n  - name: setup\n"
        "    ready: false\n    restartCount: 0\n    state:\n      waiting:\n        reason: PodInitializing\n"
        "  phase: Pending\n  startTime: \"2025-01-01T00:00:00Z\"\n")


@pytest.mark.parametrize("phase, finished_at, exit_code, failed_container, terminated", [
    ("Succeeded", 9.0, 0, None, {"exitCode": 0, "finishedAt": "2025-01-01T00:00:04Z", "reason": "Completed",
                                 "startedAt": "2025-01-01T00:00:04Z"}),
    ("Failed", 6.0, 2, "setup", {"exitCode": 2, "finishedAt": "2025-01-01T00:00:06Z", "reason": "Error",
                                 "startedAt": "2025-01-01T00:00:04Z"}),
], ids=["a finished init container", "a failed init container"])
def test_an_init_container_reports_when_it_started(phase, finished_at, exit_code, failed_container, terminated):
    pod = make_pod("pi-abcde", phase=phase, started_at=4.0, finished_at=finished_at, exit_code=exit_code,
                   failed_container=failed_container, init_containers=("setup",), finalizers=())
    init = json.loads(run(FakeCluster(pods_=[pod], now=10), "get pod pi-abcde -o json"))["status"][
        "initContainerStatuses"][0]["state"]
    assert init == {"terminated": terminated}


# ---- kubectl's sort order ----------------------------------------------------------------------


def test_sort_by_is_not_stable_beyond_twelve_rows():
    # Go's sort.Sort (pdqsort), traced by hand: 12 equal keys then a smaller one. The slice is not
    # already sorted, so partition() around the middle row swaps rows 0 and 6 and rows 1 and 12.
    pods = [make_pod(f"pod-{n:02d}", created_at=0 if n == 12 else 5) for n in range(13)]
    text = run(FakeCluster(pods_=pods, now=9), "get pods --sort-by=.metadata.creationTimestamp -o name")
    assert text.split() == [f"pod/pod-{n:02d}" for n in (12, 6, 2, 3, 4, 5, 0, 7, 8, 9, 10, 11, 1)]


def test_up_to_twelve_rows_equal_keys_keep_their_order():
    pods = [make_pod(f"pod-{n:02d}", created_at=0 if n == 11 else 5) for n in range(12)]
    text = run(FakeCluster(pods_=pods, now=9), "get pods --sort-by=.metadata.creationTimestamp -o name")
    assert text.split() == [f"pod/pod-{n:02d}" for n in [11] + list(range(11))]


def test_quantities_sort_by_amount():
    pods = [make_pod(name, labels={"memory": memory}) for name, memory in (("a", "2G"), ("b", "1Gi"), ("c", "512Mi"))]
    text = run(FakeCluster(pods_=pods), "get pods --sort-by=.metadata.labels.memory -o name")
    assert text.split() == ["pod/c", "pod/b", "pod/a"]


@pytest.mark.parametrize("items", [list(p) for p in itertools.permutations([3, 1, 2, 1, 0])] +
                         [[(n * 37) % 101 for n in range(100)], list(range(60, 0, -1)), [5] * 30 + [1] * 30],
                         ids=lambda items: f"{len(items)} items")
def test_go_sort_sorts(items):
    expected = sorted(items)
    go_sort(items, lambda x, y: x < y)
    assert items == expected


NATURAL_CASES = [
    ("a shorter number is smaller", "pod-9", "pod-10", True),
    ("digits before letters", "pod-1", "pod-a", True),
    ("letters byte by byte", "pod-B", "pod-a", True),
    ("fewer leading zeros first", "a01", "a001", True),
    ("a prefix first", "pod", "pod-1", True),
    ("timestamps in time order", "2025-01-01T00:00:09Z", "2025-01-01T00:00:10Z", True),
]


@pytest.mark.parametrize("a, b, expected", [c[1:] for c in NATURAL_CASES], ids=[c[0] for c in NATURAL_CASES])
def test_natural_less(a, b, expected):
    assert natural_less(a, b) is expected
