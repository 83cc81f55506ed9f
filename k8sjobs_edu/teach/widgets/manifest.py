"""The playground's manifest: settings → a real Job manifest, and a Job → the settings it has.

Only Job fields go into the manifest (so it can be pasted into a real
cluster). How long containers run, how often they fail and how long pods take
to start are the simulator's business, not the manifest's.
"""
from __future__ import annotations

import copy
import os

import yaml

from ...api.model import Job
from ...api.wellknown import CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL

NON_PARALLEL, FIXED, INDEXED, WORK_QUEUE = "Non-parallel", "Fixed completions", "Indexed", "Work queue"
MODES = (NON_PARALLEL, FIXED, INDEXED, WORK_QUEUE)
RESTART_POLICIES = ("Never", "OnFailure", "Always")  # Always is offered to show the API server's refusal
_SPEC_ORDER = ("completions", "parallelism", "completionMode", "backoffLimit")
_GENERATED_LABELS = (CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL)


def new_manifest(name: str = "myjob", *, mode: str = FIXED, completions: int = 4, parallelism: int = 2,
                 backoff_limit: int = 6, restart_policy: str = "Never", run_time: float = 10.0) -> dict:
    """A Job manifest from the playground's settings (the container sleeps ``run_time`` seconds)."""
    document = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {
            "template": {"spec": {
                "containers": [{"name": "work", "image": "busybox:1.36",
                                "command": ["sh", "-c", f"sleep {run_time:g}"]}],
                "restartPolicy": restart_policy,
            }},
        },
    }
    return with_settings(document, mode=mode, completions=completions, parallelism=parallelism,
                         backoff_limit=backoff_limit)


def with_settings(document: dict, *, mode: str | None = None, completions: int | None = None,
                  parallelism: int | None = None, backoff_limit: int | None = None,
                  restart_policy: str | None = None) -> dict:
    """A copy of ``document`` with the given settings changed; everything else is kept.

    ``mode`` decides which of ``completions``, ``parallelism`` and ``completionMode``
    are written: a non-parallel Job leaves completions and parallelism unset (both
    default to 1), a work queue leaves completions unset.
    """
    document = copy.deepcopy(document)
    spec = document.setdefault("spec", {})
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == NON_PARALLEL:
        for key in ("completions", "parallelism", "completionMode"):
            spec.pop(key, None)
    elif mode == WORK_QUEUE:
        spec.pop("completions", None)
        spec.pop("completionMode", None)
    elif mode == FIXED:
        spec.pop("completionMode", None)
    elif mode == INDEXED:
        spec["completionMode"] = "Indexed"
    counted = mode in (FIXED, INDEXED) or (mode is None and "completions" in spec)
    if completions is not None and counted:
        spec["completions"] = completions
    if parallelism is not None and mode != NON_PARALLEL:
        spec["parallelism"] = parallelism
    if backoff_limit is not None:
        spec["backoffLimit"] = backoff_limit
    if restart_policy is not None:
        pod_spec = spec.setdefault("template", {}).setdefault("spec", {})
        pod_spec["restartPolicy"] = restart_policy
    document["spec"] = _ordered(spec)
    return document


def mode_of(job: Job, document: dict) -> str:
    """Which of ``MODES`` a loaded Job is (``document``: the manifest it was loaded from)."""
    if job.spec.completion_mode == "Indexed":
        return INDEXED
    if job.spec.completions is None:
        return WORK_QUEUE
    spec = document.get("spec") or {}
    if "completions" not in spec and "parallelism" not in spec:
        return NON_PARALLEL
    return FIXED


def manifest_text(document: dict) -> str:
    """The manifest as YAML, keys in the order people write them."""
    return yaml.safe_dump(document, sort_keys=False, default_flow_style=False, allow_unicode=True)


def parse_manifest(text: str) -> dict:
    """The mapping in valid manifest text (call only after ``load_job`` accepted it)."""
    return yaml.safe_load(text)


def manifest_source_text(manifest) -> str:
    """Editor text for what ``JobPlayground(manifest=...)`` was given: YAML text, a path, a dict or a Job."""
    if isinstance(manifest, Job):
        return manifest_text(clean_manifest(manifest.to_dict()))
    if isinstance(manifest, dict):
        return manifest_text(manifest)
    if isinstance(manifest, os.PathLike) or (isinstance(manifest, str) and "\n" not in manifest
                                               and os.path.isfile(manifest)):
        with open(manifest, encoding="utf-8") as file:
            return file.read()
    if isinstance(manifest, str):
        return manifest
    raise TypeError(f"manifest must be YAML text, a path, a dict or a Job, not {type(manifest).__name__}")


def clean_manifest(document: dict) -> dict:
    """What a person would apply: no status, uid, generated selector or labels the API server adds."""
    document = copy.deepcopy(document)
    document.pop("status", None)
    metadata = document.get("metadata") or {}
    document["metadata"] = {key: metadata[key] for key in ("name", "namespace", "labels", "annotations")
                            if metadata.get(key)}
    if document["metadata"].get("namespace") == "default":
        del document["metadata"]["namespace"]
    _drop_generated(document["metadata"])
    spec = document.get("spec") or {}
    if not spec.get("manualSelector"):
        spec.pop("selector", None)
        spec.pop("manualSelector", None)
    template_metadata = (spec.get("template") or {}).get("metadata")
    if template_metadata is not None:
        _drop_generated(template_metadata)
        if not template_metadata:
            del spec["template"]["metadata"]
    return document


def _drop_generated(metadata: dict) -> None:
    labels = {key: value for key, value in (metadata.get("labels") or {}).items() if key not in _GENERATED_LABELS}
    if labels:
        metadata["labels"] = labels
    else:
        metadata.pop("labels", None)


def _ordered(spec: dict) -> dict:
    """The counting fields first, the pod template last."""
    first = {key: spec[key] for key in _SPEC_ORDER if key in spec}
    rest = {key: value for key, value in spec.items() if key not in first and key != "template"}
    template = {"template": spec["template"]} if "template" in spec else {}
    return {**first, **rest, **template}
