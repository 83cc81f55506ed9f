"""The shell's builtins: ``exit``, ``set``, ``export``, ``cd``, ``test``/``[``, ``read``, ``eval``, …

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: a builtin changes the calling shell's state (variables,
options, the working directory) or raises the exceptions that end a script or a
loop. Like the programs, each is a function of one ``Call``; ``eval`` and ``.``
parse their text with the same parser and run it in the same interpreter.
``exec`` is in ``containers.run``, next to ``run_program``, which it calls.
"""
from __future__ import annotations

import re

from .call import Call
from .machine import DEFAULT_RUN_SECONDS, ExitShell, LoopControl
from .syntax import VARIABLE_NAME, Sequence, ShellSyntaxError, Unsupported, syntax_message


# ---- shell builtins --------------------------------------------------------


def builtin_exit(call: Call) -> int:
    shell = call.shell
    if len(call.argv) < 2:
        raise ExitShell(shell.status)
    text = call.argv[1]
    if not re.fullmatch(r"-?\d+", text):
        if shell.flavour == "bash":
            shell.fail(f"exit: {text}: numeric argument required", call.io)
        else:
            shell.fail(f"exit: Illegal number: {text}", call.io)
        raise ExitShell(2)
    raise ExitShell(int(text) & 0xFF)


def builtin_set(call: Call) -> int:
    if "--" in call.argv:
        call.shell.positional = call.argv[call.argv.index("--") + 1:]
    for option in call.argv[1:call.argv.index("--") if "--" in call.argv else None]:
        if option.startswith(("-", "+")) and "e" in option and option not in ("-o", "+o"):
            call.shell.errexit = option[0] == "-"
        elif option == "errexit":
            call.shell.errexit = call.argv[call.argv.index(option) - 1] == "-o"
    return 0


def builtin_export(call: Call) -> int:
    for item in call.argv[1:]:
        name, equals, value = item.partition("=")
        if equals and VARIABLE_NAME.fullmatch(name):
            call.shell.assign(name, value)
    return 0


def builtin_unset(call: Call) -> int:
    for name in call.argv[1:]:
        call.shell.vars.pop(name, None)
        call.shell.arrays.pop(name, None)
    return 0


def builtin_cd(call: Call) -> int:
    call.shell.cwd = call.path(call.argv[1]) if len(call.argv) > 1 else "/root"
    return 0


def builtin_loop_control(call: Call) -> int:
    levels = int(call.argv[1]) if len(call.argv) > 1 and call.argv[1].isdigit() else 1
    if call.shell.loop_depth == 0:
        if call.shell.flavour == "bash":
            call.shell.fail(f"{call.argv[0]}: only meaningful in a `for', `while', or `until' loop", call.io)
        return 0
    raise LoopControl(call.argv[0], max(levels, 1))


def builtin_eval(call: Call) -> int:
    tree = call.machine.parse(" ".join(call.argv[1:]), call.shell.flavour)
    if isinstance(tree, ShellSyntaxError):
        call.io.err.write(syntax_message(tree, call.shell.flavour, call.shell.arg0, ""))
        return 2
    if isinstance(tree, Unsupported):
        call.machine.trace.sleep(DEFAULT_RUN_SECONDS)
        return 0
    return call.shell.run_sequence(tree, call.io)


def builtin_test(call: Call) -> int:
    args = call.argv[1:]
    closer = {"[": "]", "[[": "]]"}.get(call.argv[0])
    try:
        if closer and (not args or args[-1] != closer):
            bash = call.shell is not None and call.shell.flavour == "bash"
            raise ValueError(f"missing `{closer}'" if bash else f"missing {closer}")
        return 0 if evaluate_test(args[:-1] if closer else args, call) else 1
    except ValueError as problem:
        if call.shell is None:
            return call.error(f"{call.argv[0]}: {problem}", 2)
        return call.shell.fail(f"{call.argv[0]}: {problem}", call.io)


def evaluate_test(args: list, call: Call) -> bool:
    if args and args[0] == "!":
        return not evaluate_test(args[1:], call)
    if len(args) == 0:
        return False
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        operator, operand = args
        files = call.machine.files
        path = call.path(operand)
        unary = {"-z": lambda: operand == "", "-n": lambda: operand != "",
                 "-e": lambda: path in files or _is_directory(path, files),
                 "-f": lambda: path in files, "-s": lambda: bool(files.get(path)),
                 "-d": lambda: _is_directory(path, files)}
        if operator not in unary:
            raise ValueError(f"{operator}: unexpected operator")
        return unary[operator]()
    if len(args) == 3:
        left, operator, right = args
        if operator in ("=", "=="):
            return left == right
        if operator == "!=":
            return left != right
        if operator in ("<", ">"):
            return left < right if operator == "<" else left > right
        numeric = {"-eq": int.__eq__, "-ne": int.__ne__, "-lt": int.__lt__,
                   "-le": int.__le__, "-gt": int.__gt__, "-ge": int.__ge__}
        if operator in numeric:
            bash = call.shell is not None and call.shell.flavour == "bash"
            return numeric[operator](_test_number(left, bash), _test_number(right, bash))
        raise ValueError(f"{operator}: unexpected operator")
    for joiner in ("-o", "-a", "||", "&&"):
        if joiner in args:
            at = args.index(joiner)
            left, right = evaluate_test(args[:at], call), evaluate_test(args[at + 1:], call)
            return (left or right) if joiner in ("-o", "||") else (left and right)
    raise ValueError("too many arguments")


def _test_number(text: str, bash: bool) -> int:
    if not re.fullmatch(r"\s*-?\d+\s*", text):
        raise ValueError(f"{text}: integer expression expected" if bash else f"Illegal number: {text}")
    return int(text)


def _is_directory(path: str, files: dict) -> bool:
    prefix = path.rstrip("/") + "/"
    return path in ("/", "/tmp", "/root") or any(name.startswith(prefix) for name in files)


def builtin_read(call: Call) -> int:
    """read [-r] [NAME…]: one line of stdin, split on blanks; the last name takes the rest."""
    names = [arg for arg in call.argv[1:] if not arg.startswith("-")] or ["REPLY"]
    line = call.io.stdin.read_line() if call.io.stdin is not None else None
    fields = (line or "").split(None, len(names) - 1) if names != ["REPLY"] else [(line or "").strip()]
    for position, name in enumerate(names):
        call.shell.assign(name, fields[position] if position < len(fields) else "")
    return 1 if line is None else 0


def builtin_true(call: Call) -> int:
    return 0


def builtin_false(call: Call) -> int:
    return 1


def builtin_noop(call: Call) -> int:
    return 0


def builtin_source(call: Call) -> int:
    if len(call.argv) < 2 or call.read(call.argv[1]) is None:
        return call.shell.fail(f"{call.argv[0]}: can't open {call.argv[1:2] or ''}", call.io)
    tree = call.machine.parse(call.read(call.argv[1]), call.shell.flavour)
    if not isinstance(tree, Sequence):
        call.machine.trace.sleep(DEFAULT_RUN_SECONDS)
        return 0
    return call.shell.run_sequence(tree, call.io)
