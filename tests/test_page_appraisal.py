"""Kinerja Pegawai (pages/kinerja_pegawai.py): AppTest on the small demo, and the chart specs."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from vocab import codes
from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.scope import scope_for_user
from metrics import appraisal as ap
from vocab.periods import month_keys, period_bounds
from metrics.report import build_report
from tests.pages import choose, open_as
from ui import fmt
from ui.charts import appraisal as charts

PAGE = "pages/kinerja_pegawai.py"
YEAR = 2026
PROVINCE = "Provinsi Lampung"
DISDIK, SETWAN = "Dinas Pendidikan dan Kebudayaan", "Sekretariat DPRD"


def _metric(at, label):
    return next(m for m in at.metric if m.label == label)


def _table(at, key):
    """The table whose key starts with `key` (keys end with the view, see ui.levels.view_key)."""
    return next(d.value for d in at.dataframe if d.key and d.key.startswith(key))


def _key(at, key):
    return next(d.key for d in at.dataframe if d.key and d.key.startswith(key))


def _report(url, username, period=None, **narrow):
    """The report for this user's scope (optionally narrowed as the filters do), period as filtered."""
    engine = get_engine(url)
    with engine.connect() as conn:
        scope = scope_for_user(conn, username)
    if narrow:
        from data_access import reads
        from data_access.scope import narrowed

        agencies, units = reads.agencies(engine, scope), reads.units(engine, scope)
        scope = narrowed(scope, agencies, units, narrow.get("region_ids", ()), narrow.get("agency_ids", ()), ())
    start, end = period_bounds(YEAR, period)
    inputs = load_inputs(engine, scope, YEAR, start, end, month_keys(YEAR, period), period=period)
    return inputs, build_report(inputs, datetime(2026, 11, 28), "agency", period=period)


def _region_id(url, name):
    from data_access import reads
    from data_access.scope import Scope

    regions = reads.regions(get_engine(url), Scope.full("cli"))
    return int(regions.loc[regions["region"] == name, "region_id"].iloc[0])


@pytest.mark.parametrize("user", ["gubernur", "bupati.lamsel", "kadis.dukcapil.lamteng"])
def test_the_page_renders_for_each_kind_of_leader(demo_url, user):
    at = open_as(user, PAGE)
    assert not at.exception
    assert at.title[0].value == "Kinerja Pegawai"
    assert any("Triwulan III 2026" in c.value for c in at.caption)  # the period shown is named
    assert {m.label for m in at.metric} == {"Kepatuhan kurva predikat", "Porsi predikat Sangat Baik",
                                            "Pegawai belum dinilai"}


def test_tiles_equal_the_report_for_the_same_filters(demo_url):
    at = open_as("gubernur", PAGE)
    _, report = _report(demo_url, "gubernur")
    assert report["appraisal_period"] == "TW3"
    entries = [a["appraisal"] for a in report["agencies"]]
    judged = [e["curve_compliant"] for e in entries if e["curve_compliant"] is not None]
    counts = pd.DataFrame([e["counts"] for e in entries]).sum()
    rated = counts[list(codes.PREDIKAT_ORDER)].sum()
    assert _metric(at, "Kepatuhan kurva predikat").value == fmt.percent(sum(judged) / len(judged))
    assert _metric(at, "Porsi predikat Sangat Baik").value == fmt.percent(counts["Sangat Baik"] / rated)
    assert _metric(at, "Pegawai belum dinilai").value == fmt.percent(
        counts[codes.NOT_RATED] / counts.sum())
    # The change since Triwulan II is shown.
    assert _metric(at, "Pegawai belum dinilai").delta.endswith("poin persen")
    # Every broken curve of the report is listed, by name, with its failed rules: the planted ones.
    failing = _table(at, "kp_tidak_patuh")
    expected = {a["agency_name"]: "; ".join(a["appraisal"]["failed_rules"]) for a in report["agencies"]
                if a["appraisal"]["curve_compliant"] is False}
    assert dict(zip(failing["OPD"], failing["Batas yang dilanggar"])) == expected
    assert set(expected) == {DISDIK, SETWAN}


