"""In a real browser: a click on a table's CSV download delivers the file and writes its audit row
(the deferred download runs on the server, outside the script); the Log Audit page then lists it."""
import json

import pytest
from sqlalchemy import text

from data_access.db import get_engine
from data_access.schema import upgrade
from data_access.users import add_user
from tests.browser import browser, open_page, require_chromium, screenshot, sign_in, streamlit_server

pytestmark = pytest.mark.browser
PASSWORD = "sandi-uji-panjang"


def test_a_real_download_is_audited(tmp_path):
    require_chromium()
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    upgrade(get_engine(url))
    with get_engine(url).begin() as conn:
        add_user(conn, "admin.bkd", "Admin BKD", "admin", PASSWORD, [])
    with streamlit_server({"DATABASE_URL": url, "DASBOR_DATA_DIR": str(tmp_path)}) as base, browser() as b:
        page = b.new_context(viewport={"width": 1366, "height": 1000}, accept_downloads=True).new_page()
        open_page(page, base + "/log_audit")
        sign_in(page, "admin.bkd", PASSWORD)
        page.get_by_role("heading", name="Log Audit").wait_for(timeout=30_000)
        page.locator('[data-testid="stDataFrame"]').wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        # The table's own toolbar offers no download (client.disableDataExport): only the audited one.
        page.locator('[data-testid="stDataFrame"]').hover()
        assert page.get_by_role("button", name="Download as CSV").count() == 0
        with page.expect_download(timeout=30_000) as started:
            page.get_by_role("button", name="CSV", exact=True).click()
        saved = tmp_path / "log.csv"
        started.value.save_as(saved)
        screenshot(page, "log-audit")
    content = saved.read_bytes().decode("utf-8-sig")
    assert content.splitlines()[0] == "Waktu;Pengguna;Tindakan;Hasil;Rincian"
    with get_engine(url).connect() as conn:
        rows = conn.execute(text("select user_name, detail from audit_log where action = 'export'")).all()
    assert len(rows) == 1 and rows[0][0] == "admin.bkd"
    detail = json.loads(rows[0][1])
    assert detail["page"] == "Log Audit" and detail["format"] == "csv" and "Rentang tanggal" in detail["filters"]
