"""The plausible ranges declared in kinds.py, resolved for one import: the ends a setting holds turned
into numbers or dates on the day of the import, each side with its Indonesian message."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from vocab.kinds import Col, Kind
from vocab.settings import SETTINGS, year_range

def _where_set(key: str) -> str:
    """Where an administrator changes the setting behind a range."""
    return f"diatur administrator di Pengaturan: '{SETTINGS[key].label}'"


@dataclass(frozen=True)
class Bound:
    """One column's plausible values: `low` (exclusive when `low_open`) and `high` (inclusive), either
    may be None; a value past an end gets that end's message."""

    low: Any
    high: Any
    low_open: bool
    low_message: str
    high_message: str


def _number(value: float) -> str:
    """12000 -> '12.000', 2.5 -> '2,5' (Indonesian separators)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")


def _day(value: pd.Timestamp) -> str:
    return value.strftime("%d/%m/%Y")


def _natural(col: Col) -> Bound:
    r = col.range
    low_message = (f"harus lebih besar dari {_number(r.low)}." if r.low_open
                   else f"paling kecil {_number(r.low)}.") if r.low is not None else ""
    high_message = f"paling besar {_number(r.high)}." if r.high is not None else ""
    return Bound(r.low, r.high, r.low_open, low_message, high_message)


def _years(col: Col, settings: dict, today: date) -> Bound:
    first, last = year_range(settings, today)
    where = _where_set("plausible_years")
    if col.type == "int":
        message = f"bukan tahun yang wajar: harus antara {first} dan {last} ({where})."
        return Bound(first, last, False, message, message)
    low = pd.Timestamp(first, 1, 1)
    high = pd.Timestamp(last, 12, 31, 23, 59, 59, 999999)
    message = (f"di luar tahun yang wajar: tanggal harus antara {_day(low)} dan {_day(high)} "
               f"({where}).")
    return Bound(low, high, False, message, message)


def _age(settings: dict, today: date) -> Bound:
    ages = settings["plausible_age"]
    day = pd.Timestamp(today).normalize()
    youngest = day - pd.DateOffset(years=int(ages["min"]))  # born on this day: just old enough
    oldest = day - pd.DateOffset(years=int(ages["max"]) + 1) + pd.Timedelta(days=1)
    message = (f"tidak wajar sebagai tanggal lahir pegawai: usia pada hari impor harus {ages['min']} sampai "
               f"{ages['max']} tahun, yaitu lahir antara {_day(oldest)} dan {_day(youngest)} "
               f"({_where_set('plausible_age')}).")
    return Bound(oldest, youngest, False, message, message)


def _training(col: Col, settings: dict) -> Bound:
    natural = _natural(col)
    most = float(settings["max_training_jp"])
    where = _where_set("max_training_jp")
    if col.field == "minutes":
        per_jp = float(settings["jp_minutes"])
        high = most * per_jp
        message = (f"lebih lama dari yang wajar untuk satu kegiatan pelatihan: paling lama {_number(high)} menit "
                   f"({_number(most)} JP × {_number(per_jp)} menit; {where}).")
    else:
        high = most
        message = (f"lebih besar dari yang wajar untuk satu kegiatan pelatihan: paling besar {_number(most)} JP "
                   f"({where}).")
    return Bound(natural.low, high, natural.low_open, natural.low_message, message)


def bounds(kind: Kind, settings: dict, today: date) -> dict[str, Bound]:
    """field -> its Bound, for every column of `kind` that declares a range (settings: load_settings)."""
    out = {}
    for col in kind.columns:
        r = col.range
        if r is None:
            continue
        if r.setting is None:
            out[col.field] = _natural(col)
        elif r.setting == "plausible_years":
            out[col.field] = _years(col, settings, today)
        elif r.setting == "plausible_age":
            out[col.field] = _age(settings, today)
        elif r.setting == "max_training_jp":
            out[col.field] = _training(col, settings)
        else:
            raise ValueError(f"unknown range setting {r.setting!r} on {kind.name}.{col.field}")
    return out
