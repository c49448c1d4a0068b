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


def test_make_run_prepares_the_demo_before_the_server_starts(tmp_path):
    """On a fresh machine the demo is filled before Streamlit serves its first page (so the sign-in form
    is there at the first HTTP 200), once; a named database is never touched."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DASBOR_DATA_DIR": str(tmp_path)}
    run = [sys.executable, "-m", "data_access", "prepare"]
    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "Data demo disiapkan" in first.stdout and "Menyiapkan data demo" in first.stderr
    assert (tmp_path / "dasbor.sqlite").stat().st_size > 1_000_000
    again = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and again.stdout.strip() == "Basis data siap."
    named = tmp_path / "named.sqlite"
    other = subprocess.run(run, cwd=ROOT, env=env | {"DATABASE_URL": f"sqlite:///{named}"}, capture_output=True,
                           text=True, timeout=120)
    assert other.returncode == 0 and not named.exists()
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("\nrun:"):].split("\n\n")[0]
    assert recipe.index("-m data_access prepare") < recipe.index("streamlit run")