def test_region_filter_shows_each_agency_with_its_verdict_as_in_the_report(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", PROVINCE)
    assert not at.exception
    table = _table(at, "kp_tabel").set_index("OPD")
    _, report = _report(demo_url, "gubernur", region_ids=(_region_id(demo_url, PROVINCE),))
    assert len(table) == len(report["agencies"]) == 41
    for entry in report["agencies"]:
        row, a = table.loc[entry["agency_name"]], entry["appraisal"]
        assert row["Status kurva"] == a["curve_status"]
        assert row["Predikat organisasi"] == (a["org_predikat"] or "belum ada")  # planted: Dinas Tenaga Kerja
        for predikat, n in a["counts"].items():
            label = "Belum dinilai" if predikat == codes.NOT_RATED else predikat
            assert int(row[label]) == n, (entry["agency_name"], predikat)
    assert table.loc[DISDIK, "Patuh kurva"] == "tidak"
    assert "Baik paling banyak 70%" in table.loc[DISDIK, "Batas yang dilanggar"]
    assert table.loc[SETWAN, "Batas yang dilanggar"] == "Sangat Baik paling banyak 70%"
    # Broken curves come first.
    assert set(table.index[:2]) == {DISDIK, SETWAN}


def test_an_agency_head_sees_only_their_agency(demo_url):
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    assert not at.exception
    assert at.selectbox(key="f_agency").options[1:] == [
        o for o in at.selectbox(key="f_agency").options if o != "Semua OPD"]
    assert len(at.selectbox(key="f_agency").options) == 2
    inputs, report = _report(demo_url, "kadis.dukcapil.lamteng")
    assert [a["agency_name"] for a in report["agencies"]] == ["Dinas Kependudukan dan Pencatatan Sipil"]
    table = _table(at, "kp_tabel")
    # Their scope is one region and one agency: the page groups by its units straight away.
    assert table.columns[0] == "Unit kerja" and len(table) == inputs.roster["unit_id"].nunique()
    total = sum(report["agencies"][0]["appraisal"]["counts"].values())
    assert table["Pegawai"].sum() == total
    # The curve is judged per agency: the unit table claims no verdict of its own, the page says the
    # agency's, as the report gives it.
    assert "Status kurva" not in table.columns and "Predikat organisasi" not in table.columns
    verdict = report["agencies"][0]["appraisal"]["curve_status"]
    said = [c.value for c in at.caption if "dinilai per OPD" in c.value]
    assert said and f": {verdict}" in said[0] and "bukan per unit kerja" in said[0]


def test_a_filter_chosen_on_the_landing_page_survives_the_switch(demo_url):
    at = open_as("gubernur")
    at = choose(at, "f_region", PROVINCE)
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="f_region").value == _region_id(demo_url, PROVINCE)
    assert "OPD" in _table(at, "kp_tabel").columns


