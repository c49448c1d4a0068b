"""Cached computations of the "Adopsi Perubahan" page (e-Kinerja adoption), keyed only by small values:
the database URL, the page's Filters and the data version.

Two spans of e-Kinerja history are used, and the page says which is which:
- the chosen period (year or triwulan), months up to the last day with data: KPI tiles, the compliance
  heatmap and the resistance index, computed as metrics.report computes them (same numbers);
- the year to date, January up to the end of the chosen period: the adoption curve, lifecycle states,
  Rogers categories and the nudge list, because "first time", "came back" and "stopped since" need the
  months before the period.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import streamlit as st

from data_access.inputs import MetricInputs
from metrics import adoption
from metrics.catalogue import TOO_SMALL
from metrics.periods import period_label, previous_period
from ui import data, levels
from ui.frame import Filters

HEATMAP_ROWS = 25  # at most this many groups in the heatmap (worst first); the table has them all
KPI_IDS = ("active_share", "compliance", "timeliness", "resistance_index")


@dataclass(frozen=True)
class Window:
    """The months of a span that have working days up to the last day with data."""

    months: tuple[int, ...]
    workdays: pd.Series
    data_end: date


def window(inputs: MetricInputs) -> Window:
    """The reporting months of the inputs, as metrics.report chooses them (computed once per inputs)."""
    return inputs.derived("adoption_window", lambda: _window(inputs))


def _window(inputs: MetricInputs) -> Window:
    workdays, months, end = adoption.reporting_window(inputs)
    return Window(tuple(months), workdays, end)


def has_data(inputs: MetricInputs, win: Window) -> bool:
    """Figures exist only with e-Kinerja rows and a month with working days (else no figures, not zeros)."""
    return bool(win.months) and not inputs.daily_month.empty and not inputs.roster.empty


def previous_label(year: int, period: str | None) -> str:
    py, pp = previous_period(year, period)
    return f"{period_label(pp)} {py}" if pp else f"tahun {py}"


def _chosen_inputs(url: str, chosen: Filters, version: tuple, year: int, period: str | None) -> MetricInputs:
    base = data.inputs(url, chosen.scope, year, period, version)
    return base.for_staff(chosen.statuses, chosen.jabatan_types)


def _figures(inputs: MetricInputs, win: Window) -> dict | None:
    """The four KPI figures over the whole view (one pooled group), or None without data."""
    if not has_data(inputs, win):
        return None
    summary = adoption.adoption_summary(inputs.roster, inputs.daily_month, win.workdays, win.months, by=())
    resistance = adoption.resistance_index(inputs.roster, inputs.daily_month_ytd, win.workdays, inputs.skp,
                                           win.months, by=())
    s, r = summary.iloc[0], resistance.iloc[0]
    return {"active_share": float(s["active_share"]), "compliance": float(s["compliance"]),
            "timeliness": float(s["timeliness_same_day"]), "resistance_index": float(r["resistance_index"]),
            "expected": int(s["expected"]), "active": int(s["active"]), "working_days": int(s["working_days"])}


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def headline(url: str, chosen: Filters, version: tuple) -> dict:
    """KPI figures of the chosen period and of the period before (None where there is no data), the
    data's last day and the months used."""
    inputs = _chosen_inputs(url, chosen, version, chosen.year, chosen.period)
    win = window(inputs)
    py, pp = previous_period(chosen.year, chosen.period)
    before = _chosen_inputs(url, chosen, version, py, pp)
    return {"current": _figures(inputs, win), "previous": _figures(before, window(before)),
            "previous_label": previous_label(chosen.year, chosen.period),
            "months": win.months, "data_end": win.data_end,
            "min_group_size": int(inputs.settings["min_group_size"])}


def _summary(inputs: MetricInputs, win: Window, column: str) -> pd.DataFrame:
    """adoption_summary per group of `column`, computed once per inputs (the bars and the heatmap share it)."""
    return inputs.derived(("adoption_summary", column), lambda: adoption.adoption_summary(
        inputs.roster, inputs.daily_month, win.workdays, win.months, by=[column]))


