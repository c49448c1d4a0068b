"""The appraisal signal (domain.md §1–2): the predikat distribution of one appraisal period and whether
each agency's follows the curve its organisation rating allows.

`period_of` picks the period a view shows, `rated_rows` whom it rates (the roll of its own last day,
with a not-yet-rated row for everyone without an appraisal), `agency_compliance` the distribution and
verdict per agency (or unit), `group_table` one row per group of the page, `kpis` the headline, and
`signal` everything the Kinerja Pegawai page shows for one view and the period before. The report, the
page and its exports call these, so they show the same numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vocab import codes
from metrics import appraisal as ap
from metrics.pipeline import AGENCY, REGION, UNIT, names

UNKNOWN = "(tidak diketahui)"

SHARE = {p: f"share::{p}" for p in codes.PREDIKAT_ORDER}  # share columns beside the count columns
NOT_RATED_SHARE = "share_not_rated"
GROUP_ID, NAME, FLAG, LABEL = "group_id", "nama", "flagged", "label"
FAILED_TEXT, COMPLIANT_TEXT = "failed_text", "compliant_text"
JUDGED, FAILING, FAILING_NAMES = "agencies_judged", "agencies_failing", "failing_names"


@dataclass(frozen=True)
class Kpis:
    curve_compliant: float
    share_sangat_baik: float
    share_not_rated: float
    judged: int  # groups whose curve could be judged
    groups: int  # groups in the view (agencies, or units at unit level)
    group_word: str  # "OPD" or "unit"


def kpis(rows: pd.DataFrame, orgs: pd.DataFrame, min_group: int, unit_level: bool, rules=None) -> Kpis:
    """The three tiles for one period's rows: curve compliance over the judged agencies (units when one
    unit is chosen), the share of Sangat Baik among the rated, the share not yet rated."""
    by = [ap.AGENCY_ID, ap.UNIT_ID] if unit_level else [ap.AGENCY_ID]
    dist = ap.predikat_distribution(rows, by=by)
    comp = ap.curve_compliance(dist, orgs, min_group_size=min_group, by=by, rules=rules)
    rated, total = int(dist[ap.RATED].sum()), int(dist[ap.TOTAL].sum())
    return Kpis(
        curve_compliant=ap.compliant_share(comp),
        share_sangat_baik=int(dist[codes.PREDIKAT_SANGAT_BAIK].sum()) / rated if rated else float("nan"),
        share_not_rated=int(dist[codes.NOT_RATED].sum()) / total if total else float("nan"),
        judged=int(comp[ap.COMPLIANT].notna().sum()), groups=len(comp),
        group_word="unit" if unit_level else "OPD",
    )


def _with_shares(dist: pd.DataFrame) -> pd.DataFrame:
    shares = ap.predikat_shares(dist)
    out = dist.copy()
    for p in codes.PREDIKAT_ORDER:
        out[SHARE[p]] = shares[p].to_numpy()
    total = out[ap.TOTAL].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out[NOT_RATED_SHARE] = np.where(total > 0, out[codes.NOT_RATED].to_numpy() / total, np.nan)
    return out


def _rules_text(rules) -> str:
    return "; ".join(rules) if len(rules) else ""


def agency_compliance(rows: pd.DataFrame, orgs: pd.DataFrame, min_group: int,
                      by: list[str], rules=None) -> pd.DataFrame:
    """Distribution, shares and curve compliance per agency (or agency and unit) under `rules`."""
    dist = _with_shares(ap.predikat_distribution(rows, by=by))
    comp = ap.curve_compliance(dist, orgs, min_group_size=min_group, by=by, rules=rules)
    infl = ap.inflation_view(dist[[*by, *codes.PREDIKAT_ORDER, ap.RATED, ap.TOTAL, codes.NOT_RATED]],
                             min_group_size=min_group)
    out = dist.copy()
    for column in (ap.ORG_PREDIKAT, ap.STATUS, ap.COMPLIANT, ap.FAILED_RULES, ap.LARGEST_GROUP_WARNING):
        out[column] = comp[column].to_numpy()
    out[ap.RANK] = infl[ap.RANK].to_numpy()
    out[ap.TOO_SMALL] = infl[ap.TOO_SMALL].to_numpy()
    out[FAILED_TEXT] = [_rules_text(r) for r in out[ap.FAILED_RULES]]
    out[COMPLIANT_TEXT] = [("–" if c is None or c is pd.NA else ("ya" if c else "tidak"))
                           for c in out[ap.COMPLIANT]]
    out[FLAG] = [c is False or c is np.False_ for c in out[ap.COMPLIANT]]
    return out


def group_table(rows, orgs, inputs, column: str, min_group: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per group of `column` (region_id, agency_id or unit_id), and the agency-level compliance
    of the view. Broken curves first, then the most generous with Sangat Baik; too-small groups last."""
    rules = inputs.distribution_rules
    agencies = agency_compliance(rows, orgs, min_group, [ap.AGENCY_ID], rules)
    if column == AGENCY:
        groups = agencies.copy()
    elif column == UNIT:
        groups = agency_compliance(rows, orgs, min_group, [ap.AGENCY_ID, ap.UNIT_ID], rules)
    else:  # regions: no organisation predikat of their own; they count their agencies' verdicts
        groups = _with_shares(ap.predikat_distribution(with_region(rows, inputs), by=[REGION]))
        per_agency = with_region(agencies, inputs)
        agency_names = names(inputs, AGENCY)
        counted = per_agency.groupby(REGION).agg(
            **{JUDGED: (ap.COMPLIANT, lambda s: int(s.notna().sum())),
               FAILING: (FLAG, "sum")})
        failing = per_agency[per_agency[FLAG]].groupby(REGION)[ap.AGENCY_ID].agg(
            lambda ids: "; ".join(sorted(agency_names.get(i, UNKNOWN) for i in ids)))
        groups[JUDGED] = groups[REGION].map(counted[JUDGED]).fillna(0).astype(int)
        groups[FAILING] = groups[REGION].map(counted[FAILING]).fillna(0).astype(int)
        groups[FAILING_NAMES] = [failing.get(r, "") for r in groups[REGION]]
        groups[FLAG] = groups[FAILING] > 0
        groups[ap.TOO_SMALL] = groups[ap.RATED] < max(min_group, 1)
    groups[NAME] = groups[column].map(names(inputs, column)).fillna(UNKNOWN).astype(str)
    groups[GROUP_ID] = groups[column]
    groups[LABEL] = [_label(r, column) for r in groups.to_dict("records")]
    # Broken curves first, then the most generous with Sangat Baik; too-small groups last, never ranked.
    groups = groups.assign(_small=groups[ap.TOO_SMALL].astype(bool),
                           _sb=groups[SHARE[codes.PREDIKAT_SANGAT_BAIK]].fillna(-1))
    groups = groups.sort_values(["_small", FLAG, "_sb", NAME], ascending=[True, False, False, True],
                                kind="stable").drop(columns=["_small", "_sb"]).reset_index(drop=True)
    return groups, agencies


