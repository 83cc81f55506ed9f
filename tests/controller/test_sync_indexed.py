"""Indexed Jobs: index choice, counting by index, backoffLimitPerIndex and successPolicy.

Ported from upstream ``job_controller_test.go`` (the Indexed rows of
TestControllerSyncJob and TestTrackJobStatusAndRemoveFinalizers,
TestSyncJobWithJobBackoffLimitPerIndex, TestSyncJobWithJobSuccessPolicy,
TestGetPodCreationInfoForIndependentIndexes) and ``indexed_job_utils_test.go``
(TestPodGenerateNameWithIndex), with 1.34 default-gate expectations.
"""
import pytest

from controller_cases import (
    BACKOFF_LIMIT_EXCEEDED,
    COMPLETED_EVENT,
    FAILED_INDEXES,
    MAX_FAILED_INDEXES_EXCEEDED,
    MAX_INT32,
    NOW,
    Case,
    Want,
    check,
    complete,
    cond,
    conditions,
    deleted,
    failure,
    failure_target,
    make_indexed_job,
    pending,
    pod_condition,
    running,
    succeeded,
    terminating,
    failed,
    warning,
)
from k8sjobs_edu.api.types import (JobStatus, OnExitCodes, OnPodCondition, PodFailurePolicy, PodFailurePolicyRule,
                                   SuccessPolicy, SuccessPolicyRule)
from k8sjobs_edu.api.wellknown import JOB_COMPLETION_INDEX, JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT
from k8sjobs_edu.controller.indexed import pod_generate_name_with_index
from k8sjobs_edu.controller.manage import active_pods_for_removal
from k8sjobs_edu.controller.sync import sync_job


def at(make, index, tag="a", **kw):
    """A pod of index ``index`` of the Job "indexed-job", named like the real ones."""
    return make(f"indexed-job-{index}-{tag}", index=index, **kw)


def names(*indexes):
    return [f"indexed-job-{i}-" for i in indexes]