def _too_small(expected: pd.Series, min_size: int) -> pd.Series:
    return expected < max(min_size, 1)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def groups(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """One row per group one level below the view: adoption summary and resistance index with its parts
    and their n, the catalogue status, too_small, and rank (1 = most resistance; too small = unranked)."""
    inputs = _chosen_inputs(url, chosen, version, chosen.year, chosen.period)
    win = window(inputs)
    if not has_data(inputs, win):
        return pd.DataFrame()
    grouping = levels.group_for(chosen, inputs)
    by = [grouping.column]
    summary = _summary(inputs, win, grouping.column)
    resistance = adoption.resistance_index(inputs.roster, inputs.daily_month_ytd, win.workdays, inputs.skp,
                                           win.months, by=by)
    out = summary.merge(resistance.drop(columns=["expected", "working_days"]), on=by, how="left")
    out = levels.named(out, inputs, grouping)
    out["group_id"] = out[grouping.column].astype("int64")
    out["too_small"] = _too_small(out["expected"], int(inputs.settings["min_group_size"]))
    # Each agency against its own target where leaders set one (metric_targets), else the province's.
    per_agency = grouping.column == levels.AGENCY
    out["status"] = [None if small else inputs.metric("resistance_index", g if per_agency else None).status(v)
                     for v, small, g in zip(out["resistance_index"], out["too_small"], out["group_id"])]
    out["note"] = np.where(out["too_small"], TOO_SMALL, "")
    ranked = out[~out["too_small"] & out["resistance_index"].notna()].sort_values(
        ["resistance_index", "nama"], ascending=[False, True])
    out["rank"] = pd.Series(np.arange(1, len(ranked) + 1), index=ranked.index).astype("Int64")
    out["_order"] = out["rank"].astype("float64").fillna(np.inf)
    return out.sort_values(["_order", "nama"]).drop(columns="_order").reset_index(drop=True)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def heatmap(url: str, chosen: Filters, version: tuple) -> tuple[pd.DataFrame, int]:
    """Daily-reporting compliance per group and month (long: group_id, nama, month, bulan, compliance,
    expected, order), worst groups first and at most HEATMAP_ROWS of them; also how many groups there
    were in all. Groups too small to judge come last, marked in their name."""
    inputs = _chosen_inputs(url, chosen, version, chosen.year, chosen.period)
    win = window(inputs)
    if not has_data(inputs, win):
        return pd.DataFrame(), 0
    grouping = levels.group_for(chosen, inputs)
    by = [grouping.column]
    overall = levels.named(_summary(inputs, win, grouping.column), inputs, grouping)
    overall["too_small"] = _too_small(overall["expected"], int(inputs.settings["min_group_size"]))
    overall = overall.sort_values(["too_small", "compliance", "nama"], na_position="last").reset_index(drop=True)
    total = len(overall)
    overall = overall.head(HEATMAP_ROWS)
    overall["order"] = np.arange(len(overall))
    overall["label"] = np.where(overall["too_small"], overall["nama"] + " (terlalu kecil)", overall["nama"])
    monthly = adoption.monthly_compliance(inputs.roster, inputs.daily_month, win.workdays, win.months, by=by)
    long = monthly[[*by, "compliance", "month"]].merge(
        overall[[*by, "label", "expected", "order", "compliance"]].rename(columns={"compliance": "period_compliance"}),
        on=by)
    long["group_id"] = long[grouping.column].astype("int64")
    long["bulan"] = long["month"].map(short_month)
    long["bulan_lengkap"] = long["month"].map(adoption.month_label)
    return long.sort_values(["order", "month"]).reset_index(drop=True), total


def short_month(month: int) -> str:
    """yyyymm → 'Jan', 'Feb', … (the axis of a monthly chart)."""
    return adoption.month_label(month)[:3]


def _history(url: str, chosen: Filters, version: tuple) -> tuple[MetricInputs, list[int]]:
    """The year's inputs for the chosen staff and the year's months from January to the chosen period's
    last reporting month."""
    current = window(_chosen_inputs(url, chosen, version, chosen.year, chosen.period))
    year_inputs = _chosen_inputs(url, chosen, version, chosen.year, None)
    if not current.months:
        return year_inputs, []
    year_window = window(year_inputs)
    return year_inputs, [m for m in year_window.months if m <= current.months[-1]]


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def lifecycle(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """Lifecycle counts per month of the year to date (month, bulan, state, label, employees, expected,
    share), and each month's cumulative share of staff who have started (started, started_share)."""
    inputs, months = _history(url, chosen, version)
    if not months or inputs.daily_month.empty or inputs.roster.empty:
        return pd.DataFrame()
    dm = inputs.daily_month[inputs.daily_month["month"] <= months[-1]]
    counts = adoption.lifecycle_totals(inputs.roster, dm, months, by=())
    never = counts[counts["state"] == adoption.STATE_NEVER].set_index("month")
    counts["started"] = counts["month"].map(never["expected"] - never["employees"]).astype("int64")
    counts["started_share"] = counts["started"] / counts["expected"]
    counts["label"] = counts["state"].map(lambda s: adoption.INDICATORS[s].label)
    counts["bulan"] = counts["month"].map(short_month)
    counts["bulan_lengkap"] = counts["month"].map(adoption.month_label)
    return counts


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def rogers(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """Staff per Rogers adopter category (ranked by first report, January to the chosen period's end)."""
    inputs, months = _history(url, chosen, version)
    if not months or inputs.daily_month.empty or inputs.roster.empty:
        return pd.DataFrame()
    dm = inputs.daily_month[inputs.daily_month["month"] <= months[-1]]
    return adoption.rogers_counts(adoption.rogers_categories(inputs.roster, dm), by=())


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def nudges(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """Staff to remind (never reported, or stopped), from January to the chosen period's end: employee_id,
    jabatan_name, reason, last_active_month, last_active (label), the group columns and names."""
    inputs, months = _history(url, chosen, version)
    if not months or inputs.daily_month.empty or inputs.roster.empty:
        return pd.DataFrame()
    dm = inputs.daily_month[inputs.daily_month["month"] <= months[-1]]
    out = adoption.nudge_list(inputs.roster, dm, months)
    people = inputs.roster.set_index("employee_id")
    for column in ("jabatan_name", "region_id"):  # names: levels.with_names, as the viewer may see them
        out[column] = out["employee_id"].map(people[column])
    out["unit"] = out["unit_id"].map(levels.names(inputs, levels.UNIT))
    out["last_active"] = [adoption.month_label(int(m)) if pd.notna(m) else "–" for m in out["last_active_month"]]
    return out


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def nudge_counts(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """Per group one level below the view: staff expected to report, how many never reported and how many
    stopped (the nudge list in counts, for viewers who may not see names)."""
    inputs, months = _history(url, chosen, version)
    listed = nudges(url, chosen, version)
    if listed.empty and not months:
        return pd.DataFrame()
    grouping = levels.group_for(chosen, inputs)
    col = grouping.column
    expected = inputs.roster.groupby(col).size().rename("expected")
    never = listed[listed["reason"] == adoption.REASON_NEVER].groupby(col).size().rename("never")
    stopped = listed[listed["reason"] != adoption.REASON_NEVER].groupby(col).size().rename("stopped")
    out = pd.concat([expected, never, stopped], axis=1).fillna(0).astype("int64").reset_index()
    out = levels.named(out, inputs, grouping)
    out["group_id"] = out[col].astype("int64")
    out["to_remind"] = out["never"] + out["stopped"]
    out["to_remind_share"] = out["to_remind"] / out["expected"]
    return out.sort_values(["to_remind", "nama"], ascending=[False, True]).reset_index(drop=True)
