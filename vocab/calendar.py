"""The one definition of a working day: Mon–Fri minus holidays, cuti bersama and corrections."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays
import numpy as np
import pandas as pd

# The library's "public" category lacks cuti bersama; "government" adds it (stack.md, Holidays).
HOLIDAY_CATEGORIES = ("public", "government")
COUNTRY = "ID"
# Columns of an administrator's corrections frame (data_access.reads.holiday_corrections).
CORRECTION_COLUMNS = ("day", "is_holiday", "region_id")

_DAY = np.timedelta64(1, "D")


def _years(years: int | Iterable[int]) -> tuple[int, ...]:
    values = (years,) if isinstance(years, (int, np.integer)) else tuple(years)
    if not values:
        raise ValueError("Kalender kerja membutuhkan sedikitnya satu tahun.")
    return tuple(sorted({int(y) for y in values}))


def _corrections(corrections: pd.DataFrame | None) -> pd.DataFrame:
    """The corrections as plain python values: day (date), is_holiday (bool), region_id (int or None)."""
    if corrections is None or len(corrections) == 0:
        return pd.DataFrame({"day": pd.Series(dtype=object), "is_holiday": pd.Series(dtype=bool),
                             "region_id": pd.Series(dtype=object)})
    missing = [c for c in CORRECTION_COLUMNS if c not in corrections.columns]
    if missing:
        raise ValueError(f"Koreksi hari libur tanpa kolom: {', '.join(missing)}")
    if corrections["day"].isna().any() or corrections["is_holiday"].isna().any():
        raise ValueError("Koreksi hari libur harus berisi tanggal dan status libur pada setiap baris.")
    return pd.DataFrame({
        "day": [d.date() for d in pd.to_datetime(corrections["day"])],
        "is_holiday": corrections["is_holiday"].astype(bool).to_numpy(),
        "region_id": [None if pd.isna(r) else int(r) for r in corrections["region_id"]],
    })


def _apply(days: set[date], rows: pd.DataFrame) -> None:
    conflicting = rows.groupby("day")["is_holiday"].nunique()
    conflicting = conflicting[conflicting > 1]
    if len(conflicting):
        listed = ", ".join(d.isoformat() for d in conflicting.index)
        raise ValueError(f"Koreksi hari libur saling bertentangan untuk tanggal: {listed}")
    for day, is_holiday in zip(rows["day"], rows["is_holiday"]):
        if is_holiday:
            days.add(day)
        else:
            days.discard(day)


def holiday_dates(years: int | Iterable[int], corrections: pd.DataFrame | None = None,
                  region_id: int | None = None) -> set[date]:
    """Holidays and cuti bersama of the years, corrected.

    corrections: columns day (date), is_holiday (bool: True adds the day, False removes it) and
    region_id (int, or None/NA = every region). Corrections for every region apply first, then
    those of `region_id` (so a region may override a province-wide correction); with
    region_id=None only the corrections for every region apply. Only days inside `years` are kept.
    """
    span = _years(years)
    found = holidays.country_holidays(COUNTRY, years=list(span), categories=HOLIDAY_CATEGORIES)
    days = set(found)
    fixes = _corrections(corrections)
    fixes = fixes[np.array([d.year in span for d in fixes["day"]], dtype=bool)]
    everywhere = fixes["region_id"].isna()
    _apply(days, fixes[everywhere])
    if region_id is not None:
        _apply(days, fixes[~everywhere & (fixes["region_id"] == int(region_id))])
    return days


def _as_days(values) -> np.ndarray:
    """Any date-like scalar or array (date, datetime, Timestamp, Series, numpy) as datetime64[D]."""
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.dtype.kind != "M":
        arr = np.asarray(pd.to_datetime(np.atleast_1d(arr)).to_numpy()).reshape(arr.shape)
    return arr.astype("datetime64[D]")


class WorkCalendar:
    """The working days of a span of whole years, for the whole province or for one region."""

    def __init__(self, years: int | Iterable[int], corrections: pd.DataFrame | None = None,
                 region_id: int | None = None):
        span = _years(years)
        self.years = tuple(range(span[0], span[-1] + 1))  # contiguous, so no year is unknown
        self.region_id = None if region_id is None else int(region_id)
        self._corrections = _corrections(corrections)
        self.holidays = np.array(
            sorted(holiday_dates(self.years, self._corrections, self.region_id)),
            dtype="datetime64[D]")
        self.holidays.flags.writeable = False  # shared by every caller of this calendar
        self.busdaycal = np.busdaycalendar(holidays=self.holidays)
        self.first_day = np.datetime64(f"{self.years[0]:04d}-01-01", "D")
        self.last_day = np.datetime64(f"{self.years[-1]:04d}-12-31", "D")
        self._regions: dict[int | None, WorkCalendar] = {self.region_id: self}

    @classmethod
    def covering(cls, start, end, corrections: pd.DataFrame | None = None,
                 region_id: int | None = None) -> WorkCalendar:
        """The calendar of every year from start's year to end's year."""
        first, last = pd.Timestamp(start), pd.Timestamp(end)
        return cls(range(first.year, last.year + 1), corrections, region_id)

    def for_region(self, region_id: int | None) -> WorkCalendar:
        """The same years and corrections, with the corrections of `region_id` (None = none)."""
        key = None if region_id is None or pd.isna(region_id) else int(region_id)
        if key not in self._regions:
            self._regions[key] = WorkCalendar(self.years, self._corrections, key)
        return self._regions[key]

    def __repr__(self) -> str:
        return f"WorkCalendar(years={self.years[0]}–{self.years[-1]}, region_id={self.region_id})"

    def _checked(self, values) -> np.ndarray:
        days = _as_days(values)
        known = days[~np.isnat(days)]
        if known.size and (known.min() < self.first_day or known.max() > self.last_day):
            raise ValueError(
                f"Tanggal di luar kalender kerja ({self.years[0]}–{self.years[-1]}): "
                f"{known.min()} s.d. {known.max()}")
        return days

    def is_working_day(self, dates) -> np.ndarray:
        """True for a working day (any date-like array; NaT is False)."""
        days = self._checked(dates)
        return np.is_busday(days, busdaycal=self.busdaycal)

    def working_days_between(self, start_dates, end_dates) -> np.ndarray:
        """Working days strictly after start's day up to and including end's day (same day = 0).

        Negative when end is before start. NaT is refused: fill open ends first.
        """
        start, end = self._checked(start_dates), self._checked(end_dates)
        if np.isnat(start).any() or np.isnat(end).any():
            raise ValueError("Tanggal kosong (NaT) tidak dapat dihitung hari kerjanya.")
        return np.busday_count(start + _DAY, end + _DAY, busdaycal=self.busdaycal).astype(np.int64)

    def calendar_days_between(self, start_dates, end_dates) -> np.ndarray:
        """Days strictly after start's day up to and including end's day, every day counted."""
        start, end = self._checked(start_dates), self._checked(end_dates)
        if np.isnat(start).any() or np.isnat(end).any():
            raise ValueError("Tanggal kosong (NaT) tidak dapat dihitung jumlah harinya.")
        return (end - start).astype(np.int64)

    def working_days(self, start, end) -> np.ndarray:
        """The working days from start to end inclusive, as sorted datetime64[D]."""
        first, last = self._checked(start).item(0), self._checked(end).item(0)
        days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + _DAY,
                         dtype="datetime64[D]")
        return days[np.is_busday(days, busdaycal=self.busdaycal)]

    def working_days_in_month(self, year: int, month: int) -> int:
        """How many working days the month has."""
        first = np.datetime64(f"{year:04d}-{month:02d}", "M")
        start, end = first.astype("datetime64[D]"), (first + 1).astype("datetime64[D]")
        self._checked(np.array([start, end - _DAY]))
        return int(np.busday_count(start, end, busdaycal=self.busdaycal))

    def working_days_per_month(self, months, until) -> pd.Series:
        """Working days in each month (yyyymm), counted up to `until` (a partial current month)."""
        values = {}
        for month in months:
            year, m = divmod(month, 100)
            first = pd.Timestamp(year=year, month=m, day=1)
            last = min(first + pd.offsets.MonthEnd(0), pd.Timestamp(until))
            values[month] = 0 if last < first else len(self.working_days(first.date(), last.date()))
        return pd.Series(values, dtype="int64")


def span_calendar(inputs) -> WorkCalendar:
    """The working calendar of a span's inputs (MetricInputs: start, end, holiday_corrections), whole
    years from start to end, with the administrator's corrections: the one calendar the report and the
    pages measure a period with. Every day the period is measured to lies inside it (open requests and
    adoption are measured to the period's last day at the latest). Computed once per inputs."""
    return inputs.derived("work_calendar", lambda: WorkCalendar.covering(
        inputs.start, inputs.end, inputs.holiday_corrections))
