"""The report other systems consume: one JSON object per run, agencies ordered by region then name."""
from __future__ import annotations

from datetime import datetime

import pandas as pd


def report_payload(headcount: pd.DataFrame, year: int, generated_at: datetime) -> dict:
    """Build the report from data_access.reads.headcount's frame (region_code, region, agency, headcount).

    `generated_at` is the only field that changes when the data does not.
    """
    rows = headcount.sort_values(["region_code", "agency"], kind="stable")
    return {
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "year": int(year),
        "agencies": [
            {"agency_name": r.agency, "region": r.region, "headcount": int(r.headcount)}
            for r in rows.itertuples(index=False)
        ],
    }


def report_csv(payload: dict) -> str:
    """The same report as CSV (semicolon, as Indonesian spreadsheets expect)."""
    frame = pd.DataFrame(payload["agencies"], columns=["agency_name", "region", "headcount"])
    return frame.to_csv(sep=";", index=False)
