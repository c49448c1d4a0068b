"""Pengaturan: every setting behind the numbers, with its source and whether it is verified.

Administrators change them; every other signed-in role reads them. Every change goes through
data_access.settings, which checks the value, refuses a non-administrator and writes the audit log;
after a save the caches are cleared and the data version moves on, so every page and the report
command use the new value at once.
"""
import pandas as pd
import streamlit as st

from vocab import settings as declared
from data_access import orgs, reads, settings
from vocab import codes
from vocab import plan as plan_page
from vocab.clock import now_wib
from data_access.scope import Scope
from data_access.authz import UserError
from vocab.catalogue import CATALOGUE
from ui import data, fmt, tables
from ui.frame import link_to, start
from ui.kpi import value_text

ctx = start("Pengaturan", needs_scope=False)
engine = data.engine()
ME = ctx.user.username
ADMIN = ctx.user.role == "admin"
_FLASH = "pengaturan_pesan"
ALL_YEARS, ALL_AGENCIES, ALL_REGIONS = "(semua tahun)", "(semua OPD)", "(semua daerah)"

st.title("Pengaturan")
st.write("Angka-angka dasbor bergantung pada aturan dan target di bawah ini. Setiap nilai menyebut sumbernya; "
         "yang bertanda **belum diverifikasi** adalah bawaan dasbor yang perlu dicocokkan dengan naskah resmi "
         "atau keputusan pimpinan. Perubahan berlaku seketika di semua halaman dan di laporan, dan tercatat di "
         "log audit.")
if not ADMIN:
    st.info("Anda dapat melihat pengaturan; hanya administrator yang dapat mengubahnya.", icon=":material/lock:")
if message := st.session_state.pop(_FLASH, None):
    st.success(message, icon=":material/check_circle:")

with engine.connect() as conn:
    values = settings.load_settings(conn)
    changed = settings.changed_settings(conn).set_index("key")
    holidays = settings.holiday_correction_table(conn)
    aliases = pd.DataFrame(orgs.agency_aliases(conn))
# Agency and region names label targets and standards (the org chart is not personal data).
everything = reads.agencies(engine, Scope.full(ME))
agency_label = {int(r.agency_id): f"{r.agency} — {r.region}" for r in everything.itertuples()}
region_names = sorted(everything.drop_duplicates("region_id")["region"], key=lambda n: (n != "Provinsi Lampung", n))
region_of = dict(zip(everything["region_id"], everything["region"]))


def save(action, message: str) -> None:
    """One change in one transaction; a refusal is shown in Indonesian, a success survives the rerun.
    Every cached figure is dropped (and the data version moves on), so every page recomputes."""
    try:
        with engine.begin() as conn:
            action(conn)
    except (ValueError, UserError) as exc:
        st.error(fmt.literal(exc), icon=":material/error:")
        return
    st.cache_data.clear()
    for key in [k for k in st.session_state if str(k).startswith("set_")]:
        del st.session_state[key]  # the widgets show the stored values again, not what was typed
    st.session_state[_FLASH] = message
    st.rerun()


def header(key: str) -> None:
    """A setting's label, badge, help, source and who changed it last."""
    d = declared.SETTINGS[key]
    with st.container(horizontal=True, vertical_alignment="center"):
        st.subheader(d.label, anchor=key)
        if d.unverified:
            st.badge("belum diverifikasi", color="orange", icon=":material/warning:")
    st.caption(f"{d.help}  \n**Sumber:** {d.source}")
    if key in changed.index:
        row = changed.loc[key]
        st.caption(f"Diubah oleh {fmt.literal(row['updated_by'])} pada {fmt.moment(pd.Timestamp(row['updated_at']).to_pydatetime())}.")
    elif d.table is None:
        st.caption("Memakai nilai bawaan.")


def form(key: str):
    """An administrator's form, or a plain container for everyone else (widgets disabled)."""
    return st.form(f"form_{key}", border=True) if ADMIN else st.container(border=True)


