"""bench/memory.py: a child's peak memory is its own, not that of the process that started it."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

REPORT = "from bench.memory import peak_rss_mb; print(peak_rss_mb())"


def _child_peak() -> float:
    done = subprocess.run([sys.executable, "-c", REPORT], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout)


def test_a_child_started_by_a_big_process_reports_its_own_peak():
    # The benchmark's parent holds a province's demo frames while it starts the page-serving child;
    # with ru_maxrss the child reported the parent's 2,3 GB as its own.
    held = bytearray(400 * 1024 * 1024)
    held[:: 4096] = b"x" * len(held[:: 4096])  # touch every page: 400 MB resident here
    assert _child_peak() < 150
    del held


def test_the_peak_grows_with_what_the_process_holds():
    code = f"big = bytearray(300 * 1024 * 1024); big[::4096] = b'x' * len(big[::4096]); {REPORT}"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert float(done.stdout) > 300
