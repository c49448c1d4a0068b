"""Adopsi Perubahan: who uses e-Kinerja daily reporting, who has lapsed, and where resistance sits."""
import streamlit as st

from vocab import codes, indicators
from metrics import adkar, adoption
from vocab.catalogue import CATALOGUE
from ui import brief, data, fmt, kpi, levels, tables
from ui.charts import adoption as charts
from data_access.workbook import Column
from ui.frame import breadcrumb, filters, link_to, start
from vocab import plan as plan_words
from ui.views import adoption as views

TITLE = "Adopsi Perubahan"


ctx = start(TITLE)
chosen = filters(ctx, staff=True)

st.title(TITLE)
st.caption("Siapa yang benar-benar memakai e-Kinerja untuk laporan harian, siapa yang berhenti, dan di unit "
           "mana penolakan terhadap perubahan ini terkumpul (SE Kepala BKN 11/2023; Peraturan BKN 2/2026).")
breadcrumb(chosen)

inputs = data.inputs_for(ctx.url, chosen, ctx.version)
head = views.headline(ctx.url, chosen, ctx.version)
now = head["current"]
if inputs.roster.empty:
    st.info("Belum ada pegawai wajib lapor untuk pilihan ini. Ubah filter daerah, OPD, unit, status atau "
            "jenis jabatan, atau minta analis mengimpor data pegawai (SIASN).", icon=":material/info:")
    st.stop()
if now is None:
    st.info(f"Belum ada data progres harian e-Kinerja untuk {dict(chosen.labels)['Periode'].lower()} "
            f"{chosen.year} pada pilihan ini. Pilih tahun atau periode lain, atau minta analis mengimpor "
            "data progres harian e-Kinerja.", icon=":material/info:")
    st.stop()

grouping = levels.group_for(chosen, inputs)
vk = levels.view_key(chosen)
months = head["months"]
span = (adoption.month_label(months[0]) if len(months) == 1
        else f"{adoption.month_label(months[0])} – {adoption.month_label(months[-1])}")

# --- KPI tiles -------------------------------------------------------------------------------------
before = head["previous"] or {}
cols = st.columns(4)
for col, metric_id in zip(cols, views.KPI_IDS):
    with col:
        kpi.tile(metric_id, now[metric_id], before.get(metric_id),
                 metric=data.metric_for(ctx.url, chosen, ctx.version, metric_id))
st.caption(
    f"{fmt.number(now['active'])} dari {fmt.number(now['expected'])} pegawai wajib lapor aktif; "
    f"{span}, {fmt.number(now['working_days'])} hari kerja, diukur sampai {fmt.day(head['data_end'])} (hari terakhir "
    "yang berdata e-Kinerja di seluruh provinsi, sama untuk setiap pengguna; bulan tanpa entri dihitung kosong). "
    + (f"Perubahan dibanding {head['previous_label']}." if head["previous"]
       else f"Belum ada data {head['previous_label']} untuk pembanding."))

# --- adoption curve and Rogers categories -----------------------------------------------------------
life = views.lifecycle(ctx.url, chosen, ctx.version)
st.subheader("Berapa banyak pegawai yang sudah mulai memakai e-Kinerja?")
st.caption(f"Bagian pegawai wajib lapor yang sudah pernah mengirim progres harian (Submitted/Approved), "
           f"dihitung sejak Januari {chosen.year}. Pita di belakang garis adalah kategori adopter Rogers: "
           "Inovator 2,5% pertama, Pengadopsi Awal 13,5% berikutnya, Mayoritas Awal 34%, Mayoritas Akhir "
           "34%, dan Lamban 16% terakhir.")
