"""The catalogue of metrics, declared once: pages, exports, the report and "Tentang Data" read it."""
from __future__ import annotations

import math
from dataclasses import dataclass

ON_TRACK, WATCH, ACT = "sesuai target", "waspada", "perlu tindakan"


@dataclass(frozen=True)
class Metric:
    id: str
    signal: str  # penilaian, pengembangan, pelayanan, adopsi
    label: str
    definition: str  # one sentence a regional secretary understands
    question: str  # the question its chart answers
    unit: str  # "proporsi" (0–1), "JP", "hari", "indeks", "jam"
    higher_is_better: bool
    target: float | None  # the line to reach
    warning: float | None  # beyond this (on the wrong side) it needs action
    source: str
    target_unverified: bool = True  # the targets are the dashboard's defaults until leaders set theirs

    def status(self, value: float | None) -> str | None:
        """sesuai target / waspada / perlu tindakan, respecting the direction; None without a value."""
        if value is None or (isinstance(value, float) and math.isnan(value)) or self.target is None:
            return None
        sign = 1 if self.higher_is_better else -1
        if sign * (value - self.target) >= 0:
            return ON_TRACK
        if self.warning is not None and sign * (value - self.warning) >= 0:
            return WATCH
        return ACT


CATALOGUE: dict[str, Metric] = {m.id: m for m in (
    Metric("curve_compliant", "penilaian", "Kepatuhan kurva predikat",
           "Apakah sebaran predikat pegawai suatu OPD mematuhi batas untuk predikat organisasinya.",
           "OPD mana yang sebaran predikat pegawainya melanggar kurva?",
           "proporsi", True, 1.0, 0.8, "SE MenPANRB 3/2023 (angka dari sumber sekunder)"),
    Metric("share_sangat_baik", "penilaian", "Porsi predikat Sangat Baik",
           "Bagian pegawai yang sudah dinilai yang mendapat predikat Sangat Baik.",
           "Di OPD mana predikat Sangat Baik paling longgar diberikan?",
           "proporsi", False, 0.3, 0.7, "PermenPANRB 6/2022; SE MenPANRB 3/2023"),
    Metric("share_meeting_jp_target", "pengembangan", "Pegawai mencapai target JP",
           "Bagian pegawai yang tahun ini sudah mendapat pengembangan kompetensi sebanyak target JP statusnya.",
           "Unit mana yang pegawainya belum mendapat 20 JP?",
           "proporsi", True, 1.0, 0.8, "PP 11/2017 ps. 203 ayat (4) jo. PP 17/2020"),
    Metric("share_zero_jp", "pengembangan", "Pegawai tanpa pengembangan",
           "Bagian pegawai yang tahun ini belum mendapat pengembangan kompetensi sama sekali.",
           "Di mana pegawai sama sekali belum tersentuh pengembangan?",
           "proporsi", False, 0.0, 0.1, "PP 11/2017 jo. PP 17/2020; Peraturan LAN 10/2018"),
    Metric("median_jp", "pengembangan", "Median JP per pegawai",
           "Jam pelajaran pengembangan kompetensi yang dicapai pegawai di tengah urutan.",
           "Berapa JP yang umumnya didapat pegawai?",
           "JP", True, 20.0, 10.0, "PP 11/2017 jo. PP 17/2020"),
    Metric("share_within_standard", "pelayanan", "Layanan tepat waktu",
           "Bagian permohonan selesai yang waktu penyelesaiannya tidak melebihi standar layanan.",
           "Kantor dan layanan mana yang lewat dari standar waktunya?",
           "proporsi", True, 0.9, 0.75, "Perpres 96/2018; Permendagri 19/2018; maklumat pelayanan"),
    Metric("median_turnaround", "pelayanan", "Median waktu penyelesaian",
           "Waktu penyelesaian permohonan di tengah urutan, dalam satuan standarnya.",
           "Berapa lama warga umumnya menunggu?",
           "hari kerja", False, None, None, "Perpres 96/2018"),
    Metric("ikm", "pelayanan", "Indeks Kepuasan Masyarakat (IKM)",
           "Nilai rata-rata kepuasan warga atas sembilan unsur layanan, pada skala 25–100.",
           "Kantor mana yang dinilai kurang baik oleh warganya?",
           "indeks", True, 88.31, 76.61, "PermenPANRB 14/2017"),
    Metric("active_share", "adopsi", "Pegawai aktif e-Kinerja",
           "Bagian pegawai yang wajib melapor dan sudah mengirim paling sedikit satu progres harian.",
           "Berapa banyak pegawai yang benar-benar memakai e-Kinerja?",
           "proporsi", True, 0.95, 0.8, "SE Kepala BKN 11/2023; Peraturan BKN 2/2026"),
    Metric("compliance", "adopsi", "Kepatuhan laporan harian",
           "Bagian hari kerja yang terisi progres harian terkirim, dari semua hari kerja pegawai wajib lapor.",
           "Unit mana yang laporan hariannya bolong?",
           "proporsi", True, 0.9, 0.7, "Peraturan BKN 2/2026"),
    Metric("timeliness", "adopsi", "Ketepatan waktu laporan",
           "Bagian progres harian terkirim yang diisi pada hari yang sama dengan kegiatannya.",
           "Apakah pegawai melapor tepat waktu atau menumpuk di akhir?",
           "proporsi", True, 0.8, 0.6, "Peraturan BKN 2/2026"),
    Metric("resistance_index", "adopsi", "Indeks resistensi",
           "Rata-rata dari empat tanda penolakan: tidak pernah melapor, berhenti melapor, hari kosong, "
           "dan SKP belum disetujui.",
           "Di unit mana perubahan paling ditolak?",
           "indeks", False, 0.1, 0.3, "Rancangan dasbor (kerangka Rogers dan ADKAR)"),
)}
