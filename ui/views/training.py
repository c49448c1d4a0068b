"""Pengembangan Kompetensi: the page's figures for one view, computed once per (database, filters,
data version) and cached. Pure pandas on top of metrics.training; no drawing here.

How the target is read: a whole year against the yearly target per status (default 20 JP); a single
quarter (Periode filter) counts only trainings starting in that quarter and reads the yearly target
pro rata over the quarter's days (e.g. 20 × 92/365 ≈ 5,0 JP for July–September)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import streamlit as st

from data_access import codes
from metrics import training
from metrics.catalogue import CATALOGUE, TOO_SMALL
from metrics.periods import period_bounds
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
    previous: dict | None = None  # the same for the same span a year earlier, when it has trainings
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


def _nice_width(target: float) -> float:
    """A readable band width, about a quarter of the target."""
    for width in (1, 2, 2.5, 5, 10, 20, 25, 50):
        if width >= target / 4 - 1e-9:
            return float(width)
    return 100.0


def _summary(coverage_row: pd.Series) -> dict:
    return {k: (None if pd.isna(coverage_row[k]) else float(coverage_row[k]))
            for k in ("share_meeting_target", "share_zero", "median_jp", "mean_jp", "share_klasikal_jp")} | {
        "employees": int(coverage_row["employees"]), "meeting_target": int(coverage_row["meeting_target"])}


def _status(share, employees: int, min_group: int, metric=CATALOGUE["share_meeting_target"]) -> str:
    if employees < min_group:
        return TOO_SMALL
    return metric.status(None if pd.isna(share) else float(share)) or "–"


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Ranked groups worst first (lowest share meeting the target, then most without any), then the
    groups too small to judge, by name: never ranked."""
    small = frame["status"] == TOO_SMALL
    ranked = frame[~small].sort_values(["share_meeting_target", "share_zero", "nama"],
                                       ascending=[True, False, True], kind="stable")
    return pd.concat([ranked, frame[small].sort_values("nama", kind="stable")], ignore_index=True)


