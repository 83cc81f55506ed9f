"""Widgets, headless: set values, click buttons, then read the kubectl text and the plot's artists.

The scenario most tests use: ``JobPlayground(completions=6, parallelism=2)`` with the
simulator's defaults (each pod starts 2 s after creation and runs 10 s), so pods
are created at 0, run from 2 to 12, and the next ones are created at 13 (the
controller's 1 s batch period after the pods' change).
"""
import html

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from k8sjobs_edu import Cluster  # noqa: E402
from k8sjobs_edu.api.manifest import load_job
from k8sjobs_edu.api.validation.errors import ManifestError  # noqa: E402
from k8sjobs_edu.teach.plots import PHASE_COLORS, PHASE_LABELS, PHASES, phase_bars  # noqa: E402
from k8sjobs_edu.widgets import (  # noqa: E402
    Action,
    JobPlayground,
    TimeScrubber,
    new_manifest,
    render_panes,
    simulate,
    terminal_text,
)
from k8sjobs_edu.teach.widgets.figure import TimelineImage  # noqa: E402
from k8sjobs_edu.teach.widgets.render import grid_at_or_after, next_moment, on_grid, previous_moment  # noqa: E402


def statuses(get_pods_text: str) -> dict[str, str]:
    """``{pod name: STATUS}`` from ``kubectl get pods`` text."""
    lines = get_pods_text.splitlines()
    if not lines or not lines[0].startswith("NAME"):
        return {}
    return {line.split()[0]: line.split()[2] for line in lines[1:]}


def ready_and_status(get_pods_text: str) -> dict[str, tuple[str, str]]:
    """``{pod name: (READY, STATUS)}`` from ``kubectl get pods`` text."""
    return {line.split()[0]: tuple(line.split()[1:3]) for line in get_pods_text.splitlines()[1:]}


def running(playground: JobPlayground) -> int:
    return list(statuses(playground.texts["get pods"]).values()).count("Running")


def job_status(playground: JobPlayground) -> str:
    """The STATUS cell of ``kubectl get jobs`` (one Job)."""
    return playground.texts["get jobs"].splitlines()[1].split()[1]


def row_labels(playground: JobPlayground) -> list[str]:
    return [label.get_text() for label in playground.timeline_image.axes.get_yticklabels()]


@pytest.fixture
def playground():
    return JobPlayground(completions=6, parallelism=2)


# ---- settings ---------------------------------------------------------------------------


@pytest.mark.parametrize("parallelism, running_at_5s", [(1, 1), (2, 2), (3, 3), (6, 6), (9, 6)])
def test_parallelism_decides_how_many_pods_run(playground, parallelism, running_at_5s):
    # No more pods than completions still needed (upstream manageJob: wantActive = min(parallelism, remaining)).
    playground.time.value = 5
    playground.parallelism.value = parallelism
    assert running(playground) == running_at_5s
    assert len(row_labels(playground)) == running_at_5s  # one timeline row per parallel slot


def test_a_settings_change_keeps_the_scrubber_time(playground):
    playground.time.value = 5
    playground.parallelism.value = 3
    assert playground.time.value == 5
    assert playground.jobs_title.value.endswith("at t = 5 s")


def test_the_manifest_pane_is_a_valid_manifest_with_only_real_fields(playground):
    playground.mode.value = "Indexed"
    playground.backoff_limit.value = 2
    playground.restart_policy.value = "OnFailure"
    text = playground.manifest_pane.outputs[0]["text"]
    job = load_job(text)  # strict decoding: an unknown field would be refused
    assert (job.spec.completions, job.spec.parallelism, job.spec.completion_mode) == (6, 2, "Indexed")
    assert (job.spec.backoff_limit, job.spec.pod_spec["restartPolicy"]) == (2, "OnFailure")
    assert set(yaml.safe_load(text)) == {"apiVersion", "kind", "metadata", "spec"}


@pytest.mark.parametrize("mode, completions_in_manifest, parallelism_in_manifest, completion_mode", [
    ("Non-parallel", None, None, "NonIndexed"),
    ("Fixed completions", 6, 2, "NonIndexed"),
    ("Indexed", 6, 2, "Indexed"),
    ("Work queue", None, 2, "NonIndexed"),
])
def test_each_mode_writes_its_own_fields(playground, mode, completions_in_manifest, parallelism_in_manifest,
                                         completion_mode):
    playground.mode.value = mode
    spec = yaml.safe_load(playground.manifest)["spec"]
    assert spec.get("completions") == completions_in_manifest
    assert spec.get("parallelism") == parallelism_in_manifest
    assert spec.get("completionMode", "NonIndexed") == completion_mode


