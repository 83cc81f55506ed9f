"""Names, labels, annotations and label selectors: the generic rules a Job meets.

Mirrors ``k8s.io/apimachinery/pkg/util/validation`` (DNS-1123 labels and
subdomains, qualified names, label values), ``ValidateLabels``,
``ValidateAnnotations`` and ``ValidateLabelSelector``, word for word, plus a few
small shared rules (non-negative, supported values) and ``selector_matches``:
whether a selector selects a set of labels.
"""
from __future__ import annotations

import re

from .errors import FieldError, go_quote

TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024


# ---- names and labels (apimachinery/pkg/util/validation) ------------------------

_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN_FMT = _LABEL_FMT + "(\\." + _LABEL_FMT + ")*"
_QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE_FMT = "(" + _QUALIFIED_NAME_FMT + ")?"
_HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"
_QUALIFIED_NAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', "
                       "and must start and end with an alphanumeric character")


def _full(pattern: str):
    return re.compile(pattern + r"\Z")


_LABEL_RE, _SUBDOMAIN_RE = _full(_LABEL_FMT), _full(_SUBDOMAIN_FMT)
_QUALIFIED_NAME_RE, _LABEL_VALUE_RE = _full(_QUALIFIED_NAME_FMT), _full(_LABEL_VALUE_FMT)
_HTTP_PATH_RE = _full(_HTTP_PATH_FMT)


def max_len_error(length: int) -> str:
    return f"must be no more than {length} bytes"


def regex_error(message: str, pattern: str, *examples: str) -> str:
    """Upstream ``RegexError`` (including its double space before ``or``)."""
    if not examples:
        return f"{message} (regex used for validation is '{pattern}')"
    listed = " or ".join(f"'{example}', " for example in examples)
    return f"{message} (e.g. {listed}regex used for validation is '{pattern}')"


def nbytes(text: str) -> int:
    """A string's length as Go counts it: UTF-8 bytes."""
    return len(text.encode())


def dns1123_label_errors(value: str) -> list[str]:
    errors = [max_len_error(63)] if nbytes(value) > 63 else []
    if not _LABEL_RE.match(value):
        if _SUBDOMAIN_RE.match(value):
            errors.append("must not contain dots")
        else:
            errors.append(regex_error(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                "and must start and end with an alphanumeric character", _LABEL_FMT, "my-name", "123-abc"))
    return errors


def dns1123_subdomain_errors(value: str) -> list[str]:
    errors = [max_len_error(253)] if nbytes(value) > 253 else []
    if not _SUBDOMAIN_RE.match(value):
        errors.append(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
            "and must start and end with an alphanumeric character", _SUBDOMAIN_FMT, "example.com"))
    return errors


def qualified_name_errors(value: str) -> list[str]:
    errors = []
    parts = value.split("/")
    if len(parts) > 2:
        return ["a qualified name " + regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME_FMT, "MyName", "my.name",
                                                  "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    name = parts[-1]
    if len(parts) == 2:
        if not parts[0]:
            errors.append("prefix part must be non-empty")
        else:
            errors.extend("prefix part " + msg for msg in dns1123_subdomain_errors(parts[0]))
    if not name:
        errors.append("name part must be non-empty")
    elif nbytes(name) > 63:
        errors.append("name part " + max_len_error(63))
    if not _QUALIFIED_NAME_RE.match(name):
        errors.append("name part " + regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME_FMT, "MyName", "my.name",
                                                 "123-abc"))
    return errors


def label_value_errors(value: str) -> list[str]:
    errors = [max_len_error(63)] if nbytes(value) > 63 else []
    if not _LABEL_VALUE_RE.match(value):
        errors.append(regex_error("a valid label must be an empty string or consist of alphanumeric characters, "
                                  "'-', '_' or '.', and must start and end with an alphanumeric character",
                                  _LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errors


def validate_labels(labels: dict | None, path: str) -> list[FieldError]:
    errors = []
    for key, value in sorted((labels or {}).items()):  # Go iterates maps randomly; sorted is stable
        errors += [FieldError(path, "Invalid value", msg, key) for msg in qualified_name_errors(key)]
        errors += [FieldError(path, "Invalid value", msg, value or "") for msg in label_value_errors(value or "")]
    return errors


def validate_annotations(annotations: dict | None, path: str) -> list[FieldError]:
    errors, total = [], 0
    for key, value in sorted((annotations or {}).items()):
        errors += [FieldError(path, "Invalid value", msg, key) for msg in qualified_name_errors(key.lower())]
        total += nbytes(key) + nbytes(value or "")
    if total > TOTAL_ANNOTATION_SIZE_LIMIT:
        errors.append(FieldError(path, "Too long", f"may not be more than {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"))
    return errors


def nonnegative(value, path: str) -> list[FieldError]:
    if value is not None and value < 0:
        return [FieldError(path, "Invalid value", "must be greater than or equal to 0", value)]
    return []


def not_supported(path: str, value, supported: list[str]) -> FieldError:
    return FieldError(path, "Unsupported value", "supported values: " + ", ".join(go_quote(s) for s in supported),
                      value)


def domain_prefixed_path_errors(value: str, path: str) -> list[FieldError]:
    """Upstream ``IsDomainPrefixedPath`` (used for ``spec.managedBy``)."""
    if not value:
        return [FieldError(path, "Required value")]
    host, slash, rest = value.partition("/")
    if not slash or not host or not rest:
        return [FieldError(path, "Invalid value", 'must be a domain-prefixed path (such as "acme.io/foo")', value)]
    errors = [FieldError(path, "Invalid value", msg, host) for msg in dns1123_subdomain_errors(host)]
    if not _HTTP_PATH_RE.match(rest):
        errors.append(FieldError(path, "Invalid value", regex_error("Invalid path", _HTTP_PATH_FMT), rest))
    return errors


# ---- label selectors ---------------------------------------------------------------

def selector_errors(selector: dict, path: str) -> list[FieldError]:
    """Upstream ``ValidateLabelSelector``."""
    errors = validate_labels(selector.get("matchLabels"), path + ".matchLabels")
    for i, req in enumerate(selector.get("matchExpressions") or []):
        req, at = req or {}, f"{path}.matchExpressions[{i}]"
        operator, values = req.get("operator") or "", req.get("values") or []
        if operator in ("In", "NotIn"):
            if not values:
                errors.append(FieldError(at + ".values", "Required value",
                                         "must be specified when `operator` is 'In' or 'NotIn'"))
        elif operator in ("Exists", "DoesNotExist"):
            if values:
                errors.append(FieldError(at + ".values", "Forbidden",
                                         "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        else:
            errors.append(FieldError(at + ".operator", "Invalid value", "not a valid selector operator", operator))
        key = req.get("key") or ""
        errors += [FieldError(at + ".key", "Invalid value", msg, key) for msg in qualified_name_errors(key)]
        for j, value in enumerate(values):
            errors += [FieldError(f"{at}.values[{j}]", "Invalid value", msg, value or "")
                       for msg in label_value_errors(value or "")]
    return errors


def selector_matches(selector: dict, labels: dict) -> bool:
    """Whether a (valid) label selector selects a set of labels; an empty selector selects everything."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != (value or ""):
            return False
    for req in selector.get("matchExpressions") or []:
        key, operator, values = req.get("key") or "", req.get("operator"), req.get("values") or []
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def selector_is_valid(selector: dict) -> bool:
    """Whether upstream's ``LabelSelectorAsSelector`` would accept the selector."""
    return not selector_errors(selector, "")
