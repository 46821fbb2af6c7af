"""The real dashboard in a real browser: `crowdlens dashboard` serving a database, every page opened
in headless Chromium (Debian's /usr/bin/chromium, never a downloaded one), checked for exceptions
and error messages, and photographed under test-output/screenshots/.

The database is the sample company (crowdlens.demo) when it exists, else the six-person fixture.
The serve() helpers themselves are checked without a browser at the end.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fixtures.dashboard.small_company import build_small_company

from dashboard import serve
from etl.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# url path -> the page's title (its h1)
PAGES = {
    "": "Overview", "adoption": "Adoption", "ties": "Ties", "influencers": "Influencers",
    "training-reuse": "Training reuse", "data": "Data", "about-the-metrics": "About the metrics",
}
RENDERED = """() => {
    const busy = document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSpinner"],'
        + ' [data-testid="stSkeleton"], [data-stale="true"]');
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return !busy && charts.every(c => c.querySelector('.main-svg'));
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> tuple[Path, Path | None]:
    folder = tmp_path_factory.mktemp("browser")
    try:
        from crowdlens.demo import build_demo_database
    except ImportError:
        return build_small_company(folder), None
    db, config = build_demo_database(folder)
    return Path(db), Path(config) if config else None


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    with _serving(database, tmp_path_factory.mktemp("server") / "server.log") as url:
        yield url


@contextlib.contextmanager
def _serving(database, log: Path):
    db, config = database
    port = free_port()
    args = [sys.executable, "-m", "crowdlens", "dashboard", "--db", str(db), "--port", str(port)]
    if config:
        args += ["--config", str(config)]
    with open(log, "wb") as out:
        # A session of its own, so that stopping it also stops the streamlit process it starts.
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_healthy(url: str, process, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the dashboard exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the dashboard did not answer within {timeout} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent (Debian's chromium package)")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_page_renders_in_chromium(server, browser, path):
    title = PAGES[path]
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.get_by_role("heading", name=title, level=1).wait_for(state="visible", timeout=30_000)
        page.wait_for_function(RENDERED, timeout=30_000)
        page.wait_for_timeout(500)  # let plotly finish its transitions
        exceptions = page.locator('[data-testid="stException"]').all_inner_texts()
        alerts = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
        _screenshot(page, path or "overview")
        assert exceptions == [], exceptions
        assert alerts == [], alerts
        assert errors == [], errors
    finally:
        page.close()


@pytest.mark.browser
def test_a_link_to_a_page_is_the_first_request_of_a_fresh_server(database, browser, tmp_path):
    """A shared link opened right after a restart still gets the app's navigation and layout:
    the sidebar lists the pages by title (Streamlit would otherwise run the page file alone and
    list raw file names such as "app")."""
    with _serving(database, tmp_path / "server.log") as url:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        try:
            page.goto(f"{url}/influencers", wait_until="domcontentloaded")
            page.get_by_role("heading", name="Influencers", level=1).wait_for(state="visible", timeout=30_000)
            nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
            assert "About the metrics" in nav and "Training reuse" in nav
            assert "app" not in nav.split()
        finally:
            page.close()


@pytest.mark.browser
def test_filters_travel_in_the_link(server, browser):
    """A department chosen on Overview is in the URL, and opening Ties with that URL keeps it."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{server}/", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Overview", level=1).wait_for(timeout=30_000)
        page.wait_for_function(RENDERED, timeout=30_000)
        department = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
        department.click()
        options = page.locator('[role="option"]')
        options.nth(1).wait_for(timeout=10_000)
        chosen = options.nth(1).inner_text().strip()
        options.nth(1).click()
        page.wait_for_url(lambda url: "department=" in url, timeout=15_000)
        link = page.url
        page.goto(link.replace(f"{server}/", f"{server}/ties"), wait_until="domcontentloaded")
        page.get_by_role("heading", name="Ties", level=1).wait_for(timeout=30_000)
        page.wait_for_function(RENDERED, timeout=30_000)
        assert "department=" in page.url
        chosen_box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
        assert chosen in chosen_box.inner_text() or chosen_box.locator("input").input_value() == chosen
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert f"· {chosen} ·" in main  # the caption naming the selection
        _screenshot(page, "ties-filtered")
    finally:
        page.close()


def _screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], "
        "[data-testid=\"stMainBlockContainer\"]')].map(e => e.scrollHeight), 800)"
    )
    page.set_viewport_size({"width": 1440, "height": min(int(height) + 80, 12000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# --- serve() without a browser ------------------------------------------------------------------

def test_serve_command_listens_on_localhost_headless():
    args = serve.command(port=8765)
    assert args[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(args[4]) == ROOT / "dashboard" / "app.py" and Path(args[4]).is_file()
    options = dict(zip(args[5::2], args[6::2], strict=True))
    assert options == {"--server.address": "127.0.0.1", "--server.port": "8765",
                       "--server.headless": "true", "--browser.gatherUsageStats": "false",
                       "--client.toolbarMode": "minimal"}


def test_serve_environment_names_database_and_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CROWDLENS_CONFIG", "/elsewhere.toml")
    env = serve.environment(tmp_path / "x.duckdb")
    assert env["CROWDLENS_DB"] == str((tmp_path / "x.duckdb").resolve()) and "CROWDLENS_CONFIG" not in env
    env = serve.environment(tmp_path / "x.duckdb", str(tmp_path / "c.toml"))
    assert env["CROWDLENS_CONFIG"] == str((tmp_path / "c.toml").resolve())


def test_serve_refuses_a_missing_database(tmp_path):
    with pytest.raises(InputError, match="run `crowdlens load` first"):
        serve.serve(tmp_path / "absent.duckdb")
