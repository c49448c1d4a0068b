"""Settings behind the numbers, declared once with their defaults, sources and verification state.

A changed value is stored in the `setting` table (JSON) and wins over the default; every page and the
report command read settings through `load_settings`, so a change takes effect at once.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from data_access.config import now_wib
from data_access import audit
from data_access.models import Setting
from metrics import appraisal, training


@dataclass(frozen=True)
class SettingDef:
    key: str
    default: Any
    label: str  # Indonesian
    help: str  # Indonesian, one sentence
    source: str
    unverified: bool = False


SETTINGS: dict[str, SettingDef] = {s.key: s for s in (
    SettingDef("jp_minutes", training.DEFAULT_JP_MINUTES, "Menit per JP",
               "Satu jam pelajaran (JP) dihitung sekian menit saat durasi pelatihan diberikan dalam menit.",
               "Konvensi umum pelatihan ASN", unverified=True),
    SettingDef("jp_target", dict(training.DEFAULT_TARGETS), "Target JP per tahun",
               "Jam pelajaran pengembangan kompetensi minimal setahun, per status pegawai.",
               "PP 11/2017 ps. 203 ayat (4) jo. PP 17/2020 (PNS); PPPK mengikuti instansi", unverified=True),
    SettingDef("min_group_size", appraisal.DEFAULT_MIN_GROUP_SIZE, "Ukuran kelompok minimal",
               "Kelompok dengan pegawai lebih sedikit dari ini ditandai 'terlalu kecil untuk dinilai', "
               "tidak diperingkat.", "Kebijakan dasbor"),
    SettingDef("max_upload_mb", 200, "Batas ukuran berkas unggahan (MB)",
               "Berkas ekstrak yang lebih besar dari ini ditolak sebelum dibaca; server Streamlit memakai batas "
               "yang sama (server.maxUploadSize di .streamlit/config.toml).", "Kebijakan dasbor"),
    SettingDef("leaders_see_names", False, "Pimpinan melihat nama pegawai",
               "Bila aktif, pimpinan melihat daftar pegawai bernama (NIP tetap disamarkan); bila tidak, "
               "pimpinan hanya melihat angka agregat.", "Kebijakan dasbor (issue #5)"),
    SettingDef("login_max_failures", 5, "Batas gagal masuk berturut-turut",
               "Setelah sekian kali gagal masuk berturut-turut akun dikunci sampai administrator membukanya; "
               "sejak kegagalan ketiga setiap percobaan berikutnya harus menunggu (15 detik, lalu 30 detik, dan "
               "seterusnya berlipat).", "Kebijakan dasbor (issue #8)"),
    SettingDef("session_idle_minutes", 120, "Batas sesi menganggur (menit)",
               "Sesi yang tidak dipakai selama sekian menit berakhir; pengguna harus masuk lagi.",
               "Kebijakan dasbor (issue #8)"),
    SettingDef("daily_entry_retention_months", 24, "Masa simpan progres harian (bulan)",
               "Entri progres harian e-Kinerja (dan ringkasan bulanannya) yang lebih tua dari sekian bulan "
               "penuh dihapus oleh perintah purge.", "Kebijakan dasbor (issue #8), mengikuti asas retensi terbatas UU 27/2022 (PDP)",
               unverified=True),
)}


def load_settings(conn: Connection) -> dict[str, Any]:
    """Every setting's current value: the stored one, else the declared default."""
    stored = dict(conn.execute(select(Setting.key, Setting.value)).all())
    return {key: json.loads(stored[key]) if key in stored else d.default for key, d in SETTINGS.items()}


def save_setting(conn: Connection, key: str, value: Any, user: str) -> None:
    """Store a setting's new value and audit the change (in the caller's transaction)."""
    if key not in SETTINGS:
        raise KeyError(f"Pengaturan tidak dikenal: {key}")
    text = json.dumps(value, ensure_ascii=False)
    row = conn.execute(select(Setting).where(Setting.key == key)).first()
    old = row.value if row else None
    if row:
        conn.execute(Setting.__table__.update().where(Setting.key == key).values(
            value=text, updated_at=now_wib(), updated_by=user))
    else:
        conn.execute(Setting.__table__.insert().values(key=key, value=text, updated_at=now_wib(),
                                                       updated_by=user))
    audit.record(conn, user, "setting", key=key, old=old, new=text)