left, right = st.columns([3, 2])
with left:
    if not life.empty:
        marks = views.activity_marks(ctx.url, chosen, ctx.version, ctx.scope)
        tables.chart(charts.adoption_curve, life, data.metric_for(ctx.url, chosen, ctx.version, "active_share"),
                     marks=marks, key="kurva_adopsi", title="Kurva adopsi e-Kinerja")
        if not marks.empty:
            st.caption(f"Garis ungu putus-putus: {fmt.number(len(marks))} kegiatan pendampingan atau sosialisasi "
                       "pada bulannya (arahkan kursor ke segitiga untuk tanggal, jenis dan peserta).")
with right:
    rog = views.rogers(ctx.url, chosen, ctx.version)
    if not rog.empty:
        tables.show("Kategori adopter Rogers", rog, {
            "category": Column("Kategori"), "employees": Column("Pegawai", "int"), "share": Column("Bagian", "pct"),
        }, key="tabel_rogers", downloads=False)
        st.caption(indicators.ADOPTION["rogers_category"].definition)

# --- lifecycle ------------------------------------------------------------------------------------
st.subheader("Siapa yang aktif, baru, bangkit, atau berhenti tiap bulan?")
if not life.empty:
    tables.chart(charts.lifecycle_bars, life, key="siklus_hidup", title="Status pemakai e-Kinerja per bulan")
    with st.expander("Arti setiap status"):
        st.markdown("\n".join(f"- **{indicators.ADOPTION[s].label}**: {indicators.ADOPTION[s].definition}"
                              for s in indicators.LIFECYCLE_STATES)
                    + "\n\nAktif = " + indicators.ADOPTION["active"].definition.split("punya ", 1)[-1])
    wide = views.pipeline.lifecycle_table(life)
    tables.show("Status pemakai per bulan", wide, {
        "bulan_lengkap": Column("Bulan"),
        **{s: Column(indicators.ADOPTION[s].label, "int") for s in indicators.LIFECYCLE_STATES},
    }, key="tabel_siklus", downloads=False, height=240)

# --- compliance heatmap ------------------------------------------------------------------------------
heat, heat_groups = views.heatmap(ctx.url, chosen, ctx.version)
st.subheader(f"Kepatuhan laporan harian per {grouping.label.lower()} dan bulan")
if not heat.empty:
    shown = heat["group_id"].nunique()
    note = (f" Ditampilkan {fmt.number(shown)} {grouping.label.lower()} dengan kepatuhan terendah dari "
            f"{fmt.number(heat_groups)}; semuanya ada di tabel resistensi di bawah." if shown < heat_groups else "")
    st.caption("Hari berentri Submitted/Approved dibagi hari kerja, tiap bulan; yang terburuk di atas. Geser ke "
               f"samping di layar kecil.{note}")
    # Drawn at its own width (one readable column per month), scrolling sideways on a phone.
    with tables.sideways("peta_kepatuhan_gulir"):
        tables.chart(charts.compliance_heatmap, heat, grouping.label,
                     data.metric_for(ctx.url, chosen, ctx.version, "compliance"), key="peta_kepatuhan",
                     title="Kepatuhan harian", width="content")

# --- resistance -----------------------------------------------------------------------------------
grp = views.groups(ctx.url, chosen, ctx.version)
st.subheader(f"Di {grouping.label.lower()} mana resistensi terkumpul?")
st.caption(CATALOGUE["resistance_index"].definition + f" Dihitung atas {span}. "
           + ("Klik batang atau pilih baris tabel untuk membuka rinciannya." if chosen.level != "unit" else ""))
