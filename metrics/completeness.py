"""Data completeness: per agency and kind of data, whether it is present, partial, stale or missing
for the period, so BKD knows whom to chase. Pure: takes MetricInputs' frames and
data_access.completeness.References.

Definitions (each status in one sentence):
- ada: the agency's data of this kind is there for the period.
- sebagian: data is there, but for fewer than `min_share` of the agency's active staff (SKP,
  penilaian per period, e-Kinerja daily reports: staff with at least one entry in the period).
- usang (stale): for the kinds that flow every working day (service requests, e-Kinerja daily
  reports), the agency's newest date in the period is more than `stale_days` days older than the
  province's newest date of that kind (others have sent newer data; this agency has not). Trainings and
  SKM surveys come in events, not daily: they are there or missing, never stale.
- belum ada (missing): nothing of this kind for the period: no appraisals or no organisation rating
  for a period that other agencies have delivered, no training, no request, no SKM response, no daily
  entry, no SKP, or (pegawai) no active staff.
Service requests and SKM are expected only of offices serving the public (References.service_offices,
skm_offices), queue tickets (antrian) only of the offices that run a queue at their counter
(References.queue_offices: any ticket, any year), like service requests. The ADKAR pulse survey
(survei_adkar) is expected of every agency with staff: it is there or missing, never stale.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from vocab import codes
from vocab.periods import PERIOD_ORDER
from vocab.settings import DEFAULT_MIN_SHARE, DEFAULT_STALE_DAYS

OK, PARTIAL, STALE, MISSING = "ada", "sebagian", "usang", "belum ada"
STATUSES = (MISSING, STALE, PARTIAL, OK)  # worst first
GAPS = (MISSING, STALE, PARTIAL)
KIND_LABELS = {
    "pegawai": "Data pegawai", "skp": "SKP", "penilaian": "Penilaian kinerja",
    "predikat_organisasi": "Predikat organisasi", "pelatihan": "Pelatihan", "layanan": "Permohonan layanan",
    "antrian": "Antrian loket", "skm": "Survei kepuasan (SKM)", "survei_adkar": "Survei denyut ADKAR",
    "progres_harian": "Progres harian e-Kinerja",
}
COLUMNS = ["agency_id", "kind", "period", "status", "covered", "expected", "last_date", "reference_date"]
_EPOCH = date(1970, 1, 1)



def _periods(delivered, chosen: str | None) -> list[str]:
    """The appraisal periods due in the view: those delivered by anyone, or just the chosen one."""
    periods = sorted(delivered, key=lambda p: PERIOD_ORDER.get(p, 99))
    return [p for p in periods if p == chosen] if chosen else periods


def _share_status(covered: int, expected: int, min_share: float) -> str:
    if covered <= 0:
        return MISSING
    return PARTIAL if expected and covered < min_share * expected else OK


FLOWING = ("layanan", "antrian", "progres_harian")  # kinds that can be stale
DATED = ("pelatihan", "layanan", "antrian", "skm", "survei_adkar")  # counted in rows, with a newest date


def _dated_status(last: date | None, reference: date | None, stale_days: int | None) -> str:
    if last is None:
        return MISSING
    if stale_days is not None and reference is not None and last < reference - timedelta(days=int(stale_days)):
        return STALE
    return OK


def _row(agency_id, kind, status, covered=None, expected=None, period=None, last=None, reference=None) -> dict:
    return {"agency_id": agency_id, "kind": kind, "period": period, "status": status,
            "covered": covered, "expected": expected, "last_date": last, "reference_date": reference}


def _newest(frame: pd.DataFrame, column: str) -> pd.Series:
    """The agency's newest date of a dated kind in the span."""
    if frame.empty:
        return pd.Series(dtype=object)
    return pd.to_datetime(frame[column]).groupby(frame["agency_id"]).max().dt.date


def _staff_facts(inputs, roster: pd.DataFrame) -> dict:
    """Staff-based kinds: per agency, the active staff with an SKP in the span, the rated staff per
    period, and the agencies' organisation ratings (agency, period)."""
    active = set(roster["employee_id"])
    skp = inputs.skp
    in_span = skp[(skp["period_start"].isna() | (pd.to_datetime(skp["period_start"]) <= pd.Timestamp(inputs.end)))
                  & (skp["period_end"].isna() | (pd.to_datetime(skp["period_end"]) >= pd.Timestamp(inputs.start)))]
    rated = inputs.appraisals[inputs.appraisals["predikat"].notna() & inputs.appraisals["employee_id"].isin(active)]
    rated = rated[rated["year"] == inputs.year].merge(roster[["employee_id", "agency_id"]], on="employee_id",
                                                      suffixes=("_then", ""))
    orgs = inputs.org_ratings
    agency_level = orgs["unit_id"].isna()
    return {"skp": roster[roster["employee_id"].isin(set(in_span["employee_id"]))].groupby("agency_id").size(),
            "rated": rated.groupby(["agency_id", "period"])["employee_id"].nunique(),
            "org_keys": set(zip(orgs.loc[agency_level, "agency_id"].astype(int), orgs.loc[agency_level, "period"]))}


