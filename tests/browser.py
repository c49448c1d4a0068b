"""Helpers for browser tests: a fresh Streamlit server and Debian's Chromium through Playwright."""
from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        pytest.fail(f"Chromium not found at {CHROMIUM}, and REQUIRE_BROWSER_TESTS is set")
    pytest.skip("Chromium not installed (apt-get install chromium): browser tests skipped")


# Each pytest-xdist worker takes its servers' ports from a slice of its own, below Linux's ephemeral
# range (32768-60999, where the kernel picks ports for outgoing connections and for bind(0)), so
# two workers never pick the same port at the same moment. Workers run their tests one at a time.
PORTS_PER_WORKER = 400
FIRST_PORT = 20000


def _worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # "gw0", "gw1", ...; unset when serial
    return int(worker.removeprefix("gw")) if worker.removeprefix("gw").isdigit() else 0


# BROWSER_TEST_PORTS="8650-8699" keeps a run's servers in a range of its own instead (a machine shared
# with other runs that were given other ranges).
PORT_RANGE_ENV = "BROWSER_TEST_PORTS"


def _port_range() -> tuple[int, int]:
    """The first port this worker may use and how many."""
    chosen = os.environ.get(PORT_RANGE_ENV)
    if chosen:
        first, last = (int(p) for p in chosen.split("-"))
        return first, last - first + 1
    return FIRST_PORT + (_worker_index() % 30) * PORTS_PER_WORKER, PORTS_PER_WORKER


def _free_port() -> int:
    first, count = _port_range()
    offset = random.randrange(count)
    for i in range(count):
        port = first + (offset + i) % count
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{first + count - 1}")


