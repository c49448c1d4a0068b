"""Predikat kinerja: the rating matrix, distributions, the SE MenPANRB 3/2023 curve, inflation, trends."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from vocab import codes
from vocab.indicators import TOO_SMALL as TOO_SMALL_STATUS
from vocab.curve import DISTRIBUTION_RULES, MEASURE_SHARE, OPERATORS, ORG_LARGEST_PREDIKAT, Rules
from vocab.periods import PERIOD_SORT_KEY
from vocab.settings import DEFAULT_MIN_GROUP_SIZE

# --- column names ------------------------------------------------------------------------------
# Input columns, as the data layer provides them.
EMPLOYEE_ID = "employee_id"
AGENCY_ID = "agency_id"
UNIT_ID = "unit_id"
YEAR = "year"
PERIOD = "period"
RATING_HASIL = "rating_hasil"
RATING_PERILAKU = "rating_perilaku"
PREDIKAT = "predikat"
# Output columns. Count and share columns are named after the predikat itself (codes.PREDIKAT_ORDER)
# and codes.NOT_RATED, so a page can label them without a second mapping.
RATED = "rated"
TOTAL = "total"
COUNT = "count"
ORG_PREDIKAT = "org_predikat"
STATUS = "status"
COMPLIANT = "compliant"
FAILED_RULES = "failed_rules"
FAILED_RULE_IDS = "failed_rule_ids"
LARGEST_GROUP_WARNING = "largest_group_warning"
SHARE_SANGAT_BAIK = "share_sangat_baik"
RANK = "rank"
TOO_SMALL = "too_small"



# --- user-facing strings (Indonesian), kept together ------------------------------------------------
STATUS_COMPLIANT = "patuh"
STATUS_NOT_COMPLIANT = "tidak patuh"
STATUS_TOO_SMALL = TOO_SMALL_STATUS
STATUS_NO_ORG_RATING = "belum ada predikat organisasi"
STATUSES = (STATUS_COMPLIANT, STATUS_NOT_COMPLIANT, STATUS_TOO_SMALL, STATUS_NO_ORG_RATING)

# --- periods -----------------------------------------------------------------------------------


def _check_periods(values: Iterable) -> None:
    unknown = sorted({str(v) for v in values} - set(PERIOD_SORT_KEY))
    if unknown:
        raise ValueError(f"unknown period codes: {unknown}")


# --- helpers -----------------------------------------------------------------------------------
_COUNT_COLUMNS = [*codes.PREDIKAT_ORDER, codes.NOT_RATED]


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing}")


def _group_columns(distribution: pd.DataFrame) -> list[str]:
    """The grouping columns of a predikat_distribution frame: everything that is not a count."""
    return [c for c in distribution.columns if c not in (*_COUNT_COLUMNS, RATED, TOTAL)]


def _rating_codes(values, name: str) -> np.ndarray:
    """Position of each rating in codes.RATINGS, -1 when missing; an unknown rating raises."""
    values = pd.Series(np.asarray(values, dtype=object))
    position = pd.Index(codes.RATINGS).get_indexer(values)
    unknown = values.notna().to_numpy() & (position < 0)
    if unknown.any():
        raise ValueError(f"unknown {name} values: {sorted(set(values[unknown].astype(str)))}")
    return position


# codes.PREDIKAT_MATRIX as a 3x3 array indexed by rating position, for vectorised lookup.
_MATRIX_TABLE = np.empty((len(codes.RATINGS), len(codes.RATINGS)), dtype=object)
for (_hasil, _perilaku), _predikat in codes.PREDIKAT_MATRIX.items():
    _MATRIX_TABLE[codes.RATINGS.index(_hasil), codes.RATINGS.index(_perilaku)] = _predikat


def _groups(frame: pd.DataFrame, by: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct `by` keys of `frame`, sorted (NA last), and each row's position among them.

    Counting then runs as one np.bincount instead of a groupby-unstack-merge chain; the keys are
    rows of `frame` itself, so their dtypes are the input's.
    """
    if not by:
        return pd.DataFrame(index=pd.RangeIndex(1)), np.zeros(len(frame), dtype=np.int64)
    combined = np.zeros(len(frame), dtype=np.int64)
    for column in by:
        # Sorted codes per column, NA coded last, combined in mixed radix: the combined code sorts
        # like the key tuples do.
        codes_, uniques = pd.factorize(frame[column], sort=True, use_na_sentinel=False)
        combined = combined * max(len(uniques), 1) + codes_
    _, first, group = np.unique(combined, return_index=True, return_inverse=True)
    return frame[by].iloc[first].reset_index(drop=True), group.astype(np.int64).reshape(-1)


