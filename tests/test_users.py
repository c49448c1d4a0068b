"""Local accounts: argon2 hashes, disabled users, grants, and the users command."""
import subprocess
import sys

import pytest
from sqlalchemy import select, text

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.models import AppUser
from data_access.scope import UnknownUser, scope_for_user
from data_access.users import Grant, UserError, add_user, authenticate, disable_user, reset_password
from tests.conftest import FIXTURES, ROOT

PASSWORD = "rahasia-lampung-1"


@pytest.fixture
def engine(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    return engine


def test_password_is_stored_as_argon2_and_checked(engine):
    with engine.begin() as conn:
        add_user(conn, "kadinkes", "Kepala Dinkes", "kepala_opd", PASSWORD,
                 [Grant(agency="Dinkes", region="Provinsi Lampung")])
    with engine.connect() as conn:
        stored = conn.execute(select(AppUser.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
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


def test_users_command(engine, db_url):
    def run(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "data_access", "users", *args, "--db", db_url], cwd=ROOT,
                              input=stdin, capture_output=True, text=True, timeout=120)

    added = run("add", "bupati", "--role", "pimpinan", "--name", "Bupati Lampung Selatan",
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
