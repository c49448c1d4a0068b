"""Arrow's CSV reader (data_access/importing/arrow_csv.py) gives exactly the chunks pandas' reader
gives, or the same refusal: the same cells, the same line numbers, the same chunk boundaries, on
regular files and on files that stop being regular anywhere (a short row, a wide row, a blank line, a
stray separator), in small chunks so that the hand-over from one reader to the other falls anywhere."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access.importing import arrow_csv, reading
from data_access.importing.problems import ReadError

HEAD = "NIP;TANGGAL;WAKTU INPUT;STATUS;WAKTU PERSETUJUAN"
ROW = "198609262015051001;05/01/2026;05/01/2026 16.20;Submitted;"
# lines that break the regular layout somewhere, and cells that must read alike in both readers
ODD_LINES = ["", ";;;;", "198609262015051001;05/01/2026", ROW + ";", ROW + ";;", ROW + ";x", "   ",
             "JUMLAH;;;;", "1;JUMLAH;;;", " Total ;;;;", ";;;; ", "198609262015051001;;;Draft; x",
             ROW + ";" * 20, ROW + ";" * 20 + "z"]
CELLS = ["", " ", "x", "é", "Ã«", " a b ", "-", "NULL", "\t", "05/01/2026", "1.234,5"]


def _read(data: bytes, chunk_rows: int, arrow: bool, monkeypatch, as_path=None):
    monkeypatch.setattr(reading, "ARROW", arrow)
    try:
        chunks = list(reading.iter_table(None if as_path else data, "f.csv", path=as_path, chunk_rows=chunk_rows))
    except ReadError as exc:
        return "refused", str(exc)
    return [(list(c.frame.columns), c.frame.astype(object).where(c.frame.notna(), None).values.tolist(),
             c.lines.tolist(), [str(t) for t in c.frame.dtypes], c.title, c.duplicate_headers) for c in chunks]


def _same(data: bytes, chunk_rows: int, monkeypatch, tmp_path=None, block=None):
    if block:  # Arrow parses this many bytes at a time: small blocks hand over to pandas mid-file
        monkeypatch.setattr(arrow_csv, "_BLOCK_BYTES", block)
    expected = _read(data, chunk_rows, False, monkeypatch)
    assert _read(data, chunk_rows, True, monkeypatch) == expected
    if tmp_path is not None:  # a file on disk is read as a stream, the same
        path = tmp_path / "f.csv"
        path.write_bytes(data)
        assert _read(data, chunk_rows, True, monkeypatch, as_path=path) == expected
    return expected


def test_a_regular_file_is_read_by_arrow_in_the_same_chunks(monkeypatch, tmp_path):
    rows = [f"1986092620150510{i:02d};05/01/2026;05/01/2026 16.20;{s};{d}"
            for i in range(23) for s, d in [("Approved", "06/01/2026 08.00")]]
    data = ("Laporan Progres Harian\n" + HEAD + "\n" + "\n".join(rows) + "\n").encode()
    assert arrow_csv.regular(data, None)
    handed = _spy(monkeypatch)
    for chunk_rows in (1, 5, 23, 100):
        chunks = _same(data, chunk_rows, monkeypatch, tmp_path)
        assert sum(len(c[2]) for c in chunks) == 23 and chunks[0][2][0] == 3
    assert handed == []  # pandas read none of it


def _spy(monkeypatch) -> list:
    """The rows Arrow had given each time pandas' reader took over."""
    handed, real = [], reading._pandas_chunks

    def spied(stream, head, delimiter, read_width, done, *rest):
        if reading.ARROW:  # not the reading without Arrow it is compared with
            handed.append(done)
        return real(stream, head, delimiter, read_width, done, *rest)

    monkeypatch.setattr(reading, "_pandas_chunks", spied)
    return handed


def test_pandas_takes_over_at_the_chunk_arrow_could_not_finish(monkeypatch):
    rows = [ROW.replace("1001", f"{1000 + i}") for i in range(40)]
    rows.insert(30, "198609262015051099;05/01/2026")  # short: line 32
    data = (HEAD + "\n" + "\n".join(rows) + "\n").encode()
    handed = _spy(monkeypatch)
    chunks = _same(data, 4, monkeypatch, block=200)
    assert len(handed) == 1 and 0 < handed[0] <= 28 and handed[0] % 4 == 0  # Arrow gave whole chunks first
    assert [c[2][0] for c in chunks] == list(range(2, 43, 4))
    assert chunks[7][2][2] == 32 and chunks[7][1][2][2:] == [None, None, None]  # padded by pandas


def test_arrow_is_not_used_where_it_would_read_otherwise(monkeypatch):
    """A quotation mark or a NUL byte anywhere: pandas reads the whole file."""
    assert not arrow_csv.regular((HEAD + '\n"1";a;b;c;d\n').encode(), None)
    assert not arrow_csv.regular((HEAD + "\n1;a\x00;b;c;d\n").encode(), None)
    calls = []
    monkeypatch.setattr(arrow_csv, "chunks", lambda *a: calls.append(a) or iter(()))
    reading.read_table((HEAD + '\n1;"a";b;c;d\n').encode(), "f.csv")
    reading.read_table((HEAD + "\n1;a;b;c;d\n").encode("cp1252") + "é\n".encode("cp1252"), "f.csv")
    assert calls == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(st.sampled_from(ODD_LINES), st.just(ROW), st.lists(
           st.sampled_from(CELLS), min_size=5, max_size=5).map(";".join)), min_size=0, max_size=30),
       chunk_rows=st.integers(1, 7), ending=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans(),
       title=st.booleans(), last_newline=st.booleans(), block=st.sampled_from([64, 200, 1 << 20]))
def test_any_file_reads_the_same_with_arrow_as_with_pandas(lines, chunk_rows, ending, bom, title, last_newline,
                                                           block, monkeypatch):
    text = ending.join((["Judul laporan"] if title else []) + [HEAD, ROW] + lines)
    data = ("\ufeff" if bom else "").encode() + (text + (ending if last_newline else "")).encode()
    _same(data, chunk_rows, monkeypatch, block=block)


@pytest.mark.parametrize("odd", ODD_LINES)
@pytest.mark.parametrize("at", [0, 5, 11])
def test_an_irregular_row_anywhere_reads_the_same(odd, at, monkeypatch, tmp_path):
    rows = [ROW.replace("1001", f"{1000 + i}") for i in range(12)]
    rows.insert(at, odd)
    data = (HEAD + "\n" + ROW + "\n" + "\n".join(rows) + "\n").encode()
    for chunk_rows, block in ((1, 200), (3, 130), (5, 1 << 20)):
        _same(data, chunk_rows, monkeypatch, tmp_path, block)
