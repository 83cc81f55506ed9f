"""The API types of batch/v1 and core/v1 that Jobs use: conditions, the Job's spec parts, spec and status,
and events (k8s.io/api/batch/v1/types.go, reduced to what the simulator models).

Attribute names are the snake_case form of the API field names; enum values,
condition types and reasons are the literal API strings. Times are virtual
seconds since the cluster started.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Condition:
    """A Job or Pod condition (JobCondition / PodCondition)."""

    type: str
    status: str = "True"
    reason: str = ""
    message: str = ""
    last_transition_time: float = 0.0

    def __repr__(self) -> str:
        reason = f" {self.reason}" if self.reason else ""
        return f"Condition({self.type}={self.status}{reason} @{self.last_transition_time:g}s)"


# ---- spec parts -----------------------------------------------------------


@dataclass
class OnExitCodes:
    """podFailurePolicy.rules[].onExitCodes."""

    operator: str
    values: list[int]
    container_name: str | None = None


@dataclass
class OnPodCondition:
    """podFailurePolicy.rules[].onPodConditions[] (status defaults to "True")."""

    type: str
    status: str = "True"


@dataclass
class PodFailurePolicyRule:
    """One rule: an action and exactly one of on_exit_codes / on_pod_conditions."""

    action: str
    on_exit_codes: OnExitCodes | None = None
    on_pod_conditions: list[OnPodCondition] = field(default_factory=list)


@dataclass
class PodFailurePolicy:
    rules: list[PodFailurePolicyRule] = field(default_factory=list)


@dataclass
class SuccessPolicyRule:
    """successPolicy.rules[]: succeeded_indexes in range format ("0,2-3"), and/or a count."""

    succeeded_indexes: str | None = None
    succeeded_count: int | None = None


@dataclass
class SuccessPolicy:
    rules: list[SuccessPolicyRule] = field(default_factory=list)


@dataclass
class JobSpec:
    """batch/v1 JobSpec after API-server defaulting.

    ``template`` is the pod template in API shape (a dict with ``metadata``
    and ``spec``); ``completions`` None means a work-queue Job.
    """

    template: dict
    completions: int | None = 1
    parallelism: int = 1
    completion_mode: str = "NonIndexed"
    backoff_limit: int = 6
    backoff_limit_per_index: int | None = None
    max_failed_indexes: int | None = None
    active_deadline_seconds: int | None = None
    ttl_seconds_after_finished: int | None = None
    suspend: bool = False
    pod_failure_policy: PodFailurePolicy | None = None
    success_policy: SuccessPolicy | None = None
    pod_replacement_policy: str = "TerminatingOrFailed"
    managed_by: str | None = None
    selector: dict | None = None
    manual_selector: bool | None = None

    @property
    def pod_spec(self) -> dict:
        return self.template.get("spec") or {}

    @property
    def restart_policy(self) -> str:
        return self.pod_spec.get("restartPolicy", "Always")

    @property
    def container_names(self) -> tuple[str, ...]:
        return tuple(c.get("name", "") for c in self.pod_spec.get("containers") or ())

    @property
    def init_container_names(self) -> tuple[str, ...]:
        return tuple(c.get("name", "") for c in self.pod_spec.get("initContainers") or ())

    @property
    def is_indexed(self) -> bool:
        return self.completion_mode == "Indexed"


@dataclass
class JobStatus:
    """batch/v1 JobStatus. Counters are cumulative; indexes use the range format."""

    active: int = 0
    ready: int = 0
    succeeded: int = 0
    failed: int = 0
    terminating: int = 0
    completed_indexes: str = ""
    failed_indexes: str | None = None
    conditions: list[Condition] = field(default_factory=list)
    start_time: float | None = None
    completion_time: float | None = None

    def condition(self, type_: str) -> Condition | None:
        """The first condition of this type, as kubectl's printer reads it."""
        for cond in self.conditions:
            if cond.type == type_:
                return cond
        return None

    def has_true(self, type_: str) -> bool:
        return any(c.type == type_ and c.status == "True" for c in self.conditions)

    def is_finished(self) -> bool:
        """Complete=True or Failed=True: the controller never touches the Job again."""
        return self.has_true("Complete") or self.has_true("Failed")

    def copy(self) -> JobStatus:
        clone = JobStatus(**{k: getattr(self, k) for k in self.__dataclass_fields__})
        clone.conditions = [Condition(c.type, c.status, c.reason, c.message, c.last_transition_time)
                            for c in self.conditions]
        return clone


def last_condition(status: JobStatus) -> str:
    true = [c.type for c in status.conditions if c.status == "True"]
    return true[-1] if true else ""


@dataclass(slots=True)
class Event:
    """A Kubernetes Event, reduced to what ``kubectl get events`` / ``describe`` show."""

    time: float
    type: str
    reason: str
    object: str
    message: str
    source: str = "job-controller"
    object_uid: str = ""  # involvedObject.uid: tells a Job from an earlier one of the same name

    def __repr__(self) -> str:
        return f"Event {self.time:g}s {self.type} {self.reason} {self.object}: {self.message}"


class NotFound(KeyError):
    """Raised by ``Cluster.get_job`` for a Job that does not exist."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"
