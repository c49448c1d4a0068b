"""Pengembangan Kompetensi: who has had their 20 JP this year, who has had nothing, and which
officials still lack their leadership training (PP 11/2017 ps. 203 jo. PP 17/2020)."""
import pandas as pd
import streamlit as st

from metrics.training import HISTOGRAM_CATEGORIES
from ui import brief, data, fmt, kpi, levels, tables
from ui.charts import training as charts
from data_access.workbook import Column
from ui.frame import breadcrumb, filters, start
from ui.views import training as views

TITLE = "Pengembangan Kompetensi"
ctx = start(TITLE)
chosen = filters(ctx, staff=True)

st.title(TITLE)
st.caption("Unit mana yang pegawainya belum mendapat 20 JP pengembangan kompetensi tahun ini, dan siapa yang "
           "belum tersentuh sama sekali? (PP 11/2017 ps. 203 ayat (4) jo. PP 17/2020)")
breadcrumb(chosen)

view = views.view(ctx.url, chosen, ctx.version)
if view.empty:
    st.info(view.empty, icon=":material/info:")
    st.stop()

grouping = view.grouping
view_key = levels.view_key(chosen)


def open_group(group_id) -> None:
    """A click on a group (bar or row): open it, with its region and OPD set too."""
    levels.drill_into(grouping, group_id, data.inputs_for(ctx.url, chosen, ctx.version))


target = views.target_text(view.targets)
if chosen.period:
    st.caption(
        f"**Cara membaca target:** hanya pelatihan yang dimulai pada {fmt.day(view.start)} – {fmt.day(view.end)} "
        f"yang dihitung, dan target tahunan dibaca **pro rata** untuk periode itu: {target} "
        f"({fmt.percent(view.target_fraction)} dari target setahun). Pilih *Tahun penuh* untuk kewajiban 20 JP "
        "setahun.")
else:
    st.caption(f"**Cara membaca target:** semua pelatihan yang dimulai pada tahun {chosen.year} dihitung, dari "
               f"jalur klasikal, nonklasikal maupun pendidikan, terhadap target setahun per status ({target}). "
               "Pegawai dengan 0 JP ikut dihitung.")

# --- KPI tiles --------------------------------------------------------------------------------
previous = view.previous or {}
compare = (f"dibanding {view.previous_label}" if view.previous
           else f"belum ada data {view.previous_label} untuk pembanding")
c1, c2, c3 = st.columns(3)
with c1:
    kpi.tile("share_meeting_target", view.overall["share_meeting_target"], previous.get("share_meeting_target"),
             metric=data.metric_for(ctx.url, chosen, ctx.version, "share_meeting_target"), note=f"{fmt.number(view.overall['meeting_target'])} dari {fmt.number(view.overall['employees'])} "
                  f"pegawai · {compare}")
with c2:
    kpi.tile("share_zero", view.overall["share_zero"], previous.get("share_zero"),
             metric=data.metric_for(ctx.url, chosen, ctx.version, "share_zero"), note=f"{fmt.number(view.overall['zero'])} pegawai 0 JP · {compare}")
with c3:
    kpi.tile("median_jp", view.overall["median_jp"], previous.get("median_jp"),
             metric=data.metric_for(ctx.url, chosen, ctx.version, "median_jp"), note=f"target periode {target} · {compare}" if chosen.period else compare)
if chosen.period:
    st.caption("Catatan: status pada kartu dibandingkan dengan target setahun di katalog; untuk satu periode, "
               f"bacalah median terhadap target periode ({target}).")

# --- the distribution -----------------------------------------------------------------------
st.subheader("Sebaran JP per pegawai")
lines = [{"x": t, "label": f"Target {fmt.number(t, 1 if t % 1 else 0)} JP", "kind": "target"}
         for t in sorted(set(view.targets.values()))]
if view.pace_targets:
    pace = max(view.pace_targets.values())
    lines.append({"x": pace, "label": f"Laju hari ini {fmt.number(pace, 1)} JP", "kind": "laju"})
    st.markdown(
        f"Periode ini belum selesai: **per hari ini ({fmt.day(view.as_of)}) seharusnya sudah "
        f"{fmt.number(pace, 1)} JP** (target dibagi rata sepanjang periode). "
        f"{fmt.percent(view.share_on_pace)} pegawai sudah mencapai laju itu.")
