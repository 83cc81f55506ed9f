"""The TTL-after-finished controller: a finished Job with ``ttlSecondsAfterFinished`` deletes itself.

When the Job finishes (its Complete or Failed condition turns True) the
controller sets a timer for that time plus the TTL; when it fires, it deletes
the Job with ``Foreground`` propagation, so the pods go first. A TTL changed
in the meantime is honoured: the timer re-reads it (pkg/controller/ttlafterfinished).
"""
from __future__ import annotations

from ..api.model import Job
from .priorities import GC


class TTLAfterFinishedController:
    """The TTL controller's part of ``SimulatedCluster`` (a base class of it, sharing its clock and store).

    It deletes through the cluster's public ``delete``, as upstream's goes through the API.
    """

    def _schedule_ttl(self, job: Job) -> None:
        ttl = job.spec.ttl_seconds_after_finished
        if ttl is None or not job.status.is_finished():
            return
        finished_at = _finish_time(job)
        self._at(max(self.now, finished_at + ttl), GC, TTLAfterFinishedController._ttl_expired, job.name, job.uid)

    def _ttl_expired(self, name: str, uid: str) -> None:
        job = self._jobs.get(name)
        if job is None or job.uid != uid or job.deleted_at is not None:
            return
        ttl = job.spec.ttl_seconds_after_finished  # re-read: a changed TTL is honoured
        if ttl is None or not job.status.is_finished():
            return
        if _finish_time(job) + ttl > self.now:
            self._schedule_ttl(job)
            return
        self.delete(name, propagation="Foreground")


def _finish_time(job: Job) -> float:
    for cond in job.status.conditions:
        if cond.type in ("Complete", "Failed") and cond.status == "True":
            return cond.last_transition_time
    return job.created_at
