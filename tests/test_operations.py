"""What running it for real relies on: XSRF protection on, no built-in table export, uploads limited
in type (their size: tests/test_upload_page.py), no secrets in the repository, and docs/operations.md naming every command it needs."""
import subprocess
import tomllib

from data_access.db import get_engine
from data_access.importing import upload
from data_access.schema import upgrade
from data_access.users import add_user
from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_xsrf_protection_is_on_and_cors_protection_is_not_turned_off():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    assert server.get("enableCORS", True) is True  # Streamlit refuses XSRF protection without it
    assert server["headless"] is True and CONFIG["browser"]["gatherUsageStats"] is False


def test_tables_have_no_unaudited_built_in_export():
    assert CONFIG["client"]["disableDataExport"] is True


def test_uploads_are_limited_in_type_before_anything_reads_them(sqlite_url):
    engine = get_engine(sqlite_url)
    upgrade(engine)
    with engine.begin() as conn:
        add_user(conn, "analis1", "Analis", "analis", "rahasia-lampung-1", [])
    csv_text = b"NIP;TAHUN;PERIODE;PREDIKAT KINERJA\n198609262015051001;2026;TW III;Baik\n"
    for name in ("data.exe", "data.csv.html", "data"):
        check = upload.validate_upload(engine, "analis1", csv_text, name, upload.UploadRequest(kind="penilaian"))
        assert [p.message for p in check.problems] == [
            "jenis berkas tidak diterima; unggah CSV atau XLSX (.csv, .xlsx)."], name
        assert upload.inspect_file(engine, "analis1", csv_text, name).problem is not None
    assert upload.inspect_file(engine, "analis1", csv_text, "DATA.CSV").problem is None


def test_no_secrets_file_is_tracked_and_it_is_ignored():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked and ".streamlit/secrets.toml.example" in tracked
    ignored = subprocess.run(["git", "check-ignore", ".streamlit/secrets.toml"], cwd=ROOT, capture_output=True)
    assert ignored.returncode == 0


def test_the_operations_section_covers_proxy_service_secrets_backups_and_logs():
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for needed in ("proxy_set_header Upgrade", "[Service]", "secrets.toml", "DATABASE_URL",
                   "python -m data_access backup", "restore", "purge", "journald", "enableXsrfProtection",
                   "tests/test_backup.py"):
        assert needed in operations, needed
