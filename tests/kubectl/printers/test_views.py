"""kubectl's text, byte for byte: tables, describe, events, logs, JSON.

Expected values come from upstream printers (pkg/printers/internalversion/
printers.go printJob/printPod/printEvent), kubectl's describe.go, client-go's
event correlator, podutils.ByLogging, and real transcripts (tests/golden/).
"""
from pathlib import Path

import pytest

from fake_cluster import make_job, make_pod
from k8sjobs_edu.api.model import Job, Pod
from k8sjobs_edu.api.types import Condition, Event, JobSpec, JobStatus
from k8sjobs_edu.kubectl.printers import views

GOLDEN = Path(__file__).resolve().parents[2] / "golden"


def golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


# ---- golden transcripts ---------------------------------------------------------------

NOTES_PODS = [  # (suffix, created at, running) — the course notes' pods at t = 134 s
    ("8wf4v", 0, False), ("vnvhm", 0, False), ("2ckql", 34, False), ("7f465", 37, False),
    ("g4blw", 69, False), ("5rgtm", 72, False), ("gbrx5", 105, True), ("nx9w9", 107, True),
]


def notes_pods() -> list[Pod]:
    pods = []
    for suffix, created, running in NOTES_PODS:
        if running:
            pods.append(make_pod(f"paral-myjob-{suffix}", created_at=created, phase="Running", ready=True))
        else:
            pods.append(make_pod(f"paral-myjob-{suffix}", created_at=created, phase="Succeeded", exit_code=0))
    return pods


def test_course_notes_get_job_on_kubectl_1_29():
    job = make_job("paral-myjob", created_at=0, start=0, completions=8, parallelism=2)
    assert views.get_jobs([job], 4, kubectl_version="1.29") == golden("notes_get_job_1.29.txt")


def test_course_notes_get_pods_rows_are_kubectls_values_and_order():
    # kubectl pads NAME to the longest name + 3 = 20; every other byte of each row matches the notes.
    expected = [line[:20] + line[28:] for line in golden("notes_get_pods.txt").splitlines(keepends=True)]
    assert views.get_pods(notes_pods(), 134) == "".join(expected)


def test_course_notes_get_pods_with_the_25_character_pod_the_paste_left_out():
    # The notes' NAME column is 28 wide: the namespace held one more pod with a 25-character
    # name (kubectl get pod lists them all); without its row the output is the notes' byte for byte.
    other = make_pod("zz-other-workload-abcdefg", created_at=0, phase="Running", ready=True)
    assert len(other.name) == 25
    lines = views.get_pods(notes_pods() + [other], 134).splitlines(keepends=True)
    assert "".join(line for line in lines if not line.startswith("zz-")) == golden("notes_get_pods.txt")


