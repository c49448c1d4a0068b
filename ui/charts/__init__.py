"""Altair chart builders (tested on their spec, since AppTest cannot see charts).

Shared pieces live here; each signal's charts live in their own module (appraisal, training,
service, adoption), each a pure function from a metrics frame to an `alt.Chart`."""
from __future__ import annotations

import altair as alt
import pandas as pd

from vocab.catalogue import ACT, ON_TRACK, TOO_SMALL, WATCH

# Indonesian number format inside Vega-Lite charts.
ID_FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}
PRIMARY = "#1f6f8b"
# Status colours, the same in tiles, tables and charts (sesuai target / waspada / perlu tindakan).
STATUS_COLOURS = {ON_TRACK: "#2e7d32", WATCH: "#f9a825", ACT: "#c62828"}
GREY = "#9e9e9e"  # groups too small to judge, and other "no verdict" marks


def status_scale() -> alt.Scale:
    """The colour scale of a status field that may also say TOO_SMALL (grey, last in the legend)."""
    return alt.Scale(domain=[*STATUS_COLOURS, TOO_SMALL], range=[*STATUS_COLOURS.values(), GREY])


def localised(chart):
    """Indonesian number format (1.234,5) inside a chart; apply once, to the outermost chart."""
    return chart.configure(locale={"number": ID_FORMAT_LOCALE})


def status_spread(frame: pd.DataFrame, group_word: str) -> alt.Chart:
    """Per indicator, stacked horizontal bars: how many groups are on track, on watch, need action.
    Takes indikator, status, jumlah (already counted)."""
    order = list(STATUS_COLOURS)
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("indikator:N", title=None, sort=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("jumlah:Q", title=f"Jumlah {group_word}", axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color("status:N", title="Status", sort=order,
                            scale=alt.Scale(domain=order, range=[STATUS_COLOURS[s] for s in order]),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("rank:Q"),
            tooltip=[alt.Tooltip("indikator:N", title="Indikator"), alt.Tooltip("status:N", title="Status"),
                     alt.Tooltip("jumlah:Q", title=f"Jumlah {group_word}", format=",d")],
        )
        .transform_calculate(rank=f"indexof({order!r}, datum.status)")
        .properties(height=alt.Step(26))
    )
    return localised(chart)
