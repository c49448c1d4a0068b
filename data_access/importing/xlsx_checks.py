"""The safety checks of an XLSX file, made before its reader (calamine) opens it: the zip archive's
directory (a zip bomb is refused before anything is unpacked) and the grid each sheet's XML would make
(a distant cell in a tiny sheet is refused before the reader builds the empty grid up to it). Both
refuse with an Indonesian ReadError naming the part or the sheet."""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from data_access.importing.problems import ReadError


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


def _gb(size: int) -> str:
    return f"{size / (1 << 30):.1f}".replace(".", ",") + " GB"


def check_archive(open_file: Callable[[], BinaryIO], file_name: str) -> None:
    """Refuse an XLSX whose archive unpacks out of proportion (a zip bomb), from its directory alone."""
    refusal = (f"{file_name}: berkas Excel ini ditolak sebelum dibuka: {{}}. Berkas ekspor asli tidak "
               "seperti ini; ekspor ulang dari sistem sumbernya, atau pecah datanya menjadi beberapa berkas.")
    members = None
    try:
        with open_file() as f:
            end = zipfile._EndRecData(f)  # the end record: entry count and directory size, nothing more
            crowded = end is not None and (end[zipfile._ECD_ENTRIES_TOTAL] > XLSX_MAX_MEMBERS
                                           or end[zipfile._ECD_SIZE] > XLSX_MAX_DIRECTORY_BYTES)
            if not crowded:
                f.seek(0)
                members = zipfile.ZipFile(f).infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (a version byte), struct.error …: not a zip
        raise ReadError(not_xlsx(file_name)) from exc
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


def check_grids(open_file: Callable[[], BinaryIO], file_name: str) -> None:
    """Refuse an XLSX with a sheet whose grid would be far larger than its cells (SPARSE_MIN_CELLS).
    Every member is measured, not only those the workbook lists: the reader follows the workbook's own
    pointers, and a member that cannot be unpacked here is refused rather than passed unmeasured."""
    try:
        with open_file() as f, zipfile.ZipFile(f) as archive:
            names = _sheet_members(archive)
            for info in archive.infolist():
                if info.is_dir():
                    continue
                sheet = names.get(info.filename, info.filename)
                with archive.open(info) as stream:
                    grid = _measure_grid(stream)
                if grid is None:
                    raise broken_sheet(file_name, sheet)
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
        raise ReadError(not_xlsx(file_name)) from exc


def not_xlsx(file_name: str) -> str:
    return (f"{file_name}: bukan berkas Excel (.xlsx) yang dapat dibaca: isinya rusak, atau berkas lain yang "
            "diberi nama .xlsx. Buka di Excel lalu simpan ulang sebagai Buku Kerja Excel (.xlsx).")


def broken_sheet(file_name: str, sheet: str) -> ReadError:
    """The reader's own error (English, maybe a path) is not shown: an Indonesian sentence instead."""
    return ReadError(f"{file_name}: lembar '{sheet}' rusak: isinya tidak dapat dibaca sebagai lembar Excel "
                     "(struktur XML-nya terpotong atau tidak sah). Buka berkas di Excel lalu simpan ulang sebagai "
                     "Buku Kerja Excel (.xlsx), atau ekspor ulang dari sistem sumbernya.")
