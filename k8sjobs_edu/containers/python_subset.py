"""``python3 -c`` for the docs' snippets: a tiny Python subset, walked by hand.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: a script is read with ``ast.parse`` only (never
``compile``, ``eval``, ``exec`` or ``import``) and its tree is walked with plain
values. Only the node types, modules and calls listed below exist; a script
using anything else runs like an unmodelled program. Like the shell it is
bounded: its loops count towards ``MAX_LOOP_ITERATIONS``, and its strings, lists
and ranges stay small.
"""
from __future__ import annotations

from .shell.call import Call
from .shell.machine import DEFAULT_RUN_SECONDS, FOREVER_SECONDS, MAX_LOOP_ITERATIONS, LoopControl, RunsForever


# ---- a tiny Python subset (the docs' python3 -c snippets) -------------------
#
# Scripts are parsed with ast.parse and walked by hand: only the node types and
# calls listed here exist; anything else makes the script "unmodelled".

_PY_STATEMENTS = ("Module", "Import", "ImportFrom", "alias", "Expr", "Assign", "AugAssign",
                  "If", "For", "While", "Pass", "Break", "Continue")
_PY_EXPRESSIONS = ("Constant", "Name", "Load", "Store", "Attribute", "Subscript", "Call",
                   "keyword", "BinOp", "UnaryOp", "BoolOp", "Compare", "IfExp", "JoinedStr",
                   "FormattedValue", "List", "Tuple", "Index",
                   "Add", "Sub", "Mult", "Div", "FloorDiv", "Mod", "USub", "UAdd", "Not",
                   "And", "Or", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "In", "NotIn", "Is", "IsNot")
_PY_MODULES = {"os", "sys", "time"}
_PY_FUNCTIONS = {"print", "int", "str", "float", "len", "range", "abs", "min", "max", "bool",
                 "exit", "os.environ.get", "os.getenv", "sys.exit", "time.sleep",
                 "sys.stdout.write", "sys.stderr.write"}
_PY_METHODS = {"upper", "lower", "strip", "split", "startswith", "endswith", "replace"}
_PY_NAMES = {"os.environ", "sys.argv", "sys.stdout", "sys.stderr"}
_PY_MAX_SOURCE = 20_000
_PY_MAX_SEQUENCE = 100_000


class _PyExit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _PyFailure(Exception):
    """A Python exception inside the script: type name, message, line."""


def _dotted(node) -> str:
    import ast

    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return _dotted(node.value) + "." + node.attr
    return ""


