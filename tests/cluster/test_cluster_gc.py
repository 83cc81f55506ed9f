"""How a run treats Python's cyclic garbage collector: paused during the run,
its history moved straight to the oldest generation, the program's own settings kept."""
from __future__ import annotations

import gc

from k8sjobs_edu import Cluster
from k8sjobs_edu.cluster.workloads import constant

MANIFEST = """
apiVersion: batch/v1
kind: Job
metadata: {name: gc}
spec:
  completions: 20
  parallelism: 5
  template:
    spec:
      containers: [{name: main, image: busybox, command: ["sleep", "5"]}]
      restartPolicy: Never
"""


def finished_cluster() -> Cluster:
    cluster = Cluster(workload=constant(5))
    cluster.apply(MANIFEST)
    cluster.run()
    assert cluster.get_job("gc").status.succeeded == 20
    return cluster


def in_generation(obj, generation: int) -> bool:
    return any(candidate is obj for candidate in gc.get_objects(generation=generation))


def test_a_run_leaves_its_pods_in_the_oldest_generation_and_the_collector_on():
    cluster = finished_cluster()
    pod = cluster.pods("gc")[-1]
    assert gc.isenabled()
    assert in_generation(pod, 2)
    assert not in_generation(pod, 0)


def test_objects_the_program_froze_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        cluster = finished_cluster()
        assert gc.get_freeze_count() == frozen
        assert in_generation(cluster.pods("gc")[-1], 0) or in_generation(cluster.pods("gc")[-1], 1)
    finally:
        gc.unfreeze()


def test_a_collector_the_program_turned_off_stays_off():
    gc.disable()
    try:
        finished_cluster()
        assert not gc.isenabled()
    finally:
        gc.enable()
