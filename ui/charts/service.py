"""Charts of the Pelayanan Publik page: pure functions from already aggregated frames to Altair charts."""
from __future__ import annotations

import altair as alt
import pandas as pd

from vocab import ikm
from vocab.formats import number
from vocab.catalogue import ACT, CATALOGUE, ON_TRACK, WATCH
from ui.charts import GREY, PRIMARY, STATUS_COLOURS, line_label, localised, name_labels, status_scale, title_anchor

# IKM bands (PermenPANRB 14/2017): mutu A best; the colours follow the status colours.
MUTU_COLOURS = {"A": "#2e7d32", "B": "#7cb342", "C": "#f9a825", "D": "#c62828"}
GROUP_SELECTION = "pilih_kelompok"
IKM_TITLE = "IKM (skala 25–100)"
ELEMENT_TITLE = "Nilai unsur (NRR × 25, skala 25–100)"
LABEL_LIMIT = 190  # px for a group or service name on the y axis; the tooltip has the full name


def short_name(name: str) -> str:
    """A group's name short enough to sit next to a dot: without "Kabupaten" (Kota stays)."""
    return name.removeprefix("Kabupaten ")


def _bands(bands=ikm.IKM_BANDS) -> pd.DataFrame:
    rows = []
    for band in bands:
        rows.append({"mutu": band.mutu, "kinerja": band.kinerja, "dari": float(band.lower),
                     "sampai": float(band.upper) + (0.01 if band.mutu != "A" else 0.0),
                     "label": f"{band.mutu} · {band.kinerja}"})
    return pd.DataFrame(rows)


def _ikm_x(low: float, title: str | None = None) -> dict:
    return {"title": title, "scale": alt.Scale(domain=[low, 100], clamp=True, zero=False, nice=False),
            "axis": alt.Axis(titleAnchor=title_anchor())}


def _band_layer(low: float, title: str, ikm_bands=ikm.IKM_BANDS) -> alt.LayerChart:
    """The IKM bands in force as coloured backgrounds, each labelled at the top."""
    bands = _bands(ikm_bands)
    bands["dari"] = bands["dari"].clip(lower=low)
    bands = bands[bands["sampai"] > low]
    colour = alt.Color("mutu:N", title="Mutu IKM", scale=alt.Scale(domain=list(MUTU_COLOURS),
                                                                     range=list(MUTU_COLOURS.values())),
                       legend=None)
    rects = alt.Chart(bands).mark_rect(opacity=0.14).encode(
        x=alt.X("dari:Q", **_ikm_x(low, title)), x2="sampai:Q", color=colour,
        tooltip=[alt.Tooltip("label:N", title="Mutu"), alt.Tooltip("dari:Q", title="Dari", format=",.2f"),
                 alt.Tooltip("sampai:Q", title="Sampai", format=",.2f")])
    labels = alt.Chart(bands).mark_text(align="left", baseline="top", dx=3, dy=2, fontSize=11,
                                        fontWeight="bold").encode(
        x="dari:Q", y=alt.value(0), text="mutu:N", color=colour)
    return rects + labels


