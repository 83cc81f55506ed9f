"""A hand-driven stand-in for ``Cluster``, for testing kubectl's text without the engine.

It offers the Cluster interface kubectl.py uses over objects the test builds;
``script`` is a list of ``(time, change)`` that ``step()`` plays in order.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from k8sjobs_edu.api.model import Job, Pod
from k8sjobs_edu.api.types import Condition, JobSpec, JobStatus, NotFound


@dataclass
class FieldError:
    field: str
    type: str
    detail: str
    body: str = ""

    def __str__(self) -> str:
        return f"{self.field}: {self.body or self.type + ': ' + self.detail}"


class ManifestError(ValueError):
    """Shaped like manifest.ManifestError: ``.errors`` and Kubernetes' wording."""

    def __init__(self, name: str, errors: list[FieldError]):
        self.errors = errors
        joined = str(errors[0]) if len(errors) == 1 else "[" + ", ".join(map(str, errors)) + "]"
        super().__init__(f'Job.batch "{name}" is invalid: {joined}')


class AlreadyExists(ValueError):
    pass


@dataclass
class FakeCluster:
    jobs_: list = field(default_factory=list)
    pods_: list = field(default_factory=list)
    events_: list = field(default_factory=list)
    now: float = 0.0
    kubectl_version: str = "1.34"
    script: list = field(default_factory=list)
    reject: Exception | None = None  # raised by apply/create/patch when set
    calls: list = field(default_factory=list)

    def jobs(self) -> list[Job]:
        return list(self.jobs_)

    def get_job(self, name: str) -> Job:
        for job in self.jobs_:
            if job.name == name:
                return job
        raise NotFound(f'jobs.batch "{name}" not found')

    def pods(self, job: str | None = None) -> list[Pod]:
        return [p for p in self.pods_ if job is None or p.job_name == job]

    @property
    def events(self):
        return list(self.events_)

    def apply(self, source) -> Job:
        self.calls.append(("apply", copy.deepcopy(source)))
        if self.reject is not None:
            raise self.reject
        new = job_from_manifest(source, self.now)
        for job in self.jobs_:
            if job.name == new.name:
                job.spec.parallelism = new.spec.parallelism
                job.spec.suspend = new.spec.suspend
                job.annotations = new.annotations
                return job
        self.jobs_.append(new)
        return new

    def create(self, source) -> Job:
        self.calls.append(("create", copy.deepcopy(source)))
        if self.reject is not None:
            raise self.reject
        new = job_from_manifest(source, self.now)
        if any(job.name == new.name for job in self.jobs_):
            raise AlreadyExists(f'jobs.batch "{new.name}" already exists')
        self.jobs_.append(new)
        return new

    def patch(self, name: str, patch: dict) -> Job:
        self.calls.append(("patch", name, patch))
        job = self.get_job(name)
        if self.reject is not None:
            raise self.reject
        spec = patch.get("spec", {})
        if "suspend" in spec:
            job.spec.suspend = spec["suspend"]
        if "parallelism" in spec:
            job.spec.parallelism = spec["parallelism"]
        return job

    def delete(self, name: str, propagation: str = "Background") -> None:
        self.calls.append(("delete", name, propagation))
        job = self.get_job(name)
        if propagation == "Foreground":
            job.deleted_at = self.now
            self.script.append((self.now + 30, lambda c: c.jobs_.remove(job)))
            self.script.sort(key=lambda item: item[0])
        else:
            self.jobs_.remove(job)

    def delete_pod(self, name: str) -> None:
        self.calls.append(("delete_pod", name))
        pod = next(p for p in self.pods_ if p.name == name)
        pod.deleted_at = self.now
        self.script.append((self.now + 30, lambda c: c.pods_.remove(pod)))
        self.script.sort(key=lambda item: item[0])

    def next_time(self) -> float | None:
        return self.script[0][0] if self.script else None

    def run(self, until: float | None = None) -> None:
        while self.script and (until is None or self.script[0][0] <= until):
            self.step()
        if until is not None:
            self.now = max(self.now, until)

    def step(self) -> float | None:
        if not self.script:
            return None
        moment = self.script[0][0]
        self.now = moment
        while self.script and self.script[0][0] == moment:
            self.script.pop(0)[1](self)
        return moment

    def wait_for(self, name: str, condition_type: str, timeout: float) -> bool:
        self.calls.append(("wait_for", name, condition_type, timeout))
        deadline = self.now + timeout
        while True:
            job = next((j for j in self.jobs_ if j.name == name), None)
            if job is not None and job.status.has_true(condition_type):
                return True
            if not self.script or self.script[0][0] > deadline:
                self.now = max(self.now, deadline)
                return False
            self.step()


def job_from_manifest(source, now: float) -> Job:
    """Enough of defaulting to build a Job from a manifest dict."""
    if isinstance(source, Job):
        return source
    metadata, spec = source.get("metadata") or {}, source.get("spec") or {}
    return Job(name=metadata["name"], created_at=now, labels=dict(metadata.get("labels") or {}),
               annotations=dict(metadata.get("annotations") or {}),
               spec=JobSpec(template=spec.get("template") or {}, completions=spec.get("completions", 1),
                            parallelism=spec.get("parallelism", 1), suspend=spec.get("suspend", False)))


def make_job(name: str = "pi", *, created_at: float = 0.0, start: float | None = None,
             completion: float | None = None, conditions: tuple = (), completions: int | None = 1,
             parallelism: int = 1, succeeded: int = 0, deleted_at: float | None = None,
             labels: dict | None = None, selector: dict | None = None, template: dict | None = None,
             **status) -> Job:
    """A Job in a given state; conditions are ``"Type"`` or ``("Type", "False")``."""
    conds = [Condition(c) if isinstance(c, str) else Condition(c[0], c[1]) for c in conditions]
    return Job(name=name, created_at=created_at, deleted_at=deleted_at, labels=labels or {},
               spec=JobSpec(template=template or {"spec": {"containers": [{"name": name, "image": "perl"}]}},
                            completions=completions, parallelism=parallelism, selector=selector),
               status=JobStatus(start_time=start, completion_time=completion, conditions=conds,
                                succeeded=succeeded, **status))


def make_pod(name: str, *, created_at: float = 0.0, phase: str = "Running", ready: bool = False,
             node: str | None = "node-1", **fields) -> Pod:
    return Pod(name=name, created_at=created_at, phase=phase, ready=ready, node_name=node, **fields)
