"""e-Kinerja daily entries (progres harian): who reports on which working day, when each entry
was typed in and when the superior approved it.

Outside the planted patterns about 80% of an agency's staff ever report; reporting plans carry the
patterns adopsi_rendah, kepatuhan_rendah, berhenti_melapor and membaik (planted.py).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from demo.draw import CUTOFF, DAY, MINUTE, ts
from demo.org import KEPALA_OPD_AGENCY, PROVINCE
from demo.planted import (LAMPUNG_SELATAN, LOW_COMPLIANCE_AGENCY, LOW_COMPLIANCE_UNIT, MENTORING_EFFECT_DAY,
                          MENTORING_EFFECT_P, MENTORING_EFFECT_UNIT, PRINGSEWU)
from demo.scales import REGION_COL

ADOPTION_RATE = (0.72, 0.90)  # share of an agency's staff who ever report, drawn per agency
ENGAGEMENT_BANDS = ((0.6, 0.85, 0.98), (0.3, 0.55, 0.85), (0.1, 0.15, 0.5))  # (share, p low, high)
DRAFT_ONLY_SHARE = 0.33  # of non-adopters: start a Draft now and then, never submit
DRAFT_SHARE = 0.03  # of an adopter's entries left as Draft
APPROVAL_SHARE = 0.93  # of submitted entries the superior eventually approves
APPROVAL_LAG = ((0.25, 0, 0), (0.35, 1, 1), (0.2, 2, 3), (0.15, 4, 10), (0.05, 11, 30))
APPROVAL_EVENING_SHARE = 0.25  # approvals made 16:30-21:30 instead of office hours
# (share, days later lo, hi) for the input of an entry and for its approval after input
INPUT_LAG = ((0.78, 0, 0), (0.15, 1, 3), (0.06, 4, 10), (0.01, 11, 30))
LAPSE_SHARE = 0.10
LAPSE_LAST_DAY = (date(2026, 4, 13), date(2026, 4, 30))
ADOPTION_LOW_SHARE = 0.02  # planted adopsi_rendah
ADOPTION_LOW_DRAFT_SHARE = 0.05
COMPLIANCE_LOW_P = (0.04, 0.12)  # planted kepatuhan_rendah: daily reporting probability
RAMP = (0.20, 0.90)  # planted membaik: monthly active share in January and November
DAILY_CHUNK = 20_000  # employees per block of the daily-entry matrix
DAILY_STATUSES = ("Draft", "Submitted", "Approved")


# --- progres harian -----------------------------------------------------------------------------
def _reporting_plan(peg, extra, rng, workdays) -> tuple[np.ndarray, ...]:
    """Per employee: first and last+1 working-day index reported, daily probability, draft-only."""
    n, n_days = len(peg), len(workdays)
    region = peg[REGION_COL].to_numpy()
    start = np.full(n, n_days, dtype=np.int64)
    stop = np.full(n, n_days, dtype=np.int64)
    p = np.zeros(n)
    draft_only = np.zeros(n, dtype=bool)

    def band_p(size):
        band = rng.choice(len(ENGAGEMENT_BANDS), size=size,
                          p=[b[0] for b in ENGAGEMENT_BANDS])
        lo = np.array([b[1] for b in ENGAGEMENT_BANDS])[band]
        hi = np.array([b[2] for b in ENGAGEMENT_BANDS])[band]
        return rng.uniform(lo, hi)

    # ordinary staff: adopters start early (a few late), some non-adopters only leave Drafts
    rate = rng.uniform(*ADOPTION_RATE, extra["agency_id"].max() + 1)[extra["agency_id"].to_numpy()]
    adopter = rng.random(n) < rate
    late = rng.random(n) < 0.1
    first_day = np.where(late, rng.integers(20, n_days // 2, n),
                         np.minimum(rng.exponential(10, n).astype(np.int64), n_days - 1))
    start[adopter] = first_day[adopter]
    p[adopter] = band_p(adopter.sum())
    drafter = ~adopter & (rng.random(n) < DRAFT_ONLY_SHARE)
    start[drafter] = rng.integers(0, n_days, drafter.sum())
    p[drafter] = rng.uniform(0.02, 0.1, drafter.sum())
    draft_only[drafter] = True

    low_unit = ((region == PROVINCE) & (peg["OPD"].to_numpy() == LOW_COMPLIANCE_AGENCY)
                & (peg["UNIT KERJA"].to_numpy() == LOW_COMPLIANCE_UNIT))
    special = (region == LAMPUNG_SELATAN) | (region == PRINGSEWU) | low_unit

    # berhenti_melapor: a lapse group among ordinary staff
    eligible = np.flatnonzero(~special)
    lapsers = rng.permutation(eligible)[: int(round(LAPSE_SHARE * len(eligible)))]
    lo, hi = (np.searchsorted(workdays, np.datetime64(d)) for d in LAPSE_LAST_DAY)
    start[lapsers] = rng.integers(0, 8, len(lapsers))
    stop[lapsers] = rng.integers(lo, hi + 1, len(lapsers)) + 1  # last day reported lo..hi
    p[lapsers] = rng.uniform(0.75, 0.95, len(lapsers))
    draft_only[lapsers] = False

    # kepatuhan_rendah: everyone starts, few days filled
    start[low_unit] = rng.integers(0, 10, low_unit.sum())
    p[low_unit] = rng.uniform(*COMPLIANCE_LOW_P, low_unit.sum())
    draft_only[low_unit] = False

    # adopsi_rendah: exactly ~2% adopt, a few more leave Drafts only
    ls = rng.permutation(np.flatnonzero(region == LAMPUNG_SELATAN))
    k_adopt = int(round(ADOPTION_LOW_SHARE * len(ls)))
    k_draft = int(round(ADOPTION_LOW_DRAFT_SHARE * len(ls)))
    start[ls], p[ls], draft_only[ls] = n_days, 0.0, False
    start[ls[:k_adopt]] = rng.integers(0, n_days // 2, k_adopt)
    p[ls[:k_adopt]] = band_p(k_adopt)
    drafts = ls[k_adopt:k_adopt + k_draft]
    start[drafts] = rng.integers(0, n_days, len(drafts))
    p[drafts] = rng.uniform(0.02, 0.1, len(drafts))
    draft_only[drafts] = True

    # membaik: the share who have started follows a ramp from January to November
    pw = rng.permutation(np.flatnonzero(region == PRINGSEWU))
    frac = np.arange(len(pw)) / max(len(pw), 1)
    month_of_day = workdays.astype("datetime64[M]").astype(np.int64) % 12 + 1
    last_month = int(month_of_day[-1])
    targets = RAMP[0] + (RAMP[1] - RAMP[0]) * np.arange(last_month) / (last_month - 1)
    month = np.searchsorted(targets, frac, side="right") + 1  # first month whose target > frac
    starts = np.full(len(pw), n_days, dtype=np.int64)
    for m in range(1, last_month + 1):
        sel = month == m
        days_in = np.flatnonzero(month_of_day == m)
        first_half = days_in[: max(1, len(days_in) // 2)]
        starts[sel] = rng.choice(first_half, size=sel.sum())
    start[pw] = starts
    p[pw] = rng.uniform(0.85, 0.97, len(pw))
    draft_only[pw] = False
    return start, stop, p, draft_only


def progres(peg, extra, rng, workdays) -> pd.DataFrame:
    """One row per employee and working day reported, built in blocks of employees."""
    start, stop, p, draft_only = _reporting_plan(peg, extra, rng, workdays)
    nip = peg["NIP"].to_numpy()
    cols = np.arange(len(workdays))
    parts = []
    for lo in range(0, len(peg), DAILY_CHUNK):
        hi = min(len(peg), lo + DAILY_CHUNK)
        u = rng.random((hi - lo, len(workdays)), dtype=np.float32)
        mask = ((cols >= start[lo:hi, None]) & (cols < stop[lo:hi, None])
                & (u < p[lo:hi, None].astype(np.float32)))
        emp, day_idx = np.nonzero(mask)
        del u, mask
        parts.append(_daily_rows(rng, nip, emp + lo, workdays[day_idx], draft_only))
    return pd.concat(parts, ignore_index=True)


def _daily_rows(rng, nip, emp, day, draft_only) -> pd.DataFrame:
    """Input and approval times and status of the entries (emp, day) of one block."""
    day = day.astype("datetime64[m]")
    r = len(emp)
    # input time: usually the same afternoon, sometimes days later
    lag_days = _lag_days(rng, INPUT_LAG, r)
    same_day_minute = np.where(rng.random(r) < 0.75, rng.integers(13 * 60 + 30, 16 * 60 + 30, r),
                               rng.integers(16 * 60 + 30, 21 * 60, r))
    minute = np.where(lag_days == 0, same_day_minute, rng.integers(8 * 60, 22 * 60, r))
    entered = day + lag_days * 1440 * MINUTE + minute * MINUTE
    keep = entered < CUTOFF  # not yet typed in when the data were exported
    emp, day, entered = emp[keep], day[keep], entered[keep]
    r = len(emp)

    draft = draft_only[emp] | (rng.random(r) < DRAFT_SHARE)
    # approval: the superior's next round of approvals, in office hours or in the evening
    approve_day = entered.astype("datetime64[D]") + _lag_days(rng, APPROVAL_LAG, r) * DAY
    approve_minute = np.where(rng.random(r) < APPROVAL_EVENING_SHARE,
                              rng.integers(16 * 60 + 30, 21 * 60 + 30, r),
                              rng.integers(8 * 60, 16 * 60 + 30, r))
    approved_at = approve_day.astype("datetime64[m]") + approve_minute * MINUTE
    too_soon = approved_at <= entered
    approved_at[too_soon] = entered[too_soon] + rng.integers(10, 180, too_soon.sum()) * MINUTE
    approved = ~draft & (rng.random(r) < APPROVAL_SHARE) & (approved_at < CUTOFF)
    status = np.where(draft, 0, np.where(approved, 2, 1))
    return pd.DataFrame({
        "NIP": nip[emp],
        "TANGGAL": ts(day.astype("datetime64[D]")),
        "WAKTU INPUT": ts(entered),
        "STATUS": np.asarray(DAILY_STATUSES, dtype=object)[status],
        "WAKTU PERSETUJUAN": ts(np.where(approved, approved_at, np.datetime64("NaT"))),
    })


def after_clinic(daily: pd.DataFrame, peg: pd.DataFrame, rng: np.random.Generator,
                 workdays: np.ndarray) -> pd.DataFrame:
    """Planted pendampingan_berdampak: from the working day after its clinic, the staff of
    MENTORING_EFFECT_UNIT report on each working day they had left empty with chance MENTORING_EFFECT_P.
    Only rows are added, from `rng` (a generator of its own), so every other draw stays as it was."""
    region, agency = KEPALA_OPD_AGENCY
    staff = np.flatnonzero((peg[REGION_COL].to_numpy() == region) & (peg["OPD"].to_numpy() == agency)
                           & (peg["UNIT KERJA"].to_numpy() == MENTORING_EFFECT_UNIT))
    days = workdays[workdays > np.datetime64(MENTORING_EFFECT_DAY)]
    if not len(staff) or not len(days):
        return daily
    nip = peg["NIP"].to_numpy()
    emp, day = np.repeat(staff, len(days)), np.tile(days, len(staff))
    had = pd.MultiIndex.from_arrays([daily["NIP"], daily["TANGGAL"].to_numpy().astype("datetime64[D]")])
    empty = ~pd.MultiIndex.from_arrays([nip[emp], day]).isin(had)
    take = empty & (rng.random(len(emp)) < MENTORING_EFFECT_P)
    added = _daily_rows(rng, nip, emp[take], day[take], np.zeros(len(peg), dtype=bool))
    return pd.concat([daily, added], ignore_index=True)


def _lag_days(rng, classes: tuple[tuple[float, int, int], ...], size: int) -> np.ndarray:
    """Whole days of delay drawn from (share, low, high) classes."""
    cls = rng.choice(len(classes), size=size, p=[c[0] for c in classes])
    return rng.integers(np.array([c[1] for c in classes])[cls],
                        np.array([c[2] for c in classes])[cls] + 1)

