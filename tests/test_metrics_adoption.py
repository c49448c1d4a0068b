"""e-Kinerja adoption indicators: compliance, lifecycle, Rogers categories, SKP coverage, resistance, nudges."""
from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocab import indicators
from vocab import codes
from metrics import adoption
from metrics.adoption import (
    adoption_summary,
    lifecycle,
    lifecycle_counts,
    nudge_list,
    resistance_index,
    rogers_categories,
    rogers_counts,
    skp_approval_coverage,
)

EPOCH = date(1970, 1, 1)
MONTHS5 = [202601, 202602, 202603, 202604, 202605]
WORKDAYS = pd.Series({202511: 20, 202512: 19, 202601: 20, 202602: 19, 202603: 21, 202604: 20, 202605: 18})
DM_COLUMNS = ["employee_id", "month", "agency_id", "unit_id", "days_entered", "days_draft", "days_active",
              "days_approved", "days_on_time", "days_within_7", "approval_minutes_sum", "first_active_day", "last_active_day"]


# --- factories --------------------------------------------------------------------------------------
def roster(*rows) -> pd.DataFrame:
    """rows: (employee_id, agency_id[, unit_id]); everyone PNS Pelaksana."""
    records = [{"employee_id": e, "agency_id": a, "unit_id": rest[0] if rest else a * 10, "status": "PNS",
                "jabatan_type": "Pelaksana", "jabatan_name": "Pelaksana"} for e, a, *rest in rows]
    return pd.DataFrame(records, columns=["employee_id", "agency_id", "unit_id", "status", "jabatan_type",
                                          "jabatan_name"])


