"""What the playground shows: its controls, panes and their arrangement (no behaviour here).

``PlaygroundLayout`` is mixed into ``JobPlayground``, which adds the reactions.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from .figure import legend_html
from .manifest import MODES, RESTART_POLICIES

SETTINGS, COMMAND, GIVEN = "settings", "command", "given"
CONTAINERS = {SETTINGS: "simulated: run time and failure probability below",
              COMMAND: "the container's command, interpreted", GIVEN: "the workload given to JobPlayground"}
EVENT_PANES = ("describe job", "get events")
ROWS = ("auto", "slot", "pod", "index")
CASCADES = (("background (kubectl's default)", "Background"), ("foreground", "Foreground"), ("orphan", "Orphan"))
PLAY_INTERVAL_MS = 200
SIMULATOR_NOTE = ("These are the simulator's settings, not manifest fields: on a real cluster the image and "
                  "command decide how long a pod runs and whether it fails, and the nodes how fast it starts.")


def _text_output(height: str = "auto") -> widgets.Output:
    return widgets.Output(layout=widgets.Layout(max_height=height, overflow="auto", border="1px solid #ddd"))


class PlaygroundLayout:
    """Creates the playground's widgets as attributes and arranges them in ``self.children``."""

    def _build_controls(self, offer_given_workload: bool) -> None:
        # Number fields take any number: one that does not load is refused in the API server's words
        # (or the simulator's) and stays as typed; a bounded field would silently clamp it.
        number = {"style": {"description_width": "initial"}, "layout": widgets.Layout(width="180px")}
        self.mode = widgets.Dropdown(options=MODES, description="mode", style={"description_width": "initial"})
        self.completions = widgets.IntText(description="completions", **number)
        self.parallelism = widgets.IntText(description="parallelism", **number)
        self.backoff_limit = widgets.IntText(description="backoffLimit", **number)
        self.restart_policy = widgets.Dropdown(options=RESTART_POLICIES, description="restartPolicy",
                                               style={"description_width": "initial"},
                                               layout=widgets.Layout(width="220px"))
        choices = [(label, key) for key, label in CONTAINERS.items() if key != GIVEN or offer_given_workload]
        self.containers = widgets.Dropdown(options=choices, description="containers",
                                           style={"description_width": "initial"}, layout=widgets.Layout(width="430px"))
        self.run_time = widgets.FloatText(step=1, description="pod run time (s)", **number)
        self.failure_probability = widgets.FloatSlider(min=0, max=1, step=0.05, description="failure probability",
                                                       style={"description_width": "initial"})
        self.start_latency = widgets.FloatText(step=0.5, description="start latency (s)", **number)
        self.seed = widgets.IntText(description="seed", **number)
        self.play = widgets.Play(min=0, max=1, interval=PLAY_INTERVAL_MS, show_repeat=False, description="play")
        self.time = widgets.FloatSlider(min=0, max=1, step=0.01, readout_format=".2f", description="t (s)",
                                        continuous_update=True, layout=widgets.Layout(width="460px"))
        self.back_button = widgets.Button(description="◀ event", tooltip="back to the previous change")
        self.step_button = widgets.Button(description="event ▶", tooltip="jump to the next change")
        self.reset_button = widgets.Button(description="Reset", button_style="warning",
                                           tooltip="back to the start: settings, actions and time")
        self.suspend_button = widgets.Button(description="Suspend")
        self.resume_button = widgets.Button(description="Resume")
        self.scale_to = widgets.IntText(description="parallelism", **number)
        self.scale_button = widgets.Button(description="Scale")
        self.evict_pod = widgets.Dropdown(options=[], description="pod", layout=widgets.Layout(width="260px"))
        self.evict_button = widgets.Button(description="Evict")
        self.cascade = widgets.Dropdown(options=CASCADES, description="cascade", layout=widgets.Layout(width="300px"))
        self.delete_button = widgets.Button(description="Delete", button_style="danger")
        self.undo_button = widgets.Button(description="Undo last action")

    def _build_panes(self) -> None:
        self.events_view = widgets.ToggleButtons(options=EVENT_PANES, description="events")
        self.rows = widgets.Dropdown(options=ROWS, description="timeline rows", style={"description_width": "initial"})
        self.jobs_title, self.pods_title, self.events_title = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.jobs_pane, self.pods_pane = _text_output(), _text_output("320px")
        self.events_pane = _text_output("420px")
        self.plot = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.legend = widgets.HTML(legend_html())
        self.manifest_pane = _text_output()
        self.editor = widgets.Textarea(rows=22, continuous_update=True, layout=widgets.Layout(width="100%"))
        self.error_box = widgets.HTML()
        self.status = widgets.HTML()
        self.actions_label = widgets.HTML()

    def _layout(self) -> None:
        row = widgets.HBox
        manifest_settings = widgets.VBox([
            widgets.HTML("<b>Job manifest</b>"), self.mode, row([self.completions, self.parallelism]),
            row([self.backoff_limit, self.restart_policy])])
        simulator_settings = widgets.VBox(layout=widgets.Layout(max_width="600px"), children=[
            widgets.HTML(f"<b>Simulator</b> <i>({html.escape(SIMULATOR_NOTE)})</i>"), self.containers,
            row([self.run_time, self.start_latency, self.seed]), self.failure_probability])
        actions = widgets.VBox([
            widgets.HTML("<b>Actions at the current time</b>"),
            row([self.suspend_button, self.resume_button, self.scale_to, self.scale_button]),
            row([self.evict_pod, self.evict_button, self.cascade, self.delete_button]),
            row([self.undo_button, self.actions_label])])
        time = row([self.play, self.time, self.back_button, self.step_button, self.reset_button])
        manifest = widgets.Tab(children=[
            widgets.VBox([widgets.HTML("The manifest of this run: valid YAML you can paste into a real cluster."),
                          self.manifest_pane]),
            widgets.VBox([widgets.HTML("Edit the manifest; it is checked as you type."), self.editor])])
        manifest.set_title(0, "manifest (YAML)")
        manifest.set_title(1, "edit YAML")
        settings = row([manifest_settings, simulator_settings], layout=widgets.Layout(flex_flow="row wrap"))
        self.children = [settings, self.error_box, time, actions, self.status,
                         self.jobs_title, self.jobs_pane, self.pods_title, self.pods_pane,
                         self.rows, self.plot, self.legend,
                         self.events_view, self.events_title, self.events_pane, manifest]

