"""daily_entry partitioned by month on PostgreSQL (migration 0011, data_access/partitions.py): every
import creates the partitions of its months before its rows arrive, the monthly summary still counts
exactly the raw rows, a month without its partition refuses rows (no DEFAULT partition), and the
retention purge drops the partitions of the months before its cut and no other. On SQLite, where
nothing is partitioned, the same imports and purge give the same figures."""
from datetime import date

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.importing.rollback import rollback_batch
from data_access.partitions import (
    ensure_month_partitions,
    is_partitioned,
    month_days,
    months_between,
    partition_name,
    partitions,
)
from data_access.retention import EPOCH, purge_daily_entries
from data_access.settings import save_setting

TITLE = "Laporan Progres Harian e-Kinerja\n"
HEAD = "NIP;TANGGAL;WAKTU INPUT;STATUS;WAKTU PERSETUJUAN\n"
A, B = "198609262015051001", "197501012000032002"
JANUARY_FEBRUARY = [
    f"{A};05/01/2026;05/01/2026 16.20;Submitted;",
    f"{B};05/01/2026;05/01/2026 15.00;Approved;06/01/2026 08.00",
    f"{A};30/01/2026;02/02/2026 09.00;Draft;",
    f"{A};02/02/2026;02/02/2026 16.00;Approved;03/02/2026 10.00",
    f"{B};27/02/2026;27/02/2026 15.10;Submitted;",
]
MARCH = [
    f"{A};02/03/2026;02/03/2026 16.20;Submitted;",
    f"{B};31/03/2026;01/04/2026 07.00;Not Started;",
]


def _csv(rows) -> bytes:
    return (TITLE + HEAD + "".join(r + "\n" for r in rows)).encode()


def _names(engine) -> list[str]:
    with engine.connect() as conn:
        return [name for name, _lo, _hi in partitions(conn)] if is_partitioned(conn) else []


def _summary_and_raw(engine) -> tuple[dict, dict]:
    """daily_month's (days entered, Draft days, active days) per employee and month, and the same counted
    from the raw rows."""
    with engine.connect() as conn:
        summary = {(e, m): (n, d, a) for e, m, n, d, a in conn.execute(text(
            "select employee_id, month, days_entered, days_draft, days_active from daily_month"))}
        raw: dict = {}
        for employee, day, status in conn.execute(text("select employee_id, day, status from daily_entry")):
            d = date.fromordinal(EPOCH.toordinal() + day)
            n, drafts, active = raw.get((employee, d.year * 100 + d.month), (0, 0, 0))
            raw[(employee, d.year * 100 + d.month)] = (n + 1, drafts + (status == 1), active + (status >= 2))
    return summary, raw


def test_the_months_and_their_bounds():
    assert partition_name(2026, 3) == "daily_entry_y2026m03"
    assert month_days(2026, 3) == ((date(2026, 3, 1) - EPOCH).days, (date(2026, 4, 1) - EPOCH).days)
    assert month_days(2026, 12)[1] == (date(2027, 1, 1) - EPOCH).days
    first, last = (date(2025, 11, 30) - EPOCH).days, (date(2026, 2, 1) - EPOCH).days
    assert months_between(first, last) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]
    assert months_between(last, last) == [(2026, 2)]


def test_an_import_creates_its_months_partitions_and_the_summary_counts_the_raw_rows(siasn_engine):
    engine = siasn_engine
    postgres = engine.dialect.name == "postgresql"
    assert _names(engine) == []  # the migrated schema holds no partition before a row arrives
    import_file(engine, "harian.csv", "progres_harian", data=_csv(JANUARY_FEBRUARY), chunk_rows=2)
    assert _names(engine) == (["daily_entry_y2026m01", "daily_entry_y2026m02"] if postgres else [])
    result = import_file(engine, "maret.csv", "progres_harian", data=_csv(MARCH))
    assert result.rows_inserted == 2
    assert _names(engine) == (["daily_entry_y2026m01", "daily_entry_y2026m02", "daily_entry_y2026m03"]
                              if postgres else [])
    summary, raw = _summary_and_raw(engine)
    assert summary == raw and len(raw) == 6
    with engine.connect() as conn:
        if postgres:  # each partition holds its own month's rows, with the parent's key and batch index
            per = dict(conn.execute(text("select tableoid::regclass::text, count(*) from daily_entry group by 1")).all())
            assert per == {"daily_entry_y2026m01": 3, "daily_entry_y2026m02": 2, "daily_entry_y2026m03": 2}
            march = inspect(conn)
            assert march.get_pk_constraint("daily_entry_y2026m03")["constrained_columns"] == ["employee_id", "day"]
            assert [i["column_names"] for i in march.get_indexes("daily_entry_y2026m03")] == [["batch_id", "employee_id"]]
    undone = rollback_batch(engine, result.batch_id)
    assert undone.rows_removed == 2
    summary, raw = _summary_and_raw(engine)
    assert summary == raw and len(raw) == 4
    assert len(_names(engine)) == (3 if postgres else 0)  # an empty partition stays: harmless, reused later


