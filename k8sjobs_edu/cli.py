"""The ``k8sjobs-edu`` command: simulate a Job manifest and print what kubectl would show.

    k8sjobs-edu run MANIFEST [--seed N] [--at T ...] [--until T] [--plot FILE.png] [--watch]
    k8sjobs-edu kubectl MANIFEST [--at T] -- get pods -o wide
    k8sjobs-edu lessons
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

LESSONS = [
    ("01-first-job.ipynb", "Your first Job: run to completion", "非并行 Job：运行至完成"),
    ("02-completions-and-parallelism.ipynb", "Fixed completion count and parallelism", "确定完成计数与并行性"),
    ("03-indexed-jobs.ipynb", "Indexed Jobs: static work assignment", "带索引的 Job"),
    ("04-work-queues.ipynb", "Work queues: coarse and fine", "工作队列：粗粒度与精细并行处理"),
    ("05-choosing-a-pattern.ipynb", "Choosing a pattern", "Job 模式"),
    ("06-failures-backoff.ipynb", "Failures I: restartPolicy and backoffLimit", "Pod 回退失效策略"),
    ("07-failures-policies.ipynb", "Failures II: podFailurePolicy and backoffLimitPerIndex", "Pod 失效策略"),
    ("08-deadlines-and-success.ipynb", "Deadlines and success policy", "活跃期限与成功策略"),
    ("09-suspend-and-resume.ipynb", "Suspend and resume", "挂起与恢复 Job"),
    ("10-deleting-and-cleanup.ipynb", "Deleting and cleaning up", "删除、级联删除与自动清理"),
]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # Everything after "--" belongs to kubectl, not to us.
    tail = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    args.kubectl_args = tail
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly, as shell tools do
        sys.stdout = open(os.devnull, "w")
        return 0
    except Exception as err:  # one clear line; the traceback only with --debug
        if getattr(args, "debug", False):
            raise
        print(f"error: {_one_line(err)}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="k8sjobs-edu", description="Learn Kubernetes Jobs on a simulated cluster.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="simulate a manifest and print kubectl's view of it")
    run.add_argument("manifest", help="a YAML file with one or more batch/v1 Jobs")
    _common_options(run)
    run.add_argument("--at", type=float, action="append", default=[], metavar="T",
                     help="also show `kubectl get jobs` and `get pods` at T seconds (repeatable)")
    run.add_argument("--until", type=float, metavar="T", help="stop at T seconds (default: when all is done)")
    run.add_argument("--plot", metavar="FILE.png", help="draw the timeline picture to this file")
    run.add_argument("--by", choices=("pod", "index", "slot"), default="slot",
                     help="timeline rows: one per pod, per completion index or per parallel slot")
    run.add_argument("--watch", action="store_true", help="print `kubectl get pods --watch` as pods change")
    run.set_defaults(handler=_run)

    kubectl = commands.add_parser(
        "kubectl", help="apply a manifest, advance the clock, then run one kubectl command",
        usage="k8sjobs-edu kubectl MANIFEST [--at T] [--seed N] -- KUBECTL ARGS...",
        description="Example: k8sjobs-edu kubectl data/pi.yaml --at 30 -- describe job pi")
    kubectl.add_argument("manifest")
    _common_options(kubectl)
    kubectl.add_argument("--at", type=float, metavar="T", help="run the command at T seconds (default: the end)")
    kubectl.set_defaults(handler=_kubectl)

    lessons = commands.add_parser("lessons", help="list the lessons and how to open them")
    lessons.set_defaults(handler=_lessons)
    return parser


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=0, help="random seed (pod names, run times); default 0")
    parser.add_argument("--kubectl-version", default=None, metavar="V",
                        help='mimic this kubectl (e.g. "1.29": get jobs without the STATUS column)')
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")


def _cluster(args):
    from .kubectl.cluster import Cluster
    from .api.wellknown import KUBERNETES_VERSION

    return Cluster(seed=args.seed, kubectl_version=args.kubectl_version or KUBERNETES_VERSION)


def _load(manifest: str) -> list:
    from .api.manifest import load_jobs

    path = Path(manifest)
    if path.is_dir():
        raise IsADirectoryError(f'"{manifest}" is a directory: give one YAML file')
    if not path.is_file():
        raise FileNotFoundError(f'the path "{manifest}" does not exist')
    return load_jobs(path)


def _apply(cluster, manifest: str) -> list:
    jobs = _load(manifest)
    print(f"$ kubectl apply -f {manifest}")
    names = []
    for job in jobs:
        before = cluster.get_job(job.name).to_dict() if job.name in names else None
        cluster.apply(job)
        if before is None:
            verb = "created"
        else:
            verb = "unchanged" if cluster.get_job(job.name).to_dict() == before else "configured"
        print(f"job.batch/{job.name} {verb}")
        names.append(job.name)
    return list(dict.fromkeys(names))


def _check_times(args) -> None:
    """Moments are finite seconds from the apply, never negative."""
    moments = [("--at", t) for t in (args.at if isinstance(args.at, list) else [args.at])]
    for flag, value in moments + [("--until", getattr(args, "until", None))]:
        if value is not None and not (0 <= value < float("inf")):
            raise ValueError(f"{flag} takes a number of seconds from 0 on, not {value:g}")


def _run(args) -> int:
    _check_times(args)
    if args.plot and Path(args.plot).is_dir():
        raise IsADirectoryError(f'--plot "{args.plot}" is a directory: give a file name such as timeline.png')
    cluster = _cluster(args)
    names = _apply(cluster, args.manifest)
    if args.watch:
        print()
        _show(cluster, "get pods --watch")
    for moment in sorted(t for t in args.at if args.until is None or t <= args.until):
        _advance(cluster, moment, names)
        print(f"\n# t = {_seconds(cluster.now)}")
        _show(cluster, "get jobs")
        _show(cluster, "get pods")
    _advance(cluster, args.until, names)
    print(f"\n# t = {_seconds(cluster.now)} ({'the end' if args.until is None else '--until'})")
    _show(cluster, "get jobs")
    _show(cluster, "get pods")
    for name in names:
        if any(job.name == name for job in cluster.jobs()):
            _show(cluster, f"describe job {name}")
    if args.plot:
        _save_plot(cluster, args.plot, args.by)
        print(f"\n# timeline written to {args.plot}")
    return 0


def _kubectl(args) -> int:
    words = args.kubectl_args
    if not words:
        raise ValueError("no kubectl command given; put it after --, e.g. -- get pods")
    _check_times(args)
    cluster = _cluster(args)
    for job in _load(args.manifest):
        cluster.apply(job)
    cluster.run(until=args.at)
    output = cluster.kubectl(shlex.join(words))
    if output.startswith(("error:", "Error from server", "The Job")):  # kubectl's failures go to stderr
        raise RuntimeError(output.strip().splitlines()[0])
    print(output)
    return 0


def _lessons(args) -> int:
    print("Lessons (notebooks/ in the k8sjobs-edu repository):\n")
    for number, (file, title, chinese) in enumerate(LESSONS, start=1):
        print(f"  {number:>2}. {title} ({chinese})\n      notebooks/{file}")
    print("\nOpen them with:  jupyter lab notebooks/          (pip install \"k8sjobs-edu[lab]\")")
    print("or as web apps:  voila notebooks/01-first-job.ipynb")
    return 0


def _show(cluster, command: str) -> None:
    print(f"$ kubectl {command}")
    print(cluster.kubectl(command).rstrip("\n"))


def _advance(cluster, until: float | None, names: list[str]) -> None:
    """Run to ``until`` (or the end), with a progress bar when stderr is a terminal."""
    if not sys.stderr.isatty():
        cluster.run(until=until)
        return
    last_draw = 0.0
    limit = cluster.horizon if until is None else until
    while (moment := cluster.next_time()) is not None and moment <= limit:
        cluster.step()
        if time.monotonic() - last_draw > 0.1:
            last_draw = time.monotonic()
            _draw_progress(cluster, names)
    cluster.run(until=until)  # sets the clock and reports a horizon stop
    if last_draw:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr)


def _draw_progress(cluster, names: list[str]) -> None:
    done = total = 0
    for job in cluster.jobs():
        if job.name in names:
            total += job.spec.completions or 1
            done += min(job.status.succeeded, job.spec.completions or 1)
    fraction = done / total if total else 0.0
    bar = "#" * int(30 * fraction)
    print(f"\r[{bar:<30}] {fraction:4.0%}  t={_seconds(cluster.now)}", end="", file=sys.stderr, flush=True)


def _save_plot(cluster, path: str, by: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .teach.plots import plot_counts, plot_timeline

    timeline = cluster.timeline()
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6.5), height_ratios=(3, 1.4),
                                         constrained_layout=True)
    plot_timeline(timeline, ax=top, by=by)
    plot_counts(timeline, ax=bottom)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    figure.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(figure)


def _seconds(t: float) -> str:
    return f"{t:g}s"


def _one_line(err: Exception) -> str:
    text = str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
    return " ".join(text.split()) or type(err).__name__


if __name__ == "__main__":
    sys.exit(main())
