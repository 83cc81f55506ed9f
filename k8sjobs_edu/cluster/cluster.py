"""The simulated cluster's engine: a virtual clock, one event heap, the API store and its verbs.

``SimulatedCluster`` holds the Jobs and pods, takes the API calls (apply,
patch, delete, evict, ...) and runs events off the heap in time order. The
components that react to them are its base classes, one module each, in the
order a pod meets them: ``scheduler``, ``kubelet``, ``job_controller``,
``garbage_collector``, ``ttl_after_finished``. They share the clock and the
store; each schedules its events through ``_at`` with its priority.

Events at the same time run in a fixed order (see ``priorities``) and, within
a kind, in the order they were scheduled. All randomness comes from named
streams of the cluster's seed, so a run is a pure function of its inputs.
"""
from __future__ import annotations

import gc
import heapq
import random
import warnings
from dataclasses import replace

from ..api.manifest import assign_uid, load_job, validate_update
from ..api.model import Job, Pod
from ..api.types import Condition, Event, NotFound
from ..api.wellknown import KUBERNETES_VERSION
from ..controller.jobpods import JobPods
from ..controller.sync_context import SYNC_JOB_BATCH_PERIOD
from . import timeline as tl
from .garbage_collector import GarbageCollector
from .job_controller import JobController
from .kubelet import Kubelet
from .names import generate_name, new_uid
from .scheduler import Scheduler
from .ttl_after_finished import TTLAfterFinishedController

DEFAULT_HORIZON = 30 * 24 * 3600.0


class AlreadyExists(ValueError):
    """Raised by ``Cluster.create`` for a Job name that is taken."""


class SimulationLimitError(RuntimeError):
    """The simulation would exceed its budget of pods or events."""


