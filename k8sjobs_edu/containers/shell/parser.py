"""The shell parser: script text → syntax tree (``shell_syntax``).

Part of the command interpreter in ``shell``, which never runs anything from a
manifest: this module only reads text. It parses POSIX sh the way the real
shells do, line by line (so the lines before a syntax error still run), plus
bash arrays when the shell is bash. Features the interpreter does not model
(``case``, functions, ``&``, here-documents, ``(( ))``) raise ``Unsupported``.
"""
from __future__ import annotations

import re

from .syntax import (VARIABLE_NAME, AndOr, Arith, CommandSub, Double, For, Group, If, Lit, Loop, Param, Pipeline,
                           Redirect, Sequence, ShellSyntaxError, Simple, Single, Unsupported, Word)


# ---- parser -----------------------------------------------------------------

_META = frozenset(" \t\n;&|<>()")
_RESERVED_AT_START = re.compile(r"[A-Za-z{}!]+")
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")
_REDIRECT = re.compile(r"(\d?)(>>|>&|<&|&>|>\||<<|>|<)")
_RAW_WORD = re.compile(r"[^\s;&|<>()]+")
_TOKEN_NAMES = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until",
                          "for", "in", "{", "}", "!"})
_CLOSERS = frozenset({"then", "elif", "else", "fi", "do", "done", "}"})
_UNSUPPORTED_WORDS = {"case": "case", "function": "functions", "select": "select"}


