"""PredictReveal, headless: type or pick a prediction, press Check, read the feedback."""
import pytest

from k8sjobs_edu.teach.lesson import Exercise
from k8sjobs_edu.widgets import PredictReveal

EXERCISE = Exercise("L06-E1", "Never, backoffLimit 6: how many pods fail before the Job fails?", 7,
                    misconceptions={6: "backoffLimit counts retries: the first pod is not a retry."},
                    explanation="backoffLimit 6 allows 6 retries after the first pod.")
TUPLE_EXERCISE = Exercise("L01-E1", "After the Job completes: how many Pods, and what STATUS and READY?",
                          (1, "Completed", "0/1"),
                          misconceptions={(0, "Deleted", "0/0"): "A finished Job does not clean up after itself."},
                          explanation="The Pod stays.",
                          choices=((0, "Deleted", "0/0"), (1, "Completed", "0/1"), (1, "Succeeded", "0/1")))


def labels(box: PredictReveal) -> list[str]:
    return [label for label, _ in box.answer.options]


@pytest.mark.parametrize("typed, shown", [
    ("7", "✅ L06-E1: 7 is right. backoffLimit 6 allows 6 retries after the first pod."),
    (" 6 ", "❌ L06-E1: 6 — backoffLimit counts retries: the first pod is not a retry."),
    ("7.0", "✅ L06-E1: 7.0 is right. backoffLimit 6 allows 6 retries after the first pod."),
    ("seven", "❌ L06-E1: 'seven' — Not quite. Compare with what the simulator shows below."),
    ("", "⏳ L06-E1: Never, backoffLimit 6: how many pods fail before the Job fails? Type your prediction in the "
         "box and press Check — or set `answer` in this cell and run it."),
])
def test_check_shows_the_exercises_feedback_for_a_typed_prediction(typed, shown):
    box = PredictReveal(EXERCISE)
    box.answer.value = typed
    box.check_button.click()
    assert box.text == shown == EXERCISE.feedback(box.prediction())


def test_enter_in_the_text_box_checks_without_the_button():
    box = PredictReveal(EXERCISE)
    box.answer.value = "6"  # the box sends its value on Enter (continuous_update=False)
    assert box.text.startswith("❌ L06-E1: 6 — backoffLimit counts retries")


def test_nothing_is_shown_before_the_first_check_and_the_plain_view_invites_a_prediction():
    box = PredictReveal(EXERCISE)
    assert box.text == ""
    assert repr(box) == EXERCISE.feedback(None)


def test_the_exercises_choices_give_a_dropdown_labelled_as_python_writes_them():
    box = PredictReveal(TUPLE_EXERCISE)
    assert labels(box) == ["(0, 'Deleted', '0/0')", "(1, 'Completed', '0/1')", "(1, 'Succeeded', '0/1')"]
    assert box.answer.value is None
    box.answer.index = 0
    box.check_button.click()
    assert box.text == "❌ L01-E1: (0, 'Deleted', '0/0') — A finished Job does not clean up after itself."
    box.answer.index = 1
    box.check_button.click()
    assert box.text == "✅ L01-E1: (1, 'Completed', '0/1') is right. The Pod stays."


def test_string_choices_are_labelled_without_quotes():
    box = PredictReveal(Exercise("L01-E2", "restartPolicy?", "Never"), options=["Always", "OnFailure", "Never"])
    assert labels(box) == ["Always", "OnFailure", "Never"]
    box.answer.value = "Never"
    box.check_button.click()
    assert box.text == "✅ L01-E2: 'Never' is right."


@pytest.mark.parametrize("answer, selected, shown", [
    ((1, "Completed", "0/1"), 1, "✅ L01-E1: (1, 'Completed', '0/1') is right. The Pod stays."),
    ([0, "Deleted", "0/0"], 0, "❌ L01-E1: [0, 'Deleted', '0/0'] — A finished Job does not clean up after itself."),
    ((2, "Completed", "0/1"), None, "❌ L01-E1: (2, 'Completed', '0/1') — Not quite. Compare with what the "
                                    "simulator shows below."),
])
def test_an_answer_set_in_code_is_selected_and_checked_at_once(answer, selected, shown):
    box = PredictReveal(TUPLE_EXERCISE, answer)
    assert box.answer.index == selected
    assert box.text == shown


def test_an_answer_set_in_code_fills_the_text_box():
    box = PredictReveal(EXERCISE, 6)
    assert box.answer.value == "6"
    assert box.text.startswith("❌ L06-E1: 6 — ")


@pytest.mark.parametrize("typed, html", [
    ("2/<unset>", '<span style="color: #b42318">❌ L04-E4: &#x27;2/&lt;unset&gt;&#x27; — describe</span>'),
    ("2/1 of 2", '<span style="color: #1a7f37">✅ L04-E4: &#x27;2/1 of 2&#x27; is right.</span>'),
    ("", '<span style="color: inherit">⏳ L04-E4: COMPLETIONS? Type your prediction in the box and press Check — '
         'or set `answer` in this cell and run it.</span>'),
])
def test_feedback_is_escaped_html_coloured_by_its_verdict(typed, html):
    box = PredictReveal(Exercise("L04-E4", "COMPLETIONS?", "2/1 of 2", misconceptions={"2/<unset>": "describe"}))
    box.answer.value = typed
    box.check_button.click()
    assert box.feedback.value == html


def test_the_plain_text_view_of_the_box_is_not_cut():
    bundle = PredictReveal(EXERCISE)._repr_mimebundle_()
    assert bundle["text/plain"] == EXERCISE.feedback(None) and len(bundle["text/plain"]) > 110
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("options, width", [
    (["A", "B", "C"], "24ch"),  # one letter still gets a usable box
    ([(1, "Completed", "0/1")], "35ch"),  # "answer" and the longest label fit
    (["x" * 80], "60ch"),
])
def test_the_dropdown_is_as_wide_as_its_longest_choice_within_bounds(options, width):
    assert PredictReveal(EXERCISE, options=options).answer.layout.width == width
