"""The numbers the dashboard shows, in words: each indicator's Indonesian label, plain definition, unit
and better direction, and the lifecycle states of e-Kinerja adoption. Metric modules compute them; the
catalogue and the pages name them from here."""
from __future__ import annotations

from dataclasses import dataclass

# A group below the minimum group size gets this instead of a status, and is never ranked.
TOO_SMALL = "terlalu kecil untuk dinilai"
# The same rule said of an anonymous survey's group (ADKAR): it is the respondents who are too few.
TOO_FEW_RESPONDENTS = "terlalu sedikit responden"
# A survey group hidden although it has enough respondents: shown, it would let anyone subtract the shown
# groups from their parent's figure and read the answers of a group too small to show.
GUARDED = "disembunyikan agar jawaban unit kecil tidak dapat dihitung balik"

# "Did it work?" (metrics/mentoring.py): the verdict on one mentoring activity, besides TOO_SMALL (either
# side below the minimum group size). An effect is claimed only when the difference in differences of
# compliance is at least MENTORING_NOISE_FACTOR times its standard error (from each employee's own change);
# below that it could be chance.
MENTORING_UP = "naik lebih banyak daripada pembanding"
MENTORING_DOWN = "turun lebih banyak daripada pembanding"
MENTORING_NO_DIFFERENCE = "tidak tampak beda dengan pembanding"
MENTORING_NOT_YET = "belum cukup waktu"
MENTORING_NO_BEFORE = "belum ada data sebelum kegiatan"
MENTORING_NO_COMPARISON = "tidak ada pembanding"
MENTORING_NOISE_FACTOR = 2.0


@dataclass(frozen=True)
class Indicator:
    """One number the dashboard shows: Indonesian label, plain-words definition, unit, better direction."""

    label: str
    definition: str
    unit: str
    higher_is_better: bool | None


# --- competency development (metrics.training) ---
TRAINING: dict[str, Indicator] = {
    "jp_total": Indicator(
        "Total JP", "Jumlah jam pelajaran (JP) pengembangan kompetensi yang dimulai pada tahun itu; "
        "bila hanya ada menit, JP = menit ÷ menit per JP.", "JP", True),
    "share_meeting_target": Indicator(
        "Memenuhi target JP", "Bagian pegawai yang JP-nya pada tahun itu sama dengan atau melebihi target "
        "untuk status kepegawaiannya (bawaan 20 JP).", "%", True),
    "share_zero": Indicator(
        "Tanpa pengembangan", "Bagian pegawai yang tidak tercatat mengikuti satu pun kegiatan "
        "pengembangan kompetensi pada tahun itu.", "%", False),
    "median_jp": Indicator("Median JP", "JP tengah dari semua pegawai, termasuk yang 0 JP.", "JP", True),
    "mean_jp": Indicator("Rata-rata JP", "Rata-rata JP semua pegawai, termasuk yang 0 JP.", "JP", True),
    "share_klasikal_jp": Indicator(
        "Porsi JP klasikal", "Bagian JP yang berasal dari pelatihan klasikal (kursus, seminar, diklat).",
        "%", None),
    "share_on_pace": Indicator(
        "Sesuai laju target", "Bagian pegawai yang JP-nya sejauh ini sudah mencapai target yang "
        "dihitung sebanding dengan hari yang sudah lewat dalam tahun itu.", "%", True),
    "leadership_gap": Indicator(
        "Belum pelatihan kepemimpinan", "Pejabat struktural yang belum pernah tercatat mengikuti pelatihan "
        "kepemimpinan jenjangnya (JPT: PKN II atau PKN I; Administrator: PKA; Pengawas: PKP).",
        "orang", False),
}


# --- e-Kinerja adoption (metrics.adoption) ---
STATE_NEW = "baru"
STATE_RETURNING = "kembali"
STATE_RESURRECTED = "bangkit"
STATE_DORMANT = "dorman"
STATE_NEVER = "belum pernah"
LIFECYCLE_STATES = (STATE_NEW, STATE_RETURNING, STATE_RESURRECTED, STATE_DORMANT, STATE_NEVER)

# e-Kinerja takes an entry up to this many days after its working day (timeliness_7d): a month younger than
# this since its first working day is still settling, and nobody who reported the month before has stopped.
LATE_ENTRY_DAYS = 7
SETTLING_NOTE = ("{month} baru dimulai dan entri boleh menyusul sampai " f"{LATE_ENTRY_DAYS} hari: pegawai yang "
                 "melapor pada {previous} belum dihitung berhenti melapor.")

_ACTIVE_WORDS = "sedikitnya satu entri Progres Harian berstatus Submitted atau Approved"
# The span every adoption figure is measured over, in words (reporting_window computes it).
_SPAN_WORDS = ("dari awal periode sampai hari terakhir yang sudah berdata e-Kinerja di seluruh provinsi "
               "(sama untuk setiap pengguna)")

