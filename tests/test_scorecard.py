"""The leadership scorecard: direction-aware statuses, change since the previous period, small groups."""
import math

import pandas as pd
import pytest

from vocab.catalogue import ACT, ON_TRACK, WATCH
from metrics.scorecard import SCORECARD_METRICS, scorecard, signals_frame


def _entry(name, headcount, counts, compliant, meet, zero, within, ikm, active, compliance, resistance):
    return {
        "agency_name": name, "region": "Provinsi Lampung", "headcount": headcount,
        "appraisal": {"counts": dict(zip(["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct",
                                          "Sangat Kurang", "Belum Dinilai"], counts)),
                      "org_predikat": "Baik", "curve_compliant": compliant, "failed_rules": []},
        "training": {"target_jp": 20, "share_meeting_target": meet, "share_zero": zero, "median_jp": 20},
        "service": {"requests": 0, "share_within_standard": within, "median_turnaround": None, "ikm": ikm,
                    "mutu": None},
        "adoption": {"active_share": active, "compliance": compliance, "timeliness": None,
                     "resistance_index": resistance},
    }


CURRENT = {"agencies": [
    _entry("Dinas A", 40, [2, 30, 4, 0, 0, 4], True, 1.0, 0.0, 0.95, 90.0, 0.99, 0.95, 0.05),
    _entry("Dinas B", 30, [25, 5, 0, 0, 0, 0], False, 0.5, 0.3, None, None, 0.2, 0.1, 0.8),
    _entry("Dinas C", 3, [3, 0, 0, 0, 0, 0], None, 0.0, 1.0, None, None, 0.0, 0.0, 1.0),
    _entry("Dinas D", 20, [2, 14, 4, 0, 0, 0], True, 0.85, 0.05, None, None, 0.9, 0.8, 0.2),
]}
PREVIOUS = {"agencies": [CURRENT["agencies"][0] | {"adoption": {"active_share": 0.90, "compliance": 0.9,
                                                                "timeliness": None, "resistance_index": 0.1}}]}


def test_signals_frame_reads_each_metric():
    frame = signals_frame(CURRENT)
    assert list(frame.columns[4:]) == list(SCORECARD_METRICS)
    b = frame.set_index("agency_name").loc["Dinas B"]
    assert b["share_sangat_baik"] == 25 / 30 and b["curve_compliant"] == 0.0 and math.isnan(b["ikm"])
    assert math.isnan(frame.set_index("agency_name").loc["Dinas C", "curve_compliant"])


def test_statuses_respect_direction_and_the_worst_sets_the_row():
    card = scorecard(signals_frame(CURRENT)).set_index("agency_name")
    assert card.loc["Dinas A", "status"] == ON_TRACK and card.loc["Dinas A", "act_count"] == 0
    assert card.loc["Dinas B", "resistance_index_status"] == ACT  # lower is better: 0.8 is far off
    assert card.loc["Dinas B", "share_sangat_baik_status"] == ACT and card.loc["Dinas B", "status"] == ACT
    assert card.loc["Dinas D", "share_meeting_target_status"] == WATCH and card.loc["Dinas D", "status"] == WATCH
    assert card.loc["Dinas A", "ikm_status"] == ON_TRACK and pd.isna(card.loc["Dinas B", "ikm_status"])


def test_small_groups_are_marked_not_ranked_and_rank_one_needs_action_most():
    card = scorecard(signals_frame(CURRENT), min_group_size=5).set_index("agency_name")
    assert bool(card.loc["Dinas C", "too_small"]) and pd.isna(card.loc["Dinas C", "rank"])
    assert card["rank"].dropna().astype(int).to_dict() == {"Dinas B": 1, "Dinas D": 2, "Dinas A": 3}


def test_change_since_the_previous_period():
    card = scorecard(signals_frame(CURRENT), signals_frame(PREVIOUS)).set_index("agency_name")
    assert card.loc["Dinas A", "active_share_change"] == 0.99 - 0.90
    assert math.isnan(card.loc["Dinas B", "active_share_change"])  # no previous figure: no change
    assert math.isnan(scorecard(signals_frame(CURRENT)).loc[0, "active_share_change"])


def test_unit_level_scorecard_keeps_units_apart_and_matches_previous_by_unit():
    def unit(entry, name):
        return entry | {"unit_name": name}

    a = CURRENT["agencies"][0]
    current = {"level": "unit", "agencies": [unit(a, "Bidang X"), unit(a, "Bidang Y")]}
    previous = {"level": "unit", "agencies": [unit(PREVIOUS["agencies"][0], "Bidang Y")]}
    card = scorecard(signals_frame(current), signals_frame(previous)).set_index("unit_name")
    assert list(card.index) == ["Bidang X", "Bidang Y"]
    assert math.isnan(card.at["Bidang X", "active_share_change"])
    assert card.at["Bidang Y", "active_share_change"] == pytest.approx(0.99 - 0.90)


def test_status_spread_counts_judged_groups_per_metric_and_leaves_out_the_small():
    from vocab.catalogue import ACT, ON_TRACK, WATCH
    from metrics.scorecard import SCORECARD_METRICS, status_spread

    card = pd.DataFrame({"too_small": [False, False, True],
                         **{f"{m}_status": [ACT, None, ACT] for m in SCORECARD_METRICS}})
    card["ikm_status"] = [WATCH, ON_TRACK, ACT]
    out = status_spread(card).set_index(["metric_id", "status"])["jumlah"]
    assert len(out) == 3 * len(SCORECARD_METRICS)
    assert (out["compliance", ACT], out["compliance", ON_TRACK], out["compliance", WATCH]) == (1, 0, 0)
    assert (out["ikm", WATCH], out["ikm", ON_TRACK], out["ikm", ACT]) == (1, 1, 0)  # the small group's ACT not counted
