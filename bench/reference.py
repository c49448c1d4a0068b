"""The reference for the daily-entry aggregation: DuckDB scanning the same `progres_harian` rows from
CSV and grouping them per employee and month into the measures `daily_month` keeps. It shows what an
analytical engine does with the same rows on the same machine; the dashboard itself does not use it."""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

ACTIVE = "\"STATUS\" IN ('Submitted', 'Approved')"
SQL = f"""
SELECT "NIP", date_trunc('month', "TANGGAL") AS month,
       count(*) AS days_entered,
       count(*) FILTER (WHERE "STATUS" = 'Draft') AS days_draft,
       count(*) FILTER (WHERE {ACTIVE}) AS days_active,
       count(*) FILTER (WHERE {ACTIVE} AND CAST("WAKTU INPUT" AS DATE) <= CAST("TANGGAL" AS DATE)) AS days_on_time,
       count(*) FILTER (WHERE {ACTIVE} AND CAST("WAKTU INPUT" AS DATE) <= CAST("TANGGAL" AS DATE) + 7) AS days_within_7,
       count(*) FILTER (WHERE "STATUS" = 'Approved') AS days_approved,
       coalesce(sum(date_diff('minute', "WAKTU INPUT", "WAKTU PERSETUJUAN")), 0) AS approval_minutes_sum,
       min("TANGGAL") FILTER (WHERE {ACTIVE}) AS first_active, max("TANGGAL") FILTER (WHERE {ACTIVE}) AS last_active
FROM read_csv(?, header = true)
GROUP BY ALL
"""


def duckdb_groups(path: Path) -> tuple[pd.DataFrame, float]:
    """DuckDB's per employee and month measures over a progres_harian CSV, and the seconds it took."""
    import duckdb

    con = duckdb.connect()
    try:
        start = time.perf_counter()
        groups = con.execute(SQL, [str(path)]).df()
        return groups, time.perf_counter() - start
    finally:
        con.close()


def duckdb_reference(progres: pd.DataFrame, folder: Path) -> dict:
    """Write the rows as CSV (not timed), then time DuckDB's scan and GROUP BY over them."""
    path = folder / "progres_harian_reference.csv"
    progres.to_csv(path, index=False)
    try:
        groups, elapsed = duckdb_groups(path)
    finally:
        path.unlink()
    return {"duckdb_s": round(elapsed, 3), "rows": len(progres), "employee_months": len(groups)}
