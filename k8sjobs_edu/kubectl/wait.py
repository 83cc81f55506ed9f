"""``kubectl wait --for=condition=... | --for=delete`` (staging/src/k8s.io/kubectl/pkg/cmd/wait)."""
from __future__ import annotations

from .common import (MISSING_RESOURCES, SIMULATOR, KubectlError, existing_job, find_job, kind_of, list_jobs,
                     parse_duration, resource_and_names, run_until, usage_error)


CONDITIONS = {"complete": "Complete", "failed": "Failed", "suspended": "Suspended",
              "failuretarget": "FailureTarget", "successcriteriamet": "SuccessCriteriaMet"}


def wait_command(cluster, args: list[str], flags: dict) -> str:
    resource, names = resource_and_names("wait", args)
    if not resource:
        raise usage_error("wait", MISSING_RESOURCES)
    if kind_of(resource) != "jobs":
        raise KubectlError(f'error: {SIMULATOR} waits for Jobs only, not "{resource}"')
    condition = flags.get("for", "")
    if not condition:
        raise KubectlError("error: --for must be set")
    timeout = parse_duration(flags.get("timeout", "30s"))
    if timeout < 0:
        timeout = 7 * 24 * 3600.0  # a negative timeout means a week
    if not names:
        names = [j.name for j in sorted(list_jobs(cluster, flags), key=lambda j: j.name)]
    out = []
    for name in names:
        find_job(cluster, name, flags)
        if condition == "delete":
            deadline = cluster.now + timeout
            run_until(cluster, lambda: existing_job(cluster, name) is None or cluster.now >= deadline)
            met = existing_job(cluster, name) is None
        elif condition.lower().startswith("condition="):
            wanted = condition.split("=")[1]
            met = cluster.wait_for(name, CONDITIONS.get(wanted.lower(), wanted), timeout)
        else:
            raise KubectlError(f"error: unrecognized condition: \"{condition}\"")
        if not met:
            raise KubectlError("".join(out) + f"error: timed out waiting for the condition on jobs/{name}")
        out.append(f"job.batch/{name} condition met\n")
    return "".join(out)
