"""An import killed halfway (SIGKILL while it writes) leaves the database exactly as it was."""
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import text

import demo
from data_access.db import dispose_all, get_engine
from data_access.importing.load import import_frame
from tests.conftest import ROOT

TABLES = ("employee", "import_batch", "daily_entry", "daily_month", "audit_log")


def _counts(url: str) -> dict:
    with get_engine(url).connect() as conn:
        return {t: conn.execute(text(f"select count(*) from {t}")).scalar() for t in TABLES}


def test_sigkill_mid_load_changes_nothing(tmp_path):
    db = tmp_path / "kill.sqlite"
    url = f"sqlite:///{db}"
    frames = demo.generate("small")
    import_frame(get_engine(url), "pegawai", frames["pegawai"], "pegawai.csv")
    path = tmp_path / "progres_harian.csv"
    frames["progres_harian"].to_csv(path, sep=";", index=False, date_format="%d/%m/%Y %H.%M")
    before = _counts(url)
    dispose_all()

    wal = tmp_path / "kill.sqlite-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([sys.executable, "-m", "data_access", "import", str(path), "--kind", "progres_harian",
                             "--db", url], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    killed_while_writing = False
    while proc.poll() is None and time.monotonic() < deadline:
        # Rows are being written inside the import's transaction once the write-ahead log grows.
        if wal.exists() and wal.stat().st_size > start_size + 4_000_000:
            os.kill(proc.pid, signal.SIGKILL)
            killed_while_writing = True
            break
        time.sleep(0.01)
    proc.wait(timeout=30)
    assert killed_while_writing, f"the import finished before it could be killed: {proc.stderr.read()!r}"
    assert proc.returncode == -signal.SIGKILL

    assert _counts(url) == before
    with get_engine(url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    # And the same file imports whole afterwards.
    done = subprocess.run([sys.executable, "-m", "data_access", "import", str(path), "--kind", "progres_harian",
                           "--db", url], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _counts(url)["daily_entry"] == len(frames["progres_harian"])
