"""The demo data generator: shape, identity rules, references and the planted patterns."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import demo
from data_access.bootstrap import DEMO_ACCOUNTS
from metrics.appraisal import DEFAULT_MIN_GROUP_SIZE
from vocab import codes, reference

REGION_NAMES = {name for _code, name, _kind in reference.REGIONS}
ACTIVE = ("Submitted", "Approved")


@pytest.fixture(scope="module")
def tiny() -> dict[str, pd.DataFrame]:
    return demo.generate("tiny")


@pytest.fixture(scope="module")
def small() -> dict[str, pd.DataFrame]:
    return demo.generate("small")


def _active(frames):
    daily = frames["progres_harian"]
    peg = frames["pegawai"][["NIP", "OPD", "UNIT KERJA", "KABUPATEN/KOTA"]]
    return daily[daily["STATUS"].isin(ACTIVE)].merge(peg, on="NIP")


# --- shape ----------------------------------------------------------------------------------------
def test_kinds_in_load_order_with_template_headers(tiny):
    assert list(tiny) == [
        "pegawai", "standar_layanan", "skp", "penilaian", "predikat_organisasi", "pelatihan",
        "layanan", "antrian", "skm", "survei_adkar", "kegiatan_pendampingan", "progres_harian",
    ]
    assert list(tiny["pegawai"].columns) == [
        "NIP", "NAMA", "UNIT KERJA", "OPD", "KABUPATEN/KOTA", "JENIS KELAMIN", "TANGGAL LAHIR",
        "STATUS", "GOLONGAN", "JENIS JABATAN", "NAMA JABATAN"]
    assert list(tiny["skm"].columns) == (
        ["TANGGAL", "OPD", "KABUPATEN/KOTA"] + [f"U{i}" for i in range(1, 10)] + ["JENIS LAYANAN"])
    assert list(tiny["progres_harian"].columns) == [
        "NIP", "TANGGAL", "WAKTU INPUT", "STATUS", "WAKTU PERSETUJUAN"]
    for kind, frame in tiny.items():
        assert list(frame.columns) == list(demo.COLUMNS[kind]), kind
        assert len(frame) > 0, kind


def test_same_seed_same_frames_other_seed_differs(tiny):
    again = demo.generate("tiny")
    for kind in demo.KINDS:
        pd.testing.assert_frame_equal(tiny[kind], again[kind], obj=kind)
    other = demo.generate("tiny", seed=7)
    assert not tiny["pegawai"]["NIP"].equals(other["pegawai"]["NIP"])
    assert len(tiny["progres_harian"]) != len(other["progres_harian"]) or not tiny[
        "progres_harian"].equals(other["progres_harian"])


def test_employees_override_and_unknown_scale():
    assert len(demo.generate("tiny", employees=450)["pegawai"]) == 450
    with pytest.raises(ValueError):
        demo.generate("huge")


def test_the_queue_volume_override_changes_the_queue_alone(tiny):
    more = demo.generate("tiny", tickets_per_office_day=3)  # the benchmark's big queue CSV
    assert len(more["antrian"]) > 2 * len(tiny["antrian"])
    assert set(more["antrian"]["KABUPATEN/KOTA"]) == set(tiny["antrian"]["KABUPATEN/KOTA"])
    for kind, frame in tiny.items():
        if kind != "antrian":
            pd.testing.assert_frame_equal(more[kind], frame)


def test_value_types(tiny):
    date_cols = {
        "pegawai": ["TANGGAL LAHIR"], "skp": ["PERIODE AWAL", "PERIODE AKHIR"],
        "pelatihan": ["TANGGAL MULAI", "TANGGAL SELESAI"], "skm": ["TANGGAL"],
        "progres_harian": ["TANGGAL"],
    }
    for kind, cols in date_cols.items():
        for col in cols:
            values = tiny[kind][col]
            assert pd.api.types.is_datetime64_dtype(values), (kind, col)
            assert (values.dropna() == values.dropna().dt.normalize()).all(), (kind, col)
    for kind, col in (("layanan", "WAKTU MASUK"), ("layanan", "WAKTU SELESAI"),
                      ("progres_harian", "WAKTU INPUT"), ("progres_harian", "WAKTU PERSETUJUAN")):
        assert pd.api.types.is_datetime64_dtype(tiny[kind][col]), (kind, col)
    for kind, col in (("pegawai", "NIP"), ("pegawai", "NAMA"), ("layanan", "NOMOR PERMOHONAN"),
                      ("progres_harian", "NIP"), ("penilaian", "PERIODE")):
        assert all(isinstance(v, str) for v in tiny[kind][col]), (kind, col)
    assert pd.api.types.is_integer_dtype(tiny["penilaian"]["TAHUN"])
    assert pd.api.types.is_numeric_dtype(tiny["pelatihan"]["JP"])
    assert pd.api.types.is_numeric_dtype(tiny["standar_layanan"]["BATAS WAKTU"])


def test_package_stays_pure():
    files = sorted(Path(demo.__file__).parent.glob("*.py"))
    assert len(files) > 5
    for path in files:
        source = path.read_text(encoding="utf-8")
        assert "import streamlit" not in source and "sqlalchemy" not in source.lower(), path.name
        assert "date.today" not in source and "datetime.now" not in source, path.name


# --- pegawai and NIP ------------------------------------------------------------------------------
def test_nip_follows_the_rules(small):
    peg = small["pegawai"]
    nip = peg["NIP"]
    assert nip.str.fullmatch(r"\d{18}").all()
    assert nip.is_unique
    birth = pd.to_datetime(nip.str[:8], format="%Y%m%d")
    assert (birth == peg["TANGGAL LAHIR"]).all()
    sex = nip.str[14].map({"1": codes.SEX_MALE, "2": codes.SEX_FEMALE})
    assert (sex == peg["JENIS KELAMIN"]).all()
    assert nip.str[15:].astype(int).between(1, 999).all()
    month = nip.str[12:14].astype(int)

    pns = peg["STATUS"] == codes.STATUS_PNS
    assert month[pns].between(1, 12).all()
    tmt_year, tmt_month = nip[pns].str[8:12].astype(int), month[pns]
    birth_pns = peg.loc[pns, "TANGGAL LAHIR"]
    months_after_birth = (tmt_year * 12 + tmt_month) - (birth_pns.dt.year * 12 + birth_pns.dt.month)
    assert (months_after_birth > 18 * 12).all()  # TMT CPNS after the 18th birthday
    assert (tmt_year * 100 + tmt_month <= demo.DEMO_END.year * 100 + demo.DEMO_END.month).all()

    pppk = ~pns
    assert month[pppk].between(21, 29).all()
    assert (nip[pppk].str[12] == "2").all()
    year = nip[pppk].str[8:12].astype(int)
    assert year.between(2019, demo.DEMO_YEAR).all()
    assert (year - peg.loc[pppk, "TANGGAL LAHIR"].dt.year >= 18).all()


def test_employee_vocabularies_and_mix(small):
    peg = small["pegawai"]
    assert set(peg["KABUPATEN/KOTA"]) == REGION_NAMES
    assert set(peg["STATUS"]) == set(codes.EMPLOYEE_STATUSES)
    assert set(peg["JENIS KELAMIN"]) == {codes.SEX_MALE, codes.SEX_FEMALE}
    assert set(peg["JENIS JABATAN"]) == set(codes.JABATAN_TYPES)
    pns = peg["STATUS"] == codes.STATUS_PNS
    assert peg.loc[pns, "GOLONGAN"].isin(codes.GOLONGAN_PNS).all()
    assert peg.loc[~pns, "GOLONGAN"].isin(codes.GOLONGAN_PPPK).all()
    assert (peg.loc[~pns, "JENIS JABATAN"].isin(("Fungsional", "Pelaksana"))).all()
    share = peg["STATUS"].value_counts(normalize=True)
    assert 0.65 < share[codes.STATUS_PNS] < 0.85
    assert 0.12 < share[codes.STATUS_PPPK] < 0.28
    assert 0.02 < share[codes.STATUS_PPPK_PW] < 0.09
    assert 0.4 < (peg["JENIS KELAMIN"] == codes.SEX_FEMALE).mean() < 0.6
    assert peg.loc[pns, "GOLONGAN"].str.startswith("III/").mean() > 0.45
    types = peg["JENIS JABATAN"].value_counts(normalize=True)
    assert types["JPT"] < types["Administrator"] + types["Pengawas"]
    assert types["Fungsional"] + types["Pelaksana"] > 0.7
    assert peg["NAMA"].str.len().gt(3).all()


def test_organisation_shape(small):
    peg = small["pegawai"]
    prov = peg[peg["KABUPATEN/KOTA"] == reference.PROVINCE_NAME]
    assert prov["OPD"].nunique() >= 38
    for agency in ("Dinas Kesehatan", "Badan Kepegawaian Daerah", "Inspektorat", "Sekretariat DPRD",
                   "RSUD Dr. H. Abdul Moeloek", "Sekretariat Daerah"):
        assert agency in set(prov["OPD"])
    biro = prov.loc[prov["OPD"] == "Sekretariat Daerah", "UNIT KERJA"]
    assert biro.str.startswith("Biro ").all()
    for region in REGION_NAMES - {reference.PROVINCE_NAME}:
        agencies = set(peg.loc[peg["KABUPATEN/KOTA"] == region, "OPD"])
        assert {"Dinas Kependudukan dan Pencatatan Sipil",
                "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"} <= agencies, region
    units = peg.groupby(["KABUPATEN/KOTA", "OPD"])["UNIT KERJA"].nunique()
    assert units.min() >= 2
    sizes = peg.groupby(["KABUPATEN/KOTA", "OPD"]).size()
    assert sizes[(reference.PROVINCE_NAME, "Dinas Pendidikan dan Kebudayaan")] > sizes.median() * 3


def test_the_demo_agency_heads_units_can_each_be_judged(small):
    """Issue 19 item 12: every unit of the agency the demo kepala OPD account leads holds at least the
    minimum group size of rated staff in every appraisal period, at the small scale `make run` loads
    (before, each held 4 staff: every unit figure read "terlalu kecil untuk dinilai")."""
    (grant,) = [g for _user, _name, role, g in DEMO_ACCOUNTS if role == "kepala_opd"]
    assert (grant.region, grant.agency) == demo.KEPALA_OPD_AGENCY
    peg = small["pegawai"]
    staff = peg[(peg["KABUPATEN/KOTA"] == grant.region) & (peg["OPD"] == grant.agency)]
    assert staff["UNIT KERJA"].nunique() == 4
    assert staff.groupby("UNIT KERJA").size().min() >= 2 * DEFAULT_MIN_GROUP_SIZE
    pen = small["penilaian"].merge(staff[["NIP", "UNIT KERJA"]], on="NIP")
    rated = pen[pen["PREDIKAT KINERJA"] != demo.NOT_RATED_MARK]
    per_unit = rated.groupby(["TAHUN", "PERIODE", "UNIT KERJA"]).size().unstack(fill_value=0)
    assert len(per_unit) == 4 and per_unit.shape[1] == 4  # 2025 Tahunan, 2026 TW I-III; 4 units
    assert (per_unit >= DEFAULT_MIN_GROUP_SIZE).all().all()
    # the other kabupaten's Disdukcapil keep their share (about 4 a unit): the floor is this agency's alone
    other = peg[(peg["OPD"] == grant.agency) & (peg["KABUPATEN/KOTA"] != grant.region)]
    assert other.groupby(["KABUPATEN/KOTA", "UNIT KERJA"]).size().max() < 2 * DEFAULT_MIN_GROUP_SIZE


def test_regions_and_references(tiny):
    nips = set(tiny["pegawai"]["NIP"])
    for kind in ("skp", "penilaian", "pelatihan", "progres_harian"):
        assert set(tiny[kind]["NIP"]) <= nips, kind
    agencies = set(zip(tiny["pegawai"]["KABUPATEN/KOTA"], tiny["pegawai"]["OPD"]))
    for kind in ("predikat_organisasi", "layanan", "skm"):
        frame = tiny[kind]
        assert set(frame["KABUPATEN/KOTA"]) <= REGION_NAMES, kind
        assert set(zip(frame["KABUPATEN/KOTA"], frame["OPD"])) <= agencies, kind
    std = tiny["standar_layanan"]
    scoped = std[std["OPD"].notna()]
    assert set(zip(scoped["KABUPATEN/KOTA"], scoped["OPD"])) <= agencies
    units = set(zip(tiny["pegawai"]["OPD"], tiny["pegawai"]["UNIT KERJA"]))
    assert set(zip(tiny["skp"]["OPD"], tiny["skp"]["UNIT KERJA"])) <= units


# --- skp, penilaian, predikat organisasi ---------------------------------------------------------
def test_skp(tiny):
    skp = tiny["skp"]
    assert not skp.duplicated(["NIP", "PERIODE AWAL"]).any()
    assert set(skp["PLT/PLH"]) <= {0, 1}
    assert skp["SKP STATUS"].isin((demo.SKP_APPROVED,) + demo.SKP_OTHER_STATUSES).all()
    assert (skp["PERIODE AWAL"] < skp["PERIODE AKHIR"]).all()
    own = skp[skp["PLT/PLH"] == 0].sort_values("PERIODE AKHIR").drop_duplicates("NIP", keep="last")
    current = own.set_index("NIP").loc[tiny["pegawai"]["NIP"], ["OPD", "UNIT KERJA"]]
    assert (current.to_numpy() == tiny["pegawai"][["OPD", "UNIT KERJA"]].to_numpy()).all()
    acting = skp[skp["PLT/PLH"] == 1]
    assert acting["JABATAN"].str.startswith("Plt. ").all()


def test_penilaian_agrees_with_the_matrix(small):
    pen = small["penilaian"]
    assert not pen.duplicated(["NIP", "TAHUN", "PERIODE"]).any()
    periods = set(zip(pen["TAHUN"], pen["PERIODE"]))
    assert periods == {(2025, "Tahunan"), (2026, "TW I"), (2026, "TW II"), (2026, "TW III")}
    rated = pen[pen["PREDIKAT KINERJA"] != demo.NOT_RATED_MARK]
    expected = [codes.PREDIKAT_MATRIX[(h, p)] for h, p in
                zip(rated["RATING HASIL KERJA"], rated["RATING PERILAKU KERJA"])]
    assert rated["PREDIKAT KINERJA"].tolist() == expected
    waiting = pen[pen["PREDIKAT KINERJA"] == demo.NOT_RATED_MARK]
    assert len(waiting) > 0
    assert waiting["RATING HASIL KERJA"].isna().all()
    assert waiting["RATING PERILAKU KERJA"].isna().all()


def test_one_org_rating_per_agency_and_period(tiny):
    org = tiny["predikat_organisasi"]
    assert org["PREDIKAT ORGANISASI"].isin(codes.ORG_PREDIKAT).all()
    assert org["UNIT KERJA"].isna().all()
    assert not org.duplicated(["KABUPATEN/KOTA", "OPD", "TAHUN", "PERIODE"]).any()
    agencies = tiny["pegawai"][["KABUPATEN/KOTA", "OPD"]].drop_duplicates()
    periods = tiny["penilaian"][["TAHUN", "PERIODE"]].drop_duplicates()
    assert len(org) == len(agencies) * len(periods)


# Curve rules of domain.md §1, as counts: predikat organisasi -> failed rule names.
def _curve_failures(org_predikat: str, counts: pd.Series) -> list[str]:
    n = counts.sum()
    c = {p: int(counts.get(p, 0)) for p in codes.PREDIKAT_ORDER}
    fails = []
    if org_predikat == "Istimewa" and c["Sangat Baik"] * 10 > 7 * n:
        fails.append("s(Sangat Baik) <= 70%")
    if org_predikat == "Baik":
        if c["Baik"] * 10 > 7 * n:
            fails.append("s(Baik) <= 70%")
        if c["Butuh Perbaikan"] + c["Kurang/Misconduct"] < 1:
            fails.append("n(BP) + n(K) >= 1")
    return fails


def _curve(frames) -> pd.DataFrame:
    pen = frames["penilaian"].merge(frames["pegawai"][["NIP", "OPD", "KABUPATEN/KOTA"]], on="NIP")
    pen = pen[pen["PREDIKAT KINERJA"] != demo.NOT_RATED_MARK]
    org = frames["predikat_organisasi"].set_index(["KABUPATEN/KOTA", "OPD", "TAHUN", "PERIODE"])
    rows = []
    for key, group in pen.groupby(["KABUPATEN/KOTA", "OPD", "TAHUN", "PERIODE"]):
        if key not in org.index:  # planted: predikat_organisasi_belum_ada
            continue
        counts = group["PREDIKAT KINERJA"].value_counts()
        rows.append((*key, len(group), counts.get("Baik", 0) / len(group),
                     counts.get("Sangat Baik", 0) / len(group),
                     _curve_failures(org.loc[key, "PREDIKAT ORGANISASI"], counts)))
    return pd.DataFrame(rows, columns=["region", "agency", "year", "period", "n", "s_baik", "s_sb",
                                       "fails"])


def test_planted_curve_breaches_and_others_comply(small):
    curve = _curve(small)
    prov = curve[curve["region"] == reference.PROVINCE_NAME]
    flat = prov[prov["agency"] == demo.FLAT_CURVE_AGENCY]
    assert (flat["fails"].map(len) == 2).all()
    assert flat["s_baik"].between(0.8, 0.9).all()
    inflated = prov[prov["agency"] == demo.INFLATED_AGENCY]
    assert (inflated["s_sb"] > 0.7).all() and (inflated["fails"].map(len) == 1).all()
    planted = curve["agency"].isin((demo.FLAT_CURVE_AGENCY, demo.INFLATED_AGENCY)) & (
        curve["region"] == reference.PROVINCE_NAME)
    others = curve[~planted & (curve["n"] >= 5)]
    assert len(others) > 100
    assert (others["fails"].map(len) == 0).all()


# --- pelatihan ------------------------------------------------------------------------------------
def test_training(small):
    tr = small["pelatihan"]
    peg = small["pegawai"]
    assert not tr.duplicated(["NIP", "NAMA PELATIHAN", "TANGGAL MULAI"]).any()
    assert tr["JENIS"].isin(codes.TRAINING_ROUTES + codes.LEADERSHIP_TRAININGS).all()
    assert (tr["JP"] > 0).all()
    assert (tr["TANGGAL MULAI"].dt.year == demo.DEMO_YEAR).all()
    assert (tr["TANGGAL MULAI"] <= pd.Timestamp(demo.DEMO_END)).all()
    assert (tr["TANGGAL SELESAI"] >= tr["TANGGAL MULAI"]).all()
    jp = tr.groupby("NIP")["JP"].sum().reindex(peg["NIP"], fill_value=0)
    low = peg[(peg["KABUPATEN/KOTA"] == reference.PROVINCE_NAME)
              & (peg["OPD"] == demo.LOW_JP_AGENCY) & peg["UNIT KERJA"].isin(demo.LOW_JP_UNITS)]
    assert set(low["UNIT KERJA"]) == set(demo.LOW_JP_UNITS)
    assert (jp[low["NIP"]] < demo.LOW_JP_MAX).all()
    others = jp.drop(low["NIP"])
    assert (others >= 20).mean() > 0.55
    assert 20 < others.mean() < 40


# --- layanan, standar, skm ------------------------------------------------------------------------
def _turnaround(frames) -> pd.DataFrame:
    """Finished requests with turnaround in the unit of their standard (domain.md §4)."""
    req = frames["layanan"]
    req = req[req["STATUS"] == demo.REQUEST_DONE].copy()
    std = frames["standar_layanan"]
    general = std[std["OPD"].isna()].set_index("JENIS LAYANAN")
    scoped = std[std["OPD"].notna()].set_index(["JENIS LAYANAN", "OPD", "KABUPATEN/KOTA"])
    limits = []
    for svc, opd, region in zip(req["JENIS LAYANAN"], req["OPD"], req["KABUPATEN/KOTA"]):
        row = scoped.loc[(svc, opd, region)] if (svc, opd, region) in scoped.index else \
            general.loc[svc]
        limits.append((row["BATAS WAKTU"], row["SATUAN"]))
    req["limit"] = [x[0] for x in limits]
    req["unit"] = [x[1] for x in limits]
    received = req["WAKTU MASUK"].to_numpy().astype("datetime64[D]")
    finished = req["WAKTU SELESAI"].to_numpy().astype("datetime64[D]")
    working = np.busday_count(received + 1, finished + 1, holidays=demo.holiday_dates())
    hours = (req["WAKTU SELESAI"] - req["WAKTU MASUK"]).dt.total_seconds() / 3600
    calendar = (finished - received).astype(np.int64)
    req["t"] = np.select([req["unit"] == codes.UNIT_HOURS, req["unit"] == codes.UNIT_WORKING_DAYS],
                         [hours, working], calendar)
    return req


def test_service_requests(tiny):
    req = tiny["layanan"]
    assert not req.duplicated(["NOMOR PERMOHONAN", "OPD"]).any()
    received = req["WAKTU MASUK"]
    assert np.is_busday(received.to_numpy().astype("datetime64[D]"),
                        holidays=demo.holiday_dates()).all()
    minutes = received.dt.hour * 60 + received.dt.minute
    assert minutes.between(7 * 60 + 30, 15 * 60 + 30).all()
    done = req["STATUS"] == demo.REQUEST_DONE
    assert (req.loc[done, "WAKTU SELESAI"] > req.loc[done, "WAKTU MASUK"]).all()
    assert req.loc[~done, "WAKTU SELESAI"].isna().all()
    assert 0 < (~done).sum() < 0.05 * len(req)
    cutoff = pd.Timestamp(demo.DEMO_END) + pd.Timedelta(days=1)
    assert (req.loc[done, "WAKTU SELESAI"] < cutoff).all()
    assert set(req["KANAL"]) == set(demo.CHANNELS)
    std = tiny["standar_layanan"]
    assert set(req["JENIS LAYANAN"]) <= set(std["JENIS LAYANAN"])
    assert std["SATUAN"].isin(codes.STANDARD_UNITS).all()
    dukcapil = req[req["OPD"] == demo.DUKCAPIL]
    assert set(dukcapil["KABUPATEN/KOTA"]) == REGION_NAMES - {reference.PROVINCE_NAME}
    assert set(dukcapil["JENIS LAYANAN"]) == set(demo.DUKCAPIL_SERVICES)
    assert (req.loc[req["OPD"] == demo.PTSP, "KABUPATEN/KOTA"] == reference.PROVINCE_NAME).all()


def test_slow_birth_certificates_in_lampung_tengah(tiny):
    req = _turnaround(tiny)
    akta = req[(req["JENIS LAYANAN"] == demo.SLOW_SERVICE) & (req["OPD"] == demo.DUKCAPIL)]
    median = akta.groupby("KABUPATEN/KOTA")["t"].median()
    limit = akta.groupby("KABUPATEN/KOTA")["limit"].first()
    assert median[demo.LAMPUNG_TENGAH] >= 2 * limit[demo.LAMPUNG_TENGAH]
    others = median.drop([demo.LAMPUNG_TENGAH, demo.PRINGSEWU])
    assert (others <= limit[others.index]).all()
    normal = req[~req["KABUPATEN/KOTA"].isin((demo.LAMPUNG_TENGAH, demo.PRINGSEWU))]
    assert (normal["t"] <= normal["limit"]).mean() > 0.8


def test_pringsewu_services_get_faster(small):
    req = _turnaround(small)
    pw = req[req["KABUPATEN/KOTA"] == demo.PRINGSEWU]
    ratio = (pw["t"] / pw["limit"]).groupby(pw["WAKTU MASUK"].dt.quarter).median()
    assert ratio[1] > 1.5 * ratio[4]
    within = (pw["t"] <= pw["limit"]).groupby(pw["WAKTU MASUK"].dt.quarter).mean()
    assert within[1] < 0.5 < within[4]


def test_skm(tiny):
    skm = tiny["skm"]
    answers = skm[[f"U{i}" for i in range(1, 10)]]
    assert all(pd.api.types.is_integer_dtype(answers[c]) for c in answers)
    assert answers.isin([1, 2, 3, 4]).all().all()
    assert np.is_busday(skm["TANGGAL"].to_numpy().astype("datetime64[D]"),
                        holidays=demo.holiday_dates()).all()
    ikm = answers.groupby([skm["KABUPATEN/KOTA"], skm["OPD"]]).mean().mean(axis=1) * 25
    assert ikm.between(75, 92).all()
    assert (skm.groupby(["KABUPATEN/KOTA", "OPD"]).size() >= 30).all()


# --- progres harian -------------------------------------------------------------------------------
def test_working_days_follow_the_holiday_library():
    days = demo.working_days()
    assert days[0] == np.datetime64("2026-01-02") and days[-1] == np.datetime64("2026-11-27")
    for holiday in ("2026-03-20", "2026-03-23", "2026-05-15", "2026-08-17"):  # incl. cuti bersama
        assert np.datetime64(holiday) not in days
    assert np.is_busday(days).all()


def test_daily_entries(tiny):
    daily = tiny["progres_harian"]
    assert not daily.duplicated(["NIP", "TANGGAL"]).any()
    assert set(daily["STATUS"]) == set(demo.DAILY_STATUSES)
    assert daily["TANGGAL"].isin(pd.to_datetime(demo.working_days())).all()
    cutoff = pd.Timestamp(demo.DEMO_END) + pd.Timedelta(days=1)
    assert (daily["WAKTU INPUT"] >= daily["TANGGAL"]).all()
    assert (daily["WAKTU INPUT"] < cutoff).all()
    approved = daily["STATUS"] == "Approved"
    assert daily.loc[approved, "WAKTU PERSETUJUAN"].notna().all()
    assert daily.loc[~approved, "WAKTU PERSETUJUAN"].isna().all()
    assert (daily.loc[approved, "WAKTU PERSETUJUAN"] > daily.loc[approved, "WAKTU INPUT"]).all()
    assert (daily.loc[approved, "WAKTU PERSETUJUAN"] < cutoff).all()
    same_day = (daily["WAKTU INPUT"].dt.normalize() == daily["TANGGAL"]).mean()
    assert 0.6 < same_day < 0.95
    assert approved.sum() > (daily["STATUS"] == "Submitted").sum() * 5


def test_lampung_selatan_barely_adopts(small):
    peg = small["pegawai"]
    reported = set(_active(small)["NIP"])
    in_ls = peg["KABUPATEN/KOTA"] == demo.LAMPUNG_SELATAN
    assert peg.loc[in_ls, "NIP"].isin(reported).mean() <= 0.05
    elsewhere = ~peg["KABUPATEN/KOTA"].isin((demo.LAMPUNG_SELATAN, demo.PRINGSEWU))
    assert 0.7 < peg.loc[elsewhere, "NIP"].isin(reported).mean() < 0.95


def test_low_compliance_unit(small):
    peg = small["pegawai"]
    active = _active(small)
    unit = peg[(peg["KABUPATEN/KOTA"] == reference.PROVINCE_NAME)
               & (peg["OPD"] == demo.LOW_COMPLIANCE_AGENCY)
               & (peg["UNIT KERJA"] == demo.LOW_COMPLIANCE_UNIT)]
    assert len(unit) >= 2
    days = len(demo.working_days())
    filled = active.groupby("NIP").size().reindex(unit["NIP"], fill_value=0) / days
    assert (filled > 0).all() and (filled < 0.25).all() and filled.mean() < 0.15
    province = active[active["KABUPATEN/KOTA"] == reference.PROVINCE_NAME]
    assert province.groupby("NIP").size().median() / days > 0.5


def test_a_group_lapses_after_april(tiny):
    active = _active(tiny)
    span = active.groupby("NIP")["TANGGAL"].agg(["min", "max"])
    lapsed = (span["min"].dt.month == 1) & (span["max"] < pd.Timestamp("2026-05-01")) & (
        span["max"] >= pd.Timestamp("2026-04-01"))
    assert 0.07 < lapsed.sum() / len(tiny["pegawai"]) < 0.13


@pytest.mark.parametrize("scale", ["tiny", "small"])
def test_pringsewu_reporting_rises(scale, tiny, small):
    frames = tiny if scale == "tiny" else small
    active = _active(frames)
    staff = (frames["pegawai"]["KABUPATEN/KOTA"] == demo.PRINGSEWU).sum()
    pw = active[active["KABUPATEN/KOTA"] == demo.PRINGSEWU]
    monthly = pw.groupby(pw["TANGGAL"].dt.month)["NIP"].nunique() / staff
    assert list(monthly.index) == list(range(1, 12))
    assert monthly[1] <= 0.3 and monthly[11] >= 0.85
    assert (monthly.diff().dropna() >= -0.02).all()


# --- antrian ------------------------------------------------------------------------------------
def _queue(frames) -> pd.DataFrame:
    q = frames["antrian"].copy()
    q["wait"] = (q["WAKTU PANGGIL"] - q["WAKTU AMBIL"]).dt.total_seconds() / 60
    return q


def test_a_queue_per_disdukcapil_drawn_apart_from_the_other_kinds(tiny):
    q = _queue(tiny)
    assert set(q["OPD"]) == {demo.DUKCAPIL} and q["KABUPATEN/KOTA"].nunique() == 15
    assert set(q["KANAL"]) <= set(codes.QUEUE_CHANNELS)
    assert (q["WAKTU PANGGIL"].dropna() >= q.loc[q["WAKTU PANGGIL"].notna(), "WAKTU AMBIL"]).all()
    served = q["WAKTU SELESAI"].notna()
    assert (q.loc[served, "WAKTU SELESAI"] >= q.loc[served, "WAKTU PANGGIL"]).all()
    # every ticket ends before the default closing hour: the demo's import carries no warning
    assert (q.loc[served, "WAKTU SELESAI"].dt.hour < 16).all()
    assert not q.assign(day=q["WAKTU AMBIL"].dt.date).duplicated(["KABUPATEN/KOTA", "day", "NOMOR ANTRIAN"]).any()


def test_pringsewu_waits_less_after_online_booking(small):
    q = _queue(small)
    q = q[q["KABUPATEN/KOTA"] == demo.PRINGSEWU]
    after = q["WAKTU AMBIL"] >= pd.Timestamp(2026, 6, 1)
    assert (q.loc[~after, "KANAL"] == codes.CHANNEL_ONLINE).mean() == 0
    assert (q.loc[after, "KANAL"] == codes.CHANNEL_ONLINE).mean() > 0.35
    assert q.loc[~after, "wait"].median() > 60 > 2 * q.loc[after, "wait"].median() - 10


def test_lampung_tengah_afternoons_overflow(small):
    q = _queue(small)
    lamteng = q[q["KABUPATEN/KOTA"] == demo.LAMPUNG_TENGAH]
    afternoon = lamteng["WAKTU AMBIL"].dt.hour >= 11
    assert lamteng.loc[afternoon, "wait"].median() > 2 * lamteng.loc[~afternoon, "wait"].median()
    not_served = lamteng["WAKTU SELESAI"].isna()
    assert not_served[afternoon].mean() > 2 * not_served[~afternoon].mean()


# --- the ADKAR pulse survey --------------------------------------------------------------------------
def test_adkar_survey_is_anonymous_in_two_waves_in_every_unit(tiny):
    survey, peg = tiny["survei_adkar"], tiny["pegawai"]
    assert not {"NIP", "NAMA"} & set(survey.columns)
    scores = survey[["KESADARAN", "KEINGINAN", "PENGETAHUAN", "KEMAMPUAN", "PENGUATAN"]]
    assert scores.isin(codes.ADKAR_SCORES).all().all()
    quarter = pd.to_datetime(survey["TANGGAL"]).dt.quarter
    assert set(quarter) == {3, 4}
    units = ["KABUPATEN/KOTA", "OPD", "UNIT KERJA"]
    per_wave = survey.assign(tw=quarter).groupby([*units, "tw"]).size().unstack()
    staff = peg.groupby(units).size()
    assert set(per_wave.index) == set(staff.index) and (per_wave >= 1).all().all()  # every unit, both waves
    assert (per_wave.max(axis=1) <= staff.reindex(per_wave.index)).all()  # never more respondents than staff


def test_adkar_planted_knowledge_barrier(small):
    survey = small["survei_adkar"]
    region, agency = demo.KEPALA_OPD_AGENCY
    mine = survey[(survey["KABUPATEN/KOTA"] == region) & (survey["OPD"] == agency)]
    unit = mine[mine["UNIT KERJA"] == demo.ADKAR_KNOWLEDGE_UNIT]
    means = unit[["KESADARAN", "KEINGINAN", "PENGETAHUAN"]].mean()
    assert means["KESADARAN"] > 3 and means["KEINGINAN"] > 3 and means["PENGETAHUAN"] <= 3
    few = mine[mine["UNIT KERJA"] == demo.ADKAR_TOO_FEW_UNIT]
    assert few.groupby(pd.to_datetime(few["TANGGAL"]).dt.quarter).size().tolist() == [demo.ADKAR_TOO_FEW] * 2
    assert demo.ADKAR_TOO_FEW < DEFAULT_MIN_GROUP_SIZE


# --- documentation ------------------------------------------------------------------------------
def test_planted_patterns_are_documented():
    assert set(demo.PLANTED) == {"kurva_datar", "inflasi_predikat", "jp_rendah", "akta_lambat",
                                 "adopsi_rendah", "kepatuhan_rendah", "berhenti_melapor", "membaik",
                                 "penilaian_belum_masuk", "predikat_organisasi_belum_ada", "layanan_usang",
                                 "antrian_online", "antrian_sore_penuh", "adkar_pengetahuan",
                                 "adkar_terlalu_sedikit", "adkar_membaik", "pendampingan_berdampak",
                                 "pendampingan_tanpa_dampak", "pendampingan_terlalu_kecil"}
    doc = (Path(__file__).resolve().parent.parent / "docs" / "demo-data.md").read_text(encoding="utf-8")
    for key, sentence in demo.PLANTED.items():
        assert f"**{key}**" in doc, key  # docs/demo-data.md tells users what is planted
        assert any(region in sentence for region in ("Provinsi Lampung", "Kabupaten")), key
    assert demo.DEMO_END == date(2026, 11, 27)
    assert set(demo.SCALES) == {"small", "tiny", "province"}
    assert demo.SCALES["province"]["employees"] == 100_000  # issue "Province scale"


# --- mentoring activities (pendampingan_berdampak, pendampingan_tanpa_dampak, pendampingan_terlalu_kecil) ---
def _reported_share(frames, unit: str, first: str, last: str) -> float:
    """Share of (employee, working day) of the demo kepala OPD's unit with an active entry in [first, last]."""
    region, agency = demo.KEPALA_OPD_AGENCY
    peg = frames["pegawai"]
    staff = peg[(peg["KABUPATEN/KOTA"] == region) & (peg["OPD"] == agency) & (peg["UNIT KERJA"] == unit)]["NIP"]
    days = [d for d in demo.working_days() if np.datetime64(first) <= d <= np.datetime64(last)]
    daily = frames["progres_harian"]
    active = daily[daily["NIP"].isin(staff) & daily["STATUS"].isin(ACTIVE)
                   & daily["TANGGAL"].between(pd.Timestamp(first), pd.Timestamp(last))]
    return active.drop_duplicates(["NIP", "TANGGAL"]).shape[0] / (len(staff) * len(days))


