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
from sqlalchemy import Connection, delete, func, insert, select, update

from data_access.config import CLI_OPERATOR, now_wib
from data_access.models import Agency, AppUser, AuditLog, Region, Unit, UserScope, UserSession
from data_access.orgs import OrgIndex

ROLES = {  # role -> its Indonesian label (pimpinan: gubernur, sekda, BKD, bupati/wali kota)
    "pimpinan": "Pimpinan daerah",
    "kepala_opd": "Kepala OPD",
    "analis": "Analis data",
    "admin": "Administrator",
}
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
# Who may manage accounts without an admin account of their own: the shell operator (who already
# holds the database) and the demo loader. Nobody can sign in under these names.
TRUSTED_OPERATORS = frozenset({CLI_OPERATOR, "demo"})
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user command that cannot be carried out (message in Indonesian)."""


class NotAllowed(UserError):
    """The actor may not do this (only administrators manage accounts)."""


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


def check_password(password: str, username: str | None = None) -> None:
    """The password rules, each failure one Indonesian sentence: 10 to 128 characters, not one
    character repeated, and not containing the user name. (Length over composition rules, as in
    NIST SP 800-63B.)"""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter (sekarang {len(password)}).")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"Kata sandi paling panjang {MAX_PASSWORD_LENGTH} karakter.")
    if len(set(password)) == 1:
        raise UserError("Kata sandi tidak boleh berupa satu karakter yang diulang.")
    if username and len(username) >= 3 and username.lower() in password.lower():
        raise UserError("Kata sandi tidak boleh memuat nama pengguna.")


def hash_password(password: str, username: str | None = None) -> str:
    check_password(password, username)
    return _hasher.hash(password)


def _normal_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
        raise UserError(f"Alamat email '{email}' tidak sah.")
    return email


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


def require_admin(conn: Connection, actor: str, what: str = "mengelola pengguna") -> None:
    """Managing accounts (or `what` else) is for active administrators (and the trusted operators);
    checked here, in the data layer, whatever the caller's user interface already hid."""
    if actor in TRUSTED_OPERATORS:
        return
    role = conn.execute(select(AppUser.role).where(AppUser.username == actor, AppUser.active.is_(True))).scalar()
    if role != "admin":
        raise NotAllowed(f"Hanya administrator yang boleh {what}.")


def _valid_username(username: str) -> str:
    username = username.strip()
    if not username:
        raise UserError("Nama pengguna wajib diisi.")
    if username.lower() in TRUSTED_OPERATORS:
        raise UserError(f"Nama pengguna '{username}' dicadangkan untuk operator; pilih nama lain.")
    if len(username) > 100 or any(c.isspace() for c in username):
        raise UserError("Nama pengguna paling panjang 100 karakter dan tanpa spasi.")
    return username


def _email_taken(conn: Connection, email: str | None, except_id: int | None = None) -> None:
    if email is None:
        return
    other = conn.execute(select(AppUser.username).where(AppUser.email == email, AppUser.id != (except_id or -1))).scalar()
    if other:
        raise UserError(f"Email {email} sudah dipakai pengguna '{other}'.")


def add_user(conn: Connection, username: str, display_name: str, role: str, password: str | None,
             grants: list[Grant], email: str | None = None, by: str = CLI_OPERATOR) -> int:
    """Create an active user with its grants (a user with none sees nothing); returns the id. A user
    without a password signs in only through single sign-on (by e-mail), or not at all (an identity
    for `--user` on the command line)."""
    require_admin(conn, by)
    username = _valid_username(username)
    if role not in ROLES:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    if not display_name.strip():
        raise UserError("Nama tampilan wajib diisi.")
    if conn.execute(select(AppUser.id).where(func.lower(AppUser.username) == username.lower())).first():
        raise UserError(f"Pengguna '{username}' sudah ada.")
    email = _normal_email(email)
    _email_taken(conn, email)
    org = OrgIndex.load(conn)
    resolved = [_resolve_grant(conn, org, g) for g in grants]
    user_id = conn.execute(insert(AppUser).values(
        username=username, display_name=display_name.strip(), email=email, role=role, active=True,
        password_hash=hash_password(password, username) if password else None, created_at=now_wib(),
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


def disable_user(conn: Connection, username: str, by: str = CLI_OPERATOR) -> None:
    """Disable an account: its sessions stop working at once (resolve_session checks `active`)."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    if username == by:
        raise UserError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(active=False))
    _audit(conn, by, "user_disable", True, user=username)


def enable_user(conn: Connection, username: str, by: str = CLI_OPERATOR) -> None:
    require_admin(conn, by)
    user_id = _require(conn, username)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(active=True, failed_logins=0,
                                                                     locked_until=None))
    _audit(conn, by, "user_enable", True, user=username)


def reset_password(conn: Connection, username: str, password: str, by: str = CLI_OPERATOR) -> None:
    require_admin(conn, by)
    user_id = _require(conn, username)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(
        password_hash=hash_password(password, username), failed_logins=0, locked_until=None))
    _audit(conn, by, "user_password", True, user=username)


def set_role(conn: Connection, username: str, role: str, by: str = CLI_OPERATOR) -> None:
    require_admin(conn, by)
    user_id = _require(conn, username)
    if role not in ROLES:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    if username == by and role != "admin":
        raise UserError("Anda tidak dapat mencabut peran administrator dari akun Anda sendiri.")
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(role=role))
    _audit(conn, by, "user_role", True, user=username, role=role)


def set_email(conn: Connection, username: str, email: str | None, by: str = CLI_OPERATOR) -> None:
    """The address single sign-on maps to this user (empty: no SSO for this user)."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    email = _normal_email(email)
    _email_taken(conn, email, except_id=user_id)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(email=email))
    _audit(conn, by, "user_email", True, user=username, email=email)


def set_grants(conn: Connection, username: str, grants: list[Grant], by: str = CLI_OPERATOR) -> None:
    """Replace a user's grants (none: the user sees nothing). Pages compute the scope on every run,
    so the change shows at the user's next click."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    org = OrgIndex.load(conn)
    resolved = [_resolve_grant(conn, org, g) for g in grants]
    conn.execute(delete(UserScope).where(UserScope.user_id == user_id))
    for grant in resolved:
        conn.execute(insert(UserScope).values(user_id=user_id, **grant))
    _audit(conn, by, "user_grants", True, user=username, grants=[grant_label(g) for g in grants])


def sign_out_user(conn: Connection, username: str, by: str = CLI_OPERATOR) -> int:
    """An administrator ends every session of a user (e.g. a lost laptop); returns how many."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    revoked = conn.execute(update(UserSession).where(UserSession.user_id == user_id,
                                                     UserSession.revoked_at.is_(None))
                           .values(revoked_at=now_wib())).rowcount
    _audit(conn, by, "user_sign_out", True, user=username, sessions=revoked)
    return revoked


