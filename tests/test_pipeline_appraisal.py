"""The appraisal pipeline (metrics.pipeline.appraisal): one home for the figures the report and the
Kinerja Pegawai page show."""
from __future__ import annotations


import pytest

import demo
from vocab import codes
from tests.pipelines import NOW, province_inputs
from metrics.pipeline import appraisal as pipeline
from metrics.report import build_report

YEAR = demo.DEMO_YEAR


@pytest.mark.parametrize("period", [None, "TW3"])
def test_the_report_and_the_page_take_the_same_agency_table(demo_url, period):
    inputs = province_inputs(demo_url, YEAR, period=period)
    sig = pipeline.signal(inputs, province_inputs(demo_url, YEAR - 1), "agency_id", period, unit_level=False)
    payload = build_report(inputs, NOW, period=period)
    assert payload["appraisal_period"] == sig.period
    agencies = inputs.agencies.set_index("agency_id")
    rows = {(agencies.at[g, "region"], agencies.at[g, "agency"]): r for g, r in sig.groups.set_index("group_id").iterrows()}
    judged = 0
    for entry in payload["agencies"]:
        row, got = rows[(entry["region"], entry["agency_name"])], entry["appraisal"]
        assert got["counts"] == {p: int(row[p]) for p in (*reversed(codes.PREDIKAT_ORDER), codes.NOT_RATED)}
        assert got["curve_status"] == row["status"]
        if got["curve_compliant"] is not None:
            judged += 1
            assert got["curve_compliant"] == bool(row["compliant"])
            assert got["failed_rules"] == list(row["failed_rules"])
    assert judged > 20
    # The headline: compliance over the judged agencies, as the report's verdicts give it.
    verdicts = [e["appraisal"]["curve_compliant"] for e in payload["agencies"] if e["appraisal"]["curve_compliant"] is not None]
    assert sig.kpis.curve_compliant == pytest.approx(sum(verdicts) / len(verdicts))
    assert sig.kpis.judged == len(verdicts)


def test_the_change_is_against_the_appraisal_period_before(demo_url):
    inputs = province_inputs(demo_url, YEAR, period="TW1")
    before = province_inputs(demo_url, YEAR - 1)
    sig = pipeline.signal(inputs, before, "region_id", "TW1", unit_level=False)
    prev, year, period = pipeline.previous(inputs, before, "TW1", unit_level=False)
    assert (sig.previous_year, sig.previous_period) == (year, period)
    if before.appraisals.empty:
        assert prev is None and sig.previous is None
    else:  # the first quarter is compared with the year before's own period, over that year's roll
        assert year == YEAR - 1 and sig.previous == prev
    later = pipeline.signal(province_inputs(demo_url, YEAR, period="TW3"), before, "region_id", "TW3", unit_level=False)
    assert (later.previous_year, later.previous_period) == (YEAR, "TW2")


def test_a_quarter_without_appraisals_has_no_figures(demo_url):
    inputs = province_inputs(demo_url, YEAR, period="TW4")
    inputs.appraisals = inputs.appraisals[inputs.appraisals["period"] != "TW4"]
    assert pipeline.signal(inputs, None, "region_id", "TW4", unit_level=False) is None
