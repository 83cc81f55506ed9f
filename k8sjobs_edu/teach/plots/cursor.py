"""The time cursor both pictures share: a vertical line moved without redrawing anything else.

Widgets that scrub through time call ``set_cursor`` on every step.
"""
from __future__ import annotations

CURSOR_COLOR = "#000000"


def set_cursor(ax, t: float | None):
    """Move the time cursor to ``t`` (add it if missing, hide it for None); nothing else is redrawn.

    Returns:
        The cursor's ``Line2D`` (None if there is none to hide).
    """
    cursor = next((line for line in ax.lines if line.get_gid() == "cursor"), None)
    if cursor is None:
        if t is None:
            return None
        return ax.axvline(t, color=CURSOR_COLOR, linewidth=1.3, zorder=6, gid="cursor")
    if t is None:
        cursor.set_visible(False)
    else:
        cursor.set_xdata([t, t])
        cursor.set_visible(True)
    return cursor
