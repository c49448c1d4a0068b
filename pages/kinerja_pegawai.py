"""Kinerja Pegawai: does each agency's predikat distribution obey the rules for its own organisation
rating (SE MenPANRB 3/2023), or is it inflated?"""
import streamlit as st

from vocab import codes, curve
from metrics import appraisal as ap
from ui import brief, data, fmt, kpi, levels, tables
from ui.charts import appraisal as charts
from data_access.workbook import Column
from ui.frame import breadcrumb, filters, start
from ui.views import appraisal as views

TITLE = "Kinerja Pegawai"
ctx = start(TITLE)
chosen = filters(ctx, staff=True)

st.title(TITLE)
st.caption("Apakah sebaran predikat kinerja pegawai di setiap OPD mematuhi batas untuk predikat "
           "organisasinya (SE MenPANRB 3/2023), atau predikatnya menggelembung?")
breadcrumb(chosen)

view = views.view(ctx.url, chosen, ctx.version)
if view.period is None:
    st.info(f"Belum ada data penilaian kinerja pegawai untuk {dict(chosen.labels)['Periode'].lower()} "
            f"{chosen.year} dalam pilihan ini. Pilih tahun atau periode lain, atau minta analis mengimpor "
            "data penilaian kinerja (e-Kinerja) dan predikat organisasi.", icon=":material/info:")
    st.stop()

how = ("periode penilaian terakhir yang ada datanya, karena filter Periode tidak dipilih"
       if view.period_defaulted else "sesuai filter Periode")
st.caption(f"Periode penilaian yang ditampilkan: **{view.period_text}** ({how})."
           + (f" Perubahan dibandingkan dengan {view.previous_text}." if view.previous_text else ""))

inputs = data.inputs_for(ctx.url, chosen, ctx.version)
grouping = levels.group_for(chosen, inputs)
vk = levels.view_key(chosen)
group_word = grouping.label if grouping.label == "OPD" else grouping.label.lower()
k, p = view.kpis, view.previous
c1, c2, c3 = st.columns(3)
with c1:
    kpi.tile("curve_compliant", k.curve_compliant, p.curve_compliant if p else None,
             metric=data.metric_for(ctx.url, chosen, ctx.version, "curve_compliant"), note=f"{k.judged} dari {k.groups} {k.group_word} dapat dinilai")
with c2:
    kpi.tile("share_sangat_baik", k.share_sangat_baik, p.share_sangat_baik if p else None,
             metric=data.metric_for(ctx.url, chosen, ctx.version, "share_sangat_baik"))
with c3:
    kpi.tile("share_not_rated", k.share_not_rated, p.share_not_rated if p else None,
             metric=data.metric_for(ctx.url, chosen, ctx.version, "share_not_rated"))

groups = view.groups
share_columns = views.SHARE
st.subheader(f"Sebaran predikat per {group_word}")
if grouping.column == levels.REGION:
    st.caption("Setiap batang adalah seluruh pegawai yang sudah dinilai di daerah itu. Kurva dinilai per OPD: "
               "daerah yang memiliki OPD tidak patuh ditandai merah. Klik batang untuk membuka daerahnya.")
elif grouping.column == levels.UNIT:
    # The organisation rating, and so the curve, belongs to the agency: units are shown, not judged.
    verdicts = "; ".join(
        f"{fmt.literal(r.nama)}: {r.status}" + (f" (predikat organisasi {r.org_predikat})" if isinstance(r.org_predikat, str) else "")
        + (f", batas yang dilanggar: {r.failed_text}" if r.failed_text else "")
        for r in view.agency_verdicts.itertuples())
    st.caption("Kurva predikat dinilai per OPD, terhadap predikat organisasinya, bukan per unit kerja. "
               f"Penilaian OPD: {verdicts}. Sebaran per unit di bawah untuk dibandingkan antarunit.")
else:
    st.caption("Garis hitam pendek menandai batas sesuai predikat organisasi masing-masing: segmen predikat "
               "yang dibatasi harus berakhir sebelum garis (batas “paling banyak”) atau mencapai garis (batas "
               "“paling sedikit”). Nama merah = tidak patuh. Batas yang dilanggar tertulis di tabel di bawah "
               "(kolom *Batas yang dilanggar*); dengan tetikus, arahkan kursor ke garis untuk membaca batasnya."
               + (" Klik batang untuk membuka kelompoknya." if chosen.level != "unit" else ""))
drawn = charts.drawn_groups(groups, share_columns)
if drawn.empty:
    st.info(charts.NO_RATED)
else:
    clicked = tables.chart(charts.distribution_bars, drawn, share_columns, view.marks, grouping.label,
                           key=f"kp_sebaran_{vk}", title=f"Sebaran predikat per {grouping.label}",
                           on_select="rerun", selection_mode=charts.SELECTION)
    picked = (clicked or {}).get("selection", {}).get(charts.SELECTION) or []
    if picked and chosen.level != "unit" and picked[0].get("group_id") is not None:
        levels.drill_into(grouping, picked[0]["group_id"], inputs)

# --- the table per group ---------------------------------------------------------------------
columns: dict[str, Column] = {views.NAME: Column(grouping.label)}
if grouping.column == levels.REGION:
    columns |= {views.JUDGED: Column("OPD dinilai", "int"), views.FAILING: Column("OPD tidak patuh", "int"),
                views.FAILING_NAMES: Column("Nama OPD tidak patuh", width="large")}
