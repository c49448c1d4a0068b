"""The report command: its shape, its scope, and its numbers checked against independent SQL."""
import contextlib
import io
import json
import shutil
import statistics
import subprocess
import sys
from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import text

from data_access.bootstrap import load_demo
from data_access.db import dispose_all, get_engine
from data_access.users import Grant, add_user
from tests.conftest import BACKENDS, ROOT, demo_database

SIGNAL_KEYS = {
    "appraisal": {"counts", "org_predikat", "curve_compliant", "curve_status", "failed_rules",
                  "largest_group_warning"},
    "training": {"target_jp", "share_meeting_target", "share_zero", "median_jp"},
    "service": {"requests", "judged", "open_overdue", "share_within_standard", "median_turnaround",
                "turnaround_unit", "ikm", "mutu", "ikm_respondents", "ikm_elements", "by_service_type"},
    "queue": {"wait_target_minutes", "tickets", "days", "served", "not_served", "tickets_per_day",
              "median_wait_minutes", "p90_wait_minutes", "share_within_target", "share_not_served", "online_share",
              "median_wait_online_minutes", "median_wait_walk_in_minutes", "by_service_type", "by_channel"},
    "adoption": {"expected", "active_share", "compliance", "timeliness", "lapsed_share", "resistance_index",
                 "resistance_parts"},
    "adkar": {"wave", "previous_wave", "respondents", "response_rate", "barrier", "status", "note", "means",
              "low_shares", "changes"},
    "mentoring": {"count", "activities"},
    "plan": {"units_in_plan", "survey_barriers", "inferred_barriers"},
}
COUNT_KEYS = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang", "Belum Dinilai"]


def report(db_url: str, *args: str) -> dict:
    """`python -m metrics report --db URL ARGS` as its own process (each test's first command)."""
    done = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", db_url, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def report_here(db_url: str, *args: str) -> dict:
    """The same command run in-process (metrics.__main__.main, its stdout and exit code), for a test's
    further commands: about a second of CPU cheaper than re-importing the project in a new process."""
    import metrics.__main__ as command

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = command.main(["report", "--db", db_url, *args])
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def _tiny_file(tmp_path_factory):
    """The tiny demo, loaded once for the module: the SQLite tests below each start from a copy of it."""
    path = tmp_path_factory.mktemp("report") / "tiny-loaded.sqlite"
    load_demo(get_engine(f"sqlite:///{path}"), "tiny")
    dispose_all()
    return path


