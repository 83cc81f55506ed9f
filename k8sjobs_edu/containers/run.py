"""A small shell interpreter for the commands in Job manifests. It never runs anything.

Container commands are read, not executed: ``sh -c "sleep 30; date"`` becomes
"30 s pass, then one line with the virtual time". The interpreter knows the shell
language (lists, ``&&``/``||``, pipes, ``if``/``for``/``while``, variables,
bash arrays, ``$(...)``, ``$((...))``, redirections, ``set -e``) and a few
programs (``sleep``, ``echo``, ``date``, ``cat``, ``rev``, the docs' ``perl``
π command, simple ``python3 -c`` scripts, …). ``interpret(argv)`` shows what a
container with that command line would do.

Rules that keep it safe and bounded:
- nothing from a manifest reaches ``subprocess``, ``eval``, ``exec``, ``compile``
  or ``import``; Python snippets are read with ``ast.parse`` and walked by hand;
- programs it does not model take ``DEFAULT_RUN_SECONDS`` and exit 0;
- shell features it does not model (``case``, functions, ``&``, here-documents)
  make the whole script run like an unmodelled program;
- loops stop after ``MAX_LOOP_ITERATIONS`` iterations in total: the container then
  counts as running forever (``FOREVER_SECONDS``), like ``while true`` would;
- text beyond ``MAX_TEXT_CHARS`` gets the container OOM-killed (exit 137).

Messages follow the shell the image really has: busybox ``ash`` (busybox, bash
and alpine images: ``sh: this: not found``), Debian's ``dash`` (ubuntu, debian,
perl, python…: ``sh: 1: this: not found``) or ``bash`` (``bash: line 1: this:
command not found``); exit 127 for unknown commands, 2 for syntax errors. Like
the real shells it reads a script line by line, so the lines before a syntax
error run. Simplifications: the commands of a pipe run one after another, and
every variable is exported.

This module is the way in: ``interpret``, ``run_container`` and ``run_program``,
which finds a command among the builtins and programs (the tables at the end)
or decides that it is unmodelled or not found. Every shell it starts is handed
``run_program`` to run its commands with, so the shell needs no table of its own.
The rest lives next door, and every name is importable from here too: in
``shell/``, ``syntax`` (the syntax tree, the syntax-error messages), ``lexer``
and ``parser``, ``executor`` (``Shell``, which runs a parsed script),
``arithmetic`` (``$(( ))``), ``machine`` (the container's clock, log, files and
streams; the bounds), ``call`` (one program invocation) and ``builtins``; beside
this module, ``programs``, ``python_subset`` (``python3 -c``) and ``pi``.
"""
from __future__ import annotations

import re

from .programs import (PI_MAX_DIGITS, PI_SECONDS_FOR_2000_DIGITS, cat, date, echo, fixed_output, format_date,
                       head_or_tail, interpret_escapes, perl, printenv, printf, python, rev, seq, sleep, sort, wc,
                       write_files)
from .python_subset import PythonWalker, parse_python, python_is_modelled, python_syntax_error, run_python_source
from .shell.arithmetic import Arithmetic, ArithmeticProblem, apply_arithmetic, wrap64
from .shell.builtins import (builtin_cd, builtin_eval, builtin_exit, builtin_export, builtin_false,
                             builtin_loop_control, builtin_noop, builtin_read, builtin_set, builtin_source,
                             builtin_test, builtin_true, builtin_unset, evaluate_test)
from .shell.call import Call
from .shell.executor import Shell
from .shell.machine import (DEFAULT_RUN_SECONDS, FOREVER_SECONDS, MAX_LOG_CHARS, MAX_LOOP_ITERATIONS, MAX_TEXT_CHARS,
                            OOM_KILLED_EXIT_CODE, BufferSink, ExitShell, FileSink, Image, Input, LogSink, LoopControl,
                            Machine, NullSink, OutOfMemory, RunsForever, Streams, Trace, image_info)
from .shell.parser import Parser
from .shell.syntax import (VARIABLE_NAME, AndOr, Arith, CommandSub, Double, For, Group, If, Lit, Loop, Param, Pipeline,
                           Redirect, Sequence, ShellSyntaxError, Simple, Single, Unsupported, Word, syntax_message)

