"""Predict-then-run exercises for the lessons.

An ``Exercise`` holds the question, the reference answer (what Kubernetes
documents) and feedback for the wrong answers learners typically give.
``ask`` gives a prediction box with a Check button (works in JupyterLab and in
Voilà, where nobody edits code); ``check`` prints the same feedback for an
answer typed in code. ``reveal`` shows what the simulator computed and
*asserts* it equals the reference, so a change in the engine's behaviour
breaks the notebook under nbval.

A reveal cell runs inside ``with folded_output():``: what it prints is stored
and shown folded (an HTML ``<details>``), so a page that has already run every
cell — Voilà — does not show the answer before the learner opens it.
"""
from __future__ import annotations

import contextlib
import html
import io
from dataclasses import dataclass, field

from IPython.display import display

ASK = "Type your prediction in the box and press Check — or set `answer` in this cell and run it."
COMPARE = "Not quite. Compare with what the simulator shows below."
FOLDED_TITLE = "What the simulator shows — open it after your prediction / 先预测，再展开"
# HTML output has no monospace default everywhere (Voilà): kubectl tables need it to line up.
PRE_STYLE = "font-family: var(--jp-code-font-family, monospace); font-size: var(--jp-code-font-size, 13px)"


@dataclass
class Exercise:
    """One prediction exercise.

    Args:
        key: a short id such as ``"L02-E1"`` (the instructor guide uses it).
        question: the question, in one sentence.
        reference: the right answer, as Kubernetes documents it.
        misconceptions: wrong answer → what that answer reveals (shown as feedback).
        explanation: one or two sentences shown with a right answer and on reveal.
        tolerance: for numbers, how far off an answer may be and still count.
        choices: the answers the box offers in a dropdown; empty gives a text box.
    """

    key: str
    question: str
    reference: object
    misconceptions: dict = field(default_factory=dict)
    explanation: str = ""
    tolerance: float = 0.0
    choices: tuple = ()

    def is_right(self, answer) -> bool:
        if isinstance(self.reference, (int, float)) and not isinstance(self.reference, bool):
            try:
                return abs(float(answer) - float(self.reference)) <= self.tolerance
            except (TypeError, ValueError):
                return False
        if isinstance(self.reference, str) and isinstance(answer, str):
            return answer.strip() == self.reference
        return _comparable(answer) == _comparable(self.reference)

    def feedback(self, answer) -> str:
        """The text ``check`` prints for this answer (and the box shows on Check)."""
        if answer is None:
            return f"⏳ {self.key}: {self.question} {ASK}"
        if self.is_right(answer):
            return f"✅ {self.key}: {answer!r} is right. {self.explanation}".rstrip()
        key = _comparable(answer)
        hint = next((text for wrong, text in self.misconceptions.items() if _comparable(wrong) == key), None)
        if hint is None and isinstance(answer, str):
            hint = self.misconceptions.get(answer.strip())
        return f"❌ {self.key}: {answer!r} — {hint or COMPARE}"

    def check(self, answer) -> None:
        """Print feedback on a prediction. Never raises: a wrong answer is part of learning."""
        print(self.feedback(answer))

    def ask(self, answer=None):
        """A prediction box with a Check button (``widgets.PredictReveal``), already checking ``answer``."""
        from .widgets.predict import PredictReveal  # ipywidgets only when a box is wanted

        return PredictReveal(self, answer)

    def reveal(self, observed) -> None:
        """Show what the simulator computed; assert it is the documented answer."""
        assert self.is_right(observed), (
            f"{self.key}: the simulator computed {observed!r}, but Kubernetes documents {self.reference!r}")
        print(f"🔎 {self.key}: the simulator says {observed!r}. {self.explanation}".rstrip())


class FoldedText:
    """Text that notebooks show folded (HTML ``<details>``: a click opens it, no kernel needed).

    Plain-text views (nbval, a terminal) get the text itself; nbval compares both.
    """

    def __init__(self, text: str, title: str = FOLDED_TITLE):
        self.text, self.title = text, title

    def __str__(self) -> str:
        return self.text.rstrip("\n")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": str(self), "text/html": self.html()}

    def html(self) -> str:
        return (f'<details class="k8sjobs-folded"><summary style="cursor: pointer"><b>{html.escape(self.title)}'
                f'</b></summary><pre style="{PRE_STYLE}">{html.escape(str(self))}</pre></details>')


@contextlib.contextmanager
def folded_output(title: str = FOLDED_TITLE):
    """Collect what the block prints and show it folded when the block ends.

    If the block raises (e.g. ``reveal`` finds the engine drifted), the text is printed unfolded.
    """
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            yield
    except BaseException:
        print(printed.getvalue(), end="")
        raise
    display(FoldedText(printed.getvalue(), title))


def _comparable(value):
    """Lists compare like tuples, so ``[5, 4]`` and ``(5, 4)`` are the same answer."""
    if isinstance(value, list):
        return tuple(_comparable(item) for item in value)
    return value
