"""Golden transcripts: the course notes' and the docs' kubectl sessions, replayed on scenarios tuned to them.

Each scenario runs kubectl commands at chosen virtual times; the session text
(``# t=…`` / ``$ kubectl …`` / output) must equal tests/golden/transcripts/<name>.txt
byte for byte. Regenerating is an explicit step:

    K8SJOBS_UPDATE_GOLDEN=1 python -m pytest tests/kubectl/test_transcripts.py

Normal runs only compare. Beside each golden, a test checks the lines the
original (notes or kubernetes.io page) printed, so a regenerated golden cannot
drift from the source unnoticed.
"""
import os
from pathlib import Path

import pytest

from k8sjobs_edu import Cluster

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
TRANSCRIPTS = GOLDEN / "transcripts"
UPDATE = os.environ.get("K8SJOBS_UPDATE_GOLDEN") == "1"

NOTES_SUFFIXES = ["8wf4v", "vnvhm", "2ckql", "7f465", "g4blw", "5rgtm", "gbrx5", "nx9w9"]
# Start latencies that put the notes' pods at 0, 0, 34, 37, 69, 72, 105, 107.5 s (L02's calibration).
NOTES_LATENCIES = [3, 6, 4, 4, 5, 4.5, 4, 4]
PI_DIGITS_START = "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706"
PI_DIGITS_END = "8823537875937519577818577805321712268066130019278766111959092164201989"


def session(cluster: Cluster, steps: list[tuple[float, str]]) -> str:
    """Run each ``kubectl`` command at its virtual time; the terminal text of the whole session."""
    parts = []
    for t, command in steps:
        cluster.run(until=t)
        output = cluster.kubectl(command)
        if not output.endswith("\n"):
            output += "\n"  # jsonpath prints no final newline; the next prompt starts a new line
        parts.append(f"# t={t:g}s\n$ kubectl {command}\n{output}")
    return "".join(parts)


def check_golden(name: str, text: str) -> None:
    path = TRANSCRIPTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def output_of(text: str, command: str) -> str:
    """The output printed after ``$ kubectl COMMAND`` in a session text."""
    after = text.split(f"$ kubectl {command}\n", 1)[1]
    return after.split("\n# t=", 1)[0] + ("\n" if "\n# t=" in after else "")


@pytest.fixture(autouse=True)
def in_repository_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # the sessions apply data/*.yaml by relative path


# ---- the course notes: paral-myjob ------------------------------------------------------------


NOTES_STEPS = [(0, "apply -f data/paral-myjob.yaml"), (4, "get job"), (134.5, "get pod")]


@pytest.mark.parametrize("version, golden", [("1.29", "notes_paral_myjob_1.29.txt"),
                                             ("1.34", "notes_paral_myjob_1.34.txt")])
def test_course_notes_paral_myjob_session(version, golden):
    cluster = Cluster(seed=0, kubectl_version=version, start_latency=list(NOTES_LATENCIES),
                      pod_name_suffixes=list(NOTES_SUFFIXES))
    check_golden(golden, session(cluster, NOTES_STEPS))


def test_course_notes_get_job_right_after_apply_is_the_notes_line():
    cluster = Cluster(seed=0, kubectl_version="1.29", start_latency=list(NOTES_LATENCIES),
                      pod_name_suffixes=list(NOTES_SUFFIXES))
    text = session(cluster, NOTES_STEPS)
    assert output_of(text, "get job") == (GOLDEN / "notes_get_job_1.29.txt").read_text(encoding="utf-8")


