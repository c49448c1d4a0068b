"""In a real browser on the small demo: after a sidebar move, a filter change, a drill-down and a
breadcrumb step, the address holds the view shown; a reload shows it again, and so does the copied
address opened by the governor in a session of their own."""

import pytest

from data_access.bootstrap import DEMO_PASSWORD
from tests.browser import (SCREENSHOTS, SIDEBAR, browser, choose, click_crumb, click_first_row, click_link,
                           demo_copy_server, open_page, runs, screenshot, settle, sign_in)

pytestmark = pytest.mark.browser
FILTERS = ("Tahun", "Periode", "Kabupaten/kota", "OPD", "Unit kerja")
LAMSEL, LAMTENG = "Kabupaten Lampung Selatan", "Kabupaten Lampung Tengah"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"


@pytest.fixture(scope="module")
def demo_server(demo_file, tmp_path_factory):
    with demo_copy_server(demo_file, tmp_path_factory.mktemp("browser-views")) as base:
        yield base


def _settle(page, before: int) -> None:
    settle(page, before)
    assert page.locator('[data-testid="stException"]').count() == 0


def _settled(act):
    """A click of tests/browser.py, then the wait until the page has settled without an exception."""
    def step(page, *args) -> None:
        before = runs(page)
        act(page, *args)
        _settle(page, before)
    return step


_choose, _go, _click_first_row, _crumb = (_settled(a) for a in (choose, click_link, click_first_row, click_crumb))


def _view(page) -> dict[str, str]:
    """What the page shows: each filter's shown value, and the breadcrumb."""
    shown = {}
    for name in FILTERS:
        box = page.locator(SIDEBAR).get_by_role("combobox", name=name)
        if box.count():
            shown[name] = box.input_value()
    shown["breadcrumb"] = " › ".join(page.locator('[class*="st-key-crumb_"] button').all_inner_texts())
    return shown


def _reloaded(page) -> dict[str, str]:
    url = page.url
    page.reload()
    page.wait_for_selector(f'{SIDEBAR} [data-testid="stSelectbox"]', timeout=90_000)
    runs(page)
    _settle(page, -1)
    assert page.url == url
    return _view(page)


def _opened_by_the_governor(b, url: str, name: str) -> dict[str, str]:
    """The copied address pasted into a fresh browser context, signed in there as the governor."""
    page = b.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    open_page(page, url)
    sign_in(page, "gubernur", DEMO_PASSWORD)
    screenshot(page, name)
    assert page.get_by_text("Tautan ini meminta").count() == 0
    return _view(page)


def test_the_governors_view_survives_moves_reloads_and_sharing(demo_server):
    with browser() as b:
        page = b.new_context(viewport={"width": 1400, "height": 1600}).new_page()
        open_page(page, demo_server + "/")
        sign_in(page, "gubernur", DEMO_PASSWORD)
        _choose(page, "Kabupaten/kota", LAMSEL)
        _choose(page, "Periode", "Triwulan II")
        _go(page, "Pengembangan Kompetensi")  # a sidebar move
        assert "/pengembangan_kompetensi?" in page.url and "f_region=Kabupaten+Lampung+Selatan" in page.url
        assert "f_period=Triwulan+II" in page.url
        assert _reloaded(page)["Kabupaten/kota"] == LAMSEL
        _choose(page, "Periode", "Triwulan III")  # a filter change
        # From the region straight into a unit (its OPD is set too): the units where nobody reached the target.
        _click_first_row(page, "jp_tabel_unit_nol_")
        in_unit = _view(page)
        agency, unit = in_unit["OPD"], in_unit["Unit kerja"]
        assert agency != "Semua OPD" and unit != "Semua unit"
        assert "f_agency=" in page.url and "f_unit=" in page.url
        assert _reloaded(page) == in_unit
        screenshot(page, "tampilan-gubernur-unit-dimuat-ulang")
        _crumb(page, agency)  # the breadcrumb back up to the unit's agency
        shown = _view(page)
        assert "f_unit=" not in page.url
        assert shown == {"Tahun": shown["Tahun"], "Periode": "Triwulan III", "Kabupaten/kota": LAMSEL,
                         "OPD": agency, "Unit kerja": "Semua unit",
                         "breadcrumb": f"Seluruh cakupan › {LAMSEL} › {agency}"}
        _go(page, "Adopsi Perubahan")
        assert _view(page) == shown
        screenshot(page, "tampilan-gubernur-sebelum-muat-ulang")
        assert _reloaded(page) == shown
        assert _opened_by_the_governor(b, page.url, "tampilan-gubernur-tautan-disalin") == shown


