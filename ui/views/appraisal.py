"""Kinerja Pegawai: the appraisal view of one set of filters, cached by small keys only (database URL,
Filters, data version). Every number comes from metrics.pipeline.appraisal, the pipeline the report
calls too; this module only caches it and adds the page's labels."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from metrics import appraisal as ap
from vocab.periods import period_label
from metrics.pipeline import appraisal as pipeline
from metrics.pipeline.appraisal import (  # noqa: F401 (the page reads the column names from here)
    COMPLIANT_TEXT, FAILED_TEXT, FAILING, FAILING_NAMES, FLAG, GROUP_ID, JUDGED, LABEL, NAME, NOT_RATED_SHARE,
    SHARE, Kpis,
)
from ui import data, levels


@dataclass(frozen=True)
class AppraisalView:
    period: str | None  # the appraisal period shown (None: no appraisal in the year)
    period_text: str  # e.g. "Triwulan III 2026"
    period_defaulted: bool  # True when the Periode filter was empty and the pipeline picked it
    previous_text: str | None  # the period the change is measured against
    kpis: Kpis | None
    previous: Kpis | None
    groups: pd.DataFrame  # one row per group one level below the view
    marks: pd.DataFrame  # rule positions per group (rule_positions + group_id, nama, label)
    failing_agencies: pd.DataFrame  # every agency in the view whose curve is broken
    agency_verdicts: pd.DataFrame  # the curve's verdict per agency of the view
    quadrant: pd.DataFrame  # quadrant_counts over the view
    trend: pd.DataFrame  # predikat_trend over the view's year, with a period label
    staff: pd.DataFrame  # at unit level: one row per employee of the unit
    min_group: int = ap.DEFAULT_MIN_GROUP_SIZE  # the setting: smaller groups are not judged


@st.cache_data(ttl=3600, show_spinner="Menghitung sebaran predikat…", max_entries=64)
def view(url: str, chosen, version: tuple) -> AppraisalView:
    """Everything the Kinerja Pegawai page shows for these filters."""
    inputs = data.inputs_for(url, chosen, version)
    before = data.inputs(url, chosen.scope, chosen.year - 1, None, version).for_staff(
        chosen.statuses, chosen.jabatan_types)
    sig = pipeline.signal(inputs, before, levels.group_for(chosen, inputs).column, chosen.period,
                          unit_level=chosen.level == "unit")
    if sig is None:
        empty = pd.DataFrame()
        return AppraisalView(None, "", False, None, None, None, empty, empty, empty, empty, empty, empty, empty)
    trend = sig.trend
    if not trend.empty:
        trend = trend.assign(period_label=[f"{period_label(p)} {y}" for y, p in zip(trend["year"], trend["period"])])
    return AppraisalView(
        period=sig.period, period_text=f"{period_label(sig.period)} {inputs.year}",
        period_defaulted=chosen.period is None,
        previous_text=None if sig.previous is None else f"{period_label(sig.previous_period)} {sig.previous_year}",
        kpis=sig.kpis, previous=sig.previous, groups=sig.groups, marks=sig.marks,
        failing_agencies=sig.failing_agencies, agency_verdicts=sig.agency_verdicts, quadrant=sig.quadrant, trend=trend, staff=sig.staff,
        min_group=sig.min_group)
