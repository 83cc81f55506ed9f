"""Predict-then-run exercises: feedback and the reveal assertion."""
import pytest

from k8sjobs_edu.lesson import Exercise

PODS_AT_4S = Exercise("L02-E1", "How many pods exist at t = 4 s?", 2,
                      misconceptions={8: "completions (8) is the total; parallelism (2) caps how many run at once."},
                      explanation="parallelism: 2 caps the pods running at once.")


@pytest.mark.parametrize("answer, printed", [
    (None, "⏳ L02-E1: How many pods exist at t = 4 s? Replace None with your prediction, then run the cell again."),
    (2, "✅ L02-E1: 2 is right. parallelism: 2 caps the pods running at once."),
    (8, "❌ L02-E1: 8 — completions (8) is the total; parallelism (2) caps how many run at once."),
    (5, "❌ L02-E1: 5 — Not quite. Run the next cell and compare with what the simulator shows."),
    ("two", "❌ L02-E1: 'two' — Not quite. Run the next cell and compare with what the simulator shows."),
])
def test_check_prints_feedback_and_never_raises(capsys, answer, printed):
    PODS_AT_4S.check(answer)
    assert capsys.readouterr().out == printed + "\n"


def test_numbers_within_the_tolerance_count_as_right():
    slot = Exercise("L02-E2", "Seconds per pod slot?", 35, tolerance=2)
    assert slot.is_right(33) and slot.is_right(37.0) and not slot.is_right(38)


def test_strings_are_compared_without_surrounding_space():
    status = Exercise("L01-E1", "STATUS?", "Completed")
    assert status.is_right(" Completed ") and not status.is_right("completed")


def test_reveal_prints_when_the_simulator_agrees(capsys):
    PODS_AT_4S.reveal(2)
    assert capsys.readouterr().out == "🔎 L02-E1: the simulator says 2. parallelism: 2 caps the pods running at once.\n"


def test_reveal_fails_loudly_when_the_simulator_drifts():
    with pytest.raises(AssertionError, match="the simulator computed 3, but Kubernetes documents 2"):
        PODS_AT_4S.reveal(3)


def test_lists_and_tuples_are_the_same_answer_and_never_raise(capsys):
    split = Exercise("L04-E2", "Items per worker?", (5, 4), misconceptions={(9, 0): "One worker cannot take them all."})
    split.check([5, 4])
    split.check([9, 0])
    split.check({"a": 1})
    assert capsys.readouterr().out.splitlines() == [
        "✅ L04-E2: [5, 4] is right.",
        "❌ L04-E2: [9, 0] — One worker cannot take them all.",
        "❌ L04-E2: {'a': 1} — Not quite. Run the next cell and compare with what the simulator shows.",
    ]
