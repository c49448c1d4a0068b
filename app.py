"""Ringkasan: the landing page for leaders (headcount per region and agency for now)."""
import streamlit as st

from ui import charts, data, fmt
from ui.frame import filters, start

ctx = start("Ringkasan")
chosen = filters(ctx)

st.title("Dasbor Kinerja ASN Lampung")
st.caption("Ringkasan ASN aktif per kabupaten/kota dan OPD, dari data pegawai terakhir yang diimpor.")
if ctx.demo:
    st.info("Anda melihat **data demo sintetis** (bukan data pegawai sebenarnya).", icon=":material/info:")

table = data.headcount(ctx.url, ctx.scope, chosen.region_ids, chosen.agency_ids, ctx.version)
if table.empty:
    st.warning("Belum ada data pegawai untuk pilihan ini. Ubah filter, atau minta analis mengimpor data "
               "pegawai (SIASN).")
    st.stop()

c1, c2, c3 = st.columns(3)
c1.metric("ASN aktif", fmt.number(table["headcount"].sum()), border=True)
c2.metric("OPD", fmt.number(table["agency_id"].nunique()), border=True)
c3.metric("Daerah (provinsi, kabupaten/kota)", fmt.number(table["region"].nunique()), border=True)

by_region = not chosen.region_ids and not chosen.agency_ids
st.subheader("Jumlah ASN aktif per " + ("daerah" if by_region else "OPD"))
st.altair_chart(
    charts.headcount_bar(table, "region" if by_region else "agency", "Daerah" if by_region else "OPD"),
    width="stretch",
)

st.subheader("Rincian per OPD")
shown = table.rename(columns={"region": "Daerah", "agency": "OPD", "headcount": "ASN aktif"})
shown["ASN aktif"] = shown["ASN aktif"].map(fmt.number)
st.dataframe(shown[["Daerah", "OPD", "ASN aktif"]], hide_index=True, width="stretch", key="ringkasan_tabel")

fresh = data.freshness(ctx.url, ctx.version)
if not fresh.empty:
    last = fresh.loc[fresh["kind"] == "pegawai", "last_import"]
    if not last.empty:
        st.caption(f"Data pegawai terakhir diimpor {fmt.moment(last.iloc[0].to_pydatetime())}.")