if not grp.empty:
    resistance_metric = data.metric_for(ctx.url, chosen, ctx.version, "resistance_index")
    clicked = tables.chart(charts.resistance_bars, grp, grouping.label, resistance_metric, key=f"batang_resistensi_{vk}",
                           title=f"Indeks resistensi per {grouping.label.lower()}",
                           **({"on_select": "rerun", "selection_mode": charts.SELECTION}
                              if chosen.level != "unit" else {}))
    table_cols = {
        "rank": Column("Peringkat", "int"), "nama": Column(grouping.label),
        "expected": Column("Wajib lapor", "int"), "resistance_index": Column("Indeks resistensi", "dec2"),
        "never_active_share": Column("Belum pernah aktif", "pct"), "never_active_n": Column("n belum pernah aktif", "int"),
        "lapsed_share": Column("Berhenti melapor", "pct"), "lapsed_n": Column("n berhenti melapor", "int"),
        "noncompliance": Column("Ketidakpatuhan harian", "pct"), "noncompliance_n": Column("n ketidakpatuhan", "int"),
        "skp_unapproved_share": Column("SKP belum disetujui", "pct"), "skp_unapproved_n": Column("n SKP", "int"),
        "active_share": Column("Tingkat adopsi", "pct"), "compliance": Column("Kepatuhan harian", "pct"),
        "timeliness_same_day": Column("Tepat hari", "pct"), "note": Column("Catatan"),
    }
    picked = tables.show(f"Resistensi per {grouping.label.lower()}", grp, table_cols, key=f"tabel_resistensi_{vk}",
                         status_of={"resistance_index": "status"},
                         **({"on_select": "rerun", "selection_mode": "single-row"} if chosen.level != "unit" else {}))
    st.caption("Setiap bagian indeks ditampilkan bersama n-nya (jumlah pegawai yang menjadi penyebutnya). "
               f"{grouping.label} dengan kurang dari {fmt.number(head['min_group_size'])} pegawai wajib lapor "
               "ditandai \"terlalu kecil untuk dinilai\" dan tidak diberi peringkat.")
    if chosen.level != "unit":
        points = (clicked.selection.get(charts.SELECTION) if clicked is not None else None) or []
        rows = picked.selection.rows if picked is not None else []
        if points and points[0].get("group_id") is not None:
            levels.drill_into(grouping, points[0]["group_id"], inputs)
        elif rows:
            levels.drill_into(grouping, grp.iloc[rows[0]]["group_id"], inputs)

# --- why units are held back: the ADKAR pulse survey ------------------------------------------------
survey = views.adkar(ctx.url, chosen, ctx.version, ctx.scope)
st.subheader("Mengapa unit tertahan? Survei denyut ADKAR")
if survey.empty:
    st.info("Belum ada survei denyut ADKAR untuk pilihan ini. Minta analis mengimpor hasil survei (jenis data "
            "'Survei denyut ADKAR', tanpa NIP dan nama responden).", icon=":material/info:")
