"""Hostile and random input to what a learner touches: the playground, the CLI and kubectl.

The playground: broken text in the editor shows an inline error and keeps both
the learner's text and the last good run; number fields never let a negative
or out-of-range count into the manifest. The CLI: every bad input is one line
on stderr and a non-zero exit. kubectl: text back, never an exception, never a hang.
"""
from __future__ import annotations

import html

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
import yaml  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from traitlets import TraitError  # noqa: E402

from k8sjobs_edu.cli import main  # noqa: E402
from k8sjobs_edu import Cluster  # noqa: E402
from k8sjobs_edu.api.manifest import load_job
from k8sjobs_edu.api.validation.errors import ManifestError  # noqa: E402
from k8sjobs_edu.widgets import JobPlayground  # noqa: E402
from strategies import DATA, HARDENING, hang_guard, yaml_texts  # noqa: E402
from test_hardening_manifests import alias_bomb  # noqa: E402

MANIFEST = """apiVersion: batch/v1
kind: Job
metadata:
  name: myjob
spec:
  completions: {completions}
  parallelism: {parallelism}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox:1.36
        command: [sh, -c, sleep 10]
"""


@pytest.fixture
def playground():
    return JobPlayground(completions=6, parallelism=2)


def assert_kept(playground: JobPlayground, text: str, good_run, good_manifest: str, simulations: int) -> None:
    """The learner's text stays in the editor; the last good manifest and run stay on screen."""
    assert playground.editor.value == text
    assert playground.manifest == good_manifest
    assert playground.run is good_run
    assert playground.simulations == simulations


# ---- the playground's YAML editor ---------------------------------------------------------------

BROKEN_TEXTS = {
    "a syntax error": "apiVersion: batch/v1\nkind: Job\nspec: [\n",
    "tab indentation": "apiVersion: batch/v1\nkind: Job\nmetadata:\n\tname: x\n",
    "a Deployment": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n",
    "nothing": "",
    "a list": "- 1\n- 2\n",
    "an unknown field": MANIFEST.format(completions=6, parallelism=2).replace("parallelism", "parallelims"),
    "negative completions": MANIFEST.format(completions=-1, parallelism=2),
    "text as completions": MANIFEST.format(completions="six", parallelism=2),
    "completions past int32": MANIFEST.format(completions=2**31, parallelism=2),
    "a python tag": "!!python/object/apply:os.system ['true']\n",
    "a self-referencing alias": "a: &a [*a]\n",
    "an alias bomb": alias_bomb(),
    "a control character": "apiVersion: batch/v1\x00\n",
}


@pytest.mark.parametrize("text", BROKEN_TEXTS.values(), ids=BROKEN_TEXTS.keys())
def test_broken_text_in_the_editor_shows_an_inline_error_and_keeps_everything(playground, text):
    good_run, good_manifest, simulations = playground.run, playground.manifest, playground.simulations
    with hang_guard(5):
        playground.editor.value = text
    with pytest.raises(ManifestError) as refused:
        load_job(text)
    assert playground.error == str(refused.value)
    assert html.escape(str(refused.value)) in playground.error_box.value
    assert_kept(playground, text, good_run, good_manifest, simulations)


def test_fixing_the_text_clears_the_error(playground):
    playground.editor.value = "spec: ["
    playground.editor.value = MANIFEST.format(completions=3, parallelism=3)
    assert playground.error == "" and playground.error_box.value == ""
    assert playground.run.pod_count == 3


def test_a_control_change_keeps_broken_text_in_the_editor(playground):
    playground.editor.value = "spec: ["
    error = playground.error
    playground.parallelism.value = 3
    assert playground.editor.value == "spec: ["
    assert playground.error == error
    assert "parallelism: 3" in playground.manifest  # the change went to the last valid manifest


def test_a_billion_completions_stop_at_the_horizon_and_say_so(playground):
    text = MANIFEST.format(completions=1000000000, parallelism=2)
    with hang_guard(10):
        playground.editor.value = text
    assert playground.error == ""
    assert playground.run.stopped_reason.startswith("stopped at the horizon of 21600 s of virtual time")
    assert "stopped at the horizon" in playground.status.value


def test_more_pods_than_the_playground_allows_is_an_inline_error(playground):
    good_run, good_manifest, simulations = playground.run, playground.manifest, playground.simulations
    text = MANIFEST.format(completions=1000000000, parallelism=100000)
    with hang_guard(10):
        playground.editor.value = text
    assert playground.error.startswith("the simulation would create more than max_pods=5,000 pods")
    assert_kept(playground, text, good_run, good_manifest, simulations + 1)


