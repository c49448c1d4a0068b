"""Files are read, checked and loaded in chunks (a small chunk size here, set by parameter): a key
repeated in another chunk is still found, an error in the last chunk still blocks the whole file with
nothing written, and line numbers past the first chunk are the file's own. On SQLite and PostgreSQL."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from data_access.db import get_engine
from data_access.importing.daily_months import refresh_daily_months
from data_access.importing.keys import SeenKeys
from data_access.importing.load import import_file
from data_access.importing.problems import ERROR, ImportRejected
from tests.conftest import FIXTURES

TITLE = "Laporan Progres Harian e-Kinerja\n"  # a title line: the header is line 2, data start at line 3
HEAD = "NIP;TANGGAL;WAKTU INPUT;STATUS;WAKTU PERSETUJUAN\n"
A, B = "198609262015051001", "197501012000032002"
ROWS = [
    f"{A};05/01/2026;05/01/2026 16.20;Submitted;",  # line 3
    f"{B};05/01/2026;05/01/2026 15.00;Approved;06/01/2026 08.00",  # line 4
    f"{A};06/01/2026;06/01/2026 16.00;Draft;",  # line 5 (second chunk)
    f"{B};06/01/2026;06/01/2026 15.10;Submitted;",  # line 6
    f"{A};07/02/2026;07/02/2026 17.00;Approved;08/02/2026 09.00",  # line 7 (third chunk)
]
TABLES = ("daily_entry", "daily_month", "import_batch")


def _csv(rows) -> bytes:
    return (TITLE + HEAD + "".join(r + "\n" for r in rows)).encode()


def _state(engine) -> dict:
    """Row counts of the data and of the successful audit rows (a refused import is audited as failed,
    in a transaction of its own, by design)."""
    with engine.connect() as conn:
        counts = {t: conn.execute(text(f"select count(*) from {t}")).scalar() for t in TABLES}
        counts["audit_log ok"] = conn.execute(text("select count(*) from audit_log where ok")).scalar()
        return counts


def _months(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "select e.nip, m.month, m.days_entered, m.days_draft, m.days_active, m.days_approved, m.days_on_time, "
            "m.days_within_7, m.approval_minutes_sum, m.first_active_day, m.last_active_day "
            "from daily_month m join employee e on e.id = m.employee_id order by e.nip, m.month"))]


@pytest.fixture
def engine(siasn_engine):
    return siasn_engine


def test_a_key_repeated_in_a_later_chunk_is_an_error_and_an_identical_row_is_skipped(engine):
    before = _state(engine)
    changed = ROWS + [f"{A};05/01/2026;05/01/2026 16.20;Approved;06/01/2026 10.00"]  # line 8: key of line 3
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "harian.csv", "progres_harian", data=_csv(changed), chunk_rows=2)
    assert [(p.severity, p.line, p.column, p.key, p.message) for p in caught.value.problems] == [
        (ERROR, 8, "NIP", f"NIP {A}, TANGGAL 05/01/2026",
         "kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di baris 3).")]
    assert _state(engine) == before

    same = ROWS + [ROWS[1]]  # line 8 repeats line 4 exactly, two chunks later
    result = import_file(engine, "harian.csv", "progres_harian", data=_csv(same), chunk_rows=2)
    assert (result.rows_in_file, result.rows_inserted, result.rows_skipped) == (6, 5, 1)


def test_an_error_in_the_last_chunk_blocks_the_whole_file_with_its_own_line(engine):
    before = _state(engine)
    broken = ROWS[:4] + [f"{A};31/02/2026;07/02/2026 17.00;Approved;"]  # line 7, third chunk
    for dry_run in (True, False):
        with pytest.raises(ImportRejected) as caught:
            import_file(engine, "harian.csv", "progres_harian", data=_csv(broken), chunk_rows=2, dry_run=dry_run)
        assert [(p.line, p.column, p.value) for p in caught.value.problems] == [(7, "TANGGAL", "31/02/2026")]
        assert _state(engine) == before  # the first two chunks were loaded, then rolled back


def test_chunks_load_what_one_piece_loads(db_url, tmp_path):
    from data_access.db import dispose_all

    figures = []
    for chunk_rows in (2, 1000):
        engine = get_engine(f"{db_url}" if chunk_rows == 2 else f"sqlite:///{tmp_path / 'whole.sqlite'}")
        import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
        path = tmp_path / "harian.csv"
        path.write_bytes(_csv(ROWS))
        dry = import_file(engine, path, "progres_harian", chunk_rows=chunk_rows, dry_run=True)
        result = import_file(engine, path, "progres_harian", chunk_rows=chunk_rows)  # read from disk, streamed
        assert (dry.rows_inserted, result.rows_inserted, result.year) == (5, 5, 2026)
        figures.append(_months(engine))
        with engine.begin() as conn:  # the summary gathered chunk by chunk = the one rebuilt from the rows
            ids = [i for (i,) in conn.execute(text("select id from employee"))]
            refresh_daily_months(conn, 20000, 20600, employee_ids=ids)
        assert _months(engine) == figures[-1]
        dispose_all()
    assert figures[0] == figures[1]
    assert len(figures[0]) == 3  # A in January and February, B in January


def test_a_replace_snapshot_in_chunks_deactivates_only_staff_absent_from_the_whole_file(engine):
    result = import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai", mode="replace", chunk_rows=2,
                         file_name="siasn-lagi.csv", data=(FIXTURES / "siasn_data_asn.csv").read_bytes() + b"\n")
    assert (result.employees_updated, result.employees_deactivated) == (5, 0)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from employee where active")).scalar() == 5


@settings(max_examples=150, deadline=None)
@given(chunks=st.lists(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 2)), max_size=30), max_size=14))
def test_seen_keys_find_each_keys_first_line_across_any_chunks(chunks):
    # The keys of earlier chunks are kept as sorted runs merged as they grow (data_access.importing.keys):
    # whatever the chunk sizes, a key is found at the line where it first appeared, with whether
    # that first row was the very same row, as a plain dictionary of first sightings says.
    # Chunks are lists of (key, row content).
    seen, first, line = SeenKeys(), {}, 3
    for rows in chunks:
        keys = np.array([k for k, _ in rows], dtype="uint64")
        contents = np.array([r for _, r in rows], dtype="uint64")
        lines = np.arange(line, line + len(rows))
        found, same = seen.lookup(keys, contents)
        assert found.tolist() == [first.get(k, (0, None))[0] for k, _ in rows]
        assert same.tolist() == [k in first and first[k][1] == r for k, r in rows]
        seen.add(keys, contents, lines)
        for (k, r), n in zip(rows, lines):
            first.setdefault(k, (int(n), r))
        line += len(rows)
    assert sum(len(run[0]) for run in seen.runs) >= len(first)
    assert all(len(older[0]) > 2 * len(newer[0]) for older, newer in zip(seen.runs, seen.runs[1:]))
