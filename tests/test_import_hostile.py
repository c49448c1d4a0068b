"""Hostile files end in a clean Indonesian refusal that names the line, is audited, and writes nothing:
a zip bomb (refused before it is unpacked, the process staying small), a corrupt sheet, a NUL byte, a
file mixing two encodings or converted twice, a row wider than its header, a file above the upload
limit on the command line; a value the database itself refuses is refused without its SQL."""
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from data_access.db import get_engine
from data_access.importing import load, upload
from data_access.importing.load import import_file
from data_access.importing.problems import ERROR, WARNING, ImportRejected
from data_access.importing.reading import ReadError, read_table
from data_access.settings import save_setting
from data_access.users import Grant, add_user
from tests import hostile
from tests.conftest import FIXTURES, ROOT

SIASN = (FIXTURES / "siasn_data_asn.csv").read_bytes()
MB = 1024 * 1024
ENGLISH = ("Error", "error", "Traceback", "syntax", "XmlError", "line ", "/")


def _cli_peak(*args: str, timeout: int = 180) -> tuple[int, str, int]:
    """Run `python -m data_access …` in a child process (killed after `timeout` seconds): exit code,
    stderr, and the peak resident memory in MB of that child alone (wait4)."""
    proc = subprocess.Popen([sys.executable, "-m", "data_access", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    err = b""
    try:
        err = _read_with_timeout(proc, timeout)
    finally:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, err.decode(), usage.ru_maxrss // 1024


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
