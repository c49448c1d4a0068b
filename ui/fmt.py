"""Numbers and dates the Indonesian way (1.234,5; 28 November 2026), through Babel."""
from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = "id_ID"


def number(value, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5'; missing -> '–'."""
    if value is None or value != value:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(share, decimals: int = 1) -> str:
    """0.256 -> '25,6%'; missing -> '–'."""
    if share is None or share != share:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(share, format=pattern, locale=LOCALE).replace("\xa0", "")


def day(value: date | datetime | None) -> str:
    """date -> '28 November 2026'."""
    if value is None:
        return "–"
    return format_date(value, format="d MMMM y", locale=LOCALE)


def moment(value: datetime | None) -> str:
    """datetime -> '28 November 2026 10.37 WIB'."""
    if value is None:
        return "–"
    return format_datetime(value, format="d MMMM y HH.mm", locale=LOCALE) + " WIB"


def until(value: datetime | None) -> str:
    """The moment a figure is measured to: 'akhir 30 September 2026' for the end of a day (a finished
    period), else the moment itself ('28 November 2026 10.37 WIB', a running one)."""
    if value is None:
        return "–"
    if (value.hour, value.minute, value.second) == (23, 59, 59):
        return f"akhir {day(value)}"
    return moment(value)
