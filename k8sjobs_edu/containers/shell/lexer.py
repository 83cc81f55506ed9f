"""The shell lexer: the characters, blanks, comments and words of a script.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: this module only reads text. A ``Lexer`` is a cursor
over the script (with the line number that error messages quote) that skips
blanks, line continuations and comments, recognises reserved words, and reads
words: quoting, ``$name``/``${…}`` parameters, ``$(( ))`` and the two command
substitutions, ``$(…)`` and backquotes. A command substitution holds a whole
command list, so for those the lexer calls back into the grammar (``parser``),
which builds on it.
"""
from __future__ import annotations

import re

from .syntax import (VARIABLE_NAME, Arith, CommandSub, Double, Lit, Param, Sequence, ShellSyntaxError, Single,
                     Unsupported, Word)

META = frozenset(" \t\n;&|<>()")  # the characters that end a word
RAW_WORD = re.compile(r"[^\s;&|<>()]+")
_RESERVED_AT_START = re.compile(r"[A-Za-z{}!]+")
_TOKEN_NAMES = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until",
                          "for", "in", "{", "}", "!"})


class Lexer:
    """The script's characters and words; ``parser.Parser`` adds the grammar of commands."""

    def __init__(self, text: str, bash: bool) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.bash = bash

    # the grammar's part, in parser.Parser: command substitutions hold command lists
    def parse_script(self) -> Sequence:
        raise NotImplementedError

    def parse_sequence(self, stops: frozenset, one_line: bool = False) -> Sequence:
        raise NotImplementedError

    def nested(self, text: str, bash: bool) -> Lexer:
        """A parser for a text inside this one: a backquoted command, ``$(( ))``, an array index."""
        raise NotImplementedError

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
        return match.group() if after == "" or after in META else ""

    # errors
    def unexpected(self, expecting: str = "") -> ShellSyntaxError:
        self.skip_blanks()
        if self.at_end():
            return ShellSyntaxError("eof", self.line, expecting=expecting)
        word = RAW_WORD.match(self.text, self.pos)
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

    # words
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
            if char in META:
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
        return Arith(self.nested(inner, self.bash).parse_double(closer="\0"))

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
            index = self.nested(self.text[self.pos + 1:end], True).parse_double(closer="\0")
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
        return CommandSub(self.nested("".join(chars), self.bash).parse_script())
