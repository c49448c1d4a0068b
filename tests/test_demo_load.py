"""The demo goes in through the import path, and the daily summary agrees with the raw entries."""
import pandas as pd
import pytest
from sqlalchemy import text

import demo
from data_access import reads
from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.scope import Scope
from tests.conftest import BACKENDS, demo_database

TABLES = {"pegawai": "employee", "skp": "skp", "penilaian": "appraisal", "predikat_organisasi": "org_rating",
          "pelatihan": "training", "layanan": "service_request", "standar_layanan": "service_standard",
          "skm": "skm_response", "progres_harian": "daily_entry", "antrian": "queue_ticket",
          "survei_adkar": "adkar_response", "kegiatan_pendampingan": "mentoring_activity"}


def _loaded(url: str):
    engine = get_engine(url)
    return engine, load_demo(engine, "tiny")


@pytest.fixture(scope="module", params=BACKENDS)
def tiny(request, tmp_path_factory):
    """The tiny demo loaded once per backend for this module's tests, which read it or add nothing to it
    (a test that adds rows takes `tiny_alone`)."""
    with demo_database(request.param, tmp_path_factory) as (url, results):
        yield get_engine(url), results


@pytest.fixture
def tiny_alone(db_url):
    """The tiny demo in a database of this test's own."""
    return _loaded(db_url)


def _sql(engine, query: str) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(text(query))
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def test_every_kind_lands_whole_through_the_loader(tiny):
    engine, results = tiny
    frames = demo.generate("tiny")
    assert [r.kind for r in results] == list(frames)
    for result in results:
        table = TABLES[result.kind]
        stored = _sql(engine, f"select count(*) as n from {table}")["n"].iloc[0]
        assert result.rows_inserted == stored == len(frames[result.kind]), result.kind
    batches = _sql(engine, "select kind, user_name, status from import_batch order by id")
    assert batches["kind"].tolist() == list(frames)
    assert set(batches["user_name"]) == {"cli"} and set(batches["status"]) == {"committed"}


def test_loading_the_demo_twice_changes_nothing(tiny):
    engine, _ = tiny
    before = {t: _sql(engine, f"select count(*) as n from {t}")["n"].iloc[0] for t in TABLES.values()}
    again = load_demo(engine, "tiny")
    assert all(r.duplicate_file for r in again)
    after = {t: _sql(engine, f"select count(*) as n from {t}")["n"].iloc[0] for t in TABLES.values()}
    assert after == before


def test_daily_month_summary_equals_the_raw_entries(tiny):
    """An independent computation from the raw rows (pandas, not the summary's SQL) gives the same."""
    engine, _ = tiny
    raw = _sql(engine, "select employee_id, day, status, input_min, approved_min from daily_entry")
    day = pd.to_datetime(raw["day"], unit="D")
    raw["month"] = day.dt.year * 100 + day.dt.month
    active = raw["status"] >= 2
    lag = raw["input_min"] // 1440 - raw["day"]
    raw = raw.assign(
        days_entered=1,
        days_draft=(raw["status"] == 1).astype(int),
        days_active=active.astype(int),
        days_approved=(raw["status"] == 3).astype(int),
        days_on_time=(active & (lag <= 0)).astype(int),
        days_within_7=(active & (lag <= 7)).astype(int),
        approval_minutes_sum=(raw["approved_min"] - raw["input_min"]).fillna(0),
    )
    expected = raw.groupby(["employee_id", "month"]).agg(
        days_entered=("days_entered", "sum"), days_draft=("days_draft", "sum"), days_active=("days_active", "sum"),
        days_approved=("days_approved", "sum"), days_on_time=("days_on_time", "sum"),
        days_within_7=("days_within_7", "sum"), approval_minutes_sum=("approval_minutes_sum", "sum"),
    ).reset_index()
    got = _sql(engine, "select employee_id, month, days_entered, days_draft, days_active, days_approved, days_on_time, "
                       "days_within_7, approval_minutes_sum from daily_month")
    cols = list(expected.columns)
    expected = expected.sort_values(["employee_id", "month"]).reset_index(drop=True).astype("int64")
    got = got[cols].sort_values(["employee_id", "month"]).reset_index(drop=True).astype("int64")
    assert len(got) > 0
    pd.testing.assert_frame_equal(got, expected)


def test_report_headcount_equals_the_demo_roll(tiny):
    engine, _ = tiny
    roll = demo.generate("tiny")["pegawai"]
    table = reads.headcount(engine, Scope.full("cli"))
    assert table["headcount"].sum() == len(roll)
    per_region = table.groupby("region")["headcount"].sum().sort_index()
    expected = roll.groupby("KABUPATEN/KOTA").size().sort_index()
    assert per_region.to_dict() == expected.to_dict()


KEYLESS = ("skm", "survei_adkar")  # every row is a respondent: a second file adds its rows


@pytest.mark.parametrize("kind", [k for k in TABLES if k not in ("pegawai", *KEYLESS)])
def test_append_skips_rows_whose_key_is_stored(tiny, kind):
    """A different file carrying already-stored keys adds nothing."""
    _append_again(tiny, kind)


@pytest.mark.parametrize("kind", KEYLESS)
def test_append_adds_every_row_of_a_kind_without_a_key(tiny_alone, kind):
    _append_again(tiny_alone, kind)


def _append_again(loaded, kind: str) -> None:
    from data_access.importing.load import import_frame

    engine, _ = loaded
    frame = demo.generate("tiny")[kind].head(50).copy()
    frame.loc[len(frame)] = frame.iloc[0]  # a different file, so not the duplicate-file rule
    table = TABLES[kind]
    before = _sql(engine, f"select count(*) as n from {table}")["n"].iloc[0]
    result = import_frame(engine, kind, frame, "lagi.csv")
    after = _sql(engine, f"select count(*) as n from {table}")["n"].iloc[0]
    if kind in KEYLESS:
        assert result.rows_inserted == after - before == len(frame)
    else:
        assert (result.rows_inserted, result.rows_skipped, after) == (0, len(frame), before)
