"""Altair chart builders (tested on their spec, since AppTest cannot see charts)."""
from __future__ import annotations

import altair as alt
import pandas as pd

# Indonesian number format inside Vega-Lite charts.
ID_FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}


def headcount_bar(frame: pd.DataFrame, by: str, label: str) -> alt.Chart:
    """Horizontal bars of headcount per `by` (region or agency), largest first, already aggregated."""
    data = frame.groupby(by, as_index=False)["headcount"].sum().sort_values("headcount", ascending=False)
    return (
        alt.Chart(data)
        .mark_bar(color="#1f6f8b")
        .encode(
            x=alt.X("headcount:Q", title="Jumlah ASN aktif", axis=alt.Axis(format=",d", tickMinStep=1)),
            y=alt.Y(f"{by}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
            tooltip=[alt.Tooltip(f"{by}:N", title=label),
                     alt.Tooltip("headcount:Q", title="Jumlah ASN aktif", format=",d")],
        )
        .properties(height=alt.Step(24))  # one readable row per bar, however many bars
        .configure(locale={"number": ID_FORMAT_LOCALE})
    )
