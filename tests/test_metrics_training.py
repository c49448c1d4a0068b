"""JP per employee, the 20-JP coverage and pace, and leadership-training gaps, checked at their thresholds."""
from __future__ import annotations

import ast
import math
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocab import codes
from metrics import training
from metrics.training import (
    jp_per_employee,
    leadership_gaps,
    training_coverage,
)
from metrics.pipeline import training as pipeline

YEAR = 2026


# --- factories --------------------------------------------------------------------------------------
def roster(*rows) -> pd.DataFrame:
    """rows: (employee_id, agency_id, status[, jabatan_type]); unit = agency × 10."""
    records = []
    for row in rows:
        employee_id, agency_id, status, *rest = row
        records.append({"employee_id": employee_id, "agency_id": agency_id, "unit_id": agency_id * 10,
                        "status": status, "jabatan_type": rest[0] if rest else "Pelaksana",
                        "jabatan_name": "Jabatan"})
    return pd.DataFrame(records, columns=["employee_id", "agency_id", "unit_id", "status", "jabatan_type",
                                          "jabatan_name"])


def trainings(*rows) -> pd.DataFrame:
    """rows: dicts with employee_id and any of route, category, start_date, jp, minutes."""
    defaults = {"route": "klasikal", "category": None, "start_date": date(YEAR, 3, 1), "jp": np.nan,
                "minutes": pd.NA}
    frame = pd.DataFrame([{**defaults, **row} for row in rows],
                         columns=["employee_id", "route", "category", "start_date", "jp", "minutes"])
    frame["jp"] = frame["jp"].astype("float64")
    frame["minutes"] = frame["minutes"].astype("Int64")
    return frame


def jp_of(frame: pd.DataFrame, employee_id) -> float:
    return float(frame.loc[frame["employee_id"] == employee_id, "jp_total"].iloc[0])


# --- jp_per_employee --------------------------------------------------------------------------------
def test_every_roster_employee_has_a_row_zeros_included():
    r = roster((1, 1, "PNS"), (2, 1, "PPPK"), (3, 2, "PPPK Paruh Waktu"))
    out = jp_per_employee(r, trainings({"employee_id": 1, "jp": 8.0}), YEAR)
    assert out["employee_id"].tolist() == [1, 2, 3]
    assert out["jp_total"].tolist() == [8.0, 0.0, 0.0]
    assert out["activities"].tolist() == [1, 0, 0]
    assert list(out.columns) == [*r.columns, *training.JP_COLUMNS]


def test_routes_split_and_total_counts_all():
    r = roster((1, 1, "PNS"))
    t = trainings({"employee_id": 1, "route": "klasikal", "jp": 3.0},
                  {"employee_id": 1, "route": "nonklasikal", "jp": 5.0},
                  {"employee_id": 1, "route": " Pendidikan ", "jp": 7.0})
    row = jp_per_employee(r, t, YEAR).iloc[0]
    assert (row["jp_klasikal"], row["jp_nonklasikal"], row["jp_pendidikan"]) == (3.0, 5.0, 7.0)
    assert row["jp_total"] == 15.0 and row["activities"] == 3


@pytest.mark.parametrize("minutes, jp_minutes, expected", [
    (900, 45, 20.0),
    (900, 60, 15.0),
    (45, 45, 1.0),
    (30, 60, 0.5),
])
def test_minutes_convert_at_the_setting(minutes, jp_minutes, expected):
    out = jp_per_employee(roster((1, 1, "PNS")), trainings({"employee_id": 1, "minutes": minutes}), YEAR,
                          jp_minutes=jp_minutes)
    assert jp_of(out, 1) == expected


def test_jp_wins_over_minutes_and_missing_both_is_an_activity_of_zero_jp():
    r = roster((1, 1, "PNS"), (2, 1, "PNS"))
    t = trainings({"employee_id": 1, "jp": 4.0, "minutes": 900}, {"employee_id": 2})
    out = jp_per_employee(r, t, YEAR)
    assert jp_of(out, 1) == 4.0
    assert jp_of(out, 2) == 0.0 and out["activities"].tolist() == [1, 1]


