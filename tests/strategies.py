"""Hypothesis strategies shared by the hardening tests and ``bench/fuzz.py``.

Manifests: the real Jobs of ``data/*.yaml`` mutated at every depth, documents
grown from the Job's own OpenAPI schema, random YAML text and random bytes.
Scenarios: a valid Job of any mode, a workload, cluster settings and API calls
at random moments; ``play`` runs one and hands every step to an observer.
"""
from __future__ import annotations

import copy
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from k8sjobs_edu import Cluster
from k8sjobs_edu.api.manifest import load_job
from k8sjobs_edu.api.schema import load_schema
from k8sjobs_edu.api.types import NotFound
from k8sjobs_edu.api.validation.errors import ManifestError
from k8sjobs_edu.api.wellknown import MAX_INT32
from k8sjobs_edu.cluster.workloads import constant, flaky, scripted, uniform, work_queue

DATA = Path(__file__).resolve().parents[1] / "data"

# Bounded and derandomized, so CI sees the same examples in a bounded time.
HARDENING = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.filter_too_much])


class Hang(BaseException):
    """Raised by ``hang_guard``; a BaseException, so no ``except Exception`` in the package swallows it."""


@contextmanager
def hang_guard(seconds: float = 10):
    """Fail (instead of hanging CI) when the block runs longer than ``seconds``; yields the elapsed time."""
    def give_up(signum, frame):
        raise Hang(f"still working after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    elapsed = []
    start = time.perf_counter()
    try:
        yield elapsed
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        elapsed.append(time.perf_counter() - start)


def real_jobs() -> list[dict]:
    """Every one-Job document of ``data/*.yaml`` (the documented examples), as parsed."""
    found = []
    for path in sorted(DATA.glob("*.yaml")):
        documents = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
        if len(documents) == 1:
            found.append(documents[0])
    return found


REAL_JOBS = real_jobs()


def one_in(n: int):
    """True once in ``n`` draws (hypothesis favours 0 in small integer ranges, so not integers(0, n-1) == 0)."""
    return st.sampled_from([False] * (n - 1) + [True])



# ---- values of every shape ----------------------------------------------------------------

HUGE_INTS = [2**31 - 1, 2**31, -2**31 - 1, 2**63, -2**63 - 1, 10**30, 1000000000]
ODD_TEXT = ["", " ", "\x00", "é", "名前", "🙂", "a" * 300, "-1", "1e9", "null", "True", "0-2,4", "$(rm -rf /)",
            "Never", "Indexed", "NonIndexed", "FailJob", "Ignore", "In", "NotIn", "main", "busybox"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10), st.sampled_from(HUGE_INTS),
    st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(ODD_TEXT), st.text(max_size=12))

json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["name", "image", "x", "spec", "values", "rules", "template"]) | st.text(max_size=6),
        inner, max_size=3),
    max_leaves=12)


# ---- documents grown from the schema --------------------------------------------------------

def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = load_schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


@st.composite
def from_schema(draw, node: dict | None = None, depth: int = 0):
    """A value shaped by the schema ``node`` (the Job when None), sometimes of the wrong type."""
    node = _resolve(load_schema() if node is None else node)
    if "anyOf" in node:
        node = draw(st.sampled_from(node["anyOf"]))
    if draw(one_in(20)):
        return draw(json_values)  # a wrong type (or an odd value) here
    kinds = [t for t in node.get("type", ["object"]) if t != "null"] or ["object"]
    kind = kinds[0]
    if "enum" in node:
        return draw(st.sampled_from(node["enum"]))
    if kind == "integer":
        return draw(st.one_of(st.integers(-3, 12), st.sampled_from(HUGE_INTS)))
    if kind == "number":
        return draw(st.floats(-10, 1e6, allow_nan=False))
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "string":
        return draw(st.sampled_from(ODD_TEXT) | st.text(max_size=8))
    if kind == "array":
        if depth > 5:
            return []
        return draw(st.lists(from_schema(node.get("items", {}), depth + 1), max_size=2))
    properties = node.get("properties", {})
    if depth > 5 or not properties:
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and depth <= 5:
            return draw(st.dictionaries(st.text(max_size=6), from_schema(extra, depth + 1), max_size=2))
        return {}
    names = draw(st.lists(st.sampled_from(sorted(properties)), max_size=4, unique=True))
    return {name: draw(from_schema(properties[name], depth + 1)) for name in names}


