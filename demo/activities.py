"""Mentoring and socialisation activities (kind `kegiatan_pendampingan`): the few planted in PLANTED
(planted.py), each kept where its agency and unit exist at the chosen scale. Their effect on reporting
is planted in the e-Kinerja entries (ekinerja.after_clinic), from a random generator of its own.
"""
from __future__ import annotations

import pandas as pd

from demo import planted
from demo.org import KEPALA_OPD_AGENCY
from demo.scales import REGION_COL
from vocab import codes

# (region, agency, unit or None = every unit, day, type, participants, facilitator)
_REGION, _AGENCY = KEPALA_OPD_AGENCY
ACTIVITIES = (
    (*planted.MENTORING_AGENCY, None, planted.MENTORING_AGENCY_DAY, codes.MENTORING_SOCIALISATION, 11,
     "BKPSDM Kota Metro"),
    (_REGION, _AGENCY, planted.MENTORING_NONE_UNIT, planted.MENTORING_NONE_DAY, codes.MENTORING_SOCIALISATION, 13,
     "Sekretaris Dinas"),
    (_REGION, _AGENCY, planted.MENTORING_EFFECT_UNIT, planted.MENTORING_EFFECT_DAY, codes.MENTORING_CLINIC, 15,
     "Tim e-Kinerja BKPSDM Lampung Tengah"),
    (*planted.MENTORING_TOO_FEW, planted.MENTORING_TOO_FEW_DAY, codes.MENTORING_TECHNICAL, 4,
     "BKD Provinsi Lampung"),
    (_REGION, _AGENCY, planted.MENTORING_RECENT_UNIT, planted.MENTORING_RECENT_DAY, codes.MENTORING_COACHING, 12,
     "Pengadministrasi e-Kinerja OPD"),
)


def kegiatan(peg: pd.DataFrame) -> pd.DataFrame:
    """The planted activities in template headers, those whose agency and unit have staff at this scale."""
    staffed = set(zip(peg[REGION_COL], peg["OPD"], peg["UNIT KERJA"]))
    agencies = {(r, a) for r, a, _ in staffed}
    rows = [{"TANGGAL": pd.Timestamp(day), "OPD": agency, REGION_COL: region, "UNIT KERJA": unit, "JENIS": kind,
             "JUMLAH PESERTA": participants, "FASILITATOR": facilitator}
            for region, agency, unit, day, kind, participants, facilitator in ACTIVITIES
            if ((region, agency, unit) in staffed if unit else (region, agency) in agencies)]
    return pd.DataFrame(rows, columns=["TANGGAL", "OPD", REGION_COL, "UNIT KERJA", "JENIS", "JUMLAH PESERTA",
                                       "FASILITATOR"])