def test_a_work_queue_counts_items_and_finishes_as_kubectl_shows_it(playground):
    playground.mode.value = "Work queue"
    assert playground.completions.description == "queue items"
    playground.time.value = playground.run.settled_at
    # printJob: a work queue with parallelism > 1 shows "succeeded/1 of parallelism".
    assert playground.texts["get jobs"].splitlines()[1].split()[1:3] == ["Complete", "2/1"]
    assert "2/1 of 2" in playground.texts["get jobs"]


def test_the_simulator_settings_change_the_run_but_not_the_manifest(playground):
    manifest = playground.manifest
    playground.run_time.value = 30
    playground.time.value = 20
    assert running(playground) == 2  # with 10 s runs they had finished at 12
    assert playground.manifest == manifest


@pytest.mark.parametrize("control, value, error", [
    # ValidateJob (validateJobSpec): every count must be >= 0.
    ("parallelism", -3, 'Job.batch "myjob" is invalid: spec.parallelism: Invalid value: -3: '
                        'must be greater than or equal to 0'),
    ("completions", -1, 'Job.batch "myjob" is invalid: spec.completions: Invalid value: -1: '
                        'must be greater than or equal to 0'),
    ("backoff_limit", -6, 'Job.batch "myjob" is invalid: spec.backoffLimit: Invalid value: -6: '
                          'must be greater than or equal to 0'),
    # The fields are int32: a bigger number does not even decode.
    ("parallelism", 2**31, 'Job in version "v1" cannot be handled as a Job: json: cannot unmarshal number '
                           '2147483648 into Go struct field JobSpec.spec.parallelism of type int32'),
    # The simulator's own settings, in the simulator's words.
    ("run_time", -10.0, "a duration is a number of seconds >= 0, not -10.0"),
    ("start_latency", -2.0, "start_latency must be seconds from 0 on, not -2.0"),
])
def test_a_number_that_does_not_load_is_refused_inline_and_stays_as_typed(playground, control, value, error):
    playground.time.value = 5
    texts, manifest, simulations = dict(playground.texts), playground.manifest, playground.simulations
    getattr(playground, control).value = value
    assert getattr(playground, control).value == value  # not clamped
    assert playground.error == error
    assert html.escape(error) in playground.error_box.value
    assert playground.texts == texts and playground.manifest == manifest  # the last valid run stays
    assert playground.simulations in (simulations, simulations + 1)  # a simulator setting is tried


def test_a_refused_number_stays_with_its_error_until_it_is_fixed(playground):
    playground.time.value = 5
    playground.parallelism.value = -1
    assert "parallelism: -1" in playground.editor.value  # the editor follows the fields
    playground.suspend_button.click()  # acts on the last valid manifest
    assert job_status(playground) == "Suspended"
    assert playground.parallelism.value == -1
    assert playground.error.startswith('Job.batch "myjob" is invalid: spec.parallelism: Invalid value: -1')
    playground.parallelism.value = 3
    assert playground.error == "" and playground.run.cluster.get_job("myjob").spec.parallelism == 3
    assert playground.actions == [Action(5.0, "suspend")] and job_status(playground) == "Suspended"


def test_a_refused_simulator_setting_does_not_block_the_editor(playground):
    playground.run_time.value = -10.0
    playground.editor.value = playground.editor.value.replace("parallelism: 2", "parallelism: 3")
    assert playground.run.cluster.get_job("myjob").spec.parallelism == 3  # simulated with the last valid run time
    assert playground.error == "a duration is a number of seconds >= 0, not -10.0"
    playground.run_time.value = 20.0
    assert playground.error == ""
    playground.time.value = 15
    assert running(playground) == 3  # 20 s runs: still running


def test_a_negative_number_of_queue_items_is_refused(playground):
    playground.mode.value = "Work queue"
    playground.completions.value = -1
    assert playground.completions.value == -1
    assert playground.error == "a work queue holds 0 or more items, not -1"


def test_a_scale_the_api_server_refuses_is_not_recorded(playground):
    playground.time.value = 5
    playground.scale_to.value = -1
    playground.scale_button.click()
    assert playground.error == ('Job.batch "myjob" is invalid: spec.parallelism: Invalid value: -1: '
                                'must be greater than or equal to 0')
    assert playground.actions == [] and playground.scale_to.value == -1
    assert running(playground) == 2


