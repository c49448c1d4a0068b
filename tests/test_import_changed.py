"""Append mode: a row whose key is stored with other content is skipped with a warning naming the key
and the columns that differ, and counted apart. A dry run takes the same path and writes nothing.
On SQLite and PostgreSQL."""
from sqlalchemy import text

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.importing.problems import WARNING
from tests.conftest import FIXTURES

SIASN = (FIXTURES / "siasn_data_asn.csv").read_text(encoding="utf-8")


def _state(engine) -> dict:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"select count(*) from {t}")).scalar()
                for t in ("employee", "agency", "unit", "import_batch", "audit_log", "replaced_row")}


def _employee(engine, nip: str) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(text("select name, golongan from employee where nip = :n"), {"n": nip}).one())


def test_changed_rows_are_warned_skipped_and_counted_apart(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    changed = (SIASN.replace("BUDI SANTOSO", "BUDI SANTOSA").replace(";III/c;", ";III/d;")
               + "8ae4828a6;199505052022032001;;NIA RAMADHANI;;;05-05-1995;F;PNS Daerah;Aktif;P;01-03-2022;III/a;"
                 "01-03-2022;Jabatan Fungsional Umum;Pengadministrasi Umum;01-03-2022;S-1/Sarjana;Bandar Lampung;a2;"
                 "Sekretariat;Pemerintah Provinsi Lampung;Pemerintah Provinsi Lampung;Dinas Kesehatan;"
                 "Dinas Kesehatan;\n")
    result = import_file(engine, "siasn-baru.csv", "pegawai", data=changed.encode())
    assert (result.rows_inserted, result.rows_skipped, result.rows_changed) == (1, 3, 2)
    assert "2 dilewati karena kuncinya sudah tersimpan dengan isi berbeda" in result.summary()
    notes = [(p.severity, p.line, p.column, p.value, p.key) for p in result.notes]
    assert notes == [
        (WARNING, 2, "NAMA", "BUDI SANTOSA", "NIP BARU 198609262015051001"),
        (WARNING, 5, "GOL AKHIR NAMA", "III/d", "NIP BARU 198811202010012003"),
    ]
    assert result.notes[0].message == (
        "berbeda dengan data yang sudah tersimpan dengan kunci yang sama: NAMA (berkas 'BUDI SANTOSA, S.Kom.', "
        "tersimpan 'BUDI SANTOSO, S.Kom.'). Baris ini dilewati dan data tersimpan tidak diubah; gunakan mode "
        "ganti (replace) untuk menggantinya.")
    assert _employee(engine, "198609262015051001") == ("BUDI SANTOSO, S.Kom.", "III/b")
    assert _employee(engine, "198811202010012003")[1] == "III/c"


def test_an_identical_reimport_under_another_name_warns_nothing(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    same = SIASN.replace("8ae4828a1", "8ae4828a9")  # another file (hash), same rows for every stored column
    result = import_file(engine, "lagi.csv", "pegawai", data=same.encode())
    assert (result.rows_inserted, result.rows_skipped, result.rows_changed, result.notes) == (0, 5, 0, [])


def test_a_dry_run_reports_what_a_commit_would_do_and_writes_nothing(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    changed = SIASN.replace("BUDI SANTOSO", "BUDI SANTOSA")
    changed = changed.replace("Pemerintah Kab. Lampung Selatan;Pemerintah Kab. Lampung Selatan;"
                              "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lampung Selatan",
                              "Pemerintah Kab. Lampung Selatan;Pemerintah Kab. Lampung Selatan;Dinas Baru Sekali")
    before = _state(engine)
    dry = import_file(engine, "siasn-baru.csv", "pegawai", data=changed.encode(), mode="replace", dry_run=True)
    assert _state(engine) == before
    assert dry.dry_run and dry.batch_id is None
    assert "siap diimpor (pemeriksaan, belum disimpan)" in dry.summary()
    real = import_file(engine, "siasn-baru.csv", "pegawai", data=changed.encode(), mode="replace")
    assert real.batch_id is not None and not real.dry_run
    fields = ("rows_inserted", "rows_skipped", "rows_changed", "employees_updated", "employees_deactivated",
              "created_agencies", "created_units")
    assert [getattr(dry, f) for f in fields] == [getattr(real, f) for f in fields]
    assert dry.created_agencies == ["Dinas Baru Sekali (Kabupaten Lampung Selatan)"]
    assert _state(engine)["import_batch"] == before["import_batch"] + 1


def test_daily_entries_with_another_status_are_warned_and_counted(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    head = "NIP;TANGGAL;WAKTU INPUT;STATUS;WAKTU PERSETUJUAN\n"
    first = (head + "198609262015051001;05/01/2026;05/01/2026 16.20;Submitted;\n"
             "197501012000032002;05/01/2026;05/01/2026 15.00;Approved;06/01/2026 08.00\n")
    assert import_file(engine, "harian-1.csv", "progres_harian", data=first.encode()).rows_inserted == 2
    second = (head + "198609262015051001;05/01/2026;05/01/2026 16.20;Approved;06/01/2026 09.30\n"
              "197501012000032002;05/01/2026;05/01/2026 15.00;Approved;06/01/2026 08.00\n"
              "197501012000032002;06/01/2026;06/01/2026 15.00;Draft;\n")
    result = import_file(engine, "harian-2.csv", "progres_harian", data=second.encode())
    assert (result.rows_inserted, result.rows_skipped, result.rows_changed) == (1, 1, 1)
    [note] = result.notes
    assert (note.line, note.column, note.key) == (2, "STATUS", "NIP 198609262015051001, TANGGAL 05/01/2026")
    assert ("STATUS (berkas 'Approved', tersimpan 'Submitted'); WAKTU PERSETUJUAN (berkas '06/01/2026 09.30', "
            "tersimpan kosong)") in note.message
    with engine.connect() as conn:
        stored = dict(conn.execute(text(
            "select e.nip, d.status from daily_entry d join employee e on e.id = d.employee_id "
            "where d.day = 20458")).all())
    assert stored == {"198609262015051001": 2, "197501012000032002": 3}  # 2026-01-05: unchanged
