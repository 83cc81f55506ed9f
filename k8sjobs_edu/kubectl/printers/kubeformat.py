"""kubectl's small formats, shared by its printers: ages, dates, label selectors, JSON, YAML.

Times are virtual seconds. The API stores timestamps with whole seconds, so
object times are truncated before ages are computed; ``now`` is not.
"""
from __future__ import annotations

import json
from datetime import timedelta

from ...api.timestamps import EPOCH, api_time
from .duration import human_duration

LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"


def no_resources(namespace: str = "default") -> str:
    """kubectl get's message (on stderr) when a list comes back empty."""
    return f"No resources found in {namespace} namespace.\n"


def version_tuple(version: str) -> tuple[int, ...]:
    """``"v1.29.3"`` → ``(1, 29, 3)``, so versions compare numerically."""
    return tuple(int(part) for part in version.lstrip("v").split(".") if part.isdigit())


# ---- time -----------------------------------------------------------------------------

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def age(now: float, t: float) -> str:
    """translateTimestampSince: HumanDuration(now - timestamp)."""
    return human_duration(now - api_time(t))


def rfc1123z(t: float) -> str:
    """Go's time.RFC1123Z of ``EPOCH + t`` in UTC: ``Wed, 01 Jan 2025 00:00:04 +0000``."""
    moment = EPOCH + timedelta(seconds=api_time(t))
    return (f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
            f"{moment.year} {moment:%H:%M:%S} +0000")


# ---- label selectors ------------------------------------------------------------------


def format_label_selector(selector: dict | None) -> str:
    """metav1.FormatLabelSelector: requirements sorted by key; ``<none>`` when empty."""
    text = selector_string(selector)
    return text or "<none>"


def selector_string(selector: dict | None) -> str:
    """labels.Selector.String() of a LabelSelector (matchLabels and matchExpressions)."""
    if not selector:
        return ""
    requirements = [(key, f"{key}={value}") for key, value in (selector.get("matchLabels") or {}).items()]
    for expression in selector.get("matchExpressions") or []:
        key, operator = expression.get("key", ""), expression.get("operator", "")
        values = ",".join(sorted(expression.get("values") or []))
        text = {"In": f"{key} in ({values})", "NotIn": f"{key} notin ({values})",
                "Exists": key, "DoesNotExist": f"!{key}"}.get(operator, key)
        requirements.append((key, text))
    return ",".join(text for _, text in sorted(requirements, key=lambda r: r[0]))


# ---- -o yaml / -o json ----------------------------------------------------------------


def go_json(value, sort_keys: bool = True) -> str:
    """json.MarshalIndent(value, "", "    "), plus a newline.

    Maps of unstructured objects come out with sorted keys (typed objects
    keep their field order: ``sort_keys=False``); ``<``, ``>``, ``&`` are
    escaped as Go does.
    """
    text = json.dumps(value, indent=4, sort_keys=sort_keys, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text + "\n"


def as_list(items: list[dict]) -> dict:
    """The ``List`` kubectl prints for ``get -o yaml|json`` of several objects."""
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def to_yaml(value: dict) -> str:
    from ...api.go_yaml import to_yaml as serialize_yaml  # written by another module; imported late

    return serialize_yaml(value)
