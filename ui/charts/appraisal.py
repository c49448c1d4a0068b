"""Charts of the appraisal signal (Kinerja Pegawai): pure functions from aggregated frames to Altair."""
from __future__ import annotations

import altair as alt
import pandas as pd

from vocab import codes
from metrics import appraisal as ap
from ui.charts import by_width, legend_columns, localised, name_labels, title_anchor

PREDIKAT_ORDER = list(codes.PREDIKAT_ORDER)  # worst to best, left to right on every bar
# Fixed colours, worst (red) to best (blue); the same on every chart of the page.
PREDIKAT_COLOURS = {
    codes.PREDIKAT_SANGAT_KURANG: "#b2182b",
    codes.PREDIKAT_KURANG: "#ef8a62",
    codes.PREDIKAT_BUTUH_PERBAIKAN: "#f4c542",
    codes.PREDIKAT_BAIK: "#92c5de",
    codes.PREDIKAT_SANGAT_BAIK: "#2166ac",
}
FLAG_COLOUR = "#c62828"
RULE_COLOUR = "#111111"
SELECTION = "pilih_kelompok"
_PREDIKAT_SCALE = alt.Scale(domain=PREDIKAT_ORDER, range=[PREDIKAT_COLOURS[p] for p in PREDIKAT_ORDER])
_LEGEND = alt.Legend(title="Predikat", orient="top", direction="horizontal", labelLimit=160, columns=legend_columns(3))
_RATING_SHORT = {codes.RATING_BELOW: "Di Bawah", codes.RATING_AS_EXPECTED: "Sesuai",
                 codes.RATING_ABOVE: "Di Atas"}


def segments(groups: pd.DataFrame, share_columns: dict[str, str], count_columns: bool = True) -> pd.DataFrame:
    """Long form of a 100% bar per group: group_id, label, predikat, order, share, start, end (and count).

    `groups` has group_id, label, rated and one share column per predikat (share_columns maps
    predikat -> column). Groups without rated staff get no segments.
    """
    rows = []
    for g in groups.to_dict("records"):
        start = 0.0
        for i, p in enumerate(PREDIKAT_ORDER):
            share = g[share_columns[p]]
            if share is None or pd.isna(share):
                break
            row = {"group_id": g["group_id"], "label": g["label"], "predikat": p, "urutan": i,
                   "share": float(share), "start": start, "end": start + float(share),
                   "rated": int(g[ap.RATED])}
            if count_columns:
                row["count"] = int(g[p])
            rows.append(row)
            start += float(share)
    return pd.DataFrame(rows, columns=["group_id", "label", "predikat", "urutan", "share", "start", "end",
                                       "rated", *(["count"] if count_columns else [])])


NO_RATED = "Belum ada pegawai yang sudah dinilai pada periode ini."


def drawn_groups(groups: pd.DataFrame, share_columns: dict[str, str]) -> pd.DataFrame:
    """The groups distribution_bars draws: those with staff rated, and only the columns it reads (the
    compliance columns hold lists, which the chart cache cannot hash)."""
    rated = groups[groups[ap.RATED] > 0]
    return rated[["group_id", "label", ap.RATED, "flagged", *share_columns.values(), *codes.PREDIKAT_ORDER]]


