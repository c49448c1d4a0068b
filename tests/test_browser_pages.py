"""Every page in a real browser on a freshly started server with the demo data: signed in, each page
URL opens without an exception element, at desktop and phone width (screenshots for a human to look
at in artifacts/screenshots/)."""

import pytest

from data_access.bootstrap import DEMO_PASSWORD
from tests.browser import browser, demo_copy_server, open_page, screenshot, sign_in
from ui.frame import PAGES

pytestmark = pytest.mark.browser
# Tall viewports: Streamlit scrolls inside the page, so a screenshot shows only what the viewport holds.
WIDTHS = {"desktop": (1400, 2400), "phone": (390, 2400)}


def _url_path(path: str) -> str:
    return "/" if path == "app.py" else "/" + path.removeprefix("pages/").removesuffix(".py")


@pytest.fixture(scope="module")
def demo_server(demo_file, tmp_path_factory):
    with demo_copy_server(demo_file, tmp_path_factory.mktemp("browser-demo")) as base:
        yield base


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_opens_without_an_exception(demo_server, width):
    w, h = WIDTHS[width]
    with browser() as b:
        page = b.new_page(viewport={"width": w, "height": h})
        open_page(page, demo_server + "/")
        sign_in(page, "admin", DEMO_PASSWORD)
        for entry in PAGES:
            path = entry[0]
            open_page(page, demo_server + _url_path(path))
            page.wait_for_timeout(1000)
            name = path.removeprefix("pages/").removesuffix(".py").replace("app", "ringkasan")
            shot = screenshot(page, f"halaman-{name}-{width}")
            assert page.locator('[data-testid="stException"]').count() == 0, f"{path}: see {shot}"
            assert page.get_by_role("heading", name="Masuk", exact=True).count() == 0, f"{path} asked to sign in again"
            assert page.locator("h1").count() >= 1, f"{path} drew no title"
