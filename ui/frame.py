"""The start of every page: page set-up, the database (with demo data on first start), the
viewer's scope and the shared filters."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import streamlit as st

from data_access.config import database_url, is_default_database
from data_access.schema import SchemaOutdated, ensure_schema
from data_access import codes
from data_access.scope import Scope, UnknownUser, narrowed, scope_for_user
from data_access.users import ROLES
from metrics.periods import period_label
from ui import auth, data, fmt, tables

APP_TITLE = "Dasbor Kinerja ASN Lampung"
ALL = 0  # the "semua" option of a filter


@dataclass(frozen=True)
class PageContext:
    url: str
    scope: Scope
    version: tuple
    demo: bool
    user: auth.User
    page: str = ""  # the page's title


@dataclass(frozen=True)
class Filters:
    """The shared filters a page draws from. `scope` is the viewer's scope narrowed to the chosen region,
    agency and unit (never wider), so every read made with it stays inside both."""

    year: int
    period: str | None  # None = the whole year; else TW1..TW4
    region_ids: tuple[int, ...]
    agency_ids: tuple[int, ...]
    unit_ids: tuple[int, ...]
    statuses: tuple[str, ...]
    jabatan_types: tuple[str, ...]
    scope: Scope
    labels: tuple[tuple[str, str], ...]  # (filter, chosen value) for captions and export cover sheets

    @property
    def level(self) -> str:
        """How deep the view is: province, region, agency or unit."""
        if self.unit_ids:
            return "unit"
        if self.agency_ids:
            return "agency"
        return "region" if self.region_ids else "province"


class Page(NamedTuple):
    """One entry of the app's own navigation: who sees the link, and who may open the page."""

    path: str
    label: str  # also the title the page passes to start()
    icon: str
    roles: frozenset[str]


EVERYONE = frozenset(ROLES)
ADMIN = frozenset({"admin"})