def test_a_table_row_drills_down_one_level(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", PROVINCE)
    table = _table(at, "kp_tabel")
    row = table.index[table["OPD"] == SETWAN][0]
    at.session_state[_key(at, "kp_tabel")] = {"selection": {"rows": [int(row)], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_agency").value != 0
    assert "Unit kerja" in _table(at, "kp_tabel").columns  # now the agency's units


def test_a_period_without_appraisals_shows_a_helpful_sentence(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_period", "Triwulan IV")
    assert not at.exception
    assert any("Belum ada data penilaian kinerja" in i.value for i in at.info)
    assert not at.metric


def test_a_chosen_period_is_shown_and_named(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_period", "Triwulan I")
    assert any("Triwulan I 2026" in c.value and "sesuai filter Periode" in c.value for c in at.caption)
    _, report = _report(demo_url, "gubernur", period="TW1")
    counts = pd.DataFrame([a["appraisal"]["counts"] for a in report["agencies"]]).sum()
    assert _metric(at, "Pegawai belum dinilai").value == fmt.percent(counts[codes.NOT_RATED] / counts.sum())


# --- chart specs -----------------------------------------------------------------------------------
def _groups():
    dist = ap.predikat_distribution(pd.DataFrame({
        "agency_id": [1] * 10 + [2] * 10, "employee_id": range(20),
        "predikat": ["Baik"] * 9 + ["Sangat Baik"] + ["Sangat Baik"] * 8 + ["Baik"] * 2}))
    shares = ap.predikat_shares(dist)
    groups = dist.assign(group_id=dist["agency_id"], label=["Dinas A (tidak patuh)", "Dinas B (tidak patuh)"],
                         flagged=[True, True], **{f"s::{p}": shares[p] for p in codes.PREDIKAT_ORDER})
    marks = ap.rule_positions(shares, pd.Series(["Baik", "Istimewa"]))
    marks = marks.assign(label=groups["label"].to_numpy())
    return groups, {p: f"s::{p}" for p in codes.PREDIKAT_ORDER}, marks


def _texts(spec) -> str:
    return str(spec)


def test_distribution_chart_draws_fixed_predikat_order_and_rule_marks():
    groups, share_columns, marks = _groups()
    spec = charts.distribution_bars(groups, share_columns, marks, "OPD").to_dict()
    bars, ticks = spec["layer"]
    colour = bars["encoding"]["color"]
    assert colour["scale"]["domain"] == list(codes.PREDIKAT_ORDER)
    assert colour["scale"]["range"] == [charts.PREDIKAT_COLOURS[p] for p in codes.PREDIKAT_ORDER]
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "end"
    assert bars["encoding"]["x"]["title"] == "Bagian pegawai yang sudah dinilai"
    assert ticks["mark"]["type"] == "tick" and ticks["encoding"]["x"]["field"] == ap.RULE_POSITION
    params = spec.get("params", []) + bars.get("params", [])
    assert any(p["name"] == charts.SELECTION for p in params)
    assert "tidak patuh" in bars["encoding"]["y"]["axis"]["labelColor"]["expr"]
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    # The rule marks sit at segment start + limit: 70% for Baik (from 0), 90% for Sangat Baik (from 20%).
    tick_rows = spec["datasets"][ticks["data"]["name"]]
    assert sorted(r[ap.RULE_POSITION] for r in tick_rows) == pytest.approx([0.7, 0.9])


def test_quadrant_heatmap_is_three_by_three_in_indonesian():
    rows = pd.DataFrame({"rating_hasil": [codes.RATING_ABOVE, codes.RATING_AS_EXPECTED],
                         "rating_perilaku": [codes.RATING_ABOVE, codes.RATING_AS_EXPECTED]})
    from metrics.pipeline import appraisal as pipeline

    spec = charts.quadrant_heatmap(pipeline.quadrant(rows)).to_dict()
    cells = spec["layer"][0]
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["x"]["title"].startswith("Perilaku kerja")
    assert cells["encoding"]["y"]["title"].startswith("Hasil kerja")
    assert cells["encoding"]["y"]["sort"] == ["Di Atas", "Sesuai", "Di Bawah"]
    data = spec["datasets"][spec["data"]["name"]] if "data" in spec else next(iter(spec["datasets"].values()))
    assert len(data) == 9 and sum(r["count"] for r in data) == 2
    assert sorted(r["porsi"] for r in data)[-2:] == [0.5, 0.5]  # each rated employee's cell: half the staff


def test_trend_chart_keeps_periods_in_order():
    appraisals = pd.DataFrame({"employee_id": [1, 2, 1, 2], "year": 2026, "period": ["TW2", "TW2", "TW1", "TW1"],
                               "predikat": ["Baik", "Sangat Baik", "Baik", "Baik"]})
    trend = ap.predikat_trend(appraisals, by=[])
    trend = trend.assign(period_label=["Triwulan I 2026", "Triwulan II 2026"])
    spec = charts.trend_bars(trend).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Triwulan I 2026", "Triwulan II 2026"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == list(codes.PREDIKAT_ORDER)


def test_chart_arguments_hash_without_falling_back_to_pickle(demo_url, monkeypatch):
    # The compliance columns hold lists (failed rules); passed to the cached chart they made
    # Streamlit's hasher fail and pickle the whole frame on every rerun, with a warning in the log.
    from streamlit.runtime.caching import hashing

    warnings = []
    monkeypatch.setattr(hashing._LOGGER, "warning", lambda message, *args: warnings.append(message % args))
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    assert not at.exception
    assert warnings == []
