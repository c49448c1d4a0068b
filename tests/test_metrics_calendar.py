"""vocab.calendar: working days across weekends, holidays, cuti bersama and corrections."""
from __future__ import annotations

from datetime import date, datetime

import holidays
import numpy as np
import pandas as pd
import pytest

from vocab.calendar import WorkCalendar, holiday_dates

REGION, OTHER_REGION = 7, 8


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(2025)


def _corrections(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["day", "is_holiday", "region_id"])


def _between(calendar: WorkCalendar, start, end) -> int:
    return int(calendar.working_days_between([start], [end])[0])


# --- counting -----------------------------------------------------------------------------------
def test_friday_to_monday_is_one_working_day(cal):
    assert _between(cal, datetime(2025, 1, 3, 15, 0), datetime(2025, 1, 6, 8, 0)) == 1
    assert int(cal.calendar_days_between([date(2025, 1, 3)], [date(2025, 1, 6)])[0]) == 3


def test_finished_the_same_day_is_zero(cal):
    assert _between(cal, datetime(2025, 1, 6, 8, 0), datetime(2025, 1, 6, 15, 59)) == 0
    assert int(cal.calendar_days_between([datetime(2025, 1, 6, 8)], [datetime(2025, 1, 6, 23)])[0]) == 0


def test_a_weekend_day_received_counts_from_the_next_working_day(cal):
    # received on Saturday, finished on Monday: Monday is the one working day after Saturday
    assert _between(cal, date(2025, 1, 4), date(2025, 1, 6)) == 1
    assert _between(cal, date(2025, 1, 4), date(2025, 1, 5)) == 0


def test_a_national_holiday_is_not_a_working_day(cal):
    # Thu 4 Sep 2025 -> Mon 8 Sep 2025; Fri 5 Sep is Maulid Nabi
    assert _between(cal, date(2025, 9, 4), date(2025, 9, 8)) == 1
    assert not cal.is_working_day(date(2025, 9, 5))


@pytest.mark.parametrize("start, cuti, end", [
    (date(2025, 8, 15), date(2025, 8, 18), date(2025, 8, 19)),  # Fri -> Tue over cuti bersama 18 Aug
    (date(2025, 12, 24), date(2025, 12, 26), date(2025, 12, 29)),  # Wed -> Mon over 25 and 26 Dec
])
def test_cuti_bersama_from_the_government_category_is_not_a_working_day(cal, start, cuti, end):
    assert cuti not in holidays.country_holidays("ID", years=2025)  # why "government" is needed
    assert cuti in holiday_dates(2025)
    assert _between(cal, start, end) == 1
    assert not cal.is_working_day(cuti)


def test_vectorised_over_series_with_times(cal):
    start = pd.Series(pd.to_datetime(["2025-01-03 10:00", "2025-08-15 09:00", "2025-01-06 08:00"]))
    end = pd.Series(pd.to_datetime(["2025-01-06 09:00", "2025-08-29 16:00", "2025-01-06 15:00"]))
    assert cal.working_days_between(start, end).tolist() == [1, 9, 0]
    assert cal.working_days_between(start, end).dtype == np.int64
    assert cal.is_working_day(start).tolist() == [True, True, True]


def test_working_days_in_a_known_month(cal):
    # April 2025: 22 weekdays minus Idul Fitri 1 Apr, cuti bersama 2, 3, 4, 7 Apr and Good Friday 18 Apr
    assert cal.working_days_in_month(2025, 4) == 16
    # August 2025: 21 weekdays minus cuti bersama 18 Aug (17 Aug is a Sunday)
    assert cal.working_days_in_month(2025, 8) == 20
    assert cal.working_days_in_month(2025, 2) == 20


def test_working_days_lists_the_days_inclusive(cal):
    days = cal.working_days(date(2025, 3, 27), date(2025, 4, 9))
    assert days.dtype == np.dtype("datetime64[D]")
    assert [str(d) for d in days] == ["2025-03-27", "2025-04-08", "2025-04-09"]
    assert len(cal.working_days(date(2025, 4, 1), date(2025, 4, 30))) == cal.working_days_in_month(2025, 4)


