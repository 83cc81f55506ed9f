"""The API server's defaults for a decoded Job: ``SetDefaults_Job``, the pod template's defaults, and on
create the registry's name generation and generated selector (pkg/registry/batch/job/strategy.go).
"""
from __future__ import annotations

import copy
import hashlib
import uuid

from .quantity import canonical_quantity
from .schema import quantity_text
from .wellknown import (CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL,
                        MAX_GENERATED_NAME_LENGTH, MAX_INT32, NAME_ALPHABET)

_UID_NAMESPACE = uuid.UUID("6f1b7c5e-0d3a-4a57-9a53-6b8f5f0c2a11")


def default_uid(namespace: str, name: str) -> str:
    """The uid a Job loaded without a cluster gets: the same manifest always gives the same object."""
    return str(uuid.uuid5(_UID_NAMESPACE, f"{namespace}/{name}"))


def _mapping(parent: dict, key: str) -> dict:
    """``parent[key]`` as a dict, created when missing."""
    value = parent.get(key)
    if not isinstance(value, dict):
        value = parent[key] = {}
    return value


def _generated_name(namespace: str, generate_name: str) -> str:
    """``generateName`` plus five characters, like upstream's SimpleNameGenerator, but deterministic."""
    digest = hashlib.sha256(f"{namespace}/{generate_name}".encode()).digest()
    return generate_name[:MAX_GENERATED_NAME_LENGTH] + "".join(NAME_ALPHABET[b % len(NAME_ALPHABET)] for b in digest[:5])


def default_job(document: dict) -> dict:
    """The API server's defaults for a decoded Job (a new dict; ``document`` is not changed).

    ``SetDefaults_Job`` (pkg/apis/batch/v1/defaults.go), the pod template's
    defaults (``SetDefaults_PodSpec`` / ``SetDefaults_Container``) and, on
    create, the registry's name generation and generated selector
    (pkg/registry/batch/job/strategy.go).
    """
    job = copy.deepcopy(document)
    job.pop("status", None)
    meta, spec = _mapping(job, "metadata"), _mapping(job, "spec")
    meta["namespace"] = meta.get("namespace") or "default"
    if not meta.get("name") and meta.get("generateName"):
        meta["name"] = _generated_name(meta["namespace"], meta["generateName"])
    meta["uid"] = meta.get("uid") or default_uid(meta["namespace"], meta.get("name") or "")
    meta["generation"] = meta.get("generation", 1)
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", MAX_INT32 if spec.get("backoffLimitPerIndex") is not None else 6)
    template = _mapping(spec, "template")
    template_meta = _mapping(template, "metadata")
    # Upstream copies the template's label map *itself* when the Job has no labels, so the
    # generated labels added below show up on the Job too (and are validated there).
    if not meta.get("labels") and template_meta.get("labels") is not None:
        meta["labels"] = template_meta["labels"]
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    failure_policy = spec.get("podFailurePolicy")
    if failure_policy is not None:
        for rule in failure_policy.get("rules") or []:
            for pattern in (rule or {}).get("onPodConditions") or []:
                if isinstance(pattern, dict) and not pattern.get("status"):
                    pattern["status"] = "True"
    spec.setdefault("podReplacementPolicy", "Failed" if failure_policy is not None else "TerminatingOrFailed")
    spec.setdefault("manualSelector", False)
    _default_pod_spec(_mapping(template, "spec"))
    if not spec["manualSelector"]:
        _generate_selector(spec, template_meta, meta.get("name") or "", meta["uid"])
    return job


def _default_pod_spec(pod_spec: dict) -> None:
    """The pod-level defaults ``kubectl get job -o yaml`` shows in the template."""
    for key, value in (("dnsPolicy", "ClusterFirst"), ("restartPolicy", "Always"),
                       ("schedulerName", "default-scheduler")):
        pod_spec[key] = pod_spec.get(key) or value
    pod_spec.setdefault("securityContext", {})
    pod_spec.setdefault("terminationGracePeriodSeconds", 30)
    for key in ("containers", "initContainers"):
        if key in pod_spec:
            pod_spec[key] = [_default_container(c if isinstance(c, dict) else {}) for c in pod_spec[key]]
    for volume in pod_spec.get("volumes") or []:
        empty_dir = volume.get("emptyDir") if isinstance(volume, dict) else None
        if isinstance(empty_dir, dict) and empty_dir.get("sizeLimit") is not None:
            empty_dir["sizeLimit"] = _stored_quantity(empty_dir["sizeLimit"])


def _default_container(container: dict) -> dict:
    if not container.get("imagePullPolicy"):
        container["imagePullPolicy"] = "Always" if _image_tag(container.get("image") or "") == "latest" \
            else "IfNotPresent"
    container["terminationMessagePath"] = container.get("terminationMessagePath") or "/dev/termination-log"
    container["terminationMessagePolicy"] = container.get("terminationMessagePolicy") or "File"
    resources = container.setdefault("resources", {})  # a struct in Go, so always printed
    for key in ("limits", "requests"):
        if isinstance(resources.get(key), dict):
            resources[key] = {name: _stored_quantity(value) for name, value in resources[key].items()}
    for key in ("command", "args"):
        if key in container:
            container[key] = ["" if part is None else part for part in container[key]]
    return container


def _stored_quantity(value) -> str:
    """A decoded quantity as the API server stores it: ``Quantity.String()`` (``0.5`` → ``500m``, ``1`` → ``"1"``)."""
    return canonical_quantity(quantity_text(value))


def _image_tag(image: str) -> str:
    """The tag upstream's ``parsers.ParseImageName`` finds: ``latest`` when there is neither tag nor digest."""
    if not image or image != image.strip() or any(ch.isupper() for ch in image.split("@")[0].rsplit(":", 1)[0]):
        return ""  # not a valid reference: upstream ignores the parse error, so no tag
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.partition(":")[2]
    return tag or ("" if digest else "latest")


def _generate_selector(spec: dict, template_meta: dict, name: str, uid: str) -> None:
    """Upstream ``generateSelector``: labels the pods and selects them by the Job's uid.

    Labels the user set are kept (a conflicting value then fails validation).
    """
    labels = _mapping(template_meta, "labels")
    for key in (LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL):
        labels.setdefault(key, name)
    for key in (LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL):
        labels.setdefault(key, uid)
    selector = _mapping(spec, "selector")
    _mapping(selector, "matchLabels").setdefault(CONTROLLER_UID_LABEL, uid)
