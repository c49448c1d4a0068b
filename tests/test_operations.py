"""What running it for real relies on: XSRF protection on, the upload limit in step with its setting,
no secrets in the repository, and the README's Operations section naming every command it needs."""
import subprocess
import tomllib

from data_access.settings import SETTINGS
from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_xsrf_protection_is_on_and_cors_protection_is_not_turned_off():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    assert server.get("enableCORS", True) is True  # Streamlit refuses XSRF protection without it
    assert server["headless"] is True and CONFIG["browser"]["gatherUsageStats"] is False


def test_tables_have_no_unaudited_built_in_export():
    assert CONFIG["client"]["disableDataExport"] is True


def test_the_upload_limit_matches_its_setting():
    assert CONFIG["server"]["maxUploadSize"] == SETTINGS["max_upload_mb"].default


def test_no_secrets_file_is_tracked_and_it_is_ignored():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked and ".streamlit/secrets.toml.example" in tracked
    ignored = subprocess.run(["git", "check-ignore", ".streamlit/secrets.toml"], cwd=ROOT, capture_output=True)
    assert ignored.returncode == 0


def test_the_operations_section_covers_proxy_service_secrets_backups_and_logs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    operations = readme.split("## Operations", 1)[1].split("\n## ", 1)[0]
    for needed in ("proxy_set_header Upgrade", "[Service]", "secrets.toml", "DATABASE_URL",
                   "python -m data_access backup", "restore", "purge", "journald", "enableXsrfProtection",
                   "tests/test_backup.py"):
        assert needed in operations, needed
