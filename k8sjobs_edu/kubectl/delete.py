"""``kubectl delete``: Jobs with a cascade policy, pods after their grace period."""
from __future__ import annotations

from ..api.types import NotFound
from .apply import read_manifests
from .common import (MISSING_RESOURCES, SIMULATOR, KubectlError, existing_job, find_job, find_pod, kind_of, list_jobs,
                     namespace_of, resource_and_names, run_until, usage_error)
from .printers import views


def delete_command(cluster, args: list[str], flags: dict) -> str:
    resource, names = resource_and_names("delete", args)
    if "filename" in flags:
        resource = "jobs"
        names = [(doc.get("metadata") or {}).get("name", "") for _, doc in read_manifests(flags["filename"])]
    if not resource:
        raise usage_error("delete", MISSING_RESOURCES)
    kind = kind_of(resource)
    propagation, warning = _cascade(flags.get("cascade", "background"))
    if kind == "pods":
        return warning + "".join(_delete_pod(cluster, name, flags) for name in names)
    if kind != "jobs":
        raise KubectlError(f'error: {SIMULATOR} deletes Jobs and Pods only, not "{resource}"')
    if not names:
        if not flags.get("all") and "selector" not in flags:
            raise KubectlError("error: resource(s) were provided, but no name was specified")
        names = [j.name for j in sorted(list_jobs(cluster, flags), key=lambda j: j.name)]
        if not names:
            return warning + views.no_resources(namespace_of(flags))
    out, errors = [warning], []
    for name in names:
        try:
            find_job(cluster, name, flags)
        except NotFound as err:
            if not flags.get("ignore-not-found"):
                errors.append(f"Error from server (NotFound): {err}\n")
            continue
        cluster.delete(name, propagation=propagation)
        out.append(_deleted_line("job.batch", name, cluster.kubectl_version, namespace_of(flags)))
        if flags.get("wait", True):
            run_until(cluster, lambda: existing_job(cluster, name) is None)
    return "".join(out + errors)


def _delete_pod(cluster, name: str, flags: dict) -> str:
    find_pod(cluster, name, flags)
    cluster.delete_pod(name)
    if flags.get("wait", True):
        run_until(cluster, lambda: all(p.name != name for p in cluster.pods()))
    return _deleted_line("pod", name, cluster.kubectl_version, namespace_of(flags))


def _deleted_line(resource: str, name: str, kubectl_version: str, namespace: str) -> str:
    """``job.batch "pi" deleted``; kubectl 1.34 adds ``from <ns> namespace`` (#126619)."""
    if views.version_tuple(kubectl_version) >= (1, 34):
        return f'{resource} "{name}" deleted from {namespace} namespace\n'
    return f'{resource} "{name}" deleted\n'


def _cascade(value: str) -> tuple[str, str]:
    """GetCascadingStrategy: the propagation policy and any deprecation warning."""
    mapping = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}
    if value in mapping:
        return mapping[value], ""
    if value in ("true", "false"):
        replacement = "background" if value == "true" else "orphan"
        return (mapping[replacement], f"warning: --cascade={value} is deprecated (boolean value) and can be "
                                      f"replaced with --cascade={replacement}.\n")
    raise KubectlError(f'error: invalid cascade value ({value}). Must be "background", "foreground", or "orphan".')