class SimulatedCluster(Scheduler, Kubelet, JobController, GarbageCollector, TTLAfterFinishedController):
    """A simulated Kubernetes cluster that runs Jobs on a virtual clock.

    Learners use ``k8sjobs_edu.Cluster``, this simulation plus ``kubectl()``.

    Args:
        seed: seeds every random stream (pod names, uids, run times, latencies).
        workload: what containers do; default interprets the container command.
        start_latency: seconds from scheduling to running — a number, a
            ``(low, high)`` range drawn per pod, or a list used in creation order.
        nodes: how many pods can run at once (None: unlimited); others wait Pending.
        kubectl_version: the kubectl whose output ``kubectl()`` mimics ("1.29" has no STATUS column).
        pod_name_suffixes: optional list of 5-character suffixes used in creation order
            (to replay a real transcript); random ones follow when it runs out.
        max_pods: the budget of pods a simulation may create.
        horizon: ``run()`` without ``until`` stops at this virtual time.
    """

    def __init__(self, *, seed: int = 0, workload=None, start_latency=2.0, nodes: int | None = None,
                 kubectl_version: str = KUBERNETES_VERSION, pod_name_suffixes=None,
                 max_pods: int = 1_000_000, horizon: float = DEFAULT_HORIZON):
        self.seed = seed
        self.now = 0.0
        self.kubectl_version = kubectl_version
        self.max_pods = max_pods
        self.horizon = horizon
        self.stopped_reason: str | None = None
        self._streams: dict[str, random.Random] = {}
        Kubelet.__init__(self, workload, start_latency)
        self._suffixes = list(pod_name_suffixes or [])
        self._name_rng = self.stream("pod-names")
        self._heap: list[tuple] = []
        self._sequence = 0
        self._jobs: dict[str, Job] = {}
        self._pods: dict[str, Pod] = {}
        self._attempts: dict[tuple, int] = {}
        JobController.__init__(self)
        Scheduler.__init__(self, nodes)
        self._pods_created = 0
        self.records: list[tuple] = []

    # ---- randomness ------------------------------------------------------------

    def stream(self, name: str) -> random.Random:
        """The named random stream; streams are independent of each other."""
        rng = self._streams.get(name)
        if rng is None:
            rng = self._streams[name] = random.Random(f"{self.seed}/{name}")
        return rng

    # ---- the API: Jobs ---------------------------------------------------------

    def apply(self, job_or_source) -> Job:
        """Create the Job, or update the mutable fields of an existing one (like ``kubectl apply``)."""
        job = self._load(job_or_source)
        existing = self._jobs.get(job.name)
        result = self._create(job) if existing is None else self._update(existing, job)
        self._settle()
        return result

    def create(self, job_or_source) -> Job:
        """Create the Job; raises ``AlreadyExists`` if the name is taken."""
        job = self._load(job_or_source)
        if job.name in self._jobs:
            raise AlreadyExists(f'jobs.batch "{job.name}" already exists')
        result = self._create(job)
        self._settle()
        return result

    def _settle(self) -> None:
        """Let the controllers react within the current instant, as they do within milliseconds."""
        while self._heap and self._heap[0][0] <= self.now:
            self.step()

    def _load(self, job_or_source) -> Job:
        if isinstance(job_or_source, Job):
            return Job.from_dict(job_or_source.to_dict())
        return load_job(job_or_source)

    def _create(self, job: Job) -> Job:
        if job.name in self._jobs:
            raise AlreadyExists(f'jobs.batch "{job.name}" already exists')
        assign_uid(job, new_uid(self.stream("uids")))
        job.created_at = self.now
        job.deleted_at = None
        job.status = type(job.status)()
        self._jobs[job.name] = job
        self._job_pods[job.uid] = JobPods()
        self._record(tl.JOB_CREATE, job.name, tl._copy_job(job))
        self._queue_sync(job.name, self.now)
        return job

    def _update(self, existing: Job, new: Job) -> Job:
        validate_update(existing, new)
        assign_uid(new, existing.uid)  # the generated labels carry the live uid
        if (new.labels, new.annotations) != (existing.labels, existing.annotations):
            existing.labels, existing.annotations = new.labels, new.annotations
            self._record(tl.JOB_META, existing.name, (dict(new.labels), dict(new.annotations)))
        spec_before = existing.spec
        changed = {name: getattr(new.spec, name) for name in MUTABLE_SPEC_FIELDS
                   if getattr(new.spec, name) != getattr(spec_before, name)}
        if not changed:
            return existing
        existing.spec = replace(spec_before, **changed)
        existing.generation += 1
        self._record(tl.JOB_SPEC, existing.name, existing.spec)
        self._queue_sync(existing.name, self.now)
        self._schedule_ttl(existing)
        return existing

    def patch(self, name: str, patch: dict) -> Job:
        """Apply a JSON merge patch to the Job (``kubectl patch``)."""
        job = self.get_job(name)
        merged = _merge_patch(job.to_dict(), patch)
        new = Job.from_dict(merged)
        result = self._update(job, new)
        self._settle()
        return result

    def suspend(self, name: str) -> Job:
        return self.patch(name, {"spec": {"suspend": True}})

    def resume(self, name: str) -> Job:
        return self.patch(name, {"spec": {"suspend": False}})

    def scale(self, name: str, parallelism: int) -> Job:
        return self.patch(name, {"spec": {"parallelism": parallelism}})

    def delete(self, name: str, propagation: str = "Background") -> None:
        """Delete a Job: ``Background``, ``Foreground`` or ``Orphan`` propagation (see ``garbage_collector``)."""
        if propagation not in ("Background", "Foreground", "Orphan"):
            raise ValueError(f'propagation must be "Background", "Foreground" or "Orphan", not {propagation!r}')
        self._delete_job(self.get_job(name), propagation)
        self._settle()

    # ---- the API: pods -----------------------------------------------------------

    def evict(self, pod_name: str) -> None:
        """A disruption: the pod gets ``DisruptionTarget=True``, then is deleted gracefully."""
        pod = self._pods.get(pod_name)
        if pod is None:
            raise NotFound(f'pods "{pod_name}" not found')
        if pod.deleted_at is not None or pod.is_finished:
            return
        self._pod_change(pod, tl.CONDITION, Condition("DisruptionTarget", "True", "EvictionByEvictionAPI",
                                                      "Eviction API: evicting", self.now))
        self._delete_pod(pod)
        self._settle()

    def delete_pod(self, pod_name: str) -> None:
        """``kubectl delete pod``: a graceful deletion."""
        pod = self._pods.get(pod_name)
        if pod is None:
            raise NotFound(f'pods "{pod_name}" not found')
        self._delete_pod(pod)
        self._settle()

    def _create_pods(self, job: Job, pods: list[Pod]) -> None:
        """The API server accepts the controller's creates: final names, attempts, SuccessfulCreate."""
        if self._pods_created + len(pods) > self.max_pods:
            raise SimulationLimitError(
                f"the simulation would create more than max_pods={self.max_pods:,} pods; "
                f"pass a larger Cluster(max_pods=...) if this is intended")
        self._pods_created += len(pods)
        now, records, attempts, live = self.now, self.records, self._attempts, self._pods
        name_rng, suffixes = self._name_rng, self._suffixes
        active = self._job_pods[job.uid].active
        pod_deadline = job.spec.pod_spec.get("activeDeadlineSeconds")
        unlimited = self.nodes is None
        for pod in pods:
            name = pod.name = generate_name(pod.name, live, name_rng, suffixes)
            key = (job.uid, pod.index)
            pod.attempt = attempts.get(key, 0)
            attempts[key] = pod.attempt + 1
            live[name] = pod
            active[name] = pod  # a new pod is active and not ready
            node = "node-1" if unlimited else self._free_node()
            records.append((now, tl.CREATE, pod, node))  # also stands for the SuccessfulCreate event
            if node is None:
                self._waiting.append(pod)
            else:
                self._bind(pod, node, pod_deadline, record=False)
        self._queue_sync(job.name, now + SYNC_JOB_BATCH_PERIOD)

    # ---- reading -----------------------------------------------------------------

    def get_job(self, name: str) -> Job:
        job = self._jobs.get(name)
        if job is None:
            raise NotFound(f'jobs.batch "{name}" not found')
        return job

    def jobs(self) -> list[Job]:
        return list(self._jobs.values())

    def pods(self, job: str | None = None) -> list[Pod]:
        """Pods that exist now, in creation order; ``job`` filters by the job-name."""
        if job is None:
            return list(self._pods.values())
        return [p for p in self._pods.values() if p.job_name == job]

    @property
    def events(self) -> list[Event]:
        """Every event so far, in time order."""
        return tl.events_in(self.records)

    def timeline(self, job: str | None = None) -> tl.Timeline:
        return tl.Timeline(self.records, self.now, job)

    # ---- running -----------------------------------------------------------------

    def run(self, until: float | None = None) -> None:
        """Process everything up to ``until`` (then ``now == until``), or until nothing is left."""
        limit = self.horizon if until is None else until
        started_at = self.now
        heap, pop = self._heap, heapq.heappop
        # A run allocates millions of small objects and frees almost none (they are its history);
        # Python's cyclic collector would rescan them all again and again, making big runs
        # quadratic. The engine makes no reference cycles, so pausing it loses nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            while heap and heap[0][0] <= limit:  # step() one event at a time, without its bookkeeping
                self.now, _, _, action, target, value = pop(heap)
                action(self, target, value)
        finally:
            if collecting:
                _promote_to_oldest_generation()
                gc.enable()
        if until is not None:
            self.now = max(self.now, until)
        elif not heap:
            # Timers of pods that are gone may fire late without changing anything: the
            # clock stops at the last moment something happened.
            self.now = max(started_at, self.records[-1][0] if self.records else started_at)
        else:
            self.stopped_reason = (f"stopped at the horizon of {self.horizon:g} s of virtual time with work "
                                   f"still pending (does a Job retry forever?); pass until= to go further")
            warnings.warn(self.stopped_reason, RuntimeWarning, stacklevel=2)

    def next_time(self) -> float | None:
        """When the next event is due, or None when nothing is left to happen."""
        return self._heap[0][0] if self._heap else None

    def advance(self, seconds: float) -> None:
        self.run(until=self.now + seconds)

    def step(self) -> float | None:
        """Process every event of the next instant; the new time, or None when nothing is left."""
        if not self._heap:
            return None
        moment = self._heap[0][0]
        self.now = moment
        while self._heap and self._heap[0][0] == moment:
            _, _, _, action, target, value = heapq.heappop(self._heap)
            action(self, target, value)
        return moment

    def wait_for(self, name: str, condition_type: str, timeout: float) -> bool:
        """Run until the Job has ``condition_type=True`` or ``timeout`` virtual seconds pass."""
        deadline = self.now + timeout
        while True:
            job = self._jobs.get(name)
            if job is not None and job.status.has_true(condition_type):
                return True
            if not self._heap or self._heap[0][0] > deadline:
                self.now = max(self.now, deadline)
                return False
            self.step()

    def _at(self, time: float, priority: int, action, target=None, value=None) -> None:
        """Schedule ``action(cluster, target, value)`` at ``time`` (a ``priorities`` value breaks ties)."""
        self._sequence += 1
        heapq.heappush(self._heap, (time, priority, self._sequence, action, target, value))

    # ---- pod changes ---------------------------------------------------------------

    def _pod_change(self, pod: Pod, kind: str, value=None, notify: bool = True) -> None:
        """Change a pod, record it, and tell its Job's controller (the hot path of a run)."""
        now = self.now
        tl.apply_pod_change(pod, kind, value, now)
        self.records.append((now, kind, pod, value))
        job_pods = self._job_pods.get(pod.owner_uid)  # None once the owner is gone, or for orphans
        if job_pods is not None:
            if kind == tl.START:  # once per pod: the index's short path
                job_pods.started(pod)
            else:
                job_pods.update(pod)
            if notify:  # batched: a sync already due within the second absorbs this one
                due = self._sync_due.get(pod.job_name)
                if due is None or due > now + SYNC_JOB_BATCH_PERIOD:
                    self._queue_sync(pod.job_name, now + SYNC_JOB_BATCH_PERIOD)

    def _owner(self, pod: Pod) -> Job | None:
        job = self._jobs.get(pod.job_name)
        if job is None or pod.owner_uid != job.uid:
            return None
        return job

    def _record(self, kind: str, target, value=None) -> None:
        self.records.append((self.now, kind, target, value))


MUTABLE_SPEC_FIELDS = (
    "parallelism", "suspend", "active_deadline_seconds", "ttl_seconds_after_finished",
    "backoff_limit", "max_failed_indexes", "pod_replacement_policy", "completions",
)


def _promote_to_oldest_generation() -> None:
    """Move every object the collector tracks into its oldest generation, scanning none.

    A run's history is long-lived by nature; left young, the first allocation
    after the run would make the collector scan all of it (a fifth of a big
    run's time) only to promote it. Cyclic garbage moved along is collected by
    the next full collection, as any old object's would be. Skipped when the
    program froze objects itself (``gc.freeze``), so as not to thaw them.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _merge_patch(target, patch):
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge_patch(result.get(key), value)
    return result
