"""Rolling a batch back removes exactly what it brought, rebuilds summaries, and is refused when later
data depends on it; on SQLite and PostgreSQL."""
import subprocess
import sys

import pandas as pd
import pytest
from sqlalchemy import text

import demo
from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.importing.load import import_file, import_frame
from data_access.importing.rollback import RollbackRefused, batches, rollback_batch
from tests.conftest import FIXTURES, ROOT


def _counts(engine) -> dict:
    tables = ("employee", "agency", "unit", "appraisal", "daily_entry", "daily_month", "training")
    with engine.connect() as conn:
        return {t: conn.execute(text(f"select count(*) from {t}")).scalar() for t in tables}


def _summary(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(text("select employee_id, month, days_entered, days_active, days_on_time "
                                 "from daily_month order by employee_id, month")).fetchall()
    return pd.DataFrame(rows, columns=["employee_id", "month", "days_entered", "days_active", "days_on_time"])


@pytest.fixture
def tiny(db_url):
    engine = get_engine(db_url)
    load_demo(engine, "tiny")
    return engine


def test_rolling_back_daily_entries_restores_the_summaries(tiny):
    frames = demo.generate("tiny")
    before_counts, before_summary = _counts(tiny), _summary(tiny)
    # A later file: the same staff, one more week in December.
    extra = frames["progres_harian"].copy()
    extra["TANGGAL"] = extra["TANGGAL"] + pd.Timedelta(days=35)
    extra["WAKTU INPUT"] = extra["WAKTU INPUT"] + pd.Timedelta(days=35)
    extra["WAKTU PERSETUJUAN"] = extra["WAKTU PERSETUJUAN"] + pd.Timedelta(days=35)
    extra = extra[extra["TANGGAL"] > pd.Timestamp("2026-11-27")]
    result = import_frame(tiny, "progres_harian", extra, "desember.csv")
    assert result.rows_inserted == len(extra) > 0
    assert _counts(tiny)["daily_entry"] == before_counts["daily_entry"] + len(extra)
    rolled = rollback_batch(tiny, result.batch_id, user="analis")
    assert rolled.rows_removed == len(extra)
    assert _counts(tiny) == before_counts
    pd.testing.assert_frame_equal(_summary(tiny), before_summary)
    listed = batches(tiny).set_index("id").loc[result.batch_id]
    assert (listed["status"], listed["rolled_back_by"]) == ("rolled_back", "analis")
    with pytest.raises(RollbackRefused, match="sudah dibatalkan"):
        rollback_batch(tiny, result.batch_id)
    # Undone, the same file may come in again.
    assert import_frame(tiny, "progres_harian", extra, "desember.csv").rows_inserted == len(extra)


def test_employees_with_later_facts_cannot_be_rolled_back(tiny):
    first = batches(tiny).sort_values("id").iloc[0]
    assert first["kind"] == "pegawai"
    with pytest.raises(RollbackRefused, match="dipakai oleh impor lain"):
        rollback_batch(tiny, int(first["id"]))


def test_a_lone_employee_batch_takes_its_agencies_and_units_with_it(db_url):
    engine = get_engine(db_url)
    result = import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    rolled = rollback_batch(engine, result.batch_id)
    assert (rolled.rows_removed, rolled.agencies_removed, rolled.units_removed) == (5, 3, 4)
    assert {k: v for k, v in _counts(engine).items()} == {t: 0 for t in _counts(engine)}


def test_batches_and_rollback_commands(db_url, capsys, monkeypatch):
    from data_access.__main__ import main
    from tests.cli import run_main

    engine = get_engine(db_url)
    result = import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")

    def shell(*args):
        return subprocess.run([sys.executable, "-m", "data_access", *args, "--db", db_url], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    def run(*args):  # the same command's main() in this process (tests/cli.py)
        return run_main(main, [*args, "--db", db_url], capsys, monkeypatch)

    listed = shell("batches")
    assert listed.returncode == 0 and "siasn_data_asn.csv" in listed.stdout and "committed" in listed.stdout
    done = run("rollback", str(result.batch_id))
    assert done.returncode == 0 and f"Impor nomor {result.batch_id} (Data pegawai (ASN)) dibatalkan: 5 baris dihapus" in done.stdout
    again = run("rollback", str(result.batch_id))
    assert again.returncode == 1 and "sudah dibatalkan" in again.stderr
    missing = run("rollback", "999")
    assert missing.returncode == 1 and "Impor nomor 999 tidak ada." in missing.stderr
