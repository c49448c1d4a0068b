"""An analyst undoes only batches whose every row lies inside their scope."""
import pytest
from sqlalchemy import func, select

from data_access.db import get_engine
from data_access.importing import upload
from data_access.importing.load import import_file
from data_access.models import Employee, ImportBatch
from data_access.users import Grant, add_user
from tests.conftest import FIXTURES

PASSWORD = "sandi-uji-panjang"


def test_a_regional_analyst_cannot_undo_a_province_wide_batch(db_url):
    engine = get_engine(db_url)
    result = import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")  # province and Lampung Selatan rows
    with engine.begin() as conn:
        add_user(conn, "analis.lamsel", "Analis Lamsel", "analis", PASSWORD, [Grant(region="Kabupaten Lampung Selatan")])
        add_user(conn, "analis.prov", "Analis Provinsi", "analis", PASSWORD, [Grant(region="Provinsi Lampung")])
    with pytest.raises(upload.NotAllowed, match="3 baris di luar cakupan"):
        upload.rollback_upload(engine, "analis.lamsel", result.batch_id)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Employee)).scalar() == 5  # nothing undone
    upload.rollback_upload(engine, "analis.prov", result.batch_id)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Employee)).scalar() == 0
        assert conn.execute(select(ImportBatch.status)).scalar() == "rolled_back"


PENILAIAN_HEAD = "NIP;TAHUN;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA\n"
LAMSEL_NIPS = ("198811202010012003", "199001012023211001")


def _penilaian(period: str, nips) -> bytes:
    return (PENILAIAN_HEAD + "".join(f"{n};2026;{period};Sesuai Ekspektasi;Sesuai Ekspektasi\n" for n in nips)).encode()


def test_the_batch_history_shows_a_limited_analyst_only_batches_inside_their_scope(db_url):
    engine = get_engine(db_url)
    roster = import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai").batch_id  # province + Lamsel
    lamsel = import_file(engine, "lamsel.csv", "penilaian", data=_penilaian("TW I", LAMSEL_NIPS)).batch_id
    province = import_file(engine, "prov.csv", "penilaian",
                           data=_penilaian("TW I", ("198609262015051001",))).batch_id
    with engine.begin() as conn:
        add_user(conn, "analis.lamsel", "Analis Lamsel", "analis", PASSWORD, [Grant(region="Kabupaten Lampung Selatan")])
        add_user(conn, "analis.prov", "Analis Provinsi", "analis", PASSWORD, [Grant(region="Provinsi Lampung")])
        add_user(conn, "admin.dinkes", "Admin Dinkes Lamsel", "admin", PASSWORD,
                 [Grant(agency="Dinas Kesehatan", region="Kabupaten Lampung Selatan")])

    def listed(user):
        return upload.batch_history(engine, user)["id"].tolist()

    assert listed("analis.prov") == [province, lamsel, roster]
    assert listed("analis.lamsel") == [lamsel]  # the roster and the province's appraisals reach beyond it
    assert listed("admin.dinkes") == []  # one of the two Lamsel appraisals is another agency's

    own = upload.commit_upload(engine, "analis.lamsel", _penilaian("TW II", LAMSEL_NIPS[:1]), "sendiri.csv",
                               upload.UploadRequest("penilaian")).batch_id
    assert listed("analis.lamsel") == [own, lamsel]
    upload.rollback_upload(engine, "analis.lamsel", own)
    upload.rollback_upload(engine, "analis.lamsel", lamsel)
    # Without stored rows a batch shows only to its uploader (and to the whole province).
    assert listed("analis.lamsel") == [own]
    assert listed("analis.prov") == [own, province, lamsel, roster]
