"""Period codes as months and date ranges."""
from datetime import date

import pytest

from vocab.periods import PERIOD_ORDER, PERIOD_SORT_KEY, month_keys, period_bounds, period_months


@pytest.mark.parametrize("period, months", [
    (None, (1, 12)), ("TAHUNAN", (1, 12)), ("TW1", (1, 3)), ("TW3", (7, 9)), ("TW4", (10, 12)), ("B02", (2, 2)),
])
def test_period_months(period, months):
    assert period_months(period) == months


def test_period_bounds_and_keys():
    assert period_bounds(2024, "B02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds(2026, "TW4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert month_keys(2026, "TW2") == [202604, 202605, 202606]
    with pytest.raises(ValueError):
        period_months("X1")


@pytest.mark.parametrize("year, period, expected", [
    (2026, None, (2025, None)), (2026, "TAHUNAN", (2025, "TAHUNAN")), (2026, "TW1", (2025, "TW4")),
    (2026, "TW3", (2026, "TW2")), (2026, "B01", (2025, "B12")), (2026, "B11", (2026, "B10")),
])
def test_previous_period(year, period, expected):
    from vocab.periods import previous_period

    assert previous_period(year, period) == expected


def test_the_period_before_is_named_as_the_pages_say_it():
    from vocab.periods import previous_label

    assert previous_label(2026, None) == "tahun 2025"
    assert previous_label(2026, "TW3") == "Triwulan II 2026"
    assert previous_label(2026, "TW1") == "Triwulan IV 2025"


def test_periods_sort_by_their_end_and_the_longer_one_later():
    """One order for every period code (appraisals' latest period, completeness tables): by the month
    it ends, and at the same end the longer period later, so the annual appraisal is the year's last."""
    assert PERIOD_SORT_KEY["B12"] < PERIOD_SORT_KEY["TW4"] < PERIOD_SORT_KEY["TAHUNAN"]
    assert list(PERIOD_ORDER)[:4] == ["B01", "B02", "B03", "TW1"]
    assert list(PERIOD_ORDER)[-1] == "TAHUNAN" and len(PERIOD_ORDER) == 17
