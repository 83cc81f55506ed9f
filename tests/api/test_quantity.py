"""Resource quantities in a Job's pod template: decoded, stored and validated as the API server does.

Decoding is ``Quantity.UnmarshalJSON`` → ``ParseQuantity`` (apimachinery/pkg/api/resource/quantity.go),
the stored form ``Quantity.String()``, and validation ``validateResourceRequirements`` and
``validateVolumeSource`` (pkg/apis/core/validation/validation.go).
"""
import shutil
from pathlib import Path

import pytest
import yaml

from k8sjobs_edu import Cluster
from k8sjobs_edu.api.manifest import load_job
from k8sjobs_edu.api.schema import quantity_error, quantity_text
from k8sjobs_edu.api.validation.errors import ManifestError

DATA = Path(__file__).resolve().parents[2] / "data"
FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
DECODE = 'Job in version "v1" cannot be handled as a Job: '
CONTAINER = "spec.template.spec.containers[0]"

MANIFEST = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
        resources: {resources}
      volumes:
      - name: scratch
        emptyDir: {empty_dir}
"""


def manifest(resources: str = "{}", empty_dir: str = "{}") -> str:
    return MANIFEST.format(resources=resources, empty_dir=empty_dir)


def error_of(text: str) -> str:
    with pytest.raises(ManifestError) as caught:
        load_job(text)
    return str(caught.value)


@pytest.mark.parametrize("resources, stored", [
    pytest.param("{limits: {cpu: '0.5'}}", {"limits": {"cpu": "500m"}}, id="a string fraction is stored in millis"),
    pytest.param("{limits: {memory: 1024Mi}}", {"limits": {"memory": "1Gi"}}, id="1024Mi is stored as 1Gi"),
    pytest.param("{limits: {memory: 1.5Gi}}", {"limits": {"memory": "1536Mi"}},
                 id="a binary fraction moves down a suffix"),
    pytest.param("{limits: {cpu: 1}}", {"limits": {"cpu": "1"}}, id="a YAML number becomes a string"),
    pytest.param("{requests: {cpu: 0.25}}", {"requests": {"cpu": "250m"}}, id="a YAML float is stored in millis"),
    pytest.param("{requests: {cpu: 2000m}}", {"requests": {"cpu": "2"}}, id="whole millis are stored as cores"),
    pytest.param("{requests: {cpu: ' 100m '}}", {"requests": {"cpu": "100m"}},
                 id="spaces around a string are trimmed"),
    pytest.param("{limits: {cpu: 1e3}}", {"limits": {"cpu": "1e3"}}, id="an exponent keeps its form"),
    pytest.param("{limits: {cpu: 1, memory: 64Mi}, requests: {cpu: 500m, memory: 64Mi}}",
                 {"limits": {"cpu": "1", "memory": "64Mi"}, "requests": {"cpu": "500m", "memory": "64Mi"}},
                 id="a request below its limit is accepted"),
])
def test_quantities_are_stored_in_canonical_form(resources, stored):
    job = load_job(manifest(resources))
    assert job.spec.template["spec"]["containers"][0]["resources"] == stored


@pytest.mark.parametrize("size_limit, stored", [
    pytest.param("1024Mi", "1Gi", id="an emptyDir sizeLimit is canonical too"),
    pytest.param("0.5", "500m", id="an emptyDir sizeLimit of a fraction is stored in millis"),
])
def test_empty_dir_size_limit_is_stored_in_canonical_form(size_limit, stored):
    job = load_job(manifest(empty_dir=f"{{sizeLimit: '{size_limit}'}}"))
    assert job.spec.template["spec"]["volumes"][0]["emptyDir"] == {"sizeLimit": stored}


@pytest.mark.parametrize("resources, message", [
    pytest.param("{limits: {cpu: abc}}", FORMAT_WRONG, id="letters are no quantity (ErrFormatWrong)"),
    pytest.param("{limits: {memory: 1Gb}}", FORMAT_WRONG, id="a lowercase b is no suffix letter (ErrFormatWrong)"),
    pytest.param("{limits: {memory: 512mi}}", "unable to parse quantity's suffix",
                 id="mi is made of suffix letters but is no suffix (ErrSuffix)"),
    pytest.param("{limits: {cpu: true}}", FORMAT_WRONG, id="a boolean reaches ParseQuantity as the text true"),
    pytest.param("{limits: {cpu: ''}}", FORMAT_WRONG, id="an empty string is no quantity"),
    pytest.param("{requests: {cpu: [1]}}", FORMAT_WRONG, id="a list is no quantity, not a type error"),
    pytest.param("{limits: {cpu: abc}, requestz: {}}", FORMAT_WRONG,
                 id="a bad quantity is reported before an unknown field"),
])
def test_unparsable_quantities_fail_at_decode_time(resources, message):
    assert error_of(manifest(resources)) == DECODE + message


def test_a_bad_quantity_is_reported_before_a_type_error():
    # Go's decoder returns an UnmarshalJSON error at once, but only notes an UnmarshalTypeError.
    text = manifest("{limits: {cpu: abc}}").replace("restartPolicy: Never", "restartPolicy: Never\n      "
                                                                          "activeDeadlineSeconds: '5'")
    assert error_of(text) == DECODE + FORMAT_WRONG


def test_a_bad_empty_dir_size_limit_fails_at_decode_time():
    assert error_of(manifest(empty_dir="{sizeLimit: 1 Gi}")) == DECODE + FORMAT_WRONG


@pytest.mark.parametrize("resources, empty_dir, errors", [
    pytest.param("{limits: {cpu: -1}}", "{}",
                 [f'{CONTAINER}.resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0'],
                 id="a negative limit (ValidateNonnegativeQuantity)"),
    pytest.param("{requests: {memory: -0.5Gi}}", "{}",
                 [f'{CONTAINER}.resources.requests[memory]: Invalid value: "-512Mi": '
                  "must be greater than or equal to 0"],
                 id="a negative request shows its canonical value"),
    pytest.param("{limits: {cpu: 1}, requests: {cpu: 2}}", "{}",
                 [f'{CONTAINER}.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
                 id="a request above its limit"),
    pytest.param("{limits: {memory: 1Gi}, requests: {memory: 1025Mi}}", "{}",
                 [f'{CONTAINER}.resources.requests: Invalid value: "1025Mi": '
                  "must be less than or equal to memory limit of 1Gi"],
                 id="a request above its limit names the limit in canonical form"),
    pytest.param("{limits: {foo: 1}}", "{}",
                 [f'{CONTAINER}.resources.limits[foo]: Invalid value: "foo": '
                  "must be a standard resource type or fully qualified",
                  f'{CONTAINER}.resources.limits[foo]: Invalid value: "foo": '
                  "must be a standard resource for containers"],
                 id="a resource name without a domain must be a standard one"),
    pytest.param("{limits: {pods: 1}}", "{}",
                 [f'{CONTAINER}.resources.limits[pods]: Invalid value: "pods": '
                  "must be a standard resource for containers"],
                 id="pods is a standard resource but not a container's"),
    pytest.param("{limits: {example.com/gpu: 1}, requests: {example.com/gpu: 500m}}", "{}",
                 [f'{CONTAINER}.resources.requests: Invalid value: "500m": must be equal to example.com/gpu limit of 1'],
                 id="an extended resource may not be overcommitted"),
    pytest.param("{requests: {example.com/gpu: 1}}", "{}",
                 [f"{CONTAINER}.resources.limits: Required value: Limit must be set for non overcommitable resources"],
                 id="an extended resource needs a limit"),
    pytest.param("{}", "{sizeLimit: -1Gi}",
                 ["spec.template.spec.volumes[0].emptyDir.sizeLimit: Forbidden: "
                  "SizeLimit field must be a valid resource quantity"],
                 id="a negative emptyDir sizeLimit (validateVolumeSource)"),
])
def test_invalid_quantities_are_rejected_with_upstream_wording(resources, empty_dir, errors):
    with pytest.raises(ManifestError) as caught:
        load_job(manifest(resources, empty_dir))
    assert [str(error) for error in caught.value.errors] == errors


@pytest.mark.parametrize("value, text", [
    pytest.param(" 2Gi\n", "2Gi", id="a string is trimmed (strings.TrimSpace)"),
    pytest.param(0.25, "0.25", id="a float is written as encoding/json writes it"),
    pytest.param(0.00001, "0.00001", id="small floats are still positional down to 1e-6"),
    pytest.param(1e-7, "1e-07", id="below 1e-6 encoding/json uses an exponent"),
    pytest.param(3, "3", id="an integer"),
    pytest.param(False, "false", id="a boolean's JSON literal"),
])
def test_quantity_text_is_what_unmarshal_json_parses(value, text):
    assert quantity_text(value) == text


@pytest.mark.parametrize("text, error", [
    pytest.param("100m", None, id="a valid quantity has no error"),
    pytest.param("1e", "unable to parse quantity's suffix", id="a bare e is no exponent"),
    pytest.param("1e99999999999999999999", "unable to parse quantity's suffix",
                 id="an exponent beyond int64 fails strconv.ParseInt"),
    pytest.param("1.2.3", FORMAT_WRONG, id="two dots end the scan"),
])
def test_quantity_error_matches_parse_quantity(text, error):
    assert quantity_error(text) == error


def test_describe_and_get_see_the_stored_form():
    cluster = Cluster()
    cluster.apply(manifest("{limits: {cpu: '0.5', memory: 1024Mi}}"))
    stored = yaml.safe_load(cluster.kubectl("get job pi -o yaml"))
    assert stored["spec"]["template"]["spec"]["containers"][0]["resources"] == {
        "limits": {"cpu": "500m", "memory": "1Gi"}}
    assert "    Limits:\n      cpu:        500m\n      memory:     1Gi\n" in cluster.kubectl("describe job pi")


def test_kubectl_apply_prints_the_decode_error_as_kubectl_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "invalid" / "cpu-not-a-quantity.yaml", "job.yaml")
    assert Cluster().kubectl("apply -f job.yaml") == (
        'Error from server (BadRequest): error when creating "job.yaml": ' + DECODE + FORMAT_WRONG + "\n")
