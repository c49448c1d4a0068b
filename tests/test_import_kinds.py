"""Import rules beyond the employee roll: keys after name resolution, acting SKPs, dates, totals rows."""
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
    return engine


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"select count(*) from {table}")).scalar()


def _nips(engine, n: int) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("select nip from employee order by id limit :n"), {"n": n})]


def test_alias_and_full_name_are_one_key_in_a_file(demo_db):
    """'Dinkes' and 'Dinas Kesehatan' in one region are the same agency: two ratings conflict."""
    before = _count(demo_db, "org_rating")
    csv = ("OPD;KABUPATEN/KOTA;UNIT KERJA;TAHUN;PERIODE;PREDIKAT ORGANISASI\n"
           "Dinas Kesehatan;Provinsi Lampung;;2026;TW IV;Baik\n"
           "Dinkes;Provinsi Lampung;;2026;TW IV;Kurang\n").encode()
    with pytest.raises(ImportRejected) as caught:
        import_file(demo_db, "org.csv", "predikat_organisasi", data=csv)
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (2, "OPD", "kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di baris 2)."),
        (3, "OPD", "kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di baris 2)."),
    ]
    assert _count(demo_db, "org_rating") == before


def test_an_acting_skp_sits_beside_the_employees_own(demo_db):
    nip = _nips(demo_db, 1)[0]
    csv = ("NIP;SKP STATUS;PLT/PLH;PERIODE AWAL;PERIODE AKHIR\n"
           f"{nip};persetujuan;0;01/01/2027;31/12/2027\n"
           f"{nip};draft;1;01/01/2027;31/12/2027\n").encode()
    result = import_file(demo_db, "skp.csv", "skp", data=csv)
    assert result.rows_inserted == 2


def test_date_columns_take_timestamps_and_old_month_spellings(demo_db):
    before = _count(demo_db, "skm_response")
    answers = ";".join(["4"] * 9)
    csv = ("TANGGAL;OPD;KABUPATEN/KOTA;U1;U2;U3;U4;U5;U6;U7;U8;U9\n"
           f"10/02/2026 09:15:22;Dinas Kependudukan dan Pencatatan Sipil;Kota Metro;{answers}\n"
           f"17 Nopember 2026;Dinas Kependudukan dan Pencatatan Sipil;Kota Metro;{answers}\n"
           f"3 Pebruari 2026;Dinas Kependudukan dan Pencatatan Sipil;Kota Metro;{answers}\n").encode()
    assert import_file(demo_db, "skm.csv", "skm", data=csv).rows_inserted == 3
    with demo_db.connect() as conn:
        days = sorted(str(d)[:10] for (d,) in conn.execute(
            text("select survey_date from skm_response order by id desc limit 3")))
    assert days == ["2026-02-03", "2026-02-10", "2026-11-17"] and _count(demo_db, "skm_response") == before + 3


def test_a_totals_row_after_a_row_number_is_dropped(sqlite_url):
    wb = Workbook()
    ws = wb.active
    ws.append(["NO", "NIP", "NAMA", "UNIT KERJA", "OPD", "KABUPATEN/KOTA"])
    ws.append([1, "198001012005011001", "Ahmad", "Sekretariat", "Inspektorat", "Provinsi Lampung"])
    ws.append([2, "Jumlah", 1, None, None, None])
    buf = BytesIO()
    wb.save(buf)
    result = import_file(get_engine(sqlite_url), "p.xlsx", "pegawai", data=buf.getvalue())
    assert (result.rows_in_file, result.rows_inserted) == (1, 1)


def test_rows_skipped_on_warning_are_not_counted_as_duplicates(sqlite_url):
    csv = ("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;TANGGAL LAHIR\n"
           "198001012005011001;Ahmad;Sekretariat;Inspektorat;Provinsi Lampung;02/01/1980\n"
           "198502022010012002;Rina;Sekretariat;Inspektorat;Provinsi Lampung;02/02/1985\n").encode()
    result = import_file(get_engine(sqlite_url), "w.csv", "pegawai", data=csv, skip_warned_rows=True)
    assert (result.rows_inserted, result.rows_skipped, result.skipped_warned_rows) == (1, 0, 1)
    assert "1 baris berperingatan dilewati" in result.summary() and "0 dilewati" in result.summary()


def test_a_region_stated_in_the_agency_name_is_used_and_checked(demo_db):
    answers = ";".join(["3"] * 9)
    named = ("TANGGAL;OPD;U1;U2;U3;U4;U5;U6;U7;U8;U9\n"
             f"10/03/2026;Dinas Kependudukan dan Pencatatan Sipil Kabupaten Pesawaran;{answers}\n").encode()
    assert import_file(demo_db, "skm-pesawaran.csv", "skm", data=named).rows_inserted == 1
    clash = ("TANGGAL;OPD;KABUPATEN/KOTA;U1;U2;U3;U4;U5;U6;U7;U8;U9\n"
             f"10/03/2026;Disdukcapil Kabupaten Pesawaran;Kabupaten Lampung Selatan;{answers}\n").encode()
    with pytest.raises(ImportRejected) as caught:
        import_file(demo_db, "skm-salah.csv", "skm", data=clash)
    assert [p.message for p in caught.value.problems] == [
        "nama OPD menyebut daerah lain daripada kolom KABUPATEN/KOTA; perbaiki salah satunya."]


def test_a_file_with_headers_only_is_refused(sqlite_url):
    with pytest.raises(ImportRejected) as caught:
        import_file(get_engine(sqlite_url), "kosong.csv", "pelatihan",
                    data=b"NIP;NAMA PELATIHAN;JENIS;TANGGAL MULAI;JP\n")
    assert [p.message for p in caught.value.problems] == ["tidak ada baris data di bawah judul kolom."]


def test_an_unknown_code_names_what_is_accepted(sqlite_url):
    csv = ("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;STATUS\n"
           "198001012005011001;Ahmad;Sekretariat;Inspektorat;Provinsi Lampung;Honorer\n").encode()
    with pytest.raises(ImportRejected) as caught:
        import_file(get_engine(sqlite_url), "honorer.csv", "pegawai", data=csv)
    assert [str(p) for p in caught.value.problems] == [
        "GALAT: honorer.csv, baris 2, kolom STATUS: nilai 'Honorer' tidak dikenali untuk STATUS. Isian yang "
        "diterima: PNS, PPPK atau PPPK Paruh Waktu (CPNS dihitung PNS). [NIP 198001012005011001]"]
