"""Reading CSV and XLSX extracts as they really are: title rows, several sheets, totals rows. An XLSX
file passes the safety checks of xlsx_checks.py before its reader opens it."""
from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data_access.importing import arrow_csv, arrow_text
from data_access.importing.problems import ReadError
from data_access.importing.xlsx_checks import broken_sheet, check_archive, check_grids, not_xlsx
from vocab.kinds import KINDS, Kind, header_key, header_map

MAX_HEADER_SEARCH_ROWS = 20
# A first data row wider than the columns read is cut by pandas, with a warning (see _csv_chunks).
warnings.filterwarnings("ignore", message="Length of header or names does not match length of data",
                        category=pd.errors.ParserWarning)
_TOTALS_TEXT = r"(?i)\s*(JUMLAH|TOTAL|GRAND TOTAL)\b"  # a totals row's first text cell
_TOTALS_WORD = r"(?i)(?:JUMLAH|TOTAL)"  # in every text _TOTALS_TEXT matches
_TOTALS_WORDS = (b"jumlah", b"total")  # the same, as arrow_text.without_words looks for them


@dataclass
class RawTable:
    """A table as found in a file: cells as text, the header row, and each row's line number."""

    frame: pd.DataFrame  # columns = the file's own headers
    lines: pd.Series  # line (CSV) or row (XLSX) number of each data row, 1-based
    sheet: str | None = None
    title: list[str] = field(default_factory=list)  # text above the header row
    duplicate_headers: list[str] = field(default_factory=list)  # headers written more than once
    row_sheet: pd.Series | None = None  # each row's sheet, when several sheets were stacked
    ignored_sheets: list[str] = field(default_factory=list)


_EXTRA_CELLS = 16  # cells past the header read, to tell an empty trailing cell from a shifted value
CHUNK_ROWS = 100_000  # rows per chunk: a million-row file is read, checked and loaded in ten steps
_BLOCK = 1 << 20


class _Source:
    """The bytes of an upload (in memory) or a file on disk (read as a stream, never whole)."""

    def __init__(self, data: bytes | None = None, path: str | Path | None = None):
        self.data, self.path = data, path

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")

    def first_bytes(self, n: int) -> bytes:
        if self.data is not None:
            return self.data[:n]
        with open(self.path, "rb") as f:
            return f.read(n)


