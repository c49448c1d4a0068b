"""In a real browser on a freshly started server: the landing page renders, filters travel in the URL."""
import pytest

from data_access.db import get_engine
from data_access.importing.load import import_file
from tests.browser import browser, open_page, require_chromium, screenshot, streamlit_server
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def siasn_server(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'siasn.sqlite'}"
    import_file(get_engine(url), FIXTURES / "siasn_data_asn.csv", "pegawai")
    with streamlit_server({"DATABASE_URL": url, "DASBOR_DATA_DIR": str(folder)}) as base:
        yield base, url


def _metric_values(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def test_landing_page_renders_without_exception(siasn_server):
    base, _ = siasn_server
    with browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, base + "/")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert _metric_values(page)[0] == "5"
        assert page.get_by_text("Jumlah ASN aktif per daerah").count() == 1
        screenshot(page, "ringkasan-siasn-desktop")


def test_region_in_the_url_filters_the_page(siasn_server):
    base, _ = siasn_server
    with browser() as b:
        page = b.new_page(viewport={"width": 390, "height": 844})
        open_page(page, f"{base}/?f_region=Kabupaten+Lampung+Selatan")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert _metric_values(page)[0] == "2"
        screenshot(page, "ringkasan-siasn-phone-lampung-selatan")


def test_selecting_a_region_writes_it_into_the_url(siasn_server):
    base, _ = siasn_server
    with browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, base + "/")
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()
        page.get_by_role("option", name="Kabupaten Lampung Selatan").click()
        page.wait_for_function("() => location.search.includes('f_region=')")
        assert "f_region=Kabupaten+Lampung+Selatan" in page.url
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        assert _metric_values(page)[0] == "2"


def test_first_start_fills_the_default_database_with_the_demo(tmp_path, monkeypatch):
    """What `make run` does on a fresh machine: no DATABASE_URL, an empty data folder."""
    require_chromium()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with streamlit_server({"DASBOR_DATA_DIR": str(tmp_path)}) as base, browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, base + "/", timeout_ms=180_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("data demo sintetis").count() == 1
        headcount = int(_metric_values(page)[0].replace(".", ""))
        assert headcount > 1000
        assert (tmp_path / "dasbor.sqlite").exists()
        screenshot(page, "ringkasan-demo-desktop")


@pytest.mark.parametrize("path, heading", [("/tentang_data", "Tentang Data"), ("/", "Dasbor Kinerja ASN Lampung")])
def test_each_page_url_opened_first_on_a_fresh_server(tmp_path, path, heading):
    """With a pages/ folder Streamlit runs a page file without the entrypoint on a fresh server:
    each page must stand on its own."""
    require_chromium()
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    import_file(get_engine(url), FIXTURES / "siasn_data_asn.csv", "pegawai")
    with streamlit_server({"DATABASE_URL": url, "DASBOR_DATA_DIR": str(tmp_path)}) as base, browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, base + path)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_role("heading", name=heading).count() >= 1
        # The app's own links, not Streamlit's automatic page list.
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        assert page.locator('[data-testid="stPageLink"]').count() == 2
        screenshot(page, "fresh" + path.replace("/", "-").rstrip("-"))
