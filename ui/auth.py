"""Sign-in for every page: local accounts, a session cookie that survives a reload or a new tab, and
sign-out that ends the user's sessions everywhere. The checks live in data_access.users."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import select

from data_access.models import AppUser
from data_access.users import (
    ROLES,
    SESSION_LIFETIME,
    authenticate,
    create_session,
    resolve_session,
    sign_out_everywhere,
)

COOKIE = "dasbor_sesi"
_STATE = "auth_token"
_COOKIE_SENT = "auth_cookie_sent"


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def _set_cookie(token: str, max_age: int) -> None:
    # Python can only read cookies; the browser sets this one (JavaScript, same origin).
    st.html(f"<script>document.cookie = '{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Strict';</script>",
            unsafe_allow_javascript=True)


def _load_user(engine, user_id: int) -> User:
    with engine.connect() as conn:
        row = conn.execute(select(AppUser.id, AppUser.username, AppUser.display_name, AppUser.role)
                           .where(AppUser.id == user_id)).one()
    return User(*row)


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
    return None


def sign_in_form(engine, demo_accounts: list[tuple[str, str]] | None) -> None:
    """The sign-in page (nothing else is drawn for someone not signed in); stops the script."""
    st.title("Dasbor Kinerja ASN Lampung")
    st.subheader("Masuk")
    with st.form("masuk", border=True):
        username = st.text_input("Nama pengguna", key="login_user")
        password = st.text_input("Kata sandi", type="password", key="login_password")
        submitted = st.form_submit_button("Masuk", type="primary")
    if submitted:
        with engine.begin() as conn:
            user_id = authenticate(conn, username.strip(), password)
            token = create_session(conn, user_id) if user_id is not None else None
        if token:
            st.session_state[_STATE] = token  # the next run sets the cookie and draws the page
            st.rerun()
        st.error("Nama pengguna atau kata sandi salah, atau akun tidak aktif.")
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
        st.success("Anda sudah keluar dari semua perangkat.")
        st.stop()
