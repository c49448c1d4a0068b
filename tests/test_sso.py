"""Single sign-on through st.login: when the [auth] block counts as configured, and how the identity
provider's e-mail becomes (or does not become) a signed-in user. No identity provider runs here: the
tests set what st.user would hold after a provider's sign-in (AppTest's `at.user`)."""
import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.users import Grant, add_user, disable_user
from tests.conftest import FIXTURES, ROOT
from tests.pages import shown
from ui.auth import sso_config

APP = str(ROOT / "app.py")
PROVIDER = {"client_id": "dasbor", "client_secret": "rahasia",
            "server_metadata_url": "https://sso.lampungprov.go.id/.well-known/openid-configuration"}
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "acak-panjang", **PROVIDER}


def test_no_auth_block_means_no_sso():
    assert sso_config(None) is None
    assert sso_config({}) is None


def test_a_complete_block_uses_the_default_provider():
    config = sso_config(AUTH)
    assert config.usable and config.provider is None


def test_a_named_provider_is_used_by_name():
    config = sso_config({"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x", "keycloak": PROVIDER})
    assert config.usable and config.provider == "keycloak"


def test_missing_keys_are_named_and_turn_sso_off():
    config = sso_config({"redirect_uri": AUTH["redirect_uri"], "client_id": "dasbor"})
    assert not config.usable
    assert config.missing == ("cookie_secret", "client_secret", "server_metadata_url")
    named = sso_config({"redirect_uri": "x", "cookie_secret": "y", "google": {"client_id": "a"}})
    assert named.missing == ("google.client_secret", "google.server_metadata_url")


def test_the_example_file_documents_a_complete_block():
    import tomllib

    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    assert sso_config(example["auth"]).usable


@pytest.fixture
def app_db(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    engine = get_engine(sqlite_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    with engine.begin() as conn:
        add_user(conn, "kadis.lamsel", "Kepala Disdukcapil Lamsel", "kepala_opd", None,
                 [Grant(agency="Disdukcapil", region="Kabupaten Lampung Selatan")], email="kadis@lampungselatankab.go.id")
    return sqlite_url


def app(auth=None, user=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if auth is not None:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    return at.run()


def test_the_sign_in_page_offers_sso_only_when_configured(app_db):
    plain = app()
    assert not plain.exception
    assert [b.label for b in plain.button] == ["Masuk"]
    with_sso = app(AUTH)
    assert not with_sso.exception
    assert [b.label for b in with_sso.button] == ["Masuk", "Masuk dengan SSO"]
    incomplete = app({"redirect_uri": AUTH["redirect_uri"]})
    assert [b.label for b in incomplete.button] == ["Masuk"]


def test_a_known_email_signs_in_as_its_user(app_db):
    at = app(AUTH, {"is_logged_in": True, "email": "Kadis@LampungSelatanKab.go.id"})
    assert not at.exception and not at.error
    assert next(m.value for m in at.metric if m.label == "ASN aktif") == "1"
    assert any("Kepala Disdukcapil Lamsel" in c.value for c in at.caption)


def test_an_unknown_email_is_refused_and_sees_no_data(app_db):
    at = app(AUTH, {"is_logged_in": True, "email": "orang.lain@gmail.com"})
    assert not at.exception
    assert any("orang.lain@gmail.com" in shown(e.value) and "tidak terdaftar" in shown(e.value) for e in at.error)
    assert not at.metric and not at.dataframe and not at.page_link and not at.text_input
    assert [b.label for b in at.button] == ["Keluar dari SSO"]


def test_a_disabled_users_email_is_refused(app_db):
    with get_engine(app_db).begin() as conn:
        disable_user(conn, "kadis.lamsel")
    at = app(AUTH, {"is_logged_in": True, "email": "kadis@lampungselatankab.go.id"})
    assert any("tidak terdaftar" in e.value for e in at.error) and not at.metric


def test_an_identity_is_ignored_when_sso_is_not_configured(app_db):
    at = app(None, {"is_logged_in": True, "email": "kadis@lampungselatankab.go.id"})
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"] and not at.metric
