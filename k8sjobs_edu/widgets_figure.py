"""The timeline picture of a widget, as PNG bytes that an ``ipywidgets.Image`` shows.

The figure is a plain ``matplotlib.figure.Figure`` on an Agg canvas, never
registered with pyplot: nothing to close, no "too many open figures" warning,
and the same bytes in JupyterLab, Notebook 7, VS Code and Voilà whatever
``%matplotlib`` backend is active. The bars are drawn once per run; moving the
cursor restores the saved background and draws only the cursor line (blitting),
then encodes the PNG.
"""
from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image  # a dependency of matplotlib

from . import plots
from .timeline import Timeline

DPI = 90
ROW_POINTS, MIN_PLOT_POINTS = 18.0, 72.0
BOTTOM_POINTS = 34.0
TOP_POINTS = 8 + plots.MAX_MARK_LEVELS * plots.LEVEL_POINTS + plots.FONT_SIZE * 1.6 + 6  # marks and title
LEGEND_LABELS = plots.PHASE_LABELS + ("back-off wait", "suspended")


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

    def draw(self, timeline: Timeline, by: str, at: float) -> bytes:
        """Draw the bars of ``timeline`` (rows ``by`` pod, index or slot) with the cursor at ``at``."""
        phases = plots.pod_phases(timeline)
        labels = plots.gantt_rows(phases, by).labels
        figure = Figure(figsize=_figure_size(labels), dpi=self.dpi)
        canvas = FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        _set_margins(figure, labels)
        plots.plot_timeline(timeline, ax=axes, by=by)
        cursor = plots.set_cursor(axes, at)
        cursor.set_visible(False)
        canvas.draw()
        self._background = canvas.copy_from_bbox(figure.bbox)
        cursor.set_visible(True)
        self.figure, self.axes, self.cursor, self._canvas = figure, axes, cursor, canvas
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


def _figure_size(labels: list[str]) -> tuple[float, float]:
    rows = max(len(labels), 1)
    most = plots.MAX_FIGURE_HEIGHT * 72 - BOTTOM_POINTS - TOP_POINTS
    plot_height = min(max(rows * ROW_POINTS, MIN_PLOT_POINTS), most)
    return plots.FIGURE_WIDTH, (plot_height + TOP_POINTS + BOTTOM_POINTS) / 72


def _set_margins(figure: Figure, labels: list[str]) -> None:
    """Room for the row labels on the left, the legend on the right, marks and title on top."""
    width, height = figure.get_figwidth() * 72, figure.get_figheight() * 72
    rows = max(len(labels), 1)
    named = (height - TOP_POINTS - BOTTOM_POINTS) / rows >= plots.FONT_SIZE * 1.15
    tick_width = max((plots.text_width(label, plots.FONT_SIZE) for label in labels), default=0) if named else 30
    legend_width = max(plots.text_width(label, plots.FONT_SIZE) for label in LEGEND_LABELS) + 32
    figure.subplots_adjust(left=(tick_width + 32) / width, right=1 - (legend_width + 14) / width,
                           bottom=BOTTOM_POINTS / height, top=1 - TOP_POINTS / height)
