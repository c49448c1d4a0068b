"""Local accounts: argon2-hashed passwords, roles, and the scopes they are granted."""
from __future__ import annotations

import functools
import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, insert, select, update

from data_access import audit
from data_access.authz import TRUSTED_OPERATORS, UserError, require_admin
from vocab import codes
from data_access.config import CLI_OPERATOR
from vocab.clock import now_wib
from data_access.models import Agency, AppUser, Region, Unit, UserScope, UserSession
from data_access.orgs import OrgIndex
from data_access.settings import load_settings

ROLES = codes.ROLES
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
_hasher = PasswordHasher()


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
    audit.record(conn, by, "user_add", True, user=username, role=role, grants=len(resolved))
    return user_id


def _require(conn: Connection, username: str) -> int:
    user_id = conn.execute(select(AppUser.id).where(AppUser.username == username)).scalar()
    if user_id is None:
        raise UserError(f"Pengguna '{username}' tidak ada.")
    return user_id


def _end_sessions(conn: Connection, user_id: int) -> int:
    """Revoke every open session of a user (cookie and open tabs alike: the page shell checks the
    session on every run); returns how many. An administrator's change writes the user's row first in
    the same transaction, so a sign-in of that user running at this moment (sign_in holds the row
    until it commits, its new session included) either finished before, and its session is revoked
    here, or waits and then sees the change."""
    return conn.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
                        .values(revoked_at=now_wib())).rowcount


def _lock_user_row(conn: Connection, user_id: int) -> None:
    # A no-op write: the row lock (PostgreSQL) or the write lock (SQLite) until the caller commits.
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(role=AppUser.role))


def disable_user(conn: Connection, username: str, by: str = CLI_OPERATOR) -> None:
    """Disable an account: every session of it ends, for good (enabling it again later does not bring
    an old cookie back)."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    if username == by:
        raise UserError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(active=False))
    audit.record(conn, by, "user_disable", True, user=username, sessions=_end_sessions(conn, user_id))


def enable_user(conn: Connection, username: str, by: str = CLI_OPERATOR) -> None:
    """Enable an account again: the user signs in anew (any session left from before is revoked)."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(active=True, failed_logins=0,
                                                                     locked_until=None))
    audit.record(conn, by, "user_enable", True, user=username, sessions=_end_sessions(conn, user_id))


def reset_password(conn: Connection, username: str, password: str, by: str = CLI_OPERATOR) -> None:
    """A new password: every session of the user ends (whoever knew the old one is signed out)."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(
        password_hash=hash_password(password, username), failed_logins=0, locked_until=None))
    audit.record(conn, by, "user_password", True, user=username, sessions=_end_sessions(conn, user_id))


def set_role(conn: Connection, username: str, role: str, by: str = CLI_OPERATOR) -> None:
    """A new role: every session of the user ends, so the user signs in again under it (setting the
    role it already has changes nothing and ends nothing)."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    if role not in ROLES:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    if username == by and role != "admin":
        raise UserError("Anda tidak dapat mencabut peran administrator dari akun Anda sendiri.")
    before = conn.execute(select(AppUser.role).where(AppUser.id == user_id)).scalar_one()
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(role=role))
    ended = _end_sessions(conn, user_id) if before != role else 0
    audit.record(conn, by, "user_role", True, user=username, role=role, sessions=ended)


def set_email(conn: Connection, username: str, email: str | None, by: str = CLI_OPERATOR) -> None:
    """The address single sign-on maps to this user (empty: no SSO for this user)."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    email = _normal_email(email)
    _email_taken(conn, email, except_id=user_id)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(email=email))
    audit.record(conn, by, "user_email", True, user=username, email=email)


def _grant_key(grant: dict) -> tuple:
    return grant.get("region_id"), grant.get("agency_id"), grant.get("unit_id")


def set_grants(conn: Connection, username: str, grants: list[Grant], by: str = CLI_OPERATOR) -> None:
    """Replace a user's grants (none: the user sees nothing). A change ends every session of the user,
    who signs in again under the new scope; saving the same grants again ends nothing."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    org = OrgIndex.load(conn)
    resolved = [_resolve_grant(conn, org, g) for g in grants]
    before = {tuple(r) for r in conn.execute(select(UserScope.region_id, UserScope.agency_id, UserScope.unit_id)
                                             .where(UserScope.user_id == user_id))}
    _lock_user_row(conn, user_id)
    conn.execute(delete(UserScope).where(UserScope.user_id == user_id))
    for grant in resolved:
        conn.execute(insert(UserScope).values(user_id=user_id, **grant))
    ended = _end_sessions(conn, user_id) if before != {_grant_key(g) for g in resolved} else 0
    audit.record(conn, by, "user_grants", True, user=username, grants=[grant_label(g) for g in grants],
                 sessions=ended)