def day_number(month: int, day: int = 1) -> int:
    return (date(month // 100, month % 100, day) - EPOCH).days


def month_row(employee_id, month, active=1, *, on_time=None, within_7=None, approved=0, approval_minutes=0,
              first_day=1, entered=None, draft=0, agency_id=0, unit_id=0) -> dict:
    """One DailyMonth row; active days start on `first_day` of the month."""
    return {
        "employee_id": employee_id, "month": month, "agency_id": agency_id, "unit_id": unit_id,
        "days_entered": active + draft if entered is None else entered, "days_draft": draft,
        "days_active": active,
        "days_approved": approved,
        "days_on_time": active if on_time is None else on_time,
        "days_within_7": active if within_7 is None else within_7,
        "approval_minutes_sum": approval_minutes,
        "first_active_day": day_number(month, first_day) if active else pd.NA,
        "last_active_day": day_number(month, first_day) + active - 1 if active else pd.NA,
    }


def daily_month(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=DM_COLUMNS)
    for column in ("first_active_day", "last_active_day"):
        frame[column] = frame[column].astype("Int64")
    return frame


def from_pattern(employee_id, pattern: str, months=MONTHS5) -> list[dict]:
    """'x.x' → active in the 1st and 3rd month; '-' → a month with only drafts (0 active days)."""
    rows = []
    for mark, month in zip(pattern, months):
        if mark == "x":
            rows.append(month_row(employee_id, month, 3))
        elif mark == "-":
            rows.append(month_row(employee_id, month, 0, draft=4))
    return rows


def skp_frame(*rows) -> pd.DataFrame:
    """rows: (employee_id, status, is_acting, period_start, period_end)."""
    return pd.DataFrame(list(rows), columns=["employee_id", "status", "is_acting", "period_start", "period_end"])


def one(frame: pd.DataFrame, **keys) -> pd.Series:
    mask = np.ones(len(frame), dtype=bool)
    for key, value in keys.items():
        mask &= (frame[key] == value).to_numpy()
    assert mask.sum() == 1, frame
    return frame.loc[mask].iloc[0]


# --- definitions ------------------------------------------------------------------------------------
def test_every_output_indicator_is_defined_once_in_indonesian():
    for name in ("expected", "active", "active_share", "compliance", "timeliness_same_day", "timeliness_7d",
                 "approval_delay_hours", "rogers_category", "skp_approval_coverage", "resistance_index",
                 *indicators.LIFECYCLE_STATES, *adoption.RESISTANCE_PARTS):
        indicator = indicators.ADOPTION[name]
        assert indicator.label and indicator.definition.endswith(".")


def test_rogers_cut_points_are_data_in_order():
    cuts = [cut for _, cut in adoption.ROGERS_CUTS]
    assert cuts == sorted(cuts) and cuts[-1] == 1
    assert [float(c) for c in cuts] == [0.025, 0.16, 0.5, 0.84, 1.0]


def test_daily_status_codes_active_means_submitted_or_approved():
    active = {name for name, code in codes.DAILY_STATUS_CODES.items() if code >= codes.DAILY_ACTIVE_MIN_CODE}
    assert active == {"Submitted", "Approved"}  # what days_active counts, and what "active" means here


# --- adoption_summary -------------------------------------------------------------------------------
def test_compliance_with_a_known_workdays_series():
    r = roster((1, 1), (2, 1), (3, 2))
    dm = daily_month(month_row(1, 202601, 20), month_row(1, 202602, 10), month_row(2, 202602, 9),
                     month_row(3, 202603, 21))  # March is outside the chosen months
    out = adoption_summary(r, dm, WORKDAYS, [202601, 202602])
    a1, a2 = one(out, agency_id=1), one(out, agency_id=2)
    assert a1["working_days"] == 39  # 20 + 19
    assert (a1["expected"], a1["active"], a1["active_share"]) == (2, 2, 1.0)
    assert a1["compliance"] == (20 + 10 + 9) / (2 * 39)
    assert (a2["expected"], a2["active"], a2["active_share"], a2["compliance"]) == (1, 0, 0.0, 0.0)


def test_entries_beyond_the_working_days_do_not_lift_compliance_above_one():
    out = adoption_summary(roster((1, 1)), daily_month(month_row(1, 202605, 22)), WORKDAYS, [202605]).iloc[0]
    assert out["compliance"] == 1.0 and out["days_active"] == 22


def test_timeliness_and_approval_delay():
    dm = daily_month(month_row(1, 202601, 10, on_time=4, within_7=9, approved=5, approval_minutes=5 * 90),
                     month_row(2, 202601, 10, on_time=6, within_7=10, approved=3, approval_minutes=3 * 30))
    out = adoption_summary(roster((1, 1), (2, 1)), dm, WORKDAYS, [202601]).iloc[0]
    assert out["timeliness_same_day"] == 10 / 20
    assert out["timeliness_7d"] == 19 / 20
    assert out["approval_delay_hours"] == (5 * 90 + 3 * 30) / 8 / 60


def test_empty_denominators_give_nan_not_zero():
    dm = daily_month(month_row(1, 202601, 0, draft=5))  # drafts only
    out = adoption_summary(roster((1, 1)), dm, WORKDAYS, [202601]).iloc[0]
    assert out["active"] == 0 and out["active_share"] == 0.0
    assert math.isnan(out["timeliness_same_day"]) and math.isnan(out["timeliness_7d"])
    assert math.isnan(out["approval_delay_hours"])
    no_workdays = adoption_summary(roster((1, 1)), dm, pd.Series({202601: 0}), [202601]).iloc[0]
    assert math.isnan(no_workdays["compliance"])
    no_months = adoption_summary(roster((1, 1)), dm, WORKDAYS, []).iloc[0]
    assert no_months["working_days"] == 0 and math.isnan(no_months["compliance"])


def test_groups_come_from_the_roster_and_strangers_are_ignored():
    # The summary row says agency 7 (where the employee was); the roster says agency 1 now.
    dm = daily_month(month_row(1, 202601, 5, agency_id=7), month_row(99, 202601, 20, agency_id=1))
    out = adoption_summary(roster((1, 1)), dm, WORKDAYS, [202601])
    assert out["agency_id"].tolist() == [1]
    assert out.iloc[0]["days_active"] == 5


def test_unknown_working_days_are_an_error():
    with pytest.raises(ValueError, match="202607"):
        adoption_summary(roster((1, 1)), daily_month(), WORKDAYS, [202606, 202607])
    with pytest.raises(ValueError):
        adoption_summary(roster((1, 1)), daily_month(), WORKDAYS, [202613])


def test_overall_row_with_empty_by():
    out = adoption_summary(roster((1, 1), (2, 2)), daily_month(month_row(1, 202601, 20)), WORKDAYS, [202601],
                           by=())
    assert len(out) == 1 and out.iloc[0]["expected"] == 2 and out.iloc[0]["active_share"] == 0.5


# --- lifecycle ----------------------------------------------------------------------------------------
B, K, G, D, N = "baru", "kembali", "bangkit", "dorman", "belum pernah"


@pytest.mark.parametrize("pattern, states", [
    ("xxxxx", [B, K, K, K, K]),
    ("xx.x.", [B, K, D, G, D]),
    (".x..x", [N, B, D, D, G]),
    (".....", [N, N, N, N, N]),
    ("-x-x-", [N, B, D, G, D]),  # draft-only months are not active
    ("....x", [N, N, N, N, B]),
])
def test_lifecycle_sequences_over_five_months(pattern, states):
    out = lifecycle(daily_month(*from_pattern(1, pattern)), roster((1, 1)), MONTHS5)
    assert out["month"].tolist() == MONTHS5
    assert out["state"].tolist() == states


def test_history_before_the_window_counts_and_last_month_crosses_the_year():
    # Active in November and December 2025; the window starts in January 2026.
    rows = [month_row(1, 202511, 3), month_row(1, 202512, 3), month_row(1, 202601, 3),
            month_row(2, 202511, 3), month_row(2, 202602, 3)]
    out = lifecycle(daily_month(*rows), roster((1, 1), (2, 1)), [202601, 202602])
    assert out.loc[out["employee_id"] == 1, "state"].tolist() == [K, D]
    assert out.loc[out["employee_id"] == 2, "state"].tolist() == [D, G]


def test_last_month_is_the_calendar_month_even_when_not_chosen():
    rows = from_pattern(1, "xx..x")
    out = lifecycle(daily_month(*rows), roster((1, 1)), [202602, 202605])
    assert out["state"].tolist() == [K, G]


SEVEN = [202511, 202512, 202601, 202602, 202603, 202604, 202605]


@settings(max_examples=60, deadline=None)
@given(patterns=st.lists(st.text(alphabet="x.-", min_size=7, max_size=7), min_size=1, max_size=6),
       chosen=st.sets(st.sampled_from(SEVEN), min_size=1))
def test_lifecycle_states_follow_their_definitions(patterns, chosen):
    # Any history over seven months (crossing a year), any chosen months: each state as domain.md
    # defines it, computed here the slow way, month by month.
    rows = [r for e, p in enumerate(patterns, start=1) for r in from_pattern(e, p, SEVEN)]
    out = lifecycle(daily_month(*rows), roster(*((e, 1) for e in range(len(patterns), 0, -1))), sorted(chosen))
    expected = []
    for pattern in patterns:
        for month in sorted(chosen):
            i = SEVEN.index(month)
            now, last, before = pattern[i] == "x", i > 0 and pattern[i - 1] == "x", "x" in pattern[:i]
            expected.append(B if now and not before else K if now and last else G if now else D if before else N)
    assert out["employee_id"].tolist() == [e for e in range(1, len(patterns) + 1) for _ in chosen]
    assert out["state"].tolist() == expected


def test_lifecycle_counts_include_zeros_and_shares_sum_to_one():
    dm = daily_month(*from_pattern(1, "xx.x."), *from_pattern(2, ".x..x"))
    states = lifecycle(dm, roster((1, 1), (2, 1), (3, 2)), MONTHS5)
    counts = lifecycle_counts(states)
    assert len(counts) == 2 * 5 * 5  # agencies × months × states
    assert counts.loc[counts["agency_id"] == 1, "state"].tolist()[:5] == list(indicators.LIFECYCLE_STATES)
    march = counts[(counts["agency_id"] == 1) & (counts["month"] == 202603)]
    assert dict(zip(march["state"], march["employees"])) == {B: 0, K: 0, G: 0, D: 2, N: 0}
    sums = counts.groupby(["agency_id", "month"])["share"].sum()
    assert np.allclose(sums, 1.0)


# --- Rogers ---------------------------------------------------------------------------------------
def _rogers_case(n_expected: int, first_days: dict[int, int]) -> pd.DataFrame:
    """first_days: employee_id → day of month (January 2026) of their first active entry."""
    r = roster(*((e, 1) for e in range(1, n_expected + 1)))
    dm = daily_month(*(month_row(e, 202601, 1, first_day=d) for e, d in first_days.items()))
    return rogers_categories(r, dm)


def _category(out: pd.DataFrame, employee_id: int) -> str:
    return one(out, employee_id=employee_id)["category"]


FORTY_BY_RANK = {1: "Inovator", 2: "Pengadopsi Awal", 6: "Pengadopsi Awal", 7: "Mayoritas Awal",
                 20: "Mayoritas Awal", 21: "Mayoritas Akhir", 33: "Mayoritas Akhir", 34: "Lamban",
                 40: "Lamban"}


@pytest.mark.parametrize("rank, category", sorted(FORTY_BY_RANK.items()))
def test_rogers_cut_points_with_40_expected(rank, category):
    # Employee e first reports on day e from 1 January 2026 (January, then February), so rank = e.
    first_days = {e: (202601, e) if e <= 31 else (202602, e - 31) for e in range(1, 41)}
    dm = daily_month(*(month_row(e, month, 1, first_day=day) for e, (month, day) in first_days.items()))
    out = rogers_categories(roster(*((e, 1) for e in range(1, 41))), dm)
    row = one(out, employee_id=rank)
    assert row["rank"] == rank and row["expected"] == 40
    assert row["cumulative_share"] == rank / 40
    assert row["category"] == category


def test_two_and_a_half_percent_is_exact_with_200_expected():
    out = _rogers_case(200, {e: e for e in range(1, 7)})  # 5/200 = 2,5% exactly
    assert [_category(out, e) for e in range(1, 7)] == ["Inovator"] * 5 + ["Pengadopsi Awal"]


def test_ties_share_the_highest_rank_and_one_category():
    # 40 expected; employees 1 and 2 start the same day: both rank 2 → Pengadopsi Awal, none Inovator.
    first = {1: 1, 2: 1, **{e: e for e in range(3, 20)}, 20: 20, 21: 20}
    out = _rogers_case(40, first)
    assert one(out, employee_id=1)["rank"] == one(out, employee_id=2)["rank"] == 2
    assert _category(out, 1) == _category(out, 2) == "Pengadopsi Awal"
    assert (out["category"] == "Inovator").sum() == 0
    # Employees 20 and 21 tie across the 50% cut: both rank 21 → Mayoritas Akhir (alone, 20 is Awal).
    assert one(out, employee_id=20)["rank"] == 21
    assert _category(out, 20) == _category(out, 21) == "Mayoritas Akhir"
    assert _category(out, 19) == "Mayoritas Awal"


def test_never_active_are_belum_mengadopsi_and_still_count_in_the_denominator():
    out = _rogers_case(40, {e: e for e in range(1, 31)})  # 10 never report
    assert _category(out, 30) == "Mayoritas Akhir"  # 30/40 = 75%, not the last of the adopters
    never = out[out["employee_id"] > 30]
    assert (never["category"] == "Belum Mengadopsi").all()
    assert never["rank"].isna().all() and never["cumulative_share"].isna().all()
    assert not (out["category"] == "Lamban").any()


def test_first_active_day_is_the_earliest_over_months_and_ignores_draft_months():
    dm = daily_month(month_row(1, 202602, 2, first_day=3), month_row(1, 202601, 1, first_day=20),
                     month_row(2, 202512, 0, draft=3), month_row(2, 202601, 1, first_day=25))
    out = rogers_categories(roster((1, 1), (2, 1)), dm)
    assert one(out, employee_id=1)["first_active_day"] == day_number(202601, 20)
    assert one(out, employee_id=1)["first_active_date"] == pd.Timestamp(2026, 1, 20)
    assert one(out, employee_id=2)["rank"] == 2


def test_rogers_ranks_within_groups_and_counts_every_category():
    r = roster((1, 1), (2, 1), (3, 2), (4, 2))
    dm = daily_month(month_row(1, 202601, 1, first_day=5), month_row(3, 202601, 1, first_day=9))
    out = rogers_categories(r, dm, by=("agency_id",))
    assert one(out, employee_id=3)["rank"] == 1 and one(out, employee_id=3)["expected"] == 2
    counts = rogers_counts(out, by=("agency_id",))
    assert len(counts) == 2 * len(adoption.ROGERS_CATEGORIES)
    assert counts.groupby("agency_id")["employees"].sum().tolist() == [2, 2]


# --- SKP coverage ---------------------------------------------------------------------------------
def test_current_skp_is_the_latest_non_acting_one():
    r = roster((1, 1), (2, 1), (3, 1), (4, 1))
    skp = skp_frame(
        (1, "persetujuan", False, date(2026, 1, 1), date(2026, 6, 30)),
        (1, "draft", False, date(2026, 7, 1), date(2026, 12, 31)),  # transferred: the new SKP is not approved
        (2, "Persetujuan", False, date(2026, 1, 1), date(2026, 12, 31)),
        (2, "draft", True, date(2026, 3, 1), date(2027, 3, 1)),  # acting rows never count
        (3, "persetujuan", True, date(2026, 1, 1), date(2026, 12, 31)),
    )
    out = skp_approval_coverage(r, skp).iloc[0]
    assert (out["expected"], out["with_skp"], out["skp_approved"]) == (4, 2, 1)
    assert out["skp_approval_coverage"] == 0.25


# --- resistance -------------------------------------------------------------------------------------
def test_resistance_parts_each_with_its_n():
    r = roster((1, 1, 11), (2, 1, 11), (3, 1, 11), (4, 1, 11), (5, 2, 21))
    dm = daily_month(*from_pattern(1, "xxxxx"), *from_pattern(2, "xx..."), *from_pattern(3, "..x.."))
    skp = skp_frame((1, "persetujuan", False, date(2026, 1, 1), date(2026, 12, 31)),
                    (5, "persetujuan", False, date(2026, 1, 1), date(2026, 12, 31)))
    out = resistance_index(r, dm, WORKDAYS, skp, MONTHS5)
    u = one(out, unit_id=11)
    assert (u["never_active_share"], u["never_active_n"]) == (0.25, 4)
    assert (u["lapsed_share"], u["lapsed_n"]) == (2 / 3, 3)  # 1, 2, 3 reported before May; 2 and 3 stopped
    assert u["noncompliance"] == 1 - (15 + 6 + 3) / (4 * 98)  # 98 working days January–May
    summary = one(adoption_summary(r, dm, WORKDAYS, MONTHS5, by=("agency_id", "unit_id")), unit_id=11)
    assert u["noncompliance"] == 1 - summary["compliance"]
    assert (u["skp_unapproved_share"], u["skp_unapproved_n"]) == (0.75, 4)
    assert u["resistance_index"] == pytest.approx(np.mean([0.25, 2 / 3, u["noncompliance"], 0.75]))
    assert u["parts_used"] == 4


def test_the_facts_per_employee_grouped_any_way_give_each_grouping_s_index():
    """resistance_per_employee is found once and resistance_from groups it (the report by agency, the
    headline over everyone, the brief by region): each equals the index computed for that grouping,
    and grouping does not change the facts kept."""
    from metrics.adoption import resistance_from, resistance_per_employee

    r = roster((1, 1, 11), (2, 1, 11), (3, 1, 12), (4, 2, 21), (5, 2, 21))
    dm = daily_month(*from_pattern(1, "xxxxx"), *from_pattern(2, "xx..."), *from_pattern(4, "..x.."))
    skp = skp_frame((1, "persetujuan", True, date(2026, 1, 1), date(2026, 12, 31)))
    facts = resistance_per_employee(r, dm, WORKDAYS, skp, MONTHS5)
    kept = facts.frame.copy()
    for by in [(), ("agency_id",), ("agency_id", "unit_id"), ("unit_id",)]:
        pd.testing.assert_frame_equal(resistance_from(facts, by), resistance_index(r, dm, WORKDAYS, skp, MONTHS5, by=by))
    pd.testing.assert_frame_equal(facts.frame, kept)
    assert facts.working_days == 98
    # the same for adoption_summary: its sums per employee, summed by each grouping
    from metrics.adoption import month_sums, window_summary

    sums, working_days = month_sums(r, dm, WORKDAYS, MONTHS5)
    assert working_days == 98
    for by in [(), ("agency_id",), ("agency_id", "unit_id")]:
        pd.testing.assert_frame_equal(window_summary(r, sums, working_days, by),
                                      adoption_summary(r, dm, WORKDAYS, MONTHS5, by=by))


def test_a_part_without_n_is_left_out_of_the_index():
    # Nobody in unit 21 reported before the last month: lapsed has no n and is NaN, not 0.
    r = roster((5, 2, 21), (6, 2, 21))
    skp = skp_frame((5, "persetujuan", False, date(2026, 1, 1), date(2026, 12, 31)))
    out = resistance_index(r, daily_month(), WORKDAYS, skp, MONTHS5).iloc[0]
    assert out["lapsed_n"] == 0 and math.isnan(out["lapsed_share"])
    assert out["parts_used"] == 3
    assert out["resistance_index"] == pytest.approx((1.0 + 1.0 + 0.5) / 3)


# --- nudge list -----------------------------------------------------------------------------------
def test_nudge_list_reasons_and_no_names():
    r = roster((1, 1), (2, 1), (3, 1), (4, 2))
    dm = daily_month(*from_pattern(1, "xxxxx"), *from_pattern(2, "xx..."), month_row(3, 202512, 2))
    out = nudge_list(r, dm, MONTHS5)
    assert list(out.columns) == ["employee_id", "agency_id", "unit_id", "reason", "last_active_month"]
    assert out["employee_id"].tolist() == [3, 2, 4]  # per agency, longest silent first
    assert one(out, employee_id=2)["reason"] == "berhenti melapor sejak Maret 2026"
    assert one(out, employee_id=2)["last_active_month"] == 202602
    assert one(out, employee_id=3)["reason"] == "berhenti melapor sejak Januari 2026"
    assert one(out, employee_id=4)["reason"] == "belum pernah melapor"
    assert pd.isna(one(out, employee_id=4)["last_active_month"])


def test_nudge_list_ignores_months_after_the_window():
    dm = daily_month(*from_pattern(1, "x...x"))
    out = nudge_list(roster((1, 1)), dm, [202601, 202602])
    assert out["reason"].tolist() == ["berhenti melapor sejak Februari 2026"]


# --- a month still settling (the late-entry grace) ---------------------------------------------------
def test_a_month_settles_until_the_late_entry_days_have_passed_since_its_first_working_day():
    """May 2026: the 1st is a holiday (Hari Buruh), the 2nd and 3rd a weekend; the first working day is
    Monday the 4th. An entry may come up to 7 days late, so May settles to Sunday the 10th."""
    from vocab.calendar import WorkCalendar

    calendar = WorkCalendar(2026)
    assert indicators.LATE_ENTRY_DAYS == 7
    assert [adoption.settling(calendar, 202605, date(2026, 5, d)) for d in (4, 10, 11, 29)] == [True, True, False, False]
    assert not adoption.settling(calendar, 202605, date(2026, 5, 3))  # no working day yet: not a month at all
    assert adoption.settling(calendar, 202604, date(2026, 4, 7))  # 1 April is a Wednesday
    assert not adoption.settling(calendar, 202604, date(2026, 4, 8))


def test_while_the_last_month_settles_who_reported_the_month_before_has_not_stopped():
    """On 4 May, nobody has written May's entries yet: 1 reported every month, 2 stopped in April, 3 in
    March, 4 never; 5 reported in May already after a silent April. Settling, only 2 (silent since
    April, which has passed), 3 and 4 are to remind, and the resistance index counts 2 and 3 as lapsed;
    without it, 1 would be "berhenti melapor sejak Mei 2026" too."""
    from metrics.adoption import resistance_per_employee

    r = roster((1, 1), (2, 1), (3, 1), (4, 1), (5, 1))
    dm = daily_month(*from_pattern(1, "xxxx."), *from_pattern(2, "xxx.."), *from_pattern(3, "xx..."),
                     *from_pattern(5, "xxx.x"))
    settled = nudge_list(r, dm, MONTHS5, settles=True)
    assert dict(zip(settled["employee_id"], settled["reason"])) == {
        4: "belum pernah melapor", 3: "berhenti melapor sejak Maret 2026", 2: "berhenti melapor sejak April 2026"}
    naive = nudge_list(r, dm, MONTHS5)
    assert set(naive["employee_id"]) == {1, 2, 3, 4}
    assert one(naive, employee_id=1)["reason"] == "berhenti melapor sejak Mei 2026"
    facts = resistance_per_employee(r, dm, WORKDAYS, skp_frame(), MONTHS5, settles=True).frame.set_index("employee_id")
    assert facts["lapsed"].to_dict() == {1: False, 2: True, 3: True, 4: False, 5: False}
    assert facts["never"].to_dict() == {1: False, 2: False, 3: False, 4: True, 5: False}
    assert facts["started"].sum() == 4
    naive_facts = resistance_per_employee(r, dm, WORKDAYS, skp_frame(), MONTHS5).frame.set_index("employee_id")
    assert naive_facts["lapsed"].to_dict() == {1: True, 2: True, 3: True, 4: False, 5: False}


# --- properties -------------------------------------------------------------------------------------
PROPERTY_MONTHS = [202512, 202601, 202602, 202603]


@st.composite
def adoption_cases(draw):
    n = draw(st.integers(1, 10))
    r = pd.DataFrame({
        "employee_id": np.arange(1, n + 1),
        "agency_id": draw(st.lists(st.integers(1, 2), min_size=n, max_size=n)),
        "unit_id": draw(st.lists(st.integers(1, 2), min_size=n, max_size=n)),
        "status": "PNS", "jabatan_type": "Pelaksana", "jabatan_name": "x",
    })
    keys = draw(st.lists(st.tuples(st.integers(1, n + 1), st.sampled_from(PROPERTY_MONTHS)),
                         unique=True, max_size=25))
    rows = []
    for employee_id, month in keys:
        active = draw(st.integers(0, 23))
        on_time = draw(st.integers(0, active))
        approved = draw(st.integers(0, active))
        rows.append(month_row(employee_id, month, active, on_time=on_time,
                              within_7=draw(st.integers(on_time, active)), approved=approved,
                              approval_minutes=draw(st.integers(0, 600)) * approved,
                              first_day=draw(st.integers(1, 5)), draft=draw(st.integers(0, 3))))
    skp = skp_frame(*[(draw(st.integers(1, n + 1)), draw(st.sampled_from(["persetujuan", "draft"])),
                       draw(st.booleans()), date(2026, 1, 1), date(2026, draw(st.integers(1, 12)), 28))
                      for _ in range(draw(st.integers(0, 8)))])
    window = PROPERTY_MONTHS[draw(st.integers(0, 2)):]
    return r, daily_month(*rows), skp, window, draw(st.integers(0, 2**32 - 1))


def _shuffled(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Rows in another order, keeping their index labels (so the index is no longer 0…n−1)."""
    return frame.iloc[np.random.default_rng(seed).permutation(len(frame))]


def _all_outputs(r, dm, skp, window):
    by = ("agency_id", "unit_id")
    states = lifecycle(dm, r, window)
    categories = rogers_categories(r, dm)
    return {
        "summary": adoption_summary(r, dm, WORKDAYS, window, by=by),
        "lifecycle": states,
        "lifecycle_counts": lifecycle_counts(states, by=by),
        "rogers": categories,
        "rogers_counts": rogers_counts(categories),
        "skp": skp_approval_coverage(r, skp, by=by),
        "resistance": resistance_index(r, dm, WORKDAYS, skp, window, by=by),
        "nudge": nudge_list(r, dm, window),
    }


SHARES = {
    "summary": ["active_share", "compliance", "timeliness_same_day", "timeliness_7d"],
    "lifecycle_counts": ["share"],
    "rogers": ["cumulative_share"],
    "rogers_counts": ["share"],
    "skp": ["skp_approval_coverage"],
    "resistance": [*adoption.RESISTANCE_PARTS, "resistance_index"],
}
COUNTS = {
    "summary": ["expected", "active", "working_days", "days_active", "days_approved", "approval_delay_hours"],
    "lifecycle_counts": ["employees", "expected"],
    "rogers_counts": ["employees", "expected"],
    "skp": ["expected", "with_skp", "skp_approved"],
    "resistance": [*adoption.RESISTANCE_PARTS.values(), "expected", "parts_used"],
}


@settings(max_examples=60, deadline=None)
@given(adoption_cases())
def test_properties_shares_counts_and_row_order(case):
    r, dm, skp, window, seed = case
    outputs = _all_outputs(r, dm, skp, window)
    for name, columns in SHARES.items():
        values = outputs[name][columns].to_numpy(dtype="float64")
        values = values[~np.isnan(values)]
        assert ((values >= 0) & (values <= 1)).all(), name
    for name, columns in COUNTS.items():
        values = outputs[name][columns].to_numpy(dtype="float64")
        assert (values[~np.isnan(values)] >= 0).all(), name
    summary = outputs["summary"]
    assert summary["expected"].sum() == len(r) and (summary["active"] <= summary["expected"]).all()
    assert set(outputs["lifecycle"]["state"]) <= set(indicators.LIFECYCLE_STATES)
    assert len(outputs["lifecycle"]) == len(r) * len(window)
    assert set(outputs["rogers"]["category"]) <= set(adoption.ROGERS_CATEGORIES)
    never = outputs["rogers"]["first_active_day"].isna()
    assert (outputs["rogers"].loc[never, "category"] == adoption.ROGERS_NOT_ADOPTED).all()
    assert set(outputs["nudge"]["employee_id"]) <= set(r["employee_id"])

    shuffled = _all_outputs(_shuffled(r, seed), _shuffled(dm, seed + 1), _shuffled(skp, seed + 2), window)
    for name, frame in outputs.items():
        pd.testing.assert_frame_equal(frame, shuffled[name], check_exact=False, rtol=1e-12, obj=name)


# --- data_end and reporting_months (shared by the report and the adoption page) -----------------
def test_data_end_is_the_provinces_last_active_day_capped_by_as_of():
    assert adoption.data_end(date(2026, 4, 7), date(2026, 12, 31)) == date(2026, 4, 7)
    assert adoption.data_end(date(2026, 4, 7), date(2026, 4, 1)) == date(2026, 4, 1)
    assert adoption.data_end(None, date(2026, 5, 5)) == date(2026, 5, 5)


def test_reporting_months_stop_at_the_last_day_with_data():
    from vocab.calendar import WorkCalendar

    calendar = WorkCalendar(2026)
    workdays, months = adoption.reporting_months(calendar, [202603, 202604, 202605], date(2026, 4, 7))
    assert months == [202603, 202604]
    assert workdays[202605] == 0 and workdays[202604] == len(calendar.working_days(date(2026, 4, 1), date(2026, 4, 7)))


@settings(max_examples=40, deadline=None)
@given(patterns=st.lists(st.text(alphabet="x.-", min_size=5, max_size=5), min_size=1, max_size=8),
       agencies=st.lists(st.integers(1, 3), min_size=9, max_size=9),
       chosen=st.sets(st.sampled_from(MONTHS5), min_size=1),
       by=st.sampled_from([(), ("agency_id",), ("agency_id", "unit_id")]))
def test_monthly_compliance_equals_each_month_summarised_alone(patterns, agencies, chosen, by):
    # Active days above a month's working days are capped, as adoption_summary caps them.
    rows = [dict(r, days_active=25 if r["days_active"] and e % 3 == 0 else r["days_active"])
            for e, p in enumerate(patterns, start=1) for r in from_pattern(e, p)]
    staff = roster(*((e, agencies[e - 1], agencies[e - 1] * 10 + e % 2) for e in range(1, len(patterns) + 2)))
    dm = daily_month(*rows)
    out = adoption.monthly_compliance(staff, dm, WORKDAYS, chosen, by=by)
    assert out["month"].tolist() == sorted(chosen) * (len(out) // len(chosen))
    for month in sorted(chosen):
        alone = adoption_summary(staff, dm, WORKDAYS, [month], by=by)
        got = out[out["month"] == month].reset_index(drop=True)
        assert got[list(by)].equals(alone[list(by)])
        assert got["expected"].tolist() == alone["expected"].tolist()
        assert np.allclose(got["compliance"], alone["compliance"], equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(patterns=st.lists(st.text(alphabet="x.-", min_size=7, max_size=7), min_size=1, max_size=8),
       agencies=st.lists(st.integers(1, 3), min_size=8, max_size=8),
       chosen=st.sets(st.sampled_from(SEVEN), min_size=1),
       by=st.sampled_from([(), ("agency_id",), ("agency_id", "unit_id")]))
def test_lifecycle_totals_equal_the_counts_of_the_per_employee_states(patterns, agencies, chosen, by):
    rows = [r for e, p in enumerate(patterns, start=1) for r in from_pattern(e, p, SEVEN)]
    staff = roster(*((e, agencies[e - 1], agencies[e - 1] * 10 + e % 2) for e in range(1, len(patterns) + 1)))
    dm = daily_month(*rows)
    expected = lifecycle_counts(lifecycle(dm, staff, chosen), by=by)
    pd.testing.assert_frame_equal(adoption.lifecycle_totals(staff, dm, chosen, by=by), expected)
