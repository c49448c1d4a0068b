"""Exports: CSV with `;` and a decimal comma, Excel with numeric cells and Indonesian display formats,
formula-like text neutralised, one workbook per view with a cover sheet."""
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from vocab.catalogue import ACT, ON_TRACK, WATCH
from ui.export import chart_for_file, file_stem
from data_access.workbook import Column, STATUS_TINTS, Table, neutralise, sheet_name, to_csv, to_excel

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
    assert text[1] == "Dinas Kesehatan;1234;25,6;18,5;28/11/2026"  # the date Indonesian Excel reads
    assert text[2] == '"\'=HYPERLINK(""http://x"")";5;100,0;20,0;'  # quoted as CSV quotes quotes
    assert text[3] == "'-1+1;7;;3,25;02/01/2026"
    assert text[4] == ";0;0,0;;03/02/2026"


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


def _download_data(call):
    """The `data` argument of an st.download_button(label, data, …) call."""
    named = {k.arg: k.value for k in call.keywords}
    return named.get("data", call.args[1] if len(call.args) > 1 else None)


def _calls_export(node, functions: dict) -> bool:
    """Whether an expression calls one of the writers (`workbook.x(...)`, `export.x(...)` or
    `templates.template_xlsx(...)`, which all write through data_access.workbook), directly, in a lambda,
    or through a function of the same module (e.g. a cached wrapper)."""
    import ast

    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                    and func.value.id in ("workbook", "export", "templates", "pdf"):
                return True
            if isinstance(func, ast.Name) and func.id in functions and _calls_export(functions.pop(func.id), functions):
                return True
    return False


def test_every_download_goes_through_the_neutralising_writer():
    """Every st.download_button in the pages and the UI package hands out bytes written by data_access.workbook
    (a chart's PNG is an image and the brief's PDF, written by data_access.pdf, a printed page: no cell of
    either can hold a formula)."""
    import ast

    from tests.conftest import ROOT

    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
    found, offenders = 0, []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "download_button"):
                continue
            found += 1
            data = _download_data(call)
            label = call.args[0].value if call.args and isinstance(call.args[0], ast.Constant) else ""
            if label == "PNG" or _calls_export(data, dict(functions)):
                continue
            offenders.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert found >= 6 and offenders == []


FORMULAS = ("=cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("http://x","klik")')


def test_formula_text_comes_out_neutralised_on_every_download_path():
    """The writers behind the downloads (view tables as CSV and Excel, the report workbook with its
    cover, the upload page's validation report, the templates)."""
    from data_access.importing.problems import ERROR as GALAT
    from data_access.importing.problems import Problem
    from ui.export import problems_csv
    from data_access.importing.templates import template_xlsx

    frame = pd.DataFrame({"x": list(FORMULAS)})
    table = Table("T", frame, {"x": Column("X")})
    csv_cells = to_csv(table).decode("utf-8-sig").splitlines()[1:]
    assert all(c.lstrip('"').startswith("'") for c in csv_cells)
    book = openpyxl.load_workbook(io.BytesIO(to_excel([table], cover=[(FORMULAS[0], FORMULAS[1])], title=FORMULAS[2])))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value not in (None, "X")]
    assert len(cells) == 6 and all(v.startswith("'") for v in cells)
    report = problems_csv([Problem(GALAT, f, 2, f, f, f, f) for f in FORMULAS]).decode("utf-8-sig").splitlines()[1:]
    import csv

    values = [v for line in report for v in next(csv.reader([line], delimiter=";"))[3:]]
    assert len(values) == 12 and all(v.startswith("'") for v in values)
    template = openpyxl.load_workbook(io.BytesIO(template_xlsx("pegawai")))
    assert template.sheetnames == ["Data", "Kamus Data"]
    assert all(c.data_type == "s" for sheet in template for row in sheet.iter_rows() for c in row if c.value)


