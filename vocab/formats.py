"""Numbers and dates the Indonesian way (1.234,5; 25,6%; 28 November 2026), through Babel, and a
catalogue metric's value and change in its unit. Pure: the pages (ui.fmt, ui.kpi), the brief
(metrics.brief) and the files it is written into all format through these."""
from __future__ import annotations

import math
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from vocab.catalogue import CATALOGUE

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


def missing(value) -> bool:
    """None, NaN or pandas' NA: no figure."""
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except TypeError:  # pandas.NA compares to nothing
        return True


def value_text(metric_id: str, value) -> str:
    """A catalogue metric's value in its unit, the Indonesian way: 25,6%; 18,5 JP; 82,31."""
    unit = CATALOGUE[metric_id].unit
    if missing(value):
        return "–"
    if unit == "proporsi":
        return percent(value)
    if unit == "indeks":
        return number(value, 2)
    return f"{number(value, 1)} {unit}"


def signed(change, decimals: int = 1, suffix: str = "") -> str:
    """+1,5 / -1,5 / 0,0 (Streamlit reads the arrow's direction from a leading ASCII "-"). The sign is
    that of the change as shown: -0,04 is "0,0", never "-0,0" drawn as a decline."""
    shown = round(float(change), decimals)
    sign = "+" if shown > 0 else ("-" if shown < 0 else "")
    return f"{sign}{number(abs(shown), decimals)}{suffix}"


def change_text(metric_id: str, change) -> str | None:
    """A catalogue metric's change in its unit: '+1,5 poin persen' for shares, '-0,42' for an index,
    '+2,0' for JP; None without one."""
    if missing(change):
        return None
    unit = CATALOGUE[metric_id].unit
    if unit == "proporsi":
        return signed(change * 100, 1, " poin persen")
    return signed(change, 2 if unit == "indeks" else 1)