def test_scaling_a_work_queue_past_the_pod_budget_is_refused_inline():
    playground = JobPlayground(mode="Work queue", completions=4, parallelism=2)
    good_run = playground.run
    playground.time.value = 3
    playground.scale_to.value = 2**31 - 1
    with hang_guard(10):
        playground.scale_button.click()
    assert playground.error.startswith("the simulation would create more than max_pods=5,000 pods")
    assert playground.actions == [] and playground.run is good_run


@settings(HARDENING, max_examples=30)  # each example builds a playground (~0.1 s)
@given(text=yaml_texts)
def test_random_text_in_the_editor_either_loads_or_is_refused_inline(text):
    playground = JobPlayground(completions=2, parallelism=1)
    good_run, good_manifest, simulations = playground.run, playground.manifest, playground.simulations
    playground.editor.value = text
    if playground.error:
        assert_kept(playground, text, good_run, good_manifest, simulations)
    else:
        assert playground.manifest == text
        assert playground.run.job_name == load_job(text).name


# ---- the playground's number fields -----------------------------------------------------------------

COUNT_FIELDS = ["completions", "parallelism", "backoff_limit", "scale_to", "seed"]


@settings(HARDENING, max_examples=30)
@given(field=st.sampled_from(COUNT_FIELDS), value=st.integers(-2**40, 2**40))
def test_no_number_typed_into_a_count_field_reaches_the_manifest_out_of_range(field, value):
    # The field keeps what was typed; a value the API server refuses shows its words and never runs.
    playground = JobPlayground(completions=4, parallelism=2)
    with hang_guard(10):
        getattr(playground, field).value = value
    assert getattr(playground, field).value == value
    spec = yaml.safe_load(playground.manifest)["spec"]
    assert all(0 <= spec[key] <= 2**31 - 1 for key in ("completions", "parallelism", "backoffLimit") if key in spec)
    error = playground.error
    assert (error == "" or ": Invalid value: " in error or "cannot unmarshal number" in error
            or error.startswith("the simulation would create more than")), error
    if 0 <= value <= 2**31 - 1 and field != "scale_to":
        assert ": Invalid value: " not in error and "cannot unmarshal" not in error


@pytest.mark.parametrize("field", COUNT_FIELDS + ["run_time", "start_latency"])
@pytest.mark.parametrize("value", ["six", "", None, [1]])
def test_text_in_a_number_field_is_refused_and_changes_nothing(playground, field, value):
    before = getattr(playground, field).value
    good_run = playground.run
    with pytest.raises(TraitError):
        getattr(playground, field).value = value
    assert getattr(playground, field).value == before
    assert playground.run is good_run and playground.error == ""


# ---- the CLI: one line on stderr, a non-zero exit ------------------------------------------------------------

@pytest.fixture
def files(tmp_path):
    """Bad inputs on disk, by name."""
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "syntax.yaml").write_text("apiVersion: batch/v1\nkind: Job\nspec: [\n")
    (tmp_path / "deployment.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n")
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    (tmp_path / "evil.yaml").write_text("!!python/object/apply:os.system ['true']\n")
    (tmp_path / "huge.yaml").write_text(MANIFEST.format(completions=1000000000, parallelism=1000))
    (tmp_path / "directory").mkdir()
    return tmp_path


BAD_RUNS = {
    "a missing file": (["run", "{dir}/missing.yaml"], 'the path "{dir}/missing.yaml" does not exist'),
    "a directory": (["run", "{dir}/directory"], "is a directory"),
    "a binary file": (["run", "{dir}/binary.yaml"], "cannot read {dir}/binary.yaml"),
    "invalid YAML": (["run", "{dir}/syntax.yaml"], "error converting YAML to JSON: yaml: line 4"),
    "a Deployment": (["run", "{dir}/deployment.yaml"], "this is a Deployment (apps/v1)"),
    "an empty file": (["run", "{dir}/empty.yaml"], "no objects passed to apply"),
    "an alias bomb": (["run", "{dir}/bomb.yaml"], "an alias bomb?"),
    "a python tag": (["run", "{dir}/evil.yaml"], "could not determine a constructor"),
    "a negative --at": (["run", str(DATA / "pi.yaml"), "--at", "-5"], "--at"),
    "a negative --until": (["run", str(DATA / "pi.yaml"), "--until", "-5"], "--until"),
    "--at nan": (["run", str(DATA / "pi.yaml"), "--at", "nan"], "--at"),
    "--until inf": (["run", str(DATA / "pi.yaml"), "--until", "inf"], "--until"),
    "kubectl at a negative time": (["kubectl", str(DATA / "pi.yaml"), "--at", "-3", "--", "get", "pods"], "--at"),
    "kubectl on a missing file": (["kubectl", "{dir}/missing.yaml", "--", "get", "pods"], "does not exist"),
    "a failing kubectl command": (["kubectl", str(DATA / "pi.yaml"), "--", "delete", "job", "nope"],
                                  'jobs.batch "nope" not found'),
}


