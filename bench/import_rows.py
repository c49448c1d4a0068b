"""The import of one big CSV of one kind through the command line, as an analyst would run it:
`python -m bench --import-rows 1000000 [--kind progres_harian|antrian] [--db URL]`.

The demo roster (pegawai) is imported into a fresh database, then a CSV of exactly N rows of the kind
is imported by `python -m data_access import FILE --kind KIND` in a child process: for `progres_harian`
(the default) the demo's own daily entries for as many staff as needed, for `antrian` the tiny demo's
queue tickets of every Disdukcapil with as many tickets a day as needed, written the way the systems
export them (`;`, Indonesian dates and times). Reported: the rows, the child's wall time and CPU time (the
latter is what a busy, shared machine disturbs least), rows per second of each, and its peak resident
memory (the child's own high-water mark, bench/memory.py), plus the CSV's size for scale.
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
MIN_EMPLOYEES = 300  # the smallest roster the benchmark imports
# The queue's CSV comes from the tiny demo: its roster holds every Disdukcapil that takes tickets (the
# small one's needs its 3.500 staff for that), and its other kinds are small. Its fifteen offices take
# about this many tickets a year for each ticket an office takes a working day.
QUEUE_SCALE, TICKETS_PER_DAY_UNIT = "tiny", 3000
KINDS = ("progres_harian", "antrian")  # the kinds --import-rows can measure; the first is the default


def _daily_frames(rows: int) -> dict:
    employees = max(MIN_EMPLOYEES, math.ceil(rows / DAILY_PER_EMPLOYEE * 1.1))
    while True:
        frames = demo.generate("small", employees=employees)
        if len(frames["progres_harian"]) >= rows:
            return frames
        employees = math.ceil(employees * 1.2)


def _queue_frames(rows: int) -> dict:
    per_day = max(1, math.ceil(rows / TICKETS_PER_DAY_UNIT * 1.1))
    while True:
        frames = demo.generate(QUEUE_SCALE, tickets_per_office_day=per_day)
        if len(frames["antrian"]) >= rows:
            return frames
        per_day = math.ceil(per_day * 1.2)


_FRAMES = {"progres_harian": _daily_frames, "antrian": _queue_frames}


def write_csv(kind: str, path: Path, rows: int, db_url: str) -> None:
    """Import the demo roster sized for `rows` rows of `kind` into db_url, and write those rows' CSV."""
    frames = _FRAMES[kind](rows)
    import_frame(get_engine(db_url), "pegawai", frames["pegawai"], "bench-pegawai.csv")
    frames[kind].head(rows).to_csv(path, sep=";", index=False, date_format="%d/%m/%Y %H.%M")


_PEAK = "PEAK_RSS_MB"
# `python -m data_access ARGS`, printing its own peak memory as it exits.
_WITH_PEAK = (
    "import atexit, runpy, sys\n"
    "from bench.memory import peak_rss_mb\n"
    f"atexit.register(lambda: print('{_PEAK}', peak_rss_mb(), file=sys.stderr))\n"
    "sys.argv = ['data_access', *sys.argv[1:]]\n"
    "runpy.run_module('data_access', run_name='__main__', alter_sys=True)\n"
)


def measure(rows: int, db_url: str | None = None, kind: str = KINDS[0]) -> dict:
    """Generate, then import the CSV of `kind` in a child process; returns the figures."""
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    db_url = db_url or f"sqlite:///{folder / 'import.sqlite'}"
    path = folder / f"{kind}_{rows}.csv"
    write_csv(kind, path, rows, db_url)

    dispose_all()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = usage.ru_utime + usage.ru_stime
    args = ["import", str(path), "--kind", kind, "--db", db_url]
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
