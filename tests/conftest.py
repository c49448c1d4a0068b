"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when TEST_DATABASE_URL is
set), cleared Streamlit caches, absolute paths for AppTest, cheap argon2 parameters, and the rule
that sorts tests into the fast tier (`make test-fast`, docs/testing.md)."""
from __future__ import annotations

import inspect
import itertools
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data_access.db import dispose_all, get_engine  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL")
PG_SKIP_REASON = "TEST_DATABASE_URL not set: PostgreSQL tests are skipped (CI sets it)"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql",
                 marks=pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)),
]


_schemas = itertools.count()


# --- argon2 cost ------------------------------------------------------------------------------------
# The product hashes with argon2's default parameters (64 MiB, 3 passes, 4 lanes: ~0,2 s of CPU a hash
# here), which made password hashing a quarter of the suite's time. Tests in this process hash with the
# cheapest parameters instead: the same code, the same argon2id format, only the cost differs. A test
# about the cost itself (timing, the parameters stored) asks for the product's hasher with
# @pytest.mark.real_argon2. Servers and commands the tests start as subprocesses use the real one.
@pytest.fixture(scope="session", autouse=True)
def _cheap_argon2():
    from argon2 import PasswordHasher

    import data_access.users as users

    real = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    users._dummy_hash.cache_clear()
    yield
    users._hasher = real
    users._dummy_hash.cache_clear()


@pytest.fixture(autouse=True)
def _real_argon2_when_marked(request, monkeypatch):
    if request.node.get_closest_marker("real_argon2") is None:
        yield
        return
    from argon2 import PasswordHasher

    import data_access.users as users

    monkeypatch.setattr(users, "_hasher", PasswordHasher())
    users._dummy_hash.cache_clear()
    yield
    users._dummy_hash.cache_clear()


@contextmanager
def postgres_schema(url: str):
    """A fresh schema of its own in the PostgreSQL test database, so runs and tests never collide;
    yields a URL whose search_path points at it, and drops it afterwards."""
    name = f"t_{os.getpid()}_{next(_schemas)}"
    admin = get_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {name}"))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{name}"
    finally:
        dispose_all()
        with get_engine(url).begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        dispose_all()


# --- a database at the newest schema, without migrating it per test ---------------------------------
# Running the migrations from empty costs about 0,4 s on SQLite and 0,8 s on PostgreSQL; a few hundred
# tests each start from a fresh database. So each worker migrates once, and a test gets a copy: the
# SQLite file copied, the PostgreSQL schema replayed from pg_dump's script of the migrated one (the same
# tables, indexes, sequences, reference rows and alembic version). A test about the migrations
# themselves, or that needs a database without tables, says so with @pytest.mark.empty_database.
def _wants_empty(request) -> bool:
    return request.node.get_closest_marker("empty_database") is not None


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory) -> Path:
    from data_access.schema import upgrade

    path = tmp_path_factory.mktemp("migrated") / "head.sqlite"
    upgrade(get_engine(f"sqlite:///{path}"))
    dispose_all()
    return path


def _fresh_sqlite(request, tmp_path) -> str:
    path = tmp_path / "test.sqlite"
    if not _wants_empty(request):
        shutil.copyfile(request.getfixturevalue("_migrated_sqlite"), path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def _migrated_postgres_script() -> str:
    """pg_dump's script of a schema migrated to the newest revision, its name written as SCHEMA_TOKEN
    (empty without pg_dump: each test's code then migrates its schema itself, as before)."""
    from data_access.schema import upgrade

    if not shutil.which("pg_dump"):
        return ""
    with postgres_schema(PG_URL) as url:
        upgrade(get_engine(url))
        dispose_all()
        return dump_schema_script(url)


SCHEMA_TOKEN = "schema_of_this_test"


def dump_schema_script(url: str) -> str:
    """pg_dump's script of the schema a postgres_schema URL points at (tables, partitions, indexes,
    sequences, rows), its name written as SCHEMA_TOKEN."""
    name = url.rsplit("%3D", 1)[1]
    dump = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", "--inserts", "-n", name,
                           PG_URL.replace("postgresql+psycopg://", "postgresql://")],
                          capture_output=True, text=True, check=True).stdout
    lines = [line for line in dump.splitlines()
             if not line.startswith(("CREATE SCHEMA", "SET ", "SELECT pg_catalog.set_config", "--", "\\"))]
    return re.sub(rf"\b{name}\.", f"{SCHEMA_TOKEN}.", "\n".join(lines))


def replay_schema_script(script: str, url: str) -> None:
    """Run a dump_schema_script script into the (empty) schema a postgres_schema URL points at."""
    name = url.rsplit("%3D", 1)[1]
    with get_engine(PG_URL).begin() as conn:
        conn.exec_driver_sql(script.replace(f"{SCHEMA_TOKEN}.", f"{name}."))


@contextmanager
def _fresh_postgres(request):
    with postgres_schema(PG_URL) as url:
        script = "" if _wants_empty(request) else request.getfixturevalue("_migrated_postgres_script")
        if script:
            replay_schema_script(script, url)
        yield url


