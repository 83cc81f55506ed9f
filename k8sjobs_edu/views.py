"""What kubectl prints: pure functions of (objects, now, options) → text.

Every function here mirrors an upstream printer and names it:
``printJob`` / ``printPod`` / ``printEvent`` in
pkg/printers/internalversion/printers.go, ``describeJob`` in
staging/src/k8s.io/kubectl/pkg/describe/describe.go, the tab writers of
k8s.io/cli-runtime (tables) and Go's text/tabwriter (describe), the client-go
event correlator (tools/record/events_cache.go) and ``podutils.ByLogging``.

Times are virtual seconds. The API stores timestamps with whole seconds, so
object times are truncated before ages are computed; ``now`` is not.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import timedelta

from .duration import human_duration
from .model import EPOCH, Event, Job, Pod

EVENT_TTL_SECONDS = 3600  # kube-apiserver --event-ttl default: older events are gone
LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"


def no_resources(namespace: str = "default") -> str:
    """kubectl get's message (on stderr) when a list comes back empty."""
    return f"No resources found in {namespace} namespace.\n"


def version_tuple(version: str) -> tuple[int, ...]:
    """``"v1.29.3"`` → ``(1, 29, 3)``, so versions compare numerically."""
    return tuple(int(part) for part in version.lstrip("v").split(".") if part.isdigit())


# ---- tab writers --------------------------------------------------------------------


