"""The Job controller at work in the cluster: its work queue, and what each sync writes back.

The decisions are the pure ``controller.sync.sync_job``; this is the loop
around it. Every change to a Job or one of its pods asks for a sync of the
Job, batched: a sync already due within ``SYNC_JOB_BATCH_PERIOD`` absorbs the
request. A sync's result goes back to the API in upstream's order: tracking
finalizers removed, pods deleted, pods created, events, then the status.
"""
from __future__ import annotations

from ..controller.backoff import BackoffRecord
from ..controller.jobpods import JobPods
from ..controller.sync import sync_job
from ..controller.sync_context import SYNC_JOB_BATCH_PERIOD
from . import timeline as tl
from .priorities import CONTROLLER


class JobController:
    """The Job controller's part of ``SimulatedCluster`` (a base class of it, sharing its clock and store).

    It owns the controller's memory: each Job's pods as the controller sees
    them (``JobPods``, kept current by every pod change), the back-off
    records and the work queue (when each Job's next sync is due).
    """

    def __init__(self):
        self._job_pods: dict[str, JobPods] = {}  # by job uid
        self._backoff: dict[str, BackoffRecord | None] = {}
        self._sync_due: dict[str, float] = {}

    def _queue_sync(self, job_name: str, time: float) -> None:
        """Upstream's work queue: a sync already due earlier absorbs later requests."""
        due = self._sync_due.get(job_name)
        if due is None or time < due:
            self._sync_due[job_name] = time
            self._at(time, CONTROLLER, JobController._sync, job_name, time)

    def _sync(self, job_name: str, due: float) -> None:
        if self._sync_due.get(job_name) != due:
            return  # superseded by an earlier sync
        del self._sync_due[job_name]
        job = self._jobs.get(job_name)
        if job is None:
            return
        job_pods = self._job_pods[job.uid]
        result = sync_job(job, job_pods, self.now, self._backoff.get(job.uid))
        now, records, live = self.now, self.records, self._pods
        for name in result.untrack:  # finalizer removals: many per sync, so inlined
            pod = live.get(name)
            if pod is not None and pod.finalizers:
                tl.apply_pod_change(pod, tl.UNTRACK, None, now)
                records.append((now, tl.UNTRACK, pod, None))
                job_pods.untracked(pod)
                if pod.deleted_at is not None:
                    self._maybe_gone(pod)
        for name in result.delete:
            pod = self._pods.get(name)
            if pod is not None:
                self._delete_pod(pod)
        if self._jobs.get(job.name) is not job:
            return  # a foreground deletion just finished: there is no Job left to write status to
        if result.create:  # upstream's manageJob creates before the sync's condition events
            self._create_pods(job, result.create)
        for event in result.events:
            self._record(tl.EVENT, event, None)
        self._backoff[job.uid] = result.backoff
        if result.status != job.status:
            was_finished = job.status.is_finished()
            job.status = result.status
            self._record(tl.JOB_STATUS, job.name, result.status)
            # A status write comes back as a Job update: another, batched sync.
            self._queue_sync(job.name, self.now + SYNC_JOB_BATCH_PERIOD)
            if not was_finished and job.status.is_finished():
                self._schedule_ttl(job)
        if result.requeue_after is not None:
            self._queue_sync(job.name, self.now + result.requeue_after)
        if job.deleted_at is not None:
            self._finish_foreground_deletion(job)