def _tally(codes_: np.ndarray, group: np.ndarray, n_groups: int, n_codes: int) -> np.ndarray:
    """counts[g, c] = rows of group g with code c; rows with code -1 are left out."""
    keep = codes_ >= 0
    flat = np.bincount(group[keep] * n_codes + codes_[keep], minlength=n_groups * n_codes)
    return flat.reshape(n_groups, n_codes).astype(np.int64)


# --- public functions --------------------------------------------------------------------------


def predikat_from_ratings(hasil, perilaku) -> pd.Series:
    """The predikat (codes.PREDIKAT_MATRIX) of each (rating_hasil, rating_perilaku) pair.

    Takes two aligned array-likes of codes.RATINGS values (None/NA when not rated); returns an object
    Series (index of `hasil` when it is a Series) of codes.PREDIKAT_ORDER values, None where either
    rating is missing. An unknown rating raises ValueError rather than passing as unrated.
    """
    index = hasil.index if isinstance(hasil, pd.Series) else None
    h_code = _rating_codes(hasil, RATING_HASIL)
    p_code = _rating_codes(perilaku, RATING_PERILAKU)
    if len(h_code) != len(p_code):
        raise ValueError("hasil and perilaku differ in length")
    both = (h_code >= 0) & (p_code >= 0)
    out = np.full(len(h_code), None, dtype=object)
    out[both] = _MATRIX_TABLE[h_code[both], p_code[both]]
    return pd.Series(out, index=index, dtype=object, name=PREDIKAT)


def _periods_in(appraisals: pd.DataFrame, year: int) -> set:
    """The periods with appraisal rows in `year` (distinct values, not a set built row by row)."""
    _require(appraisals, (YEAR, PERIOD), "appraisals")
    return set(appraisals.loc[appraisals[YEAR] == year, PERIOD].dropna().unique())


def choose_period(appraisals: pd.DataFrame, year: int, period: str | None = None) -> str | None:
    """The period to show for `year`: `period` if given, else TAHUNAN if that year has it, else the
    latest period with rows that year (by calendar end); None when the year has no rows.

    Takes columns year, period.
    """
    if period is not None:
        return period
    present = _periods_in(appraisals, year)
    if not present:
        return None
    _check_periods(present)
    return max(present, key=PERIOD_SORT_KEY.__getitem__)


def predikat_distribution(appraisals: pd.DataFrame, by: Iterable[str] = (AGENCY_ID,)) -> pd.DataFrame:
    """Staff counts per predikat in each group.

    Takes columns `by` + predikat (None/NA = not yet rated), and employee_id when present (to refuse
    an employee counted twice in a group, which happens when periods are mixed). Returns one row per
    group: `by`, one int column per codes.PREDIKAT_ORDER value (worst to best, 0 when absent),
    codes.NOT_RATED, rated (the five predikat) and total (rated + not rated), sorted by `by`.
    """
    by = list(by)
    _require(appraisals, [*by, PREDIKAT], "appraisals")
    predikat = appraisals[PREDIKAT]
    known = predikat.isna() | predikat.isin(codes.PREDIKAT_ORDER)
    if not known.all():
        raise ValueError(f"unknown predikat values: {sorted(set(predikat[~known].astype(str)))}")
    if EMPLOYEE_ID in appraisals.columns:
        twice = appraisals.duplicated([*by, EMPLOYEE_ID])
        if twice.any():
            raise ValueError(
                f"{int(twice.sum())} employees appear more than once in a group: filter appraisals "
                f"to one year and period (choose_period), or add year and period to `by`")
    label = pd.Index(_COUNT_COLUMNS).get_indexer(
        predikat.astype(object).where(predikat.notna(), codes.NOT_RATED))
    keys, group = _groups(appraisals, by)
    counts = _tally(label, group, len(keys), len(_COUNT_COLUMNS))
    out = pd.concat([keys, pd.DataFrame(counts, columns=_COUNT_COLUMNS)], axis=1)
    out[RATED] = counts[:, : len(codes.PREDIKAT_ORDER)].sum(axis=1)
    out[TOTAL] = counts.sum(axis=1)
    return out


