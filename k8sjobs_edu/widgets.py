"""Widgets that let a learner drive a Job and scrub through time (core ipywidgets and matplotlib only).

- ``JobPlayground``: settings, a YAML editor, actions while time runs, kubectl panes and the timeline.
- ``TimeScrubber``: a slider over a finished run showing kubectl text at ``t``.
- ``PredictReveal``: a prediction box for a lesson exercise.

The widgets are thin: the pure functions they bind to (``simulate``,
``render_panes``, ``terminal_text``, ``new_manifest``) can be called in
ordinary, output-checked notebook cells and give exactly the text the widgets show::

    run = simulate(load_job("data/paral-myjob.yaml"))
    print(terminal_text(render_panes(run.at(134), panes=("get jobs", "get pods")), run.job_name))

Actions (suspend, resume, scale, evict, delete) are recorded at the scrubber's
time and the run is simulated again from t = 0 with all of them replayed at
their times (deterministic: same seed, same run); scrubbing never simulates.
"""
from .teach.widgets.manifest import MODES, clean_manifest, manifest_text, new_manifest, with_settings
from .teach.widgets.playground import JobPlayground
from .teach.widgets.predict import PredictReveal
from .teach.widgets.render import PANES, Action, Run, pane_command, render_panes, simulate, terminal_text
from .teach.widgets.scrubber import TimeScrubber

__all__ = ["MODES", "PANES", "Action", "JobPlayground", "PredictReveal", "Run", "TimeScrubber", "clean_manifest",
           "manifest_text", "new_manifest", "pane_command", "render_panes", "simulate", "terminal_text",
           "with_settings"]
