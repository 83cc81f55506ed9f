"""Audit of ``kubectl describe job`` against kubectl 1.34's describe.go, byte for byte.

Each case names the upstream function whose logic it pins (describeJob,
DescribePodTemplate, describeContainers and helpers, describeVolumes,
DescribeEvents, printers.WriteEscaped, resource.Quantity.String). Jobs are
built through the public API and run on the simulated cluster; only the
controller-uid is replaced, so expectations read like kubectl's output.
"""
from __future__ import annotations

import pytest

import k8sjobs_edu as kj
from k8sjobs_edu.api.model import Job
from k8sjobs_edu.api.quantity import canonical_quantity
from k8sjobs_edu.api.types import Event, JobSpec
from k8sjobs_edu.kubectl.printers.describe import describe_job
from k8sjobs_edu.kubectl.printers.describe_template import container_resource_value

UID = "<uid>"


def describe(cluster: kj.Cluster, name: str) -> str:
    text = cluster.kubectl(f"describe job {name}")
    return text.replace(cluster.get_job(name).uid, UID)


def job_manifest(name: str, spec: dict, container: dict | None = None, metadata: dict | None = None) -> dict:
    container = container or {"name": "c", "image": "busybox"}
    template = {"spec": {"restartPolicy": "Never", "containers": [container]}}
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name, **(metadata or {})},
            "spec": {**spec, "template": template}}


def header(text: str) -> str:
    """The lines above ``Pod Template:``."""
    return text[:text.index("Pod Template:\n")]


def events_block(text: str) -> str:
    return text[text.index("Events:"):]


def run_job(manifest, until: float, seconds: float | None = 10, exit_code: int = 0, seed: int = 1) -> kj.Cluster:
    """Run one Job; containers start at once and run ``seconds`` (None: the simulator's own workload)."""
    workload = None if seconds is None else kj.workloads.constant(seconds, exit_code=exit_code)
    cluster = kj.Cluster(seed=seed, workload=workload, start_latency=0)
    cluster.apply(manifest)
    cluster.run(until=until)
    return cluster


LABELS = (f"Labels:                      batch.kubernetes.io/controller-uid={UID}\n"
          "                             batch.kubernetes.io/job-name={name}\n"
          f"                             controller-uid={UID}\n"
          "                             job-name={name}\n")


# ---- describeJob: the lines above the pod template ----------------------------------------

