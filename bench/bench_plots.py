"""Plot benchmark: a 100,000-pod timeline drawn and saved as PNG (target: 1 s), and one scrub step.

Run: python bench/bench_plots.py [--pods 100000] [--out FILE.png]

The timeline is the engine benchmark's scenario (completions N, parallelism
1,000, run times uniform 5-15 s, start latency 1-2 s). Times are wall-clock
seconds with the Agg backend at 100 dpi; "cold" is the first figure of the
process (fonts loaded, caches empty), "warm" the best of three after it.
"""
from __future__ import annotations

import argparse
import io
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from bench_engine import run_engine  # noqa: E402 (the same scenario as the engine benchmark)
from k8sjobs_edu.teach.plots import plot_counts, plot_timeline, pod_phases, set_cursor  # noqa: E402

TARGET_SECONDS = 1.0
SCRUB_TARGET_SECONDS = 0.150
def simulate(pods: int, parallelism: int = 1000):
    """The engine benchmark's scenario, simulated to the end: (seconds the run took, its timeline)."""
    seconds, cluster = run_engine(pods, parallelism)
    return seconds, cluster.timeline()


def render(draw, out=None) -> tuple[float, float]:
    """Seconds to draw, and to draw and write the PNG."""
    start = time.perf_counter()
    ax = draw()
    drawn = time.perf_counter()
    ax.figure.savefig(out or io.BytesIO(), format="png", dpi=100)
    done = time.perf_counter()
    plt.close(ax.figure)
    return drawn - start, done - start


def scrub_step(timeline, labels: bool = True) -> float:
    """Best seconds to move the cursor and redraw the canvas (what a time slider does)."""
    ax = plot_timeline(timeline, by="slot", at=0, labels=labels)
    ax.figure.canvas.draw()
    best = float("inf")
    for step in range(1, 11):
        start = time.perf_counter()
        set_cursor(ax, step * timeline.end / 10)
        ax.figure.canvas.draw()
        best = min(best, time.perf_counter() - start)
    plt.close(ax.figure)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pods", type=int, default=100_000)
    parser.add_argument("--out", default="bench/bench_plots_timeline.png", help="where to write the big figure")
    args = parser.parse_args()

    seconds, timeline = simulate(args.pods)
    print(f"scenario: completions={args.pods:,} parallelism=1,000; simulated in "
          f"{seconds:.2f} s, {len(timeline.records):,} records")

    cold_draw, cold = render(lambda: plot_timeline(timeline), args.out)
    warm = [render(lambda: plot_timeline(timeline)) for _ in range(3)]
    warm_draw, warm_total = min(warm, key=lambda pair: pair[1])
    start = time.perf_counter()
    pod_phases(timeline)
    scan = time.perf_counter() - start
    verdict = "meets" if warm_total <= TARGET_SECONDS else "MISSES"
    print(f"  plot_timeline by pod, {args.pods:,} pods -> PNG: cold {cold:.3f} s (draw {cold_draw:.3f}), "
          f"warm {warm_total:.3f} s (draw {warm_draw:.3f}, of which reading the records {scan:.3f})"
          f" -- {verdict} the {TARGET_SECONDS:g} s target")
    slot_draw, slot_total = min((render(lambda: plot_timeline(timeline, by="slot")) for _ in range(2)),
                                key=lambda pair: pair[1])
    print(f"  plot_timeline by slot (1,000 rows) -> PNG: {slot_total:.3f} s (draw {slot_draw:.3f})")
    counts_draw, counts_total = render(lambda: plot_counts(timeline))
    print(f"  plot_counts -> PNG: {counts_total:.3f} s (draw {counts_draw:.3f})")
    print(f"  figure written to {args.out}")

    _, small = simulate(100, parallelism=10)
    for labels in (True, False):
        step = scrub_step(small, labels)
        verdict = "meets" if step <= SCRUB_TARGET_SECONDS else "MISSES"
        print(f"  scrub step (set_cursor + canvas.draw), 100 pods by slot, labels={labels}: "
              f"{step * 1000:.0f} ms -- {verdict} the {SCRUB_TARGET_SECONDS * 1000:.0f} ms target")


if __name__ == "__main__":
    main()
