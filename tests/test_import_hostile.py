"""Hostile files end in a clean Indonesian refusal that names the line, is audited, and writes nothing:
a zip bomb (refused before it is unpacked, the process staying small), a distant cell in a tiny sheet
(refused before the reader builds its grid), a corrupt sheet, a NUL byte, a
file mixing two encodings or converted twice, a row wider than its header, a file above the upload
limit on the command line; a value the database itself refuses is refused without its SQL."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from data_access.db import get_engine
from data_access.importing import load, loaders, upload, xlsx_checks
from data_access.importing.load import import_file
from data_access.importing.problems import ERROR, WARNING, ImportRejected, ReadError
from data_access.importing.reading import read_table
from data_access.settings import save_setting
from data_access.users import Grant, add_user
from tests import hostile
from tests.conftest import FIXTURES, ROOT

SIASN = (FIXTURES / "siasn_data_asn.csv").read_bytes()
MB = 1024 * 1024
ENGLISH = ("Error", "error", "Traceback", "syntax", "XmlError", "line ", "/")


# The child reports its own high-water mark (VmHWM, of the program it runs) as it exits. wait4's
# ru_maxrss is not the child's own: Linux carries the parent's over at fork, so late in a long test run
# (a parent of 800 MB) every child would seem to peak at 800 MB.
_PEAK_WRAPPER = """
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    with open(os.environ["DASBOR_PEAK_FILE"], "w") as out:
        out.write(str(kb))
atexit.register(_peak)
sys.argv = ["python -m data_access", *sys.argv[1:]]
runpy.run_module("data_access", run_name="__main__", alter_sys=True)
"""


def _cli_peak(*args: str, timeout: int = 180) -> tuple[int, str, int]:
    """Run `python -m data_access …` in a child process (killed after `timeout` seconds): exit code,
    stderr, and the peak resident memory in MB of that child alone (its VmHWM; a killed child counts
    as 10 GB)."""
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        proc = subprocess.Popen([sys.executable, "-c", _PEAK_WRAPPER, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=os.environ | {"DASBOR_PEAK_FILE": str(peak_file)})
        err = b""
        try:
            err = _read_with_timeout(proc, timeout)
        finally:
            proc.wait()
        peak_mb = int(peak_file.read_text()) // 1024 if peak_file.exists() else 10_000
    return proc.returncode, err.decode(), peak_mb


def test_the_childs_peak_is_its_own_not_the_parents():
    """Late in a long run the test process is large; the child's figure must not include it."""
    import numpy as np

    ballast = np.ones(80_000_000)  # 640 MB held by this (parent) process while the child runs
    ballast += 1
    code, _err, peak = _cli_peak("--help", timeout=120)
    assert code == 0 and 20 < peak < 500, peak
    del ballast


def _read_with_timeout(proc, timeout: int) -> bytes:
    import threading

    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        return proc.stderr.read()
    finally:
        timer.cancel()


def _refused_imports(engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(text("select ok, detail from audit_log where action = 'import' order by id")).all()
    return [json.loads(r.detail) for r in rows if not r.ok]


def _stored(engine) -> dict:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"select count(*) from {t}")).scalar() for t in ("employee", "import_batch")}


# --- a zip bomb --------------------------------------------------------------------------------------
@pytest.mark.parametrize("bomb", ["zip_bomb", "lying_zip_bomb"])
def test_a_zip_bomb_is_refused_and_the_import_stays_small(tmp_path, bomb):
    """200 MB of identical cells in a 0,5 MB file (today's reader peaked at about 1 GB on it, and at
    4,7 GB on a 1 GB one); the lying variant declares 1 MB for its sheet. Both are refused, and the
    import process peaks far below 500 MB."""
    path = tmp_path / f"{bomb}.xlsx"
    path.write_bytes(getattr(hostile, bomb)(200))
    code, err, peak = _cli_peak("import", str(path), "--kind", "pegawai", "--db",
                                f"sqlite:///{tmp_path / 'bomb.sqlite'}", timeout=120)
    assert peak < 500, f"peak {peak} MB: {err[-500:]}"
    assert code == 1, err[-2000:]
    assert err.startswith(f"Impor dibatalkan, basis data tidak berubah: {bomb}.xlsx: "), err[-2000:]
    assert "Traceback" not in err
    expected = "ditolak sebelum dibuka" if bomb == "zip_bomb" else "rusak"
    assert expected in err
    assert _refused_imports(get_engine(f"sqlite:///{tmp_path / 'bomb.sqlite'}"))[-1]["file"] == f"{bomb}.xlsx"