# A UTF-8 character of two to four bytes, as it looks when read byte by byte.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _encoding(source: _Source, file_name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, decided over the whole file in blocks; UTF-16
    when the file starts with its byte-order mark (Excel's "Unicode Text"). A file whose first bytes
    are NUL every other byte, without such a mark, is UTF-16 or UTF-32 without one, or no text at all:
    refused by name, never read as Windows-1252 (that gave headers like 'ÿþN\0I\0P\0'); a stray NUL
    in a cell is read, and the import refuses its row.

    A file that is not UTF-8 but has UTF-8 characters on some lines mixes both encodings (lines pasted
    from another file): read as Windows-1252 its UTF-8 lines would become 'ZoÃ« Ã‘uÃ±ez'. It is refused,
    naming a line of each."""
    start = source.first_bytes(4096)
    if start[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise ReadError(f"{file_name}: pengodean teks UTF-32 tidak didukung; simpan ulang sebagai CSV UTF-8.")
    candidates = ("utf-16",) if start[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")
    if candidates != ("utf-16",) and start.count(b"\x00") * 8 >= len(start):
        raise ReadError(f"{file_name}: berkas berisi karakter NUL: tampaknya teks UTF-16 tanpa penanda BOM, atau "
                        "bukan berkas teks. Simpan ulang sebagai CSV UTF-8 (Excel: CSV UTF-8 (Comma delimited)).")
    not_utf8_line = None
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 1
        try:
            with source.open() as f:
                while block := f.read(_BLOCK):
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError as exc:
                        if encoding == "utf-8-sig":
                            not_utf8_line = lines + block.count(b"\n", 0, max(exc.start, 0))
                        raise
                    lines += block.count(b"\n")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252" and not_utf8_line is not None:
            _refuse_mixed(source, file_name, not_utf8_line)
        return encoding
    raise ReadError(f"{file_name}: pengodean teks tidak dikenali (gunakan UTF-8, UTF-16 dengan BOM, atau "
                    "Windows-1252).")


def _refuse_mixed(source: _Source, file_name: str, not_utf8_line: int) -> None:
    """Refuse a Windows-1252 file with UTF-8 characters on some line (the first one is named)."""
    lines, carry = 1, b""
    with source.open() as f:
        while block := f.read(_BLOCK):
            text = carry + block
            found = _UTF8_SEQUENCE.search(text)
            if found:
                line = lines + text.count(b"\n", 0, found.start())
                sample = found.group().decode("utf-8")
                raise ReadError(
                    f"{file_name}: berkas mencampur dua pengodean teks: baris {line} tertulis dalam UTF-8 (misalnya "
                    f"'{sample}'), baris {not_utf8_line} dalam Windows-1252, sehingga huruf beraksen salah satunya "
                    "akan tersimpan rusak (seperti 'Ã«' untuk 'ë'). Simpan ulang seluruh berkas dengan satu "
                    "pengodean (Excel: CSV UTF-8 (Comma delimited)).")
            keep = min(3, len(text))  # a character cut between two blocks is looked at again
            lines += text.count(b"\n", 0, len(text) - keep)
            carry = text[len(text) - keep:]


def _all_header_keys() -> set[str]:
    return {k for kind in KINDS.values() for k in header_map(kind)}


def _score(row: list, known: set[str]) -> int:
    return sum(1 for cell in row if isinstance(cell, str) and header_key(cell) in known)


def _find_header(rows: list[list], known: set[str]) -> int | None:
    best, best_score = None, 1
    for i, row in enumerate(rows[:MAX_HEADER_SEARCH_ROWS]):
        score = _score(row, known)
        if score > best_score:
            best, best_score = i, score
    return best


@dataclass
class _Head:
    """What the rows above the data say: the header (made unique), its width, the title, the clashes."""

    header_at: int
    header: list[str]
    title: list[str]
    duplicates: list[str]


def _head(rows: list[list], file_name: str, sheet: str | None, known: set[str]) -> _Head:
    header_at = _find_header(rows, known)
    if header_at is None:
        where = f" (lembar {sheet})" if sheet else ""
        raise ReadError(
            f"{file_name}{where}: baris judul kolom tidak ditemukan di {MAX_HEADER_SEARCH_ROWS} baris "
            "pertama. Gunakan templat yang tersedia atau ekspor asli SIASN/e-Kinerja."
        )
    header = [str(c).strip() if c is not None and str(c).strip() else f"(kolom {i + 1})"
              for i, c in enumerate(rows[header_at])]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    seen: dict[str, int] = {}
    for i, h in enumerate(header):  # keep every column addressable; the importer reports the clash
        seen[h] = seen.get(h, 0) + 1
        if seen[h] > 1:
            header[i] = f"{h} (ke-{seen[h]})"
    title = [" ".join(str(c) for c in r if c not in (None, "")) for r in rows[:header_at]]
    return _Head(header_at, header, [t for t in title if t.strip()], duplicates)


def _chunk(head: _Head, body: list[list], first_line: int, sheet: str | None, typed: bool) -> RawTable:
    """One chunk of data rows (lists of cells) as a table: rows padded or cut to the header's width."""
    width = len(head.header)
    body = [r if len(r) == width else list(r[:width]) + [None] * (width - len(r)) for r in body]
    return _table(head, np.array(body, dtype=object).reshape(len(body), width), first_line, sheet, typed)


def _table(head: _Head, cells: np.ndarray, first_line: int, sheet: str | None, typed: bool) -> RawTable:
    """A chunk's cells (rows × header width, objects) as a table: empty text as None; fully empty rows,
    empty columns without a header, and totals rows dropped; each row keeps its line number."""
    cells[cells == ""] = None
    frame = pd.DataFrame(cells, columns=head.header, dtype=object)
    if not typed:  # a CSV's cells are all text: converted once, here, not again by each check
        frame = frame.astype("string")
    return _tidy(head, frame, first_line, sheet, typed)


def _arrow_table(head: _Head, columns: list[pa.ChunkedArray], first_line: int) -> RawTable:
    """A chunk of Arrow's string columns (arrow_csv.py) as _table makes a CSV's: text cells, empty text
    missing, then tidied alike."""
    empty = pa.scalar(None, pa.string())
    frame = pd.DataFrame({h: pd.array(pc.if_else(pc.equal(c, ""), empty, c), dtype="string")
                          for h, c in zip(head.header, columns)}, columns=head.header)
    return _tidy(head, frame, first_line, None, typed=False)


def _tidy(head: _Head, frame: pd.DataFrame, first_line: int, sheet: str | None, typed: bool) -> RawTable:
    """Fully empty rows, empty columns without a header, and totals rows dropped; each row keeps its
    line number."""
    lines = np.arange(first_line, first_line + len(frame), dtype="int64")
    if len(frame):
        # Columns with no cell to trim are not trimmed, nor searched when no cell can name a total
        # (arrow_text.py reads that from the column's bytes): the same values, found in one pass.
        text = {c: frame[c] if arrow_text.trimmed(frame[c]) else frame[c].astype("string").str.strip()
                for c in frame.columns}
        filled = pd.DataFrame({c: (t.fillna("") != "").to_numpy() for c, t in text.items()})
        unnamed_empty = [c for c in frame.columns if c.startswith("(kolom ") and not filled[c].any()]
        frame = frame.drop(columns=unnamed_empty)
        filled = filled.drop(columns=unnamed_empty)
        keep = filled.any(axis=1).to_numpy().copy()
        # A totals row: its first filled cell that is not a number (a row number may lead) says JUMLAH.
        # Only rows with a totals word in some cell can be one (one vectorised search per column);
        # the others are not looked at further.
        mentions = np.zeros(len(frame), dtype=bool)
        for c in frame.columns:
            if not arrow_text.without_words(text[c], _TOTALS_WORDS):
                mentions |= text[c].str.contains(_TOTALS_WORD, na=False).to_numpy(dtype=bool)
        if mentions.any():
            rows = np.flatnonzero(mentions)
            some = frame.iloc[rows]
            number = pd.DataFrame({c: text[c].iloc[rows].str.fullmatch(r"-?\d+(\.\d+)?").fillna(False).to_numpy()
                                   for c in some.columns})
            if typed:  # spreadsheet cells may be numbers already
                number |= pd.DataFrame({c: some[c].map(_is_number, na_action="ignore").fillna(False).to_numpy()
                                        for c in some.columns})
            wordy = (filled.iloc[rows].reset_index(drop=True) & ~number).to_numpy()
            first = some.to_numpy()[np.arange(len(some)), wordy.argmax(axis=1)]
            first_text = pd.Series(first, dtype=object).where(wordy.any(axis=1)).astype("string")
            keep[rows] &= ~first_text.str.match(_TOTALS_TEXT).fillna(False).to_numpy()
        frame = frame[keep].reset_index(drop=True)
        lines = lines[keep]
    row_sheet = pd.Series([sheet] * len(frame), dtype=object) if sheet is not None else None
    return RawTable(frame=frame, lines=pd.Series(lines, dtype="int64"), sheet=sheet, title=head.title,
                    duplicate_headers=head.duplicates, row_sheet=row_sheet)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _chunks_of(rows: Iterator[list], head: _Head, first_line: int, sheet: str | None,
               chunk_rows: int) -> Iterator[RawTable]:
    """The data rows below the header, chunk by chunk (at least one chunk, maybe empty)."""
    line = first_line
    while True:
        body = list(islice(rows, chunk_rows))
        if body or line == first_line:
            yield _chunk(head, body, line, sheet, typed=sheet is not None)
        if len(body) < chunk_rows:
            return
        line += len(body)


def _csv_chunks(source: _Source, file_name: str, chunk_rows: int) -> Iterator[RawTable]:
    """The header is found with the csv module in the first rows; the data rows are then read by
    Arrow's reader when the file is regular (arrow_csv.py: UTF-8, no quotation mark, rows as wide as
    the first), else, or from the first block of rows that is not, by pandas' C reader, chunk by
    chunk, as text (short rows padded, blank lines kept as rows so the line numbers stay the file's).
    A row with more cells than the header is refused, naming its line, when a cell past the header's
    width is filled (a stray separator in a cell would shift every value after it); empty cells there
    (a trailing separator) are ignored."""
    encoding = _encoding(source, file_name)
    with source.open() as f:
        stream = io.TextIOWrapper(f, encoding=encoding, newline="")
        first_lines = "\n".join(islice(iter(stream.readline, ""), MAX_HEADER_SEARCH_ROWS))
        delimiter = ";" if first_lines.count(";") > first_lines.count(",") else ","
        if "\t" in first_lines and first_lines.count("\t") > first_lines.count(delimiter):
            delimiter = "\t"
        stream.seek(0)
        lines_before, width = 0, 0  # known once the header is
        try:
            top = [[c if c != "" else None for c in r]
                   for r in islice(csv.reader(stream, delimiter=delimiter), MAX_HEADER_SEARCH_ROWS)]
            head = _head(top, file_name, None, _all_header_keys())
            lines_before, width = head.header_at + 1, len(head.header)
            below = top[head.header_at + 1] if head.header_at + 1 < len(top) else []
            # pandas cuts the rows to the first row's width when that row is longer than `names`, and
            # refuses a later row longer than `names`. Columns past the header (and the first row)
            # are read too, so filled cells there show and ragged trailing separators pass.
            read_width = max(width, len(below)) + _EXTRA_CELLS
            done = 0
            if ARROW and encoding == "utf-8-sig" and len(below) >= width and arrow_csv.regular(source.data, source.path):
                done = yield from _arrow_chunks(source, stream, head, delimiter, len(below), chunk_rows, file_name)
                if done is None:
                    return
                stream.seek(0)  # pandas goes on from the last row Arrow gave (a row as wide as the first)
                for _ in range(head.header_at + max(done, 1)):  # a regular file's lines are its records
                    stream.readline()
                lines_before += max(done - 1, 0)
            else:
                stream.seek(0)
                rows = csv.reader(stream, delimiter=delimiter)
                for _ in range(head.header_at + 1):  # the csv module reads exactly these records
                    next(rows)
            yield from _pandas_chunks(stream, head, delimiter, read_width, done, chunk_rows, file_name)
        except (csv.Error, pd.errors.ParserError) as exc:
            raise ReadError(f"{file_name}: {_csv_problem(exc, lines_before, width)}") from exc


ARROW = True  # read regular files with Arrow's reader (tests turn it off to compare both readers)


def _arrow_chunks(source: _Source, stream, head: _Head, delimiter: str, fields: int, chunk_rows: int,
                  file_name: str):
    """The chunks Arrow's reader gives (arrow_csv.chunks), as tables; returns what it returns."""
    stream.seek(0)
    offset = len(codecs.BOM_UTF8) if source.first_bytes(3) == codecs.BOM_UTF8 else 0
    offset += sum(len(stream.readline().encode("utf-8")) for _ in range(head.header_at + 1))
    width, line = len(head.header), head.header_at + 2
    parts = arrow_csv.chunks(source.data, source.path, offset, delimiter, fields, chunk_rows)
    while True:
        try:
            columns = next(parts)
        except StopIteration as stop:
            return stop.value
        if fields > width:
            extra = [c.to_numpy(zero_copy_only=False).astype(object) for c in columns[width:]]
            _refuse_wide_rows(np.column_stack(extra), line, width, file_name)
        yield _arrow_table(head, columns[:width], line)
        line += len(columns[0])


def _pandas_chunks(stream, head: _Head, delimiter: str, read_width: int, done: int, chunk_rows: int,
                   file_name: str) -> Iterator[RawTable]:
    """The rows from the stream's position on, read by pandas: from the first row below the header,
    or, after `done` rows Arrow gave, from the last of them again (dropped)."""
    width = len(head.header)
    try:  # index_col=False: short rows padded (even when every row is short)
        reader = pd.read_csv(stream, sep=delimiter, header=None, names=list(range(read_width)),
                             index_col=False, dtype=object, na_filter=False,
                             skip_blank_lines=False, engine="c", chunksize=chunk_rows)
    except pd.errors.EmptyDataError:  # nothing below the header
        reader = []
    parts = iter(reader)
    if done:
        parts = chain([reader.get_chunk(chunk_rows + 1).iloc[1:]], reader)
    line = head.header_at + 2 + done
    for part in parts:
        if not len(part):
            continue
        cells = part.to_numpy(dtype=object)
        _refuse_wide_rows(cells[:, width:], line, width, file_name)
        yield _table(head, cells[:, :width].copy(), line, None, typed=False)
        line += len(part)
    if line == head.header_at + 2:
        yield _table(head, np.empty((0, width), dtype=object), line, None, typed=False)


def _refuse_wide_rows(extra: np.ndarray, first_line: int, width: int, file_name: str) -> None:
    if not extra.shape[1]:
        return
    filled = np.zeros(len(extra), dtype=bool)
    for j in range(extra.shape[1]):
        filled |= pd.Series(extra[:, j], dtype="string").str.strip().fillna("").ne("").to_numpy(dtype=bool)
    if filled.any():
        lines = (np.flatnonzero(filled) + first_line).tolist()
        shown = ", ".join(str(n) for n in lines[:10]) + (f" dan {len(lines) - 10} baris lain" if len(lines) > 10 else "")
        raise ReadError(f"{file_name}: baris {shown} berisi nilai di luar kolom judul (judul kolom hanya {width} "
                        "kolom): biasanya pemisah (; atau ,) di dalam sel tanpa tanda kutip, yang menggeser nilai "
                        "sesudahnya. Perbaiki baris itu (beri tanda kutip pada sel, atau lengkapi judul kolom).")


def _csv_problem(exc: Exception, lines_before: int = 0, width: int = 0) -> str:
    """The reader's English error as an Indonesian sentence (with the file's line when the reader names
    one: pandas counts from the first line after the header, `lines_before` lines into the file)."""
    text = str(exc)
    too_many = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if too_many:
        line = int(too_many.group(2)) + lines_before
        return (f"baris {line} berisi {too_many.group(3)} sel, lebih banyak daripada judul kolom ({width} kolom): "
                "biasanya pemisah (; atau ,) di dalam sel tanpa tanda kutip, yang menggeser nilai sesudahnya. "
                "Perbaiki baris itu (beri tanda kutip pada sel, atau lengkapi judul kolom).")
    line = re.search(r"\bline (\d+)", text)
    where = f" (sekitar baris {int(line.group(1)) + lines_before})" if line else ""
    if "field larger than field limit" in text or "EOF inside string" in text:
        return (f"ada sel yang tidak berakhir{where}: biasanya tanda kutip (\") yang dibuka tanpa ditutup, sehingga "
                "sisa berkas terbaca sebagai satu sel. Periksa tanda kutip di berkas, atau simpan ulang dari Excel "
                "sebagai CSV.")
    return (f"berkas CSV rusak{where}: baris-barisnya tidak dapat dipisah menjadi kolom. Simpan ulang dari Excel "
            "sebagai CSV UTF-8, atau unggah sebagai XLSX.")


def _layout(rows: list[list], known: set[str]) -> frozenset[str]:
    """The known headers of a sheet (what makes two sheets the same layout)."""
    header_at = _find_header(rows, known)
    if header_at is None:
        return frozenset()
    return frozenset(header_key(c) for c in rows[header_at] if isinstance(c, str) and header_key(c) in known)


MAX_SHEET_ROWS = 1_048_576  # Excel's own limit: a sheet with more rows was not written by a spreadsheet


def _sheet(workbook, name: str, file_name: str):
    try:
        sheet = workbook.get_sheet_by_name(name)
    except Exception as exc:  # calamine's XmlError, ZipError …: a broken sheet
        raise broken_sheet(file_name, name) from exc
    if sheet.total_height > MAX_SHEET_ROWS:
        raise ReadError(f"{file_name}: lembar '{name}' berisi {sheet.total_height} baris, melebihi "
                        f"{MAX_SHEET_ROWS} baris yang dapat dimuat lembar Excel; berkas ini bukan dari Excel. "
                        "Pecah datanya menjadi beberapa berkas.")
    return sheet


def _sheet_rows(sheet, file_name: str) -> Iterator[list]:
    try:
        for row in sheet.iter_rows():
            yield [None if c == "" else c for c in row]
    except Exception as exc:
        raise broken_sheet(file_name, sheet.name) from exc


def _xlsx_chunks(source: _Source, file_name: str, sheet: str | None, kind: Kind | None,
                 chunk_rows: int) -> Iterator[RawTable]:
    """The named sheet; else every sheet laid out like the best-matching one, stacked (SIASN keeps
    PNS, PPPK and PPPK paruh waktu on separate sheets). Other sheets are listed in `ignored_sheets`
    of every chunk. Rows are taken from the workbook one chunk at a time."""
    from python_calamine import CalamineWorkbook

    check_archive(source.open, file_name)
    check_grids(source.open, file_name)
    try:
        with source.open() as f:
            workbook = CalamineWorkbook.from_filelike(f)
    except Exception as exc:  # calamine raises its own error types (in English) for broken files
        raise ReadError(not_xlsx(file_name)) from exc
    names = workbook.sheet_names
    if not names:
        raise ReadError(f"{file_name}: buku kerja ini tidak berisi lembar yang dapat dibaca (daftar lembarnya "
                        "kosong atau rusak). Buka di Excel lalu simpan ulang sebagai Buku Kerja Excel (.xlsx).")
    if sheet is not None and sheet not in names:
        raise ReadError(f"{file_name}: lembar '{sheet}' tidak ada; yang ada: {', '.join(names)}.")
    known = set(header_map(kind)) if kind else _all_header_keys()
    tops = {name: list(islice(_sheet_rows(_sheet(workbook, name, file_name), file_name), MAX_HEADER_SEARCH_ROWS))
            for name in ([sheet] if sheet else names)}
    layouts = {name: _layout(rows, known) for name, rows in tops.items()}
    best = max(layouts, key=lambda n: len(layouts[n]))  # first sheet wins a tie
    chosen = [n for n in tops if layouts[n] and layouts[n] == layouts[best]] or [best]
    heads = {n: _head(tops[n], file_name, n, known) for n in chosen}
    ignored = [n for n in tops if n not in chosen]
    stacked = len(chosen) > 1
    for n in chosen:
        head = heads[n]
        rows = _sheet_rows(_sheet(workbook, n, file_name), file_name)
        for _ in range(head.header_at + 1):
            next(rows, None)
        for table in _chunks_of(rows, head, head.header_at + 2, n, chunk_rows):
            table.ignored_sheets = ignored
            table.title = heads[chosen[0]].title
            table.duplicate_headers = sorted({h for hd in heads.values() for h in hd.duplicates})
            table.sheet = ", ".join(chosen)
            if not stacked:
                table.row_sheet = None
            yield table


def iter_table(data: bytes | None, file_name: str, sheet: str | None = None, kind: Kind | None = None, *,
               path: str | Path | None = None, chunk_rows: int = CHUNK_ROWS) -> Iterator[RawTable]:
    """Read an uploaded file (`data`) or a file on disk (`path`) by its content (XLSX is a zip;
    anything else is treated as CSV), `chunk_rows` data rows at a time. Every chunk carries the
    file's header facts (title, sheet, duplicate headers, ignored sheets); there is always at least
    one chunk. Raises ReadError for a file that cannot be read as a table."""
    source = _Source(data, path)
    start = source.first_bytes(4)
    if not start:
        raise ReadError(f"{file_name}: berkas kosong.")
    if start[:2] == b"PK":
        return _xlsx_chunks(source, file_name, sheet, kind, chunk_rows)
    if start[:4] == b"\xd0\xcf\x11\xe0":
        raise ReadError(f"{file_name}: format .xls lama tidak didukung; simpan ulang sebagai .xlsx.")
    return _csv_chunks(source, file_name, chunk_rows)


def read_table(data: bytes, file_name: str, sheet: str | None = None, kind: Kind | None = None) -> RawTable:
    """The whole table at once (small files: templates, tests); imports use iter_table."""
    chunks = list(iter_table(data, file_name, sheet, kind))
    if len(chunks) == 1:
        return chunks[0]
    first = chunks[0]
    frame = pd.concat([c.frame for c in chunks], ignore_index=True)
    row_sheet = (pd.concat([c.row_sheet for c in chunks], ignore_index=True)
                 if first.row_sheet is not None else None)
    return RawTable(frame=frame, lines=pd.concat([c.lines for c in chunks], ignore_index=True),
                    sheet=first.sheet, title=first.title, duplicate_headers=first.duplicate_headers,
                    row_sheet=row_sheet, ignored_sheets=first.ignored_sheets)


def sheet_names(data: bytes) -> list[str]:
    """The sheets of an XLSX file, in order; [] for anything else (CSV)."""
    if data[:2] != b"PK":
        return []
    from python_calamine import CalamineWorkbook

    try:
        check_archive(_Source(data).open, "")
        return list(CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)
    except Exception:  # ReadError or calamine's own error types; iter_table reports a broken file
        return []
