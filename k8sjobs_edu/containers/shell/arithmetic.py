"""Shell arithmetic, ``$(( ))``: C operators and precedence on 64-bit integers.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: the expression is tokenised and evaluated by hand,
never by Python's ``eval``. Errors carry both dash's and bash's wording; a
variable's value is itself read as an expression, to a bounded depth.
"""
from __future__ import annotations

import re
from typing import Protocol

from .syntax import VARIABLE_NAME, Param


# ---- $(( )) ----------------------------------------------------------------


class Variables(Protocol):
    """What arithmetic needs from the shell (an ``executor.Shell``): its flavour and its variables."""

    flavour: str

    def lookup(self, param: Param) -> str | list[str] | None: ...

    def assign(self, name: str, value: str) -> None: ...


class ArithmeticProblem(Exception):
    """dash's words in ``str()``; bash's in ``bash_message`` and ``token`` (the text from the culprit on)."""

    def __init__(self, message: str, bash_message: str = "", token: str = "") -> None:
        super().__init__(message)
        self.bash_message = bash_message or message
        self.token = token


_ARITH_TOKEN = re.compile(r"\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/%]=|"
                          r"\*\*|<=|>=|==|!=|&&|\|\||<<|>>|[-+*/%()<>!~?:&|^=])")
_ASSIGNING = ("=", "+=", "-=", "*=", "/=", "%=")
_BINARY_LEVELS = [("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="),
                  ("<<", ">>"), ("+", "-"), ("*", "/", "%")]


class Arithmetic:
    """Shell arithmetic on integers: C operators and precedence, variables by name."""

    def __init__(self, text: str, shell: Variables, depth: int = 0) -> None:
        self.tokens, self.offsets, position = [], [], 0
        text = self.text = text.strip()
        while position < len(text):
            match = _ARITH_TOKEN.match(text, position)
            if not match:  # an unknown character: the parse fails when it gets there
                self.tokens.append(text[position:])
                self.offsets.append(position)
                break
            self.tokens.append(match.group(1))
            self.offsets.append(match.start(1))
            position = match.end()
            while position < len(text) and text[position].isspace():
                position += 1
        self.index = 0
        self.shell = shell
        self.depth = depth

    def evaluate(self) -> int:
        if not self.tokens:
            return 0
        value = self.assignment()
        if self.index != len(self.tokens):
            raise ArithmeticProblem("expecting EOF")
        return value

    def take(self, *choices: str) -> str | None:
        if self.index < len(self.tokens) and self.tokens[self.index] in choices:
            self.index += 1
            return self.tokens[self.index - 1]
        return None

    def assignment(self) -> int:
        is_assignment = (len(self.tokens) > self.index + 1 and self.tokens[self.index + 1] in _ASSIGNING
                         and VARIABLE_NAME.fullmatch(self.tokens[self.index]))
        if not is_assignment:
            return self.ternary()
        name, operator = self.tokens[self.index], self.tokens[self.index + 1]
        self.index += 2
        value = self.assignment()
        if operator != "=":
            value = apply_arithmetic(operator[0], self.primary_value(name), value)
        self.shell.assign(name, str(value))
        return value

    def ternary(self) -> int:
        condition = self.binary(0)
        if self.take("?"):
            yes = self.ternary()
            if not self.take(":"):
                raise ArithmeticProblem("expecting ':'")
            no = self.ternary()
            return yes if condition else no
        return condition

    def binary(self, level: int) -> int:
        if level == len(_BINARY_LEVELS):
            return self.power()
        value = self.binary(level + 1)
        while True:
            operator = self.take(*_BINARY_LEVELS[level])
            if operator is None:
                return value
            start = self.index
            right = self.binary(level + 1)
            if operator in ("/", "%") and right == 0:
                culprit = self.text[self.offsets[start]:] if start < len(self.tokens) else ""
                raise ArithmeticProblem("division by zero", "division by 0", culprit)
            value = apply_arithmetic(operator, value, right)

    def power(self) -> int:
        # bash and busybox (not dash): right-associative, and -2 ** 2 is (-2) ** 2.
        base = self.unary()
        if self.shell.flavour == "dash" and self.take("**"):
            raise ArithmeticProblem("expecting primary")
        if self.take("**"):
            exponent = self.power()
            if exponent < 0:
                raise ArithmeticProblem("exponent less than 0")
            return wrap64(pow(base, exponent, 1 << 64))
        return base

    def unary(self) -> int:
        operator = self.take("-", "+", "!", "~")
        if operator:
            value = self.unary()
            return wrap64({"-": -value, "+": value, "!": int(not value), "~": ~value}[operator])
        return self.primary()

    def primary(self) -> int:
        if self.take("("):
            value = self.ternary()
            if not self.take(")"):
                raise ArithmeticProblem("expecting ')'")
            return value
        if self.index >= len(self.tokens):
            raise ArithmeticProblem("expecting primary")
        token = self.tokens[self.index]
        self.index += 1
        if token[0].isdigit():
            if token[:2].lower() == "0x":
                return wrap64(int(token, 16))
            if token.startswith("0") and len(token) > 1:  # C octal, as both shells read it
                if not set(token) <= set("01234567"):
                    raise ArithmeticProblem("expecting EOF", "value too great for base", token)
                return wrap64(int(token, 8))
            return wrap64(int(token))
        if VARIABLE_NAME.fullmatch(token):
            return self.primary_value(token)
        raise ArithmeticProblem("expecting primary")

    def primary_value(self, name: str) -> int:
        """A variable's value, itself read as an arithmetic expression (empty is 0)."""
        text = self.shell.lookup(Param(name)) or ""
        if isinstance(text, list) or self.depth > 8:
            raise ArithmeticProblem("expecting primary")
        return Arithmetic(text, self.shell, self.depth + 1).evaluate()


def wrap64(value: int) -> int:
    """Shell arithmetic is 64-bit signed: results wrap around."""
    return (value + (1 << 63)) % (1 << 64) - (1 << 63)


def apply_arithmetic(operator: str, left: int, right: int) -> int:
    if operator in ("/", "%"):
        if right == 0:
            raise ArithmeticProblem("division by zero")
        quotient = abs(left) // abs(right) * (1 if (left < 0) == (right < 0) else -1)
        return wrap64(quotient if operator == "/" else left - quotient * right)
    if operator in ("<<", ">>"):
        right &= 63  # as the CPU masks the shift count
    results = {
        "||": lambda: int(bool(left or right)), "&&": lambda: int(bool(left and right)),
        "|": lambda: left | right, "^": lambda: left ^ right, "&": lambda: left & right,
        "==": lambda: int(left == right), "!=": lambda: int(left != right),
        "<": lambda: int(left < right), "<=": lambda: int(left <= right),
        ">": lambda: int(left > right), ">=": lambda: int(left >= right),
        "<<": lambda: left << right, ">>": lambda: left >> right,
        "+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
    }
    return wrap64(results[operator]())
