"""In a real browser on a freshly started server: sign-in guards every page, survives a reload and a
new tab, and filters travel in the URL."""
import pytest

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.users import Grant, add_user
from tests.browser import READY, browser, open_page, require_chromium, screenshot, sign_in, streamlit_server
from tests.conftest import FIXTURES, ROOT
from ui.frame import pages_for

pytestmark = pytest.mark.browser
PASSWORD = "sandi-uji-panjang"


def _siasn_db(folder) -> str:
    url = f"sqlite:///{folder / 'siasn.sqlite'}"
    engine = get_engine(url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    with engine.begin() as conn:
        add_user(conn, "gubernur", "Gubernur", "pimpinan", PASSWORD, [Grant(region="Provinsi Lampung")])
        add_user(conn, "bupati", "Bupati", "pimpinan", PASSWORD, [Grant(region="Kabupaten Lampung Selatan")])
        add_user(conn, "admin.bkd", "Admin BKD", "admin", PASSWORD, [Grant(region="Provinsi Lampung")])
    return url


@pytest.fixture(scope="module")
def siasn_server(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("browser")
    url = _siasn_db(folder)
    with streamlit_server({"DATABASE_URL": url, "DASBOR_DATA_DIR": str(folder)}) as base:
        yield base


def _metric_values(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def test_sign_in_survives_a_reload_and_a_new_tab(siasn_server):
    base = siasn_server
    with browser() as b:
        context = b.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        open_page(page, base + "/")
        assert _metric_values(page) == []  # signed out: the sign-in only
        sign_in(page, "gubernur", PASSWORD)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert _metric_values(page)[0] == "5"
        assert page.get_by_role("heading", name="Kartu skor").count() == 1
        screenshot(page, "ringkasan-siasn-desktop")
        page.reload()
        page.wait_for_selector(READY)
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
        assert _metric_values(page)[0] == "5"
        other = context.new_page()
        open_page(other, base + "/tentang_data")
        assert other.get_by_role("heading", name="Tentang Data").count() == 1
        # Signing out ends it everywhere: the other tab is signed out at its next run.
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_selector('text=Anda sudah keluar')
        other.reload()
        other.wait_for_selector(READY)
        other.get_by_label("Nama pengguna").wait_for(timeout=30_000)
        assert other.get_by_role("heading", name="Tentang Data").count() == 0


def test_region_in_the_url_filters_the_page(siasn_server):
    with browser() as b:
        page = b.new_page(viewport={"width": 390, "height": 844})
        open_page(page, siasn_server + "/")
        sign_in(page, "gubernur", PASSWORD)
        open_page(page, f"{siasn_server}/?f_region=Kabupaten+Lampung+Selatan")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert _metric_values(page)[0] == "2"
        screenshot(page, "ringkasan-siasn-phone-lampung-selatan")


def test_selecting_a_region_writes_it_into_the_url(siasn_server):
    with browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, siasn_server + "/")
        sign_in(page, "gubernur", PASSWORD)
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Kabupaten/kota").click()
        page.get_by_role("option", name="Kabupaten Lampung Selatan").click()
        page.wait_for_function("() => location.search.includes('f_region=')")
        assert "f_region=Kabupaten+Lampung+Selatan" in page.url
        page.wait_for_function(
            """() => document.querySelector('[data-testid="stMetricValue"]')?.innerText === '2'""", timeout=30_000)
        assert _metric_values(page)[0] == "2"


def test_first_start_fills_the_default_database_with_the_demo(tmp_path, monkeypatch):
    """What `make run` does on a fresh machine: no DATABASE_URL, an empty data folder."""
    require_chromium()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with streamlit_server({"DASBOR_DATA_DIR": str(tmp_path)}) as base, browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, base + "/", timeout_ms=180_000)
        assert page.get_by_text("demo-lampung-2026").count() >= 1  # demo accounts are listed
        screenshot(page, "masuk-demo-desktop")
        sign_in(page, "gubernur", "demo-lampung-2026")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("data demo sintetis").count() == 1
        # The figures stream in after the notice; wait for them rather than race the script.
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
        assert int(_metric_values(page)[0].replace(".", "")) > 1000
        assert (tmp_path / "dasbor.sqlite").exists()
        screenshot(page, "ringkasan-demo-desktop")


def test_no_session_can_switch_the_server_to_declared_navigation():
    """Streamlit runs a page file without the entrypoint until some session of the process has called
    `st.navigation`; the app never calls it, so every server stays in that state for good, and one
    server with a new browser session per URL stands for a fresh server per URL (the tests below)."""
    sources = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
    assert len(sources) > 10
    assert [p.name for p in sources if "st.navigation(" in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("path", ["/tentang_data", "/kinerja_pegawai", "/pengembangan_kompetensi",
                                  "/pelayanan_publik", "/adopsi_perubahan", "/rencana_pendampingan",
                                  "/perubahan_organisasi", "/log_audit",
                                  "/data_pribadi", "/"])
def test_each_page_url_opened_first_shows_only_the_sign_in(siasn_server, path):
    """With a pages/ folder Streamlit runs a page file without the entrypoint: each page must guard
    itself, opened first in a new browser session."""
    with browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, siasn_server + path)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_label("Nama pengguna").count() == 1
        for data_element in ("stMetricValue", "stDataFrame", "stFileUploader", "stPageLink", "stSidebarNav"):
            assert page.locator(f'[data-testid="{data_element}"]').count() == 0, data_element
        sign_in(page, "gubernur", PASSWORD)
        # the navigation (a page's body may link to another page too)
        assert page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').count() == len(pages_for("pimpinan"))
        screenshot(page, "fresh" + path.replace("/", "-").rstrip("-"))


def test_a_tampered_url_shows_nothing_outside_the_scope(siasn_server):
    """The regent of Lampung Selatan asks for the province's agencies by URL: the filter falls back
    to what the scope holds, one sentence names what was ignored, the address is rewritten to the view
    shown, and no figure of the province appears."""
    with browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, siasn_server + "/")
        sign_in(page, "bupati", PASSWORD)
        open_page(page, f"{siasn_server}/?f_region=Provinsi+Lampung&f_agency=Dinas+Kesehatan")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert _metric_values(page)[0] == "2"
        notice = page.locator('[data-testid="stAlert"]').filter(has_text="Tautan ini meminta")
        assert notice.count() == 1
        said = notice.inner_text()
        assert "Kabupaten/kota “Provinsi Lampung”" in said and "OPD “Dinas Kesehatan”" in said
        assert "f_region" not in page.url and "f_agency" not in page.url
        screenshot(page, "tautan-di-luar-cakupan")
        rest = page.locator('[data-testid="stMain"]').inner_text().replace(said, "")
        assert "Provinsi Lampung" not in rest


