"""``kubectl events`` (staging/src/k8s.io/kubectl/pkg/cmd/events): events sorted by time, ``--for KIND/NAME``."""
from __future__ import annotations

from .common import namespace_of
from .printers import views


def events_command(cluster, args: list[str], flags: dict) -> str:
    """``kubectl events``: like ``get events`` but sorted by time, optionally ``--for KIND/NAME``."""
    events = cluster.events
    if flags.get("for"):
        kind, _, name = flags["for"].partition("/")
        wanted = {"job": "Job", "jobs": "Job", "pod": "Pod", "pods": "Pod"}.get(kind.lower(), kind)
        events = [e for e in events if e.object == f"{wanted}/{name}"]
    stored = views.correlate_events(events, cluster.now)
    if not stored:
        return views.no_resources(namespace_of(flags))
    rows = [["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
    for event in sorted(stored, key=lambda e: views.api_time(e.last_seen)):
        rows.append([views.age(cluster.now, event.last_seen), event.type, event.reason,
                     f"{event.kind}/{event.object_name}", event.message.strip()])
    return views.format_rows(rows)
