"""Hostile, random and huge manifests: ``load_job`` returns a Job or raises ManifestError, nothing else.

Every FieldError must name a field that exists — in the input or in the Job's
OpenAPI schema — so a learner can find what to fix. Limits (size, alias
expansion) must refuse a document fast instead of hanging.
"""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from k8sjobs_edu.api.manifest import load_job, load_jobs
from k8sjobs_edu.api.schema import load_schema
from k8sjobs_edu.api.validation.errors import ManifestError
from k8sjobs_edu.api.yaml_input import MAX_EXPANDED_NODES, MAX_MANIFEST_BYTES
from strategies import HARDENING, REAL_JOBS, gentle_jobs, hang_guard, manifest_dicts, random_bytes, yaml_texts

# ---- does a field path exist? -------------------------------------------------------------

_INDEX = re.compile(r"\[(\d+)\]")


def _key_text(key) -> str:
    """A YAML key as the JSON kubectl sends names it."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def path_in_input(node, path: str) -> bool:
    """Whether ``path`` (``spec.template.spec.containers[0].name``, map keys as ``labels[key]``) is in ``node``."""
    path = path[1:] if path.startswith(".") else path
    if path == "":
        return True
    if isinstance(node, list):
        match = _INDEX.match(path)
        return bool(match) and int(match[1]) < len(node) and path_in_input(node[int(match[1])], path[match.end():])
    if not isinstance(node, dict):
        return False
    for key, child in node.items():
        name = _key_text(key)
        if path.startswith(f"[{name}]") and path_in_input(child, path[len(name) + 2:]):
            return True
        if path.startswith(name) and path[len(name):][:1] in ("", ".", "[") \
                and path_in_input(child, path[len(name):]):
            return True
    return False


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = load_schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def path_in_schema(node: dict, path: str) -> bool:
    """Whether ``path`` names a field the Job schema has (any map key and list index allowed)."""
    node = _resolve(node)
    if "anyOf" in node:
        return any(path_in_schema(branch, path) for branch in node["anyOf"])
    path = path[1:] if path.startswith(".") else path
    if path == "":
        return True
    if path.startswith("["):
        match = _INDEX.match(path)
        if "items" in node:
            return bool(match) and path_in_schema(node["items"], path[match.end():])
        values = node.get("additionalProperties")
        if isinstance(values, dict):  # a map key may hold any character, "]" included
            ends = [i for i, char in enumerate(path) if char == "]"]
            return any(path_in_schema(values, path[end + 1:]) for end in ends)
        return False
    fields = dict(node.get("properties", {}))
    if "metadata" in fields:  # Go embeds ObjectMeta: upstream names "spec.template.labels"
        fields.update(_resolve(fields["metadata"]).get("properties", {}))
    for name, child in fields.items():
        if path.startswith(name) and path[len(name):][:1] in ("", ".", "["):
            if path_in_schema(child, path[len(name):]):
                return True
    return False


def assert_fields_exist(error: ManifestError, document) -> None:
    for problem in error.errors:
        assert path_in_input(document, problem.field) or path_in_schema(load_schema(), problem.field), \
            f"{problem.field!r} is neither in the input nor in the Job schema ({problem})"


@pytest.mark.parametrize("path, expected", [
    ("", True),
    ("spec.template.spec.containers[0].name", True),
    ("spec.template.spec.containers[1].nmae", False),
    ("spec.template.labels", True),  # Go paths skip the embedded ObjectMeta (ValidatePodTemplateSpec)
    ("spec.template.spec.containers[0].nmae", False),
    ("spec.parallelims", False),
    ("metadata.labels[batch.kubernetes.io/job-name]", True),
    ("spec.podFailurePolicy.rules[3].onExitCodes.values[0]", True),
])
def test_the_path_checker_knows_the_schema(path, expected):
    assert path_in_schema(load_schema(), path) is expected


@pytest.mark.parametrize("path, expected", [
    ("spec.parallelims", True),
    ("spec.parallelism", False),
    ("spec.template.spec.containers[0].command", True),
    ("spec.template.spec.containers[2]", False),
    ("metadata.labels[a.b/c]", True),
    ("spec.5", True),
])
def test_the_path_checker_knows_the_input(path, expected):
    document = {"spec": {"parallelims": 2, 5: "x", "template": {"spec": {"containers": [{"command": ["sh"]}]}}},
                "metadata": {"labels": {"a.b/c": "x"}}}
    assert path_in_input(document, path) is expected


# ---- generated manifests ----------------------------------------------------------------

def load_or_refuse(source, document=None):
    """``load_job(source)``: a Job that survives the round trip through its YAML, or None after
    checking that the ManifestError names real fields.

    ``document``: what the source holds as parsed data (for text), to look the fields up in.
    """
    try:
        job = load_job(source)
    except ManifestError as error:
        assert error.errors, "a ManifestError lists at least one FieldError"
        assert_fields_exist(error, source if document is None else document)
        return None
    assert load_job(job.to_yaml()) == job, f"the YAML of {job.name} loads back different"
    return job


@HARDENING
@given(document=manifest_dicts)
def test_a_generated_dict_loads_or_is_refused_naming_real_fields(document):
    load_or_refuse(document)


@HARDENING
@given(document=gentle_jobs())
def test_a_job_that_loads_survives_the_round_trip_through_its_yaml(document):
    job = load_or_refuse(document)
    if job is not None:
        assert load_job(job.to_yaml()).to_yaml() == job.to_yaml()


def _parsed(text: str):
    """What YAML text holds, to look error fields up in (None when it does not parse)."""
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):
        return None


@HARDENING
@given(text=yaml_texts)
def test_random_yaml_text_loads_or_is_refused(text):
    load_or_refuse(text, _parsed(text))


@HARDENING
@given(data=random_bytes)
def test_random_bytes_load_or_are_refused_decoded_or_not(data):
    for source in (data, data.decode("latin-1"), data.decode("utf-8", errors="replace")):
        text = source.decode("utf-8", errors="replace") if isinstance(source, bytes) else source
        load_or_refuse(source, _parsed(text))
        try:
            load_jobs(source)
        except ManifestError:
            pass


@pytest.mark.parametrize("text", [
    "\x1f",  # a control character: the YAML reader refuses it
    "apiVersion: batch/v1\nkind: Job\x00\n",
    "\ufffe",
])
def test_unprintable_characters_are_a_manifest_error(text):
    with pytest.raises(ManifestError) as caught:
        load_job(text)
    assert caught.value.errors[0].type == "Syntax error"


@pytest.mark.parametrize("document", REAL_JOBS, ids=lambda d: d["metadata"]["name"])
def test_every_documented_job_survives_the_round_trip(document):
    job = load_job(document)
    assert load_job(job.to_yaml()) == job


# ---- limits: refused fast, never a hang ----------------------------------------------------------

def alias_bomb(levels: int = 9) -> str:
    """The billion laughs: 10 ** levels strings from a few hundred bytes."""
    lines = ["apiVersion: batch/v1", "kind: Job", "metadata: {name: bomb}",
             'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def many_nodes(count: int) -> str:
    """A Job whose command is ``count`` words long: under the byte limit, over the node limit."""
    return ("apiVersion: batch/v1\nkind: Job\nmetadata: {name: big}\nspec:\n  template:\n    spec:\n"
            "      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n"
            "        command: [" + ", ".join(["sleep"] * count) + "]\n")


LIMIT_CASES = {
    "an alias bomb": alias_bomb(),
    "a self-referencing alias": "a: &a [*a]\n",
    "a document over 1 MiB": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: big\n  annotations:\n    a: '"
                             + "x" * (MAX_MANIFEST_BYTES + 1) + "'\n",
    "a document nested 5,000 levels deep": "[" * 5000 + "]" * 5000,
    "a document over the node limit": many_nodes(MAX_EXPANDED_NODES + 40_000),
}


@pytest.mark.parametrize("text", LIMIT_CASES.values(), ids=LIMIT_CASES.keys())
def test_a_document_over_a_limit_is_refused_within_a_second(text):
    with hang_guard(3) as elapsed:
        with pytest.raises(ManifestError) as caught:
            load_job(text)
    assert caught.value.errors[0].field == ""
    assert elapsed[0] < 1.0, f"refused only after {elapsed[0]:.1f} s"


def test_an_alias_bomb_file_is_refused_within_a_second(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb())
    with hang_guard(3) as elapsed:
        with pytest.raises(ManifestError, match="alias bomb"):
            load_job(path)
    assert elapsed[0] < 1.0


def test_a_file_over_the_byte_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_MANIFEST_BYTES + 1))
    with hang_guard(3) as elapsed:
        with pytest.raises(ManifestError, match="larger than 1048576 bytes"):
            load_job(path)
    assert elapsed[0] < 1.0


PI = next(document for document in REAL_JOBS if document["metadata"]["name"] == "pi")


@pytest.mark.parametrize("completions, parallelism", [(1000000000, 1), (2147483647, 2147483647)])
def test_huge_counts_load_instantly_without_allocating_pods(completions, parallelism):
    document = PI | {"spec": {**PI["spec"], "completions": completions, "parallelism": parallelism}}
    with hang_guard(3) as elapsed:
        job = load_job(document)
    assert (job.spec.completions, job.spec.parallelism) == (completions, parallelism)
    assert elapsed[0] < 1.0


@given(value=st.sampled_from([2**31, -2**31 - 1, 2**63, 10**30, -1, 1.5, "4", True, [], {}]))
@HARDENING
def test_an_out_of_range_count_is_refused_naming_the_field(value):
    document = PI | {"spec": {**PI["spec"], "completions": value}}
    with pytest.raises(ManifestError) as caught:
        load_job(document)
    assert [e.field for e in caught.value.errors][:1] == ["spec.completions"]
