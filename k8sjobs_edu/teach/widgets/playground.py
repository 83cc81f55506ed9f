"""``JobPlayground``: drive one Job with controls and actions, and scrub through its run.

Design (read this before changing a handler):

- The run is simulated once per change of settings, manifest or actions, from
  t = 0 to the end (or the horizon). Scrubbing, Play and Step only read
  ``run.at(t)``: they never simulate. ``simulations`` counts the simulations.
- Actions (Suspend, Resume, Scale, Evict, Delete) are recorded at the scrubber's
  time; the run is then simulated again from the start with every recorded
  action replayed at its time. A run is a pure function of its inputs (seeded),
  so the replay is exact; an action that no longer applies after a settings
  change is skipped and reported.
- The editor's text is the learner's: the widget never overwrites text the
  learner typed that does not load. A control change then applies to the last
  valid manifest; the editor keeps the learner's text and its error.
- Number fields are the learner's too: a value that does not load (parallelism
  -1) stays in its field with the API server's words for it, and the runs keep
  the last valid manifest and simulator settings, until the field is fixed.
- Every output is set from the kernel side (``Output.outputs``, ``Image.value``),
  never with ``with out: print(...)``, so notebooks stay stable under nbval.
- Time is the slider's 0.01 s grid (``displayed_time``): a browser's slider sends
  10 back as 9.999999999999998 when a new run changes its max, and that must
  still show, and act at, the moment 10 s. Step only moves to grid moments.
"""
from __future__ import annotations

import html
import math
from contextlib import contextmanager

import ipywidgets as widgets

from ...api.manifest import load_job
from ...api.validation.errors import ManifestError
from ...api.wellknown import KUBERNETES_VERSION
from ...cluster.cluster import SimulationLimitError
from .figure import TimelineImage
from .layout import COMMAND, EVENT_PANES, GIVEN, PLAY_INTERVAL_MS, ROWS, SETTINGS, PlaygroundLayout
from .manifest import (FIXED, INDEXED, NON_PARALLEL, RESTART_POLICIES, WORK_QUEUE, manifest_source_text, manifest_text,
                       mode_of, new_manifest, parse_manifest, with_settings)
from .render import (DEFAULT_HORIZON, DEFAULT_MAX_PODS, Action, active_pods, next_moment, on_grid, pane_command,
                     previous_moment, render_panes, settings_workload, simulate)

PLAY_SECONDS = 20  # Play crosses a whole run in about this many seconds of wall time
SIMULATOR_CONTROLS = ("containers", "run_time", "failure_probability", "start_latency", "seed")


def _show_text(output: widgets.Output, text: str) -> None:
    """Replace an Output's content from the kernel side (one message, nothing leaks into cell stdout)."""
    output.outputs = ({"output_type": "stream", "name": "stdout", "text": text},)