# ---- valid Jobs of every mode ----------------------------------------------------------------------

MODES = ("NonIndexed", "non-parallel", "Indexed", "WorkQueue")
EXIT_CODES = (0, 1, 2, 3, 42, 137)


@st.composite
def _failure_policy(draw, per_index: bool):
    actions = ["FailJob", "Ignore", "Count"] + (["FailIndex"] if per_index else [])
    rules = []
    for _ in range(draw(st.integers(1, 3))):
        rule = {"action": draw(st.sampled_from(actions))}
        if draw(st.booleans()):
            operator = draw(st.sampled_from(["In", "NotIn"]))
            values = draw(st.lists(st.sampled_from([1, 2, 3, 42, 137]), min_size=1, max_size=3, unique=True))
            rule["onExitCodes"] = {"operator": operator, "values": sorted(values)}
        else:
            rule["onPodConditions"] = [{"type": "DisruptionTarget"}]
        rules.append(rule)
    return {"rules": rules}


def _mostly_positive(high: int, zero_allowed: bool = True):
    """1..high, and now and then 0 (a Job that runs no pod is a case, not the common one)."""
    positive = st.integers(1, high)
    return one_in(8).flatmap(lambda zero: st.just(0) if zero and zero_allowed else positive)


@st.composite
def gentle_jobs(draw, max_completions: int = 6, max_parallelism: int = 4):
    """A Job manifest of any mode with random knobs; almost always valid."""
    mode = draw(st.sampled_from(MODES))
    indexed = mode == "Indexed"
    spec: dict = {}
    completions = draw(_mostly_positive(max_completions, zero_allowed=not indexed))
    if mode in ("NonIndexed", "Indexed"):
        spec["completions"] = completions
    if mode != "non-parallel":
        spec["parallelism"] = draw(_mostly_positive(max_parallelism))
    if indexed:
        spec["completionMode"] = "Indexed"
    per_index = indexed and draw(st.booleans())
    if per_index:
        spec["backoffLimitPerIndex"] = draw(st.integers(0, 2))
        if draw(st.booleans()):
            spec["maxFailedIndexes"] = draw(st.integers(0, completions))
    if draw(one_in(6)):
        spec["backoffLimit"] = MAX_INT32  # retries (nearly) forever: the horizon stops it
    elif not per_index or draw(st.booleans()):
        spec["backoffLimit"] = draw(st.integers(0, 4))
    restart_policy = draw(st.sampled_from(["Never", "Never", "OnFailure"]))
    if restart_policy == "Never" and draw(one_in(3)):
        spec["podFailurePolicy"] = draw(_failure_policy(per_index))
    if indexed and draw(one_in(3)):
        rule = {}
        if draw(st.booleans()):
            rule["succeededCount"] = draw(st.integers(1, completions))
        if draw(st.booleans()) or not rule:
            rule["succeededIndexes"] = draw(st.sampled_from(["0", "0-1", "1", f"0-{completions - 1}"]))
        spec["successPolicy"] = {"rules": [rule]}
    for name, values in (("activeDeadlineSeconds", st.integers(1, 300)),
                         ("ttlSecondsAfterFinished", st.integers(0, 60)), ("suspend", st.booleans()),
                         ("podReplacementPolicy", st.sampled_from(["Failed", "TerminatingOrFailed"]))):
        if draw(one_in(4)):
            spec[name] = draw(values)
    if "podFailurePolicy" in spec and "podReplacementPolicy" in spec:
        spec["podReplacementPolicy"] = "Failed"  # required with a pod failure policy
    seconds, code = draw(st.integers(0, 20)), draw(st.sampled_from(EXIT_CODES))
    spec["template"] = {"spec": {
        "restartPolicy": restart_policy,
        "terminationGracePeriodSeconds": draw(st.sampled_from([0, 5, 30])),
        "containers": [{"name": "main", "image": "busybox:1.36",
                        "command": ["sh", "-c", f"sleep {seconds}; exit {code}"]}]}}
    name = draw(st.sampled_from(["job", "a", "index-" + "x" * 50, "work-queue"]))
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}, "spec": spec}


