"""Jobs and pods as ``kubectl get ... -o yaml`` shows them, and back."""
from pathlib import Path

import pytest

from k8sjobs_edu.api.defaults import default_uid
from k8sjobs_edu.api.go_yaml import to_yaml
from k8sjobs_edu.api.manifest import load_job
from k8sjobs_edu.api.model import Job, Pod
from k8sjobs_edu.api.serialize import job_status_to_dict
from k8sjobs_edu.api.serialize_pod import pod_to_dict
from k8sjobs_edu.api.timestamps import parse_timestamp, to_timestamp
from k8sjobs_edu.api.types import Condition, JobStatus

DATA = Path(__file__).resolve().parents[2] / "data"
UID = default_uid("default", "pi")

# `kubectl get job pi -o yaml` of the docs' Job right after creation (docs' output, 1.34 field set):
# no creationTimestamp: null in the template (omitzero since 1.34), manualSelector and podReplacementPolicy defaulted.
PI_YAML = f"""apiVersion: batch/v1
kind: Job
metadata:
  creationTimestamp: "2025-01-01T00:00:00Z"
  generation: 1
  labels:
    batch.kubernetes.io/controller-uid: {UID}
    batch.kubernetes.io/job-name: pi
    controller-uid: {UID}
    job-name: pi
  name: pi
  namespace: default
  uid: {UID}
spec:
  backoffLimit: 4
  completionMode: NonIndexed
  completions: 1
  manualSelector: false
  parallelism: 1
  podReplacementPolicy: TerminatingOrFailed
  selector:
    matchLabels:
      batch.kubernetes.io/controller-uid: {UID}
  suspend: false
  template:
    metadata:
      labels:
        batch.kubernetes.io/controller-uid: {UID}
        batch.kubernetes.io/job-name: pi
        controller-uid: {UID}
        job-name: pi
    spec:
      containers:
      - command:
        - perl
        - -Mbignum=bpi
        - -wle
        - print bpi(2000)
        image: perl:5.34.0
        imagePullPolicy: IfNotPresent
        name: pi
        resources: {{}}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Never
      schedulerName: default-scheduler
      securityContext: {{}}
      terminationGracePeriodSeconds: 30
status: {{}}
"""


def test_a_new_job_as_kubectl_shows_it():
    assert load_job(DATA / "pi.yaml").to_yaml() == PI_YAML


def running_pi():
    job = load_job(DATA / "pi.yaml")
    job.created_at = 3.0
    job.status = JobStatus(active=1, ready=1, start_time=4.0)
    return job


def test_a_running_job_status():
    assert running_pi().to_dict()["status"] == {"active": 1, "ready": 1, "startTime": "2025-01-01T00:00:04Z",
                                                "terminating": 0, "uncountedTerminatedPods": {}}


@pytest.mark.parametrize("status, expected", [
    pytest.param(JobStatus(), {}, id="not synced yet: empty"),
    pytest.param(JobStatus(start_time=0.0), {"ready": 0, "startTime": "2025-01-01T00:00:00Z", "terminating": 0,
                                             "uncountedTerminatedPods": {}}, id="zero counters are omitted"),
    pytest.param(JobStatus(succeeded=3, completed_indexes="0-2", failed_indexes="", start_time=1.0,
                           completion_time=41.0, conditions=[
                               Condition("SuccessCriteriaMet", "True", "CompletionsReached",
                                         "Reached expected number of succeeded pods", 40.0),
                               Condition("Complete", "True", "CompletionsReached",
                                         "Reached expected number of succeeded pods", 41.0)]),
                 {"completedIndexes": "0-2", "completionTime": "2025-01-01T00:00:41Z",
                  "conditions": [
                      {"lastProbeTime": "2025-01-01T00:00:40Z", "lastTransitionTime": "2025-01-01T00:00:40Z",
                       "message": "Reached expected number of succeeded pods", "reason": "CompletionsReached",
                       "status": "True", "type": "SuccessCriteriaMet"},
                      {"lastProbeTime": "2025-01-01T00:00:41Z", "lastTransitionTime": "2025-01-01T00:00:41Z",
                       "message": "Reached expected number of succeeded pods", "reason": "CompletionsReached",
                       "status": "True", "type": "Complete"}],
                  "failedIndexes": "", "ready": 0, "startTime": "2025-01-01T00:00:01Z", "succeeded": 3,
                  "terminating": 0, "uncountedTerminatedPods": {}}, id="a completed Indexed Job"),
    pytest.param(JobStatus(failed=7, start_time=0.0, conditions=[Condition("Suspended", "False", "JobResumed",
                                                                           "Job resumed", 2.5)]),
                 {"conditions": [{"lastProbeTime": "2025-01-01T00:00:02Z", "lastTransitionTime": "2025-01-01T00:00:02Z",
                                  "message": "Job resumed", "reason": "JobResumed", "status": "False",
                                  "type": "Suspended"}],
                  "failed": 7, "ready": 0, "startTime": "2025-01-01T00:00:00Z", "terminating": 0,
                  "uncountedTerminatedPods": {}}, id="times are whole seconds"),
])
def test_job_status_shape(status, expected):
    assert job_status_to_dict(status) == expected


def test_yaml_layout_like_kubectl():
    text = to_yaml({"b": ["x", {"status": "True", "n": "4751", "empty": ""}], "a": "line one\nline two\n",
                    "c": {"when": "2025-01-01T00:00:00Z", "count": 3, "nothing": None}})
    assert text == ('a: |\n  line one\n  line two\n'
                    'b:\n- x\n- empty: ""\n  n: "4751"\n  status: "True"\n'
                    'c:\n  count: 3\n  nothing: null\n  when: "2025-01-01T00:00:00Z"\n')


