"""Pelayanan Publik: which offices and services are slower than their standard, and how citizens rate
them (Perpres 96/2018, Permendagri 19/2018; IKM per PermenPANRB 14/2017)."""
import math

import pandas as pd
import streamlit as st

from vocab.catalogue import CATALOGUE
from ui import brief, fmt, kpi, levels, tables
from ui import data
from ui.charts import service as charts
from data_access.workbook import Column
from ui.frame import breadcrumb, filters, start
from metrics.pipeline.service import ordered
from ui.views import service as views

TITLE = "Pelayanan Publik"

ctx = start(TITLE)
chosen = filters(ctx, staff=False)

st.title(TITLE)
st.caption("Kantor dan jenis layanan mana yang lebih lambat dari standar waktunya, dan bagaimana warga "
           "menilai layanannya (Indeks Kepuasan Masyarakat).")
breadcrumb(chosen)

shown = chosen
if chosen.level == "unit":
    agency = dict(chosen.labels).get("OPD", "OPD ini").split(" — ")[0]
    st.info(f"Unit kerja tidak menerima permohonan sendiri: permohonan layanan dan survei kepuasan dicatat per "
            f"kantor. Angka di bawah ini milik seluruh **{fmt.literal(agency)}**.", icon=":material/info:")
    shown = views.agency_filters(ctx.url, ctx.scope, chosen, ctx.version)

view = views.service_view(ctx.url, shown, ctx.version)
queue_view = views.queue_view(ctx.url, shown, ctx.version)
if view.empty and queue_view.empty:
    st.info("Belum ada data permohonan layanan maupun survei kepuasan masyarakat (SKM) untuk pilihan ini. "
            "Permohonan dicatat oleh kantor pelayanan seperti Disdukcapil dan DPMPTSP: pilih daerah, OPD atau "
            "periode lain, atau minta analis mengimpor data layanan, antrian dan SKM.", icon=":material/info:")
    st.stop()