class JobPlayground(PlaygroundLayout, widgets.VBox):
    """One Job, its controls, actions taken while time runs, and what kubectl shows at any moment.

    Args:
        manifest: YAML text, a path, a dict or a Job; None builds one from the settings.
        workload: what the containers do (``k8sjobs_edu.workloads``); None lets the
            "containers" control choose (the settings, or the container's command).
        seed: seeds every random draw of the simulation.
        mode, completions, parallelism, backoff_limit, restart_policy: the starting
            settings when no manifest is given.
        failure_probability, run_time, start_latency: the simulator's starting settings.
        nodes: how many pods can run at once (None: unlimited).
        kubectl_version: "1.29" shows ``get jobs`` without STATUS.
        horizon: virtual seconds after which a run stops (a Job may retry forever).
        max_pods: the pod budget of one run; beyond it the change is refused inline.
        name: the Job's name when no manifest is given.
    """

    def __init__(self, manifest=None, workload=None, seed: int = 0, *, mode: str = FIXED, completions: int = 4,
                 parallelism: int = 2, backoff_limit: int = 6, restart_policy: str = "Never",
                 failure_probability: float = 0.0, run_time: float = 10.0, start_latency: float = 2.0,
                 nodes: int | None = None, kubectl_version: str = KUBERNETES_VERSION,
                 horizon: float = DEFAULT_HORIZON, max_pods: int = DEFAULT_MAX_PODS, name: str = "myjob"):
        super().__init__()
        self._workload, self._nodes, self._kubectl_version = workload, nodes, kubectl_version
        self._horizon, self._max_pods = horizon, max_pods
        self._quiet_depth = 0
        # What the learner typed that does not load yet; each error stays shown until it is fixed.
        self._learner_text_invalid = False  # the editor holds text the learner typed that does not load
        self._editor_error = self._settings_error = self._simulator_error = ""
        self.simulations = 0
        self.actions: list[Action] = []
        self.texts: dict[str, str] = {}
        self.error = ""
        self.timeline_image = TimelineImage()
        if manifest is None:
            initial_text = manifest_text(new_manifest(name, mode=mode, completions=completions,
                                                      parallelism=parallelism, backoff_limit=backoff_limit,
                                                      restart_policy=restart_policy, run_time=run_time))
        else:
            initial_text = manifest_source_text(manifest)
        containers = GIVEN if workload is not None else COMMAND if manifest is not None else SETTINGS
        self._initial = {"text": initial_text, "containers": containers, "seed": seed,
                         "failure_probability": failure_probability, "run_time": run_time,
                         "start_latency": start_latency, "queue_items": completions}
        self._simulator: dict = {}  # the last valid SIMULATOR_CONTROLS and queue_items: what runs use
        self._build_controls(offer_given_workload=workload is not None)
        self._build_panes()
        self._layout()
        self._observe()
        self.reset()

    def __repr__(self) -> str:
        return f"JobPlayground(job={self.run.job_name!r})"

    def _observe(self) -> None:
        for control in (self.mode, self.completions, self.parallelism, self.backoff_limit, self.restart_policy):
            control.observe(self._on_manifest_setting, names="value")
        for key in SIMULATOR_CONTROLS:
            getattr(self, key).observe(self._on_simulator_setting, names="value")
        self.editor.observe(self._on_editor, names="value")
        self.play.observe(self._on_play, names="value")
        self.time.observe(self._on_time, names="value")
        self.events_view.observe(lambda _: self._show_time(), names="value")
        self.rows.observe(lambda _: self._draw(), names="value")
        self.back_button.on_click(lambda _: self.step(backwards=True))
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.suspend_button.on_click(lambda _: self.take("suspend"))
        self.resume_button.on_click(lambda _: self.take("resume"))
        self.scale_button.on_click(lambda _: self.take("scale", self.scale_to.value))
        self.evict_button.on_click(lambda _: self.take("evict", self.evict_pod.value))
        self.delete_button.on_click(lambda _: self.take("delete", self.cascade.value))
        self.undo_button.on_click(lambda _: self.undo())

    @contextmanager
    def _quietly(self):
        """Change widgets without their observers reacting."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    # ---- public verbs ----------------------------------------------------------------

    def reset(self) -> None:
        """Back to the start: the first manifest and settings, no actions, t = 0."""
        initial = self._initial
        with self._quietly():
            for key in SIMULATOR_CONTROLS:
                getattr(self, key).value = initial[key]
            self.completions.value = initial["queue_items"]
            self.editor.value = initial["text"]
            self.events_view.value, self.rows.value = EVENT_PANES[0], ROWS[0]
            self.time.value = 0.0
        self.actions = []
        self._learner_text_invalid, self._simulator_error = False, ""
        self._simulator = {key: initial[key] for key in SIMULATOR_CONTROLS + ("queue_items",)}
        job = load_job(initial["text"])  # the lesson's own manifest: an error here is the author's, so raise
        run = self._simulate(job, self._simulator)
        self._commit(initial["text"], job)
        self._show_run(run)
        self._show_errors()
        with self._quietly():
            self.scale_to.value = job.spec.parallelism

    @property
    def displayed_time(self) -> float:
        """The scrubber's time on its 0.01 s grid: the moment the panes show and actions are taken at."""
        return on_grid(self.time.value)

    def step(self, backwards: bool = False) -> None:
        """Move the scrubber to the next (or previous) grid moment that shows a change."""
        find = previous_moment if backwards else next_moment
        moment = find(self.run.change_times, self.displayed_time)
        if moment is not None:
            self.time.value = moment

    def take(self, verb: str, argument=None) -> None:
        """Record an action at the displayed time and simulate again with it."""
        if verb == "evict" and not argument:
            return  # no pod to evict at this moment
        action = Action(self.displayed_time, verb, argument)
        self.actions.append(action)
        refused = self._rerun(self._simulator, new_action=action)
        if refused:
            self.actions.pop()
        self._show_errors(refused)

    def undo(self) -> None:
        """Forget the last recorded action."""
        if self.actions:
            undone = self.actions.pop()
            refused = self._rerun(self._simulator)
            if refused:
                self.actions.append(undone)
            self._show_errors(refused)

    # ---- reacting to controls ----------------------------------------------------------

    def _on_manifest_setting(self, change) -> None:
        if self._quiet_depth:
            return
        self._enable_controls()
        if change["owner"] is self.completions and self.mode.value == WORK_QUEUE:
            text = self.manifest  # in a work queue the count is the queue's items, not a manifest field
        else:
            text = manifest_text(with_settings(self._document, **self._changed_settings()))
            if not self._learner_text_invalid:
                with self._quietly():
                    self.editor.value = text
        self._settings_error = self._apply_text(text, dict(self._simulator, queue_items=self.completions.value))
        self._show_errors()

    def _changed_settings(self) -> dict:
        """The settings whose control differs from the last valid Job: they go into the manifest."""
        job, changes = self._job, {}
        if self.mode.value != mode_of(job, self._document):
            changes.update(mode=self.mode.value, completions=self.completions.value,
                           parallelism=self.parallelism.value)
        if self.mode.value in (FIXED, INDEXED) and self.completions.value != job.spec.completions:
            changes["completions"] = self.completions.value
        if self.mode.value != NON_PARALLEL and self.parallelism.value != job.spec.parallelism:
            changes["parallelism"] = self.parallelism.value
        if self.backoff_limit.value != job.spec.backoff_limit:
            changes["backoff_limit"] = self.backoff_limit.value
        if self.restart_policy.value != job.spec.pod_spec.get("restartPolicy"):
            changes["restart_policy"] = self.restart_policy.value
        return changes

    def _on_simulator_setting(self, change) -> None:
        if self._quiet_depth:
            return
        self._enable_controls()
        settings = dict(self._simulator, **{key: getattr(self, key).value for key in SIMULATOR_CONTROLS})
        self._simulator_error = self._rerun(settings)
        self._show_errors()

    def _on_editor(self, change) -> None:
        if self._quiet_depth:
            return
        self._learner_text_invalid = False
        self._editor_error = self._apply_text(change["new"], self._simulator)
        self._learner_text_invalid = bool(self._editor_error)
        self._show_errors()

    def _apply_text(self, text: str, simulator: dict) -> str:
        """Load, simulate and show a manifest; the error (Kubernetes' words), or "" once it is on screen."""
        try:
            job = load_job(text)
        except ManifestError as err:
            return str(err)
        if job.to_dict() == self._job.to_dict() and simulator == self._simulator:
            self._commit(text, job)  # only comments or layout changed: nothing to simulate
            return ""
        try:
            run = self._simulate(job, simulator)
        except (SimulationLimitError, ValueError) as err:
            return str(err)
        self._simulator = simulator
        self._commit(text, job)
        self._show_run(run)
        return ""

    def _rerun(self, simulator: dict, new_action: Action | None = None) -> str:
        """Simulate the current manifest again (simulator settings or actions changed); the error, or ""."""
        try:
            run = self._simulate(self._job, simulator)
        except (SimulationLimitError, ValueError) as err:
            return str(err)
        refused = [why for action, why in run.skipped if action is new_action]
        if refused:
            return refused[0]  # e.g. scaling to -1: the API server refuses the patch
        self._simulator = simulator
        self._show_run(run)
        return ""

    def _simulate(self, job, simulator: dict):
        if simulator["containers"] == GIVEN:
            workload = self._workload
        elif simulator["containers"] == COMMAND:
            workload = None
        else:
            workload = settings_workload(job, simulator["run_time"], simulator["failure_probability"],
                                         simulator["queue_items"])
        self.simulations += 1
        return simulate(job, workload=workload, seed=simulator["seed"], start_latency=simulator["start_latency"],
                        actions=self.actions, nodes=self._nodes, kubectl_version=self._kubectl_version,
                        horizon=self._horizon, max_pods=self._max_pods)

    def _commit(self, text: str, job) -> None:
        """Make a manifest the one on screen; the controls show its settings."""
        self.manifest, self._job, self._document = text, job, parse_manifest(text)
        self._settings_error = ""  # a value typed into a manifest field is replaced by the manifest's
        self._show_settings_of(job)
        _show_text(self.manifest_pane, text)

    def _show_run(self, run) -> None:
        """Make a run the one on screen."""
        self.run = run
        self._new_run()

    def _show_settings_of(self, job) -> None:
        mode = mode_of(job, self._document)
        with self._quietly():
            self.mode.value = mode
            if mode in (FIXED, INDEXED):
                self.completions.value = job.spec.completions
            if mode != NON_PARALLEL:
                self.parallelism.value = job.spec.parallelism
            self.backoff_limit.value = job.spec.backoff_limit
            if job.spec.pod_spec.get("restartPolicy") in RESTART_POLICIES:
                self.restart_policy.value = job.spec.pod_spec["restartPolicy"]
        self._enable_controls()

    def _enable_controls(self) -> None:
        mode, simulated = self.mode.value, self.containers.value == SETTINGS
        self.completions.description = "queue items" if mode == WORK_QUEUE else "completions"
        self.completions.disabled = mode == NON_PARALLEL or (mode == WORK_QUEUE and not simulated)
        self.parallelism.disabled = mode == NON_PARALLEL
        self.run_time.disabled = not simulated
        self.failure_probability.disabled = not simulated or mode == WORK_QUEUE

    def _show_errors(self, refused: str = "") -> None:
        """Show why what the learner typed does not load yet, and why an action was refused."""
        editor = self._editor_error if self._learner_text_invalid else ""
        message = "\n".join(error for error in (editor, self._settings_error, self._simulator_error, refused) if error)
        self.error = message
        self.error_box.value = "" if not message else (
            '<pre style="color:#b00020;white-space:pre-wrap;margin:0">'
            f"{html.escape(message)}</pre><i>Nothing is lost: the last valid run stays on screen, and what "
            "you typed stays where you typed it.</i>")

    # ---- time ---------------------------------------------------------------------------

    def _new_run(self) -> None:
        """A new run: rescale the scrubber, redraw the bars, show the panes at the current time."""
        run = self.run
        end = max(run.end, 1.0)
        with self._quietly():
            self.time.max = end  # clamps the value if the new run is shorter
            self.play.max = math.ceil(end)
            self.play.step = max(1, math.ceil(end * PLAY_INTERVAL_MS / 1000 / PLAY_SECONDS))
            self.play.value = int(self.displayed_time)
        self._draw()
        notes = [f"Simulated once to t = {run.end:g} s: {run.pod_count} pods, the last change at "
                 f"t = {run.settled_at:g} s (simulations so far: {self.simulations})."]
        if run.stopped_reason:
            notes.append(f"⚠ {run.stopped_reason}.")
        notes += [f"⚠ skipped {action}: {why}" for action, why in run.skipped]
        self.status.value = "<br>".join(html.escape(note) for note in notes)
        self.actions_label.value = html.escape("; ".join(map(str, self.actions)) or "no actions yet")

    def _draw(self) -> None:
        by = self.rows.value
        indexed = self._job.spec.completion_mode == "Indexed"
        if by == "auto" or (by == "index" and not indexed):
            by = "index" if indexed else "slot"
        self.plot.value = self.timeline_image.draw(self.run.timeline, by, self.displayed_time)
        self._show_time(cursor_moved=False)

    def _on_play(self, change) -> None:
        if not self._quiet_depth:
            self.time.value = min(float(change["new"]), self.time.max)

    def _on_time(self, change) -> None:
        if self._quiet_depth:
            return
        with self._quietly():
            self.play.value = int(self.displayed_time)
        self._show_time()

    def _show_time(self, cursor_moved: bool = True) -> None:
        """The panes at the scrubber's time: text from ``run.at(t)``, the cursor moved (no simulation)."""
        t, name = self.displayed_time, self.run.job_name
        snapshot = self.run.at(t)
        self.texts = render_panes(snapshot, name, panes=("get jobs", "get pods", self.events_view.value),
                                  kubectl_version=self._kubectl_version)
        _show_text(self.jobs_pane, self.texts["get jobs"])
        _show_text(self.pods_pane, self.texts["get pods"])
        _show_text(self.events_pane, self.texts[self.events_view.value])
        self.jobs_title.value = f"<code>$ {pane_command('get jobs', name)}</code> at t = {t:g} s"
        self.pods_title.value = f"<code>$ {pane_command('get pods', name)}</code>"
        self.events_title.value = f"<code>$ {pane_command(self.events_view.value, name)}</code>"
        if cursor_moved:
            self.plot.value = self.timeline_image.move_cursor(t)
        self._enable_actions(snapshot)

    def _enable_actions(self, snapshot) -> None:
        job = snapshot.get_job(self.run.job_name)
        alive = job is not None and job.deleted_at is None
        running = alive and not job.status.is_finished()
        self.suspend_button.disabled = not running or bool(job.spec.suspend)
        self.resume_button.disabled = not running or not job.spec.suspend
        self.scale_button.disabled = not running
        self.delete_button.disabled = not alive
        pods = active_pods(snapshot)
        if list(self.evict_pod.options) != pods:
            self.evict_pod.options = pods
        self.evict_button.disabled = not pods
        self.undo_button.disabled = not self.actions