def turnaround_vs_standard(by_service: pd.DataFrame, by_group: pd.DataFrame, group_label: str) -> alt.LayerChart:
    """Per service type: the middle half of requests (25–75%) as a grey bar, the median as a black tick,
    and, when several offices are in view, one dot per group at its own median, red beyond the
    standard; the red dashed line at 1,0 is the standard itself."""
    base = by_service.copy()
    worst = base.set_index("service_type")["median_ratio"]
    if len(by_group):
        worst = pd.concat([worst, by_group.groupby("service_type")["median_ratio"].max()], axis=1).max(axis=1)
    order = worst.sort_values(ascending=False).index.tolist()  # the service with the slowest office first
    # The service's name sits above its row, inside the plot: the full width stays for the values (phones).
    y = alt.Y("service_type:N", title=None, sort=order, axis=alt.Axis(labels=False, ticks=False, domain=False))
    tips = [alt.Tooltip("service_type:N", title="Jenis layanan"),
            alt.Tooltip("scored:Q", title="Dinilai thd standar", format=",d"),
            alt.Tooltip("median_ratio:Q", title="Median (× standar)", format=",.2f"),
            alt.Tooltip("p25_ratio:Q", title="25% tercepat sampai (× standar)", format=",.2f"),
            alt.Tooltip("p75_ratio:Q", title="75% selesai dalam (× standar)", format=",.2f"),
            alt.Tooltip("share_within_standard:Q", title="Tepat waktu", format=".1%")]
    x_title = "Waktu penyelesaian ÷ standar (1,0 = tepat batas standar)"
    furthest = max([1.0, *base["p75_ratio"], *(by_group["median_ratio"] if len(by_group) else [])])
    right = float(furthest * 1.3)  # room for the name next to the slowest dot
    spread = alt.Chart(base).mark_bar(color="#cfd8dc", height=12).encode(
        x=alt.X("p25_ratio:Q", title=x_title, scale=alt.Scale(domain=[0, right]),
                axis=alt.Axis(tickCount=6, format=",.1f")),  # a few readable steps, not 0,05 apart
        x2="p75_ratio:Q", y=y,
        tooltip=tips)
    median = alt.Chart(base).mark_tick(color="#263238", thickness=3, size=16).encode(
        x="median_ratio:Q", y=y, tooltip=tips)
    names = alt.Chart(base).mark_text(align="left", baseline="bottom", dy=-9, fontSize=12, color="#37474f").encode(
        x=alt.value(0), y=y, text="service_type:N")
    layers = [spread, median, names]
    if len(by_group) and by_group["gid"].nunique() > 1:
        dots = by_group.assign(lewat=by_group["median_ratio"] > 1.0)
        dots["keterangan"] = dots["lewat"].map({True: "lebih lambat dari standar", False: "dalam standar"})
        layers.append(alt.Chart(dots).mark_circle(size=70, opacity=0.85, stroke="white", strokeWidth=0.5).encode(
            x="median_ratio:Q", y=y,
            color=alt.Color("keterangan:N", title=f"Median satu {group_label.lower()}",
                            scale=alt.Scale(domain=["dalam standar", "lebih lambat dari standar"],
                                            range=[STATUS_COLOURS[ON_TRACK], STATUS_COLOURS[ACT]]),
                            legend=None),  # the caption says it: red = slower than the standard
            tooltip=[alt.Tooltip("nama:N", title=group_label), alt.Tooltip("service_type:N", title="Jenis layanan"),
                     alt.Tooltip("median_ratio:Q", title="Median (× standar)", format=",.2f"),
                     alt.Tooltip("scored:Q", title="Dinilai thd standar", format=",d"),
                     alt.Tooltip("share_within_standard:Q", title="Tepat waktu", format=".1%")]))
        slow = dots[dots["lewat"]].assign(singkat=lambda d: d["nama"].map(short_name))
        layers.append(alt.Chart(slow).mark_text(align="left", dx=7, fontSize=11, color=STATUS_COLOURS[ACT], clip=True).encode(
            x="median_ratio:Q", y=y, text="singkat:N"))
    standard = alt.Chart(pd.DataFrame({"x": [1.0], "label": ["standar"]}))
    layers.append(standard.mark_rule(color=STATUS_COLOURS[ACT], strokeDash=[6, 3], size=2).encode(x="x:Q"))
    layers.append(standard.mark_text(color=STATUS_COLOURS[ACT], align="left", dx=4, baseline="bottom", dy=-2).encode(
        x="x:Q", y=alt.value({"expr": "height"}), text="label:N"))
    chart = alt.layer(*layers).properties(height=alt.Step(46))
    return localised(chart)


