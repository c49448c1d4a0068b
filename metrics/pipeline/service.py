"""The service signal (domain.md §4): speed against the standard and IKM, per view and per group.

`figures` gives a view's headline numbers, `group_table` one row per group (the report's agencies and
their service types, the page's regions, agencies or service types), `monthly` the share on time per
group and month, and `signal` all of them for one view and the period before. The report, the
Pelayanan Publik page and its exports call these and nothing else, so they show the same numbers.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from vocab import codes
from metrics import service
from metrics.pipeline import GROUP_LABELS, UNIT
from vocab.settings import DEFAULT_MIN_GROUP_SIZE
from vocab.catalogue import CATALOGUE, TOO_SMALL, Metric

SERVICE = "service_type"  # the grouping inside one office: its service types
SERVICE_LABEL = "Jenis layanan"
NO_DATA = "belum ada data"
UNKNOWN = "(tidak diketahui)"
_COUNTS = ("requests", "finished", "judged", "finished_within", "open_overdue", "respondents")
# The columns of group_table after the `by` columns (gid and nama only with a single `by` column).
GROUP_COLUMNS = (*_COUNTS, "share_within_standard", "median_turnaround", "turnaround_unit", "median_ratio",
                 "ikm", "mutu", "kinerja", *service.NRR_COLUMNS, "status", "ikm_too_small", "ikm_status")


@dataclass(frozen=True)
class Figures:
    """A view's headline numbers (NaN/None where there is no data)."""

    requests: int = 0
    judged: int = 0  # finished with a standard, or open and already past it
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



def grouped_by(column: str) -> str:
    """The service figures' grouping for a view grouped by `column` (ui.levels.group_for, or
    metrics.pipeline.below): units take no requests, so where the view shows units, the office's
    service types stand instead."""
    return SERVICE if column == UNIT else column


def group_label(column: str) -> str:
    """How a page names the groups of a service grouping: 'Daerah', 'OPD' or 'Jenis layanan'."""
    return SERVICE_LABEL if column == SERVICE else GROUP_LABELS[column]


def figures(turn: pd.DataFrame | None, skm: pd.DataFrame, bands) -> Figures:
    """The headline numbers of a view, from service.measured()'s frame (None or empty: no requests)
    and the view's SKM answers."""
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


def status(share: float, judged: int, minimum: int, metric: Metric = CATALOGUE["share_within_standard"]) -> str:
    """The catalogue status of a group's share on time; too small below `minimum` judged requests."""
    if judged == 0:
        return NO_DATA
    if judged < minimum:
        return TOO_SMALL
    return metric.status(share) or NO_DATA


