"""``kubectl patch job``: strategic, merge and JSON patches of a Job's mutable fields."""
from __future__ import annotations

import copy
import json

import yaml

from .apply import invalid_text
from .common import SIMULATOR, KubectlError, find_job, job_state, kind_of, resource_and_names, usage_error


def patch_command(cluster, args: list[str], flags: dict) -> str:
    resource, names = resource_and_names("patch", args)
    if not resource or not names:
        raise usage_error("patch", "resource(s) were provided, but no name was specified" if resource
                          else "Required resource not specified.")
    if kind_of(resource) != "jobs":
        raise KubectlError(f'error: {SIMULATOR} patches Jobs only, not "{resource}"')
    if "patch" not in flags:
        raise KubectlError("error: must specify --patch or --patch-file containing the contents of the patch")
    patch_type = flags.get("type", "strategic")
    if patch_type not in ("json", "merge", "strategic"):
        raise KubectlError(f'error: --type must be one of [json merge strategic], not "{patch_type}"')
    patch = _parse_patch(flags["patch"])
    out = []
    for name in names:
        job = find_job(cluster, name, flags)
        before = job_state(job)
        merge_patch = json_patch_to_merge_patch(job.to_dict(), patch) if patch_type == "json" else patch
        try:
            job = cluster.patch(name, merge_patch)
        except ValueError as err:
            raise KubectlError(invalid_text(name, getattr(err, "errors", None) or [], err))
        unchanged = job_state(job) == before
        out.append(f"job.batch/{name} patched{' (no change)' if unchanged else ''}\n")
    return "".join(out)


def _parse_patch(text: str):
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        problem = getattr(err, "problem", None) or str(err)
        raise KubectlError(f'error: unable to parse "{text}": yaml: {problem}')


def json_patch_to_merge_patch(document: dict, operations: list) -> dict:
    """Apply RFC 6902 operations, then express the result as an RFC 7386 merge patch."""
    patched = copy.deepcopy(document)
    for operation in operations:
        parts = [p.replace("~1", "/").replace("~0", "~") for p in operation.get("path", "").split("/")[1:]]
        parent = patched
        for part in parts[:-1]:
            parent = parent[int(part)] if isinstance(parent, list) else parent.setdefault(part, {})
        last = parts[-1]
        op = operation.get("op")
        if op in ("add", "replace"):
            if isinstance(parent, list):
                index = len(parent) if last == "-" else int(last)
                parent.insert(index, operation["value"]) if op == "add" else parent.__setitem__(index,
                                                                                             operation["value"])
            else:
                parent[last] = operation["value"]
        elif op == "remove":
            parent.pop(int(last) if isinstance(parent, list) else last)
        else:
            raise KubectlError(f'error: Unexpected kind: {op}')
    return _merge_diff(document, patched)


def _merge_diff(before: dict, after: dict) -> dict:
    diff = {}
    for key in before.keys() | after.keys():
        if key not in after:
            diff[key] = None
        elif isinstance(before.get(key), dict) and isinstance(after[key], dict):
            inner = _merge_diff(before[key], after[key])
            if inner:
                diff[key] = inner
        elif before.get(key) != after[key]:
            diff[key] = after[key]
    return diff
