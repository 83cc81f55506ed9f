"""What both pictures share: font sizes, the figure's size, and text widths known before drawing.

Margins are set from text widths before anything is drawn, so that a figure
fits its row labels, its legend and its mark labels (matplotlib would only
know their sizes after a draw, which costs as much as the picture).
"""
from __future__ import annotations

from functools import lru_cache

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

FONT_SIZE, MARK_FONT_SIZE = 8, 7
FIGURE_WIDTH, MAX_FIGURE_HEIGHT = 9.5, 8.0  # inches
LABEL_PAD = 2.0  # points between a label and its line or bar start


@lru_cache(maxsize=None)
def _advance(char: str) -> float:
    """Width of one character at 1 pt in the default font (no kerning in these labels)."""
    return text_to_path.get_text_width_height_descent(char, FontProperties(size=100), ismath=False)[0] / 100


def text_width(text: str, size: float) -> float:
    """Width of ``text`` in points at font ``size`` (computed, not rendered)."""
    return size * sum(_advance(char) for char in text)
