"""Indonesian names with gelar for the roster: given and second names by ethnicity and sex, the
degree titles by education and jabatan fungsional, and the old Ir./Drs. titles of older staff."""
from __future__ import annotations

import numpy as np
import pandas as pd

from demo.draw import choice

# ethnicity: (share, male given names, female given names, male second names, female second names)
_Pool = tuple[str, ...]
NAMES: dict[str, tuple[float, _Pool, _Pool, _Pool, _Pool]] = {
    "jawa": (0.42,
             ("Budi", "Agus", "Slamet", "Joko", "Bambang", "Sugeng", "Wahyu", "Eko", "Dwi", "Hadi",
              "Teguh", "Bayu", "Sutrisno", "Heru", "Yoga", "Adi"),
             ("Sri", "Endang", "Tri", "Dwi", "Rina", "Wahyu", "Ratna", "Puji", "Retno", "Yuli",
              "Dian", "Ayu", "Indah", "Sulastri"),
             ("Santoso", "Setiawan", "Wibowo", "Prasetyo", "Susanto", "Purnomo", "Hartono",
              "Nugroho", "Kurniawan", "Widodo", "Raharjo", "Saputro", "Hidayat", "Utomo"),
             ("Wahyuni", "Lestari", "Rahayu", "Astuti", "Handayani", "Suryani", "Purwanti",
              "Susilowati", "Wulandari", "Kusumawati", "Setyaningsih", "Pratiwi", "Utami")),
    "lampung": (0.18,
                ("Rizal", "Fahrizal", "Hipni", "Zulkarnain", "Mukhlis", "Arinal", "Herman",
                 "Syahroni", "Ansori", "Rahmat", "Irsyad", "Fikri", "Helmi"),
                ("Yuliana", "Rosmawati", "Hermina", "Dewi", "Nurhayati", "Rahmawati", "Fitriani",
                 "Meliana", "Rosita", "Hartati", "Erlina"),
                ("Djunaidi", "Hasan", "Effendi", "Saputra", "Ibrahim", "Basri", "Syahbudin",
                 "Gumanti", "Hakim", "Sanjaya", "Pratama", "Alamsyah"),
                ("Saputri", "Marlina", "Yusnita", "Anggraini", "Oktaviani", "Safitri", "Novita",
                 "Puspita", "Sari")),
    "sunda": (0.12,
              ("Asep", "Dadang", "Ujang", "Cecep", "Dede", "Iwan", "Yayan", "Ade", "Acep", "Deden"),
              ("Euis", "Neneng", "Iis", "Imas", "Lilis", "Yeni", "Tati", "Nining", "Cucu", "Rini"),
              ("Saepudin", "Sunandar", "Hidayat", "Supriatna", "Kusnadi", "Suryana", "Rukmana",
               "Permana", "Gunawan"),
              ("Komariah", "Hasanah", "Rohaeti", "Sumiati", "Nurjanah", "Kurniasih", "Maryati",
               "Rosmiati")),
    "muslim": (0.16,
               ("Muhammad", "Ahmad", "Abdul", "M.", "Rizki", "Fajar", "Hasan", "Ilham", "Arif"),
               ("Siti", "Nur", "Fatimah", "Khairunnisa", "Rahma", "Annisa", "Laila", "Mutiara"),
               ("Fauzi", "Hidayat", "Rahman", "Syafii", "Ramadhan", "Nurdin", "Firdaus", "Hakim",
                "Maulana", "Yusuf"),
               ("Aisyah", "Nurhaliza", "Hasanah", "Zahra", "Aminah", "Rahmawati", "Fauziah",
                "Azzahra")),
    "batak": (0.06,
              ("Maruli", "Togar", "Parulian", "Hotman", "Bonar", "Daniel", "Roy", "Fernando",
               "Mangatas"),
              ("Rosmina", "Lastiar", "Duma", "Tiurma", "Rumondang", "Sondang", "Maria", "Yohana"),
              ("Siregar", "Nasution", "Simanjuntak", "Hutapea", "Sitompul", "Lubis", "Harahap",
               "Pardede", "Sinaga", "Situmorang", "Panjaitan", "Manurung", "Hutagalung"),
              ("Siregar", "Nasution", "Simanjuntak", "Hutapea", "Sitompul", "Lubis", "Harahap",
               "Pardede", "Sinaga", "Situmorang", "Panjaitan", "Manurung", "Hutagalung")),
    "bali": (0.06,
             ("I Wayan", "I Made", "I Nyoman", "I Ketut", "I Putu", "I Gede"),
             ("Ni Wayan", "Ni Made", "Ni Luh", "Ni Nyoman", "Ni Ketut", "Ni Putu"),
             ("Sudarsana", "Suardana", "Arya Wibawa", "Suparta", "Adnyana", "Mahendra"),
             ("Sri Astuti", "Ariani", "Suarmini", "Sukmawati", "Wahyuni", "Ayu Lestari")),
}
GELAR_S1 = ("S.E.", "S.H.", "S.Sos.", "S.Kom.", "S.T.", "S.IP.", "S.A.P.", "S.Ak.", "S.P.")
GELAR_S2 = ("M.M.", "M.Si.", "M.H.", "M.A.P.", "M.T.", "M.Ak.")
GELAR_D3 = ("A.Md.", "A.Md.Kom.", "A.Md.Ak.")
# Jabatan fungsional -> (D3 gelar, S1 gelar, S2 gelar); None = the general pools.
GELAR_BY_JF: dict[str, tuple[str | None, str | None, str | None]] = {
    "Guru": ("A.Md.", "S.Pd.", "S.Pd., M.Pd."),
    "Perawat": ("A.Md.Kep.", "S.Kep., Ns.", "S.Kep., Ns., M.Kep."),
    "Bidan": ("A.Md.Keb.", "S.Tr.Keb.", "S.Tr.Keb., M.Kes."),
    "Apoteker": (None, "S.Farm., Apt.", "S.Farm., Apt., M.Farm."),
    "Dokter": (None, "", "Sp.PD"),
    "Nutrisionis": ("A.Md.Gz.", "S.Gz.", "S.Gz., M.Gizi"),
}
OLD_ENGINEER_KEYWORDS = ("Bina Marga", "Sumber Daya Air", "Perumahan", "Perkebunan", "Kehutanan",
                         "Pangan", "Peternakan")


