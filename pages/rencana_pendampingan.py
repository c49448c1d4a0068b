"""Rencana Pendampingan: for each unit that resists the daily e-Kinerja report, its barrier (from the
ADKAR survey, or inferred from behaviour and said so), the suggested approach, the peer champions who
can mentor, and the staff to invite to talk; a work list per agency as an Excel download."""
import streamlit as st

from data_access import workbook
from vocab import plan as words
from vocab.clock import now_wib
from ui import export, fmt, kpi, levels, tables
from ui.frame import breadcrumb, filters, link_to, start
from ui.views import plan as views

TITLE = words.PAGE_TITLE

ctx = start(TITLE)
chosen = filters(ctx)

st.title(TITLE)
st.caption("Rencana yang manusiawi untuk unit yang masih menolak laporan harian e-Kinerja: apa hambatannya, "
           "pendekatan apa yang disarankan, siapa rekan yang bisa menjadi teladan, dan siapa yang diajak "
           "berdiskusi secara pribadi. Bukan daftar kesalahan: setiap nama di sini adalah ajakan.")
breadcrumb(chosen)
link_to(ctx, "pages/adopsi_perubahan.py")

made = views.plan(ctx.url, chosen, ctx.version, ctx.scope)
st.caption(f"{words.RESISTING_RULE} Unit dengan kurang dari {fmt.number(made.min_group_size)} pegawai wajib lapor "
           f"terlalu kecil untuk dinilai dan tidak masuk rencana ({fmt.number(made.too_small_units)} unit di pilihan ini).")
if made.empty:
    st.info("Tidak ada unit yang perlu didampingi pada pilihan ini: setiap unit yang cukup besar untuk dinilai "
            "sudah sesuai target, atau belum ada data progres harian e-Kinerja. Ubah filter tahun, periode atau "
            "daerah.", icon=":material/info:")
    st.stop()

cols = st.columns(4)
with cols[0]:
    kpi.plain_tile("Unit perlu didampingi", fmt.number(len(made.units)),
                   note=f"dari {fmt.number(made.judged_units)} unit yang dinilai")
with cols[1]:
    kpi.plain_tile("Hambatan dari survei", fmt.number(made.survey_barriers),
                   note=f"survei ADKAR {made.wave_label}" if made.wave_label else "belum ada survei")
with cols[2]:
    kpi.plain_tile("Hambatan diduga", fmt.number(made.inferred_barriers), note=words.INFERRED,
                   help="Unit tanpa titik hambatan survei yang dapat dinilai: hambatannya diduga dari pola "
                        "e-Kinerja pegawainya.")
with cols[3]:
    kpi.plain_tile("Pegawai diajak berdiskusi", fmt.number(made.to_invite),
                   help="Pegawai unit dalam rencana yang belum pernah melapor, hanya menyimpan draf, atau berhenti.")

# --- the plan per unit ------------------------------------------------------------------------------
st.subheader("Hambatan dan pendekatan per unit")
st.caption("Hambatan diambil dari titik hambatan survei denyut ADKAR bila unit punya gelombang yang respondennya "
           f"cukup; selain itu **{words.INFERRED}**: {words.INFERENCE_RULE}. Satu kartu per hambatan; di tabel, "
           "unit diurutkan dari indeks resistensi tertinggi.")
for row in views.pipeline.by_barrier(made).itertuples(index=False):
    with st.container(border=True):
        source = words.INFERRED if row.barrier_inferred else words.SURVEY
        st.markdown(f"**{fmt.literal(row.barrier)}** ({source}) · {fmt.number(row.units_n)} unit")
        st.markdown(fmt.literal(row.approach))
        more = f" dan {fmt.number(row.more_n)} unit lainnya" if row.more_n else ""
        st.caption(f"Sumber: {fmt.literal(row.approach_source)}. Unit: "
                   f"{fmt.literal(', '.join(row.unit_names))}{more}.")
tables.show("Rencana pendampingan per unit", made.units, views.unit_columns(made),
            key=f"rencana_unit_{levels.view_key(chosen)}", row_height=tables.WRAPPING_ROW)
with st.expander("Pendekatan per hambatan (diatur administrator di Pengaturan)"):
    tables.show("Pendekatan per hambatan", views.approaches(ctx.url, chosen, ctx.version), views.APPROACH_TABLE,
                key="rencana_pendekatan", downloads=False, row_height=tables.WRAPPING_ROW)
    link_to(ctx, "pages/pengaturan.py")

# --- people: champions and invitations ------------------------------------------------------------------
st.subheader("Teladan sebaya dan pegawai yang diajak berdiskusi")
st.caption(words.CHAMPION_RULE)
agencies = made.agencies
if not levels.staff_names_allowed(ctx):
    st.caption(levels.names_note(ctx) + " Jumlah teladan dan pegawai yang diajak berdiskusi per unit ada di tabel "
               "di atas; daftar kerja berisi jumlah itu juga.")
elif len(agencies) > 1:
    st.info("Pilih satu OPD (filter di samping) untuk melihat nama teladan sebaya dan pegawai yang diajak "
            "berdiskusi; daftar kerja per OPD dapat diunduh di bawah.", icon=":material/info:")
else:
    tables.show("Teladan sebaya", views.named_champions(made, ctx, chosen), views.CHAMPION_TABLE,
                key="rencana_teladan")
    st.caption("Ajakan di bawah bukan teguran: mulai dengan mendengarkan, lalu tawarkan pendekatan unitnya. "
               "Urutan menurut unit dan nama, bukan peringkat.")
    tables.show("Diajak berdiskusi", views.named(made.invitations, ctx, chosen), views.INVITE_TABLE,
                key="rencana_ajakan", row_height=tables.WRAPPING_ROW)

# --- the work list per agency ----------------------------------------------------------------------------
st.subheader("Daftar kerja per OPD")
agency_id = st.selectbox("OPD", list(agencies), format_func=agencies.get, key="rencana_opd",
                         disabled=len(agencies) == 1)
st.download_button(
    "Unduh daftar kerja (Excel)", type="primary", icon=":material/checklist:", on_click="ignore",
    key="unduh_daftar_kerja",
    data=tables.audited(lambda: workbook.to_excel(**views.work_list_book(made, ctx, chosen, agency_id)),
                        views.WORK_LIST, format="xlsx",
                        agency=agencies[agency_id]),
    file_name=f"{export.file_stem(views.WORK_LIST + ' ' + agencies[agency_id].split(' — ')[0], now_wib())}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
st.caption("Satu berkas per OPD: rencana per unit, pendekatan per hambatan, dan (bagi peran yang boleh melihat nama) "
           "teladan sebaya dan pegawai yang diajak berdiskusi. Setiap unduhan tercatat di log audit.")
