"""One pipeline per signal: from a view's inputs to every figure the report, the pages and the exports
show, computed in one place. Pure (no Streamlit); `ui/views` only caches the result and adds labels."""
from __future__ import annotations

REGION, AGENCY, UNIT = "region_id", "agency_id", "unit_id"
# How a page names the groups of each column (its axis titles, table headers, "per daerah").
GROUP_LABELS = {REGION: "Daerah", AGENCY: "OPD", UNIT: "Unit kerja"}


def names(inputs, column: str) -> dict:
    """id → name for the regions, agencies or units in the inputs' scope (MetricInputs)."""
    if column == REGION:
        regions = inputs.agencies.drop_duplicates(REGION)
        return dict(zip(regions[REGION], regions["region"]))
    if column == AGENCY:
        return dict(zip(inputs.agencies[AGENCY], inputs.agencies["agency"]))
    return dict(zip(inputs.units[UNIT], inputs.units["unit"]))


def below(inputs) -> str:
    """The groups one level below a view, read from its staff: regions while the view holds several,
    else agencies while it holds several, else units; the rule ui.levels.group_for follows with a
    view's inputs (a level of a single group is skipped)."""
    for column in (REGION, AGENCY):
        if inputs.roster[column].nunique() > 1:
            return column
    return UNIT