class TabWriter:
    """Go's text/tabwriter (with liggitt/tabwriter's RememberWidths), padding with spaces.

    Text is split into tab-terminated cells; a column block is a run of
    consecutive lines that have a cell in that column, and its width is the
    widest cell plus ``padding`` (at least ``min_width``). The last cell of a
    line is not part of a column and is never padded. A line without tabs
    flushes, so blocks never span it.
    """

    def __init__(self, min_width: int, padding: int, remember_widths: bool = False):
        self.min_width = min_width
        self.padding = padding
        self.remember_widths = remember_widths
        self.remembered: list[int] = []
        self._lines: list[list[str]] = [[]]
        self._cell = ""
        self._out: list[str] = []

    def write(self, text: str) -> None:
        for piece in _split_keeping(text):
            if piece == "\t":
                self._lines[-1].append(self._cell)
                self._cell = ""
            elif piece == "\n":
                self._lines[-1].append(self._cell)
                self._cell = ""
                cells = len(self._lines[-1])
                self._lines.append([])
                if cells == 1:
                    self.flush()
            else:
                self._cell += piece

    def flush(self) -> None:
        if self._cell:
            self._lines[-1].append(self._cell)
            self._cell = ""
        self._format([], 0, len(self._lines))
        self._lines = [[]]

    def text(self) -> str:
        """Flush and return everything written so far."""
        self.flush()
        result = "".join(self._out)
        self._out = []
        return result

    def _format(self, widths: list[int], line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(self._lines[this]) - 1:
                this += 1
                continue
            self._write_lines(widths, line0, this)
            line0 = this
            width = self.min_width
            while this < line1 and column < len(self._lines[this]) - 1:
                width = max(width, len(self._lines[this][column]) + self.padding)
                this += 1
            if self.remember_widths:
                if len(self.remembered) < len(widths):
                    self.remembered.extend(widths[len(self.remembered):])
                if len(self.remembered) == len(widths):
                    self.remembered.append(width)
                else:
                    width = max(width, self.remembered[column])
                    self.remembered[column] = width
            self._format(widths + [width], line0, this)
            line0 = this
        self._write_lines(widths, line0, line1)

    def _write_lines(self, widths: list[int], line0: int, line1: int) -> None:
        for index in range(line0, line1):
            line = self._lines[index]
            for column, cell in enumerate(line):
                self._out.append(cell)
                if column < len(widths):
                    self._out.append(" " * (widths[column] - len(cell)))
            if index + 1 < len(self._lines):
                self._out.append("\n")


def _split_keeping(text: str) -> list[str]:
    pieces, start = [], 0
    for i, ch in enumerate(text):
        if ch in "\t\n":
            if i > start:
                pieces.append(text[start:i])
            pieces.append(ch)
            start = i + 1
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def table_writer() -> TabWriter:
    """kubectl's table writer: printers.GetNewTabWriter (minwidth 6, padding 3)."""
    return TabWriter(min_width=6, padding=3, remember_widths=True)


def format_rows(rows: list[list[str]], writer: TabWriter | None = None) -> str:
    """Rows of cells as kubectl's table printer writes them (tab-separated, flushed)."""
    writer = writer or table_writer()
    for row in rows:
        writer.write("\t".join(row) + "\n")
    return writer.text()


# ---- time -----------------------------------------------------------------------------

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def api_time(t: float) -> int:
    """A moment as the API stores it: whole seconds."""
    return math.floor(t)


def age(now: float, t: float) -> str:
    """translateTimestampSince: HumanDuration(now - timestamp)."""
    return human_duration(now - api_time(t))


def rfc1123z(t: float) -> str:
    """Go's time.RFC1123Z of ``EPOCH + t`` in UTC: ``Wed, 01 Jan 2025 00:00:04 +0000``."""
    moment = EPOCH + timedelta(seconds=api_time(t))
    return (f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
            f"{moment.year} {moment:%H:%M:%S} +0000")


# ---- kubectl get jobs -----------------------------------------------------------------


def job_columns(*, wide: bool = False, kubectl_version: str = "1.34") -> list[str]:
    """The header of ``kubectl get jobs``; STATUS exists since kubectl 1.30."""
    columns = ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    if version_tuple(kubectl_version) < (1, 30):
        columns.remove("STATUS")
    if wide:
        columns += ["CONTAINERS", "IMAGES", "SELECTOR"]
    return columns


def job_status(job: Job, kubectl_version: str = "1.34") -> str:
    """The STATUS cell of printJob; the first condition of each type decides."""
    def is_true(type_: str) -> bool:
        cond = job.status.condition(type_)
        return cond is not None and cond.status == "True"

    if is_true("Complete"):
        return "Complete"
    if is_true("Failed"):
        return "Failed"
    if job.deleted_at is not None:
        return "Terminating"
    if is_true("Suspended"):
        return "Suspended"
    if is_true("FailureTarget"):
        return "FailureTarget"
    if version_tuple(kubectl_version) >= (1, 34) and is_true("SuccessCriteriaMet"):
        return "SuccessCriteriaMet"  # kubernetes#132832
    return "Running"


def job_completions(job: Job) -> str:
    """``s/c``; for a work queue ``s/1 of p`` (parallelism > 1) or ``s/1``."""
    succeeded = job.status.succeeded
    if job.spec.completions is not None:
        return f"{succeeded}/{job.spec.completions}"
    if job.spec.parallelism > 1:
        return f"{succeeded}/1 of {job.spec.parallelism}"
    return f"{succeeded}/1"


def job_duration(job: Job, now: float) -> str:
    """Empty before startTime; grows until completionTime (so forever for a Failed Job)."""
    start, end = job.status.start_time, job.status.completion_time
    if start is None:
        return ""
    if end is None:
        return age(now, start)
    return human_duration(api_time(end) - api_time(start))


def job_row(job: Job, now: float, *, wide: bool = False, kubectl_version: str = "1.34") -> list[str]:
    row = [job.name, job_status(job, kubectl_version), job_completions(job),
           job_duration(job, now), age(now, job.created_at)]
    if version_tuple(kubectl_version) < (1, 30):
        del row[1]
    if wide:
        containers = job.spec.pod_spec.get("containers") or []
        row += [",".join(c.get("name", "") for c in containers),
                ",".join(c.get("image", "") for c in containers),
                format_label_selector(job.spec.selector)]
    return row


def get_jobs(jobs: list[Job], now: float, *, wide: bool = False, kubectl_version: str = "1.34",
             show_header: bool = True) -> str:
    """``kubectl get jobs``: the table, in the API's order (by name)."""
    if not jobs:
        return no_resources()
    rows = [job_row(job, now, wide=wide, kubectl_version=kubectl_version)
            for job in sorted(jobs, key=lambda j: j.name)]
    if show_header:
        rows.insert(0, job_columns(wide=wide, kubectl_version=kubectl_version))
    return format_rows(rows)


# ---- kubectl get pods -----------------------------------------------------------------

POD_COLUMNS = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
POD_WIDE_COLUMNS = POD_COLUMNS + ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]


