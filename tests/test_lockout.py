"""Repeated failed sign-ins: slowed from the third, locked at `login_max_failures` (default 5) until an
administrator unlocks (data layer, command line and the Pengguna page); every step audited."""
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from vocab.clock import now_wib
from data_access.db import get_engine
from data_access.schema import upgrade
from data_access.settings import save_setting
from data_access.users import WRONG, Grant, add_user, list_users, locked_message, sign_in, unlock_user, wait_after
from data_access.authz import NotAllowed
from tests.conftest import ROOT
from tests.pages import shown

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
    assert "Kunci akun analis1 dibuka." in shown(at.success[0].value)
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


# --- attacks on sign-in: parallel guesses, and the clock telling which names exist --------------
class SpyHasher:
    """Stands in for the argon2 hasher of data_access.users: records every hash a password is verified
    against and, when `gate` is given, holds each verification at that barrier (briefly), so that
    parallel attempts overlap as widely as possible, as they would in an attack."""

    def __init__(self, gate=None):
        import data_access.users as users

        self.real = users._hasher  # the one in force (tests/conftest.py: cheap unless real_argon2)
        self.verified: list[tuple[str, str]] = []  # (hash, password), in the order checked
        self.gate = gate

    def hash(self, password):
        return self.real.hash(password)

    def verify(self, stored, password):
        self.verified.append((stored, password))
        if self.gate is not None:
            try:
                self.gate.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass  # the attempts do not overlap (they queue for the account): go on
        return self.real.verify(stored, password)


def stored_hash(engine, username="analis1"):
    with engine.connect() as conn:
        return conn.execute(text("select password_hash from app_user where username = :u"),
                            {"u": username}).scalar_one()


def failed_logins(engine, username="analis1"):
    with engine.connect() as conn:
        return conn.execute(text("select failed_logins from app_user where username = :u"),
                            {"u": username}).scalar_one()


def concurrently(engine, passwords, at, username="analis1"):
    """Each password tried at the same moment in its own thread, on its own connection and
    transaction; returns the outcomes in the order given."""
    start = threading.Barrier(len(passwords))
    outcomes: list = [None] * len(passwords)
    errors: list = []

    def run(i, password):
        try:
            with engine.connect() as conn:
                start.wait(timeout=30)
                with conn.begin():
                    outcomes[i] = sign_in(conn, username, password, now=at)
        except Exception as exc:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(passwords)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return outcomes


def test_parallel_wrong_passwords_are_each_counted_and_lock_the_account(engine, monkeypatch):
    """Ten wrong passwords at once (a lock at 3): exactly three are checked and counted, as if one
    after the other; the others are refused unchecked; the right password afterwards is refused."""
    import data_access.users as users

    with engine.begin() as conn:
        save_setting(conn, "login_max_failures", 3, "admin.bkd")
    spy = SpyHasher(gate=threading.Barrier(10))
    monkeypatch.setattr(users, "_hasher", spy)
    t = now_wib()
    outcomes = concurrently(engine, [BAD] * 10, t)
    assert all(o.user_id is None for o in outcomes)
    assert failed_logins(engine) == 3
    assert len(spy.verified) == 3  # no more guesses checked than the lock allows
    assert sum(o.message == locked_message(3) for o in outcomes) == 8  # the third failure, then 7 refusals
    with engine.connect() as conn:
        assert list_users(conn, by="admin.bkd").set_index("username").loc["analis1", "locked"]
    late = attempt(engine, PASSWORD, t + timedelta(days=1))
    assert late.user_id is None and late.message == locked_message(3)


def test_the_right_password_among_parallel_guesses_signs_in_only_before_the_lock(engine, monkeypatch):
    """Ten wrong passwords and the right one at once: whatever order they are taken in, the right one
    signs in only if fewer than three wrong ones were checked before it, the account ends locked,
    and the right password sent after them is refused."""
    import data_access.users as users

    with engine.begin() as conn:
        save_setting(conn, "login_max_failures", 3, "admin.bkd")
    spy = SpyHasher(gate=threading.Barrier(11))
    monkeypatch.setattr(users, "_hasher", spy)
    t = now_wib()
    outcomes = concurrently(engine, [BAD] * 5 + [PASSWORD] + [BAD] * 5, t)
    right = outcomes[5]
    checked = [password for _, password in spy.verified]
    if right.user_id is not None:
        assert checked.index(PASSWORD) < 3  # processed while the account was still open
    else:
        assert right.message == locked_message(3)
    assert all(o.user_id is None for i, o in enumerate(outcomes) if i != 5)
    assert failed_logins(engine) == 3
    with engine.connect() as conn:
        assert list_users(conn, by="admin.bkd").set_index("username").loc["analis1", "locked"]
    assert attempt(engine, PASSWORD, t + timedelta(days=1)).message == locked_message(3)


@pytest.mark.real_argon2
def test_an_unknown_name_costs_the_same_password_check_as_a_wrong_password(engine, monkeypatch):
    """Unknown, disabled and password-less (SSO-only) accounts are verified against a dummy argon2 hash
    made with the same parameters, so each answers only after the same work as a wrong password."""
    import data_access.users as users
    from argon2 import extract_parameters

    with engine.begin() as conn:
        add_user(conn, "lama", "Lama", "analis", PASSWORD, [])
        users.disable_user(conn, "lama")
        add_user(conn, "sso.saja", "SSO", "analis", None, [], email="sso@lampungprov.go.id")
    spy = SpyHasher()
    monkeypatch.setattr(users, "_hasher", spy)
    t = now_wib()
    for name in ("analis1", "tidak.ada", "lama", "sso.saja"):
        before = len(spy.verified)
        assert attempt(engine, BAD, t, username=name).message == WRONG
        assert len(spy.verified) == before + 1, f"{name}: no password check"
    real = extract_parameters(stored_hash(engine))
    assert spy.verified[0][0] == stored_hash(engine)
    assert all(extract_parameters(h) == real for h, _ in spy.verified)


@pytest.mark.real_argon2
def test_the_clock_does_not_tell_an_unknown_name_from_a_wrong_password(engine):
    import time

    def timed(username, at):
        began = time.perf_counter()
        attempt(engine, BAD, at, username=username)
        return time.perf_counter() - began

    t = now_wib()
    attempt(engine, BAD, t, username="tidak.ada")  # the dummy hash is made once, on first use
    # Attempts a day apart: the waiting time after a failure never refuses one unchecked.
    wrong = sorted(timed("analis1", t + timedelta(days=i)) for i in range(3))
    unknown = sorted(timed("tidak.ada", t) for _ in range(3))
    assert unknown[1] > wrong[1] / 3, (unknown, wrong)  # medians; was 0,7 ms against 154 ms
