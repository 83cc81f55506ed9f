"""The programs the interpreter models: ``sleep``, ``echo``, ``date``, ``cat``, ``perl``, …

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: each program here is a Python function of one ``Call``
that writes to the call's streams, reads and writes the pod's files as a dict and
moves the virtual clock; nothing touches the host. Messages follow the image's
tools (busybox or GNU coreutils). ``perl`` models only the docs' π command, and
``python`` hands ``-c`` scripts to ``python_subset``. The programs that run other
programs (the shells, ``env``) are in ``containers.run``, next to ``run_program``.
"""
from __future__ import annotations

import re

from .python_subset import run_python_source
from .shell.call import Call
from .shell.machine import DEFAULT_RUN_SECONDS, FOREVER_SECONDS, OutOfMemory, RunsForever


# ---- programs ----------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "r": "\r", "v": "\v",
            "f": "\f", "e": "\x1b"}


def interpret_escapes(text: str) -> tuple[str, bool]:
    """echo -e / printf escapes; the flag says whether ``\\c`` cut the output short."""
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char != "\\" or index + 1 == len(text):
            out.append(char)
            index += 1
            continue
        following = text[index + 1]
        if following == "c":
            return "".join(out), True
        if following == "0" or following.isdigit() and following < "8":
            digits = re.match(r"0?[0-7]{0,3}", text[index + 1:]).group()
            out.append(chr(int(digits or "0", 8) & 0xFF))
            index += 1 + len(digits)
            continue
        out.append(_ESCAPES.get(following, "\\" + following))
        index += 2
    return "".join(out), False


def echo(call: Call) -> int:
    args = call.argv[1:]
    newline = True
    # dash's builtin echo always reads escapes and knows only -n.
    escapes = call.shell is not None and call.shell.flavour == "dash"
    flags = "n" if escapes else "neE"
    while args and re.fullmatch(f"-[{flags}]+", args[0]):
        newline = newline and "n" not in args[0]
        if not escapes or "n" not in flags:
            escapes = "e" in args[0] or (escapes and "E" not in args[0])
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, cut = interpret_escapes(text)
        newline = newline and not cut
    call.io.out.write(text + ("\n" if newline else ""))
    return 0


def printf(call: Call) -> int:
    if len(call.argv) < 2:
        return call.error("printf: usage: printf format [arguments]", 2 if call.shell else 1)
    template, args = call.argv[1], call.argv[2:]
    output = []
    while True:
        text, args = _format_once(template, args)
        output.append(text)
        if not args or "%" not in template.replace("%%", ""):
            break
    call.io.out.write(interpret_escapes("".join(output))[0])
    return 0


def _format_once(template: str, args: list) -> tuple[str, list]:
    pieces, index = [], 0
    for match in re.finditer(r"%([-+ 0#]*\d*(?:\.\d+)?)([sdifxXoc%])", template):
        pieces.append(template[index:match.start()])
        index = match.end()
        flags, kind = match.groups()
        if any(int(number) > 10_000 for number in re.findall(r"\d+", flags)):
            raise OutOfMemory()
        if kind == "%":
            pieces.append("%")
            continue
        value, args = (args[0], args[1:]) if args else ("", args)
        if kind in "dixXoc" and kind != "c":
            number = int(value) if re.fullmatch(r"\s*[-+]?\d+\s*", value) else 0
            pieces.append(("%" + flags + ("d" if kind == "i" else kind)) % number)
        elif kind == "f":
            number = float(value) if re.fullmatch(r"\s*[-+]?\d+(\.\d*)?\s*", value) else 0.0
            pieces.append(("%" + flags + "f") % number)
        else:
            pieces.append(("%" + flags + "s") % (value[:1] if kind == "c" else value))
    pieces.append(template[index:])
    return "".join(pieces), args


