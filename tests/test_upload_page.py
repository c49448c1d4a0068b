"""The upload page (AppTest) and the checks behind it in data_access: only analysts and administrators,
validation writes nothing, commit, history and rollback, the size limit."""
import ast

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from data_access.db import get_engine
from data_access.importing import upload
from data_access.importing.load import import_file
from data_access.importing.problems import ERROR
from data_access.settings import save_setting
from data_access.users import Grant, add_user
from tests.conftest import FIXTURES, ROOT
from tests.pages import shown

APP = str(ROOT / "app.py")
PAGE = "pages/unggah_data.py"
PASSWORD = "sandi-uji-panjang"
NIPS = ("198609262015051001", "197501012000032002", "199203152019031004")

VALID = ("NIP;TAHUN;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA;PREDIKAT KINERJA\n"
         f"{NIPS[0]};2026;TW III;Sesuai Ekspektasi;Sesuai Ekspektasi;Baik\n"
         f"{NIPS[1]};2026;TW III;Di Atas Ekspektasi;Di Atas Ekspektasi;Sangat Baik\n").encode()
# A NIP mangled by a spreadsheet and a predikat that breaks the matrix: two blocking errors.
BROKEN = ("NIP;TAHUN;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA;PREDIKAT KINERJA\n"
          "1,98609E+17;2026;TW III;Sesuai Ekspektasi;Sesuai Ekspektasi;Baik\n"
          f"{NIPS[1]};2026;TW III;Sesuai Ekspektasi;Sesuai Ekspektasi;Sangat Baik\n").encode()


@pytest.fixture
def page_db(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    engine = get_engine(sqlite_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    with engine.begin() as conn:
        province = [Grant(region="Provinsi Lampung")]
        add_user(conn, "analis", "Analis", "analis", PASSWORD, province)
        add_user(conn, "admin", "Admin", "admin", PASSWORD, province)
        add_user(conn, "gubernur", "Gubernur", "pimpinan", PASSWORD, province)
    return engine


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"select count(*) from {table}")).scalar()


def _state(engine) -> dict:
    return {t: _count(engine, t) for t in ("appraisal", "import_batch", "audit_log", "employee")}


def upload_page(username: str = "analis") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="unggah_berkas").set_value((name, content, "text/csv")).run()
    assert not at.exception
    return at


def _table(at: AppTest, first_column: str, nth: int = 0):
    """A table by its first column (AppTest does not expose a plain dataframe's key)."""
    return [d.value for d in at.dataframe if d.value.columns[0] == first_column][nth]


def _problems(at: AppTest, nth: int = 0):
    """The nth problem table on the page: errors come before warnings."""
    return [d.value for d in at.dataframe if "Masalah" in d.value.columns][nth]


def _buttons(at) -> set[str]:
    return {b.key for b in at.button}


def test_an_analyst_validates_commits_and_sees_the_batch(page_db):
    at = upload_page()
    assert at.file_uploader(key="unggah_berkas")  # the uploader is there for an analyst
    before = _state(page_db)
    _upload(at, "penilaian.csv", VALID)
    kind = next(s for s in at.selectbox if s.label == "Jenis data")
    assert kind.value == "penilaian"  # detected from the headers
    preview = _table(at, "Baris")
    assert preview["NIP"].tolist() == list(NIPS[:2]) and preview["Baris"].tolist() == [2, 3]
    assert any("Tidak ada galat" in s.value and "2 baris baru" in s.value for s in at.success)
    assert _state(page_db) == before  # the validation wrote nothing
    assert "unggah_simpan" in _buttons(at)

    at.button(key="unggah_simpan").click().run()
    assert not at.exception
    assert any("diimpor dengan nomor impor" in s.value for s in at.success)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Baris baru"] == "2" and metrics["Dilewati (isi berbeda)"] == "0"
    assert _count(page_db, "appraisal") == 2
    history = _table(at, "Nomor impor")
    newest = history.iloc[0]
    assert (newest["Berkas"], newest["Oleh"], newest["Baris baru"], newest["Status"]) == (
        "penilaian.csv", "analis", "2", "tersimpan")
    assert newest["Jenis data"] == "Penilaian kinerja pegawai"
    assert "unggah_simpan" not in _buttons(at)
    # The same file uploaded again is recognised; nothing to commit.
    again = _upload(upload_page(), "penilaian.csv", VALID)
    assert any("sudah pernah diimpor (nomor impor" in shown(i.value) for i in again.info)
    assert "unggah_simpan" not in _buttons(again)
    assert _count(page_db, "appraisal") == 2


