"""The entry point: every upload kind generated from one random seed, in load order."""
from __future__ import annotations

import numpy as np
import pandas as pd

from demo import activities, appraisals, ekinerja, org, planted, roster, services, surveys, tickets, trainings
from demo.scales import COLUMNS, KINDS, SCALES, working_days

DEFAULT_SEED = 20261128
QUEUE_STREAM = 21  # the queue's own generator, (seed, QUEUE_STREAM): the other kinds' draws stay as they were
ADKAR_STREAM = 20  # the ADKAR survey's own generator, (seed, ADKAR_STREAM), for the same reason
MENTORING_STREAM = 22  # the entries a planted clinic adds (ekinerja.after_clinic), for the same reason


def generate(scale: str = "small", seed: int = DEFAULT_SEED, employees: int | None = None,
             tickets_per_office_day: int | None = None) -> dict[str, pd.DataFrame]:
    """Every upload kind as a DataFrame with template headers, keyed by kind in load order;
    `tickets_per_office_day` overrides the scale's queue volume (the benchmark's big queue CSV)."""
    if scale not in SCALES:
        raise ValueError(f"Skala tidak dikenal: {scale!r} (pilih {', '.join(SCALES)})")
    cfg = SCALES[scale]
    if tickets_per_office_day is not None:
        cfg = {**cfg, "tickets_per_office_day": tickets_per_office_day}
    rng = np.random.default_rng(seed)
    workdays = working_days()
    units = org.organisation(cfg)
    peg, extra = roster.employees(units, int(employees or cfg["employees"]), rng)
    # The draws share one generator: their order below is part of what the seed means.
    skp = appraisals.skp(peg, extra, units, rng)
    pen, orgp = appraisals.penilaian(peg, extra, units, rng)
    frames = {
        "pegawai": peg,
        "standar_layanan": services.standards(units),
        "skp": skp,
        "penilaian": pen,
        "predikat_organisasi": orgp,
        "pelatihan": trainings.pelatihan(peg, extra, rng),
        "layanan": services.layanan(units, rng, cfg, workdays),
        "skm": services.skm(units, rng, cfg, workdays),
        "progres_harian": ekinerja.after_clinic(ekinerja.progres(peg, extra, rng, workdays), peg,
                                                np.random.default_rng([seed, MENTORING_STREAM]), workdays),
        "antrian": tickets.antrian(units, np.random.default_rng([seed, QUEUE_STREAM]), cfg, workdays),
        "survei_adkar": surveys.survei_adkar(peg, np.random.default_rng([seed, ADKAR_STREAM]), workdays),
        "kegiatan_pendampingan": activities.kegiatan(peg),
    }
    frames = planted.plant_gaps(frames)
    return {kind: frames[kind].loc[:, list(COLUMNS[kind])].reset_index(drop=True)
            for kind in KINDS}
