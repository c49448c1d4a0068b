"""Demo data for Dasbor Kinerja ASN Lampung: every upload kind, realistic, from one random seed.

`generate()` returns one DataFrame per kind, with exactly the template headers of extracts.md, in
load order (KINDS). The data are deterministic for a scale and seed (only
`numpy.random.default_rng(seed)` is used) and never depend on today's date: the "export" was taken
at the end of DEMO_END. Pure pandas/numpy; no Streamlit, no database. Row-level work is vectorised,
so `generate(employees=100_000)` is usable for the province benchmark.

Shape: the province government (Provinsi Lampung) with its OPDs (domain.md §6; the Biro are units
of Sekretariat Daerah) and a few OPDs in each of the 15 kabupaten/kota, including each one's
Disdukcapil and BKPSDM. Service requests come from every kabupaten/kota Disdukcapil and from the
province's DPMPTSP. Everywhere outside the planted patterns the values are plausible and
moderately good (about 80% e-Kinerja adoption; training about 26 JP a head from regular courses,
about 30 JP with leadership training and Latsar, about 64% of staff at 20 JP or more; IKM 80–90).

Pola yang ditanam (planted patterns): see PLANTED, one Indonesian sentence each.

Service standards, training JP and NIP sequences are demo values (*unverified*), not real data.
"""
from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from vocab import codes, reference
from vocab.calendar import WorkCalendar

# --- scales and dates ---------------------------------------------------------------------------
DEMO_YEAR = 2026
DEMO_END = date(2026, 11, 27)  # the export was taken at the end of this day (a Friday)
DEMO_START = date(2026, 1, 2)  # first working day of the year

KINDS = (
    "pegawai",
    "standar_layanan",
    "skp",
    "penilaian",
    "predikat_organisasi",
    "pelatihan",
    "layanan",
    "skm",
    "progres_harian",
)

# Province agencies kept in the "tiny" scale: every agency a planted pattern names, and a few more.
_TINY_PROVINCE_AGENCIES = (
    "Inspektorat",
    "Sekretariat DPRD",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Bina Marga dan Bina Konstruksi",
    "Dinas Perhubungan",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Badan Kepegawaian Daerah",
)

SCALES: dict[str, dict] = {
    "small": {
        "employees": 3500,
        "province_agencies": None,  # None = all of PROVINCE_AGENCIES
        "regency_agencies": 5,  # the first n of REGENCY_AGENCIES in every kabupaten/kota
        "requests_per_office": 700,  # layanan rows of an average office in the year
        "skm_per_office": 300,  # skm respondents of an average office in the year
    },
    # Issue "Province scale": about 100.000 ASN across the province and the 15 kabupaten/kota, every
    # regency agency the generator knows, and a year of every kind (about 24 million daily entries).
    "province": {
        "employees": 100_000,
        "province_agencies": None,
        "regency_agencies": None,  # None = all of REGENCY_AGENCIES
        "requests_per_office": 6000,
        "skm_per_office": 1200,
    },
    "tiny": {
        "employees": 300,
        "province_agencies": _TINY_PROVINCE_AGENCIES,
        "regency_agencies": 2,
        "requests_per_office": 120,
        "skm_per_office": 40,
    },
}

# --- organisation data ------------------------------------------------------------------------
# (agency, relative size, units); a unit is a name or (name, relative size within the agency).
PROVINCE_AGENCIES: tuple[tuple[str, float, tuple], ...] = (
    ("Sekretariat Daerah", 5, (
        "Biro Pemerintahan dan Otonomi Daerah", "Biro Hukum", "Biro Kesejahteraan Rakyat",
        "Biro Perekonomian", "Biro Administrasi Pembangunan", "Biro Pengadaan Barang dan Jasa",
        "Biro Administrasi Pimpinan", "Biro Organisasi", ("Biro Umum", 2))),
    ("Sekretariat DPRD", 2, (
        "Bagian Umum dan Keuangan", "Bagian Persidangan dan Perundang-undangan",
        "Bagian Fasilitasi Penganggaran dan Pengawasan",
        "Bagian Hubungan Masyarakat dan Protokol")),
    ("Inspektorat", 1.5, (
        "Sekretariat", "Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah II",
        "Inspektur Pembantu Wilayah III", "Inspektur Pembantu Wilayah IV")),
    ("Dinas Pendidikan dan Kebudayaan", 12, (
        "Sekretariat", "Bidang Pembinaan SMA", "Bidang Pembinaan SMK", "Bidang Kebudayaan",
        ("SMA Negeri 2 Bandar Lampung", 4), ("SMK Negeri 1 Metro", 4))),
    ("Dinas Kesehatan", 4, (
        "Sekretariat", "Bidang Kesehatan Masyarakat", "Bidang Pencegahan dan Pengendalian Penyakit",
        "Bidang Pelayanan Kesehatan", "Bidang Sumber Daya Kesehatan",
        "UPTD Laboratorium Kesehatan Daerah")),
    ("Dinas Bina Marga dan Bina Konstruksi", 2, (
        "Sekretariat", "Bidang Pembangunan Jalan", "Bidang Preservasi Jalan dan Jembatan",
        "Bidang Bina Konstruksi", ("UPTD Peralatan dan Perbekalan", 1.5))),
    ("Dinas Pengelolaan Sumber Daya Air", 1.5, (
        "Sekretariat", "Bidang Sungai dan Pantai", "Bidang Irigasi", "Bidang Air Baku",
        "UPTD Balai PSDA Wilayah Sungai Seputih Sekampung")),
    ("Satuan Polisi Pamong Praja", 2, (
        "Sekretariat", "Bidang Penegakan Peraturan Daerah",
        "Bidang Ketertiban Umum dan Ketenteraman Masyarakat", "Bidang Perlindungan Masyarakat")),
    ("Dinas Sosial", 1.5, (
        "Sekretariat", "Bidang Perlindungan dan Jaminan Sosial", "Bidang Rehabilitasi Sosial",
        "Bidang Pemberdayaan Sosial", "UPTD Panti Sosial Tresna Werdha Bhakti Yuswa")),
    ("Dinas Tenaga Kerja", 1.2, (
        "Sekretariat", "Bidang Pelatihan dan Produktivitas", "Bidang Penempatan Tenaga Kerja",
        "Bidang Hubungan Industrial", "UPTD Pengawasan Ketenagakerjaan Wilayah I")),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", 1, (
        "Sekretariat", "Bidang Kualitas Hidup Perempuan", "Bidang Pemenuhan Hak Anak",
        "UPTD Perlindungan Perempuan dan Anak")),
    ("Dinas Peternakan dan Kesehatan Hewan", 1.2, (
        "Sekretariat", "Bidang Kesehatan Hewan dan Kesehatan Masyarakat Veteriner",
        "Bidang Produksi Peternakan", "UPTD Balai Pembibitan dan Hijauan Makanan Ternak")),
    ("Dinas Kependudukan dan Pencatatan Sipil", 0.8, (
        "Sekretariat", "Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil",
        "Bidang Pengelolaan Informasi Administrasi Kependudukan")),
    ("Dinas Pemberdayaan Masyarakat Desa dan Transmigrasi", 1, (
        "Sekretariat", "Bidang Pemerintahan Desa", "Bidang Pemberdayaan Masyarakat",
        "Bidang Transmigrasi")),
    ("Dinas Perhubungan", 2, (
        "Sekretariat", "Bidang Lalu Lintas dan Angkutan Jalan", "Bidang Pelayaran",
        "Bidang Perkeretaapian dan Perhubungan Udara", "UPTD Pengelolaan Prasarana Perhubungan")),
    ("Dinas Komunikasi, Informatika dan Statistik", 1.2, (
        "Sekretariat", "Bidang Aplikasi Informatika", "Bidang Infrastruktur TIK dan Persandian",
        "Bidang Informasi dan Komunikasi Publik", "Bidang Statistik")),
    ("Dinas Koperasi dan UKM", 1, (
        "Sekretariat", "Bidang Kelembagaan dan Pengawasan Koperasi", "Bidang Pemberdayaan UKM",
        "UPTD Pelatihan Koperasi dan UKM")),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", 1.2, (
        "Sekretariat", "Bidang Perencanaan dan Promosi Penanaman Modal",
        "Bidang Pelayanan Perizinan", "Bidang Pengaduan dan Pengawasan Penanaman Modal")),
    ("Dinas Pemuda dan Olahraga", 1, (
        "Sekretariat", "Bidang Kepemudaan", "Bidang Pembudayaan Olahraga",
        "UPTD Pengelolaan Prasarana Olahraga")),
    ("Dinas Perpustakaan dan Kearsipan", 1, (
        "Sekretariat", "Bidang Layanan Perpustakaan", "Bidang Pengelolaan Arsip",
        "Bidang Pembinaan Kearsipan")),
    ("Dinas Kelautan dan Perikanan", 1.5, (
        "Sekretariat", "Bidang Perikanan Tangkap", "Bidang Perikanan Budidaya",
        "Bidang Pengelolaan Ruang Laut", "UPTD Pelabuhan Perikanan Lempasing")),
    ("Dinas Ketahanan Pangan, Tanaman Pangan dan Hortikultura", 2, (
        "Sekretariat", "Bidang Ketersediaan dan Distribusi Pangan", "Bidang Tanaman Pangan",
        "Bidang Hortikultura", "UPTD Balai Proteksi Tanaman Pangan dan Hortikultura")),
    ("Dinas Perkebunan", 1.2, (
        "Sekretariat", "Bidang Produksi Perkebunan", "Bidang Pengolahan dan Pemasaran Hasil",
        "UPTD Balai Pengawasan dan Sertifikasi Benih Perkebunan")),
    ("Dinas Kehutanan", 2, (
        "Sekretariat", "Bidang Perencanaan dan Pemanfaatan Hutan",
        "Bidang Perlindungan Hutan dan Konservasi Sumber Daya Alam",
        "UPTD KPH Gedong Wani", "UPTD Tahura Wan Abdul Rachman")),
    ("Dinas Energi dan Sumber Daya Mineral", 1, (
        "Sekretariat", "Bidang Ketenagalistrikan", "Bidang Mineral dan Batubara",
        "Bidang Geologi dan Air Tanah")),
    ("Dinas Perindustrian dan Perdagangan", 1.2, (
        "Sekretariat", "Bidang Perindustrian", "Bidang Perdagangan Dalam Negeri",
        "UPTD Metrologi Legal")),
    ("Dinas Perumahan, Kawasan Permukiman dan Cipta Karya", 1.2, (
        "Sekretariat", "Bidang Perumahan", "Bidang Kawasan Permukiman", "Bidang Cipta Karya")),
    ("Dinas Lingkungan Hidup", 1, (
        "Sekretariat", "Bidang Tata Lingkungan",
        "Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan", "UPTD Laboratorium Lingkungan")),
    ("Dinas Pariwisata dan Ekonomi Kreatif", 1, (
        "Sekretariat", "Bidang Destinasi Pariwisata", "Bidang Pemasaran Pariwisata",
        "Bidang Ekonomi Kreatif")),
    ("Badan Perencanaan Pembangunan Daerah", 1.2, (
        "Sekretariat", "Bidang Perencanaan Makro dan Evaluasi",
        "Bidang Perekonomian dan Sumber Daya Alam", "Bidang Infrastruktur dan Kewilayahan",
        "Bidang Pemerintahan dan Pembangunan Manusia")),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", 1.5, (
        "Sekretariat", "Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi",
        "Bidang Pengelolaan Barang Milik Daerah")),
    ("Badan Pendapatan Daerah", 2, (
        "Sekretariat", "Bidang Pajak Daerah", "Bidang Retribusi dan Pendapatan Lain",
        ("UPTD Pelayanan Pendapatan Wilayah Bandar Lampung", 1.5),
        "UPTD Pelayanan Pendapatan Wilayah Metro")),
    ("Badan Kepegawaian Daerah", 1.2, (
        "Sekretariat", "Bidang Pengadaan dan Informasi Kepegawaian", "Bidang Mutasi dan Promosi",
        "Bidang Penilaian Kinerja dan Penghargaan")),
    ("Badan Pengembangan Sumber Daya Manusia Daerah", 1, (
        "Sekretariat", "Bidang Pengembangan Kompetensi Manajerial",
        "Bidang Pengembangan Kompetensi Teknis", "Bidang Sertifikasi Kompetensi")),
    ("Badan Riset dan Inovasi Daerah", 0.8, (
        "Sekretariat", "Bidang Riset", "Bidang Inovasi Daerah")),
    ("Badan Penghubung Daerah", 0.5, (
        "Sekretariat", "Bidang Fasilitasi dan Promosi Daerah")),
    ("Badan Penanggulangan Bencana Daerah", 1, (
        "Sekretariat", "Bidang Pencegahan dan Kesiapsiagaan", "Bidang Kedaruratan dan Logistik",
        "Bidang Rehabilitasi dan Rekonstruksi")),
    ("Badan Kesatuan Bangsa dan Politik", 0.8, (
        "Sekretariat", "Bidang Ideologi dan Wawasan Kebangsaan", "Bidang Politik Dalam Negeri",
        "Bidang Kewaspadaan Nasional")),
    ("RSUD Dr. H. Abdul Moeloek", 8, (
        "Bagian Umum dan Kepegawaian", "Bidang Pelayanan Medik", "Bidang Keperawatan",
        ("Instalasi Rawat Inap", 3), ("Instalasi Rawat Jalan", 2),
        ("Instalasi Gawat Darurat", 1.5))),
    ("RS Jiwa Daerah", 2, (
        "Bagian Tata Usaha", "Bidang Pelayanan Medik dan Keperawatan",
        ("Instalasi Rawat Inap", 2))),
    ("RSUD Bandar Negara Husada", 2, (
        "Bagian Tata Usaha", "Bidang Pelayanan", ("Instalasi Rawat Inap", 2),
        "Instalasi Gawat Darurat")),
)

