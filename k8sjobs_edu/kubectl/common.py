"""What every simulated kubectl command shares: errors, flags, resource names, reading objects.

Flags are parsed the way spf13/pflag does (``--name=value``, ``--name value``,
``-n value``, ``-nvalue``, booleans without a value); errors are worded as
kubectl's cmdutil prints them.
"""
from __future__ import annotations

import re

from ..api.types import NotFound

SIMULATOR = "k8sjobs-edu"

JOB_TYPES = {"job", "jobs", "job.batch", "jobs.batch", "job.v1.batch", "jobs.v1.batch"}
POD_TYPES = {"pod", "pods", "po"}
EVENT_TYPES = {"event", "events", "ev"}
# Types a real cluster serves that hold nothing here (alias → name in NotFound errors).
EMPTY_TYPES = {
    "cronjob": "cronjobs.batch", "cronjobs": "cronjobs.batch", "cj": "cronjobs.batch",
    "deployment": "deployments.apps", "deployments": "deployments.apps", "deploy": "deployments.apps",
    "replicaset": "replicasets.apps", "replicasets": "replicasets.apps", "rs": "replicasets.apps",
    "statefulset": "statefulsets.apps", "statefulsets": "statefulsets.apps", "sts": "statefulsets.apps",
    "daemonset": "daemonsets.apps", "daemonsets": "daemonsets.apps", "ds": "daemonsets.apps",
    "service": "services", "services": "services", "svc": "services",
    "configmap": "configmaps", "configmaps": "configmaps", "cm": "configmaps",
    "secret": "secrets", "secrets": "secrets",
    "persistentvolumeclaim": "persistentvolumeclaims", "persistentvolumeclaims": "persistentvolumeclaims",
    "pvc": "persistentvolumeclaims",
    "ingress": "ingresses.networking.k8s.io", "ingresses": "ingresses.networking.k8s.io",
    "ing": "ingresses.networking.k8s.io",
}

WATCH_HORIZON_SECONDS = 3600.0  # a watch with no timeout ends after an hour of virtual time (a Job may retry forever)
VALUE, BOOL = "value", "bool"
COMMON_FLAGS = {"namespace": ("n", VALUE), "request-timeout": (None, VALUE), "all-namespaces": ("A", BOOL)}
FLAGS = {
    "get": {"output": ("o", VALUE), "selector": ("l", VALUE), "watch": ("w", BOOL), "no-headers": (None, BOOL),
            "sort-by": (None, VALUE)},
    "describe": {"selector": ("l", VALUE)},
    "events": {"for": (None, VALUE)},
    "logs": {"container": ("c", VALUE), "follow": ("f", BOOL), "timestamps": (None, BOOL), "selector": ("l", VALUE),
             "tail": (None, VALUE), "prefix": (None, BOOL), "max-log-requests": (None, VALUE)},
    "apply": {"filename": ("f", VALUE), "dry-run": (None, VALUE), "output": ("o", VALUE), "validate": (None, VALUE)},
    "create": {"filename": ("f", VALUE), "dry-run": (None, VALUE), "output": ("o", VALUE),
               "image": (None, VALUE), "save-config": (None, BOOL), "validate": (None, VALUE)},
    "delete": {"cascade": (None, VALUE), "selector": ("l", VALUE), "all": (None, BOOL), "wait": (None, BOOL),
               "filename": ("f", VALUE), "ignore-not-found": (None, BOOL)},
    "patch": {"patch": ("p", VALUE), "type": (None, VALUE), "output": ("o", VALUE)},
    "wait": {"for": (None, VALUE), "timeout": (None, VALUE), "selector": ("l", VALUE), "all": (None, BOOL)},
}
# What a flag means when it is given without a value (pflag's NoOptDefVal).
NO_VALUE_DEFAULTS = {"dry-run": "unchanged", "validate": "strict"}

MISSING_RESOURCES = ("You must provide one or more resources by argument or filename.\n"
                     "Example resource specifications include:\n"
                     "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")


