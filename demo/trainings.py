"""Trainings (pelatihan) started in the demo year: regular courses, leadership training, Latsar.

Training names and JP values are approximate demo values (*unverified*).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from demo.draw import DAY, ts
from demo.org import DOMAINS, PROVINCE
from demo.planted import LOW_JP_AGENCY, LOW_JP_MAX, LOW_JP_UNITS
from demo.scales import DEMO_END, DEMO_YEAR, REGION_COL, demo_calendar

# --- training (JP values are approximate demo values) -----------------------------------------
# (name, jenis, JP, days, weight, domain or None for everyone)
TRAININGS: tuple[tuple[str, str, float, int, float, str | None], ...] = (
    ("Bimbingan Teknis Penyusunan SKP dan Manajemen Kinerja", "klasikal", 16, 2, 3, None),
    ("Pelatihan Pelayanan Publik Prima", "klasikal", 24, 3, 2, None),
    ("Bimbingan Teknis Pengelolaan Keuangan Daerah", "klasikal", 24, 3, 1.5, "umum"),
    ("Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", "klasikal", 32, 4, 0.7, "umum"),
    ("Workshop Manajemen Risiko Sektor Publik", "klasikal", 8, 1, 1, None),
    ("Seminar Reformasi Birokrasi dan Zona Integritas", "klasikal", 4, 1, 1, None),
    ("Pelatihan Implementasi Kurikulum Merdeka", "klasikal", 32, 4, 2, "sekolah"),
    ("Pelatihan Basic Trauma Cardiac Life Support", "klasikal", 40, 5, 1, "klinis"),
    ("Pelatihan Pencegahan dan Pengendalian Infeksi", "klasikal", 24, 3, 2, "klinis"),
    ("E-Learning ASN Corpu: Literasi Digital", "nonklasikal", 10, 14, 3, None),
    ("E-Learning Nilai Dasar BerAKHLAK", "nonklasikal", 12, 14, 3, None),
    ("Coaching dan Mentoring Kinerja oleh Atasan Langsung", "nonklasikal", 4, 1, 1.5, None),
    ("Webinar Smart ASN Menuju Birokrasi Digital", "nonklasikal", 2, 1, 1.5, None),
    ("MOOC Pengelolaan Arsip Dinamis", "nonklasikal", 10, 21, 1, "umum"),
    ("Magang di Kementerian/Lembaga", "nonklasikal", 40, 10, 0.2, "umum"),
    ("Belajar Mandiri Kebijakan Publik", "nonklasikal", 6, 7, 1, None),
    ("Pendidikan Profesi Guru Dalam Jabatan", "pendidikan", 120, 90, 0.3, "sekolah"),
)
# Short items only (the planted low-JP units draw from these).
TRAININGS_SHORT = ("Webinar Smart ASN Menuju Birokrasi Digital",
                   "Coaching dan Mentoring Kinerja oleh Atasan Langsung")
# Leadership training: (name, jenis in codes.LEADERSHIP_TRAININGS, JP, days, who, share of them).
LEADERSHIP: tuple[tuple[str, str, float, int, str, float], ...] = (
    ("Pelatihan Dasar CPNS", "Latsar", 280, 50, "cpns", 1.0),
    ("Pelatihan Kepemimpinan Pengawas", "PKP", 270, 45, "Pengawas", 0.08),
    ("Pelatihan Kepemimpinan Administrator", "PKA", 300, 50, "Administrator", 0.03),
    ("Pelatihan Kepemimpinan Nasional Tingkat II", "PKN II", 340, 55, "JPT", 0.03),
)
TRAINING_NONE_SHARE = 0.08  # staff with no training at all in the year
TRAINING_EXTRA = (2, 0.55)  # trainings per trained person = 1 + Binomial(n, p × agency intensity)


# --- pelatihan ----------------------------------------------------------------------------------
def pelatihan(peg, extra, rng) -> pd.DataFrame:
    """Trainings started in the demo year: a few regular items each, leadership training, Latsar."""
    n = len(peg)
    low_jp = ((peg[REGION_COL] == PROVINCE) & (peg["OPD"] == LOW_JP_AGENCY)
              & peg["UNIT KERJA"].isin(LOW_JP_UNITS)).to_numpy()
    intensity = rng.uniform(0.8, 1.2, extra["agency_id"].max() + 1)[extra["agency_id"].to_numpy()]
    extra_items = rng.binomial(TRAINING_EXTRA[0], np.minimum(TRAINING_EXTRA[1] * intensity, 1.0))
    count = np.where(rng.random(n) < TRAINING_NONE_SHARE, 0, 1 + extra_items)
    count[low_jp] = rng.integers(0, 2, low_jp.sum())  # none or one short item
    emp_idx = np.repeat(np.arange(n), count)
    domain = extra["domain"].to_numpy()[emp_idx]
    item = np.empty(len(emp_idx), dtype=np.int64)
    for d in DOMAINS:
        eligible = [i for i, t in enumerate(TRAININGS) if t[5] in (None, d)]
        m = domain == d
        w = np.array([TRAININGS[i][4] for i in eligible])
        item[m] = np.asarray(eligible)[rng.choice(len(eligible), size=m.sum(), p=w / w.sum())]
    short = np.array([i for i, t in enumerate(TRAININGS)
                      if t[0] in TRAININGS_SHORT and t[2] < LOW_JP_MAX])  # at most one each
    m = low_jp[emp_idx]
    item[m] = short[rng.integers(0, len(short), m.sum())]
    table = pd.DataFrame(TRAININGS, columns=["name", "jenis", "jp", "days", "w", "domain"])
    rows = pd.DataFrame({"emp": emp_idx, "name": table["name"].to_numpy()[item],
                         "jenis": table["jenis"].to_numpy()[item],
                         "jp": table["jp"].to_numpy()[item].astype(float),
                         "days": table["days"].to_numpy()[item].astype(np.int64)})

    # leadership training (and Latsar for CPNS)
    jab = peg["JENIS JABATAN"].to_numpy()
    lead = []
    for name, jenis, jp, days, who, share in LEADERSHIP:
        target = extra["cpns"].to_numpy() if who == "cpns" else (jab == who)
        chosen = np.flatnonzero(target & ~low_jp & (rng.random(n) < share))
        lead.append(pd.DataFrame({"emp": chosen, "name": name, "jenis": jenis, "jp": float(jp),
                                  "days": days}))
    rows = pd.concat([rows] + lead, ignore_index=True)

    last_start = np.datetime64(DEMO_END) - rows["days"].to_numpy() * DAY
    span = (last_start - np.datetime64(f"{DEMO_YEAR}-01-05")).astype(np.int64)
    start = np.datetime64(f"{DEMO_YEAR}-01-05") + (rng.random(len(rows)) * span).astype(
        np.int64) * DAY
    classroom = rows["jenis"].to_numpy() != "nonklasikal"
    start = np.where(classroom, np.busday_offset(start, 0, roll="forward",
                                                 busdaycal=demo_calendar().busdaycal), start)
    end = start + (rows["days"].to_numpy() - 1) * DAY
    out = pd.DataFrame({
        "NIP": peg["NIP"].to_numpy()[rows["emp"].to_numpy()],
        "NAMA PELATIHAN": rows["name"].to_numpy(), "JENIS": rows["jenis"].to_numpy(),
        "TANGGAL MULAI": ts(start), "TANGGAL SELESAI": ts(end), "JP": rows["jp"].to_numpy(),
    })
    out = out.drop_duplicates(["NIP", "NAMA PELATIHAN", "TANGGAL MULAI"])
    return out.sort_values(["NIP", "TANGGAL MULAI"], kind="stable", ignore_index=True)