def test_an_ordinary_workbook_passes_the_archive_checks():
    rows = [["NIP", "NAMA", "UNIT KERJA", "OPD"]] + [[f"1986092620150510{i:02d}", f"Nama {i}", "Sekretariat",
                                                     "Dinas Kesehatan"] for i in range(50)]
    raw = read_table(hostile.small_xlsx(rows), "biasa.xlsx")
    assert len(raw.frame) == 50



# --- a distant cell -----------------------------------------------------------------------------------
def test_a_distant_cell_is_refused_before_the_reader_builds_its_grid(tmp_path):
    """One value in ZZ200000 of a 1,6 KB file: the reader built the empty grid up to it (140 million
    cells: 4,3 GB and 16 s). It is refused naming the sheet and the cell, audited, the process small."""
    path = tmp_path / "sel-jauh.xlsx"
    path.write_bytes(hostile.distant_cell_xlsx("ZZ200000"))
    assert path.stat().st_size < 2000
    url = f"sqlite:///{tmp_path / 'jauh.sqlite'}"
    code, err, peak = _cli_peak("import", str(path), "--kind", "pegawai", "--db", url, timeout=120)
    assert peak < 500, f"peak {peak} MB: {err[-500:]}"
    assert code == 1, err[-2000:]
    assert err.startswith("Impor dibatalkan, basis data tidak berubah: sel-jauh.xlsx: berkas Excel ini ditolak "
                          "sebelum dibuka: lembar 'Sheet1' berisi sel ZZ200000 jauh di luar data"), err[-2000:]
    assert "200.000 baris × 702 kolom" in err and "Traceback" not in err
    assert _refused_imports(get_engine(url))[-1]["file"] == "sel-jauh.xlsx"
    assert _stored(get_engine(url)) == {"employee": 0, "import_batch": 0}


@pytest.mark.parametrize("tail", [
    '<row r="200000"><c r="ZZ200000" s="1"><v>1</v></c></row>',  # the ordinary form, as Excel writes it
    "<row><c r='zz200000'><v>1</v></c></row>",  # lower case, other quotes
    '<row><c x=">" r="ZZ200000"><v>1</v></c></row>',  # a '>' inside an attribute
    '<row r="200000"><c r="ZY200000"><v>1</v></c><c s="1"><v>2</v></c></row>',  # the next cell without r
    '<row r="3">' + '<c><v>1</v></c>' * 800 + '</row><row r="100000"><c r="A100000"><v>1</v></c></row>',
    "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(3, 2000))
    + '<row r="200000"><c r="ZZ200000"><v>1</v></c></row>',  # references growing row after row
])
def test_a_distant_cell_is_found_however_it_is_written(tail):
    rows = [["NIP", "NAMA", "UNIT KERJA", "OPD"]]
    data = hostile.xlsx([(hostile.SHEET_START + "".join(hostile.sheet_row(r) for r in rows) + tail
                          + hostile.SHEET_END, 1)])
    with pytest.raises(ReadError) as caught:
        read_table(data, "jauh.xlsx")
    assert "jauh di luar data" in str(caught.value), str(caught.value)


