"""The scheduler: a new pod is bound to a free node, or waits Pending until one frees up.

With ``nodes=None`` there is room for every pod (they all go to "node-1");
with ``nodes=N`` at most N pods hold a node at once and the others wait in
creation order. Binding hands the pod to the kubelet, which starts its
containers after the start latency.
"""
from __future__ import annotations

import heapq

from ..api.model import Pod
from . import timeline as tl
from .kubelet import Kubelet
from .priorities import KUBELET


class Scheduler:
    """The scheduler's part of ``SimulatedCluster`` (a base class of it, sharing its clock and store).

    It owns the nodes: ``nodes``, the free ones and the queue of pods waiting for one.
    """

    def __init__(self, nodes: int | None):
        self.nodes = nodes
        self._waiting: list[Pod] = []  # unscheduled pods, FIFO
        self._free_nodes = [] if nodes is None else [f"node-{i}" for i in range(nodes, 0, -1)]

    def _free_node(self) -> str | None:
        if self.nodes is None:
            return "node-1"
        return self._free_nodes.pop() if self._free_nodes else None

    def _bind(self, pod: Pod, node: str, pod_deadline: float | None, record: bool = True) -> None:
        """Put a pod on a node: the kubelet starts it after the start latency."""
        now = self.now
        if record:
            self._pod_change(pod, tl.SCHEDULE, node)
        else:
            tl.apply_pod_change(pod, tl.SCHEDULE, node, now)
        self._sequence += 1  # self._at, inlined: this runs once per pod
        heapq.heappush(self._heap, (now + self._latency(pod), KUBELET, self._sequence,
                                    Kubelet._start_container, pod, pod.restarts))
        if pod_deadline is not None:  # the pod's own deadline counts from when the kubelet took it on
            self._at(now + pod_deadline, KUBELET, Kubelet._pod_deadline, pod, None)

    def _release_slot(self, pod: Pod) -> None:
        """A pod let go of its node: the first waiting pod that still exists takes it."""
        if self.nodes is None:
            return
        self._free_nodes.append(pod.node_name)
        self._free_nodes.sort(key=lambda node: -int(node.rsplit("-", 1)[1]))
        while self._waiting and self._free_nodes:
            pod = self._waiting.pop(0)
            if self._pods.get(pod.name) is pod and pod.deleted_at is None:
                job = self._owner(pod)
                self._bind(pod, self._free_node(), job.spec.pod_spec.get("activeDeadlineSeconds") if job else None)
                return

    def _unqueue(self, pod: Pod) -> None:
        """A pod that ends before it got a node leaves the queue."""
        if pod in self._waiting:
            self._waiting.remove(pod)
