"""Go's text/tabwriter, as kubectl uses it to align its tables and describe output.

Tables (``kubectl get``) come from k8s.io/cli-runtime's printers.GetNewTabWriter,
which uses liggitt/tabwriter (Go's tabwriter plus RememberWidths, so a watch's
later rows keep the widths of earlier ones); ``kubectl describe`` writes
through Go's own tabwriter with no minimum width and a padding of 2.
"""
from __future__ import annotations


class TabWriter:
    """Go's text/tabwriter (with liggitt/tabwriter's RememberWidths), padding with spaces.

    Text is split into tab-terminated cells; a column block is a run of
    consecutive lines that have a cell in that column, and its width is the
    widest cell plus ``padding`` (at least ``min_width``). The last cell of a
    line is not part of a column and is never padded. A line without tabs
    flushes, so blocks never span it.
    """

    def __init__(self, min_width: int, padding: int, remember_widths: bool = False):
        self.min_width = min_width
        self.padding = padding
        self.remember_widths = remember_widths
        self.remembered: list[int] = []
        self._lines: list[list[str]] = [[]]
        self._cell = ""
        self._out: list[str] = []

    def write(self, text: str) -> None:
        for piece in _split_keeping(text):
            if piece == "\t":
                self._lines[-1].append(self._cell)
                self._cell = ""
            elif piece == "\n":
                self._lines[-1].append(self._cell)
                self._cell = ""
                cells = len(self._lines[-1])
                self._lines.append([])
                if cells == 1:
                    self.flush()
            else:
                self._cell += piece

    def flush(self) -> None:
        if self._cell:
            self._lines[-1].append(self._cell)
            self._cell = ""
        self._format([], 0, len(self._lines))
        self._lines = [[]]

    def text(self) -> str:
        """Flush and return everything written so far."""
        self.flush()
        result = "".join(self._out)
        self._out = []
        return result

    def _format(self, widths: list[int], line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(self._lines[this]) - 1:
                this += 1
                continue
            self._write_lines(widths, line0, this)
            line0 = this
            width = self.min_width
            while this < line1 and column < len(self._lines[this]) - 1:
                width = max(width, len(self._lines[this][column]) + self.padding)
                this += 1
            if self.remember_widths:
                if len(self.remembered) < len(widths):
                    self.remembered.extend(widths[len(self.remembered):])
                if len(self.remembered) == len(widths):
                    self.remembered.append(width)
                else:
                    width = max(width, self.remembered[column])
                    self.remembered[column] = width
            self._format(widths + [width], line0, this)
            line0 = this
        self._write_lines(widths, line0, line1)

    def _write_lines(self, widths: list[int], line0: int, line1: int) -> None:
        for index in range(line0, line1):
            line = self._lines[index]
            for column, cell in enumerate(line):
                self._out.append(cell)
                if column < len(widths):
                    self._out.append(" " * (widths[column] - len(cell)))
            if index + 1 < len(self._lines):
                self._out.append("\n")


def _split_keeping(text: str) -> list[str]:
    pieces, start = [], 0
    for i, ch in enumerate(text):
        if ch in "\t\n":
            if i > start:
                pieces.append(text[start:i])
            pieces.append(ch)
            start = i + 1
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def table_writer() -> TabWriter:
    """kubectl's table writer: printers.GetNewTabWriter (minwidth 6, padding 3)."""
    return TabWriter(min_width=6, padding=3, remember_widths=True)


def format_rows(rows: list[list[str]], writer: TabWriter | None = None) -> str:
    """Rows of cells as kubectl's table printer writes them (tab-separated, flushed)."""
    writer = writer or table_writer()
    for row in rows:
        writer.write("\t".join(row) + "\n")
    return writer.text()
