"""The domain's code lists, declared once: statuses, ratings, periods, daily-entry codes.

Sources: PermenPANRB 6/2022 (ratings, predikat, periods), UU 5/2014 (jabatan), extracts.md (kinds).
"""
from __future__ import annotations

import re
import unicodedata

# --- employees -------------------------------------------------------------------------------
STATUS_PNS = "PNS"
STATUS_PPPK = "PPPK"
STATUS_PPPK_PW = "PPPK Paruh Waktu"
EMPLOYEE_STATUSES = (STATUS_PNS, STATUS_PPPK, STATUS_PPPK_PW)

JABATAN_TYPES = ("JPT", "Administrator", "Pengawas", "Fungsional", "Pelaksana")

GOLONGAN_PNS = tuple(
    f"{roman}/{letter}"
    for roman, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for letter in letters
)
GOLONGAN_PPPK = tuple(
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII".split()
)

SEX_MALE, SEX_FEMALE = "L", "P"

# --- appraisal (PermenPANRB 6/2022) -------------------------------------------------------------
RATING_BELOW = "Di Bawah Ekspektasi"
RATING_AS_EXPECTED = "Sesuai Ekspektasi"
RATING_ABOVE = "Di Atas Ekspektasi"
RATINGS = (RATING_BELOW, RATING_AS_EXPECTED, RATING_ABOVE)

PREDIKAT_SANGAT_BAIK = "Sangat Baik"
PREDIKAT_BAIK = "Baik"
PREDIKAT_BUTUH_PERBAIKAN = "Butuh Perbaikan"
PREDIKAT_KURANG = "Kurang/Misconduct"
PREDIKAT_SANGAT_KURANG = "Sangat Kurang"
# Worst to best.
PREDIKAT_ORDER = (
    PREDIKAT_SANGAT_KURANG,
    PREDIKAT_KURANG,
    PREDIKAT_BUTUH_PERBAIKAN,
    PREDIKAT_BAIK,
    PREDIKAT_SANGAT_BAIK,
)
NOT_RATED = "Belum Dinilai"

# Predikat kinerja pegawai from (hasil kerja, perilaku kerja); PermenPANRB 6/2022 annex.
PREDIKAT_MATRIX: dict[tuple[str, str], str] = {
    (RATING_ABOVE, RATING_BELOW): PREDIKAT_KURANG,
    (RATING_ABOVE, RATING_AS_EXPECTED): PREDIKAT_BAIK,
    (RATING_ABOVE, RATING_ABOVE): PREDIKAT_SANGAT_BAIK,
    (RATING_AS_EXPECTED, RATING_BELOW): PREDIKAT_KURANG,
    (RATING_AS_EXPECTED, RATING_AS_EXPECTED): PREDIKAT_BAIK,
    (RATING_AS_EXPECTED, RATING_ABOVE): PREDIKAT_BAIK,
    (RATING_BELOW, RATING_BELOW): PREDIKAT_SANGAT_KURANG,
    (RATING_BELOW, RATING_AS_EXPECTED): PREDIKAT_BUTUH_PERBAIKAN,
    (RATING_BELOW, RATING_ABOVE): PREDIKAT_BUTUH_PERBAIKAN,
}

ORG_PREDIKAT = ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")

# --- periods ---------------------------------------------------------------------------------
# Stored codes and their Indonesian labels, in calendar order.
MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first
PERIOD_LABELS: dict[str, str] = {
    **{f"B{m:02d}": MONTH_NAMES[m - 1] for m in range(1, 13)},
    "TW1": "Triwulan I",
    "TW2": "Triwulan II",
    "TW3": "Triwulan III",
    "TW4": "Triwulan IV",
    "TAHUNAN": "Tahunan",
}
ANNUAL_PERIOD = "TAHUNAN"
QUARTERS = tuple(code for code in PERIOD_LABELS if code.startswith("TW"))

# --- training (Peraturan LAN 10/2018) --------------------------------------------------------
TRAINING_ROUTES = ("klasikal", "nonklasikal", "pendidikan")
LEADERSHIP_TRAININGS = ("PKN I", "PKN II", "PKA", "PKP", "Latsar")

