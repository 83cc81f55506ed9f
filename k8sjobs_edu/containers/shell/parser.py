"""The shell parser: script text → syntax tree (``syntax``), the grammar of commands.

Part of the command interpreter (``k8sjobs_edu.containers``), which never runs
anything from a manifest: this module only reads text. It parses POSIX sh the
way the real shells do, line by line (so the lines before a syntax error still
run), plus bash arrays when the shell is bash: lists, ``&&``/``||``, pipelines,
``if``/``while``/``until``/``for``, groups, simple commands with their
assignments and redirections. The words themselves are read by ``lexer``.
Features the interpreter does not model (``case``, functions, ``&``,
here-documents, ``(( ))``) raise ``Unsupported``.
"""
from __future__ import annotations

import re

from .lexer import META, RAW_WORD, Lexer
from .syntax import (VARIABLE_NAME, AndOr, For, Group, If, Lit, Loop, Pipeline, Redirect, Sequence, ShellSyntaxError,
                     Simple, Unsupported, Word)

_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")
_REDIRECT = re.compile(r"(\d?)(>>|>&|<&|&>|>\||<<|>|<)")
_CLOSERS = frozenset({"then", "elif", "else", "fi", "do", "done", "}"})
_UNSUPPORTED_WORDS = {"case": "case", "function": "functions", "select": "select"}


class Parser(Lexer):
    """Recursive descent over POSIX sh (plus bash arrays when ``bash``)."""

    def nested(self, text: str, bash: bool) -> Parser:
        return Parser(text, bash)

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
        if not match or RAW_WORD.match(self.text, self.pos).group() != match.group():
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
        if self.at_end() or self.peek() in META:
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
