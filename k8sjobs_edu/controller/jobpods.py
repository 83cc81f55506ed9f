"""A Job's pods, sorted into the groups one controller sync reads.

Upstream's syncJob lists every pod of the Job and filters it each time. A
simulation with 100,000 pods cannot afford that, so the cluster keeps this
index up to date as pods change (``update``/``remove``, O(1) each) and
``sync_job`` reads the groups directly. Pods that finished and were already
counted (no tracking finalizer) cannot change a sync's outcome and are
left out.
"""
from __future__ import annotations

from ..api.model import Pod
from ..api.wellknown import JOB_TRACKING_FINALIZER


class JobPods:
    """Groups: ``active`` (running or pending, not deleted), ``terminating``
    (deleted, not finished) and ``tracked`` (finished or deleted, still
    carrying the tracking finalizer: not counted yet). Each maps name → Pod
    in the order pods entered the group.
    """

    __slots__ = ("active", "terminating", "tracked", "ready_names")

    def __init__(self, pods=()):
        self.active: dict[str, Pod] = {}
        self.terminating: dict[str, Pod] = {}
        self.tracked: dict[str, Pod] = {}
        self.ready_names: set[str] = set()
        for pod in pods:
            self.update(pod)

    def update(self, pod: Pod) -> None:
        """(Re)classify a pod after any change to it.

        Pods only move forward (active → terminating or tracked → gone), so an
        active pod need not be looked for in the other groups.
        """
        name = pod.name
        phase = pod.phase
        finished = phase == "Succeeded" or phase == "Failed"
        deleted = pod.deleted_at is not None
        if not finished and not deleted:
            self.active[name] = pod
            if pod.ready:
                self.ready_names.add(name)
            else:
                self.ready_names.discard(name)
            return
        if self.active.pop(name, None) is not None:
            self.ready_names.discard(name)
        if deleted and not finished:
            self.terminating[name] = pod
        elif self.terminating:
            self.terminating.pop(name, None)
        if JOB_TRACKING_FINALIZER in pod.finalizers:
            self.tracked[name] = pod
        else:
            self.tracked.pop(name, None)

    def started(self, pod: Pod) -> None:
        """An active pod's container started: it stays active and is ready now (``update``'s outcome, cheaper)."""
        self.ready_names.add(pod.name)

    def untracked(self, pod: Pod) -> None:
        """The pod's tracking finalizer came off: a finished pod leaves the index (cheaper than ``update``)."""
        if pod.phase == "Succeeded" or pod.phase == "Failed":
            self.tracked.pop(pod.name, None)
        else:
            self.update(pod)

    def remove(self, pod: Pod) -> None:
        name = pod.name
        self.active.pop(name, None)
        self.terminating.pop(name, None)
        self.tracked.pop(name, None)
        self.ready_names.discard(name)

    @property
    def ready(self) -> int:
        return len(self.ready_names)

    def all(self) -> list[Pod]:
        """Every pod in one of the groups, each once."""
        seen = dict(self.active)
        seen.update(self.terminating)
        seen.update(self.tracked)
        return list(seen.values())
