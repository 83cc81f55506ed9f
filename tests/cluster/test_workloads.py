"""Workloads: the builtins, their randomness, scripted runs, the work queue, template commands."""
from __future__ import annotations

import heapq
import random

import pytest

from k8sjobs_edu.api.model import Pod
from k8sjobs_edu.cluster.command_workload import command_workload
from k8sjobs_edu.cluster.workloads import (Outcome, Workload, as_outcome, as_workload, constant, flaky, fold, scripted,
                                           uniform, work_queue)


def pod(name: str = "pi-x7k2q", **fields) -> Pod:
    fields.setdefault("started_at", 0.0)
    return Pod(name=name, **fields)


def steps_of(result) -> list[Outcome]:
    return [result] if isinstance(result, Outcome) else list(result)


# ---- builtins --------------------------------------------------------------------


@pytest.mark.parametrize("workload, expected", [
    pytest.param(constant(10), Outcome(10.0), id="constant runs the given seconds and succeeds"),
    pytest.param(constant(5, exit_code=3, logs="boom\n"), Outcome(5.0, 3, "boom\n"),
                 id="constant can fail with an exit code and print logs"),
    pytest.param(flaky(0.0, seconds=7), Outcome(7.0), id="flaky with p_fail 0 always succeeds"),
    pytest.param(flaky(1.0, seconds=7, exit_code=4), Outcome(7.0, 4), id="flaky with p_fail 1 always fails"),
    pytest.param(uniform(3, 3), Outcome(3.0), id="uniform over an empty range is that value"),
])
def test_builtin_outcome(workload, expected):
    assert workload.run(pod(), random.Random(1)) == expected


def test_uniform_draws_low_plus_span_times_one_random_number_from_the_stream():
    expected = [5 + 10 * value for value in _draws(random.Random(42), 3)]
    rng = random.Random(42)
    assert [uniform(5, 15).run(pod(), rng).duration for _ in range(3)] == expected


def test_flaky_fails_when_the_streams_draw_is_below_p_fail():
    draws = _draws(random.Random(7), 20)
    rng = random.Random(7)
    codes = [flaky(0.3, seconds=2).run(pod(), rng).exit_code for _ in range(20)]
    assert codes == [1 if value < 0.3 else 0 for value in draws]
    assert 0 < codes.count(1) < 20


def _draws(rng: random.Random, count: int) -> list[float]:
    return [rng.random() for _ in range(count)]


@pytest.mark.parametrize("make", [
    pytest.param(lambda: uniform(1, 100), id="uniform"),
    pytest.param(lambda: flaky(0.5, seconds=3), id="flaky"),
])
def test_same_seed_gives_same_outcomes_and_other_streams_do_not_interfere(make):
    alone = [make().run(pod(f"p-{n}"), random.Random("runs")) for n in range(1)]
    rng_a, rng_b = random.Random(2024), random.Random(2024)
    first = [make().run(pod(f"p-{n}"), rng_a) for n in range(50)]
    other_stream = random.Random("names")
    second = []
    for n in range(50):
        other_stream.random()  # another named stream advancing in between
        second.append(make().run(pod(f"p-{n}"), rng_b))
    assert first == second
    assert alone[0] == make().run(pod("p-0"), random.Random("runs"))


def test_workloads_never_touch_the_global_random_state():
    random.seed(99)
    state = random.getstate()
    rng = random.Random(5)
    for workload in (uniform(1, 2), flaky(0.5), work_queue(["a"], 1), constant(1)):
        result = workload.run(pod(), rng)
        steps_of(result)
    assert random.getstate() == state


def test_standalone_call_seeds_from_the_pod_name():
    workload = uniform(0, 100)
    assert workload(pod("a-1")) == workload(pod("a-1"))
    assert workload(pod("a-1")).duration == 100 * random.Random("a-1").random()
    assert workload(pod("a-1")) != workload(pod("a-2"))


def test_standalone_call_folds_steps_into_one_outcome():
    outcome = work_queue(["x", "y"], 4)(pod("wq-abcde"))
    assert outcome.duration == 8.0
    assert outcome.exit_code == 0
    assert outcome.logs.endswith("Working on x\nWorking on y\nQueue empty, exiting\n")


@pytest.mark.parametrize("steps, expected", [
    pytest.param([Outcome(2, logs="a\n"), Outcome(3, logs="b\n")], Outcome(5.0, 0, "a\nb\n"),
                 id="durations add up and logs join"),
    pytest.param([Outcome(1), Outcome(2, 7, "x", "side"), Outcome(9)], Outcome(3.0, 7, "x", "side"),
                 id="a failing step ends the run"),
    pytest.param([], Outcome(0.0), id="no steps is an instant success"),
])
def test_fold(steps, expected):
    assert fold(steps) == expected