def test_the_failure_probability_is_a_slider_within_0_and_1(playground):
    playground.failure_probability.value = 1.5
    assert playground.failure_probability.value == 1.0 and playground.error == ""


def test_an_invalid_setting_shows_the_api_servers_refusal_and_keeps_the_last_run(playground):
    playground.time.value = 5
    texts, simulations = dict(playground.texts), playground.simulations
    playground.restart_policy.value = "Always"
    # ValidateJob: a Job's pod template must have restartPolicy OnFailure or Never.
    assert playground.error == ('Job.batch "myjob" is invalid: spec.template.spec.restartPolicy: '
                                'Required value: valid values: "OnFailure", "Never"')
    assert playground.texts == texts and playground.simulations == simulations
    assert "restartPolicy: Always" in playground.editor.value
    playground.restart_policy.value = "Never"
    assert playground.error == ""


def test_a_run_over_the_pod_budget_is_refused_inline():
    playground = JobPlayground(completions=3, parallelism=3, max_pods=10)
    texts = dict(playground.texts)
    playground.completions.value = 11
    assert playground.error == ("the simulation would create more than max_pods=10 pods; "
                                "pass a larger Cluster(max_pods=...) if this is intended")
    assert playground.texts == texts


def test_a_job_that_retries_forever_stops_at_the_horizon():
    playground = JobPlayground(failure_probability=1.0, backoff_limit=1000, horizon=600)
    assert playground.run.stopped_reason == ("stopped at the horizon of 600 s of virtual time with work still "
                                             "pending (does the Job retry forever?)")
    assert playground.time.max == 600 and "⚠ stopped at the horizon" in playground.status.value


@pytest.mark.parametrize("settings, get_jobs_row", [
    ({"completions": 0}, "myjob   Complete   0/0           0s         0s"),
    ({"parallelism": 0}, "myjob   Running   0/4           0s         0s"),  # startTime is set even so
])
def test_a_job_without_pods_still_draws(settings, get_jobs_row):
    playground = JobPlayground(**settings)
    assert playground.texts["get jobs"].splitlines()[1] == get_jobs_row
    assert playground.run.pod_count == 0 and playground.plot.value[:4] == b"\x89PNG"


def test_kubectl_before_1_30_has_no_status_column():
    playground = JobPlayground(kubectl_version="1.29")
    assert playground.texts["get jobs"].splitlines()[0].split() == ["NAME", "COMPLETIONS", "DURATION", "AGE"]


# ---- the YAML editor --------------------------------------------------------------------


@pytest.mark.parametrize("edit, error", [
    (("parallelism: 2", "parallelism: -1"),
     'Job.batch "myjob" is invalid: spec.parallelism: Invalid value: -1: must be greater than or equal to 0'),
    (("parallelism: 2", "parallelims: 2"),
     'Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field "spec.parallelims"'),
    (("parallelism: 2", "parallelism: two"),
     'Job in version "v1" cannot be handled as a Job: json: cannot unmarshal string into Go struct field '
     'JobSpec.spec.parallelism of type int32'),
    (("completions: 6", "completions: [6"), None),  # a syntax error: whatever load_job says, word for word
])
def test_a_bad_edit_shows_the_exact_error_and_keeps_the_text_and_the_last_good_panes(playground, edit, error):
    playground.time.value = 5
    texts, manifest, simulations = dict(playground.texts), playground.manifest, playground.simulations
    bad = playground.editor.value.replace(*edit)
    if error is None:
        with pytest.raises(ManifestError) as raised:
            load_job(bad)
        error = str(raised.value)
        assert error.startswith("error converting YAML to JSON: yaml: line 7")
    playground.editor.value = bad
    assert playground.error == error
    assert error.replace('"', "&quot;").replace("'", "&#x27;") in playground.error_box.value
    assert playground.editor.value == bad
    assert playground.texts == texts and playground.manifest == manifest
    assert playground.simulations == simulations


def test_a_control_change_never_overwrites_the_learners_broken_text(playground):
    bad = playground.editor.value.replace("parallelism: 2", "parallelism: -1")
    playground.editor.value = bad
    playground.completions.value = 3
    assert playground.editor.value == bad
    assert playground.run.cluster.get_job("myjob").spec.completions == 3  # applied to the last valid manifest
    assert playground.error.endswith("must be greater than or equal to 0")  # the editor's error stays shown