def pod_status(pod: Pod) -> str:
    """The STATUS cell of printPod, from what the simulator knows of the containers."""
    if pod.deleted_at is not None and not pod.is_finished:
        return "Terminating"
    if pod.waiting_reason and not pod.is_finished:
        return pod.waiting_reason
    if pod.phase == "Succeeded":
        return "Completed"  # the container's terminated reason
    if pod.phase == "Failed":
        return "Completed" if pod.exit_code == 0 else "Error"
    return pod.phase


def pod_ready(pod: Pod) -> str:
    total = len(pod.containers)
    ready = total if pod.ready and pod.phase == "Running" else 0
    return f"{ready}/{total}"


def pod_restarts(pod: Pod, now: float) -> str:
    """``N``, or ``N (<age> ago)`` after the last container termination."""
    if pod.restarts and pod.last_terminated_at is not None:
        return f"{pod.restarts} ({age(now, pod.last_terminated_at)} ago)"
    return str(pod.restarts)


def pod_row(pod: Pod, now: float, *, wide: bool = False) -> list[str]:
    row = [pod.name, pod_ready(pod), pod_status(pod), pod_restarts(pod, now), age(now, pod.created_at)]
    if wide:
        row += [pod.ip or "<none>", pod.node_name or "<none>", "<none>", "<none>"]
    return row


def get_pods(pods: list[Pod], now: float, *, wide: bool = False, show_header: bool = True) -> str:
    """``kubectl get pods``: sorted by name, as the API lists them."""
    if not pods:
        return no_resources()
    rows = [pod_row(pod, now, wide=wide) for pod in sorted(pods, key=lambda p: p.name)]
    if show_header:
        rows.insert(0, POD_WIDE_COLUMNS if wide else POD_COLUMNS)
    return format_rows(rows)


# ---- label selectors ------------------------------------------------------------------


def format_label_selector(selector: dict | None) -> str:
    """metav1.FormatLabelSelector: requirements sorted by key; ``<none>`` when empty."""
    text = selector_string(selector)
    return text or "<none>"


def selector_string(selector: dict | None) -> str:
    """labels.Selector.String() of a LabelSelector (matchLabels and matchExpressions)."""
    if not selector:
        return ""
    requirements = [(key, f"{key}={value}") for key, value in (selector.get("matchLabels") or {}).items()]
    for expression in selector.get("matchExpressions") or []:
        key, operator = expression.get("key", ""), expression.get("operator", "")
        values = ",".join(sorted(expression.get("values") or []))
        text = {"In": f"{key} in ({values})", "NotIn": f"{key} notin ({values})",
                "Exists": key, "DoesNotExist": f"!{key}"}.get(operator, key)
        requirements.append((key, text))
    return ",".join(text for _, text in sorted(requirements, key=lambda r: r[0]))


# ---- events ---------------------------------------------------------------------------

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


def get_events(events: list[Event], now: float, *, wide: bool = False) -> str:
    """``kubectl get events``: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, in name order.

    ``wide`` adds printEvent's SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME.
    """
    stored = correlate_events(events, now)
    if not stored:
        return no_resources()
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


