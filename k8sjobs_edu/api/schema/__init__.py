"""The Job's official OpenAPI schema, and the type check the API server's decoder does.

``job-batch-v1.json`` is the strict batch/v1 Job schema of Kubernetes 1.34 with
every definition it references (the pod template included), extracted by
``scripts/extract_schema.py``. ``check_types`` runs it with ``jsonschema`` and
words each problem as the API server does: unknown fields as strict decoding
errors (``unknown field "spec.parallelims"``), wrong types as Go's JSON
decoder (``json: cannot unmarshal string into Go struct field
JobSpec.spec.completions of type int32``), and a value that is no resource
quantity as ``resource.ParseQuantity`` does (``quantities must match ...``).
"""
from __future__ import annotations

import functools
import json
import math
import re
from decimal import Decimal
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from ..quantity import parse_quantity
from ..timestamps import parse_timestamp
from ..validation.errors import FieldError, ManifestError

SCHEMA_FILE = Path(__file__).with_name("job-batch-v1.json")
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
# resource.ErrFormatWrong, ErrSuffix and ErrNumeric (apimachinery/pkg/api/resource/quantity.go).
QUANTITY_FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
QUANTITY_BAD_SUFFIX = "unable to parse quantity's suffix"
QUANTITY_BAD_NUMBER = "unable to parse numeric part of quantity"
_QUANTITY_ERRORS = (QUANTITY_FORMAT_WRONG, QUANTITY_BAD_SUFFIX, QUANTITY_BAD_NUMBER)
# What parseQuantityString's scanner accepts: sign, digits, fraction, then the suffix.
_QUANTITY_SHAPE = re.compile(r"([+-]?[0-9]*(?:\.[0-9]*)?)([eEinumkKMGTP]*[-+]?[0-9]*)")
_KNOWN_SUFFIXES = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"}
_GO_INT_RANGES = {"int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1)}
# Fields whose Go type is a named string type rather than plain ``string``.
_NAMED_STRING_TYPES = {
    ("PodSpec", "restartPolicy"): "v1.RestartPolicy",
    ("PodSpec", "dnsPolicy"): "v1.DNSPolicy",
    ("Container", "imagePullPolicy"): "v1.PullPolicy",
    ("Container", "terminationMessagePolicy"): "v1.TerminationMessagePolicy",
    ("JobSpec", "completionMode"): "v1.CompletionMode",
    ("JobSpec", "podReplacementPolicy"): "v1.PodReplacementPolicy",
    ("PodFailurePolicyRule", "action"): "v1.PodFailurePolicyAction",
    ("PodFailurePolicyOnExitCodesRequirement", "operator"): "v1.PodFailurePolicyOnExitCodesOperator",
    ("PodFailurePolicyOnPodConditionsPattern", "type"): "v1.PodConditionType",
    ("PodFailurePolicyOnPodConditionsPattern", "status"): "v1.ConditionStatus",
    ("JobCondition", "type"): "v1.JobConditionType",
    ("JobCondition", "status"): "v1.ConditionStatus",
    ("ObjectMeta", "uid"): "types.UID",
}


@functools.lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text())


def _is_go_int(format_name: str):
    low, high = _GO_INT_RANGES[format_name]
    return lambda value: not isinstance(value, int) or isinstance(value, bool) or low <= value <= high


