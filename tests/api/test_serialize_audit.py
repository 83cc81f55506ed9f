"""Audit of ``kubectl get job|pod NAME -o yaml|json`` against what a 1.34 API server stores and kubectl prints.

Each case cites the upstream source it pins.
"""
from pathlib import Path

import pytest

from k8sjobs_edu.api.defaults import default_uid
from k8sjobs_edu.api.go_yaml import go_yaml_key_less, to_yaml
from k8sjobs_edu.api.manifest import load_job
from k8sjobs_edu.api.model import Pod
from k8sjobs_edu.api.serialize import condition_to_dict, job_status_to_dict, job_to_dict
from k8sjobs_edu.api.serialize_pod import pod_to_dict
from k8sjobs_edu.api.types import Condition, JobStatus

DATA = Path(__file__).resolve().parents[2] / "data"
UID = default_uid("default", "pi")


# ---- key order: kubectl -o yaml = json.Marshal, then sigs.k8s.io/yaml JSONToYAML (go-yaml v2 sorter.go) ----------

@pytest.mark.parametrize("first, second", [
    pytest.param("a9", "a10", id="runs of digits compare as numbers, so a9 comes before a10"),
    pytest.param("a_b", "aB", id="a non-letter comes before a letter, although '_' is above 'B' in ASCII"),
    pytest.param("Zone", "app", id="two letters compare by code point, so upper case comes first"),
    pytest.param("job", "job-name", id="a key that is a prefix of another comes first"),
    pytest.param("a1", "a01", id="leading zeros make a number longer, so a1 comes before a01"),
    pytest.param("batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name",
                 id="the Job labels keep their plain alphabetical order"),
])
def test_go_yaml_key_order(first, second):
    assert go_yaml_key_less(first, second) is True
    assert go_yaml_key_less(second, first) is False


def test_to_yaml_lays_out_labels_in_go_yaml_order_not_python_order():
    # sorted() would give tier-1, tier-10, tier-9, tierB, tier_b.
    labels = {"tier-10": "x", "tier-9": "x", "tier-1": "x", "tierB": "x", "tier_b": "x"}
    assert to_yaml({"labels": labels}) == "labels:\n  tier-1: x\n  tier-9: x\n  tier-10: x\n  tier_b: x\n  tierB: x\n"


# ---- Job status: staging/src/k8s.io/api/batch/v1/types.go JobStatus json tags ------------------------------------

@pytest.mark.parametrize("status, expected", [
    pytest.param(JobStatus(), {}, id="a Job the controller has not synced yet has status {}"),
    pytest.param(JobStatus(start_time=0.0),
                 {"ready": 0, "startTime": "2025-01-01T00:00:00Z", "terminating": 0, "uncountedTerminatedPods": {}},
                 id="zero active/succeeded/failed are omitempty int32s but ready and terminating are set pointers"),
    pytest.param(JobStatus(start_time=0.0, active=2, ready=1, failed=1),
                 {"active": 2, "failed": 1, "ready": 1, "startTime": "2025-01-01T00:00:00Z", "terminating": 0,
                  "uncountedTerminatedPods": {}},
                 id="non-zero counters are shown and uncountedTerminatedPods stays an empty struct"),
    pytest.param(JobStatus(start_time=0.0, completed_indexes="", failed_indexes=""),
                 {"failedIndexes": "", "ready": 0, "startTime": "2025-01-01T00:00:00Z", "terminating": 0,
                  "uncountedTerminatedPods": {}},
                 id="an empty completedIndexes string is omitted while failedIndexes is a pointer and shows empty"),
    pytest.param(JobStatus(start_time=0.0, completion_time=9.0, succeeded=3, completed_indexes="0-2"),
                 {"completedIndexes": "0-2", "completionTime": "2025-01-01T00:00:09Z", "ready": 0,
                  "startTime": "2025-01-01T00:00:00Z", "succeeded": 3, "terminating": 0,
                  "uncountedTerminatedPods": {}},
                 id="a finished Indexed Job shows completionTime and completedIndexes in range form"),
])
def test_job_status_fields(status, expected):
    assert job_status_to_dict(status) == expected


@pytest.mark.parametrize("condition, expected", [
    pytest.param(Condition("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", 9.0),
                 {"lastProbeTime": "2025-01-01T00:00:09Z", "lastTransitionTime": "2025-01-01T00:00:09Z",
                  "message": "Reached expected number of succeeded pods", "reason": "CompletionsReached",
                  "status": "True", "type": "Complete"},
                 id="the Job controller's newCondition sets lastProbeTime together with lastTransitionTime"),
    pytest.param(Condition("Suspended", "False", "JobResumed", "", 5.0),
                 {"lastProbeTime": "2025-01-01T00:00:05Z", "lastTransitionTime": "2025-01-01T00:00:05Z",
                  "reason": "JobResumed", "status": "False", "type": "Suspended"},
                 id="an empty message is omitted (JobCondition.Message is omitempty)"),
])
def test_job_conditions(condition, expected):
    assert condition_to_dict(condition) == expected


# ---- Job metadata ----------------------------------------------------------------------------------------------