tables.chart(charts.jp_histogram, view.histogram, pd.DataFrame(lines), view.hist_width, view.hist_cap,
             key="jp_sebaran", title="Sebaran JP per pegawai")
st.caption("Batang paling kanan: JP sebanyak itu atau lebih. Merah: belum mengikuti kegiatan apa pun · kuning: ada kegiatan tetapi di bawah target · hijau: memenuhi "
           "target. Garis tegas = target; garis putus-putus = laju yang seharusnya sudah dicapai hari ini.")

# --- coverage per group ---------------------------------------------------------------------------
metric = view.coverage_metric
groups = view.groups
if chosen.level != "unit":
    st.subheader(f"Capaian target JP per {grouping.label.lower()}")
    st.caption(f"Terburuk di atas. Klik batang (atau baris tabel) untuk membuka {grouping.label.lower()} itu. "
               f"Kelompok di bawah {view.min_group} pegawai berwarna abu-abu: terlalu kecil untuk dinilai, "
               "tidak diperingkat.")
    event = tables.chart(charts.coverage_bars, groups, grouping.label, metric.target, metric.warning,
                         key=f"jp_cakupan_{view_key}", title=f"Capaian target JP per {grouping.label.lower()}", on_select="rerun")
    picked = (event or {}).get("selection", {}).get(charts.SELECTION) if event else None
    if picked:
        first = picked[0] if isinstance(picked, list) else picked
        group_id = first.get("group_id") if isinstance(first, dict) else None
        if isinstance(group_id, list):
            group_id = group_id[0] if group_id else None
        if group_id is not None:
            open_group(group_id)

table_columns = {
    "nama": Column(grouping.label), "employees": Column("Pegawai", "int"), "median_jp": Column("Median JP", "dec1"),
    "share_meeting_target": Column(f"Memenuhi target ({target})", "pct"),
    "share_zero": Column("Tanpa pengembangan (0 kegiatan)", "pct"), "status": Column("Status"),
    "catatan": Column("Catatan"),
}
selected = tables.show(f"Pengembangan kompetensi per {grouping.label.lower()}", groups, table_columns,
                       key=f"jp_tabel_kelompok_{view_key}", on_select="rerun", selection_mode="single-row",
                       status_of={"share_meeting_target": "status"})
rows = selected.selection.rows if selected is not None and hasattr(selected, "selection") else []
if rows and chosen.level != "unit":
    open_group(groups.iloc[rows[0]]["group_id"])

# --- units where nobody has reached the target ----------------------------------------------------
units = view.units
if grouping.column != levels.UNIT:
    nobody = units[units["meeting_target"] == 0].sort_values(
        ["employees", "max_jp", "agency", "unit"], ascending=[False, True, True, True], kind="stable")
    st.subheader("Unit kerja yang belum satu pun pegawainya mencapai target")
    if nobody.empty:
        st.success(f"Di setiap unit kerja dalam pilihan ini, sedikitnya satu pegawai sudah mencapai {target}.")
    else:
        st.caption(f"{fmt.number(len(nobody))} unit kerja: JP tertinggi di unit itu pun masih di bawah {target}. "
                   "Urut dari unit terbesar. Klik baris untuk membuka unitnya.")
        picked_unit = tables.show(
            "Unit tanpa pegawai yang mencapai target", nobody,
            {"unit": Column("Unit kerja"), "agency": Column("OPD"), "region": Column("Daerah"),
             "employees": Column("Pegawai", "int"), "max_jp": Column("JP tertinggi", "dec1"),
             "median_jp": Column("Median JP", "dec1"), "share_zero": Column("Tanpa pengembangan", "pct"),
             "catatan": Column("Catatan")},
            key=f"jp_tabel_unit_nol_{view_key}", on_select="rerun", selection_mode="single-row",
            height=min(38 + 35 * len(nobody), 400))
        unit_rows = picked_unit.selection.rows if picked_unit is not None and hasattr(picked_unit, "selection") else []
        if unit_rows:
            row = nobody.iloc[unit_rows[0]]
            levels.drill_into(levels.BY_UNIT, row["unit_id"], data.inputs_for(ctx.url, chosen, ctx.version))