@pytest.mark.parametrize("argv, message", BAD_RUNS.values(), ids=BAD_RUNS.keys())
def test_bad_input_to_the_cli_is_one_line_on_stderr_and_exit_1(capsys, files, argv, message):
    with hang_guard(10):
        code = main([arg.format(dir=files) for arg in argv])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert message.format(dir=files) in err


def test_a_billion_completions_with_a_short_until_finish_quickly(capsys, files):
    with hang_guard(10):
        code = main(["run", str(files / "huge.yaml"), "--until", "5"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "# t = 5s (--until)" in out
    assert "big   Running   0/1000000000" in out or "myjob   Running   0/1000000000" in out


def test_a_plot_path_that_is_a_directory_is_an_error_not_a_file_beside_it(capsys, files):
    # Today matplotlib appends ".png" and writes "directory.png" next to it, and the CLI says it wrote "directory".
    code = main(["run", str(DATA / "pi.yaml"), "--plot", str(files / "directory")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1 and "directory" in err
    assert not (files / "directory.png").exists()


def test_two_documents_with_one_name_are_created_then_unchanged(capsys, tmp_path):
    path = tmp_path / "twice.yaml"
    text = (DATA / "pi.yaml").read_text()
    path.write_text(text + "\n---\n" + text)
    assert main(["run", str(path), "--until", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:3] == ["job.batch/pi created", "job.batch/pi unchanged"]


# ---- kubectl: text back, never an exception, never a hang -------------------------------------------------

KUBECTL_WORDS = ["get", "describe", "logs", "events", "apply", "create", "delete", "patch", "wait", "job", "jobs",
                 "pods", "pi", "-f", "-o", "yaml", "json", "wide", "jsonpath={.items[*]}", "-l", "job-name=pi",
                 "--cascade=orphan", "-p", "'{\"spec\":{\"suspend\":true}}'", "--type=json", "--for=delete",
                 "--timeout=-1s", "--image=busybox", "--", "sh", "-c", "'", '"', "\\", "{", "[", "--watch",
                 "--request-timeout=1h", "-n", "default", "--all", "job/pi", "pod/x", "--dry-run=client", "=", "é"]


@HARDENING
@given(words=st.lists(st.sampled_from(KUBECTL_WORDS) | st.text(max_size=8), max_size=8))
def test_kubectl_answers_any_command_line_with_text(words):
    cluster = Cluster()
    cluster.apply(DATA / "pi.yaml")
    with hang_guard(10):
        output = cluster.kubectl(" ".join(words))
    assert isinstance(output, str)


def forever_job() -> dict:
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "forever"}, "spec": {
        "backoffLimit": 2147483647, "template": {"spec": {"restartPolicy": "Never", "containers": [
            {"name": "main", "image": "busybox:1.36", "command": ["sh", "-c", "exit 1"]}]}}}}


@pytest.mark.parametrize("command", [
    "get pods --watch",  # a Job that retries forever: the watch ends after 30 days of virtual time
    "get jobs --watch",
    "wait --for=condition=complete job/forever --timeout=168h",
    "wait --for=delete job/forever --timeout=168h",
])
def test_kubectl_on_a_job_that_never_finishes_ends_quickly(command):
    cluster = Cluster()
    cluster.apply(forever_job())
    with hang_guard(5) as elapsed:
        output = cluster.kubectl(command)
    assert output
    assert elapsed[0] < 5, f"{command} took {elapsed[0]:.1f} s"


@pytest.mark.parametrize("text, refusal", [
    (alias_bomb(6), "alias"),  # a million strings from a few hundred bytes
    (MANIFEST.format(completions=1, parallelism=1).replace("myjob", "x" * (1 << 20)),
     "larger than 1048576 bytes"),  # over the loader's size limit
])
def test_kubectl_apply_refuses_what_the_loader_refuses_and_fast(tmp_path, text, refusal):
    path = tmp_path / "manifest.yaml"
    path.write_text(text)
    with hang_guard(3) as elapsed:
        output = Cluster().kubectl(f"apply -f {path}")
    assert output.startswith("error") and refusal in output, output[:300]
    assert elapsed[0] < 1.0, f"refused only after {elapsed[0]:.1f} s"


def test_kubectl_apply_of_a_binary_file_is_a_parse_error(tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    output = Cluster().kubectl(f"apply -f {path}")
    assert output.startswith(f"error: error parsing {path}: ")
