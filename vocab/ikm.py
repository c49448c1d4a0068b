"""The IKM bands of PermenPANRB 14/2017: which IKM value is which mutu pelayanan (A–D) and kinerja unit,
declared once (the setting `ikm_bands` stores them as a table)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

CENT = Decimal("0.01")


class IkmBand(NamedTuple):
    """One row of the regulation's table: IKM from lower to upper (inclusive, 2 decimals)."""

    lower: Decimal
    upper: Decimal
    mutu: str
    kinerja: str


IKM_BANDS_SOURCE = ("PermenPANRB 14/2017, lampiran: nilai interval konversi IKM, mutu pelayanan "
                    "dan kinerja unit pelayanan")
IKM_BANDS = (
    IkmBand(Decimal("25.00"), Decimal("64.99"), "D", "Tidak Baik"),
    IkmBand(Decimal("65.00"), Decimal("76.60"), "C", "Kurang Baik"),
    IkmBand(Decimal("76.61"), Decimal("88.30"), "B", "Baik"),
    IkmBand(Decimal("88.31"), Decimal("100.00"), "A", "Sangat Baik"),
)


Bands = Sequence[IkmBand]


def bands_table(bands: Bands = IKM_BANDS) -> list[dict]:
    """The bands as plain rows (the form the setting `ikm_bands` stores): bawah, atas, mutu, kinerja."""
    return [{"bawah": float(b.lower), "atas": float(b.upper), "mutu": b.mutu, "kinerja": b.kinerja} for b in bands]


def bands_from_table(rows: Sequence[Mapping]) -> tuple[IkmBand, ...]:
    """The bands from rows as bands_table gives them, checked: 2 decimals, ordered from 25,00 up to
    100,00 without gap or overlap (each band starts 0,01 above the one before), a mutu letter each.
    A bad table raises ValueError (in Indonesian)."""
    bands = []
    for i, row in enumerate(rows, start=1):
        try:
            lower, upper = (Decimal(str(row[k])).quantize(CENT) for k in ("bawah", "atas"))
        except (KeyError, ArithmeticError, ValueError, TypeError):
            raise ValueError(f"Rentang IKM baris {i}: batas bawah dan atas harus angka.") from None
        mutu, kinerja = str(row.get("mutu") or "").strip(), str(row.get("kinerja") or "").strip()
        if not mutu or not kinerja:
            raise ValueError(f"Rentang IKM baris {i}: mutu dan kinerja unit harus diisi.")
        if lower > upper:
            raise ValueError(f"Rentang IKM baris {i}: batas bawah {lower} lebih besar dari batas atas {upper}.")
        if bands and lower != bands[-1].upper + CENT:
            raise ValueError(f"Rentang IKM harus berurutan tanpa celah atau tumpang tindih: baris {i} mulai "
                             f"{lower}, seharusnya {bands[-1].upper + CENT}.")
        bands.append(IkmBand(lower, upper, mutu, kinerja))
    if not bands or bands[0].lower != Decimal("25.00") or bands[-1].upper != Decimal("100.00"):
        raise ValueError("Rentang IKM harus mencakup 25,00 sampai 100,00.")
    return tuple(bands)
