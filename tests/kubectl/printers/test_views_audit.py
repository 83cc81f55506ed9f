"""``kubectl get pods`` / ``get jobs`` of simulated states, audited against kubectl 1.34.

Each case drives the public Cluster API into a state and pins the table that
printPod / printJob (pkg/printers/internalversion/printers.go) print for it;
ages are HumanDuration (k8s.io/apimachinery/pkg/util/duration).
"""
from __future__ import annotations

import pytest

from k8sjobs_edu import Cluster
from k8sjobs_edu.api.model import Pod
from k8sjobs_edu.cluster.workloads import Outcome, constant, scripted
from k8sjobs_edu.kubectl.printers.views import pod_status

SELECTOR = "batch.kubernetes.io/controller-uid=460a7e2c-b733-4fc4-bc03-9479d78d0cff"


def job_manifest(name: str, command: str = "sleep 20", *, restart_policy: str = "Never", init_commands=(),
                 backoff_limit: int = 2, pod_spec: dict | None = None, spec: dict | None = None) -> dict:
    """A Job whose one container runs ``sh -c command`` (after init containers running ``init_commands``)."""
    template_spec = {"restartPolicy": restart_policy,
                     "containers": [{"name": "main", "image": "busybox", "command": ["sh", "-c", command]}]}
    if init_commands:
        template_spec["initContainers"] = [{"name": f"init{i}", "image": "busybox", "command": ["sh", "-c", c]}
                                           for i, c in enumerate(init_commands)]
    template_spec.update(pod_spec or {})
    job_spec = {"backoffLimit": backoff_limit, "template": {"spec": template_spec}}
    job_spec.update(spec or {})
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}, "spec": job_spec}


def run_case(manifest: dict, until: float, action=None, **cluster_options) -> Cluster:
    """Apply the Job, optionally ``("evict" | "delete", at)`` its first pod / itself, run to ``until``."""
    cluster = Cluster(**cluster_options)
    cluster.apply(manifest)
    if action is not None:
        verb, at = action
        cluster.run(until=at)
        if verb == "evict":
            cluster.evict(cluster.pods()[0].name)
        else:
            cluster.delete(manifest["metadata"]["name"], propagation="Foreground")
    cluster.run(until=until)
    return cluster


