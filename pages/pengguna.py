"""Pengguna (administrators only): accounts, roles, scope grants, sessions and the privacy setting.

Every change goes through data_access.users, which checks again that the actor is an administrator
and writes the audit log; this page only collects the input.
"""
import pandas as pd
import streamlit as st
from babel.dates import format_datetime

from data_access import users
from data_access.authz import UserError
from data_access.settings import load_settings, save_setting
from vocab.settings import SETTINGS
from ui import data, fmt, tables
from ui.frame import start

ctx = start("Pengguna", needs_scope=False)
engine = data.engine()
ME = ctx.user.username
_FLASH = "pengguna_pesan"


def apply(action, message) -> None:
    """Run one change in a transaction; an Indonesian refusal is shown, a success (`message`, or
    message(result)) survives the rerun."""
    try:
        with engine.begin() as conn:
            result = action(conn)
    except UserError as exc:
        st.error(fmt.literal(exc), icon=":material/error:")
        return
    st.session_state[_FLASH] = message(result) if callable(message) else message
    st.rerun()


def _value(v):
    """A missing cell (None, NaN, NaT) as None."""
    return None if v is None or pd.isna(v) else v


def grant_pickers(choices: dict[str, list[users.Grant]], chosen: list[users.Grant], key: str) -> list[users.Grant]:
    """Three multiselects (kabupaten/kota, OPD, unit kerja) by name; returns the chosen grants."""
    picked = []
    for kind, label, help_text in (
        ("region", "Daerah (termasuk semua OPD-nya)", "Provinsi Lampung mencakup ke-15 kabupaten/kota."),
        ("agency", "OPD", "Seluruh unit kerja OPD ini."),
        ("unit", "Unit kerja", "Hanya unit kerja ini."),
    ):
        by_label = {users.grant_label(g): g for g in choices[kind]}
        default = [users.grant_label(g) for g in chosen if users.grant_label(g) in by_label]
        names = st.multiselect(label, list(by_label), default=default, key=f"{key}_{kind}", help=help_text,
                               placeholder="Ketik untuk mencari…")
        picked += [by_label[n] for n in names]
    return picked


def short_moment(value) -> str:
    """'28 Nov 2026 13.39' (WIB, as everywhere), or a dash."""
    return "–" if value is None else format_datetime(value, format="d MMM y HH.mm", locale=fmt.LOCALE)


def role_label(role: str) -> str:
    return users.ROLES.get(role, role)


st.title("Pengguna")
st.caption("Akun, peran, cakupan data dan sesi. Setiap perubahan tercatat di log audit atas nama Anda.")
if message := st.session_state.pop(_FLASH, None):
    st.success(fmt.literal(message), icon=":material/check_circle:")

with engine.connect() as conn:
    table = users.list_users(conn, by=ME)
    choices = users.grant_choices(conn)

active = int(table["active"].sum())
c1, c2, c3 = st.columns(3)
c1.metric("Pengguna aktif", fmt.number(active), border=True)
c2.metric("Nonaktif", fmt.number(len(table) - active), border=True)
c3.metric("Administrator", fmt.number(int(((table["role"] == "admin") & table["active"]).sum())), border=True)

st.subheader("Daftar pengguna")
shown = pd.DataFrame({
    "Nama pengguna": table["username"],
    "Nama": table["display_name"],
    "Peran": table["role"].map(role_label),
    "Aktif": table["active"].map({True: "Ya", False: "Tidak"}),
    "Terkunci": table["locked"].map({True: "Ya", False: ""}),
    "Masuk terakhir": [short_moment(_value(t)) for t in table["last_login_at"]],
    "Cakupan": table["grants"],
    "Email (SSO)": [_value(e) or "–" for e in table["email"]],  # last: cut off first on a narrow screen
})
tables.grid(shown, key="pengguna_tabel", column_config={
    "Nama": st.column_config.TextColumn(width="medium"),
    "Aktif": st.column_config.TextColumn(width="small"),
    "Cakupan": st.column_config.TextColumn(width="large"),
})

st.subheader("Kelola pengguna")
if table.empty:
    st.info("Belum ada pengguna.")
