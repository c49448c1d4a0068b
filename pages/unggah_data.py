"""Unggah Data: analysts and administrators upload an extract, read the validation report (a dry run of
the import itself), commit it as one import, download templates, and roll imports back."""
import hashlib

import pandas as pd
import streamlit as st

from data_access.importing import templates
from vocab import codes
from data_access.importing import upload
from vocab.kinds import KINDS
from data_access.importing.load import MODES
from data_access.importing.problems import ImportRejected, ReadError, problems_frame
from data_access.importing.rollback import RollbackRefused
from data_access.importing.templates import data_dictionary
from ui import data, export, fmt, tables
from ui.frame import start

ctx = start("Unggah Data")
st.title("Unggah Data")

if not upload.may_upload(ctx.user.role):
    st.error(f"Halaman ini hanya untuk analis data dan administrator. Akun Anda ({ctx.user.role_label}) "
             "tidak dapat mengunggah atau membatalkan data.", icon=":material/block:")
    st.stop()

engine = data.engine()
user = ctx.user.username
MODE_LABELS = {
    "append": "Tambah: baris yang kuncinya sudah tersimpan dilewati",
    "replace": "Ganti: data jenis ini pada periode dan OPD berkas diganti",
}
STATUS_LABELS = {"committed": "tersimpan", "rolled_back": "dibatalkan"}


def _kind_label(name: str) -> str:
    return KINDS[name].label


@st.cache_data(show_spinner=False)
def _template(kind: str) -> bytes:
    return templates.template_xlsx(kind)


def _inspect(content: bytes, name: str, digest: str, sheet: str | None) -> upload.Inspection:
    """Read the file once per file and sheet, not on every rerun."""
    seen = st.session_state.setdefault("unggah_baca", {})
    if (digest, name, sheet) not in seen:
        if len(seen) > 8:
            seen.clear()
        seen[(digest, name, sheet)] = upload.inspect_file(engine, user, content, name, sheet)
    return seen[(digest, name, sheet)]


