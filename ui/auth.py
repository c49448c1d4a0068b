"""Sign-in for every page: local accounts, a session cookie that survives a reload or a new tab, and
sign-out that ends the user's sessions everywhere. The checks live in data_access.users."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from data_access import users
from data_access.users import (
    ROLES,
    SESSION_LIFETIME,
    create_session,
    resolve_session,
    sign_in,
    sign_out_everywhere,
    user_for_email,
)
from ui import fmt

COOKIE = "dasbor_sesi"
_STATE = "auth_token"
_COOKIE_SENT = "auth_cookie_sent"
_SSO_REFUSED = "auth_sso_refused"

# What st.login needs in the [auth] block of .streamlit/secrets.toml (Streamlit 1.67): the block's
# own redirect_uri and cookie_secret, and a provider's client_id, client_secret and
# server_metadata_url, either in the block itself or in one sub-table [auth.<provider>].
SSO_COMMON_KEYS = ("redirect_uri", "cookie_secret")
SSO_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class SsoConfig:
    provider: str | None  # None: the provider keys sit in [auth] itself (st.login() without a name)
    missing: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return not self.missing


def sso_config(section: Mapping | None) -> SsoConfig | None:
    """Read the [auth] block of the secrets: None without one (no SSO button); otherwise which
    provider st.login should use and which required keys are missing (then SSO stays off)."""
    if not section:
        return None
    missing = [k for k in SSO_COMMON_KEYS if not section.get(k)]
    named = [k for k, v in section.items() if isinstance(v, Mapping)]
    if any(section.get(k) for k in SSO_PROVIDER_KEYS) or not named:
        provider, keys = None, section
        prefix = ""
    else:
        provider = sorted(named)[0]  # the first named provider (one is the expected set-up)
        keys, prefix = section[provider], f"{provider}."
    missing += [prefix + k for k in SSO_PROVIDER_KEYS if not keys.get(k)]
    return SsoConfig(provider, tuple(missing))


def _secrets_auth() -> Mapping | None:
    try:
        return st.secrets.get("auth")
    except FileNotFoundError:  # no secrets.toml at all (StreamlitSecretNotFoundError)
        return None


def sso_enabled() -> SsoConfig | None:
    config = sso_config(_secrets_auth())
    return config if config is not None and config.usable else None


def _sso_email() -> str | None:
    """The e-mail the identity provider signed in, when st.login has been used in this browser."""
    if not st.user.get("is_logged_in", False):
        return None
    return st.user.get("email")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def is_https(url: str | None, headers: Mapping | None) -> bool:
    """Whether the browser reached the app over HTTPS: the page's own URL (st.context.url, reported by
    the browser) or, behind a TLS-terminating reverse proxy, its X-Forwarded-Proto / Forwarded header."""
    if (url or "").lower().startswith("https://"):
        return True
    headers = headers or {}
    forwarded_proto = (headers.get("X-Forwarded-Proto") or "").split(",")[0].strip().lower()
    forwarded = (headers.get("Forwarded") or "").split(",")[0].lower().replace(" ", "")
    return forwarded_proto == "https" or "proto=https" in forwarded.split(";")


def cookie_script(token: str, max_age: int, secure: bool) -> str:
    """The script that sets (max_age 0: deletes) the session cookie. `Secure` when the request is known
    to be HTTPS; the script adds it as well whenever the page itself was loaded over https:, so the
    browser never sends the token over plain HTTP to a site it reached over TLS."""
    attributes = f"path=/; max-age={max_age}; SameSite=Strict" + ("; Secure" if secure else "")
    return (f"<script>document.cookie = '{COOKIE}={token}; {attributes}'"
            + ("" if secure else " + (window.location.protocol === 'https:' ? '; Secure' : '')")
            + ";</script>")


def _set_cookie(token: str, max_age: int) -> None:
    # Python can only read cookies; the browser sets this one (JavaScript, same origin).
    secure = is_https(st.context.url, st.context.headers)
    st.html(cookie_script(token, max_age, secure), unsafe_allow_javascript=True)


def _load_user(engine, user_id: int) -> User:
    with engine.connect() as conn:
        return User(*users.identity(conn, user_id))


def current_user(engine) -> User | None:
    """The signed-in user of this browser: this session's token, else the cookie's; checked against
    the database on every run, so a sign-out elsewhere or a disabled account takes effect at once."""
    for token in (st.session_state.get(_STATE), st.context.cookies.get(COOKIE)):
        if not isinstance(token, str) or not token:
            continue
        with engine.begin() as conn:
            user_id = resolve_session(conn, token)
        if user_id is not None:
            st.session_state[_STATE] = token
            # st.context.cookies is read once per browser session, so remember that it was sent.
            if st.context.cookies.get(COOKIE) != token and st.session_state.get(_COOKIE_SENT) != token:
                _set_cookie(token, int(SESSION_LIFETIME.total_seconds()))  # a reload or new tab finds it
                st.session_state[_COOKIE_SENT] = token
            return _load_user(engine, user_id)
    st.session_state.pop(_STATE, None)
    return _sso_user(engine)


def _sso_user(engine) -> User | None:
    """Single sign-on: map the identity provider's e-mail to an active user and open a session as a
    password sign-in does. An unknown e-mail gets a refusal and nothing else (the script stops)."""
    if sso_enabled() is None:
        return None
    email = _sso_email()
    if email is None and not st.user.get("is_logged_in", False):
        return None
    if st.session_state.get(_SSO_REFUSED) != email:
        with engine.begin() as conn:
            user_id = user_for_email(conn, email)
            token = create_session(conn, user_id) if user_id is not None else None
        if token:
            st.session_state[_STATE] = token
            return current_user(engine)
        st.session_state[_SSO_REFUSED] = email  # audited once per browser session, not per click
    st.title("Dasbor Kinerja ASN Lampung")
    st.error(f"Akun SSO {fmt.literal(email) if email else '(tanpa email)'} tidak terdaftar di dasbor ini atau sudah dinonaktifkan. "
             "Minta administrator mendaftarkan email Anda pada halaman Pengguna.", icon=":material/block:")
    if st.button("Keluar dari SSO", key="sso_logout"):
        st.session_state.pop(_SSO_REFUSED, None)
        st.logout()
    st.stop()


def sign_in_form(engine, demo_accounts: list[tuple[str, str]] | None) -> None:
    """The sign-in page (nothing else is drawn for someone not signed in); stops the script."""
    st.title("Dasbor Kinerja ASN Lampung")
    st.subheader("Masuk")
    with st.form("masuk", border=True):
        username = st.text_input("Nama pengguna", key="login_user")
        password = st.text_input("Kata sandi", type="password", key="login_password")
        submitted = st.form_submit_button("Masuk", type="primary")
    if submitted:
        with engine.begin() as conn:  # commits a refusal too: failures count towards the lockout
            outcome = sign_in(conn, username.strip(), password)
            token = create_session(conn, outcome.user_id) if outcome.user_id is not None else None
        if token:
            st.session_state[_STATE] = token  # the next run sets the cookie and draws the page
            st.rerun()
        st.error(outcome.message)
    sso = sso_enabled()
    if sso is not None:
        st.caption("atau")
        if st.button("Masuk dengan SSO", key="login_sso", icon=":material/key:"):
            st.login(sso.provider)
    if demo_accounts:
        st.info("Mode demo: data sintetis. Akun demo (kata sandi semuanya **demo-lampung-2026**):\n\n"
                + "\n".join(f"- `{u}`: {label}" for u, label in demo_accounts), icon=":material/info:")
    st.stop()


def sign_out_button(engine, user: User) -> None:
    if st.button("Keluar", key="logout", icon=":material/logout:"):
        with engine.begin() as conn:
            sign_out_everywhere(conn, user.id, user.username)
        st.session_state.pop(_STATE, None)
        st.session_state.pop(_COOKIE_SENT, None)
        _set_cookie("", 0)
        if st.user.get("is_logged_in", False):
            st.logout()  # also the identity provider's sign-in of this browser, or SSO signs in again
        st.success("Anda sudah keluar dari semua perangkat.")
        st.stop()
