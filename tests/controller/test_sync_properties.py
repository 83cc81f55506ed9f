"""Properties of one controller sync that hold for every Job and every set of pods.

Hypothesis draws Jobs of every mode with random knobs and status, and pods in
every phase; the runs are derandomized so CI sees the same examples each time.
"""
import copy

from hypothesis import given, settings, strategies as st

from controller_cases import NOW, conditions, cond, make_job, pod, summarize
from k8sjobs_edu.api.intervals import Intervals
from k8sjobs_edu.api.types import (JobStatus, OnExitCodes, PodFailurePolicy, PodFailurePolicyRule, SuccessPolicy,
                                   SuccessPolicyRule)
from k8sjobs_edu.controller.backoff import BackoffRecord
from k8sjobs_edu.controller.sync import sync_job

PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, derandomize=True)

EXISTING_CONDITIONS = [
    [], [cond("Suspended", "JobSuspended", "Job suspended")],
    [cond("Suspended", "JobResumed", "Job resumed", status="False")],
    [cond("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit")],
    [cond("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods")],
    [cond("Complete")], [cond("Failed")],
]


def _exit_rule(action, code):
    return PodFailurePolicyRule(action, on_exit_codes=OnExitCodes("In", [code]))


@st.composite
def scenarios(draw):
    """(job, pods, backoff): a Job of any mode, in any state, with pods in every phase."""
    mode = draw(st.sampled_from(["NonIndexed", "Indexed", "WorkQueue"]))
    indexed = mode == "Indexed"
    completions = None if mode == "WorkQueue" else draw(st.integers(1 if indexed else 0, 5))
    per_index = draw(st.sampled_from([None, 0, 1, 2])) if indexed else None
    actions = ["Ignore", "FailJob", "Count"] + (["FailIndex"] if per_index is not None else [])
    policy = draw(st.one_of(st.none(), st.lists(st.builds(_exit_rule, st.sampled_from(actions), st.integers(1, 3)),
                                                min_size=1, max_size=2).map(PodFailurePolicy)))
    spec = dict(
        completions=completions,
        parallelism=draw(st.integers(0, 4)),
        backoff_limit=draw(st.integers(0, 4)),
        restart_policy="Never" if policy is not None else draw(st.sampled_from(["Never", "OnFailure"])),
        suspend=draw(st.booleans()),
        active_deadline_seconds=draw(st.one_of(st.none(), st.integers(0, 2000))),
        pod_failure_policy=policy,
        pod_replacement_policy="Failed" if policy else draw(st.sampled_from(["TerminatingOrFailed", "Failed"])),
        managed_by=draw(st.sampled_from([None, None, None, "kubernetes.io/job-controller", "example.com/other"])),
    )
    if indexed:
        spec["backoff_limit_per_index"] = per_index
        if per_index is not None:
            spec["max_failed_indexes"] = draw(st.one_of(st.none(), st.integers(0, completions)))
        spec["success_policy"] = draw(st.one_of(st.none(), st.builds(
            lambda n: SuccessPolicy([SuccessPolicyRule(succeeded_count=n)]), st.integers(1, completions))))

    completed = draw(st.sets(st.integers(0, completions - 1), max_size=completions)) if indexed else set()
    failed_indexes = None
    if per_index is not None:
        failed_indexes = str(Intervals.of(draw(st.sets(st.integers(0, completions - 1))) - completed))
    status = JobStatus(
        start_time=draw(st.one_of(st.none(), st.integers(0, 1000).map(float))),
        succeeded=len(completed) if indexed else draw(st.integers(0, 3)),
        failed=draw(st.integers(0, 3)),
        completed_indexes=str(Intervals.of(completed)),
        failed_indexes=failed_indexes,
        conditions=conditions(*draw(st.sampled_from(EXISTING_CONDITIONS)), at=500.0),
    )
    deleted_at = draw(st.sampled_from([None, None, None, 900.0]))
    job = make_job("job", mode="Indexed" if indexed else "NonIndexed", status=status, deleted_at=deleted_at, **spec)

    pods = []
    for i in range(draw(st.integers(0, 8))):
        phase = draw(st.sampled_from(["Pending", "Running", "Succeeded", "Failed"]))
        finished = phase in ("Succeeded", "Failed")
        deleted = draw(st.booleans()) and draw(st.booleans())
        created = float(draw(st.integers(0, 1000)))
        pods.append(pod(
            f"job-{i}", phase,
            index=draw(st.one_of(st.none(), st.integers(0, completions))) if indexed else None,
            created_at=created,
            ready=phase == "Running" and draw(st.booleans()),
            finished_at=float(draw(st.integers(int(created), 1000))) if finished else None,
            deleted_at=float(draw(st.integers(int(created), 1000))) if deleted else None,
            exit_code=draw(st.integers(1, 3)) if phase == "Failed" else (0 if phase == "Succeeded" else None),
            restarts=draw(st.integers(0, 2)) if spec["restart_policy"] == "OnFailure" else 0,
            counted=(finished or deleted) and draw(st.booleans()),
            failure_count=draw(st.integers(0, 2)) if per_index is not None else None,
            restart_policy=spec["restart_policy"],
        ))
    backoff = draw(st.one_of(st.none(), st.builds(BackoffRecord, st.integers(0, 4),
                                                  st.integers(0, 1000).map(float))))
    return job, pods, backoff


