"""The fast CSV path (Arrow's reader, arrow_csv.py; the checks' shortcuts, arrow_text.py; the reader
thread, prefetch.py) changes nothing an analyst sees: a file with errors in every column gets the same
problems, on the same lines, as through pandas' reader, and an XLSX of the same rows the same again; a
valid file stores the same rows and the same monthly summary. On SQLite and PostgreSQL."""
import io

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from sqlalchemy import text

from data_access.importing import arrow_csv, daily_months, reading
from data_access.importing.load import import_file
from data_access.importing.prefetch import prefetched
from data_access.importing.problems import ImportRejected

TITLE = "Laporan Progres Harian e-Kinerja"
HEAD = ["NIP", "TANGGAL", "WAKTU INPUT", "STATUS", "WAKTU PERSETUJUAN"]
A, B, C = "198609262015051001", "197501012000032002", "199203152019031004"
GOOD = [[nip, f"{d:02d}/01/2026", f"{d:02d}/01/2026 16.{d:02d}", status, f"{d + 1:02d}/01/2026 08.00" if a else ""]
        for d in range(5, 17) for nip, status, a in ((A, "Submitted", False), (B, "Approved", True), (C, "Draft", False))]
ERRORS = {  # line -> a row wrong in one column (or as a whole); chunks of 4 rows from line 3
    17: ["19860926201505100", "05/02/2026", "05/02/2026 16.20", "Submitted", ""],  # NIP of 17 digits
    9: ["198609262015059999", "06/02/2026", "06/02/2026 16.20", "Submitted", ""],  # NIP not in the roster
    14: [A, "31/02/2026", "01/03/2026 16.20", "Approved", "02/03/2026 08.00"],  # no such day
    20: [B, "09/02/2026", "kemarin sore", "Submitted", ""],  # no time
    23: [C, "10/02/2026", "10/02/2026 16.20", "Selesai", ""],  # no such status
    27: [A, "05/01/2026", "05/01/2026 17.00", "Approved", "06/01/2026 10.00"],  # key of line 3, other content
    31: [B, "", "11/02/2026 16.20", "Submitted", ""],  # required day missing
    33: [C, "12/02/2026"],  # a short row: pandas takes over from Arrow there
}


def _rows(errors: dict) -> list[list[str]]:
    rows = [list(r) for r in GOOD]
    for line, row in sorted(errors.items()):
        rows.insert(line - 3, row)  # line 1 the title, line 2 the header
    return rows


def _csv(rows) -> bytes:
    return "\n".join([TITLE, ";".join(HEAD)] + [";".join(r) for r in rows]).encode() + b"\n"


