"""Kinerja Pegawai: the appraisal view of one set of filters, computed once and cached.

Keyed only by small values (database URL, Filters, data version). Every figure comes from
metrics.appraisal, combined the way metrics.report does (the chosen period's appraisals plus a
not-yet-rated row for everyone on the roll without one), so the page and the report agree.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from data_access import codes, reads
from data_access.db import get_engine
from data_access.scope import Scope
from metrics import appraisal as ap
from metrics.periods import period_label
from ui import data, levels

SHARE = {p: f"share::{p}" for p in codes.PREDIKAT_ORDER}  # share columns beside the count columns
NOT_RATED_SHARE = "share_not_rated"
GROUP_ID, NAME, FLAG, LABEL = "group_id", "nama", "flagged", "label"
FAILED_TEXT, COMPLIANT_TEXT = "failed_text", "compliant_text"
JUDGED, FAILING, FAILING_NAMES = "agencies_judged", "agencies_failing", "failing_names"


@dataclass(frozen=True)
class Kpis:
    curve_compliant: float
    share_sangat_baik: float
    share_not_rated: float
    judged: int  # groups whose curve could be judged
    groups: int  # groups in the view (agencies, or units at unit level)
    group_word: str  # "OPD" or "unit"


@dataclass(frozen=True)
class AppraisalView:
    period: str | None  # the appraisal period shown (None: no appraisal in the year)
    period_text: str  # e.g. "Triwulan III 2026"
    period_defaulted: bool  # True when the Periode filter was empty and choose_period picked it
    previous_text: str | None  # the period the change is measured against
    kpis: Kpis | None
    previous: Kpis | None
    groups: pd.DataFrame  # one row per group one level below the view
    marks: pd.DataFrame  # rule positions per group (rule_positions + group_id, nama, label)
    failing_agencies: pd.DataFrame  # every agency in the view whose curve is broken
    quadrant: pd.DataFrame  # quadrant_counts over the view
    trend: pd.DataFrame  # predikat_trend over the view's year, with a period label
    staff: pd.DataFrame  # at unit level: one row per employee of the unit
    min_group: int = ap.DEFAULT_MIN_GROUP_SIZE  # the setting: smaller groups are not judged


def kpis(rows: pd.DataFrame, orgs: pd.DataFrame, min_group: int, unit_level: bool, rules=None) -> Kpis:
    """The three tiles for one period's rows: curve compliance over the judged agencies (units when one
    unit is chosen), the share of Sangat Baik among the rated, the share not yet rated."""
    by = [ap.AGENCY_ID, ap.UNIT_ID] if unit_level else [ap.AGENCY_ID]
    dist = ap.predikat_distribution(rows, by=by)
    comp = ap.curve_compliance(dist, orgs, min_group_size=min_group, by=by, rules=rules)
    rated, total = int(dist[ap.RATED].sum()), int(dist[ap.TOTAL].sum())
    return Kpis(
        curve_compliant=ap.compliant_share(comp),
        share_sangat_baik=int(dist[codes.PREDIKAT_SANGAT_BAIK].sum()) / rated if rated else float("nan"),
        share_not_rated=int(dist[codes.NOT_RATED].sum()) / total if total else float("nan"),
        judged=int(comp[ap.COMPLIANT].notna().sum()), groups=len(comp),
        group_word="unit" if unit_level else "OPD",
    )


def _with_shares(dist: pd.DataFrame) -> pd.DataFrame:
    shares = ap.predikat_shares(dist)
    out = dist.copy()
    for p in codes.PREDIKAT_ORDER:
        out[SHARE[p]] = shares[p].to_numpy()
    total = out[ap.TOTAL].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out[NOT_RATED_SHARE] = np.where(total > 0, out[codes.NOT_RATED].to_numpy() / total, np.nan)
    return out


def _rules_text(rules) -> str:
    return "; ".join(rules) if len(rules) else ""


def agency_compliance(rows: pd.DataFrame, orgs: pd.DataFrame, min_group: int,
                      by: list[str], rules=None) -> pd.DataFrame:
    """Distribution, shares and curve compliance per agency (or agency and unit) under `rules`."""
    dist = _with_shares(ap.predikat_distribution(rows, by=by))
    comp = ap.curve_compliance(dist, orgs, min_group_size=min_group, by=by, rules=rules)
    infl = ap.inflation_view(dist[[*by, *codes.PREDIKAT_ORDER, ap.RATED, ap.TOTAL, codes.NOT_RATED]],
                             min_group_size=min_group)
    out = dist.copy()
    for column in (ap.ORG_PREDIKAT, ap.STATUS, ap.COMPLIANT, ap.FAILED_RULES, ap.LARGEST_GROUP_WARNING):
        out[column] = comp[column].to_numpy()
    out[ap.RANK] = infl[ap.RANK].to_numpy()
    out[ap.TOO_SMALL] = infl[ap.TOO_SMALL].to_numpy()
    out[FAILED_TEXT] = [_rules_text(r) for r in out[ap.FAILED_RULES]]
    out[COMPLIANT_TEXT] = [("–" if c is None or c is pd.NA else ("ya" if c else "tidak"))
                           for c in out[ap.COMPLIANT]]
    out[FLAG] = [c is False or c is np.False_ for c in out[ap.COMPLIANT]]
    return out


def _groups(rows, orgs, inputs, grouping, min_group) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per group one level below the view, and the agency-level compliance of the view."""
    rules = inputs.distribution_rules
    agencies = agency_compliance(rows, orgs, min_group, [ap.AGENCY_ID], rules)
    if grouping.column == levels.AGENCY:
        groups = agencies.copy()
    elif grouping.column == levels.UNIT:
        groups = agency_compliance(rows, orgs, min_group, [ap.AGENCY_ID, ap.UNIT_ID], rules)
    else:  # regions: no organisation predikat of their own; they count their agencies' verdicts
        groups = _with_shares(ap.predikat_distribution(levels.with_region(rows, inputs), by=[levels.REGION]))
        per_agency = levels.with_region(agencies, inputs)
        agency_names = levels.names(inputs, levels.AGENCY)
        counted = per_agency.groupby(levels.REGION).agg(
            **{JUDGED: (ap.COMPLIANT, lambda s: int(s.notna().sum())),
               FAILING: (FLAG, "sum")})
        failing = per_agency[per_agency[FLAG]].groupby(levels.REGION)[ap.AGENCY_ID].agg(
            lambda ids: "; ".join(sorted(agency_names.get(i, "(tidak diketahui)") for i in ids)))
        groups[JUDGED] = groups[levels.REGION].map(counted[JUDGED]).fillna(0).astype(int)
        groups[FAILING] = groups[levels.REGION].map(counted[FAILING]).fillna(0).astype(int)
        groups[FAILING_NAMES] = [failing.get(r, "") for r in groups[levels.REGION]]
        groups[FLAG] = groups[FAILING] > 0
        groups[ap.TOO_SMALL] = groups[ap.RATED] < max(min_group, 1)
    groups = levels.named(groups, inputs, grouping, NAME)
    groups[GROUP_ID] = groups[grouping.column]
    groups[LABEL] = [_label(r, grouping.column) for r in groups.to_dict("records")]
    # Broken curves first, then the most generous with Sangat Baik; too-small groups last, never ranked.
    groups = groups.assign(_small=groups[ap.TOO_SMALL].astype(bool),
                           _sb=groups[SHARE[codes.PREDIKAT_SANGAT_BAIK]].fillna(-1))
    groups = groups.sort_values(["_small", FLAG, "_sb", NAME], ascending=[True, False, False, True],
                                kind="stable").drop(columns=["_small", "_sb"]).reset_index(drop=True)
    return groups, agencies


