"""Ringkasan's computations, cached by small values (url, filters, data version): the leadership
scorecard of the view, one row per agency (or per unit inside one agency)."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from vocab.clock import now_wib
from vocab.periods import previous_period
from metrics.report import build_report
from metrics.scorecard import scorecard, signals_frame
from ui import data, levels


def report_level(url: str, chosen, version: tuple) -> str:
    """Agencies for the province or a region; units inside one agency, and as soon as the view holds a
    single agency (an agency head's whole scope), as ui.levels.group_for skips a level of one group."""
    grouping = levels.group_for(chosen, data.inputs_for(url, chosen, version))
    return "unit" if grouping.column == levels.UNIT else "agency"


def _signals(url: str, chosen, version: tuple, level: str) -> tuple[pd.DataFrame, dict]:
    inputs = data.inputs_for(url, chosen, version)
    payload = build_report(inputs, now_wib(), level=level, period=chosen.period)
    return signals_frame(payload), payload


@st.cache_resource(ttl=3600, max_entries=32, show_spinner="Menghitung kartu skor…")
def scorecard_view(url: str, chosen, version: tuple) -> tuple[pd.DataFrame, str | None]:
    """The scorecard (metrics.scorecard) of the view with the change since the previous period, each
    row carrying its agency_id (and unit_id) so a click can drill down; and the appraisal period used."""
    level = report_level(url, chosen, version)  # the previous period is compared at the same level
    current, payload = _signals(url, chosen, version, level)
    year, period = previous_period(chosen.year, chosen.period)
    previous, _ = _signals(url, replace(chosen, year=year, period=period), version, level)
    inputs = data.inputs_for(url, chosen, version)
    ids = inputs.agencies.rename(columns={"agency": "agency_name"})[["region", "agency_name", "agency_id"]]
    current = current.merge(ids, on=["region", "agency_name"], how="left")
    card = scorecard(current, previous, min_group_size=int(inputs.settings["min_group_size"]),
                     targets=inputs.targets, year=inputs.year)
    if "unit_name" in card.columns:
        units = inputs.units.rename(columns={"unit": "unit_name"})[["agency_id", "unit_name", "unit_id"]]
        card = card.merge(units, on=["agency_id", "unit_name"], how="left")
    return card, payload["appraisal_period"]
