"""Digits of π, as the docs' pi Job prints them (pure Python, no floating point).

The docs' Job runs ``perl -Mbignum=bpi -wle "print bpi(2000)"``. Perl's
``Math::BigFloat->bpi(N)`` returns π with an *accuracy* of N significant
digits, rounded to nearest (π has no ties), so ``bpi(2000)`` prints ``3.``
followed by 1999 decimals, the last one rounded up from ``…027590|0994…``.
"""
from __future__ import annotations

from functools import lru_cache

MAX_DIGITS = 100_000  # bpi(N) beyond this is refused by the interpreter (cost grows as N²)
_GUARD_DIGITS = 10


def _arctan_inverse(x: int, unity: int) -> int:
    """arctan(1/x) * unity, by its Taylor series in integers."""
    total = term = unity // x
    x_squared = x * x
    divisor = 1
    sign = -1
    while term:
        term //= x_squared
        divisor += 2
        total += sign * (term // divisor)
        sign = -sign
    return total


@lru_cache(maxsize=8)
def pi_significant_digits(count: int) -> str:
    """The first ``count`` significant digits of π, rounded to nearest ("31416" for 5)."""
    if not 1 <= count <= MAX_DIGITS:
        raise ValueError(f"count must be in 1..{MAX_DIGITS}, got {count}")
    # Machin's formula: π = 16·arctan(1/5) − 4·arctan(1/239).
    unity = 10 ** (count + _GUARD_DIGITS)
    scaled = 4 * (4 * _arctan_inverse(5, unity) - _arctan_inverse(239, unity))
    # scaled ≈ π·10^(count+guard): keep count+1 digits, then round on the last one.
    kept = scaled // 10 ** _GUARD_DIGITS
    rounded = (kept + 5) // 10
    return str(rounded)


def bpi(accuracy: int) -> str:
    """What Perl prints for ``bpi(accuracy)``: ``"3.14159…"`` with ``accuracy`` digits."""
    digits = pi_significant_digits(accuracy)
    if accuracy == 1:
        return digits
    return digits[0] + "." + digits[1:]
