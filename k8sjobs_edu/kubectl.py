"""``kubectl`` over a simulated cluster: parse a command line, run it, return the text.

``run(cluster, "kubectl get jobs")`` returns what kubectl prints (stdout and
stderr, in the order a terminal shows them). It never raises: a bad command
comes back as kubectl's own error text. Messages follow
staging/src/k8s.io/kubectl/pkg/cmd (get, describe, logs, apply, create,
create_job, delete, patch, wait) and kubectl's cmdutil error handling.
"""
from __future__ import annotations

import copy
import json
import os
import re
import shlex

import yaml

from . import views
from .model import Job, NotFound

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
# kubectl's commands in the order kubectl registers them (cobra suggests from this list).
KUBECTL_COMMANDS = [
    "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
    "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs",
    "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch",
    "replace", "wait", "kustomize", "label", "annotate", "completion", "config", "plugin", "version",
    "api-versions", "api-resources", "options",
]

WATCH_HORIZON_SECONDS = 30 * 24 * 3600.0  # a watch with no timeout ends after 30 days of virtual time
VALUE, BOOL = "value", "bool"
COMMON_FLAGS = {"namespace": ("n", VALUE), "request-timeout": (None, VALUE), "all-namespaces": ("A", BOOL)}
FLAGS = {
    "get": {"output": ("o", VALUE), "selector": ("l", VALUE), "watch": ("w", BOOL), "no-headers": (None, BOOL)},
    "describe": {"selector": ("l", VALUE)},
    "events": {"for": (None, VALUE)},
    "logs": {"container": ("c", VALUE), "follow": ("f", BOOL), "timestamps": (None, BOOL)},
    "apply": {"filename": ("f", VALUE), "dry-run": (None, VALUE), "output": ("o", VALUE)},
    "create": {"filename": ("f", VALUE), "dry-run": (None, VALUE), "output": ("o", VALUE),
               "image": (None, VALUE), "save-config": (None, BOOL)},
    "delete": {"cascade": (None, VALUE), "selector": ("l", VALUE), "all": (None, BOOL), "wait": (None, BOOL),
               "filename": ("f", VALUE), "ignore-not-found": (None, BOOL)},
    "patch": {"patch": ("p", VALUE), "type": (None, VALUE), "output": ("o", VALUE)},
    "wait": {"for": (None, VALUE), "timeout": (None, VALUE), "selector": ("l", VALUE), "all": (None, BOOL)},
}


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
    globals_, argv = _leading_global_flags(argv)
    if not argv:
        return ("kubectl controls the Kubernetes cluster manager.\n\n"
                " Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n"
                f"This {SIMULATOR} kubectl knows: get, describe, logs, events, apply, create, delete, patch, wait.\n")
    name, rest = argv[0], argv[1:]
    handlers = {"get": _get, "describe": _describe, "logs": _logs, "events": _events, "apply": _apply,
                "create": _create, "delete": _delete, "patch": _patch, "wait": _wait}
    if name not in handlers:
        if name in KUBECTL_COMMANDS:
            raise KubectlError(f'error: {SIMULATOR} does not simulate "kubectl {name}"')
        raise KubectlError(f'error: unknown command "{name}" for "kubectl"{_suggestions(name)}')
    args, flags = parse_flags(name, rest)
    flags = {**globals_, **flags}
    return handlers[name](cluster, args, flags)


# ---- command-line parsing -------------------------------------------------------------


def _leading_global_flags(argv: list[str]) -> tuple[dict, list[str]]:
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
    if name == "dry-run":  # a bare --dry-run means "unchanged"
        flags[name] = "unchanged"
        return 1
    if i + 1 >= len(argv):
        raise usage_error(command, f"flag needs an argument: {shown}")
    flags[name] = argv[i + 1]
    return 2


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


def _resource_and_names(command: str, args: list[str]) -> tuple[str, list[str]]:
    """``["jobs", "a", "b"]`` or ``["job/a", "job/b"]`` → ``("jobs", ["a", "b"])``."""
    if not args:
        return "", []
    if "/" in args[0]:
        kinds = {a.partition("/")[0] for a in args}
        if len(kinds) > 1 or not all("/" in a for a in args):
            raise KubectlError(f"error: {SIMULATOR} takes one resource type per command")
        return args[0].partition("/")[0].lower(), [a.partition("/")[2] for a in args]
    return args[0].lower(), args[1:]


