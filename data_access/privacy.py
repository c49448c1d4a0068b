"""Who sees staff names and NIPs: one rule, applied in the data layer (reads.staff_list).

| role        | names                                   | NIP                |
|-------------|-----------------------------------------|--------------------|
| kepala_opd  | yes (their own staff: their scope)      | full               |
| pimpinan    | only when `leaders_see_names` is on;    | masked             |
|             | otherwise no list at all (aggregates)   |                    |
| analis      | yes (to check and correct imported data)| masked             |
| admin       | yes, like analis: an administrator can  | masked             |
|             | grant itself any scope, so hiding names |                    |
|             | protects nothing; masking keeps NIPs    |                    |
|             | off screens, screenshots and exports    |                    |

A NIP is masked as `198503********1003`: the first six digits (birth year and month) and the last
four (sex and sequence) stay, the birth day and the TMT CPNS/appointment (eight digits) are hidden, so
a masked NIP still tells two people apart in a list without giving away a birth date.
"""
from __future__ import annotations

from dataclasses import dataclass

from data_access.models import Base
from vocab.codes import ROLES

MASK = "*" * 8


@dataclass(frozen=True)
class NamePolicy:
    """What a list of staff may show to one viewer."""

    list_allowed: bool  # False: aggregates only, no named rows leave the database
    names: bool
    full_nip: bool

    @property
    def note(self) -> str:
        """One Indonesian sentence for the page, saying what is hidden and why."""
        if not self.list_allowed:
            return ("Daftar pegawai bernama tidak ditampilkan untuk peran Anda; yang tampil hanya angka agregat. "
                    "Administrator dapat mengubahnya lewat pengaturan 'Pimpinan melihat nama pegawai'.")
        if not self.full_nip:
            return "NIP disamarkan (hanya 6 digit awal dan 4 digit akhir yang tampil)."
        return ""


def name_policy(role: str, leaders_see_names: bool = False) -> NamePolicy:
    """The rule of the table above, for a role and the `leaders_see_names` setting. An unknown role
    sees nothing (default deny)."""
    if role == "kepala_opd":
        return NamePolicy(list_allowed=True, names=True, full_nip=True)
    if role == "pimpinan":
        allowed = bool(leaders_see_names)
        return NamePolicy(list_allowed=allowed, names=allowed, full_nip=False)
    if role in ("analis", "admin"):
        return NamePolicy(list_allowed=True, names=True, full_nip=False)
    assert role not in ROLES, f"role {role} has no name policy"
    return NamePolicy(list_allowed=False, names=False, full_nip=False)


def mask_nip(nip: str | None) -> str | None:
    """'19850312 201001 1 003' (or its 18 digits) -> '198503********1003'. Anything that is not an
    18-digit NIP/NI PPPK is hidden entirely (never shown half-masked)."""
    if nip is None:
        return None
    digits = "".join(c for c in str(nip) if c.isdigit())
    if len(digits) != 18:
        return "*" * 18
    return digits[:6] + MASK + digits[-4:]


# --- what personal data the database holds (the Data Pribadi page) ------------------------------
# Each table is classified once, here; a test fails when a table of data_access.models is in neither
# list, so a new table must say whether it holds personal data. The columns are read from the models.
WHO_STAFF = "staff"  # named rows: the table at the top of this module
WHO_FACTS = "facts"  # figures about a person: aggregates in scope for everyone, per person as WHO_STAFF
WHO_ADMINS = "admins"
KEPT_DAILY = "daily"  # the setting daily_entry_retention_months, enforced by `python -m data_access purge`
KEPT_STAFF = "staff"
KEPT_ACCOUNT = "account"
KEPT_FOREVER = "forever"


@dataclass(frozen=True)
class PersonalTable:
    """A table holding data about identifiable people: what it is, why it is kept, who sees it, how long."""

    table: str
    label: str  # Indonesian
    why: str  # Indonesian, one sentence
    who: str  # WHO_*
    kept: str  # KEPT_*


