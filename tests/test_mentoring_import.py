"""Mentoring and socialisation activities (kind `kegiatan_pendampingan`, issue 20 part 2): the template
and data dictionary, each import rule with its fixture and exact Indonesian message and line, an
optional UNIT KERJA (empty = every unit of the agency), the type as a code list with its common
spellings, replace, rollback, and scope (an agency head uploads only for their own agency)."""
from __future__ import annotations

from datetime import date

import pytest

from data_access import reads
from data_access.db import get_engine
from data_access.importing import upload
from data_access.importing.load import import_file
from data_access.importing.templates import data_dictionary
from data_access.models import MentoringActivity
from data_access.scope import Scope
from data_access.users import Grant, add_user
from tests.conftest import FIXTURES
from tests.imports import outside_scope, rejected, replaced_and_rolled_back, rows_of
from vocab import codes

KIND = "kegiatan_pendampingan"
OFFICE = "Dinas Kependudukan dan Pencatatan Sipil"
PENDAFTARAN = "Bidang Pelayanan Pendaftaran Penduduk"


@pytest.fixture
def office(db_url):
    """Kota Metro's Disdukcapil (8, 6 and 4 staff in three units) and its Dinas Kesehatan (2 staff)."""
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "kegiatan_pegawai.csv", "pegawai")
    return engine


def _problems(engine, name: str) -> list[tuple]:
    return rejected(engine, FIXTURES / name, KIND)


def _key(day: str, unit: str, kind: str | None = None) -> str:
    return f"TANGGAL {day}, OPD {OFFICE}, UNIT KERJA {unit}" + (f", JENIS {kind}" if kind else "")


def test_the_data_dictionary_explains_every_column_in_indonesian():
    book = data_dictionary(KIND).set_index("Kolom")
    assert list(book.index) == ["TANGGAL", "OPD", "KABUPATEN/KOTA", "UNIT KERJA", "JENIS", "JUMLAH PESERTA",
                                "FASILITATOR"]
    assert book.loc[["TANGGAL", "OPD", "JENIS", "JUMLAH PESERTA"], "Wajib"].eq("ya").all()
    assert book.at["UNIT KERJA", "Wajib"] == "tidak" and "kosong = semua unit kerja" in book.at["UNIT KERJA", "Keterangan"]
    assert all(t in book.at["JENIS", "Keterangan"] for t in codes.MENTORING_TYPES)


def test_an_activity_file_is_recognised_and_its_spellings_read_as_codes(office):
    result = import_file(office, FIXTURES / "kegiatan_pendampingan.csv")  # kind detected from its headers
    assert (result.kind, result.rows_inserted) == (KIND, 4)
    stored = reads.mentoring_activities(office, Scope.full("uji"), date(2026, 1, 1), date(2026, 12, 31))
    assert stored["activity_type"].tolist() == [codes.MENTORING_CLINIC, codes.MENTORING_SOCIALISATION,
                                                codes.MENTORING_TECHNICAL, codes.MENTORING_COACHING]
    assert stored["participants"].tolist() == [8, 7, 18, 4]
    assert stored["unit_id"].isna().tolist() == [False, False, True, False]  # empty: every unit of the OPD
    assert stored["facilitator"].isna().tolist() == [False, False, False, True]
    again = import_file(office, FIXTURES / "kegiatan_pendampingan.csv")
    assert again.duplicate_file and rows_of(office, MentoringActivity) == 4


def test_each_rule_has_its_exact_message_and_line(office):
    assert _problems(office, "kegiatan_salah.csv") == [
        ("galat", 3, "JENIS", "arisan", _key("13/03/2026", "Sekretariat"),
         "tidak dikenali untuk JENIS. Isian yang diterima: sosialisasi, bimbingan teknis, pendampingan/coaching, "
         "klinik e-Kinerja, lokakarya, lainnya (bimtek dan coaching juga diterima)."),
        ("galat", 5, "JUMLAH PESERTA", "2,5", _key("15/03/2026", "Sekretariat", "sosialisasi"), "bukan bilangan bulat."),
        ("galat", 6, "TANGGAL", None, f"OPD {OFFICE}, UNIT KERJA Sekretariat, JENIS sosialisasi", "wajib diisi."),
        ("galat", 7, "JUMLAH PESERTA", None, _key("16/03/2026", "Sekretariat", "klinik e-Kinerja"), "wajib diisi."),
        ("galat", 4, "JUMLAH PESERTA", "0", _key("14/03/2026", "Sekretariat", "sosialisasi"), "paling kecil 1."),
    ]
    assert rows_of(office, MentoringActivity) == 0  # the good rows are not written either


def test_an_unknown_unit_is_an_error(office):
    assert _problems(office, "kegiatan_unit_salah.csv") == [
        ("galat", 2, "UNIT KERJA", "Bidang Tidak Ada", _key("12/03/2026", "Bidang Tidak Ada", "sosialisasi"),
         "unit kerja tidak dikenal di OPD ini.")]


def test_one_activity_twice_with_other_figures_is_a_conflict_and_an_identical_row_is_skipped(office):
    message = "kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di baris 2)."
    key = _key("12/03/2026", "Sekretariat", "sosialisasi")
    assert _problems(office, "kegiatan_ganda.csv") == [("galat", 2, "TANGGAL", "12/03/2026", key, message),
                                                        ("galat", 3, "TANGGAL", "12/03/2026", key, message)]


ACTIVITIES = (FIXTURES / "kegiatan_pendampingan.csv").read_text(encoding="utf-8").splitlines()


def test_replace_takes_the_files_days_and_agency_and_rolls_back(office):
    import_file(office, FIXTURES / "kegiatan_pendampingan.csv")
    # 12 March again, one activity only: the two stored activities of that day at that agency go.
    assert replaced_and_rolled_back(office, MentoringActivity, KIND, ACTIVITIES[0], ACTIVITIES[1]) == (2, 1, 3, 1, 2, 4)


def test_a_file_with_another_agencys_activity_is_refused_for_a_user_of_one_agency(office):
    """Uploads are for analysts and administrators (may_upload): an agency head may not
    upload at all, and an analyst granted one agency is refused the other agency's lines."""
    with office.begin() as conn:
        add_user(conn, "kadis.dukcapil.metro", "Kadis Dukcapil Metro", "kepala_opd", "sandi-uji-panjang",
                 [Grant(region="Kota Metro", agency=OFFICE)])
        add_user(conn, "analis.dukcapil.metro", "Analis Dukcapil Metro", "analis", "sandi-uji-panjang",
                 [Grant(region="Kota Metro", agency=OFFICE)])
    data = (FIXTURES / "kegiatan_dua_opd.csv").read_bytes()
    with pytest.raises(upload.NotAllowed, match="hanya analis data dan administrator"):
        upload.commit_upload(office, "kadis.dukcapil.metro", data, "kegiatan.csv", upload.UploadRequest(KIND))
    # Line 3 is Dinas Kesehatan's: the whole file is refused, nothing is written.
    assert outside_scope(office, "analis.dukcapil.metro", FIXTURES / "kegiatan_dua_opd.csv", KIND) == {3}
    assert rows_of(office, MentoringActivity) == 0
