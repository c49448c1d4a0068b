"""e-Kinerja adoption: who reports, how fully and promptly, lifecycle states, Rogers categories, resistance."""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple
from datetime import date
from fractions import Fraction

import numpy as np
import pandas as pd

from vocab import codes
from vocab.calendar import span_calendar
from metrics.common import aggregate, ratio
from vocab.indicators import (LATE_ENTRY_DAYS, LIFECYCLE_STATES, STATE_DORMANT, STATE_NEW, STATE_NEVER,
                              STATE_RESURRECTED, STATE_RETURNING)

# --- states, categories and cut points, declared once ---------------------------------------------
# Lifecycle per month (the product-analytics "growth accounting" states).


# Rogers, Diffusion of Innovations: adopter categories by cumulative share of the staff expected to
# report, each category up to and including its cut. Exact fractions: 1 of 40 is exactly 2,5%.
ROGERS_CUTS: tuple[tuple[str, Fraction], ...] = (
    ("Inovator", Fraction(25, 1000)),
    ("Pengadopsi Awal", Fraction(16, 100)),
    ("Mayoritas Awal", Fraction(50, 100)),
    ("Mayoritas Akhir", Fraction(84, 100)),
    ("Lamban", Fraction(1)),
)
ROGERS_NOT_ADOPTED = "Belum Mengadopsi"  # never reported: not a laggard (domain.md §5)
ROGERS_CATEGORIES = (*(name for name, _ in ROGERS_CUTS), ROGERS_NOT_ADOPTED)

SKP_APPROVED_STATUS = "persetujuan"  # e-Kinerja's SKP status for an approved SKP

REASON_NEVER = "belum pernah melapor"
REASON_STOPPED = "berhenti melapor sejak {month}"  # the first month without a report

# The resistance index's parts (each a share where higher = more resistance) and their n columns.
RESISTANCE_PARTS: dict[str, str] = {
    "never_active_share": "never_active_n",
    "lapsed_share": "lapsed_n",
    "noncompliance": "noncompliance_n",
    "skp_unapproved_share": "skp_unapproved_n",
}

_ACTIVE_STATES_BEFORE = (STATE_RETURNING, STATE_RESURRECTED, STATE_DORMANT)  # had reported before




# --- helpers --------------------------------------------------------------------------------------
def _check_roster(roster: pd.DataFrame) -> None:
    if not roster["employee_id"].is_unique:
        raise ValueError("roster has repeated employee_id values")


def _check_months(months: Iterable[int]) -> list[int]:
    """Sorted distinct yyyymm ints; a month outside 1–12 is an error."""
    out = sorted({int(m) for m in months})
    bad = [m for m in out if not 1 <= m % 100 <= 12]
    if bad:
        raise ValueError(f"not yyyymm months: {bad}")
    return out