else:
    names = dict(zip(table["username"], table["display_name"]))
    who = st.selectbox("Pilih pengguna", list(names), key="pilih_pengguna",
                       format_func=lambda u: f"{u} — {names[u]}")
    row = table.set_index("username").loc[who]
    st.caption(f"{role_label(row['role'])} · {'aktif' if row['active'] else 'nonaktif'} · "
               f"masuk terakhir {fmt.moment(_value(row['last_login_at']))} · "
               f"{fmt.number(row['failed_logins'])} kali gagal masuk sejak masuk terakhir · "
               f"cakupan: {fmt.literal(row['grants'])}")
    current_email = _value(row["email"])
    status, password, scope, profile = st.tabs(["Status dan sesi", "Kata sandi", "Cakupan", "Peran dan email"])
    with status:
        if row["locked"]:
            st.warning(f"Akun {fmt.literal(who)} terkunci setelah {fmt.number(row['failed_logins'])} kali gagal masuk "
                       "berturut-turut.", icon=":material/lock:")
            if st.button("Buka kunci", key=f"buka_kunci_{who}", icon=":material/lock_open:",
                         help="Hitungan gagal masuk mulai lagi dari nol; kata sandi tidak berubah."):
                apply(lambda conn: users.unlock_user(conn, who, by=ME), f"Kunci akun {who} dibuka.")
        left, right = st.columns(2)
        if row["active"]:
            if left.button("Nonaktifkan", key=f"nonaktif_{who}", icon=":material/person_off:", disabled=who == ME,
                           help="Akun sendiri tidak dapat dinonaktifkan." if who == ME else
                           "Pengguna tidak dapat masuk lagi; sesi yang terbuka langsung berhenti."):
                apply(lambda conn: users.disable_user(conn, who, by=ME), f"Pengguna {who} dinonaktifkan.")
        elif left.button("Aktifkan kembali", key=f"aktif_{who}", icon=":material/person_check:"):
            apply(lambda conn: users.enable_user(conn, who, by=ME), f"Pengguna {who} diaktifkan kembali.")
        if right.button("Keluarkan dari semua perangkat", key=f"keluarkan_{who}", icon=":material/logout:",
                        help="Mengakhiri semua sesi pengguna ini; ia harus masuk lagi."):
            apply(lambda conn: users.sign_out_user(conn, who, by=ME),
                  lambda n: f"{n} sesi {who} diakhiri; ia harus masuk lagi di setiap perangkat.")
    with password:
        with st.form(f"sandi_{who}", clear_on_submit=True):
            new = st.text_input("Kata sandi baru", type="password", key=f"sandi_baru_{who}",
                                help=f"Minimal {users.MIN_PASSWORD_LENGTH} karakter, tidak memuat nama pengguna.")
            again = st.text_input("Ulangi kata sandi baru", type="password", key=f"sandi_ulang_{who}")
            if st.form_submit_button("Atur ulang kata sandi", icon=":material/password:"):
                if new != again:
                    st.error("Kata sandi dan ulangannya tidak sama.")
                else:
                    apply(lambda conn: users.reset_password(conn, who, new, by=ME),
                          f"Kata sandi {who} diganti. Sampaikan kepada yang bersangkutan lewat jalur aman.")
    with scope:
        with engine.connect() as conn:
            current = users.user_grants(conn, who)
        with st.form(f"cakupan_{who}"):
            st.caption("Tanpa cakupan, pengguna tidak melihat data apa pun.")
            grants = grant_pickers(choices, current, f"cakupan_{who}")
            if st.form_submit_button("Simpan cakupan", icon=":material/save:"):
                apply(lambda conn: users.set_grants(conn, who, grants, by=ME),
                      f"Cakupan {who} disimpan ({len(grants)} cakupan).")
    with profile:
        with st.form(f"profil_{who}"):
            roles = list(users.ROLES)
            role = st.selectbox("Peran", roles, index=roles.index(row["role"]), format_func=role_label,
                                key=f"peran_{who}")
            email = st.text_input("Email untuk masuk dengan SSO", value=current_email or "", key=f"email_{who}",
                                  help="Kosongkan bila pengguna ini tidak masuk lewat SSO.")
            if st.form_submit_button("Simpan peran dan email", icon=":material/save:"):
                def save_profile(conn):
                    if role != row["role"]:
                        users.set_role(conn, who, role, by=ME)
                    if (email.strip().lower() or None) != current_email:
                        users.set_email(conn, who, email, by=ME)
                apply(save_profile, f"Peran dan email {who} disimpan.")

st.subheader("Tambah pengguna")
with st.form("tambah_pengguna", clear_on_submit=False):
    a, b = st.columns(2)
    username = a.text_input("Nama pengguna", key="baru_username", help="Tanpa spasi, mis. kadis.dinkes")
    display_name = b.text_input("Nama tampilan", key="baru_nama")
    role = a.selectbox("Peran", list(users.ROLES), format_func=role_label, key="baru_peran")
    email = b.text_input("Email (opsional, untuk SSO)", key="baru_email")
    first = a.text_input("Kata sandi awal", type="password", key="baru_sandi",
                         help=f"Minimal {users.MIN_PASSWORD_LENGTH} karakter, tidak memuat nama pengguna. "
                              "Boleh kosong bila pengguna hanya masuk lewat SSO.")
    again = b.text_input("Ulangi kata sandi awal", type="password", key="baru_sandi_ulang")
    grants = grant_pickers(choices, [], "baru")
    if st.form_submit_button("Tambah pengguna", type="primary", icon=":material/person_add:"):
        if first != again:
            st.error("Kata sandi dan ulangannya tidak sama.")
        else:
            apply(lambda conn: users.add_user(conn, username, display_name, role, first or None, grants,
                                              email=email or None, by=ME),
                  f"Pengguna {username.strip()} ({role_label(role)}) dibuat dengan {len(grants)} cakupan.")

st.subheader("Privasi")
with engine.connect() as conn:
    leaders_see_names = bool(load_settings(conn)["leaders_see_names"])
definition = SETTINGS["leaders_see_names"]
with st.form("privasi"):
    wanted = st.toggle(definition.label, value=leaders_see_names, key="privasi_nama", help=definition.help)
    st.caption("Kepala OPD selalu melihat pegawainya sendiri dengan nama dan NIP lengkap; analis dan "
               "administrator melihat nama dengan NIP disamarkan.")
    if st.form_submit_button("Simpan pengaturan privasi", icon=":material/save:"):
        apply(lambda conn: save_setting(conn, "leaders_see_names", bool(wanted), ME), "Pengaturan privasi disimpan.")