def test_dates_outside_the_calendar_are_refused(cal):
    with pytest.raises(ValueError, match="di luar kalender kerja"):
        cal.working_days_between([date(2025, 12, 30)], [date(2026, 1, 5)])
    with pytest.raises(ValueError, match="NaT"):
        cal.working_days_between(pd.Series([pd.Timestamp("2025-01-02")]), pd.Series([pd.NaT]))
    assert WorkCalendar.covering(date(2025, 12, 30), date(2026, 1, 5)).working_days_between(
        [date(2025, 12, 30)], [date(2026, 1, 5)]).tolist() == [3]  # 31 Dec, 2 Jan, 5 Jan


def test_a_span_of_years_is_contiguous():
    assert WorkCalendar((2027, 2025)).years == (2025, 2026, 2027)


# --- corrections --------------------------------------------------------------------------------
def test_a_regional_holiday_applies_to_its_region_only():
    fixes = _corrections((date(2025, 3, 3), True, REGION))  # Monday
    assert date(2025, 3, 3) in holiday_dates(2025, fixes, region_id=REGION)
    assert date(2025, 3, 3) not in holiday_dates(2025, fixes)
    assert date(2025, 3, 3) not in holiday_dates(2025, fixes, region_id=OTHER_REGION)
    national = WorkCalendar(2025, fixes)
    assert _between(national, date(2025, 2, 28), date(2025, 3, 4)) == 2
    assert _between(national.for_region(REGION), date(2025, 2, 28), date(2025, 3, 4)) == 1
    assert _between(national.for_region(OTHER_REGION), date(2025, 2, 28), date(2025, 3, 4)) == 2
    assert national.for_region(REGION).working_days_in_month(2025, 3) == (
        national.working_days_in_month(2025, 3) - 1)


def test_a_correction_removes_a_holiday_everywhere():
    fixes = _corrections((date(2025, 12, 26), False, None))
    assert date(2025, 12, 26) not in holiday_dates(2025, fixes)
    calendar = WorkCalendar(2025, fixes)
    assert calendar.is_working_day(date(2025, 12, 26))
    assert _between(calendar, date(2025, 12, 24), date(2025, 12, 29)) == 2
    assert _between(calendar.for_region(REGION), date(2025, 12, 24), date(2025, 12, 29)) == 2


def test_a_correction_adds_a_holiday_everywhere_as_read_from_the_database():
    # the data layer's shape: Timestamps, 0/1 flags, float region ids with NaN
    fixes = pd.DataFrame({"day": pd.to_datetime(["2025-01-02"]), "is_holiday": [1],
                          "region_id": [np.nan]})
    assert date(2025, 1, 2) in holiday_dates(2025, fixes)
    assert date(2025, 1, 2) in holiday_dates(2025, fixes, region_id=REGION)


def test_a_region_may_override_a_province_wide_correction():
    fixes = _corrections((date(2025, 1, 2), True, None), (date(2025, 1, 2), False, REGION))
    assert date(2025, 1, 2) in holiday_dates(2025, fixes, region_id=OTHER_REGION)
    assert date(2025, 1, 2) not in holiday_dates(2025, fixes, region_id=REGION)


def test_contradicting_corrections_are_refused():
    fixes = _corrections((date(2025, 1, 2), True, None), (date(2025, 1, 2), False, None))
    with pytest.raises(ValueError, match="bertentangan"):
        holiday_dates(2025, fixes)


def test_corrections_outside_the_years_are_ignored():
    fixes = _corrections((date(2024, 1, 2), True, None))
    assert holiday_dates(2025, fixes) == holiday_dates(2025)


def test_the_holiday_array_is_shared_read_only(cal):
    with pytest.raises(ValueError):
        cal.holidays[0] = np.datetime64("2025-01-02")


def test_working_days_per_month_counts_a_partial_month_up_to_the_data():
    cal = WorkCalendar(2025)
    days = cal.working_days_per_month([202504, 202508], until=date(2025, 8, 8))
    assert days.to_dict() == {202504: 16, 202508: 6}  # 1–8 Aug 2025: Fri 1, then Mon 4 to Fri 8
