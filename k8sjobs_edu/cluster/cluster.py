"""The simulated cluster: a virtual clock, one event heap, the API objects,
a kubelet, the Job controller, the garbage collector and the TTL controller.

Events at the same time run in a fixed order — API writes, then the
kubelet, then controller syncs, then garbage collection — and, within a
kind, in the order they were scheduled. All randomness comes from named
streams of the cluster's seed, so a run is a pure function of its inputs.
"""
from __future__ import annotations

import gc
import heapq
import random
import warnings
from dataclasses import replace

from . import timeline as tl
from ..controller.backoff import BackoffRecord
from ..controller.sync import SYNC_JOB_BATCH_PERIOD, sync_job
from ..controller.jobpods import JobPods
from .workloads import Outcome, as_workload, command_workload
from ..api.model import (
    JOB_TRACKING_FINALIZER,
    KUBERNETES_VERSION,
    Condition,
    Event,
    Job,
    NotFound,
    Pod,
)

API, KUBELET, CONTROLLER, GC = 0, 1, 2, 3  # priorities of equal-time events
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apimachinery/pkg/util/rand
_PAIRS = [a + b for a in NAME_ALPHABET for b in NAME_ALPHABET]
MAX_GENERATED_NAME_LENGTH = 58
DEFAULT_HORIZON = 30 * 24 * 3600.0
KILLED_EXIT_CODE = 137  # SIGKILL after the grace period
_CLEAN_EXIT = ("Succeeded", 0, None)  # the usual FINISH change, one tuple for all pods (records are read-only)


class AlreadyExists(ValueError):
    """Raised by ``Cluster.create`` for a Job name that is taken."""


class SimulationLimitError(RuntimeError):
    """The simulation would exceed its budget of pods or events."""


