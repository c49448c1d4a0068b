"""Hostile files for the import tests, built in memory: a zip bomb, a corrupt sheet, NUL bytes, mixed
encodings, rows wider than their header. Shared by tests/test_import_hostile.py and the fuzz corpus."""
from __future__ import annotations

import io
import struct
import zlib

HEAD = "NIP;NAMA;UNIT KERJA;OPD\n"
ROW = "198609262015051001;Siti Rahmawati;Sekretariat;Dinas Kesehatan\n"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_END = "</sheetData></worksheet>"


def _cell(value) -> str:
    if isinstance(value, (int, float)):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_row(values) -> str:
    return "<row>" + "".join(_cell(v) for v in values) + "</row>"


class _Member:
    """One zip member as raw deflate: the parts are compressed once each and may be repeated."""

    def __init__(self, name: str):
        self.name, self.parts, self.crc, self.size = name, [], 0, 0

    def add(self, text: str, times: int = 1) -> None:
        data = text.encode()
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, no history
        self.parts.append((packed, times))
        for _ in range(times):
            self.crc = zlib.crc32(data, self.crc)
        self.size += len(data) * times

    def raw(self) -> bytes:
        end = zlib.compressobj(9, zlib.DEFLATED, -15)
        return b"".join(p * t for p, t in self.parts) + end.flush(zlib.Z_FINISH)


def _zip(members: list[_Member], declared: dict[str, int] | None = None) -> bytes:
    """A zip written by hand, so a member's compressed bytes can be repeated (a bomb) and its declared
    size can lie (`declared`)."""
    out, central = io.BytesIO(), []
    for m in members:
        raw = m.raw()
        size = (declared or {}).get(m.name, m.size)
        name = m.name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, m.crc, len(raw), size,
                              len(name), 0) + name + raw)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, m.crc, len(raw),
                                   size, len(name), 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def xlsx(sheet_xml_parts: list[tuple[str, int]], declared_sheet_size: int | None = None,
         workbook: str = _WORKBOOK) -> bytes:
    """A one-sheet workbook whose sheet XML is the parts, each repeated so many times."""
    members = []
    for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                       ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)):
        m = _Member(name)
        m.add(text)
        members.append(m)
    sheet = _Member("xl/worksheets/sheet1.xml")
    for text, times in sheet_xml_parts:
        sheet.add(text, times)
    members.append(sheet)
    declared = {sheet.name: declared_sheet_size} if declared_sheet_size is not None else None
    return _zip(members, declared)


def zip_bomb(unpacked_mb: int = 1024) -> bytes:
    """A pegawai sheet, then millions of identical cells (about `unpacked_mb` MB of XML, a few hundred
    kilobytes packed: well over 1.000:1)."""
    header = sheet_row(["NIP", "NAMA", "UNIT KERJA", "OPD"])
    block = sheet_row([1] * 4000)  # 64 KB of identical cells a row
    return xlsx([(SHEET_START + header, 1), (block, unpacked_mb * 16), (SHEET_END, 1)])


def lying_zip_bomb(unpacked_mb: int = 1024) -> bytes:
    """The same bomb, its sheet declaring a size of 1 MB (a plausible ratio): only decompressing tells."""
    header = sheet_row(["NIP", "NAMA", "UNIT KERJA", "OPD"])
    block = sheet_row([1] * 4000)
    return xlsx([(SHEET_START + header, 1), (block, unpacked_mb * 16), (SHEET_END, 1)],
                declared_sheet_size=1 << 20)


def small_xlsx(rows: list[list]) -> bytes:
    return xlsx([(SHEET_START + "".join(sheet_row(r) for r in rows) + SHEET_END, 1)])


def corrupt_sheet_xlsx() -> bytes:
    """A valid zip whose sheet XML breaks off inside a tag."""
    rows = [["NIP", "NAMA", "UNIT KERJA", "OPD"], ["198609262015051001", "Siti", "Sekretariat", "Dinas Kesehatan"]]
    return xlsx([(SHEET_START + "".join(sheet_row(r) for r in rows) + '<row><c t="inlineStr"><is><t>x</t', 1)])


def no_sheets_xlsx() -> bytes:
    """A workbook whose list of sheets is empty."""
    rows = [["NIP", "NAMA", "UNIT KERJA", "OPD"]]
    return xlsx([(SHEET_START + "".join(sheet_row(r) for r in rows) + SHEET_END, 1)],
                workbook=_WORKBOOK.replace('<sheet name="Sheet1" sheetId="1" r:id="rId1"/>', ""))


def unknown_zip_version() -> bytes:
    """A workbook whose directory says it needs zip version 19.2 (one byte changed)."""
    data = bytearray(small_xlsx([["NIP", "NAMA", "UNIT KERJA", "OPD"]]))
    at = data.index(b"PK\x01\x02")  # the first directory entry: "version needed" at offset 6
    data[at + 6] = 192
    return bytes(data)


def distant_cell_xlsx(ref: str = "ZZ200000") -> bytes:
    """A pegawai header and one value in a distant cell: a file of 1,6 KB, nothing compressed much, whose
    grid up to that cell (702 columns × 200.000 rows for ZZ200000) the reader builds whole (4,3 GB)."""
    rows = [["NIP", "NAMA", "UNIT KERJA", "OPD"], ["198609262015051001", "Siti", "Sekretariat", "Dinas Kesehatan"]]
    far = f'<row><c r="{ref}"><v>1</v></c></row>'
    return xlsx([(SHEET_START + "".join(sheet_row(r) for r in rows) + far + SHEET_END, 1)])