class KubectlError(Exception):
    """A failure whose text is exactly what kubectl prints."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text if text.endswith("\n") else text + "\n"


def usage_error(command: str, message: str) -> KubectlError:
    """cmdutil.UsageErrorf: the message and where to find help."""
    return KubectlError(f"error: {message}\nSee 'kubectl {command} -h' for help and examples")


# ---- command-line parsing -------------------------------------------------------------


def leading_global_flags(argv: list[str]) -> tuple[dict, list[str]]:
    flags: dict = {}
    while argv and argv[0].startswith("-") and argv[0] != "--":
        consumed = _parse_one_flag("kubectl", argv, 0, COMMON_FLAGS, flags)
        argv = argv[consumed:]
    return flags, argv


def parse_flags(command: str, argv: list[str]) -> tuple[list[str], dict]:
    """Split pflag-style arguments into positional ones and ``{flag name: value}``.

    Everything after ``--`` is positional (``create job NAME -- CMD ...``).
    """
    known = {**COMMON_FLAGS, **FLAGS.get(command, {})}
    args: list[str] = []
    flags: dict = {}
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            flags["--"] = argv[i + 1:]
            break
        if token.startswith("-") and token != "-":
            i += _parse_one_flag(command, argv, i, known, flags)
        else:
            args.append(token)
            i += 1
    return args, flags


def _parse_one_flag(command: str, argv: list[str], i: int, known: dict, flags: dict) -> int:
    """Parse the flag at ``argv[i]`` into ``flags``; return how many tokens it used."""
    token = argv[i]
    if token.startswith("--"):
        name, has_value, value = token[2:].partition("=")
        if name not in known:
            raise usage_error(command, f"unknown flag: --{name}")
        shown = f"--{name}"
    else:
        short, value = token[1], token[2:].removeprefix("=")
        has_value = bool(token[2:])
        name = next((long for long, (letter, _) in known.items() if letter == short), None)
        if name is None:
            raise usage_error(command, f"unknown shorthand flag: '{short}' in {token}")
        shown = f"'{short}' in -{short}"
    kind = known[name][1]
    if kind == BOOL:
        flags[name] = value.lower() not in ("false", "0") if has_value else True
        return 1
    if has_value:
        flags[name] = value
        return 1
    if name in NO_VALUE_DEFAULTS:  # pflag's NoOptDefVal: a bare --dry-run means "unchanged"
        flags[name] = NO_VALUE_DEFAULTS[name]
        return 1
    if i + 1 >= len(argv):
        raise usage_error(command, f"flag needs an argument: {shown}")
    flags[name] = argv[i + 1]
    return 2


def resource_and_names(command: str, args: list[str]) -> tuple[str, list[str]]:
    """``["jobs", "a", "b"]`` or ``["job/a", "job/b"]`` → ``("jobs", ["a", "b"])``."""
    if not args:
        return "", []
    if "/" in args[0]:
        kinds = {a.partition("/")[0] for a in args}
        if len(kinds) > 1 or not all("/" in a for a in args):
            raise KubectlError(f"error: {SIMULATOR} takes one resource type per command")
        return args[0].partition("/")[0].lower(), [a.partition("/")[2] for a in args]
    return args[0].lower(), args[1:]


def kind_of(resource: str) -> str:
    if resource in JOB_TYPES:
        return "jobs"
    if resource in POD_TYPES:
        return "pods"
    if resource in EVENT_TYPES:
        return "events"
    if resource in EMPTY_TYPES:
        return "empty"
    raise KubectlError(f'error: the server doesn\'t have a resource type "{resource}"')


def namespace_of(flags: dict) -> str:
    return flags.get("namespace", "default")


def parse_duration(text: str) -> float:
    """A Go duration (``30s``, ``5m``, ``1h30m``, ``0``) in seconds."""
    if text in ("0", "-0"):
        return 0.0
    parts = re.fullmatch(r"(-?)((?:\d+(?:\.\d+)?(?:ms|s|m|h))+)", text)
    if parts is None:
        raise KubectlError(f'error: invalid argument "{text}": time: invalid duration "{text}"')
    unit_seconds = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    total = sum(float(n) * unit_seconds[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", parts.group(2)))
    return -total if parts.group(1) else total


# ---- label selectors ------------------------------------------------------------------


def selector_matches(selector: str, labels: dict) -> bool:
    """A label selector (``k=v``, ``k!=v``, ``k``, ``!k``, ``k in (a,b)``, ``k notin (a)``)."""
    for requirement in _split_requirements(selector):
        set_match = re.fullmatch(r"\s*([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)\s*", requirement)
        if set_match:
            key, operator, values = set_match.groups()
            allowed = {v.strip() for v in values.split(",")}
            if (labels.get(key) in allowed) != (operator == "in") or (operator == "in" and key not in labels):
                return False
            continue
        if "!=" in requirement:
            key, _, value = requirement.partition("!=")
            if labels.get(key.strip()) == value.strip():
                return False
        elif "=" in requirement:
            key, _, value = requirement.replace("==", "=").partition("=")
            if labels.get(key.strip()) != value.strip():
                return False
        elif requirement.strip().startswith("!"):
            if requirement.strip()[1:] in labels:
                return False
        elif requirement.strip() not in labels:
            return False
    return True


def _split_requirements(selector: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in selector:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [p for p in parts + [current] if p.strip()]


# ---- reading objects ------------------------------------------------------------------


def list_jobs(cluster, flags: dict) -> list:
    jobs = [j for j in cluster.jobs() if flags.get("all-namespaces") or j.namespace == namespace_of(flags)]
    if "selector" in flags:
        jobs = [j for j in jobs if selector_matches(flags["selector"], j.labels)]
    return jobs


def list_pods(cluster, flags: dict) -> list:
    pods = [p for p in cluster.pods() if flags.get("all-namespaces") or p.namespace == namespace_of(flags)]
    if "selector" in flags:
        pods = [p for p in pods if selector_matches(flags["selector"], p.labels)]
    return pods


def find_job(cluster, name: str, flags: dict):
    job = cluster.get_job(name)
    if job.namespace != namespace_of(flags):
        raise NotFound(f'jobs.batch "{name}" not found')
    return job


def find_pod(cluster, name: str, flags: dict):
    for pod in cluster.pods():
        if pod.name == name and pod.namespace == namespace_of(flags):
            return pod
    raise NotFound(f'pods "{name}" not found')


def lookup(cluster, kind: str, names: list[str], flags: dict) -> tuple[list, list[str]]:
    if not names:
        return (list_jobs(cluster, flags) if kind == "jobs" else list_pods(cluster, flags)), []
    found, errors = [], []
    for name in names:
        try:
            found.append(find_job(cluster, name, flags) if kind == "jobs" else find_pod(cluster, name, flags))
        except NotFound as err:
            errors.append(f"Error from server (NotFound): {err}\n")
    return found, errors


def existing_job(cluster, name: str):
    """The Job named ``name``, or None."""
    try:
        return cluster.get_job(name)
    except NotFound:
        return None


def job_state(job) -> tuple:
    """What decides ``unchanged`` / ``(no change)`` after a write."""
    return (repr(job.spec), repr(job.labels), repr(job.annotations))


def run_until(cluster, done) -> None:
    """Let virtual time pass until ``done()`` (kubectl waiting for a deletion)."""
    while not done():
        if cluster.step() is None:
            return