POD_CASES = [
    # (case, manifest, until, action, cluster options, `kubectl get pods` output)
    ("a bound pod whose container is being created shows the waiting reason ContainerCreating",
     job_manifest("plain"), 1, None, {},
     "NAME          READY   STATUS              RESTARTS   AGE\n"
     "plain-trqcs   0/1     ContainerCreating   0          1s\n"),
    ("a running, ready container counts in READY (Ready && State.Running)",
     job_manifest("plain"), 3, None, {},
     "NAME          READY   STATUS    RESTARTS   AGE\n"
     "plain-trqcs   1/1     Running   0          3s\n"),
    ("a container that exited 0 shows its terminated reason Completed and is no longer ready",
     job_manifest("plain"), 25, None, {},
     "NAME          READY   STATUS      RESTARTS   AGE\n"
     "plain-trqcs   0/1     Completed   0          25s\n"),
    ("a container that exited non-zero shows its terminated reason Error; each retry is a new pod",
     job_manifest("fail", "sleep 5; exit 3"), 30, None, {},
     "NAME         READY   STATUS   RESTARTS   AGE\n"
     "fail-hc6cd   0/1     Error    0          13s\n"
     "fail-trqcs   0/1     Error    0          30s\n"),
    ("an OnFailure crash loop shows the waiting reason CrashLoopBackOff and restarts (lastState finishedAt ago)",
     job_manifest("crash", "sleep 5; exit 3", restart_policy="OnFailure"), 20, None, {},
     "NAME          READY   STATUS             RESTARTS     AGE\n"
     "crash-trqcs   0/1     CrashLoopBackOff   1 (8s ago)   20s\n"),
    ("the last restart's age is HumanDuration: minutes and seconds below ten minutes",
     job_manifest("crash", "sleep 5; exit 3", restart_policy="OnFailure", backoff_limit=10), 330, None, {},
     "NAME          READY   STATUS             RESTARTS        AGE\n"
     "crash-trqcs   0/1     CrashLoopBackOff   5 (2m28s ago)   5m30s\n"),
    ("init containers not run yet show Init:i/N; READY counts only regular containers",
     job_manifest("init", init_commands=("sleep 5", "sleep 5")), 1, None, {},
     "NAME         READY   STATUS     RESTARTS   AGE\n"
     "init-trqcs   0/1     Init:0/2   0          1s\n"),
    ("an init container that exited non-zero shows Init: plus its terminated reason",
     job_manifest("initfail", init_commands=("sleep 5; exit 2",)), 9, None, {},
     "NAME             READY   STATUS       RESTARTS   AGE\n"
     "initfail-trqcs   0/1     Init:Error   0          9s\n"),
    ("a crash-looping init container shows Init: plus its waiting reason",
     job_manifest("initcrash", restart_policy="OnFailure", init_commands=("sleep 5; exit 2",), backoff_limit=6),
     15, None, {},
     "NAME              READY   STATUS                  RESTARTS     AGE\n"
     "initcrash-trqcs   0/1     Init:CrashLoopBackOff   1 (3s ago)   15s\n"),
    ("a pod past its own activeDeadlineSeconds shows the pod's reason DeadlineExceeded",
     job_manifest("pdl", "sleep 100", pod_spec={"activeDeadlineSeconds": 10}), 15, None, {},
     "NAME        READY   STATUS             RESTARTS   AGE\n"
     "pdl-trqcs   0/1     DeadlineExceeded   0          15s\n"),
    ("a running pod with a deletionTimestamp is Terminating and stays ready until its container stops",
     job_manifest("del", "sleep 100"), 6, ("delete", 5), {},
     "NAME        READY   STATUS        RESTARTS   AGE\n"
     "del-trqcs   1/1     Terminating   0          6s\n"),
    ("an evicted pod is deleted gracefully, so it shows Terminating",
     job_manifest("ev", "sleep 100"), 6, ("evict", 5), {},
     "NAME       READY   STATUS        RESTARTS   AGE\n"
     "ev-trqcs   1/1     Terminating   0          6s\n"),
    ("READY counts every container of the pod",
     job_manifest("two", pod_spec={"containers": [
         {"name": "a", "image": "busybox", "command": ["sh", "-c", "sleep 5"]},
         {"name": "b", "image": "busybox", "command": ["sh", "-c", "sleep 20"]}]}), 4, None, {},
     "NAME        READY   STATUS    RESTARTS   AGE\n"
     "two-trqcs   2/2     Running   0          4s\n"),
    ("a scripted failure prints like a command's failure",
     job_manifest("scr", backoff_limit=0), 9, None, {"workload": scripted([Outcome(5, exit_code=137)])},
     "NAME        READY   STATUS   RESTARTS   AGE\n"
     "scr-trqcs   0/1     Error    0          9s\n"),
]


@pytest.mark.parametrize("manifest, until, action, options, expected", [c[1:] for c in POD_CASES],
                         ids=[c[0] for c in POD_CASES])
def test_get_pods(manifest, until, action, options, expected):
    assert run_case(manifest, until, action, **options).kubectl("get pods") == expected


WIDE_POD_CASES = [
    ("a pod waiting for a free node is Pending (no container statuses) and has no NODE",
     job_manifest("nodes", spec={"parallelism": 2, "completions": 2}), 4, {"nodes": 1},
     "NAME          READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES\n"
     "nodes-hc6cd   0/1     Pending   0          4s    <none>   <none>   <none>           <none>\n"
     "nodes-trqcs   1/1     Running   0          4s    <none>   node-1   <none>           <none>\n"),
    ("AGE switches to minutes and seconds at two minutes; NOMINATED NODE and READINESS GATES are <none>",
     job_manifest("long", "sleep 1000"), 125, {"workload": constant(1000)},
     "NAME         READY   STATUS    RESTARTS   AGE    IP       NODE     NOMINATED NODE   READINESS GATES\n"
     "long-trqcs   1/1     Running   0          2m5s   <none>   node-1   <none>           <none>\n"),
]


@pytest.mark.parametrize("manifest, until, options, expected", [c[1:] for c in WIDE_POD_CASES],
                         ids=[c[0] for c in WIDE_POD_CASES])
def test_get_pods_wide(manifest, until, options, expected):
    assert run_case(manifest, until, **options).kubectl("get pods -o wide") == expected


