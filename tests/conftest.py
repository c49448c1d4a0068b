"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when TEST_DATABASE_URL is
set), cleared Streamlit caches, and absolute paths for AppTest."""
from __future__ import annotations

import os
import sys
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


def _reset_postgres(url: str) -> None:
    dispose_all()
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    dispose_all()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """An empty database on each backend: a SQLite file, or the reset PostgreSQL test database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    else:
        url = PG_URL
        _reset_postgres(url)
    yield url
    dispose_all()


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
