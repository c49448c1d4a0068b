"""AppTest of Pengembangan Kompetensi: the page shows the metrics package's numbers for the same
filters, narrows with the filters and the viewer's scope, drills down, and says so when empty."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

import demo
from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.scope import Scope
from metrics import report, training
from vocab.periods import month_keys, period_bounds
from tests.pages import choose, open_as
from ui import fmt
from ui.charts import training as charts

PAGE = "pages/pengembangan_kompetensi.py"
YEAR = demo.DEMO_YEAR


def _inputs(url: str, period: str | None = None):
    start, end = period_bounds(YEAR, period)
    return load_inputs(get_engine(url), Scope.full("uji"), YEAR, start, end, month_keys(YEAR, period), period=period)


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _table(at, first_column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


@pytest.mark.parametrize("user", ["gubernur", "bupati.lamsel", "kadis.dukcapil.lamteng"])
def test_page_renders_for_each_leader(demo_url, user):
    at = open_as(user, PAGE)
    assert not at.exception
    assert at.title[0].value == "Pengembangan Kompetensi"
    assert [m.label for m in at.metric] == ["Memenuhi target JP", "Tanpa pengembangan", "Median JP"]
    assert any("seharusnya sudah" in m.value for m in at.markdown)  # the demo year is not over yet


def test_kpis_equal_the_metrics_for_the_whole_province(demo_url):
    inputs = _inputs(demo_url)
    jp = training.jp_per_employee(inputs.roster, inputs.trainings, YEAR, inputs.settings["jp_minutes"])
    overall = training.training_coverage(jp, inputs.settings["jp_target"], by=()).iloc[0]
    at = open_as("gubernur", PAGE)
    assert _metric(at, "Memenuhi target JP") == fmt.percent(overall["share_meeting_target"])
    assert _metric(at, "Tanpa pengembangan") == fmt.percent(overall["share_zero"])
    assert _metric(at, "Median JP") == f"{fmt.number(overall['median_jp'], 1)} JP"
    table = _table(at, "Daerah")
    assert table["Pegawai"].sum() == len(inputs.roster)


def test_region_filter_narrows_to_its_agencies_with_the_reports_numbers(demo_url):
    inputs = _inputs(demo_url)
    region = "Kabupaten Lampung Selatan"
    payload = report.build_report(inputs, datetime(2026, 11, 28))
    expected = {a["agency_name"]: a["training"]["share_meeting_target"] for a in payload["agencies"]
                if a["region"] == region}
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", region)
    assert not at.exception
    table = _table(at, "OPD")
    assert set(table["OPD"]) == set(expected)
    shown = dict(zip(table["OPD"], table["Memenuhi target (20 JP)"]))
    # The table holds the values (shown formatted): equal to the report's, which rounds to 4 decimals.
    assert shown == {name: pytest.approx(share, abs=5e-5) for name, share in expected.items()}


def test_an_agency_head_sees_only_the_units_of_their_agency(demo_url):
    inputs = _inputs(demo_url)
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    assert not at.exception
    lamteng = inputs.agencies[(inputs.agencies["region"] == "Kabupaten Lampung Tengah")
                              & (inputs.agencies["agency"] == demo.DUKCAPIL)]["agency_id"].iloc[0]
    own_units = set(inputs.units.loc[inputs.units["agency_id"] == lamteng, "unit"])
    table = _table(at, "Unit kerja")
    assert set(table["Unit kerja"]) == own_units
    staff = (inputs.roster["agency_id"] == lamteng).sum()
    assert any(f"dari {staff} pegawai" in c.value for c in at.caption)


def test_a_filter_chosen_on_the_landing_page_survives_the_switch(demo_url):
    at = open_as("gubernur")
    at = choose(at, "f_region", "Kabupaten Pringsewu")
    # AppTest does not carry the URL's query parameters across switch_page: the first run draws the
    # filters' defaults, the session's chosen value applies from the next run (a browser keeps the URL).
    at.switch_page(PAGE).run()
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_region").format_func(at.selectbox(key="f_region").value) == "Kabupaten Pringsewu"
    assert "OPD" in [d.value.columns[0] for d in at.dataframe]


def test_a_row_selection_opens_that_group(demo_url):
    at = open_as("gubernur", PAGE)
    first = _table(at, "Daerah")["Daerah"].iloc[0]
    key = next(d.key for d in at.dataframe if d.value.columns[0] == "Daerah")
    at.session_state[key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    box = at.selectbox(key="f_region")
    assert box.format_func(box.value) == first
    assert [d.value.columns[0] for d in at.dataframe][0] == "OPD"  # one level down, not further


def test_drill_target_sets_the_parents_of_a_unit():
    from types import SimpleNamespace

    from ui.levels import drill_target

    inputs = SimpleNamespace(agencies=pd.DataFrame({"agency_id": [3], "region_id": [2]}),
                             units=pd.DataFrame({"unit_id": [7], "agency_id": [3]}))
    assert drill_target("unit_id", 7, inputs) == {"f_region": 2, "f_agency": 3, "f_unit": 7}
    assert drill_target("agency_id", 3, inputs) == {"f_region": 2, "f_agency": 3}
    assert drill_target("region_id", 2, inputs) == {"f_region": 2}


def test_the_planted_low_jp_units_are_findable(demo_url):
    at = open_as("gubernur", PAGE)
    nobody = _table(at, "Unit kerja")
    planted = nobody[nobody["OPD"] == demo.LOW_JP_AGENCY]
    assert set(planted["Unit kerja"]) == set(demo.LOW_JP_UNITS)
    assert set(nobody["Unit kerja"].head(2)) == set(demo.LOW_JP_UNITS)  # the largest such units
    assert (planted["JP tertinggi"] < demo.LOW_JP_MAX).all()
    # Inside Dinas Perhubungan: both units at 0%, marked too small to judge (4 staff in the small demo).
    at = choose(at, "f_region", "Provinsi Lampung")
    at = choose(at, "f_agency", demo.LOW_JP_AGENCY)
    units = _table(at, "Unit kerja").set_index("Unit kerja")
    for unit in demo.LOW_JP_UNITS:
        assert units.loc[unit, "Memenuhi target (20 JP)"] == 0
        assert units.loc[unit, "Status"] == "terlalu kecil untuk dinilai"


def test_unit_level_lists_names_for_the_agency_head_and_counts_for_others(demo_url):
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    at = choose(at, "f_agency", f"{demo.DUKCAPIL} — Kabupaten Lampung Tengah")
    at = choose(at, "f_unit", "Sekretariat")
    assert not at.exception
    staff = _table(at, "Nama")
    assert {"NIP", "Total JP", "Memenuhi 20 JP"} <= set(staff.columns)
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", "Kabupaten Lampung Tengah")
    at = choose(at, "f_agency", demo.DUKCAPIL)
    at = choose(at, "f_unit", "Sekretariat")
    assert not at.exception
    assert "Nama" not in [d.value.columns[0] for d in at.dataframe]
    assert "Kelompok" in [d.value.columns[0] for d in at.dataframe]


def test_a_quarter_reads_the_target_pro_rata(demo_url):
    inputs = _inputs(demo_url, "TW3")
    start, end = period_bounds(YEAR, "TW3")
    targets = training.scaled_targets(inputs.settings["jp_target"], training.span_fraction(start, end))
    jp = training.jp_per_employee(inputs.roster, inputs.trainings, YEAR, inputs.settings["jp_minutes"])
    overall = training.training_coverage(jp, targets, by=()).iloc[0]
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_period", "Triwulan III")
    assert not at.exception
    assert _metric(at, "Memenuhi target JP") == fmt.percent(overall["share_meeting_target"])
    assert any("pro rata" in c.value and "5,0 JP" in c.value for c in at.caption)
    assert not any("seharusnya sudah" in m.value for m in at.markdown)  # the quarter is over


def test_a_year_without_trainings_says_so(demo_url):
    at = open_as("gubernur", PAGE)
    years = at.selectbox(key="f_year").options
    assert str(YEAR - 1) in years
    at = choose(at, "f_year", str(YEAR - 1))
    assert not at.exception
    assert any("Belum ada data pelatihan" in i.value for i in at.info)
    assert not at.metric


# --- chart specs -------------------------------------------------------------------------------------
def test_histogram_spec_has_bands_rules_and_indonesian_titles():
    hist = pd.DataFrame({"bin_start": [0.0, 20.0], "bin_end": [5.0, 25.0], "band": ["0 – <5 JP", "20 – <25 JP"],
                         "category": ["tanpa pengembangan", "memenuhi target"], "employees": [3, 4]})
    lines = pd.DataFrame([{"x": 20.0, "label": "Target 20 JP", "kind": "target"},
                          {"x": 18.2, "label": "Laju hari ini 18,2 JP", "kind": "laju"}])
    spec = charts.jp_histogram(hist, lines, 5.0, 40.0).to_dict()
    bars, rules, target_label, pace_label = spec["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x"]["field"] == "bin_start"
    assert bars["encoding"]["x2"]["field"] == "bin_end"
    assert bars["encoding"]["y"]["title"] == "Jumlah pegawai" and bars["encoding"]["y2"]["field"] == "y1"
    assert bars["encoding"]["x"]["title"] == "JP per pegawai"
    assert rules["mark"]["type"] == "rule" and rules["encoding"]["x"]["field"] == "x"
    assert target_label["encoding"]["text"]["field"] == pace_label["encoding"]["text"]["field"] == "label"
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_coverage_spec_has_a_click_selection_target_rule_and_status_colours():
    groups = pd.DataFrame({"group_id": [1, 2], "nama": ["A", "B"], "share_meeting_target": [0.4, 0.9],
                           "share_zero": [0.1, 0.0], "median_jp": [12.0, 24.0], "employees": [10, 3],
                           "status": ["perlu tindakan", "terlalu kecil untuk dinilai"]})
    spec = charts.coverage_bars(groups, "Daerah", 1.0, 0.8).to_dict()
    bars, rules, *texts = spec["layer"]
    # Each line is named on the chart, not only in a tooltip.
    named = [(t["mark"]["align"], spec["datasets"][t["data"]["name"]][0]["teks"]) for t in texts]
    assert named == [("right", "target 100%"), ("right", "waspada 80%")]
    assert [t["mark"]["dy"] for t in texts] == [2, 18]  # one above the other: close lines never overlap
    assert all(t["mark"]["type"] == "text" and t["encoding"]["y"] == {"value": 0} for t in texts)
    assert spec["params"][0]["name"] == charts.SELECTION or bars.get("params", [{}])[0].get("name") == charts.SELECTION
    assert bars["encoding"]["y"]["field"] == "nama" and bars["encoding"]["x"]["field"] == "share_meeting_target"
    assert bars["encoding"]["x"]["title"] == "Memenuhi target JP"
    assert "terlalu kecil untuk dinilai" in bars["encoding"]["color"]["scale"]["domain"]
    rule_data = spec["datasets"][rules["data"]["name"]]
    assert [r["x"] for r in rule_data] == [1.0, 0.8]


def test_route_mix_spec():
    routes = pd.DataFrame({"label": ["Klasikal", "Nonklasikal", "Pendidikan"], "jp": [70.0, 28.0, 2.0],
                           "share": [0.7, 0.28, 0.02], "employees": [5, 4, 1]})
    spec = charts.route_mix(routes).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Bagian dari seluruh JP"
    assert spec["layer"][1]["mark"]["type"] == "text"