def _label(row: dict, column: str) -> str:
    """The group's name on the chart's axis, with its verdict when it needs attention."""
    name = row[NAME]
    if column == REGION:
        return f"{name} ({row[FAILING]} OPD tidak patuh)" if row[FAILING] else name
    if row[FLAG]:
        return f"{name} (tidak patuh)"
    if row.get(ap.STATUS) == ap.STATUS_TOO_SMALL:
        return f"{name} (terlalu kecil)"
    return name


def marks(groups: pd.DataFrame, rules=None) -> pd.DataFrame:
    if ap.ORG_PREDIKAT not in groups.columns or groups.empty:
        return pd.DataFrame(columns=[GROUP_ID, NAME, LABEL, ap.ORG_PREDIKAT, ap.RULE_ID, ap.RULE_DESCRIPTION,
                                     ap.RULE_START, ap.RULE_POSITION, ap.RULE_PASSED])
    judged = groups[groups[ap.COMPLIANT].notna()]
    shares = pd.DataFrame({GROUP_ID: judged[GROUP_ID].to_numpy(), NAME: judged[NAME].to_numpy(),
                           LABEL: judged[LABEL].to_numpy(),
                           **{p: judged[SHARE[p]].to_numpy() for p in codes.PREDIKAT_ORDER},
                           ap.RATED: judged[ap.RATED].to_numpy()})
    return ap.rule_positions(shares, judged[ap.ORG_PREDIKAT].reset_index(drop=True), rules)