def test_job_metadata_has_the_fields_the_api_server_sets_and_no_managed_fields():
    # kubectl >= 1.21 hides managedFields unless --show-managed-fields; labels defaulted from the template
    # (SetDefaults_Job) after the strategy's generateSelector added controller-uid and job-name.
    metadata = job_to_dict(load_job(DATA / "pi.yaml"))["metadata"]
    assert metadata == {"creationTimestamp": "2025-01-01T00:00:00Z", "generation": 1, "labels": {
        "batch.kubernetes.io/controller-uid": UID, "batch.kubernetes.io/job-name": "pi", "controller-uid": UID,
        "job-name": "pi"}, "name": "pi", "namespace": "default", "uid": UID}


def test_the_pod_template_has_no_null_creation_timestamp():
    # kubernetes/kubernetes#130989: a zero metadata.creationTimestamp is omitted, no longer "null".
    template = job_to_dict(load_job(DATA / "pi.yaml"))["spec"]["template"]
    assert "creationTimestamp" not in template["metadata"]


# ---- Pods: pkg/kubelet/kubelet_pods.go convertToAPIContainerStatuses, pkg/kubelet/prober/prober_manager.go ----------

def pod(**fields) -> Pod:
    defaults = {"name": "pi-x7k2q", "job_name": "pi", "containers": ("pi",), "created_at": 1.0,
                "node_name": "node-1", "owner_uid": UID, "labels": {"job-name": "pi"}}
    return Pod(**{**defaults, **fields})


def test_a_job_pod_is_owned_by_its_job_as_the_controller_reference():
    # pkg/controller/job: newControllerRef via metav1.NewControllerRef (controller and blockOwnerDeletion true).
    assert pod_to_dict(pod())["metadata"]["ownerReferences"] == [
        {"apiVersion": "batch/v1", "blockOwnerDeletion": True, "controller": True, "kind": "Job", "name": "pi",
         "uid": UID}]


@pytest.mark.parametrize("fields, expected", [
    pytest.param({"phase": "Succeeded", "started_at": 2.0, "finished_at": 5.0, "exit_code": 0},
                 {"terminated": {"exitCode": 0, "finishedAt": "2025-01-01T00:00:05Z", "reason": "Completed",
                                 "startedAt": "2025-01-01T00:00:02Z"}},
                 id="a container that exited 0 is terminated with reason Completed"),
    pytest.param({"phase": "Failed", "started_at": 2.0, "finished_at": 5.0, "exit_code": 3},
                 {"terminated": {"exitCode": 3, "finishedAt": "2025-01-01T00:00:05Z", "reason": "Error",
                                 "startedAt": "2025-01-01T00:00:02Z"}},
                 id="a container that exited non-zero is terminated with reason Error"),
    pytest.param({"phase": "Running", "started_at": 2.0}, {"running": {"startedAt": "2025-01-01T00:00:02Z"}},
                 id="a running container reports when it started"),
    pytest.param({"phase": "Pending"}, {"waiting": {"reason": "ContainerCreating"}},
                 id="a container not started yet waits as ContainerCreating"),
    pytest.param({"phase": "Pending", "init_containers": ("setup",)}, {"waiting": {"reason": "PodInitializing"}},
                 id="a container behind init containers waits as PodInitializing"),
])
def test_container_state(fields, expected):
    assert pod_to_dict(pod(**fields))["status"]["containerStatuses"][0]["state"] == expected


@pytest.mark.parametrize("fields, ready", [
    pytest.param({"phase": "Running", "started_at": 4.0}, True, id="an init container that exited 0 is ready"),
    pytest.param({"phase": "Failed", "started_at": 4.0, "finished_at": 6.0, "exit_code": 2,
                  "failed_container": "setup"}, False, id="an init container that failed is not ready"),
    pytest.param({"phase": "Pending"}, False, id="an init container that has not run is not ready"),
])
def test_init_container_readiness(fields, ready):
    status = pod_to_dict(pod(init_containers=("setup",), **fields))["status"]["initContainerStatuses"][0]
    assert status["ready"] is ready


@pytest.mark.parametrize("fields, expected", [
    pytest.param({"deleted_at": 10.0, "grace_period_seconds": 30},
                 {"deletionGracePeriodSeconds": 30, "deletionTimestamp": "2025-01-01T00:00:40Z"},
                 id="a graceful delete stamps the moment the grace period ends"),
    pytest.param({"deleted_at": 10.0, "grace_period_seconds": 0},
                 {"deletionGracePeriodSeconds": 0, "deletionTimestamp": "2025-01-01T00:00:10Z"},
                 id="a zero grace period stamps the moment of the request"),
])
def test_pod_deletion_metadata(fields, expected):
    metadata = pod_to_dict(pod(phase="Running", started_at=2.0, **fields))["metadata"]
    assert {key: metadata[key] for key in expected} == expected


def test_a_pod_past_its_active_deadline_carries_the_kubelets_reason_and_message():
    # pkg/kubelet/active_deadline.go: reason DeadlineExceeded and its fixed message.
    status = pod_to_dict(pod(phase="Failed", started_at=2.0, finished_at=9.0, exit_code=137,
                             reason="DeadlineExceeded"))["status"]
    assert (status["reason"], status["message"]) == (
        "DeadlineExceeded", "Pod was active on the node longer than the specified deadline")
