"""The organisation of the demo: the province's and every kabupaten/kota's OPDs and their units.

The province government (Provinsi Lampung) with its OPDs (domain.md §6; the Biro are units of
Sekretariat Daerah) and a few OPDs in each of the 15 kabupaten/kota, including each one's
Disdukcapil and BKPSDM; a scale (scales.py) says how many.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from vocab import reference

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

# Domain of a unit (sekolah / klinis / umum): it sets the staff mix, posts and trainings.
DOMAINS = ("sekolah", "klinis", "umum")

REGION_NAMES: dict[str, str] = {code: name for code, name, _kind in reference.REGIONS}
PROVINCE = reference.PROVINCE_NAME
# The two kinds of service office (services.py): every Disdukcapil, and the province's DPMPTSP.
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
PTSP = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
# The agency the demo's kepala OPD account leads (data_access.bootstrap): Kabupaten Lampung Tengah's
# Disdukcapil, in the most populous kabupaten. Its units get at least the scale's
# "kepala_opd_unit_staff" staff each, so that the agency head's units can be judged.
KEPALA_OPD_AGENCY = (REGION_NAMES["18.02"], DUKCAPIL)


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


# --- organisation -------------------------------------------------------------------------------
def organisation(cfg: dict) -> pd.DataFrame:
    """One row per unit: region, agency, unit, weight, kind, domain, first unit of its agency, ids,
    and the unit's minimum staff."""
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
    headed = (org["region"] == KEPALA_OPD_AGENCY[0]) & (org["agency"] == KEPALA_OPD_AGENCY[1])
    org["min_staff"] = np.where(headed, cfg["kepala_opd_unit_staff"], 1)  # every unit has someone
    return org

