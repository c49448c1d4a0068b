"""Appraisals: the year's SKPs, the staff appraisals per period and the organisation ratings.

Staff are ranked within their agency against the agency's predikat profile (ORG_PROFILES in
planted.py names the exceptions); the organisation rating follows the profile.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from demo.draw import allocate, choice, ts
from demo.planted import LAMPUNG_SELATAN, ORG_PROFILES
from demo.scales import COLUMNS, DEMO_YEAR, REGION_COL
from vocab import codes

# --- skp ----------------------------------------------------------------------------------------
SKP_APPROVED = "persetujuan"
SKP_APPROVED_SHARE = 0.92  # elsewhere; Lampung Selatan approves fewer (SKP_APPROVED_SHARE_LOW)
SKP_APPROVED_SHARE_LOW = 0.45
MUTASI_SHARE = 0.05  # of pelaksana, transferred in July (two SKPs)
ACTING_SHARE = 0.06  # of Administrator and Pengawas, also Plt/Plh of another unit
SKP_OTHER_STATUSES = ("pengajuan", "draft")


def skp(peg: pd.DataFrame, extra: pd.DataFrame, org: pd.DataFrame, rng) -> pd.DataFrame:
    """One SKP per employee for the year; a July transfer splits it in two; some Plt/Plh SKPs."""
    n = len(peg)
    year_start, year_end = np.datetime64(f"{DEMO_YEAR}-01-01"), np.datetime64(f"{DEMO_YEAR}-12-31")
    approved = np.where(peg[REGION_COL].to_numpy() == LAMPUNG_SELATAN, SKP_APPROVED_SHARE_LOW,
                        SKP_APPROVED_SHARE)
    status = np.where(rng.random(n) < approved, SKP_APPROVED,
                      choice(rng, SKP_OTHER_STATUSES, n, (0.6, 0.4)))
    base = pd.DataFrame({
        "NIP": peg["NIP"], "SKP STATUS": status, "PLT/PLH": 0,
        "PERIODE AWAL": year_start, "PERIODE AKHIR": year_end,
        "JABATAN": peg["NAMA JABATAN"], "UNIT KERJA": peg["UNIT KERJA"], "OPD": peg["OPD"],
    })
    # transfers (mutasi) in July: a pelaksana's earlier SKP in an office unit of the same region
    moved = np.flatnonzero((peg["JENIS JABATAN"].to_numpy() == "Pelaksana")
                           & (rng.random(n) < MUTASI_SHARE))
    moved_region = peg[REGION_COL].to_numpy()[moved]
    earlier_unit = np.zeros(len(moved), dtype=np.int64)
    offices = org[org["domain"] == "umum"]
    for region in pd.unique(offices["region"]):
        m = moved_region == region
        units = offices.loc[offices["region"] == region, "unit_id"].to_numpy()
        earlier_unit[m] = units[rng.integers(0, len(units), m.sum())]
    earlier = base.iloc[moved].copy()
    earlier["SKP STATUS"] = SKP_APPROVED
    earlier["PERIODE AKHIR"] = np.datetime64(f"{DEMO_YEAR}-06-30")
    earlier["UNIT KERJA"] = org["unit"].to_numpy()[earlier_unit]
    earlier["OPD"] = org["agency"].to_numpy()[earlier_unit]
    base.loc[base.index[moved], "PERIODE AWAL"] = np.datetime64(f"{DEMO_YEAR}-07-01")
    # acting posts (Plt/Plh): some Administrator and Pengawas also lead another unit of their agency
    senior = np.flatnonzero(peg["JENIS JABATAN"].isin(("Administrator", "Pengawas")).to_numpy()
                            & (rng.random(n) < ACTING_SHARE))
    led = org[org["kind"].isin(("bidang", "bagian", "uptd"))]
    agency_of = extra["agency_id"].to_numpy()[senior]
    own_unit = extra["unit_id"].to_numpy()[senior]
    acting_unit = np.full(len(senior), -1, dtype=np.int64)
    for aid in pd.unique(agency_of):
        units = led.loc[led["agency_id"] == aid, "unit_id"].to_numpy()
        m = agency_of == aid
        if len(units) < 2:
            continue
        pick = rng.integers(0, len(units), m.sum())
        pick = np.where(units[pick] == own_unit[m], (pick + 1) % len(units), pick)  # not their own
        acting_unit[m] = units[pick]
    senior, acting_unit = senior[acting_unit >= 0], acting_unit[acting_unit >= 0]
    acting = base.iloc[senior].copy()
    acting["PLT/PLH"] = 1
    acting["SKP STATUS"] = SKP_APPROVED
    acting["PERIODE AWAL"] = np.datetime64(f"{DEMO_YEAR}-03-02")
    acting["PERIODE AKHIR"] = np.datetime64(f"{DEMO_YEAR}-09-30")
    acting["UNIT KERJA"] = org["unit"].to_numpy()[acting_unit]
    acting["JABATAN"] = "Plt. Kepala " + acting["UNIT KERJA"]
    skp = pd.concat([earlier, base, acting], ignore_index=True)
    skp = skp.sort_values(["NIP", "PERIODE AWAL", "PLT/PLH"], kind="stable", ignore_index=True)
    for col in ("PERIODE AWAL", "PERIODE AKHIR"):
        skp[col] = ts(skp[col])
    skp["PLT/PLH"] = skp["PLT/PLH"].astype(np.int64)
    return skp


# --- penilaian and predikat organisasi ---------------------------------------------------------
PERIODS_2026 = ("TW I", "TW II", "TW III")  # the year is not over: no TW IV / Tahunan 2026
PERIOD_ANNUAL = "Tahunan"
APPRAISAL_PERIODS = ((DEMO_YEAR - 1, PERIOD_ANNUAL),) + tuple((DEMO_YEAR, p) for p in PERIODS_2026)
NOT_RATED_MARK = "-"
# Share of staff not yet rated when the data were exported, by period (TW III rows carry "-").
NOT_RATED_SHARE = {"Tahunan": 0.01, "TW I": 0.01, "TW II": 0.03, "TW III": 0.10}
NOT_RATED_FACTOR_LOW_ADOPTION = 4  # Lampung Selatan (adopsi_rendah) leaves more staff unrated
# Staff predikat profiles: predikat -> (low, high) share; Baik takes the rest.
_SB, _B, _BP, _K, _SK = (codes.PREDIKAT_SANGAT_BAIK, codes.PREDIKAT_BAIK,
                         codes.PREDIKAT_BUTUH_PERBAIKAN, codes.PREDIKAT_KURANG,
                         codes.PREDIKAT_SANGAT_KURANG)
PREDIKAT_PROFILES: dict[str, dict[str, tuple[float, float]]] = {
    "baik": {_SB: (0.14, 0.24), _BP: (0.08, 0.14), _K: (0.01, 0.04), _SK: (0.0, 0.015)},
    "istimewa": {_SB: (0.50, 0.62), _BP: (0.02, 0.06)},
    "kurva_datar": {_SB: (0.12, 0.16)},
    "inflasi": {_SB: (0.78, 0.86)},
}
PROFILE_ORG_PREDIKAT = {"baik": "Baik", "istimewa": "Istimewa", "kurva_datar": "Baik",
                        "inflasi": "Istimewa"}
# Weights of the (hasil kerja, perilaku kerja) pairs that give the same predikat.
_A, _S, _W = codes.RATING_ABOVE, codes.RATING_AS_EXPECTED, codes.RATING_BELOW
RATING_PAIR_WEIGHTS: dict[tuple[str, str], float] = {
    (_A, _A): 1.0, (_A, _S): 0.2, (_S, _S): 0.65, (_S, _A): 0.15, (_W, _S): 0.8, (_W, _A): 0.2,
    (_S, _W): 0.7, (_A, _W): 0.3, (_W, _W): 1.0,
}


def _profile_counts(profile: str, n: int, rng) -> dict[str, int]:
    """Staff counts per predikat for a group of n rated staff following a profile."""
    spec = PREDIKAT_PROFILES[profile]
    shares = {p: rng.uniform(*spec[p]) if p in spec else 0.0
              for p in codes.PREDIKAT_ORDER if p != _B}
    shares[_B] = 1.0 - sum(shares.values())
    exact = np.array([shares[p] for p in codes.PREDIKAT_ORDER]) * n
    counts = dict(zip(codes.PREDIKAT_ORDER, allocate(n, np.maximum(exact, 1e-12)).tolist()))
    if profile == "baik":  # keep within the curve: s(Baik) <= 70%, at least one BP or K
        while counts[_B] * 10 > 7 * n:
            counts[_B] -= 1
            counts[_SB] += 1
        if n >= 2 and counts[_BP] + counts[_K] == 0:
            counts[_B if counts[_B] > 1 else _SB] -= 1
            counts[_BP] += 1
    elif profile == "istimewa":  # s(Sangat Baik) <= 70%
        while counts[_SB] * 10 > 7 * n:
            counts[_SB] -= 1
            counts[_B] += 1
    return counts


def penilaian(peg, extra, org, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Staff appraisals ranked within each agency against its profile, and the agency ratings."""
    n = len(peg)
    region = peg[REGION_COL].to_numpy()
    agency_id = extra["agency_id"].to_numpy()
    unit_effect = rng.normal(0, 0.3, org["unit_id"].max() + 1)[extra["unit_id"].to_numpy()]
    latent = rng.normal(0, 1, n) + unit_effect
    agencies = org.drop_duplicates("agency_id").set_index("agency_id")
    pairs_by_predikat = {
        p: [pair for pair, pred in codes.PREDIKAT_MATRIX.items() if pred == p]
        for p in codes.PREDIKAT_ORDER}
    frames, org_rows = [], []
    for year, period in APPRAISAL_PERIODS:
        on_roll = extra["tmt_m"].to_numpy() < year * 12  # appointed before the year began
        if year < DEMO_YEAR:
            on_roll &= peg["STATUS"].to_numpy() != codes.STATUS_PPPK_PW
        not_rated = rng.random(n) < NOT_RATED_SHARE[period] * np.where(
            region == LAMPUNG_SELATAN, NOT_RATED_FACTOR_LOW_ADOPTION, 1)
        score = latent + rng.normal(0, 0.5, n)
        predikat = np.full(n, None, dtype=object)
        for aid, row in agencies.iterrows():
            profile = ORG_PROFILES.get((row["region"], row["agency"]), "baik")
            org_rows.append((row["agency"], row["region"], None, year, period,
                             PROFILE_ORG_PREDIKAT[profile]))
            idx = np.flatnonzero((agency_id == aid) & on_roll & ~not_rated)
            if len(idx) == 0:
                continue
            counts = _profile_counts(profile, len(idx), rng)
            ranked = idx[np.argsort(-score[idx], kind="stable")]
            labels = np.repeat(np.asarray(codes.PREDIKAT_ORDER[::-1], dtype=object),
                               [counts[p] for p in codes.PREDIKAT_ORDER[::-1]])
            predikat[ranked] = labels
        hasil = np.full(n, None, dtype=object)
        perilaku = np.full(n, None, dtype=object)
        for p, pairs in pairs_by_predikat.items():
            m = predikat == p
            picked = rng.choice(len(pairs), size=m.sum(),
                                p=np.array([RATING_PAIR_WEIGHTS[x] for x in pairs])
                                / sum(RATING_PAIR_WEIGHTS[x] for x in pairs))
            hasil[m] = np.array([h for h, _ in pairs], dtype=object)[picked]
            perilaku[m] = np.array([b for _, b in pairs], dtype=object)[picked]
        rated = pd.notna(predikat)
        # rows: rated staff, plus (TW III only) staff still waiting with "-"
        keep = on_roll & (rated | (period == PERIODS_2026[-1]))
        shown = np.where(rated, predikat, NOT_RATED_MARK)
        frames.append(pd.DataFrame({
            "NIP": peg["NIP"].to_numpy()[keep], "TAHUN": year, "PERIODE": period,
            "RATING HASIL KERJA": hasil[keep], "RATING PERILAKU KERJA": perilaku[keep],
            "PREDIKAT KINERJA": shown[keep],
        }))
    pen = pd.concat(frames, ignore_index=True)
    pen["TAHUN"] = pen["TAHUN"].astype(np.int64)
    orgp = pd.DataFrame(org_rows, columns=COLUMNS["predikat_organisasi"])
    orgp["TAHUN"] = orgp["TAHUN"].astype(np.int64)
    orgp["UNIT KERJA"] = orgp["UNIT KERJA"].astype(object)
    return pen, orgp

