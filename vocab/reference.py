"""Reference data every database needs: Lampung's regions and known agency name aliases.

Source: Kemendagri region codes (domain.md §6). The initial migration writes these rows; a later
change to these lists needs its own migration.
"""
from __future__ import annotations

PROVINCE_CODE = "18"
PROVINCE_NAME = "Provinsi Lampung"

# (code, name, kind)
REGIONS: tuple[tuple[str, str, str], ...] = (
    (PROVINCE_CODE, PROVINCE_NAME, "provinsi"),
    ("18.01", "Kabupaten Lampung Selatan", "kabupaten"),
    ("18.02", "Kabupaten Lampung Tengah", "kabupaten"),
    ("18.03", "Kabupaten Lampung Utara", "kabupaten"),
    ("18.04", "Kabupaten Lampung Barat", "kabupaten"),
    ("18.05", "Kabupaten Tulang Bawang", "kabupaten"),
    ("18.06", "Kabupaten Tanggamus", "kabupaten"),
    ("18.07", "Kabupaten Lampung Timur", "kabupaten"),
    ("18.08", "Kabupaten Way Kanan", "kabupaten"),
    ("18.09", "Kabupaten Pesawaran", "kabupaten"),
    ("18.10", "Kabupaten Pringsewu", "kabupaten"),
    ("18.11", "Kabupaten Mesuji", "kabupaten"),
    ("18.12", "Kabupaten Tulang Bawang Barat", "kabupaten"),
    ("18.13", "Kabupaten Pesisir Barat", "kabupaten"),
    ("18.71", "Kota Bandar Lampung", "kota"),
    ("18.72", "Kota Metro", "kota"),
)

# Abbreviations and common variants -> the canonical agency name they stand for.
AGENCY_ALIASES: dict[str, str] = {
    "Dinkes": "Dinas Kesehatan",
    "Diskes": "Dinas Kesehatan",
    "Disdik": "Dinas Pendidikan",
    "Disdikbud": "Dinas Pendidikan dan Kebudayaan",
    "Disdukcapil": "Dinas Kependudukan dan Pencatatan Sipil",
    "Dukcapil": "Dinas Kependudukan dan Pencatatan Sipil",
    "BKD": "Badan Kepegawaian Daerah",
    "BKPSDM": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "BPSDMD": "Badan Pengembangan Sumber Daya Manusia Daerah",
    "Bappeda": "Badan Perencanaan Pembangunan Daerah",
    "BPKAD": "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Bapenda": "Badan Pendapatan Daerah",
    "BPBD": "Badan Penanggulangan Bencana Daerah",
    "Kesbangpol": "Badan Kesatuan Bangsa dan Politik",
    "Setda": "Sekretariat Daerah",
    "Setwan": "Sekretariat DPRD",
    "Sekretariat Dewan": "Sekretariat DPRD",
    "Satpol PP": "Satuan Polisi Pamong Praja",
    "Dinsos": "Dinas Sosial",
    "Disnaker": "Dinas Tenaga Kerja",
    "Disnakertrans": "Dinas Tenaga Kerja dan Transmigrasi",
    "Dishub": "Dinas Perhubungan",
    "Diskominfo": "Dinas Komunikasi, Informatika dan Statistik",
    "Diskominfotik": "Dinas Komunikasi, Informatika dan Statistik",
    "DPMPTSP": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dispora": "Dinas Pemuda dan Olahraga",
    "DPMDT": "Dinas Pemberdayaan Masyarakat Desa dan Transmigrasi",
    "DPPPA": "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
    "DKP": "Dinas Kelautan dan Perikanan",
    "DLH": "Dinas Lingkungan Hidup",
    "Dinas ESDM": "Dinas Energi dan Sumber Daya Mineral",
    "Disperindag": "Dinas Perindustrian dan Perdagangan",
    "Dispar": "Dinas Pariwisata dan Ekonomi Kreatif",
    "Disparekraf": "Dinas Pariwisata dan Ekonomi Kreatif",
    "BRIDA": "Badan Riset dan Inovasi Daerah",
    "RSUDAM": "RSUD Dr. H. Abdul Moeloek",
    "RSUD Abdul Moeloek": "RSUD Dr. H. Abdul Moeloek",
    "RSJ": "RS Jiwa Daerah",
    "RSJD": "RS Jiwa Daerah",
}