def predikat_shares(distribution: pd.DataFrame) -> pd.DataFrame:
    """Each predikat's share of the rated staff (not-yet-rated staff excluded), per group.

    Takes a predikat_distribution frame; returns its group columns, one float column per
    codes.PREDIKAT_ORDER value (NaN when rated == 0) and rated.
    """
    _require(distribution, [*codes.PREDIKAT_ORDER, RATED], "distribution")
    by = _group_columns(distribution)
    counts = distribution[list(codes.PREDIKAT_ORDER)].to_numpy(dtype=np.float64)
    rated = distribution[RATED].to_numpy()
    # rated == 0 has no shares: NaN, not 0, so a chart shows a gap instead of a unit at 0%.
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(rated[:, None] > 0, counts / rated[:, None], np.nan)
    return pd.concat([
        distribution[by].reset_index(drop=True),
        pd.DataFrame(shares, columns=list(codes.PREDIKAT_ORDER)),
        pd.DataFrame({RATED: rated}),
    ], axis=1)


def _org_lookup(distribution: pd.DataFrame, org_ratings: pd.DataFrame, by: list[str]) -> pd.Series:
    """The organisation predikat matching each distribution row (object, None when there is none)."""
    keys = [c for c in by if c in (AGENCY_ID, UNIT_ID, YEAR, PERIOD)]
    _require(org_ratings, [AGENCY_ID, UNIT_ID, PREDIKAT, *keys], "org_ratings")
    org = org_ratings
    if UNIT_ID not in by:
        # An agency-level group is judged against the agency's own rating, not its units'.
        org = org[org[UNIT_ID].isna()]
    org = org.dropna(subset=[PREDIKAT])
    unknown = set(org[PREDIKAT]) - set(codes.ORG_PREDIKAT)
    if unknown:
        raise ValueError(f"unknown organisation predikat: {sorted(map(str, unknown))}")
    right = _key_tuples(org, keys)
    if len(set(right)) < len(right):
        raise ValueError(
            f"org_ratings has more than one rating per {keys}: filter it to the distribution's "
            f"year and period, or add year and period to `by`")
    lookup = dict(zip(right, org[PREDIKAT].tolist()))
    return pd.Series([lookup.get(k) for k in _key_tuples(distribution, keys)],
                     index=distribution.index, dtype=object)


def _key_tuples(frame: pd.DataFrame, keys: list[str]) -> list[tuple]:
    """Row keys as plain tuples, every missing value as None.

    Ids and years may arrive as int64 on one side and float or Int64 (with NA) on the other:
    10 == 10.0 with equal hashes, so tuples match where a dtype-strict merge would not.
    """
    columns = [[None if pd.isna(v) else v for v in frame[c].tolist()] for c in keys]
    return list(zip(*columns))