def test_a_file_with_errors_shows_them_and_offers_no_commit(page_db):
    at = upload_page()
    before = _state(page_db)
    _upload(at, "rusak.csv", BROKEN)
    assert any("2 galat" in e.value for e in at.error)
    errors = _problems(at)
    assert errors["Baris"].tolist() == ["2", "3"]
    assert errors["Berkas"].tolist() == ["rusak.csv", "rusak.csv"]
    assert errors["Kolom"].tolist() == ["NIP", "PREDIKAT KINERJA"]
    assert errors["Nilai"].tolist() == ["1,98609E+17", "Sangat Baik"]
    assert errors["Kunci baris"].iloc[1] == f"NIP {NIPS[1]}, TAHUN 2026, PERIODE TW3"
    assert errors["Masalah"].iloc[0].startswith("bukan NIP/NI PPPK 18 digit")
    assert errors["Masalah"].iloc[1].startswith("tidak sesuai matriks predikat")
    assert "unggah_simpan" not in _buttons(at)
    # the problems, the preview and the data dictionary draw a missing cell as the dash, not "None"
    assert at.dataframe and {df.proto.placeholder for df in at.dataframe} == {"–"}
    report = at.get("download_button")
    assert any("laporan" in b.proto.label.lower() for b in report)
    assert _state(page_db) == before


def test_the_validation_report_is_named_after_the_file_without_its_extension_twice():
    from ui.export import problems_file_name

    assert problems_file_name("rusak.csv") == "laporan-rusak.csv"
    assert problems_file_name("Data ASN.xlsx") == "laporan-Data ASN.csv"
    assert problems_file_name("tanpa-akhiran") == "laporan-tanpa-akhiran.csv"


def test_the_report_download_is_a_semicolon_csv():
    from data_access.importing.problems import Problem
    from ui.export import problems_csv

    data = problems_csv([Problem(ERROR, "a.csv", 3, "NIP", "123", "NIP 123", "bukan NIP."),
                         Problem(ERROR, "a.csv", None, None, None, None, "tidak ada baris data.")])
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == ["Jenis;Berkas;Baris;Kolom;Nilai;Kunci baris;Masalah", "galat;a.csv;3;NIP;123;NIP 123;bukan NIP.",
                     "galat;a.csv;;;;;tidak ada baris data."]


