"""Charts of the "Adopsi Perubahan" page (e-Kinerja adoption): pure functions from the page's
aggregated frames (ui.views.adoption) to Altair charts, Indonesian titles and tooltips."""
from __future__ import annotations

import altair as alt
import pandas as pd

from vocab import codes, indicators
from metrics import adoption
from vocab.catalogue import ACT, CATALOGUE, TOO_SMALL
from ui.charts import PRIMARY, STATUS_COLOURS, legend_columns, localised, name_labels, status_scale, title_anchor

# Lifecycle states, from the healthiest to the least: one colour each, the same wherever shown.
STATE_COLOURS = {
    indicators.STATE_RETURNING: "#2e7d32",
    indicators.STATE_NEW: "#81c784",
    indicators.STATE_RESURRECTED: "#1f6f8b",
    indicators.STATE_DORMANT: "#ef6c00",
    indicators.STATE_NEVER: "#bdbdbd",
}
ROGERS_COLOURS = ("#5c8fa3", "#86adbd", "#a9c6d2", "#c9dce4", "#e6eff3")
SELECTION = "pilih"  # the point selection a click on a bar fills (group_id)


def short_name(name: str) -> str:
    """A group's name for a chart axis: "Kabupaten" as "Kab." (the full name stays in tooltips/tables)."""
    return name.replace("Kabupaten ", "Kab. ")


def rogers_bands() -> pd.DataFrame:
    """The Rogers adopter categories as bands of cumulative share: category, lower, upper, width, middle."""
    rows, lower = [], 0.0
    for name, cut in adoption.ROGERS_CUTS:
        upper = float(cut)
        rows.append({"kategori": name, "bawah": lower, "atas": upper, "lebar": upper - lower,
                     "tengah": (lower + upper) / 2})
        lower = upper
    return pd.DataFrame(rows)


ACTIVITY_COLOUR = "#6a1b9a"  # the mentoring activities' marks on the adoption curve


def activity_rules(marks: pd.DataFrame, x: alt.X, y_scale: alt.Scale) -> list[alt.Chart]:
    """Each mentoring activity as a vertical rule in its month, with a marker on top to point at; the
    tooltip says the day, type, participants, the unit and the verdict (views.activity_marks)."""
    if marks is None or marks.empty:
        return []
    tooltip = [alt.Tooltip("tanggal:N", title="Tanggal"), alt.Tooltip("activity_type:N", title="Jenis kegiatan"),
               alt.Tooltip("participants:Q", title="Peserta", format=",d"), alt.Tooltip("target:N", title="Sasaran"),
               alt.Tooltip("verdict:N", title="Hasil")]
    base = alt.Chart(marks).encode(x=x, tooltip=tooltip)
    rule = base.mark_rule(color=ACTIVITY_COLOUR, strokeDash=[3, 3], strokeWidth=2)
    marker = base.mark_point(shape="triangle-down", size=140, filled=True, color=ACTIVITY_COLOUR, opacity=0.9).encode(
        y=alt.Y("top:Q", scale=y_scale)).transform_calculate(top="1")
    return [rule, marker]