ADOPTION: dict[str, Indicator] = {
    "expected": Indicator(
        "Wajib lapor", "Semua PNS, PPPK dan PPPK paruh waktu yang tercatat pada periode itu; semuanya "
        "wajib mengisi e-Kinerja.", "orang", None),
    "active": Indicator(
        "Pegawai aktif", f"Pegawai wajib lapor yang punya {_ACTIVE_WORDS}, {_SPAN_WORDS}.",
        "orang", True),
    "active_share": Indicator(
        "Tingkat adopsi", "Bagian pegawai wajib lapor yang sudah mengirim paling sedikit satu progres harian "
        f"(Submitted atau Approved), {_SPAN_WORDS}.", "%", True),
    "compliance": Indicator(
        "Kepatuhan harian", "Hari berentri Submitted/Approved (paling banyak sejumlah hari kerja tiap "
        f"bulan) dibagi pegawai wajib lapor × hari kerja, {_SPAN_WORDS}.", "%", True),
    "timeliness_same_day": Indicator(
        "Tepat hari", "Bagian entri Submitted/Approved yang diinput pada hari kerja itu sendiri.", "%", True),
    "timeliness_7d": Indicator(
        f"Dalam {LATE_ENTRY_DAYS} hari", "Bagian entri Submitted/Approved yang diinput paling lambat "
        f"{LATE_ENTRY_DAYS} hari setelah hari kerjanya.", "%", True),
    "approval_delay_hours": Indicator(
        "Lama persetujuan", "Rata-rata jam dari input entri sampai disetujui atasan, untuk entri "
        "berstatus Approved.", "jam", False),
    STATE_NEW: Indicator(
        "Baru", "Bulan ini aktif untuk pertama kalinya.", "orang", True),
    STATE_RETURNING: Indicator(
        "Kembali", "Aktif bulan ini dan juga bulan lalu.", "orang", True),
    STATE_RESURRECTED: Indicator(
        "Bangkit", "Aktif bulan ini, tidak aktif bulan lalu, tetapi pernah aktif sebelumnya.", "orang", True),
    STATE_DORMANT: Indicator(
        "Dorman", "Pernah aktif sebelumnya, tetapi tidak aktif bulan ini.", "orang", False),
    STATE_NEVER: Indicator(
        "Belum pernah", "Sampai bulan ini belum pernah aktif sama sekali.", "orang", False),
    "rogers_category": Indicator(
        "Kategori adopter (Rogers)", "Pegawai wajib lapor diurutkan menurut hari entri Submitted/Approved "
        "pertamanya; urutan ÷ jumlah wajib lapor menentukan kategori: Inovator ≤ 2,5%, Pengadopsi Awal "
        "≤ 16%, Mayoritas Awal ≤ 50%, Mayoritas Akhir ≤ 84%, sisanya Lamban; yang belum pernah melapor "
        "adalah Belum Mengadopsi. Pegawai yang mulai pada hari yang sama berbagi kategori.", "kategori",
        None),
    "skp_approval_coverage": Indicator(
        "Cakupan SKP disetujui", "Pegawai wajib lapor yang SKP terakhirnya (periode berakhir paling akhir, "
        "tanpa SKP Plt/Plh) berstatus persetujuan, dibagi pegawai wajib lapor.", "%", True),
    "never_active_share": Indicator(
        "Belum pernah aktif", "Bagian pegawai wajib lapor yang sejak Januari sampai bulan terakhir periode "
        "belum pernah aktif.",
        "%", False),
    "lapsed_share": Indicator(
        "Berhenti melapor", "Dari pegawai yang sudah pernah aktif sejak Januari sebelum bulan terakhir "
        "periode, bagian yang tidak aktif pada bulan terakhir. Selama bulan terakhir belum "
        f"{LATE_ENTRY_DAYS} hari sejak hari kerja pertamanya (entri masih boleh menyusul), yang aktif pada "
        "bulan sebelumnya belum dihitung berhenti.", "%", False),
    "noncompliance": Indicator(
        "Ketidakpatuhan harian", f"1 − kepatuhan harian, {_SPAN_WORDS}.", "%", False),
    "skp_unapproved_share": Indicator(
        "SKP belum disetujui", "1 − cakupan SKP disetujui.", "%", False),
    "resistance_index": Indicator(
        "Indeks resistensi", "Rata-rata dari bagian yang tersedia: belum pernah aktif, berhenti melapor, "
        "ketidakpatuhan harian, dan SKP belum disetujui (0 = tidak ada resistensi, 1 = penuh).", "0–1",
        False),
}

