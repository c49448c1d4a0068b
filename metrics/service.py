"""Public service speed against its standard (maklumat) and SKM quality as IKM (domain.md §4)."""
from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from vocab import codes
from vocab.calendar import WorkCalendar, span_calendar
from vocab.ikm import CENT, IKM_BANDS, Bands, IkmBand

# --- columns ------------------------------------------------------------------------------------
REQUEST_COLUMNS = ("request_id", "agency_id", "region_id", "service_type", "received_at", "finished_at")
STANDARD_COLUMNS = ("service_type", "limit_value", "limit_unit", "region_id", "agency_id")
# Added by turnaround(); turnaround_unit is limit_unit, or working days for a request without standard.
TURNAROUND_COLUMNS = ("limit_value", "limit_unit", "turnaround_unit", "turnaround", "open",
                      "measured_until", "within_standard", "open_overdue", "month")
SPEED_COLUMNS = ("turnaround_unit", "requests", "finished", "judged", "finished_within",
                 "share_within_standard", "median_turnaround", "p90_turnaround", "open_overdue")
# The counts of SPEED_COLUMNS, which add up over groups and turnaround units.
SPEED_COUNTS = ("requests", "finished", "judged", "finished_within", "open_overdue")
ANSWER_COLUMNS = tuple(f"u{i}" for i in range(1, 10))
NRR_COLUMNS = tuple(f"nrr_{c}" for c in ANSWER_COLUMNS)
# The element behind each answer column, for labels (order as in vocab.codes).
ELEMENT_OF = dict(zip(ANSWER_COLUMNS, codes.SKM_ELEMENTS))
IKM_COLUMNS = ("respondents",) + NRR_COLUMNS + ("ikm", "mutu", "kinerja")

NO_STANDARD_UNIT = codes.UNIT_WORKING_DAYS  # turnaround unit of a request without a standard


# --- speed --------------------------------------------------------------------------------------
def _ids(values: pd.Series) -> pd.Series:
    """Ids as nullable integers, whatever the source gave (int, float with NaN, object with None)."""
    return pd.to_numeric(values).astype("Int64")


