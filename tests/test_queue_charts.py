"""The section "Antrian"'s charts on their spec (no Streamlit, no database): the busiest hours read
against the waiting target, and the wait-by-group legend listing only the statuses drawn."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from metrics import queue
from metrics.pipeline import AGENCY, REGION, UNIT
from metrics.pipeline import queue as pipeline
from metrics.pipeline import service as service_pipeline
from metrics.pipeline.service import SERVICE
from ui.charts import GREY, PRIMARY, STATUS_COLOURS
from ui.charts import service as charts
from vocab import codes
from vocab.catalogue import ACT, CATALOGUE, ON_TRACK, TOO_SMALL, WATCH

MONDAY = date(2026, 5, 4)


def _tickets(rows: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    """queue.waits() of tickets (agency_id, hour taken on MONDAY, minutes waited, how many), all served."""
    out = []
    for agency, hour, wait, count in rows:
        for i in range(count):
            taken = datetime.combine(MONDAY, datetime.min.time()) + timedelta(hours=hour, minutes=i)
            out.append({"agency_id": agency, "region_id": 10 + agency, "day": MONDAY, "service_type": "KTP-el",
                        "channel": codes.CHANNEL_WALK_IN, "taken_at": taken,
                        "called_at": taken + timedelta(minutes=wait),
                        "ended_at": taken + timedelta(minutes=wait + 10)})
    return queue.waits(pd.DataFrame(out))


def _colour(spec: dict) -> dict:
    return spec["encoding"]["color"]


def _rows(spec: dict) -> list[dict]:
    return spec["datasets"][spec["data"]["name"]]


def test_the_busiest_hours_are_coloured_against_the_waiting_target():
    tickets = _tickets([(1, 8, 20, 3), (1, 10, 75, 3), (1, 13, 200, 3)])
    hours = pipeline.busiest_hours(tickets, 60)
    spec = charts.queue_hours_heatmap(hours, 60).to_dict()
    colour = _colour(spec)
    # 0 to 1,5 × the target: green to pale yellow up to the target, a step to orange just past it, then
    # on to red, the reddest from 90 minutes on (clamped)
    assert colour["scale"]["domain"] == [0, 60, 60 + charts.HEAT_STEP, 90]
    assert colour["scale"]["range"] == [*charts.HEAT_UNDER, charts.HEAT_OVER_FROM, STATUS_COLOURS[ACT]]
    assert colour["scale"]["clamp"] is True
    assert colour["title"] == ["Median tunggu (menit)", "merah = lewat target 60 menit"]
    assert colour["legend"]["values"] == [0, 60, 90]
    assert "'≥ 90'" in colour["legend"]["labelExpr"] and "'60 (target)'" in colour["legend"]["labelExpr"]
    # the tooltip says whether the hour is over the target: the pipeline's verdict, per cell
    tips = {t["title"]: t["field"] for t in spec["encoding"]["tooltip"]}
    assert tips["Dibanding target 60 menit"] == "terhadap_target"
    assert spec["transform"] == [{"calculate": "datum.over_target ? 'lewat target' : 'dalam target'",
                                  "as": "terhadap_target"}]
    assert {r["jam"]: (r["median_wait"], r["over_target"]) for r in _rows(spec)} == {
        "08.00": (20, False), "10.00": (75, True), "13.00": (200, True)}


def test_the_heatmaps_scale_follows_another_target():
    tickets = _tickets([(1, 8, 50, 2), (1, 9, 40, 2)])
    hours = pipeline.busiest_hours(tickets, 45)
    colour = _colour(charts.queue_hours_heatmap(hours, 45).to_dict())
    assert colour["scale"]["domain"] == [0, 45, 45 + charts.HEAT_STEP, 67.5]
    assert colour["title"][1] == "merah = lewat target 45 menit"
    assert "'≥ 67,5'" in colour["legend"]["labelExpr"]  # Indonesian decimals in the legend
    assert hours.set_index("jam")["over_target"].to_dict() == {"08.00": True, "09.00": False}


def test_an_hour_without_a_called_ticket_is_not_over_the_target():
    frame = _tickets([(1, 8, 20, 1)])
    never = frame.assign(called_at=pd.NaT, ended_at=pd.NaT, taken_at=frame["taken_at"] + timedelta(hours=2))
    tickets = queue.waits(pd.concat([frame[list(queue.QUEUE_COLUMNS)], never[list(queue.QUEUE_COLUMNS)]]))
    hours = pipeline.busiest_hours(tickets, 60).set_index("jam")
    assert pd.isna(hours.at["10.00", "median_wait"]) and not hours.at["10.00", "over_target"]


def test_the_wait_legend_lists_only_the_statuses_in_the_view():
    # office 1: six tickets all called within the target (on track); office 2: two tickets (too small)
    tickets = _tickets([(1, 8, 10, 6), (2, 9, 30, 2)])
    groups = pipeline.group_table(tickets, "agency_id", 60, 5, names={1: "Kantor A", 2: "Kantor B"})
    assert groups.set_index("nama")["status"].to_dict() == {"Kantor A": ON_TRACK, "Kantor B": TOO_SMALL}
    spec = charts.queue_wait_by_group(groups, "OPD", 60).to_dict()
    (dots,) = [layer for layer in spec["layer"] if "color" in layer.get("encoding", {})]
    scale = dots["encoding"]["color"]["scale"]
    assert scale == {"domain": [ON_TRACK, TOO_SMALL], "range": [STATUS_COLOURS[ON_TRACK], GREY]}


def test_the_wait_legend_keeps_the_status_order_and_colours():
    # 1: all within (on track); 2: 3 of 6 within (50%, below the 60% warning: act); 3: 4 of 6 (67%: watch)
    tickets = _tickets([(1, 8, 10, 6), (2, 8, 10, 3), (2, 9, 90, 3), (3, 8, 10, 4), (3, 9, 90, 2)])
    groups = pipeline.group_table(tickets, "agency_id", 60, 5, names={1: "A", 2: "B", 3: "C"})
    spec = charts.queue_wait_by_group(groups, "OPD", 60).to_dict()
    (dots,) = [layer for layer in spec["layer"] if "color" in layer.get("encoding", {})]
    assert dots["encoding"]["color"]["scale"] == {"domain": [ON_TRACK, WATCH, ACT],
                                                  "range": [STATUS_COLOURS[s] for s in (ON_TRACK, WATCH, ACT)]}


# --- the drill-down: region → office → service type -----------------------------------------------
def test_the_queue_groups_one_level_below_the_view_and_an_office_by_its_services():
    two_offices = _tickets([(1, 8, 10, 2), (2, 9, 30, 2)])
    one_office = _tickets([(1, 8, 10, 2)])
    empty = queue.waits(pd.DataFrame())
    # the province groups by region, a region by office: the view's level below (metrics.pipeline.below)
    assert pipeline.grouped_by(REGION, two_offices) == REGION
    assert pipeline.grouped_by(AGENCY, two_offices) == AGENCY
    # an office (its units below) by its service types, as the service figures group it
    assert pipeline.grouped_by(UNIT, two_offices) == SERVICE == service_pipeline.grouped_by(UNIT)
    # a view whose tickets are one office's: that office's service types straight away
    assert pipeline.grouped_by(REGION, one_office) == SERVICE
    assert pipeline.grouped_by(AGENCY, one_office) == SERVICE
    assert pipeline.grouped_by(REGION, empty) == REGION


# --- training coverage against the wait: the scatter --------------------------------------------------
def test_the_scatter_shows_each_offices_n_and_greys_the_small_ones():
    offices = pd.DataFrame({
        "agency_id": [1, 2], "opd": ["Disdukcapil", "Disdukcapil"], "daerah": ["Kota Metro", "Kabupaten Mesuji"],
        "tickets": [400, 3], "called": [380, 3], "median_wait": [35.0, 80.0], "employees": [40, 12],
        "employees_with_target": [40, 12], "meeting_target": [30, 3], "share_meeting_target": [0.75, 0.25],
        "too_small": [False, True]})[list(pipeline.TRAINING_WAIT_COLUMNS)]
    spec = charts.queue_training_scatter(offices, 60).to_dict()
    dots, rule, label = spec["layer"]
    tips = {t["field"]: t["title"] for t in dots["encoding"]["tooltip"]}
    assert tips["called"] == "Tiket dipanggil (n)" and tips["employees_with_target"] == "Pegawai (n)"
    assert {"daerah", "opd", "median_wait", "share_meeting_target", "meeting_target", "tickets"} <= set(tips)
    assert dots["encoding"]["x"]["field"] == "share_meeting_target" and dots["encoding"]["x"]["scale"]["domain"] == [0, 1]
    assert dots["encoding"]["y"]["field"] == "median_wait"
    assert dots["encoding"]["color"]["scale"] == {"domain": ["kantor", "terlalu kecil"], "range": [PRIMARY, GREY]}
    drawn = spec["datasets"][dots["data"]["name"]]
    assert {r["daerah"]: r["warna"] for r in drawn} == {"Kota Metro": "kantor", "Kabupaten Mesuji": "terlalu kecil"}
    assert spec["datasets"][rule["data"]["name"]] == [{"y": 60, "label": "target 60 menit"}]


def _marks(scene, kind: str):
    """Every item of marks of `kind` in a drawn scene graph (vl_convert.vegalite_to_scenegraph)."""
    if isinstance(scene, dict):
        if scene.get("marktype") == kind:
            yield from scene.get("items", [])
        for value in scene.values():
            if isinstance(value, (dict, list)):
                yield from _marks(value, kind)
    elif isinstance(scene, list):
        for value in scene:
            yield from _marks(value, kind)


def _label_clear_of_bars(spec: dict, label: str) -> None:
    """The line's label, drawn, ends above the plot's first bar (it once sat over it, seen in a browser)."""
    import vl_convert

    scene = vl_convert.vegalite_to_scenegraph(spec)
    (text,) = [t for t in _marks(scene, "text") if t.get("text") == label]
    bars = [r for r in _marks(scene, "rect") if r.get("height")]
    assert bars and text["baseline"] == "bottom"
    assert text["y"] + text.get("dy", 0) < min(r["y"] for r in bars)


def test_the_target_labels_sit_above_the_bars_not_over_the_first():
    tickets = _tickets([(1, 8, 10, 6), (2, 9, 70, 6)])
    groups = pipeline.group_table(tickets, "agency_id", 60, 5, names={1: "Kantor A", 2: "Kantor B"})
    _label_clear_of_bars(charts.queue_wait_by_group(groups, "OPD", 60).to_dict(), "target 60 menit")
    shares = pd.DataFrame({"gid": [1, 2], "nama": ["Kantor A", "Kantor B"], "judged": [10, 10],
                           "share_within_standard": [0.95, 0.4], "status": [ON_TRACK, ACT],
                           "finished_within": [9, 4], "open_overdue": [0, 1]})
    metric = CATALOGUE["share_within_standard"]
    _label_clear_of_bars(charts.share_on_time(shares, "OPD", metric=metric).to_dict(),
                         f"target {metric.target:.0%}")