def _loads(document: dict) -> bool:
    try:
        load_job(document)
    except ManifestError:
        return False
    return True


def valid_jobs(max_completions: int = 6, max_parallelism: int = 4):
    return gentle_jobs(max_completions, max_parallelism).filter(_loads)


# ---- mutations of documents ----------------------------------------------------------------------

def _containers(document) -> list:
    """Every dict and list inside ``document`` with the path to it."""
    found, todo = [], [((), document)]
    while todo:
        path, node = todo.pop()
        found.append((path, node))
        children = node.items() if isinstance(node, dict) else enumerate(node)
        todo += [(path + (key,), child) for key, child in children if isinstance(child, (dict, list))]
    return sorted(found, key=lambda item: [str(step) for step in item[0]])


MUTATIONS = ("replace", "delete", "add unknown field", "add schema field", "wrap in a list", "duplicate item",
             "empty it", "stringify")


@st.composite
def mutated(draw, documents, max_mutations: int = 3):
    """A document of ``documents`` with a few mutations at random depths (the pod template included)."""
    document = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(1, max_mutations))):
        path, node = draw(st.sampled_from(_containers(document)))
        how = draw(st.sampled_from(MUTATIONS))
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if how == "add unknown field" and isinstance(node, dict):
            node[draw(st.sampled_from(["parallelims", "completion", "x", "", "é", "restartpolicy"]))] = \
                draw(json_values)
        elif how == "add schema field" and isinstance(node, dict):
            node[draw(st.sampled_from(SCHEMA_FIELD_NAMES))] = draw(json_values)
        elif how == "duplicate item" and isinstance(node, list) and node:
            node.append(copy.deepcopy(node[draw(st.integers(0, len(node) - 1))]))
        elif how == "empty it":
            node.clear()
        elif keys:
            key = draw(st.sampled_from(keys))
            if how == "delete":
                del node[key]
            elif how == "wrap in a list":
                node[key] = [node[key]]
            elif how == "stringify":
                node[key] = str(node[key])
            else:
                node[key] = draw(json_values)
    return document


def _schema_field_names() -> list[str]:
    names = set()
    for definition in load_schema()["$defs"].values():
        names.update(definition.get("properties", {}))
    return sorted(names)


SCHEMA_FIELD_NAMES = _schema_field_names()

# Everything a learner could pass to load_job as a dict.
manifest_dicts = st.one_of(
    mutated(st.sampled_from(REAL_JOBS)),
    mutated(gentle_jobs()),
    st.sampled_from(REAL_JOBS),
    gentle_jobs(),
    from_schema(),
    st.fixed_dictionaries({"apiVersion": st.just("batch/v1"), "kind": st.just("Job"),
                           "metadata": st.fixed_dictionaries({"name": st.sampled_from(["a", "job-1", "x" * 70])}),
                           "spec": from_schema({"$ref": "#/$defs/io.k8s.api.batch.v1.JobSpec"})}),
)

YAML_PIECES = ["apiVersion: batch/v1\n", "kind: Job\n", "metadata:\n", "  name: pi\n", "spec:\n", "  template:\n",
               "    spec:\n", "      restartPolicy: Never\n", "      containers:\n", "      - name: c\n",
               "        image: busybox\n", "  completions: ", "1000000000", "-1", "\n", "\t", ": ", "- ", "&a ",
               "*a ", "!!python/object/apply:os.system ['true']", "!!binary AAA=", "---\n", "{", "}", "[", "]",
               "'", '"', "#", "%YAML 1.1\n", "? ", "|\n", ">\n", "<<: ", "2025-02-30", "0x1F", "1e400", "~"]

