"""Pelayanan Publik: the service figures of one view, computed once and cached by small keys only
(database URL, Filters, data version). The numbers are metrics.service's, called the way
metrics.report calls them (same calendar, open requests measured at the end of the period's last
day), so the page and the report agree."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import streamlit as st

from data_access import codes
from data_access.scope import narrowed
from metrics import service
from metrics.catalogue import CATALOGUE, TOO_SMALL
from metrics.periods import period_label, previous_period
from ui import data, levels
from ui.frame import Filters

SERVICE = "service_type"  # the grouping inside one office: its service types
NO_DATA = "belum ada data"


@dataclass(frozen=True)
class Figures:
    """The view's headline numbers (NaN/None where there is no data)."""

    requests: int = 0
    judged: int = 0
    share_within_standard: float = np.nan
    median_turnaround: float = np.nan
    turnaround_unit: str | None = None  # None when the view mixes units (no single median)
    median_ratio: float = np.nan  # median turnaround as a multiple of its standard (unit-free)
    units: tuple[str, ...] = ()
    open_overdue: int = 0
    respondents: int = 0
    ikm: float = np.nan
    mutu: str | None = None
    kinerja: str | None = None


@dataclass(frozen=True)
class ServiceView:
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
    min_group_size: int = 5
    ikm_bands: tuple = service.IKM_BANDS  # the setting in force (charts draw these bands)
    on_time: object = CATALOGUE["share_within_standard"]  # the metric with this year's province target
    offices: int = 0  # offices (agencies) with requests in the view
    as_of: object = None  # open requests are measured at this moment (MetricInputs.measured_at)
    notes: tuple[str, ...] = field(default_factory=tuple)

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




def _figures(turn: pd.DataFrame | None, skm: pd.DataFrame, bands) -> Figures:
    values: dict = {}
    if turn is not None and len(turn):
        speed = service.service_speed(turn, by=[])
        total = service.combined_speed(speed).iloc[0]
        values |= {
            "requests": int(total["requests"]), "judged": int(total["judged"]),
            "share_within_standard": float(total["share_within_standard"]),
            "median_turnaround": float(total["median_turnaround"]),
            "turnaround_unit": None if pd.isna(total["turnaround_unit"]) else str(total["turnaround_unit"]),
            "units": tuple(sorted(speed["turnaround_unit"].astype(str))),
            "open_overdue": int(total["open_overdue"]),
        }
        ratio = service.standard_ratio(turn, by=())
        if len(ratio):
            values["median_ratio"] = float(ratio["median_ratio"].iloc[0])
    if len(skm):
        row = service.ikm(skm, by=(), bands=bands).iloc[0]
        values |= {"respondents": int(row["respondents"]), "ikm": float(row["ikm"]),
                   "mutu": None if pd.isna(row["mutu"]) else str(row["mutu"]),
                   "kinerja": None if pd.isna(row["kinerja"]) else str(row["kinerja"])}
    return Figures(**values)


def _names(inputs, column: str, ids) -> dict:
    if column == SERVICE:
        return {i: i for i in ids}
    return levels.names(inputs, column)


def _status(share: float, scored: int, minimum: int, metric=CATALOGUE["share_within_standard"]) -> str:
    if scored == 0:
        return NO_DATA
    if scored < minimum:
        return TOO_SMALL
    return metric.status(share) or NO_DATA


def _groups(turn, skm, column: str, inputs, minimum: int) -> pd.DataFrame:
    """Speed and IKM per group, named; groups with neither are left out."""
    speed = service.combined_speed(service.service_speed(turn, by=[column]), by=[column]) if len(turn) else None
    quality = service.ikm(skm, by=[column], bands=inputs.ikm_bands)[[column, "respondents", "ikm", "mutu", "kinerja"]] if len(skm) else None
    if speed is None and quality is None:
        return pd.DataFrame()
    if speed is None:
        merged = quality
    elif quality is None:
        merged = speed
    else:
        merged = speed.merge(quality, on=column, how="outer")
    for col in ("requests", "finished", "judged", "finished_within", "open_overdue", "respondents"):
        if col not in merged.columns:
            merged[col] = 0
        merged[col] = merged[col].fillna(0).astype(np.int64)
    for col in ("share_within_standard", "median_turnaround", "ikm"):
        if col not in merged.columns:
            merged[col] = np.nan
    for col in ("turnaround_unit", "mutu", "kinerja"):
        if col not in merged.columns:
            merged[col] = pd.Series(pd.NA, index=merged.index, dtype="str")
    if len(turn):
        ratio = service.standard_ratio(turn, by=[column])[[column, "median_ratio"]]
        merged = merged.merge(ratio, on=column, how="left")
    else:
        merged["median_ratio"] = np.nan
    names = _names(inputs, column, merged[column].dropna().unique())
    merged["gid"] = merged[column]
    merged["nama"] = merged[column].map(names).fillna("(tidak diketahui)").astype(str)
    # Each agency against its own target where leaders set one (metric_targets), else the province's.
    per_agency = column == levels.AGENCY
    merged["status"] = [_status(s, n, minimum, inputs.metric("share_within_standard", g if per_agency else None))
                        for s, n, g in zip(merged["share_within_standard"], merged["judged"], merged["gid"])]
    merged["ikm_too_small"] = (merged["respondents"] > 0) & (merged["respondents"] < minimum)
    merged["ikm_status"] = np.where(merged["respondents"] == 0, NO_DATA,
                                    np.where(merged["ikm_too_small"], TOO_SMALL, merged["mutu"].astype(object)))
    return merged.sort_values("nama").reset_index(drop=True)