def test_a_valid_edit_runs_and_updates_the_controls(playground):
    playground.editor.value = playground.editor.value.replace("parallelism: 2", "parallelism: 3")
    playground.time.value = 5
    assert playground.error == "" and playground.parallelism.value == 3 and running(playground) == 3


def test_an_edit_of_comments_only_does_not_simulate(playground):
    simulations = playground.simulations
    playground.editor.value = "# my first Job\n" + playground.editor.value
    assert playground.simulations == simulations
    assert playground.manifest.startswith("# my first Job\n")


# ---- actions ----------------------------------------------------------------------------


def test_suspend_removes_the_active_pods_and_shows_suspended(playground):
    playground.time.value = 5
    playground.suspend_button.click()
    assert job_status(playground) == "Suspended"
    assert statuses(playground.texts["get pods"]) == {"myjob-hc6cd": "Terminating", "myjob-trqcs": "Terminating"}
    assert "Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 0 Failed" in playground.texts["describe job"]
    playground.time.value = 40
    assert playground.texts["get pods"] == "No resources found in default namespace.\n"
    assert [patch.get_gid() for patch in playground.timeline_image.axes.patches].count("suspended") == 1


def test_resume_creates_pods_again(playground):
    playground.time.value = 5
    playground.suspend_button.click()
    playground.time.value = 20
    playground.resume_button.click()
    assert job_status(playground) == "Running"
    assert statuses(playground.texts["get pods"]) == {"myjob-87r8z": "ContainerCreating",
                                                      "myjob-lh758": "ContainerCreating"}
    playground.time.value = 23
    assert running(playground) == 2


@pytest.mark.parametrize("cascade, pods_at_30s", [
    ("Orphan", {"myjob-hc6cd": "Completed", "myjob-trqcs": "Completed"}),  # released, they run to the end
    ("Background", {}),  # deleted with the Job
])
def test_delete_with_a_cascade(playground, cascade, pods_at_30s):
    playground.time.value = 5
    playground.cascade.value = cascade
    playground.delete_button.click()
    assert playground.texts["get jobs"] == "No resources found in default namespace.\n"
    assert playground.texts["describe job"] == 'Error from server (NotFound): jobs.batch "myjob" not found\n'
    playground.time.value = 30
    assert statuses(playground.texts["get pods"]) == pods_at_30s


def test_orphaned_pods_keep_running_right_after_the_delete(playground):
    playground.time.value = 5
    playground.cascade.value = "Orphan"
    playground.delete_button.click()
    assert statuses(playground.texts["get pods"]) == {"myjob-hc6cd": "Running", "myjob-trqcs": "Running"}


def test_scale_changes_parallelism_from_the_current_time(playground):
    playground.time.value = 5
    playground.scale_to.value = 4
    playground.scale_button.click()
    assert running(playground) == 2  # the new pods are being created
    playground.time.value = 8
    assert running(playground) == 4


def test_evict_deletes_the_pod_and_the_job_counts_it_failed(playground):
    playground.time.value = 5
    playground.evict_pod.value = "myjob-hc6cd"
    playground.evict_button.click()
    assert statuses(playground.texts["get pods"]) == {"myjob-hc6cd": "Terminating", "myjob-trqcs": "Running"}
    # With the default podReplacementPolicy (TerminatingOrFailed) a pod being deleted counts as failed
    # (upstream isPodFailed), at the controller's next sync 1 s later.
    playground.time.value = 6
    assert "Pods Statuses:    1 Active (1 Ready) / 0 Succeeded / 1 Failed" in playground.texts["describe job"]


def test_actions_replay_after_a_settings_change_and_stale_ones_are_reported(playground):
    playground.time.value = 5
    playground.evict_pod.value = "myjob-trqcs"
    playground.evict_button.click()
    playground.suspend_button.click()
    playground.seed.value = 1  # other pod names: the evicted pod no longer exists
    assert job_status(playground) == "Suspended"
    assert [str(action) for action, _ in playground.run.skipped] == ["t=5s evict myjob-trqcs"]
    assert "skipped t=5s evict myjob-trqcs: pods &quot;myjob-trqcs&quot; not found" in playground.status.value


