"""The k8sjobs-edu command: output, exit codes and one-line errors."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from k8sjobs_edu.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_prints_the_apply_line_snapshots_and_describe(capsys):
    code, out, err = run_cli(capsys, "run", str(DATA / "pi.yaml"), "--at", "3")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"$ kubectl apply -f {DATA / 'pi.yaml'}"
    assert lines[1] == "job.batch/pi created"
    assert lines[3] == "# t = 3s"
    assert lines[4] == "$ kubectl get jobs"
    assert lines[5].split() == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    assert lines[6].split() == ["pi", "Running", "0/1", "3s", "3s"]
    assert "$ kubectl describe job pi" in lines
    assert "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed" in lines


def test_run_uses_the_old_kubectl_layout_on_request(capsys):
    code, out, _ = run_cli(capsys, "run", str(DATA / "paral-myjob.yaml"), "--at", "4",
                           "--kubectl-version", "1.29")
    assert code == 0
    assert "NAME          COMPLETIONS   DURATION   AGE\nparal-myjob   0/8           4s         4s\n" in out


def test_run_is_deterministic_per_seed(capsys):
    first = run_cli(capsys, "run", str(DATA / "paral-myjob.yaml"), "--seed", "7")[1]
    second = run_cli(capsys, "run", str(DATA / "paral-myjob.yaml"), "--seed", "7")[1]
    other = run_cli(capsys, "run", str(DATA / "paral-myjob.yaml"), "--seed", "8")[1]
    assert first == second
    assert first != other


def test_until_stops_the_clock_early(capsys):
    code, out, _ = run_cli(capsys, "run", str(DATA / "paral-myjob.yaml"), "--until", "50")
    assert code == 0
    assert "# t = 50s (--until)" in out
    assert "Running   2/8" in out


def test_plot_writes_a_png(capsys, tmp_path):
    target = tmp_path / "pictures" / "pi.png"
    code, out, _ = run_cli(capsys, "run", str(DATA / "pi.yaml"), "--plot", str(target))
    assert code == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.rstrip().endswith(f"# timeline written to {target}")


def test_watch_prints_one_row_per_pod_change(capsys):
    code, out, _ = run_cli(capsys, "run", str(DATA / "pi.yaml"), "--watch")
    assert code == 0
    watch = out.split("$ kubectl get pods --watch\n", 1)[1].split("\n\n", 1)[0].splitlines()
    statuses = [line.split()[2] for line in watch[1:]]
    assert statuses[:3] == ["ContainerCreating", "Running", "Completed"]


def test_kubectl_subcommand_runs_one_command_at_a_moment(capsys):
    code, out, _ = run_cli(capsys, "kubectl", str(DATA / "pi.yaml"), "--at", "1", "--", "get", "jobs", "pi")
    assert code == 0
    assert out.splitlines()[1].split() == ["pi", "Running", "0/1", "1s", "1s"]


def test_kubectl_subcommand_needs_a_command(capsys):
    code, _, err = run_cli(capsys, "kubectl", str(DATA / "pi.yaml"))
    assert code == 1
    assert err == "error: no kubectl command given; put it after --, e.g. -- get pods\n"


def test_lessons_lists_ten_lessons(capsys):
    code, out, _ = run_cli(capsys, "lessons")
    assert code == 0
    numbered = [line for line in out.splitlines() if re.match(r"\s+\d+\. ", line)]
    assert len(numbered) == 10
    assert "1. Your first Job: run to completion (非并行 Job：运行至完成)" in out


@pytest.mark.parametrize("argv, message", [
    (["run", "no-such-file.yaml"], 'error: the path "no-such-file.yaml" does not exist\n'),
    (["run", str(DATA / "invalid" / "paral-myjob-parallelims.yaml")],
     'error: Job in version "v1" cannot be handled as a Job: strict decoding error: '
     'unknown field "spec.parallelims"\n'),
    (["run", str(DATA / "invalid" / "restart-policy-always.yaml")],
     'error: Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: '
     'valid values: "OnFailure", "Never"\n'),
])
def test_bad_input_is_one_line_and_exit_code_1(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 1
    assert err == message
    assert "Traceback" not in out + err


def test_debug_shows_the_traceback(capsys):
    with pytest.raises(FileNotFoundError):
        main(["run", "no-such-file.yaml", "--debug"])


def test_no_progress_bar_when_not_a_terminal():
    result = subprocess.run([sys.executable, "-m", "k8sjobs_edu.cli", "run", str(DATA / "pi.yaml")],
                            capture_output=True, text=True, check=True)
    assert result.stderr == ""
    assert "job.batch/pi created" in result.stdout
