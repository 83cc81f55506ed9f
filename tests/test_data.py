"""The sample manifests: every file in data/ loads; every file in data/invalid/ fails as its comment says."""
from pathlib import Path

import pytest

from k8sjobs_edu.api.manifest import load_job, load_jobs
from k8sjobs_edu.api.validation.errors import ManifestError

DATA = Path(__file__).resolve().parent.parent / "data"
VALID = sorted(DATA.glob("*.yaml"))
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def test_there_are_samples():
    assert len(VALID) >= 15 and len(INVALID) >= 15


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_sample_loads(path):
    assert path.read_text().startswith("# ")  # each says what it shows and where it comes from
    assert len(load_jobs(path)) == 1


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_broken_sample_fails_as_announced(path):
    first_line = path.read_text().splitlines()[0]
    assert first_line.startswith("# expect: ")
    with pytest.raises(ManifestError) as caught:
        load_jobs(path)
    assert str(caught.value) == first_line.removeprefix("# expect: ")


def test_the_notes_paral_myjob(monkeypatch):
    monkeypatch.chdir(DATA.parent)
    job = load_job("data/paral-myjob.yaml")  # a string naming a file, relative to the project
    container = job.spec.template["spec"]["containers"][0]
    assert (job.name, job.spec.completions, job.spec.parallelism, job.spec.restart_policy) == (
        "paral-myjob", 8, 2, "OnFailure")
    assert (container["name"], container["image"], container["command"], container["args"]) == (
        "param", "ubuntu", ["/bin/sh"], ["-c", "sleep 30; date"])


def test_the_notes_typo_is_named():
    with pytest.raises(ManifestError) as caught:
        load_job(DATA / "invalid" / "paral-myjob-parallelims.yaml")
    assert [error.field for error in caught.value.errors] == ["spec.parallelims"]


def test_restart_policy_always_is_rejected_with_upstream_wording():
    with pytest.raises(ManifestError) as caught:
        load_job(DATA / "invalid" / "restart-policy-always.yaml")
    assert [str(error) for error in caught.value.errors] == [
        'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']


@pytest.mark.parametrize("name, expected", [
    ("pi.yaml", {"image": "perl:5.34.0", "backoff_limit": 4}),
    ("serial-job.yaml", {"completions": 5, "parallelism": 1}),
    ("non-parallel-job.yaml", {"ttl_seconds_after_finished": 3}),
    ("pi-with-ttl.yaml", {"ttl_seconds_after_finished": 100}),
    ("pi-with-timeout.yaml", {"active_deadline_seconds": 100, "backoff_limit": 5}),
    ("indexed-job.yaml", {"completion_mode": "Indexed", "completions": 5, "parallelism": 3}),
    ("job-wq-2.yaml", {"completions": None, "parallelism": 2}),
    ("suspended-job.yaml", {"suspend": True, "completions": 5, "parallelism": 1}),
    ("job-backoff-limit-per-index-example.yaml", {"backoff_limit_per_index": 1, "max_failed_indexes": 5}),
    ("job-success-policy.yaml", {"completions": 10, "parallelism": 10}),
])
def test_sample_settings(name, expected):
    job = load_job(DATA / name)
    actual = {key: getattr(job.spec, key) for key in expected if key != "image"}
    if "image" in expected:
        actual["image"] = job.spec.template["spec"]["containers"][0]["image"]
    assert actual == expected
