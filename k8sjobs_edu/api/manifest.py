"""Job manifests in: ``load_job`` / ``load_jobs`` turn a path, YAML text or a dict into defaulted, validated
``Job`` objects, as the API server would store them; and the checks an update of a stored Job meets.
"""
from __future__ import annotations

import copy

from .decode import decode_job
from .model import Job
from .serialize import job_to_dict
from .validation.errors import invalid_job
from .validation.update import validate_job_update
from .wellknown import CONTROLLER_UID_LABEL, LEGACY_CONTROLLER_UID_LABEL
from .yaml_input import read_documents, refused


def load_job(source) -> Job:
    """The one Job in ``source``: a path, YAML text, or a dict (its ``status`` is ignored, as on create).

    Raises:
        ManifestError: the manifest is not one valid batch/v1 Job.
    """
    documents = read_documents(source)
    if len(documents) != 1:
        raise refused("Too many", f"the source holds {len(documents)} objects; load_job reads exactly one "
                                   "(use load_jobs for several)")
    return Job(**decode_job(documents[0], keep_state=False))


def load_jobs(source) -> list[Job]:
    """Every Job in ``source`` (YAML documents separated by ``---``, or a ``kind: List``)."""
    return [Job(**decode_job(document, keep_state=False)) for document in read_documents(source)]


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
