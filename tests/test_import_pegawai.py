"""The walking skeleton: an employee extract goes in, its headcount comes out of the report."""
import json
import subprocess
import sys
from io import BytesIO

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.importing.problems import ImportRejected
from data_access.models import Agency, AuditLog, Employee, ImportBatch, Unit
from tests.conftest import FIXTURES, ROOT

SIASN = FIXTURES / "siasn_data_asn.csv"


def run(module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def counts(url: str) -> dict:
    with get_engine(url).connect() as conn:
        return {t: conn.execute(text(f"select count(*) from {t}")).scalar()
                for t in ("employee", "agency", "unit", "import_batch")}


def test_siasn_export_imports_and_headcount_comes_out_of_the_report(db_url):
    imported = run("data_access", "import", str(SIASN), "--kind", "pegawai", "--db", db_url)
    assert imported.returncode == 0, imported.stderr
    assert "5 baris baru" in imported.stdout
    report = run("metrics", "report", "--db", db_url, "--format", "json")
    assert report.returncode == 0, report.stderr
    payload = json.loads(report.stdout)  # stdout holds only the JSON object
    headcounts = [{k: a[k] for k in ("agency_name", "region", "headcount")} for a in payload["agencies"]]
    assert headcounts == [
        {"agency_name": "Dinas Kesehatan", "region": "Provinsi Lampung", "headcount": 3},
        {"agency_name": "Dinas Kependudukan dan Pencatatan Sipil", "region": "Kabupaten Lampung Selatan",
         "headcount": 1},
        {"agency_name": "Dinas Kesehatan", "region": "Kabupaten Lampung Selatan", "headcount": 1},
    ]


def test_siasn_fields_are_mapped(sqlite_url):
    import_file(get_engine(sqlite_url), SIASN, "pegawai")
    with get_engine(sqlite_url).connect() as conn:
        rows = {r.nip: r for r in conn.execute(select(Employee))}
        agencies = conn.execute(select(Agency.name, Agency.created_batch_id)).all()
        units = {u for (u,) in conn.execute(select(Unit.name))}
        batch = conn.execute(select(ImportBatch)).one()
        audit = conn.execute(select(AuditLog.user_name, AuditLog.action)).all()
    budi = rows["198609262015051001"]  # NIP given with a leading apostrophe
    assert (budi.name, budi.sex, str(budi.birth_date), budi.status, budi.golongan, budi.jabatan_type) == (
        "BUDI SANTOSO, S.Kom.", "L", "1986-09-26", "PNS", "III/b", "Fungsional")
    siti = rows["197501012000032002"]  # NIP with spaces; "Jabatan Struktural" + eselon III.b
    assert (siti.name, siti.sex, siti.jabatan_type) == ("dr. SITI AMINAH, M.Kes", "P", "Administrator")
    assert rows["199203152019031004"].jabatan_type == "Pelaksana"
    assert rows["199001012023211001"].status == "PPPK"
    # "DINAS KESEHATAN PROVINSI LAMPUNG", "Dinkes" and "Dinas Kesehatan Provinsi Lampung" are one agency.
    assert sorted(a for a, _ in agencies) == ["Dinas Kependudukan dan Pencatatan Sipil", "Dinas Kesehatan",
                                             "Dinas Kesehatan"]
    assert {b for _, b in agencies} == {batch.id}
    assert "UPTD Puskesmas Kalianda" in units and "Sub Bagian Umum dan Kepegawaian" in units
    assert (batch.kind, batch.file_name, batch.user_name, batch.rows_inserted) == (
        "pegawai", "siasn_data_asn.csv", "cli", 5)
    assert audit == [("cli", "import")]


def test_same_file_twice_changes_nothing(sqlite_url):
    first = run("data_access", "import", str(SIASN), "--kind", "pegawai", "--db", sqlite_url)
    assert first.returncode == 0
    before = counts(sqlite_url)
    second = run("data_access", "import", str(SIASN), "--db", sqlite_url)  # kind recognised from headers
    assert second.returncode == 0
    assert "sudah pernah diimpor" in second.stdout
    assert counts(sqlite_url) == before


def _xlsx(rows: list[list], title: list[list] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data ASN"
    for row in title or []:
        ws.append(row)
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_template_xlsx_with_title_rows_and_totals_row(sqlite_url):
    data = _xlsx(
        title=[["DAFTAR PEGAWAI TAHUN 2026"], ["Instansi Pemerintah Kabupaten Pringsewu"], []],
        rows=[
            ["NIP", "NAMA", "UNIT KERJA", "OPD", "KABUPATEN/KOTA", "JENIS KELAMIN", "TANGGAL LAHIR", "STATUS"],
            ["198001012005011001", "Ahmad", "Sekretariat", "BKPSDM", "Kabupaten Pringsewu", "L", "01/01/1980", "PNS"],
            ["198502022010012002", "Rina", "Bidang Mutasi", "BKPSDM", "Pringsewu", "P", "2 Februari 1985", "PNS"],
            [None, None, None, None, None, None, None, None],
            ["JUMLAH", 2, None, None, None, None, None, None],
        ],
    )
    engine = get_engine(sqlite_url)
    result = import_file(engine, "pegawai.xlsx", None, data=data)
    assert result.kind == "pegawai" and result.rows_inserted == 2
    assert result.created_agencies == [
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (Kabupaten Pringsewu)"]


def test_float_mangled_nip_is_named_and_nothing_is_written(db_url, tmp_path):
    bad = SIASN.read_text(encoding="utf-8").replace("19750101 200003 2 002", "1,975E+17")
    path = tmp_path / "_tmp_bad.csv"  # the test's own folder: its two backends may run at once (xdist)
    path.write_text(bad, encoding="utf-8")
    done = run("data_access", "import", str(path), "--kind", "pegawai", "--db", db_url)
    assert done.returncode == 1
    assert ("GALAT: _tmp_bad.csv, baris 3, kolom NIP BARU: nilai '1,975E+17' bukan NIP/NI PPPK 18 digit"
            in done.stderr)
    assert "basis data tidak berubah" in done.stderr
    assert counts(db_url)["employee"] == 0 and counts(db_url)["import_batch"] == 0


def test_ambiguous_agency_without_region_lists_the_candidates(sqlite_url):
    engine = get_engine(sqlite_url)
    import_file(engine, SIASN, "pegawai")
    csv = ("NIP,NAMA,UNIT KERJA,OPD\n"
           "199101012015011001,Joko,Sekretariat,Dinas Kesehatan\n").encode()
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "baru.csv", "pegawai", data=csv)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "GALAT: baru.csv, baris 2, kolom OPD: nilai 'Dinas Kesehatan' OPD dengan nama ini ada di 2 daerah "
        "(Provinsi Lampung, Kabupaten Lampung Selatan); isi kolom KABUPATEN/KOTA agar jelas OPD yang "
        "dimaksud. [NIP 199101012015011001]"
    ]
    assert counts(sqlite_url)["employee"] == 5


def test_nip_disagreeing_with_birth_date_warns_and_blocks_unless_skipped(sqlite_url):
    engine = get_engine(sqlite_url)
    csv = ("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;TANGGAL LAHIR;JENIS KELAMIN\n"
           "198001012005011001;Ahmad;Sekretariat;Inspektorat;Provinsi Lampung;02/01/1980;L\n"
           "198502022010012002;Rina;Sekretariat;Inspektorat;Provinsi Lampung;02/02/1985;P\n").encode("cp1252")
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "w.csv", "pegawai", data=csv)
    assert [str(p) for p in caught.value.problems] == [
        "PERINGATAN: w.csv, baris 2, kolom TANGGAL LAHIR: nilai '02/01/1980' tidak sama dengan tanggal lahir "
        "di dalam NIP. [NIP 198001012005011001]"
    ]
    assert counts(sqlite_url)["employee"] == 0
    result = import_file(engine, "w.csv", "pegawai", data=csv, skip_warned_rows=True)
    assert (result.rows_inserted, result.skipped_warned_rows) == (1, 1)