def _describe_events(w: TabWriter, stored: list[StoredEvent], now: float) -> None:
    """DescribeEvents: a table sorted by lastTimestamp, ``(xN over M)`` for counted events."""
    if not stored:
        w.write("Events:\t<none>\n")
        return
    w.flush()
    w.write("Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write("  ----\t------\t----\t----\t-------\n")
    for event in sorted(stored, key=lambda e: api_time(e.last_seen)):
        first = age(now, event.first_seen)
        interval = f"{age(now, event.last_seen)} (x{event.count} over {first})" if event.count > 1 else first
        w.write(f"  {event.type}\t{event.reason}\t{interval}\t{event.source}\t{event.message.strip()}\n")


# ---- kubectl describe job -------------------------------------------------------------


def describe_job(job: Job, pods: list[Pod], events: list[Event], now: float) -> str:
    """``kubectl describe job``: describeJob, then the pod template and the Job's events.

    ``pods`` is accepted for symmetry with the other views; the upstream
    describer reads the Job's status counters, not its pods.
    """
    w = TabWriter(min_width=0, padding=2)  # tabbedString: tabwriter(0, 8, 2, ' ', 0)
    spec, status = job.spec, job.status
    w.write(f"Name:\t{job.name}\n")
    w.write(f"Namespace:\t{job.namespace}\n")
    w.write(f"Selector:\t{selector_string(spec.selector)}\n")
    _print_labels(w, "Labels", job.labels)
    _print_annotations(w, "Annotations", job.annotations)
    w.write(f"Parallelism:\t{spec.parallelism}\n")
    w.write(f"Completions:\t{spec.completions if spec.completions is not None else '<unset>'}\n")
    w.write(f"Completion Mode:\t{spec.completion_mode}\n")
    w.write(f"Suspend:\t{'true' if spec.suspend else 'false'}\n")
    w.write(f"Backoff Limit:\t{spec.backoff_limit}\n")
    if spec.ttl_seconds_after_finished is not None:
        w.write(f"TTL Seconds After Finished:\t{spec.ttl_seconds_after_finished}\n")
    if status.start_time is not None:
        w.write(f"Start Time:\t{rfc1123z(status.start_time)}\n")
    if status.completion_time is not None:
        w.write(f"Completed At:\t{rfc1123z(status.completion_time)}\n")
    if status.start_time is not None and status.completion_time is not None:
        w.write(f"Duration:\t{human_duration(api_time(status.completion_time) - api_time(status.start_time))}\n")
    if spec.active_deadline_seconds is not None:
        w.write(f"Active Deadline Seconds:\t{spec.active_deadline_seconds}s\n")
    w.write(f"Pods Statuses:\t{status.active} Active ({status.ready} Ready) / "
            f"{status.succeeded} Succeeded / {status.failed} Failed\n")
    if spec.is_indexed:
        w.write(f"Completed Indexes:\t{cap_indexes(status.completed_indexes, 50)}\n")
    _describe_pod_template(w, spec.template)
    own = [e for e in events if e.object == f"Job/{job.name}" and e.object_uid in ("", job.uid)]
    _describe_events(w, correlate_events(own, now), now)
    return w.text()


def cap_indexes(indexes: str, soft_limit: int) -> str:
    """capIndexesListOrNone: cut at the first comma at or after ``soft_limit``."""
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    return indexes if cut < 0 else indexes[:cut + 1] + "..."


def _print_labels(w: TabWriter, title: str, labels: dict | None) -> None:
    """printLabelsMultiline: sorted ``k=v``, continuation lines start with a tab."""
    w.write(f"{title}:\t")
    if not labels:
        w.write("<none>\n")
        return
    for i, key in enumerate(sorted(labels)):
        continuation = "\t" if i else ""
        w.write(f"{continuation}{key}={labels[key]}\n")


def _print_annotations(w: TabWriter, title: str, annotations: dict | None) -> None:
    """printAnnotationsMultiline: skips last-applied-configuration; long values wrap."""
    w.write(f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k != LAST_APPLIED_ANNOTATION)
    if not keys:
        w.write("<none>\n")
        return
    for i, key in enumerate(keys):
        if i:
            w.write("\t")
        value = annotations[key].removesuffix("\n")
        if len(value) + len(key) + 2 > 140 or "\n" in value:
            w.write(f"{key}:\n")
            for line in value.split("\n"):
                w.write(f"\t  {line[:138] + '...' if len(line) > 138 else line}\n")
        else:
            w.write(f"{key}: {value}\n")


def _describe_pod_template(w: TabWriter, template: dict) -> None:
    """DescribePodTemplate."""
    metadata, spec = template.get("metadata") or {}, template.get("spec") or {}
    w.write("Pod Template:\n")
    _print_labels(w, "  Labels", metadata.get("labels"))
    if metadata.get("annotations"):
        _print_annotations(w, "  Annotations", metadata["annotations"])
    if spec.get("serviceAccountName"):
        w.write(f"  Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        _describe_containers(w, "Init Containers", spec["initContainers"])
    _describe_containers(w, "Containers", spec.get("containers") or [])
    _describe_volumes(w, spec.get("volumes") or [])
    _describe_topology_spread(w, spec.get("topologySpreadConstraints") or [])
    if spec.get("priorityClassName"):
        w.write(f"  Priority Class Name:\t{spec['priorityClassName']}\n")
    _print_labels(w, "  Node-Selectors", spec.get("nodeSelector"))
    _print_tolerations(w, spec.get("tolerations") or [])


def _describe_containers(w: TabWriter, label: str, containers: list[dict]) -> None:
    """describeContainers for a template (no container statuses)."""
    w.write(f"  {label}:{'' if containers else ' <none>'}\n")
    for container in containers:
        w.write(f"   {container.get('name', '')}:\n")
        w.write(f"    Image:\t{container.get('image', '')}\n")
        ports = container.get("ports") or []
        container_ports = ", ".join(f"{p.get('containerPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        host_ports = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        w.write(f"    Ports:\t{container_ports}\n" if "," in container_ports
                else f"    Port:\t{container_ports or '<none>'}\n")
        w.write(f"    Host Ports:\t{host_ports}\n" if "," in host_ports
                else f"    Host Port:\t{host_ports or '<none>'}\n")
        seccomp = ((container.get("securityContext") or {}).get("seccompProfile") or {})
        if seccomp:
            w.write(f"    SeccompProfile:\t{seccomp.get('type', '')}\n")
            if seccomp.get("type") == "Localhost":
                w.write(f"      LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")
        for title, key in (("Command", "command"), ("Args", "args")):
            if container.get(key):
                w.write(f"    {title}:\n")
                for argument in container[key]:
                    for line in str(argument).split("\n"):
                        w.write(f"      {line}\n")
        _describe_resources(w, container.get("resources") or {})
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if container.get(key):
                w.write(f"    {title}:\t{describe_probe(container[key])}\n")
        if container.get("envFrom"):
            _describe_env_from(w, container["envFrom"])
        _describe_env(w, container.get("env") or [])
        _describe_mounts(w, container.get("volumeMounts") or [])


def _describe_resources(w: TabWriter, resources: dict) -> None:
    for title in ("limits", "requests"):
        values = resources.get(title) or {}
        if values:
            w.write(f"    {title.capitalize()}:\n")
        for name in sorted(values):
            w.write(f"      {name}:\t{values[name]}\n")


def describe_probe(probe: dict) -> str:
    """DescribeProbe, with the API defaults for unset probe timings."""
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 1)}s "
             f"period={probe.get('periodSeconds', 10)}s #success={probe.get('successThreshold', 1)} "
             f"#failure={probe.get('failureThreshold', 3)}")
    if "exec" in probe:
        return f"exec [{' '.join(probe['exec'].get('command') or [])}] {attrs}"
    if "httpGet" in probe:
        get = probe["httpGet"]
        host = f"{get.get('host', '')}:{get.get('port', '')}"
        return f"http-get {get.get('scheme', 'HTTP').lower()}://{host}{get.get('path', '')} {attrs}"
    if "tcpSocket" in probe:
        return f"tcp-socket {probe['tcpSocket'].get('host', '')}:{probe['tcpSocket'].get('port', '')} {attrs}"
    if "grpc" in probe:
        return f"grpc <pod>:{probe['grpc'].get('port', '')} {probe['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _describe_env_from(w: TabWriter, sources: list[dict]) -> None:
    w.write("    Environment Variables from:\n")
    for source in sources:
        kind, ref = ("ConfigMap", source["configMapRef"]) if "configMapRef" in source \
            else ("Secret", source.get("secretRef") or {})
        optional = "true" if ref.get("optional") else "false"
        prefix = f" with prefix '{source['prefix']}'" if source.get("prefix") else ""
        w.write(f"      {ref.get('name', '')}\t{kind}{prefix}\tOptional: {optional}\n")


