"""Tentang Data: where the numbers come from and how fresh each kind of data is."""
import streamlit as st

import demo
from vocab.kinds import KINDS
from vocab.catalogue import CATALOGUE
from ui import data, fmt, tables
from ui.frame import start
from ui.kpi import value_text

SIGNALS = {"penilaian": "Penilaian kinerja", "pengembangan": "Pengembangan kompetensi",
           "pelayanan": "Pelayanan publik", "adopsi": "Adopsi e-Kinerja"}
REGULATIONS = (
    ("UU 5/2014 tentang ASN (kini UU 20/2023)", "Jenis jabatan: JPT, Administrator, Pengawas, Fungsional, Pelaksana."),
    ("PP 11/2017 ps. 203 ayat (4) jo. PP 17/2020", "Setiap PNS berhak atas pengembangan kompetensi paling sedikit "
     "20 jam pelajaran (JP) setahun."),
    ("Peraturan LAN 10/2018", "Jalur pengembangan kompetensi (klasikal, nonklasikal) dan pelatihan kepemimpinan."),
    ("PermenPANRB 6/2022", "Penilaian kinerja: predikat dari rating hasil kerja dan rating perilaku kerja."),
    ("SE MenPANRB 3/2023", "Pola distribusi (kurva) predikat pegawai menurut predikat kinerja organisasinya."),
    ("PermenPANRB 14/2017", "Survei Kepuasan Masyarakat: sembilan unsur, nilai IKM 25–100 dan mutu A–D."),
    ("Perpres 96/2018; Permendagri 19/2018", "Standar waktu layanan administrasi kependudukan."),
    ("SE Kepala BKN 11/2023; Peraturan BKN 2/2026", "e-Kinerja wajib bagi PNS dan PPPK; progres harian tiap hari kerja."),
    ("UU 27/2022 (Pelindungan Data Pribadi)", "Nama, NIP dan tanggal lahir adalah data pribadi: hanya untuk yang "
     "memerlukannya."),
)

ctx = start("Tentang Data")

st.title("Tentang Data")
st.write("Dasbor ini membaca data yang diunggah analis dari SIASN, e-Kinerja BKN dan sistem layanan. "
         "Setiap unggahan tercatat sebagai satu impor: masuk utuh atau tidak sama sekali.")

st.subheader("Definisi setiap angka")
st.caption("Setiap angka di dasbor didefinisikan sekali di katalog ini: pertanyaan yang dijawabnya, arah yang baik, "
           "target dan garis waspadanya, serta dasar aturannya. Target adalah bawaan dasbor sampai pimpinan "
           "menetapkan targetnya sendiri.")
tables.grid([{
    "Sinyal": SIGNALS[m.signal],
    "Indikator": m.label,
    "Definisi": m.definition,
    "Pertanyaan": m.question,
    "Arah yang baik": "makin tinggi makin baik" if m.higher_is_better else "makin rendah makin baik",
    "Target": value_text(m.id, m.target) if m.target is not None else "–",
    "Garis waspada": value_text(m.id, m.warning) if m.warning is not None else "–",
    "Sumber": m.source + (" (target belum diverifikasi)" if m.target_unverified and m.target is not None else ""),
} for m in CATALOGUE.values()], "katalog")

st.subheader("Kesegaran data per jenis")
fresh = data.freshness(ctx.url, ctx.version).set_index("kind")
rows = []
for name, kind in KINDS.items():
    known = name in fresh.index
    rows.append({
        "Jenis data": kind.label,
        "Impor terakhir": fmt.moment(fresh.at[name, "last_import"].to_pydatetime()) if known else "belum ada",
        "Jumlah impor": fmt.number(fresh.at[name, "batches"]) if known else "0",
        "Baris": fmt.number(fresh.at[name, "rows"]) if known else "0",
    })
tables.grid(rows, "kesegaran")
st.caption("Siapa yang belum mengirim data apa untuk suatu periode: halaman **Kelengkapan Data**.")

st.subheader("Dasar aturan")
st.markdown("\n".join(f"- **{name}**: {what}" for name, what in REGULATIONS))

if ctx.demo:
    st.subheader("Data demo")
    st.info("Data yang tampil adalah **data demo sintetis**: nama, NIP dan angka dibangkitkan, tetapi daerah dan "
            "OPD mengikuti Provinsi Lampung. Pola berikut sengaja ditanam agar setiap halaman punya temuan:",
            icon=":material/info:")
    st.markdown("\n".join(f"- {sentence}" for sentence in demo.PLANTED.values()))
