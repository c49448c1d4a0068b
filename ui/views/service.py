"""Pelayanan Publik: the service figures of one view, cached by small keys only (database URL, Filters,
data version). Every number comes from metrics.pipeline.service, the pipeline the report calls too;
this module only caches it and adds the page's labels."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from vocab import ikm
from data_access.scope import narrowed
from vocab.settings import DEFAULT_MIN_GROUP_SIZE
from vocab.catalogue import CATALOGUE, TOO_SMALL  # noqa: F401 (the page reads TOO_SMALL from here)
from vocab.periods import previous_label, previous_period
from metrics.pipeline import queue as queue_pipeline
from metrics.pipeline import service as pipeline
from metrics.pipeline.service import SERVICE, Figures
from ui import data, levels
from ui.frame import Filters


@dataclass(frozen=True)
class ServiceView:
    """The service signal of one view (metrics.pipeline.service) with what the page adds: the group
    label, the period before's name, the IKM bands and the on-time metric in force."""

    group_column: str  # region_id, agency_id or service_type
    group_label: str  # Daerah, OPD, Jenis layanan
    figures: Figures
    previous: Figures
    previous_label: str
    groups: pd.DataFrame  # one row per group: speed and IKM side by side
    ratio_by_service: pd.DataFrame  # standard_ratio per service type over the view
    ratio_by_group: pd.DataFrame  # standard_ratio per group and service type (offices side by side)
    monthly: pd.DataFrame  # share on time per group and month
    elements: pd.DataFrame  # the nine SKM elements of the view
    overdue: pd.DataFrame  # open requests past their standard
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    ikm_bands: tuple = ikm.IKM_BANDS  # the setting in force (charts draw these bands)
    on_time: object = CATALOGUE["share_within_standard"]  # the metric with this year's province target
    offices: int = 0  # offices (agencies) with requests in the view
    as_of: object = None  # open requests are measured at this moment (MetricInputs.measured_at)

    @property
    def empty(self) -> bool:
        return self.figures.requests == 0 and self.figures.respondents == 0


def agency_filters(url: str, scope, chosen: Filters, version: tuple) -> Filters:
    """At unit level: the same view for the unit's whole agency (units have no requests of their own),
    never wider than the viewer's scope."""
    agencies = data.agencies(url, scope, version)
    units = data.units(url, scope, version)
    labels = tuple((k, v) for k, v in chosen.labels if k != "Unit kerja")
    return Filters(year=chosen.year, period=chosen.period, region_ids=chosen.region_ids,
                   agency_ids=chosen.agency_ids, unit_ids=(), statuses=(), jabatan_types=(),
                   scope=narrowed(scope, agencies, units, chosen.region_ids, chosen.agency_ids),
                   labels=labels)




def grouping(url: str, chosen: Filters, version: tuple) -> levels.Grouping:
    """The groups one level below the view, read from its inputs as every page reads them
    (ui.levels.group_for: a level of one group is skipped); a click on a row, bar or dot of either
    section opens one of them."""
    return levels.group_for(chosen, data.inputs_for(url, chosen, version))


def _grouped(url: str, chosen: Filters, version: tuple) -> tuple:
    """A service view's inputs and those of the period before, and its grouping: the column and the
    groups' names (offices above agency level, else service types, their own names)."""
    inputs = data.inputs_for(url, chosen, version)
    column = pipeline.grouped_by(grouping(url, chosen, version).column)
    py, pp = previous_period(chosen.year, chosen.period)
    before = data.inputs(url, chosen.scope, py, pp, version)
    return inputs, before, column, levels.names(inputs, column) if column != SERVICE else None


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Menghitung angka pelayanan…")
def service_view(url: str, chosen: Filters, version: tuple) -> ServiceView:
    """Every figure the Pelayanan Publik page shows for one view (at unit level, pass agency_filters)."""
    inputs, before, column, names = _grouped(url, chosen, version)
    sig = pipeline.signal(inputs, before, column, names)
    return ServiceView(
        group_column=sig.group_column,
        group_label=pipeline.group_label(sig.group_column),
        figures=sig.figures, previous=sig.previous, previous_label=previous_label(chosen.year, chosen.period),
        groups=sig.groups, ratio_by_service=sig.ratio_by_service, ratio_by_group=sig.ratio_by_group,
        monthly=sig.monthly, elements=sig.elements, overdue=sig.overdue, min_group_size=sig.min_group_size,
        ikm_bands=inputs.ikm_bands, on_time=inputs.metric("share_within_standard"), offices=sig.offices,
        as_of=sig.measured_at,
    )


@dataclass(frozen=True)
class QueueView:
    """The queue signal of one view (metrics.pipeline.queue) with the page's labels: the group label,
    the period before's name and the share-within-target metric in force."""

    signal: queue_pipeline.QueueSignal
    group_label: str  # Daerah, OPD, Jenis layanan
    previous_label: str
    within_target: object = CATALOGUE["queue_share_within_target"]

    @property
    def empty(self) -> bool:
        return self.signal.empty


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Menghitung angka antrian…")
def queue_view(url: str, chosen: Filters, version: tuple) -> QueueView:
    """The section "Antrian" of the Pelayanan Publik page for one view (at unit level, pass agency_filters)."""
    inputs, before, column, names = _grouped(url, chosen, version)
    sig = queue_pipeline.signal(inputs, before, column, names)
    return QueueView(signal=sig, group_label=pipeline.group_label(sig.group_column),
                     previous_label=previous_label(chosen.year, chosen.period),
                     within_target=inputs.metric("queue_share_within_target"))