def _kind_of(resource: str) -> str:
    if resource in JOB_TYPES:
        return "jobs"
    if resource in POD_TYPES:
        return "pods"
    if resource in EVENT_TYPES:
        return "events"
    if resource in EMPTY_TYPES:
        return "empty"
    raise KubectlError(f'error: the server doesn\'t have a resource type "{resource}"')


def _namespace(flags: dict) -> str:
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


def _jobs(cluster, flags: dict) -> list:
    jobs = [j for j in cluster.jobs() if flags.get("all-namespaces") or j.namespace == _namespace(flags)]
    if "selector" in flags:
        jobs = [j for j in jobs if selector_matches(flags["selector"], j.labels)]
    return jobs


def _pods(cluster, flags: dict) -> list:
    pods = [p for p in cluster.pods() if flags.get("all-namespaces") or p.namespace == _namespace(flags)]
    if "selector" in flags:
        pods = [p for p in pods if selector_matches(flags["selector"], p.labels)]
    return pods


def _job(cluster, name: str, flags: dict):
    job = cluster.get_job(name)
    if job.namespace != _namespace(flags):
        raise NotFound(f'jobs.batch "{name}" not found')
    return job


def _pod(cluster, name: str, flags: dict):
    for pod in cluster.pods():
        if pod.name == name and pod.namespace == _namespace(flags):
            return pod
    raise NotFound(f'pods "{name}" not found')


# ---- get ------------------------------------------------------------------------------


def _get(cluster, args: list[str], flags: dict) -> str:
    resource, names = _resource_and_names("get", args)
    if not resource:
        return ('You must specify the type of resource to get. Use "kubectl api-resources" for a complete '
                "list of supported resources.\n\nerror: Required resource not specified.\n"
                'Use "kubectl explain <resource>" for a detailed description of that resource '
                "(e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n")
    kind = _kind_of(resource)
    output = flags.get("output", "")
    if output not in ("", "wide", "yaml", "json", "name") and not output.startswith("jsonpath="):
        raise KubectlError(f'error: unable to match a printer suitable for the output format "{output}", '
                           "allowed formats are: custom-columns,custom-columns-file,go-template,"
                           "go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,"
                           "template,templatefile,wide,yaml")
    if kind == "empty":
        if not names:
            return views.no_resources(_namespace(flags))
        return "".join(f'Error from server (NotFound): {EMPTY_TYPES[resource]} "{n}" not found\n' for n in names)
    if kind == "events":
        return views.get_events(cluster.events, cluster.now, wide=output == "wide")
    if flags.get("watch"):
        return _watch(cluster, kind, names, flags)
    found, errors = _lookup(cluster, kind, names, flags)
    return _print(cluster, kind, found, bool(names), flags) + "".join(errors)


def _lookup(cluster, kind: str, names: list[str], flags: dict) -> tuple[list, list[str]]:
    if not names:
        return (_jobs(cluster, flags) if kind == "jobs" else _pods(cluster, flags)), []
    found, errors = [], []
    for name in names:
        try:
            found.append(_job(cluster, name, flags) if kind == "jobs" else _pod(cluster, name, flags))
        except NotFound as err:
            errors.append(f"Error from server (NotFound): {err}\n")
    return found, errors


def _print(cluster, kind: str, objects: list, named: bool, flags: dict) -> str:
    output = flags.get("output", "")
    objects = sorted(objects, key=lambda o: o.name)
    if output in ("yaml", "json") or output.startswith("jsonpath="):
        dicts = [o.to_dict() for o in objects]
        value = dicts[0] if named and len(dicts) == 1 else views.as_list(dicts)
        if output == "yaml":
            return views.to_yaml(value)
        if output == "json":
            return views.go_json(value)
        return jsonpath(output.removeprefix("jsonpath="), value)
    if output == "name":
        prefix = "job.batch" if kind == "jobs" else "pod"
        return "".join(f"{prefix}/{o.name}\n" for o in objects)
    if not objects:
        return "" if named else views.no_resources(_namespace(flags))
    rows = _rows(cluster, kind, objects, flags)
    if flags.get("no-headers"):
        rows = rows[1:]
    return views.format_rows(rows)


