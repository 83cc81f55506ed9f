"""One container of a pod template, run through the interpreter: what the kubelet would start.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest. A ``ContainerCommand`` reads a container of the pod
template once (command and args, env, image) and then, for each pod, sets the
environment as Kubernetes does (``JOB_COMPLETION_INDEX``, ``value`` with
``$(VAR)`` expansion, ``fieldRef`` values from the pod), expands ``$(VAR)`` in
the command line and runs it with ``run.run_container`` on a fresh ``Machine``.
The pod is only read (name, namespace, index, labels, …); the cluster turns the
results into a pod's outcome (``cluster.command_workload``).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from ..api.wellknown import JOB_COMPLETION_INDEX
from .run import Machine, image_info, run_container

_REFERENCE = re.compile(r"\$(\$|\(([A-Za-z_][A-Za-z0-9_.-]*)\))")


def expand_references(text: str, env: Mapping) -> str:
    """Kubernetes' ``$(VAR)`` expansion in command, args and env values.

    ``$(VAR)`` becomes VAR's value when the container defines VAR and stays as
    written otherwise; ``$$`` is an escaped ``$`` (third_party/forked/golang/expansion).
    """
    if "$" not in text:
        return text

    def replace(match: re.Match) -> str:
        if match.group(1) == "$":
            return "$"
        name = match.group(2)
        return env[name] if name in env else match.group(0)

    return _REFERENCE.sub(replace, text)


_FIELD_REF = re.compile(r"metadata\.(labels|annotations)\['(.+)'\]")


class ContainerCommand:
    """One container of the template: its command line, environment and image."""

    def __init__(self, container: Mapping) -> None:
        self.name = str(container.get("name", ""))
        self.image = image_info(container.get("image"))
        command = [str(arg) for arg in container.get("command") or ()]
        args = [str(arg) for arg in container.get("args") or ()]
        # Known base images have no ENTRYPOINT, so args alone replace their CMD.
        self.argv = command + args if command or self.image.known else []
        self.env_spec = list(container.get("env") or ())
        self.expands = any("$" in arg for arg in self.argv)

    def environment(self, pod) -> dict:
        """The container's variables, as Kubernetes sets them (declared order)."""
        env: dict[str, str] = {}
        if pod.index is not None:
            env["JOB_COMPLETION_INDEX"] = str(pod.index)
        for entry in self.env_spec:
            name = str(entry.get("name", ""))
            if "value" in entry or "valueFrom" not in entry:
                env[name] = expand_references(str(entry.get("value", "")), env)
            else:
                env[name] = self.field_value(entry["valueFrom"], pod)
        return env

    @staticmethod
    def field_value(source: Mapping, pod) -> str:
        path = str((source.get("fieldRef") or {}).get("fieldPath", ""))
        simple = {"metadata.name": pod.name, "metadata.namespace": pod.namespace,
                  "spec.nodeName": pod.node_name or "", "status.podIP": pod.ip or "",
                  "spec.serviceAccountName": "default"}
        if path in simple:
            return simple[path]
        match = _FIELD_REF.fullmatch(path)
        if match:
            kind, key = match.groups()
            if kind == "annotations" and key == JOB_COMPLETION_INDEX and pod.index is not None:
                return str(pod.index)
            return str((pod.labels if kind == "labels" else pod.annotations).get(key, ""))
        return ""  # secrets, config maps, resources: not modelled

    def run(self, pod, start: float, files: dict, parse_cache: dict) -> tuple[int, float, list]:
        """(exit code, seconds, steps) of this container starting at virtual time ``start``."""
        env = self.environment(pod)
        hostname = pod.hostname or pod.name
        machine = Machine(start, files, self.image, hostname, parse_cache)
        argv = [expand_references(arg, env) for arg in self.argv] if self.expands else self.argv
        shell_env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                     "HOSTNAME": hostname, "HOME": "/root", **env}
        status = run_container(argv, shell_env, machine)
        return status, machine.trace.elapsed, machine.trace.finish()