# Every public name the module had before it was split stays importable from here.
__all__ = [
    "AndOr", "Arith", "Arithmetic", "ArithmeticProblem", "BUILTINS", "BufferSink", "Call", "CommandSub",
    "DEFAULT_RUN_SECONDS", "Double", "ExitShell", "FOREVER_SECONDS", "FileSink", "For", "Group", "If", "Image",
    "Input", "KNOWN_UNMODELLED", "Lit", "LogSink", "Loop", "LoopControl", "MAX_LOG_CHARS", "MAX_LOOP_ITERATIONS",
    "MAX_TEXT_CHARS", "Machine", "NullSink", "OOM_KILLED_EXIT_CODE", "OutOfMemory", "PI_MAX_DIGITS",
    "PI_SECONDS_FOR_2000_DIGITS", "PROGRAMS", "Param", "Parser", "Pipeline", "PythonWalker", "Redirect",
    "RunsForever", "Sequence", "Shell", "ShellSyntaxError", "Simple", "Single", "Streams", "Trace", "Unsupported",
    "Word", "apply_arithmetic", "builtin_cd", "builtin_eval", "builtin_exec", "builtin_exit", "builtin_export",
    "builtin_false", "builtin_loop_control", "builtin_noop", "builtin_read", "builtin_set", "builtin_source",
    "builtin_test", "builtin_true", "builtin_unset", "cat", "date", "echo", "env_program", "evaluate_test",
    "fixed_output", "format_date", "head_or_tail", "image_info", "interpret", "interpret_escapes", "parse_python",
    "perl", "printenv", "printf", "python", "python_is_modelled", "python_syntax_error", "rev", "run_container",
    "run_program", "run_python_source", "run_shell", "seq", "sleep", "sort", "syntax_message", "wc", "wrap64",
    "write_files",
]


# ---- running a program -------------------------------------------------------


def run_container(argv: list, env: dict, machine: Machine) -> int:
    """Runs a container's command line (after Kubernetes' ``$(VAR)`` expansion)."""
    if not argv:
        machine.trace.sleep(DEFAULT_RUN_SECONDS)  # the image's own entrypoint: unknown
        return 0
    try:
        return run_program(argv, env, Streams(None, machine.log, machine.log), machine, None)
    except RunsForever:
        machine.trace.sleep(FOREVER_SECONDS)
        return 0
    except OutOfMemory:
        return OOM_KILLED_EXIT_CODE


def interpret(argv: list, image: str = "busybox", env: dict | None = None, start: float = 0.0,
              files: dict | None = None, hostname: str = "pod") -> tuple[int, list[tuple[float, str]]]:
    """What a container with this command line would do: (exit code, [(seconds, logs), …]).

    For example ``interpret(["sh", "-c", "sleep 30; date"])`` is
    ``(0, [(30.0, ""), (0.0, "Wed Jan  1 00:00:30 UTC 2025\\n")])``.
    """
    machine = Machine(start, {} if files is None else files, image_info(image), hostname)
    status = run_container(list(argv), dict(env or {}), machine)
    return status, machine.trace.finish()


def run_program(argv: list, env: dict, io: Streams, machine: Machine, shell: Shell | None) -> int:
    """Runs ``argv`` as the shell (or the container runtime) would find it."""
    name = argv[0]
    call = Call(argv, env, io, machine, shell)
    if shell is not None and name in BUILTINS and (name != "[[" or shell.flavour == "bash"):
        return BUILTINS[name](call)
    base = name.rsplit("/", 1)[-1]
    program = PROGRAMS.get(base) or (python if _PYTHON.fullmatch(base) else None)
    if program is not None:
        return program(call)
    if "/" in name and call.read(name) is not None:
        return run_shell(Call([machine.image.sh, name] + argv[1:], env, io, machine, shell))
    if base in KNOWN_UNMODELLED or "/" in name or not machine.image.known:
        machine.trace.sleep(DEFAULT_RUN_SECONDS)
        return 0
    if shell is None:
        # The container runtime cannot start it: no output, exit 128 (reason StartError).
        return 128
    message = "command not found" if shell.flavour == "bash" else "not found"
    return shell.fail(f"{name}: {message}", io, status=127)


_PYTHON = re.compile(r"python(3(\.\d+)?)?")

# Programs present in common images that the interpreter does not model: they
# run for DEFAULT_RUN_SECONDS, print nothing and exit 0.
KNOWN_UNMODELLED = frozenset("""
    apk apt apt-get awk base64 bc cp chmod chown curl cut dd df diff dig du expr find free
    gcc git go grep gzip gunzip host id ip java kill ln ls make md5sum mkfifo mount mv nc
    netstat node nohup npm nproc nslookup od pip pip3 ping ps readlink realpath redis-cli
    ruby sed sha256sum shuf split ssh stat stress sync tac tar tee telnet timeout top touch
    tr traceroute truncate uniq unzip uptime wget which xargs yes zip
""".split())