def buttons(key: str, value_fn, message: str) -> None:
    """Save (and back to the default) for an administrator; nothing for other roles."""
    if not ADMIN:
        return
    with st.container(horizontal=True):
        if st.form_submit_button("Simpan", icon=":material/save:", key=f"simpan_{key}"):
            try:
                value = value_fn()
            except ValueError as exc:
                st.error(fmt.literal(exc), icon=":material/error:")
                return
            save(lambda conn: settings.save_setting(conn, key, value, ME), message)
        if declared.SETTINGS[key].table is None and key in changed.index and st.form_submit_button(
                "Kembalikan ke bawaan", icon=":material/undo:", key=f"bawaan_{key}"):
            save(lambda conn: settings.reset_setting(conn, key, ME), f"{declared.SETTINGS[key].label}: kembali ke bawaan.")


def whole_number(key: str, label: str, message: str, step: int = 1) -> None:
    """The form of a whole-number setting, bounded as its check (vocab.settings.Whole) bounds it."""
    bounds = declared.SETTINGS[key].check
    header(key)
    with form(key):
        value = st.number_input(label, min_value=bounds.low, max_value=bounds.high, step=step,
                                value=int(values[key]), disabled=not ADMIN, key=f"set_{key}")
        buttons(key, lambda: int(value), message)


tab_training, tab_appraisal, tab_service, tab_targets, tab_calendar, tab_plan, tab_other = st.tabs(
    ["Pengembangan kompetensi", "Penilaian kinerja", "Pelayanan publik", "Target indikator", "Hari libur",
     "Rencana pendampingan", "Lainnya"])

# --- training ---------------------------------------------------------------------------------------
with tab_training:
    header("jp_minutes")
    with form("jp_minutes"):
        minutes = st.number_input("Menit per JP", min_value=1, max_value=240, value=int(values["jp_minutes"]),
                                  step=1, disabled=not ADMIN, key="set_jp_minutes")
        buttons("jp_minutes", lambda: minutes, "Menit per JP disimpan.")
    header("jp_target")
    with form("jp_target"):
        cols = st.columns(len(codes.EMPLOYEE_STATUSES))
        targets = {status: col.number_input(f"Target JP {status}", min_value=0.0, max_value=1000.0, step=1.0, format="%g",
                                            value=float(values["jp_target"][status]), disabled=not ADMIN,
                                            key=f"set_jp_target_{status}")
                   for col, status in zip(cols, codes.EMPLOYEE_STATUSES)}
        buttons("jp_target", lambda: targets, "Target JP disimpan.")

# --- appraisal --------------------------------------------------------------------------------------
with tab_appraisal:
    whole_number("min_group_size", "Ukuran kelompok minimal (orang)", "Ukuran kelompok minimal disimpan.")
    header("distribution_rules")
    rules = pd.DataFrame(values["distribution_rules"])
    rules["predikat"] = [" + ".join(p) for p in rules["predikat"]]
    with form("distribution_rules"):
        st.caption("Satu baris satu batas; semua batas predikat organisasinya harus terpenuhi. Beberapa predikat "
                   "dijumlahkan dengan ' + '. Ukuran 'persen' dihitung atas pegawai yang sudah dinilai, 'orang' "
                   "adalah jumlah pegawai.")
        edited_rules = st.data_editor(
            rules[["predikat_organisasi", "predikat", "ukuran", "operator", "batas", "id"]],
            num_rows="dynamic" if ADMIN else "fixed", disabled=not ADMIN, hide_index=True, width="stretch",
            key="set_distribution_rules", column_config={
                "predikat_organisasi": st.column_config.SelectboxColumn("Predikat organisasi",
                                                                        options=list(codes.ORG_PREDIKAT), required=True),
                "predikat": st.column_config.TextColumn("Predikat pegawai", required=True),
                "ukuran": st.column_config.SelectboxColumn("Ukuran", options=["persen", "orang"], required=True),
                "operator": st.column_config.SelectboxColumn("Operator", options=["<=", ">=", "=="], required=True),
                "batas": st.column_config.NumberColumn("Batas", required=True),
                "id": st.column_config.TextColumn("Kode aturan", disabled=True),
            })
        buttons("distribution_rules", lambda: [
            {k: (None if pd.isna(v) else v) for k, v in row.items()} for row in edited_rules.to_dict("records")],
            "Aturan kurva disimpan.")

