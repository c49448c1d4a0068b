"""Data Pribadi (every signed-in role): which personal data the dashboard stores, why, who sees it and
how long it is kept; read from data_access.privacy (the models, the name rule and the settings)."""
import pandas as pd
import streamlit as st

from data_access import reads
from data_access.privacy import personal_data_inventory
from data_access.settings import load_settings
from ui import data, tables
from data_access.workbook import Column
from ui.frame import start

TITLE = "Data Pribadi"

ctx = start(TITLE, needs_scope=False)
engine = data.engine()
with engine.connect() as conn:
    settings = load_settings(conn)
policy = data.name_policy(ctx.url, ctx.user.role, ctx.version)

st.title(TITLE)
st.write("Nama, NIP, tanggal lahir dan data kinerja setiap ASN adalah data pribadi menurut UU 27/2022 tentang "
         "Pelindungan Data Pribadi. Dasbor ini menyimpannya hanya untuk mengarahkan kebijakan manajemen ASN "
         "berbasis kinerja, dan menampilkannya hanya kepada yang memerlukannya.")
if not policy.list_allowed:
    st.info("Untuk peran Anda: tidak ada daftar pegawai bernama; Anda melihat angka agregat saja.",
            icon=":material/visibility_off:")
elif policy.note:
    st.info(f"Untuk peran Anda: nama pegawai dalam cakupan Anda tampil. {policy.note}",
            icon=":material/visibility:")
else:
    st.info("Untuk peran Anda: nama dan NIP lengkap pegawai dalam cakupan Anda tampil.", icon=":material/visibility:")

st.subheader("Apa yang disimpan, untuk apa, siapa melihatnya, berapa lama")
inventory = pd.DataFrame(personal_data_inventory(settings))
# The database's own table and column names help those who run and feed it; leaders read the rest.
technical = ctx.user.role in ("analis", "admin")
for entry in inventory.itertuples():
    with st.container(border=True):
        st.markdown(f"**{entry.label}**")
        columns = (f"\n- **Kolom di basis data** (`{entry.table}`): {entry.columns or 'hanya rujukan ke tabel lain'}"
                   if technical else "")
        st.markdown(f"- **Untuk apa:** {entry.why}\n- **Siapa melihatnya:** {entry.who}\n"
                    f"- **Berapa lama disimpan:** {entry.kept}{columns}")
with st.expander("Daftar yang sama sebagai tabel (untuk diunduh)"):
    tables.show("Data pribadi yang disimpan", inventory, {
        "label": Column("Data", width="medium"),
        **({"columns": Column("Kolom di basis data", width="medium")} if technical else {}),
        "why": Column("Untuk apa", width="medium"),
        "who": Column("Siapa melihatnya", width="large"),
        "kept": Column("Berapa lama disimpan", width="medium"),
    }, key="data_pribadi_tabel")

st.subheader("Perlindungan")
st.markdown(
    "- NIP disamarkan (`198503********1003`) kecuali bagi kepala OPD untuk pegawainya sendiri; tanggal lahir tidak "
    "pernah ditampilkan.\n"
    "- Unduhan daftar bernama hanya berisi apa yang boleh dilihat peran pengunduh, dan setiap unduhan tercatat di "
    "log audit (siapa, apa, dengan filter apa).\n"
    f"- {reads.TARGETS_SEEN}\n"
    "- Masuk yang gagal berulang kali diperlambat lalu dikunci; sesi berakhir setelah "
    f"{settings['session_idle_minutes']} menit tidak dipakai.\n"
    "- Permintaan akses, perbaikan atau penghapusan data pribadi disampaikan kepada administrator dasbor (BKD), "
    "yang mencatatnya di log audit.")