def _monthly(turn, column: str, names: dict) -> pd.DataFrame:
    if not len(turn):
        return pd.DataFrame(columns=["gid", "nama", "month", "bulan", "bulan_ke", "judged",
                                     "finished_within", "share_within_standard"])
    out = service.combined_speed(service.service_speed(turn, by=[column, "month"]), by=[column, "month"])
    out = out[out["judged"] > 0]
    out = out.assign(gid=out[column], nama=out[column].map(names).fillna("(tidak diketahui)").astype(str),
                     bulan_ke=(out["month"] % 100).astype(int))
    out["bulan"] = [codes.MONTH_NAMES[m - 1][:3] for m in out["bulan_ke"]]
    return out.reset_index(drop=True)


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Menghitung angka pelayanan…")
def service_view(url: str, chosen: Filters, version: tuple) -> ServiceView:
    """Every figure the Pelayanan Publik page shows for one view (at unit level, pass agency_filters)."""
    inputs = data.inputs_for(url, chosen, version)
    minimum = int(inputs.settings["min_group_size"])
    if chosen.level in ("province", "region"):
        grouping = levels.group_for(chosen)
        column, label = grouping.column, grouping.label
    else:
        column, label = SERVICE, "Jenis layanan"
    turn = service.measured(inputs) if len(inputs.requests) else inputs.requests.iloc[0:0]
    skm = inputs.skm
    offices = set(turn["agency_id"]) | set(skm["agency_id"])
    if len(offices) == 1:  # one office in view (an agency head's whole scope): its service types
        column, label = SERVICE, "Jenis layanan"
    groups = _groups(turn, skm, column, inputs, minimum)
    names = dict(zip(groups["gid"], groups["nama"])) if len(groups) else {}

    ratio_by_service = service.standard_ratio(turn, by=[SERVICE]) if len(turn) else pd.DataFrame()
    ratio_by_group = pd.DataFrame()
    if len(turn) and column != SERVICE:
        ratio_by_group = service.standard_ratio(turn, by=[column, SERVICE])
        ratio_by_group = ratio_by_group.assign(gid=ratio_by_group[column],
                                               nama=ratio_by_group[column].map(names).astype(str))
    overdue = service.overdue_open(turn) if len(turn) else pd.DataFrame()
    if len(overdue):
        agencies = inputs.agencies.set_index("agency_id")
        overdue = overdue.assign(opd=overdue["agency_id"].map(agencies["agency"]).astype(str),
                                 daerah=overdue["agency_id"].map(agencies["region"]).astype(str))

    py, pp = previous_period(chosen.year, chosen.period)
    before = data.inputs(url, chosen.scope, py, pp, version)
    previous = _figures(service.measured(before) if len(before.requests) else None, before.skm, before.ikm_bands)
    return ServiceView(
        group_column=column, group_label=label,
        figures=_figures(turn if len(turn) else None, skm, inputs.ikm_bands), previous=previous,
        previous_label=f"{period_label(pp)} {py}",
        groups=groups, ratio_by_service=ratio_by_service, ratio_by_group=ratio_by_group,
        monthly=_monthly(turn, column, names), elements=service.element_scores(skm),
        overdue=overdue, min_group_size=minimum, ikm_bands=inputs.ikm_bands,
        on_time=inputs.metric("share_within_standard"),
        offices=int(turn["agency_id"].nunique()) if len(turn) else 0, as_of=inputs.measured_at,
    )
