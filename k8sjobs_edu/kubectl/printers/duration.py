"""kubectl's way of printing a length of time: ``100s``, ``2m14s``, ``3h``.

A port of ``HumanDuration`` from k8s.io/apimachinery/pkg/util/duration,
used by kubectl for AGE, DURATION and event ages.
"""
from __future__ import annotations

import math

_NANOS_PER_SECOND = 1_000_000_000


def human_duration(seconds: float) -> str:
    """Format a duration as kubectl does (about two significant figures).

    Args:
        seconds: the duration; fractions are truncated as Go's integer
            conversion truncates them (``119.999`` → ``119s``).

    Returns:
        ``"<invalid>"`` below -1 s, ``"0s"`` for -1 s to 0 s, otherwise
        seconds, minutes, hours, days or years as upstream prints them.
    """
    # Go works on integer nanoseconds; rounding to them first keeps
    # 0.1 + 0.2 style float noise from losing a whole second.
    nanos = round(seconds * _NANOS_PER_SECOND)
    whole_seconds = math.trunc(nanos / _NANOS_PER_SECOND)
    if whole_seconds < -1:
        return "<invalid>"
    if whole_seconds < 0:
        return "0s"
    if whole_seconds < 60 * 2:
        return f"{whole_seconds}s"
    minutes = whole_seconds // 60
    if minutes < 10:
        rest = whole_seconds % 60
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = whole_seconds // 3600
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h" if rest == 0 else f"{hours}h{rest}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d" if rest == 0 else f"{hours // 24}d{rest}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        rest = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y" if rest == 0 else f"{years}y{rest}d"
    return f"{hours // 24 // 365}y"