def grant_label(grant: Grant) -> str:
    """'Kabupaten Pringsewu', 'Dinas Kesehatan — Provinsi Lampung', 'Bidang X — Dinas Y — Provinsi Lampung'."""
    return " — ".join(p for p in (grant.unit, grant.agency, grant.region) if p)


def _grant_rows(conn: Connection, user_id: int | None = None) -> list[tuple[int, Grant]]:
    stmt = (select(UserScope.user_id, Region.name, Agency.name, Unit.name, Region.code)
            .select_from(UserScope)
            .outerjoin(Unit, Unit.id == UserScope.unit_id)
            .outerjoin(Agency, Agency.id == func.coalesce(UserScope.agency_id, Unit.agency_id))
            .outerjoin(Region, Region.id == func.coalesce(UserScope.region_id, Agency.region_id))
            .order_by(Region.code, Agency.name, Unit.name))
    if user_id is not None:
        stmt = stmt.where(UserScope.user_id == user_id)
    return [(uid, Grant(region=region, agency=agency, unit=unit))
            for uid, region, agency, unit, _ in conn.execute(stmt)]


def user_grants(conn: Connection, username: str) -> list[Grant]:
    """A user's grants by name (as the admin page and add_user/set_grants take them)."""
    return [g for _, g in _grant_rows(conn, _require(conn, username))]


def grant_choices(conn: Connection) -> dict[str, list[Grant]]:
    """Everything a grant may name, by kind: 'region', 'agency', 'unit' (ordered by region code)."""
    regions = [Grant(region=name) for (name,) in conn.execute(select(Region.name).order_by(Region.code))]
    agencies = [Grant(region=r, agency=a) for a, r in conn.execute(
        select(Agency.name, Region.name).join(Region, Region.id == Agency.region_id)
        .order_by(Region.code, Agency.name))]
    units = [Grant(region=r, agency=a, unit=u) for u, a, r in conn.execute(
        select(Unit.name, Agency.name, Region.name).join(Agency, Agency.id == Unit.agency_id)
        .join(Region, Region.id == Agency.region_id).order_by(Region.code, Agency.name, Unit.name))]
    return {"region": regions, "agency": agencies, "unit": units}


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
            failed_logins=0 if ok else AppUser.failed_logins + 1,
            **({"last_login_at": now_wib()} if ok else {})))
    _audit(conn, username, "login", ok)
    return row.id if ok else None


def user_for_email(conn: Connection, email: str | None) -> int | None:
    """Single sign-on: the active user whose e-mail is the identity provider's (case-insensitive), or
    None (unknown, disabled, or no e-mail given). Audited either way, like a password sign-in."""
    email = (email or "").strip().lower()
    row = None
    if email:
        row = conn.execute(select(AppUser.id, AppUser.username, AppUser.active)
                           .where(AppUser.email == email)).first()
    ok = row is not None and bool(row.active)
    if ok:
        conn.execute(update(AppUser).where(AppUser.id == row.id).values(last_login_at=now_wib()))
    _audit(conn, row.username if row is not None else (email or "?"), "login_sso", ok, email=email or None)
    return row.id if ok else None


LIST_COLUMNS = ["username", "display_name", "role", "email", "active", "grants", "last_login_at",
                "failed_logins"]


def list_users(conn: Connection, by: str = CLI_OPERATOR) -> pd.DataFrame:
    """One row per user: username, display_name, role, email, active, grants (readable, by name),
    last_login_at, failed_logins. Administrators only."""
    require_admin(conn, by)
    users = conn.execute(select(AppUser.id, AppUser.username, AppUser.display_name, AppUser.role, AppUser.email,
                                AppUser.active, AppUser.last_login_at, AppUser.failed_logins)
                         .order_by(AppUser.username)).all()
    by_user: dict[int, list[str]] = {}
    for user_id, grant in _grant_rows(conn):
        by_user.setdefault(user_id, []).append(grant_label(grant))
    return pd.DataFrame([{
        "username": u.username, "display_name": u.display_name, "role": u.role, "email": u.email,
        "active": bool(u.active),
        "grants": "; ".join(by_user.get(u.id, [])) or "(tidak ada: tidak melihat apa pun)",
        "last_login_at": u.last_login_at, "failed_logins": u.failed_logins,
    } for u in users], columns=LIST_COLUMNS)


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
