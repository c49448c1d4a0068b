"""Replace mode within a scope: an analyst granted one unit replaces only the rows of that unit. The file's
days at its agency are replaced, but never a row the analyst may not see (another unit's activity, one for
every unit of the agency). On SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from data_access.importing import upload
from data_access.models import MentoringActivity
from data_access.users import Grant, add_user
from tests.test_mentoring_import import KIND, OFFICE, PENDAFTARAN, office  # noqa: F401  (fixture)
from data_access.importing.load import import_file
from tests.conftest import FIXTURES


def _stored(engine) -> set[tuple]:
    with engine.connect() as conn:
        return {(d, t) for d, t in conn.execute(select(MentoringActivity.activity_date, MentoringActivity.activity_type))}


def test_an_analyst_of_one_unit_replacing_a_day_keeps_the_other_units_activities(office):
    import_file(office, FIXTURES / "kegiatan_pendampingan.csv")  # 20 July: Sekretariat's coaching
    with office.begin() as conn:
        add_user(conn, "analis.pendaftaran", "Analis Pendaftaran", "analis", "sandi-uji-panjang",
                 [Grant(region="Kota Metro", agency=OFFICE, unit=PENDAFTARAN)])
    data = ("Tanggal Kegiatan;Nama OPD;Kabupaten/Kota;Unit;Jenis Kegiatan;Peserta;Narasumber\n"
            f"20/07/2026;Disdukcapil;Kota Metro;{PENDAFTARAN};Sosialisasi;8;\n").encode()
    upload.commit_upload(office, "analis.pendaftaran", data, "kegiatan-juli.csv", upload.UploadRequest(KIND, mode="replace"))
    stored = _stored(office)
    assert (date(2026, 7, 20), "sosialisasi") in stored
    assert (date(2026, 7, 20), "pendampingan/coaching") in stored  # Sekretariat's: outside the analyst's unit