def with_region(facts: pd.DataFrame, inputs) -> pd.DataFrame:
    """Add region_id (the agency's region) to a frame filed by agency_id, for grouping by region."""
    if REGION in facts.columns:
        return facts
    region_of = inputs.agencies.set_index(AGENCY)[REGION]
    return facts.assign(**{REGION: facts[AGENCY].map(region_of)})


def period_of(inputs, period: str | None) -> str | None:
    """The appraisal period a view shows: the chosen one, else TAHUNAN if the year has it, else its
    latest period with appraisals (ap.choose_period)."""
    return ap.choose_period(inputs.appraisals, inputs.year, period)


def rated_rows(inputs, period: str | None, roster: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Whom `period` rates and how: the roll of the period's own last day (or `roster`, already that
    roll), and its rows (ap.period_rows: appraisals plus a not-yet-rated row for each without one)."""
    if roster is not None and roster is not inputs.appraisal_roster(period):
        return roster, ap.period_rows(inputs.appraisals, roster, inputs.year, period)
    # Over the period's own roll, computed once per inputs (the report, the headline and the charts
    # of a brief each ask for it); each caller gets its own frame.
    roll = inputs.appraisal_roster(period)
    rows = inputs.derived(("rated_rows", period), lambda: ap.period_rows(inputs.appraisals, roll, inputs.year, period))
    return roll, rows.copy()


def org_ratings_of(inputs, period: str | None) -> pd.DataFrame:
    """The organisation ratings of one period of the inputs' year."""
    orgs = inputs.org_ratings
    return orgs[orgs["period"] == period] if period else orgs.iloc[0:0]


def previous(inputs, previous_year_inputs, period: str, unit_level: bool) -> tuple[Kpis | None, int | None, str | None]:
    """The headline of the appraisal period before `period`: earlier in the year, else the previous
    year's (its TAHUNAN, else its latest) from `previous_year_inputs`; each period over its own roll.
    Returns (kpis, year, period), all None without one."""
    min_group = int(inputs.settings["min_group_size"])
    before, prev_period = inputs, ap.previous_appraisal_period(inputs.appraisals, inputs.year, period)
    if prev_period is None:
        before = previous_year_inputs
        if before is None or before.appraisals.empty:
            return None, None, None
        prev_period = period_of(before, None)
        if prev_period is None:
            return None, None, None
    _roll, rows = rated_rows(before, prev_period)
    return (kpis(rows, org_ratings_of(before, prev_period), min_group, unit_level, inputs.distribution_rules),
            before.year, prev_period)


def failing_agencies(agencies: pd.DataFrame, inputs) -> pd.DataFrame:
    """Every agency of the view whose curve is broken, with nama and daerah, by region then name."""
    failing = with_region(agencies[agencies[FLAG]], inputs)
    failing = failing.assign(**{NAME: failing[AGENCY].map(names(inputs, AGENCY)).fillna(UNKNOWN).astype(str),
                                "daerah": failing[REGION].map(names(inputs, REGION)).fillna(UNKNOWN).astype(str)})
    return failing.sort_values(["daerah", NAME]).reset_index(drop=True)


def agency_verdicts(agencies: pd.DataFrame, inputs) -> pd.DataFrame:
    """The curve's verdict per agency of the view (nama, org_predikat, status, failed_text), by name:
    the organisation rating, and so the curve, belongs to the agency, not to its units."""
    out = agencies.assign(**{NAME: agencies[AGENCY].map(names(inputs, AGENCY)).fillna(UNKNOWN).astype(str)})
    return out[[AGENCY, NAME, ap.ORG_PREDIKAT, ap.STATUS, FAILED_TEXT]].sort_values(NAME).reset_index(drop=True)


