"""``FieldError``, one problem with one field, and the Go syntax its values print in.

Mirrors upstream ``field.Error`` (k8s.io/apimachinery/pkg/util/validation/field)
and the ``%#v`` formatting Go gives a bad value, so that every message reads like
the API server's. ``ManifestError``, which gathers the field errors of a rejected
manifest, is in ``validation``.
"""
from __future__ import annotations


# ---- field errors ------------------------------------------------------------------

class GoValue:
    """A value already written in Go syntax (``%#v``), e.g. ``[]int32{19, 11}``."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        return isinstance(other, GoValue) and other.text == self.text


_OMIT = object()
_VALUELESS_TYPES = {"Required value", "Forbidden", "Too long", "Internal error"}


class FieldError:
    """One problem with one field, like upstream's ``field.Error``.

    ``str()`` gives Kubernetes' ``<field>: <Type>: <value>: <detail>``.
    Decoding problems (``"Unknown field"``, ``"Invalid type"``,
    ``"Syntax error"``) print the decoder's own sentence instead.
    """

    def __init__(self, field: str, type: str, detail: str = "", value=_OMIT):
        self.field = field
        self.type = type
        self.detail = detail
        self.value = None if value is _OMIT else value
        self._has_value = value is not _OMIT

    def body(self) -> str:
        """The message without the field path (upstream ``ErrorBody``)."""
        text = self.type
        if self._has_value and self.type not in _VALUELESS_TYPES:
            text += ": " + go_format(self.value)
        if self.detail:
            text += ": " + self.detail
        return text

    def __str__(self) -> str:
        if self.type == "Unknown field":
            return f'unknown field "{self.field}"'
        if self.type in ("Invalid type", "Syntax error"):
            return self.detail
        return f"{self.field}: {self.body()}" if self.field else self.body()

    def __repr__(self) -> str:
        return f"FieldError({str(self)!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, FieldError) and str(other) == str(self)

    def __hash__(self) -> int:
        return hash(str(self))


# ---- Go formatting ---------------------------------------------------------------

class ManifestError(ValueError):
    """A manifest the API server (or kubectl) would reject; ``.errors`` lists every problem."""

    def __init__(self, message: str, errors: list[FieldError]):
        super().__init__(message)
        self.message = message
        self.errors = list(errors)

    def __str__(self) -> str:
        return self.message


def aggregate(errors: list[FieldError]) -> str:
    """Upstream ``ErrorList.ToAggregate().Error()``: de-duplicated, ``[a, b]`` when several."""
    messages = list(dict.fromkeys(str(error) for error in errors))
    return messages[0] if len(messages) == 1 else "[" + ", ".join(messages) + "]"


def invalid_job(name: str, errors: list[FieldError]) -> ManifestError:
    """The API server's 422 response: ``Job.batch "pi" is invalid: ...``."""
    return ManifestError(f'Job.batch "{name}" is invalid: {aggregate(errors)}', errors)


def go_quote(text: str) -> str:
    """Go's ``%q`` for a string: double quotes, escapes for control characters."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def go_format(value) -> str:
    """How ``field.Error`` prints a bad value: numbers bare, strings quoted, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_quote(value)
    return repr(value) if isinstance(value, GoValue) else str(value)


def go_string_map(mapping: dict | None) -> GoValue:
    """``map[string]string{"a":"b"}`` (Go sorts map keys when printing)."""
    if mapping is None:
        return GoValue("map[string]string(nil)")
    pairs = ", ".join(f"{go_quote(k)}:{go_quote(str(v))}" for k, v in sorted(mapping.items()))
    return GoValue("map[string]string{" + pairs + "}")


def go_slice(go_type: str, items: list | None, render=str) -> str:
    if items is None:
        return f"[]{go_type}(nil)"
    return f"[]{go_type}{{" + ", ".join(render(item) for item in items) + "}"


class _Pointers:
    """Deterministic stand-ins for the heap addresses Go prints for pointers."""

    def __init__(self):
        self.next = 0xC000010000

    def __call__(self, go_type: str, value) -> str:
        if value is None:
            return f"(*{go_type})(nil)"
        self.next += 0x10
        return f"(*{go_type})({hex(self.next)})"


def go_label_selector(selector: dict) -> GoValue:
    """``v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`` as ``%#v`` prints it."""
    def requirement(req: dict) -> str:
        values = go_slice("string", req.get("values"), lambda v: go_quote(str(v)))
        return (f"v1.LabelSelectorRequirement{{Key:{go_quote(req.get('key') or '')}, "
                f"Operator:{go_quote(req.get('operator') or '')}, Values:{values}}}")
    labels = go_string_map(selector.get("matchLabels"))
    expressions = go_slice("v1.LabelSelectorRequirement", selector.get("matchExpressions"),
                           lambda r: requirement(r or {}))
    return GoValue(f"v1.LabelSelector{{MatchLabels:{labels!r}, MatchExpressions:{expressions}}}")


def go_success_policy(policy: dict) -> GoValue:
    pointer = _Pointers()
    rules = go_slice("batch.SuccessPolicyRule", policy.get("rules"), lambda r: (
        f"batch.SuccessPolicyRule{{SucceededIndexes:{pointer('string', (r or {}).get('succeededIndexes'))}, "
        f"SucceededCount:{pointer('int32', (r or {}).get('succeededCount'))}}}"))
    return GoValue(f"batch.SuccessPolicy{{Rules:{rules}}}")


def go_pod_failure_policy(policy: dict) -> GoValue:
    pointer = _Pointers()

    def rule(r: dict) -> str:
        patterns = go_slice("batch.PodFailurePolicyOnPodConditionsPattern", r.get("onPodConditions"), lambda p: (
            f"batch.PodFailurePolicyOnPodConditionsPattern{{Type:{go_quote((p or {}).get('type') or '')}, "
            f"Status:{go_quote((p or {}).get('status') or '')}}}"))
        return (f"batch.PodFailurePolicyRule{{Action:{go_quote(r.get('action') or '')}, "
                f"OnExitCodes:{pointer('batch.PodFailurePolicyOnExitCodesRequirement', r.get('onExitCodes'))}, "
                f"OnPodConditions:{patterns}}}")
    rules = go_slice("batch.PodFailurePolicyRule", policy.get("rules"), lambda r: rule(r or {}))
    return GoValue(f"batch.PodFailurePolicy{{Rules:{rules}}}")
