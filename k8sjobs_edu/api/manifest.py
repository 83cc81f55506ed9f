"""Job manifests in: YAML text, files or dicts → defaulted, validated ``Job`` objects.

The path of a manifest is the API server's: decode (safe YAML, strict field
and type check against the official schema), default (``SetDefaults_Job``, the
pod template's defaults, the generated selector and labels), validate
(``ValidateJob``). Every failure is a ``ManifestError`` worded as
``kubectl apply`` would print it.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import math
import os
import re
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import yaml

from .model import (CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL,
                    MAX_INT32, Job, JobStatus)
from .quantity import canonical_quantity
from .schema import check_types, decoding_error, quantity_text
from .serialize import job_spec_from_dict, job_status_from_dict, job_to_dict, parse_timestamp
from .validation.job import FieldError, ManifestError, invalid_job, validate_job, validate_job_update

__all__ = ["FieldError", "ManifestError", "assign_uid", "default_uid", "job_from_dict", "load_job", "load_jobs",
           "validate_update"]

MAX_MANIFEST_BYTES = 1 << 20  # kubectl's own limit is larger; no Job manifest comes near this
MAX_EXPANDED_NODES = 100_000  # YAML nodes after expanding aliases
MAX_EXPANDED_CHARACTERS = 10 << 20  # scalar text after expanding aliases
_UID_NAMESPACE = uuid.UUID("6f1b7c5e-0d3a-4a57-9a53-6b8f5f0c2a11")
_NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # upstream's utilrand alphabet
# Kinds a real cluster serves; anything else gets kubectl's "no matches for kind".
_OTHER_KINDS = {("v1", "Pod"), ("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "Namespace"),
                ("v1", "PersistentVolumeClaim"), ("v1", "ServiceAccount"), ("apps/v1", "Deployment"),
                ("apps/v1", "ReplicaSet"), ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"),
                ("batch/v1", "CronJob")}


# ---- entry points ------------------------------------------------------------------------

def load_job(source) -> Job:
    """The one Job in ``source``: a path, YAML text, or a dict (its ``status`` is ignored, as on create).

    Raises:
        ManifestError: the manifest is not one valid batch/v1 Job.
    """
    documents = _documents(source)
    if len(documents) != 1:
        raise _refused("Too many", f"the source holds {len(documents)} objects; load_job reads exactly one "
                                   "(use load_jobs for several)")
    return _decode(documents[0], keep_state=False)


def load_jobs(source) -> list[Job]:
    """Every Job in ``source`` (YAML documents separated by ``---``, or a ``kind: List``)."""
    return [_decode(document, keep_state=False) for document in _documents(source)]


def job_from_dict(d: dict) -> Job:
    """Like ``load_job(d)``, but keeps ``status`` and ``metadata.deletionTimestamp``."""
    return _decode(d, keep_state=True)


def default_uid(namespace: str, name: str) -> str:
    """The uid a Job loaded without a cluster gets: the same manifest always gives the same object."""
    return str(uuid.uuid5(_UID_NAMESPACE, f"{namespace}/{name}"))


def assign_uid(job: Job, uid: str) -> None:
    """Give ``job`` a new uid, and the generated labels and selector that carry it."""
    old = job.uid
    job.uid = uid
    if job.spec.manual_selector:
        return
    labels = (job.spec.template.setdefault("metadata", {})).setdefault("labels", {})
    for key in (CONTROLLER_UID_LABEL, LEGACY_CONTROLLER_UID_LABEL):
        if labels.get(key, old) == old:
            labels[key] = uid
        if job.labels.get(key) == old:
            job.labels[key] = uid
    match_labels = (job.spec.selector or {}).get("matchLabels") or {}
    if match_labels.get(CONTROLLER_UID_LABEL) == old:
        match_labels[CONTROLLER_UID_LABEL] = uid


def validate_update(old: Job, new: Job) -> None:
    """Reject an update that changes an immutable field, as ``kubectl apply`` on an existing Job would.

    ``new`` is compared as if it had ``old``'s uid: ``kubectl apply`` keeps the
    live object's generated selector and labels.

    Raises:
        ManifestError: ``Job.batch "pi" is invalid: spec.template: ...: field is immutable``.
    """
    candidate = copy.deepcopy(new)
    if candidate.uid != old.uid:
        assign_uid(candidate, old.uid)
    never_started = bool(old.spec.suspend) and old.status.start_time is None
    errors = validate_job_update(job_to_dict(candidate), job_to_dict(old), old_suspended_never_started=never_started)
    if errors:
        raise invalid_job(new.name, errors)


# ---- reading sources ---------------------------------------------------------------------

def _documents(source) -> list:
    """The non-empty documents of a source; a ``kind: List`` contributes its items."""
    if isinstance(source, dict):
        documents = [source]
    else:
        documents = _parse_yaml(_read_text(source))
    found = []
    for document in documents:
        if isinstance(document, dict) and document.get("kind") == "List" and document.get("apiVersion") == "v1":
            items = document.get("items")
            found.extend(item for item in (items if isinstance(items, list) else [items]) if item is not None)
        elif document is not None:  # kubectl skips empty documents
            found.append(document)
    if not found:
        raise _refused("Required value", "no objects passed to apply")
    return found


def _read_text(source) -> str:
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _names_a_file(source)):
        path = Path(source)
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                raise _too_big()
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as problem:
            if not path.exists():
                raise _refused("Not found", f'the path "{source}" does not exist') from None
            raise _refused("Invalid value", f"cannot read {source}: {problem}") from None
    if isinstance(source, bytes):
        source = source.decode("utf-8", errors="replace")
    if not isinstance(source, str):
        raise _refused("Invalid type", f"cannot read a manifest from a {type(source).__name__}: "
                                       "give a path, YAML text or a dict")
    return source


def _names_a_file(text: str) -> bool:
    return "\n" not in text and len(text) < 4096 and os.path.isfile(text)


def _refused(error_type: str, detail: str) -> ManifestError:
    """A ManifestError about the source as a whole (no field to blame)."""
    return ManifestError(detail, [FieldError("", error_type, detail)])


def _too_big() -> ManifestError:
    return _refused("Too long", f"the manifest is larger than {MAX_MANIFEST_BYTES} bytes; refusing to read it")


def _syntax_error(problem: yaml.YAMLError) -> ManifestError:
    mark = getattr(problem, "problem_mark", None) or getattr(problem, "context_mark", None)
    what = getattr(problem, "problem", None) or str(problem)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    detail = f"yaml: {where}{what}"
    return ManifestError(f"error converting YAML to JSON: {detail}", [FieldError("", "Syntax error", detail)])


def parse_yaml_documents(text: str) -> list:
    """The documents of a YAML stream with the loader's safety limits; ManifestError when refused."""
    return _parse_yaml(text)


