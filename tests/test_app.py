"""AppTest of the landing page: the numbers on screen equal the scoped reads."""
import pytest
from streamlit.testing.v1 import AppTest

from data_access import reads
from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.schema import ensure_schema
from data_access.scope import Scope
from data_access.users import Grant, add_user
from tests.conftest import FIXTURES, ROOT

APP = str(ROOT / "app.py")


PASSWORD = "sandi-uji-panjang"


@pytest.fixture
def app_db(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    engine = get_engine(sqlite_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    with engine.begin() as conn:
        add_user(conn, "gubernur", "Gubernur", "pimpinan", PASSWORD, [Grant(region="Provinsi Lampung")])
        add_user(conn, "bupati", "Bupati", "pimpinan", PASSWORD, [Grant(region="Kabupaten Lampung Selatan")])
        add_user(conn, "tanpa", "Tanpa Cakupan", "analis", PASSWORD, [])
    return sqlite_url


def signed_in(username: str = "gubernur", password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_signed_out_sees_only_the_sign_in(app_db):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]
    assert not at.metric and not at.dataframe


def test_wrong_password_is_refused(app_db):
    at = signed_in(password="salah-sekali-123")
    assert any("salah" in e.value for e in at.error) and not at.metric


def test_landing_page_shows_headcount_per_region_and_agency(app_db):
    at = signed_in()
    assert not at.exception
    expected = reads.headcount(get_engine(app_db), Scope.full("cli"))
    assert _metric(at, "ASN aktif") == str(expected["headcount"].sum()) == "5"
    assert _metric(at, "OPD") == "3"
    table = at.dataframe[0].value  # the scorecard (every agency here is too small to rank)
    assert table["OPD"].tolist() == expected["agency"].tolist()
    assert table["ASN"].tolist() == [3, 1, 1]
    assert set(table["Catatan"]) == {"terlalu kecil untuk dinilai"}
    assert not any("data demo" in i.value for i in at.info)  # a named database is not the demo


def test_region_filter_narrows_the_page(app_db):
    regions = reads.regions(get_engine(app_db), Scope.full("cli"))
    lampsel = int(regions.loc[regions["region"] == "Kabupaten Lampung Selatan", "region_id"].iloc[0])
    at = signed_in()
    at.selectbox(key="f_region").select(lampsel).run()
    assert not at.exception
    assert _metric(at, "ASN aktif") == "2"
    assert set(at.dataframe[0].value["Daerah"]) == {"Kabupaten Lampung Selatan"}


def test_a_regional_leader_sees_only_the_region(app_db):
    at = signed_in("bupati")
    assert not at.exception
    assert _metric(at, "ASN aktif") == "2"
    assert set(at.dataframe[0].value["Daerah"]) == {"Kabupaten Lampung Selatan"}
    # The region filter offers only what the scope holds.
    assert at.selectbox(key="f_region").options == ["Semua daerah", "Kabupaten Lampung Selatan"]


def test_a_user_without_scope_sees_no_data(app_db):
    at = signed_in("tanpa")
    assert not at.exception and not at.metric and not at.dataframe
    assert any("belum diberi cakupan" in w.value for w in at.warning)


def test_signing_out_ends_the_session(app_db):
    at = signed_in()
    at.button(key="logout").click().run()
    assert any("sudah keluar" in s.value for s in at.success)
    at.run()
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]


def test_empty_database_shows_a_sentence_not_an_exception(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    ensure_schema(get_engine(sqlite_url))
    with get_engine(sqlite_url).begin() as conn:
        add_user(conn, "gubernur", "Gubernur", "pimpinan", PASSWORD, [Grant(region="Provinsi Lampung")])
    at = signed_in()
    assert not at.exception
    assert any("Belum ada data pegawai" in w.value for w in at.warning)


def test_tentang_data_lists_every_kind_with_its_freshness(app_db):
    from ui.tables import MISSING
    from vocab.kinds import KINDS

    at = signed_in()
    at.switch_page("pages/tentang_data.py").run()
    assert not at.exception
    table = at.dataframe[1].value
    # every table of the page draws a missing cell as the dash, not the grid's own "None" (ui.tables.grid)
    assert [df.proto.placeholder for df in at.dataframe] == [MISSING] * len(at.dataframe)
    assert table["Jenis data"].tolist() == [k.label for k in KINDS.values()]
    pegawai = table.set_index("Jenis data").loc[KINDS["pegawai"].label]
    assert (pegawai["Jumlah impor"], pegawai["Baris"]) == ("1", "5")
    assert pegawai["Impor terakhir"].endswith("WIB")
    assert table.set_index("Jenis data").loc[KINDS["skm"].label, "Impor terakhir"] == "belum ada"


def test_tentang_data_defines_every_catalogue_metric(app_db):
    from vocab.catalogue import CATALOGUE

    at = signed_in()
    at.switch_page("pages/tentang_data.py").run()
    catalogue = at.dataframe[0].value.set_index("Indikator")
    assert list(catalogue.index) == [m.label for m in CATALOGUE.values()]
    ikm = catalogue.loc[CATALOGUE["ikm"].label]
    assert (ikm["Target"], ikm["Garis waspada"], ikm["Arah yang baik"]) == ("88,31", "76,61", "makin tinggi makin baik")
    assert catalogue.loc[CATALOGUE["share_within_standard"].label, "Target"] == "90,0%"


# --- the session cookie: Secure whenever the app is served over HTTPS ---------------------------
def _cookie_scripts(at: AppTest) -> list[str]:
    return [h.value for h in at.html if "document.cookie" in h.value]


@pytest.mark.parametrize("url, headers, https", [
    ("https://dasbor.lampungprov.go.id/", {}, True),
    ("HTTPS://dasbor.lampungprov.go.id/ringkasan", {}, True),
    ("http://localhost:8501/", {}, False),
    (None, {}, False),
    ("http://10.0.0.5:8501/", {"X-Forwarded-Proto": "https"}, True),  # TLS ends at a reverse proxy
    ("http://10.0.0.5:8501/", {"X-Forwarded-Proto": "https, http"}, True),
    ("http://10.0.0.5:8501/", {"Forwarded": "for=10.0.0.1;proto=https;host=dasbor"}, True),
    ("http://10.0.0.5:8501/", {"X-Forwarded-Proto": "http"}, False),
])
def test_https_is_recognised_from_the_url_or_a_proxy_header(url, headers, https):
    from ui.auth import is_https

    assert is_https(url, headers) is https


def test_the_cookie_script_marks_the_cookie_secure():
    from ui.auth import COOKIE, cookie_script

    secure = cookie_script("tok", 60, secure=True)
    assert f"{COOKIE}=tok; path=/; max-age=60; SameSite=Strict; Secure'" in secure
    plain = cookie_script("tok", 60, secure=False)
    assert "SameSite=Strict'" in plain
    # Not known to be HTTPS on the server: the page adds Secure itself if it was loaded over https:.
    assert "window.location.protocol === 'https:' ? '; Secure' : ''" in plain


@pytest.mark.parametrize("url, secure", [("https://dasbor.lampungprov.go.id/", True),
                                         ("http://localhost:8501/", False)])
def test_signing_in_over_https_sets_a_secure_cookie(app_db, url, secure):
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["url"] = url
    at.run()
    at.text_input(key="login_user").input("gubernur")
    at.text_input(key="login_password").input(PASSWORD)
    at = at.button[0].click().run()
    assert _metric(at, "ASN aktif") == "5"
    (script,) = _cookie_scripts(at)
    assert ("SameSite=Strict; Secure'" in script) is secure
