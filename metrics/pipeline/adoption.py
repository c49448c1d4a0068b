"""The adoption signal (domain.md §5): who reports in e-Kinerja, how regularly, and where resistance sits.

Two spans of e-Kinerja history are used, and the page says which is which:
- the chosen period (year or quarter), months up to the province's last day with data (`window`): the
  headline (`figures`), the group table with the resistance index (`group_table`) and the compliance
  heatmap (`heatmap`); the report takes its agencies and units from `group_table` too;
- the year to date, January up to the end of the chosen period (`history`): the lifecycle states,
  Rogers categories and the reminder list, because "first time", "came back" and "stopped since" need
  the months before the period.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from vocab import indicators
from vocab.calendar import span_calendar
from metrics import adoption
from vocab.indicators import TOO_SMALL
from metrics.pipeline import names as names_of

UNKNOWN = "(tidak diketahui)"
HEATMAP_ROWS = 25  # at most this many groups in the heatmap (worst first); the table has them all


@dataclass(frozen=True)
class Window:
    """The months of a span that have working days up to the last day with data."""

    months: tuple[int, ...]
    workdays: pd.Series
    data_end: date
    settles: bool = False  # the last month is still settling (adoption.settling): nobody has stopped in it yet

    def settling(self, month: int) -> bool:
        """Whether `month` is this window's last and still settling."""
        return self.settles and bool(self.months) and month == self.months[-1]


def window(inputs) -> Window:
    """The reporting months of the inputs (adoption.reporting_window, computed once per inputs)."""
    workdays, months, end = adoption.reporting_window(inputs)
    settles = bool(months) and adoption.settling(span_calendar(inputs), months[-1], end)
    return Window(tuple(months), workdays, end, settles)


def month_before(inputs, win: Window) -> pd.DataFrame | None:
    """While the window's last month settles and is January, the December before it
    (inputs.daily_month_before, outside the year's history): who reported then has not stopped yet
    (adoption.standing's `before`). None otherwise."""
    if not win.settles or win.months[-1] % 100 != 1:
        return None
    return inputs.daily_month_before


def has_data(inputs, win: Window) -> bool:
    """Figures exist only with e-Kinerja rows and a month with working days (else no figures, not zeros)."""
    return bool(win.months) and not inputs.daily_month.empty and not inputs.roster.empty


def _summary(inputs, win: Window, by: Sequence[str], roster: pd.DataFrame) -> pd.DataFrame:
    """adoption_summary per group; over the view's own roll its sums per employee are found once per
    inputs (the report's agencies, the headline and the brief's regions each group them) and each
    grouping is computed once (the group table and the heatmap share it)."""
    if roster is not inputs.roster:
        return adoption.adoption_summary(roster, inputs.daily_month, win.workdays, win.months, by=list(by))
    sums = inputs.derived(("month_sums", win.months),
                          lambda: adoption.month_sums(roster, inputs.daily_month, win.workdays, win.months))
    return inputs.derived(("adoption_summary", tuple(by)), lambda: adoption.window_summary(roster, *sums, by)).copy()


def _resistance(inputs, win: Window, by: Sequence[str], roster: pd.DataFrame) -> pd.DataFrame:
    """resistance_index per group; over the view's own roll, its facts per employee are found once per
    inputs (the report's agencies, the headline and the brief's regions each group them)."""
    def facts(staff: pd.DataFrame) -> adoption.StaffFacts:
        # "Never active" and "stopped reporting" look back to January, not only to the span's start.
        return adoption.resistance_per_employee(staff, inputs.daily_month_ytd, win.workdays, inputs.skp, win.months,
                                                win.settles, month_before(inputs, win))
    if roster is inputs.roster:
        return adoption.resistance_from(inputs.derived(("resistance_facts", win.months), lambda: facts(roster)), by)
    return adoption.resistance_from(facts(roster), by)


def figures(inputs) -> dict | None:
    """The headline over the whole view (one pooled group), or None without data: active_share,
    compliance, timeliness, resistance_index, expected, active, working_days."""
    win = window(inputs)
    if not has_data(inputs, win):
        return None
    s = _summary(inputs, win, (), inputs.roster).iloc[0]
    r = _resistance(inputs, win, (), inputs.roster).iloc[0]
    return {"active_share": float(s["active_share"]), "compliance": float(s["compliance"]),
            "timeliness": float(s["timeliness_same_day"]), "resistance_index": float(r["resistance_index"]),
            "expected": int(s["expected"]), "active": int(s["active"]), "working_days": int(s["working_days"])}