# Every kabupaten/kota, by Kemendagri code: (relative size, ibukota, its RSUD).
REGENCY_INFO: dict[str, tuple[float, str, str]] = {
    "18.01": (1.2, "Kalianda", "RSUD Dr. H. Bob Bazar"),
    "18.02": (1.4, "Gunung Sugih", "RSUD Demang Sepulau Raya"),
    "18.03": (1.0, "Kotabumi", "RSUD Mayjend H.M. Ryacudu"),
    "18.04": (0.8, "Liwa", "RSUD Alimuddin Umar"),
    "18.05": (0.8, "Menggala", "RSUD Menggala"),
    "18.06": (1.0, "Kota Agung", "RSUD Batin Mangunang"),
    "18.07": (1.2, "Sukadana", "RSUD Sukadana"),
    "18.08": (0.9, "Blambangan Umpu", "RSUD Zainal Abidin Pagar Alam"),
    "18.09": (0.9, "Gedong Tataan", "RSUD Pesawaran"),
    "18.10": (0.8, "Pringsewu", "RSUD Pringsewu"),
    "18.11": (0.6, "Wiralaga Mulya", "RSUD Ragab Begawe Caram"),
    "18.12": (0.7, "Panaragan", "RSUD Tulang Bawang Barat"),
    "18.13": (0.6, "Krui", "RSUD Pesisir Barat"),
    "18.71": (1.4, "Bandar Lampung", "RSUD Dr. A. Dadi Tjokrodipo"),
    "18.72": (0.7, "Metro", "RSUD Jenderal Ahmad Yani"),
}

# OPDs of every kabupaten/kota, in the order scales take them ({ibukota}, {rsud} filled in).
REGENCY_AGENCIES: tuple[tuple[str, float, tuple], ...] = (
    ("Dinas Kependudukan dan Pencatatan Sipil", 1.2, (
        "Sekretariat", "Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil",
        "Bidang Pengelolaan Informasi Administrasi Kependudukan")),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", 1, (
        "Sekretariat", "Bidang Pengadaan, Pemberhentian dan Informasi", "Bidang Mutasi dan Promosi",
        "Bidang Pengembangan Kompetensi Aparatur")),
    ("Dinas Pendidikan", 10, (
        "Sekretariat", "Bidang Pembinaan Sekolah Dasar",
        "Bidang Pembinaan Sekolah Menengah Pertama",
        ("SD Negeri 1 {ibukota}", 2.5), ("SD Negeri 2 {ibukota}", 2.5),
        ("SMP Negeri 1 {ibukota}", 3))),
    ("Dinas Kesehatan", 6, (
        "Sekretariat", "Bidang Kesehatan Masyarakat", "Bidang Pencegahan dan Pengendalian Penyakit",
        "Bidang Pelayanan dan Sumber Daya Kesehatan", ("UPTD Puskesmas {ibukota}", 4))),
    ("{rsud}", 4, (
        "Bagian Umum dan Kepegawaian", "Bidang Pelayanan Medik", ("Instalasi Rawat Inap", 3),
        ("Instalasi Rawat Jalan", 2))),
    ("Inspektorat", 1, (
        "Sekretariat", "Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah II",
        "Inspektur Pembantu Wilayah III")),
    ("Badan Perencanaan Pembangunan Daerah", 1, (
        "Sekretariat", "Bidang Perencanaan Ekonomi dan Sumber Daya Alam",
        "Bidang Pemerintahan dan Pembangunan Manusia", "Bidang Infrastruktur dan Kewilayahan")),
)

# Unit kinds by name prefix: (prefix, kind). First match wins.
UNIT_KINDS: tuple[tuple[str, str], ...] = (
    ("Biro ", "biro"), ("Sekretariat", "sekretariat"), ("Bagian ", "bagian"),
    ("Bidang ", "bidang"), ("UPTD Puskesmas", "puskesmas"), ("UPTD ", "uptd"),
    ("Inspektur Pembantu", "irban"), ("Instalasi ", "instalasi"),
    ("SMA ", "sekolah"), ("SMK ", "sekolah"), ("SMP ", "sekolah"), ("SD ", "sekolah"),
)
# Kind -> (jabatan type of the unit head, title pattern); kinds absent have no structural head
# (a school or instalasi is led by a fungsional with an additional task).
UNIT_HEADS: dict[str, tuple[str, str]] = {
    "biro": ("JPT", "Kepala {unit}"),
    "sekretariat": ("Administrator", "Sekretaris"),
    "bagian": ("Administrator", "Kepala {unit}"),
    "bidang": ("Administrator", "Kepala {unit}"),
    "uptd": ("Administrator", "Kepala {unit}"),
    "irban": ("Administrator", "{unit}"),
}
# Pengawas posts left after the 2021 simplification (penyetaraan jabatan), by unit kind.
PENGAWAS_TITLES: dict[str, tuple[str, ...]] = {
    "sekretariat": ("Kepala Subbagian Umum dan Kepegawaian", "Kepala Subbagian Keuangan",
                    "Kepala Subbagian Perencanaan dan Pelaporan"),
    "bagian": ("Kepala Subbagian Tata Usaha", "Kepala Subbagian Administrasi"),
    "uptd": ("Kepala Subbagian Tata Usaha", "Kepala Seksi Pelayanan"),
    "puskesmas": ("Kepala Subbagian Tata Usaha",),
    "sekolah": ("Kepala Tata Usaha",),
}
PENGAWAS_PER_STAFF = 4  # one Pengawas post per this many staff of the unit, up to the titles given
AGENCY_HEAD_TITLES = {
    "Sekretariat Daerah": "Sekretaris Daerah",
    "Sekretariat DPRD": "Sekretaris DPRD",
    "Inspektorat": "Inspektur",
}

# Jabatan fungsional by domain or keyword of the agency name: first match wins.
JF_CLINICAL = ("Perawat", "Perawat", "Perawat", "Bidan", "Dokter", "Apoteker",
               "Pranata Laboratorium Kesehatan", "Nutrisionis", "Perekam Medis")
JF_BY_KEYWORD: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Kesehatan", ("Administrator Kesehatan", "Epidemiolog Kesehatan",
                   "Penyuluh Kesehatan Masyarakat", "Sanitarian")),
    ("Inspektorat", ("Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah")),
    ("Kepegawaian", ("Analis Sumber Daya Manusia Aparatur",
                     "Pranata Sumber Daya Manusia Aparatur")),
    ("Pengembangan Sumber Daya Manusia", ("Analis Sumber Daya Manusia Aparatur", "Widyaiswara")),
    ("Kependudukan", ("Administrator Database Kependudukan",)),
    ("Perencanaan", ("Perencana",)),
    ("Keuangan", ("Analis Keuangan Pusat dan Daerah", "Analis Anggaran")),
    ("Pendapatan", ("Analis Keuangan Pusat dan Daerah", "Pemeriksa Pajak Daerah")),
    ("Komunikasi", ("Pranata Komputer", "Statistisi", "Pranata Hubungan Masyarakat", "Sandiman")),
    ("Perpustakaan", ("Pustakawan", "Arsiparis")),
    ("Pangan", ("Penyuluh Pertanian", "Pengawas Mutu Hasil Pertanian")),
    ("Perkebunan", ("Penyuluh Pertanian", "Pengawas Benih Tanaman")),
    ("Peternakan", ("Medik Veteriner", "Paramedik Veteriner")),
    ("Kehutanan", ("Polisi Kehutanan", "Penyuluh Kehutanan")),
    ("Perhubungan", ("Penguji Kendaraan Bermotor", "Pengawas Keselamatan Pelayaran")),
    ("Bina Marga", ("Teknik Jalan dan Jembatan",)),
    ("Sumber Daya Air", ("Teknik Pengairan",)),
    ("Polisi Pamong Praja", ("Polisi Pamong Praja",)),
    ("Sosial", ("Pekerja Sosial", "Penyuluh Sosial")),
    ("Tenaga Kerja", ("Pengawas Ketenagakerjaan", "Instruktur", "Mediator Hubungan Industrial")),
    ("Lingkungan", ("Pengendali Dampak Lingkungan",)),
    ("Perdagangan", ("Penera", "Pengawas Perdagangan")),
)
# Jabatan fungsional open to staff without a degree (keterampilan); others need S1 (keahlian).
JF_KETERAMPILAN = ("Perawat", "Bidan", "Pranata Laboratorium Kesehatan", "Nutrisionis",
                   "Perekam Medis", "Sanitarian", "Pranata Komputer", "Arsiparis",
                   "Pranata Sumber Daya Manusia Aparatur", "Pustakawan", "Polisi Pamong Praja",
                   "Penyuluh Pertanian", "Paramedik Veteriner", "Polisi Kehutanan",
                   "Penguji Kendaraan Bermotor", "Penera", "Pranata Hubungan Masyarakat")
JF_GENERAL = ("Analis Kebijakan", "Pranata Komputer", "Arsiparis", "Perencana",
              "Pengelola Pengadaan Barang/Jasa", "Analis Keuangan Pusat dan Daerah")
PELAKSANA_TITLES = ("Pengadministrasi Perkantoran", "Penata Layanan Operasional",
                    "Pengelola Layanan Operasional", "Penelaah Teknis Kebijakan",
                    "Pengolah Data dan Informasi")
PELAKSANA_TITLES_PW = ("Operator Layanan Operasional", "Pengelola Umum Operasional")

# --- staff mix, by domain of the unit (sekolah / klinis / umum) ------------------------------
DOMAINS = ("sekolah", "klinis", "umum")
STATUS_MIX = {  # PNS, PPPK, PPPK Paruh Waktu
    "sekolah": (0.64, 0.32, 0.04), "klinis": (0.62, 0.33, 0.05), "umum": (0.82, 0.11, 0.07),
}
FEMALE_SHARE = {"sekolah": 0.62, "klinis": 0.68, "umum": 0.40}
FUNGSIONAL_SHARE = {"sekolah": 0.92, "klinis": 0.85, "umum": 0.40}  # of non-structural staff
FUNGSIONAL_SHARE_PW = 0.05
# Education: SD/SMP, SMA, D3, S1, S2 (index 0-4).
EDUCATION_MIX = {
    ("PNS", "sekolah"): (0.0, 0.03, 0.02, 0.83, 0.12),
    ("PNS", "klinis"): (0.0, 0.08, 0.42, 0.42, 0.08),
    ("PNS", "umum"): (0.03, 0.22, 0.12, 0.51, 0.12),
    ("PPPK", "sekolah"): (0.0, 0.03, 0.0, 0.94, 0.03),
    ("PPPK", "klinis"): (0.0, 0.02, 0.55, 0.43, 0.0),
    ("PPPK", "umum"): (0.0, 0.35, 0.15, 0.45, 0.05),
    ("PPPK Paruh Waktu", None): (0.15, 0.60, 0.10, 0.15, 0.0),
}
AGE = {"PNS": (43, 9, 22, 58), "PPPK": (38, 8, 22, 56), "PPPK Paruh Waktu": (34, 8, 20, 55)}
PNS_ENTRY_AGE = (26.5, 3.5, 19, 35)  # mean, sd, min, max (years)
PNS_TMT_LATEST = (2025, 6)  # latest TMT CPNS on the roll
CPNS_LATSAR_FROM = (2025, 4)  # CPNS appointed from this month take Latsar in the demo year
PNS_START_GOLONGAN = (0, 4, 6, 8, 9)  # index into codes.GOLONGAN_PNS by education
PNS_GOLONGAN_CAP = (7, 9, 10, 11, 12)  # regular promotion stops here (III/d for S1)
PNS_PROMOTION_YEARS = (4.0, 6.5)  # years per regular promotion, drawn per person
PNS_GOLONGAN_CAP_FUNGSIONAL = 13  # a fungsional with a degree can reach IV/b (Ahli Madya)
PPPK_YEARS = {2019: 0.06, 2021: 0.2, 2022: 0.22, 2023: 0.25, 2024: 0.17, 2025: 0.10}
PPPK_GOLONGAN_BY_EDUCATION = ("I", "V", "VII", "IX", "X")