PERSONAL_TABLES = (
    PersonalTable("employee", "Identitas dan jabatan pegawai (nama, NIP, jenis kelamin, tanggal lahir dari NIP)",
                  "Mengaitkan setiap penilaian, pelatihan dan progres harian dengan orangnya, dan menyusun daftar "
                  "pegawai bagi kepala OPD.", WHO_STAFF, KEPT_STAFF),
    PersonalTable("skp", "Sasaran Kinerja Pegawai (SKP) per pegawai",
                  "Mengetahui siapa yang sudah memiliki SKP pada periodenya.", WHO_FACTS, KEPT_STAFF),
    PersonalTable("appraisal", "Penilaian kinerja per pegawai (rating dan predikat)",
                  "Membandingkan sebaran predikat dengan pola distribusi SE MenPANRB 3/2023.", WHO_FACTS, KEPT_STAFF),
    PersonalTable("training", "Riwayat pelatihan per pegawai (JP)",
                  "Mengukur capaian 20 JP setahun dan kesenjangan pelatihan kepemimpinan.", WHO_FACTS, KEPT_STAFF),
    PersonalTable("employee_placement", "Riwayat penempatan pegawai (OPD dan unit kerja, dengan tanggal mulai dan "
                  "selesai)", "Mencatat angka setiap pegawai pada OPD tempatnya bekerja saat itu (mutasi, pegawai "
                  "yang berhenti).", WHO_FACTS, KEPT_STAFF),
    PersonalTable("daily_entry", "Progres harian e-Kinerja per pegawai per hari",
                  "Mengukur adopsi, kepatuhan dan ketepatan waktu pelaporan harian.", WHO_FACTS, KEPT_DAILY),
    PersonalTable("daily_month", "Ringkasan bulanan progres harian per pegawai",
                  "Halaman membaca ringkasan ini, bukan entri mentah.", WHO_FACTS, KEPT_DAILY),
    PersonalTable("mentoring_activity", "Kegiatan pendampingan dan sosialisasi (tanggal, unit, jenis, jumlah "
                  "peserta, dan fasilitator, yang dapat berupa nama orang)",
                  "Menandai kegiatan pada tren adopsi dan mengukur apakah kegiatan itu berdampak.", WHO_FACTS,
                  KEPT_STAFF),
    PersonalTable("replaced_row", "Salinan baris yang diganti impor mode ganti",
                  "Agar pembatalan impor dapat memulihkan data sebelumnya.", WHO_ADMINS, KEPT_STAFF),
    PersonalTable("app_user", "Akun pengguna dasbor (nama, email SSO, hash kata sandi, masuk terakhir)",
                  "Masuk ke dasbor dan menentukan peran serta cakupan data.", WHO_ADMINS, KEPT_ACCOUNT),
    PersonalTable("user_session", "Sesi masuk (hanya hash token, waktu dibuat dan terakhir dipakai)",
                  "Menjaga pengguna tetap masuk dan dapat dikeluarkan dari semua perangkat.", WHO_ADMINS, KEPT_ACCOUNT),
    PersonalTable("user_scope", "Cakupan data setiap pengguna",
                  "Membatasi data yang dilihat setiap pengguna.", WHO_ADMINS, KEPT_ACCOUNT),
    PersonalTable("import_batch", "Riwayat impor (nama berkas, pengguna yang mengimpor)",
                  "Menelusuri asal setiap angka dan membatalkan impor.", WHO_ADMINS, KEPT_FOREVER),
    PersonalTable("audit_log", "Log audit (nama pengguna, juga nama yang dicoba saat gagal masuk, tindakan, waktu)",
                  "Mempertanggungjawabkan siapa melakukan apa (UU 27/2022 tentang PDP).", WHO_ADMINS, KEPT_FOREVER),
)
NOT_PERSONAL = {
    "region": "wilayah", "agency": "OPD", "agency_alias": "nama lain OPD", "unit": "unit kerja",
    "org_rating": "predikat organisasi, bukan orang",
    "service_standard": "standar waktu layanan",
    "service_request": "permohonan layanan: nomor, jenis dan waktu, tanpa nama pemohon",
    "skm_response": "jawaban survei kepuasan tanpa identitas responden",
    "queue_ticket": "tiket antrian di loket: nomor, layanan, kanal dan waktu, tanpa nama warga",
    "adkar_response": "jawaban survei denyut ADKAR tanpa identitas responden (berkas dengan kolom NIP atau nama "
                      "ditolak); saran tertulisnya tidak pernah ditampilkan per orang",
    "setting": "pengaturan dasbor (mencatat nama pengguna pengubahnya, yang juga ada di log audit)",
    "holiday_correction": "hari libur",
    "org_change": "perubahan organisasi (ganti nama, penggabungan, pemindahan unit), dengan nama administrator "
                  "pelakunya, yang juga ada di log audit",
    "alembic_version": "versi skema",
}
WHO_TEXT = {
    WHO_FACTS: "Setiap peran melihatnya dalam cakupannya sebagai angka agregat; per orang hanya di daftar pegawai, "
               "menurut aturan nama dan NIP.",
    WHO_ADMINS: "Hanya administrator (halaman Pengguna dan Log Audit) dan operator basis data.",
}
KEPT_TEXT = {
    KEPT_STAFF: "Selama dasbor dipakai. Pegawai yang tidak lagi ada di ekstrak ditandai tidak aktif, tidak dihapus; "
                "data hilang hanya bila impor yang membawanya dibatalkan.",
    KEPT_ACCOUNT: "Selama akun ada (akun dinonaktifkan, tidak dihapus). Sesi berakhir sendiri; token tidak disimpan.",
    KEPT_FOREVER: "Tidak dihapus: log audit hanya bertambah dan ikut dalam cadangan basis data.",
}


def _model_columns(table: str) -> list[str]:
    """The data columns of a table as the models declare them (keys and batch references left out)."""
    return [c.name for c in Base.metadata.tables[table].columns
            if not (c.primary_key and c.name == "id") and not c.name.endswith("_id") and c.name != "batch_id"]


def who_sees_names(leaders_see_names: bool) -> str:
    """The name rule of every role as one line each, from name_policy (so the page cannot drift)."""
    lines = []
    for role, label in ROLES.items():
        policy = name_policy(role, leaders_see_names)
        if not policy.list_allowed:
            what = "tidak ada daftar bernama, hanya angka agregat"
        else:
            what = "nama dengan NIP " + ("lengkap" if policy.full_nip else "disamarkan")
        lines.append(f"{label}: {what}")
    return "; ".join(lines) + "."


def personal_data_inventory(settings: dict) -> list[dict]:
    """One entry per table holding personal data: table, label, columns (from the models), why, who,
    kept (Indonesian sentences; who and how long follow the current settings)."""
    months = int(settings["daily_entry_retention_months"])
    who = WHO_TEXT | {WHO_STAFF: who_sees_names(bool(settings["leaders_see_names"]))}
    kept = KEPT_TEXT | {KEPT_DAILY: f"{months} bulan penuh sebelum bulan berjalan (pengaturan 'Masa simpan progres "
                                    "harian'); yang lebih tua dihapus oleh administrator dengan perintah pembersihan data."}
    return [{"table": t.table, "label": t.label, "columns": ", ".join(_model_columns(t.table)), "why": t.why,
             "who": who[t.who], "kept": kept[t.kept]} for t in PERSONAL_TABLES]
