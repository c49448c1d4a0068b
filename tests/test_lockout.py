"""Repeated failed sign-ins: slowed from the third, locked at `login_max_failures` (default 5) until an
administrator unlocks (data layer, command line and the Pengguna page); every step audited."""
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from data_access.config import now_wib
from data_access.db import get_engine
from data_access.schema import upgrade
from data_access.settings import save_setting
from data_access.users import (
    WRONG,
    Grant,
    NotAllowed,
    add_user,
    list_users,
    locked_message,
    sign_in,
    unlock_user,
    wait_after,
)
from tests.conftest import ROOT

PASSWORD = "rahasia-lampung-1"
BAD = "salah-sandi-123"


@pytest.fixture
def engine(db_url):
    engine = get_engine(db_url)
    upgrade(engine)
    with engine.begin() as conn:
        add_user(conn, "admin.bkd", "Admin BKD", "admin", PASSWORD, [])
        add_user(conn, "analis1", "Analis", "analis", PASSWORD, [Grant(region="Provinsi Lampung")])
    return engine


def attempt(engine, password, at, username="analis1"):
    with engine.begin() as conn:
        return sign_in(conn, username, password, now=at)


def audited(engine, action):
    with engine.connect() as conn:
        return [(u, bool(ok)) for u, ok in conn.execute(
            text("select user_name, ok from audit_log where action = :a order by id"), {"a": action})]


def test_the_waiting_time_doubles_from_the_third_failure():
    assert [wait_after(n).total_seconds() for n in range(1, 7)] == [0, 0, 15, 30, 60, 120]


def test_slowed_then_locked_then_unlocked_by_an_admin(engine):
    t = now_wib()
    assert attempt(engine, BAD, t).message == WRONG
    assert attempt(engine, BAD, t).message == WRONG
    third = attempt(engine, BAD, t)
    assert third.user_id is None and "Coba lagi dalam 15 detik" in third.message
    # Within the wait even the right password is refused, unchecked and uncounted.
    early = attempt(engine, PASSWORD, t + timedelta(seconds=5))
    assert early.user_id is None and "10 detik" in early.message
    assert "30 detik" in attempt(engine, BAD, t + timedelta(seconds=16)).message
    fifth = attempt(engine, BAD, t + timedelta(seconds=47))
    assert fifth.message == locked_message(5)
    # Locked: no waiting time ends it, the right password neither.
    assert attempt(engine, PASSWORD, t + timedelta(days=2)).message == locked_message(5)
    with engine.connect() as conn:
        row = list_users(conn, by="admin.bkd").set_index("username").loc["analis1"]
    assert row["locked"] and row["failed_logins"] == 5
    assert audited(engine, "lockout") == [("analis1", False)]
    assert audited(engine, "login") == [("analis1", False)] * 7

    with engine.begin() as conn:
        with pytest.raises(NotAllowed):
            unlock_user(conn, "analis1", by="analis1")
        unlock_user(conn, "analis1", by="admin.bkd")
    assert attempt(engine, PASSWORD, t + timedelta(days=2)).user_id is not None
    assert audited(engine, "user_unlock") == [("admin.bkd", True)]


def test_a_success_resets_the_count(engine):
    t = now_wib()
    attempt(engine, BAD, t)
    attempt(engine, BAD, t)
    assert attempt(engine, PASSWORD, t).user_id is not None
    attempt(engine, BAD, t)
    assert attempt(engine, BAD, t).message == WRONG  # two in a row again: not slowed yet


def test_the_limit_is_a_setting(engine):
    with engine.begin() as conn:
        save_setting(conn, "login_max_failures", 3, "admin.bkd")
    t = now_wib()
    attempt(engine, BAD, t)
    attempt(engine, BAD, t)
    assert attempt(engine, BAD, t).message == locked_message(3)


def test_unknown_names_are_refused_like_wrong_passwords(engine):
    assert attempt(engine, PASSWORD, now_wib(), username="tidak.ada").message == WRONG


def test_unlock_command(engine, db_url):
    t = now_wib()
    with engine.begin() as conn:
        save_setting(conn, "login_max_failures", 1, "admin.bkd")
    assert attempt(engine, BAD, t).message == locked_message(1)
    listed = subprocess.run([sys.executable, "-m", "data_access", "users", "list", "--db", db_url], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert "terkunci" in listed.stdout
    done = subprocess.run([sys.executable, "-m", "data_access", "users", "unlock", "analis1", "--db", db_url],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert attempt(engine, PASSWORD, t).user_id is not None
    assert audited(engine, "user_unlock") == [("cli", True)]


def test_the_pengguna_page_shows_the_lock_and_unlocks(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    engine = get_engine(sqlite_url)
    upgrade(engine)
    with engine.begin() as conn:
        add_user(conn, "admin.bkd", "Admin BKD", "admin", PASSWORD, [])
        add_user(conn, "analis1", "Analis", "analis", PASSWORD, [])
        save_setting(conn, "login_max_failures", 2, "admin.bkd")
    login = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    for _ in range(2):
        login.text_input(key="login_user").input("analis1")
        login.text_input(key="login_password").input(BAD)
        login = login.button[0].click().run()
    assert login.error[0].value == locked_message(2)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    at.text_input(key="login_user").input("admin.bkd")
    at.text_input(key="login_password").input(PASSWORD)
    at = at.button[0].click().run()
    at.switch_page("pages/pengguna.py").run()
    assert list(at.dataframe[0].value.set_index("Nama pengguna")["Terkunci"]) == ["", "Ya"]
    at.selectbox(key="pilih_pengguna").select("analis1").run()
    assert "terkunci" in at.warning[0].value
    at = at.button(key="buka_kunci_analis1").click().run()
    assert "Kunci akun analis1 dibuka." in at.success[0].value
    assert attempt(engine, PASSWORD, now_wib()).user_id is not None


def test_a_session_idle_longer_than_the_setting_ends_and_one_used_within_it_continues(engine):
    from data_access.models import UserSession
    from data_access.users import create_session, resolve_session

    uid = attempt(engine, PASSWORD, now_wib()).user_id
    with engine.begin() as conn:
        save_setting(conn, "session_idle_minutes", 30, "admin.bkd")
        used, idle = create_session(conn, uid), create_session(conn, uid)

    def last_seen(token_minutes_ago: dict) -> None:
        from data_access.users import _token_hash

        with engine.begin() as conn:
            for token, minutes in token_minutes_ago.items():
                conn.execute(UserSession.__table__.update().where(UserSession.token_hash == _token_hash(token))
                             .values(last_seen_at=now_wib() - timedelta(minutes=minutes)))

    last_seen({used: 29, idle: 31})
    with engine.begin() as conn:
        assert resolve_session(conn, used) == uid
        assert resolve_session(conn, idle) is None
    with engine.begin() as conn:
        save_setting(conn, "session_idle_minutes", 240, "admin.bkd")
        assert resolve_session(conn, idle) == uid  # a longer limit applies at once
