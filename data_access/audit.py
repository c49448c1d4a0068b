"""The audit log: an append-only record of who did what (sign-ins, also failed, sign-outs, imports,
rollbacks, exports, purges, backups, setting and user changes).

This module only appends and reads: no code path updates or deletes an audit row (a test reads the
code to keep it so), and on both databases a trigger refuses UPDATE and DELETE on `audit_log`
(migration 0004_audit_append_only).
"""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from vocab import codes
from vocab.clock import now_wib
from vocab.kinds import KINDS
from data_access.authz import require_admin
from data_access.models import AuditLog
from data_access.schema import SchemaOutdated, ensure_schema

# Every action written, with its Indonesian label (the Log Audit page filters by these).
ACTIONS = {
    "login": "Masuk (kata sandi)",
    "login_sso": "Masuk (SSO)",
    "lockout": "Akun terkunci",
    "logout": "Keluar",
    "import": "Impor data",
    "rollback": "Pembatalan impor",
    "export": "Unduh tabel/laporan",
    "purge": "Penghapusan data lama",
    "backup": "Cadangan basis data",
    "restore": "Pemulihan basis data",
    "setting": "Ubah pengaturan",
    "user_add": "Tambah pengguna",
    "user_disable": "Nonaktifkan pengguna",
    "user_enable": "Aktifkan pengguna",
    "user_unlock": "Buka kunci pengguna",
    "user_password": "Atur ulang kata sandi",
    "user_role": "Ubah peran",
    "user_email": "Ubah email SSO",
    "user_grants": "Ubah cakupan",
    "user_sign_out": "Akhiri sesi pengguna",
    # Organisation changes (data_access.org_changes on main writes f"org_{kind}").
    "org_rename_agency": "Ganti nama OPD",
    "org_rename_unit": "Ganti nama unit kerja",
    "org_merge_agency": "Penggabungan OPD",
    "org_move_unit": "Pemindahan unit kerja",
}
LOG_COLUMNS = ["at", "user_name", "action", "action_label", "ok", "detail"]
MAX_ROWS = 10_000


def record(conn: Connection, actor: str, action: str, ok: bool = True, /, **detail) -> None:
    """Append one row in the caller's transaction (so it is kept exactly when the change is); `detail`
    is stored as JSON."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action}")
    conn.execute(insert(AuditLog).values(at=now_wib(), user_name=actor, action=action, ok=ok,
                                         detail=json.dumps(detail, ensure_ascii=False, default=str)))


def record_now(engine: Engine, actor: str, action: str, ok: bool = True, /, **detail) -> None:
    """Append one row in a transaction of its own: for what has no transaction to join (an export), or
    whose transaction was rolled back (a refused import)."""
    with engine.begin() as conn:
        record(conn, actor, action, ok, **detail)


def record_after_failure(engine: Engine, actor: str, action: str, **detail) -> None:
    """Audit a refused command (ok=False) after its own transaction was rolled back. A database without
    the current schema gets no row (the command itself says why it stopped)."""
    try:
        ensure_schema(engine)
    except SchemaOutdated:
        return
    record_now(engine, actor, action, False, **detail)


# The detail's keys in the words of the Log Audit page; every key the code records has one (a test
# reads the code), and an unknown one is shown with spaces for its underscores.
DETAIL_LABELS = {
    "user": "pengguna", "role": "peran", "grants": "cakupan", "sessions": "sesi diakhiri", "email": "email",
    "failures": "gagal berturut-turut", "reason": "alasan", "wait_seconds": "tunggu (detik)",
    "kind": "jenis data", "file": "berkas", "mode": "cara impor", "rows": "baris", "problems": "masalah",
    "batch": "nomor impor", "error": "galat", "what": "yang diunduh", "page": "halaman", "filters": "filter",
    "format": "format", "tables": "tabel", "cutoff": "batas tanggal", "months": "bulan disimpan",
    "entries": "entri harian dihapus", "summaries": "ringkasan dihapus", "replaced_copies": "salinan lama dihapus",
    "change": "perubahan", "agency": "OPD", "unit": "unit kerja", "target_agency": "OPD tujuan",
    "old_name": "nama lama", "new_name": "nama baru", "effective_date": "berlaku sejak",
    "setting": "pengaturan", "key": "kunci", "old": "sebelumnya", "new": "menjadi",
}
_MODES = {"append": "tambah", "replace": "ganti"}


def _value(key: str, value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value('', x)}" for k, x in value.items())
    if isinstance(value, list):
        return ", ".join(_value(key, x) for x in value)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if key == "role":
        return codes.ROLES.get(value, value)
    if key == "kind" and value in KINDS:
        return KINDS[value].label
    if key == "mode":
        return _MODES.get(value, value)
    return str(value)


def describe(detail: str | None) -> str:
    """The JSON detail as one readable Indonesian line: 'jenis data: Data pegawai (ASN); berkas: x.csv;
    baris: 12'."""
    if not detail:
        return ""
    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return str(values)
    return "; ".join(f"{DETAIL_LABELS.get(k, k.replace('_', ' '))}: {_value(k, v)}" for k, v in values.items())


def read_log(conn: Connection, by: str, start: date | None = None, end: date | None = None,
             user: str | None = None, action: str | None = None, ok: bool | None = None,
             limit: int = MAX_ROWS) -> pd.DataFrame:
    """Audit rows, newest first, for administrators (and the shell operator) only: at, user_name,
    action, action_label, ok, detail (readable). `start`/`end` are inclusive days (WIB)."""
    require_admin(conn, by)
    stmt = select(AuditLog.at, AuditLog.user_name, AuditLog.action, AuditLog.ok, AuditLog.detail)
    if start is not None:
        stmt = stmt.where(AuditLog.at >= datetime.combine(start, time()))
    if end is not None:
        stmt = stmt.where(AuditLog.at < datetime.combine(end + timedelta(days=1), time()))
    if user:
        stmt = stmt.where(AuditLog.user_name == user)
    if action:
        stmt = stmt.where(AuditLog.action == action)
    if ok is not None:
        stmt = stmt.where(AuditLog.ok.is_(ok))
    rows = conn.execute(stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)).all()
    return pd.DataFrame([{
        "at": r.at, "user_name": r.user_name, "action": r.action,
        "action_label": ACTIONS.get(r.action, r.action), "ok": bool(r.ok), "detail": describe(r.detail),
    } for r in rows], columns=LOG_COLUMNS)


def log_users(conn: Connection, by: str) -> list[str]:
    """Every name that appears in the log (signed-in users, names tried at sign-in, operators)."""
    require_admin(conn, by)
    return [u for (u,) in conn.execute(select(AuditLog.user_name).distinct().order_by(AuditLog.user_name))]
