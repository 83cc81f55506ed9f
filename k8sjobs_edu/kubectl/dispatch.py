"""``kubectl`` over a simulated cluster: parse a command line, run it, return the text.

``run(cluster, "kubectl get jobs")`` returns what kubectl prints (stdout and
stderr, in the order a terminal shows them). It never raises: a bad command
comes back as kubectl's own error text. Messages follow
staging/src/k8s.io/kubectl/pkg/cmd (get, describe, logs, apply, create,
create_job, delete, patch, wait) and kubectl's cmdutil error handling.
"""
from __future__ import annotations

import shlex

from .printers import views
from .apply import (apply_command, create_command, create_job_manifest, go_json_typed, invalid_text,
                            with_last_applied)
from .common import (BOOL, COMMON_FLAGS, EMPTY_TYPES, EVENT_TYPES, FLAGS, JOB_TYPES, MISSING_RESOURCES,
                             POD_TYPES, SIMULATOR, VALUE, WATCH_HORIZON_SECONDS, KubectlError, existing_job,
                             find_job, kind_of, leading_global_flags, list_jobs, lookup, namespace_of,
                             parse_duration, parse_flags, resource_and_names, run_until, selector_matches,
                             usage_error)
from .delete import delete_command
from .logs import logs_command
from .patch import json_patch_to_merge_patch, patch_command
from .printers.output import jsonpath, print_objects
from .printers.sort import sort_objects
from .watch import watch
from ..api.model import NotFound

__all__ = [
    "BOOL", "COMMON_FLAGS", "CONDITIONS", "EMPTY_TYPES", "EVENT_TYPES", "FLAGS", "JOB_TYPES", "KUBECTL_COMMANDS",
    "MISSING_RESOURCES", "POD_TYPES", "SIMULATOR", "VALUE", "WATCH_HORIZON_SECONDS", "KubectlError",
    "create_job_manifest", "go_json_typed", "invalid_text", "json_patch_to_merge_patch", "jsonpath",
    "parse_duration", "parse_flags", "run", "selector_matches", "usage_error", "with_last_applied",
]

# kubectl's commands in the order kubectl registers them (cobra suggests from this list).
KUBECTL_COMMANDS = [
    "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
    "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs",
    "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch",
    "replace", "wait", "kustomize", "label", "annotate", "completion", "config", "plugin", "version",
    "api-versions", "api-resources", "options",
]


def run(cluster, command: str) -> str:
    """What ``kubectl`` prints for ``command`` on ``cluster`` (a leading ``kubectl`` is optional)."""
    try:
        argv = shlex.split(command)
    except ValueError as err:
        return f"error: cannot parse the command line: {err}\n"
    if argv and argv[0] == "kubectl":
        argv = argv[1:]
    try:
        return _dispatch(cluster, argv)
    except KubectlError as err:
        return err.text
    except NotFound as err:
        return f"Error from server (NotFound): {err}\n"
    except Exception as err:  # the contract: text back, never an exception
        return f"error: {err}\n"


def _dispatch(cluster, argv: list[str]) -> str:
    globals_, argv = leading_global_flags(argv)
    if not argv:
        return ("kubectl controls the Kubernetes cluster manager.\n\n"
                " Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n"
                f"This {SIMULATOR} kubectl knows: get, describe, logs, events, apply, create, delete, patch, wait.\n")
    name, rest = argv[0], argv[1:]
    handlers = {"get": _get, "describe": _describe, "logs": logs_command, "events": _events, "apply": apply_command,
                "create": create_command, "delete": delete_command, "patch": patch_command, "wait": _wait}
    if name not in handlers:
        if name in KUBECTL_COMMANDS:
            raise KubectlError(f'error: {SIMULATOR} does not simulate "kubectl {name}"')
        raise KubectlError(f'error: unknown command "{name}" for "kubectl"{_suggestions(name)}')
    args, flags = parse_flags(name, rest)
    flags = {**globals_, **flags}
    return handlers[name](cluster, args, flags)


def _suggestions(typed: str) -> str:
    """cobra's "Did you mean this?" block: Levenshtein distance ≤ 2 or a prefix match."""
    matches = [c for c in KUBECTL_COMMANDS
               if _levenshtein(typed.lower(), c) <= 2 or c.startswith(typed.lower())]
    if not matches:
        return ""
    return "\n\nDid you mean this?\n" + "".join(f"\t{m}\n" for m in matches)


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


# ---- get ------------------------------------------------------------------------------


def _get(cluster, args: list[str], flags: dict) -> str:
    resource, names = resource_and_names("get", args)
    if not resource:
        return ('You must specify the type of resource to get. Use "kubectl api-resources" for a complete '
                "list of supported resources.\n\nerror: Required resource not specified.\n"
                'Use "kubectl explain <resource>" for a detailed description of that resource '
                "(e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n")
    kind = kind_of(resource)
    output = flags.get("output", "")
    if output not in ("", "wide", "yaml", "json", "name") and not output.startswith("jsonpath="):
        raise KubectlError(f'error: unable to match a printer suitable for the output format "{output}", '
                           "allowed formats are: custom-columns,custom-columns-file,go-template,"
                           "go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,"
                           "template,templatefile,wide,yaml")
    if kind == "empty":
        if not names:
            return views.no_resources(namespace_of(flags))
        return "".join(f'Error from server (NotFound): {EMPTY_TYPES[resource]} "{n}" not found\n' for n in names)
    if kind == "events":
        if not flags.get("sort-by"):
            return views.get_events(cluster.events, cluster.now, wide=output == "wide")
        stored = views.correlate_events(cluster.events, cluster.now)
        if not stored:
            return views.no_resources(namespace_of(flags))
        stored = sort_objects(stored, flags["sort-by"], table=True)
        if not stored:  # no event has the field: kubectl prints no rows (kubernetes/kubectl#1343)
            return views.no_resources(namespace_of(flags))
        return views.event_table(stored, cluster.now, wide=output == "wide")
    if flags.get("watch"):
        return watch(cluster, kind, names, flags)
    found, errors = lookup(cluster, kind, names, flags)
    found = sorted(found, key=lambda o: o.name)  # the API lists by name
    if flags.get("sort-by"):
        found = sort_objects(found, flags["sort-by"], table=output in ("", "wide"), names=len(names))
    return print_objects(cluster, kind, found, bool(names), flags) + "".join(errors)


# ---- describe, logs, events -----------------------------------------------------------


def _describe(cluster, args: list[str], flags: dict) -> str:
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


def _events(cluster, args: list[str], flags: dict) -> str:
    """``kubectl events``: like ``get events`` but sorted by time, optionally ``--for KIND/NAME``."""
    events = cluster.events
    if flags.get("for"):
        kind, _, name = flags["for"].partition("/")
        wanted = {"job": "Job", "jobs": "Job", "pod": "Pod", "pods": "Pod"}.get(kind.lower(), kind)
        events = [e for e in events if e.object == f"{wanted}/{name}"]
    stored = views.correlate_events(events, cluster.now)
    if not stored:
        return views.no_resources(namespace_of(flags))
    rows = [["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
    for event in sorted(stored, key=lambda e: views.api_time(e.last_seen)):
        rows.append([views.age(cluster.now, event.last_seen), event.type, event.reason,
                     f"{event.kind}/{event.object_name}", event.message.strip()])
    return views.format_rows(rows)


CONDITIONS = {"complete": "Complete", "failed": "Failed", "suspended": "Suspended",
              "failuretarget": "FailureTarget", "successcriteriamet": "SuccessCriteriaMet"}


def _wait(cluster, args: list[str], flags: dict) -> str:
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
