"""``Cluster``, the class learners use (``k8sjobs_edu.Cluster``): the simulation, and kubectl on it.

The simulation itself is ``cluster.cluster.SimulatedCluster``; this adds
``kubectl()``, which lives here so that the cluster never needs kubectl.
"""
from __future__ import annotations

from ..cluster.cluster import SimulatedCluster
from .dispatch import run


class Cluster(SimulatedCluster):
    """A simulated Kubernetes cluster that runs Jobs on a virtual clock, and answers kubectl.

    Takes the arguments of ``SimulatedCluster`` (seed, workload, start_latency,
    nodes, kubectl_version, pod_name_suffixes, max_pods, horizon), which
    documents the simulation.
    """

    def kubectl(self, command: str) -> str:
        """What ``kubectl`` would print; errors come back as kubectl's text."""
        return run(self, command)