def _describe_env(w: TabWriter, env: list[dict]) -> None:
    w.write("    Environment:\n" if env else "    Environment:\t<none>\n")
    for variable in env:
        name, source = variable.get("name", ""), variable.get("valueFrom")
        if source is None:
            for i, line in enumerate(str(variable.get("value", "")).split("\n")):
                w.write(f"      {name}:\t{line}\n" if i == 0 else f"      \t{line}\n")
        elif "fieldRef" in source:
            ref = source["fieldRef"]
            w.write(f"      {name}:\t ({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath', '')})\n")
        elif "resourceFieldRef" in source:
            w.write(f"      {name}:\t ({source['resourceFieldRef'].get('resource', '')})\n")
        elif "secretKeyRef" in source or "configMapKeyRef" in source:
            secret = "secretKeyRef" in source
            ref = source["secretKeyRef" if secret else "configMapKeyRef"]
            where = f"in secret '{ref.get('name', '')}'" if secret else f"of config map '{ref.get('name', '')}'"
            optional = "true" if ref.get("optional") else "false"
            w.write(f"      {name}:\t<set to the key '{ref.get('key', '')}' {where}>\tOptional: {optional}\n")


def _describe_mounts(w: TabWriter, mounts: list[dict]) -> None:
    w.write("    Mounts:\n" if mounts else "    Mounts:\t<none>\n")
    for mount in sorted(mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f'path="{mount["subPath"]}"')
        w.write(f"      {mount.get('mountPath', '')} from {mount.get('name', '')} ({','.join(flags)})\n")


