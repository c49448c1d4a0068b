"""Adopsi Perubahan (e-Kinerja adoption): the page renders for every kind of leader, its numbers equal
the metrics package's (and the report's) for the same filters, filters narrow it, drill-down works, and
an empty period gets a sentence; the chart builders are checked on their spec."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from vocab import indicators
from data_access import reads
from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.scope import Scope, scope_for_user
from metrics import adoption
from vocab.periods import month_keys, period_bounds
from metrics.report import build_report
from tests.pages import choose, open_as
from ui import kpi
from ui.views.adoption import KPI_IDS

PAGE = "pages/adopsi_perubahan.py"
YEAR = 2026
LAMSEL = "Kabupaten Lampung Selatan"


def _inputs(url: str, username: str | None = None, period: str | None = None, year: int = YEAR):
    engine = get_engine(url)
    if username:
        with engine.connect() as conn:
            scope = scope_for_user(conn, username)
    else:
        scope = Scope.full("uji")
    start, end = period_bounds(year, period)
    return load_inputs(engine, scope, year, start, end, month_keys(year, period), period=period)


def _window(inputs):
    workdays, months, _ = adoption.reporting_window(inputs)
    return workdays, months


def _expected_tiles(inputs) -> dict[str, str]:
    workdays, months = _window(inputs)
    s = adoption.adoption_summary(inputs.roster, inputs.daily_month, workdays, months, by=()).iloc[0]
    r = adoption.resistance_index(inputs.roster, inputs.daily_month, workdays, inputs.skp, months, by=()).iloc[0]
    values = {"active_share": s["active_share"], "compliance": s["compliance"],
              "timeliness": s["timeliness_same_day"], "resistance_index": r["resistance_index"]}
    return {kpi.CATALOGUE[k].label: kpi.value_text(k, v) for k, v in values.items()}


KPI_LABELS = {kpi.CATALOGUE[k].label for k in KPI_IDS}


def _tiles(at) -> dict[str, str]:
    """The page's four adoption tiles (the ADKAR survey's own tiles further down: tests/test_page_adkar.py)."""
    return {m.label: m.value for m in at.metric if m.label in KPI_LABELS}


def _table(at, first_header: str) -> pd.DataFrame:
    """The first table on the page whose first column after Peringkat is `first_header`."""
    for frame in at.dataframe:
        value = frame.value
        if isinstance(value, pd.DataFrame) and first_header in value.columns and "Indeks resistensi" in value.columns:
            return value
    raise AssertionError(f"no resistance table with {first_header!r}")


def _nudge_table(at) -> pd.DataFrame:
    for frame in at.dataframe:
        if "Perlu diingatkan" in frame.value.columns:
            return frame.value
    raise AssertionError("no nudge table")


@pytest.mark.parametrize("username", ["gubernur", "bupati.lamsel", "kadis.dukcapil.lamteng"])
def test_page_renders_with_the_metrics_numbers(demo_url, username):
    at = open_as(username, PAGE)
    assert not at.exception
    assert at.title[0].value == "Adopsi Perubahan"
    assert _tiles(at) == _expected_tiles(_inputs(demo_url, username))


def test_tiles_equal_the_report_for_one_agency(demo_url):
    """An agency head's view is one agency: the report's adoption entry is the page's tiles."""
    inputs = _inputs(demo_url, "kadis.dukcapil.lamteng")
    entry = build_report(inputs, datetime(2026, 11, 28))["agencies"]
    assert len(entry) == 1
    a = entry[0]["adoption"]
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    tiles = _tiles(at)
    assert tiles["Tingkat adopsi"] == kpi.value_text("active_share", a["active_share"])
    assert tiles["Kepatuhan harian"] == kpi.value_text("compliance", a["compliance"])
    assert tiles["Indeks resistensi"] == kpi.value_text("resistance_index", a["resistance_index"])