def test_fifteen_sessions_of_60_minutes_make_exactly_20_jp():
    # 60 / 45 = 1.333…; fifteen of them summed as plain floats are 19.999999999999996.
    assert sum([60 / 45] * 15) < 20
    r = roster((1, 1, "PNS"))
    t = trainings(*({"employee_id": 1, "minutes": 60, "start_date": date(YEAR, 1, d)} for d in range(1, 16)))
    out = jp_per_employee(r, t, YEAR)
    assert jp_of(out, 1) == 20.0
    assert training_coverage(out)["share_meeting_target"].iloc[0] == 1.0


@pytest.mark.parametrize("start, counted", [
    (date(YEAR - 1, 12, 31), False),
    (date(YEAR, 1, 1), True),
    (date(YEAR, 12, 31), True),
    (date(YEAR + 1, 1, 1), False),
    (None, False),
])
def test_only_trainings_starting_in_the_year_count(start, counted):
    t = trainings({"employee_id": 1, "jp": 6.0, "start_date": start})
    out = jp_per_employee(roster((1, 1, "PNS")), t, YEAR)
    assert jp_of(out, 1) == (6.0 if counted else 0.0)
    assert out["activities"].iloc[0] == int(counted)


def test_start_dates_as_timestamps_work_too():
    t = trainings({"employee_id": 1, "jp": 6.0})
    t["start_date"] = pd.to_datetime(t["start_date"])
    assert jp_of(jp_per_employee(roster((1, 1, "PNS")), t, YEAR), 1) == 6.0


def test_trainings_of_employees_off_the_roster_are_ignored():
    out = jp_per_employee(roster((1, 1, "PNS")), trainings({"employee_id": 99, "jp": 40.0}), YEAR)
    assert out["employee_id"].tolist() == [1] and jp_of(out, 1) == 0.0


def test_repeated_roster_ids_are_refused():
    with pytest.raises(ValueError):
        jp_per_employee(roster((1, 1, "PNS"), (1, 2, "PNS")), trainings(), YEAR)


# --- training_coverage ------------------------------------------------------------------------------
def test_exactly_20_jp_meets_and_19_99_does_not():
    r = roster((1, 1, "PNS"), (2, 1, "PNS"), (3, 1, "PPPK"), (4, 1, "PPPK"))
    t = trainings({"employee_id": 1, "jp": 20.0}, {"employee_id": 2, "jp": 19.99},
                  {"employee_id": 3, "jp": 10.0}, {"employee_id": 3, "jp": 10.0, "route": "nonklasikal"},
                  {"employee_id": 4, "jp": 25.0})
    out = training_coverage(jp_per_employee(r, t, YEAR)).iloc[0]
    assert out["employees"] == 4 and out["meeting_target"] == 3
    assert out["share_meeting_target"] == 0.75


def test_each_status_against_its_own_target():
    r = roster((1, 1, "PNS"), (2, 1, "PPPK"), (3, 1, "PPPK Paruh Waktu"))
    t = trainings(*({"employee_id": e, "jp": 10.0} for e in (1, 2, 3)))
    targets = {"PNS": 20, "PPPK": 10, "PPPK Paruh Waktu": 10.01}
    out = training_coverage(jp_per_employee(r, t, YEAR), targets, by=("status",))
    assert dict(zip(out["status"], out["meeting_target"])) == {"PNS": 0, "PPPK": 1, "PPPK Paruh Waktu": 0}


def test_default_targets_are_20_for_every_status():
    assert training.DEFAULT_TARGETS == {s: 20.0 for s in codes.EMPLOYEE_STATUSES}


def test_status_without_target_leaves_the_denominator_and_unknown_status_is_refused():
    r = roster((1, 1, "PNS"), (2, 1, "PPPK"))
    jp = jp_per_employee(r, trainings({"employee_id": 1, "jp": 20.0}), YEAR)
    out = training_coverage(jp, {"PNS": 20}).iloc[0]
    assert (out["employees"], out["employees_with_target"], out["share_meeting_target"]) == (2, 1, 1.0)
    assert math.isnan(training_coverage(jp, {"PPPK Paruh Waktu": 20})["share_meeting_target"].iloc[0])
    with pytest.raises(ValueError):
        training_coverage(jp, {"CPNS": 20})


