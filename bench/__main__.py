"""python -m bench [--employees N] [--scale small] [--db URL] [--out FILE.json]
python -m bench --import-rows N [--kind progres_harian|antrian] [--db URL] [--out FILE.json]
python -m bench --clicks [--out FILE.json]

Builds the demo at the given size through the real import path, then measures:
- rows per kind and import throughput per kind (`import_rows_per_s`);
- per page, the server-side time of one rerun with AppTest: `cold_s` = first rerun in a warm process
  after clearing every st.cache_*, `warm_s` = the next identical rerun, `agency_cold_s` = the cold
  rerun with one agency chosen;
- the report command's time (`report_s`), as a subprocess;
- the brief's time (`brief_s`: `python -m metrics brief` of the whole province, key charts included,
  as a subprocess) and its pages (`brief_pages`);
- the peak resident memory of a process that only serves the pages (`peak_rss_mb`);
- DuckDB's time for the daily-entry aggregation over the same rows, as the reference
  (`reference.duckdb_s`, bench/reference.py).
With --import-rows N it measures only the command-line import of an N-row CSV of one kind (--kind:
Progres Harian by default, or the queue, antrian): wall time, rows/s and the import process's peak
resident memory (see bench/import_rows.py). With --clicks it measures only what a click costs in
Chromium on the small demo: sign-in, a page switch, a filter change, a drill-down, the breadcrumb
(bench/clicks.py).
Prints a table and writes JSON. Timings belong here, never in unit tests.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.clicks import STEPS as CLICK_STEPS
from bench.clicks import measure as clicks
from bench.first_start import measure as first_start
from bench.import_rows import KINDS as IMPORT_KINDS
from bench.import_rows import measure as import_rows
from bench.reference import duckdb_reference
import demo
from data_access.db import get_engine
from data_access.importing import schemas
from data_access.importing.load import import_frame
from data_access.schema import ensure_schema
from data_access.users import Grant, add_user
from vocab.clock import now_wib

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_PASSWORD = "sandi-uji-tolok-ukur"  # must not contain the user name "bench"


def _serve_pages(db_url: str) -> dict:
    """Run in a child process that only serves pages: per page (every entry of ui.frame.PAGES), the
    rerun after clearing every st.cache_* (cold), the next identical rerun (warm), and the cold rerun
    with one agency chosen (agency_cold); then the process's peak memory."""
    code = f"""
import json, time
import streamlit as st
from bench.memory import peak_rss_mb
from streamlit.testing.v1 import AppTest
from ui.frame import PAGES

def clear():
    st.cache_data.clear()
    st.cache_resource.clear()

def timed(at):
    t = time.perf_counter(); at.run(); elapsed = time.perf_counter() - t
    assert not at.exception, at.exception
    return round(elapsed, 3)

out = {{}}
for entry in PAGES:
    path = entry[0]
    name = path.removeprefix("pages/").removesuffix(".py").replace("app", "ringkasan")
    at = AppTest.from_file({str(ROOT)!r} + "/app.py", default_timeout=600)
    at.run()  # warm the process (imports, engine); then sign in as the province-wide bench user
    at.text_input(key="login_user").input("bench")
    at.text_input(key="login_password").input({BENCH_PASSWORD!r})
    at.button[0].click().run()
    assert at.sidebar, "the bench user did not get past the sign-in"
    if path != "app.py":
        at.switch_page(path).run()
    clear(); cold = timed(at); warm = timed(at)
    figures = {{"cold_s": cold, "warm_s": warm}}
    agencies = at.selectbox(key="f_agency") if any(s.key == "f_agency" for s in at.selectbox) else None
    if agencies is not None and len(agencies.options) > 1:
        agencies.select_index(1).run()  # the first agency of the province
        clear(); figures["agency_cold_s"] = timed(at)
    out[name] = figures
out["peak_rss_mb"] = peak_rss_mb()  # this process's own peak (bench/memory.py)
print(json.dumps(out))
"""
    env = {**os.environ, "DATABASE_URL": db_url}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"serving the pages failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description="The benchmark on the demo data: imports, "
                                "pages, the report, the brief and memory (docs/performance.md).")
    p.add_argument("--scale", default="small")
    p.add_argument("--employees", type=int, help="employees (overrides the scale's size)")
    p.add_argument("--db", help="database URL (default: a fresh SQLite file in a temporary folder)")
    p.add_argument("--out", help="write the figures as JSON to this file (default: bench/results/"
                                 "<date>-<what>-<database>.json, kept in the repository)")
    p.add_argument("--first-start", action="store_true",
                   help="only measure a fresh machine's `make run`: preparation, first HTTP 200, sign-in form")
    p.add_argument("--import-rows", type=int, metavar="N",
                   help="only measure `python -m data_access import` of an N-row CSV of --kind")
    p.add_argument("--clicks", action="store_true",
                   help="only measure clicks in Chromium on the small demo: sign-in, page switch, filter, drill-down")
    p.add_argument("--kind", choices=IMPORT_KINDS, default=IMPORT_KINDS[0],
                   help=f"the kind --import-rows imports (default {IMPORT_KINDS[0]})")
    return p


