"""Appraisal period codes as date ranges: TW1–TW4, TAHUNAN and months (B01–B12)."""
from __future__ import annotations

import calendar
from datetime import date

from vocab import codes


def period_months(period: str | None) -> tuple[int, int]:
    """The first and last month (1–12) a period covers; None or TAHUNAN is the whole year."""
    if period is None or period == codes.ANNUAL_PERIOD:
        return 1, 12
    if period.startswith("TW"):
        quarter = int(period[2:])
        return 3 * quarter - 2, 3 * quarter
    if period.startswith("B"):
        month = int(period[1:])
        return month, month
    raise ValueError(f"Periode tidak dikenal: {period}")


def _sort_key(code: str) -> tuple[int, int]:
    first, last = period_months(code)
    return last, last - first + 1


# (calendar month the period ends, its length in months): the chronological sort key. At the same end
# month the longer period sorts later (B12 < TW4 < TAHUNAN), so the annual appraisal is always the
# latest of its year and a quarter outranks its own last month. PERIOD_ORDER numbers them in that order.
PERIOD_SORT_KEY: dict[str, tuple[int, int]] = {code: _sort_key(code) for code in codes.PERIOD_LABELS}
PERIOD_ORDER: dict[str, int] = {code: i for i, code in enumerate(sorted(PERIOD_SORT_KEY, key=PERIOD_SORT_KEY.get))}


def period_bounds(year: int, period: str | None) -> tuple[date, date]:
    """First and last day of a period of a year."""
    first, last = period_months(period)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def month_keys(year: int, period: str | None) -> list[int]:
    """The yyyymm keys of a period's months."""
    first, last = period_months(period)
    return [year * 100 + m for m in range(first, last + 1)]


def period_label(period: str | None) -> str:
    return "Tahun penuh" if period is None else codes.PERIOD_LABELS[period]


def previous_label(year: int, period: str | None) -> str:
    """The name of the period before, as the pages compare with it: 'Triwulan II 2026', 'tahun 2025'."""
    py, pp = previous_period(year, period)
    return f"{period_label(pp)} {py}" if pp else f"tahun {py}"


def previous_period(year: int, period: str | None) -> tuple[int, str | None]:
    """The period before: the previous year for a whole year; the quarter (or month) before, across
    the turn of the year."""
    if period is None or period == codes.ANNUAL_PERIOD:
        return year - 1, period
    if period.startswith("TW"):
        quarter = int(period[2:])
        return (year, f"TW{quarter - 1}") if quarter > 1 else (year - 1, "TW4")
    month = int(period[1:])
    return (year, f"B{month - 1:02d}") if month > 1 else (year - 1, "B12")