class Parser:
    """Recursive descent over POSIX sh (plus bash arrays when ``bash``)."""

    def __init__(self, text: str, bash: bool) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.bash = bash

    # characters
    def peek(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.text[index] if index < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        self.line += self.text.count("\n", self.pos, self.pos + count)
        self.pos += count

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_blanks(self) -> None:
        while True:
            char = self.peek()
            if char in (" ", "\t"):
                self.advance()
            elif char == "\\" and self.peek(1) == "\n":
                self.advance(2)
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.advance((len(self.text) if end < 0 else end) - self.pos)
            else:
                return

    def skip_newlines(self) -> None:
        self.skip_blanks()
        while self.peek() == "\n":
            self.advance()
            self.skip_blanks()

    def peek_reserved(self) -> str:
        match = _RESERVED_AT_START.match(self.text, self.pos)
        if not match:
            return ""
        after = self.text[match.end():match.end() + 1]
        return match.group() if after == "" or after in _META else ""

    # errors
    def unexpected(self, expecting: str = "") -> ShellSyntaxError:
        self.skip_blanks()
        if self.at_end():
            return ShellSyntaxError("eof", self.line, expecting=expecting)
        word = _RAW_WORD.match(self.text, self.pos)
        token = word.group() if word else self.peek()
        for double in (";;", "&&", "||", ">>", "<<"):
            if self.text.startswith(double, self.pos):
                token = double
        if token == "\n":
            token = "newline"
        plain_word = word is not None and token not in _TOKEN_NAMES
        return ShellSyntaxError("token", self.line, token, expecting, plain_word)

    def expect(self, word: str) -> None:
        self.skip_newlines()
        if self.peek_reserved() != word:
            raise self.unexpected(expecting=word)
        self.advance(len(word))

    # grammar
    def parse_script(self) -> Sequence:
        """The whole script, line by line as the shells read it.

        A syntax error carries ``before``, the complete lines ahead of it: the
        shell runs those before it reports the error.
        """
        items: list = []
        try:
            while True:
                self.skip_newlines()
                if self.at_end():
                    return Sequence(items)
                line = self.parse_sequence(frozenset(), one_line=True)
                if not line.items or not self.at_end() and self.peek() != "\n":
                    raise self.unexpected()
                items.extend(line.items)
        except ShellSyntaxError as problem:
            problem.before = Sequence(items)
            raise

    def parse_sequence(self, stops: frozenset, one_line: bool = False) -> Sequence:
        items = []
        while True:
            if not (one_line and items):
                self.skip_newlines()
            if self.at_end() or self.peek() == ")" or self.peek_reserved() in stops:
                return Sequence(items)
            items.append(self.parse_and_or())
            self.skip_blanks()
            char = self.peek()
            if char == "&" and self.peek(1) != "&":
                raise Unsupported("background jobs (&)")
            if char == ";" and self.peek(1) != ";":
                self.advance()
                self.skip_blanks()
                if one_line and self.peek() in ("\n", ""):
                    return Sequence(items)
            elif char != "\n" or one_line:
                return Sequence(items)

    def commands(self, stops: frozenset, expecting: str) -> Sequence:
        """A non-empty command list (the body of if, while, {…}) up to one of ``stops``."""
        sequence = self.parse_sequence(stops)
        if not sequence.items:
            raise self.unexpected(expecting=expecting)
        return sequence

    def parse_and_or(self) -> AndOr:
        first = self.parse_pipeline()
        rest = []
        while True:
            self.skip_blanks()
            operator = self.text[self.pos:self.pos + 2]
            if operator not in ("&&", "||"):
                return AndOr(first, rest)
            self.advance(2)
            self.skip_newlines()
            rest.append((operator, self.parse_pipeline()))

    def parse_pipeline(self) -> Pipeline:
        self.skip_blanks()
        negate = self.peek_reserved() == "!"
        if negate:
            self.advance()
        commands = [self.parse_command()]
        while True:
            self.skip_blanks()
            if self.peek() != "|" or self.peek(1) == "|":
                return Pipeline(commands, negate)
            self.advance()
            self.skip_newlines()
            commands.append(self.parse_command())

    def parse_command(self):
        self.skip_blanks()
        word = self.peek_reserved()
        if word in _UNSUPPORTED_WORDS:
            raise Unsupported(_UNSUPPORTED_WORDS[word])
        if word in _CLOSERS or word == "!":
            raise self.unexpected()
        if word == "if":
            command = self.parse_if()
        elif word in ("while", "until"):
            self.advance(len(word))
            condition = self.commands(frozenset({"do"}), "do")
            self.expect("do")
            body = self.commands(frozenset({"done"}), "done")
            self.expect("done")
            command = Loop(word == "until", condition, body)
        elif word == "for":
            command = self.parse_for()
        elif word == "{":
            self.advance()
            body = self.commands(frozenset({"}"}), "}")
            self.expect("}")
            command = Group(body, subshell=False)
        elif self.peek() == "(":
            if self.peek(1) == "(":
                raise Unsupported("arithmetic commands (( ))")
            self.advance()
            body = self.commands(frozenset(), ")")
            self.skip_newlines()
            if self.peek() != ")":
                raise self.unexpected(expecting=")")
            self.advance()
            command = Group(body, subshell=True)
        else:
            return self.parse_simple()
        command.redirects = self.parse_redirects()
        return command

    def parse_if(self) -> If:
        self.advance(2)
        branches = []
        while True:
            condition = self.commands(frozenset({"then"}), "then")
            self.expect("then")
            body = self.commands(frozenset({"elif", "else", "fi"}), "fi")
            branches.append((condition, body))
            self.skip_newlines()
            word = self.peek_reserved()
            if word not in ("elif", "else", "fi"):
                raise self.unexpected(expecting="fi")
            self.advance(len(word))
            if word == "elif":
                continue
            if word == "fi":
                return If(branches, None)
            if word == "else":
                otherwise = self.commands(frozenset({"fi"}), "fi")
                self.expect("fi")
                return If(branches, otherwise)

    def parse_for(self) -> For:
        self.advance(3)
        self.skip_blanks()
        match = VARIABLE_NAME.match(self.text, self.pos)
        if not match or _RAW_WORD.match(self.text, self.pos).group() != match.group():
            if self.bash:
                raise self.unexpected() if not self.at_end() else ShellSyntaxError("token", self.line, "newline")
            raise ShellSyntaxError("for", self.line)
        self.advance(match.end() - self.pos)
        self.skip_blanks()
        words = None
        if self.peek_reserved() == "in":
            self.advance(2)
            words = []
            while True:
                self.skip_blanks()
                if self.peek() in (";", "\n", ""):
                    break
                words.append(self.parse_word())
        self.skip_blanks()
        if self.peek() == ";":
            self.advance()
        self.expect("do")
        body = self.commands(frozenset({"done"}), "done")
        self.expect("done")
        return For(match.group(), words, body)

    def parse_redirects(self) -> list:
        redirects = []
        while True:
            self.skip_blanks()
            redirect = self.try_redirect()
            if redirect is None:
                return redirects
            redirects.append(redirect)

    def try_redirect(self) -> Redirect | None:
        match = _REDIRECT.match(self.text, self.pos)
        if not match:
            return None
        digits, operator = match.groups()
        if operator == "<<":
            raise Unsupported("here-documents")
        self.advance(match.end() - self.pos)
        self.skip_blanks()
        if self.at_end() and self.bash:
            raise ShellSyntaxError("token", self.line, token="newline")
        if self.at_end() or self.peek() in _META:
            raise self.unexpected()
        default_fd = 0 if operator in ("<", "<&") else 1
        return Redirect(int(digits) if digits else default_fd, operator, self.parse_word())

    def parse_simple(self) -> Simple:
        line = self.line
        assignments, words, redirects = [], [], []
        while True:
            self.skip_blanks()
            char = self.peek()
            if char == "" or char in "\n;&|)":
                break
            if char == "(":
                if len(words) == 1 and self.text.startswith("()", self.pos):
                    raise Unsupported("functions")
                raise self.unexpected()
            redirect = self.try_redirect()
            if redirect is not None:
                redirects.append(redirect)
                continue
            word = self.parse_word()
            assignment = None if words else self.split_assignment(word)
            if assignment is None:
                words.append(word)
            else:
                assignments.append(assignment)
        if not (assignments or words or redirects):
            raise self.unexpected()
        return Simple(assignments, words, redirects, line)

    def split_assignment(self, word: Word):
        """``NAME=value`` → (name, Word); ``NAME=(a b)`` → (name, [Word, …]) in bash."""
        first = word.parts[0] if word.parts else None
        match = _ASSIGNMENT.match(first.text) if isinstance(first, Lit) else None
        if not match:
            return None
        rest = first.text[match.end():]
        value = Word(([Lit(rest)] if rest else []) + word.parts[1:])
        if not value.parts and self.peek() == "(":
            if not self.bash:
                raise self.unexpected()
            return match.group(1), self.parse_array()
        return match.group(1), value

    def parse_array(self) -> list:
        self.advance()
        words = []
        while True:
            self.skip_newlines()
            if self.at_end():
                raise ShellSyntaxError("missing", self.line, token=")")
            if self.peek() == ")":
                self.advance()
                return words
            words.append(self.parse_word())

    def parse_word(self) -> Word:
        """One word; an operator or the end of the text where a word must be is a syntax error."""
        start = self.pos
        word = self.parse_word_parts()
        if self.pos == start:
            raise self.unexpected()
        return word

    def parse_word_parts(self) -> Word:
        parts: list = []
        literal: list[str] = []

        def flush() -> None:
            if literal:
                parts.append(Lit("".join(literal)))
                literal.clear()

        while not self.at_end():
            char = self.peek()
            if char in _META:
                break
            if char == "'":
                end = self.text.find("'", self.pos + 1)
                if end < 0:
                    raise ShellSyntaxError("quote", self.line, token="'")
                flush()
                parts.append(Single(self.text[self.pos + 1:end]))
                self.advance(end + 1 - self.pos)
            elif char == '"':
                flush()
                parts.append(self.parse_double())
            elif char == "\\":
                if self.peek(1) != "\n":
                    literal.append(self.peek(1) or "\\")  # a backslash at the very end stays
                self.advance(2)
            elif char in "$`":
                flush()
                parts.append(self.parse_dollar() if char == "$" else self.parse_backtick())
            else:
                literal.append(char)
                self.advance()
        flush()
        return Word(parts)

    def parse_double(self, closer: str = '"') -> Double:
        start_line = self.line
        if closer == '"':
            self.advance()
        parts: list = []
        literal: list[str] = []
        while True:
            char = self.peek()
            if char == "" and closer == "\0":  # parsing a whole sub-text
                break
            if char == "":
                if closer == '"':
                    raise ShellSyntaxError("quote", start_line, token='"')
                raise ShellSyntaxError("missing", start_line, token="}")
            if char == closer:
                if closer == '"':
                    self.advance()
                break
            if char == "\\" and self.peek(1) in '$`"\\\n' + closer:
                if self.peek(1) != "\n":
                    literal.append(self.peek(1))
                self.advance(2)
            elif char in "$`":
                if literal:
                    parts.append(Lit("".join(literal)))
                    literal = []
                parts.append(self.parse_dollar() if char == "$" else self.parse_backtick())
            elif char == '"' and closer != '"':
                parts.append(self.parse_double())
            else:
                literal.append(char)
                self.advance()
        if literal:
            parts.append(Lit("".join(literal)))
        return Double(parts)

    def parse_dollar(self):
        following = self.peek(1)
        if following == "(" and self.peek(2) == "(":
            return self.parse_arith()
        if following == "(":
            self.advance(2)
            body = self.parse_sequence(frozenset())
            self.skip_newlines()
            if self.peek() != ")":
                raise self.unexpected(expecting=")")
            self.advance()
            return CommandSub(body)
        if following == "{":
            return self.parse_braced_param()
        match = VARIABLE_NAME.match(self.text, self.pos + 1)
        if match:
            self.advance(match.end() - self.pos)
            return Param(match.group())
        if following and following in "0123456789?#$!@*-":
            self.advance(2)
            return Param(following)
        self.advance()
        return Lit("$")

    def parse_arith(self) -> Arith:
        start, depth, index = self.pos + 3, 2, self.pos + 3
        while index < len(self.text):
            char = self.text[index]
            depth += (char == "(") - (char == ")")
            if depth == 0:
                break
            index += 1
        if depth:
            raise ShellSyntaxError("missing", self.line, token="))")
        inner = self.text[start:index - 1]
        self.advance(index + 1 - self.pos)
        return Arith(Parser(inner, self.bash).parse_double(closer="\0"))

    def parse_braced_param(self) -> Param:
        start, line = self.pos, self.line
        self.advance(2)
        length = self.peek() == "#" and self.peek(1) not in ("}", "")
        if length:
            self.advance()
        match = VARIABLE_NAME.match(self.text, self.pos)
        if match:
            name = match.group()
            self.advance(len(name))
        elif self.peek() and self.peek() in "0123456789?#$!@*-":
            name = self.peek()
            self.advance()
        else:
            return self.bad_substitution(start, line)
        index = None
        if self.peek() == "[":
            if not self.bash:
                return self.bad_substitution(start, line)
            end = self.text.find("]", self.pos)
            if end < 0:
                raise ShellSyntaxError("missing", line, token="}")
            index = Parser(self.text[self.pos + 1:end], True).parse_double(closer="\0")
            self.advance(end + 1 - self.pos)
        op = ""
        for candidate in (":-", ":=", ":+", ":?", "-", "=", "+", "?"):
            if self.text.startswith(candidate, self.pos):
                op = candidate
                self.advance(len(candidate))
                break
        arg = None
        if op:
            arg = Word([self.parse_double(closer="}")])
        if self.peek() != "}":
            if self.at_end():
                raise ShellSyntaxError("missing", line, token="}")
            if self.peek() in ("%", "#", "/", ":", "^", ","):
                raise Unsupported("parameter patterns")
            return self.bad_substitution(start, line)
        self.advance()
        return Param(name, Word([index]) if index else None, op, arg, length)

    def bad_substitution(self, start: int, line: int) -> Param:
        """``${…}`` the shell cannot read: an error when it is expanded, not when parsed."""
        end = self.text.find("}", self.pos)
        if end < 0:
            raise ShellSyntaxError("missing", line, token="}")
        self.advance(end + 1 - self.pos)
        return Param("", op="bad", arg=Word([Lit(self.text[start:end + 1])]))

    def parse_backtick(self) -> CommandSub:
        chars, index = [], self.pos + 1
        while index < len(self.text) and self.text[index] != "`":
            if self.text[index] == "\\" and index + 1 < len(self.text) and self.text[index + 1] in "`\\$":
                index += 1
            chars.append(self.text[index])
            index += 1
        if index >= len(self.text):
            raise ShellSyntaxError("backquote", self.line)
        self.advance(index + 1 - self.pos)
        return CommandSub(Parser("".join(chars), self.bash).parse_script())