def _link_labels(page) -> list[str]:
    """The sidebar links' labels (each link's text starts with its icon's ligature name)."""
    return [t.split("\n")[-1] for t in page.locator('[data-testid="stPageLink"]').all_inner_texts()]


def test_the_admin_page(siasn_server):
    """/pengguna opened first: the sign-in only; a leader gets the refusal and no user list; an
    administrator gets the list and the forms."""
    base = siasn_server
    with browser() as b:
        leader = b.new_context(viewport={"width": 1366, "height": 900}).new_page()
        open_page(leader, base + "/pengguna")
        assert leader.locator('[data-testid="stDataFrame"]').count() == 0
        sign_in(leader, "gubernur", PASSWORD)
        leader.get_by_text("Anda tidak berhak membuka halaman ini").wait_for(timeout=30_000)
        assert leader.locator('[data-testid="stDataFrame"]').count() == 0
        assert leader.get_by_text("admin.bkd").count() == 0
        assert _link_labels(leader) == [p.label for p in pages_for("pimpinan")]

        admin = b.new_context(viewport={"width": 1366, "height": 1000}).new_page()
        open_page(admin, base + "/pengguna")
        sign_in(admin, "admin.bkd", PASSWORD)
        admin.get_by_role("heading", name="Daftar pengguna").wait_for(timeout=30_000)
        admin.locator('[data-testid="stDataFrame"]').wait_for(timeout=30_000)  # mounts after the run ends
        assert admin.locator('[data-testid="stException"]').count() == 0
        assert admin.locator('[data-testid="stDataFrame"]').count() == 1
        assert _link_labels(admin) == [p.label for p in pages_for("admin")]
        assert {"Pengguna", "Perubahan Organisasi", "Log Audit"} <= set(_link_labels(admin))
        screenshot(admin, "pengguna")