# --- service ----------------------------------------------------------------------------------------
with tab_service:
    header("ikm_bands")
    with form("ikm_bands"):
        bands = st.data_editor(
            pd.DataFrame(values["ikm_bands"]), num_rows="fixed", disabled=not ADMIN, hide_index=True,
            width="stretch", key="set_ikm_bands", column_config={
                "bawah": st.column_config.NumberColumn("IKM dari", format="%.2f", min_value=25, max_value=100),
                "atas": st.column_config.NumberColumn("IKM sampai", format="%.2f", min_value=25, max_value=100),
                "mutu": st.column_config.TextColumn("Mutu"),
                "kinerja": st.column_config.TextColumn("Kinerja unit"),
            })
        buttons("ikm_bands", lambda: bands.to_dict("records"), "Rentang IKM disimpan.")
    header("service_standards")
    standards = reads.service_standards(engine)
    if standards.empty:
        st.info("Belum ada standar layanan. Unggah data jenis 'Standar waktu layanan' di halaman Unggah Data.")
    else:
        shown = pd.DataFrame({
            "Jenis layanan": standards["service_type"],
            "Batas waktu": [fmt.number(v, 0 if float(v).is_integer() else 1) for v in standards["limit_value"]],
            "Satuan": standards["limit_unit"],
            "Berlaku untuk": [agency_label.get(int(a), "(OPD lain)") if pd.notna(a)
                              else (region_of.get(r, "(daerah lain)") if pd.notna(r) else "semua kantor")
                              for a, r in zip(standards["agency_id"], standards["region_id"])],
        }).sort_values(["Jenis layanan", "Berlaku untuk"])
        tables.grid(shown, key="set_standar")
    st.caption("Standar diubah dengan mengunggah berkas jenis **standar_layanan** (templat di halaman Unggah Data; "
               "mode *Ganti* mengganti standar OPD dan daerah yang ada di berkas, dan dapat dibatalkan dari "
               "riwayat impor).")
    if ctx.user.role in ("analis", "admin"):
        st.page_link("pages/unggah_data.py", label="Unggah standar layanan", icon=":material/upload_file:")

    whole_number("queue_wait_target_minutes", "Target waktu tunggu (menit)", "Target waktu tunggu antrian disimpan.",
                 step=5)
    low, high = declared.QUEUE_CLOSING_HOUR_RANGE
    whole_number("queue_closing_hour", f"Jam tutup loket (WIB, {low}–{high})", "Jam tutup loket antrian disimpan.")