else:
    fig, line = survey.figures, codes.ADKAR_BARRIER_MAX
    compared = (f" Perubahan dibanding gelombang {survey.previous_label}." if survey.previous_label
                else " Belum ada gelombang sebelumnya untuk pembanding.")
    st.caption(f"Survei anonim, gelombang terakhir {survey.wave_label} (satu gelombang = satu triwulan); filter "
               "status dan jenis jabatan tidak berlaku karena responden tidak bernama." + compared)
    left, middle, right = st.columns(3)
    with left:
        kpi.plain_tile("Responden", fmt.number(fig.respondents), note=f"gelombang {survey.wave_label}",
                       help="Pegawai yang menjawab survei pada gelombang ini.")
    with middle:
        kpi.plain_tile(CATALOGUE["adkar_response_rate"].label, fmt.percent(fig.response_rate),
                       help=CATALOGUE["adkar_response_rate"].definition,
                       note=f"dari {fmt.number(fig.headcount)} pegawai tercatat")
    groups_word = grouping.label.lower()
    with right:
        kpi.plain_tile("Hambatan terbanyak", fig.common_barrier or "–", help=CATALOGUE["adkar_barrier"].definition,
                       note=(f"titik hambatan {fmt.number(fig.common_barrier_groups)} dari "
                             f"{fmt.number(fig.judged_groups)} {groups_word}" if fig.common_barrier
                             else f"tidak ada {groups_word} dengan elemen ≤ {line}" if fig.judged_groups
                             else f"tidak ada {groups_word} dengan responden yang cukup untuk dinilai"))
    if fig.guarded:
        st.warning(f"Angka survei pilihan ini tidak ditampilkan: di sebelahnya ada kelompok dengan kurang dari "
                   f"{fmt.number(survey.min_group_size)} responden, dan angka pilihan ini bersama angka satu tingkat di "
                   "atasnya dapat menghitung jawaban mereka.", icon=":material/visibility_off:")
    elif fig.too_small:
        st.warning(f"Responden pada pilihan ini kurang dari {fmt.number(survey.min_group_size)} orang: angkanya tidak "
                   "ditampilkan agar jawaban tetap anonim.", icon=":material/visibility_off:")
    if not survey.elements.empty:
        with tables.sideways("adkar_gulir"):
            tables.chart(charts.adkar_elements, survey.elements, grouping.label, key=f"adkar_elemen_{vk}",
                         title="Skor rata-rata elemen ADKAR", width="content")
        st.caption(f"Satu kolom per elemen, urut {', '.join(codes.ADKAR_ELEMENTS)}; merah = skor rata-rata "
                   f"{line} atau kurang. Titik hambatan sebuah unit adalah kolom merah pertama dari kiri: "
                   "pendampingan dimulai dari sana. Geser ke samping di layar kecil.")
    tables.show(f"Survei ADKAR per {grouping.label.lower()}", survey.groups, {
        "nama": Column(grouping.label), "respondents": Column("Responden", "int"),
        "response_rate": Column("Tingkat respons", "pct"), "barrier_label": Column("Titik hambatan"),
        **{adkar.MEAN[e]: Column(name, "dec2") for e, name in adkar.ELEMENT_NAMES.items()},
        **{adkar.CHANGE[e]: Column(f"Perubahan {name}", "dec2") for e, name in adkar.ELEMENT_NAMES.items()},
        **{adkar.LOW[e]: Column(f"Skor ≤ {line} {name}", "pct") for e, name in adkar.ELEMENT_NAMES.items()},
        "note": Column("Catatan"),
    }, key=f"tabel_adkar_{vk}")
    st.caption(f"{grouping.label} dengan kurang dari {fmt.number(survey.min_group_size)} responden ditandai "
               f"\"{indicators.TOO_FEW_RESPONDENTS}\": angkanya tidak ditampilkan, jawabannya tetap dihitung dalam "
               "angka keseluruhan pilihan ini (jumlah responden dan tingkat respons di atas)."
               + (f" {grouping.label} yang ditandai \"{indicators.GUARDED}\" ikut disembunyikan walau respondennya "
                  "cukup, agar angka yang kecil tidak dapat dihitung dari selisih." if survey.any_guarded else "")
               + " Saran tertulis responden tidak ditampilkan per orang.")

# --- did the mentoring work? -------------------------------------------------------------------------
effects = views.mentoring(ctx.url, chosen, ctx.version, ctx.scope)
st.subheader("Apakah pendampingan berhasil?")
if effects.empty:
    st.info("Belum ada kegiatan pendampingan atau sosialisasi untuk pilihan ini. Minta analis mengimpor daftar "
            "kegiatan (jenis data 'Kegiatan pendampingan & sosialisasi').", icon=":material/info:")
