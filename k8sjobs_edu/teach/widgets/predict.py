"""``PredictReveal``: type or pick a prediction and check it — in JupyterLab and in Voilà, no code to edit.

The box asks a ``teach.lesson.Exercise`` for its question and feedback (``Exercise.ask`` makes
one); it needs nothing else of the lesson module, which imports this one only when a box is wanted.
The reveal is the lesson's next cell: it runs the simulator inside ``lesson.folded_output()``,
so its output stays folded until the learner opens it.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

# Right and wrong read at a glance, even where no emoji font draws the ✅ and ❌.
MARK_COLORS = {"✅": "#1a7f37", "❌": "#b42318"}


class PredictReveal(widgets.VBox):
    """A prediction box for a lesson ``Exercise``: Check shows ``Exercise.feedback`` for the prediction.

    Args:
        exercise: the ``lesson.Exercise`` (read through its ``key``, ``question``, ``reference``,
            ``choices`` and ``feedback``).
        answer: a prediction made in code (``answer = …``): put in the box and checked at once.
        options: choices for a dropdown; None takes ``exercise.choices`` (none: a text box, where
            numbers are read as numbers and Enter checks).
    """

    def __init__(self, exercise, answer=None, options=None):
        super().__init__(layout=widgets.Layout(margin="4px 0 8px 0"))
        self.add_class("k8sjobs-predict")  # a handle for pages and browser tests
        self.exercise = exercise
        options = list(exercise.choices if options is None else options)
        self.question = widgets.HTML(f"<b>{html.escape(exercise.key)}</b> {html.escape(exercise.question)}")
        if options:
            labels = [(_label(option), option) for option in options]
            width = min(60, max(24, 12 + max(len(label) for label, _ in labels)))  # the label, then the longest choice
            self.answer = widgets.Dropdown(options=labels, value=None, description="answer",
                                           layout=widgets.Layout(width=f"{width}ch"))
            self.answer.index = _index_of(answer, options)
        else:
            self.answer = widgets.Text("" if answer is None else str(answer), placeholder="your prediction",
                                       description="answer", continuous_update=False)
            self.answer.observe(lambda _: self.check(), names="value")  # Enter (or leaving the box) checks
        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.feedback = widgets.HTML(layout=widgets.Layout(max_width="60em"))
        self.text = ""  # the feedback shown now, as plain text ("" before the first Check)
        self.children = [self.question, widgets.HBox([self.answer, self.check_button]), self.feedback]
        if answer is not None:
            self._say(exercise.feedback(answer))

    def __repr__(self) -> str:
        # Where widgets cannot be drawn (a static page, plain text), the feedback or the invitation shows.
        return self.text or self.exercise.feedback(None)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)  # whole: ipywidgets cuts it at 110 characters
        return bundle

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

    def _say(self, text: str) -> None:
        self.text = text
        color = MARK_COLORS.get(text[:1], "inherit")
        self.feedback.value = f'<span style="color: {color}">{html.escape(text)}</span>'


def _label(option) -> str:
    return option if isinstance(option, str) else repr(option)


def _index_of(answer, options):
    """Where ``answer`` is among the options (lists match tuples), or None."""
    if answer is None:
        return None
    wanted = tuple(answer) if isinstance(answer, list) else answer
    return next((index for index, option in enumerate(options) if option == wanted), None)