def share_on_time(groups: pd.DataFrame, group_label: str, selectable: bool = True,
                  metric=CATALOGUE["share_within_standard"]) -> alt.LayerChart:
    """Horizontal bars of the share finished within the standard per group, coloured by status, the
    target in force (`metric`) as a dashed line; a click on a bar selects its group (gid)."""
    frame = groups[groups["judged"] > 0].copy()
    frame["nilai"] = frame["share_within_standard"]
    frame["label_status"] = frame["status"]
    select = alt.selection_point(name=GROUP_SELECTION, fields=["gid"], on="click")
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("nilai:Q", title="Permohonan selesai tepat waktu", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", titleAnchor=title_anchor())),
        y=alt.Y("nama:N", title=None, sort=alt.EncodingSortField("nilai", order="ascending"),
                axis=alt.Axis(**name_labels(LABEL_LIMIT), labelOverlap=False)),
        color=alt.Color("label_status:N", title="Status", scale=status_scale(),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=[alt.Tooltip("nama:N", title=group_label),
                 alt.Tooltip("nilai:Q", title="Tepat waktu", format=".1%"),
                 alt.Tooltip("finished_within:Q", title="Selesai tepat waktu", format=",d"),
                 alt.Tooltip("judged:Q", title="Dinilai thd standar", format=",d"),
                 alt.Tooltip("open_overdue:Q", title="Belum selesai, lewat standar", format=",d"),
                 alt.Tooltip("label_status:N", title="Status")],
    )
    if selectable:
        bars = bars.add_params(select)
    target = alt.Chart(pd.DataFrame({"x": [metric.target]}))
    rule = target.mark_rule(color="#263238", strokeDash=[6, 3], size=2).encode(x="x:Q")
    text = line_label(metric.target, f"target {metric.target:.0%}", "#263238", align="right")
    return localised(alt.layer(bars, rule, text).properties(height=alt.Step(26)))


def monthly_heatmap(monthly: pd.DataFrame, group_label: str, order: list[str] | None = None) -> alt.Chart:
    """Share on time per group (rows) and month received (columns): red cells are months in which a
    group mostly missed its standard, so a slow office, or one getting faster, stands out."""
    months = monthly.drop_duplicates("bulan_ke").sort_values("bulan_ke")["bulan"].tolist()
    chart = alt.Chart(monthly).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("bulan:N", title="Bulan permohonan masuk", sort=months, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("nama:N", title=None, sort=order, axis=alt.Axis(**name_labels(LABEL_LIMIT), labelOverlap=False)),
        color=alt.Color("share_within_standard:Q", title="Tepat waktu",
                        scale=alt.Scale(domain=[0, 0.75, 0.9, 1],
                                        range=[STATUS_COLOURS[ACT], STATUS_COLOURS[WATCH], "#a5d6a7",
                                               STATUS_COLOURS[ON_TRACK]]),
                        legend=alt.Legend(format="%", orient="bottom")),
        tooltip=[alt.Tooltip("nama:N", title=group_label), alt.Tooltip("bulan:N", title="Bulan"),
                 alt.Tooltip("share_within_standard:Q", title="Tepat waktu", format=".1%"),
                 alt.Tooltip("judged:Q", title="Dinilai thd standar", format=",d")],
    ).properties(height=alt.Step(22))
    return localised(chart)


def ikm_by_group(groups: pd.DataFrame, group_label: str, ikm_bands=ikm.IKM_BANDS) -> alt.LayerChart:
    """IKM per group as dots on the four mutu bands (A/B/C/D backgrounds, thresholds 65,00, 76,61 and
    88,31); groups with fewer respondents than the minimum are grey."""
    frame = groups[groups["respondents"] > 0].copy()
    low = float(min(60.0, (frame["ikm"].min() // 5) * 5 if len(frame) else 60.0))
    frame["warna"] = frame["mutu"].astype(object).where(~frame["ikm_too_small"], "kecil")
    y = alt.Y("nama:N", title=None, sort=frame.sort_values("ikm")["nama"].tolist(),
              axis=alt.Axis(**name_labels(LABEL_LIMIT), labelOverlap=False))
    dots = alt.Chart(frame).mark_circle(size=140, opacity=1, stroke="white", strokeWidth=1).encode(
        x=alt.X("ikm:Q", **_ikm_x(low, IKM_TITLE)),
        y=y,
        color=alt.Color("warna:N", scale=alt.Scale(domain=[*MUTU_COLOURS, "kecil"],
                                                    range=[*MUTU_COLOURS.values(), GREY]),
                        legend=None),
        tooltip=[alt.Tooltip("nama:N", title=group_label), alt.Tooltip("ikm:Q", title="IKM", format=",.2f"),
                 alt.Tooltip("mutu:N", title="Mutu"), alt.Tooltip("kinerja:N", title="Kinerja unit"),
                 alt.Tooltip("respondents:Q", title="Responden", format=",d")],
    )
    chart = alt.layer(_band_layer(low, IKM_TITLE, ikm_bands), dots).resolve_scale(color="independent").properties(height=alt.Step(24))
    return localised(chart)


def skm_elements(elements: pd.DataFrame, ikm_bands=ikm.IKM_BANDS) -> alt.LayerChart:
    """The nine SKM elements of the view, weakest on top and in red, on the IKM scale (NRR × 25) over
    the mutu bands, so the element that pulls the IKM down is the first thing read."""
    frame = elements.copy()
    weakest = frame["score"].min()
    frame["terlemah"] = frame["score"].eq(weakest).map({True: "unsur terlemah", False: "unsur lain"})
    low = float(min(60.0, (weakest // 5) * 5))
    order = frame.sort_values("score")["element"].tolist()  # weakest on top
    bars = alt.Chart(frame).mark_bar(height=16).encode(
        x=alt.X("score:Q", **_ikm_x(low, ELEMENT_TITLE)),
        y=alt.Y("element:N", title=None, sort=order,
                axis=alt.Axis(**name_labels(LABEL_LIMIT + 40), labelOverlap=False)),
        color=alt.Color("terlemah:N", title=None,
                        scale=alt.Scale(domain=["unsur terlemah", "unsur lain"], range=[STATUS_COLOURS[ACT], PRIMARY]),
                        legend=None),
        tooltip=[alt.Tooltip("element:N", title="Unsur"), alt.Tooltip("nrr:Q", title="NRR (1–4)", format=",.2f"),
                 alt.Tooltip("score:Q", title="Nilai unsur (×25)", format=",.2f"),
                 alt.Tooltip("answers:Q", title="Jawaban", format=",d")],
    )
    values = alt.Chart(frame).mark_text(align="left", dx=4, fontSize=11).encode(
        x="score:Q", y=alt.Y("element:N", sort=order),
        text=alt.Text("score:Q", format=",.1f"))
    chart = (alt.layer(_band_layer(low, ELEMENT_TITLE, ikm_bands), bars, values).resolve_scale(color="independent")
             .properties(height=alt.Step(26)))
    return localised(chart)


# --- the queue at the counter (section "Antrian") -----------------------------------------------
QUEUE_WAIT_TITLE = "Waktu tunggu (menit, dari ambil tiket sampai dipanggil)"
HEAT_OVER = 1.5  # the busiest hours' reddest colour: this many times the waiting target, and beyond
# The busiest hours' colours: light green for no wait, pale yellow at the target, then a step to orange
# just past it (HEAT_STEP minutes) and on to the status red: a cell is red-orange only when it is over.
HEAT_UNDER = ("#81c784", "#fff59d")
HEAT_OVER_FROM = "#ef6c00"
HEAT_STEP = 0.01


def queue_wait_by_group(groups: pd.DataFrame, group_label: str, target_minutes: float,
                        selectable: bool = True) -> alt.LayerChart:
    """Per group: a bar from the median to the 90th percentile of the waiting time, the median as a
    dot coloured by the group's status, and the waiting target as a dashed line; the slowest on top.
    A click on a group selects it (gid)."""
    frame = groups[groups["tickets"] > 0].copy()
    order = frame.sort_values("median_wait", ascending=False)["nama"].tolist()
    y = alt.Y("nama:N", title=None, sort=order, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False))
    tips = [alt.Tooltip("nama:N", title=group_label), alt.Tooltip("tickets:Q", title="Tiket", format=",d"),
            alt.Tooltip("median_wait:Q", title="Median tunggu (menit)", format=",.0f"),
            alt.Tooltip("p90_wait:Q", title="Persentil 90 (menit)", format=",.0f"),
            alt.Tooltip("share_within_target:Q", title="Dalam target tunggu", format=".1%"),
            alt.Tooltip("share_not_served:Q", title="Tidak dilayani", format=".1%"),
            alt.Tooltip("status:N", title="Status")]
    right = float(max([target_minutes * 1.2, *frame["p90_wait"].fillna(0)]) * 1.05)
    spread = alt.Chart(frame).mark_bar(color="#cfd8dc", height=10).encode(
        x=alt.X("median_wait:Q", title=QUEUE_WAIT_TITLE, scale=alt.Scale(domain=[0, right]),
                axis=alt.Axis(titleAnchor=title_anchor())),
        x2="p90_wait:Q", y=y, tooltip=tips)
    select = alt.selection_point(name=GROUP_SELECTION, fields=["gid"], on="click")
    dots = alt.Chart(frame).mark_circle(size=120, opacity=1, stroke="white", strokeWidth=1).encode(
        x="median_wait:Q", y=y, tooltip=tips,
        color=alt.Color("status:N", title="Status (dalam target tunggu)", scale=status_scale(frame["status"]),
                        legend=alt.Legend(orient="bottom", direction="vertical")))
    if selectable:
        dots = dots.add_params(select)
    target = alt.Chart(pd.DataFrame({"x": [target_minutes]}))
    rule = target.mark_rule(color=STATUS_COLOURS[ACT], strokeDash=[6, 3], size=2).encode(x="x:Q")
    text = line_label(target_minutes, f"target {minutes_label(target_minutes)} menit", STATUS_COLOURS[ACT])
    return localised(alt.layer(spread, dots, rule, text).properties(height=alt.Step(26)))


def minutes_label(value: float) -> str:
    """Minutes as the legend prints them: whole minutes bare, else one decimal (67,5)."""
    return number(value, 0 if float(value).is_integer() else 1)


def hours_reddest(target_minutes: float) -> float:
    """The waiting time (minutes) from which the busiest hours' cells are at their reddest."""
    return HEAT_OVER * target_minutes


def queue_hours_heatmap(hours: pd.DataFrame, target_minutes: float) -> alt.Chart:
    """The busiest hours: weekday (rows) × the hour tickets were taken (columns), coloured by the median
    waiting time read against the waiting target: green well inside it, pale yellow at the target, orange
    to red beyond it, the reddest at HEAT_OVER × the target and over (clamped), so a red cell is an hour
    over the target whatever the target in force. The tooltip says whether the cell is over it and how busy it is."""
    top = hours_reddest(target_minutes)
    target, most = minutes_label(target_minutes), minutes_label(top)
    colour = alt.Color(
        "median_wait:Q", title=["Median tunggu (menit)", f"merah = lewat target {target} menit"],
        scale=alt.Scale(domain=[0, target_minutes, target_minutes + HEAT_STEP, top],
                        range=[*HEAT_UNDER, HEAT_OVER_FROM, STATUS_COLOURS[ACT]], interpolate="rgb", clamp=True,
                        nice=False, zero=True),
        legend=alt.Legend(orient="bottom", gradientLength=220, values=[0, target_minutes, top],
                          labelExpr=f"datum.value >= {top} ? '≥ {most}' : datum.value == {target_minutes} "
                                    f"? '{target} (target)' : datum.label"))
    days = hours.drop_duplicates("weekday").sort_values("weekday")["hari"].tolist()
    chart = alt.Chart(hours).mark_rect(stroke="white", strokeWidth=1).transform_calculate(
        terhadap_target="datum.over_target ? 'lewat target' : 'dalam target'").encode(
        x=alt.X("jam:O", title="Jam ambil tiket (WIB)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("hari:N", title=None, sort=days),
        color=colour,
        tooltip=[alt.Tooltip("hari:N", title="Hari"), alt.Tooltip("jam:O", title="Jam"),
                 alt.Tooltip("median_wait:Q", title="Median tunggu (menit)", format=",.0f"),
                 alt.Tooltip("terhadap_target:N", title=f"Dibanding target {target} menit"),
                 alt.Tooltip("tickets_per_day:Q", title="Tiket per hari itu", format=",.1f"),
                 alt.Tooltip("tickets:Q", title="Tiket", format=",d")],
    ).properties(height=alt.Step(28))
    return localised(chart)


def queue_training_scatter(offices: pd.DataFrame, target_minutes: float) -> alt.LayerChart:
    """One dot per office: the share of its staff who met their JP target (x) against its median
    waiting time (y), the waiting target as a dashed line; offices too small to read (few tickets or
    staff) are grey. The tooltip carries each dot's n (tickets, staff). An association, not a cause:
    the page's caption says so."""
    frame = offices.assign(warna=offices["too_small"].map({True: "terlalu kecil", False: "kantor"}))
    top = float(max([target_minutes * 1.2, *frame["median_wait"]]) * 1.1)
    dots = alt.Chart(frame).mark_circle(size=110, opacity=0.9, stroke="white", strokeWidth=1).encode(
        x=alt.X("share_meeting_target:Q", title="Pegawai kantor yang memenuhi target JP",
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", tickCount=10, titleAnchor=title_anchor())),
        y=alt.Y("median_wait:Q", title="Median waktu tunggu (menit)", scale=alt.Scale(domain=[0, top])),
        color=alt.Color("warna:N", scale=alt.Scale(domain=["kantor", "terlalu kecil"], range=[PRIMARY, GREY]),
                        legend=None),
        tooltip=[alt.Tooltip("daerah:N", title="Daerah"), alt.Tooltip("opd:N", title="OPD"),
                 alt.Tooltip("median_wait:Q", title="Median tunggu (menit)", format=",.0f"),
                 alt.Tooltip("called:Q", title="Tiket dipanggil (n)", format=",d"),
                 alt.Tooltip("tickets:Q", title="Tiket diambil", format=",d"),
                 alt.Tooltip("share_meeting_target:Q", title="Memenuhi target JP", format=".1%"),
                 alt.Tooltip("meeting_target:Q", title="Pegawai memenuhi target JP", format=",d"),
                 alt.Tooltip("employees_with_target:Q", title="Pegawai (n)", format=",d")])
    target = alt.Chart(pd.DataFrame({"y": [target_minutes],
                                     "label": [f"target {minutes_label(target_minutes)} menit"]}))
    rule = target.mark_rule(color=STATUS_COLOURS[ACT], strokeDash=[6, 3], size=2).encode(y="y:Q")
    text = target.mark_text(color=STATUS_COLOURS[ACT], align="right", baseline="bottom", dy=-3).encode(
        y="y:Q", x=alt.value({"expr": "width"}), text="label:N")
    return localised(alt.layer(dots, rule, text).properties(height=320))