def _dated_facts(inputs, roster: pd.DataFrame) -> dict:
    """Dated kinds: per agency, its newest date and its count of rows (trainings, requests, SKM), its
    staff reporting in e-Kinerja and its newest reported day."""
    dm = inputs.daily_month
    reporting = dm[(dm["days_active"] > 0) & dm["employee_id"].isin(set(roster["employee_id"]))]
    reporting = reporting[["employee_id"]].drop_duplicates().merge(roster[["employee_id", "agency_id"]],
                                                                    on="employee_id")
    return {"last": {"pelatihan": _newest(inputs.trainings, "start_date"),
                     "layanan": _newest(inputs.requests, "received_at"),
                     "antrian": _newest(inputs.queue, "day"),
                     "skm": _newest(inputs.skm, "survey_date"),
                     "survei_adkar": _newest(inputs.adkar, "survey_date")},
            "counts": {"pelatihan": inputs.trainings.groupby("agency_id").size(),
                       "layanan": inputs.requests.groupby("agency_id").size(),
                       "antrian": inputs.queue.groupby("agency_id").size(),
                       "skm": inputs.skm.groupby("agency_id").size(),
                       "survei_adkar": inputs.adkar.groupby("agency_id").size()},
            "reporters": reporting.groupby("agency_id").size(),
            "dm_last": dm.dropna(subset=["last_active_day"]).groupby("agency_id")["last_active_day"].max()}


def _agency_rows(agency_id: int, staff: int, facts: dict, refs, periods: tuple, stale_days, min_share) -> list[dict]:
    """The rows of one agency with staff: SKP, appraisals and organisation ratings per due period,
    the dated kinds it is expected to send, and e-Kinerja."""
    appraisal_periods, org_periods = periods
    covered = int(facts["skp"].get(agency_id, 0))
    rows = [_row(agency_id, "skp", _share_status(covered, staff, min_share), covered=covered, expected=staff)]
    for period in appraisal_periods:
        covered = int(facts["rated"].get((agency_id, period), 0))
        rows.append(_row(agency_id, "penilaian", _share_status(covered, staff, min_share), covered=covered,
                         expected=staff, period=period))
    for period in org_periods:
        rows.append(_row(agency_id, "predikat_organisasi", OK if (agency_id, period) in facts["org_keys"] else MISSING,
                         period=period))
    for kind in DATED:
        if (kind == "layanan" and agency_id not in refs.service_offices) or \
                (kind == "antrian" and agency_id not in refs.queue_offices) or \
                (kind == "skm" and agency_id not in refs.skm_offices):
            continue
        newest_day = facts["last"][kind].get(agency_id)
        rows.append(_row(agency_id, kind, _dated_status(newest_day, refs.last_dates.get(kind),
                                                        stale_days if kind in FLOWING else None),
                         covered=int(facts["counts"][kind].get(agency_id, 0)), last=newest_day,
                         reference=refs.last_dates.get(kind)))
    day = facts["dm_last"].get(agency_id)
    newest_day = None if day is None or pd.isna(day) else _EPOCH + timedelta(days=int(day))
    covered = int(facts["reporters"].get(agency_id, 0))
    status = _dated_status(newest_day, refs.last_dates.get("progres_harian"), stale_days)
    if status == OK:
        status = _share_status(covered, staff, min_share)
    rows.append(_row(agency_id, "progres_harian", status, covered=covered, expected=staff, last=newest_day,
                     reference=refs.last_dates.get("progres_harian")))
    return rows