@pytest.mark.parametrize("entry, expected", [
    pytest.param(4, Outcome(4.0), id="a number is seconds with exit 0"),
    pytest.param((4, 2), Outcome(4.0, 2), id="a pair is seconds and exit code"),
    pytest.param((4, 0, "hi\n"), Outcome(4.0, 0, "hi\n"), id="a triple adds logs"),
    pytest.param(Outcome(1, 1), Outcome(1, 1), id="an Outcome stays as it is"),
])
def test_as_outcome(entry, expected):
    assert as_outcome(entry) == expected


@pytest.mark.parametrize("make", [
    pytest.param(lambda: constant(-1), id="negative seconds"),
    pytest.param(lambda: constant(1, exit_code=256), id="exit code above 255"),
    pytest.param(lambda: uniform(5, 1), id="uniform with low above high"),
    pytest.param(lambda: flaky(1.5), id="p_fail above 1"),
    pytest.param(lambda: flaky(0.5, exit_code=0), id="flaky without a failing exit code"),
    pytest.param(lambda: scripted([]), id="an empty script"),
    pytest.param(lambda: scripted({0: []}), id="an index with no outcomes"),
])
def test_bad_arguments_are_refused(make):
    with pytest.raises(ValueError):
        make()


def test_plain_functions_are_workloads():
    workload = as_workload(lambda p: Outcome(p.index * 2.0, 0))
    assert isinstance(workload, Workload)
    assert workload.run(pod(index=3), random.Random(0)) == Outcome(6.0)
    assert as_workload(lambda p: (1, 5)).run(pod(), random.Random(0)) == Outcome(1.0, 5)
    assert as_workload(workload) is workload
    with pytest.raises(TypeError):
        as_workload(42)


# ---- scripted ----------------------------------------------------------------


def test_scripted_list_is_consumed_in_run_order_and_repeats_its_last_entry():
    workload = scripted([3, (4, 1), Outcome(5, 2, "x\n")]).fresh()
    runs = [workload.run(pod(f"p-{n}", restarts=n % 2), random.Random(0)) for n in range(5)]
    assert runs == [Outcome(3.0), Outcome(4.0, 1), Outcome(5, 2, "x\n"), Outcome(5, 2, "x\n"),
                    Outcome(5, 2, "x\n")]


def test_scripted_fresh_copies_start_again_at_the_first_entry():
    workload = scripted([1, 2])
    assert workload.run(pod(), None) == Outcome(1.0)
    assert workload.fresh().run(pod(), None) == Outcome(1.0)
    assert workload.run(pod(), None) == Outcome(2.0)
    workload.reset()
    assert workload.run(pod(), None) == Outcome(1.0)


@pytest.mark.parametrize("index, attempt, restarts, expected", [
    pytest.param(0, 0, 0, Outcome(10.0, 1), id="first pod of an index gets entry 0"),
    pytest.param(0, 1, 0, Outcome(10.0), id="the replacement pod gets entry 1"),
    pytest.param(0, 0, 1, Outcome(10.0), id="an in-place restart counts as a run of the index"),
    pytest.param(0, 5, 0, Outcome(10.0), id="an exhausted index repeats its last entry"),
    pytest.param(1, 0, 0, Outcome(3.0, 42), id="each index has its own list"),
    pytest.param(7, 0, 0, Outcome(1.0), id="an index missing from the dict gets the default"),
])
def test_scripted_by_index(index, attempt, restarts, expected):
    workload = scripted({0: [(10, 1), 10], 1: [(3, 42)]}, default=1)
    assert workload.run(pod(index=index, attempt=attempt, restarts=restarts), None) == expected


def test_scripted_by_index_without_default_names_the_missing_index():
    with pytest.raises(ValueError, match="index 2"):
        scripted({0: [1]}).run(pod(index=2), None)
    with pytest.raises(ValueError, match="Indexed"):
        scripted({0: [1]}).run(pod(index=None), None)


# ---- work queue ------------------------------------------------------------------

FRUITS = ["apple", "banana", "cherry", "date", "fig", "grape", "lemon", "melon", "orange"]


def drive(workload, starts: dict[str, float]) -> tuple[dict, dict]:
    """Pulls each pod's steps when virtual time reaches them, as the Cluster does."""
    heap, logs, ended = [], {}, {}
    for order, (name, start) in enumerate(starts.items()):
        steps = workload.run(pod(name, started_at=start), random.Random(name))
        heapq.heappush(heap, (start, order, name, steps))
        logs[name] = []
    while heap:
        now, order, name, steps = heapq.heappop(heap)
        step = next(steps, None)
        if step is None:
            ended[name] = now
            continue
        logs[name].append((now, step.logs))
        heapq.heappush(heap, (now + step.duration, order, name, steps))
    return logs, ended


