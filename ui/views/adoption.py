"""Adopsi Perubahan (e-Kinerja adoption): the page's figures for one view, cached by small keys only
(the database URL, the page's Filters and the data version). Every number comes from
metrics.pipeline.adoption, the pipeline the report calls too; this module only caches it and picks the
grouping one level below the view."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.inputs import MetricInputs
from data_access.scope import Scope
from vocab.periods import previous_label, previous_period
from metrics.pipeline import adkar as adkar_pipeline
from metrics.pipeline import adoption as pipeline
from metrics.pipeline import mentoring as mentoring_pipeline
from ui import data, levels
from ui.frame import Filters

HEATMAP_ROWS = pipeline.HEATMAP_ROWS
KPI_IDS = ("active_share", "compliance", "timeliness", "resistance_index")
short_month = pipeline.short_month


def _chosen_inputs(url: str, chosen: Filters, version: tuple, year: int, period: str | None) -> MetricInputs:
    base = data.inputs(url, chosen.scope, year, period, version)
    return base.for_staff(chosen.statuses, chosen.jabatan_types)


def _current(url: str, chosen: Filters, version: tuple) -> MetricInputs:
    return _chosen_inputs(url, chosen, version, chosen.year, chosen.period)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def headline(url: str, chosen: Filters, version: tuple) -> dict:
    """KPI figures of the chosen period and of the period before (None where there is no data), the
    data's last day and the months used."""
    inputs = _current(url, chosen, version)
    win = pipeline.window(inputs)
    py, pp = previous_period(chosen.year, chosen.period)
    return {"current": pipeline.figures(inputs), "previous": pipeline.figures(_chosen_inputs(url, chosen, version, py, pp)),
            "previous_label": previous_label(chosen.year, chosen.period),
            "months": win.months, "data_end": win.data_end, "settles": win.settles,
            "min_group_size": int(inputs.settings["min_group_size"])}


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def groups(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """One row per group one level below the view (pipeline.group_table, ranked)."""
    inputs = _current(url, chosen, version)
    column = levels.group_for(chosen, inputs).column
    return pipeline.group_table(inputs, [column], names=levels.names(inputs, column))


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def adkar(url: str, chosen: Filters, version: tuple, viewer: Scope) -> adkar_pipeline.AdkarSignal:
    """The ADKAR pulse survey of the view, grouped one level below it (adkar_pipeline.signal). The survey
    is anonymous, so the status and jabatan filters cannot narrow its respondents: it is read over the
    view's whole staff, the response rate's staff included. The view's own group is judged among its
    siblings one level up, as far as the `viewer`'s scope goes (a unit guarded in its agency's table
    shows nothing when opened alone either)."""
    inputs = data.inputs(url, chosen.scope, chosen.year, chosen.period, version)
    before = data.inputs(url, chosen.scope, *previous_period(chosen.year, chosen.period), version)
    column = levels.group_for(chosen, inputs).column
    parent = data.inputs(url, levels.parent_scope(url, chosen, version, viewer), chosen.year, chosen.period, version)
    return adkar_pipeline.signal(inputs, before, column, levels.names(inputs, column), parent=parent)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def mentoring(url: str, chosen: Filters, version: tuple, viewer: Scope) -> pd.DataFrame:
    """Each mentoring activity of the view with its effect (mentoring_pipeline.effects: before and after,
    the difference in differences, n, verdict and sentence), for the chosen staff; the survey barriers
    around it judged as adkar() judges them, among the agency's units as far as the `viewer` sees (a unit
    guarded in its agency's table shows no barrier when opened alone either, nor an agency hidden among its
    region's)."""
    parent = data.inputs(url, levels.parent_scope(url, chosen, version, viewer), chosen.year, chosen.period, version)
    return mentoring_pipeline.effects(_current(url, chosen, version), parent=parent)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def activity_marks(url: str, chosen: Filters, version: tuple, viewer: Scope) -> pd.DataFrame:
    """The view's activities as marks on the adoption curve (its months: January to the period's end)."""
    return mentoring_pipeline.marks(mentoring(url, chosen, version, viewer), _history(url, chosen, version)[1])


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def heatmap(url: str, chosen: Filters, version: tuple) -> tuple[pd.DataFrame, int]:
    """Compliance per group one level below the view and month (pipeline.heatmap)."""
    inputs = _current(url, chosen, version)
    return pipeline.heatmap(inputs, levels.group_for(chosen, inputs).column)


def _history(url: str, chosen: Filters, version: tuple) -> tuple[MetricInputs, list[int]]:
    """The year's inputs for the chosen staff, and its months from January to the chosen period's end."""
    year_inputs = _chosen_inputs(url, chosen, version, chosen.year, None)
    return year_inputs, pipeline.history(_current(url, chosen, version), year_inputs)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def lifecycle(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    return pipeline.lifecycle(*_history(url, chosen, version))


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def rogers(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    return pipeline.rogers(*_history(url, chosen, version))


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def nudges(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """Staff to remind; names are added by the page (levels.with_names) as the viewer may see them."""
    return pipeline.nudges(*_history(url, chosen, version))


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def nudge_counts(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """The reminder list in counts per group one level below the view."""
    inputs, months = _history(url, chosen, version)
    listed = nudges(url, chosen, version)
    if listed.empty and not months:
        return pd.DataFrame()
    return pipeline.nudge_counts(inputs, listed, levels.group_for(chosen, inputs).column)