# --- targets ----------------------------------------------------------------------------------------
with tab_targets:
    header("metric_targets")
    st.caption(reads.TARGETS_SEEN)
    # Administrators edit (and save back) the whole list; everyone else reads their part of it.
    stored_targets = reads.metric_targets(engine, Scope.full(ME) if ADMIN else ctx.scope)
    st.markdown("**Target bawaan katalog** (berlaku bila tidak ada baris di bawahnya):")
    tables.grid([{
        "Indikator": m.label, "Arah yang baik": "makin tinggi" if m.higher_is_better else "makin rendah",
        "Target": value_text(m.id, m.target), "Garis waspada": value_text(m.id, m.warning) if m.warning is not None
        else "–", "Sumber": m.source,
    } for m in CATALOGUE.values() if m.target is not None], key="set_katalog")
    targetable = {m.label: m for m in CATALOGUE.values() if m.target is not None}
    by_id = {m.id: m.label for m in targetable.values()}
    labels_to_agency = {v: k for k, v in agency_label.items()}

    def shown_value(metric_id, value):
        """Shares are entered and shown as percentages (0–100), other figures in their own unit."""
        if value is None:
            return None
        return value * 100 if CATALOGUE[metric_id].unit == "proporsi" else value

    rows = pd.DataFrame([{
        "indikator": by_id[r["metric"]], "tahun": ALL_YEARS if r["year"] is None else str(r["year"]),
        "opd": ALL_AGENCIES if r["agency_id"] is None else agency_label.get(r["agency_id"], f"OPD #{r['agency_id']}"),
        "target": shown_value(r["metric"], r["target"]), "waspada": shown_value(r["metric"], r["warning"]),
    } for r in stored_targets], columns=["indikator", "tahun", "opd", "target", "waspada"])
    with form("metric_targets"):
        st.caption("Target pimpinan per indikator. Persentase ditulis 0–100. Baris untuk satu OPD mengalahkan baris "
                   "untuk semua OPD; baris untuk satu tahun mengalahkan baris untuk semua tahun.")
        this_year = now_wib().year
        stored_years = {r["year"] for r in stored_targets if r["year"] is not None}
        years = [ALL_YEARS, *[str(y) for y in sorted(set(range(this_year - 3, this_year + 6)) | stored_years)]]
        edited_targets = st.data_editor(
            rows, num_rows="dynamic" if ADMIN else "fixed", disabled=not ADMIN, hide_index=True, width="stretch",
            key="set_metric_targets", column_config={
                "indikator": st.column_config.SelectboxColumn("Indikator", options=list(targetable), required=True),
                "tahun": st.column_config.SelectboxColumn("Tahun", options=years, default=ALL_YEARS, required=True),
                "opd": st.column_config.SelectboxColumn("OPD", options=[ALL_AGENCIES, *labels_to_agency],
                                                        default=ALL_AGENCIES, required=True),
                "target": st.column_config.NumberColumn("Target", required=True),
                "waspada": st.column_config.NumberColumn("Garis waspada"),
            })

        def target_rows() -> list[dict]:
            out = []
            for i, r in enumerate(edited_targets.to_dict("records"), start=1):
                metric = targetable.get(r["indikator"])
                if metric is None:
                    raise ValueError(f"Target baris {i}: pilih indikatornya.")
                scale = 100 if metric.unit == "proporsi" else 1
                out.append({
                    "metric": metric.id,
                    "year": None if r["tahun"] in (None, ALL_YEARS) else int(r["tahun"]),
                    "agency_id": None if r["opd"] in (None, ALL_AGENCIES) else labels_to_agency[r["opd"]],
                    "target": None if pd.isna(r["target"]) else float(r["target"]) / scale,
                    "warning": None if pd.isna(r["waspada"]) else float(r["waspada"]) / scale,
                })
            return out

        buttons("metric_targets", target_rows, "Target indikator disimpan.")

# --- calendar ---------------------------------------------------------------------------------------
with tab_calendar:
    header("holiday_corrections")
    st.caption("Daftar libur nasional dan cuti bersama diambil dari pustaka *holidays*; di sini ditambahkan "
               "(libur) atau dihapus (hari kerja) tanggal yang berbeda, untuk semua daerah atau satu daerah.")
    frame = holidays.assign(day=pd.to_datetime(holidays["day"]),
                            region=holidays["region"].replace("", ALL_REGIONS))
    with form("holiday_corrections"):
        edited_days = st.data_editor(
            frame, num_rows="dynamic" if ADMIN else "fixed", disabled=not ADMIN, hide_index=True, width="stretch",
            key="set_holidays", column_config={
                "day": st.column_config.DateColumn("Tanggal", format="DD-MM-YYYY", required=True),
                "is_holiday": st.column_config.CheckboxColumn("Libur", help="Centang: libur. Kosong: hari kerja.",
                                                              default=True),
                "region": st.column_config.SelectboxColumn("Daerah", options=[ALL_REGIONS, *region_names],
                                                           default=ALL_REGIONS, required=True),
                "description": st.column_config.TextColumn("Keterangan", required=True),
            })
        if ADMIN and st.form_submit_button("Simpan", icon=":material/save:", key="simpan_holiday_corrections"):
            records = [{**r, "region": "" if r["region"] in (None, ALL_REGIONS) else r["region"],
                        "is_holiday": bool(r["is_holiday"]) if pd.notna(r["is_holiday"]) else None}
                       for r in edited_days.to_dict("records")]
            save(lambda conn: settings.save_holiday_corrections(conn, records, ME), "Koreksi hari libur disimpan.")