# --- names --------------------------------------------------------------------------------------
# ethnicity: (share, male given names, female given names, male second names, female second names)
_Pool = tuple[str, ...]
NAMES: dict[str, tuple[float, _Pool, _Pool, _Pool, _Pool]] = {
    "jawa": (0.42,
             ("Budi", "Agus", "Slamet", "Joko", "Bambang", "Sugeng", "Wahyu", "Eko", "Dwi", "Hadi",
              "Teguh", "Bayu", "Sutrisno", "Heru", "Yoga", "Adi"),
             ("Sri", "Endang", "Tri", "Dwi", "Rina", "Wahyu", "Ratna", "Puji", "Retno", "Yuli",
              "Dian", "Ayu", "Indah", "Sulastri"),
             ("Santoso", "Setiawan", "Wibowo", "Prasetyo", "Susanto", "Purnomo", "Hartono",
              "Nugroho", "Kurniawan", "Widodo", "Raharjo", "Saputro", "Hidayat", "Utomo"),
             ("Wahyuni", "Lestari", "Rahayu", "Astuti", "Handayani", "Suryani", "Purwanti",
              "Susilowati", "Wulandari", "Kusumawati", "Setyaningsih", "Pratiwi", "Utami")),
    "lampung": (0.18,
                ("Rizal", "Fahrizal", "Hipni", "Zulkarnain", "Mukhlis", "Arinal", "Herman",
                 "Syahroni", "Ansori", "Rahmat", "Irsyad", "Fikri", "Helmi"),
                ("Yuliana", "Rosmawati", "Hermina", "Dewi", "Nurhayati", "Rahmawati", "Fitriani",
                 "Meliana", "Rosita", "Hartati", "Erlina"),
                ("Djunaidi", "Hasan", "Effendi", "Saputra", "Ibrahim", "Basri", "Syahbudin",
                 "Gumanti", "Hakim", "Sanjaya", "Pratama", "Alamsyah"),
                ("Saputri", "Marlina", "Yusnita", "Anggraini", "Oktaviani", "Safitri", "Novita",
                 "Puspita", "Sari")),
    "sunda": (0.12,
              ("Asep", "Dadang", "Ujang", "Cecep", "Dede", "Iwan", "Yayan", "Ade", "Acep", "Deden"),
              ("Euis", "Neneng", "Iis", "Imas", "Lilis", "Yeni", "Tati", "Nining", "Cucu", "Rini"),
              ("Saepudin", "Sunandar", "Hidayat", "Supriatna", "Kusnadi", "Suryana", "Rukmana",
               "Permana", "Gunawan"),
              ("Komariah", "Hasanah", "Rohaeti", "Sumiati", "Nurjanah", "Kurniasih", "Maryati",
               "Rosmiati")),
    "muslim": (0.16,
               ("Muhammad", "Ahmad", "Abdul", "M.", "Rizki", "Fajar", "Hasan", "Ilham", "Arif"),
               ("Siti", "Nur", "Fatimah", "Khairunnisa", "Rahma", "Annisa", "Laila", "Mutiara"),
               ("Fauzi", "Hidayat", "Rahman", "Syafii", "Ramadhan", "Nurdin", "Firdaus", "Hakim",
                "Maulana", "Yusuf"),
               ("Aisyah", "Nurhaliza", "Hasanah", "Zahra", "Aminah", "Rahmawati", "Fauziah",
                "Azzahra")),
    "batak": (0.06,
              ("Maruli", "Togar", "Parulian", "Hotman", "Bonar", "Daniel", "Roy", "Fernando",
               "Mangatas"),
              ("Rosmina", "Lastiar", "Duma", "Tiurma", "Rumondang", "Sondang", "Maria", "Yohana"),
              ("Siregar", "Nasution", "Simanjuntak", "Hutapea", "Sitompul", "Lubis", "Harahap",
               "Pardede", "Sinaga", "Situmorang", "Panjaitan", "Manurung", "Hutagalung"),
              ("Siregar", "Nasution", "Simanjuntak", "Hutapea", "Sitompul", "Lubis", "Harahap",
               "Pardede", "Sinaga", "Situmorang", "Panjaitan", "Manurung", "Hutagalung")),
    "bali": (0.06,
             ("I Wayan", "I Made", "I Nyoman", "I Ketut", "I Putu", "I Gede"),
             ("Ni Wayan", "Ni Made", "Ni Luh", "Ni Nyoman", "Ni Ketut", "Ni Putu"),
             ("Sudarsana", "Suardana", "Arya Wibawa", "Suparta", "Adnyana", "Mahendra"),
             ("Sri Astuti", "Ariani", "Suarmini", "Sukmawati", "Wahyuni", "Ayu Lestari")),
}
GELAR_S1 = ("S.E.", "S.H.", "S.Sos.", "S.Kom.", "S.T.", "S.IP.", "S.A.P.", "S.Ak.", "S.P.")
GELAR_S2 = ("M.M.", "M.Si.", "M.H.", "M.A.P.", "M.T.", "M.Ak.")
GELAR_D3 = ("A.Md.", "A.Md.Kom.", "A.Md.Ak.")
# Jabatan fungsional -> (D3 gelar, S1 gelar, S2 gelar); None = the general pools.
GELAR_BY_JF: dict[str, tuple[str | None, str | None, str | None]] = {
    "Guru": ("A.Md.", "S.Pd.", "S.Pd., M.Pd."),
    "Perawat": ("A.Md.Kep.", "S.Kep., Ns.", "S.Kep., Ns., M.Kep."),
    "Bidan": ("A.Md.Keb.", "S.Tr.Keb.", "S.Tr.Keb., M.Kes."),
    "Apoteker": (None, "S.Farm., Apt.", "S.Farm., Apt., M.Farm."),
    "Dokter": (None, "", "Sp.PD"),
    "Nutrisionis": ("A.Md.Gz.", "S.Gz.", "S.Gz., M.Gizi"),
}
OLD_ENGINEER_KEYWORDS = ("Bina Marga", "Sumber Daya Air", "Perumahan", "Perkebunan", "Kehutanan",
                         "Pangan", "Peternakan")

# --- appraisal --------------------------------------------------------------------------------
PERIODS_2026 = ("TW I", "TW II", "TW III")  # the year is not over: no TW IV / Tahunan 2026
PERIOD_ANNUAL = "Tahunan"
APPRAISAL_PERIODS = ((DEMO_YEAR - 1, PERIOD_ANNUAL),) + tuple((DEMO_YEAR, p) for p in PERIODS_2026)
NOT_RATED_MARK = "-"
# Share of staff not yet rated when the data were exported, by period (TW III rows carry "-").
NOT_RATED_SHARE = {"Tahunan": 0.01, "TW I": 0.01, "TW II": 0.03, "TW III": 0.10}
NOT_RATED_FACTOR_LOW_ADOPTION = 4  # Lampung Selatan (adopsi_rendah) leaves more staff unrated
# Staff predikat profiles: predikat -> (low, high) share; Baik takes the rest.
_SB, _B, _BP, _K, _SK = (codes.PREDIKAT_SANGAT_BAIK, codes.PREDIKAT_BAIK,
                         codes.PREDIKAT_BUTUH_PERBAIKAN, codes.PREDIKAT_KURANG,
                         codes.PREDIKAT_SANGAT_KURANG)
PREDIKAT_PROFILES: dict[str, dict[str, tuple[float, float]]] = {
    "baik": {_SB: (0.14, 0.24), _BP: (0.08, 0.14), _K: (0.01, 0.04), _SK: (0.0, 0.015)},
    "istimewa": {_SB: (0.50, 0.62), _BP: (0.02, 0.06)},
    "kurva_datar": {_SB: (0.12, 0.16)},
    "inflasi": {_SB: (0.78, 0.86)},
}
PROFILE_ORG_PREDIKAT = {"baik": "Baik", "istimewa": "Istimewa", "kurva_datar": "Baik",
                        "inflasi": "Istimewa"}
# Weights of the (hasil kerja, perilaku kerja) pairs that give the same predikat.
_A, _S, _W = codes.RATING_ABOVE, codes.RATING_AS_EXPECTED, codes.RATING_BELOW
RATING_PAIR_WEIGHTS: dict[tuple[str, str], float] = {
    (_A, _A): 1.0, (_A, _S): 0.2, (_S, _S): 0.65, (_S, _A): 0.15, (_W, _S): 0.8, (_W, _A): 0.2,
    (_S, _W): 0.7, (_A, _W): 0.3, (_W, _W): 1.0,
}

# --- training (JP values are approximate demo values) -----------------------------------------
# (name, jenis, JP, days, weight, domain or None for everyone)
TRAININGS: tuple[tuple[str, str, float, int, float, str | None], ...] = (
    ("Bimbingan Teknis Penyusunan SKP dan Manajemen Kinerja", "klasikal", 16, 2, 3, None),
    ("Pelatihan Pelayanan Publik Prima", "klasikal", 24, 3, 2, None),
    ("Bimbingan Teknis Pengelolaan Keuangan Daerah", "klasikal", 24, 3, 1.5, "umum"),
    ("Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", "klasikal", 32, 4, 0.7, "umum"),
    ("Workshop Manajemen Risiko Sektor Publik", "klasikal", 8, 1, 1, None),
    ("Seminar Reformasi Birokrasi dan Zona Integritas", "klasikal", 4, 1, 1, None),
    ("Pelatihan Implementasi Kurikulum Merdeka", "klasikal", 32, 4, 2, "sekolah"),
    ("Pelatihan Basic Trauma Cardiac Life Support", "klasikal", 40, 5, 1, "klinis"),
    ("Pelatihan Pencegahan dan Pengendalian Infeksi", "klasikal", 24, 3, 2, "klinis"),
    ("E-Learning ASN Corpu: Literasi Digital", "nonklasikal", 10, 14, 3, None),
    ("E-Learning Nilai Dasar BerAKHLAK", "nonklasikal", 12, 14, 3, None),
    ("Coaching dan Mentoring Kinerja oleh Atasan Langsung", "nonklasikal", 4, 1, 1.5, None),
    ("Webinar Smart ASN Menuju Birokrasi Digital", "nonklasikal", 2, 1, 1.5, None),
    ("MOOC Pengelolaan Arsip Dinamis", "nonklasikal", 10, 21, 1, "umum"),
    ("Magang di Kementerian/Lembaga", "nonklasikal", 40, 10, 0.2, "umum"),
    ("Belajar Mandiri Kebijakan Publik", "nonklasikal", 6, 7, 1, None),
    ("Pendidikan Profesi Guru Dalam Jabatan", "pendidikan", 120, 90, 0.3, "sekolah"),
)
# Short items only (the planted low-JP units draw from these).
TRAININGS_SHORT = ("Webinar Smart ASN Menuju Birokrasi Digital",
                   "Coaching dan Mentoring Kinerja oleh Atasan Langsung")
# Leadership training: (name, jenis in codes.LEADERSHIP_TRAININGS, JP, days, who, share of them).
LEADERSHIP: tuple[tuple[str, str, float, int, str, float], ...] = (
    ("Pelatihan Dasar CPNS", "Latsar", 280, 50, "cpns", 1.0),
    ("Pelatihan Kepemimpinan Pengawas", "PKP", 270, 45, "Pengawas", 0.08),
    ("Pelatihan Kepemimpinan Administrator", "PKA", 300, 50, "Administrator", 0.03),
    ("Pelatihan Kepemimpinan Nasional Tingkat II", "PKN II", 340, 55, "JPT", 0.03),
)
TRAINING_NONE_SHARE = 0.08  # staff with no training at all in the year
TRAINING_EXTRA = (2, 0.55)  # trainings per trained person = 1 + Binomial(n, p × agency intensity)

