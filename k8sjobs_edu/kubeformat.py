"""kubectl's small formats, shared by its printers: ages, dates, label selectors, JSON, YAML.

Times are virtual seconds. The API stores timestamps with whole seconds, so
object times are truncated before ages are computed; ``now`` is not.
"""
from __future__ import annotations

import json
import math
import re
from datetime import timedelta
from decimal import Decimal

from .duration import human_duration
from .model import EPOCH

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


def api_time(t: float) -> int:
    """A moment as the API stores it: whole seconds."""
    return math.floor(t)


def age(now: float, t: float) -> str:
    """translateTimestampSince: HumanDuration(now - timestamp)."""
    return human_duration(now - api_time(t))


def rfc1123z(t: float) -> str:
    """Go's time.RFC1123Z of ``EPOCH + t`` in UTC: ``Wed, 01 Jan 2025 00:00:04 +0000``."""
    moment = EPOCH + timedelta(seconds=api_time(t))
    return (f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
            f"{moment.year} {moment:%H:%M:%S} +0000")


# ---- quantities -----------------------------------------------------------------------

_SI_SUFFIXES = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_BINARY_SUFFIXES = {0: "", 1: "Ki", 2: "Mi", 3: "Gi", 4: "Ti", 5: "Pi", 6: "Ei"}


def quantity_amount(text) -> Decimal | None:
    """resource.ParseQuantity's amount (None where it fails), from kubectl_sort."""
    from .kubectl_sort import parse_quantity  # kubectl_sort's imports reach back here; imported late

    return parse_quantity(str(text))


def canonical_quantity(text: str) -> str:
    """resource.Quantity.String(): the API server's canonical form (``0.5`` → ``500m``, ``1024Mi`` → ``1Gi``).

    Mirrors CanonicalizeBytes: the suffix family of the input is kept
    (binary, SI or ``e`` exponent); a binary amount below 1024 or with a
    fraction is written in SI. Text that does not parse is returned as is.
    """
    amount = quantity_amount(text)
    if amount is None:
        return str(text)
    if not amount:
        return "0"
    suffix = re.fullmatch(r"[+-]?[0-9]*\.?[0-9]*(.*)", str(text)).group(1)
    binary = suffix in ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
    if binary and abs(amount) >= 1024 and amount == amount.to_integral_value():
        mantissa, power = int(amount), 0
        while mantissa % 1024 == 0:
            mantissa, power = mantissa // 1024, power + 1
        return f"{mantissa}{_BINARY_SUFFIXES[power]}"
    sign, digits, exponent = amount.normalize().as_tuple()
    mantissa = int("".join(map(str, digits))) * (-1 if sign else 1)
    shift = exponent % 3  # down to a multiple of three, as AsCanonicalBytes does
    mantissa, exponent = mantissa * 10**shift, exponent - shift
    if len(suffix) > 1 and suffix[0] in "eE":
        return f"{mantissa}e{exponent}" if exponent else str(mantissa)
    return f"{mantissa}{_SI_SUFFIXES[exponent]}"


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
    from .serialize import to_yaml as serialize_yaml  # written by another module; imported late

    return serialize_yaml(value)