def sign_out_user(conn: Connection, username: str, by: str = CLI_OPERATOR) -> int:
    """An administrator ends every session of a user (e.g. a lost laptop); returns how many."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    _lock_user_row(conn, user_id)
    revoked = _end_sessions(conn, user_id)
    audit.record(conn, by, "user_sign_out", True, user=username, sessions=revoked)
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
        .where(Agency.successor_id.is_(None))  # a merged agency is history (data_access.org_changes)
        .order_by(Region.code, Agency.name))]
    units = [Grant(region=r, agency=a, unit=u) for u, a, r in conn.execute(
        select(Unit.name, Agency.name, Region.name).join(Agency, Agency.id == Unit.agency_id)
        .join(Region, Region.id == Agency.region_id).order_by(Region.code, Agency.name, Unit.name))]
    return {"region": regions, "agency": agencies, "unit": units}


# --- sign-in: slowed after repeated failures, then locked until an administrator unlocks ----------
SLOW_FROM = 3  # consecutive failures after which every further attempt must wait
SLOW_FIRST = timedelta(seconds=15)
WRONG = "Nama pengguna atau kata sandi salah, atau akun tidak aktif."


def wait_after(failures: int) -> timedelta:
    """How long the next attempt must wait after this many consecutive failures: nothing for the first
    two, then 15 s, 30 s, 60 s… (the lock itself comes at the setting `login_max_failures`)."""
    if failures < SLOW_FROM:
        return timedelta(0)
    return SLOW_FIRST * 2 ** (failures - SLOW_FROM)


def locked_message(max_failures: int) -> str:
    return (f"Akun ini dikunci setelah {max_failures} kali gagal masuk berturut-turut. "
            "Minta administrator membukanya (halaman Pengguna).")


@dataclass(frozen=True)
class SignIn:
    """The outcome of a password sign-in: the user's id, or a refusal in Indonesian."""

    user_id: int | None
    message: str = ""


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, made with the same parameters as real ones: checked when there is
    no real hash to check (unknown name, disabled or SSO-only account), so those refusals take as
    long as a wrong password and the clock does not tell which names exist."""
    return _hasher.hash(secrets.token_urlsafe(24))


def _password_matches(stored_hash: str | None, password: str) -> bool:
    """Argon2 verification against the stored hash, or against the dummy hash when there is none
    (always False then): the same work either way."""
    try:
        return bool(_hasher.verify(stored_hash or _dummy_hash(), password)) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _hold_user(conn: Connection, username: str):
    """Read the user's row for a sign-in and keep it locked until the caller's transaction ends: a
    no-op UPDATE … RETURNING takes the row lock on PostgreSQL (the write lock on SQLite), so attempts
    on one account are checked one after the other, each seeing the failures counted before it."""
    return conn.execute(update(AppUser).where(AppUser.username == username)
                        .values(failed_logins=AppUser.failed_logins)
                        .returning(AppUser.id, AppUser.password_hash, AppUser.active, AppUser.failed_logins,
                                   AppUser.locked_until)).first()


def sign_in(conn: Connection, username: str, password: str, now=None) -> SignIn:
    """Check a password sign-in, in the caller's transaction (which must commit, refusals included:
    they count). A locked account (`login_max_failures` consecutive failures) is refused until an
    administrator unlocks it; from the third failure on, an attempt before the waiting time is over is
    refused without looking at the password. Every attempt is audited under the name tried.

    The account's row stays locked from the first statement to the caller's commit, so the lock and
    the waiting time are checked, the password verified and the failure counted in one step: parallel
    attempts cannot all read the same count. An unknown name, a disabled or a password-less account
    is verified against a dummy hash, so it answers no faster than a wrong password."""
    now = now or now_wib()
    row = _hold_user(conn, username)  # first: on SQLite the write lock must come before any read
    max_failures = int(load_settings(conn)["login_max_failures"])
    if row is not None and row.failed_logins >= max_failures:
        audit.record(conn, username, "login", False, reason="akun terkunci")
        return SignIn(None, locked_message(max_failures))
    if row is not None and row.locked_until is not None and now < row.locked_until:
        seconds = math.ceil((row.locked_until - now).total_seconds())
        audit.record(conn, username, "login", False, reason="ditahan", wait_seconds=seconds)
        return SignIn(None, f"Terlalu banyak percobaan gagal. Coba lagi dalam {seconds} detik.")
    ok = _password_matches(row.password_hash if row is not None and row.active else None, password)
    if row is None:
        audit.record(conn, username, "login", False, reason="nama pengguna tidak dikenal")
        return SignIn(None, WRONG)
    if ok:
        conn.execute(update(AppUser).where(AppUser.id == row.id).values(
            failed_logins=0, locked_until=None, last_login_at=now))
        audit.record(conn, username, "login", True)
        return SignIn(row.id)
    failures = conn.execute(update(AppUser).where(AppUser.id == row.id)
                            .values(failed_logins=AppUser.failed_logins + 1)
                            .returning(AppUser.failed_logins)).scalar_one()
    wait = wait_after(failures)
    locked = failures >= max_failures
    conn.execute(update(AppUser).where(AppUser.id == row.id).values(
        locked_until=now + wait if wait and not locked else None))
    audit.record(conn, username, "login", False, failures=failures,
                 reason="akun nonaktif" if not row.active else "kata sandi salah")
    if locked:
        audit.record(conn, username, "lockout", False, failures=failures)
        return SignIn(None, locked_message(max_failures))
    if wait:
        return SignIn(None, f"{WRONG} Coba lagi dalam {int(wait.total_seconds())} detik.")
    return SignIn(None, WRONG)


def authenticate(conn: Connection, username: str, password: str) -> int | None:
    """The user's id when the password is right, the account active and not locked (see sign_in)."""
    return sign_in(conn, username, password).user_id