INDEXED_CASES = [
    Case("an Indexed Job starts with the lowest indexes",
         make_indexed_job(parallelism=2, completions=5, status=JobStatus()),
         want=Want(create=names(0, 1), create_indexes=[0, 1], active=2, start_time=NOW)),
    Case("missing indexes are filled lowest first, around running and completed ones",
         make_indexed_job(parallelism=8, completions=20),
         [at(running, 0), at(succeeded, 2), at(pending, 3), at(succeeded, 4), at(succeeded, 5),
          at(succeeded, 7), at(succeeded, 8), at(succeeded, 9)],
         want=Want(create=names(1, 6, 10, 11, 12, 13), create_indexes=[1, 6, 10, 11, 12, 13], active=8,
                   succeeded=6, completed_indexes="2,4,5,7-9",
                   untrack=[f"indexed-job-{i}-a" for i in (2, 4, 5, 7, 8, 9)])),
    Case("failed indexes are tried again, lowest first",
         make_indexed_job(parallelism=3, completions=4),
         [at(failed, 0), at(pending, 1), at(failed, 2)],
         want=Want(create=names(0, 2), create_indexes=[0, 2], active=3, failed=2,
                   untrack=["indexed-job-0-a", "indexed-job-2-a"])),
    Case("every index succeeded despite a failed attempt: the Job completes",
         make_indexed_job(parallelism=2, completions=3),
         [at(succeeded, 0), at(failed, 1, "a"), at(succeeded, 1, "b"), at(succeeded, 2)],
         want=Want(succeeded=3, failed=1, completed_indexes="0-2", conditions=complete(), completion_time=NOW,
                   events=[COMPLETED_EVENT],
                   untrack=["indexed-job-0-a", "indexed-job-1-a", "indexed-job-1-b", "indexed-job-2-a"])),
    Case("an index that succeeded twice counts once",
         make_indexed_job(parallelism=2, completions=3),
         [at(succeeded, 0), at(succeeded, 1, "a"), at(succeeded, 1, "b")],
         want=Want(create=names(2), create_indexes=[2], active=1, succeeded=2, completed_indexes="0,1",
                   untrack=["indexed-job-0-a", "indexed-job-1-a", "indexed-job-1-b"])),
    Case("pods without an index are deleted and never counted",
         make_indexed_job(parallelism=2, completions=5),
         [running("indexed-job-x1"), pending("indexed-job-x2", created_at=1.0), succeeded("indexed-job-x3"),
          failed("indexed-job-x4"), at(succeeded, 0), at(running, 1), at(running, 2)],
         want=Want(delete=["indexed-job-x1", "indexed-job-x2"], active=2, terminating=2, succeeded=1,
                   completed_indexes="0", events=deleted("indexed-job-x1", "indexed-job-x2"),
                   untrack=["indexed-job-x1", "indexed-job-x2", "indexed-job-x3", "indexed-job-x4",
                            "indexed-job-0-a"]),
         ordered=False),
    Case("a repeated index keeps its most advanced pod, and nothing is created in the same sync",
         make_indexed_job(parallelism=5, completions=5),
         [running("indexed-job-x1"), at(succeeded, 0), at(running, 1), at(running, 2, "a"),
          at(pending, 2, "b", created_at=1.0)],
         want=Want(delete=["indexed-job-x1", "indexed-job-2-b"], active=2, terminating=2, succeeded=1,
                   completed_indexes="0", events=deleted("indexed-job-x1", "indexed-job-2-b"),
                   untrack=["indexed-job-x1", "indexed-job-2-b", "indexed-job-0-a"]),
         ordered=False),
    Case("indexes beyond completions are deleted and never counted",
         make_indexed_job(parallelism=2, completions=5),
         [at(succeeded, 0), at(running, 5), at(succeeded, 6), at(pending, 7), at(failed, 8)],
         want=Want(delete=["indexed-job-5-a", "indexed-job-7-a"], terminating=2, succeeded=1, completed_indexes="0",
                   events=deleted("indexed-job-5-a", "indexed-job-7-a"),
                   untrack=["indexed-job-0-a", "indexed-job-5-a", "indexed-job-6-a", "indexed-job-7-a",
                            "indexed-job-8-a"]),
         ordered=False),
    Case("completed indexes outside completions are dropped from the status",
         make_indexed_job(parallelism=2, completions=2,
                          status=JobStatus(start_time=0.0, active=2, succeeded=1, completed_indexes="3")),
         [at(running, 0), at(running, 1)],
         want=Want(active=2)),
    Case("a new success in range replaces a stale completed index",
         make_indexed_job(parallelism=2, completions=2,
                          status=JobStatus(start_time=0.0, active=2, succeeded=1, completed_indexes="3")),
         [at(running, 0), at(succeeded, 1)],
         want=Want(active=1, succeeded=1, completed_indexes="1", untrack=["indexed-job-1-a"])),
    Case("earlier and new completions merge into the range format",
         make_indexed_job(parallelism=1, completions=7, status=JobStatus(
             start_time=0.0, failed=2, succeeded=5, completed_indexes="0-2,4,6,7")),
         [at(succeeded, 0, counted=True), at(failed, 1, "a", counted=True), at(succeeded, 1, "b"),
          at(succeeded, 3), at(failed, 2), at(failed, 5)],
         want=Want(create=names(5), create_indexes=[5], active=1, succeeded=6, failed=4,
                   completed_indexes="0-4,6",
                   untrack=["indexed-job-1-b", "indexed-job-3-a", "indexed-job-2-a", "indexed-job-5-a"])),
    Case("Failed replacement policy: a terminating index is not reused and holds a slot",
         make_indexed_job(parallelism=2, completions=5, pod_replacement_policy="Failed"),
         [at(terminating, 0)],
         want=Want(create=names(1), create_indexes=[1], active=1, terminating=1)),
    Case("TerminatingOrFailed: a terminating index counts as failed and is created again",
         make_indexed_job(parallelism=2, completions=5),
         [at(terminating, 0)],
         want=Want(create=names(0, 1), create_indexes=[0, 1], active=2, failed=1, terminating=1,
                   untrack=["indexed-job-0-a"])),
]