def group_table(inputs, by: Sequence[str], roster: pd.DataFrame | None = None,
                names: Mapping | None = None) -> pd.DataFrame:
    """One row per group of `by` (groups come from the roll, `roster` or the view's): adoption_summary
    and the resistance index with its parts and their n; empty without data. With `names` (a single
    `by` column): also nama, group_id, too_small, status (the catalogue's, each agency against its own
    target where leaders set one), note and rank (1 = most resistance; too small = unranked), ranked first."""
    win = window(inputs)
    if not has_data(inputs, win):
        return pd.DataFrame()
    roster = inputs.roster if roster is None else roster
    by = list(by)
    out = _summary(inputs, win, by, roster).merge(
        _resistance(inputs, win, by, roster).drop(columns=["expected", "working_days"]), on=by, how="left")
    if names is None:
        return out
    column = by[0]
    out["nama"] = out[column].map(dict(names)).fillna(UNKNOWN).astype(str)
    out["group_id"] = out[column].astype("int64")
    out["too_small"] = too_small(out["expected"], int(inputs.settings["min_group_size"]))
    per_agency = column == "agency_id"
    out["status"] = [None if small else inputs.metric("resistance_index", g if per_agency else None).status(v)
                     for v, small, g in zip(out["resistance_index"], out["too_small"], out["group_id"])]
    out["note"] = np.where(out["too_small"], TOO_SMALL, "")
    ranked = out[~out["too_small"] & out["resistance_index"].notna()].sort_values(
        ["resistance_index", "nama"], ascending=[False, True])
    out["rank"] = pd.Series(np.arange(1, len(ranked) + 1), index=ranked.index).astype("Int64")
    out["_order"] = out["rank"].astype("float64").fillna(np.inf)
    return out.sort_values(["_order", "nama"]).drop(columns="_order").reset_index(drop=True)


def too_small(expected: pd.Series, minimum: int) -> pd.Series:
    return expected < max(minimum, 1)


def short_month(month: int) -> str:
    """yyyymm → 'Jan', 'Feb', … (the axis of a monthly chart)."""
    return adoption.month_label(month)[:3]


def heatmap(inputs, column: str, rows: int = HEATMAP_ROWS) -> tuple[pd.DataFrame, int]:
    """Daily-reporting compliance per group of `column` and month (long: group_id, nama, label, month,
    bulan, bulan_lengkap, compliance, period_compliance, expected, order), worst groups first and at most
    `rows` of them; also how many groups there were in all. Groups too small to judge come last,
    marked in their label."""
    win = window(inputs)
    if not has_data(inputs, win):
        return pd.DataFrame(), 0
    by = [column]
    overall = _summary(inputs, win, by, inputs.roster)
    overall["nama"] = overall[column].map(names_of(inputs, column)).fillna(UNKNOWN).astype(str)
    overall["too_small"] = too_small(overall["expected"], int(inputs.settings["min_group_size"]))
    overall = overall.sort_values(["too_small", "compliance", "nama"], na_position="last").reset_index(drop=True)
    total = len(overall)
    overall = overall.head(rows)
    overall["order"] = np.arange(len(overall))
    overall["label"] = np.where(overall["too_small"], overall["nama"] + " (terlalu kecil)", overall["nama"])
    monthly = adoption.monthly_compliance(inputs.roster, inputs.daily_month, win.workdays, win.months, by=by)
    long = monthly[[*by, "compliance", "month"]].merge(
        overall[[*by, "nama", "label", "expected", "order", "compliance"]].rename(
            columns={"compliance": "period_compliance"}), on=by)
    long["group_id"] = long[column].astype("int64")
    long["bulan"] = long["month"].map(short_month)
    long["bulan_lengkap"] = long["month"].map(adoption.month_label)
    return long.sort_values(["order", "month"]).reset_index(drop=True), total


def history(inputs, year_inputs) -> list[int]:
    """The year's reporting months (of `year_inputs`, the view's whole year) from January to the chosen
    period's last reporting month (of `inputs`); none when the period has no reporting month."""
    current = window(inputs)
    if not current.months:
        return []
    return [m for m in window(year_inputs).months if m <= current.months[-1]]