def _first_start() -> dict:
    figures = {"first_start": first_start()}
    f = figures["first_start"]
    print(f"first start: prepare {f['prepare_s']} s, server to first HTTP 200 {f['server_to_first_200_s']} s, "
          f"first 200 to a usable sign-in form {f['first_200_to_sign_in_form_s']} s")
    return figures


def _clicks() -> dict:
    figures = {"clicks": clicks()}
    c = figures["clicks"]
    for step in CLICK_STEPS:
        again = f", again {c['again'][step]} s" if c["again"] else ""
        print(f"click {step.removesuffix('_s')}: first {c['first'][step]} s{again}")
    return figures


def _import_rows(rows: int, db: str | None, kind: str = IMPORT_KINDS[0]) -> dict:
    figures = {"import_cli": import_rows(rows, db, kind)}
    c = figures["import_cli"]
    print(f"import of {c['rows']:,} {kind} rows ({c['file_mb']} MB CSV): {c['seconds']} s, "
          f"{c['rows_per_s']:,} rows/s (CPU {c['cpu_s']} s, {c['rows_per_cpu_s']:,} rows per CPU second), "
          f"peak RSS {c['peak_rss_mb']} MB")
    return figures


def pdf_pages(content: bytes) -> int:
    """The pages of a PDF as ReportLab writes it (one `/Type /Page` object each, besides `/Pages`)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", content))


def _brief(db_url: str, workdir: Path) -> tuple[float, int]:
    """`python -m metrics brief` of the whole province (the command's own operator), as a whole process:
    its time and its pages."""
    out = workdir / "ringkasan.pdf"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "metrics", "brief", "--db", db_url, "--out", str(out)], cwd=ROOT,
                   check=True, capture_output=True)
    return round(time.perf_counter() - t, 2), pdf_pages(out.read_bytes())


def _load(engine, frames: dict) -> tuple[dict, dict, dict]:
    """Every demo frame through the real import path: rows, rows/s and rows per CPU second per kind."""
    rows, rate, cpu_rate = {}, {}, {}
    for kind, frame in frames.items():
        t, cpu = time.perf_counter(), time.process_time()
        result = import_frame(engine, kind, frame, f"bench-{kind}.csv")
        elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        rows[kind] = result.rows_inserted
        rate[kind] = round(result.rows_inserted / elapsed) if elapsed else None
        cpu_rate[kind] = round(result.rows_inserted / cpu) if cpu else None
    return rows, rate, cpu_rate


def _measure(args, workdir: Path) -> dict:
    db_url = args.db or f"sqlite:///{workdir / 'bench.sqlite'}"
    engine = get_engine(db_url)
    ensure_schema(engine)
    t = time.perf_counter()
    frames = demo.generate(args.scale, employees=args.employees)
    generate_s = time.perf_counter() - t
    t = time.perf_counter()
    schemas.warm_up()  # once per process: not a cost of the first kind's rows
    validation_first_use_s = time.perf_counter() - t
    rows, rate, cpu_rate = _load(engine, frames)
    with engine.begin() as conn:
        # An administrator sees every page, upload and user pages included.
        add_user(conn, "bench", "Bench", "admin", BENCH_PASSWORD, [Grant(region="Provinsi Lampung")])
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "metrics", "report", "--db", db_url], cwd=ROOT, check=True,
                   capture_output=True)
    report_s = time.perf_counter() - t
    brief_s, brief_pages = _brief(db_url, workdir)
    reference = duckdb_reference(frames["progres_harian"], workdir) if "progres_harian" in frames else None
    served = _serve_pages(db_url)
    return {
        "database": engine.dialect.name,
        "employees": rows.get("pegawai"),
        "generate_s": round(generate_s, 2),
        "validation_first_use_s": round(validation_first_use_s, 2),
        "rows": rows,
        "import_rows_per_s": rate,
        # rows per CPU second of this process (SQLite works in-process; PostgreSQL's own work is not in it)
        "import_rows_per_cpu_s": cpu_rate,
        "pages": {k: v for k, v in served.items() if k != "peak_rss_mb"},
        "report_s": round(report_s, 2),
        "brief_s": brief_s,
        "brief_pages": brief_pages,
        "peak_rss_mb": served["peak_rss_mb"],
        "reference": reference,
    }


def _print(figures: dict) -> None:
    rows, rate, cpu_rate = figures["rows"], figures["import_rows_per_s"], figures["import_rows_per_cpu_s"]
    print(f"{'kind':<22}{'rows':>12}{'rows/s':>12}{'rows/CPU s':>12}")
    for kind in rows:
        print(f"{kind:<22}{rows[kind]:>12,}{(rate[kind] or 0):>12,}{(cpu_rate[kind] or 0):>12,}")
    for page, t in figures["pages"].items():
        agency = f", one agency cold {t['agency_cold_s']} s" if "agency_cold_s" in t else ""
        print(f"page {page}: cold {t['cold_s']} s, warm {t['warm_s']} s{agency}")
    print(f"report: {figures['report_s']} s; brief: {figures['brief_s']} s ({figures['brief_pages']} pages); "
          f"serving process peak RSS: {figures['peak_rss_mb']} MB; "
          f"generate: {figures['generate_s']} s; pandera's first use: {figures['validation_first_use_s']} s")
    reference = figures["reference"]
    if reference:
        print(f"reference: DuckDB groups the {reference['rows']:,} daily rows into {reference['employee_months']:,} "
              f"employee-months in {reference['duckdb_s']} s")


def results_file(args, today: date) -> Path:
    """Where a run's figures are kept: bench/results/<date>-<what>-<database>.json, what being the scale
    (with the employees when given), `import-<N>` (`import-<kind>-<N>` for another kind than
    progres_harian) or `first-start`."""
    if args.first_start:
        what = "first-start"
    elif args.clicks:
        what = "clicks"
    elif args.import_rows:
        # the default kind keeps the name its earlier files have
        kind = "" if args.kind == IMPORT_KINDS[0] else f"{args.kind}-"
        what = f"import-{kind}{args.import_rows}"
    else:
        what = args.scale + (f"-{args.employees}" if args.employees else "")
    database = make_url(args.db).get_backend_name() if args.db else "sqlite"
    return RESULTS / f"{today.isoformat()}-{what}-{database}.json"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.first_start:
        figures = _first_start()
    elif args.clicks:
        figures = _clicks()
    elif args.import_rows:
        figures = _import_rows(args.import_rows, args.db, args.kind)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            figures = _measure(args, Path(tmp))
        _print(figures)
    out = Path(args.out) if args.out else results_file(args, now_wib().date())
    out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
               # how busy the machine was while measuring (1, 5, 15 minutes): figures of a busy machine are slow
               "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    out.write_text(json.dumps({"measured_at": now_wib().isoformat(timespec="seconds"), "machine": machine,
                               **figures}, indent=2))
    print(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