@pytest.mark.parametrize("case", INDEXED_CASES, ids=str)
def test_indexed(case):
    check(case)


def test_an_indexed_pod_carries_its_index_in_label_annotation_hostname_and_name():
    job = make_indexed_job(parallelism=2, completions=3, status=JobStatus(start_time=0.0))
    [new] = sync_job(job, [at(succeeded, 0), at(running, 1)], NOW).create
    assert (new.name, new.index, new.hostname) == ("indexed-job-2-", 2, "indexed-job-2")
    assert new.labels[JOB_COMPLETION_INDEX] == "2" and new.annotations[JOB_COMPLETION_INDEX] == "2"
    assert new.labels["batch.kubernetes.io/job-name"] == "indexed-job"
    assert JOB_INDEX_FAILURE_COUNT not in new.annotations  # only with backoffLimitPerIndex


def _pods(*index_phases):
    make = {"Pending": pending, "Running": running}
    return [make[phase](f"indexed-job-{i}", index=index, created_at=float(i))
            for i, (index, phase) in enumerate(index_phases)]


@pytest.mark.parametrize("pods, want_removed", [
    (_pods((None, "Pending"), (2, "Pending"), (5, "Running"), (6, "Running")),
     [(None, "Pending"), (6, "Running")]),
    (_pods((5, "Pending"), (0, "Running"), (3, "Pending"), (0, "Running"), (3, "Running"), (0, "Pending"),
           (6, "Running"), (6, "Pending")),
     [(0, "Pending"), (0, "Running"), (3, "Pending"), (6, "Pending"), (6, "Running")]),
    (_pods((None, "Pending"), (None, "Running"), (0, "Pending"), (1, "Pending"), (1, "Pending"), (1, "Running")),
     [(None, "Pending"), (None, "Running"), (1, "Pending"), (1, "Pending")]),
], ids=["an index beyond completions and a pod without index",
        "all but one pod of each repeated index, keeping the Running one", "mixed"])
def test_repeated_and_invalid_indexes_are_removed_even_without_excess(pods, want_removed):
    job = make_indexed_job(parallelism=10, completions=6)
    removed = active_pods_for_removal(job, pods, 0)
    assert sorted(((p.index, p.phase) for p in removed), key=repr) == sorted(want_removed, key=repr)


@pytest.mark.parametrize("job_name, index, want", [
    ("indexed-job", 1, "indexed-job-1-"),
    ("hhhhhooooo" * 7, 1, "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-"),
    ("hhhhhooooo" * 5 + "hhhhhoo", 1, "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-"),
], ids=["short job name", "job name longer than 58 characters",
        "job name that only becomes too long with the index"])
def test_generate_name_is_cut_to_leave_room_for_five_random_characters(job_name, index, want):
    assert pod_generate_name_with_index(job_name, index) == want


# ---- backoffLimitPerIndex ---------------------------------------------------------


def per_index_job(**kw):
    kw.setdefault("parallelism", 2)
    kw.setdefault("completions", 2)
    kw.setdefault("backoff_limit", MAX_INT32)  # API defaulting when backoffLimitPerIndex is set
    kw.setdefault("backoff_limit_per_index", 1)
    return make_indexed_job(**kw)


def exit_code_rule(action, *codes):
    return PodFailurePolicyRule(action, on_exit_codes=OnExitCodes("In", list(codes)))


