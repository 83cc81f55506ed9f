"""Predict-then-run exercises: feedback, the reveal assertion and the folded reveal output."""
import pytest

from k8sjobs_edu.teach import lesson
from k8sjobs_edu.teach.lesson import Exercise, FoldedText, folded_output
from k8sjobs_edu.teach.widgets.predict import PredictReveal

PODS_AT_4S = Exercise("L02-E1", "How many pods exist at t = 4 s?", 2,
                      misconceptions={8: "completions (8) is the total; parallelism (2) caps how many run at once."},
                      explanation="parallelism: 2 caps the pods running at once.")


@pytest.mark.parametrize("answer, printed", [
    (None, "⏳ L02-E1: How many pods exist at t = 4 s? Type your prediction in the box and press Check — "
           "or set `answer` in this cell and run it."),
    (2, "✅ L02-E1: 2 is right. parallelism: 2 caps the pods running at once."),
    (8, "❌ L02-E1: 8 — completions (8) is the total; parallelism (2) caps how many run at once."),
    (5, "❌ L02-E1: 5 — Not quite. Compare with what the simulator shows below."),
    ("two", "❌ L02-E1: 'two' — Not quite. Compare with what the simulator shows below."),
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
        "❌ L04-E2: {'a': 1} — Not quite. Compare with what the simulator shows below.",
    ]


def test_ask_gives_a_box_that_already_checks_the_answer_typed_in_code():
    box = PODS_AT_4S.ask(8)
    assert isinstance(box, PredictReveal) and box.answer.value == "8"
    assert box.text == "❌ L02-E1: 8 — completions (8) is the total; parallelism (2) caps how many run at once."


def test_ask_without_an_answer_invites_a_prediction_that_works_without_code():
    box = PODS_AT_4S.ask()
    assert box.text == ""
    assert repr(box) == PODS_AT_4S.feedback(None)  # what a page without live widgets shows


def test_folded_text_is_a_closed_details_element_and_plain_text_for_nbval():
    folded = FoldedText("NAME   STATUS\npi     <none>\n", title="open me")
    assert folded._repr_mimebundle_() == {
        "text/plain": "NAME   STATUS\npi     <none>",
        "text/html": '<details class="k8sjobs-folded"><summary style="cursor: pointer"><b>open me</b></summary>'
                     f'<pre style="{lesson.PRE_STYLE}">NAME   STATUS\npi     &lt;none&gt;</pre></details>',
    }


def test_folded_output_shows_what_the_block_printed_once_folded(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(lesson, "display", shown.append)
    with folded_output():
        print("t = 13 s")
        PODS_AT_4S.reveal(2)
    assert capsys.readouterr().out == ""
    [folded] = shown
    assert str(folded) == "t = 13 s\n🔎 L02-E1: the simulator says 2. parallelism: 2 caps the pods running at once."
    assert folded.title == lesson.FOLDED_TITLE


def test_folded_output_prints_unfolded_when_the_reveal_fails(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(lesson, "display", shown.append)
    with pytest.raises(AssertionError, match="the simulator computed 3"):
        with folded_output():
            print("t = 4 s")
            PODS_AT_4S.reveal(3)
    assert shown == [] and capsys.readouterr().out == "t = 4 s\n"


def test_folded_output_outside_a_notebook_prints_plainly(capsys):
    with folded_output():
        print("kubectl get pods")
    assert capsys.readouterr().out == "kubectl get pods\n"
