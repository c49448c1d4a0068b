"""The import of one big Progres Harian CSV through the command line, as an analyst would run it:
`python -m bench --import-rows 1000000 [--db URL]`.

The demo roster (pegawai) is imported into a fresh database, then a CSV of exactly N daily entries
(the demo's own entries for as many staff as needed, written the way e-Kinerja exports them: `;`,
Indonesian dates and times) is imported by `python -m data_access import FILE --kind progres_harian`
in a child process. Reported: the rows, the child's wall time and CPU time (the latter is what a busy, shared machine
disturbs least), rows per second of each, and its peak resident memory (the child's own
high-water mark, bench/memory.py), plus the CSV's size for scale.
"""
from __future__ import annotations

import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import demo
from data_access.db import dispose_all, get_engine
from data_access.importing.load import import_frame

ROOT = Path(__file__).resolve().parent.parent
DAILY_PER_EMPLOYEE = 113  # the small demo: about 396.000 entries for 3.500 staff


def write_daily_csv(path: Path, rows: int, db_url: str) -> None:
    """Import the demo roster sized for `rows` daily entries into db_url, and write the entries' CSV."""
    employees = max(300, math.ceil(rows / DAILY_PER_EMPLOYEE * 1.1))
    while True:
        frames = demo.generate("small", employees=employees)
        if len(frames["progres_harian"]) >= rows:
            break
        employees = math.ceil(employees * 1.2)
    import_frame(get_engine(db_url), "pegawai", frames["pegawai"], "bench-pegawai.csv")
    daily = frames["progres_harian"].head(rows)
    daily.to_csv(path, sep=";", index=False, date_format="%d/%m/%Y %H.%M")


_PEAK = "PEAK_RSS_MB"
# `python -m data_access ARGS`, printing its own peak memory as it exits.
_WITH_PEAK = (
    "import atexit, runpy, sys\n"
    "from bench.memory import peak_rss_mb\n"
    f"atexit.register(lambda: print('{_PEAK}', peak_rss_mb(), file=sys.stderr))\n"
    "sys.argv = ['data_access', *sys.argv[1:]]\n"
    "runpy.run_module('data_access', run_name='__main__', alter_sys=True)\n"
)


def measure(rows: int, db_url: str | None = None) -> dict:
    """Generate, then import the CSV in a child process; returns the figures."""
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    db_url = db_url or f"sqlite:///{folder / 'import.sqlite'}"
    path = folder / f"progres_harian_{rows}.csv"
    write_daily_csv(path, rows, db_url)

    dispose_all()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = usage.ru_utime + usage.ru_stime
    args = ["import", str(path), "--kind", "progres_harian", "--db", db_url]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WITH_PEAK, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    if done.returncode:
        raise SystemExit(f"the import failed:\n{done.stderr[-4000:]}")
    peak = float(done.stderr.rsplit(_PEAK, 1)[1].split()[0])
    return {
        "rows": rows,
        "file_mb": round(path.stat().st_size / 1024 / 1024, 1),
        "seconds": round(elapsed, 2),
        "rows_per_s": round(rows / elapsed),
        "cpu_s": round(cpu, 2),  # the import process's own CPU time: less disturbed by a busy machine
        "rows_per_cpu_s": round(rows / cpu),
        "peak_rss_mb": peak,
        "summary": done.stdout.strip(),
    }