def demo_job_write() -> tuple[Job, list[Event]]:
    """A real kubectl 1.34 transcript (a Job writing to a hostPath), times mapped to t = 0."""
    uid = "8438f59c-d4c9-4a28-a90e-36cd80553d8a"
    labels = {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "demo-job-write",
              "controller-uid": uid, "job-name": "demo-job-write"}
    template = {"metadata": {"labels": labels}, "spec": {
        "restartPolicy": "Never",
        "volumes": [{"name": "local-storage", "hostPath": {"path": "/tmp/data", "type": "DirectoryOrCreate"}}],
        "containers": [{"name": "writer", "image": "busybox", "command": ["/bin/sh", "-c"],
                        "args": ['echo "$(date) Demo Job writer";\n'
                                 'echo "$(date) Demo Job writer" > /data/message.txt;\n'],
                        "volumeMounts": [{"name": "local-storage", "mountPath": "/data"}]}]}}
    job = Job(name="demo-job-write", uid=uid, labels=labels,
              annotations={views.LAST_APPLIED_ANNOTATION: '{"kind":"Job"}\n'},
              spec=JobSpec(template=template, selector={"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}),
              status=JobStatus(succeeded=1, start_time=0, completion_time=6,
                               conditions=[Condition("SuccessCriteriaMet"), Condition("Complete")]))
    events = [Event(0, "Normal", "SuccessfulCreate", "Job/demo-job-write", "Created pod: demo-job-write-2rt82"),
              Event(6, "Normal", "Completed", "Job/demo-job-write", "Job completed")]
    return job, events


def test_describe_matches_a_real_kubectl_1_34_transcript():
    job, events = demo_job_write()
    assert views.describe_job(job, [], events, 21) == golden("describe_demo_job_write_1.34.txt")


def test_describe_of_the_docs_pi_example_in_the_1_34_layout():
    # kubernetes.io's pi example (uid, image, 65 s run, events 14m/13m ago) as kubectl 1.34 prints it;
    # the page itself shows an older kubectl (no Completion Mode/Suspend lines, "0 Running / ...").
    uid = "c9948307-e56d-4b5d-8302-ae2d7b7da67c"
    labels = {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi",
              "controller-uid": uid, "job-name": "pi"}
    template = {"metadata": {"labels": labels}, "spec": {"restartPolicy": "Never", "containers": [
        {"name": "pi", "image": "perl:5.34.0", "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]}]}}
    job = Job(name="pi", uid=uid, labels=labels, spec=JobSpec(
        template=template, backoff_limit=4, selector={"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}),
        status=JobStatus(succeeded=1, start_time=0, completion_time=65, conditions=[Condition("Complete")]))
    events = [Event(0, "Normal", "SuccessfulCreate", "Job/pi", "Created pod: pi-5rwd7"),
              Event(65, "Normal", "Completed", "Job/pi", "Job completed"),
              Event(1, "Normal", "Scheduled", "Pod/pi-5rwd7", "not the Job's event", "default-scheduler")]
    assert views.describe_job(job, [], events, 845) == golden("describe_pi_docs_1.34.txt")


# ---- the tab writers --------------------------------------------------------------------


def test_table_columns_are_the_widest_cell_plus_three_and_the_last_is_not_padded():
    assert views.format_rows([["NAME", "AGE"], ["a-long-name", "5s"]]) == "NAME          AGE\na-long-name   5s\n"


def test_a_column_is_at_least_six_wide():
    assert views.format_rows([["A", "B"], ["", "x"]]) == "A     B\n      x\n"


def test_empty_cells_are_padded_like_others():
    assert views.format_rows([["NAME", "DURATION", "AGE"], ["pi", "", "0s"]]) == (
        "NAME   DURATION   AGE\npi                0s\n")


def test_remembered_widths_keep_later_rows_aligned_with_earlier_ones():
    writer = views.table_writer()
    first = views.format_rows([["NAME", "STATUS", "AGE"], ["pi", "Running", "0s"]], writer)
    later = views.format_rows([["pi", "SuccessCriteriaMet", "6s"]], writer)
    last = views.format_rows([["pi", "Complete", "6s"]], writer)
    assert first == "NAME   STATUS    AGE\npi     Running   0s\n"
    assert later == "pi     SuccessCriteriaMet   6s\n"
    assert last == "pi     Complete             6s\n"


def test_describe_writer_breaks_column_blocks_at_lines_without_tabs():
    writer = views.TabWriter(min_width=0, padding=2)
    writer.write("Name:\tpi\nA long key:\tv\nSection:\n  K:\tv\n")
    assert writer.text() == "Name:        pi\nA long key:  v\nSection:\n  K:  v\n"


# ---- kubectl get jobs ---------------------------------------------------------------------

STATUS_CASES = [
    ("no conditions is Running", {}, "1.34", "Running"),
    ("Complete=True is Complete", {"conditions": ("SuccessCriteriaMet", "Complete")}, "1.34", "Complete"),
    ("Failed=True is Failed", {"conditions": ("FailureTarget", "Failed")}, "1.34", "Failed"),
    ("Complete is checked before Failed", {"conditions": ("Failed", "Complete")}, "1.34", "Complete"),
    ("a deletion timestamp is Terminating", {"deleted_at": 5}, "1.34", "Terminating"),
    ("a finished Job being deleted stays Complete", {"deleted_at": 5, "conditions": ("Complete",)},
     "1.34", "Complete"),
    ("Terminating beats Suspended", {"deleted_at": 5, "conditions": ("Suspended",)}, "1.34", "Terminating"),
    ("Suspended=True is Suspended", {"conditions": ("Suspended",)}, "1.34", "Suspended"),
    ("a resumed Job (Suspended=False) is Running", {"conditions": (("Suspended", "False"),)}, "1.34", "Running"),
    ("FailureTarget=True is FailureTarget", {"conditions": ("FailureTarget",)}, "1.34", "FailureTarget"),
    ("SuccessCriteriaMet shows on kubectl 1.34", {"conditions": ("SuccessCriteriaMet",)}, "1.34",
     "SuccessCriteriaMet"),
    ("SuccessCriteriaMet is Running on kubectl 1.33", {"conditions": ("SuccessCriteriaMet",)}, "1.33", "Running"),
    ("only the first condition of a type counts", {"conditions": (("Complete", "False"), "Complete")}, "1.34",
     "Running"),
]


@pytest.mark.parametrize("state, version, expected", [c[1:] for c in STATUS_CASES],
                         ids=[c[0] for c in STATUS_CASES])
def test_job_status(state, version, expected):
    assert views.job_status(make_job(**state), version) == expected


COMPLETIONS_CASES = [
    ("completions set: succeeded/completions", {"completions": 8, "succeeded": 3}, "3/8"),
    ("work queue with parallelism 2: s/1 of p", {"completions": None, "parallelism": 2, "succeeded": 2}, "2/1 of 2"),
    ("work queue with parallelism 1: s/1", {"completions": None, "parallelism": 1}, "0/1"),
    ("work queue paused at parallelism 0: s/1", {"completions": None, "parallelism": 0}, "0/1"),
    ("completions 0", {"completions": 0}, "0/0"),
]


@pytest.mark.parametrize("state, expected", [c[1:] for c in COMPLETIONS_CASES], ids=[c[0] for c in COMPLETIONS_CASES])
def test_job_completions(state, expected):
    assert views.job_completions(make_job(**state)) == expected


DURATION_CASES = [
    ("empty before startTime", {}, 50, ""),
    ("grows while running", {"start": 10}, 74, "64s"),
    ("stops at completionTime", {"start": 10, "completion": 40, "conditions": ("Complete",)}, 5000, "30s"),
    ("keeps growing for a Failed Job (no completionTime)", {"start": 0, "conditions": ("Failed",)}, 4 * 3600, "4h"),
    ("start times are whole seconds", {"start": 10.9}, 12.5, "2s"),
]


@pytest.mark.parametrize("state, now, expected", [c[1:] for c in DURATION_CASES], ids=[c[0] for c in DURATION_CASES])
def test_job_duration(state, now, expected):
    assert views.job_duration(make_job(**state), now) == expected


def test_get_jobs_has_a_status_column_since_1_30_and_sorts_by_name():
    jobs = [make_job("zeta", start=0), make_job("alpha", created_at=10)]
    assert views.get_jobs(jobs, 70) == (
        "NAME    STATUS    COMPLETIONS   DURATION   AGE\n"
        "alpha   Running   0/1                      60s\n"
        "zeta    Running   0/1           70s        70s\n")


def test_versions_compare_numerically_so_1_9_has_no_status_column():
    assert views.job_columns(kubectl_version="1.9") == ["NAME", "COMPLETIONS", "DURATION", "AGE"]
    assert views.job_columns(kubectl_version="v1.30.2")[1] == "STATUS"


def test_get_jobs_wide_shows_containers_images_and_selector():
    template = {"spec": {"containers": [{"name": "a", "image": "busybox"}, {"name": "b", "image": "perl:5.34"}]}}
    job = make_job("pi", template=template, selector={"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}})
    assert views.get_jobs([job], 0, wide=True) == (
        "NAME   STATUS    COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES              SELECTOR\n"
        "pi     Running   0/1                      0s    a,b          busybox,perl:5.34   "
        "batch.kubernetes.io/controller-uid=u1\n")


def test_get_jobs_without_header():
    # without the header every column shrinks to its cells, but never below 6
    assert views.get_jobs([make_job("pi")], 0, show_header=False) == "pi    Running   0/1         0s\n"


def test_an_empty_list_prints_kubectls_message():
    assert views.get_jobs([], 0) == "No resources found in default namespace.\n"
    assert views.get_pods([], 0) == "No resources found in default namespace.\n"


SELECTOR_CASES = [
    ("nothing is <none>", None, "<none>"),
    ("match labels are sorted by key", {"matchLabels": {"b": "2", "a": "1"}}, "a=1,b=2"),
    ("expressions join labels in key order",
     {"matchLabels": {"z": "1"}, "matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]},
                                                       {"key": "gone", "operator": "DoesNotExist"}]},
     "env in (dev,prod),!gone,z=1"),
    ("notin and exists", {"matchExpressions": [{"key": "k", "operator": "NotIn", "values": ["x"]},
                                               {"key": "e", "operator": "Exists"}]}, "e,k notin (x)"),
]


@pytest.mark.parametrize("selector, expected", [c[1:] for c in SELECTOR_CASES], ids=[c[0] for c in SELECTOR_CASES])
def test_format_label_selector(selector, expected):
    assert views.format_label_selector(selector) == expected


# ---- kubectl get pods ---------------------------------------------------------------------

POD_STATUS_CASES = [
    ("unscheduled Pending pod", {"phase": "Pending", "node": None}, "Pending"),
    ("scheduled pod creating its container", {"phase": "Pending", "waiting_reason": "ContainerCreating"},
     "ContainerCreating"),
    ("init containers running", {"phase": "Pending", "waiting_reason": "Init:0/1"}, "Init:0/1"),
    ("init done, main container starting", {"phase": "Pending", "waiting_reason": "PodInitializing"},
     "PodInitializing"),
    ("running", {"phase": "Running"}, "Running"),
    ("crash looping (OnFailure restarts)", {"phase": "Running", "waiting_reason": "CrashLoopBackOff", "restarts": 2},
     "CrashLoopBackOff"),
    ("succeeded", {"phase": "Succeeded", "exit_code": 0}, "Completed"),
    ("failed with a non-zero exit code", {"phase": "Failed", "exit_code": 1}, "Error"),
    ("failed with exit code 0 (another container failed)", {"phase": "Failed", "exit_code": 0}, "Completed"),
    ("running pod being deleted", {"phase": "Running", "deleted_at": 3}, "Terminating"),
    ("pending pod being deleted", {"phase": "Pending", "deleted_at": 3, "waiting_reason": "ContainerCreating"},
     "Terminating"),
    ("deleted but finished pod shows its end state", {"phase": "Succeeded", "exit_code": 0, "deleted_at": 3},
     "Completed"),
    ("deleted failed pod shows Error", {"phase": "Failed", "exit_code": 137, "deleted_at": 3}, "Error"),
    ("a stale waiting reason is ignored once finished", {"phase": "Failed", "exit_code": 2,
                                                         "waiting_reason": "CrashLoopBackOff"}, "Error"),
]


@pytest.mark.parametrize("fields, expected", [c[1:] for c in POD_STATUS_CASES], ids=[c[0] for c in POD_STATUS_CASES])
def test_pod_status(fields, expected):
    assert views.pod_status(make_pod("p", **fields)) == expected


POD_ROW_CASES = [
    ("running and ready", {"phase": "Running", "ready": True}, ["p", "1/1", "Running", "0", "30s"]),
    ("running, not ready yet", {"phase": "Running"}, ["p", "0/1", "Running", "0", "30s"]),
    ("completed pods are 0/1", {"phase": "Succeeded", "exit_code": 0, "ready": True},
     ["p", "0/1", "Completed", "0", "30s"]),
    ("two containers, both ready", {"phase": "Running", "ready": True, "containers": ("a", "b")},
     ["p", "2/2", "Running", "0", "30s"]),
    ("restarts show when the last one happened", {"phase": "Running", "restarts": 3, "last_terminated_at": 5},
     ["p", "0/1", "Running", "3 (25s ago)", "30s"]),
    ("restarts without a termination time are a bare count", {"phase": "Running", "restarts": 2},
     ["p", "0/1", "Running", "2", "30s"]),
]


@pytest.mark.parametrize("fields, expected", [c[1:] for c in POD_ROW_CASES], ids=[c[0] for c in POD_ROW_CASES])
def test_pod_row(fields, expected):
    assert views.pod_row(make_pod("p", **fields), 30) == expected


def test_get_pods_wide_adds_ip_node_nominated_node_and_readiness_gates():
    pods = [make_pod("pi-abcde", phase="Running", ready=True, ip="10.244.0.5"),
            make_pod("pi-fghij", phase="Pending", node=None)]
    assert views.get_pods(pods, 12, wide=True) == (
        "NAME       READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n"
        "pi-abcde   1/1     Running   0          12s   10.244.0.5   node-1   <none>           <none>\n"
        "pi-fghij   0/1     Pending   0          12s   <none>       <none>   <none>           <none>\n")


# ---- events ---------------------------------------------------------------------------


def created(t: float, n: int) -> Event:
    return Event(t, "Normal", "SuccessfulCreate", "Job/big", f"Created pod: big-{n:05d}")


def test_identical_events_are_counted_with_first_and_last_times():
    events = [Event(t, "Warning", "FailedCreate", "Job/pi", "Error creating: quota") for t in (0, 30, 60)]
    [stored] = views.correlate_events(events)
    assert (stored.count, stored.first_seen, stored.last_seen) == (3, 0, 60)


def test_ten_similar_events_within_ten_minutes_are_combined():
    stored = views.correlate_events([created(t, t) for t in range(12)])
    assert [e.message for e in stored[:9]] == [f"Created pod: big-{n:05d}" for n in range(9)]
    combined = stored[9]
    assert (combined.message, combined.count, combined.first_seen, combined.last_seen) == (
        "(combined from similar events): Created pod: big-00011", 3, 9, 11)


def test_similar_events_after_ten_quiet_minutes_start_over():
    stored = views.correlate_events([created(t, t) for t in range(9)] + [created(700, 9), created(701, 10)])
    assert [e.count for e in stored] == [1] * 11


def test_a_source_sends_25_events_about_an_object_then_one_every_five_minutes():
    events = [Event(0, "Normal", f"Reason{n:02d}", "Job/pi", "m") for n in range(30)]
    events += [Event(299, "Normal", "Late1", "Job/pi", "m"), Event(300, "Normal", "Late2", "Job/pi", "m")]
    reasons = [e.reason for e in views.correlate_events(events)]
    assert reasons == [f"Reason{n:02d}" for n in range(25)] + ["Late2"]


def test_events_older_than_an_hour_are_gone():
    events = [Event(0, "Normal", "SuccessfulCreate", "Job/pi", "Created pod: pi-abcde"),
              Event(100, "Normal", "Completed", "Job/pi", "Job completed")]
    assert [e.reason for e in views.correlate_events(events, now=3650)] == ["Completed"]


def test_get_events_lists_by_object_name_so_pods_come_before_their_job():
    events = [Event(0, "Normal", "SuccessfulCreate", "Job/pi", "Created pod: pi-abcde"),
              Event(1, "Normal", "Scheduled", "Pod/pi-abcde", "Successfully assigned default/pi-abcde to node-1",
                    "default-scheduler"),
              Event(65, "Normal", "Completed", "Job/pi", "Job completed")]
    assert views.get_events(events, 125) == (
        "LAST SEEN   TYPE     REASON             OBJECT         MESSAGE\n"
        "2m4s        Normal   Scheduled          pod/pi-abcde   Successfully assigned default/pi-abcde to node-1\n"
        "2m5s        Normal   SuccessfulCreate   job/pi         Created pod: pi-abcde\n"
        "60s         Normal   Completed          job/pi         Job completed\n")


def test_get_events_wide_adds_source_first_seen_count_and_name():
    events = [Event(t, "Warning", "FailedCreate", "Job/pi", "Error creating: quota") for t in (0, 90)]
    assert views.get_events(events, 100, wide=True) == (
        "LAST SEEN   TYPE      REASON         OBJECT   SUBOBJECT   SOURCE           MESSAGE                 "
        "FIRST SEEN   COUNT   NAME\n"
        "10s         Warning   FailedCreate   job/pi               job-controller   Error creating: quota   "
        "100s         2       pi.1816687ec0570000\n")  # name: <object>.<hex of 2025-01-01 in unix ns>


def test_get_events_shows_the_last_time_of_a_counted_event():
    events = [Event(t, "Warning", "BackoffLimitExceeded", "Job/pi", "Job has reached the specified backoff limit")
              for t in (10, 20)]
    assert views.get_events(events, 30).splitlines()[1].startswith("10s         Warning")


def test_describe_events_show_counts_as_x_n_over_first_age():
    job = make_job("pi")
    events = [Event(t, "Warning", "FailedCreate", "Job/pi", "Error creating: quota") for t in (0, 100, 200)]
    text = views.describe_job(job, [], events, 320)
    assert text.endswith(
        "Events:\n"
        "  Type     Reason        Age                 From            Message\n"
        "  ----     ------        ----                ----            -------\n"
        "  Warning  FailedCreate  2m (x3 over 5m20s)  job-controller  Error creating: quota\n")


def test_describe_without_events_aligns_events_none_with_the_block_above():
    assert views.describe_job(make_job("pi"), [], [], 10).endswith(
        "  Volumes:         <none>\n  Node-Selectors:  <none>\n  Tolerations:     <none>\nEvents:            <none>\n")


# ---- describe details -----------------------------------------------------------------


def test_describe_work_queue_indexed_ttl_and_deadline_lines():
    job = make_job("q", completions=None, parallelism=3, active=2, ready=1, failed=1,
                   start=0, completed_indexes="0-2,4")
    job.spec.completion_mode = "Indexed"
    job.spec.ttl_seconds_after_finished = 100
    job.spec.active_deadline_seconds = 60
    text = views.describe_job(job, [], [], 5)
    assert ("Completions:                 <unset>\n"
            "Completion Mode:             Indexed\n"
            "Suspend:                     false\n"
            "Backoff Limit:               6\n"
            "TTL Seconds After Finished:  100\n"
            "Start Time:                  Wed, 01 Jan 2025 00:00:00 +0000\n"
            "Active Deadline Seconds:     60s\n"
            "Pods Statuses:               2 Active (1 Ready) / 0 Succeeded / 1 Failed\n"
            "Completed Indexes:           0-2,4\n") in text


CAP_CASES = [
    ("no indexes", "", "<none>"),
    ("short lists are whole", "0-2,4", "0-2,4"),
    ("long lists are cut at the first comma after 50 characters", ",".join(str(i) for i in range(0, 60, 2)),
     "0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,...",),
]


@pytest.mark.parametrize("indexes, expected", [c[1:3] for c in CAP_CASES], ids=[c[0] for c in CAP_CASES])
def test_completed_indexes_are_capped_like_upstream(indexes, expected):
    assert views.cap_indexes(indexes, 50) == expected


def test_describe_annotations_skip_last_applied_and_wrap_long_values():
    job = make_job("pi")
    job.annotations = {views.LAST_APPLIED_ANNOTATION: "{}", "short": "v", "long": "x" * 150}
    text = views.describe_job(job, [], [], 0)
    assert ("Annotations:      long:\n"
            f"                    {'x' * 138}...\n"
            "                  short: v\n") in text


def test_describe_pod_template_with_ports_env_resources_and_tolerations():
    template = {"metadata": {"labels": {"app": "x"}, "annotations": {"note": "hi"}}, "spec": {
        "containers": [{
            "name": "main", "image": "busybox",
            "ports": [{"containerPort": 80}, {"containerPort": 9090, "hostPort": 9090}],
            "resources": {"limits": {"memory": "64Mi", "cpu": "500m"}},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": 80}},
            "env": [{"name": "MODE", "value": "fast"},
                    {"name": "INDEX", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                    {"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}]}],
        "nodeSelector": {"disk": "ssd"},
        "tolerations": [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"},
                        {"operator": "Exists"}]}}
    text = views.describe_job(make_job("pi", template=template), [], [], 0)
    assert text[text.index("Pod Template:"):text.index("Events:")] == (
        "Pod Template:\n"
        "  Labels:       app=x\n"
        "  Annotations:  note: hi\n"
        "  Containers:\n"
        "   main:\n"
        "    Image:       busybox\n"
        "    Ports:       80/TCP, 9090/TCP\n"
        "    Host Ports:  0/TCP, 9090/TCP\n"
        "    Limits:\n"
        # the limits block runs on into Readiness: consecutive tabbed lines share a column
        "      cpu:      500m\n"
        "      memory:   64Mi\n"
        "    Readiness:  http-get http://:80/ready delay=0s timeout=1s period=10s #success=1 #failure=3\n"
        "    Environment:\n"
        "      MODE:        fast\n"
        "      INDEX:        (v1:metadata.name)\n"
        "      PASS:        <set to the key 'k' in secret 's'>  Optional: false\n"
        "    Mounts:        <none>\n"
        "  Volumes:         <none>\n"
        "  Node-Selectors:  disk=ssd\n"
        "  Tolerations:     op=Exists\n"
        "                   gpu:NoSchedule op=Exists\n")


# ---- logs -----------------------------------------------------------------------------

LOGS_CASES = [
    ("a finished pod's output", {"phase": "Succeeded", "exit_code": 0, "logs": "3.14159\n"}, "3.14159\n"),
    ("a running pod's output so far", {"phase": "Running", "logs": "working\n"}, "working\n"),
    ("a pod still creating its container is refused by the kubelet",
     {"phase": "Pending", "waiting_reason": "ContainerCreating"},
     'Error from server (BadRequest): container "main" in pod "pi-abcde" is waiting to start: ContainerCreating\n'),
    ("init containers still running: the main container waits for PodInitializing",
     {"phase": "Pending", "waiting_reason": "Init:0/1", "init_containers": ("setup",)},
     'Defaulted container "main" out of: main, setup (init)\n'
     'Error from server (BadRequest): container "main" in pod "pi-abcde" is waiting to start: PodInitializing\n'),
    ("an unscheduled pod has no log yet", {"phase": "Pending", "node": None}, ""),
    ("a crash-looping container still shows its last output",
     {"phase": "Running", "waiting_reason": "CrashLoopBackOff", "restarts": 1, "logs": "boom\n"}, "boom\n"),
    ("several containers: kubectl says which one it picked",
     {"phase": "Running", "containers": ("main", "sidecar"), "logs": "hi\n"},
     'Defaulted container "main" out of: main, sidecar\nhi\n'),
]


@pytest.mark.parametrize("fields, expected", [c[1:] for c in LOGS_CASES], ids=[c[0] for c in LOGS_CASES])
def test_logs(fields, expected):
    assert views.logs(make_pod("pi-abcde", containers=fields.pop("containers", ("main",)), **fields)) == expected


BY_LOGGING_CASES = [
    ("a scheduled pod beats an unscheduled one",
     [("a", {"phase": "Pending", "node": None}), ("b", {"phase": "Pending"})], "b"),
    ("a finished pod beats a pending one (Succeeded ranks with Running)",
     [("a", {"phase": "Pending"}), ("b", {"phase": "Succeeded", "exit_code": 0})], "b"),
    ("a ready pod beats a not-ready one",
     [("a", {"phase": "Succeeded", "exit_code": 0}), ("b", {"phase": "Running", "ready": True, "ready_at": 5})], "b"),
    ("the pod ready for longer wins",
     [("a", {"phase": "Running", "ready": True, "ready_at": 9}), ("b", {"phase": "Running", "ready": True,
                                                                       "ready_at": 3})], "b"),
    ("more restarts win", [("a", {"phase": "Running"}), ("b", {"phase": "Running", "restarts": 2})], "b"),
    ("among finished pods the oldest wins",
     [("a", {"phase": "Failed", "exit_code": 1, "created_at": 20}),
      ("b", {"phase": "Failed", "exit_code": 1, "created_at": 10})], "b"),
    ("a tie keeps the API's name order",
     [("b", {"phase": "Succeeded", "exit_code": 0}), ("a", {"phase": "Succeeded", "exit_code": 0})], "a"),
]


@pytest.mark.parametrize("pods, expected", [c[1:] for c in BY_LOGGING_CASES], ids=[c[0] for c in BY_LOGGING_CASES])
def test_logs_for_job_picks_a_pod_by_logging_order(pods, expected):
    chosen = views.pods_by_logging([make_pod(name, **fields) for name, fields in pods])[0]
    assert chosen.name == expected


def test_logs_for_job_announces_the_pod_it_picked_among_several():
    pods = [make_pod("pi-b", phase="Failed", exit_code=1, created_at=0, logs="oops\n"),
            make_pod("pi-a", phase="Failed", exit_code=1, created_at=30, logs="again\n")]
    assert views.logs_for_job(make_job("pi"), pods) == "Found 2 pods, using pod/pi-b\noops\n"


def test_logs_for_a_job_with_one_pod_prints_only_its_output():
    pods = [make_pod("pi-a", phase="Succeeded", exit_code=0, logs="3.14\n")]
    assert views.logs_for_job(make_job("pi"), pods) == "3.14\n"


def test_logs_for_a_job_without_pods_times_out():
    assert views.logs_for_job(make_job("pi"), []) == "error: timed out waiting for the condition\n"


TAIL_CASES = [
    ("the last lines", "a\nb\nc\n", 2, "b\nc\n"),
    ("an unfinished last line counts as a line", "a\nb\nc", 2, "b\nc"),
    ("-1 is everything", "a\nb\n", -1, "a\nb\n"),
    ("0 is nothing", "a\nb\n", 0, ""),
    ("more lines than the log has", "a\n", 10, "a\n"),
]


@pytest.mark.parametrize("text, lines, expected", [c[1:] for c in TAIL_CASES], ids=[c[0] for c in TAIL_CASES])
def test_tail_lines(text, lines, expected):
    assert views.tail_lines(text, lines) == expected


def test_prefix_goes_on_every_line_including_an_unfinished_one():
    pod = make_pod("pi-abcde", containers=("pi",))
    assert views.with_prefix("one\ntwo", pod) == "[pod/pi-abcde/pi] one\n[pod/pi-abcde/pi] two"


def test_logs_for_pods_keep_the_given_order_and_tail_each_pod():
    pods = [make_pod("b", logs="b1\nb2\n"), make_pod("a", logs="a1\na2\n")]
    assert views.logs_for_pods(pods, tail=1) == "b2\na2\n"


# ---- JSON and time formats ------------------------------------------------------------


def test_go_json_sorts_keys_indents_four_and_escapes_html_characters():
    assert views.go_json({"b": ["echo a > b && c"], "a": {}}) == (
        '{\n    "a": {},\n    "b": [\n        "echo a \\u003e b \\u0026\\u0026 c"\n    ]\n}\n')


def test_a_list_of_objects_is_wrapped_in_a_v1_list():
    assert views.as_list([]) == {"apiVersion": "v1", "items": [], "kind": "List",
                                 "metadata": {"resourceVersion": ""}}


def test_rfc1123z_uses_whole_seconds_of_the_epoch():
    assert views.rfc1123z(4.9) == "Wed, 01 Jan 2025 00:00:04 +0000"
    assert views.rfc1123z(86400 * 31 + 3661) == "Sat, 01 Feb 2025 01:01:01 +0000"
