"""``kubectl describe`` (staging/src/k8s.io/kubectl/pkg/cmd/describe); the describers are in printers/."""
from __future__ import annotations

from .common import SIMULATOR, KubectlError, find_job, kind_of, list_jobs, namespace_of, resource_and_names, usage_error
from .printers import views


def describe_command(cluster, args: list[str], flags: dict) -> str:
    resource, names = resource_and_names("describe", args)
    if not resource:
        raise usage_error("describe", "Required resource not specified.")
    kind = kind_of(resource)
    if kind == "empty" and not names:
        return views.no_resources(namespace_of(flags))
    if kind != "jobs":
        raise KubectlError(f'error: {SIMULATOR} describes Jobs only, not "{resource}"')
    jobs = [find_job(cluster, name, flags) for name in names] if names else sorted(
        list_jobs(cluster, flags), key=lambda j: j.name)
    if not jobs:
        return views.no_resources(namespace_of(flags))
    texts = [views.describe_job(job, cluster.pods(job.name), cluster.events, cluster.now) for job in jobs]
    return "\n\n".join(texts)
