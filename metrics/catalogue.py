"""The catalogue of metrics, declared once: pages, exports, the report and "Tentang Data" read it."""
from __future__ import annotations

import math
from dataclasses import dataclass

from metrics import adoption, training
from metrics.common import TOO_SMALL, Indicator

__all__ = ["ACT", "CATALOGUE", "Metric", "ON_TRACK", "TOO_SMALL", "WATCH"]

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


def _defined(indicator: Indicator, id: str, signal: str, question: str, unit: str, target, warning,
             source: str) -> Metric:
    """A catalogue entry whose label and definition the computing module declares (said once)."""
    return Metric(id, signal, indicator.label, indicator.definition, question, unit,
                  bool(indicator.higher_is_better), target, warning, source)


CATALOGUE: dict[str, Metric] = {m.id: m for m in (
    Metric("curve_compliant", "penilaian", "Kepatuhan kurva predikat",
           "Apakah sebaran predikat pegawai suatu OPD mematuhi batas untuk predikat organisasinya.",
           "OPD mana yang sebaran predikat pegawainya melanggar kurva?",
           "proporsi", True, 1.0, 0.8, "SE MenPANRB 3/2023 (angka dari sumber sekunder)"),
    Metric("share_sangat_baik", "penilaian", "Porsi predikat Sangat Baik",
           "Bagian pegawai yang sudah dinilai yang mendapat predikat Sangat Baik.",
           "Di OPD mana predikat Sangat Baik paling longgar diberikan?",
           "proporsi", False, 0.3, 0.7, "PermenPANRB 6/2022; SE MenPANRB 3/2023"),
    Metric("share_not_rated", "penilaian", "Pegawai belum dinilai",
           "Bagian pegawai di daftar yang belum mendapat predikat kinerja pada periode yang ditampilkan.",
           "Di mana penilaian kinerja pegawai belum selesai?",
           "proporsi", False, 0.05, 0.15, "PermenPANRB 6/2022"),
    _defined(training.INDICATORS["share_meeting_target"], "share_meeting_target", "pengembangan",
             "Unit mana yang pegawainya belum mendapat 20 JP?", "proporsi", 1.0, 0.8,
             "PP 11/2017 ps. 203 ayat (4) jo. PP 17/2020"),
    _defined(training.INDICATORS["share_zero"], "share_zero", "pengembangan",
             "Di mana pegawai sama sekali belum tersentuh pengembangan?", "proporsi", 0.0, 0.1,
             "PP 11/2017 jo. PP 17/2020; Peraturan LAN 10/2018"),
    _defined(training.INDICATORS["median_jp"], "median_jp", "pengembangan",
             "Berapa JP yang umumnya didapat pegawai?", "JP", 20.0, 10.0, "PP 11/2017 jo. PP 17/2020"),
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
    _defined(adoption.INDICATORS["active_share"], "active_share", "adopsi",
             "Berapa banyak pegawai yang benar-benar memakai e-Kinerja?", "proporsi", 0.95, 0.8,
             "SE Kepala BKN 11/2023; Peraturan BKN 2/2026"),
    _defined(adoption.INDICATORS["compliance"], "compliance", "adopsi",
             "Unit mana yang laporan hariannya bolong?", "proporsi", 0.9, 0.7, "Peraturan BKN 2/2026"),
    _defined(adoption.INDICATORS["timeliness_same_day"], "timeliness", "adopsi",
             "Apakah pegawai melapor tepat waktu atau menumpuk di akhir?", "proporsi", 0.8, 0.6,
             "Peraturan BKN 2/2026"),
    _defined(adoption.INDICATORS["resistance_index"], "resistance_index", "adopsi",
             "Di unit mana perubahan paling ditolak?", "indeks", 0.1, 0.3,
             "Rancangan dasbor (kerangka Rogers dan ADKAR)"),
)}