def _pod_state(p):
    return copy.deepcopy({name: getattr(p, name) for name in p.__dataclass_fields__})


def _is_synced(job):
    managed_elsewhere = job.spec.managed_by not in (None, "kubernetes.io/job-controller")
    return not managed_elsewhere and not job.status.is_finished()


@PROPERTY_SETTINGS
@given(scenarios())
def test_sync_is_pure_same_inputs_same_result_and_inputs_untouched(scenario):
    job, pods, backoff = scenario
    job_before, pods_before = copy.deepcopy(job), [_pod_state(p) for p in pods]
    first = sync_job(job, pods, NOW, backoff)
    assert job == job_before
    assert [_pod_state(p) for p in pods] == pods_before
    second = sync_job(copy.deepcopy(job), [p.copy() for p in pods], NOW, backoff)
    assert summarize(first) == summarize(second) and first.backoff == second.backoff


@PROPERTY_SETTINGS
@given(scenarios())
def test_never_create_and_delete_in_one_sync(scenario):
    result = sync_job(*scenario[:2], NOW, scenario[2])
    assert not (result.create and result.delete)


@PROPERTY_SETTINGS
@given(scenarios())
def test_active_after_the_sync_stays_within_parallelism(scenario):
    job, pods, backoff = scenario
    result = sync_job(job, pods, NOW, backoff)
    work_queue_past_first_success = job.spec.completions is None and result.status.succeeded > 0
    if _is_synced(job) and job.deleted_at is None and not work_queue_past_first_success:
        assert result.status.active <= job.spec.parallelism


@PROPERTY_SETTINGS
@given(scenarios())
def test_counters_never_decrease_and_ready_never_exceeds_active(scenario):
    job, pods, backoff = scenario
    status = sync_job(job, pods, NOW, backoff).status
    assert status.succeeded >= job.status.succeeded and status.failed >= job.status.failed
    assert 0 <= status.ready <= status.active  # the API server rejects more ready than active pods


@PROPERTY_SETTINGS
@given(scenarios())
def test_a_job_not_synced_by_this_controller_yields_no_actions(scenario):
    job, pods, backoff = scenario
    if _is_synced(job):
        return
    result = sync_job(job, pods, NOW, backoff)
    assert (result.create, result.delete, result.untrack, result.events) == ([], [], [], [])
    assert result.status == job.status and result.requeue_after is None


@PROPERTY_SETTINGS
@given(scenarios())
def test_only_tracked_pods_are_untracked_and_only_active_pods_deleted(scenario):
    job, pods, backoff = scenario
    result = sync_job(job, pods, NOW, backoff)
    by_name = {p.name: p for p in pods}
    assert len(set(result.untrack)) == len(result.untrack) and len(set(result.delete)) == len(result.delete)
    assert all(by_name[name].is_tracked for name in result.untrack)
    assert all(by_name[name].deleted_at is None and not by_name[name].is_finished for name in result.delete)
    if _is_synced(job):
        was_terminating = sum(1 for p in pods if p.deleted_at is not None and not p.is_finished)
        assert result.status.terminating == was_terminating + len(result.delete)


@PROPERTY_SETTINGS
@given(scenarios())
def test_the_final_condition_waits_until_no_pod_is_terminating(scenario):
    job, pods, backoff = scenario
    if not _is_synced(job):
        return
    status = sync_job(job, pods, NOW, backoff).status
    if status.is_finished():
        assert status.terminating == 0
        interim = "SuccessCriteriaMet" if status.has_true("Complete") else "FailureTarget"
        assert status.has_true(interim)
        assert (status.completion_time is not None) == status.has_true("Complete")


@PROPERTY_SETTINGS
@given(scenarios())
def test_new_indexed_pods_take_distinct_free_indexes(scenario):
    job, pods, backoff = scenario
    if not job.spec.is_indexed:
        return
    result = sync_job(job, pods, NOW, backoff)
    indexes = [p.index for p in result.create]
    held = {p.index for p in pods if p.deleted_at is None and not p.is_finished}
    done = Intervals.parse(result.status.completed_indexes, job.spec.completions)
    assert len(set(indexes)) == len(indexes)
    assert all(0 <= i < job.spec.completions and i not in held and not done.has(i) for i in indexes)
    assert indexes == sorted(indexes)  # lowest indexes first


def test_the_property_strategy_reaches_every_kind_of_outcome():
    """Guards the properties above against a strategy that never exercises them."""
    seen = set()

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(scenarios())
    def explore(scenario):
        result = sync_job(*scenario[:2], NOW, scenario[2])
        seen.update(kind for kind, happened in [
            ("create", result.create), ("delete", result.delete), ("untrack", result.untrack),
            ("complete", result.status.has_true("Complete")), ("failed", result.status.has_true("Failed")),
            ("requeue", result.requeue_after is not None)] if happened)

    explore()
    assert seen == {"create", "delete", "untrack", "complete", "failed", "requeue"}