def _rows(cluster, kind: str, objects: list, flags: dict, now: float | None = None) -> list[list[str]]:
    """Header and rows of the table; with ``-A`` a NAMESPACE column comes first."""
    now = cluster.now if now is None else now
    wide = flags.get("output") == "wide"
    if kind == "jobs":
        version = cluster.kubectl_version
        rows = [views.job_columns(wide=wide, kubectl_version=version)]
        rows += [views.job_row(j, now, wide=wide, kubectl_version=version) for j in objects]
    else:
        rows = [views.POD_WIDE_COLUMNS if wide else views.POD_COLUMNS]
        rows += [views.pod_row(p, now, wide=wide) for p in objects]
    if flags.get("all-namespaces"):
        rows = [["NAMESPACE"] + rows[0]] + [[o.namespace] + row for o, row in zip(objects, rows[1:])]
    return rows


def jsonpath(template: str, value) -> str:
    """A subset of kubectl's JSONPath: ``{.a.b}``, ``{.items[*].metadata.name}``, ``{.items[0].x}``."""
    def evaluate(expression: str) -> list:
        results = [value]
        for step in re.findall(r"\.([^.\[\]]+)|\[(\*|\d+)\]", expression):
            key, index = step
            next_results = []
            for item in results:
                if key and isinstance(item, dict) and key in item:
                    next_results.append(item[key])
                elif index == "*" and isinstance(item, list):
                    next_results.extend(item)
                elif index and index != "*" and isinstance(item, list) and int(index) < len(item):
                    next_results.append(item[int(index)])
            results = next_results
        return results

    def text(item) -> str:
        if isinstance(item, (dict, list)):
            return json.dumps(item, separators=(",", ":"), sort_keys=True)
        if isinstance(item, bool):
            return "true" if item else "false"
        return str(item)

    pieces = re.split(r"(\{[^}]*\})", template)
    out = []
    for piece in pieces:
        if piece.startswith("{") and piece.endswith("}"):
            out.append(" ".join(text(item) for item in evaluate(piece[1:-1].strip())))
        else:
            out.append(piece)
    return "".join(out)


# ---- watch ----------------------------------------------------------------------------


def _watch(cluster, kind: str, names: list[str], flags: dict) -> str:
    """``get -w``: the current table, then a row per change until the Jobs' run ends.

    Each API write to a watched object is a watch event that kubectl prints
    as a row; here a change is any difference in an object's state between
    two instants of the simulation, and a deleted object prints its last
    state. Rows keep the column widths seen so far (liggitt/tabwriter's
    RememberWidths). A real watch never ends: this one stops when every
    watched Job (every Job, when watching pods) has finished, when nothing
    is left to happen, or after ``--request-timeout`` of virtual time.
    """
    writer = views.table_writer()
    timeout = parse_duration(flags["request-timeout"]) if flags.get("request-timeout") else 0
    deadline = cluster.now + (timeout if timeout > 0 else WATCH_HORIZON_SECONDS)
    out: list[str] = []

    def current() -> list:
        return _lookup(cluster, kind, names, flags)[0]

    def emit(objects: list, now: float) -> None:
        rows = _rows(cluster, kind, objects, flags, now=now)
        out.append(views.format_rows(rows if not out else rows[1:], writer))

    initial = sorted(current(), key=lambda o: o.name)
    last = {o.name: (_snapshot(o), copy.deepcopy(o)) for o in initial}
    if initial:
        emit(initial, cluster.now)
    while not _run_is_over(cluster, kind, names, flags):
        upcoming = cluster.next_time() if hasattr(cluster, "next_time") else None
        if upcoming is not None and upcoming > deadline:
            cluster.run(until=deadline)  # the watch times out; virtual time still passes
            break
        moment = cluster.step()
        if moment is None or moment > deadline:
            break
        present = current()
        for obj in present:
            snapshot = _snapshot(obj)
            if obj.name not in last or last[obj.name][0] != snapshot:
                emit([obj], moment)
                last[obj.name] = (snapshot, copy.deepcopy(obj))
        for name in [n for n in last if n not in {o.name for o in present}]:
            emit([last.pop(name)[1]], moment)
    return "".join(out)


def _run_is_over(cluster, kind: str, names: list[str], flags: dict) -> bool:
    jobs = _lookup(cluster, "jobs", names, flags)[0] if kind == "jobs" else _jobs(cluster, flags)
    return all(job.is_finished() for job in jobs)