def curve_compliance(
    distribution: pd.DataFrame,
    org_ratings: pd.DataFrame,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    by: Iterable[str] = (AGENCY_ID,),
    rules: Rules | None = None,
) -> pd.DataFrame:
    """Whether each group's staff predikat follow the curve its organisation predikat allows
    (`rules`: the distribution rules in force, by default DISTRIBUTION_RULES).

    Takes a predikat_distribution frame grouped by `by` (which must include agency_id; with unit_id a
    unit is matched to its own rating, without it to the agency's row where unit_id is NA; year and
    period are matched when in `by`, otherwise org_ratings must hold one period) and org_ratings
    (agency_id, unit_id, [year, period,] predikat). Returns `by`, org_predikat (None when unrated),
    rated, status (STATUSES), compliant (True/False, None when not judged), failed_rules (Indonesian
    descriptions, [] unless failing), failed_rule_ids, largest_group_warning (True when the
    predikat the organisation rating names is not the most frequent; ties count as most frequent;
    None when not judged).
    """
    by = list(by)
    if AGENCY_ID not in by:
        raise ValueError("curve compliance is judged per agency or unit: `by` must include agency_id")
    _require(distribution, [*by, *codes.PREDIKAT_ORDER, RATED], "distribution")
    org = _org_lookup(distribution, org_ratings, by)
    rated = distribution[RATED].to_numpy()
    has_org = org.notna().to_numpy()
    # Zero rated staff is never judged, even with min_group_size 0: there is no distribution.
    too_small = rated < max(int(min_group_size), 1)
    judged = has_org & ~too_small

    n = len(distribution)
    failed_ids: list[list[str]] = [[] for _ in range(n)]
    failed_text: list[list[str]] = [[] for _ in range(n)]
    warning = np.full(n, None, dtype=object)
    counts = distribution[list(codes.PREDIKAT_ORDER)].astype(np.int64).reset_index(drop=True)
    most = counts.max(axis=1).to_numpy()
    for org_predikat, org_rules in (DISTRIBUTION_RULES if rules is None else rules).items():
        rows = np.flatnonzero(judged & (org.to_numpy() == org_predikat))
        if not len(rows):
            continue
        sub, sub_rated = counts.iloc[rows], rated[rows]
        for rule in org_rules:
            for i in rows[~np.asarray(rule.passes(sub, sub_rated), dtype=bool)]:
                failed_ids[i].append(rule.id)
                failed_text[i].append(rule.description)
        named = counts[ORG_LARGEST_PREDIKAT[org_predikat]].to_numpy()[rows]
        warning[rows] = [bool(x) for x in named < most[rows]]

    # No organisation rating wins over "too small": the missing rating is the gap to fix first.
    status = np.where(~has_org, STATUS_NO_ORG_RATING,
                      np.where(too_small, STATUS_TOO_SMALL, STATUS_COMPLIANT)).astype(object)
    compliant = np.full(n, None, dtype=object)
    for i in np.flatnonzero(judged):
        compliant[i] = not failed_ids[i]
        if failed_ids[i]:
            status[i] = STATUS_NOT_COMPLIANT

    out = distribution[by].reset_index(drop=True)
    out[ORG_PREDIKAT] = pd.Series(org.to_numpy(), dtype=object)
    out[RATED] = rated
    out[STATUS] = pd.Series(status, dtype=object)
    out[COMPLIANT] = pd.Series(compliant, dtype=object)
    out[FAILED_RULES] = pd.Series(failed_text, dtype=object)
    out[FAILED_RULE_IDS] = pd.Series(failed_ids, dtype=object)
    out[LARGEST_GROUP_WARNING] = pd.Series(warning, dtype=object)
    return out


def inflation_view(
    distribution: pd.DataFrame, min_group_size: int = DEFAULT_MIN_GROUP_SIZE
) -> pd.DataFrame:
    """The share of Sangat Baik among rated staff per group, ranked where the group is big enough.

    Takes a predikat_distribution frame; returns its group columns, rated, share_sangat_baik (NaN when
    rated == 0), rank (Int64, 1 = highest share, ties share the better rank; NA when too_small) and
    too_small (rated < min_group_size: never ranked, since 2 of 2 is not an inflated agency).
    """
    _require(distribution, [codes.PREDIKAT_SANGAT_BAIK, RATED], "distribution")
    by = _group_columns(distribution)
    out = distribution[by].reset_index(drop=True)
    rated = distribution[RATED].to_numpy()
    out[RATED] = rated
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(rated > 0, distribution[codes.PREDIKAT_SANGAT_BAIK].to_numpy() / rated, np.nan)
    out[SHARE_SANGAT_BAIK] = share.astype("float64")
    too_small = rated < max(int(min_group_size), 1)
    ranks = pd.Series(share).where(~too_small).rank(method="min", ascending=False)
    out[RANK] = ranks.astype("Int64")
    out[TOO_SMALL] = too_small
    return out


