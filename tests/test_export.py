"""Exports: CSV with `;` and a decimal comma, Excel with numeric cells and Indonesian display formats,
formula-like text neutralised, one workbook per view with a cover sheet."""
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from ui.export import Column, Table, file_stem, neutralise, sheet_name, to_csv, to_excel

FRAME = pd.DataFrame({
    "agency": ["Dinas Kesehatan", "=HYPERLINK(\"http://x\")", "-1+1", None],
    "headcount": [1234, 5, 7, 0],
    "share": [0.256, 1.0, None, 0.0],
    "jp": [18.5, 20.0, 3.25, None],
    "day": [pd.Timestamp("2026-11-28"), pd.NaT, pd.Timestamp("2026-01-02"), pd.Timestamp("2026-02-03")],
})
COLUMNS = {"agency": Column("OPD"), "headcount": Column("ASN", "int"), "share": Column("Porsi", "pct"),
           "jp": Column("Median JP", "dec1"), "day": Column("Tanggal", "date")}
TABLE = Table("Rincian per OPD", FRAME, COLUMNS)


def test_csv_is_semicolon_separated_with_decimal_comma_and_neutralised_text():
    text = to_csv(TABLE).decode("utf-8-sig").splitlines()
    assert text[0] == "OPD;ASN;Porsi (%);Median JP;Tanggal"
    assert text[1] == "Dinas Kesehatan;1234;25,6;18,5;2026-11-28"
    assert text[2] == '"\'=HYPERLINK(""http://x"")";5;100,0;20,0;'  # quoted as CSV quotes quotes
    assert text[3] == "'-1+1;7;;3,25;2026-01-02"
    assert text[4] == ";0;0,0;;2026-02-03"


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+62 812", "'+62 812"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("Dinas", "Dinas"), ("", ""), (-5, -5), (3.5, 3.5), (None, None),
])
def test_neutralise_touches_only_formula_like_text(value, expected):
    assert neutralise(value) == expected


def test_excel_keeps_numbers_numeric_with_display_formats_and_a_cover_sheet():
    data = to_excel([TABLE, Table("Rincian per OPD", FRAME.head(1), {"agency": Column("OPD")})],
                    cover=[("Tahun", "2026"), ("OPD", "=bahaya")], title="Kinerja Pegawai")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Sampul", "Rincian per OPD", "Rincian per OPD (2)"]
    cover = book["Sampul"]
    assert cover["A1"].value == "Kinerja Pegawai"
    assert [cover["A3"].value, cover["B3"].value, cover["B4"].value] == ["Tahun", "2026", "'=bahaya"]
    sheet = book["Rincian per OPD"]
    assert [c.value for c in sheet[1]] == ["OPD", "ASN", "Porsi", "Median JP", "Tanggal"]
    assert sheet["B2"].value == 1234 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].value == pytest.approx(0.256) and sheet["C2"].number_format == "0.0%"
    assert sheet["D2"].value == pytest.approx(18.5) and sheet["D2"].number_format == "#,##0.0"
    assert sheet["E2"].value.date() == date(2026, 11, 28) and "d mmmm yyyy" in sheet["E2"].number_format
    assert sheet["A3"].value == "'=HYPERLINK(\"http://x\")" and sheet["A3"].data_type == "s"
    assert sheet["C4"].value is None and sheet["D5"].value is None


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in ["A/B: [x]?", "a/b: [x]?", "P" * 40, "P" * 40, ""]]
    assert names[0] == "A B   x" and names[1] == "a b   x (2)"
    assert len({n.lower() for n in names}) == 5 and all(len(n) <= 31 for n in names)
    assert names[4] == "Tabel"


def test_file_stem_is_safe():
    assert file_stem("Pelayanan Publik: IKM/2026", date(2026, 11, 28)) == "pelayanan-publik-ikm-2026-2026-11-28"