def _is_rfc3339(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parse_timestamp(value)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def type_checker() -> Draft202012Validator:
    """The validator, built once: the schema plus Go's integer ranges and time format."""
    formats = FormatChecker(formats=())
    formats.checks("int32")(_is_go_int("int32"))
    formats.checks("int64")(_is_go_int("int64"))
    formats.checks("date-time")(_is_rfc3339)
    return Draft202012Validator(load_schema(), format_checker=formats)


def check_types(document: dict) -> list[FieldError]:
    """Every unknown field, wrongly typed value and unparsable quantity of a Job manifest, in document order."""
    found = list(_quantity_errors(document, load_schema(), []))
    quantity_schema = load_schema()["$defs"][QUANTITY]
    for error in type_checker().iter_errors(document):
        path = list(error.absolute_path)
        if error.schema is quantity_schema:
            continue  # Quantity.UnmarshalJSON takes any JSON value: reported by _quantity_errors
        if error.validator == "additionalProperties":
            known = error.schema.get("properties", {})
            found += [(path + [name], _unknown_field(path + [name])) for name in error.instance if name not in known]
        elif error.validator in ("type", "format", "anyOf"):
            found.append((path, _wrong_type(path, error.instance, error.validator)))
    # kubectl sends JSON with sorted keys, so "document order" is sorted-path order.
    found.sort(key=lambda item: [(isinstance(step, str), step) for step in item[0]])
    return [field_error for _, field_error in found]


def decoding_error(errors: list[FieldError]) -> ManifestError:
    """The API server's 400 answer: the first bad quantity, or type error, or else every unknown field.

    Go's JSON decoder stops at an error from a type's own UnmarshalJSON
    (Quantity's), but only notes a type error and goes on.
    """
    prefix = 'Job in version "v1" cannot be handled as a Job: '
    type_errors = [error for error in errors if error.type == "Invalid type"]
    type_errors.sort(key=lambda error: error.detail not in _QUANTITY_ERRORS)  # stable: document order kept
    if type_errors:
        return ManifestError(prefix + str(type_errors[0]), errors)
    return ManifestError(prefix + "strict decoding error: " + ", ".join(str(e) for e in errors), errors)


def _dotted(path: list) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else ("." if text else "") + str(step)
    return text


def _unknown_field(path: list) -> FieldError:
    return FieldError(_dotted(path), "Unknown field", f'unknown field "{_dotted(path)}"')


def _resolve(node: dict) -> tuple[dict, str | None]:
    """Follow a ``$ref``; also return the definition's name (None for inline schemas)."""
    ref = node.get("$ref")
    if ref is None:
        return node, None
    name = ref.rsplit("/", 1)[-1]
    return load_schema()["$defs"][name], name


def _short(definition: str) -> str:
    """``io.k8s.api.core.v1.Container`` → ``v1.Container`` (Go's package.Type)."""
    return ".".join(definition.rsplit(".", 2)[-2:])


def _locate(path: list) -> tuple[str, list[str], dict]:
    """The Go struct holding the value at ``path``, the JSON fields leading there, and the value's schema.

    Go names only struct fields in its message: list indexes and map keys are
    skipped, and for a list item or map value the element's type is reported.
    """
    node, struct, fields = load_schema(), "Job", []
    for step in path:
        node, definition = _resolve(node)
        if isinstance(step, int):
            node = node.get("items", {})
        elif step in node.get("properties", {}):
            struct = definition.rsplit(".", 1)[-1] if definition else struct
            fields.append(step)
            node = node["properties"][step]
        else:
            node = node.get("additionalProperties") or {}
    return struct, fields, node


def _go_type(node: dict, struct: str, field: str | None) -> str:
    ref = node.get("$ref")
    if ref is not None:
        return _short(ref.rsplit("/", 1)[-1])
    types = [t for t in node.get("type", []) if t != "null"]
    kind = types[0] if types else "object"
    if kind == "integer":
        return node.get("format", "int")
    if kind == "number":
        return "float64"
    if kind == "boolean":
        return "bool"
    if kind == "string":
        return _NAMED_STRING_TYPES.get((struct, field), "string")
    if kind == "array":
        return "[]" + _go_type(node.get("items", {}), struct, field)
    values = node.get("additionalProperties")
    return "map[string]" + _go_type(values, struct, field) if isinstance(values, dict) else "map[string]interface {}"


def _json_kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _wrong_type(path: list, value, validator: str) -> FieldError:
    struct, fields, node = _locate(path)
    if validator == "format" and isinstance(value, str):  # metav1.Time parses RFC 3339
        detail = f'parsing time "{value}" as "2006-01-02T15:04:05Z07:00": cannot parse "{value}" as "2006"'
    else:
        go_type = _go_type(node, struct, fields[-1] if fields else None)
        kind = _json_kind(value)
        if kind == "number" and go_type in ("int32", "int64", "int"):
            kind = f"number {value}"  # Go quotes the number that does not fit (too big, or a fraction)
        detail = f"json: cannot unmarshal {kind} into Go struct field {struct}.{'.'.join(fields)} of type {go_type}"
    return FieldError(_dotted(path), "Invalid type", detail, value)


# ---- resource quantities ------------------------------------------------------------

def quantity_text(value) -> str:
    """The text ``Quantity.UnmarshalJSON`` parses: a string's content, trimmed, or the JSON literal.

    A number is written as Go's encoding/json writes the float64 kubectl's
    YAML-to-JSON conversion made of it (``0.25``, ``1e-07``).
    """
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value):
        if value and not 1e-6 <= abs(value) < 1e21:
            mantissa, _, exponent = repr(value).partition("e")
            return f"{mantissa}e{exponent[0]}{exponent[1:].lstrip('0').zfill(2)}"
        return format(Decimal(repr(value)), "f")
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    return str(value)


def quantity_error(text: str) -> str | None:
    """The error ``resource.ParseQuantity(text)`` returns, or None when it parses."""
    if text and parse_quantity(text) is not None:
        return None
    shape = _QUANTITY_SHAPE.fullmatch(text)
    if not text or shape is None:
        return QUANTITY_FORMAT_WRONG
    suffix = shape.group(2)
    exponent = re.fullmatch(r"[eE]([+-]?[0-9]+)", suffix)
    if suffix in _KNOWN_SUFFIXES or (exponent and -2**63 <= int(exponent.group(1)) < 2**63):
        return QUANTITY_BAD_NUMBER
    return QUANTITY_BAD_SUFFIX  # quantitySuffixer.interpret fails (an exponent must fit an int64)


def _quantity_errors(value, node: dict, path: list):
    """(path, FieldError) for each value the schema types as a Quantity that does not parse."""
    if value is None:
        return
    node, definition = _resolve(node)
    if definition == QUANTITY:
        detail = quantity_error(quantity_text(value))
        if detail is not None:
            yield path, FieldError(_dotted(path), "Invalid type", detail, value)
    elif isinstance(value, dict):
        known, others = node.get("properties", {}), node.get("additionalProperties")
        for key, item in value.items():
            child = known.get(key, others if isinstance(others, dict) else None)
            if child is not None:
                yield from _quantity_errors(item, child, path + [key])
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for index, item in enumerate(value):
            yield from _quantity_errors(item, node["items"], path + [index])