HEADER_CASES = [
    # describeJob: Start Time but no Completed At/Duration while running; Pods Statuses with Ready
    # (status.ready is always set by 1.34's controller); Active Deadline Seconds as "%ds".
    ("a running Job shows its start time and active pods but no completion lines",
     lambda: run_job("data/pi-with-timeout.yaml", until=5, seconds=1000), "pi-with-timeout",
     "Name:                     pi-with-timeout\n"
     "Namespace:                default\n"
     f"Selector:                 batch.kubernetes.io/controller-uid={UID}\n"
     f"Labels:                   batch.kubernetes.io/controller-uid={UID}\n"
     "                          batch.kubernetes.io/job-name=pi-with-timeout\n"
     f"                          controller-uid={UID}\n"
     "                          job-name=pi-with-timeout\n"
     "Annotations:              <none>\n"
     "Parallelism:              1\n"
     "Completions:              1\n"
     "Completion Mode:          NonIndexed\n"
     "Suspend:                  false\n"
     "Backoff Limit:            5\n"
     "Start Time:               Wed, 01 Jan 2025 00:00:00 +0000\n"
     "Active Deadline Seconds:  100s\n"
     "Pods Statuses:            1 Active (1 Ready) / 0 Succeeded / 0 Failed\n"),
    # describeJob: Completed At and Duration (HumanDuration of completionTime - startTime) only when both are set.
    ("a complete Job shows Completed At and its Duration",
     lambda: run_job("data/pi.yaml", until=200, seconds=64), "pi",  # done 1 s after the pod
     "Name:             pi\n"
     "Namespace:        default\n"
     f"Selector:         batch.kubernetes.io/controller-uid={UID}\n"
     f"Labels:           batch.kubernetes.io/controller-uid={UID}\n"
     "                  batch.kubernetes.io/job-name=pi\n"
     f"                  controller-uid={UID}\n"
     "                  job-name=pi\n"
     "Annotations:      <none>\n"
     "Parallelism:      1\n"
     "Completions:      1\n"
     "Completion Mode:  NonIndexed\n"
     "Suspend:          false\n"
     "Backoff Limit:    4\n"
     "Start Time:       Wed, 01 Jan 2025 00:00:00 +0000\n"
     "Completed At:     Wed, 01 Jan 2025 00:01:05 +0000\n"
     "Duration:         65s\n"
     "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n"),
    # describeJob: a failed Job has no completionTime, so neither Completed At nor Duration; the describer
    # prints no conditions. printLabelsMultiline/printAnnotationsMultiline sort keys; a value with a newline
    # goes on indented lines ("%s  %s"); TTL Seconds After Finished only when set.
    ("a Job that hit its backoff limit has no completion lines and shows sorted labels and annotations",
     lambda: run_job(job_manifest("bl", {"backoffLimit": 1, "ttlSecondsAfterFinished": 600},
                                  metadata={"labels": {"team": "b", "app": "a"},
                                            "annotations": {"z": "last", "a": "first\nsecond"}}),
                     until=120, seconds=5, exit_code=1), "bl",
     "Name:                        bl\n"
     "Namespace:                   default\n"
     f"Selector:                    batch.kubernetes.io/controller-uid={UID}\n"
     "Labels:                      app=a\n"
     "                             team=b\n"
     "Annotations:                 a:\n"
     "                               first\n"
     "                               second\n"
     "                             z: last\n"
     "Parallelism:                 1\n"
     "Completions:                 1\n"
     "Completion Mode:             NonIndexed\n"
     "Suspend:                     false\n"
     "Backoff Limit:               1\n"
     "TTL Seconds After Finished:  600\n"
     "Start Time:                  Wed, 01 Jan 2025 00:00:00 +0000\n"
     "Pods Statuses:               0 Active (0 Ready) / 0 Succeeded / 2 Failed\n"),
    # describeJob: Suspend "%v" of the bool; a Job created suspended has no startTime, so no Start Time line.
    ("a Job created suspended shows Suspend true and no start time",
     lambda: run_job("data/suspended-job.yaml", until=10), "myjob",
     "Name:             myjob\n"
     "Namespace:        default\n"
     f"Selector:         batch.kubernetes.io/controller-uid={UID}\n"
     f"Labels:           batch.kubernetes.io/controller-uid={UID}\n"
     "                  batch.kubernetes.io/job-name=myjob\n"
     f"                  controller-uid={UID}\n"
     "                  job-name=myjob\n"
     "Annotations:      <none>\n"
     "Parallelism:      1\n"
     "Completions:      5\n"
     "Completion Mode:  NonIndexed\n"
     "Suspend:          true\n"
     "Backoff Limit:    6\n"
     "Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 0 Failed\n"),
    # describeJob: Completed Indexes (capIndexesListOrNone) for Indexed Jobs only; backoffLimitPerIndex makes
    # the API server default backoffLimit to MaxInt32, which Backoff Limit shows; failed indexes are not shown.
    ("an Indexed Job with a per-index backoff limit shows MaxInt32 and its completed indexes",
     lambda: run_job("data/job-backoff-limit-per-index-example.yaml", until=200, seconds=None),
     "job-backoff-limit-per-index-example",
     "Parallelism:        3\n"
     "Completions:        10\n"
     "Completion Mode:    Indexed\n"
     "Suspend:            false\n"
     "Backoff Limit:      2147483647\n"),
    # describeJob: Completions "<unset>" for a work queue (completions nil).
    ("a work-queue Job shows Completions <unset>",
     lambda: run_job(job_manifest("wq", {"parallelism": 2}), until=3, seconds=100), "wq",
     "Parallelism:      2\n"
     "Completions:      <unset>\n"
     "Completion Mode:  NonIndexed\n"),
]


@pytest.mark.parametrize("build, name, expected", [c[1:] for c in HEADER_CASES], ids=[c[0] for c in HEADER_CASES])
def test_describe_job_header(build, name, expected):
    text = header(describe(build(), name))
    if expected.startswith("Name:"):
        assert text == expected
    else:
        assert expected in text


def test_completed_indexes_of_the_per_index_example_are_the_odd_ones():
    # The example's even indexes fail twice and are marked failed; Completed Indexes lists the rest.
    cluster = run_job("data/job-backoff-limit-per-index-example.yaml", until=200, seconds=None)
    text = describe(cluster, "job-backoff-limit-per-index-example")
    assert "Pods Statuses:      0 Active (0 Ready) / 5 Succeeded / 10 Failed\n" \
           "Completed Indexes:  1,3,5,7,9\n" in text


