"""Ringkasan's computations, cached by small values (url, filters, data version): the leadership
scorecard of the view, one row per agency (or per unit inside one agency)."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from data_access.config import now_wib
from metrics.periods import previous_period
from metrics.report import build_report
from metrics.scorecard import scorecard, signals_frame
from ui import data


def report_level(chosen) -> str:
    """Agencies for the province or a region; units inside one agency."""
    return "agency" if chosen.level in ("province", "region") else "unit"


def _signals(url: str, chosen, version: tuple) -> tuple[pd.DataFrame, dict]:
    inputs = data.inputs_for(url, chosen, version)
    payload = build_report(inputs, now_wib(), level=report_level(chosen), period=chosen.period)
    return signals_frame(payload), payload


@st.cache_resource(ttl=3600, max_entries=32, show_spinner="Menghitung kartu skor…")
def scorecard_view(url: str, chosen, version: tuple) -> tuple[pd.DataFrame, str | None]:
    """The scorecard (metrics.scorecard) of the view with the change since the previous period, each
    row carrying its agency_id (and unit_id) so a click can drill down; and the appraisal period used."""
    current, payload = _signals(url, chosen, version)
    year, period = previous_period(chosen.year, chosen.period)
    previous, _ = _signals(url, replace(chosen, year=year, period=period), version)
    inputs = data.inputs_for(url, chosen, version)
    ids = inputs.agencies.rename(columns={"agency": "agency_name"})[["region", "agency_name", "agency_id"]]
    current = current.merge(ids, on=["region", "agency_name"], how="left")
    card = scorecard(current, previous, min_group_size=int(inputs.settings["min_group_size"]),
                     targets=inputs.targets, year=inputs.year)
    if "unit_name" in card.columns:
        units = inputs.units.rename(columns={"unit": "unit_name"})[["agency_id", "unit_name", "unit_id"]]
        card = card.merge(units, on=["agency_id", "unit_name"], how="left")
    return card, payload["appraisal_period"]
