"""Competency development: JP per employee against the 20-JP-a-year rule, pace, and leadership-training gaps."""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from vocab import codes
from vocab.settings import DEFAULT_JP_MINUTES, DEFAULT_TARGETS
from metrics.common import aggregate, ratio

# --- settings and rules, declared once ----------------------------------------------------------
# Leadership training each structural level needs (Peraturan LAN 10/2018 leadership ladder):
# JPT Pratama needs PKN II and JPT Madya PKN I; the roster does not tell them apart, so a JPT
# official with either counts as trained. Only the named training counts (no substitution by a
# higher or lower level).
LEADERSHIP_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "JPT": ("PKN II", "PKN I"),
    "Administrator": ("PKA",),
    "Pengawas": ("PKP",),
}

ROUTE_COLUMNS: dict[str, str] = {route: f"jp_{route}" for route in codes.TRAINING_ROUTES}
JP_COLUMNS = ("jp_total", *ROUTE_COLUMNS.values(), "activities")

# JP totals are sums of floats: fifteen 60-minute sessions at 45 minutes a JP sum to
# 19.999999999999996. Totals and targets are compared and shown at this many decimals.
JP_DECIMALS = 6




# --- helpers --------------------------------------------------------------------------------------
def _check_roster(roster: pd.DataFrame) -> None:
    if not roster["employee_id"].is_unique:
        raise ValueError("roster has repeated employee_id values")


def _check_targets(targets: Mapping[str, float]) -> None:
    unknown = set(targets) - set(codes.EMPLOYEE_STATUSES)
    if unknown:
        raise ValueError(f"targets for unknown statuses: {sorted(unknown)}")


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _targets_of(jp_frame: pd.DataFrame, targets: Mapping[str, float]) -> pd.Series:
    _check_targets(targets)
    return jp_frame["status"].map(dict(targets)).astype("float64")


# --- public ---------------------------------------------------------------------------------------
def jp_per_employee(roster: pd.DataFrame, trainings: pd.DataFrame, year: int,
                    jp_minutes: float = DEFAULT_JP_MINUTES) -> pd.DataFrame:
    """JP per roster employee for trainings starting in `year`, zeros included.

    Takes roster (employee_id, agency_id, unit_id, status, jabatan_type, jabatan_name) and trainings
    (employee_id, route, start_date, jp, minutes). JP of a training = jp, else minutes / jp_minutes,
    else 0. Returns the roster's columns plus jp_total, jp_klasikal, jp_nonklasikal, jp_pendidikan
    (floats, JP_DECIMALS decimals) and activities (count), one row per employee, ordered by employee_id.
    jp_total counts every route; trainings of employees not on the roster are ignored.
    """
    _check_roster(roster)
    if jp_minutes <= 0:
        raise ValueError("jp_minutes must be positive")
    position = pd.Index(roster["employee_id"]).get_indexer(trainings["employee_id"])  # −1: not on roster
    start_year = pd.to_datetime(trainings["start_date"], errors="coerce").dt.year.to_numpy(
        dtype="float64", na_value=np.nan)
    keep = (start_year == year) & (position >= 0)
    jp = _numbers(trainings, "jp")
    jp = np.where(np.isnan(jp), _numbers(trainings, "minutes") / float(jp_minutes), jp)
    jp = np.nan_to_num(jp)[keep]
    route = trainings["route"].astype("string").str.strip().str.lower().fillna("").to_numpy(dtype=object)[keep]
    position = position[keep]
    out = roster.copy()
    out["jp_total"] = np.bincount(position, weights=jp, minlength=len(roster))
    for name, column in ROUTE_COLUMNS.items():
        out[column] = np.bincount(position, weights=np.where(route == name, jp, 0.0), minlength=len(roster))
    jp_columns = ["jp_total", *ROUTE_COLUMNS.values()]
    out[jp_columns] = out[jp_columns].round(JP_DECIMALS)
    out["activities"] = np.bincount(position, minlength=len(roster)).astype("int64")
    return out.sort_values("employee_id", kind="stable").reset_index(drop=True)


def training_coverage(jp_frame: pd.DataFrame, targets: Mapping[str, float] | None = None,
                      by: Iterable[str] = ("agency_id",)) -> pd.DataFrame:
    """Who meets the yearly JP target, per group of jp_per_employee's frame.

    Takes jp_per_employee's columns (status, jp_total, jp_klasikal, activities and the `by` columns).
    Returns the `by` columns plus employees, employees_with_target (status has a target),
    meeting_target, share_meeting_target (of employees_with_target; jp_total ≥ own target meets),
    share_zero (no activity at all), median_jp, mean_jp, share_klasikal_jp (of all JP).
    Shares are NaN where their denominator is 0.
    """
    by = tuple(by)
    targets = DEFAULT_TARGETS if targets is None else targets
    target = _targets_of(jp_frame, targets)
    frame = pd.DataFrame({
        **{k: jp_frame[k] for k in by},
        "jp_total": jp_frame["jp_total"].astype("float64"),
        "jp_klasikal": jp_frame[ROUTE_COLUMNS["klasikal"]].astype("float64"),
        "has_target": target.notna(),
        "meets": target.notna() & (jp_frame["jp_total"].round(JP_DECIMALS) >= target.round(JP_DECIMALS)),
        "zero": jp_frame["activities"] == 0,
    })
    out = aggregate(
        frame, by,
        employees=("jp_total", "size"),
        employees_with_target=("has_target", "sum"),
        meeting_target=("meets", "sum"),
        zero=("zero", "sum"),
        median_jp=("jp_total", "median"),
        mean_jp=("jp_total", "mean"),
        jp_sum=("jp_total", "sum"),
        jp_klasikal_sum=("jp_klasikal", "sum"),
    )
    out["share_meeting_target"] = ratio(out["meeting_target"], out["employees_with_target"])
    out["share_zero"] = ratio(out["zero"], out["employees"])
    out["share_klasikal_jp"] = np.clip(ratio(out["jp_klasikal_sum"], out["jp_sum"]), 0.0, 1.0)
    for column in ("employees", "employees_with_target", "meeting_target", "zero"):
        out[column] = out[column].astype("int64")
    return out[[*by, "employees", "employees_with_target", "meeting_target", "share_meeting_target", "zero",
                "share_zero", "median_jp", "mean_jp", "share_klasikal_jp"]]


