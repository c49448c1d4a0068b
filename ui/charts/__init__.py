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
# A phone: a browser window narrower than this many pixels gets shorter axis labels ("Kab." for
# "Kabupaten"), legends in one column and x axis titles that end at the plot's right edge, so nothing
# runs off the screen. The window, not the chart's box: two charts side by side on a desktop keep the
# wide form. An exported PNG has no window size (undefined there) and keeps the wide form too.
NARROW_PX = 640
NARROW = f"windowSize()[0] < {NARROW_PX}"
NARROW_LABELS = 150  # px for a name on the y axis of a phone chart ("Kab. Tulang Bawang Barat")


def by_width(narrow, wide) -> alt.ExprRef:
    """A chart property that takes `narrow` on a phone and `wide` elsewhere (numbers, or quoted strings)."""
    return alt.ExprRef(f"{NARROW} ? {narrow} : {wide}")


def name_labels(wide: int, narrow: int = NARROW_LABELS) -> dict:
    """Axis arguments for names of regions, agencies or units: at most `wide` pixels on a desktop; on a
    phone "Kabupaten" shortened to "Kab." and at most `narrow` pixels (the tooltip has the full name)."""
    return {"labelLimit": by_width(min(narrow, wide), wide),
            "labelExpr": f"{NARROW} ? replace(datum.label, 'Kabupaten ', 'Kab. ') : datum.label"}


def legend_columns(wide: int = 0) -> alt.ExprRef:
    """Legend entries in one column on a phone; `wide` columns elsewhere (0 = all in one row)."""
    return by_width(1, wide)


def title_anchor() -> alt.ExprRef:
    """An x axis title centred on a desktop; on a phone it ends at the plot's right edge and runs left
    over the labels' space, instead of off the screen."""
    return by_width("'end'", "'middle'")


def status_scale(present=None) -> alt.Scale:
    """The colour scale of a status field that may also say TOO_SMALL (grey, last in the legend); with
    `present` (the statuses a chart draws), only those, so its legend lists no status the view lacks."""
    colours = {**STATUS_COLOURS, TOO_SMALL: GREY}
    shown = [s for s in colours if present is None or s in set(present)]
    return alt.Scale(domain=shown, range=[colours[s] for s in shown])


def line_label(x: float, label: str, colour: str, align: str = "left") -> alt.Chart:
    """The name of a vertical line at `x` (a target), written just above the plot, not over its first
    bar: `align` "left" starts it at the line, "right" ends it there."""
    return alt.Chart(pd.DataFrame({"x": [x], "label": [label]})).mark_text(
        color=colour, align=align, dx=4 if align == "left" else -4, baseline="bottom", dy=-4).encode(
        x="x:Q", y=alt.value(0), text="label:N")


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
            y=alt.Y("indikator:N", title=None, sort=None, axis=alt.Axis(**name_labels(240, 190))),
            x=alt.X("jumlah:Q", title=f"Jumlah {group_word}",
                    axis=alt.Axis(format=",d", tickMinStep=1, titleAnchor=title_anchor())),
            color=alt.Color("status:N", title="Status", sort=order,
                            scale=alt.Scale(domain=order, range=[STATUS_COLOURS[s] for s in order]),
                            legend=alt.Legend(orient="bottom", columns=legend_columns())),
            order=alt.Order("rank:Q"),
            tooltip=[alt.Tooltip("indikator:N", title="Indikator"), alt.Tooltip("status:N", title="Status"),
                     alt.Tooltip("jumlah:Q", title=f"Jumlah {group_word}", format=",d")],
        )
        .transform_calculate(rank=f"indexof({order!r}, datum.status)")
        .properties(height=alt.Step(26))
    )
    return localised(chart)