def adoption_curve(frame: pd.DataFrame, metric=CATALOGUE["active_share"], marks: pd.DataFrame | None = None) -> alt.Chart:
    """The adoption S-curve: share of staff expected to report who have started (sent a first progres
    harian), by month, over the Rogers bands (Inovator 2,5%, Pengadopsi Awal 13,5%, Mayoritas Awal 34%,
    Mayoritas Akhir 34%, Lamban 16%) and the catalogue target for the adoption rate; with `marks`
    (views.activity_marks), each mentoring activity as a dashed rule in its month.

    frame: one row per month with month, bulan, bulan_lengkap, started, expected, started_share."""
    data = frame.drop_duplicates("month").sort_values("month")[
        ["month", "bulan", "bulan_lengkap", "started", "expected", "started_share"]]
    order = data["bulan"].tolist()
    bands = rogers_bands()
    y_scale = alt.Scale(domain=[0, 1])
    band = alt.Chart(bands).mark_rect(opacity=0.35).encode(
        y=alt.Y("bawah:Q", scale=y_scale, title="Sudah mulai melapor",
                axis=alt.Axis(format=".0%", values=[0, 0.16, 0.5, 0.84, 1.0])),
        y2="atas:Q",
        color=alt.Color("kategori:N", title="Kategori Rogers", sort=[n for n, _ in adoption.ROGERS_CUTS],
                        scale=alt.Scale(domain=[n for n, _ in adoption.ROGERS_CUTS], range=list(ROGERS_COLOURS)),
                        legend=None),
        tooltip=[alt.Tooltip("kategori:N", title="Kategori Rogers"),
                 alt.Tooltip("bawah:Q", title="Dari", format=".1%"),
                 alt.Tooltip("atas:Q", title="Sampai", format=".1%")],
    )
    band_text = alt.Chart(bands).mark_text(align="right", baseline="middle", dx=-4, fontSize=10,
                                           color="#37474f", fontStyle="italic").encode(
        x=alt.value("width"), y=alt.Y("tengah:Q", scale=y_scale), text="kategori:N")
    target = metric.target  # the target in force (metric_targets), else the catalogue's
    target_line = alt.Chart(pd.DataFrame({"target": [target], "teks": [f"Target adopsi {target:.0%}"]}))
    rule = target_line.mark_rule(color=STATUS_COLOURS["sesuai target"], strokeDash=[6, 4]).encode(
        y=alt.Y("target:Q", scale=y_scale))
    rule_text = target_line.mark_text(align="left", dx=4, dy=-7, fontSize=11, fontWeight="bold",
                                      color=STATUS_COLOURS["sesuai target"]).encode(
        x=alt.value(0), y=alt.Y("target:Q", scale=y_scale), text="teks:N")
    x = alt.X("bulan:O", sort=order, title="Bulan", axis=alt.Axis(labelAngle=0))
    tooltip = [alt.Tooltip("bulan_lengkap:N", title="Bulan"),
               alt.Tooltip("started_share:Q", title="Sudah mulai", format=".1%"),
               alt.Tooltip("started:Q", title="Pegawai sudah mulai", format=",d"),
               alt.Tooltip("expected:Q", title="Wajib lapor", format=",d")]
    line = alt.Chart(data).mark_line(color=PRIMARY, strokeWidth=3, point=alt.OverlayMarkDef(size=60, color=PRIMARY)).encode(
        x=x, y=alt.Y("started_share:Q", scale=y_scale), tooltip=tooltip)
    labels = alt.Chart(data).mark_text(dy=-12, color=PRIMARY, fontWeight="bold").encode(
        x=x, y=alt.Y("started_share:Q", scale=y_scale), text=alt.Text("started_share:Q", format=".0%"))
    chart = alt.layer(band, band_text, rule, rule_text, *activity_rules(marks, x, y_scale), line,
                      labels).properties(height=440)
    return localised(chart)


