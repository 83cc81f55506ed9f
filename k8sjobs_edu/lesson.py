"""Predict-then-run exercises for the lessons.

An ``Exercise`` holds the question, the reference answer (what Kubernetes
documents) and feedback for the wrong answers learners typically give.
``check`` gives feedback on a learner's prediction; ``reveal`` shows what the
simulator computed and *asserts* it equals the reference, so a change in the
engine's behaviour breaks the notebook under nbval.
"""
from __future__ import annotations

from dataclasses import dataclass, field


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
    """

    key: str
    question: str
    reference: object
    misconceptions: dict = field(default_factory=dict)
    explanation: str = ""
    tolerance: float = 0.0

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
        """The text ``check`` prints for this answer."""
        if answer is None:
            return f"⏳ {self.key}: {self.question} Replace None with your prediction, then run the cell again."
        if self.is_right(answer):
            return f"✅ {self.key}: {answer!r} is right. {self.explanation}".rstrip()
        key = _comparable(answer)
        hint = next((text for wrong, text in self.misconceptions.items() if _comparable(wrong) == key), None)
        if hint is None and isinstance(answer, str):
            hint = self.misconceptions.get(answer.strip())
        hint = hint or "Not quite. Run the next cell and compare with what the simulator shows."
        return f"❌ {self.key}: {answer!r} — {hint}"

    def check(self, answer) -> None:
        """Print feedback on a prediction. Never raises: a wrong answer is part of learning."""
        print(self.feedback(answer))

    def reveal(self, observed) -> None:
        """Show what the simulator computed; assert it is the documented answer."""
        assert self.is_right(observed), (
            f"{self.key}: the simulator computed {observed!r}, but Kubernetes documents {self.reference!r}")
        print(f"🔎 {self.key}: the simulator says {observed!r}. {self.explanation}".rstrip())


def _comparable(value):
    """Lists compare like tuples, so ``[5, 4]`` and ``(5, 4)`` are the same answer."""
    if isinstance(value, list):
        return tuple(_comparable(item) for item in value)
    return value
