"""Data completeness: each status by its definition, the demo's planted gaps exactly, the settings that
govern it, the viewer's scope, the page and the report command."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, time
from types import SimpleNamespace

import pandas as pd
import pytest

import demo
from data_access.bootstrap import load_demo
from data_access.completeness import References, references
from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.scope import Scope
from data_access.settings import save_setting
from metrics import completeness as cm
from metrics.__main__ import main as metrics_main
from vocab.periods import month_keys, period_bounds
from tests.cli import run_main
from tests.conftest import ROOT
from tests.pages import open_as

YEAR = demo.DEMO_YEAR
PROVINCE = demo.PROVINCE
LAMSEL = "Kabupaten Lampung Selatan"
TODAY = date(2026, 11, 28)


def _table(url: str, scope: Scope | None = None, period: str | None = None) -> pd.DataFrame:
    engine = get_engine(url)
    start, end = period_bounds(YEAR, period)
    inputs = load_inputs(engine, scope or Scope.full("uji"), YEAR, start, end, month_keys(YEAR, period),
                         period=period, now=datetime.combine(TODAY, time(12)))
    refs = references(engine, YEAR, start, min(end, inputs.as_of))
    return cm.named(cm.for_inputs(inputs, refs), inputs.agencies)


def _gaps(table: pd.DataFrame, statuses=(cm.MISSING, cm.STALE)) -> set:
    rows = table[table["status"].isin(statuses)]
    return {(r.region, r.agency, r.kind, r.period if isinstance(r.period, str) else None) for r in rows.itertuples()}


# --- the definitions, on hand-made frames ------------------------------------------------------------
def _inputs(**frames):
    empty = pd.DataFrame
    base = dict(
        year=2026, period=None, start=date(2026, 1, 1), end=date(2026, 12, 31),
        agencies=pd.DataFrame({"agency_id": [1, 2]}),
        roster=pd.DataFrame({"employee_id": [10, 11, 12, 13, 20], "agency_id": [1, 1, 1, 1, 2]}),
        skp=empty({"employee_id": [10, 11, 12, 13, 20], "period_start": [None] * 5, "period_end": [None] * 5}),
        appraisals=empty({"employee_id": [10, 11, 12, 13], "year": [2026] * 4, "period": ["TW1"] * 4,
                          "predikat": ["Baik", "Baik", "Baik", None], "agency_id": [1] * 4}),
        org_ratings=empty({"agency_id": [1, 2], "unit_id": [None, None], "period": ["TW1", "TW1"]}),
        trainings=empty({"agency_id": [1, 2], "start_date": [date(2026, 11, 20), date(2026, 9, 1)]}),
        requests=empty({"agency_id": [1], "received_at": [pd.Timestamp("2026-08-01 09:00")]}),
        skm=empty({"agency_id": [], "survey_date": []}),
        queue=empty({"agency_id": [1], "day": [date(2026, 8, 3)]}),
        adkar=empty({"agency_id": [1, 1], "survey_date": [date(2026, 9, 15), date(2026, 11, 10)]}),
        daily_month=empty({"employee_id": [10, 11, 12, 13, 20], "days_active": [3, 3, 3, 3, 0],
                           "agency_id": [1, 1, 1, 1, 2], "last_active_day": [20774] * 4 + [None]}),
    )
    return SimpleNamespace(**(base | frames))


REFS = References(("TW1", "TW2"), ("TW1",), {"pelatihan": date(2026, 11, 25), "layanan": date(2026, 11, 27),
                                              "skm": None, "progres_harian": date(2026, 11, 17)},
                  frozenset({1}), frozenset())


def test_each_status_follows_its_definition():
    t = cm.completeness(_inputs(), REFS, stale_days=45, min_share=0.8).set_index(["agency_id", "kind", "period"])
    status = t["status"]
    assert status[(1, "penilaian", "TW1")] == cm.PARTIAL  # 3 of 4 staff rated: below 80%
    assert status[(1, "penilaian", "TW2")] == cm.MISSING  # delivered by others, not by this agency
    assert status[(2, "penilaian", "TW1")] == cm.MISSING
    assert status[(1, "predikat_organisasi", "TW1")] == cm.OK
    assert status[(1, "pelatihan", None)] == cm.OK
    assert status[(2, "pelatihan", None)] == cm.OK  # trainings are events: there or missing, never stale
    assert status[(1, "progres_harian", None)] == cm.OK and status[(2, "progres_harian", None)] == cm.MISSING
    assert t.at[(1, "penilaian", "TW1"), "covered"] == 3 and t.at[(1, "penilaian", "TW1"), "expected"] == 4
    assert status[(1, "layanan", None)] == cm.STALE  # 1 August: 118 days before the province's newest
    assert (1, "skm", None) not in t.index  # a request office, but skm_offices (REFS) lists none
    assert not any(k in ("layanan", "skm") for a, k, _ in t.index if a == 2)  # not a service office
    loose = cm.completeness(_inputs(), REFS, stale_days=90, min_share=0.75).set_index(["agency_id", "kind", "period"])
    assert loose.at[(1, "penilaian", "TW1"), "status"] == cm.OK
    assert cm.completeness(_inputs(), REFS, stale_days=120).set_index(["agency_id", "kind", "period"]).at[
        (1, "layanan", None), "status"] == cm.OK


def test_the_queue_is_expected_of_the_offices_that_run_one():
    """antrian like layanan: expected only of References.queue_offices, and stale like a daily flow."""
    refs = References(REFS.appraisal_periods, REFS.org_periods, REFS.last_dates | {"antrian": date(2026, 11, 27)},
                      REFS.service_offices, REFS.skm_offices, frozenset({1, 2}))
    t = cm.completeness(_inputs(), refs, stale_days=45).set_index(["agency_id", "kind", "period"])
    assert t.at[(1, "antrian", None), "status"] == cm.STALE  # newest ticket 3 August: 116 days before
    assert t.at[(1, "antrian", None), "covered"] == 1
    assert t.at[(2, "antrian", None), "status"] == cm.MISSING
    assert cm.completeness(_inputs(), refs, stale_days=120).set_index(["agency_id", "kind", "period"]).at[
        (1, "antrian", None), "status"] == cm.OK
    plain = cm.completeness(_inputs(), REFS).set_index(["agency_id", "kind", "period"])
    assert not any(k == "antrian" for _a, k, _p in plain.index)  # REFS lists no queue office
    assert cm.KIND_LABELS["antrian"] == "Antrian loket"


def test_the_adkar_survey_is_expected_of_every_agency_never_stale():
    """survei_adkar comes in waves: there or missing, counted in respondents, for every agency with staff."""
    t = cm.completeness(_inputs(), REFS, stale_days=1).set_index(["agency_id", "kind", "period"])
    assert t.at[(1, "survei_adkar", None), "status"] == cm.OK and t.at[(1, "survei_adkar", None), "covered"] == 2
    assert t.at[(1, "survei_adkar", None), "last_date"] == date(2026, 11, 10)
    assert t.at[(2, "survei_adkar", None), "status"] == cm.MISSING
    assert cm.KIND_LABELS["survei_adkar"] == "Survei denyut ADKAR"


# --- the demo ---------------------------------------------------------------------------------------
PLANTED = {
    (PROVINCE, "Dinas Sosial", "penilaian", "TW3"),
    (PROVINCE, "Dinas Sosial", "predikat_organisasi", "TW3"),
    (PROVINCE, "Dinas Tenaga Kerja", "predikat_organisasi", "TW3"),
    ("Kota Metro", demo.DUKCAPIL, "layanan", None),
}


@pytest.fixture(scope="module")
def small_url(demo_file):
    return f"sqlite:///{demo_file}"


def test_the_demo_shows_exactly_its_planted_gaps(small_url):
    table = _table(small_url)
    gaps = _gaps(table)
    # e-Kinerja in Lampung Selatan (adopsi_rendah): agencies where nobody reported at all are missing
    lamsel_daily = table[(table["region"] == LAMSEL) & (table["kind"] == "progres_harian")]
    assert set(lamsel_daily["status"]) <= {cm.MISSING, cm.PARTIAL} and len(lamsel_daily) == 5
    nobody = {(r, a, k, None) for r, a, k, s in lamsel_daily[["region", "agency", "kind", "status"]].itertuples(
        index=False) if s == cm.MISSING}
    assert gaps == PLANTED | nobody
    # the planted sentences say so
    assert {"penilaian_belum_masuk", "predikat_organisasi_belum_ada", "layanan_usang"} <= set(demo.PLANTED)


def test_the_demo_expects_a_queue_of_every_disdukcapil_and_of_no_other_office(small_url):
    table = _table(small_url)
    queue = table[table["kind"] == "antrian"]
    assert set(queue["agency"]) == {demo.DUKCAPIL} and queue["region"].nunique() == 15
    assert set(queue["status"]) == {cm.OK}


def test_a_quarter_shows_only_its_own_appraisal_gaps(small_url):
    assert {g for g in _gaps(_table(small_url, period="TW2")) if g[2] in ("penilaian", "predikat_organisasi")} == set()
    tw3 = {g for g in _gaps(_table(small_url, period="TW3")) if g[2] in ("penilaian", "predikat_organisasi")}
    assert tw3 == {g for g in PLANTED if g[3] == "TW3"}


def test_the_stale_setting_decides_what_is_stale(demo_url):
    with get_engine(demo_url).begin() as conn:
        save_setting(conn, "stale_days", 120, "admin")
    assert ("Kota Metro", demo.DUKCAPIL, "layanan", None) not in _gaps(_table(demo_url))


def test_an_agency_head_sees_only_their_agency(demo_url):
    from data_access.scope import scope_for_user

    with get_engine(demo_url).connect() as conn:
        scope = scope_for_user(conn, "kadis.dukcapil.lamteng")
    table = _table(demo_url, scope)
    assert set(zip(table["region"], table["agency"])) == {("Kabupaten Lampung Tengah", demo.DUKCAPIL)}


def test_the_page_lists_whom_to_chase(demo_url):
    at = open_as("gubernur", "pages/kelengkapan_data.py")
    assert not at.exception
    chase = next(d.value for d in at.dataframe if "Keterangan" in d.value.columns)
    missing = chase[chase["Status"].isin([cm.MISSING, cm.STALE])]
    shown = set(zip(missing["Daerah"], missing["OPD"], missing["Data"]))
    assert (PROVINCE, "Dinas Sosial", "Penilaian kinerja Triwulan III 2026") in shown
    assert (PROVINCE, "Dinas Tenaga Kerja", "Predikat organisasi Triwulan III 2026") in shown
    metro = chase[(chase["Daerah"] == "Kota Metro") & (chase["Data"] == "Permohonan layanan")].iloc[0]
    assert metro["Status"] == cm.STALE
    assert metro["Keterangan"].endswith("Data terakhir 31 Agustus 2026, 88 hari sebelum data terbaru provinsi "
                                        "(27 November 2026).")
    assert list(chase["Status"]) == sorted(chase["Status"], key=cm.STATUSES.index)  # worst first

    head = open_as("kadis.dukcapil.lamteng", "pages/kelengkapan_data.py")
    assert not head.exception
    per_agency = next(d.value for d in head.dataframe if "OPD" in d.value.columns and "SKP" in d.value.columns)
    assert per_agency["OPD"].tolist() == [demo.DUKCAPIL]


def test_the_report_command_has_a_completeness_section(db_url, capsys, monkeypatch):
    load_demo(get_engine(db_url), "tiny")
    shell = iter([True])  # the first command through the shell, the rest by main() in this process

    def run(*args):
        args = ["report", "--db", db_url, *args]
        done = subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=300) if next(shell, False) else \
            run_main(metrics_main, args, capsys, monkeypatch)
        assert done.returncode == 0, done.stderr
        return done.stdout

    payload = json.loads(run("--completeness"))
    section = payload["completeness"]
    assert section["stale_days"] == 45 and section["min_share"] == 0.8
    stale = [r for r in section["rows"] if r["status"] == cm.STALE and r["kind"] == "layanan"]
    assert [(r["region"], r["agency_name"], r["period"], r["expected"]) for r in stale] == [
        ("Kota Metro", demo.DUKCAPIL, None, None)]  # planted: layanan_usang
    assert stale[0]["covered"] > 0 and stale[0]["last_date"] <= "2026-08-31" < stale[0]["reference_date"]
    assert set(json.loads(run())) == set(payload) - {"completeness"}  # without the flag, as before
    csv = run("--completeness", "--format", "csv").splitlines()
    assert csv[0] == "region;agency_name;kind;period;status;covered;expected;last_date;reference_date"
    assert any(line.startswith("Kota Metro;Dinas Kependudukan dan Pencatatan Sipil;layanan;;usang;") for line in csv)