elif grouping.column == levels.AGENCY:
    columns |= {ap.ORG_PREDIKAT: Column("Predikat organisasi"), ap.STATUS: Column("Status kurva"),
                views.COMPLIANT_TEXT: Column("Patuh kurva"), views.FAILED_TEXT: Column("Batas yang dilanggar")}
columns |= {ap.TOTAL: Column("Pegawai", "int"), ap.RATED: Column("Sudah dinilai", "int"),
            codes.NOT_RATED: Column("Belum dinilai", "int")}
columns |= {p: Column(p, "int") for p in reversed(codes.PREDIKAT_ORDER)}
columns |= {share_columns[p]: Column(f"% {p}", "pct") for p in reversed(codes.PREDIKAT_ORDER)}
if grouping.column != levels.REGION:
    columns[ap.RANK] = Column("Peringkat % Sangat Baik", "int")
shown = groups
if ap.ORG_PREDIKAT in groups.columns:
    shown = groups.assign(**{ap.ORG_PREDIKAT: groups[ap.ORG_PREDIKAT].fillna("belum ada")})
st.subheader(f"Rincian per {group_word}")
st.caption(f"Porsi dihitung dari pegawai yang sudah dinilai. Kelompok dengan kurang dari "
           f"{view.min_group} pegawai dinilai "
           f"“{ap.STATUS_TOO_SMALL}” dan tidak diberi peringkat."
           + (" Pilih satu baris untuk membuka kelompoknya." if chosen.level != "unit" else ""))
selected = tables.show(f"Predikat per {grouping.label}", shown, columns, key=f"kp_tabel_{vk}",
                       on_select="rerun", selection_mode="single-row")
rows_picked = getattr(getattr(selected, "selection", None), "rows", None) or []
if rows_picked and chosen.level != "unit":
    levels.drill_into(grouping, groups.iloc[rows_picked[0]][views.GROUP_ID], inputs)

# --- every broken curve in the view, at the top level ---------------------------------------------
if chosen.level == "province":
    st.subheader("OPD yang tidak mematuhi kurva")
    failing = view.failing_agencies
    if failing.empty:
        st.success("Semua OPD yang dapat dinilai mematuhi kurva predikat organisasinya.",
                   icon=":material/check_circle:")
    else:
        st.caption("Pilih satu baris untuk membuka OPD-nya.")
        picked_failing = tables.show(
            "OPD tidak patuh kurva", failing,
            {views.NAME: Column("OPD", width="medium", pin=True), "daerah": Column("Daerah", width=150),
             ap.ORG_PREDIKAT: Column("Predikat organisasi"),
             views.FAILED_TEXT: Column("Batas yang dilanggar", width="large"), ap.RATED: Column("Sudah dinilai", "int"),
             share_columns[codes.PREDIKAT_SANGAT_BAIK]: Column("% Sangat Baik", "pct"),
             share_columns[codes.PREDIKAT_BAIK]: Column("% Baik", "pct")},
            key=f"kp_tidak_patuh_{vk}", on_select="rerun", selection_mode="single-row",
            row_height=tables.WRAPPING_ROW)  # the broken limits wrap instead of running off the table
        failing_rows = getattr(getattr(picked_failing, "selection", None), "rows", None) or []
        if failing_rows:
            levels.drill_into(levels.BY_AGENCY, failing.iloc[failing_rows[0]][ap.AGENCY_ID], inputs)

# --- the quadrant and the trend ----------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader("Kuadran kinerja")
    st.caption(f"Pegawai yang sudah dinilai menurut rating hasil kerja dan perilaku kerja, {view.period_text}.")
    if view.quadrant["count"].sum() == 0:
        st.info("Belum ada pegawai yang sudah dinilai pada periode ini.")
    else:
        tables.chart(charts.quadrant_heatmap, view.quadrant, key="kp_kuadran", title="Kuadran kinerja")
with right:
    st.subheader("Perkembangan predikat")
    st.caption(f"Sebaran predikat pegawai yang sudah dinilai pada setiap periode penilaian tahun {chosen.year}.")
    if view.trend.empty:
        st.info("Belum ada periode penilaian lain tahun ini.")
    else:
        tables.chart(charts.trend_bars, view.trend, key="kp_tren", title="Perkembangan predikat")

# --- one unit: its staff ----------------------------------------------------------------------
if chosen.level == "unit":
    st.subheader("Pegawai unit ini")
    staff = view.staff
    if levels.staff_names_allowed(ctx):
        staff = levels.with_names(staff, ctx, chosen)  # keeps the predikat order; names as the viewer may see
        tables.show("Pegawai dan predikatnya", staff,
                    {"name": Column("Nama"), "nip": Column("NIP"), "jabatan_name": Column("Jabatan"),
                     "status": Column("Status"),
                     "rating_hasil": Column("Rating hasil kerja"), "rating_perilaku": Column("Rating perilaku kerja"),
                     "predikat": Column("Predikat")}, key="kp_pegawai")
    else:
        st.caption(levels.names_note(ctx))
        counts = views.pipeline.predikat_counts(staff)
        tables.show("Jumlah pegawai per predikat", counts,
                    {"predikat": Column("Predikat"), "jumlah": Column("Jumlah pegawai", "int")}, key="kp_pegawai")

st.caption(curve.SOURCE)
tables.report_button(TITLE, chosen.labels, ctx.user.display_name, data.freshness(ctx.url, ctx.version))
brief.button(ctx, chosen, TITLE)