# --- services -----------------------------------------------------------------------------------
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
PTSP = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
# service type -> share of an office's requests
DUKCAPIL_SERVICES = {"KTP-el": 0.30, "Kartu Keluarga": 0.25, "Akta Kelahiran": 0.20, "KIA": 0.10,
                     "Akta Kematian": 0.08, "Surat Pindah": 0.07}
PTSP_SERVICES = {"Izin Trayek Angkutan Antarkota Dalam Provinsi": 0.25,
                 "Surat Izin Usaha Perikanan": 0.25, "Izin Usaha Pertambangan Batuan": 0.15,
                 "Izin Operasional Rumah Sakit Kelas B": 0.05,
                 "Izin Lembaga Pelatihan Kerja": 0.30}
PTSP_VOLUME = 0.5  # relative to an average Disdukcapil
# (service, limit, unit, OPD, region code); OPD/region None = every office. Unverified defaults.
STANDARDS: tuple[tuple[str, float, str, str | None, str | None], ...] = (
    ("KTP-el", 1, codes.UNIT_HOURS, None, None),
    ("KIA", 1, codes.UNIT_WORKING_DAYS, None, None),
    ("Kartu Keluarga", 2, codes.UNIT_WORKING_DAYS, None, None),
    ("Akta Kelahiran", 3, codes.UNIT_WORKING_DAYS, None, None),
    ("Akta Kematian", 3, codes.UNIT_WORKING_DAYS, None, None),
    ("Surat Pindah", 1, codes.UNIT_WORKING_DAYS, None, None),
    ("Akta Kelahiran", 1, codes.UNIT_WORKING_DAYS, DUKCAPIL, "18.72"),  # Kota Metro's maklumat
    ("Izin Trayek Angkutan Antarkota Dalam Provinsi", 10, codes.UNIT_WORKING_DAYS, PTSP, "18"),
    ("Surat Izin Usaha Perikanan", 7, codes.UNIT_WORKING_DAYS, PTSP, "18"),
    ("Izin Usaha Pertambangan Batuan", 14, codes.UNIT_WORKING_DAYS, PTSP, "18"),
    ("Izin Operasional Rumah Sakit Kelas B", 30, codes.UNIT_CALENDAR_DAYS, PTSP, "18"),
    ("Izin Lembaga Pelatihan Kerja", 5, codes.UNIT_WORKING_DAYS, PTSP, "18"),
)
OFFICE_HOURS = (7 * 60 + 30, 15 * 60 + 30)  # requests are received 07:30-15:30 WIB
WORK_HOURS = (8 * 60, 16 * 60)  # requests finish 08:00-16:00 WIB
TURNAROUND_MEDIAN = (0.45, 0.75)  # median turnaround of a normal office, as a share of its limit
TURNAROUND_SPREAD = 0.5  # sd of log turnaround
STALE_OPEN_SHARE = 0.003  # requests forgotten in "Proses"
ONLINE_SHARE = 0.35
# Extra SKM offices (not in layanan): (region code, agency, services).
SKM_EXTRA_OFFICES = (("18", "RSUD Dr. H. Abdul Moeloek",
                      {"Rawat Jalan": 0.5, "Rawat Inap": 0.3, "Instalasi Gawat Darurat": 0.2}),)
SKM_MEAN = (3.25, 3.55)  # office mean answer (1-4)
SKM_ELEMENT_OFFSET = (0.0, -0.05, -0.25, 0.35, 0.0, 0.05, 0.1, -0.2, -0.1)  # U1..U9

# --- e-Kinerja daily entries ------------------------------------------------------------------
ADOPTION_RATE = (0.72, 0.90)  # share of an agency's staff who ever report, drawn per agency
ENGAGEMENT_BANDS = ((0.6, 0.85, 0.98), (0.3, 0.55, 0.85), (0.1, 0.15, 0.5))  # (share, p low, high)
DRAFT_ONLY_SHARE = 0.33  # of non-adopters: start a Draft now and then, never submit
DRAFT_SHARE = 0.03  # of an adopter's entries left as Draft
APPROVAL_SHARE = 0.93  # of submitted entries the superior eventually approves
APPROVAL_LAG = ((0.25, 0, 0), (0.35, 1, 1), (0.2, 2, 3), (0.15, 4, 10), (0.05, 11, 30))
APPROVAL_EVENING_SHARE = 0.25  # approvals made 16:30-21:30 instead of office hours
# (share, days later lo, hi) for the input of an entry and for its approval after input
INPUT_LAG = ((0.78, 0, 0), (0.15, 1, 3), (0.06, 4, 10), (0.01, 11, 30))
LAPSE_SHARE = 0.10
LAPSE_LAST_DAY = (date(2026, 4, 13), date(2026, 4, 30))
ADOPTION_LOW_SHARE = 0.02  # planted adopsi_rendah
ADOPTION_LOW_DRAFT_SHARE = 0.05
COMPLIANCE_LOW_P = (0.04, 0.12)  # planted kepatuhan_rendah: daily reporting probability
RAMP = (0.20, 0.90)  # planted membaik: monthly active share in January and November
RAMP_TURNAROUND = (2.4, 0.6)  # planted membaik: median turnaround / limit, January -> November
DAILY_CHUNK = 20_000  # employees per block of the daily-entry matrix

# --- planted patterns -------------------------------------------------------------------------
REGION_NAMES: dict[str, str] = {code: name for code, name, _kind in reference.REGIONS}
PROVINCE = reference.PROVINCE_NAME
LAMPUNG_SELATAN = REGION_NAMES["18.01"]
LAMPUNG_TENGAH = REGION_NAMES["18.02"]
PRINGSEWU = REGION_NAMES["18.10"]
FLAT_CURVE_AGENCY = "Dinas Pendidikan dan Kebudayaan"
INFLATED_AGENCY = "Sekretariat DPRD"
# Planted gaps for the completeness view (metrics.completeness), applied after generation so every
# other figure stays as drawn. Both province agencies are outside the "tiny" scale.
NO_APPRAISAL_AGENCY = (PROVINCE, "Dinas Sosial")  # no TW III penilaian nor organisation rating
NO_ORG_RATING_AGENCY = (PROVINCE, "Dinas Tenaga Kerja")  # penilaian sent, organisation rating not
GAP_PERIOD = "TW III"
STALE_SERVICE_OFFICE = (REGION_NAMES["18.72"], DUKCAPIL)  # requests stop after STALE_SERVICE_UNTIL
STALE_SERVICE_UNTIL = date(DEMO_YEAR, 8, 31)
LOW_JP_AGENCY = "Dinas Perhubungan"
LOW_JP_UNITS = ("Bidang Pelayaran", "UPTD Pengelolaan Prasarana Perhubungan")
LOW_JP_MAX = 8
SLOW_SERVICE = "Akta Kelahiran"
SLOW_FACTOR = 3.0
LOW_COMPLIANCE_AGENCY = "Dinas Bina Marga dan Bina Konstruksi"
LOW_COMPLIANCE_UNIT = "UPTD Peralatan dan Perbekalan"
# (region, agency) -> predikat profile; every other agency is "baik".
ORG_PROFILES: dict[tuple[str, str], str] = {
    (PROVINCE, FLAT_CURVE_AGENCY): "kurva_datar",
    (PROVINCE, INFLATED_AGENCY): "inflasi",
    (PROVINCE, "Inspektorat"): "istimewa",
    (PROVINCE, "Badan Kepegawaian Daerah"): "istimewa",
    (REGION_NAMES["18.72"], "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"): "istimewa",
}

PLANTED: dict[str, str] = {
    "kurva_datar": (
        "Provinsi Lampung, Dinas Pendidikan dan Kebudayaan: predikat organisasi Baik, tetapi "
        "sekitar 85% pegawainya berpredikat Baik dan tidak ada yang Butuh Perbaikan atau "
        "Kurang/Misconduct (kurva tidak dipatuhi)."),
    "inflasi_predikat": (
        "Provinsi Lampung, Sekretariat DPRD: predikat organisasi Istimewa, tetapi lebih dari 70% "
        "pegawainya berpredikat Sangat Baik (inflasi predikat)."),
    "jp_rendah": (
        "Provinsi Lampung, Dinas Perhubungan, unit Bidang Pelayaran dan UPTD Pengelolaan Prasarana "
        "Perhubungan: setiap pegawainya mendapat kurang dari 8 JP setahun, padahal sebagian besar "
        "pegawai lain melampaui 20 JP."),
    "akta_lambat": (
        "Kabupaten Lampung Tengah, Dinas Kependudukan dan Pencatatan Sipil: median waktu "
        "penyelesaian Akta Kelahiran sekitar 3 kali standar layanan, sedangkan kantor lain umumnya "
        "memenuhi standar."),
    "adopsi_rendah": (
        "Kabupaten Lampung Selatan, semua OPD: hanya sekitar 2% pegawai pernah mengirim progres "
        "harian e-Kinerja (seperti angka nyata 2% pada tahun 2023)."),
    "kepatuhan_rendah": (
        "Provinsi Lampung, Dinas Bina Marga dan Bina Konstruksi, unit UPTD Peralatan dan "
        "Perbekalan: semua pegawainya pernah melapor, tetapi hanya sekitar 10% hari kerja yang "
        "terisi."),
    "berhenti_melapor": (
        "di luar Kabupaten Lampung Selatan, Kabupaten Pringsewu dan unit kepatuhan rendah di atas, "
        "sekitar 10% pegawai rajin melapor Januari–April lalu berhenti sama sekali mulai Mei."),
    "penilaian_belum_masuk": (
        "Provinsi Lampung, Dinas Sosial: penilaian kinerja pegawai dan predikat organisasi Triwulan III "
        "2026 belum dikirim (halaman Kelengkapan Data)."),
    "predikat_organisasi_belum_ada": (
        "Provinsi Lampung, Dinas Tenaga Kerja: penilaian pegawai Triwulan III 2026 sudah masuk, tetapi "
        "predikat kinerja organisasinya belum."),
    "layanan_usang": (
        "Kota Metro, Dinas Kependudukan dan Pencatatan Sipil: data permohonan layanan berhenti pada akhir "
        "Agustus 2026, sedangkan kantor layanan lain (Disdukcapil setiap Kabupaten, DPMPTSP Provinsi Lampung) "
        "mengirim sampai November."),
    "membaik": (
        "Kabupaten Pringsewu, semua OPD: pegawai yang melapor naik dari sekitar 20% pada Januari "
        "menjadi sekitar 90% pada November, dan layanan Disdukcapil-nya makin cepat sepanjang "
        "tahun."),
}

# --- template headers ---------------------------------------------------------------------------
REGION_COL = "KABUPATEN/KOTA"
COLUMNS: dict[str, tuple[str, ...]] = {
    "pegawai": ("NIP", "NAMA", "UNIT KERJA", "OPD", REGION_COL, "JENIS KELAMIN", "TANGGAL LAHIR",
                "STATUS", "GOLONGAN", "JENIS JABATAN", "NAMA JABATAN"),
    "standar_layanan": ("JENIS LAYANAN", "BATAS WAKTU", "SATUAN", "OPD", REGION_COL),
    "skp": ("NIP", "SKP STATUS", "PLT/PLH", "PERIODE AWAL", "PERIODE AKHIR", "JABATAN",
            "UNIT KERJA", "OPD"),
    "penilaian": ("NIP", "TAHUN", "PERIODE", "RATING HASIL KERJA", "RATING PERILAKU KERJA",
                  "PREDIKAT KINERJA"),
    "predikat_organisasi": ("OPD", REGION_COL, "UNIT KERJA", "TAHUN", "PERIODE",
                            "PREDIKAT ORGANISASI"),
    "pelatihan": ("NIP", "NAMA PELATIHAN", "JENIS", "TANGGAL MULAI", "TANGGAL SELESAI", "JP"),
    "layanan": ("NOMOR PERMOHONAN", "OPD", REGION_COL, "JENIS LAYANAN", "WAKTU MASUK",
                "WAKTU SELESAI", "STATUS", "KANAL"),
    "skm": ("TANGGAL", "OPD", REGION_COL) + tuple(f"U{i}" for i in range(1, 10))
           + ("JENIS LAYANAN",),
    "progres_harian": ("NIP", "TANGGAL", "WAKTU INPUT", "STATUS", "WAKTU PERSETUJUAN"),
}
DAILY_STATUSES = ("Draft", "Submitted", "Approved")
SKP_APPROVED = "persetujuan"
SKP_APPROVED_SHARE = 0.92  # elsewhere; Lampung Selatan approves fewer (SKP_APPROVED_SHARE_LOW)
SKP_APPROVED_SHARE_LOW = 0.45
MUTASI_SHARE = 0.05  # of pelaksana, transferred in July (two SKPs)
ACTING_SHARE = 0.06  # of Administrator and Pengawas, also Plt/Plh of another unit
SKP_OTHER_STATUSES = ("pengajuan", "draft")
REQUEST_DONE, REQUEST_OPEN = "Selesai", "Proses"
CHANNELS = ("Loket", "Online")