@pytest.fixture(scope="module")
def tiny_sqlite(_tiny_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "tiny.sqlite"
    shutil.copyfile(_tiny_file, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module", params=BACKENDS)
def tiny(request, tmp_path_factory):
    """The tiny demo once per backend, for this module's tests that only read it."""
    with demo_database(request.param, tmp_path_factory) as (url, _):
        yield url


_TINY_REPORTS: dict[str, dict] = {}


def tiny_report(url: str) -> dict:
    """The whole report of the read-only `tiny` database, run once per backend by the first test that
    asks (as its own process) and read by the others: nothing writes to `tiny`, and
    test_only_the_clock_changes_when_the_data_does_not shows that two runs on unchanged data agree."""
    if url not in _TINY_REPORTS:
        _TINY_REPORTS[url] = json.dumps(report(url))
    return json.loads(_TINY_REPORTS[url])


def _sql(url: str, query: str, **params) -> pd.DataFrame:
    with get_engine(url).connect() as conn:
        result = conn.execute(text(query), params)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def test_shape_order_and_nulls(tiny_sqlite):
    payload = report(tiny_sqlite)
    assert set(payload) == {"generated_at", "year", "period", "appraisal_period", "level", "measured_at",
                            "adoption_data_end", "agencies"}
    assert payload["year"] == 2026 and payload["period"] is None and payload["appraisal_period"] == "TW3"
    agencies = payload["agencies"]
    assert agencies and all(set(a) == {"agency_name", "region", "headcount", *SIGNAL_KEYS} for a in agencies)
    for a in agencies:
        for signal, keys in SIGNAL_KEYS.items():
            assert set(a[signal]) == keys, signal
        assert list(a["appraisal"]["counts"]) == COUNT_KEYS
        for value in (a["training"]["share_meeting_target"], a["training"]["share_zero"],
                      a["service"]["share_within_standard"], a["adoption"]["active_share"],
                      a["adoption"]["compliance"]):
            assert value is None or 0 <= value <= 1
        if a["service"]["requests"] == 0:  # no data is null, never 0
            assert a["service"]["share_within_standard"] is None and a["service"]["median_turnaround"] is None
    # Province first, then the kabupaten/kota by code; names ascending within a region.
    regions = _sql(tiny_sqlite, "select code, name from region").set_index("name")["code"]
    order = [(regions[a["region"]], a["agency_name"]) for a in agencies]
    assert order == sorted(order)
    total = _sql(tiny_sqlite, "select count(*) as n from employee where active")["n"].iloc[0]
    assert sum(a["headcount"] for a in agencies) == total


def test_only_the_clock_changes_when_the_data_does_not(tiny_sqlite):
    first, second = report(tiny_sqlite), report_here(tiny_sqlite)  # as its own process, then in-process
    for payload in (first, second):  # the moment of the report, and of a running period's measurement
        payload.pop("generated_at"), payload.pop("measured_at")
    assert first == second


def test_scope_level_period_and_agency_options(tiny_sqlite):
    with get_engine(tiny_sqlite).begin() as conn:
        add_user(conn, "pringsewu", "Bupati", "pimpinan", None, [Grant(region="Kabupaten Pringsewu")])
    scoped = report(tiny_sqlite, "--user", "pringsewu")
    assert {a["region"] for a in scoped["agencies"]} == {"Kabupaten Pringsewu"}
    units = report_here(tiny_sqlite, "--level", "unit", "--agency", "Dinas Perhubungan")
    assert units["level"] == "unit" and {a["agency_name"] for a in units["agencies"]} == {"Dinas Perhubungan"}
    assert all(a["unit_name"] for a in units["agencies"])
    quarter = report_here(tiny_sqlite, "--period", "TW1")
    assert quarter["period"] == "TW1" and quarter["appraisal_period"] == "TW1"


def test_csv_format(tiny_sqlite):
    done = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", tiny_sqlite, "--format", "csv"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    header, first = done.stdout.splitlines()[:2]
    assert header.startswith("agency_name;region;headcount;appraisal.Sangat Baik")
    assert "," not in first.split(";")[2]  # headcount is an integer; shares use a decimal comma


# --- one metric per signal against an independent SQL query, on SQLite and PostgreSQL ----------
def _by_key(payload: dict) -> dict:
    return {(a["region"], a["agency_name"]): a for a in payload["agencies"]}


def test_appraisal_counts_equal_sql(tiny):
    got = _by_key(tiny_report(tiny))
    # Staff with no appraisal row for the period count as not yet rated, like a '-' row.
    rows = _sql(tiny, """
        select region, agency, coalesce(predikat, 'Belum Dinilai') as predikat, count(*) as n from (
            select r.name as region, a.name as agency, p.predikat
            from appraisal p join agency a on a.id = p.agency_id join region r on r.id = a.region_id
            where p.year = 2026 and p.period = 'TW3'
            union all
            select r.name, a.name, null
            from employee e join agency a on a.id = e.agency_id join region r on r.id = a.region_id
            where e.active and not exists (select 1 from appraisal p where p.employee_id = e.id
                                           and p.year = 2026 and p.period = 'TW3')
        ) x group by region, agency, coalesce(predikat, 'Belum Dinilai')""")
    assert len(rows) > 0 and "Belum Dinilai" in set(rows["predikat"])
    for r in rows.itertuples():
        assert got[(r.region, r.agency)]["appraisal"]["counts"][r.predikat] == r.n


def test_training_share_meeting_target_equals_sql(tiny):
    got = _by_key(tiny_report(tiny))
    rows = _sql(tiny, """
        select r.name as region, a.name as agency,
               avg(case when coalesce(t.jp, 0) >= 20 then 1.0 else 0.0 end) as share
        from employee e join agency a on a.id = e.agency_id join region r on r.id = a.region_id
        left join (select employee_id, sum(jp) as jp from training
                   where start_date >= '2026-01-01' and start_date <= '2026-12-31' group by employee_id) t
               on t.employee_id = e.id
        where e.active
        group by r.name, a.name""")
    for r in rows.itertuples():
        assert got[(r.region, r.agency)]["training"]["share_meeting_target"] == pytest.approx(float(r.share),
                                                                                             abs=5e-5)


def test_ikm_equals_sql(tiny):
    got = _by_key(tiny_report(tiny))
    rows = _sql(tiny, """
        select r.name as region, a.name as agency,
               (avg(u1 * 1.0) + avg(u2 * 1.0) + avg(u3 * 1.0) + avg(u4 * 1.0) + avg(u5 * 1.0) + avg(u6 * 1.0)
                + avg(u7 * 1.0) + avg(u8 * 1.0) + avg(u9 * 1.0)) / 9 * 25 as ikm
        from skm_response s join agency a on a.id = s.agency_id join region r on r.id = a.region_id
        where s.survey_date >= '2026-01-01' and s.survey_date <= '2026-12-31'
        group by r.name, a.name""")
    assert len(rows) > 0
    for r in rows.itertuples():
        assert got[(r.region, r.agency)]["service"]["ikm"] == pytest.approx(float(r.ikm), abs=0.005 + 1e-9)


def test_queue_figures_per_office_equal_sql(tiny):
    """The queue per office: tickets, not served and online share by SQL; the median and p90 waits over
    the called tickets' minutes read by SQL, computed with the statistics module."""
    got = _by_key(tiny_report(tiny))
    rows = _sql(tiny, """
        select r.name as region, a.name as agency, q.channel, q.taken_at, q.called_at, q.ended_at
        from queue_ticket q join agency a on a.id = q.agency_id join region r on r.id = a.region_id
        where q.day >= '2026-01-01' and q.day <= '2026-12-31'""")
    assert rows[["region", "agency"]].drop_duplicates().shape[0] == 15
    for (region, agency), mine in rows.groupby(["region", "agency"]):
        entry = got[(region, agency)]["queue"]
        called = mine[mine["called_at"].notna()]
        waits = [(pd.Timestamp(c) - pd.Timestamp(t)).total_seconds() / 60
                 for t, c in zip(called["taken_at"], called["called_at"])]
        assert entry["tickets"] == len(mine) and entry["wait_target_minutes"] == 60
        assert entry["median_wait_minutes"] == pytest.approx(statistics.median(waits), abs=0.005)
        assert entry["p90_wait_minutes"] == pytest.approx(statistics.quantiles(waits, n=10, method="inclusive")[-1],
                                                          abs=0.005)
        assert entry["share_not_served"] == pytest.approx(mine["ended_at"].isna().mean(), abs=5e-5)
        assert entry["online_share"] == pytest.approx((mine["channel"] == "online").mean(), abs=5e-5)
        within = [w <= 60 for w, e in zip(waits, called["ended_at"]) if e is not None and not pd.isna(e)]
        assert entry["share_within_target"] == pytest.approx(sum(within) / len(mine), abs=5e-5)
        assert sum(c["tickets"] for c in entry["by_channel"].values()) == len(mine)
    others = [a for a in got.values() if a["agency_name"] != "Dinas Kependudukan dan Pencatatan Sipil"]
    assert others and all(a["queue"]["tickets"] == 0 and a["queue"]["median_wait_minutes"] is None for a in others)


def test_active_share_from_summaries_equals_sql_over_raw_entries(tiny):
    """The report reads the monthly summary; this counts the raw daily entries instead."""
    got = _by_key(tiny_report(tiny))
    rows = _sql(tiny, """
        select r.name as region, a.name as agency, count(distinct e.id) as expected,
               count(distinct d.employee_id) as active
        from employee e join agency a on a.id = e.agency_id join region r on r.id = a.region_id
        left join daily_entry d on d.employee_id = e.id and d.status >= 2
             and d.day >= :first and d.day <= :last
        where e.active
        group by r.name, a.name""",
        first=(datetime(2026, 1, 1) - datetime(1970, 1, 1)).days,
        last=(datetime(2026, 12, 31) - datetime(1970, 1, 1)).days)
    for r in rows.itertuples():
        assert got[(r.region, r.agency)]["adoption"]["active_share"] == pytest.approx(r.active / r.expected,
                                                                                     abs=5e-5)


def test_a_changed_setting_changes_the_report(_tiny_file, tmp_path):
    from data_access.settings import save_setting

    shutil.copyfile(_tiny_file, tmp_path / "settings.sqlite")  # the tiny demo, untouched by other tests
    url = f"sqlite:///{tmp_path / 'settings.sqlite'}"
    before = report(url)
    with get_engine(url).begin() as conn:
        save_setting(conn, "jp_target", {"PNS": 40, "PPPK": 40, "PPPK Paruh Waktu": 40}, "admin")
    after = report_here(url)
    pairs = [(b["training"], a["training"]) for b, a in zip(before["agencies"], after["agencies"])]
    assert all(a["target_jp"] == 40 and b["target_jp"] == 20 for b, a in pairs)
    assert all(a["share_meeting_target"] <= b["share_meeting_target"] for b, a in pairs)
    assert any(a["share_meeting_target"] < b["share_meeting_target"] for b, a in pairs)
    audit = _sql(url, "select user_name, action from audit_log where action = 'setting'")
    assert audit.values.tolist() == [["admin", "setting"]]


def test_a_region_grant_sees_the_same_numbers_as_the_operator(tiny_sqlite):
    """Region grants must reach tables filed by agency and unit (appraisals, trainings, daily summaries)."""
    with get_engine(tiny_sqlite).begin() as conn:
        add_user(conn, "lamsel", "Lamsel", "pimpinan", None, [Grant(region="Kabupaten Lampung Selatan")])
    full = {k: a for k, a in _by_key(report(tiny_sqlite)).items() if k[0] == "Kabupaten Lampung Selatan"}
    scoped = _by_key(report_here(tiny_sqlite, "--user", "lamsel"))
    assert scoped == full and len(full) > 0


def test_a_year_without_data_has_nulls_not_zeros(tiny_sqlite):
    payload = report(tiny_sqlite, "--year", "2024")
    assert payload["appraisal_period"] is None and payload["agencies"]
    for a in payload["agencies"]:
        assert a["appraisal"]["counts"]["Belum Dinilai"] == a["headcount"]
        assert a["appraisal"]["curve_compliant"] is None
        assert {k: v for k, v in a["adoption"].items() if v is not None} == {"resistance_parts": {}}
        assert a["training"]["share_meeting_target"] is None  # no training data at all for 2024
        assert a["service"]["share_within_standard"] is None and a["service"]["ikm"] is None


def test_curve_status_tells_too_small_from_unrated(tiny_sqlite):
    statuses = {a["appraisal"]["curve_status"] for a in report(tiny_sqlite)["agencies"]}
    assert statuses <= {"patuh", "tidak patuh", "terlalu kecil untuk dinilai", "belum ada predikat organisasi"}
    assert "terlalu kecil untuk dinilai" in statuses


def test_a_report_of_some_parts_holds_those_parts_as_the_whole_report_does(tiny_sqlite):
    """The scorecard asks for SCORECARD_PARTS: its entries hold those signals exactly as the full
    report does (services without the per-type rows), and no queue or survey."""
    from data_access.inputs import load_inputs
    from data_access.scope import Scope
    from metrics.report import PARTS, SCORECARD_PARTS, build_report
    from vocab.periods import month_keys, period_bounds

    year = 2026
    start, end = period_bounds(year, None)
    now = datetime(2026, 12, 1, 9)

    def inputs():
        return load_inputs(get_engine(tiny_sqlite), Scope.full("uji"), year, start, end, month_keys(year, None), now=now)

    whole = build_report(inputs(), now)
    some = inputs()
    part = build_report(some, now, parts=SCORECARD_PARTS)
    assert {"queue", "adkar"}.isdisjoint(some.loaded())  # neither computed nor read
    assert len(part["agencies"]) == len(whole["agencies"])
    for full, few in zip(whole["agencies"], part["agencies"]):
        assert set(few) == {"agency_name", "region", "headcount", *SCORECARD_PARTS}
        for signal in ("appraisal", "training", "adoption"):
            assert few[signal] == full[signal]
        assert few["service"] == full["service"] | {"by_service_type": {}}
    assert any(a["service"]["by_service_type"] for a in whole["agencies"])
    assert set(SCORECARD_PARTS) < set(PARTS)
    with pytest.raises(ValueError, match="tidak dikenal"):
        build_report(inputs(), now, parts=("appraisal", "antrian"))
