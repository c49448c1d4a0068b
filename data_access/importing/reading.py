"""Reading CSV and XLSX extracts as they really are: title rows, several sheets, totals rows."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from data_access.importing.kinds import KINDS, Kind, header_key, header_map

MAX_HEADER_SEARCH_ROWS = 20
_TOTALS = re.compile(r"^\s*(JUMLAH|TOTAL|GRAND TOTAL)\b", re.IGNORECASE)


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


def _decode(data: bytes, file_name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(f"{file_name}: pengodean teks tidak dikenali (gunakan UTF-8 atau Windows-1252).")


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


def _table_from_rows(rows: list[list], offset_line: int, file_name: str, sheet: str | None,
                     known: set[str]) -> RawTable:
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
    body = rows[header_at + 1:]
    width = len(header)
    body = [list(r[:width]) + [None] * (width - len(r)) for r in body]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    lines = pd.Series(range(header_at + 2, header_at + 2 + len(body)), dtype="int64") + offset_line
    # Drop fully empty rows and columns without a header, then totals rows at the bottom.
    unnamed = [c for c in frame.columns if c.startswith("(kolom ")]
    nonempty_unnamed = [c for c in unnamed if frame[c].map(_filled).any()]
    frame = frame.drop(columns=[c for c in unnamed if c not in nonempty_unnamed])
    filled = frame.map(_filled)
    keep = filled.any(axis=1)
    first_cells = frame.apply(_first_filled, axis=1) if len(frame) else pd.Series(dtype=object)
    totals = first_cells.map(lambda v: isinstance(v, str) and bool(_TOTALS.match(v)))
    keep &= ~totals.reindex(frame.index, fill_value=False)
    frame = frame[keep].reset_index(drop=True)
    lines = lines[keep.to_numpy()].reset_index(drop=True)
    return RawTable(frame=frame, lines=lines, sheet=sheet, title=[t for t in title if t.strip()],
                    duplicate_headers=duplicates)


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""


def _first_filled(row: pd.Series):
    """The first text cell of a row, skipping a leading row number (`2 | Jumlah | …`)."""
    for value in row:
        if _filled(value) and not (isinstance(value, (int, float)) or str(value).strip().isdigit()):
            return value
    return None


def read_csv(data: bytes, file_name: str) -> RawTable:
    text = _decode(data, file_name)
    first_lines = "\n".join(text.splitlines()[:MAX_HEADER_SEARCH_ROWS])
    delimiter = ";" if first_lines.count(";") > first_lines.count(",") else ","
    if "\t" in first_lines and first_lines.count("\t") > first_lines.count(delimiter):
        delimiter = "\t"
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise ReadError(f"{file_name}: berkas CSV rusak ({exc}).") from exc
    rows = [[cell if cell != "" else None for cell in row] for row in rows]
    return _table_from_rows(rows, 0, file_name, None, _all_header_keys())


def _layout(rows: list[list], known: set[str]) -> frozenset[str]:
    """The known headers of a sheet (what makes two sheets the same layout)."""
    header_at = _find_header(rows, known)
    if header_at is None:
        return frozenset()
    return frozenset(header_key(c) for c in rows[header_at] if isinstance(c, str) and header_key(c) in known)


def read_xlsx(data: bytes, file_name: str, sheet: str | None = None,
              kind: Kind | None = None) -> RawTable:
    """The named sheet; else every sheet laid out like the best-matching one, stacked (SIASN keeps
    PNS, PPPK and PPPK paruh waktu on separate sheets). Other sheets are listed in `ignored_sheets`."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ReadError(f"{file_name}: bukan berkas Excel (.xlsx) yang dapat dibaca ({exc}).") from exc
    names = workbook.sheet_names
    if sheet is not None and sheet not in names:
        raise ReadError(f"{file_name}: lembar '{sheet}' tidak ada; yang ada: {', '.join(names)}.")
    known = set(header_map(kind)) if kind else _all_header_keys()
    sheets = {}
    for name in [sheet] if sheet else names:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        sheets[name] = [[None if c == "" else c for c in row] for row in rows]
    layouts = {name: _layout(rows, known) for name, rows in sheets.items()}
    best = max(layouts, key=lambda n: len(layouts[n]))  # first sheet wins a tie
    chosen = [n for n in sheets if layouts[n] and layouts[n] == layouts[best]] or [best]
    tables = [_table_from_rows(sheets[n], 0, file_name, n, known) for n in chosen]
    if len(tables) == 1:
        table = tables[0]
    else:
        frame = pd.concat([t.frame for t in tables], ignore_index=True)
        table = RawTable(frame=frame, lines=pd.concat([t.lines for t in tables], ignore_index=True),
                         sheet=", ".join(chosen), title=tables[0].title,
                         duplicate_headers=sorted({h for t in tables for h in t.duplicate_headers}),
                         row_sheet=pd.Series([n for t, n in zip(tables, chosen) for _ in range(len(t.frame))]))
    table.ignored_sheets = [n for n in sheets if n not in chosen]
    return table


def sheet_names(data: bytes) -> list[str]:
    """The sheets of an XLSX file, in order; [] for anything else (CSV)."""
    if data[:2] != b"PK":
        return []
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)
    except Exception:  # calamine raises its own error types; read_table reports a broken file
        return []


def read_table(data: bytes, file_name: str, sheet: str | None = None, kind: Kind | None = None) -> RawTable:
    """Read an uploaded file by its content (XLSX is a zip; anything else is treated as CSV)."""
    if not data:
        raise ReadError(f"{file_name}: berkas kosong.")
    if data[:2] == b"PK":
        return read_xlsx(data, file_name, sheet, kind)
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ReadError(f"{file_name}: format .xls lama tidak didukung; simpan ulang sebagai .xlsx.")
    return read_csv(data, file_name)