# Formula text an attacker puts in the cells of an upload: it comes back in the report's values and keys.
FORMULAS = ("=cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("http://x","klik")', "+1+1", "-2+3")


def test_the_validation_report_of_an_upload_keeps_no_formula_live(page_db):
    """The whole path: a file whose cells are formulas, validated as the page does, its report as the
    page offers it for download."""
    from ui.export import problems_csv

    rows = "".join(f"{f};2026;TW III;{f};Sesuai Ekspektasi\n" for f in FORMULAS)
    data = ("NIP;TAHUN;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA\n" + rows).encode()
    check = upload.validate_upload(page_db, "analis", data, "formula.csv", upload.UploadRequest(kind="penilaian"))
    assert {p.value for p in check.errors} >= set(FORMULAS)
    cells = [cell for line in problems_csv(check.problems).decode("utf-8-sig").splitlines()[1:]
             for cell in _csv_cells(line)]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {"'" + f for f in FORMULAS} <= set(cells)


def _csv_cells(line: str) -> list[str]:
    import csv

    return next(csv.reader([line], delimiter=";"))


@pytest.mark.parametrize("username", ["gubernur"])
def test_other_roles_see_a_message_and_no_uploader(page_db, username):
    at = upload_page(username)
    from ui.frame import REFUSED

    assert [e.value for e in at.error] == [REFUSED]  # the shell refuses before the page reads anything
    assert not at.get("file_uploader")
    assert not at.dataframe and not at.get("download_button") and not at.tabs


def test_the_data_layer_refuses_other_roles_too(page_db):
    before = _state(page_db)
    request = upload.UploadRequest(kind="penilaian")
    with pytest.raises(upload.NotAllowed):
        upload.commit_upload(page_db, "gubernur", VALID, "penilaian.csv", request)
    with pytest.raises(upload.NotAllowed):
        upload.validate_upload(page_db, "gubernur", VALID, "penilaian.csv", request)
    result = upload.commit_upload(page_db, "analis", VALID, "penilaian.csv", request)
    with pytest.raises(upload.NotAllowed):
        upload.rollback_upload(page_db, "gubernur", result.batch_id)
    with pytest.raises(upload.NotAllowed):
        upload.batch_history(page_db, "nobody")
    assert _count(page_db, "appraisal") == before["appraisal"] + 2


def test_rollback_from_the_page_restores(page_db):
    at = upload_page("admin")
    _upload(at, "penilaian.csv", VALID)
    at.button(key="unggah_simpan").click().run()
    assert _count(page_db, "appraisal") == 2
    batch_id = int(_table(at, "Nomor impor").iloc[0]["Nomor impor"])
    at.selectbox(key="batal_batch").select(batch_id).run()
    at.button(key="batal_minta").click().run()
    assert any("Yakin membatalkan" in w.value for w in at.warning)
    assert _count(page_db, "appraisal") == 2  # asking is not doing
    at.button(key="batal_ya").click().run()
    assert not at.exception
    assert any(f"Impor nomor {batch_id} (Penilaian kinerja pegawai) dibatalkan: 2 baris dihapus" in shown(s.value) for s in at.success)
    assert _count(page_db, "appraisal") == 0
    history = _table(at, "Nomor impor").set_index("Nomor impor")
    assert history.loc[batch_id, "Status"] == "dibatalkan"


def test_a_regional_analyst_sees_only_the_batches_inside_their_scope(page_db):
    lamsel = ("NIP;TAHUN;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA\n"
              "198811202010012003;2026;TW I;Sesuai Ekspektasi;Sesuai Ekspektasi\n").encode()
    inside = import_file(page_db, "lamsel.csv", "penilaian", data=lamsel).batch_id
    with page_db.begin() as conn:
        add_user(conn, "analis.lamsel", "Analis Lamsel", "analis", PASSWORD,
                 [Grant(region="Kabupaten Lampung Selatan")])
    at = upload_page("analis.lamsel")
    # The roster batch (province and Lampung Selatan staff) lies partly outside the analyst's scope.
    assert _table(at, "Nomor impor")["Nomor impor"].tolist() == [inside]
    assert at.selectbox(key="batal_batch").options == [f"Impor {inside}: Penilaian kinerja pegawai, lamsel.csv"]
    assert any("semua barisnya berada di dalam cakupan Anda" in c.value for c in at.caption)
    assert len(_table(upload_page("analis"), "Nomor impor")) == 2  # the whole province sees both


def test_warnings_block_until_the_analyst_skips_the_warned_rows(page_db):
    csv = ("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;TANGGAL LAHIR\n"
           "199101012020121001;Ani;Sekretariat;Dinas Kesehatan;Provinsi Lampung;01/01/1991\n"
           "199202022020122002;Budi;Sekretariat;Dinas Kesehatan;Provinsi Lampung;03/03/1992\n").encode()
    at = upload_page()
    before = _count(page_db, "employee")
    _upload(at, "pegawai.csv", csv)
    assert any("1 peringatan" in w.value for w in at.warning)
    warned = _problems(at)
    assert warned["Baris"].tolist() == ["3"] and warned["Kolom"].tolist() == ["TANGGAL LAHIR"]
    assert "unggah_simpan" not in _buttons(at)
    at.checkbox[0].check().run()
    assert at.checkbox[0].label == "Lewati baris dengan peringatan"
    assert "unggah_simpan" in _buttons(at)
    at.button(key="unggah_simpan").click().run()
    assert any("1 baris berperingatan dilewati" in s.value for s in at.success)
    assert _count(page_db, "employee") == before + 1


def test_changed_rows_are_reported_on_the_page_and_counted(page_db):
    upload.commit_upload(page_db, "analis", VALID, "penilaian.csv", upload.UploadRequest(kind="penilaian"))
    changed = VALID.replace(b"Di Atas Ekspektasi;Di Atas Ekspektasi;Sangat Baik",
                            b"Sesuai Ekspektasi;Sesuai Ekspektasi;Baik")
    at = upload_page()
    _upload(at, "penilaian-2.csv", changed)
    warned = _problems(at)
    assert warned["Baris"].tolist() == ["3"]
    assert warned["Kunci baris"].tolist() == [f"NIP {NIPS[1]}, TAHUN 2026, PERIODE TW3"]
    assert ("RATING HASIL KERJA (berkas 'Sesuai Ekspektasi', tersimpan 'Di Atas Ekspektasi')"
            in warned["Masalah"].iloc[0])
    at.button(key="unggah_simpan").click().run()  # the changed row does not block: it is skipped
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Baris baru"], metrics["Dilewati (sudah ada/ganda)"], metrics["Dilewati (isi berbeda)"]) == (
        "0", "1", "1")