def trend(inputs) -> pd.DataFrame:
    """Each predikat's share per appraisal period of the view's year (ap.predikat_trend over the view)."""
    year_rows = inputs.appraisals[inputs.appraisals["year"] == inputs.year]
    return ap.predikat_trend(year_rows, by=[]) if not year_rows.empty else pd.DataFrame()


def staff_rows(rows: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    """One row per employee of the period's rows with jabatan and status, best predikat first (not yet
    rated last)."""
    staff = rows.merge(roster[["employee_id", "jabatan_name", "status"]], on="employee_id", how="left")
    rank = {p: i for i, p in enumerate(codes.PREDIKAT_ORDER)}
    staff = staff.assign(predikat=staff["predikat"].fillna(codes.NOT_RATED),
                         _order=staff["predikat"].map(rank).fillna(-1))
    return staff.sort_values(["_order", "employee_id"], ascending=[False, True]).drop(columns="_order").reset_index(drop=True)


def quadrant(rows: pd.DataFrame) -> pd.DataFrame:
    """The kuadran kinerja over the view: ap.quadrant_counts' nine cells with each cell's share of the
    rated staff (porsi; 0 without any)."""
    cells = ap.quadrant_counts(rows, by=[])
    total = cells[ap.COUNT].sum()
    return cells.assign(porsi=cells[ap.COUNT] / total if total else 0.0)


def predikat_counts(staff: pd.DataFrame) -> pd.DataFrame:
    """Staff per predikat (jumlah), best first, not yet rated last: the staff list in counts, for viewers
    who may not see names."""
    counts = staff.groupby("predikat", as_index=False).size().rename(columns={"size": "jumlah"})
    order = {p: i for i, p in enumerate([*reversed(codes.PREDIKAT_ORDER), codes.NOT_RATED])}
    return counts.sort_values("predikat", key=lambda s: s.map(order)).reset_index(drop=True)


@dataclass(frozen=True)
class AppraisalSignal:
    """Every appraisal figure of one view for its period, grouped by `group_column`."""

    period: str
    kpis: Kpis
    previous: Kpis | None
    previous_year: int | None
    previous_period: str | None
    groups: pd.DataFrame
    marks: pd.DataFrame
    failing_agencies: pd.DataFrame
    agency_verdicts: pd.DataFrame  # per agency of the view: nama, org_predikat, status (the curve is judged per agency)
    quadrant: pd.DataFrame
    trend: pd.DataFrame
    staff: pd.DataFrame  # at unit level only (else empty)
    min_group: int


def signal(inputs, previous_year_inputs, column: str, period: str | None, unit_level: bool) -> AppraisalSignal | None:
    """The appraisal figures of a view (MetricInputs) for the chosen `period` (None: period_of picks
    one) grouped by `column`; None when the view's year, or the chosen period, has no appraisal."""
    shown = period_of(inputs, period)
    if shown is None or inputs.appraisals[inputs.appraisals["period"] == shown].empty:
        return None
    min_group = int(inputs.settings["min_group_size"])
    rules = inputs.distribution_rules
    roster, rows = rated_rows(inputs, shown)
    orgs = org_ratings_of(inputs, shown)
    groups, agencies = group_table(rows, orgs, inputs, column, min_group)
    prev, prev_year, prev_period = previous(inputs, previous_year_inputs, shown, unit_level)
    return AppraisalSignal(
        period=shown, kpis=kpis(rows, orgs, min_group, unit_level, rules), previous=prev,
        previous_year=prev_year, previous_period=prev_period, groups=groups, marks=marks(groups, rules),
        failing_agencies=failing_agencies(agencies, inputs), agency_verdicts=agency_verdicts(agencies, inputs),
        quadrant=quadrant(rows),
        trend=trend(inputs), staff=staff_rows(rows, roster) if unit_level else pd.DataFrame(),
        min_group=min_group)