def worked_on(timed_logs: list) -> list[str]:
    text = "".join(logs for _, logs in timed_logs)
    return [line.removeprefix("Working on ") for line in text.splitlines() if line.startswith("Working on")]


def test_two_workers_one_second_apart_share_nine_items_five_and_four():
    # The docs' job-wq-2: 9 fruits, parallelism 2, 10 s per item (worker.py: time.sleep(10)).
    workload = work_queue(FRUITS, 10).fresh()
    logs, ended = drive(workload, {"job-wq-2-a": 0.0, "job-wq-2-b": 1.0})
    assert worked_on(logs["job-wq-2-a"]) == ["apple", "cherry", "fig", "lemon", "orange"]
    assert worked_on(logs["job-wq-2-b"]) == ["banana", "date", "grape", "melon"]
    assert logs["job-wq-2-a"][1] == (10.0, "Working on cherry\n")
    assert ended == {"job-wq-2-a": 50.0, "job-wq-2-b": 51.0}
    assert workload.done == ["apple", "banana", "cherry", "date", "fig", "grape", "lemon", "melon", "orange"]


def test_a_worker_waits_while_another_still_holds_the_last_item():
    # rediswq.empty() also counts the processing list; lease(timeout=2) polls every 2 s.
    logs, _ = drive(work_queue(FRUITS, 10), {"a": 0.0, "b": 1.0})
    text = "".join(entry for _, entry in logs["b"])
    assert text.startswith("Worker with sessionID: ")
    assert text.split("\n")[1] == "Initial queue state: empty=False"
    assert text.endswith("Working on melon\n" + "Waiting for work\n" * 5 + "Queue empty, exiting\n")


def test_a_worker_that_starts_on_an_empty_queue_exits_at_once():
    workload = work_queue([], 10)
    steps = steps_of(workload.run(pod(), random.Random(0)))
    assert len(steps) == 1
    assert steps[0].duration == 0.0 and steps[0].exit_code == 0
    assert steps[0].logs.endswith("Initial queue state: empty=True\nQueue empty, exiting\n")


def test_a_work_queue_counts_items_from_zero():
    assert work_queue(3, 1).items == ("item-1", "item-2", "item-3")
    assert work_queue(0, 1).items == ()
    with pytest.raises(ValueError, match="a work queue holds 0 or more items, not -1"):
        work_queue(-1, 1)


def test_a_worker_stopped_mid_item_puts_the_item_back():
    workload = work_queue(["a", "b"], 10)
    steps = workload.run(pod(), random.Random(0))
    next(steps)
    assert workload.in_progress == {1: "a"}
    steps.close()
    assert list(workload.pending) == ["a", "b"] and not workload.in_progress


def test_session_ids_come_from_the_rng_stream():
    first = next(work_queue(["a"], 1).run(pod(), random.Random(3))).logs.split("\n")[0]
    again = next(work_queue(["a"], 1).run(pod(), random.Random(3))).logs.split("\n")[0]
    other = next(work_queue(["a"], 1).run(pod(), random.Random(4))).logs.split("\n")[0]
    assert first == again != other
    assert first.startswith("Worker with sessionID: ") and first[23 + 14] == "4"  # UUID version 4


def test_fresh_gives_each_cluster_a_full_queue():
    workload = work_queue(3, 1)
    fold(workload.run(pod(), random.Random(0)))
    assert not workload.pending
    assert list(workload.fresh().pending) == ["item-1", "item-2", "item-3"]
    workload.reset()
    assert len(workload.pending) == 3 and workload.done == []


# ---- the template's commands ---------------------------------------------------------


def container(command, args=None, image="busybox", name="main", **extra) -> dict:
    spec = {"name": name, "image": image, "command": command}
    if args is not None:
        spec["args"] = args
    spec.update(extra)
    return spec


def run_spec(spec: dict, **pod_fields) -> list[Outcome]:
    return steps_of(command_workload(spec).run(pod(**pod_fields), random.Random(0)))


INDEXED_JOB = {  # kubernetes/website content/en/examples/application/job/indexed-job.yaml
    "restartPolicy": "Never",
    "initContainers": [container(["bash", "-c", "items=(foo bar baz qux xyz)\n"
                                  "echo ${items[$JOB_COMPLETION_INDEX]} > /input/data.txt\n"],
                                 image="docker.io/library/bash", name="input")],
    "containers": [container(["rev", "/input/data.txt"], image="docker.io/library/busybox", name="worker")],
}


