"""Log Audit (administrators only): who did what and when (sign-ins, also failed, sign-outs, imports,
rollbacks, exports, purges, backups, setting and user changes), filtered and downloadable.

The rows come from data_access.audit.read_log, which checks again that the reader is an administrator.
"""
from datetime import timedelta

import streamlit as st

from data_access import audit
from vocab.clock import now_wib
from ui import data, fmt, tables
from data_access.workbook import Column
from ui.frame import start

TITLE = "Log Audit"
OUTCOMES = {"": "Semua", "ok": "Berhasil", "gagal": "Gagal"}

ctx = start(TITLE, needs_scope=False)
engine = data.engine()
ME = ctx.user.username

st.title(TITLE)
st.caption("Setiap masuk (juga yang gagal, dengan nama yang dicoba), keluar, impor, pembatalan impor, unduhan "
           "(apa dan dengan filter apa), penghapusan data lama, cadangan, serta perubahan pengaturan dan "
           "pengguna. Log ini hanya bertambah: tidak ada yang dapat mengubah atau menghapus barisnya.")

today = now_wib().date()
with engine.connect() as conn:
    names = audit.log_users(conn, by=ME)
c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
days = c1.date_input("Rentang tanggal", value=(today - timedelta(days=30), today), max_value=today,
                     format="DD/MM/YYYY", key="audit_tanggal")
who = c2.selectbox("Pengguna", ["", *names], key="audit_pengguna", format_func=lambda u: u or "Semua pengguna")
action = c3.selectbox("Tindakan", ["", *audit.ACTIONS], key="audit_tindakan",
                      format_func=lambda a: audit.ACTIONS.get(a, "Semua tindakan"))
outcome = c4.selectbox("Hasil", list(OUTCOMES), key="audit_hasil", format_func=OUTCOMES.get)
start_day, end_day = (tuple(days) + (None, None))[:2] if isinstance(days, (tuple, list)) else (days, days)
end_day = end_day or start_day  # a range still being picked: its first day only

with engine.connect() as conn:
    log = audit.read_log(conn, ME, start=start_day, end=end_day, user=who or None, action=action or None,
                         ok={"": None, "ok": True, "gagal": False}[outcome])
labels = [("Rentang tanggal", f"{fmt.day(start_day)} – {fmt.day(end_day)}" if start_day else "Semua"),
          ("Pengguna", who or "Semua pengguna"), ("Tindakan", audit.ACTIONS.get(action, "Semua tindakan")),
          ("Hasil", OUTCOMES[outcome])]
tables.set_filters(labels)

failed = int((~log["ok"]).sum()) if not log.empty else 0
m1, m2 = st.columns(2)
m1.metric("Baris log", fmt.number(len(log)), border=True,
          help=f"Baris yang cocok dengan filter (paling banyak {fmt.number(audit.MAX_ROWS)}, terbaru dahulu).")
m2.metric("Gagal atau ditolak", fmt.number(failed), border=True,
          help="Percobaan masuk yang gagal, akun yang terkunci, impor dan pembatalan yang ditolak.")
if log.empty:
    st.info("Tidak ada baris log untuk filter ini.")
else:
    shown = log.assign(waktu=[fmt.moment(t.to_pydatetime()) for t in log["at"]],
                       hasil=log["ok"].map({True: "Berhasil", False: "Gagal"}))
    tables.show("Log audit", shown, {
        "waktu": Column("Waktu", width="medium"),
        "user_name": Column("Pengguna"),
        "action_label": Column("Tindakan", width="medium"),
        "hasil": Column("Hasil", width="small"),
        "detail": Column("Rincian", width="large"),
    }, key="audit_tabel")