def _problem_table(problems, key: str) -> None:
    """Line, column, value and the reason first (what the analyst fixes), then the row's key and file."""
    table = problems_frame(problems)
    table["Baris"] = table["Baris"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    table = table[["Baris", "Kolom", "Nilai", "Masalah", "Kunci baris", "Berkas"]]
    tables.grid(table, key, column_config={
        "Baris": st.column_config.TextColumn(width="small"),
        "Masalah": st.column_config.TextColumn(width="large"),
    })


def _result_metrics(result) -> None:
    cols = st.columns(4)
    cols[0].metric("Baris baru", fmt.number(result.rows_inserted), border=True)
    cols[1].metric("Dilewati (sudah ada/ganda)", fmt.number(result.rows_skipped), border=True)
    cols[2].metric("Dilewati (isi berbeda)", fmt.number(result.rows_changed), border=True)
    cols[3].metric("Baris lama diganti", fmt.number(result.rows_replaced + result.employees_updated),
                   border=True)


def _clear_after_write() -> None:
    """Every page reads fresh data after a commit or a rollback."""
    st.cache_data.clear()
    st.session_state.pop("unggah_validasi", None)
    st.session_state.pop("unggah_hasil", None)


tab_upload, tab_templates, tab_history = st.tabs(["Unggah berkas", "Templat", "Riwayat impor"])


# --- upload -----------------------------------------------------------------------------------------
def upload_limit_mb() -> int:
    """The size the page accepts: the app's setting, never above the server's own maximum."""
    return min(upload.max_upload_mb(engine), int(st.get_option("server.maxUploadSize")))


def _choose_file():
    """The file picker, with what it accepts said in Indonesian (the widget's own text is English and
    cannot be translated)."""
    limit_mb = upload_limit_mb()
    uploaded = st.file_uploader(
        "Berkas ekstrak (CSV atau XLSX)", type=list(upload.UPLOAD_TYPES), key="unggah_berkas", max_upload_size=limit_mb,
        help=f"Ekspor SIASN, e-Kinerja BKN, sistem layanan, atau templat dasbor. Batas {limit_mb} MB.")
    st.caption(f"Diterima: berkas CSV atau XLSX, paling besar **{fmt.number(limit_mb)} MB** per berkas. Tekan "
               "**Upload** (unggah) untuk memilih berkas, atau seret berkasnya ke kotak di atas. Tulisan bahasa "
               "Inggris di kotak itu bawaan Streamlit dan tidak dapat diterjemahkan.")
    return uploaded


def _show_committed(digest: str) -> bool:
    """Just committed this file: say what happened, not "already imported"."""
    done = st.session_state.get("unggah_hasil")
    if not (done and done["digest"] == digest):
        st.session_state.pop("unggah_hasil", None)
        return False
    st.success(fmt.literal(done["summary"]), icon=":material/check_circle:")
    _result_metrics(done["result"])
    st.caption("Impor ini tercatat di tab **Riwayat impor**. Pilih berkas lain untuk mengunggah lagi.")
    return True


def _choose_kind(found: upload.Inspection, digest: str):
    """The kind (detected from the headers when possible), the mode, and the year and period when the
    file may leave them out. Returns kind, mode, year, period."""
    names = list(KINDS)
    kind = st.selectbox(
        "Jenis data", names, key=f"unggah_jenis_{digest}", format_func=_kind_label,
        index=names.index(found.detected_kind) if found.detected_kind else None,
        placeholder="Pilih jenis data",
        help=("Dikenali dari judul kolom: " + _kind_label(found.detected_kind)) if found.detected_kind
        else "Jenis data tidak dikenali dari judul kolom; pilih sendiri.")
    left, right = st.columns(2)
    mode = left.radio("Mode", MODES, key="unggah_mode", format_func=MODE_LABELS.get)
    year = period = None
    if kind and {"year", "period"} <= {c.field for c in KINDS[kind].columns}:
        year = right.number_input("Tahun (bila berkas tidak menyebutnya)", min_value=2000, max_value=2100,
                                  value=None, step=1, key="unggah_tahun")
        period = right.selectbox("Periode (bila berkas tidak menyebutnya)", [None, *codes.PERIOD_LABELS],
                                 key="unggah_periode",
                                 format_func=lambda p: "Dari berkas" if p is None else codes.PERIOD_LABELS[p])
    return kind, mode, year, period


def _preview(found: upload.Inspection, kind: str | None) -> None:
    st.subheader("Pratinjau")
    where = f", lembar {fmt.literal(found.sheet_used)}" if found.sheet_used else ""
    shown, hidden = upload.shown_preview(found, kind)
    left_out = (f" Kolom {', '.join(fmt.literal(h) for h in hidden)} tidak ditampilkan: survei ini anonim."
                if hidden else "")
    st.caption(f"{min(len(found.preview), upload.PREVIEW_ROWS)} baris pertama dari "
               f"{fmt.number(found.rows)} baris data{where}; isi sel apa adanya.{left_out}")
    tables.grid(shown, "unggah_pratinjau")


def _dry_run(content: bytes, name: str, digest: str, request: upload.UploadRequest):
    """The dry run is the import itself, rolled back: run it once per file, choice and data version (of the
    database it runs on, DATABASE_URL: ctx.version is the read URL's, which may lag)."""
    cache_key = (digest, request, data.data_version(engine))
    cached = st.session_state.get("unggah_validasi")
    if not cached or cached[0] != cache_key:
        with st.spinner("Memeriksa berkas (tidak ada yang disimpan)…"):
            cached = (cache_key, upload.validate_upload(engine, user, content, name, request))
        st.session_state["unggah_validasi"] = cached
    return cached[1]


def _report(check, file_name: str, digest: str) -> None:
    """The validation report: the verdict, the error and warning tables, the CSV of every problem."""
    st.subheader("Laporan pemeriksaan")
    errors, warnings = check.errors, check.warnings
    if check.result is not None and check.result.duplicate_file:
        st.info(fmt.literal(check.result.summary()), icon=":material/content_copy:")
    elif errors:
        st.error(f"{len(errors)} galat: berkas tidak dapat disimpan. Perbaiki berkasnya lalu unggah ulang; "
                 "basis data tidak berubah.", icon=":material/error:")
    elif check.blocked_by_warnings:
        st.warning(f"{len(warnings)} peringatan. Perbaiki berkasnya, atau centang **Lewati baris dengan "
                   "peringatan** untuk menyimpan baris lainnya.", icon=":material/warning:")
    else:
        st.success("Tidak ada galat. " + fmt.literal(check.result.summary()), icon=":material/task_alt:")
    if errors:
        st.markdown(f"**Galat ({len(errors)})** — menghalangi penyimpanan")
        _problem_table(errors, "unggah_galat")
    if warnings:
        st.markdown(f"**Peringatan ({len(warnings)})**")
        _problem_table(warnings, "unggah_peringatan")
    if check.problems:
        st.download_button("Unduh laporan pemeriksaan (CSV)", export.problems_csv(check.problems),
                           file_name=export.problems_file_name(file_name), mime="text/csv", key="unggah_laporan")
    if not errors and (check.blocked_by_warnings or (check.result and check.result.skipped_warned_rows)):
        st.checkbox("Lewati baris dengan peringatan", key=f"unggah_lewati_{digest}",
                    help="Baris yang berperingatan tidak disimpan; baris lainnya disimpan.")


def _commit(content: bytes, name: str, digest: str, request: upload.UploadRequest) -> None:
    if not st.button("Simpan ke basis data", type="primary", key="unggah_simpan", icon=":material/save:"):
        return
    try:
        result = upload.commit_upload(engine, user, content, name, request)
    except ImportRejected as exc:  # the data changed since the check: say what now blocks
        st.error(f"Tidak disimpan: {fmt.literal(exc)}")
        _problem_table(exc.problems, "unggah_galat_simpan")
        return
    except (ReadError, upload.NotAllowed) as exc:
        st.error(f"Tidak disimpan: {fmt.literal(exc)}")
        return
    _clear_after_write()
    st.session_state["unggah_hasil"] = {"digest": digest, "summary": result.summary(), "result": result}
    st.rerun()


def upload_tab() -> None:
    """Choose a file and its kind, read the dry run's report, commit."""
    uploaded = _choose_file()
    if uploaded is None:
        st.session_state.pop("unggah_hasil", None)
        st.info("Pilih berkas CSV atau XLSX. Jenis datanya dikenali dari judul kolom; berkas diperiksa lebih "
                "dahulu dan baru disimpan setelah Anda menekan **Simpan ke basis data**.", icon=":material/upload:")
        return
    content = uploaded.getvalue()
    digest = hashlib.sha256(content).hexdigest()[:16]
    if _show_committed(digest):
        return
    sheets = _inspect(content, uploaded.name, digest, None).sheets
    sheet = None
    if len(sheets) > 1:
        sheet = st.selectbox("Lembar Excel", [None, *sheets], key=f"unggah_lembar_{digest}",
                             format_func=lambda s: "Otomatis (semua lembar bersusunan sama)" if s is None else s)
    found = _inspect(content, uploaded.name, digest, sheet)
    if found.problem is not None:
        st.error(fmt.literal(found.problem), icon=":material/error:")
        st.download_button("Unduh laporan pemeriksaan (CSV)", export.problems_csv([found.problem]),
                           file_name=export.problems_file_name(uploaded.name), mime="text/csv", key="unggah_laporan")
        return
    kind, mode, year, period = _choose_kind(found, digest)
    _preview(found, kind)
    if not kind:
        st.warning("Pilih jenis data untuk memeriksa berkas.")
        return
    request = upload.UploadRequest(kind=kind, mode=mode, sheet=sheet,
                                   year=int(year) if year is not None else None, period=period,
                                   skip_warned_rows=bool(st.session_state.get(f"unggah_lewati_{digest}", False)))
    check = _dry_run(content, uploaded.name, digest, request)
    _report(check, uploaded.name, digest)
    if check.can_commit:
        _commit(content, uploaded.name, digest, request)


with tab_upload:
    upload_tab()

# --- templates --------------------------------------------------------------------------------------
with tab_templates:
    st.write("Templat dasbor untuk sumber yang tidak punya ekspor baku: judul kolom, satu baris contoh, dan "
             "kamus data di lembar kedua. Ekspor asli SIASN dan e-Kinerja juga diterima apa adanya.")
    template_kind = st.selectbox("Templat jenis data", list(KINDS), key="templat_jenis", format_func=_kind_label)
    st.download_button(f"Unduh templat {_kind_label(template_kind)} (XLSX)", _template(template_kind),
                       file_name=f"templat-{template_kind}.xlsx", key="templat_unduh",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    tables.grid(data_dictionary(template_kind), "templat_kamus")

# --- import history and rollback ----------------------------------------------------------------------
with tab_history:
    undone = st.session_state.pop("unggah_batal_hasil", None)
    if undone:
        st.success(fmt.literal(undone), icon=":material/undo:")
    st.caption("Analis dan administrator dengan cakupan seluruh provinsi melihat semua impor. Dengan cakupan "
               "terbatas, yang tampil hanya impor yang semua barisnya berada di dalam cakupan Anda, dan impor "
               "yang Anda unggah sendiri (impor tanpa baris tersimpan, misalnya yang sudah dibatalkan, hanya "
               "tampil bagi pengunggahnya).")
    history = upload.batch_history(engine, user)
    if history.empty:
        st.info("Belum ada impor.")
    else:
        shown = pd.DataFrame({
            "Nomor impor": history["id"],
            "Jenis data": history["kind"].map(_kind_label),
            "Berkas": history["file_name"],
            "Oleh": history["user_name"],
            "Waktu (WIB)": history["created_at"].map(lambda t: t.strftime("%d/%m/%Y %H.%M")),
            "Periode": [f"{codes.PERIOD_LABELS.get(p, '')} {'' if pd.isna(y) else int(y)}".strip()
                        for y, p in zip(history["year"], history["period"])],
            "Baris berkas": history["rows_in_file"].map(fmt.number),
            "Baris baru": history["rows_inserted"].map(fmt.number),
            "Dilewati": history["rows_skipped"].map(fmt.number),
            "Status": history["status"].map(STATUS_LABELS).fillna(history["status"]),
        })
        tables.grid(shown, "riwayat_tabel")
        committed = history[history["status"] == "committed"]
        if not committed.empty:
            labels = {int(r.id): f"Impor {r.id}: {_kind_label(r.kind)}, {r.file_name}" for r in committed.itertuples()}
            chosen = st.selectbox("Impor yang dibatalkan", list(labels), key="batal_batch", format_func=labels.get)
            if st.button("Batalkan impor…", key="batal_minta", icon=":material/undo:"):
                st.session_state["batal_konfirmasi"] = chosen
            pending = st.session_state.get("batal_konfirmasi")
            if pending is not None and pending in labels:
                st.warning(f"Yakin membatalkan {fmt.literal(labels[pending])}? Semua baris yang dibawanya dihapus dan data "
                           "yang digantinya dipulihkan, dalam satu transaksi.", icon=":material/warning:")
                yes, no = st.columns(2)
                if yes.button(f"Ya, batalkan impor {pending}", type="primary", key="batal_ya"):
                    st.session_state.pop("batal_konfirmasi", None)
                    try:
                        outcome = upload.rollback_upload(engine, user, pending)
                    except (RollbackRefused, upload.NotAllowed) as exc:
                        st.error(fmt.literal(exc))
                    else:
                        _clear_after_write()
                        st.session_state["unggah_batal_hasil"] = outcome.summary()
                        st.rerun()
                if no.button("Tidak", key="batal_tidak"):
                    st.session_state.pop("batal_konfirmasi", None)
                    st.rerun()
