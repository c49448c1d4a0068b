"""Plausible ranges: every year, date and number of every kind has one (kinds.py), a value outside is
refused naming its row, the judged ends are settings, and a stored implausible year (from before the
checks) crashes neither the report nor a page."""
import subprocess
import sys

import pandas as pd
import pytest
from sqlalchemy import text

from vocab.clock import now_wib
from data_access.db import get_engine
from vocab.kinds import KINDS
from data_access.importing.load import import_file
from data_access.importing.problems import ERROR, ImportRejected
from data_access.schema import ensure_schema
from data_access.settings import save_setting
from vocab.settings import SETTINGS
from tests.conftest import FIXTURES, ROOT

NIP = "198609262015051001"
LAST = now_wib().year + 1  # the default plausible years: 2000 to next year
YEARS = (f"bukan tahun yang wajar: harus antara 2000 dan {LAST} (diatur administrator di Pengaturan: "
         "'Rentang tahun data yang wajar').")
DATES = (f"di luar tahun yang wajar: tanggal harus antara 01/01/2000 dan 31/12/{LAST} (diatur administrator "
         "di Pengaturan: 'Rentang tahun data yang wajar').")
JP = ("lebih besar dari yang wajar untuk satu kegiatan pelatihan: paling besar 2.000 JP (diatur administrator "
      "di Pengaturan: 'JP terbesar satu kegiatan pelatihan').")
MINUTES = ("lebih lama dari yang wajar untuk satu kegiatan pelatihan: paling lama 90.000 menit (2.000 JP × 45 "
           "menit; diatur administrator di Pengaturan: 'JP terbesar satu kegiatan pelatihan').")
BIRTH = "tidak wajar sebagai tanggal lahir pegawai: usia pada hari impor harus 18 sampai 70 tahun"

PENILAIAN = "NIP;TAHUN;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA\n"
PELATIHAN = "NIP;NAMA PELATIHAN;JENIS;TANGGAL MULAI;TANGGAL SELESAI;JP;DURASI MENIT\n"
LAYANAN = "NOMOR PERMOHONAN;OPD;KABUPATEN/KOTA;JENIS LAYANAN;WAKTU MASUK;WAKTU SELESAI\n"
SKM = "TANGGAL;OPD;KABUPATEN/KOTA;U1;U2;U3;U4;U5;U6;U7;U8;U9\n"
PROGRES = "NIP;TANGGAL;WAKTU INPUT;STATUS;WAKTU PERSETUJUAN\n"
SKP = "NIP;SKP STATUS;PLT/PLH;PERIODE AWAL;PERIODE AKHIR\n"
PEGAWAI = "NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;TANGGAL LAHIR\n"
ORG = "OPD;KABUPATEN/KOTA;TAHUN;PERIODE;PREDIKAT ORGANISASI\n"

