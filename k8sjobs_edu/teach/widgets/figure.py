"""The timeline picture of a widget, as PNG bytes that an ``ipywidgets.Image`` shows.

The figure is a plain ``matplotlib.figure.Figure`` on an Agg canvas, never
registered with pyplot: nothing to close, no "too many open figures" warning,
and the same bytes in JupyterLab, Notebook 7, VS Code and Voilà whatever
``%matplotlib`` backend is active. The bars are drawn once per run (on a kept
figure of the same size: creating figures and ticks is slow); moving the
cursor restores the saved background and draws only the cursor line (blitting),
then encodes the PNG. Text is what costs most to draw, so the legend is left
to the widget (``legend_html``: drawn once by the browser) and pod names are
written on the bars only for small runs.
"""
from __future__ import annotations

import html
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image  # a dependency of matplotlib

from ...cluster.timeline import Timeline
from .. import plots

DPI = 90
ROW_POINTS, MIN_ROWS = 18.0, 4
BOTTOM_POINTS = 34.0
TOP_POINTS = 8 + plots.MAX_MARK_LEVELS * plots.LEVEL_POINTS + plots.FONT_SIZE * 1.6 + 6  # marks and title
RIGHT_POINTS = 14.0
LABELLED_PODS = 24  # more pod names on the bars would cost about 1 ms each per redraw


class TimelineImage:
    """A run's Gantt chart with a movable time cursor, rendered to PNG.

    Attributes:
        figure, axes: the matplotlib objects (tests read their artists).
        cursor: the cursor's ``Line2D``.
        png: the last PNG bytes.
    """

    def __init__(self, dpi: int = DPI):
        self.dpi = dpi
        self.figure = self.axes = self.cursor = None
        self.png = b""
        self._canvas = self._background = None
        self._figures = {}  # by size: at most one per height step

    def draw(self, timeline: Timeline, by: str, at: float) -> bytes:
        """Draw the bars of ``timeline`` (rows ``by`` pod, index or slot) with the cursor at ``at``."""
        phases = plots.pod_phases(timeline)
        labels = plots.gantt_rows(phases, by).labels
        size = _figure_size(labels)
        if size in self._figures:  # keep the figure, its axes and their ticks: creating them is slow
            self.figure, self._canvas, self.axes = self._figures[size]
            _remove_drawing(self.axes)
        else:
            self.figure = Figure(figsize=size, dpi=self.dpi)
            self._canvas = FigureCanvasAgg(self.figure)
            self.axes = self.figure.add_subplot()
            self._figures[size] = self.figure, self._canvas, self.axes
        _set_margins(self.figure, labels)
        plots.plot_timeline(timeline, ax=self.axes, by=by, legend=False, labels=len(phases.names) <= LABELLED_PODS)
        self.cursor = plots.set_cursor(self.axes, at)
        self.cursor.set_visible(False)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        self.cursor.set_visible(True)
        return self.move_cursor(at)

    def move_cursor(self, t: float) -> bytes:
        """Move the cursor to ``t`` and return the new PNG; the bars are not redrawn."""
        plots.set_cursor(self.axes, t)
        self._canvas.restore_region(self._background)
        self.axes.draw_artist(self.cursor)
        width, height = self._canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self._canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)  # fast: this runs on every scrub step
        self.png = buffer.getvalue()
        return self.png


def _remove_drawing(axes) -> None:
    """Take every artist ``plot_timeline`` added off the axes, so that it can draw another run."""
    for group in (axes.patches, axes.lines, axes.collections, axes.texts, axes.artists):
        for artist in list(group):
            artist.remove()
    axes.set_title("")


def _figure_size(labels: list[str]) -> tuple[float, float]:
    """Heights come in steps (room for 4, 8, 16, 32 rows), so that most changes reuse the figure."""
    rows = MIN_ROWS
    while rows < len(labels):
        rows *= 2
    most = plots.MAX_FIGURE_HEIGHT * 72 - BOTTOM_POINTS - TOP_POINTS
    plot_height = min(rows * ROW_POINTS, most)
    return plots.FIGURE_WIDTH, (plot_height + TOP_POINTS + BOTTOM_POINTS) / 72


def _set_margins(figure: Figure, labels: list[str]) -> None:
    """Room for the row labels on the left, the legend on the right, marks and title on top."""
    width, height = figure.get_figwidth() * 72, figure.get_figheight() * 72
    rows = max(len(labels), 1)
    named = (height - TOP_POINTS - BOTTOM_POINTS) / rows >= plots.FONT_SIZE * 1.15
    tick_width = max((plots.text_width(label, plots.FONT_SIZE) for label in labels), default=0) if named else 30
    figure.subplots_adjust(left=(tick_width + 32) / width, right=1 - RIGHT_POINTS / width,
                           bottom=BOTTOM_POINTS / height, top=1 - TOP_POINTS / height)


def legend_html() -> str:
    """The timeline's legend as HTML (colours and labels from ``plots``)."""
    entries = [(plots.PHASE_COLORS[phase], label) for phase, label in zip(plots.PHASES, plots.PHASE_LABELS)]
    entries.append((plots.SUSPENDED_COLOR, "suspended"))
    swatches = "".join(
        f'<span style="margin-right:14px;white-space:nowrap"><span style="display:inline-block;width:11px;'
        f'height:11px;background:{color};margin-right:4px;vertical-align:middle"></span>{html.escape(label)}</span>'
        for color, label in entries)
    return f'<div style="font-size:12px">{swatches} <span style="white-space:nowrap">┈ back-off wait</span></div>'
