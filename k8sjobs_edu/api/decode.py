"""Decoding a Job as the API server does: kind check, strict field and type check against the schema,
defaulting, validation (``ValidateJob``) -> the fields of a ``Job``. Failures are ``ManifestError``s worded
as ``kubectl apply`` prints them.
"""
from __future__ import annotations

from .defaults import default_job
from .schema import check_types, decoding_error
from .serialize import job_spec_from_dict, job_status_from_dict
from .timestamps import parse_timestamp
from .types import JobStatus
from .validation.errors import FieldError, ManifestError, invalid_job
from .validation.job import validate_job
from .yaml_input import json_like, refused

# Kinds a real cluster serves; anything else gets kubectl's "no matches for kind".
_OTHER_KINDS = {("v1", "Pod"), ("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "Namespace"),
                ("v1", "PersistentVolumeClaim"), ("v1", "ServiceAccount"), ("apps/v1", "Deployment"),
                ("apps/v1", "ReplicaSet"), ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"),
                ("batch/v1", "CronJob")}


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


def decode_job(document, keep_state: bool) -> dict:
    """The fields of a ``Job`` (``Job(**fields)``) for one decoded document, defaulted and validated."""
    if not isinstance(document, dict):
        raise _not_a_mapping(document)
    try:
        document = json_like(document)
        _check_kind(document)
        errors = check_types(document)
        if errors:
            raise decoding_error(errors)
        job = default_job(document)
        errors = validate_job(job)
        if errors:
            raise invalid_job(job["metadata"].get("name") or "", errors)
    except RecursionError:
        raise refused("Invalid value", "the manifest is nested too deeply") from None
    return _job_fields(job, document, keep_state)


def _job_fields(job: dict, document: dict, keep_state: bool) -> dict:
    meta, spec = job["metadata"], job["spec"]
    labels = meta.get("labels") or ((spec["template"].get("metadata") or {}).get("labels") or {})
    created = meta.get("creationTimestamp")
    deleted = meta.get("deletionTimestamp") if keep_state else None
    return dict(
        name=meta["name"], namespace=meta["namespace"], uid=meta["uid"], spec=job_spec_from_dict(spec),
        status=job_status_from_dict(document.get("status") or {}) if keep_state else JobStatus(),
        created_at=0.0 if created is None else parse_timestamp(created),
        deleted_at=None if deleted is None else parse_timestamp(deleted),
        # When the Job has no labels the API server copies the template's (with the generated ones).
        labels=dict(labels), annotations=dict(meta.get("annotations") or {}),
        generation=meta.get("generation") or 1,
    )
