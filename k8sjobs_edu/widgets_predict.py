"""``PredictReveal``: type a prediction, check it, then reveal what the simulator computed."""
from __future__ import annotations

import contextlib
import html
import io

import ipywidgets as widgets

from .lesson import Exercise


class PredictReveal(widgets.VBox):
    """A prediction box for a lesson ``Exercise``: Check gives feedback, Reveal shows the simulator's answer.

    Args:
        exercise: the ``lesson.Exercise``.
        observed: what the simulator computed (Reveal shows it).
        options: choices for a dropdown; None gives a text box (numbers typed there are read as numbers).
    """

    def __init__(self, exercise: Exercise, observed, options=None):
        super().__init__()
        self.exercise, self.observed = exercise, observed
        self.question = widgets.HTML(f"<b>{html.escape(exercise.key)}</b> {html.escape(exercise.question)}")
        if options is None:
            self.answer = widgets.Text(placeholder="your prediction", description="answer")
        else:
            self.answer = widgets.Dropdown(options=options, value=None, description="answer")
        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.reveal_button = widgets.Button(description="Reveal")
        self.output = widgets.Output()
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.reveal())
        self.children = [self.question, widgets.HBox([self.answer, self.check_button, self.reveal_button]),
                         self.output]

    def __repr__(self) -> str:
        return f"PredictReveal({self.exercise.key!r})"

    @property
    def text(self) -> str:
        """What the output shows now."""
        return "".join(output.get("text", "") for output in self.output.outputs)

    def prediction(self):
        """The learner's answer: text that is a number reads as one when the reference is a number."""
        value = self.answer.value
        if not isinstance(value, str):
            return value
        value = value.strip()
        if value == "":
            return None
        reference = self.exercise.reference
        if isinstance(reference, (int, float)) and not isinstance(reference, bool):
            for kind in (int, float):
                try:
                    return kind(value)
                except ValueError:
                    pass
        return value

    def check(self) -> None:
        """Show the exercise's feedback on the prediction."""
        self._say(self.exercise.feedback(self.prediction()))

    def reveal(self) -> None:
        """Show what the simulator computed (``Exercise.reveal``'s text)."""
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                self.exercise.reveal(self.observed)
        except AssertionError as err:  # the simulator disagrees with the documented answer: say so, don't crash
            self._say(f"⚠ {err}")
            return
        self._say(printed.getvalue().rstrip("\n"))

    def _say(self, text: str) -> None:
        self.output.outputs = ()
        self.output.append_stdout(text + "\n")
