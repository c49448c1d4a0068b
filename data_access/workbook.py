"""Tables as files: CSV (`;`, decimal comma) and Excel (numbers stay numbers, Indonesian display
formats), one workbook per view with a cover sheet. No Streamlit, so tests read the bytes back.

Every file the product offers for download is written here (view tables and reports, the upload
page's validation report, the import templates): every text cell that a spreadsheet would run as a
formula (starting with =, +, -, @, a tab or a carriage return) is neutralised with a leading
apostrophe; numbers are never touched.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xlsxwriter

from vocab.catalogue import ACT, ON_TRACK, WATCH

KINDS = ("text", "int", "dec1", "dec2", "pct", "date")
# Excel display formats; Excel shows the separators of the reader's locale, and [$-421] is Indonesian
# for month names.
_EXCEL_FORMATS = {"int": "#,##0", "dec1": "#,##0.0", "dec2": "#,##0.00", "pct": "0.0%",
                  "date": "[$-421]d mmmm yyyy"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Light backgrounds for the catalogue statuses (sesuai target / waspada / perlu tindakan), on screen
# and in Excel alike.
STATUS_TINTS = {ON_TRACK: "#e3f1e4", WATCH: "#fdf3d0", ACT: "#f9dcdc"}
CSV_DATE = "%d/%m/%Y"  # the short date Indonesian Excel reads as a date (01/07/2026)
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """A column as people see it: its Indonesian header and what kind of value it holds."""

    label: str
    kind: str = "text"
    width: str | int | None = None  # on screen only: "small", "medium", "large" or pixels
    # On screen only: the column stays in view while the others scroll sideways (a phone). None: the
    # table's first column is pinned when it holds text (the name a row is read by); see ui.tables.
    pin: bool | None = None
    help: str | None = None  # on screen only: the definition shown on the column header

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")


@dataclass(frozen=True)
class Table:
    """A table of a view: its title (sheet name), the frame and the columns shown, in order."""

    title: str
    frame: pd.DataFrame
    columns: dict[str, Column]
    status_of: dict[str, str] | None = None  # value column -> its status column (the verdict's colour)

    def shown(self) -> pd.DataFrame:
        """The frame with only the shown columns, in order, under their Indonesian headers."""
        out = self.frame[list(self.columns)].copy()
        out.columns = [c.label for c in self.columns.values()]
        return out

    def exported(self) -> "Table":
        """The table as files hold it: each coloured value column followed by its status in words
        ("<label>: status"), since a CSV has no colours and a verdict must survive the download."""
        if not self.status_of:
            return self
        columns: dict[str, Column] = {}
        for name, col in self.columns.items():
            columns[name] = col
            if name in self.status_of:
                columns[self.status_of[name]] = Column(f"{col.label}: status")
        return Table(self.title, self.frame, columns, self.status_of)


def neutralise(value):
    """A text value a spreadsheet would evaluate as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_text(series: pd.Series) -> pd.Series:
    return series.map(neutralise, na_action="ignore")


def to_csv(table: Table) -> bytes:
    """CSV the way Indonesian Excel opens it: `;` between fields, decimal comma, UTF-8 with BOM;
    shares as percentages (the header says %, once), dates as dd/mm/yyyy (Indonesian Excel reads them
    as dates), each coloured value followed by its status in words."""
    table = table.exported()
    out = pd.DataFrame(index=table.frame.index)
    for name, col in table.columns.items():
        values = table.frame[name]
        if col.kind == "pct":
            header = col.label if "%" in col.label else f"{col.label} (%)"
            out[header] = (pd.to_numeric(values, errors="coerce") * 100).round(1)
        elif col.kind == "date":
            out[col.label] = pd.to_datetime(values, errors="coerce").dt.strftime(CSV_DATE)
        elif col.kind == "text":
            out[col.label] = _safe_text(values.astype(object).where(values.notna(), None))
        elif col.kind == "int":  # whole numbers stay whole when some are missing (not "3,0")
            out[col.label] = pd.to_numeric(values, errors="coerce").round().astype("Int64")
        else:
            out[col.label] = pd.to_numeric(values, errors="coerce")
    return out.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, no []:*?/\\)."""
    base = _SHEET_BAD.sub(" ", title).strip()[:31] or "Tabel"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _cell(value, kind: str):
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return None
    if kind == "text":
        return neutralise(str(value))
    if kind == "date":
        return pd.Timestamp(value).to_pydatetime()
    if kind == "int":
        return int(value)
    return float(value)


def _write_table(book, sheet, table: Table, formats: dict) -> None:
    table = table.exported()
    tinted = {}  # (kind, status) -> format: a coloured value cell keeps its number format
    statuses = {name: table.frame[status].tolist() for name, status in (table.status_of or {}).items()}
    bold = formats["header"]
    for c, col in enumerate(table.columns.values()):
        sheet.write_string(0, c, col.label, bold)
    for c, (name, col) in enumerate(table.columns.items()):
        base = formats.get(col.kind)
        width = len(col.label)
        for r, value in enumerate(table.frame[name].tolist(), start=1):
            fmt = base
            status = statuses[name][r - 1] if name in statuses else None
            if status in STATUS_TINTS:
                if (col.kind, status) not in tinted:
                    props = {"bg_color": STATUS_TINTS[status]}
                    if col.kind in _EXCEL_FORMATS:
                        props["num_format"] = _EXCEL_FORMATS[col.kind]
                    tinted[(col.kind, status)] = book.add_format(props)
                fmt = tinted[(col.kind, status)]
            cell = _cell(value, col.kind)
            if cell is None:
                sheet.write_blank(r, c, None, fmt)
            elif col.kind == "text":
                sheet.write_string(r, c, cell, fmt)
                width = max(width, len(cell))
            elif col.kind == "date":
                sheet.write_datetime(r, c, cell, fmt)
            else:
                sheet.write_number(r, c, cell, fmt)
        # Text columns are formatted as text, so what someone types below (a NIP) stays text too.
        sheet.set_column(c, c, min(max(width, 10) + 2, 60), formats["text"] if col.kind == "text" else None)
    sheet.freeze_panes(1, 0)
    if len(table.frame):
        sheet.autofilter(0, 0, len(table.frame), len(table.columns) - 1)


def to_excel(tables: list[Table], cover: list[tuple[str, str]] | None = None, title: str = "") -> bytes:
    """One workbook: a cover sheet (title, then label/value lines: filters, data freshness, who, when)
    when `cover` is given, then one sheet per table."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "default_date_format": _EXCEL_FORMATS["date"]})
    formats = {kind: book.add_format({"num_format": f}) for kind, f in _EXCEL_FORMATS.items()}
    formats["header"] = book.add_format({"bold": True, "bg_color": "#DDEBF1", "border": 1})
    formats["text"] = book.add_format({"num_format": "@"})
    taken: set[str] = set()
    if cover is not None:
        sheet = book.add_worksheet(sheet_name("Sampul", taken))
        sheet.write_string(0, 0, neutralise(title or "Laporan"), book.add_format({"bold": True, "font_size": 14}))
        for r, (label, value) in enumerate(cover, start=2):
            sheet.write_string(r, 0, neutralise(label), formats["header"])
            sheet.write_string(r, 1, neutralise(value))
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 70)
    for table in tables:
        _write_table(book, book.add_worksheet(sheet_name(table.title, taken)), table, formats)
    book.close()
    return buffer.getvalue()
