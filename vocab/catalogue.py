"""The catalogue of metrics, declared once: pages, exports, the report and "Tentang Data" read it."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from vocab import codes, indicators
from vocab.indicators import TOO_SMALL, Indicator

__all__ = ["ACT", "CATALOGUE", "Metric", "ON_TRACK", "TOO_SMALL", "Targets", "WATCH"]

ON_TRACK, WATCH, ACT = "sesuai target", "waspada", "perlu tindakan"
QUEUE_SOURCE = "Ekspor sistem antrian kantor (tiket: waktu ambil, panggil, selesai); Permendagri 19/2018"
ADKAR_SOURCE = ("Model perubahan Prosci ADKAR (Awareness, Desire, Knowledge, Ability, Reinforcement; J. Hiatt 2006); "
                "survei denyut anonim yang diunggah OPD (jenis survei_adkar)")
# The wave every ADKAR figure is measured in, in words (metrics.adkar.wave_of computes it).
ADKAR_WAVE_WORDS = ("pada gelombang survei terakhir pilihan ini; satu gelombang = satu triwulan tanggal pengisian "
                    "(semua jawaban dalam satu triwulan dihitung satu gelombang)")


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
    _defined(indicators.TRAINING["share_meeting_target"], "share_meeting_target", "pengembangan",
             "Unit mana yang pegawainya belum mendapat 20 JP?", "proporsi", 1.0, 0.8,
             "PP 11/2017 ps. 203 ayat (4) jo. PP 17/2020"),
    _defined(indicators.TRAINING["share_zero"], "share_zero", "pengembangan",
             "Di mana pegawai sama sekali belum tersentuh pengembangan?", "proporsi", 0.0, 0.1,
             "PP 11/2017 jo. PP 17/2020; Peraturan LAN 10/2018"),
    _defined(indicators.TRAINING["median_jp"], "median_jp", "pengembangan",
             "Berapa JP yang umumnya didapat pegawai?", "JP", 20.0, 10.0, "PP 11/2017 jo. PP 17/2020"),
    Metric("share_within_standard", "pelayanan", "Layanan tepat waktu",
           "Bagian permohonan yang selesai tidak melebihi standar layanan, dari semua permohonan yang "
           "selesai ditambah yang belum selesai padahal sudah melewati standarnya (diukur sampai akhir "
           "periode, atau saat ini).",
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
    # The queue at the counter (kind `antrian`): waiting time is taken -> called, in minutes. The
    # waiting target itself is the setting `queue_wait_target_minutes` (default 60, unverified).
    Metric("queue_median_wait", "pelayanan", "Median waktu tunggu",
           "Waktu tunggu di tengah urutan, dari tiket diambil sampai dipanggil ke loket, atas tiket yang "
           "dipanggil.",
           "Berapa lama warga umumnya menunggu di kantor sebelum dilayani?",
           "menit", False, None, None, QUEUE_SOURCE),
    Metric("queue_p90_wait", "pelayanan", "Waktu tunggu antrian persentil 90",
           "Sembilan dari sepuluh tiket yang dipanggil menunggu tidak lebih lama dari ini.",
           "Berapa lama warga yang paling lama menunggu?",
           "menit", False, None, None, QUEUE_SOURCE),
    Metric("queue_share_within_target", "pelayanan", "Dilayani dalam target tunggu",
           "Bagian tiket yang dipanggil paling lama sebesar target waktu tunggu setelah diambil lalu selesai "
           "dilayani, dari semua tiket yang diambil (tiket yang tidak dilayani dihitung tidak memenuhi).",
           "Kantor mana yang membuat warganya menunggu terlalu lama?",
           "proporsi", True, 0.8, 0.6, QUEUE_SOURCE + "; target waktu tunggu: pengaturan dasbor (belum diverifikasi)"),
    Metric("queue_share_not_served", "pelayanan", "Tiket tidak dilayani",
           "Bagian tiket yang tidak selesai dilayani (warga pulang sebelum dipanggil atau tidak hadir saat "
           "dipanggil), dari semua tiket yang diambil.",
           "Di kantor mana warga pulang tanpa dilayani?",
           "proporsi", False, 0.05, 0.1, QUEUE_SOURCE),
    Metric("queue_tickets_per_day", "pelayanan", "Tiket per hari layanan",
           "Rata-rata tiket yang diambil satu kantor dalam sehari, atas hari-hari kantor itu mengeluarkan tiket "
           "(hari tanpa tiket tidak dihitung).",
           "Seberapa ramai loket setiap hari?",
           "tiket", True, None, None, QUEUE_SOURCE),
    Metric("queue_online_share", "pelayanan", "Antrian online",
           "Bagian tiket yang dipesan online lebih dahulu, dari semua tiket yang diambil.",
           "Seberapa banyak warga memakai antrian online, dan apakah mereka menunggu lebih singkat?",
           "proporsi", True, None, None, QUEUE_SOURCE),
    # The ADKAR pulse survey (kind `survei_adkar`, metrics/adkar.py): anonymous, scored 1–5 per element.
    Metric("adkar_element_mean", "adopsi", "Skor rata-rata elemen ADKAR",
           f"Rata-rata skor 1–5 yang diberikan responden untuk satu elemen ADKAR, {ADKAR_WAVE_WORDS}; skor "
           "rata-rata 3 atau kurang berarti elemen itu menjadi hambatan.",
           "Elemen perubahan mana yang masih lemah di unit ini?", "skor", True, None, None, ADKAR_SOURCE),
    Metric("adkar_low_share", "adopsi", "Skor rendah (≤ 3)",
           f"Bagian responden yang memberi skor 3 atau kurang untuk satu elemen ADKAR, {ADKAR_WAVE_WORDS}.",
           "Berapa banyak pegawai yang masih tertahan pada elemen ini?", "proporsi", False, None, None,
           ADKAR_SOURCE),
    Metric("adkar_barrier", "adopsi", "Titik hambatan ADKAR",
           "Elemen pertama menurut urutan ADKAR (Awareness, Desire, Knowledge, Ability, Reinforcement) yang "
           f"skor rata-ratanya 3 atau kurang, {ADKAR_WAVE_WORDS}; tidak ada bila semua di atas 3. Urutannya "
           "berjenjang: kemampuan tidak dapat dibangun sebelum pengetahuan, jadi pendampingan dimulai dari "
           "elemen ini.",
           "Mengapa unit ini tertahan, dan dari mana pendampingan harus dimulai?", "elemen", True, None, None,
           ADKAR_SOURCE),
    Metric("adkar_response_rate", "adopsi", "Tingkat respons survei ADKAR",
           f"Responden survei dibagi jumlah pegawai yang tercatat pada unit itu, {ADKAR_WAVE_WORDS}.",
           "Apakah cukup banyak pegawai yang menjawab survei?", "proporsi", True, None, None, ADKAR_SOURCE),
    Metric("adkar_change", "adopsi", "Perubahan sejak gelombang sebelumnya",
           "Skor rata-rata suatu elemen pada gelombang terakhir dikurangi skor rata-ratanya pada gelombang "
           "sebelumnya (triwulan terakhir sebelum itu yang bersurvei); kosong bila salah satunya tidak ada atau "
           "respondennya terlalu sedikit.",
           "Apakah pendampingan sudah menggeser elemen yang lemah?", "skor", True, None, None, ADKAR_SOURCE),
    # "Did it work?" (kind `kegiatan_pendampingan`, metrics/mentoring.py): difference in differences.
    Metric("mentoring_did", "adopsi", "Dampak kegiatan pendampingan",
           f"Perubahan kepatuhan harian unit sasaran dari {codes.MENTORING_WINDOW_WEEKS} minggu penuh sebelum minggu "
           f"kegiatan ke {codes.MENTORING_WINDOW_WEEKS} minggu penuh sesudahnya, dikurangi perubahan pada unit pembanding "
           "(unit lain di OPD yang sama, atau OPD yang sama namanya di daerah lain untuk kegiatan se-OPD) yang tidak "
           "mendapat kegiatan pada minggu-minggu itu; dalam poin persentase. Dampak hanya disebut bila selisihnya "
           "sedikitnya dua kali galat bakunya, dan tidak dinilai bila salah satu sisi kurang dari ukuran kelompok "
           "minimum atau minggu sesudahnya belum lengkap.",
           "Apakah kegiatan pendampingan benar-benar menaikkan pelaporan?", "poin", True, None, None,
           "Kegiatan pendampingan dan sosialisasi yang diunggah OPD (jenis kegiatan_pendampingan); progres harian "
           "e-Kinerja"),
    _defined(indicators.ADOPTION["active_share"], "active_share", "adopsi",
             "Berapa banyak pegawai yang benar-benar memakai e-Kinerja?", "proporsi", 0.95, 0.8,
             "SE Kepala BKN 11/2023; Peraturan BKN 2/2026"),
    _defined(indicators.ADOPTION["compliance"], "compliance", "adopsi",
             "Unit mana yang laporan hariannya bolong?", "proporsi", 0.9, 0.7, "Peraturan BKN 2/2026"),
    _defined(indicators.ADOPTION["timeliness_same_day"], "timeliness", "adopsi",
             "Apakah pegawai melapor tepat waktu atau menumpuk di akhir?", "proporsi", 0.8, 0.6,
             "Peraturan BKN 2/2026"),
    _defined(indicators.ADOPTION["resistance_index"], "resistance_index", "adopsi",
             "Di unit mana perubahan paling ditolak?", "indeks", 0.1, 0.3,
             "Rancangan dasbor (kerangka Rogers dan ADKAR)"),
)}


def _number(value, where: str) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: '{value}' bukan angka.") from None


class Targets:
    """Targets and warning lines per metric, year and agency: the catalogue's defaults, overridden by
    the rows of the setting `metric_targets` (leaders' own targets, e.g. Renstra/IKU).

    A row: metric (a CATALOGUE id), year (None = every year), agency_id (None = every agency), target,
    warning (None = no warning line). The most specific row wins: the agency's own for the year, then
    the agency's for every year, then the province's for the year, then for every year, then the
    catalogue's default. Values are in the metric's own unit (shares as fractions 0–1).
    """

    def __init__(self, rows: Iterable[Mapping] = ()):
        self.rows = [self._checked(i, row) for i, row in enumerate(rows, start=1)]
        seen = set()
        for r in self.rows:
            key = (r["metric"], r["year"], r["agency_id"])
            if key in seen:
                raise ValueError(f"Target ganda untuk {CATALOGUE[r['metric']].label}, tahun {r['year'] or 'semua'}, "
                                 f"OPD {r['agency_id'] or 'semua'}: sisakan satu baris.")
            seen.add(key)
        self._lookup = {(r["metric"], r["year"], r["agency_id"]): r for r in self.rows}

    @staticmethod
    def _checked(i: int, row: Mapping) -> dict:
        where = f"Target baris {i}"
        metric_id = row.get("metric")
        if metric_id not in CATALOGUE:
            raise ValueError(f"{where}: indikator '{metric_id}' tidak dikenal.")
        metric = CATALOGUE[metric_id]
        year = row.get("year")
        agency = row.get("agency_id")
        year = None if year is None or year == "" or (isinstance(year, float) and math.isnan(year)) else int(year)
        agency = None if agency is None or agency == "" or (isinstance(agency, float) and math.isnan(agency)) \
            else int(agency)
        target, warning = _number(row.get("target"), where), _number(row.get("warning"), where)
        if target is None:
            raise ValueError(f"{where} ({metric.label}): target harus diisi.")
        for value in (target, warning):
            if value is not None and metric.unit == "proporsi" and not 0 <= value <= 1:
                raise ValueError(f"{where} ({metric.label}): persentase harus antara 0 dan 100.")
            if value is not None and metric.unit == "indeks" and metric.id == "ikm" and not 25 <= value <= 100:
                raise ValueError(f"{where} ({metric.label}): nilai IKM harus antara 25 dan 100.")
            if value is not None and value < 0:
                raise ValueError(f"{where} ({metric.label}): nilai tidak boleh negatif.")
        if warning is not None and (warning > target if metric.higher_is_better else warning < target):
            side = "di bawah" if metric.higher_is_better else "di atas"
            raise ValueError(f"{where} ({metric.label}): garis waspada harus {side} target atau sama "
                             f"(makin {'tinggi' if metric.higher_is_better else 'rendah'} makin baik).")
        return {"metric": metric_id, "year": year, "agency_id": agency, "target": target, "warning": warning}

    def metric(self, metric_id: str, year: int | None = None, agency_id: int | None = None) -> Metric:
        """The catalogue entry with the target and warning line in force for the year and agency."""
        base = CATALOGUE[metric_id]
        agency = None if agency_id is None or (isinstance(agency_id, float) and math.isnan(agency_id)) \
            else int(agency_id)
        for key in ((metric_id, year, agency), (metric_id, None, agency), (metric_id, year, None),
                    (metric_id, None, None)):
            row = self._lookup.get(key)
            if row is not None:
                return replace(base, target=row["target"], warning=row["warning"], target_unverified=False)
        return base