# ---- DescribePodTemplate / describeContainers / describeVolumes ------------------------------

RICH_CONTAINER = {
    "name": "c", "image": "busybox", "args": ["a", "b"],
    "resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"}, "requests": {"cpu": "250m"}},
    "env": [{"name": "A", "value": "x\ry"},
            {"name": "L", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}},
            {"name": "R", "valueFrom": {"resourceFieldRef": {"resource": "requests.cpu"}}},
            {"name": "S", "valueFrom": {"resourceFieldRef": {"resource": "limits.ephemeral-storage"}}}],
    "volumeMounts": [{"name": "d", "mountPath": "/etc/d", "subPath": "x y"}, {"name": "e", "mountPath": "/a",
                                                                              "readOnly": True}]}
RICH_VOLUMES = [{"name": "d", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
                {"name": "e", "emptyDir": {"sizeLimit": "1024Mi"}},
                {"name": "n", "nfs": {"server": "s", "path": "/p"}},
                {"name": "p", "projected": {"sources": [{"configMap": {"name": "cm"}}]}}]


def test_pod_template_with_resources_env_mounts_and_volumes():
    manifest = job_manifest("rich", {}, RICH_CONTAINER)
    manifest["spec"]["template"]["spec"]["volumes"] = RICH_VOLUMES
    text = describe(run_job(manifest, until=0), "rich")
    assert text[text.index("  Containers:"):text.index("Events:")] == (
        "  Containers:\n"
        "   c:\n"
        "    Image:      busybox\n"
        "    Port:       <none>\n"
        "    Host Port:  <none>\n"
        "    Args:\n"
        "      a\n"
        "      b\n"
        # describeResources: quantity.String() is the canonical form
        "    Limits:\n"
        "      cpu:     500m\n"
        "      memory:  1Gi\n"
        "    Requests:\n"
        "      cpu:  250m\n"
        "    Environment:\n"
        # printers.WriteEscaped turns the carriage return into the two characters \r
        "      A:  x\\ry\n"
        # describeContainerEnvVars + ExtractContainerResourceValue: ceil(1Gi / 1Mi); ceil(250m / 1);
        # an unset limit is 0, and 0 of limits.ephemeral-storage stays 0 (only cpu/memory say node allocatable)
        "      L:  1024 (limits.memory)\n"
        "      R:  1 (requests.cpu)\n"
        "      S:  0 (limits.ephemeral-storage)\n"
        # describeContainerVolumes: sorted by mountPath, subPath with %q
        "    Mounts:\n"
        "      /a from e (ro)\n"
        "      /etc/d from d (rw,path=\"x y\")\n"
        "  Volumes:\n"
        "   d:\n"
        "    Type:  DownwardAPI (a volume populated by information about the pod)\n"
        "    Items:\n"
        "      metadata.labels -> labels\n"
        "   e:\n"
        "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n"
        "    Medium:     \n"
        "    SizeLimit:  1Gi\n"
        "   n:\n"
        "    Type:      NFS (an NFS mount that lasts the lifetime of a pod)\n"
        "    Server:    s\n"
        "    Path:      /p\n"
        "    ReadOnly:  false\n"
        "   p:\n"
        "    Type:           Projected (a volume that contains injected data from multiple sources)\n"
        "    ConfigMapName:  cm\n"
        "    Optional:       false\n"
        "  Node-Selectors:   <none>\n"
        "  Tolerations:      <none>\n")


ENV_VALUE_CASES = [
    # convertResourceCPUToString: ceil(MilliValue / divisor MilliValue)
    ("a cpu limit over a milli divisor", {"resource": "limits.cpu", "divisor": "1m"}, {"limits": {"cpu": "1.5"}},
     "1500"),
    ("a cpu limit rounds up to whole cores", {"resource": "limits.cpu"}, {"limits": {"cpu": "1100m"}}, "2"),
    # convertResourceMemoryToString: ceil(Value / divisor Value)
    ("a memory request over a decimal divisor", {"resource": "requests.memory", "divisor": "1M"},
     {"requests": {"memory": "1Gi"}}, "1074"),
    ("an unset request is zero", {"resource": "requests.memory"}, {}, "0"),
    ("a resource kubectl does not extract gives nothing", {"resource": "limits.hugepages-2Mi"}, {}, ""),
]


@pytest.mark.parametrize("selector, resources, expected", [c[1:] for c in ENV_VALUE_CASES],
                         ids=[c[0] for c in ENV_VALUE_CASES])
def test_resource_field_ref_values_follow_extract_container_resource_value(selector, resources, expected):
    assert container_resource_value(selector, resources) == expected


QUANTITY_CASES = [
    # resource.Quantity.String (CanonicalizeBytes); examples from quantity.go's doc comment and quantity_test.go
    ("a decimal fraction becomes milli-units", "0.5", "500m"),
    ("trailing thousands become an SI suffix", "1000", "1k"),
    ("a whole number of binary units moves to the largest suffix", "1024Mi", "1Gi"),
    ("a fractional binary amount is written in the next smaller binary unit", "1.5Gi", "1536Mi"),
    ("a binary amount below 1024 is written in SI", "0.5Ki", "512"),
    ("an exponent form stays in exponent form", "129e6", "129e6"),
    ("an exponent that cancels out leaves a plain number", "12e2", "1200"),
    ("plain bytes stay plain", "128974848", "128974848"),
    ("milli-cores that make whole cores lose the suffix", "1000m", "1"),
    ("zero is 0", "0Mi", "0"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in QUANTITY_CASES], ids=[c[0] for c in QUANTITY_CASES])
def test_quantities_print_in_canonical_form(text, expected):
    assert canonical_quantity(text) == expected


def test_an_escape_character_in_an_annotation_is_shown_as_caret_bracket():
    # printers.WriteEscaped: "\x1b" -> "^[" before the tab writer measures the cell
    job = kj.load_job(job_manifest("esc", {}, metadata={"annotations": {"note": "\x1b[31mred"}}))
    assert "Annotations:      note: ^[[31mred\n" in describe_job(job, [], [], 0)


# ---- DescribeEvents -------------------------------------------------------------------------

def test_a_job_without_events_prints_events_none():
    # DescribeEvents: "Events:\t<none>" joins the column block of the pod template above it.
    job = kj.load_job(job_manifest("quiet", {}))
    assert describe_job(job, [], [], 0).endswith(
        "  Node-Selectors:  <none>\n  Tolerations:     <none>\nEvents:            <none>\n")


def test_events_are_sorted_with_gos_unstable_sort_beyond_twelve():
    # DescribeEvents sorts with sort.Sort (pdqsort): up to 12 events it is an insertion sort, beyond that
    # events of the same lastTimestamp second may trade places. Here seven events seen at 0.0-0.6 s again
    # at 50 s and six events seen once at 10 s: Go orders them 7, 12, 11, 10, 9, 8 then 3, 6, 5, 4, 0, 2, 1
    # (of the list order, which is the events' name order).
    events = [Event(t / 10, "Normal", f"R{i}", "Job/pi", "m") for i, t in enumerate(range(7))]
    events += [Event(50 + t / 10, "Normal", f"R{i}", "Job/pi", "m") for i, t in enumerate(range(7))]
    events += [Event(10 + t / 10, "Normal", f"S{i}", "Job/pi", "m") for i, t in enumerate(range(6), start=7)]
    job = Job(name="pi", spec=JobSpec(template={"spec": {"containers": []}}))
    rows = events_block(describe_job(job, [], events, 60)).splitlines()[3:]
    assert [row.split()[1] for row in rows] == ["S7", "S12", "S11", "S10", "S9", "S8",
                                                "R3", "R6", "R5", "R4", "R0", "R2", "R1"]
    assert rows[-1] == "  Normal  R1      10s (x2 over 60s)  job-controller  m"


def test_a_failed_job_lists_its_warning_event_after_the_pod_events():
    cluster = run_job(job_manifest("bl", {"backoffLimit": 1}), until=120, seconds=5, exit_code=1)
    rows = events_block(describe(cluster, "bl")).splitlines()
    assert rows[:2] == ["Events:", "  Type     Reason                Age   From            Message"]
    assert rows[2] == "  ----     ------                ----  ----            -------"
    assert [row.split()[1] for row in rows[3:]] == ["SuccessfulCreate", "SuccessfulCreate", "BackoffLimitExceeded"]
    assert rows[-1].endswith("job-controller  Job has reached the specified backoff limit")