else:
    st.caption(CATALOGUE["mentoring_did"].definition)
    st.markdown("\n".join(f"- {fmt.literal(s)}" for s in effects["sentence"]))
    tables.show("Dampak kegiatan pendampingan", effects, {
        "activity_date": Column("Tanggal", "date"), "activity_type": Column("Jenis"), "target": Column("Sasaran"),
        "participants": Column("Peserta", "int"), "verdict": Column("Hasil"),
        "adkar_before": Column("Hambatan ADKAR sebelum"), "adkar_after": Column("Hambatan ADKAR sesudah"),
        "treated_n": Column("n sasaran", "int"), "comparison_n": Column("n pembanding", "int"),
        "compliance_treated_before": Column("Kepatuhan sasaran sebelum", "pct"),
        "compliance_treated_after": Column("Kepatuhan sasaran sesudah", "pct"),
        "compliance_comparison_before": Column("Kepatuhan pembanding sebelum", "pct"),
        "compliance_comparison_after": Column("Kepatuhan pembanding sesudah", "pct"),
        "compliance_did": Column("Selisih kepatuhan (poin)", "dec1"),
        "compliance_error": Column("Galat baku (poin)", "dec1"),
        "active_share_did": Column("Selisih tingkat adopsi (poin)", "dec1"),
        "timeliness_did": Column("Selisih tepat hari (poin)", "dec1"),
        "agency": Column("OPD"),
    }, key=f"tabel_pendampingan_{vk}")
    st.caption(f"Sasaran = pegawai unit kegiatan itu; pembanding = unit lain di OPD yang sama (untuk kegiatan se-OPD: "
               f"OPD yang sama namanya di daerah lain) tanpa kegiatan pada minggu-minggu yang sama. Kegiatan dengan "
               f"kurang dari {fmt.number(head['min_group_size'])} pegawai di salah satu sisi ditandai "
               f"\"{indicators.TOO_SMALL}\".")

# --- nudge list -----------------------------------------------------------------------------------
st.subheader("Siapa yang perlu diingatkan?")
st.caption(f"Pegawai wajib lapor yang belum pernah mengirim progres harian, atau yang berhenti melapor, dilihat "
           f"dari Januari {chosen.year} sampai bulan terakhir periode ini.")
if head["settles"]:
    last_month = head["months"][-1]
    st.caption(indicators.SETTLING_NOTE.format(month=adoption.month_label(last_month),
                                               previous=adoption.month_label(adoption.previous_month(last_month))))
st.caption("Rencana Pendampingan mengubah daftar ini menjadi ajakan: hambatan tiap unit, pendekatan yang "
           "disarankan, dan teladan sebaya dari unit atau OPD yang sama.")
link_to(ctx, plan_words.PAGE_PATH)
if chosen.level == "unit":
    listed = views.nudges(ctx.url, chosen, ctx.version)
    if listed.empty:
        st.success("Semua pegawai wajib lapor di unit ini melapor pada bulan terakhir.", icon=":material/check:")
    elif levels.staff_names_allowed(ctx):
        tables.show("Daftar pegawai yang perlu diingatkan", levels.with_names(listed, ctx, chosen), {
            "name": Column("Nama"), "nip": Column("NIP"), "jabatan_name": Column("Jabatan"),
            "reason": Column("Alasan"), "last_active": Column("Terakhir aktif"),
        }, key="tabel_pengingat")
    else:
        counts = views.pipeline.reason_counts(listed)
        tables.show("Jumlah pegawai yang perlu diingatkan", counts, {
            "reason": Column("Alasan"), "employees": Column("Pegawai", "int")}, key="tabel_pengingat")
        st.caption(levels.names_note(ctx))
else:
    counts = views.nudge_counts(ctx.url, chosen, ctx.version)
    if not counts.empty:
        tables.show(f"Pegawai yang perlu diingatkan per {grouping.label.lower()}", counts, {
            "nama": Column(grouping.label), "expected": Column("Wajib lapor", "int"),
            "never": Column("Belum pernah melapor", "int"), "stopped": Column("Berhenti melapor", "int"),
            "to_remind": Column("Perlu diingatkan", "int"), "to_remind_share": Column("Bagian", "pct"),
        }, key="tabel_pengingat")
        st.caption("Pilih satu unit kerja (lewat filter atau klik di atas) untuk melihat daftar orangnya.")

tables.report_button(TITLE, chosen.labels, ctx.user.display_name, data.freshness(ctx.url, ctx.version))
brief.button(ctx, chosen, TITLE)