def names(rng, female, edu, jf, birth_year, agency, domain) -> np.ndarray:
    """Indonesian names with gelar, vectorised per ethnicity and sex."""
    size = len(female)
    eth_names = list(NAMES)
    eth = rng.choice(len(eth_names), size=size, p=np.array([NAMES[e][0] for e in eth_names])
                     / sum(NAMES[e][0] for e in eth_names))
    given = np.empty(size, dtype=object)
    second = np.empty(size, dtype=object)
    for i, e in enumerate(eth_names):
        _, gm, gf, sm, sf = NAMES[e]
        for is_f, g_pool, s_pool in ((False, gm, sm), (True, gf, sf)):
            m = (eth == i) & (female == is_f)
            given[m] = choice(rng, g_pool, m.sum())
            second[m] = choice(rng, s_pool, m.sum())
    name = given + " " + second

    # gelar
    back = np.full(size, "", dtype=object)
    back[edu == 2] = choice(rng, GELAR_D3, (edu == 2).sum())
    back[edu >= 3] = choice(rng, GELAR_S1, (edu >= 3).sum())
    s2 = edu == 4
    back[s2] = back[s2] + ", " + choice(rng, GELAR_S2, s2.sum())
    for j, (d3, s1, s2g) in GELAR_BY_JF.items():
        m = jf == j
        for level, g in ((2, d3), (3, s1), (4, s2g)):
            if g is not None:
                back[m & (edu == level)] = g
    front = np.full(size, "", dtype=object)
    front[jf == "Dokter"] = "dr. "
    old = (edu >= 3) & (jf != "Dokter") & (domain == "umum")
    technical = pd.Series(agency).map(
        {a: any(k in a for k in OLD_ENGINEER_KEYWORDS) for a in pd.unique(agency)}).to_numpy()
    ir = old & technical & (birth_year < 1975) & (rng.random(size) < 0.3)
    drs = old & ~ir & (birth_year < 1970) & (rng.random(size) < 0.15)
    front[ir] = "Ir. "
    front[drs & ~female] = "Drs. "
    front[drs & female] = "Dra. "
    back[ir | drs] = np.where(s2[ir | drs], choice(rng, GELAR_S2, (ir | drs).sum()), "")
    full = front + name
    with_back = back != ""
    full[with_back] = full[with_back] + ", " + back[with_back]
    return full

