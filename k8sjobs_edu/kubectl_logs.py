"""``kubectl logs``: a pod's log, a Job's chosen pod's log."""
from __future__ import annotations

from . import views
from .kubectl_common import JOB_TYPES, POD_TYPES, KubectlError, find_job, find_pod, selector_matches, usage_error


def logs_command(cluster, args: list[str], flags: dict) -> str:
    if not args:
        raise usage_error("logs", "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                                  "POD or TYPE/NAME is a required argument for the logs command")
    target = args[0]
    kind, _, name = target.rpartition("/")
    if kind.lower() in JOB_TYPES:
        job = find_job(cluster, name, flags)
        pods = [p for p in cluster.pods() if selector_matches(views.selector_string(job.spec.selector), p.labels)
                and p.namespace == job.namespace] if job.spec.selector else cluster.pods(job.name)
        return views.logs_for_job(job, pods)
    if kind and kind.lower() not in POD_TYPES:
        raise KubectlError(f'error: the server doesn\'t have a resource type "{kind}"')
    pod = find_pod(cluster, name, flags)
    container = flags.get("container")
    if container and container not in pod.containers + pod.init_containers:
        names = ", ".join(list(pod.containers) + [f"{c} (init)" for c in pod.init_containers])
        raise KubectlError(f"error: container {container} is not valid for pod {pod.name} out of: {names}")
    return views.logs(pod)