def test_unknown_user_is_refused(sqlite_url):
    done = run("data_access", "import", str(SIASN), "--db", sqlite_url, "--user", "siapa")
    assert done.returncode == 2 and "tidak ada atau tidak aktif" in done.stderr


def test_siasn_workbook_with_one_sheet_per_status_loads_every_sheet(sqlite_url):
    wb = Workbook()
    header = ["NIP BARU", "NAMA", "UNOR NAMA", "SATUAN KERJA INDUK NAMA", "INSTANSI INDUK NAMA", "JENIS PEGAWAI NAMA"]
    sheets = {
        "PNS": [["198001012005011001", "Ahmad", "Sekretariat", "Inspektorat", "Pemerintah Provinsi Lampung", "PNS"]],
        "PPPK": [["199001012023211001", "Budi", "Sekretariat", "Inspektorat", "Pemerintah Provinsi Lampung", "PPPK"],
                 ["1,99E+17", "Cici", "Sekretariat", "Inspektorat", "Pemerintah Provinsi Lampung", "PPPK"]],
        "PPPK Paruh Waktu": [["199202022025212001", "Dewi", "Sekretariat", "Inspektorat",
                              "Pemerintah Provinsi Lampung", "PPPK Paruh Waktu"]],
    }
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(row)
    wb.create_sheet("Rekap").append(["Jumlah PNS", 1])
    buf = BytesIO()
    wb.save(buf)
    engine = get_engine(sqlite_url)
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "data-asn.xlsx", "pegawai", data=buf.getvalue())
    assert [(p.file, p.line, p.value) for p in caught.value.problems] == [
        ("data-asn.xlsx (lembar PPPK)", 3, "1,99E+17")]
    sheets["PPPK"].pop()
    wb.remove(wb["PPPK"])
    ws = wb.create_sheet("PPPK", 1)
    ws.append(header)
    ws.append(sheets["PPPK"][0])
    buf = BytesIO()
    wb.save(buf)
    result = import_file(engine, "data-asn.xlsx", "pegawai", data=buf.getvalue())
    assert result.rows_inserted == 3 and result.ignored_sheets == ["Rekap"]
    with engine.connect() as conn:
        statuses = sorted(conn.execute(select(Employee.status)).scalars())
    assert statuses == ["PNS", "PPPK", "PPPK Paruh Waktu"]