@pytest.mark.parametrize("index, printed", [(0, "oof"), (1, "rab"), (2, "zab"), (3, "xuq"), (4, "zyx")])
def test_docs_indexed_job_reverses_the_item_of_each_index(index, printed):
    assert run_spec(INDEXED_JOB, index=index) == [Outcome(0.0, 0, printed + "\n")]


@pytest.mark.parametrize("command, expected", [
    pytest.param(["bash", "-c", 'echo "Hello world!" && sleep 5 && exit 42'], [Outcome(5.0, 42, "Hello world!\n")],
                 id="job-pod-failure-policy-example prints, sleeps 5 s, exits 42"),
    pytest.param(["bash", "-c", "echo \"Hello world! I'm going to exit with 42 to simulate a software bug.\" "
                  "&& sleep 30 && exit 42"],
                 [Outcome(30.0, 42, "Hello world! I'm going to exit with 42 to simulate a software bug.\n")],
                 id="job-pod-failure-policy-failjob exits 42 after 30 s"),
    pytest.param(["bash", "-c", "sleep 90 && exit 0"], [Outcome(90.0)],
                 id="job-pod-failure-policy-ignore succeeds after 90 s"),
])
def test_docs_pod_failure_policy_examples(command, expected):
    assert run_spec({"containers": [container(command, image="docker.io/library/bash:5")]}) == expected


def test_notes_paral_myjob_sleeps_30_seconds_then_prints_the_date():
    # gostool/chart k8s/job/paral-job.yaml; the container starts 4 s after the cluster did.
    spec = {"containers": [container(["/bin/sh"], ["-c", "sleep 30; date"], image="ubuntu", name="param")]}
    assert run_spec(spec, started_at=4.0) == [Outcome(30.0), Outcome(0.0, 0, "Wed Jan  1 00:00:34 UTC 2025\n")]


def test_notes_error_command_is_not_found_in_busybox():
    spec = {"containers": [container(["sh", "-c"], ["this is error commands!!"])]}
    assert run_spec(spec) == [Outcome(0.0, 127, "sh: this: not found\n")]


def test_docs_pi_prints_2000_digits_after_ten_seconds():
    spec = {"containers": [container(["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"], image="perl:5.34.0",
                                     name="pi")]}
    waiting, printing = run_spec(spec)
    assert waiting == Outcome(10.0)
    assert printing.duration == 0.0 and printing.exit_code == 0
    assert printing.logs.startswith("3.1415926535897932384626433832795028841971693993751")
    assert printing.logs.endswith("4780275901\n")
    assert len(printing.logs) == 2002  # "3." + 1999 decimals + newline


@pytest.mark.parametrize("index, expected", [
    pytest.param(0, Outcome(0.0, 1, "Hello world\n"), id="even index exits 1"),
    pytest.param(1, Outcome(0.0, 0, "Hello world\n"), id="odd index succeeds"),
])
def test_docs_backoff_limit_per_index_example_python_script(index, expected):
    script = ('import os, sys\nprint("Hello world")\n'
              'if int(os.environ.get("JOB_COMPLETION_INDEX")) % 2 == 0:\n  sys.exit(1)\n')
    spec = {"containers": [container(["python3", "-c", script], image="python", name="example")]}
    assert run_spec(spec, index=index) == [expected]


@pytest.mark.parametrize("index, code", [(0, 1), (1, 42), (2, 0), (3, 0)])
def test_docs_failindex_example_exit_codes(index, code):
    script = ('import os, sys\nindex = int(os.environ.get("JOB_COMPLETION_INDEX"))\nif index == 0:\n'
              '  sys.exit(1)\nelif index == 1:\n  sys.exit(42)\nelse:\n  sys.exit(0)\n')
    spec = {"containers": [container(["python3", "-c", script], image="docker.io/library/python:3")]}
    assert run_spec(spec, index=index) == [Outcome(0.0, code)]


def test_init_containers_run_one_after_another_before_the_containers():
    spec = {"initContainers": [container(["sleep", "5"], name="a"), container(["sleep", "7"], name="b")],
            "containers": [container(["sh", "-c", "date; sleep 1"])]}
    assert run_spec(spec, started_at=100.0) == [Outcome(12.0), Outcome(1.0, 0, "Wed Jan  1 00:01:52 UTC 2025\n")]