def test_the_clinic_really_raises_its_units_reporting_and_the_socialisation_does_not(small):
    acts = small["kegiatan_pendampingan"]
    assert list(acts["TANGGAL"].dt.date) == sorted(acts["TANGGAL"].dt.date) and len(acts) == 5
    effect, none = demo.MENTORING_EFFECT_UNIT, demo.MENTORING_NONE_UNIT
    before, after = _reported_share(small, effect, "2026-07-13", "2026-08-09"), _reported_share(
        small, effect, "2026-08-17", "2026-09-13")
    assert before < 0.7 and after > 0.9  # the planted effect, in the raw entries
    assert abs(_reported_share(small, none, "2026-05-11", "2026-06-07")
               - _reported_share(small, none, "2026-06-15", "2026-07-12")) < 0.1
    region, agency, unit = demo.MENTORING_TOO_FEW
    peg = small["pegawai"]
    staff = ((peg["KABUPATEN/KOTA"] == region) & (peg["OPD"] == agency) & (peg["UNIT KERJA"] == unit)).sum()
    assert 0 < staff < DEFAULT_MIN_GROUP_SIZE


def test_adding_the_clinic_changed_no_other_draw(tiny, monkeypatch):
    """The clinic's entries come from a generator of their own and are only added: without them every
    kind, and every other daily entry, is what the generator drew before."""
    from demo import build

    monkeypatch.setattr(build.ekinerja, "after_clinic", lambda daily, *args: daily)
    without = demo.generate("tiny")
    for kind in demo.KINDS:
        if kind != "progres_harian":
            pd.testing.assert_frame_equal(tiny[kind], without[kind], obj=kind)
    daily = tiny["progres_harian"]
    assert len(daily) > len(without["progres_harian"])
    pd.testing.assert_frame_equal(daily.iloc[:len(without["progres_harian"])], without["progres_harian"])
