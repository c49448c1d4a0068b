"""Pelayanan Publik: the page renders for each kind of viewer, its numbers are metrics.service's (and
the report's), filters narrow it, drill-down works, and an empty view says why; chart specs."""
from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from data_access import reads
from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.scope import Scope, narrowed, scope_for_user
from metrics import service
from metrics.pipeline import names
from metrics.pipeline import queue as queue_pipeline
from vocab.periods import month_keys, period_bounds
from metrics.report import build_report
from tests.pages import choose, open_as
from ui import fmt
from ui.charts import service as charts

PAGE = "pages/pelayanan_publik.py"
YEAR = 2026
LAMTENG = "Kabupaten Lampung Tengah"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _table(at, key: str) -> pd.DataFrame:
    """A table by its key (selectable tables) or, for read-only ones, by its first column."""
    first = {"svc_overdue": ("Nomor permohonan",), "svc_groups": ("Daerah", "OPD", "Jenis layanan"),
             "q_groups": ("Daerah", "OPD", "Jenis layanan")}[key]
    # The queue's table (q_groups, with a "Tiket" column) has the same first column as the groups' one.
    queue = key.startswith("q_")
    return next(d.value for d in at.dataframe
                if (d.key and d.key.startswith(key)) or (len(d.value.columns) and d.value.columns[0] in first
                                                         and ("Tiket" in d.value.columns) == queue))


def _inputs(url: str, scope: Scope, period: str | None = None):
    start, end = period_bounds(YEAR, period)
    return load_inputs(get_engine(url), scope, YEAR, start, end, month_keys(YEAR, period), period=period)


def _turn(inputs):
    return service.measured(inputs)


def _expected(inputs) -> dict:
    turn = _turn(inputs)
    # judged by the rule (domain.md §4): finished with a standard, or open and already past it
    judged = turn[(~turn["open"] & turn["limit_value"].notna()) | turn["open_overdue"]]
    return {
        "share": judged["within_standard"].astype(bool).mean(),
        "overdue": int(turn["open_overdue"].sum()),
        "ikm": float(service.ikm(inputs.skm, by=()).iloc[0]["ikm"]),
    }


def _region_scope(url: str, region: str) -> Scope:
    engine = get_engine(url)
    full = Scope.full("uji")
    agencies, units = reads.agencies(engine, full), reads.units(engine, full)
    region_id = int(agencies.loc[agencies["region"] == region, "region_id"].iloc[0])
    return narrowed(full, agencies, units, (region_id,))


@pytest.mark.parametrize("user", ["gubernur", "bupati.lamsel", "kadis.dukcapil.lamteng"])
def test_page_renders_for_each_viewer(demo_url, user):
    at = open_as(user, PAGE)
    assert not at.exception
    assert at.title[0].value == "Pelayanan Publik"
    assert {"Layanan tepat waktu", "Indeks Kepuasan Masyarakat (IKM)", "Belum selesai, lewat standar"} <= {
        m.label for m in at.metric}


def test_province_numbers_equal_the_metrics(demo_url):
    at = open_as("gubernur", PAGE)
    expected = _expected(_inputs(demo_url, Scope.full("uji")))
    assert _metric(at, "Layanan tepat waktu") == fmt.percent(expected["share"])
    assert _metric(at, "Indeks Kepuasan Masyarakat (IKM)") == fmt.number(expected["ikm"], 2)
    assert _metric(at, "Belum selesai, lewat standar") == fmt.number(expected["overdue"])
    # several units (jam, hari kerja, hari kalender) in view: the median as a multiple of the standard
    ratio = service.standard_ratio(service.measured(_inputs(demo_url, Scope.full("uji"))), by=())
    assert _metric(at, "Median waktu penyelesaian") == f"{fmt.number(ratio['median_ratio'].iloc[0], 2)}×"
    groups = _table(at, "svc_groups")
    assert groups.columns[0] == "Daerah"
    # the planted patterns: Pringsewu (slow early in the year) and Lampung Tengah (Akta Kelahiran) come first
    assert groups["Daerah"].tolist()[:2] == ["Kabupaten Pringsewu", LAMTENG]
    overdue = _table(at, "svc_overdue")
    assert len(overdue) == expected["overdue"]