PER_INDEX_CASES = [
    Case("one failure within an index is retried and the Job still succeeds",
         per_index_job(),
         [at(failed, 0, "a", failure_count=0), at(succeeded, 0, "b", failure_count=1),
          at(succeeded, 1, failure_count=0)],
         want=Want(failed=1, succeeded=2, completed_indexes="0,1", failed_indexes="", conditions=complete(),
                   completion_time=NOW, events=[COMPLETED_EVENT],
                   untrack=["indexed-job-0-a", "indexed-job-0-b", "indexed-job-1-a"])),
    Case("a failed pod stays uncounted until its replacement exists",
         per_index_job(), [at(failed, 0, failure_count=0)],
         want=Want(create=names(0, 1), create_indexes=[0, 1], active=2, failed_indexes="")),
    Case("once the replacement exists the failed pod is counted",
         per_index_job(), [at(failed, 0, "a", failure_count=0), at(pending, 0, "b", failure_count=1)],
         want=Want(create=names(1), create_indexes=[1], active=2, failed=1, failed_indexes="",
                   untrack=["indexed-job-0-a"])),
    Case("an index that used up its retries fails and the Job goes on",
         per_index_job(), [at(failed, 0, failure_count=1)],
         want=Want(create=names(1), create_indexes=[1], active=1, failed=1, failed_indexes="0",
                   untrack=["indexed-job-0-a"])),
    Case("a FailIndex rule fails the index at once",
         per_index_job(pod_failure_policy=PodFailurePolicy([exit_code_rule("FailIndex", 3)])),
         [at(failed, 0, exit_code=3, failure_count=0)],
         want=Want(create=names(1), create_indexes=[1], active=1, failed=1, failed_indexes="0",
                   untrack=["indexed-job-0-a"])),
    Case("a FailJob rule fails the whole Job, whatever the index's budget",
         per_index_job(backoff_limit=6, containers=("x",),
                       pod_failure_policy=PodFailurePolicy([exit_code_rule("FailJob", 3)])),
         [at(failed, 0, exit_code=3, failed_container="x", failure_count=0, containers=("x",))],
         want=Want(failed=1, failed_indexes="", untrack=["indexed-job-0-a"],
                   conditions=failure(("PodFailurePolicy", "Container x for pod default/indexed-job-0-a failed "
                                                           "with exit code 3 matching FailJob rule at index 0")),
                   events=[warning(("PodFailurePolicy", "Container x for pod default/indexed-job-0-a failed "
                                                        "with exit code 3 matching FailJob rule at index 0"))])),
    Case("an ignored failure does not use up the index's retries",
         per_index_job(pod_failure_policy=PodFailurePolicy([exit_code_rule("Ignore", 3)])),
         [at(failed, 0, exit_code=3, failure_count=0)],
         want=Want(create=names(0, 1), create_indexes=[0, 1], active=2, failed_indexes="")),
    Case("backoffLimit is checked before backoffLimitPerIndex",
         per_index_job(backoff_limit=1), [at(failed, 0, failure_count=0), at(failed, 1, failure_count=0)],
         want=Want(failed=2, failed_indexes="", untrack=["indexed-job-0-a", "indexed-job-1-a"],
                   conditions=failure(BACKOFF_LIMIT_EXCEEDED), events=[warning(BACKOFF_LIMIT_EXCEEDED)])),
    Case("the Job fails with FailedIndexes once every index is done",
         per_index_job(), [at(failed, 0, failure_count=1), at(succeeded, 1, failure_count=0)],
         want=Want(failed=1, succeeded=1, completed_indexes="1", failed_indexes="0",
                   untrack=["indexed-job-0-a", "indexed-job-1-a"], conditions=failure(FAILED_INDEXES),
                   events=[warning(FAILED_INDEXES)])),
    Case("more failed indexes than maxFailedIndexes fail the Job at once",
         per_index_job(parallelism=4, completions=4, max_failed_indexes=1),
         [at(failed, 0, failure_count=1), at(succeeded, 1, failure_count=0), at(failed, 2, failure_count=1),
          at(running, 3, failure_count=0)],
         want=Want(delete=["indexed-job-3-a"], failed=3, succeeded=1, terminating=1, completed_indexes="1",
                   failed_indexes="0,2", conditions=failure_target(MAX_FAILED_INDEXES_EXCEEDED),
                   events=deleted("indexed-job-3-a"),
                   untrack=["indexed-job-0-a", "indexed-job-1-a", "indexed-job-2-a", "indexed-job-3-a"])),
    Case("failed indexes are not tried again",
         per_index_job(parallelism=3, completions=3,
                       status=JobStatus(start_time=0.0, failed=1, failed_indexes="1")),
         want=Want(create=names(0, 2), create_indexes=[0, 2], active=2, failed=1, failed_indexes="1")),
    Case("of several failed pods of an index the one with the most failures waits for the replacement",
         per_index_job(parallelism=1, completions=1, backoff_limit_per_index=4),
         [at(failed, 0, "a", failure_count=0), at(failed, 0, "c", failure_count=2),
          at(failed, 0, "b", failure_count=1)],
         want=Want(create=names(0), create_indexes=[0], active=1, failed=2, failed_indexes="",
                   untrack=["indexed-job-0-a", "indexed-job-0-b"])),
    Case("of failed pods with the same count the one that finished last waits for the replacement",
         per_index_job(parallelism=1, completions=1, backoff_limit_per_index=4),
         [at(failed, 0, "a", failure_count=1, finished_at=10.0), at(failed, 0, "c", failure_count=1, finished_at=20.0),
          at(failed, 0, "b", failure_count=1, finished_at=5.0)],
         want=Want(create=names(0), create_indexes=[0], active=1, failed=2, failed_indexes="",
                   untrack=["indexed-job-0-a", "indexed-job-0-b"])),
    Case("a replacement waits for its index's own back-off",
         per_index_job(parallelism=1, completions=1, backoff_limit_per_index=3),
         [at(failed, 0, failure_count=1, finished_at=NOW - 5)],
         want=Want(failed_indexes="", requeue_after=15.0)),
    Case("indexes past their back-off are created while another one waits",
         per_index_job(parallelism=3, completions=3, backoff_limit_per_index=3),
         [at(failed, 0, failure_count=0, finished_at=NOW - 1), at(failed, 2, failure_count=0)],
         want=Want(create=names(1, 2), create_indexes=[1, 2], active=2, failed_indexes="")),
    Case("with no index ready the sync comes back when the first one is",
         per_index_job(parallelism=3, completions=3, backoff_limit_per_index=3),
         [at(failed, 0, failure_count=1, finished_at=NOW), at(failed, 1, failure_count=0, finished_at=NOW),
          at(failed, 2, failure_count=2, finished_at=NOW - 1)],
         want=Want(failed_indexes="", requeue_after=10.0)),
]