now, before = view.figures, view.previous
label = view.group_label
drillable = view.group_column != views.SERVICE
grouping = views.grouping(ctx.url, shown, ctx.version)  # what a click opens, in either section
vk = levels.view_key(shown)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_units(units) -> str:
    names = list(dict.fromkeys(units))
    names = [fmt.literal(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]


# --- KPI tiles ----------------------------------------------------------------------------------
c1, c2, c3, c4 = st.columns(4)
with c1:
    kpi.tile("share_within_standard", now.share_within_standard, before.share_within_standard,
             metric=data.metric_for(ctx.url, shown, ctx.version, "share_within_standard"), note=f"{fmt.number(now.judged)} permohonan dinilai (selesai, atau terbuka dan sudah lewat standar)")
with c2:
    median_def = CATALOGUE["median_turnaround"]
    if now.turnaround_unit:
        change = None
        if before.turnaround_unit == now.turnaround_unit and not _missing(before.median_turnaround):
            change = now.median_turnaround - before.median_turnaround
        kpi.plain_tile(median_def.label, f"{fmt.number(now.median_turnaround, 1)} {now.turnaround_unit}", change,
                       help=median_def.definition, note="Setengah permohonan selesai lebih cepat dari ini")
    elif now.requests and not _missing(now.median_ratio):
        # Hours and days do not mix in one median: the unit-free multiple of the standard does.
        change = None if _missing(before.median_ratio) else now.median_ratio - before.median_ratio
        kpi.plain_tile(median_def.label, f"{fmt.number(now.median_ratio, 2)}×", change, decimals=2,
                       help=median_def.definition + " Bila satuan standarnya berbeda-beda, ditampilkan sebagai "
                       "kelipatan batas standar (1 = tepat di batas).",
                       note=f"Setengah permohonan selesai dalam {fmt.number(now.median_ratio, 2)} kali batas "
                       f"standarnya (standar di sini memakai {fmt_units(now.units)})")
    elif now.requests:
        kpi.plain_tile(median_def.label, "–", help=median_def.definition,
                       note="Belum ada permohonan selesai yang punya standar layanan")
    else:
        kpi.plain_tile(median_def.label, "–", help=median_def.definition, note="Belum ada permohonan")
with c3:
    note = (f"Mutu {fmt.literal(now.mutu)} ({fmt.literal(now.kinerja)}) · {fmt.number(now.respondents)} responden"
            if now.mutu else None)
    kpi.tile("ikm", now.ikm, before.ikm, note=note,
             metric=data.metric_for(ctx.url, shown, ctx.version, "ikm"))
with c4:
    kpi.plain_tile("Belum selesai, lewat standar", fmt.number(now.open_overdue),
                   now.open_overdue - before.open_overdue if before.requests else None, decimals=0,
                   help="Permohonan yang belum selesai padahal waktunya sudah melewati standar layanan.",
                   note=f"Dihitung sampai {fmt.until(view.as_of)}" if view.as_of else None)
if before.requests or before.respondents:
    st.caption(f"Perubahan dibanding {view.previous_label}.")
else:
    st.caption(f"Belum ada data {view.previous_label} sebagai pembanding.")

# --- speed against the standard -----------------------------------------------------------------
if now.requests:
    st.subheader("Waktu penyelesaian dibanding standar layanan")
    st.caption("Angka 1,0 berarti tepat di batas standar layanan (jam, hari kerja atau hari kalender, sesuai "
               "maklumatnya): batang abu-abu memuat separuh permohonan di tengah, garis hitam mediannya"
               + (f", dan setiap titik adalah median satu {label.lower()} — titik merah di kanan garis putus-putus "
                  "lebih lambat dari standar." if drillable and view.offices > 1 else "."))
    if view.ratio_by_service.empty:
        st.info("Belum ada permohonan selesai yang punya standar layanan pada pilihan ini.")
    else:
        tables.chart(charts.turnaround_vs_standard, view.ratio_by_service, view.ratio_by_group, label,
                     key="svc_ratio", title="Waktu penyelesaian dibanding standar")

    speed_groups = view.groups[view.groups["judged"] > 0]
    if len(speed_groups):
        st.subheader(f"Tepat waktu per {label.lower()}")
        st.caption(f"Bagian permohonan yang selesai tidak melewati standarnya, dari yang selesai ditambah yang "
                   f"belum selesai padahal sudah lewat standar; garis putus-putus = target "
                   f"{fmt.percent(view.on_time.target, 0)}. "
                   + (f"Klik batang untuk membuka {label.lower()} itu. " if drillable else "")
                   + f"Kelompok dengan kurang dari {view.min_group_size} permohonan yang dinilai ditandai "
                   "abu-abu (terlalu kecil untuk dinilai).")
        picked = tables.chart(charts.share_on_time, speed_groups, label, selectable=drillable, metric=view.on_time,
                              key=f"svc_share_{vk}",
                              title=f"Tepat waktu per {label.lower()}",
                              **({"on_select": "rerun", "selection_mode": charts.GROUP_SELECTION} if drillable else {}))
        if drillable and picked:
            points = (picked.get("selection") or {}).get(charts.GROUP_SELECTION) or []
            if points and points[0].get("gid") is not None:
                levels.drill_into(grouping, points[0]["gid"], data.inputs_for(ctx.url, shown, ctx.version))

    if len(view.monthly) and view.monthly["bulan_ke"].nunique() > 1:
        st.subheader("Tepat waktu per bulan")
        st.caption(f"Setiap kotak: bagian permohonan yang masuk pada bulan itu dan selesai dalam standar, per "
                   f"{label.lower()}; baris yang merah sepanjang tahun lambat terus, baris yang berubah dari merah "
                   "ke hijau makin cepat.")
        order = view.groups.sort_values("share_within_standard")["nama"].tolist()  # as the bars above
        tables.chart(charts.monthly_heatmap, view.monthly, label, order, key="svc_month",
                     title="Tepat waktu per bulan")

# --- quality: IKM ---------------------------------------------------------------------------------
if now.respondents:
    st.subheader("Kepuasan masyarakat (IKM)")
    st.caption("IKM dihitung dari sembilan unsur Survei Kepuasan Masyarakat (PermenPANRB 14/2017) pada skala "
               "25–100; warna latar adalah mutu: D di bawah 65,00, C sampai 76,60, B sampai 88,30, A mulai 88,31.")
    left, right = st.columns(2)
    quality_groups = view.groups[view.groups["respondents"] > 0]
    with left:
        if len(quality_groups) > 1:
            st.markdown(f"**IKM per {label.lower()}**")
            tables.chart(charts.ikm_by_group, quality_groups, label, view.ikm_bands, key="svc_ikm",
                         title=f"IKM per {label.lower()}")
        else:
            only = quality_groups.iloc[0]
            st.markdown(f"**IKM {fmt.literal(only['nama'])}**: {fmt.number(only['ikm'], 2)} — mutu "
                        f"{fmt.literal(only['mutu'])} ({fmt.literal(only['kinerja'])}), dari {fmt.number(only['respondents'])} responden.")
    with right:
        weakest = view.elements.sort_values("score").iloc[0]
        st.markdown(f"**Sembilan unsur SKM** — terlemah: *{fmt.literal(weakest['element'])}* "
                    f"(NRR {fmt.number(weakest['nrr'], 2)} dari 4)")
        tables.chart(charts.skm_elements, view.elements, view.ikm_bands, key="svc_unsur", title="Nilai unsur SKM")

# --- the queue at the counter -------------------------------------------------------------------
q, q_before = queue_view.signal.figures, queue_view.signal.previous
if q.tickets:
    q_label = queue_view.group_label
    q_drillable = queue_view.signal.group_column != views.SERVICE
    q_target = queue_view.signal.target_minutes
    st.subheader("Antrian")
    st.caption(f"Waktu tunggu warga di kantor, dari mengambil tiket sampai dipanggil ke loket, menurut ekspor sistem "
               f"antrian: {fmt.number(q.tickets)} tiket, rata-rata {fmt.number(q.tickets_per_day, 1)} tiket per kantor "
               f"per hari layanan. Target tunggu {fmt.number(q_target)} menit "
               "(pengaturan, belum diverifikasi).")
    a1, a2, a3, a4 = st.columns(4)
    with a1:
        kpi.tile("queue_share_within_target", q.share_within_target,
                 q_before.share_within_target if q_before.tickets else None, metric=data.metric_for(ctx.url, shown, ctx.version, "queue_share_within_target"),
                 note=f"Dipanggil paling lama {fmt.number(q_target)} menit lalu dilayani")
    with a2:
        wait_def = CATALOGUE["queue_median_wait"]
        kpi.plain_tile(wait_def.label, f"{fmt.number(q.median_wait)} menit",
                       None if _missing(q_before.median_wait) else q.median_wait - q_before.median_wait, decimals=0,
                       help=wait_def.definition, note=f"Persentil 90: {fmt.number(q.p90_wait)} menit")
    with a3:
        kpi.tile("queue_share_not_served", q.share_not_served,
                 q_before.share_not_served if q_before.tickets else None,
                 metric=data.metric_for(ctx.url, shown, ctx.version, "queue_share_not_served"),
                 note=f"{fmt.number(q.not_served)} tiket tidak selesai dilayani")
    with a4:
        online_note = (f"Median tunggu online {fmt.number(q.median_wait_online)} menit, datang langsung "
                       f"{fmt.number(q.median_wait_walk_in)} menit"
                       if not _missing(q.median_wait_online) and not _missing(q.median_wait_walk_in) else None)
        kpi.tile("queue_online_share", q.online_share, q_before.online_share if q_before.tickets else None,
                 note=online_note)
    if len(queue_view.signal.groups) > 1:
        st.markdown(f"**Waktu tunggu per {q_label.lower()}**")
        st.caption("Titik = median waktu tunggu, batang abu-abu sampai persentil 90 (sembilan dari sepuluh warga "
                   "menunggu tidak lebih lama); garis merah putus-putus = target tunggu. Warna titik = status "
                   "bagian tiket yang dilayani dalam target. "
                   + (f"Klik titik untuk membuka {q_label.lower()} itu." if q_drillable else ""))
        q_picked = tables.chart(charts.queue_wait_by_group, queue_view.signal.groups, q_label, q_target,
                                selectable=q_drillable, key=f"q_wait_{vk}", title=f"Waktu tunggu per {q_label.lower()}",
                                **({"on_select": "rerun", "selection_mode": charts.GROUP_SELECTION} if q_drillable else {}))
        if q_drillable and q_picked:
            points = (q_picked.get("selection") or {}).get(charts.GROUP_SELECTION) or []
            if points and points[0].get("gid") is not None:
                levels.drill_into(grouping, points[0]["gid"], data.inputs_for(ctx.url, shown, ctx.version))
    if len(queue_view.signal.hours) > 1:
        st.markdown("**Jam tersibuk**")
        st.caption(f"Median waktu tunggu menurut hari dan jam tiket diambil, dibaca terhadap target tunggu "
                   f"{fmt.number(q_target)} menit: hijau jauh di bawah target, makin kuning mendekati target, jingga "
                   f"sampai merah lewat target (paling merah: {charts.minutes_label(charts.hours_reddest(q_target))} "
                   "menit atau lebih).")
        tables.chart(charts.queue_hours_heatmap, queue_view.signal.hours, q_target, key="q_hours",
                     title="Jam tersibuk antrian")
    trained = queue_view.signal.training_wait
    if len(trained) >= 2:
        st.markdown("**Pelatihan pegawai dan waktu tunggu**")
        st.caption("Setiap titik satu kantor: bagian pegawainya yang memenuhi target JP pengembangan kompetensi "
                   "tahun ini (mendatar) dan median waktu tunggu warganya (tegak); arahkan kursor ke titik untuk "
                   "melihat jumlah tiket dan pegawainya. Titik abu-abu: tiket atau pegawainya kurang dari "
                   f"{queue_view.signal.min_group_size}. Grafik ini hanya menunjukkan hubungan (asosiasi) antarkantor, "
                   "bukan sebab-akibat: kantor yang pegawainya lebih banyak berlatih belum tentu lebih cepat "
                   "karena pelatihannya.")
        tables.chart(charts.queue_training_scatter, trained, q_target, key="q_training",
                     title="Pelatihan pegawai dan waktu tunggu")
    q_table = ordered(queue_view.signal.groups, "share_within_target")
    if q_drillable:
        st.caption(f"Pilih satu baris untuk membuka {q_label.lower()} itu.")
    q_row = tables.show(
        f"Antrian per {q_label.lower()}", q_table,
        {"nama": Column(q_label), "tickets": Column("Tiket", "int"), "tickets_per_day": Column("Tiket per hari", "dec1"),
         "median_wait": Column("Median tunggu (menit)", "dec1"), "p90_wait": Column("Persentil 90 (menit)", "dec1"),
         "share_within_target": Column("Dalam target tunggu", "pct"), "status": Column("Status"),
         "share_not_served": Column("Tidak dilayani", "pct"), "online_share": Column("Online", "pct"),
         "median_wait_online": Column("Median tunggu online", "dec1"),
         "median_wait_walk_in": Column("Median tunggu datang langsung", "dec1")},
        key=f"q_groups_{vk}", status_of={"share_within_target": "status"},
        **({"on_select": "rerun", "selection_mode": "single-row"} if q_drillable else {}))
    if q_drillable and q_row:
        q_rows = q_row.selection.rows
        if q_rows:
            levels.drill_into(grouping, q_table.iloc[q_rows[0]]["gid"],
                              data.inputs_for(ctx.url, shown, ctx.version))

# --- open requests past their standard ----------------------------------------------------------
if now.requests:
    st.subheader("Permohonan belum selesai yang lewat standar")
    if view.overdue.empty:
        st.success(f"Tidak ada permohonan yang belum selesai melewati standarnya (sampai "
                   f"{fmt.until(view.as_of)}).", icon=":material/check_circle:")
    else:
        st.caption(f"Diukur sampai {fmt.until(view.as_of)}; \"lewat\" dihitung dalam satuan standarnya "
                   "(jam, hari kerja atau hari kalender). Yang paling lama menunggu ada di atas.")
        overdue = view.overdue.assign(
            standar=[f"{fmt.number(v)} {u}" for v, u in zip(view.overdue["limit_value"], view.overdue["limit_unit"])],
            satuan=view.overdue["limit_unit"].astype(str),
            diterima=pd.to_datetime(view.overdue["received_at"]).dt.normalize(),
            menunggu=(pd.Timestamp(view.as_of) - pd.to_datetime(view.overdue["received_at"]).dt.normalize()).dt.days,
        ).sort_values(["menunggu", "number"], ascending=[False, True])
        columns = {"number": Column("Nomor permohonan"), "service_type": Column("Jenis layanan"),
                   "diterima": Column("Diterima", "date"), "menunggu": Column("Hari sejak diterima", "int"),
                   "standar": Column("Standar"), "over": Column("Lewat standar", "dec1"),
                   "satuan": Column("Satuan lewat")}
        if view.offices > 1:
            columns |= {"daerah": Column("Daerah"), "opd": Column("OPD")}
        tables.show("Permohonan lewat standar", overdue, columns, key="svc_overdue",
                    height=min(420, 38 + 35 * len(overdue)))

# --- per group table ----------------------------------------------------------------------------
st.subheader(f"Rincian per {label.lower()}")
table = ordered(view.groups, "share_within_standard")
table["median_teks"] = [
    f"{fmt.number(m, 1)} {u}" if not _missing(m) and isinstance(u, str) and u else "–"
    for m, u in zip(table["median_turnaround"], table["turnaround_unit"])]
if drillable:
    st.caption(f"Pilih satu baris untuk membuka {label.lower()} itu.")
picked_row = tables.show(
    f"Pelayanan per {label.lower()}", table,
    {"nama": Column(label), "requests": Column("Permohonan", "int"),
     "judged": Column("Dinilai thd standar", "int"), "share_within_standard": Column("Tepat waktu", "pct"),
     "status": Column("Status"), "median_ratio": Column("Median × standar", "dec2"),
     **({"median_teks": Column("Median waktu (satuan terbanyak)")} if table["turnaround_unit"].notna().any() else {}),
     "open_overdue": Column("Belum selesai, lewat standar", "int"), "respondents": Column("Responden SKM", "int"),
     "ikm": Column("IKM", "dec2"), "ikm_status": Column("Mutu")},
    key=f"svc_groups_{vk}", status_of={"share_within_standard": "status"}, **({"on_select": "rerun", "selection_mode": "single-row"} if drillable else {}))
if drillable and picked_row:
    rows = picked_row.selection.rows
    if rows:
        levels.drill_into(grouping, table.iloc[rows[0]]["gid"], data.inputs_for(ctx.url, shown, ctx.version))

tables.report_button(TITLE, chosen.labels, ctx.user.display_name, data.freshness(ctx.url, ctx.version))
brief.button(ctx, chosen, TITLE)
