"""The drill-down path every page shares: province → kabupaten/kota → OPD → unit → staff list.

At each level a page groups its figures one step below the view (`group_for`), names the groups
(`names`), and turns a click on a group into the next filter (`drill_into`)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data_access.inputs import MetricInputs
from ui import frame

REGION, AGENCY, UNIT = "region_id", "agency_id", "unit_id"


@dataclass(frozen=True)
class Grouping:
    column: str  # region_id, agency_id or unit_id
    label: str  # "Daerah", "OPD", "Unit kerja"
    filter_key: str  # the filter a click on a group sets


def group_for(chosen: frame.Filters) -> Grouping:
    """One level below the view: the province shows regions, a region its agencies, an agency its
    units; a single unit is shown by its units (itself) and its staff list."""
    if chosen.level == "province":
        return Grouping(REGION, "Daerah", "f_region")
    if chosen.level == "region":
        return Grouping(AGENCY, "OPD", "f_agency")
    return Grouping(UNIT, "Unit kerja", "f_unit")


def with_region(facts: pd.DataFrame, inputs: MetricInputs) -> pd.DataFrame:
    """Add region_id (the agency's region) to a frame filed by agency_id, for grouping by region."""
    if REGION in facts.columns:
        return facts
    region_of = inputs.agencies.set_index(AGENCY)[REGION]
    return facts.assign(**{REGION: facts[AGENCY].map(region_of)})


def names(inputs: MetricInputs, column: str) -> dict[int, str]:
    """id → name for regions, agencies or units in the inputs' scope."""
    if column == REGION:
        regions = inputs.agencies.drop_duplicates(REGION)
        return dict(zip(regions[REGION], regions["region"]))
    if column == AGENCY:
        return dict(zip(inputs.agencies[AGENCY], inputs.agencies["agency"]))
    return dict(zip(inputs.units[UNIT], inputs.units["unit"]))


def named(frame_: pd.DataFrame, inputs: MetricInputs, grouping: Grouping, as_column: str = "nama") -> pd.DataFrame:
    """The frame with a column holding each group's name (missing ids named "(tidak diketahui)")."""
    lookup = names(inputs, grouping.column)
    return frame_.assign(**{as_column: frame_[grouping.column].map(lookup).fillna("(tidak diketahui)")})


def drill_into(grouping: Grouping, group_id) -> None:
    """Open one group (a clicked bar or row): set its filter and rerun one level deeper."""
    if grouping.column == REGION:
        frame.drill(f_region=int(group_id))
    elif grouping.column == AGENCY:
        frame.drill(f_agency=int(group_id))
    else:
        frame.drill(f_unit=int(group_id))


def staff_names_allowed(ctx: frame.PageContext) -> bool:
    """Whether this viewer may see a named staff list: agency heads (their own staff) and admins."""
    return ctx.user.role in ("kepala_opd", "admin")
