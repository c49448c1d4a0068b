"""Charts on a 390 px phone (issue 19): names on the y axis shorten ("Kab." for "Kabupaten", a smaller
limit), legends go to one column and x axis titles end at the plot's edge, decided in the browser
from the window's width; an exported PNG (no window) keeps the desktop form. The browser test
tests/test_browser_pages.py measures what is drawn."""
import re

import pandas as pd
import vl_convert

from tests.conftest import ROOT
from ui import charts, tables
from data_access.workbook import Column, Table

CHARTS = sorted((ROOT / "ui" / "charts").glob("*.py"))


def _spread() -> pd.DataFrame:
    return pd.DataFrame({"indikator": ["Indeks Kepuasan Masyarakat (IKM)"] * 3,
                         "status": ["sesuai target", "waspada", "perlu tindakan"], "jumlah": [3, 2, 1]})


def test_the_status_spread_shortens_its_labels_and_wraps_its_legend_on_a_phone():
    spec = charts.status_spread(_spread(), "OPD").to_dict()
    y_axis = spec["encoding"]["y"]["axis"]
    assert charts.NARROW in y_axis["labelLimit"]["expr"] and "Kab. " in y_axis["labelExpr"]
    assert spec["encoding"]["color"]["legend"]["columns"] == {"expr": f"{charts.NARROW} ? 1 : 0"}
    assert spec["encoding"]["x"]["axis"]["titleAnchor"]["expr"].startswith(charts.NARROW)


def test_an_exported_png_keeps_the_desktop_form():
    svg = vl_convert.vegalite_to_svg(charts.status_spread(_spread(), "OPD").to_dict())
    assert "Indeks Kepuasan Masyarakat (IKM)" in svg  # not shortened: no window, the wide branch


def test_no_chart_has_a_fixed_width_name_axis_or_a_one_row_legend():
    """Every y axis label limit goes through charts.name_labels, and every legend above or below a plot
    either lists its entries vertically or takes its columns from charts.legend_columns."""
    for path in CHARTS:
        source = path.read_text()
        fixed = [int(n) for n in re.findall(r"Axis\([^)]*labelLimit=(\d+)", source)]
        assert all(n <= charts.NARROW_LABELS for n in fixed), (path.name, fixed)  # short words only
        for legend in re.findall(r"alt\.Legend\((.*?)\)\)?,?\n", source):
            if 'orient="bottom"' in legend or 'orient="top"' in legend:
                assert ('direction="vertical"' in legend or "legend_columns(" in legend
                        or "gradientLength" in legend or 'format="%"' in legend), (path.name, legend)


def test_a_tables_name_column_is_pinned_and_wraps_when_long():
    """On a phone the name stays in view while the figures scroll; a long name wraps rather than being
    cut to the same first words as its neighbour ("Bidang Pengelolaan Informasi Ad…" twice)."""
    columns = {"unit": Column("Unit kerja"), "pegawai": Column("Pegawai", "int"), "jp": Column("JP", "dec1")}
    short = Table("t", pd.DataFrame({"unit": ["Sekretariat"], "pegawai": [4], "jp": [4.0]}), columns)
    long = Table("t", pd.DataFrame({"unit": ["Bidang Pengelolaan Informasi Administrasi Kependudukan"],
                                    "pegawai": [4], "jp": [4.0]}), columns)
    assert tables.pinned(short, columns["unit"]) and not tables.pinned(short, columns["pegawai"])
    assert not tables.wraps(short) and tables.wraps(long)
    unpinned = Column("Unit kerja", pin=False)
    assert not tables.pinned(Table("t", short.frame, {**columns, "unit": unpinned}), unpinned)
