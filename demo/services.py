"""Public services: the service standards, the requests at every service office and the SKM
(Survei Kepuasan Masyarakat) answers.

Requests come from every kabupaten/kota Disdukcapil and from the province's DPMPTSP; a request's
turnaround is drawn as a multiple of its office's standard. Service standards are demo values
(*unverified*), not any office's maklumat.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from demo.draw import CUTOFF, DAY, MINUTE, choice, ts
from demo.org import DUKCAPIL, PROVINCE, PTSP, REGENCY_INFO, REGION_NAMES
from demo.planted import LAMPUNG_TENGAH, PRINGSEWU, SLOW_FACTOR, SLOW_SERVICE
from demo.scales import COLUMNS, DEMO_START, DEMO_YEAR, REGION_COL, demo_calendar
from vocab import codes, reference

# service type -> share of an office's requests
DUKCAPIL_SERVICES = {"KTP-el": 0.30, "Kartu Keluarga": 0.25, "Akta Kelahiran": 0.20, "KIA": 0.10,
                     "Akta Kematian": 0.08, "Surat Pindah": 0.07}
PTSP_SERVICES = {"Izin Trayek Angkutan Antarkota Dalam Provinsi": 0.25,
                 "Surat Izin Usaha Perikanan": 0.25, "Izin Usaha Pertambangan Batuan": 0.15,
                 "Izin Operasional Rumah Sakit Kelas B": 0.05,
                 "Izin Lembaga Pelatihan Kerja": 0.30}
PTSP_VOLUME = 0.5  # relative to an average Disdukcapil
# (service, limit, unit, OPD, region code); OPD/region None = every office. Unverified defaults.
STANDARDS: tuple[tuple[str, float, str, str | None, str | None], ...] = (
    ("KTP-el", 1, codes.UNIT_HOURS, None, None),
    ("KIA", 1, codes.UNIT_WORKING_DAYS, None, None),
    ("Kartu Keluarga", 2, codes.UNIT_WORKING_DAYS, None, None),
    ("Akta Kelahiran", 3, codes.UNIT_WORKING_DAYS, None, None),
    ("Akta Kematian", 3, codes.UNIT_WORKING_DAYS, None, None),
    ("Surat Pindah", 1, codes.UNIT_WORKING_DAYS, None, None),
    ("Akta Kelahiran", 1, codes.UNIT_WORKING_DAYS, DUKCAPIL, "18.72"),  # Kota Metro's maklumat
    ("Izin Trayek Angkutan Antarkota Dalam Provinsi", 10, codes.UNIT_WORKING_DAYS, PTSP, "18"),
    ("Surat Izin Usaha Perikanan", 7, codes.UNIT_WORKING_DAYS, PTSP, "18"),
    ("Izin Usaha Pertambangan Batuan", 14, codes.UNIT_WORKING_DAYS, PTSP, "18"),
    ("Izin Operasional Rumah Sakit Kelas B", 30, codes.UNIT_CALENDAR_DAYS, PTSP, "18"),
    ("Izin Lembaga Pelatihan Kerja", 5, codes.UNIT_WORKING_DAYS, PTSP, "18"),
)
OFFICE_HOURS = (7 * 60 + 30, 15 * 60 + 30)  # requests are received 07:30-15:30 WIB
WORK_HOURS = (8 * 60, 16 * 60)  # requests finish 08:00-16:00 WIB
TURNAROUND_MEDIAN = (0.45, 0.75)  # median turnaround of a normal office, as a share of its limit
TURNAROUND_SPREAD = 0.5  # sd of log turnaround
STALE_OPEN_SHARE = 0.003  # requests forgotten in "Proses"
ONLINE_SHARE = 0.35
# Extra SKM offices (not in layanan): (region code, agency, services).
SKM_EXTRA_OFFICES = (("18", "RSUD Dr. H. Abdul Moeloek",
                      {"Rawat Jalan": 0.5, "Rawat Inap": 0.3, "Instalasi Gawat Darurat": 0.2}),)
SKM_MEAN = (3.25, 3.55)  # office mean answer (1-4)
SKM_ELEMENT_OFFSET = (0.0, -0.05, -0.25, 0.35, 0.0, 0.05, 0.1, -0.2, -0.1)  # U1..U9
RAMP_TURNAROUND = (2.4, 0.6)  # planted membaik: median turnaround / limit, January -> November

REQUEST_DONE, REQUEST_OPEN = "Selesai", "Proses"
CHANNELS = ("Loket", "Online")


# --- layanan, standar layanan, skm ---------------------------------------------------------------
def _offices(org: pd.DataFrame) -> list[tuple[str, str, str, dict[str, float], float]]:
    """(region code, region, agency, services, volume) of every service office present."""
    present = set(zip(org["region"], org["agency"]))
    offices = []
    for code, (factor, _ibukota, _rsud) in REGENCY_INFO.items():
        if (REGION_NAMES[code], DUKCAPIL) in present:
            offices.append((code, REGION_NAMES[code], DUKCAPIL, DUKCAPIL_SERVICES, factor))
    if (PROVINCE, PTSP) in present:
        offices.append((reference.PROVINCE_CODE, PROVINCE, PTSP, PTSP_SERVICES, PTSP_VOLUME))
    return offices


def standards(org: pd.DataFrame) -> pd.DataFrame:
    present = set(zip(org["region"], org["agency"]))
    rows = [(svc, limit, unit, opd, REGION_NAMES[code] if code else None)
            for svc, limit, unit, opd, code in STANDARDS
            if opd is None or (REGION_NAMES[code], opd) in present]
    out = pd.DataFrame(rows, columns=COLUMNS["standar_layanan"])
    out["BATAS WAKTU"] = out["BATAS WAKTU"].astype(float)
    for col in ("OPD", REGION_COL):
        out[col] = out[col].astype(object)
    return out


def _standard_for(service: str, agency: str, region_code: str) -> tuple[float, str]:
    fallback = None
    for svc, limit, unit, opd, code in STANDARDS:
        if svc != service:
            continue
        if opd == agency and code == region_code:
            return limit, unit
        if opd is None:
            fallback = (limit, unit)
    return fallback


def layanan(org, rng, cfg, workdays) -> pd.DataFrame:
    """Requests at every service office; turnaround drawn as a multiple of the office's standard."""
    frames = []
    calendar = demo_calendar()
    busdaycal = calendar.busdaycal
    cal = calendar.working_days(DEMO_START, date(DEMO_YEAR + 1, 12, 31))
    for code, region, agency, services, volume in _offices(org):
        n = int(round(cfg["requests_per_office"] * volume))
        svc = choice(rng, tuple(services), n, tuple(services.values()))
        day_idx = np.sort(rng.integers(0, len(workdays), n))
        received = (workdays[day_idx].astype("datetime64[m]")
                    + rng.integers(OFFICE_HOURS[0], OFFICE_HOURS[1] + 1, n) * MINUTE)
        t = day_idx / len(workdays)
        median = np.full(n, rng.uniform(*TURNAROUND_MEDIAN))
        if region == PRINGSEWU:
            median = RAMP_TURNAROUND[0] + (RAMP_TURNAROUND[1] - RAMP_TURNAROUND[0]) * t
        if region == LAMPUNG_TENGAH:
            median = np.where(svc == SLOW_SERVICE, SLOW_FACTOR, median)
        factor = median * np.exp(rng.normal(0, TURNAROUND_SPREAD, n))
        finish = np.empty(n, dtype="datetime64[m]")
        for service in services:
            m = svc == service
            limit, unit = _standard_for(service, agency, code)
            f = factor[m]
            rec = received[m]
            if unit == codes.UNIT_HOURS:
                raw = rec + np.round(limit * f * 60).astype(np.int64) * MINUTE
                raw_day = raw.astype("datetime64[D]")
                minute = (raw - raw_day.astype("datetime64[m]")).astype(np.int64)
                closed = ((minute > WORK_HOURS[1]) | (minute < WORK_HOURS[0])
                          | ~np.is_busday(raw_day, busdaycal=busdaycal))
                # finished after closing time: done the next working morning
                next_day = np.busday_offset(raw_day + np.where(minute < WORK_HOURS[0], 0, 1) * DAY,
                                            0, roll="forward", busdaycal=busdaycal)
                morning = (next_day.astype("datetime64[m]")
                           + rng.integers(WORK_HOURS[0], WORK_HOURS[0] + 120, m.sum()) * MINUTE)
                finish[m] = np.where(closed, morning, raw)
                continue
            k = np.floor(limit * f).astype(np.int64)
            rec_day = rec.astype("datetime64[D]")
            if unit == codes.UNIT_WORKING_DAYS:
                pos = np.searchsorted(cal, rec_day) + k
                fin_day = cal[np.minimum(pos, len(cal) - 1)]
            else:
                fin_day = np.busday_offset(rec_day + k * DAY, 0, roll="forward", busdaycal=busdaycal)
            later = rng.integers(WORK_HOURS[0], WORK_HOURS[1] + 1, m.sum()) * MINUTE
            rec_min = (rec - rec_day.astype("datetime64[m]"))
            same_day = rec_min + rng.integers(20, 150, m.sum()) * MINUTE
            finish[m] = fin_day.astype("datetime64[m]") + np.where(k == 0, same_day, later)
        open_ = (finish >= CUTOFF) | (rng.random(n) < STALE_OPEN_SHARE)
        seq = np.arange(1, n + 1)
        prefix = ("DUKCAPIL-" + code.replace(".", "")) if agency == DUKCAPIL else "DPMPTSP-18"
        number = [f"{prefix}/{DEMO_YEAR}/{s:06d}" for s in seq]
        frames.append(pd.DataFrame({
            "NOMOR PERMOHONAN": number, "OPD": agency, REGION_COL: region,
            "JENIS LAYANAN": svc, "WAKTU MASUK": ts(received),
            "WAKTU SELESAI": ts(np.where(open_, np.datetime64("NaT"), finish)),
            "STATUS": np.where(open_, REQUEST_OPEN, REQUEST_DONE),
            "KANAL": np.where(rng.random(n) < ONLINE_SHARE, CHANNELS[1], CHANNELS[0]),
        }))
    return pd.concat(frames, ignore_index=True)


