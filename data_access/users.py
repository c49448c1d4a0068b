"""Local accounts: argon2-hashed passwords, roles, and the scopes they are granted."""
from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, func, insert, select, update

from data_access.config import now_wib
from data_access.models import Agency, AppUser, AuditLog, Region, Unit, UserScope, UserSession
from data_access.orgs import OrgIndex

ROLES = {  # role -> its Indonesian label (pimpinan: gubernur, sekda, BKD, bupati/wali kota)
    "pimpinan": "Pimpinan daerah",
    "kepala_opd": "Kepala OPD",
    "analis": "Analis data",
    "admin": "Administrator",
}
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user command that cannot be carried out (message in Indonesian)."""


@dataclass(frozen=True)
class Grant:
    """One scope grant as written on the command line: a region, an agency in a region, or a unit."""

    region: str | None = None
    agency: str | None = None
    unit: str | None = None


def parse_grant(text: str) -> Grant:
    """'region=Kabupaten Pringsewu', 'agency=Dinas Kesehatan@Provinsi Lampung' or
    'unit=Bidang Mutasi@Badan Kepegawaian Daerah@Provinsi Lampung'."""
    what, _, value = text.partition("=")
    parts = [p.strip() for p in value.split("@")]
    if what == "region" and len(parts) == 1:
        return Grant(region=parts[0])
    if what == "agency" and len(parts) in (1, 2):
        return Grant(agency=parts[0], region=parts[1] if len(parts) == 2 else None)
    if what == "unit" and len(parts) in (2, 3):
        return Grant(unit=parts[0], agency=parts[1], region=parts[2] if len(parts) == 3 else None)
    raise UserError(f"Cakupan '{text}' tidak dapat dibaca; contoh: region=Kabupaten Pringsewu, "
                    "agency=Dinas Kesehatan@Provinsi Lampung, unit=Bidang Mutasi@Badan Kepegawaian Daerah.")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.")
    return _hasher.hash(password)


def _audit(conn: Connection, actor: str, action: str, ok: bool, **detail) -> None:
    conn.execute(insert(AuditLog).values(at=now_wib(), user_name=actor, action=action, ok=ok,
                                         detail=json.dumps(detail, ensure_ascii=False)))


def _resolve_grant(conn: Connection, org: OrgIndex, grant: Grant) -> dict:
    region_id = org.region_id(grant.region) if grant.region else None
    if grant.region and region_id is None:
        raise UserError(f"Daerah '{grant.region}' tidak dikenal.")
    if not grant.agency:
        if grant.unit:
            raise UserError("Unit kerja harus disertai OPD-nya.")
        return {"region_id": region_id}
    found = org.find_agencies(grant.agency, region_id)
    if len(found) != 1:
        where = f" di {grant.region}" if grant.region else ""
        raise UserError(f"OPD '{grant.agency}'{where} tidak dikenal atau ada di beberapa daerah; sebut daerahnya.")
    if not grant.unit:
        return {"agency_id": found[0]}
    unit_id = org.unit_id(found[0], grant.unit)
    if unit_id is None:
        raise UserError(f"Unit kerja '{grant.unit}' tidak ada di OPD {org.agency_label(found[0])}.")
    return {"unit_id": unit_id}


def add_user(conn: Connection, username: str, display_name: str, role: str, password: str | None,
             grants: list[Grant], email: str | None = None, by: str = "cli") -> int:
    """Create an active user with its grants (a user with none sees nothing); returns the id."""
    if role not in ROLES:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    if conn.execute(select(AppUser.id).where(func.lower(AppUser.username) == username.lower())).first():
        raise UserError(f"Pengguna '{username}' sudah ada.")
    org = OrgIndex.load(conn)
    resolved = [_resolve_grant(conn, org, g) for g in grants]
    user_id = conn.execute(insert(AppUser).values(
        username=username, display_name=display_name, email=email, role=role, active=True,
        password_hash=hash_password(password) if password else None, created_at=now_wib(),
    ).returning(AppUser.id)).scalar_one()
    for grant in resolved:
        conn.execute(insert(UserScope).values(user_id=user_id, **grant))
    _audit(conn, by, "user_add", True, user=username, role=role, grants=len(resolved))
    return user_id


def _require(conn: Connection, username: str) -> int:
    user_id = conn.execute(select(AppUser.id).where(AppUser.username == username)).scalar()
    if user_id is None:
        raise UserError(f"Pengguna '{username}' tidak ada.")
    return user_id


def disable_user(conn: Connection, username: str, by: str = "cli") -> None:
    user_id = _require(conn, username)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(active=False))
    _audit(conn, by, "user_disable", True, user=username)


def reset_password(conn: Connection, username: str, password: str, by: str = "cli") -> None:
    user_id = _require(conn, username)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(
        password_hash=hash_password(password), failed_logins=0, locked_until=None))
    _audit(conn, by, "user_password", True, user=username)


def authenticate(conn: Connection, username: str, password: str) -> int | None:
    """The user's id when the password is right and the account active; failures are counted and
    audited, and never say whether the name or the password was wrong."""
    row = conn.execute(select(AppUser.id, AppUser.password_hash, AppUser.active)
                       .where(AppUser.username == username)).first()
    ok = False
    if row is not None and row.active and row.password_hash:
        try:
            ok = _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    if row is not None:
        conn.execute(update(AppUser).where(AppUser.id == row.id).values(
            failed_logins=0 if ok else AppUser.failed_logins + 1))
    _audit(conn, username, "login", ok)
    return row.id if ok else None


def list_users(conn: Connection) -> pd.DataFrame:
    """username, display_name, role, active, grants (readable), failed_logins."""
    users = conn.execute(select(AppUser.id, AppUser.username, AppUser.display_name, AppUser.role, AppUser.active,
                                AppUser.failed_logins).order_by(AppUser.username)).all()
    grants = conn.execute(
        select(UserScope.user_id, Region.name, Agency.name, Unit.name)
        .select_from(UserScope)
        .outerjoin(Region, Region.id == UserScope.region_id)
        .outerjoin(Agency, Agency.id == UserScope.agency_id)
        .outerjoin(Unit, Unit.id == UserScope.unit_id)
    ).all()
    by_user: dict[int, list[str]] = {}
    for user_id, region, agency, unit in grants:
        by_user.setdefault(user_id, []).append(unit or agency or region)
    return pd.DataFrame([{
        "username": u.username, "display_name": u.display_name, "role": u.role, "active": bool(u.active),
        "grants": "; ".join(sorted(by_user.get(u.id, []))) or "(tidak ada: tidak melihat apa pun)",
        "failed_logins": u.failed_logins,
    } for u in users], columns=["username", "display_name", "role", "active", "grants", "failed_logins"])


# --- sessions: a sign-in that survives a reload or a new tab until it expires ------------------
SESSION_LIFETIME = timedelta(hours=12)
SESSION_IDLE = timedelta(hours=2)
# Pages rerun on every click; recording activity once a minute is enough for the idle rule and keeps
# reruns from writing (and taking SQLite's write lock) each time.
SESSION_TOUCH_EVERY = timedelta(minutes=1)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(conn: Connection, user_id: int, lifetime: timedelta = SESSION_LIFETIME) -> str:
    """A new random session token for a signed-in user (the caller puts it in a cookie)."""
    token = secrets.token_urlsafe(32)
    now = now_wib()
    conn.execute(insert(UserSession).values(token_hash=_token_hash(token), user_id=user_id, created_at=now,
                                            last_seen_at=now, expires_at=now + lifetime))
    return token


def resolve_session(conn: Connection, token: str | None, idle: timedelta = SESSION_IDLE) -> int | None:
    """The active user a token belongs to, if the session is neither revoked, expired nor idle too
    long (and the user still active); refreshes its last-seen time at most once a minute."""
    if not token:
        return None
    now = now_wib()
    row = conn.execute(
        select(UserSession.id, UserSession.user_id, UserSession.last_seen_at)
        .join(AppUser, AppUser.id == UserSession.user_id)
        .where(UserSession.token_hash == _token_hash(token), UserSession.revoked_at.is_(None),
               UserSession.expires_at > now, UserSession.last_seen_at > now - idle, AppUser.active.is_(True))
    ).first()
    if row is None:
        return None
    if row.last_seen_at <= now - SESSION_TOUCH_EVERY:
        conn.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))
    return row.user_id


def sign_out_everywhere(conn: Connection, user_id: int, actor: str) -> int:
    """Revoke every open session of a user; returns how many."""
    revoked = conn.execute(update(UserSession).where(UserSession.user_id == user_id,
                                                     UserSession.revoked_at.is_(None))
                           .values(revoked_at=now_wib())).rowcount
    _audit(conn, actor, "logout", True, sessions=revoked)
    return revoked
