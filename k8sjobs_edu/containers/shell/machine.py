"""What a command sees when it runs: the image, the clock, the log, files and streams.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: a ``Machine`` is one simulated container run (virtual
clock, log ``Trace``, the pod's files as a dict) and ``Streams`` are a command's
stdin, stdout and stderr on it. The bounds that keep every run small and finite
are here too, with the exceptions that carry control flow: ``exit``,
``break``/``continue``, a run that would never end (``RunsForever``) or that
outgrows the bounds (``OutOfMemory``).
"""
from __future__ import annotations

from dataclasses import dataclass

from .parser import Parser
from .syntax import ShellSyntaxError, Unsupported

DEFAULT_RUN_SECONDS = 1.0  # what an unmodelled program (or script) takes
FOREVER_SECONDS = 1e9  # "sleep infinity", endless loops: ~31 years of virtual time
MAX_LOOP_ITERATIONS = 1000  # per container run, all loops together
MAX_LOG_CHARS = 1_000_000  # per container run; the rest is dropped
MAX_TEXT_CHARS = 1_000_000  # a variable, word, file or captured output; beyond it: OOM-killed (137)


# ---- what the container sees ------------------------------------------------


@dataclass(frozen=True)
class Image:
    """What the interpreter assumes about a container image.

    ``known`` images are public base images whose programs we know, so an
    unknown command there is "not found"; in any other image it might be the
    image's own program and runs for ``DEFAULT_RUN_SECONDS``. ``sh`` names the
    shell behind ``/bin/sh``: "ash" (busybox), "dash" (Debian) or "bash".
    """

    name: str
    known: bool
    sh: str


_ASH_IMAGES = {"busybox", "alpine", "bash"}  # docker.io/library/bash is alpine-based
_DASH_IMAGES = {"ubuntu", "debian", "perl", "python", "node", "golang", "ruby", "redis",
                "openjdk", "eclipse-temurin", "buildpack-deps", "nginx", "httpd", "postgres"}


def image_info(image: str | None) -> Image:
    """``"docker.io/library/bash:5"`` → ``Image("bash", known=True, sh="ash")``."""
    reference = (image or "").split("@", 1)[0]
    last = reference.rsplit("/", 1)[-1]
    name, _, tag = last.partition(":")
    if name in _ASH_IMAGES or (name in _DASH_IMAGES and "alpine" in tag):
        return Image(name, True, "ash")
    if name in _DASH_IMAGES:
        return Image(name, True, "dash")
    return Image(name, False, "dash")


class Trace:
    """What one container printed over time, as steps ``(seconds, logs)``.

    A step's logs are printed at its start; sleeping with nothing new to print
    stretches the previous step instead of adding one.
    """

    __slots__ = ("steps", "pending", "elapsed", "chars")

    def __init__(self) -> None:
        self.steps: list[list] = []
        self.pending: list[str] = []
        self.elapsed = 0.0
        self.chars = 0

    def write(self, text: str) -> None:
        if self.chars < MAX_LOG_CHARS:
            self.pending.append(text[: MAX_LOG_CHARS - self.chars])
            self.chars += len(text)

    def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        if self.pending:
            self.steps.append([seconds, "".join(self.pending)])
            self.pending = []
        elif self.steps:
            self.steps[-1][0] += seconds
        else:
            self.steps.append([seconds, ""])
        self.elapsed += seconds

    def finish(self) -> list[tuple[float, str]]:
        """The steps, with anything printed at the very end as a last 0 s step."""
        if self.pending or not self.steps:
            self.steps.append([0.0, "".join(self.pending)])
            self.pending = []
        return [(seconds, logs) for seconds, logs in self.steps]


class Machine:
    """One container run: its clock and log, the pod's files and the image."""

    def __init__(self, start: float, files: dict, image: Image, hostname: str,
                 parse_cache: dict | None = None) -> None:
        self.start = start  # virtual seconds since the cluster started
        self.files = files  # path → text, shared by the pod's containers (emptyDir)
        self.image = image
        self.hostname = hostname
        self.trace = Trace()
        self.log = LogSink(self.trace)
        self.loop_iterations = 0
        self.parse_cache = parse_cache if parse_cache is not None else {}

    def now(self) -> float:
        return self.start + self.trace.elapsed

    def parse(self, script: str, flavour: str):
        """The parsed script (cached per flavour), or the ShellSyntaxError / Unsupported."""
        key = (flavour, script)
        tree = self.parse_cache.get(key)
        if tree is None:
            try:
                tree = Parser(script, bash=flavour == "bash").parse_script()
            except (ShellSyntaxError, Unsupported) as problem:
                tree = problem
            except RecursionError:
                tree = Unsupported("deeply nested script")
            if len(self.parse_cache) > 256:
                self.parse_cache.clear()
            self.parse_cache[key] = tree
        return tree


class LogSink:
    def __init__(self, trace: Trace) -> None:
        self.write = trace.write


class BufferSink:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.size += len(text)
        if self.size > MAX_TEXT_CHARS:
            raise OutOfMemory()
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


class FileSink:
    def __init__(self, files: dict, path: str) -> None:
        self.files = files
        self.path = path

    def write(self, text: str) -> None:
        content = self.files.get(self.path, "") + text
        if len(content) > MAX_TEXT_CHARS:
            raise OutOfMemory()
        self.files[self.path] = content


class NullSink:
    def write(self, text: str) -> None:
        pass


class Input:
    """A command's standard input: text that reads consume."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def read_all(self) -> str:
        rest = self.text[self.position:]
        self.position = len(self.text)
        return rest

    def read_line(self) -> str | None:
        if self.position >= len(self.text):
            return None
        end = self.text.find("\n", self.position)
        end = len(self.text) if end < 0 else end + 1
        line = self.text[self.position:end]
        self.position = end
        return line.rstrip("\n")


@dataclass
class Streams:
    stdin: Input | None
    out: object
    err: object

    def read_all(self) -> str:
        return self.stdin.read_all() if self.stdin is not None else ""


# ---- control flow inside the interpreter ------------------------------------


class ExitShell(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class RunsForever(Exception):
    """The container would never finish (an endless loop)."""


class OutOfMemory(Exception):
    """The script builds text beyond MAX_TEXT_CHARS: the container is OOM-killed."""


OOM_KILLED_EXIT_CODE = 137  # 128 + SIGKILL


class LoopControl(Exception):
    def __init__(self, kind: str, levels: int) -> None:
        super().__init__(kind, levels)
        self.kind, self.levels = kind, levels