def test_an_action_at_the_instant_pods_start_acts_on_the_running_pods_the_panes_showed(playground):
    playground.step_button.click()  # t = 2: the containers start
    assert ready_and_status(playground.texts["get pods"]) == {"myjob-hc6cd": ("1/1", "Running"),
                                                              "myjob-trqcs": ("1/1", "Running")}
    playground.time.value = 1.9999999999999998  # 2 as a browser's slider may send it back
    playground.suspend_button.click()
    assert playground.actions == [Action(2.0, "suspend")]
    # The suspend deletes the pods the learner saw running: they terminate (not: deleted before they started).
    assert ready_and_status(playground.texts["get pods"]) == {"myjob-hc6cd": ("1/1", "Terminating"),
                                                              "myjob-trqcs": ("1/1", "Terminating")}


def test_undo_forgets_the_last_action(playground):
    playground.time.value = 5
    playground.suspend_button.click()
    playground.undo_button.click()
    assert playground.actions == [] and job_status(playground) == "Running"


def test_actions_are_offered_only_when_they_apply(playground):
    playground.time.value = 5
    assert (playground.suspend_button.disabled, playground.resume_button.disabled) == (False, True)
    assert playground.evict_pod.options == ("myjob-hc6cd", "myjob-trqcs")
    playground.suspend_button.click()
    assert (playground.suspend_button.disabled, playground.resume_button.disabled) == (True, False)
    assert playground.evict_pod.options == ()  # terminating pods cannot be evicted again


# ---- time -------------------------------------------------------------------------------


def test_scrubbing_reads_the_timeline_and_never_simulates(playground, monkeypatch):
    steps = []
    monkeypatch.setattr(Cluster, "step", lambda self: steps.append(self.now))
    bars = list(playground.timeline_image.axes.patches)
    simulations = playground.simulations
    expected = {
        5: {"myjob-hc6cd": "Running", "myjob-trqcs": "Running"},
        0: {"myjob-hc6cd": "ContainerCreating", "myjob-trqcs": "ContainerCreating"},
        12.5: {"myjob-hc6cd": "Completed", "myjob-trqcs": "Completed"},
        13: {"myjob-87r8z": "ContainerCreating", "myjob-hc6cd": "Completed", "myjob-lh758": "ContainerCreating",
             "myjob-trqcs": "Completed"},
    }
    for t, pods in expected.items():
        playground.time.value = t
        assert statuses(playground.texts["get pods"]) == pods
        assert list(playground.timeline_image.cursor.get_xdata()) == [t, t]
    assert steps == [] and playground.simulations == simulations
    assert list(playground.timeline_image.axes.patches) == bars  # the bars are not redrawn on a scrub


# The browser's slider (noUiSlider) keeps its value on a 0.01 s grid in binary floating point. When a new run
# changes the slider's max it re-snaps the value and sends it back: 10 arrives as 9.999999999999998 (seen in
# Voilà's comm messages). The playground's time is that grid: such a value is the moment 10 s, not just before it.
NOISY_TEN = 9.999999999999998


def test_the_panes_show_an_action_at_its_moment_after_the_browser_sends_the_time_back(playground):
    playground.time.value = 10
    playground.suspend_button.click()
    playground.time.value = NOISY_TEN  # what the browser sends after the new run's max reached it
    assert job_status(playground) == "Suspended"
    assert statuses(playground.texts["get pods"]) == {"myjob-hc6cd": "Terminating", "myjob-trqcs": "Terminating"}
    assert playground.jobs_title.value.endswith("at t = 10 s")


def test_step_lands_on_the_sliders_grid_at_or_after_the_change():
    # Pods start at 2.004 s: a browser slider would snap that to 2.00, before the start, and Step would
    # show no change. On the grid, the first moment that shows the change is 2.01.
    playground = JobPlayground(completions=6, parallelism=2, start_latency=2.004)
    playground.step_button.click()
    assert playground.time.value == 2.01
    assert running(playground) == 2
    playground.step_button.click()
    assert playground.time.value == 3.01  # the Job's status counts them ready 1 s later
    playground.back_button.click()
    assert playground.time.value == 2.01


def test_play_moves_the_scrubber(playground):
    playground.play.value = 13
    assert playground.time.value == 13
    assert len(statuses(playground.texts["get pods"])) == 4  # two Completed, two new


