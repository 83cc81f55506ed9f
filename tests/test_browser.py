"""The lessons as a person sees them: the playground in Voilà and a lesson in JupyterLab,
driven by Playwright in Debian's chromium (never `playwright install`).

Screenshots land in test-artifacts/ (not committed).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("K8SJOBS_CHROMIUM", "/usr/bin/chromium")  # Debian's; never `playwright install`
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
SERVER_START_SECONDS = 90
TOKEN = "k8sjobs-edu-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, headers: dict | None = None) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} after {SERVER_START_SECONDS} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"these tests need Chromium at {CHROMIUM}: apt-get install -y chromium "
                    "(or point K8SJOBS_CHROMIUM at another Chromium)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def voila_server(log_dir: Path, target: str):
    """Voilà serving ``target`` (a notebook or ".") from notebooks/; yields its base URL."""
    port = free_port()
    with open(log_dir / "voila.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "voila", target, f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1"],
            cwd=NOTEBOOKS, stdout=log, stderr=subprocess.STDOUT)
        try:
            # Not "/": every GET of the page starts a kernel.
            wait_http(f"http://127.0.0.1:{port}/voila/static/favicon.ico", process)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    with voila_server(tmp_path_factory.mktemp("voila"), "playground.ipynb") as url:
        yield url + "/"


def exercise_box(page, key: str):
    return page.locator(".k8sjobs-predict", has=page.locator("b", has_text=re.compile(f"^{re.escape(key)}$")))


def running_rows(pane) -> int:
    return sum(1 for line in pane.inner_text().splitlines()[1:] if " Running " in line)


def test_playground_in_voila_reacts_to_parallelism_step_and_suspend(voila_url, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 1800})
    page.goto(voila_url)
    suspend = page.get_by_role("button", name="Suspend")
    suspend.wait_for(timeout=SERVER_START_SECONDS * 1000)
    jobs_pane, pods_pane = page.locator(".widget-output").nth(0), page.locator(".widget-output").nth(1)
    expect(jobs_pane).to_contain_text("paral-myjob   Running   0/8")
    expect(page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)
    plot = page.locator(".widget-image").first
    expect(plot).to_have_attribute("src", re.compile("^(blob:|data:image/png)"))
    page.screenshot(path=ARTIFACTS / "playground-before.png", full_page=True)
    plot_at_start = plot.get_attribute("src")

    # The manifest's parallelism (the first field labelled "parallelism"): -1 is refused in the API
    # server's words and stays in the field; then 2 → 4.
    parallelism = page.locator(".widget-inline-hbox", has=page.locator("label", has_text=re.compile(r"^parallelism$")))
    field = parallelism.first.locator("input")
    field.fill("-1")
    field.press("Enter")
    refusal = page.get_by_text("spec.parallelism: Invalid value: -1: must be greater than or equal to 0")
    expect(refusal).to_be_visible()
    expect(field).to_have_value("-1")
    field.fill("4")
    field.press("Enter")
    expect(page.get_by_text(re.compile(r"simulations so far: 2"))).to_be_visible()
    expect(refusal).to_have_count(0)
    expect(plot).not_to_have_attribute("src", plot_at_start)

    moment = page.get_by_text(re.compile(r"kubectl get jobs at t = "))
    # Type a moment into the time slider's readout: t = 10 s, while the four pods run `sleep 30`.
    readout = page.locator(".widget-slider", has=page.locator("label", has_text="t (s)")).locator(".widget-readout")

    def set_time(seconds: int) -> None:
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(str(seconds))
        page.keyboard.press("Enter")

    set_time(10)
    expect(moment).to_contain_text("at t = 10 s")
    expect(pods_pane).to_contain_text(re.compile(r"(Running[^\n]*\n[\s\S]*){3}Running"))
    assert running_rows(pods_pane) == 4
    plot_running = plot.get_attribute("src")

    suspend.click()
    expect(page.get_by_text(re.compile(r"simulations so far: 3"))).to_be_visible()
    expect(plot).not_to_have_attribute("src", plot_running)

    # At t = 10 s itself, without moving the time, the panes show the action: the Job is suspended
    # and its pods, deleted at 10 s, are Terminating (sleep ignores SIGTERM). The shorter run changes
    # the slider's max, and the browser's slider sends 10 back as 9.999999999999998; that is still 10 s.
    expect(jobs_pane).to_contain_text("Suspended")
    # A round trip through the kernel: once it is answered, so is every message the browser sent before.
    page.get_by_role("button", name="get events").click()
    expect(page.get_by_text("$ kubectl get events")).to_be_visible()
    expect(moment).to_contain_text("at t = 10 s")
    expect(jobs_pane).to_contain_text("Suspended")
    expect(pods_pane).to_contain_text(re.compile(r"Terminating[^\n]*\n[^\n]*Terminating"))
    assert running_rows(pods_pane) == 0
    # Step jumps to the next change: the end of their 30 s grace period.
    page.get_by_role("button", name="event ▶").click()
    expect(moment).not_to_contain_text("at t = 10 s")
    page.screenshot(path=ARTIFACTS / "playground-after.png", full_page=True)
    page.close()


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    """JupyterLab on a copy of lesson 1, with its own config, runtime and workspace folders."""
    home = tmp_path_factory.mktemp("lab")
    (home / "config" / "labconfig").mkdir(parents=True)
    (home / "config" / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    work = home / "notebooks"
    work.mkdir()
    shutil.copy(NOTEBOOKS / "01-first-job.ipynb", work)
    shutil.copytree(ROOT / "data", home / "data")
    port = free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    log = open(home / "lab.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work}", f"--LabApp.workspaces_dir={home}/ws",
         "--LabApp.expose_app_in_browser=True", "--LabApp.extension_manager=readonly", "--LabApp.news_url=None"],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status", process, {"Authorization": f"token {TOKEN}"})
        yield f"http://127.0.0.1:{port}/lab/tree/01-first-job.ipynb?token={TOKEN}"
    finally:
        stop(process)
        log.close()


KERNEL_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(w && w.content && w.content.activeCell && w.sessionContext.isReady && k
            && k.connectionStatus === 'connected' && k.status === 'idle');
}"""
ALL_EXECUTED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  return k.status === 'idle' && cells.length > 0 && cells.every(c => c.model.executionCount !== null);
}"""


def test_lesson_one_runs_in_jupyterlab_without_errors(lab_url, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(lab_url)
    page.wait_for_function(KERNEL_READY, timeout=SERVER_START_SECONDS * 1000)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")  # not awaited
    page.wait_for_function(ALL_EXECUTED, timeout=120_000)
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
    expect(page.get_by_text("job.batch/pi created").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "lesson-01-jupyterlab.png")

    # The same answer box works here, and the runs that reveal the answers stay folded.
    restart_policy = exercise_box(page, "L01-E2")
    restart_policy.scroll_into_view_if_needed()
    restart_policy.locator("select").select_option(label="Always")
    restart_policy.get_by_role("button", name="Check").click()
    expect(restart_policy).to_contain_text("❌ L01-E2: 'Always' — Always is the Pod default")
    assert page.locator("details.k8sjobs-folded").count() == 4  # three runs and one explanation
    assert page.locator("details.k8sjobs-folded[open]").count() == 0
    page.screenshot(path=ARTIFACTS / "lesson-01-jupyterlab-exercise.png")
    page.close()


@pytest.fixture(scope="module")
def voila_tree(tmp_path_factory):
    """Voilà serving the whole notebooks folder, as an instructor hands it out."""
    with voila_server(tmp_path_factory.mktemp("voila-tree"), ".") as url:
        yield url


LESSONS = sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def test_there_are_ten_lessons():
    assert len(LESSONS) == 10


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_renders_in_voila_with_plots_and_no_errors(voila_tree, browser, lesson):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{voila_tree}/voila/render/{lesson}", timeout=SERVER_START_SECONDS * 1000)
    # Voilà shows the page once every cell has run; a failing cell leaves an error output.
    page.locator(".jp-OutputArea-output").first.wait_for(timeout=SERVER_START_SECONDS * 1000)
    page.wait_for_load_state("networkidle")
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                          ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, errors.all_inner_texts()
    assert page.locator(".jp-OutputArea-output img").count() >= 1  # the lesson's timeline picture
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and "Replace None" not in text
    # Every exercise has a box to answer in, and no answer shows before the learner opens it.
    assert page.locator(".k8sjobs-predict").count() >= 2
    assert page.locator("details.k8sjobs-folded").count() >= 2
    assert page.locator("details.k8sjobs-folded[open]").count() == 0
    assert page.locator("text=the simulator says >> visible=true").count() == 0
    page.screenshot(path=ARTIFACTS / f"voila-{lesson.removesuffix('.ipynb')}.png")
    page.close()



def test_a_learner_answers_exercises_in_voila_and_opens_the_folded_run(voila_tree, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{voila_tree}/voila/render/02-completions-and-parallelism.ipynb", timeout=SERVER_START_SECONDS * 1000)
    pods_at_4s = exercise_box(page, "L02-E1")
    pods_at_4s.wait_for(timeout=SERVER_START_SECONDS * 1000)
    field = pods_at_4s.locator("input")

    field.fill("8")  # completions, the misconception
    pods_at_4s.get_by_role("button", name="Check").click()
    expect(pods_at_4s).to_contain_text("❌ L02-E1: 8 — completions (8) is how many must *succeed* in total")
    field.fill("2")
    field.press("Enter")
    expect(pods_at_4s).to_contain_text("✅ L02-E1: 2 is right. parallelism: 2 → two Pods at once")
    pods_at_4s.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "voila-exercise-answered.png")

    # The run below the box is folded; a click on its summary shows it.
    run = page.locator("details.k8sjobs-folded").first
    expect(run.locator("pre")).to_be_hidden()
    run.locator("summary").click()
    expect(run.locator("pre")).to_be_visible()
    expect(run.locator("pre")).to_contain_text("paral-myjob   0/8           4s         4s")
    expect(run.locator("pre")).to_contain_text("L02-E1: the simulator says 2.")

    typo = exercise_box(page, "L02-E4")  # a multiple-choice question: a dropdown
    typo.locator("select").select_option(label="B")
    typo.get_by_role("button", name="Check").click()
    expect(typo).to_contain_text("❌ L02-E4: 'B' — That is what happens with validation off")
    typo.locator("select").select_option(label="C")
    typo.get_by_role("button", name="Check").click()
    expect(typo).to_contain_text("✅ L02-E4: 'C' is right.")
    page.close()
