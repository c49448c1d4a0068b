"""The training pipeline (metrics.pipeline.training): one home for the figures the report, the
Pengembangan Kompetensi page and its exports show."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

import demo
from vocab.indicators import TOO_SMALL
from vocab.periods import previous_period
from tests.pipelines import province_inputs
from metrics.pipeline import training as pipeline
from metrics.report import build_report

YEAR = demo.DEMO_YEAR


def test_group_table_judges_each_group_and_never_ranks_the_small():
    jp = pd.DataFrame({"employee_id": range(1, 8), "agency_id": [1] * 5 + [2] * 2, "unit_id": [10] * 5 + [20] * 2,
                       "status": ["PNS"] * 7, "jp_total": [25.0, 20.0, 0.0, 3.0, 19.9, 0.0, 0.0],
                       "jp_klasikal": [25.0, 20.0, 0.0, 3.0, 19.9, 0.0, 0.0], "jp_nonklasikal": 0.0,
                       "jp_pendidikan": 0.0, "activities": [1, 1, 0, 1, 1, 0, 0]})
    out = pipeline.group_table(jp, {"PNS": 20.0, "PPPK": 20.0}, ["agency_id"], 5, names={1: "B", 2: "A"})
    assert out["group_id"].tolist() == [1, 2]  # the small group after the judged one, whatever its name
    assert out["share_meeting_target"].tolist() == [0.4, 0.0]
    assert out["status"].iloc[1] == TOO_SMALL and out["catatan"].iloc[1] == "kurang dari 5 pegawai"
    assert out["status"].iloc[0] != TOO_SMALL and out["catatan"].iloc[0] == ""


@pytest.mark.parametrize("period", [None, "TW3"])
def test_the_report_and_the_page_take_the_same_figures(demo_url, period):

    inputs = province_inputs(demo_url, YEAR, period)
    py, pp = previous_period(YEAR, period)
    before = province_inputs(demo_url, py, pp)
    sig = pipeline.signal(inputs, before, "agency_id")
    payload = build_report(inputs, datetime(2026, 11, 28, 10), period=period)
    names = inputs.agencies.set_index("agency_id")
    by_name = {(names.at[g, "region"], names.at[g, "agency"]): row for g, row in sig.groups.set_index("group_id").iterrows()}
    compared = 0
    for entry in payload["agencies"]:
        row = by_name.get((entry["region"], entry["agency_name"]))
        if row is None:
            assert entry["training"]["share_meeting_target"] is None
            continue
        assert entry["training"]["share_meeting_target"] == pytest.approx(row["share_meeting_target"], abs=5.1e-5)
        assert entry["training"]["share_zero"] == pytest.approx(row["share_zero"], abs=5.1e-5)
        compared += 1
    assert compared > 50
    # The brief's chart takes the signal's own group table (pipeline.grouped), not a second one.
    pd.testing.assert_frame_equal(pipeline.grouped(inputs, "agency_id"), sig.groups)
    # The period before is the one every page compares with (the quarter before, or the year before).
    assert sig.previous == pipeline.previous_summary(before)
    assert sig.overall["employees"] == len(inputs.roster)
    if period == "TW3":
        assert sig.span.targets["PNS"] == pytest.approx(20 * 92 / 365)


def test_the_staff_list_meets_the_target_as_the_coverage_counts_it():
    jp = pd.DataFrame({"employee_id": [1, 2, 3, 4], "status": ["PNS", "PNS", "PPPK", "PNS"],
                       "jp_total": [20.0, 19.9999999, 0.0, 5.0], "activities": [2, 1, 0, 1]})
    rows = pipeline.staff(jp, {"PNS": 20.0, "PPPK": 10.0})
    assert rows["employee_id"].tolist() == [3, 4, 2, 1]  # fewest JP first
    assert rows.set_index("employee_id")["meets_target"].to_dict() == {1: True, 2: True, 3: False, 4: False}
    counts = pipeline.staff_counts(rows)
    assert counts.to_dict("records") == [{"category": "tanpa pengembangan", "jumlah": 1},
                                         {"category": "di bawah target", "jumlah": 1},
                                         {"category": "memenuhi target", "jumlah": 2}]


def test_the_headline_counts_the_staff_without_any_activity():
    """The tile's "N pegawai 0 JP" is the pipeline's count, not a share multiplied back on the page."""
    jp = pd.DataFrame({"employee_id": [1, 2, 3], "status": ["PNS"] * 3, "jp_total": [0.0, 0.0, 21.0],
                       "jp_klasikal": [0.0, 0.0, 21.0], "jp_nonklasikal": 0.0, "jp_pendidikan": 0.0,
                       "activities": [0, 0, 1]})
    head = pipeline.summary(jp, {"PNS": 20.0})
    assert (head["zero"], head["employees"], head["meeting_target"]) == (2, 3, 1)
    assert head["share_zero"] == pytest.approx(2 / 3)