def _snapshot(obj) -> tuple:
    """The parts of an object whose change is an API write that a watch reports."""
    if isinstance(obj, Job):
        return (repr(obj.spec), repr(obj.status), obj.deleted_at, repr(obj.labels), repr(obj.annotations))
    return (obj.phase, obj.ready, obj.waiting_reason, obj.restarts, obj.deleted_at, obj.exit_code,
            obj.node_name, obj.ip, tuple(obj.finalizers), repr(obj.conditions), obj.last_terminated_at,
            repr(obj.labels))


# ---- describe, logs, events -----------------------------------------------------------


def _describe(cluster, args: list[str], flags: dict) -> str:
    resource, names = _resource_and_names("describe", args)
    if not resource:
        raise usage_error("describe", "Required resource not specified.")
    kind = _kind_of(resource)
    if kind == "empty" and not names:
        return views.no_resources(_namespace(flags))
    if kind != "jobs":
        raise KubectlError(f'error: {SIMULATOR} describes Jobs only, not "{resource}"')
    jobs = [_job(cluster, name, flags) for name in names] if names else sorted(
        _jobs(cluster, flags), key=lambda j: j.name)
    if not jobs:
        return views.no_resources(_namespace(flags))
    texts = [views.describe_job(job, cluster.pods(job.name), cluster.events, cluster.now) for job in jobs]
    return "\n\n".join(texts)