class Cluster:
    """A simulated Kubernetes cluster that runs Jobs on a virtual clock.

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
        self.nodes = nodes
        self.max_pods = max_pods
        self.horizon = horizon
        self.stopped_reason: str | None = None
        self._workload = as_workload(workload) if workload is not None else None
        if self._workload is not None and hasattr(self._workload, "fresh"):
            self._workload = self._workload.fresh()
        self._start_latency = _checked_latency(start_latency)
        self._latency_list = list(start_latency) if isinstance(start_latency, list) else None
        self._suffixes = list(pod_name_suffixes or [])
        self._streams: dict[str, random.Random] = {}
        self._name_rng = self.stream("pod-names")
        self._latency_rng = self.stream("start-latency")
        self._heap: list[tuple] = []
        self._sequence = 0
        self._jobs: dict[str, Job] = {}
        self._job_pods: dict[str, JobPods] = {}  # by job uid
        self._backoff: dict[str, BackoffRecord | None] = {}
        self._sync_due: dict[str, float] = {}
        self._runtimes: dict[str, tuple] = {}  # job name -> (workload, random stream)
        self._pods: dict[str, Pod] = {}
        self._runs: dict[str, object] = {}  # pod name -> workload step iterator
        self._attempts: dict[tuple, int] = {}
        self._waiting: list[Pod] = []  # unscheduled pods, FIFO
        self._free_nodes = [] if nodes is None else [f"node-{i}" for i in range(nodes, 0, -1)]
        self._pods_created = 0
        self.records: list[tuple] = []

    # ---- randomness ------------------------------------------------------------

    def stream(self, name: str) -> random.Random:
        """The named random stream; streams are independent of each other."""
        rng = self._streams.get(name)
        if rng is None:
            rng = self._streams[name] = random.Random(f"{self.seed}/{name}")
        return rng

    def _new_uid(self) -> str:
        rng = self.stream("uids")
        value = rng.getrandbits(128)
        hex_ = f"{value:032x}"
        return f"{hex_[:8]}-{hex_[8:12]}-4{hex_[13:16]}-{'89ab'[value % 4]}{hex_[17:20]}-{hex_[20:32]}"

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
        from ..api.manifest import load_job

        if isinstance(job_or_source, Job):
            return Job.from_dict(job_or_source.to_dict())
        return load_job(job_or_source)

    def _create(self, job: Job) -> Job:
        from ..api.manifest import assign_uid

        if job.name in self._jobs:
            raise AlreadyExists(f'jobs.batch "{job.name}" already exists')
        assign_uid(job, self._new_uid())
        job.created_at = self.now
        job.deleted_at = None
        job.status = type(job.status)()
        self._jobs[job.name] = job
        self._job_pods[job.uid] = JobPods()
        self._record(tl.JOB_CREATE, job.name, tl._copy_job(job))
        self._queue_sync(job.name, self.now)
        return job

    def _update(self, existing: Job, new: Job) -> Job:
        from ..api.manifest import assign_uid, validate_update

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
        """Delete a Job: ``Background``, ``Foreground`` or ``Orphan`` propagation."""
        if propagation not in ("Background", "Foreground", "Orphan"):
            raise ValueError(f'propagation must be "Background", "Foreground" or "Orphan", not {propagation!r}')
        job = self.get_job(name)
        pods = [p for p in self._pods.values() if p.owner_uid == job.uid]
        if propagation == "Foreground":
            if job.deleted_at is None:
                job.deleted_at = self.now
                self._record(tl.JOB_DELETE, job.name, None)
            for pod in pods:
                self._delete_pod(pod)
            self._queue_sync(job.name, self.now)
            self._finish_foreground_deletion(job)
            self._settle()
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
        self._settle()

    def _remove_job(self, job: Job) -> None:
        del self._jobs[job.name]
        self._job_pods.pop(job.uid, None)
        self._backoff.pop(job.uid, None)
        self._sync_due.pop(job.name, None)
        self._record(tl.JOB_GONE, job.name, None)

    def _finish_foreground_deletion(self, job: Job) -> None:
        if job.deleted_at is not None and self._jobs.get(job.name) is job and not any(
                p.owner_uid == job.uid for p in self._pods.values()):
            self._remove_job(job)

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

    def kubectl(self, command: str) -> str:
        """What ``kubectl`` would print; errors come back as kubectl's text."""
        from ..kubectl.dispatch import run

        return run(self, command)

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
        self._sequence += 1
        heapq.heappush(self._heap, (time, priority, self._sequence, action, target, value))

    # ---- the Job controller ---------------------------------------------------------

    def _queue_sync(self, job_name: str, time: float) -> None:
        """Upstream's work queue: a sync already due earlier absorbs later requests."""
        due = self._sync_due.get(job_name)
        if due is None or time < due:
            self._sync_due[job_name] = time
            self._at(time, CONTROLLER, Cluster._sync, job_name, time)

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

    def _create_pods(self, job: Job, pods: list[Pod]) -> None:
        """The API server accepts the controller's creates: final names, attempts, SuccessfulCreate."""
        if self._pods_created + len(pods) > self.max_pods:
            raise SimulationLimitError(
                f"the simulation would create more than max_pods={self.max_pods:,} pods; "
                f"pass a larger Cluster(max_pods=...) if this is intended")
        self._pods_created += len(pods)
        now, records, attempts, live = self.now, self.records, self._attempts, self._pods
        active = self._job_pods[job.uid].active
        pod_deadline = job.spec.pod_spec.get("activeDeadlineSeconds")
        unlimited = self.nodes is None
        for pod in pods:
            name = pod.name = self._generate_name(pod.name)
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

    def _generate_name(self, prefix: str) -> str:
        """``generateName`` + 5 random characters, as the API server names pods."""
        base = prefix[:MAX_GENERATED_NAME_LENGTH]
        while True:
            if self._suffixes:
                suffix = self._suffixes.pop(0)
            else:
                # One draw read as five base-27 digits, so each character is uniform.
                number = self._name_rng.getrandbits(24)
                while number >= 27 ** 5:
                    number = self._name_rng.getrandbits(24)
                suffix = _PAIRS[number % 729] + _PAIRS[number // 729 % 729] + NAME_ALPHABET[number // 531441]
            name = base + suffix
            if name not in self._pods:
                return name

    # ---- the scheduler and the kubelet --------------------------------------------------

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
                                    Cluster._start_container, pod, pod.restarts))
        if pod_deadline is not None:  # the pod's own deadline counts from when the kubelet took it on
            self._at(now + pod_deadline, KUBELET, Cluster._pod_deadline, pod, None)

    def _release_slot(self, pod: Pod) -> None:
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

    def _latency(self, pod: Pod) -> float:
        latency = self._start_latency
        if latency.__class__ is tuple:  # the common case first: a range
            low, high = latency
            return low + (high - low) * self._latency_rng.random()
        if self._latency_list is not None:
            return float(self._latency_list.pop(0)) if self._latency_list else 2.0
        if callable(latency):
            return float(latency(pod))
        return float(latency)

    def _start_container(self, pod: Pod, restarts: int) -> None:
        # A pod that is gone was deleted first, so deleted_at covers it too.
        if (pod.deleted_at is not None or pod.restarts != restarts
                or pod.phase == "Succeeded" or pod.phase == "Failed"):
            return  # deleted before the container started (killed then), or finished
        self._pod_change(pod, tl.START)  # counts a restart, so later timers carry the new count
        workload, rng = self._runtimes.get(pod.job_name) or self._runtime_for(pod)
        run = workload.run(pod, rng)
        if isinstance(run, Outcome):
            self._run_step(pod, run, None, pod.restarts)
        else:
            self._runs[pod.name] = run
            self._next_step(pod, pod.restarts)

    def _runtime_for(self, pod: Pod):
        """The workload that runs this Job's containers and its random stream."""
        runtime = self._runtimes.get(pod.job_name)
        if runtime is None:
            workload = self._workload
            if workload is None:
                job = self._jobs.get(pod.job_name)
                workload = command_workload(job.spec.pod_spec if job is not None else {})
            runtime = self._runtimes[pod.job_name] = (workload, self.stream(f"workload/{pod.job_name}"))
        return runtime

    def _next_step(self, pod: Pod, restarts: int) -> None:
        """Run the next step of a step-by-step workload; exhausted means exit 0."""
        if self._pods.get(pod.name) is not pod or pod.is_finished or pod.restarts != restarts:
            return
        run = self._runs.get(pod.name)
        try:
            step = next(run)
        except StopIteration:
            self._runs.pop(pod.name, None)
            self._exit(pod, 0, None)
            return
        self._run_step(pod, step, run, restarts)

    def _run_step(self, pod: Pod, step, run, restarts: int) -> None:
        duration, exit_code, logs, container = step
        if logs:
            self._pod_change(pod, tl.LOG, logs, notify=False)
        end = self.now + duration if duration > 0 else self.now
        if run is None or exit_code != 0:
            if run is not None:
                del self._runs[pod.name]
            self._at(end, KUBELET, Cluster._container_exit, pod, (exit_code, container, restarts))
        else:
            self._at(end, KUBELET, Cluster._next_step, pod, restarts)

    def _container_exit(self, pod: Pod, exit_info) -> None:
        exit_code, container, restarts = exit_info
        if pod.phase != "Running" or pod.restarts != restarts:
            return  # killed meanwhile (a pod that is gone has finished), or restarted
        self._exit(pod, exit_code, container)

    def _exit(self, pod: Pod, exit_code: int, container: str | None) -> None:
        if exit_code != 0 and pod.restart_policy == "OnFailure" and pod.deleted_at is None:
            self._pod_change(pod, tl.CRASH, (exit_code, container))
            delay = crash_loop_delay(pod.restarts + 1)
            self._at(self.now + delay, KUBELET, Cluster._start_container, pod, pod.restarts)
            return
        self._finish(pod, "Succeeded" if exit_code == 0 else "Failed", exit_code, container)

    def _finish(self, pod: Pod, phase: str, exit_code: int | None, container: str | None) -> None:
        if self._runs:
            self._drop_run(pod)
        if self.nodes is not None and pod.node_name is not None:
            self._release_slot(pod)
        clean_exit = phase == "Succeeded" and exit_code == 0 and container is None
        self._pod_change(pod, tl.FINISH, _CLEAN_EXIT if clean_exit else (phase, exit_code, container))
        if pod.deleted_at is not None:
            self._maybe_gone(pod)

    def _delete_pod(self, pod: Pod) -> None:
        """A graceful deletion: SIGTERM now, SIGKILL after the grace period."""
        if pod.deleted_at is not None:
            return
        self._pod_change(pod, tl.DELETE)
        if pod.is_finished:
            self._maybe_gone(pod)
        elif pod.phase == "Pending" or pod.waiting_reason == "CrashLoopBackOff":
            self._kill(pod, None)  # no container is running: nothing to wait for
        else:
            self._at(self.now + pod.grace_period_seconds, KUBELET, Cluster._kill, pod, pod.restarts)

    def _kill(self, pod: Pod, restarts) -> None:
        if self._pods.get(pod.name) is not pod or pod.is_finished:
            return
        if pod in self._waiting:
            self._waiting.remove(pod)
        if pod.phase == "Pending":
            if pod.node_name is not None:
                self._release_slot(pod)
            self._drop_run(pod)
            self._pod_change(pod, tl.FINISH, ("Failed", None, None))
            self._maybe_gone(pod)
            return
        if pod.waiting_reason == "CrashLoopBackOff":
            self._finish(pod, "Failed", pod.exit_code, pod.failed_container)  # its last run's exit code
            return
        self._finish(pod, "Failed", KILLED_EXIT_CODE, None)

    def _drop_run(self, pod: Pod) -> None:
        """Stop a step-by-step run early (killed, deleted): close() lets it give back what it held."""
        run = self._runs.pop(pod.name, None)
        if run is not None and hasattr(run, "close"):
            run.close()

    def _pod_deadline(self, pod: Pod, _=None) -> None:
        """The kubelet fails a pod active longer than its spec.activeDeadlineSeconds."""
        if self._pods.get(pod.name) is not pod or pod.is_finished:
            return
        if pod in self._waiting:
            self._waiting.remove(pod)
        self._pod_change(pod, tl.REASON, "DeadlineExceeded", notify=False)
        if pod.phase == "Running" and pod.waiting_reason is None:
            self._finish(pod, "Failed", KILLED_EXIT_CODE, None)
        else:
            self._finish(pod, "Failed", pod.exit_code, pod.failed_container)

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

    # ---- TTL after finished -----------------------------------------------------------

    def _schedule_ttl(self, job: Job) -> None:
        ttl = job.spec.ttl_seconds_after_finished
        if ttl is None or not job.status.is_finished():
            return
        finished_at = _finish_time(job)
        self._at(max(self.now, finished_at + ttl), GC, Cluster._ttl_expired, job.name, job.uid)

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


