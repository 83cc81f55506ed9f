"""``kubectl`` over a simulated cluster: parse a command line, run it, return the text.

``run(cluster, "kubectl get jobs")`` returns what kubectl prints (stdout and
stderr, in the order a terminal shows them). It never raises: a bad command
comes back as kubectl's own error text. Messages follow
staging/src/k8s.io/kubectl/pkg/cmd (get, describe, logs, apply, create,
create_job, delete, patch, wait) and kubectl's cmdutil error handling.
"""
from __future__ import annotations

import shlex

from ..api.types import NotFound
from .apply import apply_command, create_command
from .common import SIMULATOR, KubectlError, leading_global_flags, parse_flags
from .delete import delete_command
from .describe import describe_command
from .events import events_command
from .get import get_command
from .logs import logs_command
from .patch import patch_command
from .wait import wait_command

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
    handlers = {"get": get_command, "describe": describe_command, "logs": logs_command, "events": events_command,
                "apply": apply_command, "create": create_command, "delete": delete_command, "patch": patch_command,
                "wait": wait_command}
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
