"""``kubectl get --sort-by=<JSONPath>``: kubectl's sorter (staging/src/k8s.io/kubectl/pkg/cmd/get/sorter.go).

The field is read from each object as JSON (``.metadata.creationTimestamp``
is the string ``"2025-01-01T00:00:34Z"``). Strings that are both resource
quantities (``"500m"``, ``"2Gi"``) compare by amount, other strings in
natural order (``pod-9`` before ``pod-10``), numbers by value; an object
without the field sorts first. The sort is Go's ``sort.Sort``, not stable.
"""
from __future__ import annotations

import re
from decimal import ROUND_UP, Decimal, localcontext

from .gosort import go_sort
from .kubectl_common import KubectlError
from .kubectl_print import jsonpath_values

# Go's $ is the end of the text; Python's would also match before a final newline.
_RELAXED = re.compile(r"^\{\.?([^{}]+)\}\Z|^\.?([^{}]+)\Z")
_DIGITS = b"0123456789"
_SUFFIX_LETTERS = b"eEinumkKMGTP"
_DECIMAL_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_MAX_AMOUNT = Decimal(2**63 - 1)  # resource.maxAllowed
_NANO = Decimal("1e-9")


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


def parse_quantity(text: str) -> Decimal | None:
    """resource.ParseQuantity's amount, or None where it returns an error.

    Exact on Go's int64 fast path; where it leaves that path (more than 18
    digits, a fraction below a nano, binary suffixes that overflow), the
    amount is rounded up to a nano and capped at 2^63-1, as Go does: "0.1n"
    equals "0.2n" there.
    """
    parts = _quantity_parts(text.encode())
    if not text or parts is None:
        return None
    positive, value, num, denom, suffix = parts
    if suffix in _DECIMAL_SUFFIXES:
        base, exponent = 10, _DECIMAL_SUFFIXES[suffix]
    elif suffix in _BINARY_SUFFIXES:
        base, exponent = 2, _BINARY_SUFFIXES[suffix]
    elif len(suffix) > 1 and suffix[0] in "eE" and re.fullmatch(r"[+-]?[0-9]+", suffix[1:]):
        parsed = int(suffix[1:])
        if not -(2**63) <= parsed < 2**63:
            return None  # strconv.ParseInt fails
        base, exponent = 10, (parsed + 2**31) % 2**32 - 2**31  # Go keeps it as an int32
    else:
        return None
    if base == 10:
        scale, mantissa, precision = exponent - len(denom), 1, 18 - len(num) - len(denom)
    else:
        scale, mantissa = -len(denom), 2**exponent
        precision = 15 - len(num) - exponent * 3 // 10 - 1 if not denom else -1
    if precision >= 0 and scale >= -9 and int(num + denom) * mantissa < 2**63:  # the int64 fast path
        amount = _times_ten_to(Decimal(int(num + denom) * mantissa), scale)
        return amount if positive else -amount
    if not any(character in _DIGITS for character in value.encode()):
        return None  # inf.Dec's SetString reads no digits
    amount = abs(Decimal(value))
    with localcontext() as context:
        context.prec = 200
        amount = _times_ten_to(amount, exponent) if base == 10 else amount * 2**exponent
        if amount > _MAX_AMOUNT:
            amount = _MAX_AMOUNT
        elif amount:
            amount = amount.quantize(_NANO, rounding=ROUND_UP)
    return amount if positive else -amount


def _quantity_parts(text: bytes) -> tuple[bool, str, str, str, str] | None:
    """parseQuantityString, byte by byte: (positive, value, numerator, denominator, suffix), None if malformed."""
    positive, position, end = True, 0, len(text)
    if end and text[0] in b"+-":
        positive, position = text[0] != ord("-"), 1
    while position < end and text[position] == ord("0"):  # leading zeros
        position += 1
    if position == end:
        return positive, "0", "0", "", ""
    start = position
    while position < end and text[position] in _DIGITS:
        position += 1
    num = text[start:position].decode() or "0"
    if position == end:
        return positive, text.decode(), num, "", ""
    denom = ""
    if text[position] == ord("."):
        start = position = position + 1
        while position < end and text[position] in _DIGITS:
            position += 1
        denom = text[start:position].decode()
        if position == end:
            return positive, text.decode(), num, denom, ""
    value, start = text[:position].decode(), position
    while position < end and text[position] in _SUFFIX_LETTERS:
        position += 1
    if position < end and text[position] in b"+-":
        position += 1
    while position < end and text[position] in _DIGITS:
        position += 1
    if position < end:
        return None  # ErrFormatWrong
    return positive, value, num, denom, text[start:].decode()


def _times_ten_to(amount: Decimal, power: int) -> Decimal:
    """``amount`` times 10**power, exactly, however large ``power`` is."""
    sign, digits, exponent = amount.as_tuple()
    return Decimal((sign, digits, exponent + power))


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