def completeness(inputs, refs, stale_days: int = DEFAULT_STALE_DAYS,
                 min_share: float = DEFAULT_MIN_SHARE) -> pd.DataFrame:
    """One row per agency in `inputs` and kind (penilaian and predikat_organisasi: per due period):
    agency_id, kind, period (appraisal period code, else None), status (ada / sebagian / usang /
    belum ada), covered (staff with data, requests, respondents…), expected (active staff where staff
    count), last_date (the agency's newest date of the kind in the span) and reference_date (the
    province's newest). Kinds not expected of an agency (layanan, antrian and skm outside the offices
    that send them) are left out."""
    roster = inputs.roster
    headcount = roster.groupby("agency_id").size()
    facts = {**_staff_facts(inputs, roster), **_dated_facts(inputs, roster)}
    periods = (_periods(refs.appraisal_periods, inputs.period), _periods(refs.org_periods, inputs.period))
    rows: list[dict] = []
    for agency_id in inputs.agencies["agency_id"].astype(int).tolist():
        staff = int(headcount.get(agency_id, 0))
        rows.append(_row(agency_id, "pegawai", OK if staff else MISSING, covered=staff, expected=staff))
        if staff:
            rows += _agency_rows(agency_id, staff, facts, refs, periods, stale_days, min_share)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["covered"] = out["covered"].astype("Int64")
    out["expected"] = out["expected"].astype("Int64")
    return out


def gaps(table: pd.DataFrame) -> pd.DataFrame:
    """Only the rows that need chasing (belum ada, usang, sebagian), worst first, otherwise in the
    table's own order."""
    out = table[table["status"].isin(GAPS)]
    order = {s: i for i, s in enumerate(STATUSES)}
    return out.assign(_o=out["status"].map(order)).sort_values("_o", kind="stable").drop(
        columns="_o").reset_index(drop=True)


def agencies_with(gaps_: pd.DataFrame) -> dict[str, int]:
    """How many agencies have at least one kind in each gap status (belum ada, usang, sebagian)."""
    return {s: int(gaps_.loc[gaps_["status"] == s, "agency_id"].nunique()) for s in GAPS}


def matrix(table: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The named table wide: one row per agency (region_code, region, agency), one column per kind's
    label (`data`) holding its status; and those columns in KIND_LABELS order, then by label."""
    wide = table.pivot_table(index=["region_code", "region", "agency"], columns="data", values="status",
                             aggfunc="first", sort=False).reset_index()
    kinds = {k: i for i, k in enumerate(KIND_LABELS)}
    ordered = table.drop_duplicates("data").assign(_k=lambda f: f["kind"].map(kinds)).sort_values(["_k", "data"])
    return wide, list(ordered["data"])


def kind_label(kind: str, period: str | None, year: int) -> str:
    """'Penilaian kinerja Triwulan III 2026', 'Pelatihan'."""
    label = KIND_LABELS[kind]
    return f"{label} {codes.PERIOD_LABELS.get(period, period)} {year}" if period else label


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Rows per kind and status (an agency per kind, and per period for penilaian and predikat
    organisasi): kind, then one column per status."""
    if table.empty:
        return pd.DataFrame(columns=["kind", *STATUSES])
    counts = table.groupby(["kind", "status"]).size().unstack(fill_value=0)
    for s in STATUSES:
        if s not in counts.columns:
            counts[s] = 0
    counts = counts[list(STATUSES)].reindex([k for k in KIND_LABELS if k in counts.index])
    return counts.reset_index().astype({s: np.int64 for s in STATUSES})


def for_inputs(inputs, refs) -> pd.DataFrame:
    """completeness() with the settings in force (stale_days, completeness_min_share): what the page
    and the report both call."""
    return completeness(inputs, refs, stale_days=int(inputs.settings["stale_days"]),
                        min_share=float(inputs.settings["completeness_min_share"]))


def named(table: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """The table with region, region_code and agency (name) beside agency_id, ordered by region code,
    agency name, then kind in KIND_LABELS order and period."""
    names = agencies[["agency_id", "agency", "region", "region_code"]]
    out = table.merge(names, on="agency_id", how="left")
    kinds = {k: i for i, k in enumerate(KIND_LABELS)}
    out = out.assign(_k=out["kind"].map(kinds), _p=out["period"].map(PERIOD_ORDER).fillna(-1))
    return out.sort_values(["region_code", "agency", "_k", "_p"], kind="stable").drop(
        columns=["_k", "_p"]).reset_index(drop=True)


def report_rows(table: pd.DataFrame, agencies: pd.DataFrame) -> list[dict]:
    """The report's completeness section: one plain dict per agency and kind (dates as ISO text)."""
    rows = []
    for r in named(table, agencies).itertuples():
        rows.append({
            "region": r.region, "agency_name": r.agency, "kind": r.kind,
            "period": None if r.period is None or pd.isna(r.period) else r.period, "status": r.status,
            "covered": None if pd.isna(r.covered) else int(r.covered),
            "expected": None if pd.isna(r.expected) else int(r.expected),
            "last_date": None if r.last_date is None or pd.isna(r.last_date) else r.last_date.isoformat(),
            "reference_date": None if r.reference_date is None or pd.isna(r.reference_date)
            else r.reference_date.isoformat(),
        })
    return rows