_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def sleep(call: Call) -> int:
    if len(call.argv) < 2:
        return call.error("sleep: missing operand")
    total = 0.0
    for text in call.argv[1:]:
        if text in ("inf", "infinity"):
            total = FOREVER_SECONDS
            continue
        match = _DURATION.fullmatch(text)
        if not match:
            if call.busybox:
                return call.error(f"sleep: invalid number '{text}'")
            return call.error(f"sleep: invalid time interval '{text}'\n"
                              "Try 'sleep --help' for more information.")
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    call.machine.trace.sleep(min(total, FOREVER_SECONDS))
    return 0


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def format_date(moment, template: str = "%a %b %e %H:%M:%S %Z %Y") -> str:
    """``date``'s formatting in the C locale and UTC; the default is GNU/busybox date's."""
    fields = {
        "a": _DAYS[moment.weekday()], "A": _DAY_NAMES[moment.weekday()],
        "b": _MONTHS[moment.month - 1], "h": _MONTHS[moment.month - 1],
        "B": _MONTH_NAMES[moment.month - 1], "d": f"{moment.day:02d}", "e": f"{moment.day:2d}",
        "H": f"{moment.hour:02d}", "I": f"{(moment.hour - 1) % 12 + 1:02d}",
        "M": f"{moment.minute:02d}", "S": f"{moment.second:02d}", "Y": str(moment.year),
        "y": f"{moment.year % 100:02d}", "m": f"{moment.month:02d}", "j": f"{moment.timetuple().tm_yday:03d}",
        "p": "AM" if moment.hour < 12 else "PM", "Z": "UTC", "z": "+0000",
        "s": str(int(moment.timestamp())), "N": "000000000", "u": str(moment.isoweekday()),
        "w": str(moment.isoweekday() % 7), "n": "\n", "t": "\t", "%": "%",
        "F": f"{moment.year}-{moment.month:02d}-{moment.day:02d}",
        "T": f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}",
        "R": f"{moment.hour:02d}:{moment.minute:02d}",
        "D": f"{moment.month:02d}/{moment.day:02d}/{moment.year % 100:02d}",
    }
    return re.sub(r"%(.)", lambda match: fields.get(match.group(1), match.group(0)), template)


