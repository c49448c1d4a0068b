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
