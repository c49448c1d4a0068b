"""In a real browser on a fresh server: an analyst uploads a file with errors (nothing is stored), then a
valid one, commits it, and finds the import in the history."""
import pytest
from sqlalchemy import text

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.users import Grant, add_user
from tests.browser import READY, browser, open_page, require_chromium, screenshot, sign_in, streamlit_server
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser
PASSWORD = "sandi-uji-panjang"
UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'


def _appraisals(url: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(text("select count(*) from appraisal")).scalar()


def _upload(page, path) -> None:
    page.locator(UPLOADER).set_input_files(str(path))
    page.wait_for_selector('text=Laporan pemeriksaan', timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)


def test_an_analyst_uploads_and_commits_a_file_in_the_browser(tmp_path):
    require_chromium()
    url = f"sqlite:///{tmp_path / 'unggah.sqlite'}"
    engine = get_engine(url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    with engine.begin() as conn:
        add_user(conn, "analis", "Analis", "analis", PASSWORD, [Grant(region="Provinsi Lampung")])
    with streamlit_server({"DATABASE_URL": url, "DASBOR_DATA_DIR": str(tmp_path)}) as base, browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 900})
        open_page(page, base + "/unggah_data")  # the page's own URL first, on a fresh server
        sign_in(page, "analis", PASSWORD)
        page.get_by_role("heading", name="Unggah Data").wait_for()

        _upload(page, FIXTURES / "penilaian_galat.csv")
        assert page.get_by_text("3 galat: berkas tidak dapat disimpan").count() == 1
        assert page.get_by_role("button", name="Simpan ke basis data").count() == 0
        assert page.get_by_role("button", name="Unduh laporan pemeriksaan (CSV)").count() == 1
        screenshot(page, "unggah_galat")
        assert _appraisals(url) == 0

        _upload(page, FIXTURES / "penilaian_tw3.csv")
        page.get_by_text("Tidak ada galat").wait_for(timeout=60_000)
        screenshot(page, "unggah_siap")
        page.get_by_role("button", name="Simpan ke basis data").click()
        page.get_by_text("diimpor dengan nomor impor").wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert _appraisals(url) == 3
        screenshot(page, "unggah_tersimpan")
        page.get_by_role("tab", name="Riwayat impor").click()
        page.get_by_role("button", name="Batalkan impor…").wait_for()
        screenshot(page, "unggah_riwayat")