# --- the mentoring plan ----------------------------------------------------------------------------
with tab_plan:
    header("plan_approaches")
    with form("plan_approaches"):
        st.caption("Satu baris per elemen ADKAR. Halaman Rencana Pendampingan menampilkan pendekatan ini untuk "
                   "hambatan setiap unit, bersama sumbernya; hambatan yang diduga dari perilaku 'belum pernah "
                   "melapor' memakai baris Awareness dan Knowledge.")
        edited_plan = st.data_editor(
            pd.DataFrame(values["plan_approaches"]), num_rows="fixed", disabled=not ADMIN, hide_index=True,
            width="stretch", key="set_plan_approaches", column_config={
                "hambatan": st.column_config.TextColumn("Hambatan", disabled=True),
                "pendekatan": st.column_config.TextColumn("Pendekatan", required=True, width="large"),
                "sumber": st.column_config.TextColumn("Sumber", required=True, width="medium"),
            })
        buttons("plan_approaches", lambda: [{k: (None if pd.isna(v) else v) for k, v in row.items()}
                                            for row in edited_plan.to_dict("records")],
                "Pendekatan per hambatan disimpan.")
    link_to(ctx, plan_page.PAGE_PATH)

# --- other ------------------------------------------------------------------------------------------
with tab_other:
    whole_number("max_upload_mb", "Batas (MB)", "Batas ukuran berkas disimpan.")
    header("plausible_years")
    with form("plausible_years"):
        left, right = st.columns(2)
        years = values["plausible_years"]
        first_year = left.number_input("Tahun pertama", min_value=declared.MIN_YEAR, max_value=now_wib().year,
                                       step=1, value=int(years["first"]), disabled=not ADMIN,
                                       key="set_plausible_years_first")
        ahead = right.number_input("Tahun ke depan (setelah tahun ini)", min_value=0, max_value=10, step=1,
                                   value=int(years["ahead"]), disabled=not ADMIN, key="set_plausible_years_ahead")
        buttons("plausible_years", lambda: {"first": int(first_year), "ahead": int(ahead)},
                "Rentang tahun data disimpan.")
    header("plausible_age")
    with form("plausible_age"):
        left, right = st.columns(2)
        ages = values["plausible_age"]
        youngest = left.number_input("Usia terendah (tahun)", min_value=10, max_value=100, step=1,
                                     value=int(ages["min"]), disabled=not ADMIN, key="set_plausible_age_min")
        oldest = right.number_input("Usia tertinggi (tahun)", min_value=10, max_value=100, step=1,
                                    value=int(ages["max"]), disabled=not ADMIN, key="set_plausible_age_max")
        buttons("plausible_age", lambda: {"min": int(youngest), "max": int(oldest)}, "Rentang usia pegawai disimpan.")
    header("max_training_jp")
    with form("max_training_jp"):
        most_jp = st.number_input("JP terbesar", min_value=1.0, max_value=100_000.0, step=1.0, format="%g",
                                  value=float(values["max_training_jp"]), disabled=not ADMIN,
                                  key="set_max_training_jp")
        buttons("max_training_jp", lambda: float(most_jp), "JP terbesar satu kegiatan disimpan.")
    whole_number("stale_days", "Hari", "Batas data usang disimpan.")
    header("completeness_min_share")
    with form("completeness_min_share"):
        share = st.number_input("Bagian pegawai aktif (%)", min_value=0.0, max_value=100.0, step=5.0, format="%g",
                                value=float(values["completeness_min_share"]) * 100, disabled=not ADMIN,
                                key="set_completeness_min_share")
        buttons("completeness_min_share", lambda: float(share) / 100, "Batas data sebagian disimpan.")
    whole_number("login_max_failures", "Gagal masuk berturut-turut", "Batas gagal masuk disimpan.")
    whole_number("session_idle_minutes", "Menit", "Batas sesi menganggur disimpan.")
    whole_number("daily_entry_retention_months", "Bulan", "Masa simpan progres harian disimpan.")
    header("leaders_see_names")
    with form("leaders_see_names"):
        names_on = st.toggle("Pimpinan melihat nama pegawai", value=bool(values["leaders_see_names"]),
                             disabled=not ADMIN, key="set_leaders_see_names")
        buttons("leaders_see_names", lambda: bool(names_on), "Pengaturan privasi disimpan.")
    st.subheader("Nama lain OPD")
    st.caption("Singkatan dan nama lain yang dikenali saat impor (Dinkes, Disdukcapil, BKD…); data acuan, "
               "hanya dibaca di sini.")
    if aliases.empty:
        st.info("Belum ada nama lain OPD.")
    else:
        tables.grid(aliases.rename(columns={"alias_key": "Nama lain", "canonical_name": "Nama OPD"})[
            ["Nama lain", "Nama OPD"]], key="set_alias")
