"""The long fuzz run (issue #8): generated manifests and random scenarios, counting every crash.

Run: python bench/fuzz.py [--manifests 10000] [--scenarios 1000] [--seed 0]

Uses the strategies and checkers of the hardening tests (tests/strategies.py,
tests/test_hardening_*.py) with many more examples and no shrinking. A crash is
any exception other than ManifestError from the loader, a FieldError naming a
field that exists nowhere, a Job whose YAML does not load back equal, or any
broken engine invariant. Prints the counts, the time taken and each distinct
crash (kind, place, first example). Exit status 1 when something crashed.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the shared strategies and checkers

import yaml  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from strategies import manifest_dicts, random_bytes, scenarios, yaml_texts  # noqa: E402
from test_hardening_engine import check_scenario  # noqa: E402
from test_hardening_manifests import load_or_refuse  # noqa: E402

SOURCES = ("dict", "dict as YAML", "YAML text", "bytes")


class Tally:
    """Counts of outcomes and the first example of each distinct crash."""

    def __init__(self):
        self.outcomes: Counter = Counter()
        self.crashes: Counter = Counter()
        self.examples: dict = {}
        self.runs = 0

    def crash(self, error: BaseException, example) -> None:
        """Crashes count as the same when they have the same kind and place (the first message is kept)."""
        place = traceback.extract_tb(error.__traceback__)[-1]
        key = (type(error).__name__, f"{Path(place.filename).name}:{place.lineno} {place.name}")
        self.crashes[key] += 1
        self.examples.setdefault(key, (str(error).split("\n")[0][:200], repr(example)[:600]))

    def report(self, title: str, seconds: float) -> None:
        outcomes = ", ".join(f"{kind} {count}" for kind, count in sorted(self.outcomes.items()))
        print(f"{title}: {self.runs} in {seconds:.1f} s ({outcomes})")
        print(f"  crashes: {sum(self.crashes.values())} ({len(self.crashes)} distinct)")
        for (kind, place), count in self.crashes.most_common():
            message, example = self.examples[(kind, place)]
            print(f"  - {count} x {kind} at {place}: {message}")
            print(f"    first example: {example}")


def source_of(kind: str, draw):
    """A manifest source of the given kind and the data it holds (for looking up error fields)."""
    if kind == "dict":
        document = draw(manifest_dicts)
        return document, document
    if kind == "dict as YAML":
        document = draw(manifest_dicts)
        return yaml.safe_dump(document, allow_unicode=True), document
    if kind == "YAML text":
        text = draw(yaml_texts)
        return text, _parsed(text)
    data = draw(random_bytes)
    return data, _parsed(data.decode("utf-8", errors="replace"))


def _parsed(text: str):
    try:
        return yaml.safe_load(text)
    except Exception:  # noqa: BLE001 - any parse failure: no data to look fields up in
        return None


def fuzz_manifests(count: int, random_seed: int) -> Tally:
    tally = Tally()

    @seed(random_seed)
    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(kind=st.sampled_from(SOURCES), data=st.data())
    def one(kind, data):
        source, document = source_of(kind, data.draw)
        tally.runs += 1
        try:
            job = load_or_refuse(source, document)  # checks error fields, and the round trip of a Job
            tally.outcomes[f"{kind} {'loaded' if job is not None else 'refused'}"] += 1
        except Exception as error:  # noqa: BLE001 - every other outcome is a crash to report
            tally.outcomes[f"{kind} crashed"] += 1
            tally.crash(error, source)

    one()
    return tally


def fuzz_scenarios(count: int, random_seed: int) -> Tally:
    tally = Tally()

    @seed(random_seed)
    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    # Small Jobs (many calls land mid-run) and bigger ones (waves, many pods) alike.
    @given(scenario=st.one_of(scenarios(max_calls=8), scenarios(max_calls=8, max_completions=40, max_parallelism=12),
                              scenarios(max_calls=4, max_completions=300, max_parallelism=60)))
    def one(scenario):
        tally.runs += 1
        try:
            cluster = check_scenario(scenario)
            tally.outcomes["scenarios passed"] += 1
            tally.outcomes["pods simulated"] += len([r for r in cluster.records if r[1] == "create"])
            tally.outcomes["records checked"] += len(cluster.records)
        except Exception as error:  # noqa: BLE001
            tally.outcomes["scenarios crashed"] += 1
            tally.crash(error, scenario)

    one()
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifests", type=int, default=10_000)
    parser.add_argument("--scenarios", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # RuntimeWarnings of horizon stops are expected here
    start = time.perf_counter()
    manifests = fuzz_manifests(args.manifests, args.seed)
    manifests.report("manifests", time.perf_counter() - start)
    start = time.perf_counter()
    runs = fuzz_scenarios(args.scenarios, args.seed)
    runs.report("scenarios", time.perf_counter() - start)
    return 1 if manifests.crashes or runs.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