def leadership_gaps(roster: pd.DataFrame, trainings: pd.DataFrame) -> pd.DataFrame:
    """Structural officials who never attended the leadership training of their level.

    Takes roster (employee_id, agency_id, unit_id, jabatan_type) and trainings (employee_id, category),
    all years. Returns employee_id, agency_id, unit_id, jabatan_type, required_training (e.g.
    "PKA", or "PKN II atau PKN I"), ordered by agency_id, unit_id, employee_id.
    """
    _check_roster(roster)
    structural = roster.loc[roster["jabatan_type"].isin(list(LEADERSHIP_REQUIREMENTS))]
    category = trainings["category"].astype("object")
    held = pd.DataFrame({
        "employee_id": trainings["employee_id"].to_numpy(),
        "category": [codes.norm_text(c) if isinstance(c, str) else None for c in category],
    }).dropna(subset=["category"])
    rows = []
    for jabatan_type, accepted in LEADERSHIP_REQUIREMENTS.items():
        officials = structural.loc[structural["jabatan_type"] == jabatan_type]
        trained = held.loc[held["category"].isin([codes.norm_text(a) for a in accepted]), "employee_id"]
        missing = officials.loc[~officials["employee_id"].isin(trained)]
        rows.append(missing[["employee_id", "agency_id", "unit_id", "jabatan_type"]]
                    .assign(required_training=" atau ".join(accepted)))
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["agency_id", "unit_id", "employee_id"], kind="stable").reset_index(drop=True)


# --- reading the target over part of a year, and the shape of the JP distribution ----------------
def span_fraction(start: date, end: date) -> float:
    """Share of start's year that the days start..end (both included) cover: a quarter of 2026
    from 1 July to 30 September is 92/365. An end before the start covers nothing (0)."""
    if end.year != start.year and end >= start:
        raise ValueError("start and end must lie in the same year")
    days_in_year = 366 if calendar.isleap(start.year) else 365
    return max((end - start).days + 1, 0) / days_in_year


def scaled_targets(targets: Mapping[str, float], fraction: float) -> dict[str, float]:
    """The yearly targets read pro rata over a part of the year (fraction 0–1), e.g. 20 JP over a
    quarter of 92 days = 20 × 92/365 ≈ 5,04 JP. Multiplied by the day count first where the caller
    gives span_fraction's value, so whole years stay exactly the yearly target."""
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie between 0 and 1")
    _check_targets(targets)
    return {status: float(target) * fraction for status, target in targets.items()}


def highest_jp(jp_frame: pd.DataFrame, by: Iterable[str] = ("unit_id",)) -> pd.DataFrame:
    """The highest JP any one employee of a group received: below the target means nobody in the
    group has reached it yet. Returns the `by` columns and max_jp."""
    frame = pd.DataFrame({**{k: jp_frame[k] for k in by}, "jp_total": jp_frame["jp_total"].astype("float64")})
    return aggregate(frame, tuple(by), max_jp=("jp_total", "max"))


def jp_histogram(jp_frame: pd.DataFrame, targets: Mapping[str, float], width: float, cap: float) -> pd.DataFrame:
    """Employees per JP band [start, start + width), the last band open (cap JP or more), each band
    split by whether the employee had no activity at all, is below their own target, or meets it.

    Returns bin_start, bin_end, open_ended (last band), category (one of HISTOGRAM_CATEGORIES) and
    employees, only non-empty cells, ordered by bin_start then category order."""
    if width <= 0 or cap <= 0:
        raise ValueError("width and cap must be positive")
    jp = jp_frame["jp_total"].astype("float64").round(JP_DECIMALS).to_numpy()
    target = _targets_of(jp_frame, targets).round(JP_DECIMALS).to_numpy()
    n_bins = int(np.ceil(cap / width))
    index = np.minimum(np.floor(jp / width + 1e-9), n_bins).astype("int64")
    category = np.where(jp_frame["activities"].to_numpy() == 0, HISTOGRAM_CATEGORIES[0],
                        np.where(~np.isnan(target) & (jp >= target), HISTOGRAM_CATEGORIES[2],
                                 HISTOGRAM_CATEGORIES[1]))
    counts = (pd.DataFrame({"bin": index, "category": category}).groupby(["bin", "category"]).size()
              .rename("employees").reset_index())
    counts["bin_start"] = counts["bin"] * float(width)
    counts["bin_end"] = counts["bin_start"] + float(width)
    counts["open_ended"] = counts["bin"] == n_bins
    counts["order"] = counts["category"].map({c: i for i, c in enumerate(HISTOGRAM_CATEGORIES)})
    counts = counts.sort_values(["bin", "order"], kind="stable").reset_index(drop=True)
    counts["employees"] = counts["employees"].astype("int64")
    return counts[["bin_start", "bin_end", "open_ended", "category", "employees"]]


HISTOGRAM_CATEGORIES = ("tanpa pengembangan", "di bawah target", "memenuhi target")