def _ordinal(month):
    """yyyymm → months since year 0, so that the month before is ordinal − 1."""
    return (month // 100) * 12 + (month % 100) - 1


def _from_ordinal(ordinal):
    return (ordinal // 12) * 100 + ordinal % 12 + 1


def previous_month(month: int) -> int:
    """The month (yyyymm) before `month`."""
    return int(_from_ordinal(_ordinal(int(month)) - 1))


def month_label(month: int) -> str:
    """yyyymm → 'April 2026'."""
    return f"{codes.MONTH_NAMES[month % 100 - 1]} {month // 100}"


def _workdays_for(workdays: pd.Series, months: list[int]) -> pd.Series:
    wd = workdays.copy()
    wd.index = wd.index.astype("int64")
    wd = wd.reindex(months)
    if wd.isna().any():
        raise ValueError(f"working days unknown for months {[m for m in months if pd.isna(wd[m])]}")
    return wd.astype("int64")


def _positions(roster: pd.DataFrame, employee_ids: pd.Series) -> np.ndarray:
    """Row of each employee_id in the roster, −1 when not on it (the roster's ids are unique)."""
    return pd.Index(roster["employee_id"]).get_indexer(employee_ids)


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _active_months(roster: pd.DataFrame, daily_month: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(roster row, month ordinal) of every month in which an employee on the roster was active."""
    position = _positions(roster, daily_month["employee_id"])
    keep = (np.nan_to_num(_numbers(daily_month, "days_active")) > 0) & (position >= 0)
    return position[keep], _ordinal(daily_month["month"].to_numpy(dtype="int64")[keep])


def _states(roster: pd.DataFrame, daily_month: pd.DataFrame, months: list[int]) -> np.ndarray:
    """Lifecycle state per roster row (axis 0) and chosen month (axis 1)."""
    return np.asarray(LIFECYCLE_STATES)[_state_codes(roster, daily_month, months)]


def _state_codes(roster: pd.DataFrame, daily_month: pd.DataFrame, months: list[int]) -> np.ndarray:
    """_states as positions in LIFECYCLE_STATES."""
    position, ordinal = _active_months(roster, daily_month)
    wanted = _ordinal(np.asarray(months, dtype="int64"))
    # One row per employee, one column per calendar month from the month before the first chosen (or
    # the first with data) to the last: True where the employee was active.
    first = int(min(ordinal.min(initial=wanted.min()), wanted.min() - 1))
    last = int(max(ordinal.max(initial=wanted.max()), wanted.max()))
    active = np.zeros((len(roster), last - first + 1), dtype=bool)
    active[position, ordinal - first] = True
    column = wanted - first
    now = active[:, column]
    last_month = active[:, column - 1]
    before = np.logical_or.accumulate(active, axis=1)[:, column - 1]  # active in some earlier month
    # The conditions in LIFECYCLE_STATES order: the position of each state in it.
    return np.select([now & ~before, now & last_month, now, before], [0, 1, 2, 3], default=4)


def settling(calendar, month: int, end: date) -> bool:
    """Whether `month` (yyyymm) is still settling on `end`: fewer than LATE_ENTRY_DAYS days have passed
    since its first working day, so an entry for that day may still come (e-Kinerja takes entries up to
    that many days late). While it settles, staff who reported the month before have not stopped."""
    year, m = divmod(int(month), 100)
    first = pd.Timestamp(year=year, month=m, day=1).date()
    days = calendar.working_days(first, pd.Timestamp(end).date())
    return len(days) > 0 and (pd.Timestamp(end) - pd.Timestamp(days[0])).days < LATE_ENTRY_DAYS


def standing(roster: pd.DataFrame, daily_month: pd.DataFrame, month: int, settles: bool = False,
             before: pd.DataFrame | None = None) -> np.ndarray:
    """Each roster row's lifecycle state in `month` as the judgement of who never reported and who
    stopped: while the month settles (settling()), staff active the month before count as reporting
    (STATE_RETURNING), not as dormant. `before`: the rows of the month before when `daily_month` does
    not hold them (a January's December, outside the year's history); used only while the month settles:
    who was active then and not yet in the history counts as reporting for the first time in it
    (STATE_NEW: neither never active nor, having no earlier month in the history, one who could stop)."""
    if not settles:
        return _states(roster, daily_month, [month])[:, 0]
    codes_ = _state_codes(roster, daily_month, [previous_month(month), month])
    dormant, returning = LIFECYCLE_STATES.index(STATE_DORMANT), LIFECYCLE_STATES.index(STATE_RETURNING)
    active_before = codes_[:, 0] < dormant  # new, returning or resurrected the month before
    now = np.where((codes_[:, 1] == dormant) & active_before, returning, codes_[:, 1])
    if before is not None and len(before):
        rows = before[before["month"] == previous_month(month)]
        position = _positions(roster, rows["employee_id"])
        active = np.zeros(len(roster), dtype=bool)
        active[position[(np.nan_to_num(_numbers(rows, "days_active")) > 0) & (position >= 0)]] = True
        never, new = LIFECYCLE_STATES.index(STATE_NEVER), LIFECYCLE_STATES.index(STATE_NEW)
        now = np.where((now == never) & active, new, now)
    return np.asarray(LIFECYCLE_STATES)[now]


_WINDOW_SUMS = ("days_active", "days_on_time", "days_within_7", "days_approved", "approval_minutes_sum")


def _window(roster: pd.DataFrame, daily_month: pd.DataFrame, workdays: pd.Series,
            months: list[int]) -> dict[str, np.ndarray]:
    """Per roster row, sums over the months of _WINDOW_SUMS and days_counted (days_active capped at
    each month's working days, so entries on other days cannot lift compliance above 100%)."""
    wd = _workdays_for(workdays, months)
    position = _positions(roster, daily_month["employee_id"])
    month = daily_month["month"].to_numpy(dtype="int64")
    keep = (position >= 0) & np.isin(month, months)
    values = {column: np.nan_to_num(_numbers(daily_month, column)) for column in _WINDOW_SUMS}
    values["days_counted"] = _days_counted(daily_month, wd)
    return {column: np.bincount(position[keep], weights=v[keep], minlength=len(roster))
            for column, v in values.items()}


def _days_counted(daily_month: pd.DataFrame, workdays: pd.Series) -> np.ndarray:
    """Per daily_month row, days_active capped at its month's working days (0 for a month not in
    `workdays`), so entries on other days cannot lift compliance above 100%."""
    cap = workdays.reindex(daily_month["month"].to_numpy(dtype="int64")).to_numpy(dtype="float64", na_value=0.0)
    return np.minimum(np.nan_to_num(_numbers(daily_month, "days_active")), cap)


def _by_month(groups: pd.DataFrame, keys: list[str], months: list[int]) -> pd.DataFrame:
    """The `keys` columns of each group repeated once per month, with month: group-major."""
    out = groups[keys].loc[groups.index.repeat(len(months))].reset_index(drop=True)
    out["month"] = np.tile(np.asarray(months, dtype="int64"), len(groups))
    return out


def _current_skp(roster: pd.DataFrame, skp: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(has_skp, skp_approved) per roster row, from the SKP with the latest period_end (ties: latest
    period_start, then approved); acting (Plt/Plh) rows ignored."""
    position = _positions(roster, skp["employee_id"])
    acting = skp["is_acting"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    approved = (skp["status"].astype("string").str.strip().str.lower() == SKP_APPROVED_STATUS)
    keep = (position >= 0) & ~acting
    rows = pd.DataFrame({
        "position": position[keep],
        "period_end": pd.to_datetime(skp["period_end"], errors="coerce").to_numpy()[keep],
        "period_start": pd.to_datetime(skp["period_start"], errors="coerce").to_numpy()[keep],
        "approved": approved.fillna(False).to_numpy(dtype=bool)[keep],
    })
    current = (rows.sort_values(["position", "period_end", "period_start", "approved"], na_position="first",
                                kind="stable")
               .drop_duplicates("position", keep="last"))
    has_skp = np.zeros(len(roster), dtype=bool)
    has_skp[current["position"].to_numpy()] = True
    is_approved = np.zeros(len(roster), dtype=bool)
    is_approved[current.loc[current["approved"], "position"].to_numpy()] = True
    return has_skp, is_approved


def _long_counts(frame: pd.DataFrame, keys: list[str], column: str, values: tuple[str, ...],
                 total_name: str) -> pd.DataFrame:
    """Counts of each value of `column` per group, zeros included, in `values` order; with share."""
    code = pd.Categorical(frame[column], categories=list(values)).codes
    flags = frame[keys].copy()
    for i, value in enumerate(values):
        flags[value] = code == i
    wide = aggregate(flags, keys, **{value: (value, "sum") for value in values})
    return _long(wide, keys, column, values, total_name)


def _long(wide: pd.DataFrame, keys: list[str], column: str, values: tuple[str, ...],
          total_name: str) -> pd.DataFrame:
    """One row per group (`keys`) and value from counts in one column per value; with the group's
    total and each value's share."""
    counts = wide[list(values)].to_numpy(dtype="int64")
    # Group-major, then values in their declared order.
    long = wide[keys].loc[wide.index.repeat(len(values))].reset_index(drop=True)
    long[column] = np.tile(np.asarray(values, dtype=object), len(wide))
    long["employees"] = counts.ravel()
    long[total_name] = np.repeat(counts.sum(axis=1), len(values))
    long["share"] = ratio(long["employees"], long[total_name])
    return long


# --- public ---------------------------------------------------------------------------------------
def data_end(last_active: date | None, as_of: date) -> date:
    """The day a span's adoption is measured to: the province's last day with e-Kinerja activity in the
    span (`last_active`, the same for every viewer: an agency that stopped sending in August is measured
    to the province's end, so its missing months count for its own head too), not later than `as_of`;
    `as_of` when nobody reported."""
    if last_active is None or pd.isna(last_active):
        return as_of
    return min(pd.Timestamp(last_active).date(), as_of)


def reporting_window(inputs) -> tuple[pd.Series, list[int], date]:
    """Working days per month, the months that have any, and the day they are counted to (data_end of
    inputs.daily_end and inputs.as_of), on the span's calendar: the one adoption window of the report,
    the pages and the exports. Computed once per inputs (MetricInputs)."""
    def compute():
        end = data_end(inputs.daily_end, inputs.as_of)
        workdays, months = reporting_months(span_calendar(inputs), inputs.months, end)
        return workdays, months, end
    return inputs.derived("reporting_window", compute)


def reporting_months(calendar, months: Iterable[int], end) -> tuple[pd.Series, list[int]]:
    """Working days per month counted up to `end` (see data_end), and the months that have any: a month
    after the last day with data is not a month of zero reports."""
    months = _check_months(months)
    workdays = calendar.working_days_per_month(months, end)
    return workdays, [m for m in months if workdays.get(m, 0) > 0]


def adoption_summary(roster: pd.DataFrame, daily_month: pd.DataFrame, workdays: pd.Series,
                     months: Iterable[int], by: Iterable[str] = ("agency_id",)) -> pd.DataFrame:
    """Adoption, compliance, timeliness and approval speed per group over the chosen months.

    Takes roster (employee_id and the `by` columns; everyone on it is expected to report), daily_month
    (employee_id, month, days_active, days_on_time, days_within_7, days_approved, approval_minutes_sum;
    rows of employees not on the roster are ignored, groups come from the roster) and workdays
    (working days per yyyymm month). Returns the `by` columns plus expected, active, active_share,
    working_days, days_active, compliance, timeliness_same_day, timeliness_7d, days_approved,
    approval_delay_hours (definitions in vocab.indicators.ADOPTION); NaN where a denominator is 0.
    """
    _check_roster(roster)
    return window_summary(roster, *month_sums(roster, daily_month, workdays, months), by)


def month_sums(roster: pd.DataFrame, daily_month: pd.DataFrame, workdays: pd.Series,
               months: Iterable[int]) -> tuple[dict[str, np.ndarray], int]:
    """adoption_summary's sums per roster row over the months, and the months' working days: what
    window_summary adds up by any grouping, so that several groupings of one roll count it once."""
    months = _check_months(months)
    return _window(roster, daily_month, workdays, months), int(_workdays_for(workdays, months).sum())


def window_summary(roster: pd.DataFrame, sums: dict[str, np.ndarray], working_days: int,
                   by: Iterable[str] = ("agency_id",)) -> pd.DataFrame:
    """adoption_summary's figures from sums per roster row over any window (the months of
    adoption_summary, the weeks around a mentoring activity): days_active, days_counted (days_active
    capped at the window's working days), days_on_time, days_within_7, days_approved,
    approval_minutes_sum, and the window's working days. The one place the definitions are computed."""
    by = tuple(by)
    per = roster[list(by)].assign(expected=1, active=sums["days_active"] > 0, **sums)
    out = aggregate(
        per, by,
        expected=("expected", "sum"),
        active=("active", "sum"),
        days_active=("days_active", "sum"),
        days_counted=("days_counted", "sum"),
        days_on_time=("days_on_time", "sum"),
        days_within_7=("days_within_7", "sum"),
        days_approved=("days_approved", "sum"),
        approval_minutes_sum=("approval_minutes_sum", "sum"),
    )
    for column in ("expected", "active", "days_active", "days_approved"):
        out[column] = out[column].astype("int64")
    out["active_share"] = ratio(out["active"], out["expected"])
    out["working_days"] = working_days
    out["compliance"] = ratio(out["days_counted"], out["expected"] * working_days)
    out["timeliness_same_day"] = ratio(out["days_on_time"], out["days_active"])
    out["timeliness_7d"] = ratio(out["days_within_7"], out["days_active"])
    out["approval_delay_hours"] = ratio(out["approval_minutes_sum"], out["days_approved"]) / 60.0
    return out[[*by, "expected", "active", "active_share", "working_days", "days_active", "compliance",
                "timeliness_same_day", "timeliness_7d", "days_approved", "approval_delay_hours"]]


def monthly_compliance(roster: pd.DataFrame, daily_month: pd.DataFrame, workdays: pd.Series,
                       months: Iterable[int], by: Iterable[str] = ("agency_id",)) -> pd.DataFrame:
    """Daily-reporting compliance per group and month in one pass: the `by` columns, month, expected and
    compliance, each month's figures those adoption_summary gives for that month alone."""
    _check_roster(roster)
    by = tuple(by)
    months = _check_months(months)
    wd = _workdays_for(workdays, months)
    position = _positions(roster, daily_month["employee_id"])
    column = pd.Index(months).get_indexer(daily_month["month"].to_numpy(dtype="int64"))
    keep = (position >= 0) & (column >= 0)
    n = len(months)
    per = np.bincount(position[keep] * n + column[keep], weights=_days_counted(daily_month, wd)[keep],
                      minlength=len(roster) * n).reshape(len(roster), n)
    frame = roster[list(by)].assign(expected=1, **{f"_m{i}": per[:, i] for i in range(n)})
    sums = aggregate(frame, by, expected=("expected", "sum"),
                     **{f"_m{i}": (f"_m{i}", "sum") for i in range(n)})
    long = _by_month(sums, list(by), months)
    long["expected"] = np.repeat(sums["expected"].to_numpy(dtype="int64"), n)
    counted_sums = sums[[f"_m{i}" for i in range(n)]].to_numpy(dtype="float64").ravel()
    long["compliance"] = ratio(counted_sums, long["expected"].to_numpy() * np.tile(wd.to_numpy(dtype="float64"), len(sums)))
    return long


def lifecycle(daily_month: pd.DataFrame, roster: pd.DataFrame, months: Iterable[int]) -> pd.DataFrame:
    """Each roster employee's lifecycle state in each chosen month.

    Takes daily_month (employee_id, month, days_active; all history, since "ever" and "last month"
    look before the chosen months) and roster (employee_id, …). Returns the roster's columns plus
    month (yyyymm) and state (one of LIFECYCLE_STATES), ordered by employee_id and month. "Last month"
    is the calendar month before, whether or not it was chosen.
    """
    _check_roster(roster)
    months = _check_months(months)
    roster = roster.sort_values("employee_id", kind="stable")  # then rows come out in employee, month order
    states = _states(roster, daily_month, months)
    out = roster.iloc[np.repeat(np.arange(len(roster)), len(months))].reset_index(drop=True)
    out["month"] = np.tile(np.asarray(months, dtype="int64"), len(roster))
    out["state"] = states.ravel()
    return out


def lifecycle_counts(states: pd.DataFrame, by: Iterable[str] = ("agency_id",)) -> pd.DataFrame:
    """Employees per lifecycle state, group and month, from lifecycle()'s frame.

    Takes month, state and the `by` columns. Returns the `by` columns plus month, state (every state
    of LIFECYCLE_STATES, zeros included, in that order), employees, expected (the group's staff that
    month) and share (employees / expected).
    """
    return _long_counts(states, [*by, "month"], "state", LIFECYCLE_STATES, "expected")


def lifecycle_totals(roster: pd.DataFrame, daily_month: pd.DataFrame, months: Iterable[int],
                     by: Iterable[str] = ("agency_id",)) -> pd.DataFrame:
    """lifecycle_counts(lifecycle(daily_month, roster, months), by), counted without a row per employee
    and month (1,2 million rows for a province's year)."""
    _check_roster(roster)
    by = list(by)
    months = _check_months(months)
    codes_ = _state_codes(roster, daily_month, months)
    n, k = len(months), len(LIFECYCLE_STATES)
    flags = {f"_{i}_{s}": codes_[:, i] == s for i in range(n) for s in range(k)}
    wide = aggregate(roster[by].assign(**flags), by, **{c: (c, "sum") for c in flags})
    counts = wide[list(flags)].to_numpy(dtype="int64").reshape(len(wide) * n, k)  # group-major, then month
    per_month = _by_month(wide, by, months)
    per_month[list(LIFECYCLE_STATES)] = counts
    return _long(per_month, [*by, "month"], "state", LIFECYCLE_STATES, "expected")


def rogers_categories(roster: pd.DataFrame, daily_month: pd.DataFrame, by: Iterable[str] = ()) -> pd.DataFrame:
    """Rogers adopter category of every employee expected to report, ranked within each `by` group.

    Takes roster (employee_id and the `by` columns) and daily_month (employee_id, days_active,
    first_active_day; all history). Returns the roster's columns plus first_active_day (days since
    1970-01-01, NA when never active), first_active_date, rank (ties share the highest rank of their
    tie group), expected (group size), cumulative_share (rank / expected) and category
    (ROGERS_CATEGORIES; never active = "Belum Mengadopsi"), ordered by the `by` columns, rank, employee_id.
    """
    _check_roster(roster)
    by = tuple(by)
    position = _positions(roster, daily_month["employee_id"])
    first_day = _numbers(daily_month, "first_active_day")
    keep = (np.nan_to_num(_numbers(daily_month, "days_active")) > 0) & ~np.isnan(first_day) & (position >= 0)
    first = np.full(len(roster), np.inf)
    np.minimum.at(first, position[keep], first_day[keep])
    out = roster.copy()
    out["first_active_day"] = pd.Series(np.where(np.isinf(first), np.nan, first), index=out.index).astype("Int64")
    out["first_active_date"] = pd.Timestamp("1970-01-01") + pd.to_timedelta(
        out["first_active_day"].astype("float64"), unit="D")
    keys = list(by) or [pd.Series(0, index=out.index)]
    groups = out.groupby(keys, dropna=False, sort=False, observed=True)
    out["expected"] = groups["employee_id"].transform("size").astype("int64")
    rank = groups["first_active_day"].rank(method="max")
    out["rank"] = rank.astype("Int64")
    out["cumulative_share"] = (rank / out["expected"]).astype("float64")
    rank_values = rank.to_numpy(dtype="float64")
    expected = out["expected"].to_numpy(dtype="float64")
    # Compare rank / expected ≤ cut exactly, as rank × denominator ≤ numerator × expected.
    conditions = [rank_values * cut.denominator <= cut.numerator * expected for _, cut in ROGERS_CUTS]
    out["category"] = np.select(conditions, [name for name, _ in ROGERS_CUTS], default=ROGERS_NOT_ADOPTED)
    return out.sort_values([*by, "rank", "employee_id"], na_position="last", kind="stable").reset_index(drop=True)


def rogers_counts(categories: pd.DataFrame, by: Iterable[str] = ()) -> pd.DataFrame:
    """Employees per Rogers category and group, from rogers_categories()'s frame.

    Takes category and the `by` columns. Returns the `by` columns plus category (all of
    ROGERS_CATEGORIES, zeros included, in that order), employees, expected and share.
    """
    return _long_counts(categories, list(by), "category", ROGERS_CATEGORIES, "expected")


def skp_approval_coverage(roster: pd.DataFrame, skp: pd.DataFrame,
                          by: Iterable[str] = ("agency_id",)) -> pd.DataFrame:
    """Share of staff expected to report whose current SKP is approved, per group.

    Takes roster (employee_id and the `by` columns) and skp (employee_id, status, is_acting,
    period_start, period_end). The current SKP is the non-acting one with the latest period_end.
    Returns the `by` columns plus expected, with_skp, skp_approved and skp_approval_coverage
    (skp_approved / expected; NaN when expected is 0).
    """
    _check_roster(roster)
    by = tuple(by)
    has_skp, approved = _current_skp(roster, skp)
    per = roster[list(by)].assign(expected=1, has_skp=has_skp, skp_approved=approved)
    out = aggregate(per, by, expected=("expected", "sum"), with_skp=("has_skp", "sum"),
                     skp_approved=("skp_approved", "sum"))
    for column in ("expected", "with_skp", "skp_approved"):
        out[column] = out[column].astype("int64")
    out["skp_approval_coverage"] = ratio(out["skp_approved"], out["expected"])
    return out[[*by, "expected", "with_skp", "skp_approved", "skp_approval_coverage"]]


def resistance_index(roster: pd.DataFrame, daily_month: pd.DataFrame, workdays: pd.Series,
                     skp: pd.DataFrame, months: Iterable[int],
                     by: Iterable[str] = ("agency_id", "unit_id")) -> pd.DataFrame:
    """A composite resistance score per group that shows its parts, each with its n.

    Takes roster, daily_month (all history), workdays and skp as adoption_summary and
    skp_approval_coverage do. Parts (higher = more resistance; NaN when their n is 0):
    never_active_share (n = expected), lapsed_share (active before the last chosen month, not in it;
    n = staff active before the last month), noncompliance (1 − compliance over the months;
    n = expected, NaN without working days), skp_unapproved_share (1 − SKP approval coverage;
    n = expected). Returns the `by` columns plus expected, working_days, each part and its `_n`
    column (RESISTANCE_PARTS), resistance_index (mean of the available parts) and parts_used.
    """
    return resistance_from(resistance_per_employee(roster, daily_month, workdays, skp, months), by)


class StaffFacts(NamedTuple):
    """resistance_per_employee: one row per roster row (its columns plus _RESISTANCE_FACTS) and the
    working days of the months."""

    frame: pd.DataFrame
    working_days: int


def resistance_per_employee(roster: pd.DataFrame, daily_month: pd.DataFrame, workdays: pd.Series,
                            skp: pd.DataFrame, months: Iterable[int], settles: bool = False,
                            before: pd.DataFrame | None = None) -> StaffFacts:
    """resistance_index's facts per roster row (never, started, lapsed, days_counted, skp_approved):
    what resistance_from adds up by any grouping, so that several groupings of one roll count it once.
    `settles`: the last month is still settling (settling(); nobody active the month before has lapsed;
    `before` as standing() takes it)."""
    _check_roster(roster)
    months = _check_months(months)
    if not months:
        raise ValueError("months is empty")
    state = standing(roster, daily_month, months[-1], settles, before)
    _, skp_approved = _current_skp(roster, skp)
    per = roster.assign(
        never=state == STATE_NEVER,
        started=np.isin(state, _ACTIVE_STATES_BEFORE),
        lapsed=state == STATE_DORMANT,
        days_counted=_window(roster, daily_month, workdays, months)["days_counted"],
        skp_approved=skp_approved,
    )
    return StaffFacts(per, int(_workdays_for(workdays, months).sum()))


def resistance_from(facts: StaffFacts, by: Iterable[str] = ("agency_id", "unit_id")) -> pd.DataFrame:
    """resistance_index per group of `by` from resistance_per_employee's facts."""
    by = tuple(by)
    per, working_days = facts
    out = aggregate(per[list(by)].assign(expected=1, **{c: per[c] for c in _RESISTANCE_FACTS}), by,
                    expected=("expected", "sum"), **{c: (c, "sum") for c in _RESISTANCE_FACTS})
    out["expected"] = out["expected"].astype("int64")
    out["working_days"] = working_days
    out["never_active_share"] = ratio(out["never"], out["expected"])
    out["never_active_n"] = out["expected"]
    out["lapsed_share"] = ratio(out["lapsed"], out["started"])
    out["lapsed_n"] = out["started"].astype("int64")
    out["noncompliance"] = 1.0 - ratio(out["days_counted"], out["expected"] * working_days)
    out["noncompliance_n"] = out["expected"]
    out["skp_unapproved_share"] = 1.0 - ratio(out["skp_approved"], out["expected"])
    out["skp_unapproved_n"] = out["expected"]
    parts = out[list(RESISTANCE_PARTS)]
    out["resistance_index"] = parts.mean(axis=1, skipna=True)
    out["parts_used"] = parts.notna().sum(axis=1).astype("int64")
    part_columns = [c for pair in RESISTANCE_PARTS.items() for c in pair]
    return out[[*by, "expected", "working_days", *part_columns, "resistance_index", "parts_used"]]


_RESISTANCE_FACTS = ("never", "started", "lapsed", "days_counted", "skp_approved")


def nudge_list(roster: pd.DataFrame, daily_month: pd.DataFrame, months: Iterable[int],
               settles: bool = False, before: pd.DataFrame | None = None) -> pd.DataFrame:
    """Staff to remind: never reported, or not reporting in the last chosen month after reporting before
    (`settles`: that month is still settling, settling(), and who reported the month before is not listed;
    `before` as standing() takes it).

    Takes roster (employee_id, agency_id, unit_id) and daily_month (employee_id, month, days_active;
    all history). Returns employee_id, agency_id, unit_id, reason ("belum pernah melapor" or
    "berhenti melapor sejak <first month without a report>") and last_active_month (yyyymm, NA when
    never), ordered by agency_id, unit_id, last_active_month (never first), employee_id. No names:
    the caller joins them only for viewers allowed to see them.
    """
    _check_roster(roster)
    months = _check_months(months)
    if not months:
        raise ValueError("months is empty")
    last = _ordinal(months[-1])
    state = standing(roster, daily_month, months[-1], settles, before)
    position, ordinal = _active_months(roster, daily_month)
    up_to_last = ordinal <= last
    last_ordinal = np.full(len(roster), -1, dtype="int64")
    np.maximum.at(last_ordinal, position[up_to_last], ordinal[up_to_last])
    late = np.isin(state, (STATE_NEVER, STATE_DORMANT))
    out = roster.loc[late, ["employee_id", "agency_id", "unit_id"]].reset_index(drop=True)
    late_ordinal = last_ordinal[late]
    out["reason"] = [REASON_NEVER if o < 0 else REASON_STOPPED.format(month=month_label(int(_from_ordinal(o + 1))))
                     for o in late_ordinal]
    out["last_active_month"] = np.where(late_ordinal >= 0, _from_ordinal(late_ordinal), np.nan)
    out["last_active_month"] = out["last_active_month"].astype("Int64")
    return out.sort_values(["agency_id", "unit_id", "last_active_month", "employee_id"],
                           na_position="first", kind="stable").reset_index(drop=True)