# --- services --------------------------------------------------------------------------------
UNIT_HOURS = "jam"
UNIT_WORKING_DAYS = "hari kerja"
UNIT_CALENDAR_DAYS = "hari kalender"
STANDARD_UNITS = (UNIT_HOURS, UNIT_WORKING_DAYS, UNIT_CALENDAR_DAYS)
SKM_ANSWERS = (1, 2, 3, 4)  # each element is answered on a scale of 1 to 4

# --- the queue at the counter (antrian) ------------------------------------------------------------
CHANNEL_WALK_IN = "datang langsung"  # a ticket taken at the office's machine or desk
CHANNEL_ONLINE = "online"  # booked ahead (web, app, WhatsApp) and checked in at the office
CHANNEL_OTHER = "lainnya"  # any other route (a mobile service, a referral desk …)
QUEUE_CHANNELS = (CHANNEL_WALK_IN, CHANNEL_ONLINE, CHANNEL_OTHER)

# --- the ADKAR pulse survey (survei_adkar; Prosci ADKAR, domain.md §5) ---------------------------
# The five elements in ADKAR order (sequential: Ability cannot be built before Knowledge), each scored
# 1-5 by an anonymous respondent; a score (or an element's mean) at most ADKAR_BARRIER_MAX is a barrier.
ADKAR_ELEMENTS = ("Awareness", "Desire", "Knowledge", "Ability", "Reinforcement")
ADKAR_ELEMENT_WORDS = {  # what each element asks, in Indonesian
    "Awareness": "Kesadaran: mengerti mengapa perubahan ini perlu",
    "Desire": "Keinginan: mau ikut dan mendukung perubahan",
    "Knowledge": "Pengetahuan: tahu cara melakukannya",
    "Ability": "Kemampuan: sanggup melakukannya dalam pekerjaan sehari-hari",
    "Reinforcement": "Penguatan: ada yang membuat kebiasaan baru bertahan",
}
ADKAR_SCORES = (1, 2, 3, 4, 5)
ADKAR_BARRIER_MAX = 3

# --- mentoring and socialisation activities (kegiatan_pendampingan; issue 20) ----------------------
MENTORING_SOCIALISATION = "sosialisasi"
MENTORING_TECHNICAL = "bimbingan teknis"
MENTORING_COACHING = "pendampingan/coaching"
MENTORING_CLINIC = "klinik e-Kinerja"
MENTORING_WORKSHOP = "lokakarya"
MENTORING_OTHER = "lainnya"
MENTORING_TYPES = (MENTORING_SOCIALISATION, MENTORING_TECHNICAL, MENTORING_COACHING, MENTORING_CLINIC,
                   MENTORING_WORKSHOP, MENTORING_OTHER)
# "Did it work?" (metrics/mentoring.py) compares this many whole weeks (Monday to Sunday) before the
# activity's week with as many after it; the activity's own week belongs to neither.
MENTORING_WINDOW_WEEKS = 4

# --- roles --------------------------------------------------------------------------------------------
ROLES = {  # role -> its Indonesian label (pimpinan: gubernur, sekda, BKD, bupati/wali kota)
    "pimpinan": "Pimpinan daerah",
    "kepala_opd": "Kepala OPD",
    "analis": "Analis data",
    "admin": "Administrator",
}
SKM_ELEMENTS = (
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran dan Masukan",
    "Sarana dan Prasarana",
)

# --- e-Kinerja daily entries: integer codes keep the 24-million-row table narrow -------------
DAILY_STATUS_CODES: dict[str, int] = {"Not Started": 0, "Draft": 1, "Submitted": 2, "Approved": 3}
DAILY_ACTIVE_MIN_CODE = 2  # Submitted or Approved counts as reported


# --- name normalisation ----------------------------------------------------------------------
_SPACES = re.compile(r"\s+")


def norm_text(value: str) -> str:
    """Upper-case, accents and non-breaking spaces removed, single spaces: the key names compare on."""
    text = unicodedata.normalize("NFKC", str(value)).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip().upper()


_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


def name_key(value: str) -> str:
    """How agency and unit names compare: upper case, '&' as DAN, punctuation as spaces."""
    text = norm_text(value).replace("&", " DAN ")
    return _NON_ALNUM.sub(" ", text).strip()
