"""One program invocation: a ``Call`` is what every builtin and program gets.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: a ``Call`` bundles a command's arguments, environment
and streams with the ``Machine`` it runs on and the ``Shell`` that called it
(None when it is the container's own command, or run by ``exec`` or ``env``).
Builtins change that shell; programs only look at it (its flavour, its working directory).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .executor import Shell
from .machine import Machine, Streams


@dataclass
class Call:
    """One program invocation: its arguments, environment and streams."""

    argv: list
    env: dict
    io: Streams
    machine: Machine
    shell: Shell | None  # the calling shell (None for the container's own command)

    @property
    def busybox(self) -> bool:
        return self.machine.image.sh == "ash"

    def error(self, message: str, status: int = 1) -> int:
        self.io.err.write(message + "\n")
        return status

    def path(self, name: str) -> str:
        cwd = self.shell.cwd if self.shell else "/"
        return posixpath.normpath(posixpath.join(cwd, name))

    def read(self, name: str) -> str | None:
        return self.machine.files.get(self.path(name))
