"""Events as the API server holds them: what every component's event recorder writes.

Mirrors client-go's event correlator (tools/record/events_cache.go), which
every controller's event recorder runs before it writes, and the API
server's event TTL.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..api.timestamps import EPOCH, api_time, to_timestamp
from ..api.types import Event

EVENT_TTL_SECONDS = 3600  # kube-apiserver --event-ttl default: older events are gone

AGGREGATE_MAX_EVENTS = 10  # similar events within the interval before combining
AGGREGATE_INTERVAL_SECONDS = 600
SPAM_BURST = 25  # events a source may send about one object at once
SPAM_REFILL_PER_SECOND = 1 / 300


@dataclass
class StoredEvent:
    """A core/v1 Event as the API server stores it after client-side correlation."""

    name: str
    type: str
    reason: str
    object: str
    message: str
    source: str
    first_seen: float
    last_seen: float
    count: int

    @property
    def kind(self) -> str:
        return self.object.partition("/")[0]

    @property
    def object_name(self) -> str:
        return self.object.partition("/")[2]

    def to_dict(self, namespace: str = "default") -> dict:
        """The fields of the core/v1 Event that ``-o json`` and ``--sort-by`` read."""
        return {"apiVersion": "v1", "count": self.count, "firstTimestamp": to_timestamp(api_time(self.first_seen)),
                "involvedObject": {"kind": self.kind, "name": self.object_name, "namespace": namespace},
                "kind": "Event", "lastTimestamp": to_timestamp(api_time(self.last_seen)), "message": self.message,
                "metadata": {"creationTimestamp": to_timestamp(api_time(self.first_seen)), "name": self.name,
                             "namespace": namespace},
                "reason": self.reason, "source": {"component": self.source}, "type": self.type}


def correlate_events(events: list[Event], now: float | None = None) -> list[StoredEvent]:
    """The events the API server holds, in its list order (by event name).

    Mirrors client-go's EventCorrelator, which every controller's recorder
    runs: 10 events that differ only in message within 10 minutes become one
    "(combined from similar events): ..." event; identical events are counted
    (``count``, ``lastTimestamp``); a source may send 25 events about one
    object, then one per 5 minutes (the others update the count later).
    With ``now``, events older than the API server's event TTL (1 h) are gone.
    """
    similar: dict[tuple, tuple[dict, float]] = {}
    observed: dict[tuple, StoredEvent] = {}
    stored: dict[tuple, StoredEvent] = {}
    buckets: dict[tuple, tuple[float, float]] = {}
    for event in sorted(events, key=lambda e: e.time):
        group = (event.source, event.object, event.type, event.reason)
        messages, last = similar.get(group, ({}, -math.inf))
        if event.time - last > AGGREGATE_INTERVAL_SECONDS:
            messages = {}
        messages[event.message] = None
        similar[group] = (messages, event.time)
        if len(messages) < AGGREGATE_MAX_EVENTS:
            key, message = group + (event.message,), event.message
        else:
            del messages[next(iter(messages))]  # upstream pops an arbitrary one
            key, message = group, "(combined from similar events): " + event.message
        seen = observed.get(key)
        if seen is None:
            seen = StoredEvent(_event_name(event), event.type, event.reason, event.object, message,
                               event.source, event.time, event.time, 1)
        else:
            seen = StoredEvent(seen.name, event.type, event.reason, event.object, message,
                               event.source, seen.first_seen, event.time, seen.count + 1)
        observed[key] = seen
        if _spam_filter_allows(buckets, (event.source, event.object), event.time):
            stored[key] = seen
    alive = [e for e in stored.values() if now is None or now - e.last_seen < EVENT_TTL_SECONDS]
    return sorted(alive, key=lambda e: e.name)


def _event_name(event: Event) -> str:
    """The recorder's name: ``<object name>.<unix nanoseconds in hex>``."""
    nanos = int(EPOCH.timestamp()) * 1_000_000_000 + round(event.time * 1e9)
    return f"{event.object.partition('/')[2]}.{nanos:x}"


def _spam_filter_allows(buckets: dict, key: tuple, t: float) -> bool:
    """EventSourceObjectSpamFilter: a token bucket per source and object."""
    tokens, last = buckets.get(key, (float(SPAM_BURST), t))
    tokens = min(float(SPAM_BURST), tokens + (t - last) * SPAM_REFILL_PER_SECOND)
    if tokens >= 1:
        buckets[key] = (tokens - 1, t)
        return True
    buckets[key] = (tokens, t)
    return False