def test_region_filter_narrows_the_page(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", LAMTENG)
    assert not at.exception
    expected = _expected(_inputs(demo_url, _region_scope(demo_url, LAMTENG)))
    assert _metric(at, "Layanan tepat waktu") == fmt.percent(expected["share"])
    assert _metric(at, "Indeks Kepuasan Masyarakat (IKM)") == fmt.number(expected["ikm"], 2)
    # one service office in the region: its service types, the planted slow Akta Kelahiran first
    groups = _table(at, "svc_groups")
    assert groups.columns[0] == "Jenis layanan" and groups["Jenis layanan"].iloc[0] == "Akta Kelahiran"
    assert set(_table(at, "svc_overdue")["Nomor permohonan"].str[:13]) == {"DUKCAPIL-1802"}
    at = choose(at, "f_region", "Provinsi Lampung")  # two offices with data: one row per OPD
    groups = _table(at, "svc_groups")
    assert groups.columns[0] == "OPD"
    assert set(groups["OPD"]) == {"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                                  "RSUD Dr. H. Abdul Moeloek"}


def test_agency_head_sees_only_their_agency_with_the_reports_numbers(demo_url):
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    assert not at.exception
    assert at.selectbox(key="f_agency").options[1:] == [f"{DUKCAPIL} — {LAMTENG}"]
    engine = get_engine(demo_url)
    from data_access.scope import scope_for_user

    with engine.connect() as conn:
        scope = scope_for_user(conn, "kadis.dukcapil.lamteng")
    report = build_report(_inputs(demo_url, scope), datetime(2026, 11, 28))
    (entry,) = report["agencies"]
    figures = entry["service"]
    assert _metric(at, "Layanan tepat waktu") == fmt.percent(figures["share_within_standard"])
    assert _metric(at, "Indeks Kepuasan Masyarakat (IKM)") == fmt.number(figures["ikm"], 2)
    per_service = _table(at, "svc_groups").set_index("Jenis layanan")
    assert set(per_service.index) == set(figures["by_service_type"])
    akta = figures["by_service_type"]["Akta Kelahiran"]
    assert per_service.at["Akta Kelahiran", "Tepat waktu"] == pytest.approx(akta["share_within_standard"], abs=1e-4)
    assert per_service.at["Akta Kelahiran", "Median waktu (satuan terbanyak)"] == (
        f"{fmt.number(akta['median_turnaround'], 1)} {akta['turnaround_unit']}")
    # planted: Akta Kelahiran about three times its standard, the slowest service of the office
    ratios = per_service["Median × standar"]
    assert ratios.idxmax() == "Akta Kelahiran" and ratios.max() >= 2.5


def test_landing_page_filter_survives_the_switch(demo_url):
    at = open_as("gubernur")
    at = choose(at, "f_region", LAMTENG)
    # AppTest does not carry the URL's query parameters across switch_page: the first run draws the
    # filters' defaults, the session's chosen value applies from the next run (a browser keeps the URL).
    at.switch_page(PAGE).run()
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_region").format_func(at.selectbox(key="f_region").value) == LAMTENG
    expected = _expected(_inputs(demo_url, _region_scope(demo_url, LAMTENG)))
    assert _metric(at, "Layanan tepat waktu") == fmt.percent(expected["share"])
    assert _table(at, "svc_groups").columns[0] == "Jenis layanan"


def test_a_selected_row_drills_down(demo_url):
    at = open_as("gubernur", PAGE)
    groups = _table(at, "svc_groups")
    row = groups["Daerah"].tolist().index(LAMTENG)
    key = next(d.key for d in at.dataframe if d.key and d.key.startswith("svc_groups"))
    at.session_state[key] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_region").format_func(at.selectbox(key="f_region").value) == LAMTENG
    assert _table(at, "svc_groups").columns[0] == "Jenis layanan"


def test_unit_level_shows_the_agency_and_says_so(demo_url):
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    agency_figure = _metric(at, "Layanan tepat waktu")
    at = choose(at, "f_agency", f"{DUKCAPIL} — {LAMTENG}")
    assert _metric(at, "Layanan tepat waktu") == agency_figure
    units = at.selectbox(key="f_unit").options
    at = choose(at, "f_unit", units[1])
    assert not at.exception
    assert any("Unit kerja tidak menerima permohonan" in i.value for i in at.info)
    assert _metric(at, "Layanan tepat waktu") == agency_figure


def test_a_view_without_service_data_says_so(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_region", "Provinsi Lampung")
    at = choose(at, "f_agency", "Badan Kepegawaian Daerah")
    assert not at.exception
    assert any("Belum ada data permohonan layanan" in i.value for i in at.info)
    assert not at.metric


# --- chart specs --------------------------------------------------------------------------------
def _layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", []):
        out += _layers(layer) if "layer" in layer else [layer]
    return out


def _marks(spec: dict) -> list[str]:
    return [l["mark"]["type"] if isinstance(l["mark"], dict) else l["mark"] for l in _layers(spec)]


@pytest.fixture
def demo_view(demo_url):
    from metrics.pipeline import service as pipeline

    inputs = _inputs(demo_url, Scope.full("uji"))
    turn = service.measured(inputs)
    names = {i: n for i, n in zip(inputs.agencies["region_id"], inputs.agencies["region"])}
    by_group = service.standard_ratio(turn, by=["region_id", "service_type"])
    by_group = by_group.assign(gid=by_group["region_id"], nama=by_group["region_id"].map(names))
    return {"turn": turn, "by_group": by_group, "by_service": service.standard_ratio(turn),
            "groups": pipeline.group_table(turn, inputs.skm, ["region_id"], inputs.ikm_bands, 5, names=names),
            "elements": service.element_scores(inputs.skm)}


def test_turnaround_chart_has_the_standard_line_and_names_the_slow_office(demo_view):
    spec = charts.turnaround_vs_standard(demo_view["by_service"], demo_view["by_group"], "Daerah").to_dict()
    layers = _layers(spec)
    rules = [l for l in layers if l["mark"]["type"] == "rule"]
    assert rules and rules[0]["encoding"]["x"]["field"] == "x"
    assert spec["datasets"][rules[0]["data"]["name"]] == [{"x": 1.0, "label": "standar"}]
    assert layers[0]["encoding"]["x"]["title"].startswith("Waktu penyelesaian ÷ standar")
    assert layers[0]["encoding"]["y"]["sort"][0] == "Akta Kelahiran"  # the slowest office's service first
    texts = [l for l in layers if l["mark"]["type"] == "text" and l["encoding"]["text"]["field"] == "singkat"]
    labels = {r["singkat"] for r in spec["datasets"][texts[0]["data"]["name"]]}
    assert "Lampung Tengah" in labels
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_share_chart_has_target_line_status_colours_and_a_click_selection(demo_view):
    spec = charts.share_on_time(demo_view["groups"], "Daerah").to_dict()
    bars = _layers(spec)[0]
    assert bars["encoding"]["x"]["field"] == "nilai" and bars["encoding"]["y"]["field"] == "nama"
    assert bars["encoding"]["x"]["title"] == "Permohonan selesai tepat waktu"
    assert spec["params"][0]["name"] == charts.GROUP_SELECTION
    assert spec["params"][0]["select"]["fields"] == ["gid"]
    assert "sesuai target" in bars["encoding"]["color"]["scale"]["domain"]
    assert "rule" in _marks(spec)
    assert spec["height"] == {"step": 26}


def test_ikm_charts_draw_the_bands_and_the_weakest_element_first(demo_view):
    spec = charts.ikm_by_group(demo_view["groups"], "Daerah").to_dict()
    assert "rect" in _marks(spec) and "circle" in _marks(spec)
    bands = next(rows for rows in spec["datasets"].values() if rows and "mutu" in rows[0] and "dari" in rows[0])
    assert [b["mutu"] for b in bands] == ["D", "C", "B", "A"]
    assert [b["dari"] for b in bands][1:] == [65.0, 76.61, 88.31]
    elements = charts.skm_elements(demo_view["elements"]).to_dict()
    bars = next(l for l in _layers(elements) if l["mark"]["type"] == "bar")
    assert bars["encoding"]["y"]["sort"][0] == "Waktu Penyelesaian"  # the demo's weakest element
    assert bars["encoding"]["x"]["title"].startswith("Nilai unsur")


def test_monthly_heatmap_is_per_group_and_month(demo_view):
    monthly = service.combined_speed(service.service_speed(demo_view["turn"], by=["region_id", "month"]),
                                     by=["region_id", "month"])
    monthly = monthly.assign(nama=monthly["region_id"].astype(str), bulan_ke=monthly["month"] % 100,
                             bulan=(monthly["month"] % 100).astype(str))
    spec = charts.monthly_heatmap(monthly, "Daerah", order=["1", "2"]).to_dict()
    assert spec["mark"]["type"] == "rect"
    assert spec["encoding"]["y"]["sort"] == ["1", "2"]
    assert spec["encoding"]["x"]["title"] == "Bulan permohonan masuk"


def test_a_quarter_is_compared_with_the_quarter_before(demo_url):
    at = open_as("gubernur", PAGE)
    at = choose(at, "f_period", "Triwulan II")
    assert not at.exception
    now = _expected(_inputs(demo_url, Scope.full("uji"), "TW2"))
    before = _expected(_inputs(demo_url, Scope.full("uji"), "TW1"))
    ikm = next(m for m in at.metric if m.label == "Indeks Kepuasan Masyarakat (IKM)")
    assert ikm.value == fmt.number(now["ikm"], 2)
    change = now["ikm"] - before["ikm"]
    assert ikm.delta == ("+" if change > 0 else "-") + fmt.number(abs(change), 2)
    assert any("Perubahan dibanding Triwulan I 2026" in c.value for c in at.caption)


# --- the section "Antrian" ----------------------------------------------------------------------
QUEUE_TILES = {"Dilayani dalam target tunggu", "Median waktu tunggu", "Tiket tidak dilayani", "Antrian online"}


def _queue_entry(demo_url: str, user: str) -> list[dict]:
    with get_engine(demo_url).connect() as conn:
        scope = scope_for_user(conn, user)
    report = build_report(_inputs(demo_url, scope), datetime(2026, 11, 28))
    return [a["queue"] for a in report["agencies"] if a["queue"]["tickets"]]


@pytest.mark.parametrize("user, first_column", [("gubernur", "Daerah"), ("bupati.lamsel", "Jenis layanan"),
                                                ("kadis.dukcapil.lamteng", "Jenis layanan")])
def test_the_queue_section_renders_for_each_viewer(demo_url, user, first_column):
    at = open_as(user, PAGE)
    assert not at.exception
    assert "Antrian" in [h.value for h in at.subheader]
    assert QUEUE_TILES <= {m.label for m in at.metric}
    table = _table(at, "q_groups")
    assert table.columns[0] == first_column and "Tiket" in table.columns
    # training coverage against the wait needs two offices or more: the governor's fifteen Disdukcapil
    scatter = [c.value for c in at.caption if "bukan sebab-akibat" in c.value]
    assert len(scatter) == (user == "gubernur")
    assert ("**Pelatihan pegawai dan waktu tunggu**" in [m.value for m in at.markdown]) == (user == "gubernur")
    if user != "gubernur":  # one Disdukcapil in scope: the page's tiles are the report's figures of it
        (entry,) = _queue_entry(demo_url, user)
        assert _metric(at, "Dilayani dalam target tunggu") == fmt.percent(entry["share_within_target"])
        assert _metric(at, "Median waktu tunggu") == f"{fmt.number(entry['median_wait_minutes'])} menit"
        assert _metric(at, "Tiket tidak dilayani") == fmt.percent(entry["share_not_served"])
        assert _metric(at, "Antrian online") == fmt.percent(entry["online_share"])
        assert set(table["Jenis layanan"]) == set(entry["by_service_type"])
        assert int(table["Tiket"].map(lambda v: int(str(v).replace(".", ""))).sum()) == entry["tickets"]


def test_the_governor_sees_the_planted_queues(demo_url):
    at = open_as("gubernur", PAGE)
    table = _table(at, "q_groups").set_index("Daerah")
    assert len(table) == 15
    # Lampung Tengah's overflowing afternoons: the most tickets left unserved of all
    not_served = table["Tidak dilayani"].map(lambda v: float(str(v).rstrip("%").replace(",", ".")))
    assert not_served.idxmax() == LAMTENG


def test_a_selected_queue_row_drills_from_the_province_into_a_regions_office(demo_url):
    at = open_as("gubernur", PAGE)
    regions = _table(at, "q_groups")["Daerah"].tolist()
    key = next(d.key for d in at.dataframe if d.key and d.key.startswith("q_groups"))
    at.session_state[key] = {"selection": {"rows": [regions.index(LAMTENG)], "columns": []}}
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_region").format_func(at.selectbox(key="f_region").value) == LAMTENG
    # the region's one Disdukcapil takes its tickets: its service types, as the report lists them
    services = _table(at, "q_groups")
    assert services.columns[0] == "Jenis layanan"
    lamteng = [a["queue"] for a in build_report(_inputs(demo_url, _region_scope(demo_url, LAMTENG)),
                                                datetime(2026, 11, 28))["agencies"] if a["queue"]["tickets"]]
    assert [set(q["by_service_type"]) for q in lamteng] == [set(services["Jenis layanan"])]


def test_queue_charts_draw_the_target_and_the_hours(demo_url):
    inputs = _inputs(demo_url, Scope.full("uji"))
    sig = queue_pipeline.signal(inputs, inputs, "region_id", names(inputs, "region_id"))
    spec = charts.queue_wait_by_group(sig.groups, "Daerah", sig.target_minutes).to_dict()
    assert "target 60 menit" in json.dumps(spec)
    assert spec["params"][0]["name"] == charts.GROUP_SELECTION  # a click on a dot selects its group
    heat = charts.queue_hours_heatmap(sig.hours, sig.target_minutes).to_dict()
    assert heat["encoding"]["color"]["field"] == "median_wait"
    assert {"Senin", "Jumat"} <= {row["hari"] for row in heat["datasets"][next(iter(heat["datasets"]))]}