MUTABLE_SPEC_FIELDS = (
    "parallelism", "suspend", "active_deadline_seconds", "ttl_seconds_after_finished",
    "backoff_limit", "max_failed_indexes", "pod_replacement_policy", "completions",
)


def _checked_latency(latency):
    """A start latency can be 0 but never negative or NaN: the clock would run backwards."""
    values = latency if isinstance(latency, (list, tuple)) else [] if callable(latency) else [latency]
    for value in values:
        if not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
            raise ValueError(f"start_latency must be seconds from 0 on, not {value!r}")
    if isinstance(latency, tuple) and (len(latency) != 2 or latency[0] > latency[1]):
        raise ValueError(f"start_latency as a range is (low, high) with low <= high, not {latency!r}")
    return latency


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


def crash_loop_delay(restarts: int) -> float:
    """The kubelet's wait before restart number ``restarts`` of a crashed container.

    The first restart is immediate; then 10 s, doubling, at most 5 minutes
    (kuberuntime ``doBackOff`` with a 10 s initial and 300 s maximum back-off).
    """
    if restarts <= 1:
        return 0.0
    return min(10.0 * 2 ** min(restarts - 2, 10), 300.0)


def _finish_time(job: Job) -> float:
    for cond in job.status.conditions:
        if cond.type in ("Complete", "Failed") and cond.status == "True":
            return cond.last_transition_time
    return job.created_at


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