def python_is_modelled(tree) -> bool:
    """True if every part of the script is one the walker below understands."""
    import ast

    allowed = set(_PY_STATEMENTS) | set(_PY_EXPRESSIONS)
    for node in ast.walk(tree):
        if type(node).__name__ not in allowed:
            return False
        if isinstance(node, ast.Import) and any(a.name not in _PY_MODULES for a in node.names):
            return False
        if isinstance(node, ast.ImportFrom) and (node.module not in _PY_MODULES or any(
                f"{node.module}.{a.name}" not in _PY_FUNCTIONS | _PY_NAMES for a in node.names)):
            return False
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            method = isinstance(node.func, ast.Attribute) and node.func.attr in _PY_METHODS
            if name not in _PY_FUNCTIONS and not method and name.split(".")[-1] not in _PY_FUNCTIONS:
                return False
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            return False
        if isinstance(node, (ast.Assign, ast.For, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if not all(isinstance(target, ast.Name) for target in targets):
                return False
    return True


_UNMODELLED = "unmodelled"


def parse_python(source: str):
    """The checked syntax tree, a SyntaxError to report, or _UNMODELLED."""
    import ast

    if len(source) > _PY_MAX_SOURCE:
        return _UNMODELLED
    try:
        tree = ast.parse(source, "<string>")
    except SyntaxError as problem:
        return problem
    except (ValueError, RecursionError, MemoryError):
        return _UNMODELLED
    if not python_is_modelled(tree):
        return _UNMODELLED
    stray = _loop_control_outside_loop(tree.body, inside_loop=False)
    if stray is not None:  # the compiler's check, which ast.parse does not make
        message = "'break' outside loop" if isinstance(stray, ast.Break) else "'continue' not properly in loop"
        return SyntaxError(message, ("<string>", stray.lineno, None, None))
    return tree


def _loop_control_outside_loop(statements: list, inside_loop: bool):
    import ast

    for statement in statements:
        if isinstance(statement, (ast.Break, ast.Continue)) and not inside_loop:
            return statement
        if isinstance(statement, ast.If):
            found = (_loop_control_outside_loop(statement.body, inside_loop)
                     or _loop_control_outside_loop(statement.orelse, inside_loop))
        elif isinstance(statement, (ast.For, ast.While)):
            found = (_loop_control_outside_loop(statement.body, True)
                     or _loop_control_outside_loop(statement.orelse, inside_loop))
        else:
            found = None
        if found is not None:
            return found
    return None


def python_syntax_error(problem: SyntaxError) -> str:
    """What ``python3 -c`` prints for a script it cannot compile (exit 1)."""
    # The layout of the traceback module's SyntaxError formatting.
    lines = [f'  File "<string>", line {problem.lineno}']
    if problem.text is not None:
        text = problem.text.rstrip("\n")
        stripped = text.lstrip(" \n\f")
        lines.append("    " + stripped)
        if problem.offset is not None:
            start = problem.offset
            end = problem.end_offset if problem.end_offset not in (None, 0) else start
            if end in (start, -1):
                end = start + 1
            column = start - 1 - (len(text) - len(stripped))
            if column >= 0:
                spacing = "".join(char if char.isspace() else " " for char in stripped[:column])
                lines.append("    " + spacing + "^" * (end - start))
    lines.append(f"{type(problem).__name__}: {problem.msg}")
    return "\n".join(lines) + "\n"


def run_python_source(source: str, call: Call) -> int:
    tree = call.machine.parse_cache.get(("python", source))
    if tree is None:
        tree = call.machine.parse_cache[("python", source)] = parse_python(source)
    if isinstance(tree, SyntaxError):
        call.io.err.write(python_syntax_error(tree))
        return 1
    if tree is _UNMODELLED:
        call.machine.trace.sleep(DEFAULT_RUN_SECONDS)
        return 0
    walker = PythonWalker(call)
    try:
        walker.run_block(tree.body)
    except _PyExit as stop:
        return stop.status
    except _PyFailure as failure:
        kind, message, line = failure.args
        call.io.err.write('Traceback (most recent call last):\n'
                          f'  File "<string>", line {line}, in <module>\n'
                          + (f"{kind}: {message}\n" if message else f"{kind}\n"))
        return 1
    return 0


class PythonWalker:
    """Walks a checked Python syntax tree with plain values; no eval, no exec."""

    def __init__(self, call: Call) -> None:
        self.call = call
        self.names: dict = {}
        self.line = 1

    def run_block(self, statements: list) -> None:
        for statement in statements:
            self.line = statement.lineno
            try:
                self.run_statement(statement)
            except (_PyExit, _PyFailure, LoopControl, RunsForever):
                raise
            except RecursionError:
                raise _PyFailure("RecursionError", "maximum recursion depth exceeded", self.line) from None
            except Exception as problem:  # a real Python error of the simulated script
                raise _PyFailure(type(problem).__name__, str(problem), self.line) from None

    def run_statement(self, node) -> None:
        import ast

        if isinstance(node, ast.Import):
            for alias in node.names:
                self.names[alias.asname or alias.name] = ("module", alias.name)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                self.names[alias.asname or alias.name] = ("module", f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Expr):
            self.value(node.value)
        elif isinstance(node, ast.Assign):
            value = self.value(node.value)
            for target in node.targets:
                self.names[target.id] = value
        elif isinstance(node, ast.AugAssign):
            current = self.value(ast.Name(node.target.id, ast.Load()))
            self.names[node.target.id] = self.binary(type(node.op).__name__, current, self.value(node.value))
        elif isinstance(node, ast.If):
            self.run_block(node.body if self.value(node.test) else node.orelse)
        elif isinstance(node, (ast.For, ast.While)):
            self.run_loop(node)
        elif isinstance(node, (ast.Break, ast.Continue)):
            raise LoopControl("break" if isinstance(node, ast.Break) else "continue", 1)

    def run_loop(self, node) -> None:
        import ast

        items = iter(self.value(node.iter)) if isinstance(node, ast.For) else None
        while True:
            self.call.machine.loop_iterations += 1
            if self.call.machine.loop_iterations > MAX_LOOP_ITERATIONS:
                raise RunsForever()
            if items is not None:
                item = next(items, _END)
                if item is _END:
                    break
                self.names[node.target.id] = item
            elif not self.value(node.test):
                break
            try:
                self.run_block(node.body)
            except LoopControl as control:
                if control.kind == "break":
                    return
        self.run_block(node.orelse)

    def value(self, node):
        import ast

        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self.lookup(node)
        if isinstance(node, ast.Subscript):
            container = self.value(node.value)
            key = self.value(node.slice.value if type(node.slice).__name__ == "Index" else node.slice)
            if container == ("module", "os.environ"):
                if key not in self.call.env:
                    raise KeyError(key)
                return self.call.env[key]
            if container == ("module", "sys.argv"):
                return ["-c"][key]
            return container[key]
        if isinstance(node, ast.Call):
            return self.call_function(node)
        if isinstance(node, ast.BinOp):
            return self.binary(type(node.op).__name__, self.value(node.left), self.value(node.right))
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            return {"USub": lambda: -operand, "UAdd": lambda: +operand,
                    "Not": lambda: not operand}[type(node.op).__name__]()
        if isinstance(node, ast.BoolOp):
            result = None
            for operand in node.values:
                result = self.value(operand)
                if bool(result) == isinstance(node.op, ast.Or):
                    return result
            return result
        if isinstance(node, ast.Compare):
            left = self.value(node.left)
            for operator, comparator in zip(node.ops, node.comparators):
                right = self.value(comparator)
                if not _PY_COMPARE[type(operator).__name__](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return self.value(node.body) if self.value(node.test) else self.value(node.orelse)
        if isinstance(node, ast.JoinedStr):
            return "".join(self.value(part) for part in node.values)
        if isinstance(node, ast.FormattedValue):
            value = self.value(node.value)
            return repr(value) if node.conversion == ord("r") else str(value)
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.value(element) for element in node.elts]
            return items if isinstance(node, ast.List) else tuple(items)
        raise TypeError(f"unsupported expression {type(node).__name__}")

    def lookup(self, node):
        import ast

        name = _dotted(node)
        if isinstance(node, ast.Name) and node.id in self.names:
            return self.names[node.id]
        head, _, rest = name.partition(".")
        bound = self.names.get(head)
        if isinstance(bound, tuple) and bound[0] == "module":
            return ("module", bound[1] + ("." + rest if rest else ""))
        if isinstance(node, ast.Attribute):
            return ("method", self.value(node.value), node.attr)
        if name in _PY_FUNCTIONS:
            return ("module", name)
        raise NameError(f"name '{name}' is not defined")

    def call_function(self, node):
        target = self.value(node.func)
        args = [self.value(arg) for arg in node.args]
        kwargs = {keyword.arg: self.value(keyword.value) for keyword in node.keywords}
        if isinstance(target, tuple) and target[0] == "method":
            _, owner, method = target
            if not isinstance(owner, str) or method not in _PY_METHODS:
                raise AttributeError(f"'{type(owner).__name__}' object has no attribute '{method}'")
            return getattr(owner, method)(*args)
        name = target[1] if isinstance(target, tuple) else ""
        out, err = self.call.io.out, self.call.io.err
        if name == "print":
            stream = err if kwargs.get("file") == ("module", "sys.stderr") else out
            stream.write(str(kwargs.get("sep", " ")).join(map(str, args)) + str(kwargs.get("end", "\n")))
            return None
        if name in ("sys.stdout.write", "sys.stderr.write"):
            (out if name.startswith("sys.stdout") else err).write(str(args[0]))
            return len(str(args[0]))
        if name in ("os.environ.get", "os.getenv"):
            return self.call.env.get(args[0], args[1] if len(args) > 1 else None)
        if name in ("sys.exit", "exit"):
            code = args[0] if args else None
            if code is None or isinstance(code, bool) and not code:
                raise _PyExit(0)
            if isinstance(code, int):
                raise _PyExit(code & 0xFF)
            err.write(f"{code}\n")
            raise _PyExit(1)
        if name == "time.sleep":
            self.call.machine.trace.sleep(min(float(args[0]), FOREVER_SECONDS))
            return None
        if name == "range":
            span = range(*args)
            if len(span) > _PY_MAX_SEQUENCE:
                raise RunsForever()
            return span
        builtins = {"int": int, "str": str, "float": float, "len": len, "abs": abs,
                    "min": min, "max": max, "bool": bool}
        if name in builtins:
            return builtins[name](*args)
        raise NameError(f"name '{name}' is not defined")

    @staticmethod
    def binary(operator: str, left, right):
        # Keep the simulated script's values small: no huge strings, lists or integers.
        sequences = (str, list, tuple)
        if operator == "Mult":
            sequence, count = (left, right) if isinstance(left, sequences) else (right, left)
            if isinstance(sequence, sequences) and isinstance(count, int) and len(sequence) * count > _PY_MAX_SEQUENCE:
                raise MemoryError()
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > 65536:
                raise MemoryError()
        if operator == "Add" and isinstance(left, sequences) and isinstance(right, sequences):
            if len(left) + len(right) > _PY_MAX_SEQUENCE:
                raise MemoryError()
        operations = {"Add": lambda: left + right, "Sub": lambda: left - right,
                      "Mult": lambda: left * right, "Div": lambda: left / right,
                      "FloorDiv": lambda: left // right, "Mod": lambda: left % right}
        return operations[operator]()


_END = object()
_PY_COMPARE = {"Eq": lambda a, b: a == b, "NotEq": lambda a, b: a != b, "Lt": lambda a, b: a < b,
               "LtE": lambda a, b: a <= b, "Gt": lambda a, b: a > b, "GtE": lambda a, b: a >= b,
               "In": lambda a, b: a in b, "NotIn": lambda a, b: a not in b,
               "Is": lambda a, b: a is b, "IsNot": lambda a, b: a is not b}
