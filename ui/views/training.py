"""Pengembangan Kompetensi: the page's figures for one view, cached by small keys (database, filters,
data version). Every number comes from metrics.pipeline.training, the pipeline the report calls too;
this module only caches it and adds the page's labels.

How the target is read: a whole year against the yearly target per status (default 20 JP); a single
quarter (Periode filter) counts only trainings starting in that quarter and reads the yearly target
pro rata over the quarter's days (e.g. 20 × 92/365 ≈ 5,0 JP for July–September)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from vocab import codes
from vocab.catalogue import CATALOGUE
from vocab.periods import previous_label, previous_period
from metrics.pipeline import training as pipeline
from ui import data, fmt, levels

ROUTE_LABELS = {"klasikal": "Klasikal", "nonklasikal": "Nonklasikal", "pendidikan": "Pendidikan"}


@dataclass(frozen=True)
class TrainingView:
    """Everything the page shows for one view. `empty` is the sentence to show instead, if any."""

    empty: str | None
    start: date | None = None
    end: date | None = None
    as_of: date | None = None
    target_fraction: float = 1.0  # 1 = the yearly target; a quarter reads it pro rata
    targets: dict | None = None  # per status, as read for the span
    pace_targets: dict | None = None  # per status, as of today, while the span is not over
    min_group: int = 5
    coverage_metric: object = CATALOGUE["share_meeting_target"]  # with this year's province target
    overall: dict | None = None  # share_meeting_target, share_zero, median_jp, employees, ...
    previous: dict | None = None  # the same for the period before, when it has staff and trainings
    previous_label: str = ""  # that period's name, e.g. "Triwulan II 2026"
    share_on_pace: float | None = None
    jp: pd.DataFrame | None = None  # one row per employee (names included; shown only when allowed)
    groups: pd.DataFrame | None = None  # coverage per group one level below the view
    units: pd.DataFrame | None = None  # coverage per unit in the view, with max_jp
    routes: pd.DataFrame | None = None
    histogram: pd.DataFrame | None = None
    hist_width: float = 5.0
    hist_cap: float = 40.0
    grouping: levels.Grouping | None = None
    gaps: pd.DataFrame | None = None  # officials without their leadership training
    gap_groups: pd.DataFrame | None = None


def target_text(targets: dict) -> str:
    """'20 JP' when every status has the same target, else 'PNS 20 JP, PPPK 10 JP'."""
    distinct = sorted(set(targets.values()))
    if len(distinct) == 1:
        return f"{fmt.number(distinct[0], 1 if distinct[0] % 1 else 0)} JP"
    return ", ".join(f"{s} {fmt.number(t, 1 if t % 1 else 0)} JP" for s, t in targets.items())


def _jp(value: float) -> str:
    return fmt.number(value, 1 if value % 1 else 0)


@st.cache_data(ttl=3600, show_spinner="Menghitung JP per pegawai…", max_entries=64)
def view(url: str, chosen, version: tuple) -> TrainingView:
    """Every figure the Pengembangan Kompetensi page shows for one view (metrics.pipeline.training)."""
    inputs = data.inputs_for(url, chosen, version)
    span = "tahun " + str(chosen.year) if chosen.period is None else (
        f"{codes.PERIOD_LABELS[chosen.period]} {chosen.year}")
    if inputs.roster.empty:
        return TrainingView("Belum ada pegawai aktif untuk pilihan ini. Ubah filter daerah, OPD, unit, status "
                            "atau jenis jabatan.")
    if inputs.trainings.empty:
        return TrainingView(
            f"Belum ada data pelatihan yang tercatat untuk {span} dalam pilihan ini. Pilih tahun atau periode "
            "lain, atau minta analis mengimpor data pelatihan (riwayat diklat). Bila data pelatihan sudah "
            "diimpor, berarti belum satu pun pegawai di sini tercatat mengikuti pengembangan kompetensi.")
    py, pp = previous_period(chosen.year, chosen.period)
    before = data.inputs(url, chosen.scope, py, pp, version).for_staff(chosen.statuses, chosen.jabatan_types)
    grouping = levels.group_for(chosen, inputs)
    sig = pipeline.signal(inputs, before, grouping.column)
    routes = sig.routes.assign(label=sig.routes["route"].map(ROUTE_LABELS).fillna(sig.routes["route"]))
    histogram = sig.histogram.assign(band=[
        f"{_jp(a)} JP atau lebih" if open_ else f"{_jp(a)} – <{_jp(b)} JP"
        for a, b, open_ in zip(sig.histogram["bin_start"], sig.histogram["bin_end"], sig.histogram["open_ended"])])
    return TrainingView(
        empty=None, start=sig.span.start, end=sig.span.end, as_of=sig.span.as_of,
        target_fraction=sig.span.fraction, targets=sig.span.targets, pace_targets=sig.span.pace_targets,
        min_group=sig.min_group_size, coverage_metric=inputs.metric("share_meeting_target"),
        overall=sig.overall, previous=sig.previous, previous_label=previous_label(chosen.year, chosen.period),
        share_on_pace=sig.share_on_pace, jp=sig.jp, groups=sig.groups, units=sig.units, routes=routes,
        histogram=histogram, hist_width=sig.hist_width, hist_cap=sig.hist_cap, grouping=grouping,
        gaps=sig.gaps, gap_groups=sig.gap_groups)
