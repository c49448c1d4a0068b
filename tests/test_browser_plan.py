"""The Rencana Pendampingan page in a real browser, on a freshly started server with the small demo: each
role opens the page's own URL first (the `pages/` pitfall: the page guards itself), signs in there, and
sees its plan whole at desktop (1440 px) and phone (390 px) width: the title, the four tiles, the unit
table, no exception and nothing scrolling sideways but the tables' own grids. Screenshots go to
artifacts/screenshots/ (plan-<account>-<width>.png) for a human to look at."""
import pytest

from data_access.bootstrap import DEMO_PASSWORD
from tests.browser import browser, demo_copy_server, open_page, screenshot, settle, sign_in
from tests.test_browser_pages import MEASURE
from vocab import plan as words

pytestmark = pytest.mark.browser
ACCOUNTS = ("gubernur", "bupati.lamsel", "kadis.dukcapil.lamteng", "analis.bkd", "admin")
WIDTHS = (1440, 390)
TILES = ("Unit perlu didampingi", "Hambatan dari survei", "Hambatan diduga", "Pegawai diajak berdiskusi")
URL = "/" + words.PAGE_PATH.removeprefix("pages/").removesuffix(".py")


@pytest.fixture(scope="module")
def demo_server(demo_file, tmp_path_factory):
    with demo_copy_server(demo_file, tmp_path_factory.mktemp("browser-plan")) as base:
        yield base


@pytest.mark.parametrize("account", ACCOUNTS)
def test_the_plan_page_in_a_real_browser_at_desktop_and_phone_width(demo_server, account):
    with browser() as b:
        for width in WIDTHS:
            page = b.new_context(viewport={"width": width, "height": 900}).new_page()
            open_page(page, demo_server + URL)  # the page's own address, opened first
            assert page.get_by_role("heading", name="Masuk", exact=True).count() == 1
            sign_in(page, account, DEMO_PASSWORD)
            page.get_by_role("heading", name=words.PAGE_TITLE, exact=True).wait_for(timeout=60_000)
            assert URL in page.url
            # the page draws top to bottom: wait for its last element (a loaded machine once saw the
            # tiles before the work list's button was drawn)
            page.get_by_role("button", name="Unduh daftar kerja (Excel)").wait_for(timeout=60_000)
            tiles = page.locator('[data-testid="stMetric"]')
            for label in TILES:
                assert tiles.filter(has_text=label).count() == 1, (account, width, label)
            assert page.locator('[class*="st-key-rencana_unit_"]').count() >= 1  # the unit table's downloads
            assert page.get_by_role("button", name="Unduh daftar kerja (Excel)").count() == 1
            height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
            page.set_viewport_size({"width": width, "height": min(max(height, 900), 12000)})
            settle(page, -1)
            assert page.locator('[data-testid="stException"]').count() == 0
            found = page.evaluate(MEASURE)
            assert not found["cut"], (account, width, found["cut"])
            screenshot(page, f"plan-{account}-{width}")
            page.context.close()