def test_a_failing_init_container_ends_the_run_and_is_named():
    spec = {"initContainers": [container(["sh", "-c", "sleep 2; exit 3"], name="setup")],
            "containers": [container(["sh", "-c", "echo never"])]}
    assert run_spec(spec) == [Outcome(2.0, 3, "", "setup")]


def test_native_sidecars_do_not_hold_up_the_run():
    spec = {"initContainers": [container(["sleep", "infinity"], name="log-shipper", restartPolicy="Always")],
            "containers": [container(["sleep", "3"])]}
    assert run_spec(spec) == [Outcome(3.0)]


@pytest.mark.parametrize("main, side, expected", [
    pytest.param("echo hi; sleep 2", "sleep 5", [Outcome(5.0, 0, "hi\n")],
                 id="the run lasts as long as the longest container"),
    pytest.param("sleep 2", "sleep 1; exit 7", [Outcome(2.0, 7, "", "side")],
                 id="a failing second container fails the run and is named"),
    pytest.param("exit 3", "exit 4", [Outcome(0.0, 3)], id="the first failing container in spec order wins"),
])
def test_containers_run_side_by_side(main, side, expected):
    spec = {"containers": [container(["sh", "-c", main]), container(["sh", "-c", side], name="side")]}
    assert run_spec(spec) == expected


def test_kubernetes_expands_env_references_before_the_shell_reads_the_script():
    spec = {"containers": [container(["sh", "-c"], ["echo $(GREETING) $$HOME $WHO"], env=[
        {"name": "WHO", "value": "world"}, {"name": "GREETING", "value": "hello-$(WHO)"},
        {"name": "INDEX", "valueFrom": {"fieldRef": {
            "fieldPath": "metadata.annotations['batch.kubernetes.io/job-completion-index']"}}}])]}
    assert run_spec(spec, index=2)[0].logs == "hello-world /root world\n"
    spec["containers"][0]["args"] = ["echo $INDEX $JOB_COMPLETION_INDEX"]
    assert run_spec(spec, index=2)[0].logs == "2 2\n"


def test_an_undefined_reference_reaches_the_shell_as_command_substitution():
    # Kubernetes leaves $(MISSING) as written; sh then runs a command named MISSING.
    spec = {"containers": [container(["sh", "-c"], ["echo [$(MISSING)]"])]}
    assert run_spec(spec) == [Outcome(0.0, 0, "sh: MISSING: not found\n[]\n")]


@pytest.mark.parametrize("command, image, expected", [
    pytest.param(["frobnicate"], "ubuntu", Outcome(0.0, 128),
                 id="an unknown program in a known image cannot start: exit 128"),
    pytest.param(["/app/worker", "--fast"], "gcr.io/myproject/job-wq-2", Outcome(1.0),
                 id="an unknown program in a custom image runs the default second"),
    pytest.param(None, "gcr.io/myproject/job-wq-2", Outcome(1.0),
                 id="no command runs the image's entrypoint for the default second"),
])
def test_programs_the_interpreter_cannot_know(command, image, expected):
    spec = {"containers": [{"name": "c", "image": image} | ({"command": command} if command else {})]}
    assert run_spec(spec) == [expected]


def test_the_template_is_parsed_once_per_workload():
    workload = command_workload({"containers": [container(["sh", "-c", "sleep 1; echo $JOB_COMPLETION_INDEX"])]})
    for index in range(3):
        assert steps_of(workload.run(pod(index=index), None))[-1].logs == f"{index}\n"
    assert len(workload.parse_cache) == 1


def test_deeply_nested_commands_do_not_escape_the_workload():
    script = "echo " + "$(" * 2000 + "x" + ")" * 2000
    steps = run_spec({"containers": [container(["sh", "-c", script])]})
    assert steps[-1].exit_code in (0, 2)


@pytest.mark.parametrize("restarts, failed_container, expected", [
    pytest.param(0, None, [Outcome(5.0), Outcome(0.0, 1, "ready\n")], id="the first run runs the init container"),
    pytest.param(1, None, [Outcome(0.0, 1, "ready\n")],
                 id="an in-place restart of the main container keeps the init container's files"),
    pytest.param(1, "setup", [Outcome(5.0), Outcome(0.0, 1, "ready\n")],
                 id="a restart after the init container failed runs it again"),
])
def test_in_place_restarts_with_init_containers(restarts, failed_container, expected):
    spec = {"restartPolicy": "OnFailure",
            "initContainers": [container(["sh", "-c", "sleep 5; echo ready > /work/state"], name="setup")],
            "containers": [container(["sh", "-c", "cat /work/state; exit 1"])]}
    assert run_spec(spec, restarts=restarts, failed_container=failed_container) == expected
