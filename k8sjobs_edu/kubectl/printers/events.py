"""``kubectl get events`` (``printEvent`` in pkg/printers/internalversion/printers.go) and the Events
section of ``kubectl describe`` (``DescribeEvents``).
"""
from __future__ import annotations

from ...api.timestamps import api_time
from ...api.types import Event
from ...cluster.events import StoredEvent, correlate_events
from .gosort import go_sort
from .kubeformat import age, no_resources
from .tabwriter import TabWriter, format_rows


def get_events(events: list[Event], now: float, *, wide: bool = False) -> str:
    """``kubectl get events``: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, in name order.

    ``wide`` adds printEvent's SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME.
    """
    stored = correlate_events(events, now)
    if not stored:
        return no_resources()
    return event_table(stored, now, wide=wide)


def event_table(stored: list[StoredEvent], now: float, *, wide: bool = False) -> str:
    """The rows of ``kubectl get events`` for stored events, in the order given."""
    header = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    if wide:
        header = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN",
                  "COUNT", "NAME"]
    rows = [header]
    for event in stored:
        target = f"{event.kind.lower()}/{event.object_name}"
        if wide:
            rows.append([age(now, event.last_seen), event.type, event.reason, target, "", event.source,
                         event.message.strip(), age(now, event.first_seen), str(event.count), event.name])
        else:
            rows.append([age(now, event.last_seen), event.type, event.reason, target, event.message.strip()])
    return format_rows(rows)


def describe_events(w: TabWriter, stored: list[StoredEvent], now: float) -> None:
    """DescribeEvents: a table sorted by lastTimestamp (Go's sort.Sort), ``(xN over M)`` for counted events."""
    if not stored:
        w.write("Events:\t<none>\n")
        return
    w.flush()
    w.write("Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write("  ----\t------\t----\t----\t-------\n")
    rows = list(stored)
    # sort.Sort(SortableEvents): not stable, so beyond 12 events those of the same second may trade places
    go_sort(rows, lambda a, b: api_time(a.last_seen) < api_time(b.last_seen))
    for event in rows:
        first = age(now, event.first_seen)
        interval = f"{age(now, event.last_seen)} (x{event.count} over {first})" if event.count > 1 else first
        w.write(f"  {event.type}\t{event.reason}\t{interval}\t{event.source}\t{event.message.strip()}\n")