def _describe_volumes(w: TabWriter, volumes: list[dict]) -> None:
    """describeVolumes for the common volume types; others print ``<unknown>``."""
    if not volumes:
        w.write("  Volumes:\t<none>\n")
        return
    w.write("  Volumes:\n")
    for volume in volumes:
        w.write(f"   {volume.get('name', '')}:\n")
        if "emptyDir" in volume:
            source = volume["emptyDir"] or {}
            w.write("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                    f"    Medium:\t{source.get('medium', '')}\n"
                    f"    SizeLimit:\t{source.get('sizeLimit', '<unset>')}\n")
        elif "hostPath" in volume:
            source = volume["hostPath"]
            w.write("    Type:\tHostPath (bare host directory volume)\n"
                    f"    Path:\t{source.get('path', '')}\n"
                    f"    HostPathType:\t{source.get('type', '<none>')}\n")
        elif "configMap" in volume:
            source = volume["configMap"]
            w.write("    Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                    f"    Name:\t{source.get('name', '')}\n"
                    f"    Optional:\t{'true' if source.get('optional') else 'false'}\n")
        elif "secret" in volume:
            source = volume["secret"]
            w.write("    Type:\tSecret (a volume populated by a Secret)\n"
                    f"    SecretName:\t{source.get('secretName', '')}\n"
                    f"    Optional:\t{'true' if source.get('optional') else 'false'}\n")
        elif "persistentVolumeClaim" in volume:
            source = volume["persistentVolumeClaim"]
            w.write("    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
                    "namespace)\n"
                    f"    ClaimName:\t{source.get('claimName', '')}\n"
                    f"    ReadOnly:\t{'true' if source.get('readOnly') else 'false'}\n")
        else:
            w.write("  <unknown>\n")


def _describe_topology_spread(w: TabWriter, constraints: list[dict]) -> None:
    if not constraints:
        return
    w.write("  Topology Spread Constraints:\t")
    for i, tsc in enumerate(sorted(constraints, key=lambda c: c.get("topologyKey", ""))):
        if i:
            w.write("  \t")
        text = f"{tsc.get('topologyKey', '')}:{tsc.get('whenUnsatisfiable', '')} when max skew " \
               f"{tsc.get('maxSkew', 0)} is exceeded"
        if tsc.get("labelSelector") is not None:
            text += f" for selector {format_label_selector(tsc['labelSelector'])}"
        w.write(text + "\n")