def unlock_user(conn: Connection, username: str, by: str = CLI_OPERATOR) -> None:
    """An administrator lifts a lockout (and any waiting time): the failure count starts again."""
    require_admin(conn, by)
    user_id = _require(conn, username)
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(failed_logins=0, locked_until=None))
    audit.record(conn, by, "user_unlock", True, user=username)


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
    audit.record(conn, row.username if row is not None else (email or "?"), "login_sso", ok, email=email or None)
    return row.id if ok else None


LIST_COLUMNS = ["username", "display_name", "role", "email", "active", "grants", "last_login_at",
                "failed_logins", "locked"]


def list_users(conn: Connection, by: str = CLI_OPERATOR) -> pd.DataFrame:
    """One row per user: username, display_name, role, email, active, grants (readable, by name),
    last_login_at, failed_logins, locked (by the setting `login_max_failures`). Administrators only."""
    require_admin(conn, by)
    max_failures = int(load_settings(conn)["login_max_failures"])
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
        "locked": u.failed_logins >= max_failures,
    } for u in users], columns=LIST_COLUMNS)


# --- sessions: a sign-in that survives a reload or a new tab until it expires ------------------
SESSION_LIFETIME = timedelta(hours=12)
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


def session_idle(conn: Connection) -> timedelta:
    """How long a session may go unused (setting `session_idle_minutes`)."""
    return timedelta(minutes=int(load_settings(conn)["session_idle_minutes"]))


def active_usernames(conn: Connection) -> list[str]:
    """The usernames of the active accounts."""
    return [u for (u,) in conn.execute(select(AppUser.username).where(AppUser.active.is_(True)))]


def identity(conn: Connection, user_id: int) -> tuple[int, str, str, str]:
    """An account's (id, username, display_name, role); NoResultFound when there is none."""
    return tuple(conn.execute(select(AppUser.id, AppUser.username, AppUser.display_name, AppUser.role)
                              .where(AppUser.id == user_id)).one())


def resolve_session(conn: Connection, token: str | None, idle: timedelta | None = None) -> int | None:
    """The active user a token belongs to, if the session is neither revoked, expired nor idle longer
    than `idle` (default: the setting `session_idle_minutes`), and the user still active; refreshes
    its last-seen time at most once a minute."""
    if not token:
        return None
    idle = session_idle(conn) if idle is None else idle
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
    revoked = _end_sessions(conn, user_id)
    audit.record(conn, actor, "logout", True, sessions=revoked)
    return revoked
