"""The garbage collector: what deleting a Job does to its pods, and when a deleted object is gone.

A Job's pods name it as their owner. Deleting the Job cascades by its
propagation policy: ``Background`` removes the Job at once and deletes its
pods; ``Foreground`` deletes the pods first and removes the Job once none is
left; ``Orphan`` removes the Job and leaves its pods running, owned by no one.
A deleted pod is gone once it has terminated and no finalizer holds it (the
Job controller's tracking finalizer holds it until the controller counted it).
"""
from __future__ import annotations

from ..api.model import Job, Pod
from ..controller.sync_context import SYNC_JOB_BATCH_PERIOD
from . import timeline as tl


class GarbageCollector:
    """The garbage collector's part of ``SimulatedCluster`` (a base class of it, sharing its clock and store)."""

    def _delete_job(self, job: Job, propagation: str) -> None:
        """Delete a Job and cascade to its pods by ``propagation``."""
        pods = [p for p in self._pods.values() if p.owner_uid == job.uid]
        if propagation == "Foreground":
            if job.deleted_at is None:
                job.deleted_at = self.now
                self._record(tl.JOB_DELETE, job.name, None)
            for pod in pods:
                self._delete_pod(pod)
            self._queue_sync(job.name, self.now)
            self._finish_foreground_deletion(job)
            return
        self._remove_job(job)
        for pod in pods:
            if propagation == "Orphan":
                self._pod_change(pod, tl.ORPHAN)
                if pod.is_tracked:  # the orphan worker strips the finalizer
                    self._pod_change(pod, tl.UNTRACK)
                self._maybe_gone(pod)
            else:
                if pod.is_tracked:  # cleanupPodFinalizers on Job deletion
                    self._pod_change(pod, tl.UNTRACK)
                self._delete_pod(pod)

    def _remove_job(self, job: Job) -> None:
        """The Job leaves the store, and the Job controller forgets it."""
        del self._jobs[job.name]
        self._job_pods.pop(job.uid, None)
        self._backoff.pop(job.uid, None)
        self._sync_due.pop(job.name, None)
        self._record(tl.JOB_GONE, job.name, None)

    def _finish_foreground_deletion(self, job: Job) -> None:
        if job.deleted_at is not None and self._jobs.get(job.name) is job and not any(
                p.owner_uid == job.uid for p in self._pods.values()):
            self._remove_job(job)

    def _maybe_gone(self, pod: Pod) -> None:
        """Remove a deleted, terminated pod once no finalizer holds it."""
        if pod.deleted_at is None or not pod.is_finished or pod.finalizers:
            return
        if self._pods.get(pod.name) is not pod:
            return
        del self._pods[pod.name]
        self._record(tl.GONE, pod, None)
        job = self._owner(pod)
        if job is not None:
            self._job_pods[job.uid].remove(pod)
            self._queue_sync(job.name, self.now + SYNC_JOB_BATCH_PERIOD)
            if job.deleted_at is not None:
                self._finish_foreground_deletion(job)
