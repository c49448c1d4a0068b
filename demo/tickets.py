"""The queue at every Disdukcapil counter (kind `antrian`): one row per ticket, drawn from a random
generator of its own (build.py), so adding the queue changed no other kind's draws.

Each working day an office takes tickets from 07.30 to 14.30 WIB, most in the morning; a citizen waits
(lognormal, shorter when booked online), is served for 5–20 minutes, or leaves unserved when the wait is
long or the counters would close (every ticket ends before the closing hour, 16.00 WIB, so the demo
import carries no warning). Planted (PLANTED): Kabupaten Pringsewu introduces online booking on
ONLINE_FROM and its waits fall; Kabupaten Lampung Tengah's afternoons overflow.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from demo.draw import MINUTE, choice, ts
from demo.org import DUKCAPIL, REGENCY_INFO, REGION_NAMES
from demo.planted import LAMPUNG_TENGAH, ONLINE_FROM, PRINGSEWU
from demo.scales import REGION_COL
from vocab import codes

SERVICES = {"KTP-el": 0.40, "Kartu Keluarga": 0.25, "Akta Kelahiran": 0.15, "KIA": 0.10,
            "Akta Kematian": 0.05, "Surat Pindah": 0.05}
OPENS, LAST_TICKET, CLOSES = 7 * 60 + 30, 14 * 60 + 30, 16 * 60  # minutes after midnight, WIB
MORNING_SHARE = 0.65  # tickets taken before 11.00
WAIT_MEDIAN = (25.0, 45.0)  # minutes, an ordinary office's walk-in median (drawn per office)
WAIT_SPREAD = 0.55  # sd of log waiting time
ONLINE_SHARE, OTHER_SHARE = 0.15, 0.03
ONLINE_WAIT = 0.45  # an online ticket's wait as a share of a walk-in's
# Pringsewu before and after ONLINE_FROM: walk-in median wait and online share.
BEFORE_ONLINE = (80.0, 0.0)
AFTER_ONLINE = (35.0, 0.45)
AFTERNOON_FROM = 11 * 60  # Lampung Tengah: tickets taken from 11.00 wait this many times longer
AFTERNOON_FACTOR = 3.0
LEAVE_AFTER = 90.0  # minutes: past this wait, some citizens leave before they are called
LEAVE_SHARE = 0.35
ABSENT_SHARE = 0.02  # called, but nobody came to the counter
COUNTERS = ("Loket 1", "Loket 2", "Loket 3", "Loket 4")


def _taken_minutes(rng: np.random.Generator, n: int) -> np.ndarray:
    morning = rng.random(n) < MORNING_SHARE
    early = rng.integers(OPENS, AFTERNOON_FROM, n)
    late = rng.integers(AFTERNOON_FROM, LAST_TICKET + 1, n)
    return np.where(morning, early, late)


def _office(rng: np.random.Generator, region: str, volume: float, rate: float, workdays: np.ndarray) -> pd.DataFrame:
    """One office's tickets over the working days."""
    per_day = rng.poisson(rate * volume, len(workdays))
    day = np.repeat(workdays, per_day)
    n = len(day)
    minute = _taken_minutes(rng, n)
    order = np.lexsort((minute, day))
    day, minute = day[order], minute[order]
    median, online_share = np.full(n, rng.uniform(*WAIT_MEDIAN)), np.full(n, ONLINE_SHARE)
    if region == PRINGSEWU:
        after = day >= np.datetime64(ONLINE_FROM)
        median = np.where(after, AFTER_ONLINE[0], BEFORE_ONLINE[0])
        online_share = np.where(after, AFTER_ONLINE[1], BEFORE_ONLINE[1])
    if region == LAMPUNG_TENGAH:
        median = np.where(minute >= AFTERNOON_FROM, median * AFTERNOON_FACTOR, median)
    draw = rng.random(n)
    channel = np.where(draw < online_share, codes.CHANNEL_ONLINE,
                       np.where(draw < online_share + OTHER_SHARE, codes.CHANNEL_OTHER, codes.CHANNEL_WALK_IN))
    median = np.where(channel == codes.CHANNEL_ONLINE, median * ONLINE_WAIT, median)
    wait = np.round(median * np.exp(rng.normal(0, WAIT_SPREAD, n))).astype(np.int64)
    service = rng.integers(5, 21, n)
    left = ((wait > LEAVE_AFTER) & (rng.random(n) < LEAVE_SHARE)) | (minute + wait + service > CLOSES - 5)
    absent = ~left & (rng.random(n) < ABSENT_SHARE)
    start = day.astype("datetime64[m]") + minute * MINUTE
    called = start + wait * MINUTE
    ended = called + service * MINUTE
    nat = np.datetime64("NaT")
    first_of_day = np.searchsorted(day, day)  # tickets are sorted by day: numbers start again each day
    number = np.arange(n) - first_of_day + 1
    return pd.DataFrame({
        "NOMOR ANTRIAN": [f"A-{k:03d}" for k in number], "OPD": DUKCAPIL, REGION_COL: region,
        "JENIS LAYANAN": choice(rng, tuple(SERVICES), n, tuple(SERVICES.values())), "KANAL": channel,
        "WAKTU AMBIL": ts(start), "WAKTU PANGGIL": ts(np.where(left, nat, called)),
        "WAKTU SELESAI": ts(np.where(left | absent, nat, ended)),
        "LOKET": np.asarray(COUNTERS, dtype=object)[rng.integers(0, len(COUNTERS), n)],
    })


def antrian(org: pd.DataFrame, rng: np.random.Generator, cfg: dict, workdays: np.ndarray) -> pd.DataFrame:
    """The tickets of every Disdukcapil office present, in the template's columns."""
    present = set(zip(org["region"], org["agency"]))
    frames = [_office(rng, REGION_NAMES[code], factor, cfg["tickets_per_office_day"], workdays)
              for code, (factor, _ibukota, _rsud) in REGENCY_INFO.items()
              if (REGION_NAMES[code], DUKCAPIL) in present]
    return pd.concat(frames, ignore_index=True)
