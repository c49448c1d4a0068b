"""Ringkasan's computations, cached by small values (url, filters, data version): the leadership
scorecard of the view, one row per agency (or per unit inside one agency), and the brief (what changed
since the previous period, the headline per signal) that the page shows and hands out as a PDF."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from vocab.clock import now_wib
from vocab.periods import previous_period
from metrics import brief, scorecard
from ui import data
from ui.charts import brief as brief_charts
from vocab.document import Section


def report_level(url: str, chosen, version: tuple) -> str:
    """Agencies for the province or a region; units inside one agency, and as soon as the view holds a
    single agency (an agency head's whole scope), as ui.levels.group_for skips a level of one group."""
    return scorecard.level_of(data.inputs_for(url, chosen, version))


def _previous(url: str, chosen, version: tuple):
    year, period = previous_period(chosen.year, chosen.period)
    return data.inputs_for(url, replace(chosen, year=year, period=period), version), period


@st.cache_resource(ttl=3600, max_entries=32, show_spinner="Menghitung kartu skor…")
def _scorecard(url: str, chosen, version: tuple) -> scorecard.ScorecardView:
    before, period = _previous(url, chosen, version)
    return scorecard.view(data.inputs_for(url, chosen, version), before, now_wib(), chosen.period, period)


def scorecard_view(url: str, chosen, version: tuple) -> tuple[pd.DataFrame, str | None]:
    """The scorecard (metrics.scorecard.view) of the view with the change since the previous period, each
    row carrying its agency_id (and unit_id) so a click can drill down; and the appraisal period used."""
    card = _scorecard(url, chosen, version)
    return card.card, card.appraisal_period


def _year_before(url: str, chosen, version: tuple):
    return data.inputs(url, chosen.scope, chosen.year - 1, None, version).for_staff(
        chosen.statuses, chosen.jabatan_types)


@st.cache_resource(ttl=3600, max_entries=32, show_spinner="Menyusun ringkasan…")
def brief_view(url: str, chosen, version: tuple) -> brief.Brief:
    """The brief of the view (metrics.brief): the same scorecard, the headline of each signal and what
    changed since the previous period."""
    before, _ = _previous(url, chosen, version)
    return brief.build(data.inputs_for(url, chosen, version), before, _year_before(url, chosen, version),
                       chosen.period, _scorecard(url, chosen, version), unit_level=chosen.level == "unit")


@st.cache_resource(ttl=3600, max_entries=32, show_spinner=False)
def brief_charts_view(url: str, chosen, version: tuple) -> tuple[Section, ...]:
    """The key chart of each signal page for the brief, drawn (ui.charts.brief, as the command draws them)."""
    return brief_charts.sections(data.inputs_for(url, chosen, version), _year_before(url, chosen, version),
                                 chosen.period, unit_level=chosen.level == "unit")