def _speed(turn: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts and share per group over every turnaround unit; the median in the unit most of the group's
    finished requests are measured in (ties: the unit's name), with that unit."""
    per_unit = service.service_speed(turn, by=by)
    out = service.combined_speed(per_unit, by=by).drop(columns=["median_turnaround", "turnaround_unit"])
    main = (per_unit.sort_values([*by, "finished", "turnaround_unit"], ascending=[True] * len(by) + [False, True])
            .drop_duplicates(by)[[*by, "median_turnaround", "turnaround_unit"]])
    out = out.merge(main, on=by, how="left")
    ratio = service.standard_ratio(turn, by=by)[[*by, "median_ratio"]]
    return out.merge(ratio, on=by, how="left")


def group_table(turn: pd.DataFrame | None, skm: pd.DataFrame, by: Sequence[str], bands, minimum: int,
                metric_of: Callable[[object], Metric] | None = None,
                names: Mapping | None = None) -> pd.DataFrame:
    """One row per group of `by` with requests or SKM answers: the counts (requests, finished, judged,
    finished_within, open_overdue, respondents), share_within_standard (finished_within / judged),
    median_turnaround and turnaround_unit (in the unit most of its finished requests are measured in),
    median_ratio (median turnaround as a multiple of the standard), IKM with mutu, kinerja and the nine
    NRR, the status of the share on time (metric_of(group id) gives each group's metric with its target;
    the province's by default), and whether the IKM is too small to judge. With a single `by` column,
    also gid (the group id) and nama (names[gid]; service types are their own names), sorted by nama."""
    by = list(by)
    parts = []
    if turn is not None and len(turn):
        parts.append(_speed(turn, by))
    if len(skm):
        parts.append(service.ikm(skm, by=by, bands=bands))
    if not parts:
        return pd.DataFrame(columns=[*by, *(("gid", "nama") if len(by) == 1 else ()), *GROUP_COLUMNS])
    merged = parts[0] if len(parts) == 1 else parts[0].merge(parts[1], on=by, how="outer")
    for col in _COUNTS:
        merged[col] = merged[col].fillna(0).astype(np.int64) if col in merged.columns else np.int64(0)
    for col in ("share_within_standard", "median_turnaround", "median_ratio", "ikm", *service.NRR_COLUMNS):
        if col not in merged.columns:
            merged[col] = np.nan
    for col in ("turnaround_unit", "mutu", "kinerja"):
        if col not in merged.columns:
            merged[col] = pd.Series(pd.NA, index=merged.index, dtype="str")
    metric_of = metric_of or (lambda _gid: CATALOGUE["share_within_standard"])
    key = by[0] if len(by) == 1 else by[-1]
    merged["status"] = [status(s, n, minimum, metric_of(g))
                        for s, n, g in zip(merged["share_within_standard"], merged["judged"], merged[key])]
    merged["ikm_too_small"] = (merged["respondents"] > 0) & (merged["respondents"] < minimum)
    merged["ikm_status"] = np.where(merged["respondents"] == 0, NO_DATA,
                                    np.where(merged["ikm_too_small"], TOO_SMALL, merged["mutu"].astype(object)))
    if len(by) > 1:
        return merged.sort_values(by).reset_index(drop=True)[[*by, *GROUP_COLUMNS]]
    column = by[0]
    merged["gid"] = merged[column]
    lookup = {i: i for i in merged[column]} if column == SERVICE else dict(names or {})
    merged["nama"] = pd.Series([str(lookup.get(v, UNKNOWN)) for v in merged[column]], index=merged.index,
                               dtype="str")
    return merged.sort_values("nama").reset_index(drop=True)[[column, "gid", "nama", *GROUP_COLUMNS]]


def ordered(groups: pd.DataFrame, share: str) -> pd.DataFrame:
    """A group table in the order its page lists it: the judged groups first, worst `share` first (then
    by name), then those too small to judge, then those without data."""
    rank = groups["status"].map({TOO_SMALL: 1, NO_DATA: 2}).fillna(0)
    return groups.assign(_order=rank).sort_values(["_order", share, "nama"]).drop(columns="_order") \
        .reset_index(drop=True)


def monthly(turn: pd.DataFrame | None, column: str, names: Mapping) -> pd.DataFrame:
    """Share on time per group and month received (gid, nama, month, bulan, bulan_ke, judged,
    finished_within, share_within_standard), months without a judged request left out."""
    if turn is None or not len(turn):
        return pd.DataFrame(columns=["gid", "nama", "month", "bulan", "bulan_ke", "judged",
                                     "finished_within", "share_within_standard"])
    out = service.combined_speed(service.service_speed(turn, by=[column, "month"]), by=[column, "month"])
    out = out[out["judged"] > 0]
    out = out.assign(gid=out[column], nama=[str(names.get(v, UNKNOWN)) for v in out[column]],
                     bulan_ke=(out["month"] % 100).astype(int))
    out["bulan"] = [codes.MONTH_NAMES[m - 1][:3] for m in out["bulan_ke"]]
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class ServiceSignal:
    """Every service figure of one view, grouped by `group_column`, and the headline of the period before."""

    group_column: str  # region_id, agency_id or service_type
    figures: Figures
    previous: Figures
    groups: pd.DataFrame  # group_table over group_column
    ratio_by_service: pd.DataFrame  # standard_ratio per service type over the view
    ratio_by_group: pd.DataFrame  # standard_ratio per group and service type (offices side by side)
    monthly: pd.DataFrame
    elements: pd.DataFrame  # the nine SKM elements of the view
    overdue: pd.DataFrame  # open requests past their standard, longest over first, with opd and daerah
    offices: int  # offices (agencies) with requests in the view
    measured_at: datetime | None  # the moment open requests are measured at
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    notes: tuple[str, ...] = field(default_factory=tuple)


def grouped(inputs, column: str, names: Mapping | None = None) -> tuple[str, pd.DataFrame]:
    """The signal's group table (ServiceSignal.groups: the page's chart and table, the brief's chart)
    and the column it is grouped by: `column`, or the service types with a single office in view."""
    turn = service.measured(inputs) if len(inputs.requests) else None
    offices = (set() if turn is None else set(turn["agency_id"])) | set(inputs.skm["agency_id"])
    if len(offices) == 1:
        column = SERVICE
    per_agency = column == "agency_id"
    return column, group_table(turn, inputs.skm, [column], inputs.ikm_bands, int(inputs.settings["min_group_size"]),
                               lambda g: inputs.metric("share_within_standard", g if per_agency else None), names)


def signal(inputs, previous_inputs, column: str, names: Mapping | None = None) -> ServiceSignal:
    """The service figures of a view (MetricInputs) grouped by `column` (names: id → name); with a single
    office in view (an agency head's whole scope), by its service types. Each agency is judged against
    its own target where leaders set one (metric_targets), other groups against the province's.
    `previous_inputs`: the period before."""
    minimum = int(inputs.settings["min_group_size"])
    turn = service.measured(inputs) if len(inputs.requests) else None
    skm = inputs.skm
    column, groups = grouped(inputs, column, names)
    group_names = dict(zip(groups["gid"], groups["nama"]))
    ratio_by_service = service.standard_ratio(turn, by=[SERVICE]) if turn is not None else pd.DataFrame()
    ratio_by_group = pd.DataFrame()
    if turn is not None and column != SERVICE:
        ratio_by_group = service.standard_ratio(turn, by=[column, SERVICE])
        ratio_by_group = ratio_by_group.assign(gid=ratio_by_group[column],
                                               nama=ratio_by_group[column].map(group_names).astype(str))
    overdue = service.overdue_open(turn) if turn is not None else pd.DataFrame()
    if len(overdue):
        agencies = inputs.agencies.set_index("agency_id")
        overdue = overdue.assign(opd=overdue["agency_id"].map(agencies["agency"]).astype(str),
                                 daerah=overdue["agency_id"].map(agencies["region"]).astype(str))
    before = previous_inputs
    previous = figures(service.measured(before) if len(before.requests) else None, before.skm, before.ikm_bands)
    return ServiceSignal(
        group_column=column, figures=figures(turn, skm, inputs.ikm_bands), previous=previous, groups=groups,
        ratio_by_service=ratio_by_service, ratio_by_group=ratio_by_group,
        monthly=monthly(turn, column, group_names), elements=service.element_scores(skm), overdue=overdue,
        offices=0 if turn is None else int(turn["agency_id"].nunique()), measured_at=inputs.measured_at,
        min_group_size=minimum)
