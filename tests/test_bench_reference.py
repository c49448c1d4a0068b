"""The benchmark's DuckDB reference computes the same aggregation as the stored daily_month summary
(so its time is a fair comparison), over the same rows."""
from __future__ import annotations

import pandas as pd

import demo
from bench.reference import duckdb_groups
from data_access.db import get_engine
from data_access.importing.load import import_frame
from data_access.schema import ensure_schema

MEASURES = ["days_entered", "days_draft", "days_active", "days_approved", "days_on_time", "days_within_7",
            "approval_minutes_sum"]


def test_duckdb_reference_equals_the_stored_summary(sqlite_url, tmp_path):
    frames = demo.generate("tiny")
    engine = get_engine(sqlite_url)
    ensure_schema(engine)
    for kind in ("pegawai", "progres_harian"):
        assert import_frame(engine, kind, frames[kind], f"{kind}.csv").rows_inserted > 0
    path = tmp_path / "progres.csv"
    frames["progres_harian"].to_csv(path, index=False)

    reference, seconds = duckdb_groups(path)
    assert seconds > 0
    reference = reference.assign(nip=reference["NIP"].astype(str),
                                 month=pd.to_datetime(reference["month"]).dt.strftime("%Y%m").astype("int64"))
    stored = pd.read_sql("select e.nip, m.month, " + ", ".join(f"m.{c}" for c in MEASURES)
                         + " from daily_month m join employee e on e.id = m.employee_id", engine)
    key = ["nip", "month"]
    left = reference[key + MEASURES].sort_values(key).reset_index(drop=True).astype({c: "int64" for c in MEASURES})
    right = stored[key + MEASURES].sort_values(key).reset_index(drop=True).astype({c: "int64" for c in MEASURES})
    assert len(left) == len(right) > 100
    pd.testing.assert_frame_equal(left.astype({"nip": str}), right.astype({"nip": str}))
