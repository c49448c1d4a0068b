"""The address holds the view shown, whatever set it (a filter, a drill-down, the breadcrumb, a page
switch), and so do the sidebar links; an address opened in a new session shows that view again, and
a label outside the viewer's scope is ignored with a sentence saying so (AppTest, small demo)."""
from urllib.parse import parse_qsl

from data_access import reads
from data_access.db import get_engine
from data_access.scope import Scope
from tests.pages import choose, open_as, shown
from ui import frame

LAMSEL, LAMTENG = "Kabupaten Lampung Selatan", "Kabupaten Lampung Tengah"
DUKCAPIL, UNIT = "Dinas Kependudukan dan Pencatatan Sipil", "Bidang Pelayanan Pencatatan Sipil"


def _params(at) -> dict[str, str]:
    return {k: at.query_params[k][-1] if isinstance(at.query_params[k], list) else at.query_params[k]
            for k in at.query_params}


def _links(at) -> dict[str, dict[str, str]]:
    """Each sidebar link's label → the query parameters it carries."""
    return {link.proto.label: dict(parse_qsl(link.proto.query_string)) for link in at.get("page_link")}


def _assert_url_and_links_hold(at, view: dict[str, str]) -> None:
    assert _params(at) == view
    links = _links(at)
    assert links, "no sidebar links"
    assert all(carried == view for carried in links.values()), links


def _ids(url: str) -> dict[str, int]:
    engine = get_engine(url)
    agencies = reads.agencies(engine, Scope.full("uji"))
    dukcapil = agencies[(agencies["agency"] == DUKCAPIL) & (agencies["region"] == LAMTENG)].iloc[0]
    units = reads.units(engine, Scope.full("uji"))
    unit = units[(units["agency_id"] == dukcapil["agency_id"]) & (units["unit"] == UNIT)].iloc[0]
    return {"f_region": int(dukcapil["region_id"]), "f_agency": int(dukcapil["agency_id"]),
            "f_unit": int(unit["unit_id"])}


def _fresh(username: str, view: dict[str, str], page: str | None = None):
    """A new session (a reload, or the link pasted elsewhere) signed in and opened on the address."""
    at = open_as(username)
    if page:
        at.switch_page(page)
    for key, value in view.items():
        at.query_params[key] = value
    return at.run()


def test_a_drill_down_and_a_breadcrumb_step_go_into_the_url_and_the_links(demo_url):
    region_view = {"f_period": "Triwulan II", "f_region": LAMSEL}
    at = _fresh("gubernur", region_view)
    _assert_url_and_links_hold(at, region_view)
    agency_id = _agency_id(demo_url, LAMSEL)
    at.session_state[frame._DRILL] = {"f_region": at.selectbox(key="f_region").value, "f_agency": agency_id}
    at.run()  # what a click on the agency's bar does (levels.drill_into → frame.drill), and its rerun
    assert not at.exception
    agency_view = {**region_view, "f_agency": at.selectbox(key="f_agency").options[1]}
    assert at.selectbox(key="f_agency").value == agency_id
    _assert_url_and_links_hold(at, agency_view)
    at.button(key="crumb_1").click().run()  # the breadcrumb back up to the region
    assert not at.exception
    assert at.selectbox(key="f_agency").value == frame.ALL
    _assert_url_and_links_hold(at, region_view)
    # The link to another page opens it on the same view, and the address stays.
    at.switch_page("pages/pelayanan_publik.py").run()
    assert at.selectbox(key="f_region").value != frame.ALL
    assert at.selectbox(key="f_period").value == "TW2"
    _assert_url_and_links_hold(at, region_view)


def _agency_id(url: str, region: str) -> int:
    """The first agency of the region, in the order the OPD filter lists them."""
    agencies = reads.agencies(get_engine(url), Scope.full("uji"))
    return int(agencies.loc[agencies["region"] == region, "agency_id"].iloc[0])


def test_an_agency_head_drilling_into_a_unit_gets_it_in_the_url(demo_url):
    at = open_as("kadis.dukcapil.lamteng", "pages/pengembangan_kompetensi.py")
    assert _params(at) == {}
    # What a click on a unit's row does (levels.drill_into → frame.drill), then the rerun it asks for.
    at.session_state[frame._DRILL] = _ids(demo_url)
    at.run()
    assert not at.exception
    view = {"f_region": LAMTENG, "f_agency": DUKCAPIL, "f_unit": UNIT}
    assert at.selectbox(key="f_unit").value == _ids(demo_url)["f_unit"]
    _assert_url_and_links_hold(at, view)
    # Reloaded (a new session on the same address): the same unit.
    again = _fresh("kadis.dukcapil.lamteng", view, "pages/pengembangan_kompetensi.py")
    assert not again.exception
    assert again.selectbox(key="f_unit").value == _ids(demo_url)["f_unit"]
    assert [shown(b.label) for b in again.button if b.key and b.key.startswith("crumb_")][1:] == [LAMTENG, DUKCAPIL, UNIT]
    # The governor opening the copied link sees the same unit, and no notice.
    governor = _fresh("gubernur", view, "pages/pengembangan_kompetensi.py")
    assert [governor.selectbox(key=k).value for k in ("f_region", "f_agency", "f_unit")] == list(_ids(demo_url).values())
    assert not [i for i in governor.info if "Tautan ini" in i.value]
    _assert_url_and_links_hold(governor, view)


def test_a_link_outside_the_scope_says_what_it_ignored_and_the_url_follows(demo_url):
    at = _fresh("kadis.dukcapil.lamteng", {"f_period": "Triwulan II", "f_region": LAMSEL})
    assert not at.exception
    notices = [shown(i.value) for i in at.info if "Tautan ini" in i.value]
    assert len(notices) == 1
    assert f"Kabupaten/kota “{LAMSEL}”" in notices[0] and "diabaikan" in notices[0]
    # What is shown: the head's own scope, in the chosen period; the address says just that.
    assert at.selectbox(key="f_region").value == frame.ALL
    assert at.selectbox(key="f_period").value == "TW2"
    _assert_url_and_links_hold(at, {"f_period": "Triwulan II"})
    # Said once: the next run is on the view shown.
    at = choose(at, "f_period", "Triwulan III")
    assert not [i for i in at.info if "Tautan ini" in i.value]
    _assert_url_and_links_hold(at, {"f_period": "Triwulan III"})
