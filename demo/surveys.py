"""The ADKAR pulse survey (kind `survei_adkar`): two waves in every unit, anonymous (no NIP, no name),
drawn from a random generator of its own (build.py), so adding the survey changed no other kind's draws.

Each unit's staff answer in each wave at a response rate drawn per unit (at least one respondent, so
every agency has its survey in Kelengkapan Data); a respondent's five scores
(1–5) scatter around the unit's own element means. Wave 1 is answered in September (Triwulan III),
wave 2 in November (Triwulan IV). Planted (PLANTED): the units of Kabupaten Pringsewu improve from
wave 1 to wave 2; Kabupaten Lampung Selatan's staff are held at Awareness; one unit of the demo kepala
OPD's agency has a clear Knowledge barrier, and its Sekretariat has too few respondents to show.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from demo.draw import choice, ts
from demo.org import KEPALA_OPD_AGENCY
from demo.planted import (ADKAR_KNOWLEDGE_UNIT, ADKAR_TOO_FEW, ADKAR_TOO_FEW_UNIT, LAMPUNG_SELATAN,
                          PRINGSEWU)
from demo.scales import DEMO_YEAR, REGION_COL
from vocab.kinds import ADKAR_HEADERS

WAVES = ((np.datetime64(f"{DEMO_YEAR}-09-01"), np.datetime64(f"{DEMO_YEAR}-09-19")),
         (np.datetime64(f"{DEMO_YEAR}-11-02"), np.datetime64(f"{DEMO_YEAR}-11-20")))
MEAN = (3.5, 4.3)  # an ordinary unit's element means (drawn per unit and element)
DRIFT = (-0.1, 0.2)  # an ordinary unit's change from wave 1 to wave 2 (per element)
RESPONSE = (0.55, 0.9)  # a unit's response rate (drawn per unit and wave)
PERSON_SD, ITEM_SD = 0.45, 0.5  # a respondent's own level, and each answer's scatter
# Planted unit means (Awareness, Desire, Knowledge, Ability, Reinforcement), per wave.
KNOWLEDGE_BARRIER = ((4.2, 3.9, 2.3, 2.5, 2.8), (4.2, 4.0, 2.4, 2.5, 2.9))
PRINGSEWU_WAVES = ((3.3, 3.0, 2.9, 2.9, 3.0), (4.1, 3.9, 3.8, 3.7, 3.7))
LAMPUNG_SELATAN_WAVES = ((2.6, 2.8, 3.1, 3.0, 2.9), (2.7, 2.9, 3.1, 3.1, 3.0))
SUGGESTIONS = ("Perlu pendampingan langsung saat mengisi e-Kinerja.", "Jaringan internet kantor sering putus.",
               "Mohon pelatihan ulang untuk pegawai baru.", "Atasan perlu memberi contoh mengisi tiap hari.",
               "Aplikasi sering lambat di sore hari.")
SUGGESTION_SHARE = 0.2


def _means(rng: np.random.Generator, region: str, agency: str, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """The unit's five element means in wave 1 and wave 2."""
    if (region, agency) == KEPALA_OPD_AGENCY and unit == ADKAR_KNOWLEDGE_UNIT:
        return tuple(np.asarray(m) for m in KNOWLEDGE_BARRIER)
    if region == PRINGSEWU:
        return tuple(np.asarray(m) for m in PRINGSEWU_WAVES)
    if region == LAMPUNG_SELATAN:
        return tuple(np.asarray(m) for m in LAMPUNG_SELATAN_WAVES)
    first = rng.uniform(*MEAN, 5)
    return first, first + rng.uniform(*DRIFT, 5)


def _answers(rng: np.random.Generator, means: np.ndarray, n: int) -> np.ndarray:
    latent = means[None, :] + rng.normal(0, PERSON_SD, (n, 1)) + rng.normal(0, ITEM_SD, (n, 5))
    return np.clip(np.round(latent), 1, 5).astype(np.int64)


def _respondents(rng: np.random.Generator, region: str, agency: str, unit: str, staff: int) -> int:
    if (region, agency) == KEPALA_OPD_AGENCY and unit == ADKAR_TOO_FEW_UNIT:
        return min(ADKAR_TOO_FEW, staff)
    return max(1, int(rng.binomial(staff, rng.uniform(*RESPONSE))))  # every unit answers, if only one person


def survei_adkar(peg: pd.DataFrame, rng: np.random.Generator, workdays: np.ndarray) -> pd.DataFrame:
    """Respondents of every unit with staff, two waves, in template headers."""
    frames = []
    units = peg.groupby([REGION_COL, "OPD", "UNIT KERJA"], sort=True).size()
    for (region, agency, unit), staff in units.items():
        for wave, means in enumerate(_means(rng, region, agency, unit)):
            n = _respondents(rng, region, agency, unit, int(staff))
            first, last = WAVES[wave]
            days = workdays[(workdays >= first) & (workdays <= last)]
            frame = pd.DataFrame(_answers(rng, means, n), columns=list(ADKAR_HEADERS.values()))
            frame.insert(0, "UNIT KERJA", unit)
            frame.insert(0, REGION_COL, region)
            frame.insert(0, "OPD", agency)
            frame.insert(0, "TANGGAL", ts(days[rng.integers(0, len(days), n)]))
            said = rng.random(n) < SUGGESTION_SHARE
            frame["SARAN"] = np.where(said, choice(rng, SUGGESTIONS, n), None)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)
