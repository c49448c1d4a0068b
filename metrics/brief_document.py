"""The brief (metrics.brief) written out as a document (vocab.document): the cover, "Yang berubah",
the headline per signal, the key chart of each signal page, the ten to handle first and the
definitions of the figures used. Pure text, with the charts handed in already drawn (ui.charts.brief
draws them from the pages' own builders); data_access.pdf lays it out, Ringkasan shows the same "Yang
berubah" lines."""
from __future__ import annotations

from collections.abc import Sequence

from vocab.catalogue import Metric
from vocab.document import Document, Section, TextTable
from vocab.formats import number, value_text
from vocab.periods import period_label
from metrics.brief import (FAILING, MOVED, RECOVERED, SHOWN, SIGNALS, Brief, headline_change, needs_text)

TITLE = "Ringkasan Kinerja ASN"
APP = "Dasbor Kinerja ASN Lampung"
KIND_TITLES = {FAILING: "Baru perlu tindakan", RECOVERED: "Pulih", MOVED: "Perubahan terbesar"}
KIND_NONE = {FAILING: "Tidak ada {g} yang baru perlu tindakan.",
             RECOVERED: "Tidak ada {g} yang keluar dari status perlu tindakan.",
             MOVED: "Tidak ada pergerakan besar lainnya."}


def group_word(brief: Brief) -> str:
    return "unit" if brief.level == "unit" else "OPD"


def scope_text(agencies) -> str:
    """The view's scope in words, from its agencies (region, agency): one agency, one region, or many."""
    regions = sorted(set(agencies["region"]))
    if len(agencies) == 1:
        row = agencies.iloc[0]
        return f"{row['agency']}, {row['region']}"
    if len(regions) == 1:
        return f"{regions[0]} ({number(len(agencies))} OPD)"
    return f"{number(len(regions))} daerah, {number(len(agencies))} OPD"


def period_text(brief: Brief) -> str:
    return f"{period_label(brief.period)} {brief.year}"


def changed_lines(brief: Brief, kind: str, shown: int = SHOWN) -> tuple[list[str], int]:
    """The sentences of one kind of change, largest first, at most `shown`; and how many more there are."""
    found = [c.sentence for c in brief.of(kind)]
    return found[:shown], max(len(found) - shown, 0)


def more_text(rest: int, brief: Brief) -> str:
    return (f"… dan {number(rest)} lainnya; kartu skor lengkap ada di Ringkasan dan di unduhan Excel-nya."
            if rest else "")


def changed_intro(brief: Brief) -> str:
    g = group_word(brief)
    return (f"Dibandingkan dengan {brief.previous_label}, untuk setiap {g} yang cukup besar untuk dinilai pada "
            f"kedua periode: yang baru berstatus perlu tindakan pada suatu indikator, yang keluar dari status itu, "
            f"dan pergerakan terbesar lainnya (paling sedikit seperempat jarak antara target dan garis waspada "
            f"indikatornya).")


def _changed(brief: Brief) -> list[Section]:
    g = group_word(brief)
    parts = [Section(f"Yang berubah sejak {brief.previous_label}", intro=changed_intro(brief))]
    for kind, title in KIND_TITLES.items():
        lines, rest = changed_lines(brief, kind)
        parts.append(Section(title, level=2, sentences=tuple(lines) or (KIND_NONE[kind].format(g=g),),
                             note=more_text(rest, brief)))
    return parts


def target_text(metric: Metric) -> str:
    """'≥ 90,0%' (higher is better) or '≤ 30,0%'; '–' without a target."""
    if metric.target is None:
        return "–"
    return f"{'≥' if metric.higher_is_better else '≤'} {value_text(metric.id, metric.target)}"


