"""`python -m bench --import-rows N --kind antrian`: the queue's import measured as the daily entries' is,
with the same figures (bench/import_rows.py), on a small N."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench.__main__ import build_parser
from bench.import_rows import KINDS, measure
from data_access.db import dispose_all, get_engine
from data_access.models import QueueTicket

# The figures of the progres_harian import, the shape its result files have had since the first one.
FIGURES = {"rows", "file_mb", "seconds", "rows_per_s", "cpu_s", "rows_per_cpu_s", "peak_rss_mb", "summary"}


def test_the_kind_is_an_option_with_the_daily_entries_as_default():
    parse = build_parser().parse_args
    assert KINDS == ("progres_harian", "antrian")
    assert parse(["--import-rows", "10"]).kind == "progres_harian"
    assert parse(["--import-rows", "10", "--kind", "antrian"]).kind == "antrian"
    with pytest.raises(SystemExit):
        parse(["--import-rows", "10", "--kind", "pegawai"])


@pytest.mark.heavy  # the import runs in a child process, as the benchmark runs it
def test_a_small_queue_import_is_measured_with_the_daily_imports_figures(tmp_path):
    db = f"sqlite:///{tmp_path / 'bench.sqlite'}"
    figures = measure(150, db, kind="antrian")
    assert set(figures) == FIGURES
    assert figures["rows"] == 150 and figures["rows_per_s"] > 0 and figures["peak_rss_mb"] > 0
    assert figures["summary"].startswith("antrian_150.csv: ") and "150 baris baru" in figures["summary"]
    with get_engine(db).connect() as conn:
        assert conn.execute(select(func.count()).select_from(QueueTicket)).scalar() == 150
    dispose_all()