@pytest.mark.parametrize("start, backwards, moment", [
    (0.0, False, 2.0),    # containers start (start latency 2 s)
    (2.0, False, 3.0),    # the Job's status counts them ready (1 s batch period)
    (5.0, False, 12.0),   # they exit after 10 s
    (12.0, True, 3.0),
])
def test_step_jumps_to_the_next_change(playground, start, backwards, moment):
    playground.time.value = start
    (playground.back_button if backwards else playground.step_button).click()
    assert playground.time.value == moment


def test_reset_returns_to_the_start(playground):
    start = (dict(playground.texts), playground.manifest, playground.editor.value, playground.plot.value)
    playground.parallelism.value = 3
    playground.seed.value = 7
    playground.time.value = 5
    playground.suspend_button.click()
    playground.editor.value = "not: [valid"
    playground.reset_button.click()
    assert (dict(playground.texts), playground.manifest, playground.editor.value, playground.plot.value) == start
    assert (playground.parallelism.value, playground.seed.value, playground.time.value) == (2, 0, 0.0)
    assert playground.actions == [] and playground.error == ""


def test_the_plot_is_never_a_pyplot_figure():
    # matplotlib warns after 20 open pyplot figures; the widgets' figures are not pyplot's.
    playgrounds = [JobPlayground(completions=2, parallelism=2) for _ in range(3)]
    for playground in playgrounds:
        playground.parallelism.value = 1
    assert plt.get_fignums() == []
    assert all(playground.plot.value[:8] == b"\x89PNG\r\n\x1a\n" for playground in playgrounds)


def test_a_kept_figure_draws_the_same_picture_as_a_new_one():
    # Figures are kept per size and redrawn: nothing of the previous run may remain.
    suspended = simulate(load_job(yaml.safe_dump(new_manifest(completions=40, parallelism=30))),
                         actions=[Action(5, "suspend"), Action(20, "resume")])
    plain = simulate(load_job(yaml.safe_dump(new_manifest(completions=40, parallelism=25))))
    image = TimelineImage()
    image.draw(suspended.timeline, "slot", 10)
    kept = image.draw(plain.timeline, "slot", 30)
    assert len(image._figures) == 1
    assert kept == TimelineImage().draw(plain.timeline, "slot", 30)


def test_the_legend_names_every_phase_in_its_colour():
    legend = JobPlayground(completions=1, parallelism=1).legend.value
    for phase, label in zip(PHASES, PHASE_LABELS):
        assert f"background:{PHASE_COLORS[phase]}" in legend and label in legend


def test_an_indexed_job_is_drawn_by_index(playground):
    playground.mode.value = "Indexed"
    assert row_labels(playground) == ["0", "1", "2", "3", "4", "5"]
    playground.rows.value = "pod"
    assert len(row_labels(playground)) == 6 and all(label.startswith("myjob-") for label in row_labels(playground))
    assert sorted(phase_bars(playground.timeline_image.axes)) == ["Pending", "Running", "Succeeded"]


def test_a_given_manifest_runs_its_command():
    playground = JobPlayground("data/paral-myjob.yaml")
    assert playground.containers.value == "command" and playground.run_time.disabled
    assert playground.editor.value.startswith("# The course notes' parallel Job")
    assert (playground.completions.value, playground.parallelism.value) == (8, 2)
    playground.time.value = 20
    assert running(playground) == 2  # `sleep 30; date`: still running


def test_a_given_workload_is_used():
    from k8sjobs_edu.cluster.workloads import constant

    playground = JobPlayground(workload=constant(3), completions=1, parallelism=1)
    playground.time.value = 6
    assert job_status(playground) == "Complete"


# ---- the pure functions lessons call ------------------------------------------------------


def test_render_panes_is_what_the_widget_shows(playground):
    playground.time.value = 5
    run = simulate(load_job(yaml.safe_dump(new_manifest(completions=6, parallelism=2))))
    assert render_panes(run.at(5), "myjob", panes=("get jobs", "get pods")) == {
        key: playground.texts[key] for key in ("get jobs", "get pods")}


def test_simulate_replays_actions_at_their_times():
    job = load_job(yaml.safe_dump(new_manifest(completions=6, parallelism=2)))
    run = simulate(job, actions=[Action(20, "resume"), Action(5, "suspend")])
    assert [(e.time, e.reason) for e in run.cluster.events if e.reason in ("Suspended", "Resumed")] == [
        (5.0, "Suspended"), (20.0, "Resumed")]