def _headlines(brief: Brief) -> Section:
    rows, compared = [], {}
    for signal, (title, ids) in SIGNALS.items():
        for h in (h for h in brief.headlines if h.metric.id in ids):
            rows.append((title, h.metric.label, value_text(h.metric.id, h.value), target_text(h.metric),
                         headline_change(h), h.status or ("belum ada data" if h.value is None else "–")))
            if h.compared_with:
                compared[title] = h.compared_with
    by_period: dict[str, list[str]] = {}
    for title, label in compared.items():
        by_period.setdefault(label, []).append(title.lower())
    note = "; ".join(f"{', '.join(titles)} dibanding {label}" for label, titles in by_period.items())
    note = f"Perubahan: {note}." if note else "Belum ada periode pembanding."
    if brief.period:
        note += (" Untuk satu periode, status median JP dibandingkan dengan target setahun di katalog, seperti di "
                 "halaman Pengembangan Kompetensi (yang juga menyebut target periodenya).")
    table = TextTable(("Sinyal", "Indikator", "Nilai", "Target", "Perubahan", "Status"), tuple(rows),
                      (2.2, 3.8, 1.5, 1.6, 2.9, 2.0), numeric=frozenset({2, 3, 4}))
    return Section("Angka utama per sinyal",
                   intro="Setiap sinyal atas seluruh pilihan ini, seperti pada kotak angka di halaman sinyalnya.",
                   table=table, note=note)


def _top(brief: Brief) -> Section:
    g = group_word(brief)
    unit = brief.level == "unit"
    headers = ("Peringkat", "Unit kerja" if unit else "OPD", *(() if unit else ("Daerah",)), "ASN",
               "Yang perlu tindakan")
    rows = []
    for r in brief.top.itertuples(index=False):
        rows.append((number(r.rank), str(r.name), *(() if unit else (str(r.region),)), number(r.headcount),
                     needs_text(r.needs, r.values)))
    widths = (1.5, 4.0, 1.0, 6.0) if unit else (1.5, 3.0, 2.6, 1.0, 4.6)
    small = brief.groups - brief.judged
    note = (f"{number(brief.judged)} dari {number(brief.groups)} {g} dinilai"
            + (f"; {number(small)} terlalu kecil untuk dinilai." if small else ".")
            + (" Peringkat: paling banyak indikator perlu tindakan, lalu paling banyak waspada." if rows else ""))
    # Nothing to rank (every group too small): a short section, not a page of its own.
    return Section(f"{'Unit' if unit else 'OPD'} yang perlu ditangani lebih dulu", new_page=bool(rows),
                   table=TextTable(headers, tuple(rows), widths, numeric=frozenset({0, len(headers) - 2}))
                   if rows else None,
                   intro="" if rows else f"Semua {g} di pilihan ini terlalu kecil untuk dinilai.", note=note)


def _definitions(brief: Brief) -> Section:
    rows = []
    for h in brief.headlines:
        m = h.metric
        line = "–" if m.target is None else target_text(m)
        if m.warning is not None:
            line += f"; waspada {value_text(m.id, m.warning)}"
        if m.target_unverified:
            line += " (bawaan dasbor)"
        rows.append((m.label, m.definition, line, m.source))
    table = TextTable(("Indikator", "Definisi", "Target; garis waspada", "Sumber"), tuple(rows),
                      (2.6, 6.0, 2.4, 2.6))
    return Section("Definisi angka", new_page=True, table=table,
                   intro="Arti setiap angka di ringkasan ini, dari katalog metrik dasbor (halaman Tentang Data).",
                   note="Status: sesuai target (mencapai target), waspada (di antara target dan garis waspada), "
                        "perlu tindakan (melewati garis waspada ke arah yang salah).")


def _charts(charts: Sequence[Section]) -> list[Section]:
    if not charts:
        return []
    return [Section("Grafik utama per sinyal", new_page=True,
                    intro="Grafik utama setiap halaman sinyal untuk pilihan ini, seperti di dasbor, satu tingkat di "
                          "bawah cakupannya."), *charts]


def document(brief: Brief, scope: str, cover: list[tuple[str, str]], charts: Sequence[Section] = ()) -> Document:
    """The brief as a document: `scope` in words (scope_text), `cover` the download's cover lines
    (vocab.document.cover_lines: filters, who, when, data freshness), `charts` the key chart of each
    signal as level-2 sections with their figure (ui.charts.brief.sections)."""
    lines = [("Cakupan", scope), ("Periode penilaian", period_label(brief.appraisal_period) if brief.appraisal_period else "–"),
             ("Dibandingkan dengan", brief.previous_label), *cover]
    return Document(title=TITLE, subtitle=f"{scope} · {period_text(brief)}", cover=tuple(lines),
                    sections=(*_changed(brief), _headlines(brief), *_charts(charts), _top(brief), _definitions(brief)),
                    footer=f"{TITLE} · {period_text(brief)} · {scope}")
