"""The drill-down path every page shares: province → kabupaten/kota → OPD → unit → staff list.

At each level a page groups its figures one step below the view (`group_for`), names the groups
(`names`), and turns a click on a group into the next filter (`drill_into`)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data_access.inputs import MetricInputs
from data_access.scope import Scope, narrowed
from metrics import pipeline
from ui import data, frame

REGION, AGENCY, UNIT = pipeline.REGION, pipeline.AGENCY, pipeline.UNIT  # the grouping columns, declared once
_LABELS = pipeline.GROUP_LABELS


@dataclass(frozen=True)
class Grouping:
    column: str  # region_id, agency_id or unit_id
    label: str  # "Daerah", "OPD", "Unit kerja"
    filter_key: str  # the filter a click on a group sets


BY_REGION = Grouping(REGION, _LABELS[REGION], "f_region")
BY_AGENCY = Grouping(AGENCY, _LABELS[AGENCY], "f_agency")
BY_UNIT = Grouping(UNIT, _LABELS[UNIT], "f_unit")
_BY_COLUMN = {g.column: g for g in (BY_REGION, BY_AGENCY, BY_UNIT)}


def group_for(chosen: frame.Filters, inputs: MetricInputs | None = None) -> Grouping:
    """One level below the view: the province shows regions, a region its agencies, an agency its
    units; a single unit is shown by its units (itself) and its staff list. With the view's inputs,
    a level holding a single group is skipped (an agency head's whole scope is one region and one
    agency: group by its units straight away)."""
    if inputs is not None:
        return _BY_COLUMN[pipeline.below(inputs)]
    return {"province": BY_REGION, "region": BY_AGENCY}.get(chosen.level, BY_UNIT)


def names(inputs: MetricInputs, column: str) -> dict[int, str]:
    """id → name for regions, agencies or units in the inputs' scope (metrics.pipeline.names)."""
    return pipeline.names(inputs, column)


def drill_target(column: str, group_id, inputs: MetricInputs) -> dict[str, int]:
    """The filters that open one group, its parents included (a unit can be opened from a view where
    its OPD was not chosen yet; the unit filter exists only inside an OPD)."""
    group_id = int(group_id)
    if column == REGION:
        return {"f_region": group_id}
    region_of = inputs.agencies.set_index(AGENCY)[REGION]
    if column == AGENCY:
        return {"f_region": int(region_of[group_id]), "f_agency": group_id}
    agency = int(inputs.units.set_index(UNIT).at[group_id, AGENCY])
    return {"f_region": int(region_of[agency]), "f_agency": agency, "f_unit": group_id}


def drill_into(grouping: Grouping, group_id, inputs: MetricInputs) -> None:
    """Open one group (a clicked bar or row): set its filters and rerun one level deeper."""
    frame.drill(**drill_target(grouping.column, group_id, inputs))


def parent_scope(url: str, chosen: frame.Filters, version: tuple, viewer: Scope) -> Scope:
    """The view one level up, never wider than the `viewer`'s scope: a unit's agency, an agency's region,
    a region's (or the province's) whole scope. Where the view's own group is judged among its siblings
    (the survey's complementary suppression) and where a unit's peer champions are found."""
    agencies, units = data.agencies(url, viewer, version), data.units(url, viewer, version)
    if chosen.unit_ids:
        return narrowed(viewer, agencies, units, chosen.region_ids, chosen.agency_ids, ())
    if chosen.agency_ids:
        return narrowed(viewer, agencies, units, chosen.region_ids, (), ())
    return viewer


def staff_names_allowed(ctx: frame.PageContext) -> bool:
    """Whether this viewer may see a named staff list (data_access.privacy: agency heads, analysts and
    admins; leaders only when the setting allows)."""
    return data.name_policy(ctx.url, ctx.user.role, ctx.version).list_allowed


def names_note(ctx: frame.PageContext) -> str:
    """One sentence saying what a staff list hides from this viewer, and why ("" when nothing)."""
    return data.name_policy(ctx.url, ctx.user.role, ctx.version).note


def with_names(rows: pd.DataFrame, ctx: frame.PageContext, chosen: frame.Filters) -> pd.DataFrame:
    """Per-employee rows with `name` and `nip` as this viewer may see them (NIP masked unless their
    role needs it), read through data_access.reads.staff_list; rows it does not return get none."""
    people = data.staff(ctx.url, chosen.scope, ctx.user.role, ctx.version)[["employee_id", "name", "nip"]]
    return rows.drop(columns=["name", "nip"], errors="ignore").merge(people, on="employee_id", how="left")


def view_key(chosen: frame.Filters) -> str:
    """A suffix for the keys of selectable tables and charts: a selection made in one view must not
    fire again (and drill again) in the next one."""
    return "_".join(str(i) for i in (*chosen.region_ids, *chosen.agency_ids, *chosen.unit_ids)) or "semua"
