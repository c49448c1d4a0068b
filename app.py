"""Ringkasan: the leaders' landing page. Where to act: the four signals per agency (or unit) against
their targets, the agencies that need action first, and which lever fails most widely."""
import streamlit as st

from vocab.catalogue import ACT, CATALOGUE, TOO_SMALL
from vocab.periods import period_label
from metrics.brief_document import KIND_TITLES, changed_intro, changed_lines, more_text
from metrics.scorecard import SCORECARD_METRICS, status_spread
from ui import brief, charts, data, fmt, levels, tables
from data_access.workbook import Column
from ui.frame import breadcrumb, filters, link_to, start
from vocab import plan as plan_words
from ui.views.summary import brief_view, report_level, scorecard_view

ctx = start("Ringkasan")
chosen = filters(ctx)

st.title("Dasbor Kinerja ASN Lampung")
st.caption("Di mana harus bertindak: empat sinyal kebijakan manajemen kinerja ASN (penilaian, "
           "pengembangan kompetensi, pelayanan publik, adopsi e-Kinerja) per OPD, dibandingkan dengan targetnya.")
if ctx.demo:
    st.info("Anda melihat **data demo sintetis** (bukan data pegawai sebenarnya).", icon=":material/info:")
breadcrumb(chosen)

card, appraisal_period = scorecard_view(ctx.url, chosen, ctx.version)
if card.empty:
    st.warning("Belum ada data pegawai untuk pilihan ini. Ubah filter, atau minta analis mengimpor data "
               "pegawai (SIASN).")
    st.stop()

by_unit = report_level(ctx.url, chosen, ctx.version) == "unit"
group_word = "unit" if by_unit else "OPD"
Group_word = "Unit" if by_unit else "OPD"
judged = card[~card["too_small"]]
vk = levels.view_key(chosen)
NAME_WIDTH = 200  # px: a pinned name column that wraps; a phone still shows the column next to it
REGION_WIDTH = 150


def open_row(row) -> None:
    """A selected row opens its agency (or unit)."""
    inputs = data.inputs_for(ctx.url, chosen, ctx.version)
    if by_unit:
        levels.drill_into(levels.BY_UNIT, row["unit_id"], inputs)
    else:
        levels.drill_into(levels.BY_AGENCY, row["agency_id"], inputs)

c1, c2, c3, c4 = st.columns(4)
c1.metric("ASN aktif", fmt.number(card["headcount"].sum()), border=True)
if by_unit:
    c2.metric("Unit kerja", fmt.number(card["unit_id"].nunique()), border=True)
else:
    c2.metric("OPD", fmt.number(card["agency_id"].nunique()), border=True)
c3.metric("Perlu tindakan",
          fmt.number(int((judged["act_count"] >= 3).sum())), border=True,
          help=f"Jumlah {group_word} dengan tiga indikator atau lebih berstatus *perlu tindakan* (nilainya melewati "
               "garis waspada ke arah yang salah).")
c4.metric("Periode penilaian", period_label(appraisal_period) if appraisal_period else "–",
          border=True, help="Periode filter bila dipilih; jika tidak, penilaian tahunan atau periode terakhir.")
st.caption(f"Tahun {chosen.year}, {period_label(chosen.period).lower()}.")

# --- What changed since the previous period (the brief's first section) ---------------------------
made = brief_view(ctx.url, chosen, ctx.version)
fresh = data.freshness(ctx.url, ctx.version)
st.subheader(f"Yang berubah sejak {made.previous_label}")
st.caption(changed_intro(made))
for column, (kind, title) in zip(st.columns(len(KIND_TITLES)), KIND_TITLES.items()):
    lines, rest = changed_lines(made, kind)
    with column:
        st.markdown(f"**{title}**")
        if lines:
            st.markdown("\n".join(f"- {fmt.literal(line)}" for line in lines))
        else:
            st.caption("Tidak ada.")
        if rest:
            st.caption(fmt.literal(more_text(rest, made)))
brief.button(ctx, chosen, "Ringkasan")

# --- Where to act first ------------------------------------------------------------------
st.subheader(f"{Group_word} yang perlu ditangani lebih dulu")
ranked = judged.sort_values("rank").head(10)
min_size = int(data.inputs_for(ctx.url, chosen, ctx.version).settings["min_group_size"])
if ranked.empty:
    st.info(f"Semua {group_word} di pilihan ini terlalu kecil untuk dinilai (kurang dari {min_size} ASN).")