JOB_CASES = [
    # (case, manifest, until, action, the row under `kubectl get jobs`' header)
    ("a Job with spec.suspend has Suspended=True: Suspended, and no startTime so no DURATION",
     job_manifest("sus", spec={"suspend": True}), 3, None, "sus    Suspended   0/1                      3s"),
    ("a running Job's DURATION is HumanDuration(time.Since(startTime))",
     job_manifest("run"), 6, None, "run    Running   0/1           6s         6s"),
    ("a Job with a deletionTimestamp that is not finished is Terminating",
     job_manifest("fg", "sleep 100"), 6, ("delete", 5), "fg     Terminating   0/1           6s         6s"),
    ("a podFailurePolicy FailJob rule ends in Failed",
     job_manifest("pfp", "sleep 5; exit 42", spec={"podFailurePolicy": {"rules": [
         {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}]}}), 8, None,
     "pfp    Failed   0/1           8s         8s"),
    ("a met successPolicy shows SuccessCriteriaMet while the other pods terminate (kubernetes#132832)",
     job_manifest("sp", "sleep $((5 + JOB_COMPLETION_INDEX * 20))", spec={
         "completionMode": "Indexed", "completions": 3, "parallelism": 3,
         "successPolicy": {"rules": [{"succeededIndexes": "0"}]}}), 8, None,
     "sp     SuccessCriteriaMet   1/3           8s         8s"),
    ("a Complete Job's DURATION stops at completionTime while AGE grows",
     job_manifest("sp", "sleep $((5 + JOB_COMPLETION_INDEX * 20))", spec={
         "completionMode": "Indexed", "completions": 3, "parallelism": 3,
         "successPolicy": {"rules": [{"succeededIndexes": "0"}]}}), 60, None,
     "sp     Complete   1/3           39s        60s"),
    ("a work queue with parallelism 3 counts succeeded/1 of 3",
     job_manifest("wq", "sleep 10", spec={"parallelism": 3}), 20, None,
     "wq     Complete   3/1 of 3      13s        20s"),
    ("a Failed Job has no completionTime, so its DURATION keeps growing with AGE",
     job_manifest("failed", "sleep 2; exit 1", backoff_limit=0), 200, None,
     "failed   Failed   0/1           3m20s      3m20s"),
]


@pytest.mark.parametrize("manifest, until, action, expected", [c[1:] for c in JOB_CASES],
                         ids=[c[0] for c in JOB_CASES])
def test_get_jobs_row(manifest, until, action, expected):
    assert run_case(manifest, until, action).kubectl("get jobs").splitlines()[1] == expected


def test_get_jobs_wide_lists_containers_and_images_joined_by_commas_and_the_generated_selector():
    manifest = job_manifest("two", pod_spec={"containers": [
        {"name": "a", "image": "busybox", "command": ["sh", "-c", "sleep 5"]},
        {"name": "b", "image": "perl:5.34.0", "command": ["sh", "-c", "sleep 20"]}]})
    assert run_case(manifest, 4).kubectl("get jobs -o wide") == (
        "NAME   STATUS    COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES                SELECTOR\n"
        f"two    Running   0/1           4s         4s    a,b          busybox,perl:5.34.0   {SELECTOR}\n")


INIT_STATUS_CASES = [
    # printPod walks initContainerStatuses first: a non-zero exit is "Init:" + terminated.reason, a waiting
    # reason other than PodInitializing is "Init:" + waiting.reason.
    ("an init container killed in its crash loop back-off keeps Init:Error",
     {"phase": "Failed", "exit_code": 2, "failed_container": "setup", "restart_policy": "OnFailure"}, "Init:Error"),
    ("a regular container's failure in a pod with init containers is plain Error",
     {"phase": "Failed", "exit_code": 1, "failed_container": "main"}, "Error"),
    ("a regular container's crash loop in a pod with init containers is plain CrashLoopBackOff",
     {"phase": "Running", "exit_code": 1, "failed_container": "main", "waiting_reason": "CrashLoopBackOff"},
     "CrashLoopBackOff"),
    ("an init container's crash loop being deleted is Terminating",
     {"phase": "Running", "exit_code": 1, "failed_container": "setup", "waiting_reason": "CrashLoopBackOff",
      "deleted_at": 3.0}, "Terminating"),
]


@pytest.mark.parametrize("fields, expected", [c[1:] for c in INIT_STATUS_CASES],
                         ids=[c[0] for c in INIT_STATUS_CASES])
def test_pod_status_with_init_containers(fields, expected):
    pod = Pod("p", init_containers=("setup",), node_name="node-1", **fields)
    assert pod_status(pod) == expected