def test_resistance_table_equals_the_metrics_per_region_with_lampung_selatan_worst(demo_url):
    at = open_as("gubernur", PAGE)
    table = _table(at, "Daerah")
    inputs = _inputs(demo_url)
    workdays, months = _window(inputs)
    expected = adoption.resistance_index(inputs.roster, inputs.daily_month, workdays, inputs.skp, months,
                                         by=["region_id"])
    names = inputs.agencies.drop_duplicates("region_id").set_index("region_id")["region"]
    expected = expected.assign(nama=expected["region_id"].map(names)).set_index("nama")
    shown = table.set_index("Daerah")
    assert set(shown.index) == set(expected.index)
    for name, row in shown.iterrows():
        assert row["Indeks resistensi"] == pytest.approx(expected.at[name, "resistance_index"])
        assert row["n berhenti melapor"] == expected.at[name, "lapsed_n"]
    # Planted adopsi_rendah: Lampung Selatan ranks first, almost nobody has ever reported.
    assert table.iloc[0]["Daerah"] == LAMSEL and table.iloc[0]["Peringkat"] == 1
    assert table.iloc[0]["Belum pernah aktif"] > 0.95
    # Planted berhenti_melapor: staff elsewhere stopped from May; the nudge list says so.
    nudges = _nudge_table(at).set_index("Daerah")
    assert nudges.at["Provinsi Lampung", "Berhenti melapor"] > 0
    assert nudges.at[LAMSEL, "Belum pernah melapor"] > 200