def date(call: Call) -> int:
    from datetime import timedelta

    from ..api.timestamps import EPOCH

    moment = EPOCH + timedelta(seconds=int(call.machine.now() // 1))
    template = "%a %b %e %H:%M:%S %Z %Y"
    for arg in call.argv[1:]:
        if arg.startswith("+"):
            template = arg[1:]
        elif arg in ("-R", "--rfc-2822", "--rfc-email"):
            template = "%a, %d %b %Y %H:%M:%S +0000"
        elif arg in ("-I", "--iso-8601", "-Idate"):
            template = "%F"
        elif arg in ("-Iseconds", "--iso-8601=seconds"):
            template = "%FT%T+00:00"
    call.io.out.write(format_date(moment, template) + "\n")
    return 0


def _inputs(call: Call, program: str) -> tuple[list[str], int]:
    """The texts a filter reads: its file arguments, or stdin."""
    names = [arg for arg in call.argv[1:] if not arg.startswith("-") or arg == "-"]
    if not names:
        return [call.io.read_all()], 0
    texts, status = [], 0
    for name in names:
        text = call.io.read_all() if name == "-" else call.read(name)
        if text is None:
            if call.busybox:
                message = f"{program}: can't open '{name}': No such file or directory"
            elif program == "rev":  # util-linux
                message = f"rev: cannot open {name}: No such file or directory"
            else:  # GNU coreutils
                message = f"{program}: {name}: No such file or directory"
            status = call.error(message)
        else:
            texts.append(text)
    return texts, status


def cat(call: Call) -> int:
    texts, status = _inputs(call, "cat")
    call.io.out.write("".join(texts))
    return status


def rev(call: Call) -> int:
    texts, status = _inputs(call, "rev")
    for text in texts:
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\n")
            call.io.out.write(body[::-1] + line[len(body):])
    return status


def head_or_tail(call: Call) -> int:
    count, args = 10, []
    argv = call.argv[1:]
    while argv:
        arg = argv.pop(0)
        if arg == "-n" and argv:
            count = int(argv.pop(0)) if argv[0].isdigit() else 10
        elif re.fullmatch(r"-n?\d+", arg):
            count = int(arg.lstrip("-n"))
        else:
            args.append(arg)
    program = call.argv[0].rsplit("/", 1)[-1]
    texts, status = _inputs(Call([program] + args, call.env, call.io, call.machine, call.shell), program)
    for text in texts:
        lines = text.splitlines(keepends=True)
        call.io.out.write("".join(lines[:count] if program == "head" else lines[-count:] if count else []))
    return status


def wc(call: Call) -> int:
    texts, status = _inputs(call, "wc")
    text = "".join(texts)
    counts = {"-l": text.count("\n"), "-w": len(text.split()), "-c": len(text.encode())}
    chosen = [flag for flag in call.argv[1:] if flag in counts] or ["-l", "-w", "-c"]
    call.io.out.write(" ".join(str(counts[flag]) for flag in chosen) + "\n")
    return status


def sort(call: Call) -> int:
    texts, status = _inputs(call, "sort")
    lines = "".join(texts).splitlines()
    reverse = any(arg in ("-r", "-nr", "-rn") for arg in call.argv[1:])
    if any(arg in ("-n", "-nr", "-rn") for arg in call.argv[1:]):
        lines.sort(key=lambda line: float(re.match(r"\s*(-?\d*\.?\d*)", line).group(1) or 0), reverse=reverse)
    else:
        lines.sort(reverse=reverse)
    call.io.out.write("".join(line + "\n" for line in lines))
    return status


def seq(call: Call) -> int:
    numbers = [arg for arg in call.argv[1:] if re.fullmatch(r"-?\d+", arg)]
    if not numbers or len(numbers) != len(call.argv) - 1 or len(numbers) > 3:
        return call.error("seq: invalid argument")
    first, step, last = 1, 1, int(numbers[-1])
    if len(numbers) >= 2:
        first = int(numbers[0])
    if len(numbers) == 3:
        step = int(numbers[1])
    if step == 0 or abs(last - first) // abs(step) > 100_000:
        raise RunsForever()
    call.io.out.write("".join(f"{number}\n" for number in range(first, last + (1 if step > 0 else -1), step)))
    return 0


def write_files(call: Call) -> int:
    """touch / mkdir / rm: only touch leaves a trace (an empty file)."""
    program = call.argv[0].rsplit("/", 1)[-1]
    for name in call.argv[1:]:
        if name.startswith("-"):
            continue
        path = call.path(name)
        if program == "touch":
            call.machine.files.setdefault(path, "")
        elif program == "rm":
            call.machine.files.pop(path, None)
    return 0


def printenv(call: Call) -> int:
    names = call.argv[1:]
    if names:
        values = [call.env[name] for name in names if name in call.env]
        call.io.out.write("".join(value + "\n" for value in values))
        return 0 if len(values) == len(names) else 1
    call.io.out.write("".join(f"{name}={value}\n" for name, value in call.env.items()))
    return 0


def fixed_output(text_for):
    def program(call: Call) -> int:
        call.io.out.write(text_for(call) + "\n")
        return 0
    return program


def perl(call: Call) -> int:
    """Only the docs' ``perl -Mbignum=bpi -wle 'print bpi(N)'`` is modelled."""
    from .pi import bpi

    modules, code, newline = [], None, False
    args = call.argv[1:]
    while args:
        arg = args.pop(0)
        if arg.startswith("-M"):
            modules.append(arg[2:])
        elif arg.startswith("-") and code is None and len(arg) > 1:
            newline = newline or "l" in arg
            if "e" in arg.lstrip("-").replace("E", "e"):
                letters = arg[1:].lower()
                inline = arg[1 + letters.index("e") + 1:]
                code = inline or (args.pop(0) if args else "")
        else:
            break
    match = re.fullmatch(r"\s*print\s*\(?\s*bpi\(\s*(\d+)\s*\)\s*\)?\s*;?\s*", code or "")
    digits = int(match.group(1)) if match else 0
    if not (0 < digits <= PI_MAX_DIGITS and any(m.startswith(("bignum", "bigrat", "bigfloat")) for m in modules)):
        call.machine.trace.sleep(DEFAULT_RUN_SECONDS)
        return 0
    # The docs: "computes π to 2000 places … takes about 10s"; bignum work grows as N².
    call.machine.trace.sleep(PI_SECONDS_FOR_2000_DIGITS * max(digits / 2000, 0.1) ** 2)
    call.io.out.write(bpi(digits) + ("\n" if newline else ""))
    return 0


PI_SECONDS_FOR_2000_DIGITS = 10.0
PI_MAX_DIGITS = 20_000


def python(call: Call) -> int:
    """``python3 -c SCRIPT`` runs through a tiny Python subset; anything else is unmodelled."""
    args = call.argv[1:]
    while args and args[0].startswith("-") and args[0] not in ("-c", "-m", "-"):
        args = args[1:]
    source = None
    if len(args) >= 2 and args[0] == "-c":
        source = args[1]
    elif args and not args[0].startswith("-"):
        source = call.read(args[0])
    if source is None:
        call.machine.trace.sleep(DEFAULT_RUN_SECONDS)
        return 0
    return run_python_source(source, call)