def test_a_namespace_prefix_does_not_hide_a_distant_cell():
    header = hostile.sheet_row(["NIP", "NAMA", "UNIT KERJA", "OPD"]).replace("<", "<x:").replace("<x:/", "</x:")
    xml = ('<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<x:sheetData>{header}<x:row><x:c r="ZZ200000"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    with pytest.raises(ReadError) as caught:
        read_table(hostile.xlsx([(xml, 1)]), "awalan.xlsx")
    assert "sel ZZ200000 jauh di luar data" in str(caught.value)


def test_empty_cells_and_formatted_blanks_far_away_pass():
    """A few empty cells, and Excel's formatted empty cells and rows far below the data (the reader keeps
    none of them), do not make a sheet sparse."""
    rows = [["NIP", "NAMA", "UNIT KERJA", "OPD"]] + [[f"1986092620150510{i:02d}", f"Nama {i}", "", "Dinas Kesehatan"]
                                                     for i in range(30)]
    blanks = '<row r="900000"><c r="ZZ900000" s="3"/></row><row r="1048576" ht="15" customHeight="1"/>'
    data = hostile.xlsx([(hostile.SHEET_START + "".join(hostile.sheet_row(r) for r in rows) + blanks
                          + hostile.SHEET_END, 1)])
    raw = read_table(data, "kosong.xlsx")
    assert len(raw.frame) == 30 and raw.frame["UNIT KERJA"].isna().all()


def test_a_dense_sheet_above_the_minimum_passes_and_a_sparse_one_does_not(tmp_path, monkeypatch):
    """The rule at a smaller scale (the minimum lowered to 10.000 cells): a dense xlsxwriter sheet of
    6.000 × 8 cells passes with 8 cells missing; the same sheet with one value out in column Z (26 columns
    × 6.000 rows, 156.000 cells against 48.000) still passes (3 grid cells a cell), one at ZZ does not."""
    import xlsxwriter

    monkeypatch.setattr(xlsx_checks, "SPARSE_MIN_CELLS", 10_000)

    def workbook(extra: str | None) -> bytes:
        path = tmp_path / "padat.xlsx"
        book = xlsxwriter.Workbook(path, {"constant_memory": True})
        sheet = book.add_worksheet("Data ASN")
        sheet.write_row(0, 0, ["NIP", "NAMA", "UNIT KERJA", "OPD", "GOLONGAN", "JABATAN", "STATUS", "KET"])
        for i in range(1, 6000):
            sheet.write_row(i, 0, [f"19860926201505{i:04d}", f"Nama {i}", "Sekretariat", "Dinas Kesehatan",
                                   "III/a", "Analis", "PNS", None if i % 750 == 0 else i])
        if extra:
            sheet.write(extra, 1)
        book.close()
        return path.read_bytes()

    assert len(read_table(workbook(None), "padat.xlsx").frame) == 5999
    assert len(read_table(workbook("Z6000"), "padat.xlsx").frame) == 5999
    with pytest.raises(ReadError) as caught:
        read_table(workbook("ZZ6000"), "padat.xlsx")
    assert "lembar 'Data ASN' berisi sel ZZ6000 jauh di luar data" in str(caught.value)


# --- a corrupt sheet ----------------------------------------------------------------------------------
def test_a_corrupt_sheet_is_refused_in_indonesian_on_the_page_and_audited(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    with engine.begin() as conn:
        add_user(conn, "analis", "Analis", "analis", "sandi-uji-panjang", [Grant(region="Provinsi Lampung")])
    data = hostile.corrupt_sheet_xlsx()
    found = upload.inspect_file(engine, "analis", data, "rusak.xlsx")
    assert found.problem is not None and found.problem.message.startswith("lembar 'Sheet1' rusak")
    checked = upload.validate_upload(engine, "analis", data, "rusak.xlsx", upload.UploadRequest("pegawai"))
    assert [p.message[:22] for p in checked.errors] == ["lembar 'Sheet1' rusak:"]
    before = _stored(engine)
    with pytest.raises(ReadError) as caught:
        upload.commit_upload(engine, "analis", data, "rusak.xlsx", upload.UploadRequest("pegawai"))
    message = str(caught.value)
    assert not [w for w in ENGLISH if w in message.replace("rusak.xlsx", "")], message
    assert _stored(engine) == before
    assert _refused_imports(engine)[-1]["file"] == "rusak.xlsx"


@pytest.mark.parametrize("build, sentence", [
    (hostile.no_sheets_xlsx, "buku kerja ini tidak berisi lembar"),  # was max() of an empty list
    (hostile.unknown_zip_version, "bukan berkas Excel (.xlsx) yang dapat dibaca"),  # was NotImplementedError
])
def test_a_broken_workbook_found_by_the_fuzz_test_is_refused_in_indonesian(build, sentence):
    with pytest.raises(ReadError) as caught:
        read_table(build(), "rusak.xlsx")
    assert str(caught.value).startswith(f"rusak.xlsx: {sentence}"), str(caught.value)


# --- NUL bytes ----------------------------------------------------------------------------------------
def _siasn_with_name(name: str, encoding: str = "utf-8") -> bytes:
    lines = SIASN.decode("utf-8").splitlines()
    cells = lines[2].split(";")
    cells[3] = name
    lines[2] = ";".join(cells)
    return ("\n".join(lines) + "\n").encode(encoding)


def test_a_nul_byte_in_a_name_is_refused_naming_its_line_on_both_databases(db_url):
    """On PostgreSQL the name reached the database (DataError, its traceback printing the SQL with the
    NIP and name); on SQLite it was stored. Now it is refused, with its line, before anything is written."""
    engine = get_engine(db_url)
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "nul.csv", "pegawai", file_name="nul.csv", data=_siasn_with_name("SITI\x00AMINAH"))
    errors = [p for p in caught.value.problems if p.severity == ERROR]
    assert [(p.line, p.column) for p in errors] == [(3, "NAMA")]
    assert "karakter NUL" in errors[0].message and errors[0].value == "SITI\\x00AMINAH"
    assert _stored(engine) == {"employee": 0, "import_batch": 0}
    assert _refused_imports(engine)[-1]["file"] == "nul.csv"


def test_a_stray_nul_in_a_csv_is_not_taken_for_utf16():
    raw = read_table(_siasn_with_name("SITI\x00AMINAH"), "nul.csv")
    assert raw.frame["NAMA"].iloc[1] == "SITI\x00AMINAH"


def test_a_value_the_database_refuses_is_refused_without_its_sql_or_data(sqlite_url, monkeypatch):
    """The safety net behind the checks: a DBAPIError (DataError on PostgreSQL) becomes a refusal that
    names neither the statement nor its parameters, audited, with no traceback chained to it."""
    def refuse(job, digest):
        raise sa_exc.DataError("INSERT INTO employee (nip, name) VALUES (%(nip)s, %(name)s)",
                               {"nip": "198609262015051001", "name": "BUDI SANTOSO"},
                               Exception("invalid byte sequence for encoding UTF8: 0x00"))

    monkeypatch.setattr(load._Job, "load", refuse)
    engine = get_engine(sqlite_url)
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "x.csv", "pegawai", file_name="x.csv", data=SIASN)
    (problem,) = caught.value.problems
    assert problem.message.startswith("basis data menolak menyimpan isi berkas ini (Exception)")
    assert "198609262015051001" not in str(problem) and "BUDI" not in str(problem) and "INSERT" not in str(problem)
    assert caught.value.__suppress_context__ and caught.value.__cause__ is None
    assert _refused_imports(engine)[-1]["file"] == "x.csv"



