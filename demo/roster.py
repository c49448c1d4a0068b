"""The roster (pegawai): who works in each unit, their status, birth date, education, post,
golongan and NIP.

Staff are spread over the units by weight (org.py). In each unit the most senior PNS hold the
structural posts (agency head, unit head, Pengawas); everyone else is fungsional or pelaksana.
NIPs follow the NIP rules (birth date, TMT CPNS or PPPK appointment year, sex digit, sequence); the
sequences are demo values (*unverified*).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from demo.draw import DAY, allocate, choice, ts
from demo.names import names
from demo.org import DOMAINS
from demo.scales import DEMO_END, DEMO_YEAR, REGION_COL
from vocab import codes

# --- posts ----------------------------------------------------------------------------------------
# Kind -> (jabatan type of the unit head, title pattern); kinds absent have no structural head
# (a school or instalasi is led by a fungsional with an additional task).
UNIT_HEADS: dict[str, tuple[str, str]] = {
    "biro": ("JPT", "Kepala {unit}"),
    "sekretariat": ("Administrator", "Sekretaris"),
    "bagian": ("Administrator", "Kepala {unit}"),
    "bidang": ("Administrator", "Kepala {unit}"),
    "uptd": ("Administrator", "Kepala {unit}"),
    "irban": ("Administrator", "{unit}"),
}
# Pengawas posts left after the 2021 simplification (penyetaraan jabatan), by unit kind.
PENGAWAS_TITLES: dict[str, tuple[str, ...]] = {
    "sekretariat": ("Kepala Subbagian Umum dan Kepegawaian", "Kepala Subbagian Keuangan",
                    "Kepala Subbagian Perencanaan dan Pelaporan"),
    "bagian": ("Kepala Subbagian Tata Usaha", "Kepala Subbagian Administrasi"),
    "uptd": ("Kepala Subbagian Tata Usaha", "Kepala Seksi Pelayanan"),
    "puskesmas": ("Kepala Subbagian Tata Usaha",),
    "sekolah": ("Kepala Tata Usaha",),
}
PENGAWAS_PER_STAFF = 4  # one Pengawas post per this many staff of the unit, up to the titles given
AGENCY_HEAD_TITLES = {
    "Sekretariat Daerah": "Sekretaris Daerah",
    "Sekretariat DPRD": "Sekretaris DPRD",
    "Inspektorat": "Inspektur",
}

# Jabatan fungsional by domain or keyword of the agency name: first match wins.
JF_CLINICAL = ("Perawat", "Perawat", "Perawat", "Bidan", "Dokter", "Apoteker",
               "Pranata Laboratorium Kesehatan", "Nutrisionis", "Perekam Medis")
JF_BY_KEYWORD: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Kesehatan", ("Administrator Kesehatan", "Epidemiolog Kesehatan",
                   "Penyuluh Kesehatan Masyarakat", "Sanitarian")),
    ("Inspektorat", ("Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah")),
    ("Kepegawaian", ("Analis Sumber Daya Manusia Aparatur",
                     "Pranata Sumber Daya Manusia Aparatur")),
    ("Pengembangan Sumber Daya Manusia", ("Analis Sumber Daya Manusia Aparatur", "Widyaiswara")),
    ("Kependudukan", ("Administrator Database Kependudukan",)),
    ("Perencanaan", ("Perencana",)),
    ("Keuangan", ("Analis Keuangan Pusat dan Daerah", "Analis Anggaran")),
    ("Pendapatan", ("Analis Keuangan Pusat dan Daerah", "Pemeriksa Pajak Daerah")),
    ("Komunikasi", ("Pranata Komputer", "Statistisi", "Pranata Hubungan Masyarakat", "Sandiman")),
    ("Perpustakaan", ("Pustakawan", "Arsiparis")),
    ("Pangan", ("Penyuluh Pertanian", "Pengawas Mutu Hasil Pertanian")),
    ("Perkebunan", ("Penyuluh Pertanian", "Pengawas Benih Tanaman")),
    ("Peternakan", ("Medik Veteriner", "Paramedik Veteriner")),
    ("Kehutanan", ("Polisi Kehutanan", "Penyuluh Kehutanan")),
    ("Perhubungan", ("Penguji Kendaraan Bermotor", "Pengawas Keselamatan Pelayaran")),
    ("Bina Marga", ("Teknik Jalan dan Jembatan",)),
    ("Sumber Daya Air", ("Teknik Pengairan",)),
    ("Polisi Pamong Praja", ("Polisi Pamong Praja",)),
    ("Sosial", ("Pekerja Sosial", "Penyuluh Sosial")),
    ("Tenaga Kerja", ("Pengawas Ketenagakerjaan", "Instruktur", "Mediator Hubungan Industrial")),
    ("Lingkungan", ("Pengendali Dampak Lingkungan",)),
    ("Perdagangan", ("Penera", "Pengawas Perdagangan")),
)
# Jabatan fungsional open to staff without a degree (keterampilan); others need S1 (keahlian).
JF_KETERAMPILAN = ("Perawat", "Bidan", "Pranata Laboratorium Kesehatan", "Nutrisionis",
                   "Perekam Medis", "Sanitarian", "Pranata Komputer", "Arsiparis",
                   "Pranata Sumber Daya Manusia Aparatur", "Pustakawan", "Polisi Pamong Praja",
                   "Penyuluh Pertanian", "Paramedik Veteriner", "Polisi Kehutanan",
                   "Penguji Kendaraan Bermotor", "Penera", "Pranata Hubungan Masyarakat")
JF_GENERAL = ("Analis Kebijakan", "Pranata Komputer", "Arsiparis", "Perencana",
              "Pengelola Pengadaan Barang/Jasa", "Analis Keuangan Pusat dan Daerah")
PELAKSANA_TITLES = ("Pengadministrasi Perkantoran", "Penata Layanan Operasional",
                    "Pengelola Layanan Operasional", "Penelaah Teknis Kebijakan",
                    "Pengolah Data dan Informasi")
PELAKSANA_TITLES_PW = ("Operator Layanan Operasional", "Pengelola Umum Operasional")

# --- staff mix, by domain of the unit (sekolah / klinis / umum) ------------------------------
STATUS_MIX = {  # PNS, PPPK, PPPK Paruh Waktu
    "sekolah": (0.64, 0.32, 0.04), "klinis": (0.62, 0.33, 0.05), "umum": (0.82, 0.11, 0.07),
}
FEMALE_SHARE = {"sekolah": 0.62, "klinis": 0.68, "umum": 0.40}
FUNGSIONAL_SHARE = {"sekolah": 0.92, "klinis": 0.85, "umum": 0.40}  # of non-structural staff
FUNGSIONAL_SHARE_PW = 0.05
# Education: SD/SMP, SMA, D3, S1, S2 (index 0-4).
EDUCATION_MIX = {
    ("PNS", "sekolah"): (0.0, 0.03, 0.02, 0.83, 0.12),
    ("PNS", "klinis"): (0.0, 0.08, 0.42, 0.42, 0.08),
    ("PNS", "umum"): (0.03, 0.22, 0.12, 0.51, 0.12),
    ("PPPK", "sekolah"): (0.0, 0.03, 0.0, 0.94, 0.03),
    ("PPPK", "klinis"): (0.0, 0.02, 0.55, 0.43, 0.0),
    ("PPPK", "umum"): (0.0, 0.35, 0.15, 0.45, 0.05),
    ("PPPK Paruh Waktu", None): (0.15, 0.60, 0.10, 0.15, 0.0),
}
AGE = {"PNS": (43, 9, 22, 58), "PPPK": (38, 8, 22, 56), "PPPK Paruh Waktu": (34, 8, 20, 55)}
PNS_ENTRY_AGE = (26.5, 3.5, 19, 35)  # mean, sd, min, max (years)
PNS_TMT_LATEST = (2025, 6)  # latest TMT CPNS on the roll
CPNS_LATSAR_FROM = (2025, 4)  # CPNS appointed from this month take Latsar in the demo year
PNS_START_GOLONGAN = (0, 4, 6, 8, 9)  # index into codes.GOLONGAN_PNS by education
PNS_GOLONGAN_CAP = (7, 9, 10, 11, 12)  # regular promotion stops here (III/d for S1)
PNS_PROMOTION_YEARS = (4.0, 6.5)  # years per regular promotion, drawn per person
PNS_GOLONGAN_CAP_FUNGSIONAL = 13  # a fungsional with a degree can reach IV/b (Ahli Madya)
PPPK_YEARS = {2019: 0.06, 2021: 0.2, 2022: 0.22, 2023: 0.25, 2024: 0.17, 2025: 0.10}
PPPK_GOLONGAN_BY_EDUCATION = ("I", "V", "VII", "IX", "X")


def _jf_pool(agency: str, domain: str) -> tuple[str, ...]:
    if domain == "sekolah":
        return ("Guru",)
    if domain == "klinis":
        return JF_CLINICAL
    for keyword, pool in JF_BY_KEYWORD:
        if keyword in agency:
            return pool
    return JF_GENERAL


def _agency_head_title(agency: str) -> str:
    if agency in AGENCY_HEAD_TITLES:
        return AGENCY_HEAD_TITLES[agency]
    return ("Direktur " if agency.startswith("RS") else "Kepala ") + agency



# --- pegawai ------------------------------------------------------------------------------------
def employees(org: pd.DataFrame, n: int,
              rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pegawai frame, and working columns (ids, domain, TMT, CPNS)."""
    counts = allocate(n, org["weight"].to_numpy(), minimum=org["min_staff"].to_numpy())
    emp = org.loc[org.index.repeat(counts)].reset_index(drop=True)
    domain = emp["domain"].to_numpy()
    agency = emp["agency"].to_numpy().astype(object)
    status, female = _status_and_sex(domain, rng)
    is_pns = status == codes.STATUS_PNS
    birth = _birth_dates(status, rng)
    by, bmon, bday = _date_parts(birth)
    edu = _education(status, domain, rng)
    tmt_m, appt = _appointments(by * 12 + (bmon - 1), by, status, rng)
    edu[is_pns & (edu == 0) & (tmt_m >= 2005 * 12)] = 1  # no SD/SMP hires after 2005

    jab_type, jab_name, is_agency_head = _structural_posts(emp, is_pns, tmt_m, birth)
    fungsional, jf = _fungsional_or_pelaksana(emp, status, edu, jab_type, jab_name, rng)
    # education follows the post: S1 for teachers, doctors, pharmacists and structural posts
    needs_degree = np.isin(jf, ("Guru", "Dokter", "Apoteker")) | np.isin(
        jab_type, ("Administrator", "Pengawas"))
    edu[needs_degree] = np.maximum(edu[needs_degree], 3)
    edu[jab_type == "JPT"] = 4
    golongan, gol, pppk_gol = _golongan(edu, tmt_m, jab_type, is_pns,
                                        is_agency_head & (agency == "Sekretariat Daerah"), rng)
    level = _jenjang(gol, pppk_gol, edu, is_pns)
    jab_name[fungsional] = jf[fungsional] + " " + level[fungsional].astype(object)
    nip = _nip(by * 10000 + bmon * 100 + bday, tmt_m, appt, female, is_pns, rng)

    out = pd.DataFrame({
        "NIP": nip,
        "NAMA": names(rng, female, edu, jf, by, agency, domain),
        "UNIT KERJA": emp["unit"].to_numpy().astype(object),
        "OPD": agency,
        REGION_COL: emp["region"].to_numpy().astype(object),
        "JENIS KELAMIN": np.where(female, codes.SEX_FEMALE, codes.SEX_MALE).astype(object),
        "TANGGAL LAHIR": ts(birth),
        "STATUS": status,
        "GOLONGAN": golongan,
        "JENIS JABATAN": jab_type,
        "NAMA JABATAN": jab_name,
    })
    extra = pd.DataFrame({
        "agency_id": emp["agency_id"].to_numpy(), "unit_id": emp["unit_id"].to_numpy(),
        "domain": domain, "tmt_m": np.where(is_pns, tmt_m, appt * 12),
        "cpns": is_pns & (tmt_m >= CPNS_LATSAR_FROM[0] * 12 + CPNS_LATSAR_FROM[1] - 1),
    })
    return out, extra