SCORED = Table("Kartu skor", pd.DataFrame({"opd": ["A", "B", "C"], "share": [0.9, 0.6, None],
                                           "share_status": [ON_TRACK, ACT, None], "sb": [0.1, 0.5, 0.2]}),
               {"opd": Column("OPD"), "share": Column("Tepat waktu", "pct"), "sb": Column("% Sangat Baik", "pct")},
               status_of={"share": "share_status"})


def test_a_verdict_survives_the_download_in_words_and_in_colour():
    lines = to_csv(SCORED).decode("utf-8-sig").splitlines()
    assert lines[0] == "OPD;Tepat waktu (%);Tepat waktu: status;% Sangat Baik"  # no "% Sangat Baik (%)"
    assert lines[1] == f"A;90,0;{ON_TRACK};10,0" and lines[2] == f"B;60,0;{ACT};50,0"
    sheet = openpyxl.load_workbook(io.BytesIO(to_excel([SCORED])))["Kartu skor"]
    assert [c.value for c in sheet[1]] == ["OPD", "Tepat waktu", "Tepat waktu: status", "% Sangat Baik"]
    assert sheet["B2"].fill.fgColor.rgb.endswith(STATUS_TINTS[ON_TRACK][1:].upper())
    assert sheet["B3"].fill.fgColor.rgb.endswith(STATUS_TINTS[ACT][1:].upper())
    assert sheet["B2"].number_format == "0.0%" and sheet["B2"].value == pytest.approx(0.9)  # still a number
    assert sheet["B4"].fill.fill_type is None and sheet["D2"].fill.fill_type is None  # no verdict, no colour
    assert sheet["C3"].value == ACT and set(STATUS_TINTS) == {ON_TRACK, WATCH, ACT}


def test_a_downloaded_chart_says_what_view_it_shows():
    import altair as alt
    from datetime import datetime

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q")
    spec = chart_for_file(chart, "Capaian target JP per daerah", [("Tahun", "2026"), ("Periode", "Triwulan III"),
                                                                  ("Daerah", "Kabupaten Lampung Selatan")],
                          datetime(2026, 11, 28, 9, 30)).to_dict()
    assert spec["title"]["text"] == "Capaian target JP per daerah"
    view, when = spec["title"]["subtitle"]
    assert view == "Tahun: 2026 · Periode: Triwulan III · Daerah: Kabupaten Lampung Selatan"
    assert when.startswith("Diunduh 28 November 2026")


def test_the_cover_names_each_kinds_last_import_once():
    from datetime import datetime

    from vocab.kinds import KINDS
    from vocab.document import cover_lines

    fresh = pd.DataFrame({"kind": ["pegawai"], "last_import": [pd.Timestamp("2026-11-27 08:00")]})
    lines = dict(cover_lines("Ringkasan", [("Tahun", "2026")], "Gubernur", fresh, datetime(2026, 11, 28, 9)))
    pegawai = f"Impor terakhir: {KINDS['pegawai'].label}"
    assert lines[pegawai].startswith("27 November 2026") and lines["Tahun"] == "2026"
    assert not any(label.startswith("Data Data") for label in lines)
    assert sum(label.startswith("Impor terakhir: ") for label in lines) == len(KINDS)


def test_a_column_without_any_value_is_drawn_as_dashes_not_none():
    from ui.tables import _styled

    table = Table("Kartu skor", pd.DataFrame({"unit": ["A", "B"], "curve": [float("nan")] * 2, "share": [0.5, None]}),
                  {"unit": Column("Unit kerja"), "curve": Column("Kepatuhan kurva predikat", "pct"),
                   "share": Column("Porsi", "pct")})
    styler, _ = _styled(table)
    assert styler.data["Kepatuhan kurva predikat"].tolist() == ["–", "–"]
    assert styler.data["Porsi"].iloc[0] == 0.5  # a column with values keeps its numbers (and sorts by them)
    html = styler.to_html()
    assert "None" not in html and "nan" not in html and "50,0%" in html
