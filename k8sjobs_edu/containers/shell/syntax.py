"""The shell language as data: the syntax tree, syntax errors and their messages.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: a script is parsed (``parser``, with ``lexer`` for its
words) into these plain dataclasses, which the executor walks. A script that
cannot be parsed is a ``ShellSyntaxError``, reported in the words of the shell
the image really has (``syntax_message``); a feature the interpreter does not
model is ``Unsupported``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # for the parser, $(( )), export and env


# ---- syntax tree ------------------------------------------------------------


@dataclass
class Word:
    parts: list


@dataclass
class Lit:
    text: str


@dataclass
class Single:
    text: str


@dataclass
class Double:
    parts: list


@dataclass
class Param:
    name: str
    index: Word | None = None
    op: str = ""
    arg: Word | None = None
    length: bool = False


@dataclass
class CommandSub:
    body: Sequence


@dataclass
class Arith:
    expression: Word


@dataclass
class Redirect:
    fd: int
    op: str
    target: Word


@dataclass
class Simple:
    assignments: list
    words: list
    redirects: list
    line: int


@dataclass
class Pipeline:
    commands: list
    negate: bool


@dataclass
class AndOr:
    first: Pipeline
    rest: list


@dataclass
class Sequence:
    items: list


@dataclass
class If:
    branches: list
    otherwise: Sequence | None
    redirects: list = field(default_factory=list)


@dataclass
class Loop:
    until: bool
    condition: Sequence
    body: Sequence
    redirects: list = field(default_factory=list)


@dataclass
class For:
    name: str
    words: list | None
    body: Sequence
    redirects: list = field(default_factory=list)


@dataclass
class Group:
    body: Sequence
    subshell: bool
    redirects: list = field(default_factory=list)


# ---- scripts the parser cannot read ---------------------------------------


class ShellSyntaxError(Exception):
    """kind: "token" (unexpected), "quote", "backquote", "eof" (expecting a word), "missing" (a closer),
    or "for" (a bad loop variable).

    ``token`` is the unexpected token or the missing closer.
    """

    def __init__(self, kind: str, line: int, token: str = "", expecting: str = "",
                 plain_word: bool = False) -> None:
        super().__init__(kind, line, token, expecting)
        self.kind, self.line, self.token, self.expecting = kind, line, token, expecting
        self.plain_word = plain_word  # dash and ash call such a token just "word"
        self.before = Sequence([])  # the complete lines ahead of the error: they run first


class Unsupported(Exception):
    """A shell feature the interpreter does not model."""


# ---- messages in each shell's own words ------------------------------------


def syntax_message(problem: ShellSyntaxError, flavour: str, arg0: str, script: str) -> str:
    """The error a real shell prints for a script it cannot parse (all exit 2)."""
    token, line = problem.token, problem.line
    if flavour == "bash":
        where = f"{arg0}: -c: line {line}: "
        if problem.kind in ("quote", "backquote"):
            quote = (problem.token or '"') if problem.kind == "quote" else "`"
            return where + f"unexpected EOF while looking for matching `{quote}'\n"
        if problem.kind == "missing":
            return where + f"unexpected EOF while looking for matching `{token[0]}'\n"
        if problem.kind == "eof" and problem.expecting == ")":
            return f"{arg0}: -c: line {line + 1}: unexpected EOF while looking for matching `)'\n"
        if problem.kind == "eof":
            return f"{arg0}: -c: line {line + 1}: syntax error: unexpected end of file\n"
        source_line = script.split("\n")[line - 1] if line <= script.count("\n") + 1 else ""
        return f"{where}syntax error near unexpected token `{token}'\n{where}`{source_line}'\n"
    quoted = "word" if problem.plain_word else token if token == "newline" else f'"{token}"'
    expecting = f' (expecting "{problem.expecting}")' if problem.expecting else ""
    if flavour == "dash":
        where = f"{arg0}: {line}: "
        if problem.kind == "quote":
            return where + "Syntax error: Unterminated quoted string\n"
        if problem.kind == "backquote":
            return where + "Syntax error: EOF in backquote substitution\n"
        if problem.kind == "for":
            return where + "Syntax error: Bad for loop variable\n"
        if problem.kind == "missing":
            return where + f"Syntax error: Missing '{token}'\n"
        if problem.kind == "eof":
            return where + f"Syntax error: end of file unexpected{expecting}\n"
        return where + f"Syntax error: {quoted} unexpected{expecting}\n"
    where = f"{arg0}: "
    if problem.kind == "quote":
        return where + "syntax error: unterminated quoted string\n"
    if problem.kind == "backquote":
        return where + "syntax error: EOF in backquote substitution\n"
    if problem.kind == "for":
        return where + "syntax error: bad for loop variable\n"
    if problem.kind == "missing":
        return where + f"syntax error: missing '{token}'\n"
    if problem.kind == "eof":
        return where + f"syntax error: unexpected end of file{expecting}\n"
    return where + f"syntax error: unexpected {quoted}{expecting}\n"
