"""The executor: a ``Shell`` walks a parsed script, command by command.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: a shell runs each command through the ``run_program``
it is given (``containers.run.run_program``, which looks it up in the
interpreter's own tables) and every effect is on the simulated ``Machine``. This
module holds one shell process: its variables and options, lists, ``&&``/``||``,
pipes, ``if``/``for``/``while``, redirections, ``set -e`` and the expansions
(parameters, ``$(...)``, ``$((...))``, field splitting). Simplifications: the
commands of a pipe run one after another, and every variable is exported.
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable

from .arithmetic import Arithmetic, ArithmeticProblem
from .machine import (DEFAULT_RUN_SECONDS, MAX_LOOP_ITERATIONS, MAX_TEXT_CHARS, BufferSink, ExitShell, FileSink, Input,
                      LoopControl, Machine, NullSink, OutOfMemory, RunsForever, Streams)
from .syntax import (AndOr, Arith, CommandSub, Double, For, If, Lit, Loop, Param, Pipeline, Sequence, ShellSyntaxError,
                     Simple, Single, Unsupported, Word, syntax_message)

# How a shell runs a command: (argv, env, streams, machine, calling shell) → exit status.
RunProgram = Callable[[list, dict, Streams, Machine, "Shell | None"], int]


# ---- the shell --------------------------------------------------------------


class Shell:
    """One shell process: its variables, options and the script it runs (each command by ``run_program``)."""

    def __init__(self, machine: Machine, run_program: RunProgram, flavour: str, arg0: str, env: dict,
                 positional: list | None = None, errexit: bool = False) -> None:
        self.machine = machine
        self.run_program = run_program
        self.flavour = flavour
        self.arg0 = arg0
        self.vars = dict(env)
        self.arrays: dict[str, list[str]] = {}
        self.positional = positional or []
        self.errexit = errexit
        self.status = 0
        self.line = 1
        self.cwd = "/"
        self.condition_depth = 0
        self.loop_depth = 0
        self.err = machine.log
        self.substitution_status = None  # status of the last $(...) in the current command

    def child(self) -> Shell:
        """A subshell: a copy of this shell's state; changes stay inside."""
        clone = Shell(self.machine, self.run_program, self.flavour, self.arg0, self.vars, self.positional,
                      self.errexit)
        clone.arrays = {name: list(values) for name, values in self.arrays.items()}
        clone.status, clone.line, clone.cwd, clone.err = self.status, self.line, self.cwd, self.err
        return clone

    def prefix(self) -> str:
        """How this shell starts an error message: "sh: 1: " (dash), "bash: line 1: ", "sh: " (ash)."""
        if self.flavour == "dash":
            return f"{self.arg0}: {self.line}: "
        if self.flavour == "bash":
            return f"{self.arg0}: line {self.line}: "
        return f"{self.arg0}: "

    def cannot_open(self, name: str, io: Streams) -> None:
        """A redirection from a missing file."""
        messages = {"dash": f"cannot open {name}: No such file", "bash": f"{name}: No such file or directory"}
        self.fail(messages.get(self.flavour, f"can't open '{name}': No such file or directory"), io)

    def fail(self, message: str, io: Streams, status: int = 2) -> int:
        io.err.write(self.prefix() + message + "\n")
        return status

    def run_script(self, script: str, io: Streams) -> int:
        tree = self.machine.parse(script, self.flavour)
        if isinstance(tree, ShellSyntaxError):
            try:
                self.run_sequence(tree.before, io)
            except ExitShell as stop:
                return stop.status
            except LoopControl:
                pass
            io.err.write(syntax_message(tree, self.flavour, self.arg0, script))
            return 2
        if isinstance(tree, Unsupported):
            self.machine.trace.sleep(DEFAULT_RUN_SECONDS)
            return 0
        try:
            return self.run_sequence(tree, io)
        except ExitShell as stop:
            return stop.status
        except LoopControl:
            return 0

    # ---- commands
    def run_sequence(self, sequence: Sequence, io: Streams) -> int:
        status = 0
        for item in sequence.items:
            status, exempt = self.run_and_or(item, io)
            if status and self.errexit and not self.condition_depth and not exempt:
                raise ExitShell(status)
        return status

    def run_and_or(self, item: AndOr, io: Streams) -> tuple[int, bool]:
        """(status, exempt): set -e ignores a status from a non-final or negated pipeline."""
        pipelines = [item.first] + [pipeline for _, pipeline in item.rest]
        operators = [None] + [operator for operator, _ in item.rest]
        status, exempt = 0, False
        for position, (operator, pipeline) in enumerate(zip(operators, pipelines)):
            if operator == "&&" and status != 0 or operator == "||" and status == 0:
                continue
            is_last = position == len(pipelines) - 1
            self.condition_depth += not is_last
            try:
                status = self.run_pipeline(pipeline, io)
            finally:
                self.condition_depth -= not is_last
            exempt = not is_last or pipeline.negate
        return status, exempt

    def run_pipeline(self, pipeline: Pipeline, io: Streams) -> int:
        self.condition_depth += pipeline.negate
        try:
            if len(pipeline.commands) == 1:
                status = self.run_command(pipeline.commands[0], io)
            else:
                status = self.run_piped(pipeline.commands, io)
        finally:
            self.condition_depth -= pipeline.negate
        if pipeline.negate:
            status = 0 if status else 1
        self.status = status
        return status

    def run_piped(self, commands: list, io: Streams) -> int:
        # Simplification: the commands of a pipe run one after another.
        stdin, status = io.stdin, 0
        for position, command in enumerate(commands):
            out = io.out if position == len(commands) - 1 else BufferSink()
            try:
                status = self.child().run_command(command, Streams(stdin, out, io.err))
            except ExitShell as stop:
                status = stop.status
            if out is not io.out:
                stdin = Input(out.text())
        return status

    def run_command(self, command, io: Streams) -> int:
        if isinstance(command, Simple):
            return self.run_simple(command, io)
        io = self.redirect(command.redirects, io)
        if io is None:
            return 1
        if isinstance(command, If):
            for condition, body in command.branches:
                if self.run_condition(condition, io) == 0:
                    return self.run_sequence(body, io)
            return self.run_sequence(command.otherwise, io) if command.otherwise else 0
        if isinstance(command, Loop):
            return self.run_loop(command, io)
        if isinstance(command, For):
            values = self.positional if command.words is None else self.expand_words(command.words)
            return self.run_loop(command, io, values)
        if command.subshell:
            try:
                return self.child().run_sequence(command.body, io)
            except ExitShell as stop:
                return stop.status
        return self.run_sequence(command.body, io)

    def run_condition(self, condition: Sequence, io: Streams) -> int:
        self.condition_depth += 1
        try:
            return self.run_sequence(condition, io)
        finally:
            self.condition_depth -= 1

    def run_loop(self, loop, io: Streams, values: list | None = None) -> int:
        status, count = 0, 0
        self.loop_depth += 1
        try:
            while True:
                self.machine.loop_iterations += 1
                if self.machine.loop_iterations > MAX_LOOP_ITERATIONS:
                    raise RunsForever()
                if values is not None:
                    if count == len(values):
                        break
                    self.vars[loop.name] = values[count]
                    count += 1
                elif (self.run_condition(loop.condition, io) == 0) == loop.until:
                    break
                try:
                    status = self.run_sequence(loop.body, io)
                except LoopControl as control:
                    if control.levels > 1:
                        raise LoopControl(control.kind, control.levels - 1) from None
                    if control.kind == "break":
                        break
        finally:
            self.loop_depth -= 1
        return status

    def run_simple(self, command: Simple, io: Streams) -> int:
        self.line = command.line
        self.err = io.err
        self.substitution_status = None
        argv = self.expand_words(command.words)
        values = [(name, self.assigned_value(value)) for name, value in command.assignments]
        if not argv:
            for name, value in values:
                self.assign(name, value)
            io = self.redirect(command.redirects, io)
            if io is None:
                return 2 if self.flavour == "dash" else 1
            return self.substitution_status or 0
        io = self.redirect(command.redirects, io)
        if io is None:
            return 2 if self.flavour == "dash" else 1
        overrides = {name: value for name, value in values if isinstance(value, str)}
        return self.run_program(argv, self.exported(overrides), io, self.machine, self)

    def exported(self, overrides: dict) -> dict:
        # Simplification: every variable is exported to child programs.
        if not overrides:
            return self.vars
        env = dict(self.vars)
        env.update(overrides)
        return env

    def assigned_value(self, value):
        if isinstance(value, list):
            return self.expand_words(value)
        return "".join(self.expand_word(value, split=False))

    def assign(self, name: str, value) -> None:
        size = sum(map(len, value)) if isinstance(value, list) else len(value)
        if size > MAX_TEXT_CHARS:
            raise OutOfMemory()
        if isinstance(value, list):
            self.arrays[name] = value
            self.vars.pop(name, None)
        else:
            self.vars[name] = value
            self.arrays.pop(name, None)

    # ---- redirections
    def redirect(self, redirects: list, io: Streams) -> Streams | None:
        if not redirects:
            return io
        io = Streams(io.stdin, io.out, io.err)
        for redirect in redirects:
            target = " ".join(self.expand_word(redirect.target))
            if redirect.op in (">&", "<&"):
                source = {"1": io.out, "2": io.err}.get(target, NullSink())
                if redirect.fd == 2:
                    io.err = source
                else:
                    io.out = source
                continue
            path = self.resolve(target)
            if redirect.op == "<":
                if path not in self.machine.files:
                    self.cannot_open(target, io)
                    return None
                io.stdin = Input(self.machine.files[path])
                continue
            sink = self.open_for_writing(path, append=redirect.op == ">>", io=io)
            if redirect.op == "&>":
                io.out = io.err = sink
            elif redirect.fd == 2:
                io.err = sink
            else:
                io.out = sink
        return io

    def open_for_writing(self, path: str, append: bool, io: Streams):
        special = {"/dev/null": NullSink(), "/dev/stdout": io.out, "/dev/stderr": io.err}
        if path in special:
            return special[path]
        if not append:
            self.machine.files[path] = ""
        return FileSink(self.machine.files, path)

    def resolve(self, path: str) -> str:
        return posixpath.normpath(posixpath.join(self.cwd, path))

    # ---- expansions
    def expand_words(self, words: list) -> list[str]:
        fields: list[str] = []
        for word in words:
            fields.extend(self.expand_word(word))
        return fields

    def expand_word(self, word: Word, split: bool = True) -> list[str]:
        """A word → its fields: quotes keep text together, unquoted expansions split."""
        fields = [[]]  # each field: list of text pieces
        solid = [False]  # whether the field exists even when empty ("" or '')
        for part in word.parts:
            if isinstance(part, Lit):
                fields[-1].append(part.text)
                solid[-1] = True
            elif isinstance(part, Single):
                fields[-1].append(part.text)
                solid[-1] = True
            elif isinstance(part, Double):
                values = [self.expand_part(inner) for inner in part.parts]
                # "$@" with no parameters makes no field at all, unlike "".
                solid[-1] = solid[-1] or not values or any(value != [] for value in values)
                for value in values:
                    if isinstance(value, list):  # "$@", "${a[@]}": one field each
                        for position, item in enumerate(value):
                            if position:
                                fields.append([])
                                solid.append(True)
                            fields[-1].append(item)
                    else:
                        fields[-1].append(value)
            else:
                value = self.expand_part(part)
                if isinstance(value, list):
                    value = " ".join(value)
                if not split:
                    fields[-1].append(value)
                    continue
                pieces = value.split()
                if value[:1].isspace() and (fields[-1] or solid[-1]):
                    fields.append([])
                    solid.append(False)
                for position, piece in enumerate(pieces):
                    if position:
                        fields.append([])
                        solid.append(False)
                    fields[-1].append(piece)
                if pieces and value[-1:].isspace():
                    fields.append([])
                    solid.append(False)
        if sum(len(piece) for pieces in fields for piece in pieces) > MAX_TEXT_CHARS:
            raise OutOfMemory()
        return ["".join(pieces) for pieces, keep in zip(fields, solid) if pieces or keep]

    def expand_part(self, part):
        if isinstance(part, (Lit, Single)):
            return part.text
        if isinstance(part, Double):
            return "".join(value if isinstance(value, str) else " ".join(value)
                           for value in map(self.expand_part, part.parts))
        if isinstance(part, Param):
            return self.parameter(part)
        if isinstance(part, CommandSub):
            return self.substitute(part.body)
        if isinstance(part, Arith):
            return str(self.arithmetic(self.expand_part(part.expression)))
        raise TypeError(f"unknown word part {part!r}")

    def substitute(self, body: Sequence) -> str:
        captured = BufferSink()
        try:
            status = self.child().run_sequence(body, Streams(None, captured, self.err))
        except ExitShell as stop:
            status = stop.status
        except LoopControl:
            status = 0
        self.substitution_status = status
        return captured.text().rstrip("\n")

    def parameter(self, param: Param):
        name = param.name
        if param.op == "bad":
            io = Streams(None, None, self.err)
            if self.flavour == "bash":
                self.err.write(f"{self.arg0}: {param.arg.parts[0].text}: bad substitution\n")
                raise ExitShell(1)
            self.fail("Bad substitution" if self.flavour == "dash" else "syntax error: bad substitution", io)
            raise ExitShell(2)
        value = self.lookup(param)
        if param.length:
            return str(len(value) if isinstance(value, list) else len(value or ""))
        op = param.op
        if op:
            is_set = value is not None and (not op.startswith(":") or value != "")
            if op in (":-", "-") and not is_set:
                return self.expand_part(param.arg.parts[0])
            if op in (":=", "=") and not is_set:
                value = self.expand_part(param.arg.parts[0])
                self.assign(name, value)
                return value
            if op in (":+", "+"):
                return self.expand_part(param.arg.parts[0]) if is_set else ""
            if op in (":?", "?") and not is_set:
                unset = {":?": "parameter not set or null", "?": "parameter not set"}[op]
                if self.flavour == "bash" and op == ":?":
                    unset = "parameter null or not set"
                message = self.expand_part(param.arg.parts[0]) or unset
                self.fail(f"{name}: {message}", Streams(None, None, self.err))
                raise ExitShell(127 if self.flavour == "bash" else 2)
        return "" if value is None else value

    def lookup(self, param: Param):
        name = param.name
        if name in ("@", "*"):
            return list(self.positional)
        special = {"?": str(self.status), "#": str(len(self.positional)), "$": "1",
                   "!": "", "-": "", "0": self.arg0}
        if name in special:
            return special[name]
        if name.isdigit():
            number = int(name)
            return self.positional[number - 1] if number <= len(self.positional) else None
        if param.index is not None:
            subscript = self.expand_part(param.index.parts[0])
            array = self.arrays.get(name)
            if array is None:
                array = [self.vars[name]] if name in self.vars else []
            if subscript in ("@", "*"):
                return list(array)
            position = self.arithmetic(subscript)
            if position < 0:
                position += len(array)
            return array[position] if 0 <= position < len(array) else None
        if name in self.vars:
            return self.vars[name]
        array = self.arrays.get(name)
        return array[0] if array else None

    def arithmetic(self, text: str) -> int:
        try:
            try:
                return Arithmetic(text, self).evaluate()
            except RecursionError:  # bash gives up past 1024 levels; Python's stack ends sooner
                raise ArithmeticProblem("expression recursion level exceeded") from None
        except ArithmeticProblem as problem:
            if self.flavour == "bash":
                token = f' (error token is "{problem.token}")' if problem.token else ""
                self.fail(f"{text}: {problem.bash_message}{token}", Streams(None, None, self.err))
                raise ExitShell(1) from None
            self.fail(f"arithmetic expression: {problem}: \"{text}\"", Streams(None, None, self.err))
            raise ExitShell(2) from None