def test_an_agency_heads_unit_survives_moves_reloads_and_sharing(demo_server):
    with browser() as b:
        page = b.new_context(viewport={"width": 1400, "height": 1600}).new_page()
        open_page(page, demo_server + "/")
        sign_in(page, "kadis.dukcapil.lamteng", DEMO_PASSWORD)
        page.get_by_role("heading", name="Kartu skor").wait_for(timeout=60_000)
        screenshot(page, "ringkasan-kadis")  # one agency in scope: its units
        _choose(page, "Periode", "Triwulan II")
        _go(page, "Pengembangan Kompetensi")  # a sidebar move
        assert "/pengembangan_kompetensi?f_period=Triwulan+II" in page.url
        _choose(page, "Periode", "Triwulan III")  # a filter change
        _click_first_row(page)  # the head's agency is skipped: straight into a unit
        unit = _view(page)["Unit kerja"]
        assert unit != "Semua unit" and "f_unit=" in page.url
        _go(page, "Adopsi Perubahan")  # the next page keeps the unit, in its address too
        in_unit = _view(page)
        assert in_unit == {"Tahun": in_unit["Tahun"], "Periode": "Triwulan III", "Kabupaten/kota": LAMTENG,
                           "OPD": DUKCAPIL, "Unit kerja": unit,
                           "breadcrumb": f"Seluruh cakupan › {LAMTENG} › {DUKCAPIL} › {unit}"}
        screenshot(page, "tampilan-kadis-unit")
        assert _reloaded(page) == in_unit
        unit_url = page.url
        _crumb(page, DUKCAPIL)  # the breadcrumb back up to the agency
        in_agency = _view(page)
        assert in_agency["Unit kerja"] == "Semua unit" and "f_unit=" not in page.url
        assert _reloaded(page) == in_agency
        # The governor opening the head's copied link sees the same unit.
        assert _opened_by_the_governor(b, unit_url, "tampilan-kadis-tautan-dibuka-gubernur") == in_unit


# --- the section "Antrian" of Pelayanan Publik, for the three viewers the issue names -------------------
QUEUE_TILES = ("Dilayani dalam target tunggu", "Median waktu tunggu", "Tiket tidak dilayani", "Antrian online")
# The chart each viewer must see drawn: the busiest hours for all; the governor's fifteen offices also
# get the wait per region and the training scatter.
QUEUE_CHARTS = {"gubernur": ("q_wait_", "q_hours", "q_training"), "bupati.lamsel": ("q_wait_", "q_hours"),
                "kadis.dukcapil.lamteng": ("q_wait_", "q_hours")}


def _drawn(page, key: str) -> None:
    """The chart whose key starts with `key` is on the page and drawn (Vega's marks are there). A chart's
    own container has no key class; its PNG button (key `<key>_png`, ui.tables.chart) follows it."""
    chart = page.locator(f'[data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"])'
                         f':has(+ [class*="st-key-{key}"][class*="_png"])').first
    chart.scroll_into_view_if_needed()
    chart.locator("svg.marks, canvas").first.wait_for(timeout=30_000)


@pytest.mark.parametrize("user", list(QUEUE_CHARTS))
def test_the_queue_section_in_a_real_browser(demo_server, user):
    with browser() as b:
        page = b.new_context(viewport={"width": 1400, "height": 1600}).new_page()
        open_page(page, demo_server + "/")
        sign_in(page, user, DEMO_PASSWORD)
        _go(page, "Pelayanan Publik")
        heading = page.get_by_role("heading", name="Antrian", exact=True)
        heading.wait_for(timeout=60_000)
        tiles = page.locator('[data-testid="stMetric"]')
        for label in QUEUE_TILES:
            assert tiles.filter(has_text=label).count() == 1, label
        for key in QUEUE_CHARTS[user]:
            _drawn(page, key)
        # the table per group (a read-only one has no key class of its own: its CSV button, key
        # `q_groups_<view>_csv` (ui.tables.show), sits in the block right after it)
        table = page.locator('[data-testid="stElementContainer"]:has([data-testid="stDataFrame"])'
                             ':has(+ * [class*="st-key-q_groups_"][class*="_csv"])')
        assert table.count() == 1
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, f"antrian-{user}")  # the whole page
        heading.evaluate("el => el.scrollIntoView({block: 'start'})")  # the section from its heading down
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"antrian-{user}-bagian.png"))


def test_the_governor_drills_the_queue_from_the_province_into_a_region(demo_server):
    with browser() as b:
        page = b.new_context(viewport={"width": 1400, "height": 1600}).new_page()
        open_page(page, demo_server + "/")
        sign_in(page, "gubernur", DEMO_PASSWORD)
        _go(page, "Pelayanan Publik")
        # the queue's table per region, worst first: planted, Lampung Tengah's afternoons overflow
        _click_first_row(page, "q_groups_")
        assert _view(page)["Kabupaten/kota"] == LAMTENG and "f_region=Kabupaten+Lampung+Tengah" in page.url
        page.get_by_role("heading", name="Antrian", exact=True).wait_for(timeout=60_000)
        _drawn(page, "q_hours")  # the region's one Disdukcapil, by its service types
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "antrian-gubernur-ke-daerah")
