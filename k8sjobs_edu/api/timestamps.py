"""Virtual time as the API writes it: seconds since ``EPOCH`` <-> RFC 3339 timestamps."""
from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone

EPOCH = datetime(2025, 1, 1, 0, 0, 0, tzinfo=timezone.utc)


def api_time(t: float) -> int:
    """A moment as the API stores it: whole seconds."""
    return math.floor(t)


def to_timestamp(t: float) -> str:
    """Virtual seconds → RFC 3339 with whole seconds, as the API serialises times."""
    moment = EPOCH + timedelta(seconds=int(t // 1))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_time(stamp: str) -> float:
    """RFC 3339 string (``2025-01-01T00:02:14Z``, fractions allowed) → virtual seconds since ``EPOCH``."""
    whole, _, rest = stamp.strip().partition(".")
    fraction = ""
    if rest:  # Python 3.10's fromisoformat takes only 3 or 6 fraction digits: split them off
        digits = len(rest) - len(rest.lstrip("0123456789"))
        fraction, whole = rest[:digits], whole + rest[digits:]
    moment = datetime.fromisoformat(whole.replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    seconds = (moment - EPOCH).total_seconds()
    return seconds + (float("0." + fraction) if fraction else 0.0)


_TIMESTAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")


def parse_timestamp(text: str) -> float:
    """RFC 3339 (any fraction of a second, ``Z`` or an offset) → virtual seconds.

    Raises:
        ValueError: if ``text`` is not an RFC 3339 date-time.
    """
    match = _TIMESTAMP.match(text)
    if not match:
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    zone = match.group(8)
    offset = timedelta(0) if zone == "Z" else (1 if zone[0] == "+" else -1) * timedelta(
        hours=int(zone[1:3]), minutes=int(zone[4:6]))
    moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc) - offset
    return (moment - EPOCH).total_seconds() + float(match.group(7) or 0)
