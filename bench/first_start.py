"""What a newcomer waits for on a fresh machine: `make run`'s preparation (schema and demo data), then
the server's first HTTP 200, then a usable sign-in form in Chromium (Playwright)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure() -> dict:
    """Seconds for `python -m data_access prepare` on an empty data folder, from starting Streamlit to
    its first HTTP 200, and from that 200 to the sign-in form's name field in Chromium."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DASBOR_DATA_DIR": data_dir}
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "data_access", "prepare"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        prepare_s = time.perf_counter() - t
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                   "--server.headless", "true"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            t = time.perf_counter()
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                    break
                except OSError:
                    if time.perf_counter() - t > 120:
                        raise TimeoutError("the server did not answer within 120 s") from None
                    time.sleep(0.05)
            first_200 = time.perf_counter()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.get_by_label("Nama pengguna").wait_for(timeout=120_000)
                form = time.perf_counter()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"prepare_s": round(prepare_s, 1), "server_to_first_200_s": round(first_200 - t, 1),
            "first_200_to_sign_in_form_s": round(form - first_200, 1)}
