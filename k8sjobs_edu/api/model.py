"""The objects of the simulated cluster: Job, Pod, Event and their parts.

Attribute names are the snake_case form of the Kubernetes API field names;
enum values, condition types and reasons are the literal API strings. Times
are virtual seconds since the cluster started (``to_timestamp`` turns them
into the RFC 3339 strings that Kubernetes prints).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

KUBERNETES_VERSION = "1.34"
EPOCH = datetime(2025, 1, 1, 0, 0, 0, tzinfo=timezone.utc)

# Well-known names, as upstream spells them (k8s.io/api/batch/v1).
JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid"
JOB_NAME_LABEL = "batch.kubernetes.io/job-name"
LEGACY_CONTROLLER_UID_LABEL = "controller-uid"
LEGACY_JOB_NAME_LABEL = "job-name"
JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
JOB_INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count"
JOB_INDEX_IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count"
JOB_CONTROLLER_NAME = "kubernetes.io/job-controller"
MAX_INT32 = 2147483647


def to_timestamp(t: float) -> str:
    """Virtual seconds → RFC 3339 with whole seconds, as the API serialises times."""
    moment = EPOCH + timedelta(seconds=int(t // 1))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_time(stamp: str) -> float:
    """RFC 3339 string (``2025-01-01T00:02:14Z``, fractions allowed) → virtual seconds since ``EPOCH``."""
    whole, _, rest = stamp.strip().partition(".")
    fraction = ""
    if rest:  # Python 3.10's fromisoformat takes only 3 or 6 fraction digits: split them off
        digits = len(rest) - len(rest.lstrip("0123456789"))
        fraction, whole = rest[:digits], whole + rest[digits:]
    moment = datetime.fromisoformat(whole.replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    seconds = (moment - EPOCH).total_seconds()
    return seconds + (float("0." + fraction) if fraction else 0.0)


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


@dataclass
class Job:
    """A batch/v1 Job: metadata, defaulted spec and status."""

    name: str
    spec: JobSpec
    status: JobStatus = field(default_factory=JobStatus)
    namespace: str = "default"
    uid: str = ""
    created_at: float = 0.0
    deleted_at: float | None = None
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)
    generation: int = 1

    @classmethod
    def from_dict(cls, d: dict) -> Job:
        """Defaulted and validated Job from a dict; keeps ``status`` and ``deletionTimestamp``."""
        from .manifest import job_from_dict

        return job_from_dict(d)

    def to_dict(self) -> dict:
        """The object as ``kubectl get job NAME -o yaml`` shows it."""
        from .serialize import job_to_dict

        return job_to_dict(self)

    def to_yaml(self) -> str:
        from .serialize import to_yaml

        return to_yaml(self.to_dict())

    def is_finished(self) -> bool:
        return self.status.is_finished()

    def __repr__(self) -> str:
        target = self.spec.completions if self.spec.completions is not None else "1"
        return (f"Job {self.name} {self.status.succeeded}/{target} "
                f"active={self.status.active} failed={self.status.failed}"
                f"{' ' + last_condition(self.status) if self.status.conditions else ''}")


def last_condition(status: JobStatus) -> str:
    true = [c.type for c in status.conditions if c.status == "True"]
    return true[-1] if true else ""


@dataclass(slots=True, eq=False)
class Pod:
    """A pod of a Job, reduced to what the Job controller, kubelet and kubectl read.

    ``labels`` and ``annotations`` may be shared between pods of one Job:
    treat them as read-only. ``exit_code`` is the exit code of the container
    that ended the pod (``failed_container``, or the first container when
    None); ``restarts`` sums container restarts.
    """

    name: str
    job_name: str = ""
    index: int | None = None
    phase: str = "Pending"
    created_at: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None
    deleted_at: float | None = None
    exit_code: int | None = None
    restarts: int = 0
    ready: bool = False
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)
    finalizers: tuple = (JOB_TRACKING_FINALIZER,)
    conditions: tuple = ()
    attempt: int = 0
    logs: str = ""
    namespace: str = "default"
    containers: tuple = ("main",)
    init_containers: tuple = ()
    failed_container: str | None = None
    restart_policy: str = "Never"
    hostname: str | None = None
    node_name: str | None = None
    ip: str | None = None
    waiting_reason: str | None = None
    ready_at: float | None = None
    last_terminated_at: float | None = None
    grace_period_seconds: float = 30
    owner_uid: str | None = None
    reason: str | None = None  # status.reason, e.g. "DeadlineExceeded" when the pod's own deadline passed

    @classmethod
    def from_dict(cls, d: dict) -> Pod:
        from .serialize import pod_from_dict

        return pod_from_dict(d)

    def to_dict(self) -> dict:
        from .serialize import pod_to_dict

        return pod_to_dict(self)

    @property
    def is_finished(self) -> bool:
        return self.phase == "Succeeded" or self.phase == "Failed"

    @property
    def is_tracked(self) -> bool:
        return JOB_TRACKING_FINALIZER in self.finalizers

    def has_condition(self, type_: str, status: str = "True") -> bool:
        return any(c.type == type_ and c.status == status for c in self.conditions)

    def copy(self) -> Pod:
        return Pod(**{name: getattr(self, name) for name in self.__dataclass_fields__})

    def __repr__(self) -> str:
        extra = " Terminating" if self.deleted_at is not None and not self.is_finished else ""
        return f"Pod {self.name} {self.phase}{extra}"


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
