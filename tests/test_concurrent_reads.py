"""Pages keep reading while an import writes (SQLite, WAL): no "database is locked" reaches a user."""
import subprocess
import sys
import time

import demo
from data_access import reads
from data_access.db import get_engine
from data_access.importing.load import import_frame
from data_access.scope import Scope
from tests.conftest import ROOT


def test_reads_during_a_long_import(tmp_path):
    url = f"sqlite:///{tmp_path / 'busy.sqlite'}"
    engine = get_engine(url)
    frames = demo.generate("small")
    import_frame(engine, "pegawai", frames["pegawai"], "pegawai.csv")
    path = tmp_path / "progres.csv"
    frames["progres_harian"].to_csv(path, sep=";", index=False, date_format="%d/%m/%Y %H.%M")
    proc = subprocess.Popen([sys.executable, "-m", "data_access", "import", str(path), "--kind", "progres_harian",
                             "--db", url], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reads_done, errors = 0, []
    scope = Scope.full("page")
    while proc.poll() is None:
        try:
            assert reads.headcount(engine, scope)["headcount"].sum() == len(frames["pegawai"])
            reads.daily_months(engine, scope, 202601, 202612)
            reads_done += 1
        except Exception as exc:  # any error here is what a page would show
            errors.append(repr(exc))
        time.sleep(0.02)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert errors == [] and reads_done > 10
    # After the commit the readers see the whole batch at once.
    assert len(reads.daily_months(engine, scope, 202601, 202612)) > 0
