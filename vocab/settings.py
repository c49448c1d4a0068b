"""The settings behind the numbers, declared once: each one's default, Indonesian label and help, source,
verification state and check. data_access.settings stores changed values; every page and the report
read them through it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vocab import codes, curve, ikm, plan
from vocab.catalogue import Targets
from vocab.clock import now_wib

# --- defaults the metric modules take when no setting is passed ---------------------------------------
DEFAULT_MIN_GROUP_SIZE = 5  # domain.md §1: a setting, default 5
# PP 11/2017 art. 203(4) as amended by PP 17/2020: at least 20 JP a year for every PNS. The same
# target for PPPK and PPPK paruh waktu is a default (PPPK rules differ by employer, unverified).
DEFAULT_TARGETS: dict[str, float] = {status: 20.0 for status in codes.EMPLOYEE_STATUSES}
# 1 JP = 45 minutes is a convention, unverified: callers pass the setting's value.
DEFAULT_JP_MINUTES = 45
DEFAULT_STALE_DAYS, DEFAULT_MIN_SHARE = 45, 0.8  # data completeness (metrics.completeness)
# The queue at the counter: a citizen should be called within this many minutes of taking a ticket,
# and an office's counters close at this hour (tickets ending later are warned at import). Both are
# the dashboard's defaults, not verified against any office's maklumat.
DEFAULT_QUEUE_WAIT_TARGET_MINUTES = 60
DEFAULT_QUEUE_CLOSING_HOUR = 16
QUEUE_WAIT_TARGET_RANGE = (1, 24 * 60)  # minutes a waiting target may be (a day at most)
QUEUE_CLOSING_HOUR_RANGE = (1, 24)  # WIB

# Dates before year 1 or after 9999 do not exist for Python: no setting may reach past these.
MIN_YEAR, MAX_YEAR = 1900, 9998


@dataclass(frozen=True)
class Whole:
    """The check of a whole-number setting between `low` and `high` (the form's bounds, too)."""

    low: int
    high: int
    what: str

    def __call__(self, value) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            raise ValueError(f"{self.what} harus bilangan bulat.")
        if not self.low <= value <= self.high:
            raise ValueError(f"{self.what} harus antara {self.low} dan {self.high}.")
        return int(value)


_whole = Whole


def _jp_minutes(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 240:
        raise ValueError("Menit per JP harus angka antara 1 dan 240.")
    return float(value)


def _jp_targets(value) -> dict[str, float]:
    if not isinstance(value, dict) or set(value) != set(codes.EMPLOYEE_STATUSES):
        raise ValueError(f"Target JP harus diisi untuk setiap status: {', '.join(codes.EMPLOYEE_STATUSES)}.")
    out = {}
    for status, jp in value.items():
        if isinstance(jp, bool) or not isinstance(jp, (int, float)) or not 0 <= jp <= 1000:
            raise ValueError(f"Target JP {status} harus angka antara 0 dan 1.000.")
        out[status] = float(jp)
    return out


def _whole_number(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise ValueError(f"{what} harus bilangan bulat.")
    return int(value)


def _plausible_years(value) -> dict[str, int]:
    if not isinstance(value, dict) or set(value) != {"first", "ahead"}:
        raise ValueError("Rentang tahun harus berisi tahun pertama dan jumlah tahun ke depan.")
    first = _whole_number(value["first"], "Tahun pertama")
    ahead = _whole_number(value["ahead"], "Jumlah tahun ke depan")
    if not MIN_YEAR <= first <= now_wib().year:
        raise ValueError(f"Tahun pertama harus antara {MIN_YEAR} dan tahun ini ({now_wib().year}).")
    if not 0 <= ahead <= 10:
        raise ValueError("Jumlah tahun ke depan harus antara 0 dan 10.")
    return {"first": first, "ahead": ahead}


def _plausible_age(value) -> dict[str, int]:
    if not isinstance(value, dict) or set(value) != {"min", "max"}:
        raise ValueError("Rentang usia harus berisi usia terendah dan tertinggi.")
    low = _whole_number(value["min"], "Usia terendah")
    high = _whole_number(value["max"], "Usia tertinggi")
    if not 10 <= low < high <= 100:
        raise ValueError("Usia pegawai harus 10 sampai 100 tahun, usia terendah di bawah usia tertinggi.")
    return {"min": low, "max": high}


def _max_training_jp(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 100_000:
        raise ValueError("JP terbesar satu kegiatan harus angka antara 1 dan 100.000.")
    return float(value)


def _share(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError("Batas harus persentase antara 0 dan 100.")
    return float(value)


def _boolean(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError("Nilai harus ya atau tidak.")
    return value


def _rules(value) -> list[dict]:
    return curve.rules_table(curve.rules_from_table(value))


def _bands(value) -> list[dict]:
    return ikm.bands_table(ikm.bands_from_table(value))


def _targets(value) -> list[dict]:
    return Targets(value).rows


@dataclass(frozen=True)
class SettingDef:
    key: str
    default: Any
    label: str  # Indonesian
    help: str  # Indonesian, one sentence
    source: str
    unverified: bool = False
    check: Callable[[Any], Any] | None = None  # the value normalised, or ValueError in Indonesian
    table: str | None = None  # kept in a table of its own (not in `setting`), edited apart


SETTINGS: dict[str, SettingDef] = {s.key: s for s in (
    SettingDef("jp_minutes", DEFAULT_JP_MINUTES, "Menit per JP",
               "Satu jam pelajaran (JP) dihitung sekian menit saat durasi pelatihan diberikan dalam menit.",
               "Konvensi umum pelatihan ASN", unverified=True, check=_jp_minutes),
    SettingDef("jp_target", dict(DEFAULT_TARGETS), "Target JP per tahun",
               "Jam pelajaran pengembangan kompetensi minimal setahun, per status pegawai.",
               "PP 11/2017 ps. 203 ayat (4) jo. PP 17/2020 (PNS); PPPK mengikuti instansi", unverified=True,
               check=_jp_targets),
    SettingDef("min_group_size", DEFAULT_MIN_GROUP_SIZE, "Ukuran kelompok minimal",
               "Kelompok dengan pegawai lebih sedikit dari ini ditandai 'terlalu kecil untuk dinilai', "
               "tidak diperingkat.", "Kebijakan dasbor", check=_whole(1, 1000, "Ukuran kelompok minimal")),
    SettingDef("distribution_rules", curve.rules_table(), "Aturan kurva distribusi predikat",
               "Batas sebaran predikat pegawai untuk setiap predikat kinerja organisasi; persen dihitung atas "
               "pegawai yang sudah dinilai.", curve.SOURCE, unverified=True, check=_rules),
    SettingDef("ikm_bands", ikm.bands_table(), "Rentang nilai IKM",
               "Nilai IKM (25–100, dibulatkan 2 desimal) menentukan mutu pelayanan A–D dan kinerja unit.",
               ikm.IKM_BANDS_SOURCE, check=_bands),
    SettingDef("metric_targets", [], "Target dan garis waspada per indikator",
               "Target pimpinan per indikator, per tahun dan per OPD (mis. target Renstra/IKU); target OPD "
               "sendiri mengalahkan target provinsi, tanpa baris berlaku target bawaan katalog.",
               "Bawaan katalog dasbor sampai pimpinan menetapkan targetnya sendiri", unverified=True,
               check=_targets),
    SettingDef("holiday_corrections", None, "Koreksi hari libur",
               "Hari yang ditambahkan atau dihapus dari daftar libur nasional dan cuti bersama pustaka "
               "'holidays', juga libur daerah; dipakai untuk menghitung hari kerja.",
               "Pustaka holidays (libur nasional dan cuti bersama); SKB cuti bersama ditetapkan tiap tahun",
               unverified=True, table="holiday_correction"),
    SettingDef("service_standards", None, "Standar waktu layanan",
               "Batas waktu penyelesaian per jenis layanan (jam, hari kerja atau hari kalender), per kantor "
               "atau untuk semua kantor; diubah dengan mengunggah data 'standar_layanan'.",
               "Perpres 96/2018; Permendagri 19/2018; maklumat pelayanan tiap kantor", unverified=True,
               table="service_standard"),
    SettingDef("stale_days", DEFAULT_STALE_DAYS, "Batas data usang (hari)",
               "Data suatu jenis dari satu OPD disebut usang bila tanggal terbarunya lebih dari sekian hari "
               "sebelum tanggal terbaru jenis itu di seluruh provinsi.", "Kebijakan dasbor (kelengkapan data)",
               check=_whole(1, 366, "Batas data usang")),
    SettingDef("completeness_min_share", DEFAULT_MIN_SHARE, "Batas data sebagian",
               "SKP, penilaian dan progres harian suatu OPD disebut 'sebagian' bila mencakup kurang dari "
               "persentase ini dari pegawai aktifnya.", "Kebijakan dasbor (kelengkapan data)",
               check=_share),
    SettingDef("queue_wait_target_minutes", DEFAULT_QUEUE_WAIT_TARGET_MINUTES, "Target waktu tunggu antrian (menit)",
               "Warga dianggap dilayani tepat waktu bila tiketnya dipanggil paling lama sekian menit setelah "
               "diambil (dan selesai dilayani).", "Kebijakan dasbor (belum diverifikasi terhadap maklumat kantor)",
               unverified=True, check=_whole(*QUEUE_WAIT_TARGET_RANGE, "Target waktu tunggu")),
    SettingDef("queue_closing_hour", DEFAULT_QUEUE_CLOSING_HOUR, "Jam tutup loket antrian",
               "Tiket antrian yang selesai dilayani setelah jam ini (WIB), atau pada hari berikutnya, diberi "
               "peringatan saat impor.", "Kebijakan dasbor (jam layanan kantor belum diverifikasi)",
               unverified=True, check=_whole(*QUEUE_CLOSING_HOUR_RANGE, "Jam tutup loket")),
    SettingDef("max_upload_mb", 200, "Batas ukuran berkas unggahan (MB)",
               "Berkas ekstrak yang lebih besar dari ini ditolak sebelum dibaca; server Streamlit memakai batas "
               "yang sama (server.maxUploadSize di .streamlit/config.toml).", "Kebijakan dasbor",
               check=_whole(1, 2000, "Batas ukuran berkas")),
    SettingDef("plausible_years", {"first": 2000, "ahead": 1}, "Rentang tahun data yang wajar",
               "Tahun (TAHUN penilaian dan predikat organisasi) dan tanggal kegiatan (pelatihan, layanan, SKM, "
               "progres harian, periode SKP) di berkas impor harus jatuh dari tahun pertama sampai tahun ini "
               "ditambah sekian tahun ke depan; di luar itu barisnya ditolak. Tahun tersimpan di luar rentang "
               "ini tidak ditawarkan sebagai pilihan tahun.", "Kebijakan dasbor (rentang data yang wajar)",
               check=_plausible_years),
    SettingDef("plausible_age", {"min": 18, "max": 70}, "Rentang usia pegawai yang wajar",
               "Tanggal lahir di data pegawai harus membuat usia pegawai pada hari impor berada di rentang ini; "
               "di luar itu barisnya ditolak.",
               "Kebijakan dasbor, dengan kelonggaran dari PP 11/2017 (usia pelamar PNS paling rendah 18 tahun; "
               "batas usia pensiun paling tinggi 65 tahun)", check=_plausible_age),
    SettingDef("max_training_jp", 2000, "JP terbesar satu kegiatan pelatihan",
               "Satu baris pelatihan dengan JP lebih dari ini (atau DURASI MENIT lebih dari ini dikali menit per "
               "JP) ditolak sebagai tidak wajar.", "Kebijakan dasbor (rentang data yang wajar)",
               check=_max_training_jp),
    SettingDef("leaders_see_names", False, "Pimpinan melihat nama pegawai",
               "Bila aktif, pimpinan melihat daftar pegawai bernama (NIP tetap disamarkan); bila tidak, "
               "pimpinan hanya melihat angka agregat.", "Kebijakan dasbor", check=_boolean),
    SettingDef("plan_approaches", [dict(r) for r in plan.DEFAULT_APPROACHES], "Pendekatan per hambatan ADKAR",
               "Saran pendekatan Rencana Pendampingan untuk setiap hambatan ADKAR (dari survei, atau diduga dari "
               "perilaku), satu baris per elemen, masing-masing dengan sumbernya.",
               "Prosci ADKAR; SE Kepala BKN 11/2023; Peraturan BKN 2/2026 (sumber per baris)", unverified=True,
               check=plan.check_approaches),
    SettingDef("login_max_failures", 5, "Batas gagal masuk berturut-turut",
               "Setelah sekian kali gagal masuk berturut-turut akun dikunci sampai administrator membukanya; "
               "sejak kegagalan ketiga setiap percobaan berikutnya harus menunggu (15 detik, lalu 30 detik, dan "
               "seterusnya berlipat).", "Kebijakan dasbor",
               check=_whole(1, 100, "Batas gagal masuk")),
    SettingDef("session_idle_minutes", 120, "Batas sesi menganggur (menit)",
               "Sesi yang tidak dipakai selama sekian menit berakhir; pengguna harus masuk lagi.",
               "Kebijakan dasbor", check=_whole(5, 7 * 24 * 60, "Batas sesi menganggur")),
    SettingDef("daily_entry_retention_months", 24, "Masa simpan progres harian (bulan)",
               "Entri progres harian e-Kinerja (dan ringkasan bulanannya) yang lebih tua dari sekian bulan "
               "penuh dihapus oleh perintah purge.", "Kebijakan dasbor, mengikuti asas retensi terbatas UU 27/2022 (PDP)",
               unverified=True, check=_whole(1, 240, "Masa simpan progres harian")),
)}


def year_range(values: dict[str, Any], today) -> tuple[int, int]:
    """The plausible years (first, last) under the setting `plausible_years`, on the day `today`."""
    years = values["plausible_years"]
    return max(int(years["first"]), MIN_YEAR), min(today.year + int(years["ahead"]), MAX_YEAR)


def check_setting(key: str, value: Any) -> Any:
    """The value normalised, or ValueError with an Indonesian message."""
    if key not in SETTINGS or SETTINGS[key].table:
        raise KeyError(f"Pengaturan tidak dikenal: {key}")
    check = SETTINGS[key].check
    return check(value) if check else value