_TS = "datetime64[ns]"
_DAY = np.timedelta64(1, "D")
_MIN = np.timedelta64(1, "m")
_CUTOFF = np.datetime64(DEMO_END, "m") + np.timedelta64(1440, "m")  # end of DEMO_END (exclusive)


# --- calendar: the product's one definition of a working day (vocab.calendar) -------------------
@cache
def demo_calendar() -> WorkCalendar:
    """The demo year and the next (turnarounds may end in it), without corrections."""
    return WorkCalendar((DEMO_YEAR, DEMO_YEAR + 1))


def holiday_dates() -> np.ndarray:
    """National holidays and cuti bersama of the demo calendar, as sorted datetime64[D]."""
    return demo_calendar().holidays


def working_days(start: date = DEMO_START, end: date = DEMO_END) -> np.ndarray:
    """Working days start..end inclusive, as datetime64[D]."""
    return demo_calendar().working_days(start, end)


# --- small helpers --------------------------------------------------------------------------------
def _allocate(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Counts summing to total, proportional to weights (largest remainder), each >= minimum."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if total < minimum * n:
        minimum = 0
    rest = total - minimum * n
    exact = rest * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    short = rest - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:short]] += 1
    return counts + minimum


def _choice(rng: np.random.Generator, options, size: int, weights=None) -> np.ndarray:
    """rng.choice over a tuple of options, with weights that need not sum to 1."""
    values = np.asarray(options, dtype=object)
    if weights is None:
        return values[rng.integers(0, len(values), size)]
    p = np.asarray(weights, dtype=float)
    return values[rng.choice(len(values), size=size, p=p / p.sum())]


def _ts(values) -> np.ndarray:
    return np.asarray(values).astype(_TS)


def _units(spec: tuple) -> list[tuple[str, float]]:
    return [(u, 1.0) if isinstance(u, str) else (u[0], float(u[1])) for u in spec]


def _unit_kind(unit: str) -> str:
    for prefix, kind in UNIT_KINDS:
        if unit.startswith(prefix):
            return kind
    return "lain"


def _domain(agency: str, kind: str) -> str:
    if kind == "sekolah":
        return "sekolah"
    if kind in ("puskesmas", "instalasi") or agency.startswith("RS"):
        return "klinis"
    return "umum"


def _jf_pool(agency: str, domain: str) -> tuple[str, ...]:
    if domain == "sekolah":
        return ("Guru",)
    if domain == "klinis":
        return JF_CLINICAL
    for keyword, pool in JF_BY_KEYWORD:
        if keyword in agency:
            return pool
    return JF_GENERAL


def _agency_head_title(agency: str) -> str:
    if agency in AGENCY_HEAD_TITLES:
        return AGENCY_HEAD_TITLES[agency]
    return ("Direktur " if agency.startswith("RS") else "Kepala ") + agency


# --- organisation -------------------------------------------------------------------------------
def _organisation(cfg: dict) -> pd.DataFrame:
    """One row per unit: region, agency, unit, weight, kind, domain, first unit of its agency."""
    rows = []

    def add(region: str, agency: str, agency_weight: float, spec: tuple, fmt: dict) -> None:
        units = [(name.format(**fmt), w) for name, w in _units(spec)]
        total = sum(w for _, w in units)
        for order, (unit, w) in enumerate(units):
            kind = _unit_kind(unit)
            rows.append((region, agency, unit, agency_weight * w / total, kind,
                         _domain(agency, kind), order == 0))

    wanted = cfg["province_agencies"]
    for agency, weight, spec in PROVINCE_AGENCIES:
        if wanted is None or agency in wanted:
            add(PROVINCE, agency, weight, spec, {})
    for code, (factor, ibukota, rsud) in REGENCY_INFO.items():
        for agency, weight, spec in REGENCY_AGENCIES[: cfg["regency_agencies"]]:  # [:None] = all
            add(REGION_NAMES[code], agency.format(rsud=rsud), weight * factor, spec,
                {"ibukota": ibukota})
    org = pd.DataFrame(rows, columns=["region", "agency", "unit", "weight", "kind", "domain",
                                      "first_unit"])
    org["agency_id"] = pd.factorize(org["region"] + "|" + org["agency"])[0]
    org["unit_id"] = np.arange(len(org))
    return org