def quadrant_counts(appraisals: pd.DataFrame, by: Iterable[str] = (AGENCY_ID,)) -> pd.DataFrame:
    """Rated staff per cell of the kuadran kinerja, in long format.

    Takes columns `by` + rating_hasil + rating_perilaku (staff missing either rating are left out).
    Returns, for every group present in `appraisals`, all nine cells: `by`, rating_hasil,
    rating_perilaku, predikat (codes.PREDIKAT_MATRIX) and count (int, 0 for empty cells); rows
    ordered by group, then rating_hasil and rating_perilaku in codes.RATINGS order.
    """
    by = list(by)
    _require(appraisals, [*by, RATING_HASIL, RATING_PERILAKU], "appraisals")
    # An unknown rating raises rather than silently dropping out of the chart.
    h = _rating_codes(appraisals[RATING_HASIL], RATING_HASIL)
    p = _rating_codes(appraisals[RATING_PERILAKU], RATING_PERILAKU)
    n = len(codes.RATINGS)
    cell = np.where((h >= 0) & (p >= 0), h * n + p, -1)
    keys, group = _groups(appraisals, by)
    counts = _tally(cell, group, len(keys), n * n)
    cells = [(rh, rp, codes.PREDIKAT_MATRIX[(rh, rp)])
             for rh in codes.RATINGS for rp in codes.RATINGS]
    out = keys.iloc[np.repeat(np.arange(len(keys)), n * n)].reset_index(drop=True)
    for i, column in enumerate((RATING_HASIL, RATING_PERILAKU, PREDIKAT)):
        out[column] = pd.Series([c[i] for c in cells] * len(keys), dtype=object)
    out[COUNT] = counts.reshape(-1)
    return out


def predikat_trend(appraisals: pd.DataFrame, by: Iterable[str] = (AGENCY_ID,)) -> pd.DataFrame:
    """Each predikat's share of rated staff per group and period, in chronological order.

    Takes columns `by` + year + period + predikat (+ employee_id, see predikat_distribution).
    Returns `by`, year, period, one float column per codes.PREDIKAT_ORDER value (NaN when rated == 0)
    and rated; rows ordered by group, then year, then period by calendar end (PERIOD_SORT_KEY).
    """
    by = [c for c in by if c not in (YEAR, PERIOD)]
    _require(appraisals, [*by, YEAR, PERIOD, PREDIKAT], "appraisals")
    _check_periods(appraisals[PERIOD].dropna().unique())
    shares = predikat_shares(predikat_distribution(appraisals, by=[*by, YEAR, PERIOD]))
    keys = [PERIOD_SORT_KEY[p] for p in shares[PERIOD]]
    shares = shares.assign(_end=[k[0] for k in keys], _span=[k[1] for k in keys])
    shares = shares.sort_values([*by, YEAR, "_end", "_span"], kind="stable", na_position="last")
    return shares.drop(columns=["_end", "_span"]).reset_index(drop=True)


def with_unrated(rated: pd.DataFrame, roster: pd.DataFrame, year: int, period: str | None) -> pd.DataFrame:
    """One period's appraisals plus a not-yet-rated row (predikat None) for everyone on the roll
    (roster: employee_id, agency_id, unit_id) who has none: staff without a rating count apart."""
    missing = roster[~roster["employee_id"].isin(rated["employee_id"])]
    if missing.empty or period is None:
        return rated
    extra = pd.DataFrame({"employee_id": missing["employee_id"], "agency_id": missing["agency_id"],
                          "unit_id": missing["unit_id"], "year": year, "period": period,
                          "rating_hasil": None, "rating_perilaku": None, "predikat": None})
    return pd.concat([rated, extra], ignore_index=True)