def test_a_replace_import_and_its_rollback_keep_the_summary_equal_to_the_raw_rows(siasn_engine):
    engine = siasn_engine
    import_file(engine, "harian.csv", "progres_harian", data=_csv(JANUARY_FEBRUARY))
    before = _summary_and_raw(engine)
    replaced = import_file(engine, "ganti.csv", "progres_harian", data=_csv(MARCH + JANUARY_FEBRUARY[3:4]),
                           mode="replace")
    summary, raw = _summary_and_raw(engine)
    assert summary == raw
    rollback_batch(engine, replaced.batch_id)
    assert _summary_and_raw(engine) == before and before[0] == before[1]


def test_partitions_are_created_once_and_a_month_without_one_refuses_rows(db_url):
    engine = get_engine(db_url)
    first, last = (date(2026, 5, 20) - EPOCH).days, (date(2026, 7, 3) - EPOCH).days
    with engine.begin() as conn:
        made = ensure_month_partitions(conn, first, last)
        again = ensure_month_partitions(conn, first, last)
    if engine.dialect.name != "postgresql":
        assert (made, again) == ([], [])
        return
    assert made == ["daily_entry_y2026m05", "daily_entry_y2026m06", "daily_entry_y2026m07"] and again == []
    with engine.connect() as conn:
        assert partitions(conn)[0] == ("daily_entry_y2026m05", *month_days(2026, 5))
    # No DEFAULT partition: a day of August, whose partition nobody created, is refused.
    with pytest.raises(IntegrityError, match="no partition"):
        with engine.begin() as conn:
            conn.execute(text("insert into daily_entry values (1, :d, 2, 0, null, 1)"),
                         {"d": (date(2026, 8, 3) - EPOCH).days})


def test_the_purge_drops_exactly_the_partitions_before_the_cut(siasn_engine):
    """12 months kept on 15 February 2027: the cut is 1 February 2026, so January 2026 goes (as a dropped
    partition on PostgreSQL, as deleted rows on SQLite) and February and March stay, with their figures."""
    engine = siasn_engine
    import_file(engine, "harian.csv", "progres_harian", data=_csv(JANUARY_FEBRUARY + MARCH))
    with engine.begin() as conn:
        save_setting(conn, "daily_entry_retention_months", 12, "cli")
    planned = purge_daily_entries(engine, today=date(2027, 2, 15), dry_run=True)
    done = purge_daily_entries(engine, today=date(2027, 2, 15))
    assert done.cutoff == date(2026, 2, 1)
    assert (planned.entries, planned.summaries) == (done.entries, done.summaries) == (3, 2)
    assert _names(engine) == (["daily_entry_y2026m02", "daily_entry_y2026m03"]
                              if engine.dialect.name == "postgresql" else [])
    summary, raw = _summary_and_raw(engine)
    assert summary == raw and sorted(m for _, m in raw) == [202602, 202602, 202603, 202603]
    with engine.connect() as conn:
        audited = conn.execute(text("select detail from audit_log where action = 'purge'")).scalar()
    assert '"entries": 3' in audited
    # The purged month can come back: a later import of January recreates its partition.
    import_file(engine, "lagi.csv", "progres_harian", data=_csv(JANUARY_FEBRUARY[:1]))
    assert _summary_and_raw(engine)[0] == _summary_and_raw(engine)[1]
    assert "daily_entry_y2026m01" in _names(engine) or engine.dialect.name != "postgresql"


def test_creating_a_partition_blocks_neither_readers_nor_writers_and_two_imports_take_turns(db_url):
    """PostgreSQL: while one transaction has made (not yet committed) the partition of a new month, another
    reads daily_entry and writes into an existing month without waiting (1 s lock timeout), and a third
    that needs the same month waits for the first, then finds the partition made and makes none."""
    import threading

    engine = get_engine(db_url)
    if engine.dialect.name != "postgresql":
        pytest.skip("partitions are PostgreSQL's")
    june, july = month_days(2026, 6)[0], month_days(2026, 7)[0]
    with engine.begin() as conn:
        ensure_month_partitions(conn, june, june)
    first = engine.connect()
    transaction = first.begin()
    assert ensure_month_partitions(first, july, july) == ["daily_entry_y2026m07"]
    with engine.begin() as other:
        other.execute(text("SET LOCAL lock_timeout = '1s'"))
        assert other.execute(text("select count(*) from daily_entry")).scalar() == 0
        other.execute(text("insert into daily_entry values (1, :d, 2, 0, null, 1)"), {"d": june})
    made = []
    second = threading.Thread(target=lambda: made.append(_ensure_in_own_transaction(engine, july)))
    second.start()
    second.join(timeout=1.5)
    assert second.is_alive() and made == []  # waiting for the first
    transaction.commit()
    first.close()
    second.join(timeout=10)
    assert made == [[]]
    assert _names(engine) == ["daily_entry_y2026m06", "daily_entry_y2026m07"]


def _ensure_in_own_transaction(engine, day: int) -> list[str]:
    with engine.begin() as conn:
        return ensure_month_partitions(conn, day, day)
