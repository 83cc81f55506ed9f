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
from k8sjobs_edu.describe import container_resource_value, describe_job
from k8sjobs_edu.kubeformat import canonical_quantity
from k8sjobs_edu.model import Event, Job, JobSpec

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
