"""Did a mentoring activity work? (kind `kegiatan_pendampingan`, issue 20 part 3): difference in differences.

For one activity, the staff it was for (its unit, or every unit of its agency) are the *treated* side, and
staff of comparable groups that had no activity in the same weeks the *comparison* side. Each side's
adoption figures (active share, compliance, timeliness: metrics.adoption.window_summary, the definitions
the whole dashboard uses) are measured over the codes.MENTORING_WINDOW_WEEKS whole weeks (Monday to
Sunday) before the activity's week and as many after it; the activity's own week belongs to neither.

    DiD = (treated after − treated before) − (comparison after − comparison before), in points.

What the data cannot carry is not claimed (the verdict, vocab.indicators): a side below the minimum group
size is TOO_SMALL; an after-window not yet over is "belum cukup waktu"; a before-window without any
e-Kinerja data "belum ada data sebelum kegiatan"; and an effect is named only when the compliance DiD is
at least MENTORING_NOISE_FACTOR times its standard error. That error comes from each employee's own
change in compliance (days counted ÷ working days, after minus before): the group's compliance is the mean
of its staff's, so the DiD is the difference of the two sides' mean changes, and its standard error the
two means' (Welch), sqrt(var_t / n_t + var_c / n_c).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from metrics import adoption
from vocab import codes, indicators

WEEKS = codes.MENTORING_WINDOW_WEEKS
# The figures compared, as adoption.window_summary names them -> the name of the mentoring columns.
FIGURES = {"active_share": "active_share", "compliance": "compliance", "timeliness": "timeliness_same_day"}
SIDES = ("treated_before", "treated_after", "comparison_before", "comparison_after")
_EPOCH = date(1970, 1, 1)
_SUMS = ("days_active", "days_on_time", "days_within_7", "days_approved", "approval_minutes_sum")


@dataclass(frozen=True)
class Windows:
    """The weeks compared around an activity: before = [before_first, before_last], after likewise."""

    before_first: date
    before_last: date
    after_first: date
    after_last: date


def windows(activity_date: date, weeks: int = WEEKS) -> Windows:
    """The `weeks` whole weeks before the activity's week (Monday to Sunday) and as many after it."""
    monday = activity_date - timedelta(days=activity_date.weekday())
    span = timedelta(weeks=weeks)
    after_first = monday + timedelta(weeks=1)
    return Windows(monday - span, monday - timedelta(days=1), after_first, after_first + span - timedelta(days=1))


def week_number(day: date) -> int:
    """A Monday as days since 1970-01-01, as data_access.reads.daily_weeks names its weeks."""
    return (day - _EPOCH).days


def window_sums(roster: pd.DataFrame, weeks: pd.DataFrame, first: date, last: date,
                working_days: int) -> dict[str, np.ndarray]:
    """Per roster row, the weekly sums (employee_id, week, days_active, …) of the weeks from `first` to
    `last` (Mondays to Sundays), and days_counted: days_active capped at the window's working days."""
    position = pd.Index(roster["employee_id"]).get_indexer(weeks["employee_id"])
    week = weeks["week"].to_numpy(dtype="int64")
    keep = (position >= 0) & (week >= week_number(first)) & (week <= week_number(last))
    out = {c: np.bincount(position[keep], weights=pd.to_numeric(weeks[c]).to_numpy(dtype="float64")[keep],
                          minlength=len(roster)) for c in _SUMS}
    out["days_counted"] = np.minimum(out["days_active"], working_days)
    return out


def side_figures(roster: pd.DataFrame, weeks: pd.DataFrame, first: date, last: date,
                 working_days: int) -> tuple[dict, np.ndarray]:
    """One side's figures over one window (FIGURES' keys, and expected: its staff), and each of its
    staff's own compliance (days counted ÷ working days) for the standard error."""
    sums = window_sums(roster, weeks, first, last, working_days)
    row = adoption.window_summary(roster, sums, working_days, by=()).iloc[0]
    own = sums["days_counted"] / working_days if working_days else np.full(len(roster), np.nan)
    return {name: float(row[column]) for name, column in FIGURES.items()} | {"expected": int(row["expected"])}, own


def points(change: float) -> float:
    """A change of shares (0–1) in percentage points."""
    return change * 100.0


def did(figures: dict[str, dict], name: str) -> float:
    """(treated after − treated before) − (comparison after − comparison before) of figure `name`, in
    points; NaN where a side has no figure."""
    f = {side: figures[side][name] for side in SIDES}
    return points((f["treated_after"] - f["treated_before"]) - (f["comparison_after"] - f["comparison_before"]))


def standard_error(treated_change: np.ndarray, comparison_change: np.ndarray) -> float:
    """Welch's standard error of the difference of two mean changes, in points (NaN below two a side)."""
    if len(treated_change) < 2 or len(comparison_change) < 2:
        return float("nan")
    return points(float(np.sqrt(np.var(treated_change, ddof=1) / len(treated_change)
                                + np.var(comparison_change, ddof=1) / len(comparison_change))))


def verdict(compliance_did: float, error: float) -> str:
    """Up, down or no visible difference for a judged activity (the sides large enough, the weeks over)."""
    if np.isnan(compliance_did) or np.isnan(error) or abs(compliance_did) < indicators.MENTORING_NOISE_FACTOR * error \
            or compliance_did == 0:
        return indicators.MENTORING_NO_DIFFERENCE
    return indicators.MENTORING_UP if compliance_did > 0 else indicators.MENTORING_DOWN