# --- routes and leadership training --------------------------------------------------------------
left, right = st.columns([2, 3])
with left:
    st.subheader("Jalur pengembangan")
    routes = view.routes
    if routes["jp"].sum() > 0:
        tables.chart(charts.route_mix, routes, key="jp_jalur", title="Jalur pengembangan kompetensi")
        st.caption("Klasikal: diklat, kursus, seminar · nonklasikal: e-learning, coaching, mentoring, magang, belajar "
                   "mandiri · pendidikan: pendidikan formal. Semua jalur dihitung untuk target (Peraturan LAN 10/2018).")
    else:
        st.caption("Belum ada JP yang tercatat untuk dirinci per jalur.")
with right:
    st.subheader("Pelatihan kepemimpinan yang belum diikuti")
    gaps, gap_groups = view.gaps, view.gap_groups
    st.caption("Pejabat struktural yang belum pernah tercatat mengikuti pelatihan kepemimpinan jenjangnya "
               "(JPT: PKN II/PKN I · Administrator: PKA · Pengawas: PKP), dari seluruh riwayat pelatihan.")
    if gap_groups.empty:
        st.caption("Tidak ada pejabat struktural dalam pilihan ini.")
    else:
        tables.show(
            f"Pelatihan kepemimpinan per {grouping.label.lower()}", gap_groups,
            {"nama": Column(grouping.label), "officials": Column("Pejabat struktural", "int"),
             "missing": Column("Belum pelatihan", "int"), "share_missing": Column("Bagian belum", "pct"),
             "missing_JPT": Column("JPT tanpa PKN", "int"), "missing_Administrator": Column("Administrator tanpa PKA", "int"),
             "missing_Pengawas": Column("Pengawas tanpa PKP", "int")},
            key="jp_tabel_kepemimpinan", height=min(38 + 35 * len(gap_groups), 320))

# --- unit level: the staff -------------------------------------------------------------------------
if chosen.level == "unit":
    st.subheader("Pegawai di unit ini")
    rows = views.pipeline.staff(view.jp, view.targets)
    staff = rows.assign(memenuhi=rows["meets_target"].map({True: "Ya", False: "Belum"}),
                        keterangan=rows["activities"].eq(0).map({True: "belum ada kegiatan", False: ""}))
    if levels.staff_names_allowed(ctx):
        tables.show("Pegawai dan JP", levels.with_names(staff, ctx, chosen), {
            "name": Column("Nama"), "nip": Column("NIP"), "jabatan_name": Column("Jabatan"),
            "status": Column("Status"), "jp_total": Column("Total JP", "dec1"), "jp_klasikal": Column("Klasikal", "dec1"),
            "jp_nonklasikal": Column("Nonklasikal", "dec1"), "jp_pendidikan": Column("Pendidikan", "dec1"),
            "activities": Column("Kegiatan", "int"), "memenuhi": Column(f"Memenuhi {target}"),
            "keterangan": Column("Keterangan")}, key="jp_tabel_pegawai")
        unit_gaps = gaps[gaps["unit_id"].isin(chosen.unit_ids)]
        if not unit_gaps.empty:
            tables.show("Pejabat tanpa pelatihan kepemimpinan", levels.with_names(unit_gaps, ctx, chosen), {
                "name": Column("Nama"), "nip": Column("NIP"), "jabatan": Column("Jabatan"),
                "jabatan_type": Column("Jenis jabatan"), "required_training": Column("Pelatihan yang diperlukan")},
                key="jp_tabel_pejabat")
    else:
        st.caption(levels.names_note(ctx))
        none_, below, met = HISTOGRAM_CATEGORIES
        labels = {none_: "Tanpa pengembangan (0 kegiatan)", below: "Ada kegiatan, di bawah target",
                  met: f"Memenuhi {target}"}
        summary = views.pipeline.staff_counts(rows)
        summary = summary.assign(kelompok=summary["category"].map(labels))
        tables.show("Jumlah pegawai menurut capaian JP", summary,
                    {"kelompok": Column("Kelompok"), "jumlah": Column("Pegawai", "int")}, key="jp_tabel_jumlah")

tables.report_button(TITLE, chosen.labels, ctx.user.display_name, data.freshness(ctx.url, ctx.version))
brief.button(ctx, chosen, TITLE)
