"""Kelengkapan Data: per agency and kind of data, what is present, partial, stale or missing for the
chosen period, so BKD knows whom to chase (metrics.completeness defines each status)."""
import streamlit as st

from metrics import completeness as cm
from ui import data, fmt, tables
from data_access.workbook import Column
from ui.frame import filters, start
from ui.views import completeness as views

ctx = start("Kelengkapan Data")
chosen = filters(ctx)
inputs = data.inputs(ctx.url, chosen.scope, chosen.year, chosen.period, ctx.version)
stale_days = int(inputs.settings["stale_days"])
min_share = float(inputs.settings["completeness_min_share"])

st.title("Kelengkapan Data")
st.write("Data apa yang sudah dikirim setiap OPD untuk periode ini, dan siapa yang perlu ditagih. "
         f"**Belum ada**: tidak ada data jenis itu untuk periode ini (penilaian dan predikat organisasi: untuk "
         f"triwulan yang sudah dikirim OPD lain). **Usang**: data terbaru OPD itu lebih dari {stale_days} hari "
         f"lebih lama daripada data terbaru provinsi. **Sebagian**: SKP, penilaian atau progres harian e-Kinerja "
         f"mencakup kurang dari {fmt.percent(min_share, 0)} pegawai aktifnya. Permohonan layanan dan SKM hanya "
         "diharapkan dari kantor yang melayani masyarakat.")
st.caption("Batas hari dan persentase diatur di halaman Pengaturan.")

table = views.view(ctx.url, chosen, ctx.version)
if table.empty:
    st.info("Belum ada OPD dalam pilihan ini. Ubah filter daerah atau OPD.")
    st.stop()

gaps = cm.gaps(table)
agencies_with = cm.agencies_with(gaps)
cols = st.columns(4)
cols[0].metric("OPD dalam pilihan", fmt.number(len(table.drop_duplicates("agency_id"))), border=True)
cols[1].metric("OPD dengan data belum ada", fmt.number(agencies_with[cm.MISSING]), border=True)
cols[2].metric("OPD dengan data usang", fmt.number(agencies_with[cm.STALE]), border=True)
cols[3].metric("OPD dengan data sebagian", fmt.number(agencies_with[cm.PARTIAL]), border=True)

if gaps.empty:
    st.success("Semua OPD dalam pilihan ini sudah mengirim setiap jenis data untuk periode ini.",
               icon=":material/check_circle:")
else:
    tables.show("Yang perlu ditagih", gaps, {
        "region": Column("Daerah"), "agency": Column("OPD"), "data": Column("Data"),
        "status": Column("Status"), "keterangan": Column("Keterangan", width="large"),
    }, key="lengkap_tagih")

st.subheader("Per jenis data")
summary = cm.summary(table)
summary["jenis"] = summary["kind"].map(cm.KIND_LABELS)
tables.show("Kelengkapan per jenis data", summary, {
    "jenis": Column("Jenis data"), cm.MISSING: Column("Belum ada", "int"), cm.STALE: Column("Usang", "int"),
    cm.PARTIAL: Column("Sebagian", "int"), cm.OK: Column("Ada", "int"),
}, key="lengkap_jenis", downloads=False)
st.caption("Jumlah OPD per jenis data; penilaian dan predikat organisasi dihitung per OPD dan triwulan.")

st.subheader("Per OPD")
matrix, kind_columns = cm.matrix(table)
columns = {"region": Column("Daerah"), "agency": Column("OPD")} | {c: Column(c) for c in kind_columns}
tables.show("Kelengkapan data per OPD", matrix.fillna("–"), columns, key="lengkap_opd")