def _label(row: dict, column: str) -> str:
    """The group's name on the chart's axis, with its verdict when it needs attention."""
    name = row[NAME]
    if column == levels.REGION:
        return f"{name} ({row[FAILING]} OPD tidak patuh)" if row[FAILING] else name
    if row[FLAG]:
        return f"{name} (tidak patuh)"
    if row.get(ap.STATUS) == ap.STATUS_TOO_SMALL:
        return f"{name} (terlalu kecil)"
    return name


def _marks(groups: pd.DataFrame, rules=None) -> pd.DataFrame:
    if ap.ORG_PREDIKAT not in groups.columns or groups.empty:
        return pd.DataFrame(columns=[GROUP_ID, NAME, LABEL, ap.ORG_PREDIKAT, ap.RULE_ID, ap.RULE_DESCRIPTION,
                                     ap.RULE_START, ap.RULE_POSITION, ap.RULE_PASSED])
    judged = groups[groups[ap.COMPLIANT].notna()]
    shares = pd.DataFrame({GROUP_ID: judged[GROUP_ID].to_numpy(), NAME: judged[NAME].to_numpy(),
                           LABEL: judged[LABEL].to_numpy(),
                           **{p: judged[SHARE[p]].to_numpy() for p in codes.PREDIKAT_ORDER},
                           ap.RATED: judged[ap.RATED].to_numpy()})
    return ap.rule_positions(shares, judged[ap.ORG_PREDIKAT].reset_index(drop=True), rules)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def _previous_year(url: str, scope: Scope, year: int, version: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    engine = get_engine(url)
    return reads.appraisals(engine, scope, year), reads.org_ratings(engine, scope, year)


@st.cache_data(ttl=3600, show_spinner="Menghitung sebaran predikat…", max_entries=64)
def view(url: str, chosen, version: tuple) -> AppraisalView:
    """Everything the Kinerja Pegawai page shows for these filters."""
    inputs = data.inputs_for(url, chosen, version)
    grouping = levels.group_for(chosen, inputs)
    min_group = int(inputs.settings["min_group_size"])
    unit_level = chosen.level == "unit"
    appraisals = inputs.appraisals
    period = ap.choose_period(appraisals, inputs.year, chosen.period)
    if period is not None and appraisals[appraisals["period"] == period].empty:
        period = None  # the chosen quarter has no appraisal at all
    empty = pd.DataFrame()
    if period is None:
        return AppraisalView(None, "", False, None, None, None, empty, empty, empty, empty, empty, empty)

    roster = inputs.appraisal_roster(period)  # whom the period rates: its own last day's roll
    rows = ap.period_rows(appraisals, roster, inputs.year, period)
    orgs = inputs.org_ratings[inputs.org_ratings["period"] == period]
    rules = inputs.distribution_rules
    current = kpis(rows, orgs, min_group, unit_level, rules)

    # The change is measured against the previous appraisal period: earlier in the year, else the
    # previous year's last one.
    prev_year, prev_period = inputs.year, ap.previous_appraisal_period(appraisals, inputs.year, period)
    prev_appraisals, prev_orgs = appraisals, inputs.org_ratings
    if prev_period is None:
        prev_year = inputs.year - 1
        prev_appraisals, prev_orgs = _previous_year(url, chosen.scope, prev_year, version)
        prev_period = ap.choose_period(prev_appraisals, prev_year) if not prev_appraisals.empty else None
    previous, previous_text = None, None
    if prev_period is not None:
        # Each period over its own roll (with the view's staff filter, as inputs carry it).
        prev_roster = inputs.appraisal_roster(prev_period, prev_year)
        previous = kpis(ap.period_rows(prev_appraisals, prev_roster, prev_year, prev_period),
                        prev_orgs[(prev_orgs["year"] == prev_year) & (prev_orgs["period"] == prev_period)],
                        min_group, unit_level, rules)
        previous_text = f"{period_label(prev_period)} {prev_year}"

    groups, agencies = _groups(rows, orgs, inputs, grouping, min_group)
    failing = levels.with_region(agencies[agencies[FLAG]], inputs)
    failing = levels.named(failing, inputs, levels.Grouping(levels.AGENCY, "OPD", "f_agency"), NAME)
    failing = levels.named(failing, inputs, levels.Grouping(levels.REGION, "Daerah", "f_region"), "daerah")
    failing = failing.sort_values(["daerah", NAME]).reset_index(drop=True)

    year_rows = appraisals[appraisals["year"] == inputs.year]
    trend = ap.predikat_trend(year_rows, by=[]) if not year_rows.empty else empty
    if not trend.empty:
        trend = trend.assign(period_label=[f"{period_label(p)} {y}" for y, p in zip(trend["year"], trend["period"])])

    staff = empty
    if unit_level:
        staff = rows.merge(roster[["employee_id", "jabatan_name", "status"]], on="employee_id", how="left")
        rank = {p: i for i, p in enumerate(codes.PREDIKAT_ORDER)}
        staff = staff.assign(predikat=staff["predikat"].fillna(codes.NOT_RATED),
                             _order=staff["predikat"].map(rank).fillna(-1))
        staff = staff.sort_values(["_order", "employee_id"], ascending=[False, True]).drop(columns="_order")
        staff = staff.reset_index(drop=True)

    return AppraisalView(
        period=period, period_text=f"{period_label(period)} {inputs.year}",
        period_defaulted=chosen.period is None, previous_text=previous_text,
        kpis=current, previous=previous, groups=groups, marks=_marks(groups, rules), failing_agencies=failing,
        quadrant=ap.quadrant_counts(rows, by=[]), trend=trend, staff=staff, min_group=min_group,
    )