@pytest.mark.parametrize("case", PER_INDEX_CASES, ids=str)
def test_backoff_limit_per_index(case):
    check(case)


def _failure_annotations(pod):
    return (pod.annotations.get(JOB_INDEX_FAILURE_COUNT), pod.annotations.get(JOB_INDEX_IGNORED_FAILURE_COUNT))


@pytest.mark.parametrize("policy, failed_pod, want", [
    (None, at(failed, 0, failure_count=0), ("1", None)),
    (None, at(failed, 0, failure_count=3), ("4", None)),
    (PodFailurePolicy([PodFailurePolicyRule("Ignore", on_pod_conditions=[OnPodCondition("DisruptionTarget")])]),
     at(failed, 0, failure_count=3, conditions=[pod_condition("DisruptionTarget")]), ("3", "1")),
], ids=["a replacement counts the failure it replaces", "failure counts add up over attempts",
        "an ignored failure is counted apart"])
def test_replacement_pods_carry_the_index_failure_counts(policy, failed_pod, want):
    job = per_index_job(parallelism=1, completions=1, backoff_limit_per_index=6, pod_failure_policy=policy)
    [replacement] = sync_job(job, [failed_pod], NOW).create
    assert _failure_annotations(replacement) == want


def test_a_first_pod_starts_its_index_failure_count_at_zero():
    [first] = sync_job(per_index_job(parallelism=1, completions=1, status=JobStatus()), [], NOW).create
    assert _failure_annotations(first) == ("0", None)