def _parse_yaml(text: str) -> list:
    """Documents of a YAML stream, with ``yaml.SafeLoader`` only (tags never build Python objects).

    Each document is composed first and its size measured with aliases
    expanded, so an alias bomb is refused before anything is built.
    """
    if len(text.encode("utf-8", errors="replace")) > MAX_MANIFEST_BYTES:
        raise _too_big()
    _refuse_absurd_shapes(text)
    try:
        loader = yaml.SafeLoader(text)  # its reader already refuses unprintable characters
    except yaml.YAMLError as problem:
        raise _syntax_error(problem) from None
    documents = []
    try:
        while loader.check_node():
            node = loader.get_node()
            _measure(node, {}, set())
            documents.append(_construct(loader, node))
    except yaml.YAMLError as problem:
        raise _syntax_error(problem) from None
    except RecursionError:
        raise _refused("Invalid value", "the manifest is nested too deeply") from None
    finally:
        loader.dispose()
    return documents


MAX_FLOW_DEPTH = 100  # Job manifests nest a dozen levels; PyYAML recurses once per level


def _refuse_absurd_shapes(text: str) -> None:
    """Cheap scans that refuse what PyYAML would take seconds to compose (it is pure Python here)."""
    # Every YAML node but the first needs a comma or a line break before it.
    if text.count(",") + text.count("\n") > MAX_EXPANDED_NODES:
        raise _refused("Too long", f"the manifest has more than {MAX_EXPANDED_NODES} YAML nodes; refusing it")
    depth = 0
    for bracket in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        if depth > MAX_FLOW_DEPTH:
            raise _refused("Invalid value", "the manifest is nested too deeply")


def _construct(loader: yaml.SafeLoader, node):
    """Build a document; a scalar Python cannot hold (a date like 2025-02-30, a 5000-digit int) is an error."""
    try:
        return loader.construct_document(node)
    except (ValueError, OverflowError) as problem:
        culprit = _unconvertible_scalar(loader, node) or node
        raise yaml.MarkedYAMLError(problem=f"cannot convert a value: {problem}", problem_mark=culprit.start_mark) \
            from None


def _unconvertible_scalar(loader: yaml.SafeLoader, root):
    """The first scalar node whose own constructor fails (to point at its line)."""
    todo = [root]
    while todo:
        node = todo.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.yaml_constructors[node.tag](loader, node)
            except (ValueError, OverflowError, KeyError):
                return node
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        else:
            todo.extend(n for pair in node.value for n in pair)
    return None