def _print_tolerations(w: TabWriter, tolerations: list[dict]) -> None:
    """printPodTolerationsMultiline: sorted by key, ``key=value:Effect op=Exists for Ns``."""
    w.write("  Tolerations:\t")
    if not tolerations:
        w.write("<none>\n")
        return
    for i, toleration in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        key, value, effect = toleration.get("key", ""), toleration.get("value", ""), toleration.get("effect", "")
        text = ("\t" if i else "") + key + (f"={value}" if value else "") + (f":{effect}" if effect else "")
        if toleration.get("operator") == "Exists" and not value:
            text += " op=Exists" if key or effect else "op=Exists"
        if toleration.get("tolerationSeconds") is not None:
            text += f" for {toleration['tolerationSeconds']}s"
        w.write(text + "\n")


# ---- kubectl logs ---------------------------------------------------------------------


def logs(pod: Pod) -> str:
    """``kubectl logs POD``: what the first container printed, or the kubelet's refusal."""
    container = pod.containers[0] if pod.containers else ""
    prefix = ""
    if len(pod.containers) > 1 or pod.init_containers:
        names = list(pod.containers) + [f"{name} (init)" for name in pod.init_containers]
        prefix = f'Defaulted container "{container}" out of: {", ".join(names)}\n'
    if pod.node_name is None:
        return prefix  # no host yet: the API server returns an empty log
    if pod.phase == "Pending" or (pod.waiting_reason and not pod.restarts and not pod.is_finished):
        reason = pod.waiting_reason or "ContainerCreating"
        if reason.startswith("Init:"):
            reason = "PodInitializing"
        return (f'{prefix}Error from server (BadRequest): container "{container}" in pod "{pod.name}" '
                f"is waiting to start: {reason}\n")
    return prefix + pod.logs


def pods_by_logging(pods: list[Pod]) -> list[Pod]:
    """podutils.ByLogging: the pod ``kubectl logs job/NAME`` picks comes first.

    Scheduled before unscheduled; Running (and finished) before Pending;
    ready before not ready; ready longer first; more restarts first; older
    first. The API lists pods by name, which breaks the remaining ties.
    """
    phase_rank = {"Pending": 2, "Unknown": 1}

    def key(pod: Pod):
        ready = pod.ready and pod.phase == "Running"
        ready_since = api_time(pod.ready_at) if ready and pod.ready_at is not None else math.inf
        return (pod.node_name is None, phase_rank.get(pod.phase, 0), not ready,
                ready_since if ready else 0, -pod.restarts, api_time(pod.created_at))

    return sorted(sorted(pods, key=lambda p: p.name), key=key)


def logs_for_job(job: Job, pods: list[Pod]) -> str:
    """``kubectl logs job/NAME``: the best pod by ByLogging, announced when there are several."""
    if not pods:
        return "error: timed out waiting for the condition\n"
    chosen = pods_by_logging(pods)[0]
    note = f"Found {len(pods)} pods, using pod/{chosen.name}\n" if len(pods) > 1 else ""
    return note + logs(chosen)


# ---- -o yaml / -o json ----------------------------------------------------------------


def go_json(value, sort_keys: bool = True) -> str:
    """json.MarshalIndent(value, "", "    "), plus a newline.

    Maps of unstructured objects come out with sorted keys (typed objects
    keep their field order: ``sort_keys=False``); ``<``, ``>``, ``&`` are
    escaped as Go does.
    """
    text = json.dumps(value, indent=4, sort_keys=sort_keys, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text + "\n"


def as_list(items: list[dict]) -> dict:
    """The ``List`` kubectl prints for ``get -o yaml|json`` of several objects."""
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def to_yaml(value: dict) -> str:
    from .serialize import to_yaml as serialize_yaml  # written by another module; imported late

    return serialize_yaml(value)


def job_yaml(job: Job) -> str:
    """``kubectl get job NAME -o yaml``."""
    return to_yaml(job.to_dict())


def job_json(job: Job) -> str:
    """``kubectl get job NAME -o json``."""
    return go_json(job.to_dict())