# The app's own navigation (Streamlit's automatic page list is off in .streamlit/config.toml).
UPLOADERS = frozenset({"analis", "admin"})
PAGES = (
    Page("app.py", "Ringkasan", ":material/dashboard:", EVERYONE),
    Page("pages/kinerja_pegawai.py", "Kinerja Pegawai", ":material/workspace_premium:", EVERYONE),
    Page("pages/pengembangan_kompetensi.py", "Pengembangan Kompetensi", ":material/school:", EVERYONE),
    Page("pages/pelayanan_publik.py", "Pelayanan Publik", ":material/support_agent:", EVERYONE),
    Page("pages/adopsi_perubahan.py", "Adopsi Perubahan", ":material/trending_up:", EVERYONE),
    Page("pages/unggah_data.py", "Unggah Data", ":material/upload_file:", UPLOADERS),
    Page("pages/tentang_data.py", "Tentang Data", ":material/info:", EVERYONE),
    Page("pages/kelengkapan_data.py", "Kelengkapan Data", ":material/fact_check:", EVERYONE),
    Page("pages/pengaturan.py", "Pengaturan", ":material/tune:", EVERYONE),
    Page("pages/data_pribadi.py", "Data Pribadi", ":material/shield_person:", EVERYONE),
    Page("pages/pengguna.py", "Pengguna", ":material/manage_accounts:", ADMIN),
    Page("pages/perubahan_organisasi.py", "Perubahan Organisasi", ":material/account_tree:", ADMIN),
    Page("pages/log_audit.py", "Log Audit", ":material/history:", ADMIN),
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
        # The app's own demo database follows the code; a named one is upgraded by its operator.
        ensure_schema(engine, upgrade_outdated=is_default_database(url))
    except SchemaOutdated as exc:
        st.error(str(exc))
        st.stop()
    demo = data.ensure_demo_data(url) or is_default_database(url)
    user = auth.current_user(engine)
    if user is None:
        auth.sign_in_form(engine, data.demo_accounts(url) if demo else None)
    tables.reset_view(url, user.username, page_title)
    # The links carry the shared filters, so the next page opens on the same view (and the URL of
    # any page can be shared).
    kept = {k: v for k, v in st.query_params.items() if k.startswith("f_")}
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        st.caption(f"{fmt.literal(user.display_name)} · {user.role_label}")
        for page in pages_for(user.role):
            st.page_link(page.path, label=page.label, icon=page.icon, query_params=kept)
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
    return PageContext(url=url, scope=scope, version=data.data_version(engine), demo=demo, user=user,
                       page=page_title)


_FILTER_KEYS = ("f_region", "f_agency", "f_unit")  # the drill-down path, top to bottom
_DRILL = "_drill_pending"
PERIODS = ("", "TW1", "TW2", "TW3", "TW4")  # "" = the whole year


def drill(**chosen: int) -> None:
    """Go down (or up) the org chart: f_region/f_agency/f_unit to set (ALL to clear), applied before the
    filter widgets of the next run are drawn (a widget's value cannot change once drawn)."""
    st.session_state[_DRILL] = chosen
    st.rerun()


_KEPT, _KEPT_ON = "_filters_kept", "_filters_kept_on"
_ALL_FILTER_KEYS = ("f_year", "f_period", "f_region", "f_agency", "f_unit", "f_status", "f_jabatan")


def _restore_kept(page: str) -> None:
    """On the first run of a page after a page switch, bring back the filters chosen on the page left
    behind (its widgets are not this page's widgets). The URL carries them too, through the links."""
    if st.session_state.get(_KEPT_ON, page) == page:
        return
    for key, value in st.session_state.get(_KEPT, {}).items():
        st.session_state[key] = value


def _keep(page: str) -> None:
    st.session_state[_KEPT] = {k: st.session_state[k] for k in _ALL_FILTER_KEYS if k in st.session_state}
    st.session_state[_KEPT_ON] = page


def _apply_pending_drill() -> None:
    pending = st.session_state.pop(_DRILL, None)
    if not pending:
        return
    deepest = max(_FILTER_KEYS.index(k) for k in pending)
    for key in _FILTER_KEYS:
        if key in pending:
            st.session_state[key] = pending[key]
        elif _FILTER_KEYS.index(key) > deepest:
            st.session_state[key] = ALL  # going up clears what lies below


def filters(ctx: PageContext, staff: bool = False) -> Filters:
    """Year, period, region, agency and unit in the sidebar (with `staff`, also employment status and
    jabatan type), kept in the URL by their labels so a view can be shared and survives a page change;
    a label the viewer's scope does not offer falls back to the default (everything in scope)."""
    _restore_kept(ctx.page)
    _apply_pending_drill()
    agencies = data.agencies(ctx.url, ctx.scope, ctx.version)
    units = data.units(ctx.url, ctx.scope, ctx.version)
    years = data.data_years(ctx.url, ctx.scope, ctx.version) or [pd.Timestamp.now().year]
    labels: list[tuple[str, str]] = []
    with st.sidebar:
        st.header("Filter")
        year = st.selectbox("Tahun", years, key="f_year", bind="query-params")
        labels.append(("Tahun", str(year)))
        period = st.selectbox("Periode", PERIODS, key="f_period", bind="query-params",
                              format_func=lambda p: period_label(p or None))
        labels.append(("Periode", period_label(period or None)))
        regions = agencies.drop_duplicates("region_id").set_index("region_id")["region"].to_dict()
        region = st.selectbox(
            "Kabupaten/kota", [ALL, *regions], key="f_region", bind="query-params",
            format_func=lambda r: "Semua daerah" if r == ALL else regions[r],
        )
        labels.append(("Daerah", "Semua daerah" if region == ALL else regions[region]))
        in_region = agencies if region == ALL else agencies[agencies["region_id"] == region]
        # Labels travel in the URL, so they must be unique: across regions, name the region too.
        names_ = in_region["agency"] if region != ALL else in_region["agency"] + " — " + in_region["region"]
        names = dict(zip(in_region["agency_id"], names_))
        agency = st.selectbox(
            "OPD", [ALL, *names], key="f_agency", bind="query-params",
            format_func=lambda a: "Semua OPD" if a == ALL else names[a],
        )
        labels.append(("OPD", "Semua OPD" if agency == ALL else names[agency]))
        unit = ALL
        if agency != ALL:
            unit_names = dict(units.loc[units["agency_id"] == agency, ["unit_id", "unit"]].itertuples(index=False))
            unit = st.selectbox(
                "Unit kerja", [ALL, *unit_names], key="f_unit", bind="query-params",
                format_func=lambda u: "Semua unit" if u == ALL else unit_names[u],
            )
            if unit != ALL:
                labels.append(("Unit kerja", unit_names[unit]))
        statuses, jabatans = (), ()
        if staff:
            status = st.selectbox("Status kepegawaian", ["", *codes.EMPLOYEE_STATUSES], key="f_status",
                                  bind="query-params", format_func=lambda v: v or "Semua status")
            jabatan = st.selectbox("Jenis jabatan", ["", *codes.JABATAN_TYPES], key="f_jabatan",
                                   bind="query-params", format_func=lambda v: v or "Semua jenis jabatan")
            statuses, jabatans = ((status,) if status else ()), ((jabatan,) if jabatan else ())
            labels += [("Status kepegawaian", status or "Semua status"),
                       ("Jenis jabatan", jabatan or "Semua jenis jabatan")]
    region_ids = () if region == ALL else (int(region),)
    agency_ids = () if agency == ALL else (int(agency),)
    unit_ids = () if unit == ALL else (int(unit),)
    _keep(ctx.page)
    tables.set_filters(labels)
    return Filters(
        year=int(year), period=period or None, region_ids=region_ids, agency_ids=agency_ids, unit_ids=unit_ids,
        statuses=statuses, jabatan_types=jabatans,
        scope=narrowed(ctx.scope, agencies, units, region_ids, agency_ids, unit_ids),
        labels=tuple(labels),
    )


def breadcrumb(chosen: Filters) -> None:
    """Where the view stands (Provinsi Lampung › daerah › OPD › unit), each step a button back up."""
    steps = [("Seluruh cakupan", {"f_region": ALL, "f_agency": ALL, "f_unit": ALL})]
    named = dict(chosen.labels)
    if chosen.region_ids:
        steps.append((named["Daerah"], {"f_region": chosen.region_ids[0], "f_agency": ALL}))
    if chosen.agency_ids:
        steps.append((named["OPD"].split(" — ")[0], {"f_agency": chosen.agency_ids[0], "f_unit": ALL}))
    if chosen.unit_ids:
        steps.append((named["Unit kerja"], {"f_unit": chosen.unit_ids[0]}))
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        for i, (label, target) in enumerate(steps):
            last = i == len(steps) - 1
            if st.button(fmt.literal(label), key=f"crumb_{i}", type="tertiary", disabled=last):
                drill(**target)
            if not last:
                st.markdown("›", width="content")
