"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when TEST_DATABASE_URL is
set), cleared Streamlit caches, and absolute paths for AppTest."""
from __future__ import annotations

import itertools
import os
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


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """An empty database on each backend: a SQLite file, or a fresh schema in the PostgreSQL test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        dispose_all()
    else:
        with postgres_schema(PG_URL) as url:
            yield url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'test.sqlite'}"
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
    import shutil

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
