"""The key chart of each signal page, for the brief: the page's own chart builder (ui.charts.*) on the
frame its pipeline computes (metrics.pipeline.*), grouped one level below the view as the page groups
it, drawn by vl-convert as a high-resolution PNG and handed to the brief (metrics.brief_document) as
sections with a figure. No Streamlit: the pages' PDF download (ui.brief) and `python -m metrics brief`
both call `sections`, so the file is the same wherever it is made."""
from __future__ import annotations

import dataclasses
from concurrent.futures import Future, ThreadPoolExecutor

import altair as alt
import vl_convert

from metrics import pipeline
from metrics.brief import SIGNALS
from metrics.pipeline import adoption as adoption_pipeline
from metrics.pipeline import appraisal as appraisal_pipeline
from metrics.pipeline import service as service_pipeline
from metrics.pipeline import training as training_pipeline
from ui.charts import adoption, appraisal, service, training
from vocab.document import Figure, Section
from vocab.periods import period_label

WIDTH = 640  # CSS px, the whole chart with its labels: the PDF frame's width (481 pt) at 0,75 pt a pixel
# Pixels per CSS pixel: about 190 dpi where the chart is printed at its width, sharp on paper; 3 drew
# and embedded more than twice as slowly (1,3 s more of a province brief at 100.000 ASN) for no visible gain.
PIXEL_RATIO = 2
# vl-convert draws outside Python's lock, so one drawing thread draws a chart while the next chart's
# figures are computed, and starts its engine (about 0,5 s, once per process: `warm`) while the
# scorecard is. Together about a second of a province brief at 100.000 ASN on two cores.
_DRAWER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vl-convert")
_WARM_SPEC = {"data": {"values": [{"x": 0}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}
_warmed: list[Future] = []


def per(label: str) -> str:
    """'per daerah', 'per unit kerja', 'per jenis layanan'; 'per OPD' keeps its capitals."""
    return f"per {label if label.isupper() else label.lower()}"


def warm() -> None:
    """Start vl-convert's engine in the drawing thread, once per process, so that the first chart does
    not wait for it: call it before the brief's other work."""
    if not _warmed:
        _warmed.append(_DRAWER.submit(vl_convert.vegalite_to_png, _WARM_SPEC))


def _png(spec: dict) -> Figure:
    return Figure(vl_convert.vegalite_to_png(spec, scale=PIXEL_RATIO), PIXEL_RATIO)


def drawing(chart) -> Future:
    """A chart as wide as the PDF's frame (its plot shrinks to leave room for its labels and legend),
    being drawn as PNG at PIXEL_RATIO in the drawing thread: the Future's result is its Figure."""
    sized = chart.properties(width=WIDTH, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
                             background="#ffffff")
    with alt.data_transformers.disable_max_rows():
        spec = sized.to_dict()
    return _DRAWER.submit(_png, spec)


@dataclasses.dataclass(frozen=True)
class _Pending:
    """A section whose figure is still being drawn."""

    section: Section
    figure: Future | None

    def done(self) -> Section:
        return self.section if self.figure is None else dataclasses.replace(self.section, figure=self.figure.result())


def _section(signal: str, title: str, chart, note: str) -> _Pending:
    """One signal's chart as a level-2 section ('Penilaian kinerja: Sebaran predikat per Daerah');
    without a chart, the note says why."""
    return _Pending(Section(f"{SIGNALS[signal][0]}: {title}", level=2, note=note),
                    None if chart is None else drawing(chart))


def _appraisal(inputs, year_before, period, column: str, unit_level: bool) -> _Pending:
    label = pipeline.GROUP_LABELS[column]
    title = f"Sebaran predikat {per(label)}"
    sig = appraisal_pipeline.signal(inputs, year_before, column, period, unit_level)
    frame = None if sig is None else appraisal.drawn_groups(sig.groups, appraisal_pipeline.SHARE)
    if frame is None or frame.empty:
        return _section("penilaian", title, None, appraisal.NO_RATED)
    chart = appraisal.distribution_bars(frame, appraisal_pipeline.SHARE, sig.marks, label)
    return _section("penilaian", title, chart,
                    f"Periode penilaian {period_label(sig.period)} {inputs.year}. Setiap batang: pegawai yang sudah "
                    "dinilai, dari predikat terburuk (kiri) ke terbaik; garis hitam pendek = batas sesuai predikat "
                    "organisasinya; nama merah = tidak mematuhi kurva.")


def _training(inputs, column: str) -> _Pending:
    label = pipeline.GROUP_LABELS[column]
    title = f"Capaian target JP {per(label)}"
    if inputs.roster.empty or inputs.trainings.empty:
        return _section("pengembangan", title, None, "Belum ada data pelatihan yang tercatat untuk pilihan ini.")
    metric = inputs.metric("share_meeting_target")
    chart = training.coverage_bars(training_pipeline.grouped(inputs, column), label, metric.target, metric.warning)
    return _section("pengembangan", title, chart,
                    "Bagian pegawai yang memenuhi target JP, terburuk di atas; garis tegas = target, putus-putus = "
                    "batas waspada; abu-abu = terlalu kecil untuk dinilai.")


def _service(inputs, column: str) -> _Pending:
    column = service_pipeline.grouped_by(column)
    names = None if column == service_pipeline.SERVICE else pipeline.names(inputs, column)
    column, groups = service_pipeline.grouped(inputs, column, names)
    label = service_pipeline.group_label(column)
    title = f"Tepat waktu {per(label)}"
    judged = groups[groups["judged"] > 0] if len(groups) else groups
    if judged.empty:
        return _section("pelayanan", title, None, "Belum ada permohonan layanan yang dinilai terhadap standarnya.")
    chart = service.share_on_time(judged, label, selectable=False, metric=inputs.metric("share_within_standard"))
    return _section("pelayanan", title, chart,
                    "Bagian permohonan yang selesai dalam standar waktunya (dari yang selesai ditambah yang belum "
                    "selesai padahal sudah lewat standar); garis putus-putus = target.")


def _adoption(inputs, column: str) -> _Pending:
    label = pipeline.GROUP_LABELS[column]
    title = f"Indeks resistensi {per(label)}"
    groups = adoption_pipeline.group_table(inputs, [column], names=pipeline.names(inputs, column))
    if groups.empty or groups["resistance_index"].notna().sum() == 0:
        return _section("adopsi", title, None, "Belum ada data progres harian e-Kinerja untuk pilihan ini.")
    agencies = list(inputs.agencies["agency_id"])
    metric = inputs.metric("resistance_index", agencies[0] if len(agencies) == 1 else None)
    return _section("adopsi", title, adoption.resistance_bars(groups, label, metric),
                    "Tertinggi di atas (0 = tidak ada resistensi, 1 = penuh): gabungan pegawai yang belum pernah "
                    "aktif, berhenti melapor, tidak patuh lapor harian, dan SKP belum disetujui.")


def sections(inputs, year_before, period: str | None, unit_level: bool = False) -> tuple[Section, ...]:
    """The four key charts of a view, one per signal in metrics.brief.SIGNALS' order, each on the
    pipeline's frame grouped one level below the view (metrics.pipeline.below). `year_before`: the
    previous whole year (the appraisal compares with it), as metrics.brief.build takes it."""
    warm()
    column = pipeline.below(inputs)
    pending = (_appraisal(inputs, year_before, period, column, unit_level), _training(inputs, column),
               _service(inputs, column), _adoption(inputs, column))
    return tuple(p.done() for p in pending)
