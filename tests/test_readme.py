"""The README's examples run and say what the README says they say."""
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import k8sjobs_edu as kj  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_api_tour_runs(monkeypatch, capsys):
    [tour] = re.findall(r"## A short tour of the API\n\n```python\n(.*?)```", README, re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(tour, "README.md", "exec"), {})  # the README's own code, nothing else
    out = capsys.readouterr().out
    assert "paral-myjob   Running   2/8" in out
    assert "Pods Statuses:    0 Active (0 Ready) / 8 Succeeded / 0 Failed" in out
    assert out.rstrip().endswith("[Pod paral-myjob- Pending, Pod paral-myjob- Pending]")
    plt.close("all")


def test_the_bad_input_example_is_true():
    [session] = re.findall(r"```pycon\n(.*?)```", README, re.S)
    call = re.search(r">>> (kj\.load_job\(.*\))", session).group(1)
    error_type, message = session.strip().splitlines()[-1].split(": ", 1)
    try:
        eval(call, {"kj": kj})  # the one expression the README shows
    except kj.ManifestError as err:
        assert (f"{type(err).__module__}.{type(err).__qualname__}", str(err)) == (error_type, message)
    else:
        raise AssertionError("the README's broken manifest loaded")


def test_the_test_command_is_the_one_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in README and "<!-- test-command -->" in ci