def test_share_zero_median_mean_and_klasikal_share():
    r = roster((1, 1, "PNS"), (2, 1, "PNS"), (3, 1, "PNS"), (4, 1, "PNS"))
    t = trainings({"employee_id": 1, "jp": 30.0, "route": "klasikal"},
                  {"employee_id": 2, "jp": 10.0, "route": "nonklasikal"},
                  {"employee_id": 3})  # an activity without JP is development, not "zero"
    out = training_coverage(jp_per_employee(r, t, YEAR)).iloc[0]
    assert out["share_zero"] == 0.25
    assert out["median_jp"] == 5.0 and out["mean_jp"] == 10.0
    assert out["share_klasikal_jp"] == 0.75


def test_no_jp_at_all_gives_nan_klasikal_share_not_zero():
    out = training_coverage(jp_per_employee(roster((1, 1, "PNS")), trainings(), YEAR)).iloc[0]
    assert math.isnan(out["share_klasikal_jp"])
    assert out["share_zero"] == 1.0 and out["share_meeting_target"] == 0.0


def test_groups_and_overall_row():
    r = roster((1, 1, "PNS", "Pengawas"), (2, 2, "PNS", None), (3, 2, "PNS", None))
    jp = jp_per_employee(r, trainings({"employee_id": 2, "jp": 20.0}), YEAR)
    by_agency = training_coverage(jp)
    assert by_agency["agency_id"].tolist() == [1, 2]
    assert by_agency["share_meeting_target"].tolist() == [0.0, 0.5]
    overall = training_coverage(jp, by=())
    assert len(overall) == 1 and overall["employees"].iloc[0] == 3
    by_type = training_coverage(jp, by=("jabatan_type",))
    assert by_type["employees"].sum() == 3  # a missing jabatan_type is its own group, not dropped


# --- pace (metrics.pipeline.training) ------------------------------------------------------------------
def _view(year: int, as_of: date, start: date | None = None, end: date | None = None, target=20):
    from types import SimpleNamespace
    return SimpleNamespace(settings={"jp_target": {"PNS": target, "PPPK": target}, "jp_minutes": 45},
                           start=start or date(year, 1, 1), end=end or date(year, 12, 31), as_of=as_of)


def test_pace_is_pro_rata_by_day_of_year():
    # 14 March 2026 is day 73 of 365: the pace target is 20 × 73 / 365 = 4 JP.
    r = roster((1, 1, "PNS"), (2, 1, "PNS"), (3, 1, "PNS"))
    t = trainings({"employee_id": 1, "jp": 4.0}, {"employee_id": 2, "jp": 3.99})
    span = pipeline.span(_view(YEAR, date(2026, 3, 14)))
    assert span.pace_targets["PNS"] == pytest.approx(4.0) and span.targets["PNS"] == 20
    out = pipeline.summary(jp_per_employee(r, t, YEAR), span.pace_targets)
    assert (out["meeting_target"], out["share_meeting_target"]) == (1, 1 / 3)


def test_no_pace_once_the_span_is_over_and_a_quarter_reads_its_days():
    assert pipeline.span(_view(2028, date(2028, 12, 31))).pace_targets is None
    quarter = pipeline.span(_view(YEAR, date(2027, 1, 4), date(2026, 7, 1), date(2026, 9, 30)))
    assert quarter.pace_targets is None and quarter.fraction == 92 / 365
    assert quarter.targets["PNS"] == pytest.approx(20 * 92 / 365)


def test_pace_on_new_years_day_needs_1_of_365th():
    r = roster((1, 1, "PNS"))
    span = pipeline.span(_view(YEAR, date(2026, 1, 1)))
    assert span.pace_targets["PNS"] == pytest.approx(20 / 365)
    assert pipeline.summary(jp_per_employee(r, trainings(), YEAR), span.pace_targets)["meeting_target"] == 0


# --- leadership_gaps ---------------------------------------------------------------------------------
def test_pengawas_without_pkp_listed_with_pkp_not():
    r = roster((1, 1, "PNS", "Pengawas"), (2, 1, "PNS", "Pengawas"))
    out = leadership_gaps(r, trainings({"employee_id": 2, "category": "PKP"}))
    assert out["employee_id"].tolist() == [1]
    assert out.iloc[0]["required_training"] == "PKP"
    assert list(out.columns) == ["employee_id", "agency_id", "unit_id", "jabatan_type", "required_training"]