def test_long_strings_are_folded_after_80_columns_like_go_yaml():
    # go-yaml and PyYAML share libyaml's rule: break at the first space past column 80.
    message = ("Container main for pod default/job-pod-failure-policy-example-x7k2q failed with exit code 42 "
               "matching FailJob rule at index 0")
    assert to_yaml({"message": message}) == (
        "message: Container main for pod default/job-pod-failure-policy-example-x7k2q failed\n"
        "  with exit code 42 matching FailJob rule at index 0\n")


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_round_trip_through_yaml(path):
    job = load_job(path)
    assert load_job(job.to_yaml()) == job


def test_from_dict_keeps_status_and_deletion():
    job = running_pi()
    job.deleted_at = 30.0
    job.status.conditions = [Condition("FailureTarget", "True", "DeadlineExceeded",
                                       "Job was active longer than specified deadline", 20.0)]
    job.status.failed, job.status.terminating = 2, 1
    again = Job.from_dict(job.to_dict())
    assert again == job
    assert (again.created_at, again.deleted_at, again.status.failed) == (3.0, 30.0, 2)


@pytest.mark.parametrize("text, seconds", [
    pytest.param("2025-01-01T00:00:00Z", 0.0, id="the epoch"),
    pytest.param("2025-01-01T00:02:14Z", 134.0, id="2m14s later"),
    pytest.param("2025-01-01T00:00:01.5Z", 1.5, id="a fraction"),
    pytest.param("2025-01-01T02:00:00+02:00", 0.0, id="an offset"),
])
def test_timestamps(text, seconds):
    assert parse_timestamp(text) == seconds
    assert parse_timestamp(to_timestamp(seconds)) == int(seconds)  # the API keeps whole seconds


# ---- pods ---------------------------------------------------------------------------------

def pod(**changes) -> Pod:
    base = dict(name="pi-x7k2q", job_name="pi", created_at=1.0, labels={"job-name": "pi"},
                owner_uid=UID, containers=("pi",), restart_policy="Never", ip="10.244.0.7", node_name="node-1")
    base.update(changes)
    return Pod(**base)


PODS = [
    ("pending", pod(waiting_reason="ContainerCreating")),
    ("running and ready", pod(phase="Running", started_at=3.0, ready=True, ready_at=3.0,
                              conditions=(Condition("Ready", "True", last_transition_time=3.0),))),
    ("succeeded", pod(phase="Succeeded", started_at=3.0, finished_at=13.0, exit_code=0, finalizers=())),
    ("failed with exit code 42", pod(phase="Failed", started_at=3.0, finished_at=8.0, exit_code=42)),
    ("restarted by OnFailure", pod(phase="Running", started_at=20.0, restarts=2, last_terminated_at=18.0,
                                   restart_policy="OnFailure", exit_code=1)),
    ("being deleted", pod(phase="Running", started_at=3.0, deleted_at=9.0, grace_period_seconds=30)),
    ("indexed with an init container", pod(name="indexed-job-2-abcde", job_name="indexed-job", index=2,
                                           labels={"batch.kubernetes.io/job-completion-index": "2"},
                                           hostname="indexed-job-2", containers=("worker",),
                                           init_containers=("input",), phase="Succeeded", started_at=4.0,
                                           finished_at=5.0, exit_code=0)),
    ("failed in its init container", pod(containers=("worker",), init_containers=("input",), phase="Failed",
                                         finished_at=4.0, exit_code=1, failed_container="input")),
    ("a second container failed", pod(containers=("main", "sidecar"), phase="Failed", started_at=2.0,
                                      finished_at=6.0, exit_code=3, failed_container="sidecar")),
]


@pytest.mark.parametrize("original", [pytest.param(p, id=i) for i, p in PODS])
def test_pod_round_trip(original):
    again = Pod.from_dict(pod_to_dict(original))
    fields = [f for f in Pod.__dataclass_fields__ if f not in ("attempt", "logs")]  # not part of the API shape
    assert {f: getattr(again, f) for f in fields} == {f: getattr(original, f) for f in fields}


def test_a_finished_pod_as_kubectl_shows_it():
    assert pod_to_dict(pod(phase="Failed", started_at=3.0, finished_at=8.0, exit_code=42)) == {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"creationTimestamp": "2025-01-01T00:00:01Z", "finalizers": ["batch.kubernetes.io/job-tracking"],
                     "labels": {"job-name": "pi"}, "name": "pi-x7k2q", "namespace": "default",
                     "ownerReferences": [{"apiVersion": "batch/v1", "blockOwnerDeletion": True, "controller": True,
                                          "kind": "Job", "name": "pi", "uid": UID}]},
        "spec": {"containers": [{"name": "pi"}], "nodeName": "node-1", "restartPolicy": "Never",
                 "terminationGracePeriodSeconds": 30},
        "status": {"containerStatuses": [{"name": "pi", "ready": False, "restartCount": 0, "state": {"terminated": {
            "exitCode": 42, "finishedAt": "2025-01-01T00:00:08Z", "reason": "Error",
            "startedAt": "2025-01-01T00:00:03Z"}}}], "phase": "Failed", "podIP": "10.244.0.7",
            "startTime": "2025-01-01T00:00:01Z"},
    }


def test_pod_from_dict_via_the_model():
    assert Pod.from_dict(pod(phase="Running", started_at=2.0).to_dict()).started_at == 2.0