def test_course_notes_get_pod_rows_are_the_notes_rows():
    cluster = Cluster(seed=0, kubectl_version="1.29", start_latency=list(NOTES_LATENCIES),
                      pod_name_suffixes=list(NOTES_SUFFIXES))
    text = session(cluster, NOTES_STEPS)
    # The notes' NAME column is 28 wide because their namespace held one more, longer-named pod
    # (see test_views); kubectl pads these eight names to 17 + 3. Every other byte is the notes'.
    notes = (GOLDEN / "notes_get_pods.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    assert output_of(text, "get pod") == "".join(line[:20] + line[28:] for line in notes)


def test_course_notes_1_34_layout_shows_the_running_status():
    cluster = Cluster(seed=0, start_latency=list(NOTES_LATENCIES), pod_name_suffixes=list(NOTES_SUFFIXES))
    text = session(cluster, NOTES_STEPS)
    assert output_of(text, "get job") == (
        "NAME          STATUS    COMPLETIONS   DURATION   AGE\n"
        "paral-myjob   Running   0/8           4s         4s\n")


# ---- the docs: pi ("Running an example Job") ----------------------------------------------------


# A 54 s image pull plus perl's 10 s and one batched sync: Duration 65s, as on the page.
# The page's events read 14m (older capture); the describe is taken at t = 845 s.
PI_STEPS = [
    (0, "apply -f data/pi.yaml"),
    (845, "get job"),
    (845, "describe job pi"),
    (845, "get pods --selector=batch.kubernetes.io/job-name=pi --output=jsonpath='{.items[*].metadata.name}'"),
    (845, "logs job/pi"),
]


def pi_docs_cluster() -> Cluster:
    return Cluster(seed=0, start_latency=54, pod_name_suffixes=["5rwd7"])


def test_docs_pi_session():
    check_golden("docs_pi.txt", session(pi_docs_cluster(), PI_STEPS))


def test_docs_pi_describe_is_the_pages_describe_in_the_1_34_layout():
    cluster = pi_docs_cluster()
    text = session(cluster, PI_STEPS)
    docs_uid = "c9948307-e56d-4b5d-8302-ae2d7b7da67c"  # the page's uid; ours comes from the seed
    describe = output_of(text, "describe job pi").replace(cluster.get_job("pi").uid, docs_uid)
    assert describe == (GOLDEN / "describe_pi_docs_1.34.txt").read_text(encoding="utf-8")


def test_docs_pi_logs_are_the_pages_2000_digits():
    text = session(pi_docs_cluster(), PI_STEPS)
    assert output_of(text, "get job").splitlines()[1].split()[1:4] == ["Complete", "1/1", "65s"]
    assert output_of(text, "get pods --selector=batch.kubernetes.io/job-name=pi "
                           "--output=jsonpath='{.items[*].metadata.name}'") == "pi-5rwd7\n"
    digits = output_of(text, "logs job/pi")
    assert digits.startswith(PI_DIGITS_START)
    assert PI_DIGITS_END in digits
    assert digits.endswith("3904780275901\n") and len(digits) == len("3.") + 1999 + len("\n")


# ---- the docs: indexed-job ----------------------------------------------------------------------


INDEXED_SUFFIXES = ["njkjj", "9kd4h", "qjwsz", "fdhq5", "ncslj"]  # the page's pod names, in creation order
INDEXED_STEPS = [(0, "apply -f data/indexed-job.yaml"), (4, "describe jobs/indexed-job"),
                 (10, "logs indexed-job-3-fdhq5"), (10, "get pods")]


def indexed_session() -> str:
    return session(Cluster(seed=0, pod_name_suffixes=list(INDEXED_SUFFIXES)), INDEXED_STEPS)


def test_docs_indexed_job_session():
    check_golden("docs_indexed_job.txt", indexed_session())


def test_docs_indexed_job_describe_shows_the_pages_moment():
    describe = output_of(indexed_session(), "describe jobs/indexed-job")
    # The page (older kubectl) printed "2 Running / 3 Succeeded / 0 Failed": the two new pods are active.
    assert "Pods Statuses:      2 Active (0 Ready) / 3 Succeeded / 0 Failed\n" in describe
    assert "Completed Indexes:  0-2\n" in describe
    events = describe.split("Events:\n", 1)[1].splitlines()[2:]
    assert [line.split()[1:3] + line.split()[-1:] for line in events] == [
        ["SuccessfulCreate", "4s", "indexed-job-0-njkjj"], ["SuccessfulCreate", "4s", "indexed-job-1-9kd4h"],
        ["SuccessfulCreate", "4s", "indexed-job-2-qjwsz"], ["SuccessfulCreate", "1s", "indexed-job-3-fdhq5"],
        ["SuccessfulCreate", "1s", "indexed-job-4-ncslj"]]


def test_docs_indexed_job_logs_of_index_3_are_xuq():
    logs = output_of(indexed_session(), "logs indexed-job-3-fdhq5")
    assert logs.splitlines()[-1] == "xuq"


# ---- the docs: suspending a Job --------------------------------------------------------------------


def suspend_session() -> str:
    """myjob (a 60 s task) created running, suspended at t = 40, resumed at t = 720.

    ``describe`` at 723 gives the page's ages: 12m, 11m, 11m, 3s, 3s.
    """
    cluster = Cluster(seed=0, pod_name_suffixes=["hlrpl", "jvb44"])
    text = (ROOT / "data" / "suspended-job.yaml").read_text(encoding="utf-8").replace("suspend: true",
                                                                                      "suspend: false")
    cluster.apply(text)
    return session(cluster, [
        (40, """patch job/myjob --type=strategic --patch '{"spec":{"suspend":true}}'"""),
        (41, "get jobs/myjob"),
        (720, """patch job/myjob --type=strategic --patch '{"spec":{"suspend":false}}'"""),
        (723, "describe jobs/myjob"),
    ])


def test_docs_suspend_session():
    check_golden("docs_suspend.txt", suspend_session())


def test_docs_suspend_events_are_the_pages_events():
    events = output_of(suspend_session(), "describe jobs/myjob").split("Events:\n", 1)[1].splitlines()[2:]
    assert [line.split(None, 4)[1:] for line in events] == [
        ["SuccessfulCreate", "12m", "job-controller", "Created pod: myjob-hlrpl"],
        ["SuccessfulDelete", "11m", "job-controller", "Deleted pod: myjob-hlrpl"],
        ["Suspended", "11m", "job-controller", "Job suspended"],
        ["SuccessfulCreate", "3s", "job-controller", "Created pod: myjob-jvb44"],
        ["Resumed", "3s", "job-controller", "Job resumed"]]


# ---- kubectl create job (CKAD drill) -----------------------------------------------------------------


CREATE_STEPS = [
    (0, "create job pi --image=perl:5.34 -- perl -Mbignum=bpi -wle 'print bpi(2000)'"),
    (0, "wait --for=condition=complete --timeout=300s job/pi"),
    (13, "get jobs"),
    (13, "get pods"),
    (13, "logs job/pi"),
]


def test_kubectl_create_job_pi_session():
    text = session(Cluster(seed=0), CREATE_STEPS)
    check_golden("create_job_pi.txt", text)
    assert output_of(text, "logs job/pi").startswith(PI_DIGITS_START)
