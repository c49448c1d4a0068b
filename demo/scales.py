"""The demo's scales, its dates and working calendar, and the template columns it fills.

The data never depend on today's date: the "export" was taken at the end of DEMO_END.
"""
from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np

from vocab import kinds
from vocab.calendar import WorkCalendar

# --- scales and dates ---------------------------------------------------------------------------
DEMO_YEAR = 2026
DEMO_END = date(2026, 11, 27)  # the export was taken at the end of this day (a Friday)
DEMO_START = date(2026, 1, 2)  # first working day of the year

# Every upload kind (vocab.kinds), in the order the demo is loaded.
KINDS = (
    "pegawai",
    "standar_layanan",
    "skp",
    "penilaian",
    "predikat_organisasi",
    "pelatihan",
    "layanan",
    "antrian",
    "skm",
    "survei_adkar",
    "kegiatan_pendampingan",
    "progres_harian",
)

# Province agencies kept in the "tiny" scale: every agency a planted pattern names, and a few more.
_TINY_PROVINCE_AGENCIES = (
    "Inspektorat",
    "Sekretariat DPRD",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Bina Marga dan Bina Konstruksi",
    "Dinas Perhubungan",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Badan Kepegawaian Daerah",
)

SCALES: dict[str, dict] = {
    "small": {
        "employees": 3500,
        "province_agencies": None,  # None = all of PROVINCE_AGENCIES
        "regency_agencies": 5,  # the first n of REGENCY_AGENCIES in every kabupaten/kota
        "requests_per_office": 700,  # layanan rows of an average office in the year
        "skm_per_office": 300,  # skm respondents of an average office in the year
        "tickets_per_office_day": 6,  # antrian: tickets an average Disdukcapil takes a working day
        # Staff of each unit of the demo kepala OPD's agency (org.KEPALA_OPD_AGENCY), beyond its share:
        # at this scale half the units hold 4 staff or fewer, below the minimum group size (5), and an
        # agency head with no unit big enough to judge would see nothing ranked (issue 19, item 12).
        "kepala_opd_unit_staff": 12,
    },
    # Issue "Province scale": about 100.000 ASN across the province and the 15 kabupaten/kota, every
    # regency agency the generator knows, and a year of every kind (about 24 million daily entries).
    "province": {
        "employees": 100_000,
        "province_agencies": None,
        "regency_agencies": None,  # None = all of REGENCY_AGENCIES
        "requests_per_office": 6000,
        "skm_per_office": 1200,
        "tickets_per_office_day": 60,
        "kepala_opd_unit_staff": 1,  # its units hold about 100 staff each on their share alone
    },
    "tiny": {
        "employees": 300,
        "province_agencies": _TINY_PROVINCE_AGENCIES,
        "regency_agencies": 2,
        "requests_per_office": 120,
        "skm_per_office": 40,
        "tickets_per_office_day": 1,
        "kepala_opd_unit_staff": 1,  # tests only: every unit small
    },
}

# --- template headers: the upload templates' own (vocab.kinds), less the optional columns left empty
# Optional columns the demo never fills: the SIASN extras (eselon, gelar) and a training's length in
# minutes (the demo gives JP).
NOT_FILLED: dict[str, tuple[str, ...]] = {
    "pegawai": ("eselon", "gelar_depan", "gelar_belakang"),
    "pelatihan": ("minutes",),
}
COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(c.header for c in kinds.KINDS[kind].columns if c.field not in NOT_FILLED.get(kind, ()))
    for kind in KINDS
}
REGION_COL = kinds.KINDS["pegawai"].col("region").header  # KABUPATEN/KOTA


# --- calendar: the product's one definition of a working day (vocab.calendar) -------------------
@cache
def demo_calendar() -> WorkCalendar:
    """The demo year and the next (turnarounds may end in it), without corrections."""
    return WorkCalendar((DEMO_YEAR, DEMO_YEAR + 1))


def holiday_dates() -> np.ndarray:
    """National holidays and cuti bersama of the demo calendar, as sorted datetime64[D]."""
    return demo_calendar().holidays


def working_days(start: date = DEMO_START, end: date = DEMO_END) -> np.ndarray:
    """Working days start..end inclusive, as datetime64[D]."""
    return demo_calendar().working_days(start, end)

