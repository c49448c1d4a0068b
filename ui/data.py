"""The one place where data access is wrapped in Streamlit caches.

Cached functions are keyed by small values only (database URL, scope, filters and the data version),
never by big frames; the data version changes with every committed import or rollback.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access import reads, users
from data_access.bootstrap import DEMO_ACCOUNTS, prepare_default
from data_access.privacy import name_policy as policy_for
from data_access.settings import load_settings
from data_access.config import database_url
from data_access.db import get_engine
from data_access.inputs import MetricInputs, load_inputs
from data_access.scope import Scope
from vocab.periods import month_keys, period_bounds


def engine() -> Engine:
    return get_engine(database_url())


@st.cache_resource(show_spinner="Menyiapkan data demo (hanya pada awal pertama)…")
def ensure_demo_data(url: str) -> bool:
    """Fill the app's own default database with the demo on first start, when `make run` has not done
    it already (data_access.bootstrap.prepare_default); never a named database."""
    return prepare_default(url)


def data_version(eng: Engine) -> tuple:
    """Changes whenever data or a setting changes (data_access.reads.data_version)."""
    return reads.data_version(eng)


@st.cache_data(ttl=3600, show_spinner=False)
def agencies(url: str, scope: Scope, version: tuple) -> pd.DataFrame:
    return reads.agencies(get_engine(url), scope)


@st.cache_data(ttl=3600, show_spinner=False)
def units(url: str, scope: Scope, version: tuple) -> pd.DataFrame:
    return reads.units(get_engine(url), scope)


@st.cache_resource(ttl=3600, max_entries=32, show_spinner="Membaca data…")
def inputs(url: str, scope: Scope, year: int, period: str | None, version: tuple) -> MetricInputs:
    """Everything the metrics need for the filters' scope, year and period. Shared between sessions
    without copying (cache_resource): callers must treat the frames as read-only."""
    start, end = period_bounds(year, period)
    return load_inputs(get_engine(url), scope, year, start, end, month_keys(year, period), period=period)


def metric_for(url: str, chosen, version: tuple, metric_id: str):
    """The catalogue entry with the target in force for the view (metric_targets): its year, and its
    agency when the view holds one agency (or units of one)."""
    base = inputs(url, chosen.scope, chosen.year, chosen.period, version)
    ids = chosen.agency_ids or tuple(base.agencies["agency_id"])
    return base.metric(metric_id, ids[0] if len(ids) == 1 else None)


def inputs_for(url: str, chosen, version: tuple) -> MetricInputs:
    """The inputs for a page's Filters, narrowed to the chosen staff (status, jabatan type)."""
    base = inputs(url, chosen.scope, chosen.year, chosen.period, version)
    return base.for_staff(chosen.statuses, chosen.jabatan_types)


@st.cache_data(ttl=3600, show_spinner=False)
def staff(url: str, scope: Scope, role: str, version: tuple) -> pd.DataFrame:
    """Named staff in scope as this role may see them (reads.staff_list applies data_access.privacy)."""
    return reads.staff_list(get_engine(url), scope, role)


@st.cache_data(ttl=3600, show_spinner=False)
def name_policy(url: str, role: str, version: tuple):
    """What a staff list may show this role (data_access.privacy.name_policy with the current setting)."""
    with get_engine(url).connect() as conn:
        return policy_for(role, load_settings(conn)["leaders_see_names"])


@st.cache_data(ttl=3600, show_spinner=False)
def data_years(url: str, scope: Scope, version: tuple) -> list[int]:
    return reads.data_years(get_engine(url), scope)


@st.cache_data(ttl=3600, show_spinner=False)
def freshness(url: str, version: tuple) -> pd.DataFrame:
    return reads.freshness(get_engine(url))


def demo_accounts(url: str) -> list[tuple[str, str]]:
    """The demo accounts present in this database, to list on the sign-in page in demo mode."""
    with get_engine(url).connect() as conn:
        present = set(users.active_usernames(conn))
    return [(u, name) for u, name, _, _ in DEMO_ACCOUNTS if u in present]