def test_the_size_limit_is_a_setting_checked_before_reading(page_db):
    with page_db.begin() as conn:
        save_setting(conn, "max_upload_mb", 1, "admin")
    big = VALID + b"x" * (1024 * 1024)
    check = upload.validate_upload(page_db, "analis", big, "besar.csv", upload.UploadRequest(kind="penilaian"))
    assert [(p.severity, p.file, p.message.split(".")[0]) for p in check.problems] == [
        (ERROR, "besar.csv", "berkas berukuran 1")]
    assert "melebihi batas unggahan 1 MB" in check.problems[0].message
    assert check.result is None and not check.can_commit
    at = upload_page()
    assert at.file_uploader(key="unggah_berkas").proto.max_upload_size_mb == 1
    # The widget's own text is English ("Upload", "200MB per file"): the page says the real limit in
    # Indonesian next to it.
    assert any("paling besar **1 MB** per berkas" in c.value for c in at.caption)


def test_the_default_limit_is_said_in_indonesian_next_to_the_uploader(page_db):
    at = upload_page()
    note = next(c.value for c in at.caption if c.value.startswith("Diterima:"))
    assert "CSV atau XLSX" in note and "paling besar **200 MB** per berkas" in note and "**Upload**" in note


def test_the_page_says_impor_not_batch(page_db):
    """Users say "impor": the tab, the history, the rollback choice and every message after a commit and
    a rollback."""
    at = upload_page("admin")
    _upload(at, "penilaian.csv", VALID)
    at.button(key="unggah_simpan").click().run()
    at.selectbox(key="batal_batch").select(int(_table(at, "Nomor impor").iloc[0]["Nomor impor"])).run()
    at.button(key="batal_minta").click().run()
    words = [t.label for t in at.tabs] + [b.label for b in at.button] + [s.label for s in at.selectbox]
    words += list(at.selectbox(key="batal_batch").options) + [str(c) for d in at.dataframe for c in d.value.columns]
    words += [e.value for kind in ("success", "info", "warning", "caption", "markdown") for e in getattr(at, kind)]
    assert "Riwayat impor" in [t.label for t in at.tabs]
    at.button(key="batal_ya").click().run()
    words += [e.value for e in [*at.success, *at.error]]
    assert any(shown(w).startswith("Impor nomor ") for w in words)
    assert not [w for w in words if "batch" in w.lower()]


def test_no_function_of_the_upload_page_is_over_80_lines():
    tree = ast.parse((ROOT / PAGE).read_text())
    long = {f.name: f.end_lineno - f.lineno + 1 for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef) and f.end_lineno - f.lineno + 1 > 80}
    assert not long


def test_the_server_upload_limit_matches_the_setting():
    import tomllib

    from vocab.settings import SETTINGS

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == SETTINGS["max_upload_mb"].default == 200


def test_templates_download_per_kind_with_their_data_dictionary(page_db):
    from data_access.importing.templates import data_dictionary

    at = upload_page()
    at.selectbox(key="templat_jenis").select("skm").run()
    assert not at.exception
    shown = _table(at, "Kolom")
    assert shown["Kolom"].tolist() == data_dictionary("skm")["Kolom"].tolist()
    assert shown.set_index("Kolom").loc["U1", "Wajib"] == "ya"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Unduh templat Survei Kepuasan Masyarakat (SKM) (XLSX)" in labels


def test_the_dry_run_is_redone_when_the_primary_changes_though_the_read_url_lags(page_db, sqlite_url, tmp_path,
                                                                                monkeypatch):
    """The check runs on DATABASE_URL, so it is kept per version of DATABASE_URL's data: with a read URL
    (a replica, here a copy that never catches up) the page's data version is the replica's, and a check
    made before another import of the same rows was shown again unchanged ("Tidak ada galat")."""
    import shutil

    replica = tmp_path / "replica.sqlite"
    shutil.copyfile(sqlite_url.removeprefix("sqlite:///"), replica)
    monkeypatch.setenv("DATABASE_READ_URL", f"sqlite:///{replica}")
    at = _upload(upload_page(), "penilaian.csv", VALID)
    assert any("Tidak ada galat" in s.value and "2 baris baru" in s.value for s in at.success)
    import_file(page_db, "penilaian-lain.csv", "penilaian", data=VALID)  # elsewhere, on the primary
    at.run()
    assert not at.exception
    assert not any("2 baris baru" in s.value for s in at.success)
