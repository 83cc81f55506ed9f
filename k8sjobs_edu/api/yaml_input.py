"""Manifest text in: a file, YAML text or a dict -> the JSON-like documents kubectl would send.

YAML is read with ``yaml.SafeLoader`` only (tags never build Python objects),
with limits on size, nesting and alias expansion so that no manifest can take
the host's memory or time; every refusal is a ``ManifestError``.
"""
from __future__ import annotations

import base64
import math
import os
import re
from datetime import date, datetime, timezone
from pathlib import Path

import yaml

from .validation.errors import FieldError, ManifestError

MAX_MANIFEST_BYTES = 1 << 20  # kubectl's own limit is larger; no Job manifest comes near this
MAX_EXPANDED_NODES = 100_000  # YAML nodes after expanding aliases
MAX_EXPANDED_CHARACTERS = 10 << 20  # scalar text after expanding aliases


def read_documents(source) -> list:
    """The non-empty documents of a source; a ``kind: List`` contributes its items."""
    if isinstance(source, dict):
        documents = [source]
    else:
        documents = _parse_yaml(_read_text(source))
    found = []
    for document in documents:
        if isinstance(document, dict) and document.get("kind") == "List" and document.get("apiVersion") == "v1":
            items = document.get("items")
            found.extend(item for item in (items if isinstance(items, list) else [items]) if item is not None)
        elif document is not None:  # kubectl skips empty documents
            found.append(document)
    if not found:
        raise refused("Required value", "no objects passed to apply")
    return found


def _read_text(source) -> str:
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _names_a_file(source)):
        path = Path(source)
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                raise _too_big()
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as problem:
            if not path.exists():
                raise refused("Not found", f'the path "{source}" does not exist') from None
            raise refused("Invalid value", f"cannot read {source}: {problem}") from None
    if isinstance(source, bytes):
        source = source.decode("utf-8", errors="replace")
    if not isinstance(source, str):
        raise refused("Invalid type", f"cannot read a manifest from a {type(source).__name__}: "
                                       "give a path, YAML text or a dict")
    return source


def _names_a_file(text: str) -> bool:
    return "\n" not in text and len(text) < 4096 and os.path.isfile(text)


def refused(error_type: str, detail: str) -> ManifestError:
    """A ManifestError about the source as a whole (no field to blame)."""
    return ManifestError(detail, [FieldError("", error_type, detail)])


def _too_big() -> ManifestError:
    return refused("Too long", f"the manifest is larger than {MAX_MANIFEST_BYTES} bytes; refusing to read it")


def _syntax_error(problem: yaml.YAMLError) -> ManifestError:
    mark = getattr(problem, "problem_mark", None) or getattr(problem, "context_mark", None)
    what = getattr(problem, "problem", None) or str(problem)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    detail = f"yaml: {where}{what}"
    return ManifestError(f"error converting YAML to JSON: {detail}", [FieldError("", "Syntax error", detail)])


def parse_yaml_documents(text: str) -> list:
    """The documents of a YAML stream with the loader's safety limits; ManifestError when refused."""
    return _parse_yaml(text)


def _parse_yaml(text: str) -> list:
    """Documents of a YAML stream, with ``yaml.SafeLoader`` only (tags never build Python objects).

    Each document is composed first and its size measured with aliases
    expanded, so an alias bomb is refused before anything is built.
    """
    if len(text.encode("utf-8", errors="replace")) > MAX_MANIFEST_BYTES:
        raise _too_big()
    _refuse_absurd_shapes(text)
    try:
        loader = yaml.SafeLoader(text)  # its reader already refuses unprintable characters
    except yaml.YAMLError as problem:
        raise _syntax_error(problem) from None
    documents = []
    try:
        while loader.check_node():
            node = loader.get_node()
            _measure(node, {}, set())
            documents.append(_construct(loader, node))
    except yaml.YAMLError as problem:
        raise _syntax_error(problem) from None
    except RecursionError:
        raise refused("Invalid value", "the manifest is nested too deeply") from None
    finally:
        loader.dispose()
    return documents


MAX_FLOW_DEPTH = 100  # Job manifests nest a dozen levels; PyYAML recurses once per level


def _refuse_absurd_shapes(text: str) -> None:
    """Cheap scans that refuse what PyYAML would take seconds to compose (it is pure Python here)."""
    # Every YAML node but the first needs a comma or a line break before it.
    if text.count(",") + text.count("\n") > MAX_EXPANDED_NODES:
        raise refused("Too long", f"the manifest has more than {MAX_EXPANDED_NODES} YAML nodes; refusing it")
    depth = 0
    for bracket in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        if depth > MAX_FLOW_DEPTH:
            raise refused("Invalid value", "the manifest is nested too deeply")


def _construct(loader: yaml.SafeLoader, node):
    """Build a document; a scalar Python cannot hold (a date like 2025-02-30, a 5000-digit int) is an error."""
    try:
        return loader.construct_document(node)
    except (ValueError, OverflowError) as problem:
        culprit = _unconvertible_scalar(loader, node) or node
        raise yaml.MarkedYAMLError(problem=f"cannot convert a value: {problem}", problem_mark=culprit.start_mark) \
            from None


def _unconvertible_scalar(loader: yaml.SafeLoader, root):
    """The first scalar node whose own constructor fails (to point at its line)."""
    todo = [root]
    while todo:
        node = todo.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.yaml_constructors[node.tag](loader, node)
            except (ValueError, OverflowError, KeyError):
                return node
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        else:
            todo.extend(n for pair in node.value for n in pair)
    return None


def _measure(node, sizes: dict, active: set) -> tuple[int, int]:
    """(nodes, characters) of ``node`` with aliases expanded; refuses cycles and bombs."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in active:
        raise refused("Invalid value", "the manifest refers to itself through a YAML alias")
    active.add(key)
    if isinstance(node, yaml.ScalarNode):
        nodes, characters = 1, len(node.value)
    else:
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        nodes, characters = 1, 0
        for child in children:
            child_nodes, child_characters = _measure(child, sizes, active)
            nodes, characters = nodes + child_nodes, characters + child_characters
            if nodes > MAX_EXPANDED_NODES or characters > MAX_EXPANDED_CHARACTERS:
                raise refused("Too long", f"the manifest expands to more than {MAX_EXPANDED_NODES} YAML nodes "
                                           f"or {MAX_EXPANDED_CHARACTERS} characters (an alias bomb?); refusing it")
    active.discard(key)
    sizes[key] = (nodes, characters)
    return sizes[key]


def json_like(value):
    """The value kubectl sends after converting YAML to JSON: string keys, no nulls in maps, plain types."""
    if isinstance(value, dict):
        return {_json_key(k): json_like(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [json_like(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return {_json_key(k): None for k in value}
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        # JSON has one number type: 8.0 arrives as 8, which an integer field accepts.
        return int(value) if math.isfinite(value) and value.is_integer() and abs(value) < 1e21 else value
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset().total_seconds() == 0:
            return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return str(value)


def _json_key(key) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key if isinstance(key, str) else str(json_like(key))
