"""The service pipeline (metrics.pipeline.service): one home for the figures the report, the Pelayanan
Publik page and its exports show."""
from __future__ import annotations


import pandas as pd
import pytest

import demo
from tests.pipelines import NOW, province_inputs
from metrics.pipeline import service as pipeline
from metrics.report import build_report
from vocab import ikm
from vocab.indicators import TOO_SMALL
from vocab.periods import previous_period

YEAR = demo.DEMO_YEAR


def _turnaround(agency: list[int], limit: list[float], taken: list[float]) -> pd.DataFrame:
    """Finished requests as service.measured gives them: in working days, each with its standard."""
    n = len(agency)
    return pd.DataFrame({
        "request_id": range(1, n + 1), "agency_id": agency, "region_id": 1, "service_type": "KTP-el",
        "received_at": pd.Timestamp("2026-03-02 09:00"), "finished_at": pd.Timestamp("2026-03-20 09:00"),
        "limit_value": limit, "limit_unit": "hari kerja", "turnaround_unit": "hari kerja", "turnaround": taken,
        "open": False, "measured_until": pd.Timestamp("2026-03-20 09:00"),
        "within_standard": [t <= lim for t, lim in zip(taken, limit)], "open_overdue": False, "month": 202603})


def test_group_table_counts_each_office_and_never_judges_the_small():
    turn = _turnaround([1] * 6 + [2] * 2, [5.0] * 8, [1.0, 2.0, 5.0, 6.0, 9.0, 3.0, 1.0, 2.0])
    skm = pd.DataFrame(columns=["agency_id", *[f"u{i}" for i in range(1, 10)]])
    out = pipeline.group_table(turn, skm, ["agency_id"], ikm.IKM_BANDS, 5, names={1: "B", 2: "A"})
    rows = out.set_index("gid")
    assert rows.at[1, "requests"] == 6 and rows.at[1, "judged"] == 6
    assert rows.at[1, "share_within_standard"] == pytest.approx(4 / 6)  # 1, 2, 5 and 3 days of 5
    assert rows.at[2, "status"] == TOO_SMALL  # 2 judged requests, below the minimum of 5
    assert rows.at[1, "status"] != TOO_SMALL
    assert out["nama"].tolist() == ["A", "B"]


@pytest.mark.parametrize("period", [None, "TW3"])
def test_the_report_and_the_page_take_the_same_figures(demo_url, period):
    inputs = province_inputs(demo_url, YEAR, period)
    py, pp = previous_period(YEAR, period)
    before = province_inputs(demo_url, py, pp)
    sig = pipeline.signal(inputs, before, "agency_id")
    payload = build_report(inputs, NOW, period=period)
    names = inputs.agencies.set_index("agency_id")
    by_name = {(names.at[g, "region"], names.at[g, "agency"]): row
               for g, row in sig.groups.set_index("gid").iterrows()}
    compared = 0
    for entry in payload["agencies"]:
        row = by_name.get((entry["region"], entry["agency_name"]))
        service = entry["service"]
        if row is None:  # no request and no SKM answer: the report says nothing, not zero
            assert service["requests"] == 0 and service["share_within_standard"] is None
            continue
        assert service["requests"] == row["requests"] and service["judged"] == row["judged"]
        assert service["open_overdue"] == row["open_overdue"]
        if service["share_within_standard"] is None:
            assert pd.isna(row["share_within_standard"])
        else:
            assert service["share_within_standard"] == pytest.approx(row["share_within_standard"], abs=5.1e-5)
        if service["ikm"] is not None:
            assert service["ikm"] == pytest.approx(row["ikm"], abs=0.005)
            assert service["mutu"] == row["mutu"]
        compared += 1
    assert compared > 10
    # The brief's chart takes the signal's own group table (pipeline.grouped), not a second one.
    column, groups = pipeline.grouped(inputs, "agency_id")
    assert column == sig.group_column
    pd.testing.assert_frame_equal(groups, sig.groups)
    # The whole view's figures are the pipeline's too, and the period before is the one the page shows.
    assert sig.figures.requests == sum(e["service"]["requests"] for e in payload["agencies"])
    again = pipeline.figures(pipeline.service.measured(before) if len(before.requests) else None, before.skm,
                             before.ikm_bands)
    assert repr(sig.previous) == repr(again)  # repr: a missing median (NaN) equals itself
    if period == "TW3":  # the demo's quarter before has requests (its year before has none)
        assert sig.previous.requests > 0 and sig.previous.requests != sig.figures.requests


def test_groups_are_listed_judged_first_worst_first_then_too_small_then_without_data():
    groups = pd.DataFrame({"nama": ["A", "B", "C", "D"], "share_within_standard": [0.9, 0.5, 0.1, float("nan")],
                           "status": ["sesuai target", "perlu tindakan", TOO_SMALL, pipeline.NO_DATA]})
    assert pipeline.ordered(groups, "share_within_standard")["nama"].tolist() == ["B", "A", "C", "D"]