else:
    def _needs(row) -> str:
        return ", ".join(CATALOGUE[m].label for m in SCORECARD_METRICS if row[f"{m}_status"] == ACT) or "–"

    top = ranked.assign(needs=ranked.apply(_needs, axis=1))
    # Names and the list of indicators wrap (rows tall enough for three lines), so no row is cut: three
    # "Dinas Pendidikan" are told apart by the region next to them, on a phone too.
    name_cols = ({"unit_name": Column("Unit kerja", width=NAME_WIDTH, pin=True)} if by_unit else
                 {"agency_name": Column("OPD", width=NAME_WIDTH, pin=True),
                  "region": Column("Daerah", width=REGION_WIDTH)})
    picked = tables.show(
        "Perlu ditangani", top, {**name_cols,
                                 "act_count": Column("Perlu tindakan", "int", 125,
                                                     help="Jumlah indikator berstatus perlu tindakan."),
                                 "needs": Column("Indikator yang perlu tindakan", width=320),
                                 "rank": Column("Peringkat", "int", 90),
                                 "headcount": Column("ASN", "int", 60)},
        key=f"ringkasan_prioritas_{vk}", on_select="rerun", selection_mode="single-row",
        row_height=tables.WRAPPING_ROW, height="content")
    st.caption("Pilih satu baris untuk membuka " + ("unit" if by_unit else "OPD") + " itu.")
    if picked and picked.selection.rows:
        row = top.iloc[picked.selection.rows[0]]
        open_row(row)
st.caption("Untuk unit yang masih menolak laporan harian e-Kinerja: hambatannya, pendekatan yang disarankan, "
           "teladan sebaya dan siapa yang diajak berdiskusi.")
link_to(ctx, plan_words.PAGE_PATH)

# --- Which lever fails most widely -------------------------------------------------------
st.subheader("Sebaran status per indikator")
st.caption(f"Untuk setiap indikator: berapa {group_word} yang sesuai target, waspada, atau perlu tindakan "
           f"({group_word} tanpa data tidak dihitung).")
spread = status_spread(card)
spread = spread.assign(indikator=[CATALOGUE[m].label for m in spread["metric_id"]])
if judged.empty:
    st.info(f"Sebaran ini kosong: setiap {group_word} di pilihan ini beranggota kurang dari {min_size} ASN, "
            "batas terkecil untuk dinilai, sehingga tidak ada yang dihitung.", icon=":material/info:")
elif spread["jumlah"].sum() == 0:
    st.info(f"Sebaran ini kosong: belum ada indikator yang bisa dinilai untuk {group_word} di pilihan ini "
            "(datanya belum diimpor).", icon=":material/info:")
tables.chart(charts.status_spread, spread, group_word, key="ringkasan_sebaran",
             title="Sebaran status per indikator")

# --- The scorecard -----------------------------------------------------------------------
st.subheader("Kartu skor")
st.caption("Warna sel: hijau sesuai target, kuning waspada, merah perlu tindakan. Pilih satu baris untuk membuka "
           + group_word + " itu. Nama tetap terlihat saat tabel digeser ke samping; definisi tiap kolom ada di "
           "bawah tabel.")
columns = ({"agency_name": Column("OPD", width=NAME_WIDTH, pin=True), "region": Column("Daerah", width=REGION_WIDTH)}
           if not by_unit else {"unit_name": Column("Unit kerja", width=NAME_WIDTH, pin=True)})
columns |= {"headcount": Column("ASN", "int")}
for metric_id in SCORECARD_METRICS:
    metric = CATALOGUE[metric_id]
    kind = "pct" if metric.unit == "proporsi" else "dec2"
    columns[metric_id] = Column(metric.label, kind, help=metric.definition)
shown = card.assign(too_small_text=card["too_small"].map({True: TOO_SMALL, False: ""}))
columns["too_small_text"] = Column("Catatan")
picked = tables.show("Kartu skor", shown, columns, key=f"ringkasan_kartu_{vk}", on_select="rerun",
                     selection_mode="single-row", status_of={m: f"{m}_status" for m in SCORECARD_METRICS},
                     row_height=tables.WRAPPING_ROW, height=620)
if picked and picked.selection.rows:
    row = shown.iloc[picked.selection.rows[0]]
    open_row(row)
# The headers' help needs a pointer; on a touch screen the definitions are read here.
with st.expander("Definisi kolom kartu skor"):
    st.markdown("\n".join(f"- **{CATALOGUE[m].label}**: {fmt.literal(CATALOGUE[m].definition)}"
                          for m in SCORECARD_METRICS))

tables.report_button("Ringkasan", chosen.labels, ctx.user.display_name, fresh)
if not fresh.empty:
    last = fresh.loc[fresh["kind"] == "pegawai", "last_import"]
    if not last.empty:
        st.caption(f"Data pegawai terakhir diimpor {fmt.moment(last.iloc[0].to_pydatetime())}.")
