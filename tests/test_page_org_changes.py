"""The Perubahan Organisasi page (AppTest): admin only; a merge made there is visible in the history
and in the figures every page reads."""
import pytest
from streamlit.testing.v1 import AppTest

from data_access import reads
from data_access.db import get_engine
from data_access.scope import Scope
from data_access.users import Grant, add_user
from tests import orgdata as od
from tests.conftest import ROOT
from tests.pages import shown as as_read
from ui.frame import REFUSED

PAGE = "pages/perubahan_organisasi.py"
PASSWORD = "sandi-uji-panjang"


@pytest.fixture
def app_db(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    engine = get_engine(sqlite_url)
    od.load(engine, "pegawai", od.staff_rows(od.first_placement()), "pegawai-1.csv")
    od.appraisals(engine, "TW1", od.NIPS)
    with engine.begin() as conn:
        add_user(conn, "admin.bkd", "Admin BKD", "admin", PASSWORD, [])
        add_user(conn, "analis.bkd", "Analis BKD", "analis", PASSWORD, [Grant(region=od.PROV)])
    return engine


def signed_in(username: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(PASSWORD)
    at = at.button[0].click().run()
    return at.switch_page(PAGE).run()


def test_other_roles_are_refused(app_db):
    at = signed_in("analis.bkd")
    assert [e.value for e in at.error] == [REFUSED] and not at.selectbox


def test_admin_merges_two_agencies_and_sees_it_in_the_history(app_db):
    at = signed_in("admin.bkd")
    assert not at.exception
    assert "Belum ada perubahan organisasi." in [i.value for i in at.info]
    labels = {od.SOSIAL: f"{od.SOSIAL} ({od.PROV})", od.HUB: f"{od.HUB} ({od.PROV})"}
    gone, into = at.selectbox(key="gabung_dari"), at.selectbox(key="gabung_ke")
    gone.select_index(gone.options.index(labels[od.SOSIAL]))
    into.select_index(into.options.index(labels[od.HUB]))
    submit = next(b for b in at.button if b.label == "Gabungkan")
    at = submit.click().run()
    assert [e.value for e in at.error] == ["Centang pernyataan di atas untuk menggabungkan."]
    assert reads.agencies(app_db, Scope.full("cli"))["agency"].tolist() == [od.HUB, od.SOSIAL]
    at.checkbox(key="gabung_yakin").check()
    at = next(b for b in at.button if b.label == "Gabungkan").click().run()
    assert not at.exception and not at.error
    assert "digabung ke 'Dinas Perhubungan'" in as_read(at.success[0].value)
    assert reads.agencies(app_db, Scope.full("cli"))["agency"].tolist() == [od.HUB]
    shown = at.dataframe[0].value
    assert shown["Perubahan"].tolist() == ["Penggabungan OPD"]
    assert shown[["Nama lama", "Nama baru / penerus"]].values.tolist() == [[od.SOSIAL, od.HUB]]


def test_admin_renames_a_unit_and_a_refusal_is_explained(app_db):
    at = signed_in("admin.bkd")
    at.text_input(key="ganti_opd_nama").input("Dinas Perhubungan")  # the first OPD listed is Perhubungan itself
    at = next(b for b in at.button if b.label == "Simpan nama OPD").click().run()
    assert as_read(at.error[0].value) == "Nama baru sama dengan nama sekarang ('Dinas Perhubungan'). Tidak ada yang berubah."
    at.text_input(key="ganti_opd_nama").input(od.SOSIAL)
    at = next(b for b in at.button if b.label == "Simpan nama OPD").click().run()
    assert as_read(at.error[0].value) == f"Nama '{od.SOSIAL}' sudah dipakai {od.SOSIAL} ({od.PROV}). Tidak ada yang berubah."
    box = at.selectbox(key="ganti_unit")
    box.select_index(box.options.index(f"Bidang Angkutan — {od.HUB} ({od.PROV})"))
    at.text_input(key="ganti_unit_nama").input("Bidang Angkutan Jalan")
    at = next(b for b in at.button if b.label == "Simpan nama unit kerja").click().run()
    assert not at.error and "Bidang Angkutan Jalan" in as_read(at.success[0].value)
    assert od.unit_id(app_db, "Bidang Angkutan Jalan")


def test_an_organisation_change_is_a_new_data_version_for_every_cached_view(app_db):
    from data_access import org_changes
    from ui.data import data_version

    before = data_version(app_db)
    with app_db.begin() as conn:
        org_changes.move_unit(conn, od.unit_id(app_db, "Bidang Angkutan"), od.agency_id(app_db, od.SOSIAL),
                              od.TODAY, by="admin.bkd")
    assert data_version(app_db) != before