def _measure(node, sizes: dict, active: set) -> tuple[int, int]:
    """(nodes, characters) of ``node`` with aliases expanded; refuses cycles and bombs."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in active:
        raise _refused("Invalid value", "the manifest refers to itself through a YAML alias")
    active.add(key)
    if isinstance(node, yaml.ScalarNode):
        nodes, characters = 1, len(node.value)
    else:
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        nodes, characters = 1, 0
        for child in children:
            child_nodes, child_characters = _measure(child, sizes, active)
            nodes, characters = nodes + child_nodes, characters + child_characters
            if nodes > MAX_EXPANDED_NODES or characters > MAX_EXPANDED_CHARACTERS:
                raise _refused("Too long", f"the manifest expands to more than {MAX_EXPANDED_NODES} YAML nodes "
                                           f"or {MAX_EXPANDED_CHARACTERS} characters (an alias bomb?); refusing it")
    active.discard(key)
    sizes[key] = (nodes, characters)
    return sizes[key]


def _json_like(value):
    """The value kubectl sends after converting YAML to JSON: string keys, no nulls in maps, plain types."""
    if isinstance(value, dict):
        return {_json_key(k): _json_like(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_json_like(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return {_json_key(k): None for k in value}
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        # JSON has one number type: 8.0 arrives as 8, which an integer field accepts.
        return int(value) if math.isfinite(value) and value.is_integer() and abs(value) < 1e21 else value
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset().total_seconds() == 0:
            return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return str(value)


def _json_key(key) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key if isinstance(key, str) else str(_json_like(key))


# ---- decoding -------------------------------------------------------------------------------

def _not_a_mapping(document) -> ManifestError:
    kinds = {list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    what = kinds.get(type(document), f"a {type(document).__name__}")
    if isinstance(document, str):
        what += f' ("{document[:60]}")' + (" and no file of that name exists" if "\n" not in document else "")
    detail = f"a manifest must be a YAML mapping with apiVersion, kind, metadata and spec; got {what}"
    return ManifestError(detail, [FieldError("", "Invalid type", detail)])


def _check_kind(document: dict) -> None:
    api_version, kind = document.get("apiVersion"), document.get("kind")
    missing = [name for name, value in (("apiVersion", api_version), ("kind", kind)) if value in (None, "")]
    if missing:
        errors = [FieldError(name, "Required value", f"{name} not set") for name in missing]
        listed = errors[0].detail if len(errors) == 1 else "[" + ", ".join(e.detail for e in errors) + "]"
        raise ManifestError(f"error validating data: {listed}", errors)
    if (api_version, kind) == ("batch/v1", "Job"):
        return
    if isinstance(api_version, str) and isinstance(kind, str) and (api_version, kind) in _OTHER_KINDS:
        detail = (f"this is a {kind} ({api_version}); the simulated cluster runs Jobs only "
                  "(apiVersion: batch/v1, kind: Job)")
    else:
        detail = f'no matches for kind "{kind}" in version "{api_version}"'
    raise ManifestError(detail, [FieldError("kind", "Invalid value", detail, str(kind))])


def _decode(document, keep_state: bool) -> Job:
    if not isinstance(document, dict):
        raise _not_a_mapping(document)
    try:
        document = _json_like(document)
        _check_kind(document)
        errors = check_types(document)
        if errors:
            raise decoding_error(errors)
        job = default_job(document)
        errors = validate_job(job)
        if errors:
            raise invalid_job(job["metadata"].get("name") or "", errors)
    except RecursionError:
        raise _refused("Invalid value", "the manifest is nested too deeply") from None
    return _to_model(job, document, keep_state)


def _to_model(job: dict, document: dict, keep_state: bool) -> Job:
    meta, spec = job["metadata"], job["spec"]
    labels = meta.get("labels") or ((spec["template"].get("metadata") or {}).get("labels") or {})
    created = meta.get("creationTimestamp")
    deleted = meta.get("deletionTimestamp") if keep_state else None
    return Job(
        name=meta["name"], namespace=meta["namespace"], uid=meta["uid"], spec=job_spec_from_dict(spec),
        status=job_status_from_dict(document.get("status") or {}) if keep_state else JobStatus(),
        created_at=0.0 if created is None else parse_timestamp(created),
        deleted_at=None if deleted is None else parse_timestamp(deleted),
        # When the Job has no labels the API server copies the template's (with the generated ones).
        labels=dict(labels), annotations=dict(meta.get("annotations") or {}),
        generation=meta.get("generation") or 1,
    )


# ---- defaulting ----------------------------------------------------------------------------

def _mapping(parent: dict, key: str) -> dict:
    """``parent[key]`` as a dict, created when missing."""
    value = parent.get(key)
    if not isinstance(value, dict):
        value = parent[key] = {}
    return value


def _generated_name(namespace: str, generate_name: str) -> str:
    """``generateName`` plus five characters, like upstream's SimpleNameGenerator, but deterministic."""
    digest = hashlib.sha256(f"{namespace}/{generate_name}".encode()).digest()
    return generate_name[:58] + "".join(_NAME_SUFFIX_ALPHABET[b % len(_NAME_SUFFIX_ALPHABET)] for b in digest[:5])


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