# case -> (kind, file, [(line, column, value, message or its start)])
CASES = {
    "penilaian_tahun_99999_dan_0": ("penilaian", PENILAIAN + f"{NIP};99999;TW I;Sesuai Ekspektasi;Sesuai Ekspektasi\n"
                                    f"{NIP};0;TW II;Sesuai Ekspektasi;Sesuai Ekspektasi\n", [
        (2, "TAHUN", "99999", YEARS), (3, "TAHUN", "0", YEARS)]),
    "penilaian_tahun_terlalu_besar": ("penilaian", PENILAIAN + f"{NIP};99999999999999999999;TW I;Sesuai "
                                      "Ekspektasi;Sesuai Ekspektasi\n", [
        (2, "TAHUN", "99999999999999999999", "bukan bilangan bulat.")]),
    "predikat_organisasi_tahun": ("predikat_organisasi", ORG + f"Dinkes;Provinsi Lampung;{LAST + 1};Tahunan;Baik\n"
                                  "Dinkes;Provinsi Lampung;1999;Tahunan;Baik\n", [
        (2, "TAHUN", str(LAST + 1), YEARS), (3, "TAHUN", "1999", YEARS)]),
    "pelatihan_tanggal_jp_menit": ("pelatihan", PELATIHAN
                                   + f"{NIP};A;klasikal;03/03/1899;31/12/9999;2001;\n"
                                   + f"{NIP};B;klasikal;03/03/2026;;;90001\n"
                                   + f"{NIP};C;klasikal;03/03/2026;;inf;\n", [
        (4, "JP", "inf", "bukan angka (gunakan koma desimal, misalnya 12,5)."),
        (2, "TANGGAL MULAI", "03/03/1899", DATES), (2, "TANGGAL SELESAI", "31/12/9999", DATES),
        (2, "JP", "2001", JP), (3, "DURASI MENIT", "90001", MINUTES)]),
    "layanan_waktu": ("layanan", LAYANAN + f"1;Dinkes;Provinsi Lampung;KTP-el;01/01/2026 09.00;01/01/{LAST + 1} 00.00\n"
                      "2;Dinkes;Provinsi Lampung;KTP-el;17/08/1945 09.00;\n", [
        (3, "WAKTU MASUK", "17/08/1945 09.00", DATES), (2, "WAKTU SELESAI", f"01/01/{LAST + 1} 00.00", DATES)]),
    "skm_tanggal": ("skm", SKM + "10/02/0001;Dinkes;Provinsi Lampung;4;4;4;4;4;4;4;4;4\n"
                    "10/02/9999;Dinkes;Provinsi Lampung;4;4;4;4;4;4;4;4;4\n", [
        (2, "TANGGAL", "10/02/0001", DATES), (3, "TANGGAL", "10/02/9999", DATES)]),
    "progres_harian_tanggal_dan_waktu": ("progres_harian", PROGRES
                                         + f"{NIP};05/01/2099;05/01/1970 16.20;Approved;06/01/3000 08.00\n", [
        (2, "TANGGAL", "05/01/2099", DATES), (2, "WAKTU INPUT", "05/01/1970 16.20", DATES),
        (2, "WAKTU PERSETUJUAN", "06/01/3000 08.00", DATES)]),
    "skp_periode_dan_plt": ("skp", SKP + f"{NIP};persetujuan;7;01/01/1900;31/12/2999\n", [
        (2, "PLT/PLH", "7", "harus 0 atau 1."), (2, "PERIODE AWAL", "01/01/1900", DATES),
        (2, "PERIODE AKHIR", "31/12/2999", DATES)]),
    "pegawai_tanggal_lahir": ("pegawai", PEGAWAI + f"{NIP};A;Sekretariat;Dinkes;Provinsi Lampung;26/09/1900\n"
                              f"197501012000032002;B;Sekretariat;Dinkes;Provinsi Lampung;01/01/{LAST - 2}\n", [
        (2, "TANGGAL LAHIR", "26/09/1900", BIRTH), (3, "TANGGAL LAHIR", f"01/01/{LAST - 2}", BIRTH)]),
    "standar_layanan_setahun": ("standar_layanan", "JENIS LAYANAN;BATAS WAKTU;SATUAN\nKTP-el;367;hari kerja\n"
                                "KK;8785;jam\nAkta;366;hari kalender\n", [
        (2, "BATAS WAKTU", "367", "lebih dari setahun untuk satuan hari kerja: paling besar 366."),
        (3, "BATAS WAKTU", "8785", "lebih dari setahun untuk satuan jam: paling besar 8.784.")]),
}


@pytest.mark.parametrize("case", CASES)
def test_an_implausible_value_is_refused_naming_its_row(case, sqlite_url):
    kind, csv, expected = CASES[case]
    with pytest.raises(ImportRejected) as caught:
        import_file(get_engine(sqlite_url), f"{case}.csv", kind, data=csv.encode())
    problems = caught.value.problems
    assert all(p.severity == ERROR and p.file == f"{case}.csv" and p.key for p in problems)
    got = [(p.line, p.column, p.value, p.message) for p in problems]
    assert len(got) == len(expected), got
    for (line, column, value, message), want in zip(got, expected):
        assert (line, column, value) == want[:3]
        assert message.startswith(want[3]), (message, want[3])


def test_a_birth_date_out_of_range_is_not_also_said_to_disagree_with_the_nip(sqlite_url):
    csv = PEGAWAI + f"{NIP};A;Sekretariat;Dinkes;Provinsi Lampung;45000\n"  # an Excel serial: 15/03/2023
    with pytest.raises(ImportRejected) as caught:
        import_file(get_engine(sqlite_url), "p.csv", "pegawai", data=csv.encode())
    assert [(p.column, p.message[:len(BIRTH)]) for p in caught.value.problems] == [("TANGGAL LAHIR", BIRTH)]


def test_the_year_an_analyst_gives_is_checked_too(sqlite_url):
    csv = "NIP;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA\n" f"{NIP};TW I;Sesuai Ekspektasi;Sesuai Ekspektasi\n"
    with pytest.raises(ImportRejected) as caught:
        import_file(get_engine(sqlite_url), "p.csv", "penilaian", data=csv.encode(), year=99999)
    assert [(p.line, p.column, p.value, p.message) for p in caught.value.problems] == [(2, "TAHUN", "99999", YEARS)]


def test_a_number_no_excel_date_can_be_is_not_a_date():
    """Typed cells (a frame, a spreadsheet's numbers) past Excel's last day crashed the parser."""
    from data_access.importing import parse

    values, bad = parse.parse_datetime(pd.Series([1e12, -5e9, float("inf"), 46000.0]))
    assert bad.tolist() == [True, True, True, False]
    assert values.iloc[3] == pd.Timestamp("2025-12-09")


