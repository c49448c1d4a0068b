"""Perubahan Organisasi (administrators only): rename an agency or a unit, merge two agencies, move a
unit to another agency, each with its effective date; and the history of changes.

Every change goes through data_access.org_changes, which checks again that the actor is an
administrator, works in one transaction and writes the audit log; this page only collects the input.
"""
from datetime import date

import streamlit as st

from data_access import org_changes, reads
from vocab.clock import now_wib
from data_access.authz import UserError
from data_access.scope import Scope
from ui import data, fmt
from data_access.workbook import Column
from ui.frame import start
from ui.tables import show

ctx = start("Perubahan Organisasi", needs_scope=False)
engine = data.engine()
ME = ctx.user.username
_FLASH = "organisasi_pesan"


def apply(action) -> None:
    """Run one change in a transaction; an Indonesian refusal is shown, the result's message survives
    the rerun, and every page reads the restated data afresh."""
    try:
        with engine.begin() as conn:
            result = action(conn)
    except UserError as exc:
        st.error(f"{fmt.literal(exc)} Tidak ada yang berubah.", icon=":material/error:")
        return
    st.cache_data.clear()
    st.session_state[_FLASH] = result.message
    st.rerun()


def effective(key: str) -> date:
    return st.date_input("Tanggal berlaku", value=now_wib().date(), format="DD/MM/YYYY", key=key)


def rename_form(what: str, choices: dict[str, int], key: str, rename) -> None:
    """One form: pick an agency (or unit), type its new name, its date; `rename` does the change."""
    with st.form(f"ganti_nama_{key}"):
        st.markdown(f"**Ganti nama {what}**")
        chosen = pick(what[0].upper() + what[1:], choices, f"ganti_{key}")
        name = st.text_input("Nama baru", key=f"ganti_{key}_nama")
        when = effective(f"ganti_{key}_tanggal")
        if st.form_submit_button(f"Simpan nama {what}", icon=":material/edit:"):
            apply(lambda conn: rename(conn, chosen, name, when, by=ME))


st.title("Perubahan Organisasi")
st.caption("Ganti nama, penggabungan OPD dan pemindahan unit kerja. Riwayat ikut struktur yang baru: setelah "
           "OPD A digabung ke OPD B, tren B memuat seluruh riwayat A, dan nama lama A tetap dikenali saat "
           "mengunggah. Mutasi pegawai bukan perubahan organisasi: itu tercatat dari unggahan data pegawai. "
           "Setiap perubahan tercatat di log audit atas nama Anda.")
if message := st.session_state.pop(_FLASH, None):
    st.success(fmt.literal(message), icon=":material/check_circle:")

everything = Scope.full(ME)
agencies = reads.agencies(engine, everything)
units = reads.units(engine, everything)
# Choices by their shown label ("Dinas Sosial (Provinsi Lampung)") -> id.
agency_of = {f"{n} ({r})": int(a) for a, n, r in zip(agencies["agency_id"], agencies["agency"], agencies["region"])}
label_of = {a: label for label, a in agency_of.items()}
unit_of = {f"{n} — {label_of.get(int(a), '')}": int(u) for u, n, a in
           zip(units["unit_id"], units["unit"], units["agency_id"])}


def pick(label: str, choices: dict[str, int], key: str) -> int:
    return choices[st.selectbox(label, list(choices), key=key)]


if not agency_of:
    st.info("Belum ada OPD. Unggah data pegawai lebih dahulu.")
else:
    rename, merge, move = st.tabs(["Ganti nama", "Gabungkan OPD", "Pindahkan unit kerja"])
    with rename:
        rename_form("OPD", agency_of, "opd", org_changes.rename_agency)
        if unit_of:
            rename_form("unit kerja", unit_of, "unit", org_changes.rename_unit)
    with merge:
        with st.form("gabung"):
            gone = pick("OPD yang digabung", agency_of, "gabung_dari")
            into = pick("Digabung ke (OPD penerus)", agency_of, "gabung_ke")
            when = effective("gabung_tanggal")
            sure = st.checkbox("Saya paham: unit kerja, pegawai dan seluruh riwayat OPD yang digabung pindah ke "
                               "OPD penerus, dan OPD itu tidak lagi tampil sendiri.", key="gabung_yakin")
            if st.form_submit_button("Gabungkan", type="primary", icon=":material/merge:"):
                if not sure:
                    st.error("Centang pernyataan di atas untuk menggabungkan.")
                else:
                    apply(lambda conn: org_changes.merge_agency(conn, gone, into, when, by=ME))
    with move:
        if not unit_of:
            st.info("Belum ada unit kerja.")
        else:
            with st.form("pindah"):
                unit = pick("Unit kerja", unit_of, "pindah_unit")
                to = pick("Pindah ke OPD", agency_of, "pindah_ke")
                when = effective("pindah_tanggal")
                st.caption("Pegawai unit ini dan seluruh riwayatnya ikut tercatat di OPD tujuan.")
                if st.form_submit_button("Pindahkan", icon=":material/move_down:"):
                    apply(lambda conn: org_changes.move_unit(conn, unit, to, when, by=ME))

st.subheader("Riwayat perubahan")
history = org_changes.history(engine)
if history.empty:
    st.info("Belum ada perubahan organisasi.")
else:
    history["at"] = history["at"].map(fmt.moment)
    show("Riwayat perubahan organisasi", history, {
        "effective_date": Column("Tanggal berlaku", "date"),
        "kind": Column("Perubahan"),
        "region": Column("Daerah"),
        "old_name": Column("Nama lama", width="medium"),
        "new_name": Column("Nama baru / penerus", width="medium"),
        "user_name": Column("Oleh"),
        "at": Column("Dicatat"),
    }, key="riwayat_organisasi")
