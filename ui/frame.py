"""The start of every page: page set-up, the database (with demo data on first start), the
viewer's scope and the shared filters."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

import pandas as pd
import streamlit as st

from data_access.config import database_url, is_default_database, read_database_url
from data_access.db import get_engine
from data_access.schema import SchemaOutdated, ensure_schema
from vocab import codes
from data_access.scope import Scope, UnknownUser, narrowed, scope_for_user
from data_access.users import ROLES
from vocab import plan as plan_words
from vocab.periods import period_label
from ui import auth, data, fmt, tables

APP_TITLE = "Dasbor Kinerja ASN Lampung"
ALL = 0  # the "semua" option of a filter


@dataclass(frozen=True)
class PageContext:
    url: str  # where the figures are read (read_database_url); writes go through data.engine()
    scope: Scope
    version: tuple
    demo: bool
    user: auth.User
    page: str = ""  # the page's title
    links: Any = field(default=None, compare=False, repr=False)  # the sidebar slot of the page links


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
    Page(plan_words.PAGE_PATH, plan_words.PAGE_TITLE, ":material/diversity_3:", EVERYONE),
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
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        st.caption(f"{fmt.literal(user.display_name)} · {user.role_label}")
        links = st.empty()
        # A page without filters passes on the view its address holds; filters() draws the links
        # again with the view it settles on.
        _page_links(links, user.role, _url_filters())
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
    # Figures are read where DATABASE_READ_URL points (a replica), and their cache key, the data version,
    # from the same place, so that a replica that lags is never cached under a newer version.
    reader = read_database_url()
    return PageContext(url=reader, scope=scope, version=data.data_version(get_engine(reader)), demo=demo,
                       user=user, page=page_title, links=links)


def link_to(ctx: PageContext, path: str) -> None:
    """A link in the page's body to another page of the app (its PAGES label and icon), carrying the
    view the address holds; drawn only for roles that may open it."""
    page = next(p for p in PAGES if p.path == path)
    if ctx.user.role in page.roles:
        st.page_link(page.path, label=page.label, icon=page.icon, query_params=_url_filters())


def _page_links(slot, role: str, view: dict[str, str]) -> None:
    """The role's sidebar links, each carrying the view, so the next page opens on it (and the link
    itself can be copied)."""
    with slot.container():
        for page in pages_for(role):
            st.page_link(page.path, label=page.label, icon=page.icon, query_params=view)


_FILTER_KEYS = ("f_region", "f_agency", "f_unit")  # the drill-down path, top to bottom
_DRILL = "_drill_pending"
PERIODS = ("", *codes.QUARTERS)  # "" = the whole year


def drill(**chosen: int) -> None:
    """Go down (or up) the org chart: f_region/f_agency/f_unit to set (ALL to clear), applied before the
    filter widgets of the next run are drawn (a widget's value cannot change once drawn)."""
    st.session_state[_DRILL] = chosen
    st.rerun()


_KEPT, _KEPT_ON = "_filters_kept", "_filters_kept_on"
_ALL_FILTER_KEYS = ("f_year", "f_period", "f_region", "f_agency", "f_unit", "f_status", "f_jabatan")
# The filters as the last run wrote them into the URL (key → label). An address that differs was
# opened from outside the running view (a copied link, a reload, a typed address, the browser's back
# button) and decides the view; otherwise the session's own state does.
_WRITTEN = "_filters_in_url"


def _url_filters() -> dict[str, str]:
    """The shared filters the address holds, by label."""
    return {k: st.query_params[k] for k in _ALL_FILTER_KEYS if k in st.query_params}


def _restore_kept(page: str) -> None:
    """On the first run of a page after a page switch, bring back the filters chosen on the page left
    behind (its widgets are not this page's widgets)."""
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


class _View:
    """The filters of one run: each one's value is settled before its widget is drawn (from the URL
    when the URL decides, else from the session, else the default), and what it settled on is what
    the URL and the sidebar links are given afterwards."""

    def __init__(self, requested: dict[str, str] | None):
        self.requested = requested  # the URL's filters when the URL decides; None otherwise
        self.labels: dict[str, str] = {}  # key → label of each filter not at its default
        self.ignored: list[tuple[str, str]] = []  # (filter name, label) the URL asked for and the scope lacks

    def settle(self, name: str, key: str, options: list, label: Callable[[Any], str]):
        """Put the filter's value into the session before its selectbox is drawn: the option the URL
        names (by label), or the one kept in the session; the default (first option) when the URL
        names none, or when the session's value is not offered here (a unit of another agency)."""
        default = options[0]
        if self.requested is not None:
            wanted = self.requested.get(key)
            by_label = {label(o): o for o in options}
            if wanted is not None and wanted not in by_label:
                self.ignored.append((name, wanted))
            st.session_state[key] = by_label.get(wanted, default)
        elif key in st.session_state and st.session_state[key] not in options:
            st.session_state[key] = default

    def chose(self, key: str, value, options: list, label: Callable[[Any], str]):
        if value != options[0]:
            self.labels[key] = label(value)
        return value


def _write_url(view: dict[str, str]) -> None:
    """Make the address hold the view shown (other query parameters are left as they are)."""
    if _url_filters() != view:
        others = {k: st.query_params.get_all(k) for k in st.query_params if k not in _ALL_FILTER_KEYS}
        st.query_params.from_dict({**others, **view})
    st.session_state[_WRITTEN] = view


def filters(ctx: PageContext, staff: bool = False) -> Filters:
    """Year, period, region, agency and unit in the sidebar (with `staff`, also employment status and
    jabatan type). The URL holds them by their labels after every run, whatever changed them (a widget,
    a drill-down, the breadcrumb, a page switch), and so do the sidebar links; an address opened from
    outside sets them, and a label the viewer's scope does not offer falls back to the default
    (everything in scope) with a sentence naming what was ignored."""
    requested = _url_filters()
    from_url = requested != st.session_state.get(_WRITTEN)
    if from_url:
        st.session_state.pop(_DRILL, None)
    else:
        _restore_kept(ctx.page)
        _apply_pending_drill()
    view = _View(requested if from_url else None)
    agencies = data.agencies(ctx.url, ctx.scope, ctx.version)
    units = data.units(ctx.url, ctx.scope, ctx.version)
    years = data.data_years(ctx.url, ctx.scope, ctx.version) or [pd.Timestamp.now().year]
    labels: list[tuple[str, str]] = []

    def select(name: str, key: str, options: list, label: Callable[[Any], str]):
        view.settle(name, key, options, label)
        return view.chose(key, st.selectbox(name, options, key=key, format_func=label), options, label)

    with st.sidebar:
        st.header("Filter")
        year = select("Tahun", "f_year", list(years), str)
        labels.append(("Tahun", str(year)))
        period = select("Periode", "f_period", list(PERIODS), lambda p: period_label(p or None))
        labels.append(("Periode", period_label(period or None)))
        regions = agencies.drop_duplicates("region_id").set_index("region_id")["region"].to_dict()
        region = select("Kabupaten/kota", "f_region", [ALL, *regions],
                        lambda r: "Semua daerah" if r == ALL else regions[r])
        labels.append(("Daerah", "Semua daerah" if region == ALL else regions[region]))
        in_region = agencies if region == ALL else agencies[agencies["region_id"] == region]
        # Labels travel in the URL, so they must be unique: across regions, name the region too.
        names_ = in_region["agency"] if region != ALL else in_region["agency"] + " — " + in_region["region"]
        names = dict(zip(in_region["agency_id"], names_))
        agency = select("OPD", "f_agency", [ALL, *names], lambda a: "Semua OPD" if a == ALL else names[a])
        labels.append(("OPD", "Semua OPD" if agency == ALL else names[agency]))
        unit = ALL
        if agency != ALL:
            unit_names = dict(units.loc[units["agency_id"] == agency, ["unit_id", "unit"]].itertuples(index=False))
            unit = select("Unit kerja", "f_unit", [ALL, *unit_names],
                          lambda u: "Semua unit" if u == ALL else unit_names[u])
            if unit != ALL:
                labels.append(("Unit kerja", unit_names[unit]))
        elif view.requested and "f_unit" in view.requested:
            view.ignored.append(("Unit kerja", view.requested["f_unit"]))  # no OPD, so no unit either
        statuses, jabatans = (), ()
        if staff:
            status = select("Status kepegawaian", "f_status", ["", *codes.EMPLOYEE_STATUSES],
                            lambda v: v or "Semua status")
            jabatan = select("Jenis jabatan", "f_jabatan", ["", *codes.JABATAN_TYPES],
                             lambda v: v or "Semua jenis jabatan")
            statuses, jabatans = ((status,) if status else ()), ((jabatan,) if jabatan else ())
            labels += [("Status kepegawaian", status or "Semua status"),
                       ("Jenis jabatan", jabatan or "Semua jenis jabatan")]
    if view.ignored:
        asked = [f"{name} “{fmt.literal(value)}”" for name, value in view.ignored]
        asked = ", ".join(asked[:-1]) + " dan " + asked[-1] if len(asked) > 1 else asked[0]
        st.info(f"Tautan ini meminta {asked}, yang tidak ada dalam cakupan data Anda, jadi diabaikan; alamat "
                "halaman kini memuat tampilan yang ditampilkan di bawah.", icon=":material/link_off:")
    _write_url(view.labels)
    if ctx.links is not None:
        _page_links(ctx.links, ctx.user.role, view.labels)
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