def _logs(cluster, args: list[str], flags: dict) -> str:
    if not args:
        raise usage_error("logs", "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                                  "POD or TYPE/NAME is a required argument for the logs command")
    target = args[0]
    kind, _, name = target.rpartition("/")
    if kind.lower() in JOB_TYPES:
        job = _job(cluster, name, flags)
        pods = [p for p in cluster.pods() if selector_matches(views.selector_string(job.spec.selector), p.labels)
                and p.namespace == job.namespace] if job.spec.selector else cluster.pods(job.name)
        return views.logs_for_job(job, pods)
    if kind and kind.lower() not in POD_TYPES:
        raise KubectlError(f'error: the server doesn\'t have a resource type "{kind}"')
    pod = _pod(cluster, name, flags)
    container = flags.get("container")
    if container and container not in pod.containers + pod.init_containers:
        names = ", ".join(list(pod.containers) + [f"{c} (init)" for c in pod.init_containers])
        raise KubectlError(f"error: container {container} is not valid for pod {pod.name} out of: {names}")
    return views.logs(pod)


def _events(cluster, args: list[str], flags: dict) -> str:
    """``kubectl events``: like ``get events`` but sorted by time, optionally ``--for KIND/NAME``."""
    events = cluster.events
    if flags.get("for"):
        kind, _, name = flags["for"].partition("/")
        wanted = {"job": "Job", "jobs": "Job", "pod": "Pod", "pods": "Pod"}.get(kind.lower(), kind)
        events = [e for e in events if e.object == f"{wanted}/{name}"]
    stored = views.correlate_events(events, cluster.now)
    if not stored:
        return views.no_resources(_namespace(flags))
    rows = [["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
    for event in sorted(stored, key=lambda e: views.api_time(e.last_seen)):
        rows.append([views.age(cluster.now, event.last_seen), event.type, event.reason,
                     f"{event.kind}/{event.object_name}", event.message.strip()])
    return views.format_rows(rows)


# ---- apply, create --------------------------------------------------------------------


def _read_manifests(path: str) -> list[tuple[str, dict]]:
    """``-f PATH``: the documents of a file, or of every .yaml/.yml/.json file in a directory."""
    if not os.path.exists(path):
        raise KubectlError(f'error: the path "{path}" does not exist')
    files = [path] if not os.path.isdir(path) else [
        os.path.join(path, f) for f in sorted(os.listdir(path)) if f.endswith((".yaml", ".yml", ".json"))]
    documents = []
    for file in files:
        with open(file, encoding="utf-8") as handle:
            text = handle.read()
        try:
            loaded = list(yaml.safe_load_all(text))
        except yaml.YAMLError:
            raise KubectlError(f"error: error parsing {file}: {_syntax_error_text(file)}")
        documents += [(file, doc) for doc in loaded if doc]
    return documents


def _syntax_error_text(file: str) -> str:
    """The manifest loader's wording of a YAML syntax error (one phrasing across the project)."""
    from .manifest import load_jobs

    try:
        load_jobs(file)
    except ValueError as err:
        return str(err)
    return "error converting YAML to JSON"


def _apply(cluster, args: list[str], flags: dict) -> str:
    if "filename" not in flags:
        raise usage_error("apply", "must specify one of -f and -k")
    out, errors = [], []
    for file, document in _read_manifests(flags["filename"]):
        try:
            out.append(_apply_one(cluster, file, document, flags))
        except KubectlError as err:
            errors.append(err.text)
    return "".join(out + errors)


def _apply_one(cluster, file: str, document: dict, flags: dict) -> str:
    name = (document.get("metadata") or {}).get("name", "")
    document = with_last_applied(document, _namespace(flags))
    dry_run = _dry_run(flags)
    existing = _existing(cluster, name)
    before = _state(existing) if existing is not None else None
    if dry_run:
        verb = "created" if existing is None else "configured"
        return f"job.batch/{name} {verb}{dry_run}\n"
    try:
        job = cluster.apply(document)
    except ValueError as err:
        raise KubectlError(_manifest_error_text(err, file, name, "creating"))
    if before is None:
        verb = "created"
    else:
        verb = "unchanged" if _state(job) == before else "configured"
    return _created_output(job, verb, flags)


def _create(cluster, args: list[str], flags: dict) -> str:
    if args and args[0] == "job":
        return _create_job(cluster, args[1:], flags)
    if args:
        raise KubectlError(f'error: {SIMULATOR} does not simulate "kubectl create {args[0]}"')
    if "filename" not in flags:
        raise usage_error("create", "must specify one of -f and -k")
    out, errors = [], []
    for file, document in _read_manifests(flags["filename"]):
        try:
            name = (document.get("metadata") or {}).get("name", "")
            if flags.get("save-config"):
                document = with_last_applied(document, _namespace(flags))
            if _dry_run(flags):
                out.append(f"job.batch/{name} created{_dry_run(flags)}\n")
                continue
            try:
                job = cluster.create(document)
            except ValueError as err:
                raise KubectlError(_manifest_error_text(err, file, name, "creating"))
            out.append(_created_output(job, "created", flags))
        except KubectlError as err:
            errors.append(err.text)
    return "".join(out + errors)


def _create_job(cluster, args: list[str], flags: dict) -> str:
    """``kubectl create job NAME --image=IMAGE -- CMD ...`` (create_job.go createJob)."""
    if not args:
        raise usage_error("create job", "NAME is required")
    if not flags.get("image"):
        raise KubectlError("error: either --image or --from must be specified")
    manifest = create_job_manifest(args[0], flags["image"], flags.get("--", []), cluster.kubectl_version)
    if _dry_run(flags):
        output = flags.get("output", "")
        if output == "yaml":
            return views.to_yaml(manifest)
        if output == "json":
            return go_json_typed(manifest)
        return f"job.batch/{args[0]} created{_dry_run(flags)}\n"
    request = create_job_manifest(args[0], flags["image"], flags.get("--", []))
    del request["status"]
    try:
        job = cluster.create(request)
    except ValueError as err:
        raise KubectlError(f"error: failed to create job: {err}")
    return _created_output(job, "created", flags)


def create_job_manifest(name: str, image: str, command: list[str], kubectl_version: str = "1.34") -> dict:
    """The Job that ``kubectl create job`` sends, as ``--dry-run=client -o yaml`` prints it.

    The container is named after the Job and ``restartPolicy`` is ``Never``.
    Before Kubernetes 1.34 a zero ``creationTimestamp`` printed as ``null``;
    since then it is omitted (kubernetes#130989).
    """
    container = {"name": name, "image": image, "resources": {}}
    if command:
        container["command"] = list(command)
    metadata, template_metadata = {"name": name}, {}
    if views.version_tuple(kubectl_version) < (1, 34):
        metadata, template_metadata = {"name": name, "creationTimestamp": None}, {"creationTimestamp": None}
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata,
            "spec": {"template": {"metadata": template_metadata,
                                  "spec": {"containers": [container], "restartPolicy": "Never"}}},
            "status": {}}


def go_json_typed(manifest: dict) -> str:
    """``-o json`` of the typed Job kubectl built: Go struct field order, not sorted keys."""
    container = manifest["spec"]["template"]["spec"]["containers"][0]
    ordered_container = {k: container[k] for k in ("name", "image", "command", "resources") if k in container}
    ordered = {"kind": "Job", "apiVersion": "batch/v1", "metadata": manifest["metadata"],
               "spec": {"template": {"metadata": manifest["spec"]["template"]["metadata"], "spec": {
                   "containers": [ordered_container], "restartPolicy": "Never"}}},
               "status": {}}
    return views.go_json(ordered, sort_keys=False)


def with_last_applied(document: dict, namespace: str) -> dict:
    """Add kubectl's ``last-applied-configuration`` annotation, as client-side apply does."""
    applied = copy.deepcopy(document)
    metadata = applied.setdefault("metadata", {})
    metadata.setdefault("namespace", namespace)
    annotations = metadata.setdefault("annotations", {})
    annotations.pop(views.LAST_APPLIED_ANNOTATION, None)
    encoded = json.dumps(applied, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        encoded = encoded.replace(char, escaped)
    annotations[views.LAST_APPLIED_ANNOTATION] = encoded + "\n"
    return applied


def _dry_run(flags: dict) -> str:
    """``""`` for a real request, else the suffix kubectl prints: ``" (dry run)"`` or ``" (server dry run)"``."""
    value = flags.get("dry-run", "none")
    if value not in ("none", "client", "server", "unchanged"):
        raise KubectlError(f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".')
    return {"none": "", "server": " (server dry run)"}.get(value, " (dry run)")


def _existing(cluster, name: str):
    try:
        return cluster.get_job(name)
    except NotFound:
        return None


def _state(job) -> tuple:
    return (repr(job.spec), repr(job.labels), repr(job.annotations))


def _created_output(job, verb: str, flags: dict) -> str:
    output = flags.get("output", "")
    if output == "yaml":
        return views.job_yaml(job)
    if output == "json":
        return views.job_json(job)
    return f"job.batch/{job.name} {verb}\n"


def _manifest_error_text(err: ValueError, file: str, name: str, action: str) -> str:
    """A rejected manifest as kubectl prints it (cmdutil.StandardErrorMessage and friends)."""
    if type(err).__name__ == "AlreadyExists":  # cluster.AlreadyExists; matched by name to stay decoupled
        return f'Error from server (AlreadyExists): error when {action} "{file}": {err}'
    causes = getattr(err, "errors", None) or []
    first = causes[0] if causes else None
    field, kind = getattr(first, "field", ""), getattr(first, "type", "")
    if field in ("apiVersion", "kind") and kind == "Required value":  # kubectl's client-side validation
        return (f'error: error validating "{file}": {err}; if you choose to ignore these errors, '
                "turn validation off with --validate=false")
    if field == "kind":
        detail = getattr(first, "detail", str(err))
        if detail.startswith("no matches for kind"):
            return (f'error: resource mapping not found for name: "{name}" namespace: "" from "{file}": '
                    f"{detail}\nensure CRDs are installed first")
        return f"error: {detail}"
    if kind in ("Unknown field", "Invalid type", "Syntax error"):
        return f'Error from server (BadRequest): error when {action} "{file}": {err}'
    if not field and causes:  # a problem with the source as a whole
        return f"error: {err}"
    return invalid_text(name, causes, err)


def invalid_text(name: str, causes: list, err: Exception) -> str:
    """``The Job "x" is invalid: ...``, with one ``* `` line per cause when there are several."""
    header = f'The Job "{name}" is invalid'
    lines = list(dict.fromkeys(_cause_text(c) for c in causes))
    if not lines:
        return f"{header}: {err}"
    if len(lines) == 1:
        return f"{header}: {lines[0]}"
    return f"{header}: \n" + "".join(f"* {line}\n" for line in lines)


def _cause_text(cause) -> str:
    """``<field>: <body>`` of one field error (its ``str`` when it already reads that way)."""
    text = str(cause)
    field = getattr(cause, "field", "")
    if field and text.startswith(f"{field}: "):
        return text
    return f"{field}: {getattr(cause, 'type', '')}: {getattr(cause, 'detail', text)}"


# ---- delete, patch, wait ----------------------------------------------------------------


def _delete(cluster, args: list[str], flags: dict) -> str:
    resource, names = _resource_and_names("delete", args)
    if "filename" in flags:
        resource = "jobs"
        names = [(doc.get("metadata") or {}).get("name", "") for _, doc in _read_manifests(flags["filename"])]
    if not resource:
        raise usage_error("delete", MISSING_RESOURCES)
    kind = _kind_of(resource)
    propagation, warning = _cascade(flags.get("cascade", "background"))
    if kind == "pods":
        return warning + "".join(_delete_pod(cluster, name, flags) for name in names)
    if kind != "jobs":
        raise KubectlError(f'error: {SIMULATOR} deletes Jobs and Pods only, not "{resource}"')
    if not names:
        if not flags.get("all") and "selector" not in flags:
            raise KubectlError("error: resource(s) were provided, but no name was specified")
        names = [j.name for j in sorted(_jobs(cluster, flags), key=lambda j: j.name)]
        if not names:
            return warning + views.no_resources(_namespace(flags))
    out, errors = [warning], []
    for name in names:
        try:
            _job(cluster, name, flags)
        except NotFound as err:
            if not flags.get("ignore-not-found"):
                errors.append(f"Error from server (NotFound): {err}\n")
            continue
        cluster.delete(name, propagation=propagation)
        out.append(_deleted_line("job.batch", name, cluster.kubectl_version, _namespace(flags)))
        if flags.get("wait", True):
            _run_until(cluster, lambda: _existing(cluster, name) is None)
    return "".join(out + errors)


def _delete_pod(cluster, name: str, flags: dict) -> str:
    _pod(cluster, name, flags)
    cluster.delete_pod(name)
    if flags.get("wait", True):
        _run_until(cluster, lambda: all(p.name != name for p in cluster.pods()))
    return _deleted_line("pod", name, cluster.kubectl_version, _namespace(flags))


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


def _run_until(cluster, done) -> None:
    """Let virtual time pass until ``done()`` (kubectl waiting for a deletion)."""
    while not done():
        if cluster.step() is None:
            return


def _patch(cluster, args: list[str], flags: dict) -> str:
    resource, names = _resource_and_names("patch", args)
    if not resource or not names:
        raise usage_error("patch", "resource(s) were provided, but no name was specified" if resource
                          else "Required resource not specified.")
    if _kind_of(resource) != "jobs":
        raise KubectlError(f'error: {SIMULATOR} patches Jobs only, not "{resource}"')
    if "patch" not in flags:
        raise KubectlError("error: must specify --patch or --patch-file containing the contents of the patch")
    patch_type = flags.get("type", "strategic")
    if patch_type not in ("json", "merge", "strategic"):
        raise KubectlError(f'error: --type must be one of [json merge strategic], not "{patch_type}"')
    patch = _parse_patch(flags["patch"])
    out = []
    for name in names:
        job = _job(cluster, name, flags)
        before = _state(job)
        merge_patch = json_patch_to_merge_patch(job.to_dict(), patch) if patch_type == "json" else patch
        try:
            job = cluster.patch(name, merge_patch)
        except ValueError as err:
            raise KubectlError(invalid_text(name, getattr(err, "errors", None) or [], err))
        unchanged = _state(job) == before
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


CONDITIONS = {"complete": "Complete", "failed": "Failed", "suspended": "Suspended",
              "failuretarget": "FailureTarget", "successcriteriamet": "SuccessCriteriaMet"}


def _wait(cluster, args: list[str], flags: dict) -> str:
    resource, names = _resource_and_names("wait", args)
    if not resource:
        raise usage_error("wait", MISSING_RESOURCES)
    if _kind_of(resource) != "jobs":
        raise KubectlError(f'error: {SIMULATOR} waits for Jobs only, not "{resource}"')
    condition = flags.get("for", "")
    if not condition:
        raise KubectlError("error: --for must be set")
    timeout = parse_duration(flags.get("timeout", "30s"))
    if timeout < 0:
        timeout = 7 * 24 * 3600.0  # a negative timeout means a week
    if not names:
        names = [j.name for j in sorted(_jobs(cluster, flags), key=lambda j: j.name)]
    out = []
    for name in names:
        _job(cluster, name, flags)
        if condition == "delete":
            deadline = cluster.now + timeout
            _run_until(cluster, lambda: _existing(cluster, name) is None or cluster.now >= deadline)
            met = _existing(cluster, name) is None
        elif condition.lower().startswith("condition="):
            wanted = condition.split("=")[1]
            met = cluster.wait_for(name, CONDITIONS.get(wanted.lower(), wanted), timeout)
        else:
            raise KubectlError(f"error: unrecognized condition: \"{condition}\"")
        if not met:
            raise KubectlError("".join(out) + f"error: timed out waiting for the condition on jobs/{name}")
        out.append(f"job.batch/{name} condition met\n")
    return "".join(out)