def period_rows(appraisals: pd.DataFrame, roster: pd.DataFrame, year: int, period: str | None) -> pd.DataFrame:
    """Whom one appraisal period rates, and how: the appraisals of `year` and `period` of the staff on
    `roster` (the roll on that period's last day, MetricInputs.appraisal_roster), plus a not-yet-rated
    row for each of them without one. Staff who joined later are not unrated in it, and those who left
    before its end are not counted in it. No period, no rows."""
    if period is None:
        return appraisals.iloc[0:0]
    rated = appraisals[(appraisals["year"] == year) & (appraisals["period"] == period)
                       & appraisals["employee_id"].isin(roster["employee_id"])]
    return with_unrated(rated, roster, year, period)


def previous_appraisal_period(appraisals: pd.DataFrame, year: int, period: str) -> str | None:
    """The latest period of `year` with rows that ends before `period` (by PERIOD_SORT_KEY): the one a
    period's change is measured against; None when `period` is the year's first.

    Takes columns year, period.
    """
    present = _periods_in(appraisals, year)
    _check_periods(present | {period})
    earlier = [p for p in present if PERIOD_SORT_KEY[p] < PERIOD_SORT_KEY[period]]
    return max(earlier, key=PERIOD_SORT_KEY.__getitem__) if earlier else None


def compliant_share(compliance: pd.DataFrame) -> float:
    """The share of judged groups (compliant True or False) whose distribution follows the curve;
    NaN when no group could be judged (too small or without an organisation predikat)."""
    _require(compliance, [COMPLIANT], "compliance")
    judged = compliance[COMPLIANT].dropna()
    return float(judged.astype(bool).mean()) if len(judged) else float("nan")


RULE_ID = "rule_id"
RULE_DESCRIPTION = "rule_description"
RULE_START = "rule_start"
RULE_POSITION = "rule_position"
RULE_PASSED = "rule_passed"


def rule_positions(shares: pd.DataFrame, org_predikat: pd.Series, rules: Rules | None = None) -> pd.DataFrame:
    """Where each share rule of a group's organisation predikat lies on its 100% bar.

    The bar lays out the predikat worst to best (codes.PREDIKAT_ORDER); a rule on predikat X (or on
    several adjacent ones) bounds the segment that starts where X starts: X's segment must end before
    start + threshold ("paling banyak") or reach it ("paling sedikit"). Count rules (a number of
    people) have no place on a bar and are left out. Takes a predikat_shares frame and the org
    predikat of each of its rows (aligned, None when unrated); returns the group columns, org_predikat,
    rule_id, rule_description, rule_start (share where the bounded segment starts), rule_position
    (rule_start + threshold, capped at 1) and rule_passed (on the exact shares), one row per rule.
    """
    _require(shares, [*codes.PREDIKAT_ORDER, RATED], "shares")
    by = [c for c in shares.columns if c not in (*codes.PREDIKAT_ORDER, RATED)]
    rows = []
    order = list(codes.PREDIKAT_ORDER)
    rules = DISTRIBUTION_RULES if rules is None else rules
    for i, org in enumerate(pd.Series(org_predikat).tolist()):
        if org is None or (not isinstance(org, str) and pd.isna(org)) or org not in rules:
            continue
        row = shares.iloc[i]
        if not row[RATED] or pd.isna(row[codes.PREDIKAT_ORDER[0]]):
            continue
        for rule in rules[org]:
            if rule.measure != MEASURE_SHARE:
                continue
            first = min(order.index(p) for p in rule.predikat)
            start = float(sum(row[p] for p in order[:first]))
            share = float(sum(row[p] for p in rule.predikat))
            threshold = float(rule.threshold)
            passed = OPERATORS[rule.op](share, threshold) or abs(share - threshold) < 1e-12
            rows.append({**{c: row[c] for c in by}, ORG_PREDIKAT: org, RULE_ID: rule.id,
                         RULE_DESCRIPTION: rule.description, RULE_START: start,
                         RULE_POSITION: min(start + threshold, 1.0), RULE_PASSED: bool(passed)})
    columns = [*by, ORG_PREDIKAT, RULE_ID, RULE_DESCRIPTION, RULE_START, RULE_POSITION, RULE_PASSED]
    return pd.DataFrame(rows, columns=columns)
