"""How ``kubectl get`` prints objects: tables, ``-o name|yaml|json|jsonpath=``.

The table rows are the views' (``printJob``, ``printPod``); ``-A`` adds a
NAMESPACE column. The JSONPath here is the subset lessons use.
"""
from __future__ import annotations

import json
import re

from ..common import namespace_of
from . import views


def print_objects(cluster, kind: str, objects: list, named: bool, flags: dict) -> str:
    """``objects`` in the order given; ``named``: the command line named them (no List for one)."""
    output = flags.get("output", "")
    if output in ("yaml", "json") or output.startswith("jsonpath="):
        dicts = [o.to_dict() for o in objects]
        value = dicts[0] if named and len(dicts) == 1 else views.as_list(dicts)
        if output == "yaml":
            return views.to_yaml(value)
        if output == "json":
            return views.go_json(value)
        return jsonpath(output.removeprefix("jsonpath="), value)
    if output == "name":
        prefix = "job.batch" if kind == "jobs" else "pod"
        return "".join(f"{prefix}/{o.name}\n" for o in objects)
    if not objects:
        return "" if named else views.no_resources(namespace_of(flags))
    rows = table_rows(cluster, kind, objects, flags)
    if flags.get("no-headers"):
        rows = rows[1:]
    return views.format_rows(rows)


def table_rows(cluster, kind: str, objects: list, flags: dict, now: float | None = None) -> list[list[str]]:
    """Header and rows of the table; with ``-A`` a NAMESPACE column comes first."""
    now = cluster.now if now is None else now
    wide = flags.get("output") == "wide"
    if kind == "jobs":
        version = cluster.kubectl_version
        rows = [views.job_columns(wide=wide, kubectl_version=version)]
        rows += [views.job_row(j, now, wide=wide, kubectl_version=version) for j in objects]
    else:
        rows = [views.POD_WIDE_COLUMNS if wide else views.POD_COLUMNS]
        rows += [views.pod_row(p, now, wide=wide) for p in objects]
    if flags.get("all-namespaces"):
        rows = [["NAMESPACE"] + rows[0]] + [[o.namespace] + row for o, row in zip(objects, rows[1:])]
    return rows


def jsonpath_values(expression: str, value) -> list:
    """What a JSONPath expression such as ``.items[*].metadata.name`` finds in ``value`` (missing keys: none)."""
    results = [value]
    for key, index in re.findall(r"\.([^.\[\]]+)|\[(\*|\d+)\]", expression):
        next_results = []
        for item in results:
            if key and isinstance(item, dict) and key in item:
                next_results.append(item[key])
            elif index == "*" and isinstance(item, list):
                next_results.extend(item)
            elif index and index != "*" and isinstance(item, list) and int(index) < len(item):
                next_results.append(item[int(index)])
        results = next_results
    return results


def jsonpath(template: str, value) -> str:
    """A subset of kubectl's JSONPath: ``{.a.b}``, ``{.items[*].metadata.name}``, ``{.items[0].x}``."""
    def text(item) -> str:
        if isinstance(item, (dict, list)):
            return json.dumps(item, separators=(",", ":"), sort_keys=True)
        if isinstance(item, bool):
            return "true" if item else "false"
        return str(item)

    pieces = re.split(r"(\{[^}]*\})", template)
    out = []
    for piece in pieces:
        if piece.startswith("{") and piece.endswith("}"):
            out.append(" ".join(text(item) for item in jsonpath_values(piece[1:-1].strip(), value)))
        else:
            out.append(piece)
    return "".join(out)