@pytest.mark.parametrize("jabatan_type, held, listed", [
    ("JPT", "PKN II", False),
    ("JPT", "PKN I", False),
    ("JPT", "PKA", True),
    ("JPT", None, True),
    ("Administrator", "PKA", False),
    ("Administrator", "PKP", True),
    ("Pengawas", "pkp", False),  # spelling of the category does not matter
    ("Pengawas", "Latsar", True),
    ("Fungsional", None, False),
    ("Pelaksana", None, False),
    (None, None, False),
])
def test_each_level_needs_its_own_training(jabatan_type, held, listed):
    r = roster((1, 1, "PNS", jabatan_type))
    t = trainings({"employee_id": 1, "category": held}) if held else trainings()
    assert (len(leadership_gaps(r, t)) == 1) is listed


def test_a_leadership_training_of_any_year_counts():
    r = roster((1, 1, "PNS", "Administrator"))
    t = trainings({"employee_id": 1, "category": "PKA", "start_date": date(2009, 5, 4)})
    assert leadership_gaps(r, t).empty


def test_jpt_requirement_names_both_trainings():
    out = leadership_gaps(roster((1, 1, "PNS", "JPT")), trainings())
    assert out["required_training"].tolist() == ["PKN II atau PKN I"]


def test_required_trainings_are_known_leadership_trainings():
    required = {t for accepted in training.LEADERSHIP_REQUIREMENTS.values() for t in accepted}
    assert required <= set(codes.LEADERSHIP_TRAININGS)
    assert set(training.LEADERSHIP_REQUIREMENTS) <= set(codes.JABATAN_TYPES)
    assert set(training.ROUTE_COLUMNS) == set(codes.TRAINING_ROUTES)


# --- properties -------------------------------------------------------------------------------------
@st.composite
def rosters_and_trainings(draw):
    n = draw(st.integers(1, 12))
    r = pd.DataFrame({
        "employee_id": np.arange(1, n + 1),
        "agency_id": draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)),
        "unit_id": draw(st.lists(st.integers(1, 2), min_size=n, max_size=n)),
        "status": draw(st.lists(st.sampled_from(codes.EMPLOYEE_STATUSES), min_size=n, max_size=n)),
        "jabatan_type": draw(st.lists(st.sampled_from([*codes.JABATAN_TYPES, None]), min_size=n, max_size=n)),
        "jabatan_name": "x",
    })
    row = st.fixed_dictionaries({
        "employee_id": st.integers(1, n + 2),  # a few off the roster
        "route": st.sampled_from(codes.TRAINING_ROUTES),
        "category": st.sampled_from([*codes.LEADERSHIP_TRAININGS, None]),
        "start_date": st.dates(date(YEAR - 1, 12, 1), date(YEAR + 1, 1, 31)),
        "jp": st.one_of(st.none(), st.floats(0, 60, allow_nan=False)),
        "minutes": st.one_of(st.none(), st.integers(0, 3000)),
    })
    t = trainings(*[{**x, "jp": np.nan if x["jp"] is None else x["jp"],
                     "minutes": pd.NA if x["minutes"] is None else x["minutes"]}
                    for x in draw(st.lists(row, max_size=25))])
    return r, t, draw(st.integers(0, 2**32 - 1))


