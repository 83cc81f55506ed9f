"""``kubectl get --sort-by=<JSONPath>``: kubectl's sorter (staging/src/k8s.io/kubectl/pkg/cmd/get/sorter.go).

The field is read from each object as JSON (``.metadata.creationTimestamp``
is the string ``"2025-01-01T00:00:34Z"``). Strings that are both resource
quantities (``"500m"``, ``"2Gi"``) compare by amount, other strings in
natural order (``pod-9`` before ``pod-10``), numbers by value; an object
without the field sorts first. The sort is Go's ``sort.Sort``, not stable.
"""
from __future__ import annotations

import re

from ...api.quantity import parse_quantity
from ..common import KubectlError
from .gosort import go_sort
from .output import jsonpath_values

# Go's $ is the end of the text; Python's would also match before a final newline.
_RELAXED = re.compile(r"^\{\.?([^{}]+)\}\Z|^\.?([^{}]+)\Z")
_DIGITS = b"0123456789"


def relaxed_jsonpath(expression: str) -> str:
    """RelaxedJSONPathExpression: ``.a.b``, ``a.b``, ``{a.b}`` and ``{.a.b}`` all mean ``{.a.b}``."""
    match = _RELAXED.match(expression)
    if not expression or match is None:
        return expression  # kubectl then hands the text to the JSONPath parser as it is
    return "{." + (match.group(1) or match.group(2)) + "}"


def sort_objects(objects: list, sort_by: str, *, table: bool, names: int | None = None) -> list:
    """The objects in the order ``kubectl get --sort-by`` prints them.

    Args:
        objects: in the API's order.
        sort_by: the flag's value.
        table: the default output or ``-o wide``, which kubectl gets as one
            server-side Table; SortingPrinter sorts its rows only when there
            are two or more. When no row has the field kubectl drops the
            error and prints no rows at all (kubernetes/kubectl#1343): the
            result is then empty, and the caller says "No resources found".
        names: how many names the command line gave. Other outputs sort the
            List of objects (RuntimeSort), checking the field even for one
            object, but print a single named object alone, unsorted. None:
            not known, so one object counts as named.
    """
    if table and len(objects) < 2:
        return list(objects)  # SortingPrinter leaves a Table of one row alone
    single_item = names == 1 if names is not None else len(objects) == 1
    if not table and (not objects or single_item):
        return list(objects)
    field = relaxed_jsonpath(sort_by)
    expression = field[1:-1].strip() if field.startswith("{") and field.endswith("}") else field
    keyed = [(jsonpath_values(expression, obj.to_dict())[:1], obj) for obj in objects]
    if not any(values for values, _ in keyed):
        if table:
            return []
        raise KubectlError(f'error: couldn\'t find any field with path "{field}" in the list of objects')

    def less(x, y) -> bool:  # RuntimeSort.Less / TableSorter.Less: a missing field is less, even than another
        if not x[0]:
            return True
        if not y[0]:
            return False
        return value_less(x[0][0], y[0][0], field, table=table)

    go_sort(keyed, less)
    return [obj for _, obj in keyed]


def value_less(a, b, field: str = "", *, table: bool = True) -> bool:
    """isLess for two values of an object read as JSON (Go's ``interface{}`` case).

    Values it cannot order end kubectl with the message of TableSorter.Less,
    or with RuntimeSort.Less's when ``table`` is false.
    """
    if a is None or b is None:
        return a is None and b is not None
    kinds = (_go_type(a), _go_type(b))
    if kinds[0] not in ("int64", "float64", "string"):
        raise _unsortable(field, table, f"unsortable type: {kinds[0]}")
    if kinds[0] != kinds[1]:
        raise _unsortable(field, table, "unsortable interface: interface")
    if kinds[0] != "string":
        return a < b
    amounts = parse_quantity(a), parse_quantity(b)
    if amounts[0] is not None and amounts[1] is not None:
        return amounts[0] < amounts[1]
    return natural_less(a, b)


def _go_type(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    return "map[string]interface {}" if isinstance(value, dict) else "[]interface {}"


def _unsortable(field: str, table: bool, reason: str) -> KubectlError:
    # kubectl exits through klog.Exitf here; its log header (time, pid) is left out. The %T printed is of
    # TableSorter's parsed rows, or of the object RuntimeSort compares.
    holder = "[][][]reflect.Value" if table else "*unstructured.Unstructured"
    return KubectlError(f"Field {field} in {holder} is an unsortable type: interface, err: {reason}")


def natural_less(a: str, b: str) -> bool:
    """sortorder.NaturalLess (github.com/fvbommel/sortorder): digit runs compare as numbers."""
    x, y = a.encode(), b.encode()  # Go walks the UTF-8 bytes
    i = j = 0
    while i < len(x) and j < len(y):
        digit_x, digit_y = x[i] in _DIGITS, y[j] in _DIGITS
        if digit_x != digit_y:
            return digit_x  # digits sort before other characters
        if not digit_x:
            if x[i] != y[j]:
                return x[i] < y[j]
            i, j = i + 1, j + 1
            continue
        while i < len(x) and x[i] == ord("0"):
            i += 1
        while j < len(y) and y[j] == ord("0"):
            j += 1
        start_x, start_y = i, j
        while i < len(x) and x[i] in _DIGITS:
            i += 1
        while j < len(y) and y[j] in _DIGITS:
            j += 1
        if i - start_x != j - start_y:
            return i - start_x < j - start_y  # a shorter number is smaller
        if x[start_x:i] != y[start_y:j]:
            return x[start_x:i] < y[start_y:j]
        if start_x != start_y:
            return start_x < start_y  # fewer leading zeros first
    return len(x) < len(y)
