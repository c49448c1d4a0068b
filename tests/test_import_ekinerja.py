"""The BKN e-Kinerja exports as they come: a title block above snake_case headers."""
from io import BytesIO

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.importing.problems import ImportRejected


@pytest.fixture
def demo_db(db_url):
    engine = get_engine(db_url)
    load_demo(engine, "tiny")
    with engine.connect() as conn:
        nips = [r[0] for r in conn.execute(text("select nip from employee order by id limit 3"))]
    return engine, nips


def _export(title: str, header: list[str], rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([title])
    ws.merge_cells("A1:F1")
    ws.append(["Instansi Pemerintah Provinsi Lampung"])
    ws.append(["Waktu unduh: 28-11-2026 10:15:03"])
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    ws.append([])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_laporan_penilaian_skp_takes_year_and_period_from_its_title(demo_db):
    engine, nips = demo_db
    data = _export(
        "LAPORAN PENILAIAN SKP PERIODE TRIWULAN IV TAHUN 2026",
        ["id", "nip", "nama", "jabatan", "rating_hasil_kerja", "rating_perilaku_kerja", "hasil_akhir"],
        [[101, f"'{nips[0]}", "A", "Analis", "Di Atas Ekspektasi", "Di Atas Ekspektasi", "Sangat Baik"],
         [102, nips[1], "B", "Analis", "Sesuai Ekspektasi", "Di Bawah Ekspektasi", "Kurang/misconduct"],
         [103, nips[2], "C", "Analis", "-", "-", "-"]],
    )
    result = import_file(engine, "Laporan Penilaian SKP.xlsx", None, data=data)
    assert (result.kind, result.year, result.period, result.rows_inserted) == ("penilaian", 2026, "TW4", 3)
    with engine.connect() as conn:
        stored = conn.execute(text("select predikat from appraisal where year = 2026 and period = 'TW4' "
                                   "order by id")).scalars().all()
    assert stored == ["Sangat Baik", "Kurang/Misconduct", None]


def test_without_a_period_anywhere_the_analyst_is_asked(demo_db):
    engine, nips = demo_db
    data = _export("LAPORAN PENILAIAN SKP", ["nip", "rating_hasil_kerja", "rating_perilaku_kerja", "hasil_akhir"],
                   [[nips[0], "Sesuai Ekspektasi", "Sesuai Ekspektasi", "Baik"]])
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "penilaian.xlsx", "penilaian", data=data)
    assert {p.column for p in caught.value.problems} == {"TAHUN", "PERIODE"}
    result = import_file(engine, "penilaian.xlsx", "penilaian", data=data, year=2026, period="TAHUNAN")
    assert (result.year, result.period, result.rows_inserted) == (2026, "TAHUNAN", 1)


def test_laporan_skp_snake_case_headers_import(demo_db):
    engine, nips = demo_db
    data = _export(
        "LAPORAN SKP TAHUN 2027",
        ["id", "nip", "nama", "skp_jabatan", "skp_unor", "skp_unor_induk", "skp_status", "is_plt_plh",
         "periode_awal", "periode_akhir"],
        [[1, nips[0], "A", "Analis", "Sekretariat", "Inspektorat", "persetujuan", 0, "01-01-2027", "31-12-2027"],
         [2, nips[0], "A", "Plt. Kepala Bagian", "Sekretariat", "Inspektorat", "draft", 1, "01-01-2027",
          "31-12-2027"]],
    )
    result = import_file(engine, "Laporan SKP.xlsx", None, data=data)
    assert (result.kind, result.rows_inserted) == ("skp", 2)