def test_a_key_stored_during_the_import_is_refused_without_the_databases_detail(db_url, monkeypatch):
    """Another import stores a NIP of the file between the check for stored keys and the insert (simulated
    by storing it there): the database's IntegrityError used to reach the uploader as 'Rincian teknis:
    ... Key (nip)=(198...) already exists' on PostgreSQL. Now an Indonesian sentence naming the kind and
    the lines being written, audited, nothing stored."""
    from sqlalchemy import insert

    real_insert_new, real_records = loaders._insert_new, loaders._records

    def racing(job, table, frame, key, where):
        def records(part):
            rows = real_records(part)
            job.conn.execute(insert(table), rows[1:2])  # stored "by another import" just now
            return rows

        monkeypatch.setattr(loaders, "_records", records)
        return real_insert_new(job, table, frame, key, where)

    monkeypatch.setattr(loaders, "_insert_new", racing)
    engine = get_engine(db_url)
    nips = ["".join(ch for ch in line.split(";")[1] if ch.isdigit()) for line in SIASN.decode().splitlines()[1:]]
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "ganda.csv", "pegawai", file_name="ganda.csv", data=SIASN)
    assert caught.value.__suppress_context__ and caught.value.__cause__ is None
    (problem,) = caught.value.problems
    text_ = str(problem)
    assert problem.message.startswith("data jenis 'Data pegawai (ASN)' (di antara baris 2 dan 6) bertabrakan "
                                      "dengan data yang sudah tersimpan (kunci ganda)"), text_
    assert not [n for n in nips if n in text_], text_
    assert not [w for w in ("Rincian", "UNIQUE", "Key", "unique", "employee", "nip", "Error") if w in text_], text_
    assert _stored(engine) == {"employee": 0, "import_batch": 0}
    assert _refused_imports(engine)[-1]["file"] == "ganda.csv"


def test_the_duplicate_key_refusal_names_one_line_when_it_knows_it():
    problem = load.duplicate_key_problem(load.KINDS["pelatihan"], "x.csv", (12, 12))
    assert problem.line == 12 and "di antara" not in problem.message
    assert load.duplicate_key_problem(load.KINDS["pelatihan"], "x.csv", None).line is None


