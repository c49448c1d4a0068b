"""Charts of the Pengembangan Kompetensi page: pure functions from aggregated frames to Altair charts."""
from __future__ import annotations

import altair as alt
import pandas as pd

from vocab.catalogue import ACT, ON_TRACK, WATCH
from metrics.training import HISTOGRAM_CATEGORIES
from ui.charts import PRIMARY, STATUS_COLOURS, localised, name_labels, status_scale

# Zero / below / meeting the target, in the status colours (red, amber, green).
CATEGORY_COLOURS = dict(zip(HISTOGRAM_CATEGORIES, (STATUS_COLOURS[ACT], STATUS_COLOURS[WATCH],
                                                   STATUS_COLOURS[ON_TRACK])))
SELECTION = "pilih"  # the point selection a click on a coverage bar fills


def jp_histogram(hist: pd.DataFrame, lines: pd.DataFrame, width: float, cap: float) -> alt.LayerChart:
    """Employees per JP band, stacked by zero / below / meeting the target, with vertical rules.

    hist: bin_start, bin_end, band (label), category, employees. lines: x (JP), label, kind
    ("target" solid, "laju" dashed)."""
    domain = [0, cap + width]
    # Stacked by hand (Vega-Lite does not stack bars drawn from x to x2): zero, below, meeting.
    order = {c: i for i, c in enumerate(HISTOGRAM_CATEGORIES)}
    data = hist.assign(_order=hist["category"].map(order)).sort_values(["bin_start", "_order"], kind="stable")
    data = data.assign(y1=data.groupby("bin_start")["employees"].cumsum())
    data = data.assign(y0=data["y1"] - data["employees"]).drop(columns="_order")
    bars = alt.Chart(data).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("bin_start:Q", title="JP per pegawai",
                scale=alt.Scale(domain=domain, nice=False), axis=alt.Axis(format=",.0f", tickMinStep=1)),
        x2="bin_end:Q",
        y=alt.Y("y0:Q", title="Jumlah pegawai", axis=alt.Axis(format=",d", tickMinStep=1)),
        y2="y1:Q",
        color=alt.Color("category:N", title=None,
                        scale=alt.Scale(domain=list(CATEGORY_COLOURS), range=list(CATEGORY_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=200)),
        tooltip=[alt.Tooltip("band:N", title="Rentang JP"), alt.Tooltip("category:N", title="Kelompok"),
                 alt.Tooltip("employees:Q", title="Jumlah pegawai", format=",d")],
    )
    rules = alt.Chart(lines).mark_rule(size=2, color="#212121").encode(
        x="x:Q",
        strokeDash=alt.StrokeDash("kind:N", scale=alt.Scale(domain=["target", "laju"], range=[[1, 0], [6, 4]]),
                                  legend=None),
        tooltip=[alt.Tooltip("label:N", title="Garis")],
    )
    # The target's label right of its line, the pace's left of its own: they never overlap.
    text = dict(fontSize=12, fontWeight="bold", color="#212121", baseline="top")
    label_y = alt.Y("pos:Q", axis=None, scale=alt.Scale(domain=[0, 1]))
    target_labels = alt.Chart(lines).transform_filter("datum.kind == 'target'").mark_text(
        align="left", dx=5, **text).encode(x="x:Q", y=label_y, text="label:N").transform_calculate(pos="1")
    pace_labels = alt.Chart(lines).transform_filter("datum.kind != 'target'").mark_text(
        align="right", dx=-5, **text).encode(x="x:Q", y=label_y, text="label:N").transform_calculate(pos="1")
    return localised(alt.layer(bars, rules, target_labels, pace_labels).resolve_scale(y="independent")
                     .properties(height=320))


def coverage_bars(groups: pd.DataFrame, level_label: str, target: float, warning: float | None) -> alt.LayerChart:
    """Horizontal bars of the share meeting the JP target per group, in the order given (worst first,
    groups too small to judge last and grey), the target (and warning) as vertical rules; a click
    on a bar selects its group_id (SELECTION).

    groups: group_id, nama, share_meeting_target, share_zero, median_jp, employees, status."""
    frame = groups.assign(order=range(len(groups)))
    pick = alt.selection_point(name=SELECTION, fields=["group_id"], on="click")
    bars = alt.Chart(frame).mark_bar(cursor="pointer").encode(
        y=alt.Y("nama:N", sort=alt.SortField("order"), title=None,
                axis=alt.Axis(**name_labels(260), labelOverlap=False)),
        x=alt.X("share_meeting_target:Q", title="Memenuhi target JP",
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
        color=alt.Color("status:N", title="Status", scale=status_scale(),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=220)),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
        tooltip=[alt.Tooltip("nama:N", title=level_label),
                 alt.Tooltip("share_meeting_target:Q", title="Memenuhi target", format=".1%"),
                 alt.Tooltip("share_zero:Q", title="Tanpa pengembangan", format=".1%"),
                 alt.Tooltip("median_jp:Q", title="Median JP", format=",.1f"),
                 alt.Tooltip("employees:Q", title="Jumlah pegawai", format=",d"),
                 alt.Tooltip("status:N", title="Status")],
    ).add_params(pick)
    lines = [{"x": target, "label": "Target", "kind": "target", "teks": f"target {target:.0%}"}]
    if warning is not None:
        lines.append({"x": warning, "label": "Batas waspada", "kind": "waspada", "teks": f"waspada {warning:.0%}"})
    rules = alt.Chart(pd.DataFrame(lines)).mark_rule(size=2, color="#212121").encode(
        x="x:Q",
        strokeDash=alt.StrokeDash("kind:N", scale=alt.Scale(domain=["target", "waspada"], range=[[1, 0], [6, 4]]),
                                  legend=None),
        tooltip=[alt.Tooltip("label:N", title="Garis"), alt.Tooltip("x:Q", title="Nilai", format=".0%")],
    )
    # Each line named at the top of the plot, left of the line (a 100% target sits on the plot's edge),
    # the warning one line lower so that close lines never overlap.
    style = dict(baseline="top", align="right", dx=-4, fontSize=11, color="#212121")
    named = pd.DataFrame(lines)
    texts = [alt.Chart(named[named["kind"] == "target"]).mark_text(dy=2, **style).encode(
        x="x:Q", y=alt.value(0), text="teks:N")]
    if warning is not None:
        texts.append(alt.Chart(named[named["kind"] == "waspada"]).mark_text(dy=18, **style).encode(
            x="x:Q", y=alt.value(0), text="teks:N"))
    return localised(alt.layer(bars, rules, *texts).properties(height=alt.Step(26)))


def route_mix(routes: pd.DataFrame) -> alt.Chart:
    """Share of all JP per route (klasikal, nonklasikal, pendidikan). routes: label, jp, share, employees."""
    chart = alt.Chart(routes).mark_bar(color=PRIMARY).encode(
        y=alt.Y("label:N", title=None, sort=list(routes["label"])),
        x=alt.X("share:Q", title="Bagian dari seluruh JP", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".0%")),
        tooltip=[alt.Tooltip("label:N", title="Jalur"), alt.Tooltip("share:Q", title="Bagian JP", format=".1%"),
                 alt.Tooltip("jp:Q", title="Total JP", format=",.0f"),
                 alt.Tooltip("employees:Q", title="Pegawai yang menempuh", format=",d")],
    ).properties(height=alt.Step(34))
    text = chart.mark_text(align="left", dx=4, color="#212121").encode(
        text=alt.Text("share:Q", format=".1%"), color=alt.value("#212121"))
    return localised(alt.layer(chart, text))