@pytest.mark.parametrize("t, rounded, at_or_after", [
    (10.0, 10.0, 10.0),
    (9.999999999999998, 10.0, 10.0),  # float noise from the browser is the same moment
    (2.004, 2.0, 2.01),               # a change between grid moments shows first at the next one
    (0.07, 0.07, 0.07),               # 0.07 * 100 is 7.000000000000001: still 0.07, not 0.08
    (21600.001, 21600.0, 21600.01),
])
def test_times_on_the_sliders_grid(t, rounded, at_or_after):
    assert (on_grid(t), grid_at_or_after(t)) == (rounded, at_or_after)


@pytest.mark.parametrize("t, backwards, moment", [
    (0.0, False, 2.01),
    (2.01, False, 3.0),
    (3.0, False, None),
    (3.0, True, 2.01),
    (2.01, True, 0.0),   # the change at 2.004 shows first at 2.01 itself: back goes further
    (0.0, True, None),
])
def test_next_and_previous_moments_on_the_grid(t, backwards, moment):
    change_times = [0.0, 2.004, 3.0]
    assert (previous_moment if backwards else next_moment)(change_times, t) == moment


# An action at t acts on the state the panes show at t: after every event of that instant.
@pytest.mark.parametrize("action, get_jobs_status, pods", [
    pytest.param(Action(2, "suspend"), ["Suspended", "0/6"],
                 {"myjob-hc6cd": ("1/1", "Terminating"), "myjob-trqcs": ("1/1", "Terminating")},
                 id="suspend at the instant the containers start: they started, so they terminate"),
    pytest.param(Action(2, "evict", "myjob-hc6cd"), ["Running", "0/6"],
                 {"myjob-hc6cd": ("1/1", "Terminating"), "myjob-trqcs": ("1/1", "Running")},
                 id="evict at the instant the containers start: the evicted pod was running"),
    pytest.param(Action(12, "suspend"), ["Suspended", "2/6"],
                 {"myjob-hc6cd": ("0/1", "Completed"), "myjob-trqcs": ("0/1", "Completed")},
                 id="suspend at the instant the containers exit: they completed, and they count"),
    pytest.param(Action(13, "suspend"), ["Suspended", "2/6"],
                 {"myjob-hc6cd": ("0/1", "Completed"), "myjob-trqcs": ("0/1", "Completed")},
                 id="suspend at the instant new pods are created: they are deleted before they start"),
])
def test_simulate_applies_an_action_after_everything_of_its_instant(action, get_jobs_status, pods):
    run = simulate(load_job(yaml.safe_dump(new_manifest(completions=6, parallelism=2))), actions=[action])
    texts = render_panes(run.at(action.time), "myjob", panes=("get jobs", "get pods"))
    assert run.skipped == []
    assert texts["get jobs"].splitlines()[1].split()[1:3] == get_jobs_status
    assert ready_and_status(texts["get pods"]) == pods


def test_terminal_text_prefixes_each_output_with_its_command():
    assert terminal_text({"get jobs": "A\n", "describe job": "B\n"}, "pi") == (
        "$ kubectl get jobs\nA\n\n$ kubectl describe job pi\nB\n")


# ---- TimeScrubber -----------------------------------------------------------------------------


def test_time_scrubber_shows_kubectl_at_t_without_simulating(monkeypatch):
    cluster = Cluster()
    cluster.apply("data/paral-myjob.yaml")
    cluster.run(until=60)
    scrubber = TimeScrubber(cluster, plot=True)
    monkeypatch.setattr(Cluster, "step", lambda self: pytest.fail("scrubbing simulated"))
    scrubber.time.value = 4
    assert scrubber.text.startswith("# t = 4 s\n$ kubectl get jobs\nNAME          STATUS    COMPLETIONS")
    assert "paral-myjob   Running   0/8           4s         4s" in scrubber.text
    scrubber.step_button.click()
    assert scrubber.time.value == 32.0  # the first pods exit: started at 2, `sleep 30`
    assert list(scrubber.image.cursor.get_xdata()) == [scrubber.time.value] * 2


def test_time_scrubber_reads_the_browsers_noisy_time_as_its_grid_moment():
    cluster = Cluster()
    cluster.apply("data/paral-myjob.yaml")
    cluster.run(until=60)
    scrubber = TimeScrubber(cluster)
    scrubber.time.value = 31.999999999999996  # 32 as a browser's slider may send it
    assert scrubber.text.startswith("# t = 32 s\n")
    assert list(statuses(scrubber.text.split("$ kubectl get pods\n")[1]).values()) == ["Completed", "Completed"]