def skm(org, rng, cfg, workdays) -> pd.DataFrame:
    """SKM respondents of every service office (and the extra SKM offices), answers 1-4."""
    present = set(zip(org["region"], org["agency"]))
    offices = [(region, agency, services) for _c, region, agency, services, _v in _offices(org)]
    offices += [(REGION_NAMES[c], a, s) for c, a, s in SKM_EXTRA_OFFICES
                if (REGION_NAMES[c], a) in present]
    frames = []
    offset = np.asarray(SKM_ELEMENT_OFFSET)
    for region, agency, services in offices:
        n = int(round(cfg["skm_per_office"] * rng.uniform(0.8, 1.3)))
        day_idx = np.sort(rng.integers(0, len(workdays), n))
        mean = np.full(n, rng.uniform(*SKM_MEAN))
        if region == PRINGSEWU:
            mean = 2.9 + 0.6 * day_idx / len(workdays)
        off = np.tile(offset, (n, 1))
        if region == LAMPUNG_TENGAH and agency == DUKCAPIL:
            off[:, 2] -= 0.7  # Waktu Penyelesaian
        latent = (mean[:, None] + off + rng.normal(0, 0.35, (n, 1))
                  + rng.normal(0, 0.45, (n, len(offset))))
        answers = np.clip(np.round(latent), 1, 4).astype(np.int64)
        frame = pd.DataFrame(answers, columns=[f"U{i}" for i in range(1, 10)])
        frame.insert(0, REGION_COL, region)
        frame.insert(0, "OPD", agency)
        frame.insert(0, "TANGGAL", ts(workdays[day_idx]))
        frame["JENIS LAYANAN"] = choice(rng, tuple(services), n, tuple(services.values()))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)