def _status_and_sex(domain: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """Status (PNS, PPPK, PPPK Paruh Waktu) and whether female, drawn by the unit's domain."""
    status = np.empty(len(domain), dtype=object)
    female = np.zeros(len(domain), dtype=bool)
    for d in DOMAINS:
        m = domain == d
        status[m] = choice(rng, codes.EMPLOYEE_STATUSES, m.sum(), STATUS_MIX[d])
        female[m] = rng.random(m.sum()) < FEMALE_SHARE[d]
    return status, female


def _birth_dates(status: np.ndarray, rng) -> np.ndarray:
    """Birth dates (datetime64[D]) from an age at DEMO_END drawn by status within its bounds."""
    age = np.zeros(len(status))
    for st, (mean, sd, lo, hi) in AGE.items():
        m = status == st
        drawn = rng.normal(mean, sd, m.sum())
        out = (drawn < lo) | (drawn > hi)
        drawn[out] = rng.uniform(lo, hi, out.sum())
        age[m] = drawn
    return np.datetime64(DEMO_END) - (age * 365.25).astype(np.int64) * DAY


def _date_parts(day: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day of the month of datetime64[D] values."""
    year = day.astype("datetime64[Y]").astype(np.int64) + 1970
    month = day.astype("datetime64[M]").astype(np.int64) % 12 + 1
    return year, month, (day - day.astype("datetime64[M]")).astype(np.int64) + 1


def _education(status: np.ndarray, domain: np.ndarray, rng) -> np.ndarray:
    """Education, 0 SD/SMP .. 4 S2, drawn by status and domain."""
    edu = np.zeros(len(status), dtype=np.int64)
    for (st, d), mix in EDUCATION_MIX.items():
        m = (status == st) & ((domain == d) if d else True)
        edu[m] = rng.choice(5, size=m.sum(), p=np.asarray(mix) / sum(mix))
    return edu


def _appointments(birth_m: np.ndarray, birth_year: np.ndarray, status: np.ndarray,
                  rng) -> tuple[np.ndarray, np.ndarray]:
    """TMT CPNS in months since year 0 (drawn for everyone, used for PNS) and the year of first
    appointment (used for PPPK), from the birth month."""
    mean, sd, lo, hi = PNS_ENTRY_AGE
    entry = np.clip(rng.normal(mean, sd, len(status)), lo, hi)
    tmt_m = birth_m + np.round(entry * 12).astype(np.int64)
    latest = PNS_TMT_LATEST[0] * 12 + PNS_TMT_LATEST[1] - 1
    too_late = tmt_m > latest
    tmt_m[too_late] = latest - rng.integers(0, 30, too_late.sum())
    tmt_m = np.maximum(tmt_m, birth_m + 18 * 12 + 1)  # strictly after the 18th birthday month
    years = np.array(list(PPPK_YEARS), dtype=np.int64)
    appt = choice(rng, years, len(status), list(PPPK_YEARS.values())).astype(np.int64)
    appt[status == codes.STATUS_PPPK_PW] = 2025
    return tmt_m, np.minimum(np.maximum(appt, birth_year + 19), 2025)


def _seniority_rank(emp: pd.DataFrame, is_pns: np.ndarray, tmt_m: np.ndarray,
                    birth: np.ndarray) -> np.ndarray:
    """Each PNS's rank within their unit by TMT CPNS, then birth date (0 = most senior); every
    non-PNS ranks 10**6."""
    keyed = emp.assign(_pns_key=np.where(is_pns, tmt_m, 10**9), _birth=birth)
    order = keyed.sort_values(["unit_id", "_pns_key", "_birth"], kind="stable").index
    rank = np.empty(len(emp), dtype=np.int64)
    rank[order] = keyed.loc[order].groupby("unit_id").cumcount().to_numpy()
    rank[~is_pns] = 10**6
    return rank


def _structural_posts(emp: pd.DataFrame, is_pns: np.ndarray, tmt_m: np.ndarray,
                      birth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Jabatan type and name of the structural posts (empty elsewhere), and who heads an agency: the
    most senior PNS of an agency's first unit heads the agency, the next most senior of each unit
    with a head heads it, the next ones hold its Pengawas posts (one per PENGAWAS_PER_STAFF staff)."""
    rank = _seniority_rank(emp, is_pns, tmt_m, birth)
    unit_size = emp.groupby("unit_id")["unit_id"].transform("size").to_numpy()
    kind = emp["kind"].to_numpy()
    first = emp["first_unit"].to_numpy().astype(np.int64)
    has_head = np.isin(kind, list(UNIT_HEADS)).astype(np.int64)
    n_peng = np.zeros(len(emp), dtype=np.int64)
    for k, titles in PENGAWAS_TITLES.items():
        m = kind == k
        n_peng[m] = np.minimum(len(titles), unit_size[m] // PENGAWAS_PER_STAFF)
    is_agency_head = (first == 1) & (rank == 0)
    is_unit_head = (has_head == 1) & (rank == first)
    peng_slot = rank - first - has_head
    is_pengawas = (peng_slot >= 0) & (peng_slot < n_peng)

    jab_type = np.empty(len(emp), dtype=object)
    jab_name = np.empty(len(emp), dtype=object)
    unit = emp["unit"].to_numpy().astype(object)
    agency = emp["agency"].to_numpy().astype(object)
    for k, (jtype, pattern) in UNIT_HEADS.items():
        m = is_unit_head & (kind == k)
        jab_type[m] = jtype
        jab_name[m] = [pattern.format(unit=u) for u in unit[m]]
    for k, titles in PENGAWAS_TITLES.items():
        m = is_pengawas & (kind == k)
        jab_type[m] = "Pengawas"
        jab_name[m] = np.asarray(titles, dtype=object)[peng_slot[m]]
    jab_type[is_agency_head] = "JPT"
    jab_name[is_agency_head] = [_agency_head_title(a) for a in agency[is_agency_head]]
    return jab_type, jab_name, is_agency_head


def _fungsional_or_pelaksana(emp: pd.DataFrame, status: np.ndarray, edu: np.ndarray,
                             jab_type: np.ndarray, jab_name: np.ndarray,
                             rng) -> tuple[np.ndarray, np.ndarray]:
    """Everyone without a structural post becomes fungsional (from the agency's pool) or pelaksana:
    fills jab_type, the pelaksana titles of jab_name and raises clinical staff's edu to D3, in place.
    Returns who is fungsional and their jabatan fungsional (named with its level later)."""
    size = len(emp)
    domain = emp["domain"].to_numpy()
    rest = pd.isna(jab_type)
    share = np.array([FUNGSIONAL_SHARE[d] for d in DOMAINS])[pd.Categorical(domain, DOMAINS).codes]
    share = np.where(status == codes.STATUS_PPPK_PW, FUNGSIONAL_SHARE_PW, share)
    fungsional = rest & (rng.random(size) < share)
    jab_type[fungsional] = "Fungsional"
    jab_type[rest & ~fungsional] = "Pelaksana"
    jf = np.full(size, "", dtype=object)
    pool_key = emp["agency"] + "|" + emp["domain"]
    for key in pd.unique(pool_key[fungsional]):
        m = fungsional & (pool_key == key).to_numpy()
        ag, dom = key.split("|")
        jf[m] = choice(rng, _jf_pool(ag, dom), m.sum())
    # without a degree, a keahlian-only post is not open: those staff are pelaksana
    no_degree = fungsional & (edu < 3) & ~np.isin(jf, JF_KETERAMPILAN) & (domain != "sekolah")
    no_degree &= ~np.isin(jf, ("Dokter", "Apoteker"))
    fungsional &= ~no_degree
    jab_type[no_degree] = "Pelaksana"
    jf[no_degree] = ""
    clinical_d3 = fungsional & (domain == "klinis") & (edu < 2)
    edu[clinical_d3] = 2  # nurses, midwives, lab staff hold at least a D3
    m = rest & ~fungsional
    is_pw = status == codes.STATUS_PPPK_PW
    jab_name[m & ~is_pw] = choice(rng, PELAKSANA_TITLES, (m & ~is_pw).sum())
    jab_name[m & is_pw] = choice(rng, PELAKSANA_TITLES_PW, (m & is_pw).sum())
    return fungsional, jf


def _golongan(edu: np.ndarray, tmt_m: np.ndarray, jab_type: np.ndarray, is_pns: np.ndarray,
              is_sekda: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Golongan shown (PNS or PPPK), the PNS golongan as an index into codes.GOLONGAN_PNS, and the
    PPPK golongan: a PNS rises from the education's start by years of service, capped, and the
    post bounds it; a PPPK's follows education."""
    size = len(edu)
    service = DEMO_YEAR - tmt_m // 12
    step = rng.uniform(*PNS_PROMOTION_YEARS, size)
    gol = np.asarray(PNS_START_GOLONGAN)[edu] + np.floor(service / step).astype(np.int64)
    cap = np.asarray(PNS_GOLONGAN_CAP)[edu]
    cap = np.where((jab_type == "Fungsional") & (edu >= 3), PNS_GOLONGAN_CAP_FUNGSIONAL, cap)
    gol = np.minimum(gol, cap)
    gol = np.where(jab_type == "JPT", rng.integers(14, 16, size), gol)
    gol = np.where(is_sekda, 16, gol)
    gol = np.where(jab_type == "Administrator", np.clip(gol, 12, 13), gol)
    gol = np.where(jab_type == "Pengawas", np.clip(gol, 10, 12), gol)
    golongan = np.asarray(codes.GOLONGAN_PNS, dtype=object)[gol]
    pppk_gol = np.asarray(PPPK_GOLONGAN_BY_EDUCATION, dtype=object)[edu]
    senior = (~is_pns) & (edu == 3) & (rng.random(size) < 0.1)
    pppk_gol[senior] = "X"
    return np.where(is_pns, golongan, pppk_gol), gol, pppk_gol


def _jenjang(gol: np.ndarray, pppk_gol: np.ndarray, edu: np.ndarray,
             is_pns: np.ndarray) -> np.ndarray:
    """Fungsional level (jenjang) from golongan and education (keahlian with a degree)."""
    keahlian = edu >= 3
    if_pns = np.select([gol <= 9, gol <= 11, gol <= 14],
                       ["Ahli Pertama", "Ahli Muda", "Ahli Madya"], "Ahli Utama")
    it_pns = np.select([gol <= 6, gol <= 9], ["Terampil", "Mahir"], "Penyelia")
    if_pppk = np.where(pppk_gol == "XI", "Ahli Muda", "Ahli Pertama")
    return np.where(keahlian, np.where(is_pns, if_pns, if_pppk),
                    np.where(is_pns, it_pns, "Terampil"))


def _nip(birth_num: np.ndarray, tmt_m: np.ndarray, appt: np.ndarray, female: np.ndarray,
         is_pns: np.ndarray, rng) -> np.ndarray:
    """18-digit NIPs: birth date (yyyymmdd), then TMT CPNS (yyyymm) for PNS or appointment year,
    '2' and contracts for PPPK, the sex digit and a sequence unique within the prefix."""
    sex = np.where(female, 2, 1)
    contracts = np.where(appt <= 2021, 2, 1)
    tmt_num = (tmt_m // 12) * 100 + tmt_m % 12 + 1
    prefix = np.where(is_pns, birth_num * 10**7 + tmt_num * 10 + sex,
                      birth_num * 10**7 + appt * 1000 + 200 + contracts * 10 + sex)
    base = rng.integers(1, 400, len(prefix))
    grp = pd.DataFrame({"p": prefix, "b": base}).groupby("p")
    seq = grp["b"].transform("min").to_numpy() + grp.cumcount().to_numpy()
    return (prefix * 1000 + seq).astype(str).astype(object)
