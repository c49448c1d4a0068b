"""data_access.arrow_read: every scoped read returns, through ADBC, exactly the frame pandas.read_sql
returns, on SQLite and PostgreSQL; awkward columns (NULL first, only NULLs, booleans, dates, times)
too; and it falls back to read_sql where ADBC cannot read."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, MetaData, SmallInteger, String, Table, select

from data_access import arrow_read, reads
from data_access.db import get_engine
from data_access.scope import Scope


def _by_read_sql(engine, stmt):
    with engine.connect() as conn:
        return pd.read_sql(stmt, conn)


@pytest.fixture
def no_read_sql(monkeypatch):
    """Fails the test if the fast path falls back to read_sql."""
    def refuse(*args, **kwargs):
        raise AssertionError("read_sql was used: the ADBC path did not read")

    monkeypatch.setattr(arrow_read.pd, "read_sql", refuse)


@pytest.fixture
def tiny_demo(db_url):
    from data_access.bootstrap import load_demo

    engine = get_engine(db_url)
    load_demo(engine, "tiny")
    return engine


def _scoped_reads(engine):
    """(name, statement-reading call) for every read the pages and the report make, province-wide and
    for one agency."""
    full = Scope.full("uji")
    one = reads.agencies(engine, full)["agency_id"].iloc[0]
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    return {
        "regions": lambda: reads.regions(engine, full),
        "agencies": lambda: reads.agencies(engine, full),
        "units": lambda: reads.units(engine, full),
        "headcount": lambda: reads.headcount(engine, full, level="unit"),
        "freshness": lambda: reads.freshness(engine),
        "roster": lambda: reads.roster(engine, full),
        "roster_on": lambda: reads.roster(engine, full, agency_ids=[int(one)], on=date(2026, 6, 30)),
        "staff_list": lambda: reads.staff_list(engine, full, "admin"),
        "appraisals": lambda: reads.appraisals(engine, full, 2026),
        "org_ratings": lambda: reads.org_ratings(engine, full, 2026),
        "trainings": lambda: reads.trainings(engine, full, start, end),
        "leadership": lambda: reads.leadership_trainings(engine, full),
        "requests": lambda: reads.service_requests(engine, full, datetime(2026, 1, 1), datetime(2027, 1, 1)),
        "standards": lambda: reads.service_standards(engine),
        "skm": lambda: reads.skm_responses(engine, full, start, end),
        "daily_month": lambda: reads.daily_months(engine, full, 202601, 202612),
        "skp": lambda: reads.skps(engine, full),
    }


def test_every_scoped_read_equals_read_sql(tiny_demo, monkeypatch):
    calls = _scoped_reads(tiny_demo)
    fast = {name: call() for name, call in calls.items()}
    assert all(len(frame) for frame in fast.values()), {n: len(f) for n, f in fast.items()}
    monkeypatch.setattr(arrow_read, "_connect", lambda engine: None)  # read_sql reads from here on
    for name, call in calls.items():
        assert_frame_equal(fast[name], call(), obj=name)


def test_the_fast_path_reads_without_read_sql(tiny_demo, no_read_sql):
    frame = reads.daily_months(tiny_demo, Scope.full("uji"), 202601, 202612)
    assert len(frame) > 100 and frame["employee_id"].dtype == "int64"


AWKWARD = MetaData()
awkward = Table(
    "awkward", AWKWARD,
    Column("id", Integer, primary_key=True),
    Column("late_text", String(20)),    # NULL in the first 2.000 rows, text after
    Column("only_null", String(20)),
    Column("some_int", SmallInteger),   # NULL in some rows: read_sql gives float64
    Column("flag", Boolean),
    Column("maybe_flag", Boolean),      # with NULLs: objects
    Column("day", Date),
    Column("at", DateTime),
    Column("amount", Float),
)


def test_awkward_columns_equal_read_sql(db_url, no_read_sql, monkeypatch):
    engine = get_engine(db_url)
    AWKWARD.create_all(engine)
    rows = [{"id": i, "late_text": None if i < 2000 else f"t{i}", "only_null": None,
             "some_int": None if i % 7 == 0 else i % 100, "flag": i % 2 == 0,
             "maybe_flag": None if i % 3 == 0 else i % 2 == 1, "day": date(2026, 1, 1 + i % 28),
             "at": datetime(2026, 3, 1, 8, i % 60, i % 60, 1000 * (i % 7)), "amount": i / 3}
            for i in range(2500)]
    with engine.begin() as conn:
        conn.execute(awkward.insert(), rows)
    stmt = select(awkward).where(awkward.c.day >= date(2026, 1, 2)).order_by(awkward.c.id)
    fast = arrow_read.read_frame(engine, stmt)
    monkeypatch.undo()  # read_sql allowed again, for the reference
    assert_frame_equal(fast, _by_read_sql(engine, stmt))
    assert fast["late_text"].iloc[-1] == "t2499" and fast["only_null"].isna().all()


def test_an_empty_result_equals_read_sql(tiny_demo, monkeypatch):
    stmt = reads.Employee.__table__.select().where(reads.Employee.id < 0)
    reference = _by_read_sql(tiny_demo, stmt)
    monkeypatch.setattr(arrow_read.pd, "read_sql", lambda *a, **k: pytest.fail("an empty result was read twice"))
    assert_frame_equal(arrow_read.read_frame(tiny_demo, stmt), reference)


def test_in_memory_sqlite_reads_with_read_sql(monkeypatch):
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    AWKWARD.create_all(engine)
    with engine.begin() as conn:
        conn.execute(awkward.insert(), [{"id": 1, "late_text": "a", "day": date(2026, 1, 1)}])
    calls = []
    real = pd.read_sql
    monkeypatch.setattr(arrow_read.pd, "read_sql", lambda *a, **k: calls.append(1) or real(*a, **k))
    frame = arrow_read.read_frame(engine, select(awkward.c.id, awkward.c.late_text))
    assert calls == [1] and frame.to_dict("records") == [{"id": 1, "late_text": "a"}]


def test_a_driver_error_falls_back_to_read_sql(tiny_demo, monkeypatch, caplog):
    def broken(engine):
        raise OSError("[SQLite] Type mismatch in column 1")

    monkeypatch.setattr(arrow_read, "_connect", broken)
    stmt = select(reads.Employee.id, reads.Employee.nip).order_by(reads.Employee.id)
    assert_frame_equal(arrow_read.read_frame(tiny_demo, stmt), _by_read_sql(tiny_demo, stmt))
    assert "Type mismatch" in caplog.text


def test_connections_are_reused_and_each_read_sees_the_newest_data(db_url, monkeypatch):
    # Opening an ADBC connection costs PostgreSQL's driver about 65 ms: idle ones are kept. Kept in
    # autocommit, so a kept connection holds no snapshot: a row committed after one read is in the next.
    engine = get_engine(db_url)
    AWKWARD.create_all(engine)
    opened = []
    real = arrow_read._connect
    monkeypatch.setattr(arrow_read, "_connect", lambda e: opened.append(1) or real(e))
    stmt = select(awkward.c.id).order_by(awkward.c.id)
    with engine.begin() as conn:
        conn.execute(awkward.insert(), [{"id": 1}])
    assert arrow_read.read_frame(engine, stmt)["id"].tolist() == [1]
    with engine.begin() as conn:
        conn.execute(awkward.insert(), [{"id": 2}])
    assert arrow_read.read_frame(engine, stmt)["id"].tolist() == [1, 2]
    assert opened == [1]
    from data_access.db import dispose_all

    dispose_all()  # closes the idle connections too
    assert arrow_read._idle == {}
    assert arrow_read.read_frame(get_engine(db_url), stmt)["id"].tolist() == [1, 2] and opened == [1, 1]


def test_a_connection_that_failed_is_not_kept(tiny_demo, monkeypatch):
    from sqlalchemy import text

    monkeypatch.setattr(arrow_read, "_idle", {})
    good = select(reads.Employee.id)
    bad = select(reads.Employee.id).where(text("no_such_column = 1"))
    assert len(arrow_read._fetch(tiny_demo, good)) > 0
    assert [len(pool) for pool in arrow_read._idle.values()] == [1]
    with pytest.raises(Exception, match="no_such_column"):
        arrow_read._fetch(tiny_demo, bad)  # takes the kept connection, and fails on it
    assert [len(pool) for pool in arrow_read._idle.values()] == [0]
    assert len(arrow_read._fetch(tiny_demo, good)) > 0
