"""Roles in the app (AppTest): each role's sidebar, the refusal of a page the role may not open, and
the admin page's actions, each checked by what the affected user can then do."""
import pytest
from sqlalchemy import select, text
from streamlit.testing.v1 import AppTest

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.models import AppUser
from data_access.users import Grant, add_user
from tests.conftest import FIXTURES, ROOT
from tests.pages import shown
from ui.frame import PAGES, REFUSED

APP = str(ROOT / "app.py")
PASSWORD = "sandi-uji-panjang"
NEW_PASSWORD = "sandi-baru-yang-panjang"
ROLE_USERS = {"pimpinan": "gubernur", "kepala_opd": "kadinkes", "analis": "analis.bkd", "admin": "admin.bkd"}


@pytest.fixture
def app_db(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    engine = get_engine(sqlite_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    province = Grant(region="Provinsi Lampung")
    with engine.begin() as conn:
        add_user(conn, "gubernur", "Gubernur", "pimpinan", PASSWORD, [province])
        add_user(conn, "kadinkes", "Kepala Dinkes", "kepala_opd", PASSWORD,
                 [Grant(agency="Dinas Kesehatan", region="Provinsi Lampung")])
        add_user(conn, "analis.bkd", "Analis BKD", "analis", PASSWORD, [province])
        add_user(conn, "admin.bkd", "Admin BKD", "admin", PASSWORD, [])  # an admin needs no data scope
    return sqlite_url


def signed_in(username: str, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def is_sign_in_form(at: AppTest) -> bool:
    return [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]


def headcount(at: AppTest) -> str | None:
    return next((m.value for m in at.metric if m.label == "ASN aktif"), None)


SIGNAL_PAGES = ["Ringkasan", "Kinerja Pegawai", "Pengembangan Kompetensi", "Pelayanan Publik", "Adopsi Perubahan",
                "Rencana Pendampingan"]
ROLE_OF = {user: role for role, user in ROLE_USERS.items()}


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_the_sidebar_shows_exactly_the_roles_pages(app_db, role):
    at = signed_in(ROLE_USERS[role])
    assert not at.exception
    expected = SIGNAL_PAGES + (["Unggah Data"] if role in ("analis", "admin") else []) + [
        "Tentang Data", "Kelengkapan Data", "Pengaturan", "Data Pribadi"] + (["Pengguna", "Perubahan Organisasi", "Log Audit"] if role == "admin" else [])
    assert [p.value for p in at.sidebar.page_link] == expected  # the navigation (the body may link a page too)
    assert [p.label for p in PAGES if role in p.roles] == expected


@pytest.mark.parametrize("role", ["pimpinan", "kepala_opd", "analis"])
def test_the_admin_page_refuses_other_roles_before_reading_anything(app_db, role, monkeypatch):
    at = signed_in(ROLE_USERS[role])

    def no_reads(*args, **kwargs):
        raise AssertionError("a refused page read data")

    # Nothing after the refusal may run: neither the scope, nor the data version, nor the user list.
    monkeypatch.setattr("ui.frame.scope_for_user", no_reads)
    monkeypatch.setattr("ui.data.data_version", no_reads)
    monkeypatch.setattr("data_access.users.list_users", no_reads)
    at.switch_page("pages/pengguna.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == [REFUSED]
    assert not at.dataframe and not at.metric and not at.multiselect
    shown = " ".join(m.value for m in at.markdown)
    assert "admin.bkd" not in shown and "kadinkes" not in shown
    # Still the role's own links.
    assert [p.value for p in at.sidebar.page_link] == [p.label for p in PAGES if ROLE_OF[ROLE_USERS[role]] in p.roles]


def test_an_unlisted_page_is_refused_to_everyone(app_db):
    from ui.frame import page_roles

    assert page_roles("Halaman Baru") == frozenset()


def test_admin_sees_every_user_with_role_scope_and_last_sign_in(app_db):
    at = signed_in("admin.bkd")
    at.switch_page("pages/pengguna.py").run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("Nama pengguna")
    assert list(table.index) == sorted(ROLE_USERS.values())
    assert table.loc["kadinkes", "Peran"] == "Kepala OPD"
    assert table.loc["kadinkes", "Cakupan"] == "Dinas Kesehatan — Provinsi Lampung"
    assert table.loc["admin.bkd", "Cakupan"].startswith("(tidak ada")
    assert table.loc["admin.bkd", "Masuk terakhir"] != "–"  # just signed in
    assert table.loc["gubernur", "Masuk terakhir"] == "–"  # never signed in
    assert table.loc["gubernur", "Aktif"] == "Ya"


def _add_user_form(at: AppTest, username: str, role: str, password: str, again: str | None = None,
                   agencies=(), regions=()) -> AppTest:
    at.text_input(key="baru_username").input(username)
    at.text_input(key="baru_nama").input(username.title())
    at.selectbox(key="baru_peran").select(role)
    at.text_input(key="baru_sandi").input(password)
    at.text_input(key="baru_sandi_ulang").input(password if again is None else again)
    for agency in agencies:
        at.multiselect(key="baru_agency").select(agency)
    for region in regions:
        at.multiselect(key="baru_region").select(region)
    return button(at, "Tambah pengguna").click().run()


def _admin_page() -> AppTest:
    at = signed_in("admin.bkd")
    return at.switch_page("pages/pengguna.py").run()


def test_admin_adds_a_user_who_can_then_sign_in_and_sees_the_granted_agency(app_db):
    at = _add_user_form(_admin_page(), "kadinkes.lamsel", "kepala_opd", PASSWORD,
                        agencies=["Dinas Kesehatan — Kabupaten Lampung Selatan"])
    assert not at.exception and not at.error
    assert any("kadinkes.lamsel" in shown(s.value) and "1 cakupan" in shown(s.value) for s in at.success)
    assert "kadinkes.lamsel" in list(at.dataframe[0].value["Nama pengguna"])
    user = signed_in("kadinkes.lamsel")
    assert headcount(user) == "1"  # Andi Saputra, the only one in Dinkes Lampung Selatan
    # One agency in scope: Ringkasan shows its units (Andi's Puskesmas).
    assert set(user.dataframe[0].value["Unit kerja"]) == {"UPTD Puskesmas Kalianda"}
    with get_engine(app_db).connect() as conn:
        audit = conn.execute(text("select user_name, detail from audit_log where action = 'user_add' "
                                  "order by id desc")).first()
    assert audit.user_name == "admin.bkd" and "kadinkes.lamsel" in audit.detail


def test_password_rules_are_explained_and_nothing_is_created(app_db):
    at = _add_user_form(_admin_page(), "pendek", "analis", "pendek")
    assert any("minimal 10 karakter" in e.value for e in at.error)
    at = _add_user_form(at, "beda", "analis", PASSWORD, again=PASSWORD + "x")
    assert any("tidak sama" in e.value for e in at.error)
    at = _add_user_form(at, "budi", "analis", "budi-punya-sandi")
    assert any("memuat nama pengguna" in e.value for e in at.error)
    with get_engine(app_db).connect() as conn:
        names = set(conn.execute(select(AppUser.username)).scalars())
    assert not names & {"pendek", "beda", "budi"}


def test_disable_then_enable(app_db):
    at = _admin_page()
    at.selectbox(key="pilih_pengguna").select("gubernur").run()
    at = at.button(key="nonaktif_gubernur").click().run()
    assert any("dinonaktifkan" in s.value for s in at.success)
    assert at.dataframe[0].value.set_index("Nama pengguna").loc["gubernur", "Aktif"] == "Tidak"
    refused = signed_in("gubernur")
    assert is_sign_in_form(refused) and headcount(refused) is None
    at = at.button(key="aktif_gubernur").click().run()
    assert any("diaktifkan kembali" in s.value for s in at.success)
    assert headcount(signed_in("gubernur")) == "5"


def test_an_admin_cannot_disable_themselves(app_db):
    at = _admin_page()
    at.selectbox(key="pilih_pengguna").select("admin.bkd").run()
    assert at.button(key="nonaktif_admin.bkd").disabled


def test_disabling_cuts_off_an_open_session(app_db):
    user = signed_in("gubernur")
    assert headcount(user) == "5"
    at = _admin_page()
    at.selectbox(key="pilih_pengguna").select("gubernur").run()
    at.button(key="nonaktif_gubernur").click().run()
    user.run()
    assert is_sign_in_form(user) and headcount(user) is None


def test_reset_password(app_db):
    at = _admin_page()
    at.selectbox(key="pilih_pengguna").select("analis.bkd").run()
    at.text_input(key="sandi_baru_analis.bkd").input(NEW_PASSWORD)
    at.text_input(key="sandi_ulang_analis.bkd").input(NEW_PASSWORD)
    at = button(at, "Atur ulang kata sandi").click().run()
    assert any("Kata sandi analis.bkd diganti" in shown(s.value) for s in at.success)
    assert is_sign_in_form(signed_in("analis.bkd", PASSWORD))
    assert headcount(signed_in("analis.bkd", NEW_PASSWORD)) == "5"


def test_changing_grants_changes_what_the_user_sees(app_db):
    assert headcount(signed_in("kadinkes")) == "3"  # Dinas Kesehatan of the province
    at = _admin_page()
    at.selectbox(key="pilih_pengguna").select("kadinkes").run()
    assert at.multiselect(key="cakupan_kadinkes_agency").value == ["Dinas Kesehatan — Provinsi Lampung"]
    at.multiselect(key="cakupan_kadinkes_agency").unselect("Dinas Kesehatan — Provinsi Lampung")
    at.multiselect(key="cakupan_kadinkes_unit").select(
        "UPTD Puskesmas Kalianda — Dinas Kesehatan — Kabupaten Lampung Selatan")
    at = button(at, "Simpan cakupan").click().run()
    assert not at.error and any("Cakupan kadinkes disimpan" in shown(s.value) for s in at.success)
    assert (at.dataframe[0].value.set_index("Nama pengguna").loc["kadinkes", "Cakupan"]
            == "UPTD Puskesmas Kalianda — Dinas Kesehatan — Kabupaten Lampung Selatan")
    user = signed_in("kadinkes")
    assert headcount(user) == "1"
    assert set(user.dataframe[0].value["Unit kerja"]) == {"UPTD Puskesmas Kalianda"}  # in Lampung Selatan
    # No grants at all: the user sees nothing.
    at.multiselect(key="cakupan_kadinkes_unit").unselect(
        "UPTD Puskesmas Kalianda — Dinas Kesehatan — Kabupaten Lampung Selatan")
    button(at, "Simpan cakupan").click().run()
    user = signed_in("kadinkes")
    assert headcount(user) is None and any("belum diberi cakupan" in w.value for w in user.warning)


def test_sign_out_everywhere_for_a_user(app_db):
    first, second = signed_in("gubernur"), signed_in("gubernur")  # two devices
    at = _admin_page()
    at.selectbox(key="pilih_pengguna").select("gubernur").run()
    at = at.button(key="keluarkan_gubernur").click().run()
    assert any(shown(s.value).startswith("2 sesi gubernur diakhiri") for s in at.success)
    for device in (first, second):
        device.run()
        assert is_sign_in_form(device)
    assert headcount(signed_in("gubernur")) == "5"  # signing in again works


def test_role_change_changes_the_navigation(app_db):
    at = _admin_page()
    at.selectbox(key="pilih_pengguna").select("analis.bkd").run()
    at.selectbox(key="peran_analis.bkd").select("admin")
    at = button(at, "Simpan peran dan email").click().run()
    assert not at.error
    assert [p.value for p in signed_in("analis.bkd").sidebar.page_link] == [
        *SIGNAL_PAGES, "Unggah Data", "Tentang Data", "Kelengkapan Data", "Pengaturan", "Data Pribadi", "Pengguna",
        "Perubahan Organisasi", "Log Audit"]


def test_privacy_setting_is_saved_and_audited(app_db):
    at = _admin_page()
    assert at.toggle(key="privasi_nama").value is False
    at.toggle(key="privasi_nama").set_value(True)
    at = button(at, "Simpan pengaturan privasi").click().run()
    assert at.toggle(key="privasi_nama").value is True
    with get_engine(app_db).connect() as conn:
        row = conn.execute(text("select user_name from audit_log where action = 'setting'")).one()
    assert row.user_name == "admin.bkd"


def _save_role(at: AppTest, who: str, role: str = "analis") -> AppTest:
    at.selectbox(key=f"peran_{who}").select(role)
    return button(at, "Simpan peran dan email").click().run()


def _save_grants(at: AppTest, who: str) -> AppTest:
    at.multiselect(key=f"cakupan_{who}_region").unselect("Provinsi Lampung")
    at.multiselect(key=f"cakupan_{who}_region").select("Kabupaten Lampung Selatan")
    return button(at, "Simpan cakupan").click().run()


def _reset(at: AppTest, who: str) -> AppTest:
    at.text_input(key=f"sandi_baru_{who}").input(NEW_PASSWORD)
    at.text_input(key=f"sandi_ulang_{who}").input(NEW_PASSWORD)
    return button(at, "Atur ulang kata sandi").click().run()


def _disable_enable(at: AppTest, who: str) -> AppTest:
    at = at.button(key=f"nonaktif_{who}").click().run()
    return at.button(key=f"aktif_{who}").click().run()


@pytest.mark.parametrize("change", [_reset, _save_role, _save_grants, _disable_enable],
                         ids=["reset_password", "role", "grants", "disable_then_enable"])
def test_an_admin_change_signs_out_the_users_open_tab(app_db, change):
    """The tab stays open while an administrator changes the account; at its next click it shows the
    sign-in form (a disable followed by an enable does not bring the old session back)."""
    tab = signed_in("gubernur")
    assert headcount(tab) == "5"
    at = _admin_page()
    at.selectbox(key="pilih_pengguna").select("gubernur").run()
    at = change(at, "gubernur")
    assert not at.error and not at.exception
    tab.run()
    assert is_sign_in_form(tab) and headcount(tab) is None
