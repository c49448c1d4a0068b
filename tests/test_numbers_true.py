"""The numbers stay true for every viewer and every day: open requests measured to the period's last
day and counted when late, the adoption span ending on the province's data end whoever looks, each
appraisal period rated over its own roll, and every figure computable whatever the clock says."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import text

from data_access import reads
from vocab import codes
from vocab.clock import CLOCK_ENV, now_wib
from data_access.db import get_engine
from data_access.inputs import load_inputs, measured_at
from data_access.scope import Scope, narrowed
from metrics import service
from metrics.__main__ import main as metrics_main
from vocab.calendar import WorkCalendar
from vocab.periods import month_keys, period_bounds
from metrics.report import build_report
from tests import orgdata as od
from tests.pages import open_as

YEAR = 2026
# After the year's end, a quarter's end, a holiday, a leap day, and before the year begins.
CLOCKS = ("2027-01-04T09:00", "2026-09-30T16:00", "2026-12-25T10:00", "2028-02-29T12:00", "2025-06-02T08:00")


def _report(url: str, *args: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert metrics_main(["report", "--db", url, *args]) == 0
    return json.loads(out.getvalue())


def _inputs(engine, scope: Scope, period: str | None = None, now: datetime = datetime(2026, 11, 28, 10)):
    start, end = period_bounds(YEAR, period)
    return load_inputs(engine, scope, YEAR, start, end, month_keys(YEAR, period), period=period, now=now)


# --- the clock ---------------------------------------------------------------------------------------
def test_the_clock_is_one_injectable_value(monkeypatch):
    monkeypatch.setenv(CLOCK_ENV, "2027-01-04T09:30")
    assert now_wib() == datetime(2027, 1, 4, 9, 30)
    monkeypatch.setenv(CLOCK_ENV, "2026-02-29")
    with pytest.raises(ValueError, match=CLOCK_ENV):  # not a date: said, never silently the real clock
        now_wib()


# --- open requests -----------------------------------------------------------------------------------
def test_an_open_request_is_measured_to_the_periods_last_day_not_the_day_after():
    # Received Monday 28 September 2026, still open: at the end of TW3 (Wednesday 30 September) it has
    # waited 2 working days (29 and 30 September), within a 3-working-day standard.
    moment = measured_at(date(2026, 9, 30), datetime(2026, 11, 28, 10))
    assert moment == datetime(2026, 9, 30, 23, 59, 59)
    assert measured_at(date(2026, 9, 30), datetime(2026, 9, 29, 10)) == datetime(2026, 9, 29, 10)  # running
    requests = pd.DataFrame({"request_id": [1], "agency_id": [1], "region_id": [1], "service_type": ["KK"],
                             "received_at": [pd.Timestamp("2026-09-28 09:00")], "finished_at": [pd.NaT]})
    standards = pd.DataFrame([("KK", 3.0, codes.UNIT_WORKING_DAYS, None, None)],
                             columns=list(service.STANDARD_COLUMNS))
    out = service.turnaround(requests, standards, WorkCalendar(2026), moment)
    assert out["turnaround"].tolist() == [2.0] and not out["open_overdue"].any()


def test_open_requests_past_their_limit_count_in_the_share_within_the_standard(demo_url):
    """The report's share is over the finished requests with a standard plus the open ones past it; the
    Pelayanan Publik page shows the same number for the same filter."""
    engine = get_engine(demo_url)
    inputs = _inputs(engine, Scope.full("uji"), "TW3")
    turn = service.measured(inputs)
    assert turn["open_overdue"].any()  # the demo leaves some requests open past their limit in TW3
    payload = build_report(inputs, datetime(2026, 11, 28, 10), period="TW3")
    for agency in payload["agencies"]:
        got = agency["service"]
        if not got["requests"]:
            continue
        aid = int(inputs.agencies.loc[(inputs.agencies["agency"] == agency["agency_name"])
                                      & (inputs.agencies["region"] == agency["region"]), "agency_id"].iloc[0])
        mine = turn[turn["agency_id"] == aid]
        finished_scored = (~mine["open"]) & mine["limit_value"].notna()
        judged = finished_scored | mine["open_overdue"]
        within = finished_scored & (mine["turnaround"] <= mine["limit_value"])
        assert got["judged"] == int(judged.sum()) and got["open_overdue"] == int(mine["open_overdue"].sum())
        assert got["share_within_standard"] == pytest.approx(within.sum() / judged.sum(), abs=5e-5)


# --- the same numbers for every viewer ---------------------------------------------------------------
def test_an_agencys_adoption_figures_do_not_depend_on_who_is_looking(demo_url):
    """An agency that stops sending daily entries at the end of August is measured to the province's data
    end for its own head as for the governor: its missing months count."""
    engine = get_engine(demo_url)
    full = Scope.full("uji")
    agencies = reads.agencies(engine, full)
    lamteng = agencies[agencies["agency"].str.contains("Kependudukan") & (agencies["region"] == "Kabupaten Lampung Tengah")]
    aid = int(lamteng["agency_id"].iloc[0])
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM daily_month WHERE agency_id = :a AND month >= 202609"), {"a": aid})
    own = narrowed(full, agencies, reads.units(engine, full), (), (aid,))
    seen = {}
    for name, scope in (("provinsi", full), ("kepala", own)):
        payload = build_report(_inputs(engine, scope), datetime(2026, 11, 28, 10))
        seen[name] = next(a for a in payload["agencies"] if a["agency_name"] == lamteng["agency"].iloc[0]
                          and a["region"] == "Kabupaten Lampung Tengah")
        assert payload["adoption_data_end"] == "2026-11-27"  # the province's last day, for both
    assert seen["kepala"]["adoption"] == seen["provinsi"]["adoption"]
    assert seen["kepala"]["adoption"]["compliance"] < 0.75  # September to November count as missing


def test_the_cli_gives_one_agency_the_same_figures_for_every_viewer(demo_url):
    name, region = "Dinas Kependudukan dan Pencatatan Sipil", "Kabupaten Lampung Tengah"

    def entry(*args):
        return next(a for a in _report(demo_url, "--year", "2026", *args)["agencies"]
                    if a["agency_name"] == name and a["region"] == region)

    province = entry()
    assert entry("--user", "kadis.dukcapil.lamteng") == province
    assert entry("--agency", name) == province
    assert entry("--user", "gubernur") == province


# --- each appraisal period over its own roll ---------------------------------------------------------
def test_a_joiner_after_the_quarter_is_not_unrated_in_it(db_url):
    """The whole year is shown and TW3 is the latest appraisal: a joiner of 1 November is not
    'Belum Dinilai' in TW3, and the counts add up to the TW3 roll."""
    engine = get_engine(db_url)
    od.load(engine, "pegawai", od.staff_rows(od.first_placement()), "pegawai-1.csv")
    od.appraisals(engine, "TW3", od.NIPS)
    joined = od.first_placement() | {"198005052006041099": (od.SOSIAL, "Bidang Rehabilitasi Sosial")}
    od.load(engine, "pegawai", od.staff_rows(joined), "pegawai-2.csv", mode="replace",
            effective_date=date(2026, 11, 1))
    payload = build_report(od.inputs(engine, Scope.full("cli"), None), datetime(2026, 11, 28, 12))
    assert payload["appraisal_period"] == "TW3"
    sosial = next(a for a in payload["agencies"] if a["agency_name"] == od.SOSIAL)
    assert sosial["headcount"] == 7  # today's roll has the joiner
    assert sosial["appraisal"]["counts"][codes.NOT_RATED] == 0
    assert sum(sosial["appraisal"]["counts"].values()) == 6  # the TW3 roll


# --- any day ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("clock", CLOCKS)
def test_the_report_runs_whatever_the_clock_says(demo_url, monkeypatch, clock):
    monkeypatch.setenv(CLOCK_ENV, clock)
    for args in ((), ("--year", "2026"), ("--year", "2026", "--period", "TW4"),
                 ("--year", "2026", "--period", "TW3", "--level", "unit")):
        payload = _report(demo_url, *args)
        assert payload["year"] == 2026 and payload["agencies"]
        assert payload["measured_at"] <= f"{payload['year']}-12-31T23:59:59"


def test_after_the_years_end_open_requests_are_measured_at_its_last_day(demo_url, monkeypatch):
    monkeypatch.setenv(CLOCK_ENV, "2027-01-04T09:00")
    payload = _report(demo_url, "--year", "2026")
    assert payload["measured_at"] == "2026-12-31T23:59:59"
    assert sum(a["service"]["open_overdue"] for a in payload["agencies"]) > 0


PAGES = ("pages/kinerja_pegawai.py", "pages/pengembangan_kompetensi.py", "pages/pelayanan_publik.py",
         "pages/adopsi_perubahan.py", "pages/kelengkapan_data.py")


@pytest.mark.parametrize("clock", ["2027-01-04T09:00", "2026-12-25T10:00"])
def test_every_page_runs_after_the_years_end_and_on_a_holiday(demo_url, monkeypatch, clock):
    monkeypatch.setenv(CLOCK_ENV, clock)
    at = open_as("gubernur")
    assert not at.exception, at.exception  # Ringkasan
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)


def test_a_staff_filter_keeps_the_appraisal_of_someone_who_left_after_the_period():
    """An employee on the roll at the end of TW2 who left before the span's end was rated in TW2: with a
    staff filter on (PNS), their predikat counts in TW2 as without it, not as 'not yet rated'."""
    from data_access.inputs import FRAMES, MetricInputs
    from vocab.settings import SETTINGS
    from metrics.pipeline import appraisal as pipeline

    def person(eid):
        return {"employee_id": eid, "status": "PNS", "jabatan_type": "Pelaksana", "jabatan_name": "x",
                "region_id": 1, "agency_id": 1, "unit_id": 10}

    today_roll = pd.DataFrame([person(1)])
    tw2_roll = pd.DataFrame([person(1), person(2)])  # 2 left in August
    appraisals = pd.DataFrame({"employee_id": [1, 2], "year": 2026, "period": "TW2", "predikat": ["Baik", "Sangat Baik"],
                               "rating_hasil": codes.RATING_AS_EXPECTED, "rating_perilaku": codes.RATING_AS_EXPECTED})
    loaders = {name: (lambda: pd.DataFrame()) for name in FRAMES} | {"roster": lambda: today_roll,
                                                                     "appraisals": lambda: appraisals}
    inputs = MetricInputs(year=2026, period=None, start=date(2026, 1, 1), end=date(2026, 12, 31),
                          now=datetime(2026, 11, 28, 10), settings={k: d.default for k, d in SETTINGS.items()},
                          months=list(range(202601, 202613)), loaders=loaders,
                          roster_on=lambda day: tw2_roll if day <= date(2026, 6, 30) else today_roll)
    for view in (inputs, inputs.for_staff(("PNS",))):
        _roll, rows = pipeline.rated_rows(view, "TW2")
        assert rows.set_index("employee_id")["predikat"].to_dict() == {1: "Baik", 2: "Sangat Baik"}
    assert inputs.for_staff(("PPPK",)).appraisals.empty  # the filter still filters