@contextmanager
def demo_database(backend: str, tmp_path_factory, scale: str = "tiny"):
    """A database on `backend` ("sqlite" or "postgresql") holding the demo of `scale`, for a module's
    tests that read it or add nothing to it (module-scoped fixtures); yields its URL and the load's results."""
    from data_access.bootstrap import load_demo

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp(scale) / f'{scale}.sqlite'}"
        yield url, load_demo(get_engine(url), scale)
        dispose_all()
    else:
        with postgres_schema(PG_URL) as url:
            yield url, load_demo(get_engine(url), scale)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A database on each backend at the newest schema (empty of data; without tables when the test is
    marked empty_database): a SQLite file, or a schema of its own in the PostgreSQL test database."""
    if request.param == "sqlite":
        yield _fresh_sqlite(request, tmp_path)
        dispose_all()
    else:
        with _fresh_postgres(request) as url:
            yield url


@pytest.fixture
def sqlite_url(request, tmp_path) -> str:
    url = _fresh_sqlite(request, tmp_path)
    yield url
    dispose_all()


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """st.cache_* outlive AppTest instances within one process; clear them around every test."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def pytest_runtest_teardown(item, nextitem):
    """After a module's last test (the next one is another module's, or none), close the Chromium that
    its browser tests shared (tests/browser.py)."""
    if nextitem is not None and getattr(nextitem, "module", None) is getattr(item, "module", None):
        return
    shared = sys.modules.get("tests.browser")
    if shared is not None:
        shared.stop_shared_browser()


def pytest_report_header(config):
    return [f"PostgreSQL: {'TEST_DATABASE_URL set, tests run there' if PG_URL else PG_SKIP_REASON}"]


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The small demo (with its demo accounts) built once per test run, as a SQLite file."""
    from data_access.bootstrap import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    load_demo(get_engine(f"sqlite:///{path}"), "small")
    dispose_all()
    return path


@pytest.fixture
def demo_url(demo_file, tmp_path, monkeypatch) -> str:
    """A private copy of the small demo for one test, set as DATABASE_URL for AppTest pages."""
    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    dispose_all()


@pytest.fixture
def siasn_engine(db_url):
    """An engine on `db_url` holding the five staff of fixtures/siasn_data_asn.csv (province and
    Lampung Selatan)."""
    from data_access.importing.load import import_file

    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    return engine


# --- the fast tier ----------------------------------------------------------------------------------
# `make test-fast` runs `-m "not heavy"`: pure and unit tests (metrics pipelines, vocab, parsing,
# imports of small fixture files on SQLite). This rule marks the rest `heavy` as they are collected, so
# a new test lands in the right tier without anyone listing it: a browser test; a PostgreSQL variant;
# one that uses the session's demo database; one whose code (its own, its fixtures', or a helper of its
# module or of tests/ that it calls) names AppTest, a page helper, a subprocess or the demo loader. A
# slow test the rule misses can say so itself with @pytest.mark.heavy.
TESTS_DIR = str(Path(__file__).resolve().parent)
HEAVY_FIXTURES = frozenset({"demo_file", "demo_url"})
HEAVY_NAMES = frozenset({"AppTest", "open_as", "subprocess", "Popen", "load_demo", "streamlit_server",
                         "demo_copy_server", "browser"})


def _names_heavy(func, seen: set) -> bool:
    """Whether `func`'s code, or that of a function it names from its module or from tests/, names one of
    HEAVY_NAMES (followed through nested functions, lambdas and comprehensions)."""
    func = inspect.unwrap(func)
    code = getattr(func, "__code__", None)
    if code is None or code in seen:
        return False
    seen.add(code)
    scope = getattr(func, "__globals__", {})
    stack = [code]
    while stack:
        co = stack.pop()
        names = co.co_names + co.co_freevars
        # A function-level `from tests.x import helper` names the module and the helper.
        # (pytest may have imported a test module under its bare name.)
        imported = [m for n in names if n.startswith("tests.")
                    for m in (sys.modules.get(n), sys.modules.get(n.removeprefix("tests."))) if m is not None]
        for name in names:
            if name in HEAVY_NAMES:
                return True
            for target in [scope.get(name)] + [getattr(m, name, None) for m in imported]:
                if inspect.isfunction(target) and target.__code__.co_filename.startswith(TESTS_DIR) and \
                        _names_heavy(target, seen):
                    return True
        stack.extend(c for c in co.co_consts if inspect.iscode(c))
    return False


def _is_heavy(item) -> bool:
    if item.get_closest_marker("browser") or item.get_closest_marker("heavy"):
        return True
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "postgresql" in callspec.id.split("-"):
        return True
    if HEAVY_FIXTURES & set(item.fixturenames):
        return True
    funcs = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for name in item.fixturenames:
        for fixturedef in (info.name2fixturedefs.get(name, ()) if info else ()):
            funcs.append(fixturedef.func)
    seen: set = set()
    return any(f is not None and _names_heavy(f, seen) for f in funcs)


def _module_fixture_users(item) -> bool:
    """Whether the test uses a module- or class-scoped fixture of its own module (built once per module
    on the worker that runs it)."""
    info = getattr(item, "_fixtureinfo", None)
    for name in item.fixturenames:
        for fixturedef in (info.name2fixturedefs.get(name, ()) if info else ()):
            if fixturedef.scope in ("module", "class") and \
                    fixturedef.func.__code__.co_filename == str(item.path):
                return True
    return False


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_heavy(item):
            item.add_marker(pytest.mark.heavy)
        # `make test` runs with --dist loadgroup: the browser tests run one after the other on one
        # worker (two Streamlit servers and two Chromiums at once starved each other on 2 cores: a first
        # sign-in took over 60 s); tests sharing a module fixture (a built database) stay on one worker,
        # so that the fixture is built once; the rest spread one by one.
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif _module_fixture_users(item):
            item.add_marker(pytest.mark.xdist_group(item.path.name))