@st.cache_data(ttl=3600, show_spinner="Menghitung JP per pegawai…", max_entries=64)
def view(url: str, chosen, version: tuple) -> TrainingView:
    inputs = data.inputs_for(url, chosen, version)
    settings = inputs.settings
    min_group = int(settings["min_group_size"])
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

    start, end = period_bounds(chosen.year, chosen.period)
    fraction = training.span_fraction(start, end)
    targets = training.scaled_targets(settings["jp_target"], fraction)
    as_of = inputs.as_of
    pace_targets = None
    if start <= as_of < end:
        pace_targets = training.scaled_targets(settings["jp_target"], training.span_fraction(start, as_of))

    jp = training.jp_per_employee(inputs.roster, inputs.trainings, chosen.year, jp_minutes=settings["jp_minutes"])
    overall = _summary(training.training_coverage(jp, targets, by=()).iloc[0])
    share_on_pace = None
    if pace_targets is not None:
        share_on_pace = float(training.training_coverage(jp, pace_targets, by=())["share_meeting_target"].iloc[0])

    previous = None
    before = data.inputs(url, chosen.scope, chosen.year - 1, chosen.period, version).for_staff(
        chosen.statuses, chosen.jabatan_types)
    if not before.trainings.empty and not before.roster.empty:
        p_start, p_end = period_bounds(chosen.year - 1, chosen.period)
        p_targets = training.scaled_targets(before.settings["jp_target"], training.span_fraction(p_start, p_end))
        p_jp = training.jp_per_employee(before.roster, before.trainings, chosen.year - 1,
                                        jp_minutes=before.settings["jp_minutes"])
        previous = _summary(training.training_coverage(p_jp, p_targets, by=()).iloc[0])

    # Per group one level below the view.
    grouping = levels.group_for(chosen, inputs)
    groups = training.training_coverage(jp, targets, by=[grouping.column])
    groups = levels.named(groups, inputs, grouping).rename(columns={grouping.column: "group_id"})
    # Each agency against its own target where leaders set one (metric_targets), else the province's.
    per_agency = grouping.column == levels.AGENCY
    groups["status"] = [_status(s, n, min_group, inputs.metric("share_meeting_target", g if per_agency else None))
                        for s, n, g in zip(groups["share_meeting_target"], groups["employees"], groups["group_id"])]
    groups["catatan"] = np.where(groups["status"] == TOO_SMALL, f"kurang dari {min_group} pegawai", "")
    groups = ordered(groups)

    # Per unit, anywhere in the view: who has nobody at the target yet.
    units = training.training_coverage(jp, targets, by=["agency_id", "unit_id"]).merge(
        training.highest_jp(jp, by=("unit_id",)), on="unit_id", how="left")
    units["unit"] = units["unit_id"].map(levels.names(inputs, levels.UNIT)).fillna("(tidak diketahui)")
    agencies = inputs.agencies.set_index("agency_id")
    units["agency"] = units["agency_id"].map(agencies["agency"])
    units["region_id"] = units["agency_id"].map(agencies["region_id"])
    units["region"] = units["agency_id"].map(agencies["region"])
    units["status"] = [_status(s, n, min_group, inputs.metric("share_meeting_target", a))
                       for s, n, a in zip(units["share_meeting_target"], units["employees"], units["agency_id"])]
    units["nama"] = units["unit"]

    # Routes: JP per route over everyone.
    routes = pd.DataFrame([
        {"route": name, "label": ROUTE_LABELS.get(name, name), "jp": float(jp[column].sum()),
         "employees": int((jp[column] > 0).sum())}
        for name, column in training.ROUTE_COLUMNS.items()])
    total = routes["jp"].sum()
    routes["share"] = routes["jp"] / total if total > 0 else np.nan

    # The distribution: bands of about a quarter of the target, the last band open at twice it.
    top = max(targets.values())
    width = _nice_width(top)
    cap = float(np.ceil(2 * top / width) * width)
    histogram = training.jp_histogram(jp, targets, width, cap)
    histogram["band"] = [
        f"{fmt.number(a, 1 if a % 1 else 0)} JP atau lebih" if open_ else
        f"{fmt.number(a, 1 if a % 1 else 0)} – <{fmt.number(b, 1 if b % 1 else 0)} JP"
        for a, b, open_ in zip(histogram["bin_start"], histogram["bin_end"], histogram["open_ended"])]

    # Leadership training: every structural official in the view, any year's training.
    gaps = training.leadership_gaps(inputs.roster, inputs.leadership)
    people = inputs.roster.set_index("employee_id")
    gaps = gaps.assign(jabatan=gaps["employee_id"].map(people["jabatan_name"]),
                       region_id=gaps["employee_id"].map(people["region_id"]),
                       unit=gaps["unit_id"].map(levels.names(inputs, levels.UNIT)))
    structural = inputs.roster[inputs.roster["jabatan_type"].isin(list(training.LEADERSHIP_REQUIREMENTS))]
    officials = structural.groupby(grouping.column).size().rename("officials")
    missing = gaps.groupby(grouping.column).size().rename("missing")
    by_type = gaps.pivot_table(index=grouping.column, columns="jabatan_type", values="employee_id",
                               aggfunc="size", fill_value=0)
    gap_groups = pd.concat([officials, missing], axis=1).fillna(0).astype("int64")
    for jabatan_type in training.LEADERSHIP_REQUIREMENTS:
        gap_groups[f"missing_{jabatan_type}"] = (by_type[jabatan_type] if jabatan_type in by_type
                                                 else pd.Series(dtype="int64")).reindex(gap_groups.index).fillna(0).astype("int64")
    gap_groups["share_missing"] = gap_groups["missing"] / gap_groups["officials"].where(gap_groups["officials"] > 0)
    gap_groups = levels.named(gap_groups.rename_axis(grouping.column).reset_index(), inputs, grouping)
    gap_groups = gap_groups.rename(columns={grouping.column: "group_id"}).sort_values(
        ["missing", "nama"], ascending=[False, True], kind="stable").reset_index(drop=True)

    return TrainingView(
        empty=None, start=start, end=end, as_of=as_of, target_fraction=fraction, targets=targets,
        pace_targets=pace_targets, min_group=min_group, coverage_metric=inputs.metric("share_meeting_target"), overall=overall, previous=previous,
        share_on_pace=share_on_pace, jp=jp, groups=groups, units=units, routes=routes, histogram=histogram,
        hist_width=width, hist_cap=cap, grouping=grouping, gaps=gaps, gap_groups=gap_groups)
