"""Local accounts: argon2 hashes, disabled users, grants, and the users command."""
import subprocess
import sys

import pytest
from argon2 import extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY
from sqlalchemy import select, text

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.models import AppUser
from data_access.scope import UnknownUser, scope_for_user
from data_access.users import Grant, add_user, authenticate, disable_user, reset_password
from data_access.authz import UserError
from data_access.__main__ import main
from tests.cli import run_main
from tests.conftest import FIXTURES, ROOT

PASSWORD = "rahasia-lampung-1"


@pytest.fixture
def engine(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    return engine


@pytest.mark.real_argon2
def test_password_is_stored_as_argon2_and_checked(engine):
    with engine.begin() as conn:
        add_user(conn, "kadinkes", "Kepala Dinkes", "kepala_opd", PASSWORD,
                 [Grant(agency="Dinkes", region="Provinsi Lampung")])
    with engine.connect() as conn:
        stored = conn.execute(select(AppUser.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    # The product's cost: argon2-cffi's defaults (RFC 9106, low memory), not the suite's cheap ones.
    assert extract_parameters(stored) == RFC_9106_LOW_MEMORY
    with engine.begin() as conn:
        assert authenticate(conn, "kadinkes", PASSWORD) is not None
        assert authenticate(conn, "kadinkes", "salah-sandi-123") is None
        assert authenticate(conn, "tidakada", PASSWORD) is None
    with engine.connect() as conn:
        assert conn.execute(select(AppUser.failed_logins)).scalar_one() == 1
        audit = conn.execute(text("select user_name, ok from audit_log where action = 'login' order by id")).all()
    assert [(u, bool(ok)) for u, ok in audit] == [("kadinkes", True), ("kadinkes", False), ("tidakada", False)]


def test_disabled_user_cannot_sign_in_or_read(engine):
    with engine.begin() as conn:
        add_user(conn, "lama", "Pegawai Lama", "analis", PASSWORD, [Grant(region="Provinsi Lampung")])
        disable_user(conn, "lama")
    with engine.begin() as conn:
        assert authenticate(conn, "lama", PASSWORD) is None
        with pytest.raises(UnknownUser):
            scope_for_user(conn, "lama")


def test_reset_password_and_rules(engine):
    with engine.begin() as conn:
        add_user(conn, "analis1", "Analis", "analis", PASSWORD, [])
        reset_password(conn, "analis1", "sandi-baru-yang-panjang")
        assert authenticate(conn, "analis1", PASSWORD) is None
        assert authenticate(conn, "analis1", "sandi-baru-yang-panjang") is not None
        with pytest.raises(UserError, match="minimal 10"):
            reset_password(conn, "analis1", "pendek")
        with pytest.raises(UserError, match="sudah ada"):
            add_user(conn, "ANALIS1", "Lagi", "analis", PASSWORD, [])
        with pytest.raises(UserError, match="Peran"):
            add_user(conn, "x", "X", "raja", PASSWORD, [])
        with pytest.raises(UserError, match="beberapa daerah"):
            add_user(conn, "y", "Y", "kepala_opd", PASSWORD, [Grant(agency="Dinas Kesehatan")])


def test_users_command(engine, db_url, capsys, monkeypatch):
    def shell(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "data_access", "users", *args, "--db", db_url], cwd=ROOT,
                              input=stdin, capture_output=True, text=True, timeout=120)

    def run(*args, stdin=""):  # the same command's main() in this process (tests/cli.py)
        return run_main(main, ["users", *args, "--db", db_url], capsys, monkeypatch, stdin=stdin)

    added = shell("add", "bupati", "--role", "pimpinan", "--name", "Bupati Lampung Selatan",
                "--grant", "region=Kabupaten Lampung Selatan", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    unit = run("add", "kauptd", "--role", "kepala_opd",
               "--grant", "unit=UPTD Puskesmas Kalianda@Dinas Kesehatan@Kabupaten Lampung Selatan",
               "--password-stdin", stdin=PASSWORD + "\n")
    assert unit.returncode == 0, unit.stderr
    listed = run("list")
    assert "bupati" in listed.stdout and "Kabupaten Lampung Selatan" in listed.stdout
    assert "UPTD Puskesmas Kalianda" in listed.stdout
    with engine.connect() as conn:
        scope = scope_for_user(conn, "kauptd")
    assert len(scope.units) == 1 and not scope.regions and not scope.agencies
    assert run("disable", "bupati").returncode == 0
    assert "False" in run("list").stdout
    assert run("enable", "bupati").returncode == 0
    assert "False" not in run("list").stdout
    bad = run("add", "z", "--role", "analis", "--grant", "agency=Dinas Entah@Provinsi Lampung", "--password-stdin",
              stdin=PASSWORD + "\n")
    assert bad.returncode == 1 and "tidak dikenal" in bad.stderr


def test_sessions_survive_until_expiry_idle_or_sign_out(engine):
    from datetime import timedelta

    from data_access.users import create_session, resolve_session, sign_out_everywhere

    with engine.begin() as conn:
        uid = add_user(conn, "sesi", "Sesi", "analis", PASSWORD, [])
        first, second = create_session(conn, uid), create_session(conn, uid)  # two tabs or devices
    with engine.begin() as conn:
        assert resolve_session(conn, first) == uid and resolve_session(conn, second) == uid
        assert resolve_session(conn, "tebakan") is None and resolve_session(conn, None) is None
        assert resolve_session(conn, first, idle=timedelta(seconds=-1)) is None  # idle too long
        short = create_session(conn, uid, lifetime=timedelta(seconds=-1))
        assert resolve_session(conn, short) is None  # expired
    with engine.begin() as conn:
        assert sign_out_everywhere(conn, uid, "sesi") == 3
        assert resolve_session(conn, first) is None and resolve_session(conn, second) is None
    with engine.connect() as conn:
        stored = conn.execute(text("select token_hash from user_session")).scalars().all()
    assert first not in stored  # only hashes are kept


def test_a_disabled_users_sessions_stop_working(engine):
    from data_access.users import create_session, resolve_session

    with engine.begin() as conn:
        uid = add_user(conn, "keluar", "Keluar", "analis", PASSWORD, [])
        token = create_session(conn, uid)
        disable_user(conn, "keluar")
        assert resolve_session(conn, token) is None


def test_reruns_do_not_write_the_session_each_time(engine):
    from datetime import timedelta

    from data_access.models import UserSession
    from data_access.users import SESSION_TOUCH_EVERY, create_session, resolve_session

    with engine.begin() as conn:
        uid = add_user(conn, "klik", "Klik", "analis", PASSWORD, [])
        token = create_session(conn, uid)
        first = conn.execute(select(UserSession.last_seen_at)).scalar_one()
        assert resolve_session(conn, token) == uid
        assert conn.execute(select(UserSession.last_seen_at)).scalar_one() == first  # just seen: no write
        stale = first - SESSION_TOUCH_EVERY - timedelta(seconds=1)
        conn.execute(UserSession.__table__.update().values(last_seen_at=stale))
        assert resolve_session(conn, token) == uid
        assert conn.execute(select(UserSession.last_seen_at)).scalar_one() > stale


# --- administration in the data layer: only admins (and the shell operator) manage accounts ------
@pytest.fixture
def with_admin(engine):
    with engine.begin() as conn:
        add_user(conn, "admin.bkd", "Admin", "admin", PASSWORD, [])
        add_user(conn, "analis.bkd", "Analis", "analis", PASSWORD, [Grant(region="Provinsi Lampung")])
    return engine


def test_only_an_active_admin_may_manage_accounts(with_admin):
    from data_access.users import enable_user, list_users, set_grants, set_role, sign_out_user
    from data_access.authz import NotAllowed

    calls = [
        lambda c, by: add_user(c, "baru", "Baru", "analis", PASSWORD, [], by=by),
        lambda c, by: disable_user(c, "analis.bkd", by=by),
        lambda c, by: enable_user(c, "analis.bkd", by=by),
        lambda c, by: reset_password(c, "analis.bkd", "sandi-lain-yang-panjang", by=by),
        lambda c, by: set_grants(c, "analis.bkd", [], by=by),
        lambda c, by: set_role(c, "analis.bkd", "admin", by=by),
        lambda c, by: sign_out_user(c, "analis.bkd", by=by),
        lambda c, by: list_users(c, by=by),
    ]
    for call in calls:
        for actor in ("analis.bkd", "tidakada"):
            with with_admin.begin() as conn, pytest.raises(NotAllowed, match="Hanya administrator"):
                call(conn, actor)
    with with_admin.begin() as conn:
        disable_user(conn, "admin.bkd", by="cli")  # a disabled admin is no admin
    with with_admin.begin() as conn, pytest.raises(NotAllowed):
        list_users(conn, by="admin.bkd")
    with with_admin.connect() as conn:
        assert scope_for_user(conn, "analis.bkd").regions  # nothing changed


def test_admin_changes_are_applied_and_audited(with_admin):
    from data_access.users import enable_user, list_users, set_grants, set_role, sign_out_user, user_grants
    from data_access.users import create_session, resolve_session

    with with_admin.begin() as conn:
        uid = authenticate(conn, "analis.bkd", PASSWORD)
        token = create_session(conn, uid)
        disable_user(conn, "analis.bkd", by="admin.bkd")
        enable_user(conn, "analis.bkd", by="admin.bkd")
        set_grants(conn, "analis.bkd", [Grant(unit="UPTD Puskesmas Kalianda", agency="Dinas Kesehatan",
                                              region="Kabupaten Lampung Selatan")], by="admin.bkd")
        set_role(conn, "analis.bkd", "kepala_opd", by="admin.bkd")
        assert resolve_session(conn, token) is None  # the changes above ended it
        again = create_session(conn, uid)
        assert sign_out_user(conn, "analis.bkd", by="admin.bkd") == 1
        assert resolve_session(conn, again) is None
        assert user_grants(conn, "analis.bkd") == [Grant(region="Kabupaten Lampung Selatan", agency="Dinas Kesehatan",
                                                         unit="UPTD Puskesmas Kalianda")]
        row = list_users(conn, by="admin.bkd").set_index("username").loc["analis.bkd"]
        audit = conn.execute(text("select user_name, action from audit_log where user_name = 'admin.bkd' "
                                  "order by id")).all()
    assert row["role"] == "kepala_opd" and bool(row["active"]) and row["last_login_at"] is not None
    assert row["grants"] == "UPTD Puskesmas Kalianda — Dinas Kesehatan — Kabupaten Lampung Selatan"
    assert [a for _, a in audit] == ["user_disable", "user_enable", "user_grants", "user_role", "user_sign_out"]
    with with_admin.connect() as conn:
        scope = scope_for_user(conn, "analis.bkd")
    assert len(scope.units) == 1 and not scope.regions


def test_an_admin_cannot_lock_themselves_out(with_admin):
    from data_access.users import set_role

    with with_admin.begin() as conn:
        with pytest.raises(UserError, match="sendiri"):
            disable_user(conn, "admin.bkd", by="admin.bkd")
        with pytest.raises(UserError, match="sendiri"):
            set_role(conn, "admin.bkd", "analis", by="admin.bkd")


@pytest.mark.parametrize("password, message", [
    ("pendek", "minimal 10 karakter"),
    ("a" * 12, "satu karakter"),
    ("x" * 129 + "y", "paling panjang 128"),
    ("budi.santoso-2026", "memuat nama pengguna"),
])
def test_password_rules_speak_indonesian(password, message):
    from data_access.users import check_password

    with pytest.raises(UserError, match=message):
        check_password(password, "budi.santoso")


def test_reserved_names_and_emails(engine):
    with engine.begin() as conn:
        with pytest.raises(UserError, match="dicadangkan"):
            add_user(conn, "cli", "Operator", "admin", PASSWORD, [])
        with pytest.raises(UserError, match="tidak sah"):
            add_user(conn, "e", "E", "analis", PASSWORD, [], email="bukan-email")
        add_user(conn, "sso.saja", "SSO", "analis", None, [], email=" Orang@LampungProv.go.id ")
        with pytest.raises(UserError, match="sudah dipakai"):
            add_user(conn, "dua", "Dua", "analis", PASSWORD, [], email="orang@lampungprov.go.id")
        assert conn.execute(select(AppUser.email).where(AppUser.username == "sso.saja")).scalar() == \
            "orang@lampungprov.go.id"
        assert authenticate(conn, "sso.saja", "") is None  # no password: SSO only


def test_sso_email_maps_to_an_active_user_only(engine):
    from data_access.users import enable_user, set_email, user_for_email

    with engine.begin() as conn:
        uid = add_user(conn, "kadis", "Kadis", "kepala_opd", PASSWORD, [], email="kadis@lampungprov.go.id")
        assert user_for_email(conn, "KADIS@LampungProv.go.id ") == uid
        assert user_for_email(conn, "orang.lain@gmail.com") is None
        assert user_for_email(conn, None) is None and user_for_email(conn, "") is None
        disable_user(conn, "kadis")
        assert user_for_email(conn, "kadis@lampungprov.go.id") is None
        enable_user(conn, "kadis")
        set_email(conn, "kadis", "kadis.baru@lampungprov.go.id")
        assert user_for_email(conn, "kadis@lampungprov.go.id") is None
        assert user_for_email(conn, "kadis.baru@lampungprov.go.id") == uid
        audit = conn.execute(text("select user_name, ok from audit_log where action = 'login_sso' order by id")).all()
    assert [(u, bool(ok)) for u, ok in audit] == [
        ("kadis", True), ("orang.lain@gmail.com", False), ("?", False), ("?", False), ("kadis", False),
        ("kadis@lampungprov.go.id", False), ("kadis", True)]


# --- an account change ends the user's sessions: the cookie and any open tab alike -------------
def _change(conn, change: str) -> None:
    from data_access.users import enable_user, set_grants, set_role

    if change == "reset_password":
        reset_password(conn, "analis.bkd", "sandi-lain-yang-panjang", by="admin.bkd")
    elif change == "disable":
        disable_user(conn, "analis.bkd", by="admin.bkd")
    elif change == "enable":
        enable_user(conn, "analis.bkd", by="admin.bkd")
    elif change == "role":
        set_role(conn, "analis.bkd", "pimpinan", by="admin.bkd")
    elif change == "grants":
        set_grants(conn, "analis.bkd", [Grant(region="Kabupaten Lampung Selatan")], by="admin.bkd")


@pytest.mark.parametrize("change", ["reset_password", "disable", "enable_after_disable", "role", "grants"])
def test_an_account_change_ends_every_session_of_the_user(with_admin, change):
    from data_access.users import create_session, resolve_session

    with with_admin.begin() as conn:
        uid = authenticate(conn, "analis.bkd", PASSWORD)
        admin_id = authenticate(conn, "admin.bkd", PASSWORD)
        cookie, laptop = create_session(conn, uid), create_session(conn, uid)
        admins = create_session(conn, admin_id)
    # Disabled and enabled in separate steps, as on the page: the old sessions must stay dead.
    for step in (["disable", "enable"] if change == "enable_after_disable" else [change]):
        with with_admin.begin() as conn:
            _change(conn, step)
    with with_admin.begin() as conn:
        assert resolve_session(conn, cookie) is None and resolve_session(conn, laptop) is None
        assert resolve_session(conn, admins) == admin_id  # nobody else is signed out
        revoked = conn.execute(text("select count(*) from user_session where user_id = :u and revoked_at is not null"),
                               {"u": uid}).scalar_one()
        detail = conn.execute(text("select detail from audit_log where user_name = 'admin.bkd' "
                                   "and action like 'user_%' order by id")).scalars().all()
    assert revoked == 2
    assert '"sessions": 2' in detail[0]  # the audit row says how many sessions ended
    if change != "disable":  # a new sign-in works and gets a fresh session
        new_password = "sandi-lain-yang-panjang" if change == "reset_password" else PASSWORD
        with with_admin.begin() as conn:
            assert resolve_session(conn, create_session(conn, authenticate(conn, "analis.bkd", new_password))) == uid


def test_saving_the_same_role_or_grants_again_ends_nothing(with_admin):
    from data_access.users import create_session, resolve_session, set_grants, set_role

    with with_admin.begin() as conn:
        uid = authenticate(conn, "analis.bkd", PASSWORD)
        token = create_session(conn, uid)
        set_role(conn, "analis.bkd", "analis", by="admin.bkd")
        set_grants(conn, "analis.bkd", [Grant(region="Provinsi Lampung")], by="admin.bkd")
        assert resolve_session(conn, token) == uid
