"""Settings behind the numbers, stored: vocab.settings declares each one (default, source, check).

A changed value is stored in the `setting` table (JSON) and wins over the default; every page and the
report command read settings through `load_settings` into MetricInputs (data_access.inputs), so a
change takes effect at once. Two settings are tables of their own (holiday corrections, service
standards): their declarations name the table with `table`.
Only administrators change settings (checked here); every change is audited.
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select

from vocab import codes
from vocab.clock import now_wib
from data_access import audit
from data_access.authz import require_admin
from data_access.models import AuditLog, HolidayCorrection, Region, Setting
from vocab.settings import SETTINGS, check_setting

AUDIT_ACTION = "setting"


def load_settings(conn: Connection) -> dict[str, Any]:
    """Every setting's current value: the stored one, else the declared default (table-backed settings
    are read by data_access.reads)."""
    stored = dict(conn.execute(select(Setting.key, Setting.value)).all())
    return {key: json.loads(stored[key]) if key in stored else d.default
            for key, d in SETTINGS.items() if d.table is None}


def changed_settings(conn: Connection) -> pd.DataFrame:
    """The stored (changed) settings: key, updated_at, updated_by."""
    rows = conn.execute(select(Setting.key, Setting.updated_at, Setting.updated_by)).all()
    return pd.DataFrame(rows, columns=["key", "updated_at", "updated_by"])


def settings_version(conn: Connection) -> int:
    """Changes with every saved setting or correction (the newest audited change), for page caches."""
    return int(conn.execute(select(func.max(AuditLog.id)).where(AuditLog.action == AUDIT_ACTION)).scalar() or 0)


def _audit(conn: Connection, user: str, detail: dict) -> None:
    """One audit row; the setting's label is recorded beside its key, so the log reads in words."""
    key = detail.get("key")
    label = SETTINGS[key].label if key in SETTINGS else None
    audit.record(conn, user, AUDIT_ACTION, True, **({"setting": label} if label else {}), **detail)


def _require_admin(conn: Connection, user: str) -> None:
    require_admin(conn, user, "mengubah pengaturan")


def save_setting(conn: Connection, key: str, value: Any, user: str) -> Any:
    """Check and store a setting's new value and audit the change (in the caller's transaction);
    only an administrator (or the shell operator) may. Returns the value as stored."""
    _require_admin(conn, user)
    value = check_setting(key, value)
    text = json.dumps(value, ensure_ascii=False)
    old = conn.execute(select(Setting.value).where(Setting.key == key)).scalar()
    if old is not None:
        conn.execute(Setting.__table__.update().where(Setting.key == key).values(
            value=text, updated_at=now_wib(), updated_by=user))
    else:
        conn.execute(Setting.__table__.insert().values(key=key, value=text, updated_at=now_wib(),
                                                       updated_by=user))
    _audit(conn, user, {"key": key, "old": old, "new": text})
    return value


def reset_setting(conn: Connection, key: str, user: str) -> None:
    """Back to the declared default (the stored value is removed), audited; administrators only."""
    _require_admin(conn, user)
    check_setting(key, SETTINGS[key].default)
    old = conn.execute(select(Setting.value).where(Setting.key == key)).scalar()
    if old is None:
        return
    conn.execute(delete(Setting).where(Setting.key == key))
    _audit(conn, user, {"key": key, "old": old, "new": None})


HOLIDAY_COLUMNS = ["day", "is_holiday", "region", "description"]


def holiday_correction_table(conn: Connection) -> pd.DataFrame:
    """The holiday corrections as the settings page shows them: day, is_holiday, region (name, "" =
    every region), description; ordered by day."""
    h = HolidayCorrection
    rows = conn.execute(select(h.day, h.is_holiday, Region.name, h.description)
                        .outerjoin(Region, Region.id == h.region_id).order_by(h.day, Region.name)).all()
    table = pd.DataFrame(rows, columns=HOLIDAY_COLUMNS)
    table["region"] = table["region"].fillna("")
    return table


def save_holiday_corrections(conn: Connection, rows: list[dict], user: str) -> int:
    """Replace every holiday correction with `rows` (day, is_holiday, region name or empty, description)
    in the caller's transaction, after checking them all; audited; administrators only. Returns how
    many rows are stored."""
    _require_admin(conn, user)
    regions = {codes.name_key(n): i for i, n in conn.execute(select(Region.id, Region.name))}
    clean, seen = [], set()
    for i, row in enumerate(rows, start=1):
        where = f"Koreksi hari libur baris {i}"
        day = row.get("day")
        try:
            day = pd.Timestamp(day).date() if day is not None and not pd.isna(day) and day != "" else None
        except ValueError:
            day = None
        if day is None:
            raise ValueError(f"{where}: tanggal kosong atau tidak valid (tulis seperti 2026-12-24).")
        if not isinstance(row.get("is_holiday"), (bool,)) and row.get("is_holiday") not in (0, 1):
            raise ValueError(f"{where}: pilih apakah tanggal itu libur (ya) atau hari kerja (tidak).")
        name = row.get("region")
        name = None if name is None or (isinstance(name, float) and pd.isna(name)) or not str(name).strip() else str(name)
        region_id = None
        if name is not None:
            region_id = regions.get(codes.name_key(name))
            if region_id is None:
                raise ValueError(f"{where}: daerah '{name}' tidak dikenal.")
        description = str(row.get("description") or "").strip()
        if not description:
            raise ValueError(f"{where}: keterangan harus diisi (mis. 'Cuti bersama Natal').")
        if (day, region_id) in seen:
            raise ValueError(f"{where}: tanggal {day.isoformat()} sudah ada untuk daerah yang sama.")
        seen.add((day, region_id))
        clean.append({"day": day, "is_holiday": bool(row["is_holiday"]), "region_id": region_id,
                      "description": description[:200]})
    before = int(conn.execute(select(func.count()).select_from(HolidayCorrection)).scalar())
    conn.execute(delete(HolidayCorrection))
    if clean:
        conn.execute(insert(HolidayCorrection), clean)
    _audit(conn, user, {"key": "holiday_corrections", "old": f"{before} baris",
                        "new": json.dumps([{**c, "day": c["day"].isoformat()} for c in clean], ensure_ascii=False)})
    return len(clean)
