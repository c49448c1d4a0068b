"""The training signal (domain.md §3): JP per employee against their status's target, per view and group.

`span` reads the yearly target over the view's days (a quarter pro rata) and, while the span runs,
the pace target as of today; `summary` gives a view's headline, `group_table` one row per group (the
report's agencies or units, the page's regions, agencies or units), and `signal` everything the
Pengembangan Kompetensi page shows for one view and the period before. The report, the page and its
exports call these, so they show the same numbers.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from metrics import training
from metrics.pipeline import names as names_of
from vocab.catalogue import CATALOGUE, TOO_SMALL, Metric

UNKNOWN = "(tidak diketahui)"
SUMMARY_SHARES = ("share_meeting_target", "share_zero", "median_jp", "mean_jp", "share_klasikal_jp")


@dataclass(frozen=True)
class Span:
    """The days a view counts trainings in, and the targets read over them."""

    start: date
    end: date
    as_of: date  # today while the span runs, else its last day
    fraction: float  # of the year the span covers (1 = the yearly target)
    targets: dict  # per status, over the span
    pace_targets: dict | None  # per status, over start..as_of while the span is not over


def span(inputs) -> Span:
    """The view's span and targets: a whole year against the yearly target per status (default 20 JP);
    a quarter counts trainings starting in it and reads the target pro rata over its days
    (20 × 92/365 ≈ 5,0 JP for July–September)."""
    yearly = inputs.settings["jp_target"]
    fraction = training.span_fraction(inputs.start, inputs.end)
    pace = None
    if inputs.start <= inputs.as_of < inputs.end:
        pace = training.scaled_targets(yearly, training.span_fraction(inputs.start, inputs.as_of))
    return Span(inputs.start, inputs.end, inputs.as_of, fraction, training.scaled_targets(yearly, fraction), pace)


def jp_frame(inputs, roster: pd.DataFrame | None = None) -> pd.DataFrame:
    """JP per employee on the view's roll (or `roster`) for trainings starting in the span (the
    inputs hold only those)."""
    def compute(staff: pd.DataFrame) -> pd.DataFrame:
        return training.jp_per_employee(staff, inputs.trainings, inputs.year, jp_minutes=inputs.settings["jp_minutes"])
    if roster is not None and roster is not inputs.roster:
        return compute(roster)
    # Over the view's own roll, computed once per inputs (the report, the headline and the chart of a
    # brief each ask for it); each caller gets its own frame.
    return inputs.derived("jp_frame", lambda: compute(inputs.roster)).copy()


def summary(jp: pd.DataFrame, targets: Mapping[str, float]) -> dict:
    """A view's headline: the shares (None without a denominator), employees, meeting_target and zero
    (staff with no activity at all)."""
    row = training.training_coverage(jp, targets, by=()).iloc[0]
    return {k: (None if pd.isna(row[k]) else float(row[k])) for k in SUMMARY_SHARES} | {
        "employees": int(row["employees"]), "meeting_target": int(row["meeting_target"]), "zero": int(row["zero"])}


def status(share, employees: int, minimum: int, metric: Metric = CATALOGUE["share_meeting_target"]) -> str:
    """The catalogue status of a group's share meeting the target; too small below `minimum` staff."""
    if employees < minimum:
        return TOO_SMALL
    return metric.status(None if pd.isna(share) else float(share)) or "–"


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Ranked groups worst first (lowest share meeting the target, then most without any), then the
    groups too small to judge, by name: never ranked."""
    small = frame["status"] == TOO_SMALL
    ranked = frame[~small].sort_values(["share_meeting_target", "share_zero", "nama"],
                                       ascending=[True, False, True], kind="stable")
    return pd.concat([ranked, frame[small].sort_values("nama", kind="stable")], ignore_index=True)


def group_table(jp: pd.DataFrame, targets: Mapping[str, float], by: Sequence[str], minimum: int,
                metric_of: Callable[[object], Metric] | None = None,
                names: Mapping | None = None, metric_key: str | None = None) -> pd.DataFrame:
    """training_coverage per group of `by` (the last column is the group id), with each group's
    status (metric_of(its `metric_key` value, the group id by default) gives its metric with its
    target; the province's by default) and catatan (why a group is not judged). With `names`, also
    group_id and nama, worst first (`ordered`)."""
    by = list(by)
    out = training.training_coverage(jp, targets, by=by)
    metric_of = metric_of or (lambda _gid: CATALOGUE["share_meeting_target"])
    out["status"] = [status(s, n, minimum, metric_of(g)) for s, n, g in
                     zip(out["share_meeting_target"], out["employees"], out[metric_key or by[-1]])]
    out["catatan"] = np.where(out["status"] == TOO_SMALL, f"kurang dari {minimum} pegawai", "")
    if names is None:
        return out
    out["nama"] = out[by[-1]].map(dict(names)).fillna(UNKNOWN).astype(str)
    return ordered(out.rename(columns={by[-1]: "group_id"}))


def routes(jp: pd.DataFrame) -> pd.DataFrame:
    """JP per route (klasikal, nonklasikal, pendidikan) over everyone: route, jp, employees, share."""
    out = pd.DataFrame([{"route": name, "jp": float(jp[column].sum()), "employees": int((jp[column] > 0).sum())}
                        for name, column in training.ROUTE_COLUMNS.items()])
    total = out["jp"].sum()
    out["share"] = out["jp"] / total if total > 0 else np.nan
    return out


def staff(jp: pd.DataFrame, targets: Mapping[str, float]) -> pd.DataFrame:
    """One row per employee, fewest JP first, with meets_target (jp_total at or above their own status's
    target, as training_coverage counts it) and category (training.HISTOGRAM_CATEGORIES: no activity,
    below the target, meeting it)."""
    own = jp["status"].map(dict(targets)).astype("float64").round(training.JP_DECIMALS)
    meets = jp["jp_total"].astype("float64").round(training.JP_DECIMALS) >= own
    none_, below, met = training.HISTOGRAM_CATEGORIES
    category = np.where(jp["activities"].to_numpy() == 0, none_, np.where(meets.to_numpy(), met, below))
    return jp.assign(meets_target=meets, category=category).sort_values(["jp_total", "employee_id"], kind="stable")


def staff_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """`staff` in counts per category (category, jumlah), for viewers who may not see names; empty
    categories left out."""
    counts = rows.groupby("category").size()
    return pd.DataFrame([{"category": c, "jumlah": int(counts[c])} for c in training.HISTOGRAM_CATEGORIES
                         if c in counts.index])


def band_width(target: float) -> float:
    """A readable band width for the JP distribution, about a quarter of the target."""
    for width in (1, 2, 2.5, 5, 10, 20, 25, 50):
        if width >= target / 4 - 1e-9:
            return float(width)
    return 100.0


def histogram(jp: pd.DataFrame, targets: Mapping[str, float]) -> tuple[pd.DataFrame, float, float]:
    """The JP distribution in bands of about a quarter of the highest target, the last band open at
    twice it: (training.jp_histogram's frame, band width, cap)."""
    top = max(targets.values())
    width = band_width(top)
    cap = float(np.ceil(2 * top / width) * width)
    return training.jp_histogram(jp, targets, width, cap), width, cap


def leadership(inputs, column: str, names: Mapping) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Structural officials in the view without their leadership training (any year): the people
    (with jabatan, region_id, unit_id) and per group of `column` (officials, missing, missing per
    jabatan type, share_missing, group_id, nama), most missing first."""
    roster = inputs.roster
    gaps = training.leadership_gaps(roster, inputs.leadership)
    people = roster.set_index("employee_id")
    gaps = gaps.assign(jabatan=gaps["employee_id"].map(people["jabatan_name"]),
                       region_id=gaps["employee_id"].map(people["region_id"]))
    structural = roster[roster["jabatan_type"].isin(list(training.LEADERSHIP_REQUIREMENTS))]
    officials = structural.groupby(column).size().rename("officials")
    missing = gaps.groupby(column).size().rename("missing")
    by_type = gaps.pivot_table(index=column, columns="jabatan_type", values="employee_id",
                               aggfunc="size", fill_value=0)
    groups = pd.concat([officials, missing], axis=1).fillna(0).astype("int64")
    for jabatan_type in training.LEADERSHIP_REQUIREMENTS:
        counts = by_type[jabatan_type] if jabatan_type in by_type else pd.Series(dtype="int64")
        groups[f"missing_{jabatan_type}"] = counts.reindex(groups.index).fillna(0).astype("int64")
    groups["share_missing"] = groups["missing"] / groups["officials"].where(groups["officials"] > 0)
    groups = groups.rename_axis(column).reset_index()
    groups["nama"] = groups[column].map(dict(names)).fillna(UNKNOWN).astype(str)
    groups = groups.rename(columns={column: "group_id"}).sort_values(
        ["missing", "nama"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return gaps, groups


@dataclass(frozen=True)
class TrainingSignal:
    """Every training figure of one view, grouped by `group_column`, and the headline of the period before."""

    span: Span
    group_column: str
    min_group_size: int
    overall: dict
    previous: dict | None  # the period before's headline, when it has staff and trainings
    share_on_pace: float | None  # while the span runs: the share already at the pace target
    jp: pd.DataFrame  # one row per employee
    groups: pd.DataFrame  # group_table over group_column, worst first
    units: pd.DataFrame  # group_table per unit anywhere in the view, with max_jp
    routes: pd.DataFrame
    histogram: pd.DataFrame
    hist_width: float
    hist_cap: float
    gaps: pd.DataFrame  # officials without their leadership training
    gap_groups: pd.DataFrame


def previous_summary(before) -> dict | None:
    """The headline of the period before (MetricInputs), None without staff or trainings."""
    if before is None or before.trainings.empty or before.roster.empty:
        return None
    return summary(jp_frame(before), span(before).targets)


def grouped(inputs, column: str, jp: pd.DataFrame | None = None, group_names: Mapping | None = None) -> pd.DataFrame:
    """The signal's group table by `column`, worst first (TrainingSignal.groups: the page's chart and
    table, the brief's chart), each agency against its own target where leaders set one."""
    per_agency = column == "agency_id"
    return group_table(jp_frame(inputs) if jp is None else jp, span(inputs).targets, [column],
                       int(inputs.settings["min_group_size"]),
                       lambda g: inputs.metric("share_meeting_target", g if per_agency else None),
                       names_of(inputs, column) if group_names is None else group_names)


def signal(inputs, previous_inputs, column: str) -> TrainingSignal:
    """The training figures of a view (MetricInputs with staff and trainings) grouped by `column`
    (region_id, agency_id or unit_id). Each agency is judged against its own target where leaders set
    one (metric_targets), other groups against the province's. `previous_inputs`: the period before."""
    group_names, unit_names = names_of(inputs, column), names_of(inputs, "unit_id")
    minimum = int(inputs.settings["min_group_size"])
    sp = span(inputs)
    jp = jp_frame(inputs)
    share_on_pace = None
    if sp.pace_targets is not None:
        share_on_pace = summary(jp, sp.pace_targets)["share_meeting_target"]
    groups = grouped(inputs, column, jp, group_names)
    units = group_table(jp, sp.targets, ["agency_id", "unit_id"], minimum,
                        lambda a: inputs.metric("share_meeting_target", a), metric_key="agency_id")
    units = units.merge(training.highest_jp(jp, by=("unit_id",)), on="unit_id", how="left")
    agencies = inputs.agencies.set_index("agency_id")
    units = units.assign(unit=units["unit_id"].map(unit_names).fillna(UNKNOWN).astype(str),
                         agency=units["agency_id"].map(agencies["agency"]),
                         region_id=units["agency_id"].map(agencies["region_id"]),
                         region=units["agency_id"].map(agencies["region"]))
    units["nama"] = units["unit"]
    hist, width, cap = histogram(jp, sp.targets)
    gaps, gap_groups = leadership(inputs, column, group_names)
    gaps = gaps.assign(unit=gaps["unit_id"].map(unit_names))
    return TrainingSignal(
        span=sp, group_column=column, min_group_size=minimum, overall=summary(jp, sp.targets),
        previous=previous_summary(previous_inputs), share_on_pace=share_on_pace, jp=jp, groups=groups,
        units=units, routes=routes(jp), histogram=hist, hist_width=width, hist_cap=cap, gaps=gaps,
        gap_groups=gap_groups)