def _match_standards(req: pd.DataFrame, standards: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """limit_value and limit_unit of each request, by precedence agency > region > everywhere."""
    std = pd.DataFrame({
        "service_type": standards["service_type"].astype(str),
        "limit_value": pd.to_numeric(standards["limit_value"]).astype(float),
        "limit_unit": standards["limit_unit"].astype(object),
        "region_id": _ids(standards["region_id"]),
        "agency_id": _ids(standards["agency_id"]),
    })
    unknown = sorted(set(std["limit_unit"]) - set(codes.STANDARD_UNITS), key=str)
    if unknown:
        raise ValueError(f"Satuan standar layanan tidak dikenal: {', '.join(map(str, unknown))}")
    keys = pd.DataFrame({
        "service_type": req["service_type"].astype(str).to_numpy(),
        "agency_id": _ids(req["agency_id"]).array,
        "region_id": _ids(req["region_id"]).array,
    })
    levels = (
        (std[std["agency_id"].notna()], ["service_type", "agency_id"]),
        (std[std["agency_id"].isna() & std["region_id"].notna()], ["service_type", "region_id"]),
        (std[std["agency_id"].isna() & std["region_id"].isna()], ["service_type"]),
    )
    limit = np.full(len(req), np.nan)
    unit = np.full(len(req), None, dtype=object)
    for level, on in levels:
        twice = level[level.duplicated(on, keep=False)]
        if len(twice):
            listed = "; ".join(sorted({" / ".join(map(str, row))
                                       for row in twice[on].itertuples(index=False)}))
            raise ValueError(f"Standar layanan ganda untuk: {listed}")
        found = keys[on].merge(level[on + ["limit_value", "limit_unit"]], on=on, how="left")
        fill = np.isnan(limit) & found["limit_value"].notna().to_numpy()
        limit[fill] = found["limit_value"].to_numpy()[fill]
        unit[fill] = found["limit_unit"].to_numpy()[fill]
    return (pd.Series(limit, index=req.index, dtype=float),
            pd.Series(unit, index=req.index, dtype="str"))


def turnaround(requests: pd.DataFrame, standards: pd.DataFrame, calendar: WorkCalendar,
               as_of) -> pd.DataFrame:
    """Each request measured against its service standard.

    requests: request_id, agency_id, region_id, service_type, received_at, finished_at (NaT while
    open), naive WIB. standards: service_type, limit_value, limit_unit (codes.STANDARD_UNITS),
    region_id and agency_id (NA = every region / every office). A request takes the standard of
    its service at its own agency, else at its region (agency NA), else the one for everywhere.
    `calendar` must cover received_at..measured_until; working days follow each request's region
    (calendar.for_region). `as_of` (naive WIB) is when open requests are measured: the end of the
    period, or now; a request received after it is measured at its receipt (turnaround 0).

    Returns the request columns plus: limit_value, limit_unit (NA without standard),
    turnaround_unit (the standard's unit, working days without one), turnaround (clock hours for
    "jam"; for days, days strictly after the day received up to the day measured), open (bool),
    measured_until, within_standard (nullable bool: turnaround <= limit for finished requests;
    False for an open request already past its limit, NA while still within or without a
    standard), open_overdue (bool), month (month received, yyyymm int).
    Raises ValueError when a request finished before it was received.
    """
    out = requests.copy()
    received = pd.to_datetime(out["received_at"])
    finished = pd.to_datetime(out["finished_at"])
    is_open = finished.isna()
    backwards = ~is_open & (finished < received)
    if backwards.any():
        ids = ", ".join(map(str, out.loc[backwards, "request_id"].head(5)))
        raise ValueError(f"Waktu selesai lebih awal daripada waktu masuk (permohonan {ids}).")
    moment = pd.Timestamp(as_of)
    measured = finished.where(~is_open, received.where(received > moment, moment))

    limit, unit = _match_standards(out, standards)
    measure_unit = unit.where(unit.notna(), NO_STANDARD_UNIT)

    value = pd.Series(np.nan, index=out.index, dtype=float)
    hours = measure_unit == codes.UNIT_HOURS
    value[hours] = (measured[hours] - received[hours]).dt.total_seconds() / 3600
    days = measure_unit == codes.UNIT_CALENDAR_DAYS
    value[days] = calendar.calendar_days_between(received[days], measured[days])
    working = measure_unit == codes.UNIT_WORKING_DAYS
    regions = _ids(out["region_id"])
    for region in regions[working].unique():  # regional holidays: each region its own calendar
        same = regions.isna() if pd.isna(region) else regions.eq(region).fillna(False)
        rows = working & same.astype(bool)
        region_calendar = calendar.for_region(None if pd.isna(region) else int(region))
        value[rows] = region_calendar.working_days_between(received[rows], measured[rows])

    has_standard = limit.notna()
    over = has_standard & (value > limit)
    within = pd.Series(pd.NA, index=out.index, dtype="boolean")
    scored = ~is_open & has_standard
    within[scored] = value[scored] <= limit[scored]
    within[is_open & over] = False

    out["limit_value"] = limit
    out["limit_unit"] = unit
    out["turnaround_unit"] = measure_unit
    out["turnaround"] = value
    out["open"] = is_open.to_numpy()
    out["measured_until"] = measured
    out["within_standard"] = within
    out["open_overdue"] = (is_open & over).to_numpy()
    out["month"] = (received.dt.year * 100 + received.dt.month).astype(np.int64)
    return out


def _judged(turnaround_frame: pd.DataFrame) -> pd.Series:
    """The requests judged against their standard: finished with a standard, or open and already past
    it (an open request still within its limit is not judged yet)."""
    f = turnaround_frame
    return (~f["open"].astype(bool) & f["limit_value"].notna()) | f["open_overdue"].astype(bool)


def measured(inputs) -> pd.DataFrame:
    """turnaround() of the inputs' requests on the span's working calendar, open requests measured at
    inputs.measured_at (the end of the period's last day, or now): the one way the report, the pages
    and the exports measure requests. Computed once per inputs."""
    return inputs.derived("turnaround", lambda: turnaround(
        inputs.requests, inputs.standards, span_calendar(inputs), inputs.measured_at))


def service_speed(turnaround_frame: pd.DataFrame, by: Sequence[str] = ("agency_id",)) -> pd.DataFrame:
    """Speed per group and per turnaround unit, from turnaround()'s frame.

    Hours, working days and calendar days do not mix in a median, so every row is one group
    and one turnaround_unit (a group whose services use two units gets two rows; filter on
    turnaround_unit or group by service_type for one number per service). Counts add up over
    a group's rows: share over several units = sum(finished_within) / sum(judged).

    Returns the `by` columns, turnaround_unit, requests, finished, judged (requests judged against
    their standard: finished ones that have a standard, and open ones already past it, domain.md
    §4), finished_within, share_within_standard (finished_within / judged, NaN when 0: an office
    that leaves overdue requests open does not look better than one that finishes them late),
    median_turnaround and p90_turnaround (over finished requests, linear interpolation, in
    turnaround_unit), open_overdue (count).
    """
    keys = list(dict.fromkeys([*by, "turnaround_unit"]))
    f = turnaround_frame
    finished = ~f["open"].astype(bool)
    judged = _judged(f)
    work = f[keys].copy()
    work["requests"] = 1
    work["finished"] = finished.astype(np.int64)
    work["judged"] = judged.astype(np.int64)
    work["finished_within"] = (judged & f["within_standard"].fillna(False).astype(bool)).astype(np.int64)
    work["open_overdue"] = f["open_overdue"].astype(np.int64)
    work["_t"] = f["turnaround"].where(finished)
    grouped = work.groupby(keys, dropna=False, sort=True)
    out = grouped[list(SPEED_COUNTS)].sum()
    out["share_within_standard"] = out["finished_within"] / out["judged"].where(out["judged"] > 0)
    out["median_turnaround"] = grouped["_t"].median()
    out["p90_turnaround"] = grouped["_t"].quantile(0.9)
    out = out.reset_index()
    return out[[*keys, *SPEED_COLUMNS[1:]]]


# --- quality: SKM / IKM (PermenPANRB 14/2017) ---------------------------------------------------
IKM_WEIGHT = Fraction(1, 9)  # printed as 0,111 in the regulation; the exact weight is 1/9
IKM_SCALE = 25
ANSWER_VALUES = (1, 2, 3, 4)



def _round_ikm(value: Fraction) -> Decimal:
    """Half-up to 2 decimals, exactly (no 76.6049999 float artefacts)."""
    return Decimal(math.floor(value * 100 + Fraction(1, 2))).scaleb(-2).quantize(CENT)


def ikm_band(ikm: float | Decimal | Fraction | str, bands: Bands = IKM_BANDS) -> IkmBand:
    """The band of an IKM value, read after rounding it half-up to 2 decimals."""
    if isinstance(ikm, Fraction):
        value = _round_ikm(ikm)
    else:
        # repr gives the shortest decimal of a float: 76.605 is read as typed, not as 76.60499...
        is_float = isinstance(ikm, (float, np.floating))
        raw = Decimal(repr(float(ikm))) if is_float else Decimal(str(ikm))
        if not raw.is_finite():
            raise ValueError(f"Nilai IKM tidak valid: {ikm}")
        value = raw.quantize(CENT, rounding=ROUND_HALF_UP)
    for band in bands:
        if band.lower <= value <= band.upper:
            return band
    raise ValueError(f"Nilai IKM di luar rentang 25–100: {ikm}")


def mutu_of(ikm: float | Decimal | Fraction | str, bands: Bands = IKM_BANDS) -> str:
    """The mutu letter (A–D) of an IKM value."""
    return ikm_band(ikm, bands).mutu


def ikm(responses: pd.DataFrame, by: Sequence[str] = ("agency_id",), bands: Bands = IKM_BANDS) -> pd.DataFrame:
    """IKM per group from SKM answers.

    responses: u1..u9 (integers 1–4; NA = element not answered) plus the `by` columns; every row
    is one respondent (identical rows are different people). by=() gives one row for everything.
    NRR of an element = mean of the answers given; ikm = round_half_up(sum(NRR × 1/9) × 25, 2),
    computed exactly; mutu and kinerja are read from that rounded value (IKM_BANDS).

    Returns the `by` columns, respondents, nrr_u1..nrr_u9 (unrounded means), ikm (float, 2
    decimals; NaN when an element has no answer in the group), mutu, kinerja.
    """
    keys = list(by)
    answers = responses[list(ANSWER_COLUMNS)]
    given = answers.notna()
    valid = answers.isin(ANSWER_VALUES) | ~given
    if not valid.all().all():
        bad = sorted({str(v) for v in answers.to_numpy()[~valid.to_numpy()]})
        raise ValueError(f"Jawaban SKM harus 1–4; ditemukan: {', '.join(bad)}")
    work = answers.astype("Int64")
    if keys:
        for k in keys:
            work[k] = responses[k].to_numpy()
    else:
        keys = ["_all"]
        work["_all"] = 0
    grouped = work.groupby(keys, dropna=False, sort=True)
    sums = grouped[list(ANSWER_COLUMNS)].sum()
    counts = grouped[list(ANSWER_COLUMNS)].count()
    out = pd.DataFrame(index=sums.index)
    out["respondents"] = grouped.size().astype(np.int64)
    for col, nrr in zip(ANSWER_COLUMNS, NRR_COLUMNS):
        n = counts[col].to_numpy(dtype=np.int64)
        total = sums[col].to_numpy(dtype=np.int64)
        out[nrr] = np.where(n > 0, total / np.maximum(n, 1), np.nan)
    values, mutu, kinerja = [], [], []
    for s_row, n_row in zip(sums.to_numpy(dtype=np.int64), counts.to_numpy(dtype=np.int64)):
        if (n_row == 0).any():
            values.append(np.nan)
            mutu.append(None)
            kinerja.append(None)
            continue
        exact = sum(Fraction(int(s), int(n)) * IKM_WEIGHT for s, n in zip(s_row, n_row)) * IKM_SCALE
        rounded = _round_ikm(exact)
        band = ikm_band(rounded, bands)
        values.append(float(rounded))
        mutu.append(band.mutu)
        kinerja.append(band.kinerja)
    out["ikm"] = np.asarray(values, dtype=float)
    out["mutu"] = pd.Series(mutu, index=out.index, dtype="str")
    out["kinerja"] = pd.Series(kinerja, index=out.index, dtype="str")
    out = out.reset_index()
    if by:
        return out[[*keys, *IKM_COLUMNS]]
    return out[list(IKM_COLUMNS)]


# --- views over turnaround(): ratios to the standard, combined units, open requests past it -----
RATIO_COLUMNS = ("scored", "median_ratio", "p25_ratio", "p75_ratio", "p90_ratio", "share_within_standard")


def standard_ratio(turnaround_frame: pd.DataFrame, by: Sequence[str] = ("service_type",)) -> pd.DataFrame:
    """Turnaround as a multiple of the standard (1.0 = exactly the limit), per group.

    The ratio is over finished requests with a standard (unit-free, so hours and days can sit side
    by side); share_within_standard over every judged request, as service_speed counts it (open
    requests already past their limit count as not within). Returns the `by` columns, scored (how
    many finished requests the ratio is over), median_ratio, p25_ratio, p75_ratio, p90_ratio (linear
    interpolation) and share_within_standard; groups without a judged request are left out.
    """
    keys = list(by)
    f = turnaround_frame
    judged = _judged(f) & (f["limit_value"] > 0)
    finished = judged & ~f["open"].astype(bool)
    work = f.loc[judged, keys].copy()
    work["_r"] = (f.loc[judged, "turnaround"] / f.loc[judged, "limit_value"]).astype(float).where(finished[judged])
    work["_w"] = f.loc[judged, "within_standard"].fillna(False).astype(bool).astype(np.int64)
    if not keys:
        keys = ["_all"]
        work["_all"] = 0
    grouped = work.groupby(keys, dropna=False, sort=True)
    out = pd.DataFrame({
        "scored": grouped["_r"].count().astype(np.int64),
        "median_ratio": grouped["_r"].median(),
        "p25_ratio": grouped["_r"].quantile(0.25),
        "p75_ratio": grouped["_r"].quantile(0.75),
        "p90_ratio": grouped["_r"].quantile(0.9),
        "share_within_standard": grouped["_w"].mean(),
    }).reset_index()
    if not by:
        out = out.drop(columns="_all")
    return out[[*by, *RATIO_COLUMNS]]


def combined_speed(speed: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """service_speed()'s rows added up over turnaround units, one row per `by` group.

    Counts add up; share_within_standard = sum(finished_within) / sum(judged) (NaN when 0);
    median_turnaround and turnaround_unit are kept only where the group has a single unit (a
    median of hours and days together means nothing), else NaN and NA.
    """
    keys = list(by)
    counts = list(SPEED_COUNTS)
    work = speed.assign(_all=0) if not keys else speed
    gkeys = keys or ["_all"]
    grouped = work.groupby(gkeys, dropna=False, sort=True)
    out = grouped[counts].sum()
    units = grouped["turnaround_unit"].nunique()
    single = units == 1
    out["share_within_standard"] = out["finished_within"] / out["judged"].where(out["judged"] > 0)
    out["turnaround_unit"] = grouped["turnaround_unit"].first().where(single).astype("str")
    out["median_turnaround"] = grouped["median_turnaround"].first().where(single)
    out = out.reset_index()
    if not keys:
        out = out.drop(columns="_all")
    return out[[*keys, *counts, "share_within_standard", "turnaround_unit", "median_turnaround"]]


OVERDUE_COLUMNS = ("request_id", "number", "agency_id", "region_id", "service_type", "received_at",
                   "limit_value", "limit_unit", "turnaround", "over")


def overdue_open(turnaround_frame: pd.DataFrame) -> pd.DataFrame:
    """Open requests already past their standard, longest over first.

    over = turnaround − limit_value, in the standard's own unit (hours, working or calendar days),
    measured at turnaround()'s as_of."""
    f = turnaround_frame[turnaround_frame["open_overdue"].astype(bool)]
    out = f.assign(over=f["turnaround"] - f["limit_value"])
    if "number" not in out.columns:
        out = out.assign(number=out["request_id"].astype(str))
    out = out.sort_values(["over", "received_at"], ascending=[False, True])
    return out[list(OVERDUE_COLUMNS)].reset_index(drop=True)


def element_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """The nine SKM elements of all respondents together: element (name), column (u1..u9), nrr
    (mean answer 1–4, unrounded), score (nrr × 25, on the IKM scale) and answers (how many gave
    one); in the regulation's order."""
    if responses.empty:
        return pd.DataFrame({"element": pd.Series(dtype="str"), "column": pd.Series(dtype="str"),
                             "nrr": pd.Series(dtype=float), "score": pd.Series(dtype=float),
                             "answers": pd.Series(dtype=np.int64)})
    row = ikm(responses, by=()).iloc[0]
    counts = responses[list(ANSWER_COLUMNS)].notna().sum()
    return pd.DataFrame({
        "element": [ELEMENT_OF[c] for c in ANSWER_COLUMNS],
        "column": list(ANSWER_COLUMNS),
        "nrr": [float(row[n]) for n in NRR_COLUMNS],
        "score": [float(row[n]) * IKM_SCALE for n in NRR_COLUMNS],
        "answers": [int(counts[c]) for c in ANSWER_COLUMNS],
    })
