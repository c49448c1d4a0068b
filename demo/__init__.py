"""Demo data for Dasbor Kinerja ASN Lampung: every upload kind, realistic, from one random seed.

`generate()` returns one DataFrame per kind, with exactly the template headers of vocab.kinds (less
the optional columns the demo leaves empty), in load order (KINDS). The data are deterministic for a
scale and seed (only `numpy.random.default_rng(seed)` is used) and never depend on today's date: the
"export" was taken at the end of DEMO_END. Pure pandas/numpy on the vocabulary (vocab/); no
Streamlit, no database: data_access.bootstrap loads the frames through the import path. Row-level
work is vectorised, so `generate(employees=100_000)` is usable for the province benchmark.

Shape (org.py): the province government (Provinsi Lampung) with its OPDs and a few OPDs in each of
the 15 kabupaten/kota. Everywhere outside the planted patterns the values are plausible and
moderately good (about 80% e-Kinerja adoption; training about 26 JP a head from regular courses,
about 30 JP with leadership training and Latsar, about 64% of staff at 20 JP or more; IKM 80–90).
Pola yang ditanam (planted patterns): see PLANTED (planted.py), one Indonesian sentence each.

The modules, in the order a generation runs them:
  scales.py      scales, dates, the working calendar, the template columns filled
  draw.py        time units, the export cut-off, allocation and weighted draws
  org.py         the OPDs and their units, by region
  roster.py      pegawai: status, birth date, education, post, golongan, NIP (names.py: names, gelar)
  appraisals.py  SKP, staff appraisals per period, organisation ratings
  trainings.py   pelatihan
  services.py    service standards, requests, SKM answers
  tickets.py     the queue at every Disdukcapil counter
  surveys.py     the ADKAR pulse survey, two waves in every unit
  activities.py  the mentoring and socialisation activities (kegiatan_pendampingan)
  ekinerja.py    e-Kinerja daily entries, and the entries a planted clinic adds
  planted.py     the planted patterns and the completeness gaps cut out afterwards
  build.py       generate()

Service standards, training JP and NIP sequences are demo values (*unverified*), not real data.
"""
from demo.appraisals import NOT_RATED_MARK, SKP_APPROVED, SKP_OTHER_STATUSES
from demo.build import DEFAULT_SEED, generate
from demo.ekinerja import DAILY_STATUSES
from demo.org import DUKCAPIL, KEPALA_OPD_AGENCY, PROVINCE, PTSP
from demo.planted import (ADKAR_KNOWLEDGE_UNIT, ADKAR_TOO_FEW, ADKAR_TOO_FEW_UNIT, FLAT_CURVE_AGENCY,
                          INFLATED_AGENCY, LAMPUNG_SELATAN, LAMPUNG_TENGAH, MENTORING_AGENCY, MENTORING_EFFECT_UNIT,
                          MENTORING_NONE_UNIT, MENTORING_RECENT_UNIT, MENTORING_TOO_FEW, LOW_COMPLIANCE_AGENCY, LOW_COMPLIANCE_UNIT, LOW_JP_AGENCY, LOW_JP_MAX,
                          LOW_JP_UNITS, PLANTED, PRINGSEWU, SLOW_SERVICE)
from demo.scales import (COLUMNS, DEMO_END, DEMO_START, DEMO_YEAR, KINDS, SCALES, demo_calendar,
                         holiday_dates, working_days)
from demo.services import CHANNELS, DUKCAPIL_SERVICES, REQUEST_DONE

__all__ = [
    "generate", "DEFAULT_SEED", "KINDS", "COLUMNS", "SCALES", "DEMO_YEAR", "DEMO_START", "DEMO_END",
    "demo_calendar", "holiday_dates", "working_days", "PLANTED", "KEPALA_OPD_AGENCY",
    # the places and values of the planted patterns, and codes the tests check the frames against
    "PROVINCE", "LAMPUNG_SELATAN", "LAMPUNG_TENGAH", "PRINGSEWU", "DUKCAPIL", "PTSP",
    "DUKCAPIL_SERVICES", "FLAT_CURVE_AGENCY", "INFLATED_AGENCY", "LOW_JP_AGENCY", "LOW_JP_UNITS",
    "LOW_JP_MAX", "LOW_COMPLIANCE_AGENCY", "LOW_COMPLIANCE_UNIT", "SLOW_SERVICE", "NOT_RATED_MARK",
    "SKP_APPROVED", "SKP_OTHER_STATUSES", "DAILY_STATUSES", "REQUEST_DONE", "CHANNELS",
    "ADKAR_KNOWLEDGE_UNIT", "ADKAR_TOO_FEW", "ADKAR_TOO_FEW_UNIT", "MENTORING_AGENCY", "MENTORING_EFFECT_UNIT",
    "MENTORING_NONE_UNIT", "MENTORING_RECENT_UNIT", "MENTORING_TOO_FEW",
]
