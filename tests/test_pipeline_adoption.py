"""The adoption pipeline (metrics.pipeline.adoption): one home for the figures the report and the
Adopsi Perubahan page show."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

import demo
from vocab.indicators import TOO_SMALL
from tests.pipelines import province_inputs
from metrics.pipeline import adoption as pipeline
from metrics.pipeline import names
from metrics.report import build_report

YEAR = demo.DEMO_YEAR


@pytest.mark.parametrize("period", [None, "TW2"])
def test_the_report_and_the_page_take_the_same_group_table(demo_url, period):
    inputs = province_inputs(demo_url, YEAR, period)
    table = pipeline.group_table(inputs, ["agency_id"], names=names(inputs, "agency_id"))
    payload = build_report(inputs, datetime(2026, 11, 28, 10), period=period)
    agencies = inputs.agencies.set_index("agency_id")
    rows = {(agencies.at[g, "region"], agencies.at[g, "agency"]): r for g, r in table.set_index("group_id").iterrows()}
    assert len(rows) == len(payload["agencies"]) > 50
    for entry in payload["agencies"]:
        row, got = rows[(entry["region"], entry["agency_name"])], entry["adoption"]
        assert got["expected"] == row["expected"] == entry["headcount"]
        for field, column in (("compliance", "compliance"), ("resistance_index", "resistance_index"),
                              ("lapsed_share", "lapsed_share"), ("timeliness", "timeliness_same_day")):
            if pd.isna(row[column]):
                assert got[field] is None, field
            else:
                assert got[field] == pytest.approx(row[column], abs=5.1e-5), field
    # Ranked groups first (1 = most resistance), the small ones after, unranked.
    ranked = table[table["rank"].notna()]
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    assert ranked["resistance_index"].is_monotonic_decreasing
    assert table.loc[table["too_small"], "rank"].isna().all()
    assert (table.loc[table["too_small"], "note"] == TOO_SMALL).all()
    # The headline pools the view.
    headline = pipeline.figures(inputs)
    assert headline["expected"] == len(inputs.roster)
    assert payload["adoption_data_end"] == pipeline.window(inputs).data_end.isoformat()


def test_nobody_to_remind_gives_zero_counts_not_an_error(demo_url):
    inputs = province_inputs(demo_url, YEAR)
    out = pipeline.nudge_counts(inputs, pd.DataFrame(), "agency_id")
    assert len(out) == inputs.roster["agency_id"].nunique()
    assert (out["to_remind"] == 0).all() and (out["expected"] > 0).all()


def test_without_e_kinerja_rows_there_are_no_figures_not_zeros(demo_url):
    inputs = province_inputs(demo_url, YEAR)
    inputs.daily_month = inputs.daily_month.iloc[0:0]  # loaded frames are plain attributes
    assert pipeline.figures(inputs) is None and pipeline.group_table(inputs, ["agency_id"]).empty
    entry = build_report(inputs, datetime(2026, 11, 28, 10))["agencies"][0]["adoption"]
    assert entry == {"expected": None, "active_share": None, "compliance": None, "timeliness": None,
                     "lapsed_share": None, "resistance_index": None, "resistance_parts": {}}
