"""Reading CSV and XLSX extracts as they really are: title rows, several sheets, totals rows."""
from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from vocab.kinds import KINDS, Kind, header_key, header_map

MAX_HEADER_SEARCH_ROWS = 20
# A first data row wider than the columns read is cut by pandas, with a warning (see _csv_chunks).
warnings.filterwarnings("ignore", message="Length of header or names does not match length of data",
                        category=pd.errors.ParserWarning)
_TOTALS_TEXT = r"(?i)\s*(JUMLAH|TOTAL|GRAND TOTAL)\b"  # a totals row's first text cell
_TOTALS_WORD = r"(?i)(?:JUMLAH|TOTAL)"  # in every text _TOTALS_TEXT matches


class ReadError(ValueError):
    """The file cannot be read as a table (message in Indonesian)."""


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
    lines = np.arange(first_line, first_line + len(cells), dtype="int64")
    if len(frame):
        text = {c: frame[c].astype("string").str.strip() for c in frame.columns}
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
    pandas' C reader, chunk by chunk, as text (short rows padded, blank lines kept as rows so the line
    numbers stay the file's). A row with more cells than the header is refused, naming its line, when
    a cell past the header's width is filled (a stray separator in a cell would shift every value
    after it); empty cells there (a trailing separator) are ignored."""
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
            stream.seek(0)
            rows = csv.reader(stream, delimiter=delimiter)
            for _ in range(head.header_at + 1):  # the csv module reads exactly these records
                next(rows)
            try:  # index_col=False: short rows padded (even when every row is short)
                reader = pd.read_csv(stream, sep=delimiter, header=None, names=list(range(read_width)),
                                     index_col=False, dtype=object, na_filter=False,
                                     skip_blank_lines=False, engine="c", chunksize=chunk_rows)
            except pd.errors.EmptyDataError:  # nothing below the header
                reader = []
            line = head.header_at + 2
            for part in reader:
                cells = part.to_numpy(dtype=object)
                _refuse_wide_rows(cells[:, width:], line, width, file_name)
                yield _table(head, cells[:, :width].copy(), line, None, typed=False)
                line += len(part)
            if line == head.header_at + 2:
                yield _table(head, np.empty((0, width), dtype=object), line, None, typed=False)
        except (csv.Error, pd.errors.ParserError) as exc:
            raise ReadError(f"{file_name}: {_csv_problem(exc, lines_before, width)}") from exc


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


# An XLSX file is a zip archive, and its reader (calamine) unpacks a sheet whole into memory (1 GB of
# sheet XML took 4,7 GB). The archive's own directory says how large each member
# unpacks; it is checked before anything is unpacked, and the unpacking stops at that size (a member
# that unpacks larger than it declares is refused by the reader as corrupt). The limits:
# - Real exports compress 5-15:1 (SIASN- and e-Kinerja-like sheets of 5-70 columns written by
#   xlsxwriter measured 7,6-14,4:1, shared strings included); a sheet of millions of identical cells
#   compresses 300-1.000:1. A member above XLSX_RATIO_FROM_BYTES unpacked may therefore be at most
#   XLSX_MAX_RATIO times its packed size: seven times the most compressible real export measured.
# - The largest real sheet: Excel's 1.048.576 rows of the full SIASN export (about 68 columns at about
#   50 bytes of XML a cell) unpack to about 3,5 GB; XLSX_MAX_MEMBER_BYTES leaves room for it, and
#   XLSX_MAX_TOTAL_BYTES for it and its shared strings.
# - An XLSX has a dozen members; a directory of thousands is not a workbook (its listing alone would
#   fill memory), so the directory is measured from its end record before it is read.
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM_BYTES = 32 << 20
XLSX_MAX_MEMBER_BYTES = 4 << 30
XLSX_MAX_TOTAL_BYTES = 6 << 30
XLSX_MAX_MEMBERS = 10_000
XLSX_MAX_DIRECTORY_BYTES = 16 << 20
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit: a sheet with more rows was not written by a spreadsheet


def _gb(size: int) -> str:
    return f"{size / (1 << 30):.1f}".replace(".", ",") + " GB"


def _check_archive(source: _Source, file_name: str) -> None:
    """Refuse an XLSX whose archive unpacks out of proportion (a zip bomb), from its directory alone."""
    refusal = (f"{file_name}: berkas Excel ini ditolak sebelum dibuka: {{}}. Berkas ekspor asli tidak "
               "seperti ini; ekspor ulang dari sistem sumbernya, atau pecah datanya menjadi beberapa berkas.")
    members = None
    try:
        with source.open() as f:
            end = zipfile._EndRecData(f)  # the end record: entry count and directory size, nothing more
            crowded = end is not None and (end[zipfile._ECD_ENTRIES_TOTAL] > XLSX_MAX_MEMBERS
                                           or end[zipfile._ECD_SIZE] > XLSX_MAX_DIRECTORY_BYTES)
            if not crowded:
                f.seek(0)
                members = zipfile.ZipFile(f).infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (a version byte), struct.error …: not a zip
        raise ReadError(_not_xlsx(file_name)) from exc
    if members is None:
        raise ReadError(refusal.format(f"arsipnya berisi {end[zipfile._ECD_ENTRIES_TOTAL]} bagian "
                                       "(buku kerja Excel berisi belasan)"))
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > XLSX_MAX_MEMBER_BYTES:
            raise ReadError(refusal.format(f"bagian '{info.filename}' terurai menjadi {_gb(info.file_size)} "
                                           f"(batas {_gb(XLSX_MAX_MEMBER_BYTES)})"))
        if (info.file_size > XLSX_RATIO_FROM_BYTES
                and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1)):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ReadError(refusal.format(
                f"bagian '{info.filename}' dipadatkan {ratio}:1 dan terurai menjadi {_gb(info.file_size)}, "
                f"jauh di atas ekspor asli (paling tinggi sekitar 15:1; batas {XLSX_MAX_RATIO}:1); isinya "
                "berulang-ulang, ciri berkas yang dibuat untuk menghabiskan memori"))
    if total > XLSX_MAX_TOTAL_BYTES:
        raise ReadError(refusal.format(f"seluruh isinya terurai menjadi {_gb(total)} "
                                       f"(batas {_gb(XLSX_MAX_TOTAL_BYTES)})"))


# A distant cell makes the reader build the whole grid up to it: calamine holds every cell up to the
# last row and column that hold a value, empty or not, at about 30 bytes each, so a 1,6 KB file
# with one value in ZZ200000 (200.000 rows × 702 columns, 140 million cells) took 4,3 GB and 16 s. The
# archive checks cannot see it (the XML is tiny). Each member's XML is therefore streamed through
# zipfile before calamine opens the workbook, and the grid a sheet would make (its last row × its last
# column, counted from A1) is set against the number of cells its XML holds. A sheet is refused when its
# grid is above SPARSE_MIN_CELLS (about 600 MB in calamine) and more than SPARSE_MAX_RATIO times its
# cells. A real export is dense: the full SIASN export (1.048.576 rows × 68 columns, 71 million cells)
# has a value in most of them, a grid of 1 to 2 cells a cell; a sheet with some empty cells, or any
# sheet below 20 million cells, never comes near. The reader keeps no cell without a value (<c r="ZZ9"/>,
# Excel's formatted empty cell) and ignores <dimension>, so neither counts here.
SPARSE_MIN_CELLS = 20_000_000
SPARSE_MAX_RATIO = 20
_SCAN_BLOCK = 4 << 20
_MAX_TAG = 1 << 20  # no writer writes a start tag of a megabyte
_MAX_FILTER_HITS = 1000  # references past the furthest seen, a block, before it is read element by element
_ATTRS = rb'((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*)\s*(/?)>'
_ELEMENT = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(c|row)(?=[\s/>])' + _ATTRS)  # any namespace prefix
_R = re.compile(rb'(?:^|\s)r\s*=\s*["\']([A-Za-z]*)([0-9]+)["\']')
# The ordinary form: a row opening with its number (empty groups: a row that does not), no prefix.
_ROW = re.compile(rb'<row(?: r="([0-9]+)"(?:[^>"]|"[^"]*")*?(/?)>|[\s/>])')
_PREFIXED = re.compile(rb':(?:c|row)[\s/>]')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _column_label(number: int) -> str:
    label = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        label = chr(65 + rest) + label
    return label


def _after(value: str, first: str, last: str) -> bytes:
    """A pattern for strings of the characters first..last (letters in either case) that come after
    `value` as row numbers or column letters do: more characters, or as many and greater. Only a filter:
    each match is parsed again."""
    def between(low: str, high: str) -> str:
        return f"[{low}-{high}{low.lower()}-{high.lower()}]" if low.isalpha() else f"[{low}-{high}]"

    def same(ch: str) -> str:
        return f"[{ch}{ch.lower()}]" if ch.isalpha() else ch

    one = between(first, last)
    options = [f"{one}{{{len(value) + 1},}}"]
    for i, ch in enumerate(value):
        if ch != last:
            options.append("".join(map(same, value[:i])) + between(chr(ord(ch) + 1), last)
                           + f"{one}{{{len(value) - i - 1}}}")
    return ("(?:" + "|".join(options) + ")").encode()


class _Grid:
    """What the reader would make of one sheet's XML, fed block by block: the last row and column that
    hold a cell, and the number of cells. Ordinary XML (every row and cell opening with its `r`, no
    namespace prefix, no comment) is measured with a few searches a block at C speed: rows are listed,
    cells counted by their end tags, and only references past the furthest row or column seen so far are
    looked at. Anything else is read element by element, placing a cell without `r` as the reader does."""

    def __init__(self):
        self.rows = self.columns = self.cells = 0
        self.last_row = self.last_column = ""  # what reaches the last row, the last column
        self.row = self.column = 0  # the reader's position, for cells and rows without `r`
        self._filter = None

    @property
    def far(self) -> str:
        """The distant cell (or cells, or row) as the refusal names them."""
        return " dan ".join(dict.fromkeys(r for r in (self.last_column, self.last_row) if r))

    def _cell(self, letters: bytes, row: int) -> None:
        column = _column_number(letters)
        ref = f"sel {letters.decode().upper()}{row}"
        if row > self.rows or (row == self.rows and not self.last_row.startswith("sel")):
            self.rows, self.last_row, self._filter = row, ref, None  # a cell is named rather than its row
        if column > self.columns:
            self.columns, self.last_column, self._filter = column, ref, None

    def _further(self) -> re.Pattern:
        """A cell that does not open with its `r`, or whose reference is past the furthest seen."""
        if self._filter is None:
            letters = _after(_column_label(self.columns), "A", "Z") if self.columns else b"[A-Za-z]+"
            self._filter = re.compile(rb'<c(?:(?! r=")[\s/>]| r="(?:' + letters + rb'[0-9]|[A-Za-z]+0*'
                                      + _after(str(self.rows), "0", "9") + rb'(?![0-9])))')
        return self._filter

    def block(self, text: bytes) -> None:
        if (b"!" in text and b"<!" in text) or (b"?" in text and b"<?" in text) or _PREFIXED.search(text):
            return self._elements(text)  # a comment, CDATA or instruction; a namespace prefix
        rows = _ROW.findall(text)
        opened = [number for number, closed in rows if not closed]
        if b"" in opened:  # a row without its number (counted from the one before)
            return self._elements(text)
        if rows:
            self.row = int(rows[-1][0])
        top = max(map(int, opened), default=0)
        if top > self.rows:
            self.rows, self.last_row, self._filter = top, f"baris {top}", None
        at, hits = 0, 0
        while found := self._further().search(text, at):
            at, hits = found.end(), hits + 1
            tag = _ELEMENT.match(text, found.start())
            ref = _R.search(tag.group(2)) if tag else None
            if not text.startswith(b'<c r="', found.start()) or hits > _MAX_FILTER_HITS:
                return self._elements(text)  # a cell placed after the one before; references growing
            if ref and not tag.group(3):  # a cell without a value (<c r=".."/>) is not kept by the reader
                self._cell(ref.group(1), int(ref.group(2)))
        self.cells += text.count(b"</c>")
        self.column = self.columns  # at most: a cell without `r` in the next block comes after it

    def _elements(self, text: bytes) -> None:
        for name, attrs, closed in _ELEMENT.findall(text):
            ref = _R.search(attrs)
            if name == b"row":
                self.row, self.column = (int(ref.group(2)) if ref else self.row + 1), 0
                if not closed and self.row > self.rows:  # as in the ordinary path: an open row counts
                    self.rows, self.last_row = self.row, f"baris {self.row}"
                continue
            if ref and ref.group(1):
                letters, row = ref.group(1), int(ref.group(2))
                self.column = _column_number(letters)
            else:  # a cell without its reference: the next column of the current row
                self.column += 1
                letters, row = _column_label(self.column).encode(), self.row
            if not closed:
                self.cells += 1
                self._cell(letters, row)
        self._filter = None


def _measure_grid(stream: BinaryIO) -> _Grid | None:
    """One member through _Grid, in blocks cut after their last complete tag (never whole in memory);
    None for a start tag of more than _MAX_TAG bytes."""
    grid, carry, first = _Grid(), b"", True
    while block := stream.read(_SCAN_BLOCK):
        text = carry + block
        if first and text.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<?xml"):
            text = text[text.find(b"?>") + 2:] if b"?>" in text else text
        first = False
        cut = text.rfind(b"<")
        if cut < 0 or text.rfind(b">") > cut:
            cut = len(text)
        if len(text) - cut > _MAX_TAG:
            return None
        grid.block(text[:cut])
        carry = text[cut:]
    grid.block(carry)
    return grid


_XML_ATTRIBUTE = re.compile(rb'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Member name -> sheet name, as the workbook and its relationships say (for the message only)."""
    def part(name: str) -> bytes:
        try:
            with archive.open(name) as f:
                return f.read(_MAX_TAG)
        except Exception:  # missing or broken: the sheet is named by its member
            return b""

    def elements(tag: bytes, data: bytes) -> list[dict[bytes, bytes]]:
        return [{k: a or b for k, a, b in _XML_ATTRIBUTE.findall(e)}
                for e in re.findall(rb'<(?:[\w.-]+:)?' + tag + rb'\s[^>]*>', data)]

    targets = {}
    for rel in elements(b"Relationship", part("xl/_rels/workbook.xml.rels")):
        target = rel.get(b"Target", b"").decode("utf-8", "replace")
        targets[rel.get(b"Id")] = target[1:] if target.startswith("/") else f"xl/{target}"
    names = {}
    for sheet in elements(b"sheet", part("xl/workbook.xml")):
        rid = next((v for k, v in sheet.items() if k.endswith(b":id")), None)
        if rid in targets and b"name" in sheet:
            names[targets[rid]] = sheet[b"name"].decode("utf-8", "replace")
    return names


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _check_grids(source: _Source, file_name: str) -> None:
    """Refuse an XLSX with a sheet whose grid would be far larger than its cells (SPARSE_MIN_CELLS).
    Every member is measured, not only those the workbook lists: the reader follows the workbook's own
    pointers, and a member that cannot be unpacked here is refused rather than passed unmeasured."""
    try:
        with source.open() as f, zipfile.ZipFile(f) as archive:
            names = _sheet_members(archive)
            for info in archive.infolist():
                if info.is_dir():
                    continue
                sheet = names.get(info.filename, info.filename)
                with archive.open(info) as stream:
                    grid = _measure_grid(stream)
                if grid is None:
                    raise _broken_sheet(file_name, sheet)
                area = grid.rows * grid.columns
                if area > SPARSE_MIN_CELLS and area > SPARSE_MAX_RATIO * grid.cells:
                    raise ReadError(
                        f"{file_name}: berkas Excel ini ditolak sebelum dibuka: lembar '{sheet}' berisi "
                        f"{grid.far} jauh di luar data, sehingga lembar itu akan terbaca sebagai "
                        f"{_thousands(grid.rows)} baris × {_thousands(grid.columns)} kolom ({_thousands(area)} "
                        f"sel, semuanya dimuat ke memori) padahal isinya hanya {_thousands(grid.cells)} sel. "
                        "Hapus isi sel itu (atau baris dan kolom sesudah data) lalu simpan ulang, atau ekspor "
                        "ulang dari sistem sumbernya.")
    except ReadError:
        raise
    except Exception as exc:  # a member zipfile cannot unpack (CRC, method, encryption …)
        raise ReadError(_not_xlsx(file_name)) from exc


