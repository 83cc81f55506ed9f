"""Resource quantities (``500m``, ``2Gi``) as apimachinery's ``resource.Quantity`` reads and writes them.

``parse_quantity`` is ``ParseQuantity``'s amount; ``canonical_quantity`` is
``Quantity.String()``, the form the API server stores and kubectl prints.
"""
from __future__ import annotations

import re
from decimal import ROUND_UP, Decimal, localcontext

_DIGITS = b"0123456789"
_SUFFIX_LETTERS = b"eEinumkKMGTP"
_DECIMAL_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_SI_SUFFIXES = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_BINARY_SUFFIX_OF_POWER = {0: "", 1: "Ki", 2: "Mi", 3: "Gi", 4: "Ti", 5: "Pi", 6: "Ei"}  # powers of 1024
_MAX_AMOUNT = Decimal(2**63 - 1)  # resource.maxAllowed
_NANO = Decimal("1e-9")


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


def canonical_quantity(text: str) -> str:
    """resource.Quantity.String(): the API server's canonical form (``0.5`` → ``500m``, ``1024Mi`` → ``1Gi``).

    Mirrors CanonicalizeBytes: the suffix family of the input is kept
    (binary, SI or ``e`` exponent); a binary amount below 1024 or with a
    fraction is written in SI. Text that does not parse is returned as is.
    """
    amount = parse_quantity(str(text))
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
        return f"{mantissa}{_BINARY_SUFFIX_OF_POWER[power]}"
    sign, digits, exponent = amount.normalize().as_tuple()
    mantissa = int("".join(map(str, digits))) * (-1 if sign else 1)
    shift = exponent % 3  # down to a multiple of three, as AsCanonicalBytes does
    mantissa, exponent = mantissa * 10**shift, exponent - shift
    if len(suffix) > 1 and suffix[0] in "eE":
        return f"{mantissa}e{exponent}" if exponent else str(mantissa)
    return f"{mantissa}{_SI_SUFFIXES[exponent]}"
