"""Tentang Data: where the numbers come from and how fresh each kind of data is."""
import streamlit as st

from data_access import demo
from data_access.importing.kinds import KINDS
from ui import data, fmt
from ui.frame import start

ctx = start("Tentang Data")

st.title("Tentang Data")
st.write("Dasbor ini membaca data yang diunggah analis dari SIASN, e-Kinerja BKN dan sistem layanan. "
         "Setiap unggahan tercatat sebagai satu *batch*: masuk utuh atau tidak sama sekali.")

st.subheader("Kesegaran data per jenis")
fresh = data.freshness(ctx.url, ctx.version).set_index("kind")
rows = []
for name, kind in KINDS.items():
    known = name in fresh.index
    rows.append({
        "Jenis data": kind.label,
        "Impor terakhir": fmt.moment(fresh.at[name, "last_import"].to_pydatetime()) if known else "belum ada",
        "Jumlah batch": fmt.number(fresh.at[name, "batches"]) if known else "0",
        "Baris": fmt.number(fresh.at[name, "rows"]) if known else "0",
    })
st.dataframe(rows, hide_index=True, width="stretch")

if ctx.demo:
    st.subheader("Data demo")
    st.info("Data yang tampil adalah **data demo sintetis**: nama, NIP dan angka dibangkitkan, tetapi daerah dan "
            "OPD mengikuti Provinsi Lampung. Pola berikut sengaja ditanam agar setiap halaman punya temuan:",
            icon=":material/info:")
    st.markdown("\n".join(f"- {sentence}" for sentence in demo.PLANTED.values()))