def distribution_bars(groups: pd.DataFrame, share_columns: dict[str, str], marks: pd.DataFrame,
                      group_title: str) -> alt.Chart:
    """Stacked 100% bars of the predikat per group (worst left, best right), in the order of `groups`,
    with a black tick where each rule of the group's organisation predikat lies and the names of
    groups that break their curve in red. Click a bar to open the group (selection on group_id)."""
    seg = segments(groups, share_columns)
    order = groups["label"].tolist()
    flagged = groups.loc[groups["flagged"].astype(bool), "label"].tolist()
    y = alt.Y("label:N", sort=order, title=None,
              axis=alt.Axis(**name_labels(320), labelOverlap=False, labelFontSize=12,
                            labelColor=alt.ExprRef(_label_colour(flagged))))
    pick = alt.selection_point(name=SELECTION, fields=["group_id"], on="click")
    bars = (
        alt.Chart(seg)
        .mark_bar(height={"band": 0.75})
        .encode(
            x=alt.X("start:Q", title="Bagian pegawai yang sudah dinilai",
                    scale=alt.Scale(domain=[0, 1], nice=False, clamp=True),
                    axis=alt.Axis(format=".0%", titleAnchor=title_anchor())),
            x2="end:Q",
            y=y,
            color=alt.Color("predikat:N", scale=_PREDIKAT_SCALE, legend=_LEGEND, sort=PREDIKAT_ORDER),
            order=alt.Order("urutan:Q"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
            tooltip=[alt.Tooltip("label:N", title=group_title), alt.Tooltip("predikat:N", title="Predikat"),
                     alt.Tooltip("count:Q", title="Jumlah pegawai", format=",d"),
                     alt.Tooltip("share:Q", title="Porsi", format=".1%"),
                     alt.Tooltip("rated:Q", title="Pegawai dinilai", format=",d")],
        )
        .add_params(pick)
    )
    layers = [bars]
    if not marks.empty:
        ticks = marks.assign(batas=[_rule_words(r) for r in marks.to_dict("records")],
                             hasil=["terpenuhi" if p else "dilanggar" for p in marks[ap.RULE_PASSED]])
        layers.append(
            alt.Chart(ticks)
            .mark_tick(thickness=3, size=20)
            .encode(
                x=alt.X(f"{ap.RULE_POSITION}:Q"),
                y=alt.Y("label:N", sort=order),
                color=alt.value(RULE_COLOUR),
                tooltip=[alt.Tooltip("label:N", title=group_title),
                         alt.Tooltip(f"{ap.ORG_PREDIKAT}:N", title="Predikat organisasi"),
                         alt.Tooltip(f"{ap.RULE_DESCRIPTION}:N", title="Batas"),
                         alt.Tooltip("batas:N", title="Cara membaca"),
                         alt.Tooltip("hasil:N", title="Batas ini")],
            )
        )
    chart = alt.layer(*layers).properties(height=alt.Step(30))
    return localised(chart)


def _label_colour(flagged: list[str]) -> str:
    """A Vega expression colouring the axis labels of flagged groups red."""
    if not flagged:
        return "'#31333f'"
    names = ", ".join(_js_string(f) for f in flagged)
    return f"indexof([{names}], datum.value) >= 0 ? '{FLAG_COLOUR}' : '#31333f'"


def _js_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _rule_words(mark: dict) -> str:
    if "paling banyak" in mark[ap.RULE_DESCRIPTION]:
        return "segmen ini harus berakhir sebelum garis hitam"
    return "segmen ini harus mencapai garis hitam"


def quadrant_heatmap(quadrant: pd.DataFrame) -> alt.Chart:
    """The kuadran kinerja: staff counts in the 3×3 grid of hasil kerja (rows, best on top) and perilaku
    kerja (columns, best on the right), each cell named with its predikat."""
    data = quadrant.copy()  # metrics.pipeline.appraisal.quadrant: counts and porsi per cell
    data["hasil"] = data[ap.RATING_HASIL].map(_RATING_SHORT)
    data["perilaku"] = data[ap.RATING_PERILAKU].map(_RATING_SHORT)
    top = float(data[ap.COUNT].max()) if len(data) else 0.0
    data["gelap"] = data[ap.COUNT] > top * 0.55
    x = alt.X("perilaku:N", title="Perilaku kerja (terhadap ekspektasi)", sort=[_RATING_SHORT[r] for r in codes.RATINGS],
              axis=alt.Axis(labelAngle=0, orient="top", labelLimit=150, labelOverlap=False))
    y = alt.Y("hasil:N", title="Hasil kerja (terhadap ekspektasi)", sort=[_RATING_SHORT[r] for r in reversed(codes.RATINGS)],
              axis=alt.Axis(labelLimit=150))
    tooltip = [alt.Tooltip("hasil:N", title="Hasil kerja"), alt.Tooltip("perilaku:N", title="Perilaku kerja"),
               alt.Tooltip(f"{ap.PREDIKAT}:N", title="Predikat"),
               alt.Tooltip(f"{ap.COUNT}:Q", title="Jumlah pegawai", format=",d"),
               alt.Tooltip("porsi:Q", title="Porsi pegawai dinilai", format=".1%")]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(f"{ap.COUNT}:Q", title="Jumlah pegawai", scale=alt.Scale(scheme="blues"),
                        legend=None))
    text_colour = alt.condition("datum.gelap", alt.value("white"), alt.value("#222222"))
    count = base.mark_text(fontSize=18, fontWeight="bold", dy=-8).encode(
        text=alt.Text(f"{ap.COUNT}:Q", format=",d"), color=text_colour)
    name = base.mark_text(fontSize=by_width(9, 11), dy=12).encode(text=f"{ap.PREDIKAT}:N", color=text_colour)
    return localised(alt.layer(cells, count, name).properties(height=300))


def trend_bars(trend: pd.DataFrame) -> alt.Chart:
    """The predikat of the rated staff in each period of the year: one 100% bar per period,
    oldest on top, same colours and order as the distribution bars."""
    rows = trend.assign(group_id=trend["period_label"], label=trend["period_label"])
    seg = segments(rows, {p: p for p in PREDIKAT_ORDER}, count_columns=False)
    order = trend["period_label"].tolist()
    seg["tengah"] = (seg["start"] + seg["end"]) / 2
    base = alt.Chart(seg).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(**name_labels(200))),
        tooltip=[alt.Tooltip("label:N", title="Periode"), alt.Tooltip("predikat:N", title="Predikat"),
                 alt.Tooltip("share:Q", title="Porsi", format=".1%"),
                 alt.Tooltip("rated:Q", title="Pegawai dinilai", format=",d")],
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X("start:Q", title="Bagian pegawai yang sudah dinilai",
                scale=alt.Scale(domain=[0, 1], nice=False), axis=alt.Axis(format=".0%", titleAnchor=title_anchor())),
        x2="end:Q",
        color=alt.Color("predikat:N", scale=_PREDIKAT_SCALE, legend=_LEGEND, sort=PREDIKAT_ORDER),
        order=alt.Order("urutan:Q"),
    )
    labels = base.transform_filter("datum.share >= 0.06").mark_text(fontSize=11).encode(
        x="tengah:Q", text=alt.Text("share:Q", format=".0%"),
        color=alt.condition(f"datum.predikat == '{codes.PREDIKAT_BAIK}' || datum.predikat == "
                            f"'{codes.PREDIKAT_BUTUH_PERBAIKAN}'", alt.value("#222222"), alt.value("white")))
    return localised(alt.layer(bars, labels).properties(height=alt.Step(44)))
