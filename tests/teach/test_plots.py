"""Timeline plots: tests read the artists (bars, labels, marks, lines), never pixels."""
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from k8sjobs_edu.cluster import timeline as tl  # noqa: E402
from k8sjobs_edu import workloads  # noqa: E402
from k8sjobs_edu import Cluster  # noqa: E402
from k8sjobs_edu.api.model import Job, Pod
from k8sjobs_edu.api.types import Condition, JobSpec, JobStatus  # noqa: E402
from k8sjobs_edu.teach.plots import (  # noqa: E402
    BAR_HEIGHT,
    FINISHED_HEIGHT,
    MARK_FONT_SIZE,
    PHASE_COLORS,
    PHASES,
    assign_lanes,
    backoff_waits,
    gantt_rows,
    job_counts,
    job_marks,
    merge_marks,
    phase_bars,
    place_labels,
    plot_counts,
    plot_timeline,
    pod_phases,
    set_cursor,
    spec_changes,
    suspended_spans,
    text_width,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ---- hand-made timelines ---------------------------------------------------------------


def pod_records(name, job, created, start=None, finish=None, phase="Succeeded", index=None,
                deleted=None, gone=None, crashes=(), scheduled=True):
    """The records the cluster writes for one pod's life."""
    pod = Pod(name, job_name=job, index=index, created_at=created)
    records = [(created, tl.CREATE, pod, "node-1" if scheduled else None)]
    if start is not None:
        records.append((start, tl.START, pod, None))
    for crashed_at, restarted_at in crashes:
        records += [(crashed_at, tl.CRASH, pod, (1, None)), (restarted_at, tl.START, pod, None)]
    if deleted is not None and (finish is None or deleted < finish):
        records.append((deleted, tl.DELETE, pod, None))
    if finish is not None:
        records.append((finish, tl.FINISH, pod, (phase, 0 if phase == "Succeeded" else 1, None)))
    if deleted is not None and finish is not None and deleted >= finish:
        records.append((deleted, tl.DELETE, pod, None))
    if gone is not None:
        records.append((gone, tl.GONE, pod, None))
    return records


def job_create(name, created=0.0, **spec):
    return [(created, tl.JOB_CREATE, name, Job(name, JobSpec(template={}, **spec), created_at=created))]


def status(time, name, **fields):
    return [(time, tl.JOB_STATUS, name, JobStatus(**fields))]


def make_timeline(records, end, job=None):
    return tl.Timeline(sorted(records, key=lambda record: record[0]), end, job)


# The course notes' paral-myjob, tuned to the AGEs of their transcript (taken at t = 134 s):
# slot A creates pods at 0, 34, 69, 105 and slot B at 0, 37, 72, 107.
SLOT_A = [("8wf4v", 0, 32), ("2ckql", 34, 66), ("g4blw", 69, 101), ("gbrx5", 105, 137)]
SLOT_B = [("vnvhm", 0, 34), ("7f465", 37, 69.5), ("5rgtm", 72, 104), ("nx9w9", 107, 139)]
PARAL_PODS = sorted(SLOT_A + SLOT_B, key=lambda pod: pod[1])  # creation order


def paral_myjob(end=145.0):
    records = job_create("paral-myjob", completions=8, parallelism=2)
    for suffix, created, finished in PARAL_PODS:
        records += pod_records("paral-myjob-" + suffix, "paral-myjob", float(created), created + 2.0,
                               float(finished))
    finish_times = sorted(finished for _, _, finished in PARAL_PODS)
    for done, finished in enumerate(finish_times, start=1):
        running = min(2, 8 - done)
        conditions = []
        if done == 8:
            conditions = [Condition("SuccessCriteriaMet", "True", "CompletionsReached", "", finished + 1),
                          Condition("Complete", "True", "CompletionsReached", "", finished + 1)]
        records += status(finished + 1, "paral-myjob", active=running, ready=running, succeeded=done,
                          start_time=0.0, conditions=conditions)
    return make_timeline(records, end)


def indexed_with_retry():
    """Index 1 fails at 7 s; its replacement waits 10 s of back-off; index 0 runs long."""
    records = job_create("ij", completions=3, parallelism=3, completion_mode="Indexed")
    records += pod_records("ij-0-aaaaa", "ij", 0.0, 1.0, 30.0, index=0)
    records += pod_records("ij-1-bbbbb", "ij", 0.0, 1.0, 7.0, phase="Failed", index=1)
    records += pod_records("ij-2-ccccc", "ij", 0.0, 1.0, 9.0, index=2)
    records += pod_records("ij-1-ddddd", "ij", 17.0, 18.0, 25.0, index=1)
    return make_timeline(records, 40.0)


def bars_by_phase(ax):
    return {phase: (x.tolist(), width.tolist(), y.tolist(), height.tolist())
            for phase, (x, width, y, height) in phase_bars(ax).items()}


def texts(ax, gid):
    return [text for text in ax.texts if text.get_gid() == gid]


def mark_lines(ax):
    return [line.get_xdata()[0] for line in ax.lines if line.get_gid() == "mark"]


# ---- pod phases: the same segments as Timeline.pod_histories ------------------------------


def merged_histories(timeline):
    """pod_histories with Pending, ContainerCreating and Init:x/y merged, as the plot draws them."""
    merged = {}
    for history in timeline.pod_histories():
        segments = []
        for start, stop, state in history.segments:
            state = "Pending" if state in ("ContainerCreating",) or state.startswith("Init:") else state
            stop = timeline.end if stop is None else stop
            if segments and segments[-1][2] == state:
                segments[-1] = (segments[-1][0], stop, state)
            else:
                segments.append((start, stop, state))
        merged[history.name] = segments
    return merged


def cluster_timeline(manifest, workload=None, actions=(), until=None):
    cluster = Cluster(workload=workload)
    cluster.apply(manifest)
    for time, action in actions:
        cluster.run(until=time)
        action(cluster)
    cluster.run(until=until)
    return cluster.timeline()


def evict_first(cluster):
    cluster.evict(cluster.pods()[0].name)


SCENARIOS = {
    "paral-myjob by hand": lambda: paral_myjob(),
    "an Indexed Job with a retry, by hand": indexed_with_retry,
    "a crash-looping pod deleted while running, by hand": lambda: make_timeline(
        job_create("cl") + pod_records("cl-x", "cl", 0.0, 2.0, 60.0, phase="Failed",
                                       crashes=[(5.0, 15.0), (16.0, 36.0)], deleted=40.0, gone=61.0), 80.0),
    "the notes' failing Job (restartPolicy Never)": lambda: cluster_timeline("data/job-for-on-failure.yaml"),
    "the docs' indexed-job with an eviction": lambda: cluster_timeline(
        "data/indexed-job.yaml", workloads.constant(30), [(10, evict_first)]),
    "the docs' suspended Job resumed, suspended and resumed": lambda: cluster_timeline(
        "data/suspended-job.yaml", None,
        [(20, lambda c: c.resume("myjob")), (170, lambda c: c.suspend("myjob")),
         (320, lambda c: c.resume("myjob"))]),
}


@pytest.mark.parametrize("build", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_pod_phases_are_the_segments_of_pod_histories(build):
    timeline = build()
    phases = pod_phases(timeline)
    expected = merged_histories(timeline)
    got = {name: [] for name in phases.names}
    for pod, start, stop, phase in zip(phases.pod, phases.start, phases.stop, phases.phase):
        got[phases.names[pod]].append((float(start), float(stop), PHASES[phase]))
    assert got == expected


def test_pod_phases_of_one_job_leave_other_jobs_out():
    records = job_create("a") + job_create("b") + pod_records("a-1", "a", 0.0, 1.0, 5.0) + \
        pod_records("b-1", "b", 0.0, 1.0, 6.0)
    phases = pod_phases(make_timeline(records, 10.0), job="b")
    assert (phases.names, [r[2] for r in phases.job_records]) == (["b-1"], ["b"])


# ---- rows: per pod, per index, per slot ----------------------------------------------------


def test_by_pod_puts_one_pod_per_row_in_creation_order():
    ax = plot_timeline(paral_myjob())
    names = ["paral-myjob-" + suffix for suffix, _, _ in PARAL_PODS]
    assert [label.get_text() for label in ax.get_yticklabels()] == names
    assert list(ax.get_yticks()) == list(range(8))
    assert ax.get_ylim() == (7.5, -0.5)  # the first pod on top
    assert ax.get_ylabel() == "pod (creation order)"


def test_by_pod_draws_each_phase_as_one_artist_with_the_timeline_extents():
    ax = plot_timeline(paral_myjob())
    bars = bars_by_phase(ax)
    assert sorted(bars) == ["Pending", "Running", "Succeeded"]
    created = [float(c) for _, c, _ in PARAL_PODS]
    finished = [float(f) for _, _, f in PARAL_PODS]
    assert bars["Pending"][0] == created and bars["Pending"][1] == [2.0] * 8
    assert bars["Running"][0] == [c + 2 for c in created]
    assert bars["Running"][1] == [f - c - 2 for c, f in zip(created, finished)]
    # A Completed pod is still listed by kubectl: its thin bar runs to the end of the timeline.
    assert bars["Succeeded"][0] == finished
    assert bars["Succeeded"][1] == [145.0 - f for f in finished]
    assert bars["Succeeded"][3] == pytest.approx([BAR_HEIGHT * FINISHED_HEIGHT] * 8)
    assert bars["Running"][3] == pytest.approx([BAR_HEIGHT] * 8)
    assert bars["Running"][2] == pytest.approx([row - BAR_HEIGHT / 2 for row in range(8)])


def test_each_phase_has_its_palette_colour():
    timeline = SCENARIOS["a crash-looping pod deleted while running, by hand"]()
    ax = plot_timeline(timeline)
    patches = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("phase:")}
    assert sorted(patches) == ["phase:CrashLoopBackOff", "phase:Failed", "phase:Pending", "phase:Running",
                               "phase:Terminating"]
    for gid, patch in patches.items():
        assert patch.get_facecolor() == to_rgba(PHASE_COLORS[gid[len("phase:"):]])


def test_the_palette_is_okabe_ito():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(PHASE_COLORS.values()) <= okabe_ito and len(set(PHASE_COLORS.values())) == len(PHASES)


def test_by_slot_gives_paral_myjob_two_rows_with_the_notes_pods():
    timeline = paral_myjob()
    rows = gantt_rows(pod_phases(timeline), by="slot")
    phases = pod_phases(timeline)
    slot_of = dict(zip(phases.names, rows.y.tolist()))
    assert rows.labels == ["A", "B"]
    assert [name for name, row in slot_of.items() if row == 0] == ["paral-myjob-" + s for s, _, _ in SLOT_A]
    assert [name for name, row in slot_of.items() if row == 1] == ["paral-myjob-" + s for s, _, _ in SLOT_B]
    ax = plot_timeline(timeline, by="slot")
    assert [label.get_text() for label in ax.get_yticklabels()] == ["A", "B"]
    assert ax.get_ylabel() == "parallel slot"


def test_by_slot_the_simulated_paral_myjob_keeps_two_slots_of_four_pods():
    timeline = cluster_timeline("data/paral-myjob.yaml")
    phases = pod_phases(timeline)
    rows = gantt_rows(phases, by="slot")
    assert rows.labels == ["A", "B"]
    for slot in (0, 1):
        pods = [n for n in range(len(phases.names)) if rows.y[n] == slot]
        assert len(pods) == 4
        # Each pod in a slot appears after the previous one there has succeeded.
        finished = [phases.start[(phases.pod == n) & (phases.phase == PHASES.index("Succeeded"))][0] for n in pods]
        assert all(phases.created_at[b] >= finished[i] for i, b in enumerate(pods[1:]))


def test_by_index_the_docs_indexed_job_has_a_row_per_index():
    timeline = cluster_timeline("data/indexed-job.yaml")
    phases = pod_phases(timeline)
    ax = plot_timeline(timeline, by="index")
    assert [label.get_text() for label in ax.get_yticklabels()] == ["0", "1", "2", "3", "4"]
    rows = gantt_rows(phases, by="index")
    assert [round(y) for y in rows.y] == phases.indexes


def test_by_slot_a_finished_bar_gives_way_to_the_next_pod_in_its_slot():
    ax = plot_timeline(paral_myjob(), by="slot")
    x, width, y, _ = bars_by_phase(ax)["Succeeded"]
    succeeded = sorted(zip(y, x, [a + b for a, b in zip(x, width)]))
    slot_a = [(start, stop) for row, start, stop in succeeded if row < 0.5]
    assert slot_a == [(32.0, 34.0), (66.0, 69.0), (101.0, 105.0), (137.0, 145.0)]


def test_by_index_puts_retries_on_their_index_row():
    timeline = indexed_with_retry()
    ax = plot_timeline(timeline, by="index")
    assert [label.get_text() for label in ax.get_yticklabels()] == ["0", "1", "2"]
    assert ax.get_ylabel() == "completion index"
    x, width, y, _ = bars_by_phase(ax)["Running"]
    rows = {(start, round(row + BAR_HEIGHT / 2)) for start, row in zip(x, y)}
    assert rows == {(1.0, 0), (1.0, 1), (1.0, 2), (18.0, 1)}
    failed_x, failed_width, _, _ = bars_by_phase(ax)["Failed"]
    assert (failed_x, failed_width) == ([7.0], [10.0])  # until the replacement appears on the row


def test_by_index_splits_a_row_into_lanes_while_two_pods_of_an_index_exist():
    # Pod 0-a is deleted and Terminating for 30 s while its replacement already runs.
    records = job_create("ij", completions=1, completion_mode="Indexed")
    records += pod_records("ij-0-a", "ij", 0.0, 1.0, 40.0, phase="Failed", index=0, deleted=10.0, gone=40.0)
    records += pod_records("ij-0-b", "ij", 11.0, 12.0, 30.0, index=0)
    rows = gantt_rows(pod_phases(make_timeline(records, 50.0)), by="index")
    assert rows.labels == ["0"]
    assert rows.height.tolist() == [BAR_HEIGHT / 2] * 2
    assert rows.y.tolist() == pytest.approx([-0.2, 0.2])


@pytest.mark.parametrize("by, message", [
    ("index", 'by="index" needs an Indexed Job, and pod paral-myjob-8wf4v has no completion index'),
    ("slots", 'by must be "pod", "index" or "slot", not \'slots\''),
])
def test_a_bad_row_choice_is_a_clear_error(by, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        plot_timeline(paral_myjob(), by=by)


@pytest.mark.parametrize("starts, releases, lanes", [
    ([0, 0, 34, 37, 69, 72], [32, 34, 66, 69.5, 101, 104], [0, 1, 0, 1, 0, 1]),
    ([0, 1, 2], [10, 10, 10], [0, 1, 2]),
    ([0, 5, 10], [5, 10, 15], [0, 0, 0]),  # freed and taken at the same moment
    ([0, 0, 0, 5], [9, 3, 9, 9], [0, 1, 2, 1]),  # the lowest free lane, not the last freed
])
def test_assign_lanes_takes_the_lowest_free_lane(starts, releases, lanes):
    assert assign_lanes(starts, releases) == lanes


def two_jobs():
    records = job_create("a", parallelism=2) + job_create("b") + [(12.0, tl.JOB_GONE, "b", None)]
    records += pod_records("a-1", "a", 0.0, 1.0, 10.0) + pod_records("a-2", "a", 0.0, 1.0, 8.0)
    records += pod_records("a-3", "a", 11.0, 12.0, 20.0) + pod_records("b-1", "b", 2.0, 3.0, 9.0, gone=12.0)
    return make_timeline(records, 25.0)


def test_several_jobs_get_their_own_slots_and_named_marks():
    ax = plot_timeline(two_jobs(), by="slot")
    assert [label.get_text() for label in ax.get_yticklabels()] == ["a A", "a B", "b A"]
    assert [label.get_text() for label in texts(ax, "mark-label")] == ["b: delete"]
    assert ax.get_title() == ""


def test_job_picks_one_job_of_a_timeline():
    ax = plot_timeline(two_jobs(), job="a")
    assert [label.get_text() for label in ax.get_yticklabels()] == ["a-1", "a-2", "a-3"]
    assert (ax.get_title(), texts(ax, "mark-label")) == ("Job a", [])


# ---- labels on bars -------------------------------------------------------------------


def test_pod_names_sit_on_their_bars_when_they_fit():
    ax = plot_timeline(paral_myjob(), by="slot")
    labels = texts(ax, "pod-label")
    assert [label.get_text() for label in labels] == ["paral-myjob-" + s for s, _, _ in PARAL_PODS]
    offsets = [label.get_position()[0] - created for label, (_, created, _) in zip(labels, PARAL_PODS)]
    assert all(0 < offset < 1 for offset in offsets)  # a couple of points after the bar starts
    assert all(label.get_text().isascii() for label in labels)


def test_narrow_bars_get_the_name_suffix_or_nothing():
    figure, ax = plt.subplots(figsize=(4, 2))
    figure.subplots_adjust(left=0.1, right=0.95)
    plot_timeline(paral_myjob(), ax=ax, by="slot", legend=False)
    assert [label.get_text() for label in texts(ax, "pod-label")] == [s for s, _, _ in PARAL_PODS]
    figure, ax = plt.subplots(figsize=(1.5, 2))
    plot_timeline(paral_myjob(), ax=ax, by="slot", legend=False)
    assert texts(ax, "pod-label") == []


def test_pod_labels_on_one_row_never_overlap():
    ax = plot_timeline(paral_myjob(), by="slot")
    width_pts = ax.get_position().width * ax.figure.get_figwidth() * 72
    per_second = width_pts / (ax.get_xlim()[1] - ax.get_xlim()[0])
    rows = {}
    for label in texts(ax, "pod-label"):
        x, y = label.get_position()
        rows.setdefault(y, []).append((x * per_second, x * per_second + text_width(label.get_text(), MARK_FONT_SIZE)))
    for spans in rows.values():
        spans.sort()
        assert all(right < next_left for (_, right), (next_left, _) in zip(spans, spans[1:]))


def test_labels_false_leaves_the_bars_unlabelled():
    assert texts(plot_timeline(paral_myjob(), by="slot", labels=False), "pod-label") == []


def test_a_huge_timeline_numbers_rows_and_skips_pod_labels():
    records = job_create("big", completions=3000, parallelism=100)
    for number in range(3000):
        created = (number // 100) * 12.0
        records += pod_records(f"big-{number:05d}", "big", created, created + 1, created + 11)
    ax = plot_timeline(make_timeline(records, 400.0), by="slot")
    assert texts(ax, "pod-label") == []
    ax = plot_timeline(make_timeline(records, 400.0))
    ticks = [label.get_text() for label in ax.get_yticklabels()]
    assert ticks[0] == "1" and all(t.isdigit() for t in ticks) and len(ticks) <= 10
    assert len(bars_by_phase(ax)["Running"][0]) == 3000


# ---- marks: spec changes, deletion, conditions, back-off waits ------------------------------------


def spec(**fields):
    return JobSpec(template={}, **fields)


@pytest.mark.parametrize("before, after, labels", [
    (spec(suspend=False), spec(suspend=True), ["suspend"]),
    (spec(suspend=True), spec(suspend=False), ["resume"]),
    (spec(parallelism=1), spec(parallelism=3), ["parallelism 1->3"]),
    (spec(suspend=True, parallelism=1), spec(parallelism=2), ["resume", "parallelism 1->2"]),
    (spec(), spec(active_deadline_seconds=100), ["activeDeadlineSeconds 100"]),
    (spec(backoff_limit=6), spec(backoff_limit=2), ["backoffLimit 6->2"]),
    (spec(), spec(pod_replacement_policy="Failed"), ["spec changed"]),
])
def test_spec_changes_are_named_with_api_field_names(before, after, labels):
    assert spec_changes(before, after) == labels


def test_job_marks_for_suspend_resume_scale_and_background_delete():
    records = job_create("j", parallelism=1) + [
        (10.0, tl.JOB_SPEC, "j", spec(parallelism=1, suspend=True)),
        (20.0, tl.JOB_SPEC, "j", spec(parallelism=1)),
        (30.0, tl.JOB_SPEC, "j", spec(parallelism=2)),
        (40.0, tl.JOB_GONE, "j", None),
    ]
    assert job_marks(records) == [(10.0, "suspend", "spec"), (20.0, "resume", "spec"),
                                  (30.0, "parallelism 1->2", "spec"), (40.0, "delete", "delete")]


def test_job_marks_for_a_foreground_delete_name_the_request_and_the_end():
    records = job_create("j") + [(5.0, tl.JOB_DELETE, "j", None), (35.0, tl.JOB_GONE, "j", None)]
    assert job_marks(records) == [(5.0, "delete", "delete"), (35.0, "Job gone", "delete")]


def test_job_marks_for_a_deadline_then_failed():
    # Upstream (1.31+): FailureTarget first, then Failed once no pod is terminating.
    target = Condition("FailureTarget", "True", "DeadlineExceeded", "Job was active longer...", 100.0)
    failed = Condition("Failed", "True", "DeadlineExceeded", "Job was active longer...", 131.0)
    records = job_create("pi") + status(100.0, "pi", conditions=[target]) + \
        status(131.0, "pi", conditions=[target, failed])
    assert job_marks(records) == [(100.0, "deadline", "condition"), (131.0, "Failed", "condition")]


def test_job_marks_at_one_moment_share_a_label():
    assert merge_marks([(5.0, "Complete", "condition"), (1.0, "a", "user"), (5.0, "kubectl get pods", "user")]) \
        == [(1.0, "a", "user"), (5.0, "Complete, kubectl get pods", "condition")]


def test_marks_are_drawn_as_lines_with_labels_above_the_axes():
    ax = plot_timeline(paral_myjob(), marks=[(4, "kubectl get job"), (134, "kubectl get pod")])
    assert mark_lines(ax) == [4.0, 134.0, 140.0]
    labels = {label.get_text(): label for label in texts(ax, "mark-label")}
    assert sorted(labels) == ["SuccessCriteriaMet, Complete", "kubectl get job", "kubectl get pod"]
    assert all(label.xy[1] == 1.0 for label in labels.values())  # on the top edge, text above it
    # 134 s and 140 s are too close for both labels on one level.
    assert labels["kubectl get pod"].xyann[1] != labels["SuccessCriteriaMet, Complete"].xyann[1]


@pytest.mark.parametrize("spans, levels", [
    ([(0, 10), (20, 30)], [0, 0]),
    ([(0, 10), (5, 15), (8, 20)], [0, 1, 2]),
    ([(0, 10), (5, 15), (16, 20)], [0, 1, 0]),
    ([(0, 10), (1, 10), (2, 10), (3, 10), (4, 10)], [0, 1, 2, 3, None]),  # too crowded: no label
])
def test_mark_labels_take_the_lowest_level_where_they_fit(spans, levels):
    assert place_labels(spans, max_levels=4, gap=3.0) == levels


def test_back_off_waits_of_the_notes_failing_job_double_each_time():
    # Upstream backoff_utils.go: the n-th replacement waits 10 s * 2^(n-1).
    timeline = SCENARIOS["the notes' failing Job (restartPolicy Never)"]()
    waits = backoff_waits(pod_phases(timeline))
    assert [created - failed for _, failed, created in waits] == [10.0, 20.0, 40.0, 80.0, 160.0, 320.0]
    assert [pod for pod, _, _ in waits] == [1, 2, 3, 4, 5, 6]


def test_back_off_waits_are_dotted_lines_on_the_replacement_row():
    ax = plot_timeline(indexed_with_retry(), by="index")
    (waits,) = [c for c in ax.collections if c.get_gid() == "backoff-waits"]
    (segment,) = waits.get_segments()
    assert segment[:, 0].tolist() == [7.0, 17.0]
    assert 0.5 < segment[0, 1] < 1.5  # index 1's row
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["Pending / ContainerCreating / Init", "Running", "Succeeded", "Failed", "back-off wait"]


def test_an_evicted_pod_waits_for_its_replacement_but_a_suspended_one_does_not():
    evicted = SCENARIOS["the docs' indexed-job with an eviction"]()
    suspended = SCENARIOS["the docs' suspended Job resumed, suspended and resumed"]()
    assert len(backoff_waits(pod_phases(evicted))) == 1
    assert backoff_waits(pod_phases(suspended)) == []


def test_suspended_time_is_shaded_and_in_the_legend():
    timeline = SCENARIOS["the docs' suspended Job resumed, suspended and resumed"]()
    pods = pod_phases(timeline)
    spans = suspended_spans(pods.job_records, timeline.end)
    assert [(round(a), round(b)) for a, b in spans] == [(0, 20), (170, 320)]
    ax = plot_timeline(timeline, by="slot")
    assert len([p for p in ax.patches if p.get_gid() == "suspended"]) == 2
    assert "suspended" in [text.get_text() for text in ax.get_legend().get_texts()]
    assert [label.get_text() for label in texts(ax, "mark-label")][:2] == ["resume", "suspend"]


# ---- the cursor ----------------------------------------------------------------------------


def test_the_cursor_moves_without_adding_artists():
    ax = plot_timeline(paral_myjob(), at=4)
    cursor = set_cursor(ax, None)
    assert cursor.get_visible() is False
    artists = len(ax.get_children())
    assert set_cursor(ax, 134) is cursor
    assert (list(cursor.get_xdata()), cursor.get_visible(), len(ax.get_children())) == ([134, 134], True, artists)


def test_set_cursor_adds_one_when_missing():
    ax = plot_timeline(paral_myjob())
    assert set_cursor(ax, None) is None
    cursor = set_cursor(ax, 50)
    assert [line for line in ax.lines if line.get_gid() == "cursor"] == [cursor]


# ---- figures -------------------------------------------------------------------------------


def png(ax):
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=60)
    return buffer.getvalue()


@pytest.mark.parametrize("build", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_every_figure_renders_with_ascii_text_only(build):
    timeline = build()
    indexed = all(index is not None for index in pod_phases(timeline).indexes)
    axes = [plot_timeline(timeline, by=by, at=10) for by in ("pod", "slot") + (("index",) if indexed else ())]
    for ax in axes + [plot_counts(timeline, at=10)]:
        assert png(ax).startswith(b"\x89PNG")
        strings = [text.get_text() for text in ax.figure.findobj(Text)]
        assert all(string.isascii() for string in strings)


@pytest.mark.parametrize("by", ["pod", "index", "slot"])
def test_a_job_without_pods_yet_draws_an_empty_chart(by):
    timeline = make_timeline(job_create("j", suspend=True), 0.0)
    ax = plot_timeline(timeline, by=by)
    assert (phase_bars(ax), ax.get_xlim(), ax.get_title()) == ({}, (0.0, 1.0), "Job j")
    assert png(ax).startswith(b"\x89PNG") and png(plot_counts(timeline)).startswith(b"\x89PNG")


def test_the_same_timeline_gives_the_same_png():
    assert png(plot_timeline(paral_myjob(), by="slot", at=50)) == png(plot_timeline(paral_myjob(), by="slot", at=50))


def test_a_given_ax_is_used_and_returned():
    figure, (top, bottom) = plt.subplots(2, 1)
    assert plot_timeline(paral_myjob(), ax=top) is top
    assert plot_counts(paral_myjob(), ax=bottom) is bottom
    assert plt.get_fignums() == [figure.number]


def test_the_figure_grows_with_the_rows_up_to_a_cap():
    small = plot_timeline(paral_myjob(), by="slot").figure.get_size_inches()
    tall = plot_timeline(paral_myjob()).figure.get_size_inches()
    records = job_create("big", completions=3000, parallelism=3000)
    for number in range(3000):
        records += pod_records(f"big-{number:05d}", "big", 0.0, 1.0, 11.0)
    huge = plot_timeline(make_timeline(records, 20.0)).figure.get_size_inches()
    assert small[0] == tall[0] == huge[0] == 9.5
    assert small[1] < tall[1] < huge[1] <= 8.0


# ---- counts --------------------------------------------------------------------------------


def count_lines(ax):
    return {line.get_gid(): line for line in ax.lines if (line.get_gid() or "").startswith("count:")}


def test_counts_are_step_lines_of_the_job_status():
    ax = plot_counts(paral_myjob())
    lines = count_lines(ax)
    assert sorted(lines) == ["count:active", "count:completions", "count:failed", "count:ready",
                             "count:succeeded"]
    succeeded = lines["count:succeeded"]
    assert succeeded.get_drawstyle() == "steps-post"
    assert list(succeeded.get_xdata()) == [0.0, 33.0, 35.0, 67.0, 70.5, 102.0, 105.0, 138.0, 140.0, 145.0]
    assert list(succeeded.get_ydata()) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 8]
    assert list(lines["count:active"].get_ydata()) == [0, 2, 2, 2, 2, 2, 2, 1, 0, 0]
    assert list(lines["count:completions"].get_ydata()) == [8, 8]
    assert lines["count:completions"].get_linestyle() == "--"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["active", "ready", "succeeded", "failed", "completions (target)"]


def test_counts_show_terminating_only_when_some_pod_was_terminating():
    records = job_create("j") + status(5.0, "j", active=1) + status(10.0, "j", terminating=1) + \
        status(40.0, "j", failed=1)
    lines = count_lines(plot_counts(make_timeline(records, 50.0)))
    assert list(lines["count:terminating"].get_ydata()) == [0, 0, 1, 0, 0]
    assert "count:terminating" not in count_lines(plot_counts(paral_myjob()))


def test_counts_follow_a_completions_change_and_a_work_queue_has_no_target():
    records = job_create("j", completions=3) + [(10.0, tl.JOB_SPEC, "j", spec(completions=5))]
    counts = job_counts(make_timeline(records, 20.0))
    assert (counts.target_times.tolist(), counts.completions.tolist()) == ([0.0, 10.0, 20.0], [3, 5, 5])
    work_queue = make_timeline(job_create("q", completions=None, parallelism=2), 20.0)
    assert "count:completions" not in count_lines(plot_counts(work_queue))


def test_counts_need_a_job_name_when_the_timeline_has_several():
    timeline = make_timeline(job_create("a") + job_create("b") + status(3.0, "b", active=1), 10.0)
    with pytest.raises(ValueError, match=r"the timeline has 2 Jobs \(a, b\); pass job=NAME"):
        plot_counts(timeline)
    assert list(count_lines(plot_counts(timeline, job="b"))["count:active"].get_ydata()) == [0, 1, 1]


def test_counts_cursor():
    ax = plot_counts(paral_myjob(), at=134)
    (cursor,) = [line for line in ax.lines if line.get_gid() == "cursor"]
    assert list(cursor.get_xdata()) == [134, 134]
