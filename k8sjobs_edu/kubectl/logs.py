"""``kubectl logs``: a pod's log, a Job's chosen pod's log, or the logs of the pods a selector picks.

Follows staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go (Complete, Validate,
RunLogs). ``-f`` prints what the containers have printed so far: here a
command runs at one instant of virtual time.
"""
from __future__ import annotations

import re

from .common import (JOB_TYPES, POD_TYPES, KubectlError, find_job, find_pod, list_pods, namespace_of, selector_matches,
                     usage_error)
from .printers import views

LOGS_USAGE = ("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
              "POD or TYPE/NAME is a required argument for the logs command")
SELECTOR_TAIL_LINES = 10  # kubectl's selectorTail: with -l and no --tail, the last 10 lines of each pod
MAX_LOG_REQUESTS = 5  # --max-log-requests default: streams -f may follow at once


def logs_command(cluster, args: list[str], flags: dict) -> str:
    selector = flags.get("selector", "")
    if len(args) > 2 or (not args and not selector):
        raise usage_error("logs", LOGS_USAGE)
    if len(args) == 1 and selector:
        raise usage_error("logs", "only a selector (-l) or a POD name is allowed")
    container = flags.get("container")
    if len(args) == 2:
        if container:
            raise KubectlError("error: only one of -c or an inline [CONTAINER] arg is allowed")
        container = args[1]
    tail = int_flag(flags, "tail", -1)
    if selector and "tail" not in flags:
        tail = SELECTOR_TAIL_LINES
    max_requests = int_flag(flags, "max-log-requests", MAX_LOG_REQUESTS)
    options = {"tail": tail, "prefix": bool(flags.get("prefix")), "announce": not container}
    if selector:
        return _logs_by_selector(cluster, flags, container, max_requests, options)
    kind, _, name = args[0].rpartition("/")
    if kind.lower() in JOB_TYPES:
        job = find_job(cluster, name, flags)
        _check_tail(tail)
        pods = [p for p in cluster.pods() if selector_matches(views.selector_string(job.spec.selector), p.labels)
                and p.namespace == job.namespace] if job.spec.selector else cluster.pods(job.name)
        return views.logs_for_job(job, pods, **options)
    if kind and kind.lower() not in POD_TYPES:
        raise KubectlError(f'error: the server doesn\'t have a resource type "{kind}"')
    pod = find_pod(cluster, name, flags)
    _check_tail(tail)
    _check_container(pod, container)
    return views.logs(pod, **options)


def _logs_by_selector(cluster, flags: dict, container: str | None, max_requests: int, options: dict) -> str:
    """``kubectl logs -l SELECTOR``: the matching pods in the API's order, one log after another."""
    pods = sorted(list_pods(cluster, flags), key=lambda p: p.name)
    if not pods:
        return views.no_resources(namespace_of(flags))
    _check_tail(options["tail"])
    notes = ""
    for pod in pods:  # LogsForObject picks every pod's container before any log is read
        _check_container(pod, container, already_printed=notes)
        notes += views.default_container_note(pod) if options["announce"] else ""
    if flags.get("follow") and len(pods) > 1 and len(pods) > max_requests:
        raise KubectlError(f"{notes}error: you are attempting to follow {len(pods)} log streams, but maximum "
                           f"allowed concurrency is {max_requests}, use --max-log-requests to increase the limit")
    return notes + views.logs_for_pods(pods, tail=options["tail"], prefix=options["prefix"], announce=False)


def _check_tail(tail: int) -> None:
    if tail < -1:
        raise KubectlError("error: --tail must be greater than or equal to -1")


def _check_container(pod, container: str | None, already_printed: str = "") -> None:
    if container and container not in pod.containers + pod.init_containers:
        names = ", ".join(list(pod.containers) + [f"{c} (init)" for c in pod.init_containers])
        raise KubectlError(f"{already_printed}error: container {container} is not valid for pod {pod.name} "
                           f"out of: {names}")


def int_flag(flags: dict, name: str, default: int) -> int:
    """An integer flag's value, or pflag's error for text that is not a number."""
    text = flags.get(name)
    if text is None:
        return default
    if re.fullmatch(r"[+-]?[0-9]+", text):
        return int(text)  # Go also reads 0x1f and 017 (base 0); decimal is what anyone types here
    raise usage_error("logs", f'invalid argument "{text}" for "--{name}" flag: strconv.ParseInt: '
                              f'parsing "{text}": invalid syntax')