# --- encodings ----------------------------------------------------------------------------------------
def test_a_csv_mixing_utf8_and_windows_1252_is_refused_naming_both_lines():
    lines = SIASN.decode("utf-8").splitlines()
    lines[2] = lines[2].replace("SITI AMINAH", "ZOË ÑUÑEZ")
    lines[3] = lines[3].replace(lines[3].split(";")[3], "JOSÉ")
    data = "\n".join(lines[:3]).encode("utf-8") + b"\n" + "\n".join(lines[3:]).encode("cp1252") + b"\n"
    with pytest.raises(ReadError) as caught:
        read_table(data, "campur.csv")
    message = str(caught.value)
    assert message.startswith("campur.csv: berkas mencampur dua pengodean teks: baris 3 tertulis dalam UTF-8 "
                              "(misalnya 'Ë'), baris 4 dalam Windows-1252"), message


def test_a_windows_1252_file_alone_is_still_read():
    raw = read_table(_siasn_with_name("JOSÉ", "cp1252"), "ansi.csv")
    assert raw.frame["NAMA"].iloc[1] == "JOSÉ"


def test_text_converted_twice_is_a_warning_naming_its_line(sqlite_url):
    engine = get_engine(sqlite_url)
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "dua-kali.csv", "pegawai", data=_siasn_with_name("ZoÃ« Ã‘uÃ±ez"))
    (warning,) = [p for p in caught.value.problems if p.severity == WARNING and p.column == "NAMA"]
    assert warning.line == 3 and "mungkin maksudnya 'Zoë Ñuñez'" in warning.message
    assert _stored(engine)["employee"] == 0
    result = import_file(engine, "dua-kali.csv", "pegawai", data=_siasn_with_name("ZoÃ« Ã‘uÃ±ez"),
                         skip_warned_rows=True)
    assert result.skipped_warned_rows == 1 and result.rows_inserted == 4


# --- rows wider than their header --------------------------------------------------------------------
HEAD = "JUDUL EKSPOR\nNIP;NAMA;UNIT KERJA;OPD\n"


@pytest.mark.parametrize("body, line", [
    ("1;a;u;o;LEBIH\n2;b;u;o\n", 3),  # the first data row is wider: pandas used to cut it silently
    ("1;a;u;o\n2;b;u;o;LEBIH\n", 4),
    ("1;a;u;o;;\n2;b;u;o;;LEBIH\n", 4),
    ("1;a;u;o\n2;b;u;o;;LEBIH\n3;c;u;o\n", 4),
])
def test_a_row_wider_than_its_header_is_refused_naming_its_line(body, line):
    with pytest.raises(ReadError) as caught:
        read_table((HEAD + body).encode(), "lebar.csv")
    assert str(caught.value).startswith(f"lebar.csv: baris {line} berisi "), str(caught.value)
    assert "judul kolom" in str(caught.value)


def test_empty_cells_past_the_header_are_ignored():
    raw = read_table((HEAD + "1;a;u;o;\n2;b;u;o;;\n").encode(), "titik-koma.csv")
    assert raw.frame.values.tolist() == [["1", "a", "u", "o"], ["2", "b", "u", "o"]]


# --- the upload limit on the command line ------------------------------------------------------------
def test_the_command_line_keeps_the_upload_limit_unless_the_operator_overrides_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    engine = get_engine(url)
    from data_access.schema import ensure_schema

    ensure_schema(engine)
    with engine.begin() as conn:
        save_setting(conn, "max_upload_mb", 1, "cli")
    big = tmp_path / "besar.csv"
    lines = SIASN.decode("utf-8").splitlines()
    big.write_text("\n".join(lines + [lines[1]] * (int(1.2 * MB) // len(lines[1]) + 1)) + "\n")
    code, err, _ = _cli_peak("import", str(big), "--kind", "pegawai", "--db", url)
    expected = None
    try:
        upload.check_size("besar.csv", big.stat().st_size, 1)
    except ReadError as exc:
        expected = str(exc)
    assert code == 1 and err.strip() == f"Impor dibatalkan, basis data tidak berubah: {expected}"
    assert _stored(engine)["import_batch"] == 0
    code, err, _ = _cli_peak("import", str(big), "--kind", "pegawai", "--db", url, "--max-mb", "5")
    assert "melebihi batas unggahan" not in err  # read and checked: the repeated row is its own matter
