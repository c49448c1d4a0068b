"""What a click costs in a real browser, on the small demo and a fresh server: the governor signs in,
moves to another page from the sidebar, changes two filters (region, period), drills down from a table row and steps back
up by the breadcrumb, then opens Adopsi Perubahan (Chromium through Playwright).

Each step is timed from the click to the page settled (its script run ended, the app idle for the
quiet window the browser tests use, and every visible chart drawn), less that quiet window: the time a
user waits until the page is whole. The steps and their waits are those of tests/test_browser_views.py
(tests/browser.py's server and settling)."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from data_access.bootstrap import DEMO_PASSWORD
from tests.browser import (CHROMIUM, CHROMIUM_ARGS, QUIET_MS, SIDEBAR, choose, click_crumb, click_first_row,
                           click_link, open_page, runs, settle, streamlit_server)

ROOT = Path(__file__).resolve().parent.parent
REGION = "Kabupaten Lampung Selatan"
# The steps, in the order they are taken (each a key of the figures).
STEPS = ("sign_in_s", "page_switch_s", "filter_change_s", "period_change_s", "drill_down_s", "breadcrumb_s",
         "heavy_page_switch_s")


def _timed(page, act) -> float:
    """Seconds from `act()` (a click) to the page settled, less the quiet window settling waits."""
    before = runs(page)
    t = time.perf_counter()
    act()
    settle(page, before)
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError("the page showed an exception")
    return round(max(time.perf_counter() - t - QUIET_MS / 1000, 0.0), 2)


def _sign_in(page) -> None:
    page.get_by_label("Nama pengguna").fill("gubernur")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_selector(f'{SIDEBAR} [data-testid="stPageLink"]', timeout=120_000)


def _steps(page, base: str) -> dict:
    open_page(page, base + "/")
    runs(page)
    figures = {"sign_in_s": _timed(page, lambda: _sign_in(page))}
    figures["page_switch_s"] = _timed(page, lambda: click_link(page, "Pengembangan Kompetensi"))
    figures["filter_change_s"] = _timed(page, lambda: choose(page, "Kabupaten/kota", REGION))
    figures["period_change_s"] = _timed(page, lambda: choose(page, "Periode", "Triwulan III"))
    figures["drill_down_s"] = _timed(page, lambda: click_first_row(page, "jp_tabel_unit_nol_"))
    figures["breadcrumb_s"] = _timed(page, lambda: click_crumb(page))
    figures["heavy_page_switch_s"] = _timed(page, lambda: click_link(page, "Adopsi Perubahan"))
    return figures


def measure(rounds: int = 2) -> dict:
    """The small demo prepared in a fresh folder, a fresh server; the steps taken `rounds` times, each in
    a new browser session on the same server (the first round pays the server's first runs). Returns
    {"rounds": [per step seconds, ...], "first": round 1, "again": the best of the others}."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DASBOR_DATA_DIR": data_dir}
        subprocess.run([sys.executable, "-m", "data_access", "prepare"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        with streamlit_server({"DASBOR_DATA_DIR": data_dir}) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                taken = []
                for _ in range(rounds):
                    context = browser.new_context(viewport={"width": 1400, "height": 1600})
                    taken.append(_steps(context.new_page(), base))
                    context.close()
            finally:
                browser.close()
    again = {step: min(r[step] for r in taken[1:]) for step in STEPS} if len(taken) > 1 else None
    return {"rounds": taken, "first": taken[0], "again": again}