def _year_to_date(year_inputs, months: list[int]) -> pd.DataFrame | None:
    if not months or year_inputs.daily_month.empty or year_inputs.roster.empty:
        return None
    return year_inputs.daily_month[year_inputs.daily_month["month"] <= months[-1]]


def lifecycle(year_inputs, months: list[int]) -> pd.DataFrame:
    """Lifecycle counts per month of the year to date (month, bulan, state, label, employees, expected,
    share), and each month's cumulative share of staff who have started (started, started_share)."""
    dm = _year_to_date(year_inputs, months)
    if dm is None:
        return pd.DataFrame()
    counts = adoption.lifecycle_totals(year_inputs.roster, dm, months, by=())
    never = counts[counts["state"] == indicators.STATE_NEVER].set_index("month")
    counts["started"] = counts["month"].map(never["expected"] - never["employees"]).astype("int64")
    counts["started_share"] = counts["started"] / counts["expected"]
    counts["label"] = counts["state"].map(lambda s: indicators.ADOPTION[s].label)
    counts["bulan"] = counts["month"].map(short_month)
    counts["bulan_lengkap"] = counts["month"].map(adoption.month_label)
    return counts


def lifecycle_table(life: pd.DataFrame) -> pd.DataFrame:
    """The lifecycle counts wide: one row per month (month, bulan_lengkap), one column per state."""
    return (life.pivot_table(index=["month", "bulan_lengkap"], columns="state", values="employees", aggfunc="sum")
            .reset_index().sort_values("month"))


def reason_counts(listed: pd.DataFrame) -> pd.DataFrame:
    """The reminder list in counts per reason (never reported, stopped), for viewers who may not see names."""
    return listed.groupby("reason").size().rename("employees").reset_index()


def rogers(year_inputs, months: list[int]) -> pd.DataFrame:
    """Staff per Rogers adopter category (ranked by first report, January to the chosen period's end)."""
    dm = _year_to_date(year_inputs, months)
    if dm is None:
        return pd.DataFrame()
    return adoption.rogers_counts(adoption.rogers_categories(year_inputs.roster, dm), by=())


def nudges(year_inputs, months: list[int]) -> pd.DataFrame:
    """Staff to remind (never reported, or stopped), January to the chosen period's end: employee_id,
    jabatan_name, reason, last_active_month, last_active (label), region_id, agency_id, unit_id, unit
    (no names: the page adds them as the viewer may see them)."""
    dm = _year_to_date(year_inputs, months)
    if dm is None:
        return pd.DataFrame()
    win = window(year_inputs)
    settles = win.settling(months[-1])
    out = adoption.nudge_list(year_inputs.roster, dm, months, settles,
                              month_before(year_inputs, win) if settles else None)
    people = year_inputs.roster.set_index("employee_id")
    for column in ("jabatan_name", "region_id"):
        out[column] = out["employee_id"].map(people[column])
    out["unit"] = out["unit_id"].map(names_of(year_inputs, "unit_id"))
    out["last_active"] = [adoption.month_label(int(m)) if pd.notna(m) else "–" for m in out["last_active_month"]]
    return out


def nudge_counts(year_inputs, listed: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per group of `column`: staff expected to report, how many never reported and how many stopped
    (the reminder list in counts, for viewers who may not see names), most to remind first."""
    if "reason" not in listed.columns:  # nobody to remind
        listed = pd.DataFrame({"reason": pd.Series(dtype="str"), column: pd.Series(dtype="int64")})
    expected = year_inputs.roster.groupby(column).size().rename("expected")
    never = listed[listed["reason"] == adoption.REASON_NEVER].groupby(column).size().rename("never")
    stopped = listed[listed["reason"] != adoption.REASON_NEVER].groupby(column).size().rename("stopped")
    out = pd.concat([expected, never, stopped], axis=1).fillna(0).astype("int64").reset_index()
    out["nama"] = out[column].map(names_of(year_inputs, column)).fillna(UNKNOWN).astype(str)
    out["group_id"] = out[column].astype("int64")
    out["to_remind"] = out["never"] + out["stopped"]
    out["to_remind_share"] = out["to_remind"] / out["expected"]
    return out.sort_values(["to_remind", "nama"], ascending=[False, True]).reset_index(drop=True)