def _xlsx(rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Progres")
    for i, row in enumerate([[TITLE], HEAD, *rows]):
        for j, cell in enumerate(row):
            if cell != "":
                sheet.write_string(i, j, cell)
    book.close()
    return out.getvalue()


def _outcome(engine, name: str, data: bytes):
    try:
        result = import_file(engine, name, "progres_harian", data=data, chunk_rows=4)
    except ImportRejected as exc:
        return [(p.severity, p.line, p.column, p.value, p.key, p.message) for p in exc.problems]
    with engine.connect() as conn:
        stored = conn.execute(text(
            "select e.nip, d.day, d.status, d.input_min, d.approved_min from daily_entry d "
            "join employee e on e.id = d.employee_id order by e.nip, d.day")).all()
        months = conn.execute(text(
            "select e.nip, m.month, m.days_entered, m.days_draft, m.days_active, m.days_approved, m.days_on_time, "
            "m.days_within_7, m.approval_minutes_sum, m.first_active_day, m.last_active_day from daily_month m "
            "join employee e on e.id = m.employee_id order by e.nip, m.month")).all()
        conn.execute(text("delete from daily_month"))
        conn.execute(text("delete from daily_entry"))
        conn.execute(text("delete from import_batch where kind = 'progres_harian'"))
        conn.commit()
    return result.rows_inserted, [tuple(r) for r in stored], [tuple(r) for r in months]


@pytest.mark.parametrize("errors", [ERRORS, {}], ids=["errors", "valid"])
def test_csv_fast_and_slow_and_xlsx_give_the_same_outcome(siasn_engine, errors, monkeypatch):
    monkeypatch.setattr(arrow_csv, "_BLOCK_BYTES", 300)  # a few rows a block: Arrow hands over mid-file
    rows = _rows(errors)
    fast = _outcome(siasn_engine, "harian.csv", _csv(rows))
    monkeypatch.setattr(reading, "ARROW", False)
    slow = _outcome(siasn_engine, "harian.csv", _csv(rows))
    assert fast == slow
    assert _outcome(siasn_engine, "harian.xlsx", _xlsx(rows)) == fast
    if errors:
        assert sorted({line for _, line, *_ in fast if line}) == sorted(ERRORS)
    else:
        assert fast[0] == len(GOOD) and len(fast[2]) == 3


def test_the_reader_thread_keeps_order_errors_and_stops_when_left():
    def numbers(fail_at=None, closed=None):
        try:
            for i in range(6):
                if i == fail_at:
                    raise ValueError(f"baris {i}")
                yield i
        finally:
            if closed is not None:
                closed.append(True)

    assert list(prefetched(numbers())) == list(range(6))
    seen = []
    with pytest.raises(ValueError, match="baris 4"):
        for i in prefetched(numbers(fail_at=4)):
            seen.append(i)
    assert seen == [0, 1, 2, 3]
    closed = []
    left = prefetched(numbers(closed=closed))
    assert next(left) == 0
    left.close()  # the reader stops and closes the source in its thread, before close returns
    assert closed == [True]


def test_month_sums_of_sorted_rows_equal_the_grouped_sums():
    rng = np.random.default_rng(3)
    for n in (1, 2, 50, 3000):
        frame = pd.DataFrame({"employee_id": rng.integers(1, 30, n), "day": rng.integers(20000, 20400, n)})
        frame = frame.sort_values(["employee_id", "day"]).reset_index(drop=True)
        frame["status"] = rng.integers(0, 4, n)
        frame["input_min"] = frame["day"] * 1440 + rng.integers(0, 14 * 1440, n)
        approved = frame["input_min"] + rng.integers(0, 5000, n)
        frame["approved_min"] = pd.array(np.where(rng.random(n) < 0.4, np.nan, approved), dtype="Int64")
        runs = daily_months.month_sums(frame)  # sorted: summed run by run
        grouped = daily_months.month_sums(frame.iloc[::-1].reset_index(drop=True))  # unsorted: grouped
        grouped = grouped.sort_values(["employee_id", "month"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(runs, grouped)


def _months(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "select employee_id, month, agency_id, unit_id, days_entered, days_draft, days_active, days_approved, "
            "days_on_time, days_within_7, approval_minutes_sum, first_active_day, last_active_day from daily_month "
            "order by employee_id, month"))]


def test_the_summary_of_staff_with_stored_entries_is_rebuilt_and_of_the_others_summed(siasn_engine):
    """A second file meets the first one's entries for A (a changed row, identical rows) and B (other
    days of the same month), and brings C's first: the summary equals the one rebuilt from every stored
    row, whichever way each employee's months were made."""
    first = [r for r in GOOD if r[0] in (A, B) and r[1] < "09"]
    import_file(siasn_engine, "satu.csv", "progres_harian", data=_csv(first), chunk_rows=4)
    second = [r for r in GOOD if r[0] == A and r[1] >= "07"] + [r for r in GOOD if r[0] in (B, C) and r[1] >= "10"]
    second.append([A, "05/01/2026", "05/01/2026 18.00", "Approved", "06/01/2026 09.00"])  # changed: a warning
    result = import_file(siasn_engine, "dua.csv", "progres_harian", data=_csv(second), chunk_rows=4,
                         skip_warned_rows=True)
    assert result.rows_changed == 1 and result.rows_inserted > 0
    summed = _months(siasn_engine)
    with siasn_engine.begin() as conn:
        ids = [i for (i,) in conn.execute(text("select id from employee"))]
        daily_months.refresh_daily_months(conn, 20454, 20500, employee_ids=ids)
    assert _months(siasn_engine) == summed and len({r[0] for r in summed}) == 3
