"""The two objects the cluster stores and the controller reads: ``Job`` and ``Pod``.

Their parts (spec, status, conditions, events) are in ``types``; ``from_dict``
and ``to_dict`` convert to and from Kubernetes' JSON shape through ``decode``
(defaulting and validation) and ``serialize``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .decode import decode_job
from .go_yaml import to_yaml
from .serialize import job_to_dict
from .serialize_pod import pod_fields, pod_to_dict
from .types import JobSpec, JobStatus, last_condition
from .wellknown import JOB_TRACKING_FINALIZER


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
        return cls(**decode_job(d, keep_state=True))

    def to_dict(self) -> dict:
        """The object as ``kubectl get job NAME -o yaml`` shows it."""
        return job_to_dict(self)

    def to_yaml(self) -> str:
        return to_yaml(self.to_dict())

    def is_finished(self) -> bool:
        return self.status.is_finished()

    def __repr__(self) -> str:
        target = self.spec.completions if self.spec.completions is not None else "1"
        return (f"Job {self.name} {self.status.succeeded}/{target} "
                f"active={self.status.active} failed={self.status.failed}"
                f"{' ' + last_condition(self.status) if self.status.conditions else ''}")


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
        return cls(**pod_fields(d))

    def to_dict(self) -> dict:
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
