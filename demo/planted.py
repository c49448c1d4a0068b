"""The planted patterns (pola yang ditanam): where in the demo each page has something true to
find, one Indonesian sentence each in PLANTED. The generators draw most of them; the completeness
gaps are cut out of the drawn frames afterwards (plant_gaps).
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from demo.org import DUKCAPIL, PROVINCE, REGION_NAMES
from demo.scales import DEMO_YEAR, REGION_COL

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
ONLINE_FROM = date(DEMO_YEAR, 6, 1)  # Pringsewu's Disdukcapil opens online booking for its queue
# The ADKAR pulse survey (demo/surveys.py), in the demo kepala OPD's agency (org.KEPALA_OPD_AGENCY).
ADKAR_KNOWLEDGE_UNIT = "Bidang Pelayanan Pendaftaran Penduduk"  # a clear Knowledge barrier, both waves
ADKAR_TOO_FEW_UNIT = "Sekretariat"  # answered by ADKAR_TOO_FEW staff only: below the minimum group size
ADKAR_TOO_FEW = 3
# Mentoring activities (demo/activities.py, kind kegiatan_pendampingan), most in the demo kepala OPD's
# agency (org.KEPALA_OPD_AGENCY): one unit reports far more after its clinic (demo/ekinerja.py plants
# it), another's socialisation changes nothing, a third's is too recent to judge; a unit of 4 staff of
# the same region's BKPSDM is too small to say, and Kota Metro's Disdukcapil has one for every unit.
MENTORING_EFFECT_UNIT = "Bidang Pelayanan Pencatatan Sipil"
MENTORING_EFFECT_DAY = date(DEMO_YEAR, 8, 12)
MENTORING_EFFECT_P = 0.92  # the unit's staff's daily chance of reporting from the day after the clinic
MENTORING_NONE_UNIT = "Bidang Pengelolaan Informasi Administrasi Kependudukan"
MENTORING_NONE_DAY = date(DEMO_YEAR, 6, 10)
MENTORING_RECENT_UNIT = "Sekretariat"
MENTORING_RECENT_DAY = date(DEMO_YEAR, 11, 18)
MENTORING_TOO_FEW = (LAMPUNG_TENGAH, "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                     "Bidang Mutasi dan Promosi")
MENTORING_TOO_FEW_DAY = date(DEMO_YEAR, 9, 9)
MENTORING_AGENCY = (REGION_NAMES["18.72"], DUKCAPIL)  # Kota Metro: every unit at once
MENTORING_AGENCY_DAY = date(DEMO_YEAR, 4, 15)
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
    "antrian_online": (
        "Kabupaten Pringsewu, Dinas Kependudukan dan Pencatatan Sipil: sejak antrian online dibuka pada 1 Juni "
        "2026 hampir separuh tiket dipesan online dan median waktu tunggu di loket turun dari lebih dari satu "
        "jam menjadi sekitar setengah jam."),
    "antrian_sore_penuh": (
        "Kabupaten Lampung Tengah, Dinas Kependudukan dan Pencatatan Sipil: tiket yang diambil mulai pukul 11.00 "
        "menunggu sekitar tiga kali lebih lama dan banyak yang pulang tanpa dilayani (antrian siang meluap)."),
    "adkar_pengetahuan": (
        "Kabupaten Lampung Tengah, Dinas Kependudukan dan Pencatatan Sipil, unit Bidang Pelayanan Pendaftaran "
        "Penduduk: pada survei denyut ADKAR pegawainya sadar dan mau berubah (Awareness dan Desire di atas 3), "
        "tetapi belum tahu caranya: titik hambatannya Knowledge (skor rata-rata sekitar 2,3) pada kedua gelombang."),
    "adkar_terlalu_sedikit": (
        "Kabupaten Lampung Tengah, Dinas Kependudukan dan Pencatatan Sipil, unit Sekretariat: hanya 3 pegawai "
        "menjawab survei ADKAR, kurang dari ukuran kelompok minimum, jadi angka unitnya tidak ditampilkan "
        "(jawabannya tetap dihitung dalam angka OPD)."),
    "adkar_membaik": (
        "Kabupaten Pringsewu, semua unit: skor ADKAR naik dari sekitar 3 pada gelombang Triwulan III 2026 "
        "menjadi hampir 4 pada gelombang Triwulan IV 2026; Kabupaten Lampung Selatan tertahan pada Awareness "
        "pada kedua gelombang."),
    "pendampingan_berdampak": (
        "Kabupaten Lampung Tengah, Dinas Kependudukan dan Pencatatan Sipil, unit Bidang Pelayanan Pencatatan Sipil: "
        "setelah klinik e-Kinerja 12 Agustus 2026 semua pegawainya melapor hampir setiap hari kerja, jadi "
        "kepatuhannya naik jauh lebih banyak daripada unit lain OPD itu."),
    "pendampingan_tanpa_dampak": (
        "Kabupaten Lampung Tengah, Dinas Kependudukan dan Pencatatan Sipil: sosialisasi 10 Juni 2026 di Bidang "
        "Pengelolaan Informasi Administrasi Kependudukan tidak mengubah apa pun (tidak tampak beda dengan unit "
        "pembanding), dan pendampingan 18 November 2026 di Sekretariat belum cukup waktu untuk dinilai."),
    "pendampingan_terlalu_kecil": (
        "Kabupaten Lampung Tengah, Badan Kepegawaian dan Pengembangan Sumber Daya Manusia: bimbingan teknis "
        "9 September 2026 di Bidang Mutasi dan Promosi, unit dengan 4 pegawai, terlalu kecil untuk dinilai."),
    "membaik": (
        "Kabupaten Pringsewu, semua OPD: pegawai yang melapor naik dari sekitar 20% pada Januari "
        "menjadi sekitar 90% pada November, dan layanan Disdukcapil-nya makin cepat sepanjang "
        "tahun."),
}


def plant_gaps(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
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