def run_shell(call: Call) -> int:
    """``sh``/``bash``/``ash``/``dash`` [options] [-c SCRIPT [NAME [ARGS…]] | FILE [ARGS…]]."""
    argv, machine = call.argv, call.machine
    base = argv[0].rsplit("/", 1)[-1]
    flavour = {"bash": "bash", "dash": "dash", "ash": "ash"}.get(base, machine.image.sh)
    arg0, errexit, from_string, position = argv[0], False, False, 1
    while position < len(argv) and argv[position].startswith(("-", "+")) and argv[position] not in ("-", "+"):
        option = argv[position]
        position += 1
        if option == "--":
            break
        if option in ("-o", "+o"):
            position += 1
            continue
        from_string = from_string or "c" in option
        errexit = errexit or (option.startswith("-") and "e" in option)
    rest = argv[position:]
    if from_string:
        if not rest:
            return call.error(f"{arg0}: -c: option requires an argument" if flavour == "bash"
                              else f"{arg0}: 0: -c requires an argument", 2)
        script, rest = rest[0], rest[1:]
        if rest:
            arg0, rest = rest[0], rest[1:]
    elif rest:
        script = call.read(rest[0])
        if script is None:
            if flavour == "bash":
                return call.error(f"{arg0}: {rest[0]}: No such file or directory", 127)
            if flavour == "dash":
                return call.error(f"{arg0}: 0: cannot open {rest[0]}: No such file", 2)
            return call.error(f"{arg0}: can't open '{rest[0]}': No such file or directory", 2)
        arg0, rest = rest[0], rest[1:]
    else:
        script = call.io.read_all()
    shell = Shell(machine, run_program, flavour, arg0, call.env, rest, errexit)
    if call.shell is not None:
        shell.cwd = call.shell.cwd
    return shell.run_script(script, call.io)


# ---- a builtin and a program that run another program: exec and env ---------


def builtin_exec(call: Call) -> int:
    if len(call.argv) == 1:
        return 0
    status = run_program(call.argv[1:], call.env, call.io, call.machine, None)
    raise ExitShell(status)


def env_program(call: Call) -> int:
    args, env = call.argv[1:], dict(call.env)
    while args and "=" in args[0] and VARIABLE_NAME.fullmatch(args[0].partition("=")[0]):
        name, _, value = args.pop(0).partition("=")
        env[name] = value
    if not args:
        return printenv(Call(["printenv"], env, call.io, call.machine, call.shell))
    return run_program(args, env, call.io, call.machine, None)


# ---- the tables --------------------------------------------------------------

BUILTINS = {
    ":": builtin_true, "true": builtin_true, "false": builtin_false, "exit": builtin_exit,
    "echo": echo, "printf": printf, "set": builtin_set, "export": builtin_export,
    "readonly": builtin_export, "local": builtin_export, "unset": builtin_unset,
    "cd": builtin_cd, "break": builtin_loop_control, "continue": builtin_loop_control,
    "eval": builtin_eval, "exec": builtin_exec, "test": builtin_test, "[": builtin_test,
    "[[": builtin_test, ".": builtin_source, "source": builtin_source,
    "read": builtin_read, "wait": builtin_noop, "trap": builtin_noop, "shift": builtin_noop, "umask": builtin_noop,
    "ulimit": builtin_noop,
}

PROGRAMS = {
    "sh": run_shell, "bash": run_shell, "ash": run_shell, "dash": run_shell,
    "echo": echo, "printf": printf, "true": builtin_true, "false": builtin_false,
    "test": builtin_test, "[": builtin_test, "sleep": sleep, "date": date, "cat": cat,
    "rev": rev, "head": head_or_tail, "tail": head_or_tail, "wc": wc, "sort": sort, "seq": seq,
    "touch": write_files, "mkdir": write_files, "rm": write_files, "printenv": printenv,
    "env": env_program, "perl": perl,
    "hostname": fixed_output(lambda call: call.machine.hostname),
    "pwd": fixed_output(lambda call: call.shell.cwd if call.shell else "/"),
    "whoami": fixed_output(lambda call: "root"),
    "uname": fixed_output(lambda call: "Linux"),
}