def _not_xlsx(file_name: str) -> str:
    return (f"{file_name}: bukan berkas Excel (.xlsx) yang dapat dibaca: isinya rusak, atau berkas lain yang "
            "diberi nama .xlsx. Buka di Excel lalu simpan ulang sebagai Buku Kerja Excel (.xlsx).")


def _broken_sheet(file_name: str, sheet: str) -> ReadError:
    """The reader's own error (English, maybe a path) is not shown: an Indonesian sentence instead."""
    return ReadError(f"{file_name}: lembar '{sheet}' rusak: isinya tidak dapat dibaca sebagai lembar Excel "
                     "(struktur XML-nya terpotong atau tidak sah). Buka berkas di Excel lalu simpan ulang sebagai "
                     "Buku Kerja Excel (.xlsx), atau ekspor ulang dari sistem sumbernya.")


def _sheet(workbook, name: str, file_name: str):
    try:
        sheet = workbook.get_sheet_by_name(name)
    except Exception as exc:  # calamine's XmlError, ZipError …: a broken sheet
        raise _broken_sheet(file_name, name) from exc
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
        raise _broken_sheet(file_name, sheet.name) from exc


def _xlsx_chunks(source: _Source, file_name: str, sheet: str | None, kind: Kind | None,
                 chunk_rows: int) -> Iterator[RawTable]:
    """The named sheet; else every sheet laid out like the best-matching one, stacked (SIASN keeps
    PNS, PPPK and PPPK paruh waktu on separate sheets). Other sheets are listed in `ignored_sheets`
    of every chunk. Rows are taken from the workbook one chunk at a time."""
    from python_calamine import CalamineWorkbook

    _check_archive(source, file_name)
    _check_grids(source, file_name)
    try:
        with source.open() as f:
            workbook = CalamineWorkbook.from_filelike(f)
    except Exception as exc:  # calamine raises its own error types (in English) for broken files
        raise ReadError(_not_xlsx(file_name)) from exc
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
        _check_archive(_Source(data), "")
        return list(CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)
    except Exception:  # ReadError or calamine's own error types; iter_table reports a broken file
        return []