yaml_texts = st.one_of(
    st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join),
    st.text(max_size=200),
    st.sampled_from(REAL_JOBS).map(lambda d: yaml.safe_dump(d)).flatmap(
        lambda text: st.integers(0, len(text)).flatmap(
            lambda cut: st.text(max_size=5).map(lambda noise: text[:cut] + noise + text[cut:]))),
)

random_bytes = st.binary(max_size=300)


# ---- scenarios: a Job, a workload, a cluster and API calls at random moments --------------------------

@dataclass(frozen=True)
class Call:
    """An API call at virtual time ``time``: ``verb`` and its argument."""

    time: float
    verb: str
    argument: object = None


@dataclass
class Scenario:
    manifest: dict
    workload: tuple  # a description, so every play builds a fresh workload
    seed: int = 0
    start_latency: object = 2.0
    nodes: int | None = None
    calls: list = field(default_factory=list)
    horizon: float = 3000.0


PATCHES = [
    {"spec": {"parallelism": 0}}, {"spec": {"parallelism": 3}}, {"spec": {"activeDeadlineSeconds": 20}},
    {"spec": {"backoffLimit": 0}}, {"spec": {"backoffLimit": 5}}, {"spec": {"ttlSecondsAfterFinished": 0}},
    {"spec": {"suspend": True}}, {"spec": {"suspend": False}}, {"spec": {"completions": 5, "parallelism": 5}},
    {"spec": {"completions": 2, "parallelism": 2}}, {"spec": {"maxFailedIndexes": 1}},
    {"spec": {"podReplacementPolicy": "Failed"}}, {"metadata": {"labels": {"team": "a"}}},
    {"spec": {"parallelism": -1}}, {"spec": {"completionMode": "Indexed"}}, {"spec": {"template": None}},
]
# Commands that succeed on any cluster (kubectl errors, such as NotFound, are not "error: " lines),
# except logs of a Job without pods: "error: timed out waiting for the condition", as kubectl.
KUBECTL = ["get jobs", "get pods -o wide", "describe job {job}", "get events", "get job {job} -o yaml",
           "logs job/{job}", "get pods -l job-name={job}", "describe jobs", "get job {job} -o json",
           "get pods -o yaml", "get jobs -o wide"]


def _workload_for(mode: str):
    common = [
        st.tuples(st.just("command")),
        st.tuples(st.just("constant"), st.integers(0, 30), st.sampled_from(EXIT_CODES)),
        st.tuples(st.just("uniform"), st.integers(0, 5), st.integers(5, 30)),
        st.tuples(st.just("flaky"), st.sampled_from([0.0, 0.3, 0.7, 1.0]), st.integers(0, 20),
                  st.sampled_from([1, 2, 42, 137])),
        st.tuples(st.just("scripted"), st.lists(st.tuples(st.integers(0, 20), st.sampled_from(EXIT_CODES)),
                                                min_size=1, max_size=6)),
    ]
    if mode == "Indexed":
        common.append(st.tuples(st.just("scripted by index"), st.dictionaries(
            st.integers(0, 5), st.lists(st.tuples(st.integers(0, 20), st.sampled_from(EXIT_CODES)),
                                        min_size=1, max_size=3), min_size=1, max_size=4)))
    if mode == "WorkQueue":
        common.append(st.tuples(st.just("work queue"), st.integers(0, 8), st.integers(1, 10)))
    return st.one_of(common)


def build_workload(description: tuple):
    """A fresh workload from its description (None: the container's command, interpreted)."""
    kind, *args = description
    if kind == "command":
        return None
    if kind == "constant":
        return constant(*args)
    if kind == "uniform":
        return uniform(*args)
    if kind == "flaky":
        return flaky(args[0], seconds=args[1], exit_code=args[2])
    if kind == "scripted":
        return scripted(list(args[0]))
    if kind == "scripted by index":
        return scripted(dict(args[0]), default=(5, 0))
    return work_queue(args[0], args[1])