def test_every_year_date_and_number_declares_its_range():
    for kind in KINDS.values():
        for col in kind.columns:
            if col.type in ("int", "number", "date", "datetime"):
                assert col.range is not None or col.allowed is not None, (kind.name, col.field)
            if col.range is not None and col.range.setting:
                assert col.range.setting in SETTINGS, (kind.name, col.field)


def test_the_judged_ends_are_settings(siasn_engine):
    with siasn_engine.begin() as conn:
        save_setting(conn, "plausible_years", {"first": 1990, "ahead": 0}, "cli")
        save_setting(conn, "max_training_jp", 3000, "cli")
    csv = (PELATIHAN + f"{NIP};PKA;PKA;01/03/1995;;2500;\n"  # now plausible
           + f"{NIP};B;klasikal;01/03/{LAST};;10;\n")  # next year: no longer plausible
    with pytest.raises(ImportRejected) as caught:
        import_file(siasn_engine, "p.csv", "pelatihan", data=csv.encode())
    last = LAST - 1
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (3, "TANGGAL MULAI", f"di luar tahun yang wajar: tanggal harus antara 01/01/1990 dan 31/12/{last} "
                             "(diatur administrator di Pengaturan: 'Rentang tahun data yang wajar').")]
    result = import_file(siasn_engine, "p.csv", "pelatihan", data=csv.replace(f"01/03/{LAST}", "01/03/1996").encode())
    assert result.rows_inserted == 2


@pytest.mark.parametrize("key, value, message", [
    ("plausible_years", {"first": 1800, "ahead": 1}, "Tahun pertama harus antara 1900"),
    ("plausible_years", {"first": 2000, "ahead": 50}, "Jumlah tahun ke depan harus antara 0 dan 10"),
    ("plausible_years", {"first": 2000}, "tahun pertama dan jumlah tahun ke depan"),
    ("plausible_age", {"min": 40, "max": 30}, "usia terendah di bawah usia tertinggi"),
    ("max_training_jp", 0, "JP terbesar satu kegiatan harus angka antara 1 dan 100.000"),
])
def test_a_bad_range_setting_is_refused(sqlite_url, key, value, message):
    engine = get_engine(sqlite_url)
    ensure_schema(engine)
    with pytest.raises(ValueError, match=message):
        with engine.begin() as conn:
            save_setting(conn, key, value, "cli")


# --- a database that already holds an implausible year ------------------------------------------
def _plant_years(url: str) -> None:
    """Appraisal rows and a batch with years no calendar has, written directly (as an older version
    of the import could)."""
    with get_engine(url).begin() as conn:
        row = conn.execute(text("select employee_id, agency_id, unit_id, batch_id from appraisal limit 1")).first()
        for year in (99999, 0, -5):
            conn.execute(text(
                "insert into appraisal (employee_id, agency_id, unit_id, year, period, rating_hasil, "
                "rating_perilaku, predikat, batch_id) values (:e, :a, :u, :y, 'TAHUNAN', 'Sesuai Ekspektasi', "
                "'Sesuai Ekspektasi', 'Baik', :b)"), {"e": row[0], "a": row[1], "u": row[2], "y": year, "b": row[3]})
        conn.execute(text("update import_batch set year = 99999 where id = :b"), {"b": row[3]})


@pytest.fixture
def tiny_with_bad_years(sqlite_url):
    from data_access.bootstrap import load_demo

    load_demo(get_engine(sqlite_url), "tiny")
    _plant_years(sqlite_url)
    return sqlite_url


def _report(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metrics", "report", "--db", url, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_a_stored_implausible_year_does_not_break_the_report(tiny_with_bad_years):
    from data_access import reads
    from data_access.scope import Scope

    assert 99999 not in reads.data_years(get_engine(tiny_with_bad_years), Scope.full("cli"))
    done = _report(tiny_with_bad_years)
    assert done.returncode == 0, done.stderr
    assert '"year": 2026' in done.stdout
    refused = _report(tiny_with_bad_years, "--year", "99999")
    assert refused.returncode == 2 and "Tahun 99999 di luar rentang tahun yang wajar" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_stored_implausible_year_does_not_break_a_page(sqlite_url, monkeypatch):
    from data_access.users import Grant, add_user
    from tests.pages import open_as

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    engine = get_engine(sqlite_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    import_file(engine, "p.csv", "penilaian", data=(
        PENILAIAN + f"{NIP};2026;TW I;Sesuai Ekspektasi;Sesuai Ekspektasi\n").encode())
    with engine.begin() as conn:
        add_user(conn, "gubernur", "Gubernur", "pimpinan", "sandi-uji-panjang", [Grant(region="Provinsi Lampung")])
    _plant_years(sqlite_url)
    at = open_as("gubernur", "pages/kinerja_pegawai.py", password="sandi-uji-panjang")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="f_year").options == ["2026"]