# ---- successPolicy -------------------------------------------------------------------

MATCHED_0 = ("SuccessPolicy", "Matched rules at index 0")
DISRUPTED = ("PodFailurePolicy", "Pod default/indexed-job-0-a has condition DisruptionTarget matching FailJob "
                                 "rule at index 0")
FAIL_ON_DISRUPTION = PodFailurePolicy([PodFailurePolicyRule(
    "FailJob", on_pod_conditions=[OnPodCondition("DisruptionTarget")])])


def success_job(*rules, **kw):
    kw.setdefault("parallelism", 2)
    kw.setdefault("completions", 2)
    kw.setdefault("backoff_limit", MAX_INT32)
    return make_indexed_job(success_policy=SuccessPolicy(list(rules) or [SuccessPolicyRule("0,1", 1)]), **kw)


SCM = cond("SuccessCriteriaMet", *MATCHED_0)

SUCCESS_POLICY_CASES = [
    Case("success policy met while other indexes run: SuccessCriteriaMet, the rest deleted and not counted",
         success_job(parallelism=3, completions=3),
         [at(failed, 0, "a"), at(running, 0, "b"), at(succeeded, 1), at(running, 2)],
         want=Want(delete=["indexed-job-0-b", "indexed-job-2-a"], failed=1, succeeded=1, terminating=2,
                   completed_indexes="1", conditions=[SCM], events=deleted("indexed-job-0-b", "indexed-job-2-a"),
                   untrack=["indexed-job-0-a", "indexed-job-0-b", "indexed-job-1-a", "indexed-job-2-a"]),
         ordered=False),
    Case("every index succeeded and a rule matches: the reason is SuccessPolicy",
         success_job(SuccessPolicyRule("0")),
         [at(succeeded, 0), at(succeeded, 1)],
         want=Want(succeeded=2, completed_indexes="0,1", conditions=complete(MATCHED_0), completion_time=NOW,
                   events=[COMPLETED_EVENT], untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    Case("succeededCount met while the other index is still pending",
         success_job(SuccessPolicyRule(succeeded_count=1)),
         [at(pending, 0), at(succeeded, 1)],
         want=Want(delete=["indexed-job-0-a"], succeeded=1, terminating=1, completed_indexes="1", conditions=[SCM],
                   events=deleted("indexed-job-0-a"), untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    Case("a podFailurePolicy that does not match leaves the success alone",
         success_job(pod_failure_policy=FAIL_ON_DISRUPTION),
         [at(failed, 0, "a"), at(running, 0, "b"), at(succeeded, 1)],
         want=Want(delete=["indexed-job-0-b"], failed=1, succeeded=1, terminating=1, completed_indexes="1",
                   conditions=[SCM], events=deleted("indexed-job-0-b"),
                   untrack=["indexed-job-0-a", "indexed-job-0-b", "indexed-job-1-a"])),
    Case("SuccessCriteriaMet is there and no pod is left: Complete follows with the same reason",
         success_job(status=JobStatus(start_time=0.0, conditions=conditions(SCM))),
         [at(failed, 0), at(succeeded, 1)],
         want=Want(failed=1, succeeded=1, completed_indexes="1", conditions=complete(MATCHED_0), completion_time=NOW,
                   events=[COMPLETED_EVENT], untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    Case("the message names the first rule that matched",
         success_job(SuccessPolicyRule("0"), SuccessPolicyRule("1")),
         [at(running, 0), at(succeeded, 1)],
         want=Want(delete=["indexed-job-0-a"], succeeded=1, terminating=1, completed_indexes="1",
                   conditions=[cond("SuccessCriteriaMet", "SuccessPolicy", "Matched rules at index 1")],
                   events=deleted("indexed-job-0-a"), untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    Case("success policy and FailJob both met: the failure wins",
         success_job(pod_failure_policy=FAIL_ON_DISRUPTION),
         [at(failed, 0, "a", conditions=[pod_condition("DisruptionTarget")]), at(running, 0, "b"), at(succeeded, 1)],
         want=Want(delete=["indexed-job-0-b"], failed=2, succeeded=1, terminating=1, completed_indexes="1",
                   conditions=failure_target(DISRUPTED), events=deleted("indexed-job-0-b"),
                   untrack=["indexed-job-0-a", "indexed-job-0-b", "indexed-job-1-a"])),
    Case("success policy and failed indexes both met: the failure wins",
         success_job(backoff_limit_per_index=1),
         [at(failed, 0, failure_count=1), at(succeeded, 1)],
         want=Want(failed=1, succeeded=1, completed_indexes="1", failed_indexes="0", conditions=failure(FAILED_INDEXES),
                   events=[warning(FAILED_INDEXES)], untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    Case("success policy and backoffLimit both met: the failure wins",
         success_job(backoff_limit=1),
         [at(failed, 0, "a"), at(failed, 0, "b"), at(succeeded, 1)],
         want=Want(failed=2, succeeded=1, completed_indexes="1", conditions=failure(BACKOFF_LIMIT_EXCEEDED),
                   events=[warning(BACKOFF_LIMIT_EXCEEDED)],
                   untrack=["indexed-job-0-a", "indexed-job-0-b", "indexed-job-1-a"])),
    Case("SuccessCriteriaMet never turns into a failure, not even by FailJob",
         success_job(SuccessPolicyRule(succeeded_count=1), pod_failure_policy=FAIL_ON_DISRUPTION,
                     status=JobStatus(start_time=0.0, succeeded=1, completed_indexes="1", conditions=conditions(SCM))),
         [at(failed, 0, conditions=[pod_condition("DisruptionTarget")]), at(succeeded, 1)],
         want=Want(failed=1, succeeded=1, completed_indexes="1", conditions=complete(MATCHED_0), completion_time=NOW,
                   events=[COMPLETED_EVENT], untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    Case("SuccessCriteriaMet never turns into a failure, not even by failed indexes",
         success_job(SuccessPolicyRule("1"), backoff_limit_per_index=1,
                     status=JobStatus(start_time=0.0, succeeded=1, completed_indexes="1", conditions=conditions(SCM))),
         [at(failed, 0, failure_count=1), at(succeeded, 1)],
         want=Want(failed=1, succeeded=1, completed_indexes="1", failed_indexes="0", conditions=complete(MATCHED_0),
                   completion_time=NOW, events=[COMPLETED_EVENT], untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    Case("SuccessCriteriaMet never turns into a failure, not even by backoffLimit",
         success_job(backoff_limit=1,
                     status=JobStatus(start_time=0.0, succeeded=1, completed_indexes="1", conditions=conditions(SCM))),
         [at(failed, 0), at(succeeded, 1)],
         want=Want(failed=1, succeeded=1, completed_indexes="1", conditions=complete(MATCHED_0), completion_time=NOW,
                   events=[COMPLETED_EVENT], untrack=["indexed-job-0-a", "indexed-job-1-a"])),
    Case("FailureTarget never turns into success",
         success_job(pod_failure_policy=FAIL_ON_DISRUPTION, status=JobStatus(
             start_time=0.0, failed=1, completed_indexes="1",
             conditions=conditions(cond("FailureTarget", *DISRUPTED)))),
         [at(failed, 0, counted=True, conditions=[pod_condition("DisruptionTarget")]), at(succeeded, 1)],
         want=Want(failed=1, succeeded=1, completed_indexes="1", conditions=failure(DISRUPTED),
                   events=[warning(DISRUPTED)], untrack=["indexed-job-1-a"])),
]


@pytest.mark.parametrize("case", SUCCESS_POLICY_CASES, ids=str)
def test_success_policy(case):
    check(case)