def test_region_filter_narrows_the_page(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", LAMSEL)
    assert not at.exception
    table = _table(at, "OPD")
    lamsel = reads.agencies(get_engine(demo_url), Scope.full("uji"))
    lamsel = set(lamsel.loc[lamsel["region"] == LAMSEL, "agency"])
    assert set(table["OPD"]) <= lamsel and len(table) == len(lamsel)
    inputs = _inputs(demo_url, "bupati.lamsel")  # the same region
    assert _tiles(at) == _expected_tiles(inputs)


def test_agency_head_sees_only_their_agency_grouped_by_unit(demo_url):
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    table = _table(at, "Unit kerja")
    inputs = _inputs(demo_url, "kadis.dukcapil.lamteng")
    assert inputs.roster["agency_id"].nunique() == 1
    units = set(inputs.units.loc[inputs.units["unit_id"].isin(inputs.roster["unit_id"]), "unit"])
    assert set(table["Unit kerja"]) == units
    # The demo staffs this agency's units (15 ASN each) so that each is judged and ranked.
    assert (table["Wajib lapor"] >= 5).all()
    assert not (table["Catatan"] == "terlalu kecil untuk dinilai").any()
    assert sorted(table["Peringkat"].astype(int)) == list(range(1, len(table) + 1))


def test_units_below_the_minimum_group_size_are_marked_never_ranked(demo_url):
    """Another kabupaten's Disdukcapil keeps its share of the small demo: 4 staff a unit."""
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", "Kabupaten Lampung Utara")
    at = choose(at, "f_agency", "Dinas Kependudukan dan Pencatatan Sipil")
    table = _table(at, "Unit kerja")
    small = table[table["Wajib lapor"] < 5]
    assert len(small) and (small["Catatan"] == "terlalu kecil untuk dinilai").all()
    assert (small["Peringkat"].isna() | (small["Peringkat"] == "–")).all()  # unranked: no number


def test_filter_from_the_landing_page_survives_the_switch(demo_url):
    at = open_as("gubernur")
    at = choose(at, "f_region", LAMSEL)
    chosen = at.selectbox(key="f_region").value
    # AppTest's first run after switch_page draws the new page before the kept widget values arrive;
    # the next run has them (in a real browser the sidebar link keeps them at once: checked by hand
    # with Playwright, the URL carries ?f_region=…).
    at.switch_page(PAGE).run()
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_region").value == chosen
    assert _tiles(at) == _expected_tiles(_inputs(demo_url, "bupati.lamsel"))
    assert "OPD" in _table(at, "OPD").columns


def test_row_selection_drills_down_to_the_unit_with_named_nudges(demo_url):
    """Planted kepatuhan_rendah: province → Bina Marga → UPTD Peralatan dan Perbekalan by table rows."""
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", "Provinsi Lampung")
    table = _table(at, "OPD")
    assert "Dinas Bina Marga dan Bina Konstruksi" in set(table["OPD"])
    # AppTest cannot select a row: apply the drill a selected row asks for (levels.drill_into → f_agency).
    agencies = _inputs(demo_url).agencies
    bina = agencies[(agencies["agency"] == "Dinas Bina Marga dan Bina Konstruksi")
                    & (agencies["region"] == "Provinsi Lampung")]["agency_id"].iloc[0]
    at.session_state["_drill_pending"] = {"f_agency": int(bina)}
    at.run()
    assert not at.exception
    units = _table(at, "Unit kerja").set_index("Unit kerja")
    low = units.loc["UPTD Peralatan dan Perbekalan"]
    assert low["Belum pernah aktif"] == 0 and low["Kepatuhan harian"] < 0.2
    assert low["Kepatuhan harian"] == units["Kepatuhan harian"].min()


def test_drill_into_a_unit_from_above_its_agency_sets_both_filters(demo_url):
    """An agency head's page groups by unit before any filter is chosen; opening a unit sets the agency
    and the unit (the unit filter exists only inside an agency) and shows the staff to remind."""
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    inputs = _inputs(demo_url, "kadis.dukcapil.lamteng")
    table = _table(at, "Unit kerja")
    name = "Bidang Pelayanan Pendaftaran Penduduk"
    unit_id = int(inputs.units.loc[inputs.units["unit"] == name, "unit_id"].iloc[0])
    assert name in set(table["Unit kerja"])
    # AppTest cannot select a table row: ask for the drill a selected row asks for (levels.drill_into),
    # then apply it through the shell on the next run.
    from ui import levels

    asked = levels.drill_target(levels.UNIT, unit_id, inputs)
    agency = int(inputs.roster["agency_id"].iloc[0])
    assert {k: asked[k] for k in ("f_agency", "f_unit")} == {"f_agency": agency, "f_unit": unit_id}
    at.session_state["_drill_pending"] = asked
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_agency").value == int(inputs.roster["agency_id"].iloc[0])
    assert at.selectbox(key="f_unit").value == unit_id
    # An agency head may see names: the nudge list of the unit names its staff.
    listed = next(d.value for d in at.dataframe if "Alasan" in d.value.columns)
    from data_access import reads
    from data_access.scope import Scope as _Scope

    staff = reads.staff_list(get_engine(demo_url), _Scope(units=frozenset({unit_id})), "kepala_opd")
    assert set(listed["Nama"]) <= set(staff["name"]) and len(listed) >= 1
    assert set(listed["NIP"]) <= set(staff["nip"])  # an agency head sees whole NIPs


def test_a_leader_at_unit_level_sees_counts_not_names(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", "Provinsi Lampung")
    at = choose(at, "f_agency", "Dinas Bina Marga dan Bina Konstruksi")
    at = choose(at, "f_unit", "UPTD Peralatan dan Perbekalan")
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    assert not any("Nama" in t.columns for t in tables)
    assert any("daftar pegawai bernama tidak ditampilkan" in c.value.lower() for c in at.caption) or any(
        "Semua pegawai" in s.value for s in at.success)


def test_no_staff_for_the_filters_shows_a_sentence(demo_url):
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    at = choose(at, "f_status", "PPPK Paruh Waktu")
    at = choose(at, "f_jabatan", "JPT")
    assert not at.exception and not at.metric
    assert any("Belum ada pegawai wajib lapor" in i.value for i in at.info)


def test_a_period_without_e_kinerja_data_shows_a_sentence(demo_url):
    from sqlalchemy import text

    with get_engine(demo_url).begin() as conn:
        conn.execute(text("DELETE FROM daily_month"))
    at = open_as("gubernur", PAGE)
    assert not at.exception and not at.metric
    assert any("Belum ada data progres harian e-Kinerja untuk tahun penuh 2026" in i.value for i in at.info)


# --- chart builders, on their spec ----------------------------------------------------------------
def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _demo_frames(url):
    """The page's frames for the whole demo, without Streamlit: lifecycle, heatmap-like and groups."""
    inputs = _inputs(url)
    workdays, months = _window(inputs)
    counts = adoption.lifecycle_counts(adoption.lifecycle(inputs.daily_month, inputs.roster, months), by=())
    never = counts[counts["state"] == indicators.STATE_NEVER].set_index("month")
    counts["started"] = counts["month"].map(never["expected"] - never["employees"])
    counts["started_share"] = counts["started"] / counts["expected"]
    counts["label"] = counts["state"].map(lambda st_: indicators.ADOPTION[st_].label)
    counts["bulan"] = counts["month"].map(lambda m: adoption.month_label(m)[:3])
    counts["bulan_lengkap"] = counts["month"].map(adoption.month_label)
    return inputs, workdays, months, counts


def test_adoption_curve_spec_has_rogers_bands_target_and_indonesian_titles(demo_url):
    from ui.charts import adoption as charts

    _, _, months, counts = _demo_frames(demo_url)
    spec = charts.adoption_curve(counts).to_dict()
    layers = _layers(spec)
    bands = next(l for l in layers if l["mark"]["type"] == "rect")
    band_values = spec["datasets"][bands["data"]["name"]]
    assert [b["kategori"] for b in band_values] == ["Inovator", "Pengadopsi Awal", "Mayoritas Awal",
                                                     "Mayoritas Akhir", "Lamban"]
    assert [round(b["lebar"], 3) for b in band_values] == [0.025, 0.135, 0.34, 0.34, 0.16]
    assert any(l["mark"]["type"] == "rule" for l in layers)  # the adoption target line, named on the chart
    target_text = [spec["datasets"][l["data"]["name"]][0]["teks"] for l in layers
                   if l["mark"]["type"] == "text" and l["encoding"].get("text", {}).get("field") == "teks"]
    assert target_text == [f"Target adopsi {kpi.CATALOGUE['active_share'].target:.0%}"]
    line = next(l for l in layers if l["mark"]["type"] == "line")
    assert line["encoding"]["y"]["field"] == "started_share" and line["encoding"]["x"]["title"] == "Bulan"
    assert bands["encoding"]["y"]["title"] == "Sudah mulai melapor"
    assert len(spec["datasets"][line["data"]["name"]]) == len(months)
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_lifecycle_bars_spec_stacks_every_state(demo_url):
    from ui.charts import adoption as charts

    _, _, months, counts = _demo_frames(demo_url)
    spec = charts.lifecycle_bars(counts).to_dict()
    enc = spec["encoding"]
    assert enc["y"]["field"] == "employees" and enc["y"]["stack"] == "zero"
    assert enc["color"]["scale"]["domain"] == ["Kembali", "Baru", "Bangkit", "Dorman", "Belum pernah"]
    assert enc["y"]["title"] == "Jumlah pegawai wajib lapor"
    # Planted berhenti_melapor: from May on, hundreds of staff are dormant.
    may = counts[(counts["month"] == 202605) & (counts["state"] == indicators.STATE_DORMANT)]["employees"].iloc[0]
    april = counts[(counts["month"] == 202604) & (counts["state"] == indicators.STATE_DORMANT)]["employees"].iloc[0]
    assert may > 200 > april


def test_heatmap_and_resistance_specs(demo_url):
    from ui.charts import adoption as charts

    inputs, workdays, months, _ = _demo_frames(demo_url)
    rows = []
    for m in months:
        monthly = adoption.adoption_summary(inputs.roster, inputs.daily_month, workdays, [m], by=["region_id"])
        rows.append(monthly.assign(month=m))
    heat = pd.concat(rows).rename(columns={"region_id": "group_id"})
    heat = heat.assign(label="Kabupaten " + heat["group_id"].astype(str), order=heat["group_id"],
                       bulan=heat["month"].map(lambda m: adoption.month_label(m)[:3]),
                       bulan_lengkap=heat["month"].map(adoption.month_label), period_compliance=heat["compliance"])
    spec = charts.compliance_heatmap(heat, "Daerah").to_dict()
    cells = next(l for l in _layers(spec) if l["mark"]["type"] == "rect")
    assert cells["encoding"]["color"]["field"] == "compliance"
    assert spec["layer"][0]["encoding"]["y"]["field"] == "sumbu"
    assert spec["datasets"][spec["data"]["name"]][0]["sumbu"].startswith("Kab. ")
    assert {t["title"] for t in cells["encoding"]["tooltip"]} >= {"Daerah", "Bulan", "Kepatuhan harian"}

    res = adoption.resistance_index(inputs.roster, inputs.daily_month, workdays, inputs.skp, months, by=["region_id"])
    res = res.rename(columns={"region_id": "group_id"}).assign(nama=lambda f: "Kota " + f["group_id"].astype(str),
                                                               status="waspada", too_small=False)
    spec = charts.resistance_bars(res, "Daerah").to_dict()
    bars, rules, *texts = _layers(spec)
    assert [spec["datasets"][t["data"]["name"]][0]["garis"] for t in texts] == [
        f"Target {kpi.CATALOGUE['resistance_index'].target:.1f}".replace(".", ","),
        f"Batas waspada {kpi.CATALOGUE['resistance_index'].warning:.1f}".replace(".", ",")]
    # Both names right of their lines (a target near 0 has no room on its left), one under the other.
    assert [t["mark"]["align"] for t in texts] == ["left", "left"] and texts[0]["mark"]["dy"] < texts[1]["mark"]["dy"]
    assert bars["encoding"]["x"]["field"] == "resistance_index"
    params = bars.get("params") or spec["params"]  # Altair lifts a layer's selection to the top
    assert params[0]["name"] == charts.SELECTION and params[0]["select"]["fields"] == ["group_id"]
    assert rules["mark"]["type"] == "rule"
    values = [r["nilai"] for r in spec["datasets"][rules["data"]["name"]]]
    assert values == [kpi.CATALOGUE["resistance_index"].target, kpi.CATALOGUE["resistance_index"].warning]
    assert bars["encoding"]["x"]["title"].startswith("Indeks resistensi")
