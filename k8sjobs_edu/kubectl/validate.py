"""``--validate``: how strictly the API server decodes what ``kubectl apply`` and ``create`` send.

kubectl sends the object with ``fieldValidation=Strict`` (the default, also
``--validate=true|strict``), ``Warn`` (``--validate=warn``) or ``Ignore``
(``--validate=false|ignore``): cmdutil.GetValidationDirective. With Strict an
unknown field such as ``spec.parallelims`` rejects the object; with Warn the
server drops it and kubectl prints ``Warning: unknown field
"spec.parallelims"``; with Ignore it is dropped silently. kubectl's own
client-side check (``kind not set``) runs with Strict only.

The manifest loader decodes strictly only, so here an unknown field comes back
as a ``ManifestError`` that names it; the field is removed and the object sent
again.
"""
from __future__ import annotations

import copy
import json
import re

from .common import KubectlError

STRICT, WARN, IGNORE = "Strict", "Warn", "Ignore"
_TRUE = ("1", "t", "T", "TRUE", "true", "True")  # Go's strconv.ParseBool
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def validation_directive(flags: dict) -> str:
    """GetValidationDirective: the ``fieldValidation`` kubectl sends for ``--validate``."""
    value = flags.get("validate", "strict")
    if value in _TRUE or value == "strict":
        return STRICT
    if value in _FALSE or value == "ignore":
        return IGNORE
    if value == "warn":
        return WARN
    raise KubectlError(f'error: invalid - validate option "{value}"; must be one of: strict (or true), warn, '
                       "ignore (or false)")


def send(write, document: dict, directive: str):
    """``write(document)`` (the cluster's apply or create) under ``directive``.

    Returns:
        The written Job and the unknown fields the server dropped (none with Strict).

    Raises:
        ValueError: what ``write`` raised, once no unknown field is left to drop.
    """
    dropped: list[str] = []
    while True:
        try:
            return write(document), dropped
        except ValueError as err:
            unknown = [e.field for e in getattr(err, "errors", None) or [] if getattr(e, "type", "") == "Unknown field"]
            if directive == STRICT or not unknown:
                raise
            document = copy.deepcopy(document) if not dropped else document
            if not all(drop_field(document, field) for field in unknown):
                raise
            dropped += unknown


def drop_field(document: dict, path: str) -> bool:
    """Remove the field at ``path`` (``spec.template.spec.containers[0].comand``); False when not there."""
    steps = re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)
    parent = document
    for number, (key, index) in enumerate(steps):
        last = number == len(steps) - 1
        if key and isinstance(parent, dict) and key in parent:
            if last:
                del parent[key]
                return True
            parent = parent[key]
        elif index and isinstance(parent, list) and int(index) < len(parent) and not last:
            parent = parent[int(index)]
        else:
            return False
    return False


def warnings_text(fields: list[str], directive: str) -> str:
    """What kubectl prints (on stderr) for the server's warnings about dropped fields."""
    if directive != WARN:
        return ""
    return "".join(f'Warning: unknown field "{field}"\n' for field in fields)


def undecodable_text(err: ValueError, file: str, name: str, document: dict) -> str | None:
    """Without client-side validation a missing kind or apiVersion fails later: in kubectl's decoder or mapper."""
    missing = {getattr(e, "field", "") for e in getattr(err, "errors", None) or []
               if getattr(e, "type", "") == "Required value"}
    if "kind" in missing:
        return f"error: unable to decode \"{file}\": Object 'Kind' is missing in '{_raw_json(document)}'"
    if "apiVersion" in missing:  # the unstructured decoder does not require it; the REST mapper then fails
        return (f'error: resource mapping not found for name: "{name}" namespace: "" from "{file}": '
                f'no matches for kind "{document.get("kind")}" in version ""\nensure CRDs are installed first')
    return None


def _raw_json(document: dict) -> str:
    """The document as kubectl's YAML-to-JSON conversion gives it: compact, keys sorted, HTML escaped."""
    text = json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text
