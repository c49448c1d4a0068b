"""One pipeline per signal: from a view's inputs to every figure the report, the pages and the exports
show, computed in one place. Pure (no Streamlit); `ui/views` only caches the result and adds labels."""
from __future__ import annotations

REGION, AGENCY, UNIT = "region_id", "agency_id", "unit_id"


def names(inputs, column: str) -> dict:
    """id → name for the regions, agencies or units in the inputs' scope (MetricInputs)."""
    if column == REGION:
        regions = inputs.agencies.drop_duplicates(REGION)
        return dict(zip(regions[REGION], regions["region"]))
    if column == AGENCY:
        return dict(zip(inputs.agencies[AGENCY], inputs.agencies["agency"]))
    return dict(zip(inputs.units[UNIT], inputs.units["unit"]))
