"""``TimeScrubber``: a slider over a finished run that shows what kubectl printed at time t."""
from __future__ import annotations

import ipywidgets as widgets

from ...api.wellknown import KUBERNETES_VERSION
from ...cluster.timeline import JOB_CREATE, Timeline
from ...kubectl.cluster import Cluster
from .figure import TimelineImage, legend_html
from .render import next_moment, on_grid, previous_moment, render_panes, terminal_text


class TimeScrubber(widgets.VBox):
    """Scrub through a finished run: the kubectl panes at ``t``, from ``timeline.at(t)`` (no simulation).

    Args:
        cluster_or_timeline: a Cluster that has run (its timeline so far is used) or a Timeline.
        job: the Job whose history is shown (default: the only Job).
        panes: which of ``render.PANES`` to show, in order.
        plot: also show the timeline picture with a cursor at ``t``.
    """

    def __init__(self, cluster_or_timeline, job: str | None = None, panes=("get jobs", "get pods"),
                 plot: bool = False):
        super().__init__()
        if isinstance(cluster_or_timeline, Cluster):
            self.timeline = cluster_or_timeline.timeline(job)
            self.kubectl_version = cluster_or_timeline.kubectl_version
        elif isinstance(cluster_or_timeline, Timeline):
            self.timeline, self.kubectl_version = cluster_or_timeline, KUBERNETES_VERSION
        else:
            raise TypeError(f"TimeScrubber needs a Cluster or a Timeline, not {type(cluster_or_timeline).__name__}")
        self.job_name = job or self.timeline.job or _only_job(self.timeline)
        self.panes = tuple(panes)
        self.change_times = self.timeline.change_times()
        self.text = ""
        end = max(self.timeline.end, 1.0)
        self.time = widgets.FloatSlider(min=0, max=end, step=0.01, readout_format=".2f", description="t (s)",
                                        layout=widgets.Layout(width="460px"))
        self.back_button = widgets.Button(description="◀ event", tooltip="back to the previous change")
        self.step_button = widgets.Button(description="event ▶", tooltip="jump to the next change")
        self.output = widgets.Output(layout=widgets.Layout(border="1px solid #ddd"))
        self.image = TimelineImage() if plot else None
        self.plot = widgets.Image(format="png", layout=widgets.Layout(max_width="100%")) if plot else None
        self.time.observe(lambda _: self._show(), names="value")
        self.back_button.on_click(lambda _: self.step(backwards=True))
        self.step_button.on_click(lambda _: self.step())
        controls = widgets.HBox([self.time, self.back_button, self.step_button])
        self.children = [controls, self.output] + ([self.plot, widgets.HTML(legend_html())] if plot else [])
        if plot:
            self.plot.value = self.image.draw(self.timeline, "index" if _indexed(self.timeline) else "slot", 0.0)
        self._show()

    def __repr__(self) -> str:
        return f"TimeScrubber(job={self.job_name!r})"

    def render(self, t: float) -> str:
        """The panes at ``t`` as a terminal session (``$ kubectl get jobs`` and its output, ...)."""
        texts = render_panes(self.timeline.at(t), self.job_name, panes=self.panes,
                             kubectl_version=self.kubectl_version)
        return terminal_text(texts, self.job_name)

    def step(self, backwards: bool = False) -> None:
        """Jump to the next (or previous) moment on the slider's 0.01 s grid that shows a change."""
        find = previous_moment if backwards else next_moment
        moment = find(self.change_times, on_grid(self.time.value))
        if moment is not None:
            self.time.value = moment

    def _show(self) -> None:
        t = on_grid(self.time.value)  # a browser's slider sends 10 as 9.999999999999998
        self.text = f"# t = {t:g} s\n" + self.render(t)
        self.output.outputs = ({"output_type": "stream", "name": "stdout", "text": self.text},)
        if self.plot is not None:
            self.plot.value = self.image.move_cursor(t)


def _only_job(timeline: Timeline) -> str:
    names = list(dict.fromkeys(target for _, kind, target, _ in timeline.records if kind == JOB_CREATE))
    if len(names) != 1:
        raise ValueError(f"the run has {len(names)} Jobs ({', '.join(names) or 'none'}); pass job=NAME")
    return names[0]


def _indexed(timeline: Timeline) -> bool:
    jobs = [value for _, kind, _, value in timeline.records if kind == JOB_CREATE]
    return bool(jobs) and all(job.spec.completion_mode == "Indexed" for job in jobs)
