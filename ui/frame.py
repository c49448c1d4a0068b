"""The start of every page: page set-up, the database (with demo data on first start), the
viewer's scope and the shared filters."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import streamlit as st

from data_access.config import database_url, is_default_database
from data_access.schema import SchemaOutdated, ensure_schema
from data_access.scope import Scope, UnknownUser, scope_for_user
from data_access.users import ROLES
from ui import auth, data

APP_TITLE = "Dasbor Kinerja ASN Lampung"
ALL = 0  # the "semua" option of a filter


@dataclass(frozen=True)
class PageContext:
    url: str
    scope: Scope
    version: tuple
    demo: bool
    user: auth.User


@dataclass(frozen=True)
class Filters:
    year: int
    region_ids: tuple[int, ...]
    agency_ids: tuple[int, ...]


class Page(NamedTuple):
    """One entry of the app's own navigation: who sees the link, and who may open the page."""

    path: str
    label: str  # also the title the page passes to start()
    icon: str
    roles: frozenset[str]


EVERYONE = frozenset(ROLES)
ADMIN = frozenset({"admin"})

# The app's own navigation (Streamlit's automatic page list is off in .streamlit/config.toml).
PAGES = (
    Page("app.py", "Ringkasan", ":material/dashboard:", EVERYONE),
    Page("pages/tentang_data.py", "Tentang Data", ":material/info:", EVERYONE),
    Page("pages/pengguna.py", "Pengguna", ":material/manage_accounts:", ADMIN),
)
REFUSED = "Anda tidak berhak membuka halaman ini."


def page_roles(page_title: str) -> frozenset[str]:
    """The roles that may open the page of this title (its PAGES entry); a page without an entry is
    open to no one until it is listed (default deny)."""
    return next((p.roles for p in PAGES if p.label == page_title), frozenset())


def pages_for(role: str) -> list[Page]:
    return [p for p in PAGES if role in p.roles]


def start(page_title: str, roles: frozenset[str] | set[str] | None = None, needs_scope: bool = True) -> PageContext:
    """Every page's first call: page set-up, sign-in, the role check (a role not in `roles`, by
    default the page's PAGES entry, gets a refusal before any data is read), the role's sidebar
    links and the viewer's scope. `needs_scope=False` lets a page run for a user without grants
    (the admin page)."""
    st.set_page_config(page_title=f"{page_title} · {APP_TITLE}", page_icon="📊", layout="wide")
    url = database_url()
    engine = data.engine()
    try:
        ensure_schema(engine)
    except SchemaOutdated as exc:
        st.error(str(exc))
        st.stop()
    demo = data.ensure_demo_data(url) or is_default_database(url)
    user = auth.current_user(engine)
    if user is None:
        auth.sign_in_form(engine, data.demo_accounts(url) if demo else None)
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        st.caption(f"{user.display_name} · {user.role_label}")
        for page in pages_for(user.role):
            st.page_link(page.path, label=page.label, icon=page.icon)
        auth.sign_out_button(engine, user)
    if user.role not in (page_roles(page_title) if roles is None else roles):
        st.error(REFUSED, icon=":material/block:")  # before the scope or any data is read
        st.stop()
    try:
        with engine.connect() as conn:
            scope = scope_for_user(conn, user.username)  # default deny: no grants, no rows
    except UnknownUser:
        auth.sign_in_form(engine, None)
    if scope.is_empty and needs_scope:
        st.warning("Akun Anda belum diberi cakupan data (daerah, OPD atau unit). Hubungi administrator.")
        st.stop()
    return PageContext(url=url, scope=scope, version=data.data_version(engine), demo=demo, user=user)


def filters(ctx: PageContext) -> Filters:
    """Year, region and agency in the sidebar, kept in the URL (by their labels) so a view can be
    shared; a label the viewer's scope does not offer falls back to the default."""
    agencies = data.agencies(ctx.url, ctx.scope, ctx.version)
    years = data.data_years(ctx.url, ctx.scope, ctx.version) or [pd.Timestamp.now().year]
    with st.sidebar:
        st.header("Filter")
        year = st.selectbox("Tahun", years, key="f_year", bind="query-params")
        regions = agencies.drop_duplicates("region_id").set_index("region_id")["region"].to_dict()
        region = st.selectbox(
            "Kabupaten/kota", [ALL, *regions], key="f_region", bind="query-params",
            format_func=lambda r: "Semua daerah" if r == ALL else regions[r],
        )
        in_region = agencies if region == ALL else agencies[agencies["region_id"] == region]
        # Labels travel in the URL, so they must be unique: across regions, name the region too.
        labels = in_region["agency"] if region != ALL else in_region["agency"] + " — " + in_region["region"]
        names = dict(zip(in_region["agency_id"], labels))
        agency = st.selectbox(
            "OPD", [ALL, *names], key="f_agency", bind="query-params",
            format_func=lambda a: "Semua OPD" if a == ALL else names[a],
        )
    return Filters(
        year=int(year),
        region_ids=() if region == ALL else (int(region),),
        agency_ids=() if agency == ALL else (int(agency),),
    )