@st.composite
def scenarios(draw, max_calls: int = 6, max_completions: int = 6, max_parallelism: int = 4):
    """A valid Job, a workload, cluster settings and up to ``max_calls`` API calls in the first two minutes."""
    manifest = draw(valid_jobs(max_completions, max_parallelism))
    spec = manifest["spec"]
    mode = ("Indexed" if spec.get("completionMode") == "Indexed" else
            "WorkQueue" if "completions" not in spec and "parallelism" in spec else "other")
    name = manifest["metadata"]["name"]
    verbs = st.sampled_from(["suspend", "resume", "scale", "delete", "evict", "delete pod", "patch", "kubectl",
                             "apply"])
    calls = []
    for _ in range(draw(st.integers(0, max_calls))):
        verb = draw(verbs)
        argument = {"scale": st.integers(0, max_parallelism + 1),
                    "delete": st.sampled_from(["Background", "Foreground", "Orphan"]),
                    "evict": st.integers(0, 5), "delete pod": st.integers(0, 5), "patch": st.sampled_from(PATCHES),
                    "kubectl": st.sampled_from(KUBECTL).map(lambda c: c.format(job=name)),
                    "apply": st.sampled_from([{}, {"parallelism": 1}, {"parallelism": 4}])}.get(verb, st.none())
        calls.append(Call(draw(st.integers(0, 120)) + draw(st.sampled_from([0.0, 0.5])), verb, draw(argument)))
    latency = draw(st.one_of(st.floats(0, 5).map(lambda x: round(x, 1)), st.just((0.5, 3.0)),
                             st.lists(st.sampled_from([0.0, 1.0, 4.0]), min_size=1, max_size=5)))
    return Scenario(manifest=manifest, workload=draw(_workload_for(mode)), seed=draw(st.integers(0, 2**32)),
                    start_latency=latency, nodes=draw(st.sampled_from([None, None, 1, 2, 3])),
                    calls=sorted(calls, key=lambda c: c.time))


def make_call(cluster: Cluster, name: str, call: Call, manifest: dict):
    """Do one API call; a refusal the API server (or kubectl) would give is returned, not raised."""
    verb, argument = call.verb, call.argument
    live = [p.name for p in cluster.pods(name) if not p.is_finished and p.deleted_at is None]
    try:
        if verb == "suspend":
            cluster.suspend(name)
        elif verb == "resume":
            cluster.resume(name)
        elif verb == "scale":
            cluster.scale(name, argument)
        elif verb == "delete":
            cluster.delete(name, argument)
        elif verb == "evict" and live:
            cluster.evict(live[argument % len(live)])
        elif verb == "delete pod" and live:
            cluster.delete_pod(live[argument % len(live)])
        elif verb == "patch":
            cluster.patch(name, argument)
        elif verb == "kubectl":
            return cluster.kubectl(argument)
        elif verb == "apply":
            document = copy.deepcopy(manifest)
            if "parallelism" in document["spec"]:
                document["spec"].update(argument)
            cluster.apply(document)
    except (NotFound, ManifestError) as refusal:
        return refusal
    return None


def play(scenario: Scenario, observe=None, max_pods: int = 10_000) -> Cluster:
    """Run a scenario step by step to its horizon; ``observe(cluster, what)`` after every step and call."""
    observe = observe or (lambda cluster, what: None)
    cluster = Cluster(seed=scenario.seed, workload=build_workload(scenario.workload),
                      start_latency=scenario.start_latency, nodes=scenario.nodes, horizon=scenario.horizon,
                      max_pods=max_pods)
    name = cluster.apply(scenario.manifest).name
    observe(cluster, "apply")
    pending = list(scenario.calls)
    while True:
        due = cluster.next_time()
        if pending and (due is None or pending[0].time < due):
            call = pending.pop(0)
            cluster.run(until=call.time)  # nothing happens before the call: this only moves the clock
            result = make_call(cluster, name, call, scenario.manifest)
            observe(cluster, (call, result))
            continue
        if due is None or due > scenario.horizon:
            return cluster
        cluster.step()
        observe(cluster, "step")