# --- pegawai ------------------------------------------------------------------------------------
def _employees(org: pd.DataFrame, n: int,
               rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pegawai frame, and working columns (ids, domain, TMT, CPNS, jabatan fungsional)."""
    counts = _allocate(n, org["weight"].to_numpy(), minimum=1)
    emp = org.loc[org.index.repeat(counts)].reset_index(drop=True)
    size = len(emp)
    domain = emp["domain"].to_numpy()

    # status and sex
    status = np.empty(size, dtype=object)
    female = np.zeros(size, dtype=bool)
    for d in DOMAINS:
        m = domain == d
        status[m] = _choice(rng, codes.EMPLOYEE_STATUSES, m.sum(), STATUS_MIX[d])
        female[m] = rng.random(m.sum()) < FEMALE_SHARE[d]
    is_pns = status == codes.STATUS_PNS

    # birth dates
    age = np.zeros(size)
    for st, (mean, sd, lo, hi) in AGE.items():
        m = status == st
        drawn = rng.normal(mean, sd, m.sum())
        out = (drawn < lo) | (drawn > hi)
        drawn[out] = rng.uniform(lo, hi, out.sum())
        age[m] = drawn
    end = np.datetime64(DEMO_END)
    birth = end - (age * 365.25).astype(np.int64) * _DAY
    by = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    bmon = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    bday = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    birth_m = by * 12 + (bmon - 1)

    # education (0 SD/SMP .. 4 S2)
    edu = np.zeros(size, dtype=np.int64)
    for (st, d), mix in EDUCATION_MIX.items():
        m = (status == st) & ((domain == d) if d else True)
        edu[m] = rng.choice(5, size=m.sum(), p=np.asarray(mix) / sum(mix))

    # TMT CPNS (PNS) or year of first appointment (PPPK), in months since year 0
    mean, sd, lo, hi = PNS_ENTRY_AGE
    entry = np.clip(rng.normal(mean, sd, size), lo, hi)
    tmt_m = birth_m + np.round(entry * 12).astype(np.int64)
    latest = PNS_TMT_LATEST[0] * 12 + PNS_TMT_LATEST[1] - 1
    too_late = tmt_m > latest
    tmt_m[too_late] = latest - rng.integers(0, 30, too_late.sum())
    tmt_m = np.maximum(tmt_m, birth_m + 18 * 12 + 1)  # strictly after the 18th birthday month
    edu[is_pns & (edu == 0) & (tmt_m >= 2005 * 12)] = 1  # no SD/SMP hires after 2005
    years = np.array(list(PPPK_YEARS), dtype=np.int64)
    appt = _choice(rng, years, size, list(PPPK_YEARS.values())).astype(np.int64)
    appt[status == codes.STATUS_PPPK_PW] = 2025
    appt = np.minimum(np.maximum(appt, by + 19), 2025)
    contracts = np.where(appt <= 2021, 2, 1)

    # structural posts: rank PNS within their unit by seniority
    emp["_pns_key"] = np.where(is_pns, tmt_m, 10**9)
    emp["_birth"] = birth
    order = emp.sort_values(["unit_id", "_pns_key", "_birth"], kind="stable").index
    rank = np.empty(size, dtype=np.int64)
    rank[order] = emp.loc[order].groupby("unit_id").cumcount().to_numpy()
    rank[~is_pns] = 10**6
    unit_size = emp.groupby("unit_id")["unit_id"].transform("size").to_numpy()
    kind = emp["kind"].to_numpy()
    first = emp["first_unit"].to_numpy().astype(np.int64)
    has_head = np.isin(kind, list(UNIT_HEADS)).astype(np.int64)
    n_peng = np.zeros(size, dtype=np.int64)
    for k, titles in PENGAWAS_TITLES.items():
        m = kind == k
        n_peng[m] = np.minimum(len(titles), unit_size[m] // PENGAWAS_PER_STAFF)
    is_agency_head = (first == 1) & (rank == 0)
    is_unit_head = (has_head == 1) & (rank == first)
    peng_slot = rank - first - has_head
    is_pengawas = (peng_slot >= 0) & (peng_slot < n_peng)

    jab_type = np.empty(size, dtype=object)
    jab_name = np.empty(size, dtype=object)
    unit = emp["unit"].to_numpy().astype(object)
    agency = emp["agency"].to_numpy().astype(object)
    for k, (jtype, pattern) in UNIT_HEADS.items():
        m = is_unit_head & (kind == k)
        jab_type[m] = jtype
        jab_name[m] = [pattern.format(unit=u) for u in unit[m]]
    for k, titles in PENGAWAS_TITLES.items():
        m = is_pengawas & (kind == k)
        jab_type[m] = "Pengawas"
        jab_name[m] = np.asarray(titles, dtype=object)[peng_slot[m]]
    jab_type[is_agency_head] = "JPT"
    jab_name[is_agency_head] = [_agency_head_title(a) for a in agency[is_agency_head]]

    # everyone else: fungsional or pelaksana
    rest = pd.isna(jab_type)
    share = np.array([FUNGSIONAL_SHARE[d] for d in DOMAINS])[pd.Categorical(domain, DOMAINS).codes]
    share = np.where(status == codes.STATUS_PPPK_PW, FUNGSIONAL_SHARE_PW, share)
    fungsional = rest & (rng.random(size) < share)
    jab_type[fungsional] = "Fungsional"
    jab_type[rest & ~fungsional] = "Pelaksana"
    jf = np.full(size, "", dtype=object)
    pool_key = emp["agency"] + "|" + emp["domain"]
    for key in pd.unique(pool_key[fungsional]):
        m = fungsional & (pool_key == key).to_numpy()
        ag, dom = key.split("|")
        jf[m] = _choice(rng, _jf_pool(ag, dom), m.sum())
    # without a degree, a keahlian-only post is not open: those staff are pelaksana
    no_degree = fungsional & (edu < 3) & ~np.isin(jf, JF_KETERAMPILAN) & (domain != "sekolah")
    no_degree &= ~np.isin(jf, ("Dokter", "Apoteker"))
    fungsional &= ~no_degree
    jab_type[no_degree] = "Pelaksana"
    jf[no_degree] = ""
    clinical_d3 = fungsional & (domain == "klinis") & (edu < 2)
    edu[clinical_d3] = 2  # nurses, midwives, lab staff hold at least a D3
    m = rest & ~fungsional
    is_pw = status == codes.STATUS_PPPK_PW
    jab_name[m & ~is_pw] = _choice(rng, PELAKSANA_TITLES, (m & ~is_pw).sum())
    jab_name[m & is_pw] = _choice(rng, PELAKSANA_TITLES_PW, (m & is_pw).sum())

    # education follows the post: S1 for teachers, doctors, pharmacists and structural posts
    needs_degree = np.isin(jf, ("Guru", "Dokter", "Apoteker")) | np.isin(
        jab_type, ("Administrator", "Pengawas"))
    edu[needs_degree] = np.maximum(edu[needs_degree], 3)
    edu[jab_type == "JPT"] = 4

    # golongan
    service = DEMO_YEAR - tmt_m // 12
    step = rng.uniform(*PNS_PROMOTION_YEARS, size)
    gol = np.asarray(PNS_START_GOLONGAN)[edu] + np.floor(service / step).astype(np.int64)
    cap = np.asarray(PNS_GOLONGAN_CAP)[edu]
    cap = np.where((jab_type == "Fungsional") & (edu >= 3), PNS_GOLONGAN_CAP_FUNGSIONAL, cap)
    gol = np.minimum(gol, cap)
    gol = np.where(jab_type == "JPT", rng.integers(14, 16, size), gol)
    gol = np.where(is_agency_head & (agency == "Sekretariat Daerah"), 16, gol)
    gol = np.where(jab_type == "Administrator", np.clip(gol, 12, 13), gol)
    gol = np.where(jab_type == "Pengawas", np.clip(gol, 10, 12), gol)
    golongan = np.asarray(codes.GOLONGAN_PNS, dtype=object)[gol]
    pppk_gol = np.asarray(PPPK_GOLONGAN_BY_EDUCATION, dtype=object)[edu]
    senior = (~is_pns) & (edu == 3) & (rng.random(size) < 0.1)
    pppk_gol[senior] = "X"
    golongan = np.where(is_pns, golongan, pppk_gol)

    # fungsional level (jenjang) from golongan and education
    keahlian = edu >= 3
    if_pns = np.select([gol <= 9, gol <= 11, gol <= 14],
                       ["Ahli Pertama", "Ahli Muda", "Ahli Madya"], "Ahli Utama")
    it_pns = np.select([gol <= 6, gol <= 9], ["Terampil", "Mahir"], "Penyelia")
    if_pppk = np.where(pppk_gol == "XI", "Ahli Muda", "Ahli Pertama")
    level = np.where(keahlian, np.where(is_pns, if_pns, if_pppk),
                     np.where(is_pns, it_pns, "Terampil"))
    jab_name[fungsional] = jf[fungsional] + " " + level[fungsional].astype(object)

    # NIP
    sex = np.where(female, 2, 1)
    birth_num = by * 10000 + bmon * 100 + bday
    tmt_num = (tmt_m // 12) * 100 + tmt_m % 12 + 1
    prefix = np.where(is_pns, birth_num * 10**7 + tmt_num * 10 + sex,
                      birth_num * 10**7 + appt * 1000 + 200 + contracts * 10 + sex)
    base = rng.integers(1, 400, size)
    grp = pd.DataFrame({"p": prefix, "b": base}).groupby("p")
    seq = grp["b"].transform("min").to_numpy() + grp.cumcount().to_numpy()
    nip = (prefix * 1000 + seq).astype(str).astype(object)

    emp["NAMA"] = _names(rng, female, edu, jf, by, agency, domain)
    out = pd.DataFrame({
        "NIP": nip,
        "NAMA": emp["NAMA"].to_numpy(),
        "UNIT KERJA": unit,
        "OPD": agency,
        REGION_COL: emp["region"].to_numpy().astype(object),
        "JENIS KELAMIN": np.where(female, codes.SEX_FEMALE, codes.SEX_MALE).astype(object),
        "TANGGAL LAHIR": _ts(birth),
        "STATUS": status,
        "GOLONGAN": golongan,
        "JENIS JABATAN": jab_type,
        "NAMA JABATAN": jab_name,
    })
    extra = pd.DataFrame({
        "agency_id": emp["agency_id"].to_numpy(), "unit_id": emp["unit_id"].to_numpy(),
        "domain": domain, "tmt_m": np.where(is_pns, tmt_m, appt * 12),
        "cpns": is_pns & (tmt_m >= CPNS_LATSAR_FROM[0] * 12 + CPNS_LATSAR_FROM[1] - 1),
    })
    return out, extra


def _names(rng, female, edu, jf, birth_year, agency, domain) -> np.ndarray:
    """Indonesian names with gelar, vectorised per ethnicity and sex."""
    size = len(female)
    eth_names = list(NAMES)
    eth = rng.choice(len(eth_names), size=size, p=np.array([NAMES[e][0] for e in eth_names])
                     / sum(NAMES[e][0] for e in eth_names))
    given = np.empty(size, dtype=object)
    second = np.empty(size, dtype=object)
    for i, e in enumerate(eth_names):
        _, gm, gf, sm, sf = NAMES[e]
        for is_f, g_pool, s_pool in ((False, gm, sm), (True, gf, sf)):
            m = (eth == i) & (female == is_f)
            given[m] = _choice(rng, g_pool, m.sum())
            second[m] = _choice(rng, s_pool, m.sum())
    name = given + " " + second

    # gelar
    back = np.full(size, "", dtype=object)
    back[edu == 2] = _choice(rng, GELAR_D3, (edu == 2).sum())
    back[edu >= 3] = _choice(rng, GELAR_S1, (edu >= 3).sum())
    s2 = edu == 4
    back[s2] = back[s2] + ", " + _choice(rng, GELAR_S2, s2.sum())
    for j, (d3, s1, s2g) in GELAR_BY_JF.items():
        m = jf == j
        for level, g in ((2, d3), (3, s1), (4, s2g)):
            if g is not None:
                back[m & (edu == level)] = g
    front = np.full(size, "", dtype=object)
    front[jf == "Dokter"] = "dr. "
    old = (edu >= 3) & (jf != "Dokter") & (domain == "umum")
    technical = pd.Series(agency).map(
        {a: any(k in a for k in OLD_ENGINEER_KEYWORDS) for a in pd.unique(agency)}).to_numpy()
    ir = old & technical & (birth_year < 1975) & (rng.random(size) < 0.3)
    drs = old & ~ir & (birth_year < 1970) & (rng.random(size) < 0.15)
    front[ir] = "Ir. "
    front[drs & ~female] = "Drs. "
    front[drs & female] = "Dra. "
    back[ir | drs] = np.where(s2[ir | drs], _choice(rng, GELAR_S2, (ir | drs).sum()), "")
    full = front + name
    with_back = back != ""
    full[with_back] = full[with_back] + ", " + back[with_back]
    return full


# --- skp ----------------------------------------------------------------------------------------
def _skp(peg: pd.DataFrame, extra: pd.DataFrame, org: pd.DataFrame, rng) -> pd.DataFrame:
    """One SKP per employee for the year; a July transfer splits it in two; some Plt/Plh SKPs."""
    n = len(peg)
    year_start, year_end = np.datetime64(f"{DEMO_YEAR}-01-01"), np.datetime64(f"{DEMO_YEAR}-12-31")
    approved = np.where(peg[REGION_COL].to_numpy() == LAMPUNG_SELATAN, SKP_APPROVED_SHARE_LOW,
                        SKP_APPROVED_SHARE)
    status = np.where(rng.random(n) < approved, SKP_APPROVED,
                      _choice(rng, SKP_OTHER_STATUSES, n, (0.6, 0.4)))
    base = pd.DataFrame({
        "NIP": peg["NIP"], "SKP STATUS": status, "PLT/PLH": 0,
        "PERIODE AWAL": year_start, "PERIODE AKHIR": year_end,
        "JABATAN": peg["NAMA JABATAN"], "UNIT KERJA": peg["UNIT KERJA"], "OPD": peg["OPD"],
    })
    # transfers (mutasi) in July: a pelaksana's earlier SKP in an office unit of the same region
    moved = np.flatnonzero((peg["JENIS JABATAN"].to_numpy() == "Pelaksana")
                           & (rng.random(n) < MUTASI_SHARE))
    moved_region = peg[REGION_COL].to_numpy()[moved]
    earlier_unit = np.zeros(len(moved), dtype=np.int64)
    offices = org[org["domain"] == "umum"]
    for region in pd.unique(offices["region"]):
        m = moved_region == region
        units = offices.loc[offices["region"] == region, "unit_id"].to_numpy()
        earlier_unit[m] = units[rng.integers(0, len(units), m.sum())]
    earlier = base.iloc[moved].copy()
    earlier["SKP STATUS"] = SKP_APPROVED
    earlier["PERIODE AKHIR"] = np.datetime64(f"{DEMO_YEAR}-06-30")
    earlier["UNIT KERJA"] = org["unit"].to_numpy()[earlier_unit]
    earlier["OPD"] = org["agency"].to_numpy()[earlier_unit]
    base.loc[base.index[moved], "PERIODE AWAL"] = np.datetime64(f"{DEMO_YEAR}-07-01")
    # acting posts (Plt/Plh): some Administrator and Pengawas also lead another unit of their agency
    senior = np.flatnonzero(peg["JENIS JABATAN"].isin(("Administrator", "Pengawas")).to_numpy()
                            & (rng.random(n) < ACTING_SHARE))
    led = org[org["kind"].isin(("bidang", "bagian", "uptd"))]
    agency_of = extra["agency_id"].to_numpy()[senior]
    own_unit = extra["unit_id"].to_numpy()[senior]
    acting_unit = np.full(len(senior), -1, dtype=np.int64)
    for aid in pd.unique(agency_of):
        units = led.loc[led["agency_id"] == aid, "unit_id"].to_numpy()
        m = agency_of == aid
        if len(units) < 2:
            continue
        pick = rng.integers(0, len(units), m.sum())
        pick = np.where(units[pick] == own_unit[m], (pick + 1) % len(units), pick)  # not their own
        acting_unit[m] = units[pick]
    senior, acting_unit = senior[acting_unit >= 0], acting_unit[acting_unit >= 0]
    acting = base.iloc[senior].copy()
    acting["PLT/PLH"] = 1
    acting["SKP STATUS"] = SKP_APPROVED
    acting["PERIODE AWAL"] = np.datetime64(f"{DEMO_YEAR}-03-02")
    acting["PERIODE AKHIR"] = np.datetime64(f"{DEMO_YEAR}-09-30")
    acting["UNIT KERJA"] = org["unit"].to_numpy()[acting_unit]
    acting["JABATAN"] = "Plt. Kepala " + acting["UNIT KERJA"]
    skp = pd.concat([earlier, base, acting], ignore_index=True)
    skp = skp.sort_values(["NIP", "PERIODE AWAL", "PLT/PLH"], kind="stable", ignore_index=True)
    for col in ("PERIODE AWAL", "PERIODE AKHIR"):
        skp[col] = _ts(skp[col])
    skp["PLT/PLH"] = skp["PLT/PLH"].astype(np.int64)
    return skp


# --- penilaian and predikat organisasi ---------------------------------------------------------
def _profile_counts(profile: str, n: int, rng) -> dict[str, int]:
    """Staff counts per predikat for a group of n rated staff following a profile."""
    spec = PREDIKAT_PROFILES[profile]
    shares = {p: rng.uniform(*spec[p]) if p in spec else 0.0
              for p in codes.PREDIKAT_ORDER if p != _B}
    shares[_B] = 1.0 - sum(shares.values())
    exact = np.array([shares[p] for p in codes.PREDIKAT_ORDER]) * n
    counts = dict(zip(codes.PREDIKAT_ORDER, _allocate(n, np.maximum(exact, 1e-12)).tolist()))
    if profile == "baik":  # keep within the curve: s(Baik) <= 70%, at least one BP or K
        while counts[_B] * 10 > 7 * n:
            counts[_B] -= 1
            counts[_SB] += 1
        if n >= 2 and counts[_BP] + counts[_K] == 0:
            counts[_B if counts[_B] > 1 else _SB] -= 1
            counts[_BP] += 1
    elif profile == "istimewa":  # s(Sangat Baik) <= 70%
        while counts[_SB] * 10 > 7 * n:
            counts[_SB] -= 1
            counts[_B] += 1
    return counts


def _penilaian(peg, extra, org, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Staff appraisals ranked within each agency against its profile, and the agency ratings."""
    n = len(peg)
    region = peg[REGION_COL].to_numpy()
    agency_id = extra["agency_id"].to_numpy()
    unit_effect = rng.normal(0, 0.3, org["unit_id"].max() + 1)[extra["unit_id"].to_numpy()]
    latent = rng.normal(0, 1, n) + unit_effect
    agencies = org.drop_duplicates("agency_id").set_index("agency_id")
    pairs_by_predikat = {
        p: [pair for pair, pred in codes.PREDIKAT_MATRIX.items() if pred == p]
        for p in codes.PREDIKAT_ORDER}
    frames, org_rows = [], []
    for year, period in APPRAISAL_PERIODS:
        on_roll = extra["tmt_m"].to_numpy() < year * 12  # appointed before the year began
        if year < DEMO_YEAR:
            on_roll &= peg["STATUS"].to_numpy() != codes.STATUS_PPPK_PW
        not_rated = rng.random(n) < NOT_RATED_SHARE[period] * np.where(
            region == LAMPUNG_SELATAN, NOT_RATED_FACTOR_LOW_ADOPTION, 1)
        score = latent + rng.normal(0, 0.5, n)
        predikat = np.full(n, None, dtype=object)
        for aid, row in agencies.iterrows():
            profile = ORG_PROFILES.get((row["region"], row["agency"]), "baik")
            org_rows.append((row["agency"], row["region"], None, year, period,
                             PROFILE_ORG_PREDIKAT[profile]))
            idx = np.flatnonzero((agency_id == aid) & on_roll & ~not_rated)
            if len(idx) == 0:
                continue
            counts = _profile_counts(profile, len(idx), rng)
            ranked = idx[np.argsort(-score[idx], kind="stable")]
            labels = np.repeat(np.asarray(codes.PREDIKAT_ORDER[::-1], dtype=object),
                               [counts[p] for p in codes.PREDIKAT_ORDER[::-1]])
            predikat[ranked] = labels
        hasil = np.full(n, None, dtype=object)
        perilaku = np.full(n, None, dtype=object)
        for p, pairs in pairs_by_predikat.items():
            m = predikat == p
            picked = rng.choice(len(pairs), size=m.sum(),
                                p=np.array([RATING_PAIR_WEIGHTS[x] for x in pairs])
                                / sum(RATING_PAIR_WEIGHTS[x] for x in pairs))
            hasil[m] = np.array([h for h, _ in pairs], dtype=object)[picked]
            perilaku[m] = np.array([b for _, b in pairs], dtype=object)[picked]
        rated = pd.notna(predikat)
        # rows: rated staff, plus (TW III only) staff still waiting with "-"
        keep = on_roll & (rated | (period == PERIODS_2026[-1]))
        shown = np.where(rated, predikat, NOT_RATED_MARK)
        frames.append(pd.DataFrame({
            "NIP": peg["NIP"].to_numpy()[keep], "TAHUN": year, "PERIODE": period,
            "RATING HASIL KERJA": hasil[keep], "RATING PERILAKU KERJA": perilaku[keep],
            "PREDIKAT KINERJA": shown[keep],
        }))
    pen = pd.concat(frames, ignore_index=True)
    pen["TAHUN"] = pen["TAHUN"].astype(np.int64)
    orgp = pd.DataFrame(org_rows, columns=COLUMNS["predikat_organisasi"])
    orgp["TAHUN"] = orgp["TAHUN"].astype(np.int64)
    orgp["UNIT KERJA"] = orgp["UNIT KERJA"].astype(object)
    return pen, orgp


# --- pelatihan ----------------------------------------------------------------------------------
def _pelatihan(peg, extra, rng) -> pd.DataFrame:
    """Trainings started in the demo year: a few regular items each, leadership training, Latsar."""
    n = len(peg)
    low_jp = ((peg[REGION_COL] == PROVINCE) & (peg["OPD"] == LOW_JP_AGENCY)
              & peg["UNIT KERJA"].isin(LOW_JP_UNITS)).to_numpy()
    intensity = rng.uniform(0.8, 1.2, extra["agency_id"].max() + 1)[extra["agency_id"].to_numpy()]
    extra_items = rng.binomial(TRAINING_EXTRA[0], np.minimum(TRAINING_EXTRA[1] * intensity, 1.0))
    count = np.where(rng.random(n) < TRAINING_NONE_SHARE, 0, 1 + extra_items)
    count[low_jp] = rng.integers(0, 2, low_jp.sum())  # none or one short item
    emp_idx = np.repeat(np.arange(n), count)
    domain = extra["domain"].to_numpy()[emp_idx]
    item = np.empty(len(emp_idx), dtype=np.int64)
    for d in DOMAINS:
        eligible = [i for i, t in enumerate(TRAININGS) if t[5] in (None, d)]
        m = domain == d
        w = np.array([TRAININGS[i][4] for i in eligible])
        item[m] = np.asarray(eligible)[rng.choice(len(eligible), size=m.sum(), p=w / w.sum())]
    short = np.array([i for i, t in enumerate(TRAININGS)
                      if t[0] in TRAININGS_SHORT and t[2] < LOW_JP_MAX])  # at most one each
    m = low_jp[emp_idx]
    item[m] = short[rng.integers(0, len(short), m.sum())]
    table = pd.DataFrame(TRAININGS, columns=["name", "jenis", "jp", "days", "w", "domain"])
    rows = pd.DataFrame({"emp": emp_idx, "name": table["name"].to_numpy()[item],
                         "jenis": table["jenis"].to_numpy()[item],
                         "jp": table["jp"].to_numpy()[item].astype(float),
                         "days": table["days"].to_numpy()[item].astype(np.int64)})

    # leadership training (and Latsar for CPNS)
    jab = peg["JENIS JABATAN"].to_numpy()
    lead = []
    for name, jenis, jp, days, who, share in LEADERSHIP:
        target = extra["cpns"].to_numpy() if who == "cpns" else (jab == who)
        chosen = np.flatnonzero(target & ~low_jp & (rng.random(n) < share))
        lead.append(pd.DataFrame({"emp": chosen, "name": name, "jenis": jenis, "jp": float(jp),
                                  "days": days}))
    rows = pd.concat([rows] + lead, ignore_index=True)

    last_start = np.datetime64(DEMO_END) - rows["days"].to_numpy() * _DAY
    span = (last_start - np.datetime64(f"{DEMO_YEAR}-01-05")).astype(np.int64)
    start = np.datetime64(f"{DEMO_YEAR}-01-05") + (rng.random(len(rows)) * span).astype(
        np.int64) * _DAY
    classroom = rows["jenis"].to_numpy() != "nonklasikal"
    start = np.where(classroom, np.busday_offset(start, 0, roll="forward",
                                                 busdaycal=demo_calendar().busdaycal), start)
    end = start + (rows["days"].to_numpy() - 1) * _DAY
    out = pd.DataFrame({
        "NIP": peg["NIP"].to_numpy()[rows["emp"].to_numpy()],
        "NAMA PELATIHAN": rows["name"].to_numpy(), "JENIS": rows["jenis"].to_numpy(),
        "TANGGAL MULAI": _ts(start), "TANGGAL SELESAI": _ts(end), "JP": rows["jp"].to_numpy(),
    })
    out = out.drop_duplicates(["NIP", "NAMA PELATIHAN", "TANGGAL MULAI"])
    return out.sort_values(["NIP", "TANGGAL MULAI"], kind="stable", ignore_index=True)


# --- layanan, standar layanan, skm ---------------------------------------------------------------
def _offices(org: pd.DataFrame) -> list[tuple[str, str, str, dict[str, float], float]]:
    """(region code, region, agency, services, volume) of every service office present."""
    present = set(zip(org["region"], org["agency"]))
    offices = []
    for code, (factor, _ibukota, _rsud) in REGENCY_INFO.items():
        if (REGION_NAMES[code], DUKCAPIL) in present:
            offices.append((code, REGION_NAMES[code], DUKCAPIL, DUKCAPIL_SERVICES, factor))
    if (PROVINCE, PTSP) in present:
        offices.append((reference.PROVINCE_CODE, PROVINCE, PTSP, PTSP_SERVICES, PTSP_VOLUME))
    return offices


def _standards(org: pd.DataFrame) -> pd.DataFrame:
    present = set(zip(org["region"], org["agency"]))
    rows = [(svc, limit, unit, opd, REGION_NAMES[code] if code else None)
            for svc, limit, unit, opd, code in STANDARDS
            if opd is None or (REGION_NAMES[code], opd) in present]
    out = pd.DataFrame(rows, columns=COLUMNS["standar_layanan"])
    out["BATAS WAKTU"] = out["BATAS WAKTU"].astype(float)
    for col in ("OPD", REGION_COL):
        out[col] = out[col].astype(object)
    return out


def _standard_for(service: str, agency: str, region_code: str) -> tuple[float, str]:
    fallback = None
    for svc, limit, unit, opd, code in STANDARDS:
        if svc != service:
            continue
        if opd == agency and code == region_code:
            return limit, unit
        if opd is None:
            fallback = (limit, unit)
    return fallback


def _layanan(org, rng, cfg, workdays) -> pd.DataFrame:
    """Requests at every service office; turnaround drawn as a multiple of the office's standard."""
    frames = []
    calendar = demo_calendar()
    busdaycal = calendar.busdaycal
    cal = calendar.working_days(DEMO_START, date(DEMO_YEAR + 1, 12, 31))
    for code, region, agency, services, volume in _offices(org):
        n = int(round(cfg["requests_per_office"] * volume))
        svc = _choice(rng, tuple(services), n, tuple(services.values()))
        day_idx = np.sort(rng.integers(0, len(workdays), n))
        received = (workdays[day_idx].astype("datetime64[m]")
                    + rng.integers(OFFICE_HOURS[0], OFFICE_HOURS[1] + 1, n) * _MIN)
        t = day_idx / len(workdays)
        median = np.full(n, rng.uniform(*TURNAROUND_MEDIAN))
        if region == PRINGSEWU:
            median = RAMP_TURNAROUND[0] + (RAMP_TURNAROUND[1] - RAMP_TURNAROUND[0]) * t
        if region == LAMPUNG_TENGAH:
            median = np.where(svc == SLOW_SERVICE, SLOW_FACTOR, median)
        factor = median * np.exp(rng.normal(0, TURNAROUND_SPREAD, n))
        finish = np.empty(n, dtype="datetime64[m]")
        for service in services:
            m = svc == service
            limit, unit = _standard_for(service, agency, code)
            f = factor[m]
            rec = received[m]
            if unit == codes.UNIT_HOURS:
                raw = rec + np.round(limit * f * 60).astype(np.int64) * _MIN
                raw_day = raw.astype("datetime64[D]")
                minute = (raw - raw_day.astype("datetime64[m]")).astype(np.int64)
                closed = ((minute > WORK_HOURS[1]) | (minute < WORK_HOURS[0])
                          | ~np.is_busday(raw_day, busdaycal=busdaycal))
                # finished after closing time: done the next working morning
                next_day = np.busday_offset(raw_day + np.where(minute < WORK_HOURS[0], 0, 1) * _DAY,
                                            0, roll="forward", busdaycal=busdaycal)
                morning = (next_day.astype("datetime64[m]")
                           + rng.integers(WORK_HOURS[0], WORK_HOURS[0] + 120, m.sum()) * _MIN)
                finish[m] = np.where(closed, morning, raw)
                continue
            k = np.floor(limit * f).astype(np.int64)
            rec_day = rec.astype("datetime64[D]")
            if unit == codes.UNIT_WORKING_DAYS:
                pos = np.searchsorted(cal, rec_day) + k
                fin_day = cal[np.minimum(pos, len(cal) - 1)]
            else:
                fin_day = np.busday_offset(rec_day + k * _DAY, 0, roll="forward", busdaycal=busdaycal)
            later = rng.integers(WORK_HOURS[0], WORK_HOURS[1] + 1, m.sum()) * _MIN
            rec_min = (rec - rec_day.astype("datetime64[m]"))
            same_day = rec_min + rng.integers(20, 150, m.sum()) * _MIN
            finish[m] = fin_day.astype("datetime64[m]") + np.where(k == 0, same_day, later)
        open_ = (finish >= _CUTOFF) | (rng.random(n) < STALE_OPEN_SHARE)
        seq = np.arange(1, n + 1)
        prefix = ("DUKCAPIL-" + code.replace(".", "")) if agency == DUKCAPIL else "DPMPTSP-18"
        number = [f"{prefix}/{DEMO_YEAR}/{s:06d}" for s in seq]
        frames.append(pd.DataFrame({
            "NOMOR PERMOHONAN": number, "OPD": agency, REGION_COL: region,
            "JENIS LAYANAN": svc, "WAKTU MASUK": _ts(received),
            "WAKTU SELESAI": _ts(np.where(open_, np.datetime64("NaT"), finish)),
            "STATUS": np.where(open_, REQUEST_OPEN, REQUEST_DONE),
            "KANAL": np.where(rng.random(n) < ONLINE_SHARE, CHANNELS[1], CHANNELS[0]),
        }))
    return pd.concat(frames, ignore_index=True)


def _skm(org, rng, cfg, workdays) -> pd.DataFrame:
    """SKM respondents of every service office (and the extra SKM offices), answers 1-4."""
    present = set(zip(org["region"], org["agency"]))
    offices = [(region, agency, services) for _c, region, agency, services, _v in _offices(org)]
    offices += [(REGION_NAMES[c], a, s) for c, a, s in SKM_EXTRA_OFFICES
                if (REGION_NAMES[c], a) in present]
    frames = []
    offset = np.asarray(SKM_ELEMENT_OFFSET)
    for region, agency, services in offices:
        n = int(round(cfg["skm_per_office"] * rng.uniform(0.8, 1.3)))
        day_idx = np.sort(rng.integers(0, len(workdays), n))
        mean = np.full(n, rng.uniform(*SKM_MEAN))
        if region == PRINGSEWU:
            mean = 2.9 + 0.6 * day_idx / len(workdays)
        off = np.tile(offset, (n, 1))
        if region == LAMPUNG_TENGAH and agency == DUKCAPIL:
            off[:, 2] -= 0.7  # Waktu Penyelesaian
        latent = (mean[:, None] + off + rng.normal(0, 0.35, (n, 1))
                  + rng.normal(0, 0.45, (n, len(offset))))
        answers = np.clip(np.round(latent), 1, 4).astype(np.int64)
        frame = pd.DataFrame(answers, columns=[f"U{i}" for i in range(1, 10)])
        frame.insert(0, REGION_COL, region)
        frame.insert(0, "OPD", agency)
        frame.insert(0, "TANGGAL", _ts(workdays[day_idx]))
        frame["JENIS LAYANAN"] = _choice(rng, tuple(services), n, tuple(services.values()))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# --- progres harian -----------------------------------------------------------------------------
def _reporting_plan(peg, extra, rng, workdays) -> tuple[np.ndarray, ...]:
    """Per employee: first and last+1 working-day index reported, daily probability, draft-only."""
    n, n_days = len(peg), len(workdays)
    region = peg[REGION_COL].to_numpy()
    start = np.full(n, n_days, dtype=np.int64)
    stop = np.full(n, n_days, dtype=np.int64)
    p = np.zeros(n)
    draft_only = np.zeros(n, dtype=bool)

    def band_p(size):
        band = rng.choice(len(ENGAGEMENT_BANDS), size=size,
                          p=[b[0] for b in ENGAGEMENT_BANDS])
        lo = np.array([b[1] for b in ENGAGEMENT_BANDS])[band]
        hi = np.array([b[2] for b in ENGAGEMENT_BANDS])[band]
        return rng.uniform(lo, hi)

    # ordinary staff: adopters start early (a few late), some non-adopters only leave Drafts
    rate = rng.uniform(*ADOPTION_RATE, extra["agency_id"].max() + 1)[extra["agency_id"].to_numpy()]
    adopter = rng.random(n) < rate
    late = rng.random(n) < 0.1
    first_day = np.where(late, rng.integers(20, n_days // 2, n),
                         np.minimum(rng.exponential(10, n).astype(np.int64), n_days - 1))
    start[adopter] = first_day[adopter]
    p[adopter] = band_p(adopter.sum())
    drafter = ~adopter & (rng.random(n) < DRAFT_ONLY_SHARE)
    start[drafter] = rng.integers(0, n_days, drafter.sum())
    p[drafter] = rng.uniform(0.02, 0.1, drafter.sum())
    draft_only[drafter] = True

    low_unit = ((region == PROVINCE) & (peg["OPD"].to_numpy() == LOW_COMPLIANCE_AGENCY)
                & (peg["UNIT KERJA"].to_numpy() == LOW_COMPLIANCE_UNIT))
    special = (region == LAMPUNG_SELATAN) | (region == PRINGSEWU) | low_unit

    # berhenti_melapor: a lapse group among ordinary staff
    eligible = np.flatnonzero(~special)
    lapsers = rng.permutation(eligible)[: int(round(LAPSE_SHARE * len(eligible)))]
    lo, hi = (np.searchsorted(workdays, np.datetime64(d)) for d in LAPSE_LAST_DAY)
    start[lapsers] = rng.integers(0, 8, len(lapsers))
    stop[lapsers] = rng.integers(lo, hi + 1, len(lapsers)) + 1  # last day reported lo..hi
    p[lapsers] = rng.uniform(0.75, 0.95, len(lapsers))
    draft_only[lapsers] = False

    # kepatuhan_rendah: everyone starts, few days filled
    start[low_unit] = rng.integers(0, 10, low_unit.sum())
    p[low_unit] = rng.uniform(*COMPLIANCE_LOW_P, low_unit.sum())
    draft_only[low_unit] = False

    # adopsi_rendah: exactly ~2% adopt, a few more leave Drafts only
    ls = rng.permutation(np.flatnonzero(region == LAMPUNG_SELATAN))
    k_adopt = int(round(ADOPTION_LOW_SHARE * len(ls)))
    k_draft = int(round(ADOPTION_LOW_DRAFT_SHARE * len(ls)))
    start[ls], p[ls], draft_only[ls] = n_days, 0.0, False
    start[ls[:k_adopt]] = rng.integers(0, n_days // 2, k_adopt)
    p[ls[:k_adopt]] = band_p(k_adopt)
    drafts = ls[k_adopt:k_adopt + k_draft]
    start[drafts] = rng.integers(0, n_days, len(drafts))
    p[drafts] = rng.uniform(0.02, 0.1, len(drafts))
    draft_only[drafts] = True

    # membaik: the share who have started follows a ramp from January to November
    pw = rng.permutation(np.flatnonzero(region == PRINGSEWU))
    frac = np.arange(len(pw)) / max(len(pw), 1)
    month_of_day = workdays.astype("datetime64[M]").astype(np.int64) % 12 + 1
    last_month = int(month_of_day[-1])
    targets = RAMP[0] + (RAMP[1] - RAMP[0]) * np.arange(last_month) / (last_month - 1)
    month = np.searchsorted(targets, frac, side="right") + 1  # first month whose target > frac
    starts = np.full(len(pw), n_days, dtype=np.int64)
    for m in range(1, last_month + 1):
        sel = month == m
        days_in = np.flatnonzero(month_of_day == m)
        first_half = days_in[: max(1, len(days_in) // 2)]
        starts[sel] = rng.choice(first_half, size=sel.sum())
    start[pw] = starts
    p[pw] = rng.uniform(0.85, 0.97, len(pw))
    draft_only[pw] = False
    return start, stop, p, draft_only


def _progres(peg, extra, rng, workdays) -> pd.DataFrame:
    """One row per employee and working day reported, built in blocks of employees."""
    start, stop, p, draft_only = _reporting_plan(peg, extra, rng, workdays)
    nip = peg["NIP"].to_numpy()
    cols = np.arange(len(workdays))
    parts = []
    for lo in range(0, len(peg), DAILY_CHUNK):
        hi = min(len(peg), lo + DAILY_CHUNK)
        u = rng.random((hi - lo, len(workdays)), dtype=np.float32)
        mask = ((cols >= start[lo:hi, None]) & (cols < stop[lo:hi, None])
                & (u < p[lo:hi, None].astype(np.float32)))
        emp, day_idx = np.nonzero(mask)
        del u, mask
        parts.append(_daily_rows(rng, nip, emp + lo, workdays[day_idx], draft_only))
    return pd.concat(parts, ignore_index=True)


def _daily_rows(rng, nip, emp, day, draft_only) -> pd.DataFrame:
    """Input and approval times and status of the entries (emp, day) of one block."""
    day = day.astype("datetime64[m]")
    r = len(emp)
    # input time: usually the same afternoon, sometimes days later
    lag_days = _lag_days(rng, INPUT_LAG, r)
    same_day_minute = np.where(rng.random(r) < 0.75, rng.integers(13 * 60 + 30, 16 * 60 + 30, r),
                               rng.integers(16 * 60 + 30, 21 * 60, r))
    minute = np.where(lag_days == 0, same_day_minute, rng.integers(8 * 60, 22 * 60, r))
    entered = day + lag_days * 1440 * _MIN + minute * _MIN
    keep = entered < _CUTOFF  # not yet typed in when the data were exported
    emp, day, entered = emp[keep], day[keep], entered[keep]
    r = len(emp)

    draft = draft_only[emp] | (rng.random(r) < DRAFT_SHARE)
    # approval: the superior's next round of approvals, in office hours or in the evening
    approve_day = entered.astype("datetime64[D]") + _lag_days(rng, APPROVAL_LAG, r) * _DAY
    approve_minute = np.where(rng.random(r) < APPROVAL_EVENING_SHARE,
                              rng.integers(16 * 60 + 30, 21 * 60 + 30, r),
                              rng.integers(8 * 60, 16 * 60 + 30, r))
    approved_at = approve_day.astype("datetime64[m]") + approve_minute * _MIN
    too_soon = approved_at <= entered
    approved_at[too_soon] = entered[too_soon] + rng.integers(10, 180, too_soon.sum()) * _MIN
    approved = ~draft & (rng.random(r) < APPROVAL_SHARE) & (approved_at < _CUTOFF)
    status = np.where(draft, 0, np.where(approved, 2, 1))
    return pd.DataFrame({
        "NIP": nip[emp],
        "TANGGAL": _ts(day.astype("datetime64[D]")),
        "WAKTU INPUT": _ts(entered),
        "STATUS": np.asarray(DAILY_STATUSES, dtype=object)[status],
        "WAKTU PERSETUJUAN": _ts(np.where(approved, approved_at, np.datetime64("NaT"))),
    })


def _lag_days(rng, classes: tuple[tuple[float, int, int], ...], size: int) -> np.ndarray:
    """Whole days of delay drawn from (share, low, high) classes."""
    cls = rng.choice(len(classes), size=size, p=[c[0] for c in classes])
    return rng.integers(np.array([c[1] for c in classes])[cls],
                        np.array([c[2] for c in classes])[cls] + 1)


# --- entry point --------------------------------------------------------------------------------
def generate(scale: str = "small", seed: int = 20261128,
             employees: int | None = None) -> dict[str, pd.DataFrame]:
    """Every upload kind as a DataFrame with template headers, keyed by kind in load order."""
    if scale not in SCALES:
        raise ValueError(f"Skala tidak dikenal: {scale!r} (pilih {', '.join(SCALES)})")
    cfg = SCALES[scale]
    rng = np.random.default_rng(seed)
    workdays = working_days()
    org = _organisation(cfg)
    peg, extra = _employees(org, int(employees or cfg["employees"]), rng)
    skp = _skp(peg, extra, org, rng)
    pen, orgp = _penilaian(peg, extra, org, rng)
    frames = {
        "pegawai": peg,
        "standar_layanan": _standards(org),
        "skp": skp,
        "penilaian": pen,
        "predikat_organisasi": orgp,
        "pelatihan": _pelatihan(peg, extra, rng),
        "layanan": _layanan(org, rng, cfg, workdays),
        "skm": _skm(org, rng, cfg, workdays),
        "progres_harian": _progres(peg, extra, rng, workdays),
    }
    frames = _plant_gaps(frames)
    return {kind: frames[kind].loc[:, list(COLUMNS[kind])].reset_index(drop=True)
            for kind in KINDS}


def _plant_gaps(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The completeness gaps of PLANTED (penilaian_belum_masuk, predikat_organisasi_belum_ada,
    layanan_usang): rows taken out of the generated frames, nothing redrawn."""
    peg = frames["pegawai"]
    pen, orgp, req = frames["penilaian"], frames["predikat_organisasi"], frames["layanan"]
    no_appraisal = set(peg.loc[(peg[REGION_COL] == NO_APPRAISAL_AGENCY[0]) & (peg["OPD"] == NO_APPRAISAL_AGENCY[1]),
                               "NIP"])
    pen = pen[~(pen["NIP"].isin(no_appraisal) & (pen["TAHUN"] == DEMO_YEAR) & (pen["PERIODE"] == GAP_PERIOD))]
    gap_org = ((orgp["TAHUN"] == DEMO_YEAR) & (orgp["PERIODE"] == GAP_PERIOD)
               & pd.Series(list(zip(orgp[REGION_COL], orgp["OPD"])), index=orgp.index).isin(
                   [NO_APPRAISAL_AGENCY, NO_ORG_RATING_AGENCY]))
    late = ((req[REGION_COL] == STALE_SERVICE_OFFICE[0]) & (req["OPD"] == STALE_SERVICE_OFFICE[1])
            & (req["WAKTU MASUK"] >= pd.Timestamp(STALE_SERVICE_UNTIL) + pd.Timedelta(days=1)))
    return frames | {"penilaian": pen, "predikat_organisasi": orgp[~gap_org], "layanan": req[~late]}