def _shuffled(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Rows in another order, keeping their index labels (so the index is no longer 0…n−1)."""
    return frame.iloc[np.random.default_rng(seed).permutation(len(frame))]


@settings(max_examples=60, deadline=None)
@given(rosters_and_trainings())
def test_properties_shares_counts_and_row_order(case):
    r, t, seed = case
    jp = jp_per_employee(r, t, YEAR)
    assert len(jp) == len(r)
    assert (jp[list(training.JP_COLUMNS)] >= 0).all().all()
    routes = jp[list(training.ROUTE_COLUMNS.values())].sum(axis=1)
    assert np.allclose(routes, jp["jp_total"])
    coverage = training_coverage(jp, by=("agency_id", "unit_id"))
    pace = training.scaled_targets(training.DEFAULT_TARGETS, training.span_fraction(date(YEAR, 1, 1), date(YEAR, 6, 30)))
    pacing = training_coverage(jp, pace, by=("agency_id",))
    gaps = leadership_gaps(r, t)
    for frame, shares in ((coverage, ["share_meeting_target", "share_zero", "share_klasikal_jp"]),
                          (pacing, ["share_meeting_target"])):
        values = frame[shares].to_numpy(dtype="float64")
        assert ((values[~np.isnan(values)] >= 0) & (values[~np.isnan(values)] <= 1)).all()
    counts = coverage[["employees", "employees_with_target", "meeting_target"]]
    assert (counts >= 0).all().all() and coverage["employees"].sum() == len(r)
    assert (coverage["meeting_target"] <= coverage["employees_with_target"]).all()
    assert set(gaps["employee_id"]) <= set(r["employee_id"])

    r2, t2 = _shuffled(r, seed), _shuffled(t, seed + 1)
    jp2 = jp_per_employee(r2, t2, YEAR)
    pd.testing.assert_frame_equal(jp, jp2, check_exact=False, rtol=1e-12)
    pd.testing.assert_frame_equal(coverage, training_coverage(jp2, by=("agency_id", "unit_id")),
                                  check_exact=False, rtol=1e-12)
    pd.testing.assert_frame_equal(pacing, training_coverage(jp2, pace, by=("agency_id",)), check_exact=False, rtol=1e-12)
    pd.testing.assert_frame_equal(gaps, leadership_gaps(r2, t2))


# --- span_fraction, scaled_targets, highest_jp, jp_histogram -----------------------------------------
def test_span_fraction_of_a_quarter_a_whole_year_and_an_empty_span():
    assert training.span_fraction(date(2026, 7, 1), date(2026, 9, 30)) == 92 / 365
    assert training.span_fraction(date(2026, 1, 1), date(2026, 12, 31)) == 1.0
    assert training.span_fraction(date(2024, 1, 1), date(2024, 12, 31)) == 1.0  # leap year
    assert training.span_fraction(date(2026, 7, 1), date(2026, 6, 30)) == 0.0
    with pytest.raises(ValueError):
        training.span_fraction(date(2026, 7, 1), date(2027, 1, 1))


def test_span_from_new_year_is_the_day_of_the_year():
    for day, share in ((date(2026, 1, 1), 1 / 365), (date(2026, 3, 14), 73 / 365), (date(2024, 12, 31), 1.0)):
        assert training.span_fraction(date(day.year, 1, 1), day) == share


def test_scaled_targets_read_the_yearly_target_pro_rata():
    assert training.scaled_targets({"PNS": 20.0, "PPPK": 10.0}, 0.25) == {"PNS": 5.0, "PPPK": 2.5}
    assert training.scaled_targets(training.DEFAULT_TARGETS, 1.0) == training.DEFAULT_TARGETS
    with pytest.raises(ValueError):
        training.scaled_targets({"PNS": 20.0}, 1.5)
    with pytest.raises(ValueError):
        training.scaled_targets({"Honorer": 20.0}, 0.5)


def test_highest_jp_per_group():
    r = roster((1, 1, "PNS"), (2, 1, "PNS"), (3, 2, "PNS"))
    jp = jp_per_employee(r, trainings({"employee_id": 1, "jp": 4.0}, {"employee_id": 2, "jp": 12.0}), YEAR)
    out = training.highest_jp(jp, by=("agency_id",))
    assert out.set_index("agency_id")["max_jp"].to_dict() == {1: 12.0, 2: 0.0}


def test_histogram_bands_split_zero_below_and_meeting():
    r = roster(*[(i, 1, "PNS") for i in range(1, 7)])
    t = trainings({"employee_id": 2, "jp": 0.0},  # an activity of 0 JP is not "tanpa pengembangan"
                  {"employee_id": 3, "jp": 4.9}, {"employee_id": 4, "jp": 20.0},
                  {"employee_id": 5, "jp": 39.9}, {"employee_id": 6, "jp": 300.0})
    hist = training.jp_histogram(jp_per_employee(r, t, YEAR), training.DEFAULT_TARGETS, width=5, cap=40)
    rows = list(hist[["bin_start", "category", "employees", "open_ended"]].itertuples(index=False, name=None))
    assert rows == [(0.0, "tanpa pengembangan", 1, False), (0.0, "di bawah target", 2, False),
                    (20.0, "memenuhi target", 1, False), (35.0, "memenuhi target", 1, False),
                    (40.0, "memenuhi target", 1, True)]
    assert hist["employees"].sum() == 6