def _start(env: dict[str, str], timeout: float):
    """One try at starting the server on a port that was free a moment ago; returns (process, base URL,
    log) once it answers, or None when another process took the port in between (with pytest-xdist
    several workers pick ports at the same time)."""
    port = _free_port()
    full_env = {**os.environ, **env}
    folder = Path(env["DASBOR_DATA_DIR"]) if "DASBOR_DATA_DIR" in env else Path(tempfile.gettempdir())
    log = open(folder / f"streamlit-{port}-{os.getpid()}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200 and proc.poll() is None:
                    return proc, base, log
        except OSError:
            pass
        if proc.poll() is not None:
            log.close()
            if "is not available" in Path(log.name).read_text(errors="replace"):  # taken meanwhile
                return None
            raise RuntimeError(f"Streamlit did not start; see {log.name}")
        if time.monotonic() > deadline:
            _stop(proc, log)
            raise RuntimeError(f"Streamlit did not start; see {log.name}")
        time.sleep(0.3)


def _stop(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


@contextmanager
def streamlit_server(env: dict[str, str], timeout: float = 120):
    """Start `streamlit run app.py` on a free port with extra environment; yield its base URL."""
    for _ in range(5):
        started = _start(env, timeout)
        if started is not None:
            break
    else:
        raise RuntimeError("Streamlit found no free port in 5 tries")
    proc, base, log = started
    try:
        yield base
    finally:
        _stop(proc, log)


@contextmanager
def demo_copy_server(demo_file: Path, folder: Path):
    """A fresh server on a private copy of the session's demo database (in `folder`)."""
    require_chromium()
    copy = folder / "demo.sqlite"
    shutil.copyfile(demo_file, copy)
    with streamlit_server({"DATABASE_URL": f"sqlite:///{copy}", "DASBOR_DATA_DIR": str(folder)}) as base:
        yield base


# One Chromium per test module: launching it costs about 1,4 s of CPU, and a module's tests opened a
# dozen of them. Each test still gets a browser of its own: `browser()` hands out the shared process
# behind a wrapper whose contexts and pages (each a fresh browser session: its own cookies, storage and
# Streamlit session) are closed when the test's `with` ends. `stop_shared_browser()` ends the process;
# tests/conftest.py calls it after a module's last test, before any other module's test runs (while
# Playwright's sync API is alive it marks its event loop as the thread's running loop).
_shared: dict = {}


def _shared_chromium():
    b = _shared.get("browser")
    if b is not None and b.is_connected():
        return b
    stop_shared_browser()
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    playwright = manager.start()
    try:
        b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except BaseException:
        manager.__exit__()
        raise
    _shared.update(manager=manager, browser=b)
    return b


def stop_shared_browser() -> None:
    """Close the module's shared Chromium and Playwright, if one is running."""
    b, manager = _shared.pop("browser", None), _shared.pop("manager", None)
    try:
        if b is not None and b.is_connected():
            b.close()
    finally:
        if manager is not None:
            manager.__exit__()


class _TestBrowser:
    """What a test sees of the shared Chromium: `new_context` and `new_page` as on Playwright's Browser;
    whatever it opened is closed when the test's `with browser()` ends."""

    def __init__(self, shared):
        self._shared = shared
        self._contexts: list = []

    def new_context(self, **options):
        context = self._shared.new_context(**options)
        self._contexts.append(context)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def close(self) -> None:
        while self._contexts:
            context = self._contexts.pop()
            try:
                context.close()
            except Exception:  # noqa: BLE001 - already closed by the test, or the browser is gone
                pass


@contextmanager
def browser():
    b = _TestBrowser(_shared_chromium())
    try:
        yield b
    finally:
        b.close()


# Whether a page has settled, read in the page itself: a MutationObserver counts the script runs that
# ended (the app's `data-test-script-state` leaving "running") and notes since when it has been idle;
# settled = idle for QUIET_MS (a rerun that a run asks for starts within it) and every chart drawn.
QUIET_MS = 400
_OBSERVE = """() => {
  if (window.__dasborRuns !== undefined) return window.__dasborRuns;
  window.__dasborRuns = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  window.__dasborIdleSince = app && app.getAttribute('data-test-script-state') === 'running' ? null : performance.now();
  new MutationObserver(records => {
    for (const r of records) if (r.oldValue === 'running') window.__dasborRuns += 1;
    const app = document.querySelector('[data-testid="stApp"]');
    const running = app && app.getAttribute('data-test-script-state') === 'running';
    if (running) window.__dasborIdleSince = null;
    else if (window.__dasborIdleSince === null) window.__dasborIdleSince = performance.now();
  }).observe(document.documentElement, {subtree: true, attributes: true, attributeOldValue: true,
                                         attributeFilter: ['data-test-script-state']});
  return 0;
}"""
_SETTLED = """([before, quiet, since]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) return false;
  const now = performance.now();
  // A step that starts no run (a value chosen again) settles after a second without one.
  if (window.__dasborRuns <= before && now - since < 1000) return false;
  if (window.__dasborIdleSince === null || now - window.__dasborIdleSince < quiet) return false;
  const h = window.innerHeight;
  return [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(box => {
    const r = box.getBoundingClientRect();
    return r.bottom < 0 || r.top > h || box.querySelector('svg.marks, canvas') !== null;
  });
}"""


def runs(page) -> int:
    """How many script runs the page has seen end (the observer is installed on first call)."""
    return page.evaluate(_OBSERVE)


def settle(page, before: int, timeout_ms: int = 90_000) -> None:
    """Wait until a run after `before` has ended, the app has stayed idle and the visible charts are drawn."""
    since = page.evaluate("() => performance.now()")
    page.wait_for_function(_SETTLED, arg=[before, QUIET_MS, since], polling=50, timeout=timeout_ms)


def open_page(page, url: str, timeout_ms: int = 90_000) -> None:
    """Go to a page and wait until its script has finished running and its charts are drawn."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    runs(page)
    settle(page, -1, timeout_ms)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, username: str, password: str) -> None:
    """Fill the sign-in form on the current page and wait for the signed-in page."""
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    before = runs(page)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stPageLink"]', timeout=60_000)
    settle(page, before, 60_000)
    # The signed-in page sets the session cookie; a reload or a new tab relies on it.
    page.wait_for_function("() => document.cookie.includes('dasbor_sesi=')", timeout=30_000)


# --- the clicks a user makes (no waiting: callers settle, or time the settling) -----------------------
SIDEBAR = '[data-testid="stSidebar"]'


def click_link(page, link: str) -> None:
    """A click on the sidebar's page link labelled `link`."""
    page.locator(f'{SIDEBAR} [data-testid="stPageLink"]').filter(has_text=link).click()


def choose(page, name: str, option: str) -> None:
    """Pick `option` in the sidebar filter `name` (e.g. "Kabupaten/kota")."""
    page.locator(SIDEBAR).get_by_role("combobox", name=name).click()
    page.get_by_role("option", name=option, exact=True).click()


def click_first_row(page, table: str = "") -> None:
    """Select the first row of a table (the page's first, or the one whose key starts with `table`), a
    drill-down like a click on a bar; returns once the address has changed."""
    grid = page.locator(f'[class*="st-key-{table}"] [data-testid="stDataFrame"]' if table
                        else '[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    url = page.url
    page.mouse.click(box["x"] + 12, box["y"] + 35 * 1.5)  # the row's selection box, under the header
    page.wait_for_function("(before) => location.href !== before", arg=url, timeout=60_000)


def click_crumb(page, label: str | None = None) -> None:
    """A click on the breadcrumb's step `label` (default: the step before the last)."""
    steps = page.locator('[class*="st-key-crumb_"] button')
    (steps.filter(has_text=label) if label else steps.nth(-2)).click()