def lifecycle_bars(frame: pd.DataFrame) -> alt.Chart:
    """Staff per lifecycle state and month, stacked (the growth-accounting picture).

    frame: month, bulan, bulan_lengkap, state, label, employees, expected, share (lifecycle_counts)."""
    data = frame[["month", "bulan", "bulan_lengkap", "state", "label", "employees", "expected", "share"]].copy()
    order = data.drop_duplicates("month").sort_values("month")["bulan"].tolist()
    states = list(STATE_COLOURS)
    labels = [indicators.ADOPTION[s].label for s in states]
    data["urutan"] = data["state"].map({s: i for i, s in enumerate(states)})
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("bulan:O", sort=order, title="Bulan", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("employees:Q", stack="zero", title="Jumlah pegawai wajib lapor", axis=alt.Axis(format=",d")),
        color=alt.Color("label:N", title="Status", sort=labels,
                        scale=alt.Scale(domain=labels, range=list(STATE_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", columns=legend_columns(3))),
        order=alt.Order("urutan:Q", sort="ascending"),
        tooltip=[alt.Tooltip("bulan_lengkap:N", title="Bulan"), alt.Tooltip("label:N", title="Status"),
                 alt.Tooltip("employees:Q", title="Pegawai", format=",d"),
                 alt.Tooltip("share:Q", title="Bagian dari wajib lapor", format=".1%")],
    ).properties(height=420)
    return localised(chart)


def compliance_heatmap(frame: pd.DataFrame, group_label: str, metric=CATALOGUE["compliance"]) -> alt.Chart:
    """Daily-reporting compliance per group (rows, worst first) and month (columns), red to green.

    frame: group_id, label, order, bulan, bulan_lengkap, month, compliance, expected (views.heatmap)."""
    data = frame[["group_id", "label", "order", "bulan", "bulan_lengkap", "month", "compliance", "expected",
                  "period_compliance"]].assign(sumbu=lambda f: f["label"].map(short_name))
    months = data.drop_duplicates("month").sort_values("month")["bulan"].tolist()
    rows = data.drop_duplicates("group_id").sort_values("order")["sumbu"].tolist()
    target = metric
    base = alt.Chart(data).encode(
        x=alt.X("bulan:O", sort=months, title="Bulan", axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("sumbu:N", sort=rows, title=None, axis=alt.Axis(**name_labels(240), labelOverlap=False)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("compliance:Q", title="Kepatuhan harian",
                        scale=alt.Scale(domain=[0, target.warning, target.target, 1],
                                        range=["#c62828", "#f9a825", "#a5d6a7", "#2e7d32"], clamp=True),
                        legend=alt.Legend(format=".0%", orient="bottom", gradientLength=220)),
        tooltip=[alt.Tooltip("label:N", title=group_label), alt.Tooltip("bulan_lengkap:N", title="Bulan"),
                 alt.Tooltip("compliance:Q", title="Kepatuhan harian", format=".1%"),
                 alt.Tooltip("period_compliance:Q", title="Kepatuhan seluruh periode", format=".1%"),
                 alt.Tooltip("expected:Q", title="Wajib lapor", format=",d")],
    )
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("compliance:Q", format=".0%"),
        color=alt.condition(alt.datum.compliance < 0.5, alt.value("white"), alt.value("black")),
    )
    chart = alt.layer(cells, text).properties(height=alt.Step(22), width=alt.Step(36))
    return localised(chart)


def resistance_bars(frame: pd.DataFrame, group_label: str, metric=CATALOGUE["resistance_index"]) -> alt.Chart:
    """Resistance index per group, highest first, coloured by the catalogue status (groups too small to
    judge in grey, at the end), with the target and warning lines; a click selects the group (group_id).

    frame: group_id, nama, resistance_index, status, too_small, expected, the four parts (views.groups)."""
    data = frame[["group_id", "nama", "resistance_index", "status", "too_small", "expected",
                  "never_active_share", "lapsed_share", "noncompliance", "skp_unapproved_share"]].copy()
    data = data[data["resistance_index"].notna()]
    data["sumbu"] = data["nama"].map(short_name)
    data["status_label"] = data["status"].fillna(TOO_SMALL).astype(str)
    data["urutan"] = range(len(data))  # the frame is ordered: ranked groups first, too small last
    order = data["sumbu"].tolist()
    pick = alt.selection_point(name=SELECTION, fields=["group_id"], on="click")
    bars = alt.Chart(data).mark_bar(cursor="pointer").encode(
        x=alt.X("resistance_index:Q", title="Indeks resistensi (0 = tidak ada, 1 = penuh)",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".1f", values=[i / 10 for i in range(11)], titleAnchor=title_anchor())),
        y=alt.Y("sumbu:N", sort=order, title=None, axis=alt.Axis(**name_labels(240), labelOverlap=False)),
        color=alt.Color("status_label:N", title="Status",
                        scale=status_scale(),
                        legend=alt.Legend(orient="bottom", columns=legend_columns(2))),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
        tooltip=[alt.Tooltip("nama:N", title=group_label),
                 alt.Tooltip("resistance_index:Q", title="Indeks resistensi", format=".2f"),
                 alt.Tooltip("never_active_share:Q", title="Belum pernah aktif", format=".1%"),
                 alt.Tooltip("lapsed_share:Q", title="Berhenti melapor", format=".1%"),
                 alt.Tooltip("noncompliance:Q", title="Ketidakpatuhan harian", format=".1%"),
                 alt.Tooltip("skp_unapproved_share:Q", title="SKP belum disetujui", format=".1%"),
                 alt.Tooltip("expected:Q", title="Wajib lapor", format=",d")],
    ).add_params(pick)
    lines = pd.DataFrame({"nilai": [metric.target, metric.warning],
                          "garis": [f"Target {metric.target:.1f}".replace(".", ","),
                                    f"Batas waspada {metric.warning:.1f}".replace(".", ",")]})
    rules = alt.Chart(lines).mark_rule(strokeDash=[6, 4], color="#424242").encode(
        x="nilai:Q", tooltip=[alt.Tooltip("garis:N", title="Garis")])
    # Each line named right of it (a target near 0 has no room on its left: the name ran over the
    # axis labels), the warning one line lower so that close lines never overlap.
    style = dict(baseline="top", align="left", dx=4, fontSize=11, color="#424242")
    texts = [alt.Chart(lines.iloc[[i]]).mark_text(dy=2 + 16 * i, **style).encode(x="nilai:Q", y=alt.value(0),
                                                                                   text="garis:N")
             for i in range(len(lines))]
    chart = alt.layer(bars, rules, *texts).properties(height=alt.Step(24))
    return localised(chart)


_MAX, _LOWEST, _HIGHEST = codes.ADKAR_BARRIER_MAX, codes.ADKAR_SCORES[0], codes.ADKAR_SCORES[-1]
ADKAR_LOW, ADKAR_HIGH = f"{_MAX} atau kurang: hambatan", f"di atas {_MAX}"
ADKAR_SCALE = f"Skor rata-rata tiap elemen, {_LOWEST}–{_HIGHEST} (garis putus-putus: {_MAX})"


def adkar_elements(frame: pd.DataFrame, group_label: str) -> alt.FacetChart:
    """The five ADKAR element means of each group shown (views.adkar().elements: judged groups only),
    one column per element in ADKAR order (Awareness, Desire, Knowledge, Ability, Reinforcement), on
    the 1–5 scale with the barrier line at 3; a mean at or below it in red, its group's barrier point
    being the first red column from the left.

    frame: gid, nama, element, urutan, mean, low_share, at_or_below_line, respondents."""
    data = frame[["gid", "nama", "element", "mean", "low_share", "at_or_below_line", "respondents"]].copy()
    data["sumbu"] = data["nama"].map(short_name)
    data["tanda"] = data["at_or_below_line"].map({True: ADKAR_LOW, False: ADKAR_HIGH})
    order = list(dict.fromkeys(data["sumbu"]))  # the group table's order: earliest barrier first
    base = alt.Chart().encode(
        y=alt.Y("sumbu:N", sort=order, title=None, axis=alt.Axis(**name_labels(240), labelOverlap=False)))
    bars = base.mark_bar(clip=True, height=14).encode(
        # The scale is said once, in the facet header:
        x=alt.X("mean:Q", title=None, scale=alt.Scale(domain=[_LOWEST, _HIGHEST]),
                axis=alt.Axis(values=list(codes.ADKAR_SCORES), format=",.0f")),
        color=alt.Color("tanda:N", title=None,
                        scale=alt.Scale(domain=[ADKAR_LOW, ADKAR_HIGH], range=[STATUS_COLOURS[ACT], PRIMARY]),
                        legend=alt.Legend(orient="bottom", columns=legend_columns(2))),
        tooltip=[alt.Tooltip("nama:N", title=group_label), alt.Tooltip("element:N", title="Elemen"),
                 alt.Tooltip("mean:Q", title="Skor rata-rata", format=",.2f"),
                 alt.Tooltip("low_share:Q", title=f"Skor ≤ {_MAX}", format=".0%"),
                 alt.Tooltip("respondents:Q", title="Responden", format=",d")])
    line = alt.Chart().mark_rule(strokeDash=[4, 3], color="#424242").encode(x=alt.datum(_MAX))
    chart = alt.layer(bars, line, data=data).properties(width=110, height=alt.Step(20)).facet(
        column=alt.Column("element:N", sort=list(codes.ADKAR_ELEMENTS), title=ADKAR_SCALE,
                          header=alt.Header(labelFontWeight="bold", labelFontSize=12, titleFontWeight="normal",
                                            titleFontSize=11, titleOrient="bottom", labelOrient="top")),
        spacing=8)
    return localised(chart)
