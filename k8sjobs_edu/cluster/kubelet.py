"""The kubelet: it starts a bound pod's containers, runs them, and reports how they ended.

A pod's life on its node: after the start latency the containers start (the
workload says what they do, step by step or in one go); an exit ends the pod,
unless ``restartPolicy: OnFailure`` restarts a crashed container after the
crash-loop back-off. A deletion is graceful: SIGTERM now, SIGKILL (exit 137)
after the grace period. ``activeDeadlineSeconds`` in the pod spec fails a pod
that runs too long.
"""
from __future__ import annotations

from ..api.model import Pod
from . import timeline as tl
from .command_workload import command_workload
from .priorities import KUBELET
from .workloads import Outcome, as_workload

KILLED_EXIT_CODE = 137  # SIGKILL after the grace period
_CLEAN_EXIT = ("Succeeded", 0, None)  # the usual FINISH change, one tuple for all pods (records are read-only)


class Kubelet:
    """The kubelet's part of ``SimulatedCluster`` (a base class of it, sharing its clock and store).

    It owns what the containers do: the workload, the start latency and the
    step-by-step runs in progress. It writes pod changes through the
    cluster's ``_pod_change`` and sets its timers with ``_at``.
    """

    def __init__(self, workload, start_latency):
        self._workload = as_workload(workload) if workload is not None else None
        if self._workload is not None and hasattr(self._workload, "fresh"):
            self._workload = self._workload.fresh()
        self._start_latency = _checked_latency(start_latency)
        self._latency_list = list(start_latency) if isinstance(start_latency, list) else None
        self._latency_rng = self.stream("start-latency")
        self._runtimes: dict[str, tuple] = {}  # job name -> (workload, random stream)
        self._runs: dict[str, object] = {}  # pod name -> workload step iterator

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

    # ---- running containers ----------------------------------------------------------

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
            self._at(end, KUBELET, Kubelet._container_exit, pod, (exit_code, container, restarts))
        else:
            self._at(end, KUBELET, Kubelet._next_step, pod, restarts)

    # ---- exits and restarts ------------------------------------------------------------

    def _container_exit(self, pod: Pod, exit_info) -> None:
        exit_code, container, restarts = exit_info
        if pod.phase != "Running" or pod.restarts != restarts:
            return  # killed meanwhile (a pod that is gone has finished), or restarted
        self._exit(pod, exit_code, container)

    def _exit(self, pod: Pod, exit_code: int, container: str | None) -> None:
        if exit_code != 0 and pod.restart_policy == "OnFailure" and pod.deleted_at is None:
            self._pod_change(pod, tl.CRASH, (exit_code, container))
            delay = crash_loop_delay(pod.restarts + 1)
            self._at(self.now + delay, KUBELET, Kubelet._start_container, pod, pod.restarts)
            return
        self._finish(pod, "Succeeded" if exit_code == 0 else "Failed", exit_code, container)

    def _finish(self, pod: Pod, phase: str, exit_code: int | None, container: str | None) -> None:
        """The pod is done: its node is free again, and a deleted pod may now go."""
        if self._runs:
            self._drop_run(pod)
        if self.nodes is not None and pod.node_name is not None:
            self._release_slot(pod)
        clean_exit = phase == "Succeeded" and exit_code == 0 and container is None
        self._pod_change(pod, tl.FINISH, _CLEAN_EXIT if clean_exit else (phase, exit_code, container))
        if pod.deleted_at is not None:
            self._maybe_gone(pod)

    # ---- deletion, kills and deadlines -------------------------------------------------

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
            self._at(self.now + pod.grace_period_seconds, KUBELET, Kubelet._kill, pod, pod.restarts)

    def _kill(self, pod: Pod, restarts) -> None:
        if self._pods.get(pod.name) is not pod or pod.is_finished:
            return
        self._unqueue(pod)
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
        self._unqueue(pod)
        self._pod_change(pod, tl.REASON, "DeadlineExceeded", notify=False)
        if pod.phase == "Running" and pod.waiting_reason is None:
            self._finish(pod, "Failed", KILLED_EXIT_CODE, None)
        else:
            self._finish(pod, "Failed", pod.exit_code, pod.failed_container)


def crash_loop_delay(restarts: int) -> float:
    """The kubelet's wait before restart number ``restarts`` of a crashed container.

    The first restart is immediate; then 10 s, doubling, at most 5 minutes
    (kuberuntime ``doBackOff`` with a 10 s initial and 300 s maximum back-off).
    """
    if restarts <= 1:
        return 0.0
    return min(10.0 * 2 ** min(restarts - 2, 10), 300.0)


def _checked_latency(latency):
    """A start latency can be 0 but never negative or NaN: the clock would run backwards."""
    values = latency if isinstance(latency, (list, tuple)) else [] if callable(latency) else [latency]
    for value in values:
        if not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
            raise ValueError(f"start_latency must be seconds from 0 on, not {value!r}")
    if isinstance(latency, tuple) and (len(latency) != 2 or latency[0] > latency[1]):
        raise ValueError(f"start_latency as a range is (low, high) with low <= high, not {latency!r}")
    return latency
