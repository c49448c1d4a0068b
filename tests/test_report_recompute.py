"""Every figure of `python -m metrics report --format json`, checked against a recomputation from the
stored rows by the rules of ../shared/domain.md and the README (report contract, periods, headcount).

The recomputation below is written from those rules and from the indicator definitions (the
Indonesian sentences of metrics/adoption.py's INDICATORS, the README's report section); it reads the
tables with plain SQL and uses neither `metrics.*` nor `ui.*`. The project's code is used only to
build the database (the demo, a few planted staff changes, one extra user) and to run the report.

The rules encoded (one place each, see the functions named):
- periods (`Span`): whole year 1 Jan–31 Dec, TWn the quarters; today = the clock's date (the clock is
  frozen with DASBOR_NOW, ISO date-time in WIB); as_of = min(period end, today).
- headcount: the roll on as_of (employee_placement valid that day), each where placed that day.
- appraisal (`appraisal_expected`): the report's `appraisal_period` P; whom it rates is the roll on
  min(last day of P, today), not the roll of the span shown; counts per normalised predikat of those
  employees' appraisals of year+P, "Belum Dinilai" those of that roll without a predikat. Curve per
  domain.md §1 over the rated staff, exact ratios, minimum group size from the settings (default 5).
- training (`training_expected`): JP from `jp`, else minutes / jp_minutes (default 45), of trainings
  starting in the span; the yearly target of each status read pro rata over the span's days for a
  quarter (README: 20 × 92/365 = 5,04 for TW3); everyone on the headcount roll counts.
- service (`service_expected`, agency level only): turnaround per domain.md §4 with the standard of
  the request's agency, else its region, else everywhere; open requests measured at min(end of the
  period's last day, now), never the day after; share_within_standard = finished within standard /
  (finished with a standard + open with a standard already past it). IKM with the exact 1/9 weight,
  only the IKM rounded (2 decimals), mutu from the rounded value.
- adoption (`adoption_expected`): months of the period up to the province's last day with e-Kinerja
  activity (over every agency, not after as_of), the same day for every viewer; working days of each
  month counted up to that day; definitions from INDICATORS.
- the same agency's figures are identical whoever looks (`test_an_agency_looks_the_same_to_every_viewer`).

The database is the small demo plus a few planted rows (see the `db` fixture) that make the rules
above visible: a joiner, a leaver, a unit move and an agency move with dates, an agency whose
November e-Kinerja is missing, and two open requests right at their limit. Reports run in-process
for speed with DASBOR_NOW set (see `report`); one test runs the command as its own process.

A failure lists every disagreeing field (viewer, clock, period, level, group, field, report value,
recomputed value), at most 40 lines, with a count per field.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import holidays
import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from data_access.config import CLI_OPERATOR
from data_access.db import get_engine
from data_access.users import Grant, add_user
from tests.conftest import ROOT

YEAR = 2026
CLOCKS = ("2026-11-28T10:00", "2027-01-04T09:00")  # during the year; after the year's end
PERIODS = (None, "TW1", "TW2", "TW3", "TW4")
LEVELS = ("agency", "unit")
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
LAMTENG = "Kabupaten Lampung Tengah"
LAMSEL = "Kabupaten Lampung Selatan"
PROVINCE = "Provinsi Lampung"
VIEWERS = {  # name -> extra report arguments
    "province": (),
    "bupati.lamsel": ("--user", "bupati.lamsel"),
    "kadis.dukcapil.lamteng": ("--user", "kadis.dukcapil.lamteng"),
    "agency=Dukcapil": ("--agency", DUKCAPIL),
    "bupati.lamteng": ("--user", "bupati.lamteng"),  # added by the fixture (region leader of Lampung Tengah)
}
EPOCH = date(1970, 1, 1)

# Tolerances: the report rounds shares to 4 decimals, medians and the IKM to 2.
TOL_SHARE = 0.5e-4 + 1e-9
TOL_MEDIAN = 0.5e-2 + 1e-9

# --- the rules as data (domain.md) ------------------------------------------------------------------
SB, B, BP, K, SK = "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"
NOT_RATED = "Belum Dinilai"
PREDIKAT = (SB, B, BP, K, SK)
# §1: per organisation predikat, rules (predikat summed, "share"/"count", operator, limit).
CURVE = {
    "Istimewa": [((SB,), "share", "<=", Fraction(70, 100))],
    "Baik": [((B,), "share", "<=", Fraction(70, 100)), ((BP, K), "count", ">=", 1)],
    "Butuh Perbaikan": [((BP,), "share", ">=", Fraction(60, 100)), ((SB,), "share", "<=", Fraction(10, 100))],
    "Kurang": [((K,), "share", ">=", Fraction(60, 100)), ((BP,), "share", ">=", Fraction(10, 100)),
               ((SB,), "share", "<=", Fraction(10, 100))],
    "Sangat Kurang": [((SK,), "share", ">=", Fraction(60, 100)), ((K, BP), "share", ">=", Fraction(10, 100)),
                      ((SB,), "count", "==", 0)],
}
# §4: IKM bands on the value rounded to 2 decimals.
IKM_BANDS = ((Decimal("25.00"), Decimal("64.99"), "D"), (Decimal("65.00"), Decimal("76.60"), "C"),
             (Decimal("76.61"), Decimal("88.30"), "B"), (Decimal("88.31"), Decimal("100.00"), "A"))
IKM_WEIGHT = Fraction(1, 9)
DEFAULTS = {"min_group_size": 5, "jp_minutes": 45.0,
            "jp_target": {"PNS": 20.0, "PPPK": 20.0, "PPPK Paruh Waktu": 20.0}}
SKP_APPROVED = "persetujuan"  # e-Kinerja's approved SKP
# INDICATORS: "Belum pernah aktif" = "yang sejak Januari sampai bulan terakhir periode belum pernah aktif";
# "Berhenti melapor" = "dari pegawai yang sudah pernah aktif sejak Januari sebelum bulan terakhir periode".
# Unlike "aktif" (over the span) these look back to January of the year: a quarter's view counts activity
# in the year's earlier months too (True). False would read only the span's months.
ADOPTION_HISTORY_BEFORE_SPAN = True


def normalise_predikat(value):
    """domain.md §1: spellings vary (`Kurang / Misconduct`, `Butuh perbaikan`, `KURANG`); `-` is unrated."""
    if value is None or pd.isna(value):
        return None
    key = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", str(value).strip())).casefold()
    if key in ("", "-"):
        return None
    known = {p.casefold(): p for p in PREDIKAT} | {"kurang": K, "misconduct": K}
    if key not in known:
        raise AssertionError(f"unknown predikat in the stored rows: {value!r}")
    return known[key]


# --- the database -------------------------------------------------------------------------------
PLANT_DAY_UNIT_MOVE = date(2026, 8, 15)
PLANT_DAY_LEAVE = date(2026, 10, 15)
PLANT_DAY_JOIN_MOVE = date(2026, 11, 1)
LATE_MONTH = 202611  # the month Disdukcapil Lampung Tengah has not reported yet


@pytest.fixture(scope="module")
def db(demo_file, tmp_path_factory):
    """The small demo plus a planted staff history (placements with dates, facts filed under the
    placement valid at their date, as data_access/placements.py stores them):
    - a joiner of 1 November 2026 in Disdukcapil Lampung Tengah (no facts of their own);
    - a leaver of 15 October 2026 from the same agency;
    - a unit move inside it on 15 August 2026;
    - a move from Sekretariat Daerah to Badan Kepegawaian Daerah (province) on 1 November 2026;
    - no e-Kinerja data of Disdukcapil Lampung Tengah for November 2026 (a late agency);
    - two open requests there that are within their standard at the right moment, past it a day later;
    and a region leader of Lampung Tengah (`bupati.lamteng`)."""
    path = tmp_path_factory.mktemp("recompute") / "small.sqlite"
    shutil.copyfile(demo_file, path)  # the session's small demo: `load_demo(engine, "small")`, built once
    url = f"sqlite:///{path}"
    engine = get_engine(url)
    with engine.begin() as conn:
        q = lambda sql, **kw: conn.execute(text(sql), kw)  # noqa: E731
        agency = lambda name, region: q(  # noqa: E731
            "SELECT a.id FROM agency a JOIN region r ON r.id = a.region_id WHERE a.name = :n AND r.name = :r",
            n=name, r=region).scalar_one()
        dukcapil = agency(DUKCAPIL, LAMTENG)
        units = [u for (u,) in q("SELECT id FROM unit WHERE agency_id = :a ORDER BY id", a=dukcapil)]
        u1, u2 = units[0], units[1]
        staff = [e for (e,) in q("SELECT id FROM employee WHERE agency_id = :a AND unit_id = :u ORDER BY id",
                                 a=dukcapil, u=u1)]
        leaver, unit_mover = staff[0], staff[1]
        region = q("SELECT region_id FROM agency WHERE id = :a", a=dukcapil).scalar_one()
        batch = q("SELECT min(id) FROM import_batch WHERE kind = 'pegawai'").scalar_one()

        # joiner
        q("INSERT INTO employee (nip, name, sex, birth_date, status, golongan, jabatan_type, jabatan_name, "
          "region_id, agency_id, unit_id, active, batch_id) VALUES ('199501012026111001', 'Pegawai Baru Uji', "
          "'1', '1995-01-01', 'PNS', 'III/a', 'Pelaksana', 'Pengadministrasi', :r, :a, :u, 1, :b)",
          r=region, a=dukcapil, u=u2, b=batch)
        joiner = q("SELECT id FROM employee WHERE nip = '199501012026111001'").scalar_one()
        q("INSERT INTO employee_placement (employee_id, agency_id, unit_id, valid_from, valid_to, batch_id) "
          "VALUES (:e, :a, :u, :f, NULL, :b)", e=joiner, a=dukcapil, u=u2, f=PLANT_DAY_JOIN_MOVE.isoformat(), b=batch)
        # leaver
        q("UPDATE employee SET active = 0 WHERE id = :e", e=leaver)
        q("UPDATE employee_placement SET valid_to = :t WHERE employee_id = :e", e=leaver, t=PLANT_DAY_LEAVE.isoformat())

        def move(employee, to_agency, to_unit, on: date):
            day = on.isoformat()
            q("UPDATE employee_placement SET valid_to = :t WHERE employee_id = :e AND valid_to IS NULL",
              e=employee, t=day)
            q("INSERT INTO employee_placement (employee_id, agency_id, unit_id, valid_from, valid_to, batch_id) "
              "VALUES (:e, :a, :u, :f, NULL, :b)", e=employee, a=to_agency, u=to_unit, f=day, b=batch)
            reg = q("SELECT region_id FROM agency WHERE id = :a", a=to_agency).scalar_one()
            q("UPDATE employee SET agency_id = :a, unit_id = :u, region_id = :r WHERE id = :e",
              a=to_agency, u=to_unit, r=reg, e=employee)
            # facts dated on or after the move: appraisals at their period's end, trainings and SKPs at
            # their start, a month of daily entries at its first day
            ends = {"TW1": f"{YEAR}-03-31", "TW2": f"{YEAR}-06-30", "TW3": f"{YEAR}-09-30",
                    "TW4": f"{YEAR}-12-31", "TAHUNAN": f"{YEAR}-12-31"}
            for period, end in ends.items():
                if date.fromisoformat(end) >= on:
                    q("UPDATE appraisal SET agency_id = :a, unit_id = :u WHERE employee_id = :e AND year = :y "
                      "AND period = :p", a=to_agency, u=to_unit, e=employee, y=YEAR, p=period)
            q("UPDATE training SET agency_id = :a, unit_id = :u WHERE employee_id = :e AND start_date >= :d",
              a=to_agency, u=to_unit, e=employee, d=day)
            q("UPDATE skp SET agency_id = :a, unit_id = :u WHERE employee_id = :e AND period_start >= :d",
              a=to_agency, u=to_unit, e=employee, d=day)
            first = on if on.day == 1 else (on.replace(day=1) + timedelta(32)).replace(day=1)
            first_month = first.year * 100 + first.month
            q("UPDATE daily_month SET agency_id = :a, unit_id = :u WHERE employee_id = :e AND month >= :m",
              a=to_agency, u=to_unit, e=employee, m=first_month)

        move(unit_mover, dukcapil, u2, PLANT_DAY_UNIT_MOVE)
        sekda, bkd = agency("Sekretariat Daerah", PROVINCE), agency("Badan Kepegawaian Daerah", PROVINCE)
        mover = q("SELECT min(id) FROM employee WHERE agency_id = :a", a=sekda).scalar_one()
        bkd_unit = q("SELECT min(id) FROM unit WHERE agency_id = :a", a=bkd).scalar_one()
        move(mover, bkd, bkd_unit, PLANT_DAY_JOIN_MOVE)
        # Disdukcapil Lampung Tengah has sent no e-Kinerja for November yet (its raw entries and their
        # monthly summary): its own last active day is in October, the province's on 27 November.
        late = [e for (e,) in q("SELECT employee_id FROM daily_month WHERE agency_id = :a AND month = :m",
                                a=dukcapil, m=LATE_MONTH)]
        first_day = (date(LATE_MONTH // 100, LATE_MONTH % 100, 1) - EPOCH).days
        for e in late:
            q("DELETE FROM daily_entry WHERE employee_id = :e AND day >= :d", e=e, d=first_day)
            q("DELETE FROM daily_month WHERE employee_id = :e AND month >= :m", e=e, m=LATE_MONTH)
        # Two open requests right at their limit when measured at the right moment, one past it when
        # measured a day later: a Kartu Keluarga (2 working days) received Monday 28 September, at the
        # end of 30 September (TW3); a KTP-el (1 hour) received half an hour before 2026-11-28T10:00.
        layanan = q("SELECT min(id) FROM import_batch WHERE kind = 'layanan'").scalar_one()
        for number, service, received in (("UJI-RECOMPUTE-1", "Kartu Keluarga", "2026-09-28 10:00:00.000000"),
                                           ("UJI-RECOMPUTE-2", "KTP-el", "2026-11-28 09:30:00.000000")):
            q("INSERT INTO service_request (number, region_id, agency_id, service_type, received_at, finished_at, "
              "status, channel, batch_id) VALUES (:n, :r, :a, :s, :t, NULL, 'Proses', 'Loket', :b)",
              n=number, r=region, a=dukcapil, s=service, t=received, b=layanan)
        planted = {"joiner": joiner, "leaver": leaver, "unit_mover": unit_mover, "mover": mover,
                   "dukcapil_lamteng": dukcapil}
        add_user(conn, "bupati.lamteng", "Bupati Lampung Tengah (uji)", "pimpinan", None,
                 [Grant(region=LAMTENG)], by=CLI_OPERATOR)
    return {"url": url, "planted": planted}


# --- running the report ---------------------------------------------------------------------------
_RUNS: dict[tuple, dict] = {}


def report(url: str, clock: str, period: str | None, level: str, viewer: str) -> dict:
    """The report as JSON, run in-process (metrics.__main__.main writes it to stdout) with DASBOR_NOW
    set to the clock; a crash or a non-zero exit is returned as {'_crash': message}. Cached.

    Besides the environment variable, the command module's own clock (`now_wib`, when it has one) is
    pointed at the same moment, so that code from before DASBOR_NOW is still measured at the frozen
    time (and its crashes after the year's end show); `test_the_command_honours_the_frozen_clock`
    checks that the command as its own process, with nothing but DASBOR_NOW, prints the same report."""
    key = (url, clock, period, level, viewer)
    if key not in _RUNS:
        import metrics.__main__ as command  # running the command, not computing with it

        argv = ["report", "--db", url, "--year", str(YEAR), "--level", level, "--format", "json",
                *VIEWERS[viewer], *(["--period", period] if period else [])]
        out, err = io.StringIO(), io.StringIO()
        old_env = os.environ.get("DASBOR_NOW")
        old_clock = getattr(command, "now_wib", None)
        os.environ["DASBOR_NOW"] = clock
        if old_clock is not None:
            command.now_wib = lambda: datetime.fromisoformat(clock)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = command.main(argv)
            _RUNS[key] = json.loads(out.getvalue()) if code == 0 else {
                "_crash": f"exit {code}: {err.getvalue().strip()[-300:]}"}
        except Exception as exc:  # noqa: BLE001 - a crash is a finding, listed with the others
            where = traceback.extract_tb(exc.__traceback__)[-1]
            _RUNS[key] = {"_crash": f"{type(exc).__name__}: {exc} (at {os.path.basename(where.filename)}:"
                                    f"{where.lineno} {where.name})"}
        finally:
            if old_env is None:
                os.environ.pop("DASBOR_NOW", None)
            else:
                os.environ["DASBOR_NOW"] = old_env
            if old_clock is not None:
                command.now_wib = old_clock
    return _RUNS[key]


# --- the stored rows --------------------------------------------------------------------------
class Stored:
    """Every table the report's figures come from, read once with plain SQL."""

    def __init__(self, url: str):
        engine = get_engine(url)
        with engine.connect() as conn:
            read = lambda sql: pd.read_sql(text(sql), conn)  # noqa: E731
            self.regions = read("SELECT id, code, name, parent_id FROM region")
            self.agencies = read("SELECT id, region_id, name FROM agency")
            self.units = read("SELECT id, agency_id, name FROM unit")
            self.employees = read("SELECT id, status FROM employee")
            self.placements = read("SELECT employee_id, agency_id, unit_id, valid_from, valid_to FROM employee_placement")
            self.appraisals = read("SELECT employee_id, year, period, predikat FROM appraisal")
            self.org_ratings = read("SELECT agency_id, unit_id, year, period, predikat FROM org_rating")
            self.trainings = read("SELECT employee_id, start_date, jp, minutes FROM training")
            self.standards = read("SELECT service_type, limit_value, limit_unit, region_id, agency_id FROM service_standard")
            self.requests = read("SELECT id, region_id, agency_id, service_type, received_at, finished_at FROM service_request")
            self.skm = read("SELECT agency_id, survey_date, u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM skm_response")
            self.daily = read("SELECT employee_id, month, days_active, days_on_time, last_active_day FROM daily_month")
            self.skp = read("SELECT employee_id, status, is_acting, period_start, period_end FROM skp")
            self.corrections = read("SELECT day, is_holiday, region_id FROM holiday_correction")
            settings = read("SELECT key, value FROM setting")
            self.scopes = read("SELECT u.username, s.region_id, s.agency_id, s.unit_id FROM user_scope s "
                               "JOIN app_user u ON u.id = s.user_id")
        self.settings = dict(DEFAULTS)
        stored = dict(zip(settings["key"], settings["value"]))
        for key in ("min_group_size", "jp_minutes", "jp_target"):
            if key in stored:
                self.settings[key] = json.loads(stored[key])
        # The curve table and the IKM bands are domain.md's; a database that changed them is not this test's.
        assert not {"distribution_rules", "ikm_bands"} & set(stored), "curve rules or IKM bands changed"

        for frame, cols in ((self.placements, ("valid_from", "valid_to")), (self.trainings, ("start_date",)),
                            (self.skm, ("survey_date",)), (self.skp, ("period_start", "period_end")),
                            (self.corrections, ("day",))):
            for c in cols:
                frame[c] = pd.to_datetime(frame[c]).dt.date.astype(object)
        for c in ("received_at", "finished_at"):
            self.requests[c] = pd.to_datetime(self.requests[c]).astype("datetime64[us]")
        self.agency_region = dict(zip(self.agencies["id"], self.agencies["region_id"]))
        self.region_name = dict(zip(self.regions["id"], self.regions["name"]))
        self.region_code = dict(zip(self.regions["id"], self.regions["code"]))
        self.status = dict(zip(self.employees["id"], self.employees["status"]))
        self._calendars: dict = {}

    # -- the roll
    def roll(self, on: date) -> pd.DataFrame:
        """employee_id, agency_id, unit_id, status of every employee placed on `on`, where placed."""
        p = self.placements
        vf, vt = p["valid_from"], p["valid_to"]
        valid = np.array([(f is None or pd.isna(f) or f <= on) and (t is None or pd.isna(t) or t > on)
                          for f, t in zip(vf, vt)], dtype=bool)
        out = p.loc[valid, ["employee_id", "agency_id", "unit_id"]].copy()
        assert out["employee_id"].is_unique, f"two placements valid on {on}"
        out["status"] = out["employee_id"].map(self.status)
        return out.reset_index(drop=True)

    # -- working days
    def workdays(self, region_id) -> tuple[date, np.ndarray]:
        """(first day, cumulative count of working days from it) for a region: Monday–Friday without
        the library's national holidays and cuti bersama, with the administrator's corrections (every
        region, then the region's own)."""
        if region_id not in self._calendars:
            first, last = date(YEAR - 1, 1, 1), date(YEAR + 1, 12, 31)
            lib = holidays.country_holidays("ID", years=range(first.year, last.year + 1),
                                            categories=("public", "government"))
            days = [first + timedelta(i) for i in range((last - first).days + 1)]
            off = {d: (d.weekday() >= 5 or d in lib) for d in days}
            c = self.corrections
            for scope in (c[c["region_id"].isna()], c[c["region_id"] == region_id]):
                for d, hol in zip(scope["day"], scope["is_holiday"]):
                    off[d] = bool(hol)
            working = np.array([not off[d] for d in days], dtype=np.int64)
            self._calendars[region_id] = (first, np.cumsum(working))
        return self._calendars[region_id]

    def working_days_between(self, region_id, after: date, upto: date) -> int:
        """Working days strictly after `after`, up to and including `upto`."""
        first, cum = self.workdays(region_id)
        return int(cum[(upto - first).days] - cum[(after - first).days])

    def working_days_in(self, region_id, begin: date, end: date) -> int:
        """Working days from `begin` to `end`, both included."""
        return self.working_days_between(region_id, begin - timedelta(1), end)


# --- periods ----------------------------------------------------------------------------------
class Span:
    def __init__(self, period: str | None, clock: str):
        self.period = period
        self.now = datetime.fromisoformat(clock)
        self.today = self.now.date()
        if period is None:
            self.start, self.end = date(YEAR, 1, 1), date(YEAR, 12, 31)
        else:
            q = int(period[2:])
            self.start = date(YEAR, 3 * q - 2, 1)
            self.end = (date(YEAR, 3 * q + 1, 1) if q < 4 else date(YEAR + 1, 1, 1)) - timedelta(1)
        self.as_of = min(self.end, self.today)
        self.months = [YEAR * 100 + m for m in range(self.start.month, self.end.month + 1)]


def period_end(period: str) -> date:
    if period == "TAHUNAN":
        return date(YEAR, 12, 31)
    if period.startswith("TW"):
        return Span(period, "2000-01-01T00:00").end
    month = int(period[1:])
    return (date(YEAR, month + 1, 1) if month < 12 else date(YEAR + 1, 1, 1)) - timedelta(1)


def month_end(month: int) -> date:
    y, m = divmod(month, 100)
    return (date(y, m + 1, 1) if m < 12 else date(y + 1, 1, 1)) - timedelta(1)


# --- the recomputation, per group -------------------------------------------------------------------
def group_key(frame: pd.DataFrame, level: str) -> pd.Series:
    if level == "agency":
        return frame["agency_id"].astype("int64")
    return pd.Series(list(zip(frame["agency_id"].astype("int64"), frame["unit_id"].astype("int64"))),
                     index=frame.index)


def expected_appraisal_period(s: Stored, period: str | None) -> str | None:
    """README: the given --period; else the year's annual period when there is one, else the latest."""
    if period is not None:
        return period
    present = set(s.appraisals.loc[s.appraisals["year"] == YEAR, "period"])
    if not present:
        return None
    if "TAHUNAN" in present:
        return "TAHUNAN"
    return max(present, key=lambda p: (period_end(p), p.startswith("B")))


def appraisal_expected(s: Stored, span: Span, level: str, chosen: str | None, groups) -> dict:
    """Per group: counts (five predikat + Belum Dinilai), org_predikat, curve_compliant, curve_status,
    the set of failing rules (as (predikat, limit) signatures)."""
    if chosen is None:
        rated_on = span.as_of
        apps = s.appraisals.iloc[0:0]
    else:
        rated_on = min(period_end(chosen), span.today)
        apps = s.appraisals[(s.appraisals["year"] == YEAR) & (s.appraisals["period"] == chosen)]
    roster = s.roll(rated_on)
    predikat = dict(zip(apps["employee_id"], [normalise_predikat(v) for v in apps["predikat"]]))
    roster["predikat"] = pd.Series([predikat.get(e) or NOT_RATED for e in roster["employee_id"]],
                                   index=roster.index, dtype=object)
    roster["key"] = group_key(roster, level)
    tally = roster.groupby(["key", "predikat"]).size()
    orgs = s.org_ratings[(s.org_ratings["year"] == YEAR) & (s.org_ratings["period"] == chosen)]
    if level == "agency":
        orgs = orgs[orgs["unit_id"].isna()]
        org_of = dict(zip(orgs["agency_id"].astype("int64"), orgs["predikat"]))
    else:
        orgs = orgs[orgs["unit_id"].notna()]
        org_of = dict(zip(zip(orgs["agency_id"].astype("int64"), orgs["unit_id"].astype("int64")), orgs["predikat"]))
    min_group = int(s.settings["min_group_size"])
    out = {}
    for key in groups:
        counts = {p: int(tally.get((key, p), 0)) for p in (*PREDIKAT, NOT_RATED)}
        rated = sum(counts[p] for p in PREDIKAT)
        org = org_of.get(key)
        failed = set()
        if org is None:
            compliant, status = None, {"belum ada predikat organisasi"}
            if rated < min_group:  # both gaps: either name is fair
                status.add("terlalu kecil untuk dinilai")
        elif rated < max(min_group, 1):
            compliant, status = None, {"terlalu kecil untuk dinilai"}
        else:
            for names, measure, op, limit in CURVE[org]:
                n = sum(counts[p] for p in names)
                value = Fraction(n, rated) if measure == "share" else n
                ok = value <= limit if op == "<=" else value >= limit if op == ">=" else value == limit
                if not ok:
                    failed.add((frozenset(names), int(limit * 100) if measure == "share" else int(limit)))
            compliant = not failed
            status = {"patuh"} if compliant else {"tidak patuh"}
        out[key] = {"counts": counts, "org_predikat": org, "curve_compliant": compliant,
                    "curve_status": status, "failed": failed}
    return out


def rule_signature(rule_text: str):
    """(predikat named, limit) of a failed-rule sentence such as 'Butuh Perbaikan + Kurang/Misconduct
    paling sedikit 1 orang' or 'Sangat Baik tidak ada (0 orang)'; None when it cannot be read."""
    m = re.match(r"^(.*?)\s+(paling banyak|paling sedikit|tidak ada|tepat)\D*(\d+(?:[.,]\d+)?)", rule_text)
    if not m:
        return None
    names = frozenset(normalise_predikat(n) for n in m.group(1).split("+"))
    return names, int(float(m.group(3).replace(",", ".")))


def training_target(s: Stored, span: Span) -> dict[str, float]:
    """Each status's yearly target, read pro rata over the span's days for a quarter (README)."""
    days_in_year = (date(YEAR + 1, 1, 1) - date(YEAR, 1, 1)).days
    fraction = Fraction((span.end - span.start).days + 1, days_in_year)
    return {status: float(target) * float(fraction) for status, target in s.settings["jp_target"].items()}


def training_expected(s: Stored, span: Span, level: str, roll: pd.DataFrame, groups) -> dict:
    t = s.trainings[[(span.start <= d <= span.end) for d in s.trainings["start_date"]]]
    targets = training_target(s, span)
    out = {}
    if t.empty:  # no training recorded in the span: no data, not a province of zeros
        return {key: None for key in groups}
    jp = pd.to_numeric(t["jp"]).where(t["jp"].notna(), pd.to_numeric(t["minutes"]) / float(s.settings["jp_minutes"]))
    per_employee = jp.groupby(t["employee_id"]).sum()
    r = roll.copy()
    r["jp"] = r["employee_id"].map(per_employee).fillna(0.0)
    r["target"] = r["status"].map(targets)
    assert r["target"].notna().all(), "an employee status without a JP target"
    r["key"] = group_key(r, level)
    for key, g in r.groupby("key"):
        out[key] = {"share_meeting_target": float((g["jp"] >= g["target"]).mean()),
                    "share_zero": float((g["jp"] == 0).mean()),
                    "median_jp": float(np.median(g["jp"]))}
    return out


def _standard_of(s: Stored):
    """service_type, agency, region -> (limit, unit): the agency's own, else its region's, else everywhere."""
    st = s.standards
    by_agency = {(r.service_type, int(r.agency_id)): (r.limit_value, r.limit_unit)
                 for r in st[st["agency_id"].notna()].itertuples()}
    by_region = {(r.service_type, int(r.region_id)): (r.limit_value, r.limit_unit)
                 for r in st[st["agency_id"].isna() & st["region_id"].notna()].itertuples()}
    everywhere = {r.service_type: (r.limit_value, r.limit_unit)
                  for r in st[st["agency_id"].isna() & st["region_id"].isna()].itertuples()}
    assert len(by_agency) + len(by_region) + len(everywhere) == len(st), "a service standard given twice"

    def find(service, agency, region):
        return by_agency.get((service, agency)) or by_region.get((service, region)) or everywhere.get(service)
    return find


def service_expected(s: Stored, span: Span) -> dict:
    """Per agency (office): requests, share_within_standard, median_turnaround, turnaround_unit,
    by_service_type, ikm, mutu."""
    begin = pd.Timestamp(span.start)
    period_close = pd.Timestamp(span.end + timedelta(1))  # the end of the period's last day
    now = pd.Timestamp(span.now)
    moment = min(period_close, now)
    moment_day = span.end if moment == period_close else span.today  # the day open requests count to
    measured_at = f"the end of {span.end}" if moment == period_close else f"{moment:%Y-%m-%d %H:%M}"
    req = s.requests[(s.requests["received_at"] >= begin) & (s.requests["received_at"] < period_close)]
    find = _standard_of(s)
    rows = []
    for r in req.itertuples():
        agency, region = int(r.agency_id), int(r.region_id)
        std = find(r.service_type, agency, region)
        assert std is not None, f"request {r.id} ({r.service_type}) has no standard: unit undefined by the rules"
        limit, unit = float(std[0]), std[1]
        finished = not pd.isna(r.finished_at) and r.finished_at <= now
        until, until_day = (r.finished_at, r.finished_at.date()) if finished else (moment, moment_day)
        received_day = r.received_at.date()
        if unit == "jam":
            value = (until - r.received_at).total_seconds() / 3600
        elif unit == "hari kalender":
            value = (until_day - received_day).days
        elif unit == "hari kerja":
            value = s.working_days_between(region, received_day, until_day)
        else:
            raise AssertionError(f"unknown standard unit {unit!r}")
        rows.append({"agency_id": agency, "service_type": r.service_type, "unit": unit, "finished": finished,
                     "value": value, "within": finished and value <= limit,
                     "open_overdue": (not finished) and value > limit})
    frame = pd.DataFrame(rows, columns=["agency_id", "service_type", "unit", "finished", "value", "within",
                                        "open_overdue"])

    def share(g):
        denominator = int(g["finished"].sum() + g["open_overdue"].sum())
        return float(g["within"].sum() / denominator) if denominator else None

    def parts(g):
        return (f"{int(g['within'].sum())} within / ({int(g['finished'].sum())} finished + "
                f"{int(g['open_overdue'].sum())} open overdue at {measured_at}; "
                f"{int((~g['finished']).sum())} open)")

    def median(values):
        return float(np.median(values)) if len(values) else None

    out = {}
    for agency, g in frame.groupby("agency_id"):
        done = g[g["finished"]]
        per_unit = done["unit"].value_counts()
        mains = set(per_unit[per_unit == per_unit.max()].index) if len(per_unit) else set()
        out[agency] = {
            "requests": len(g), "share_within_standard": share(g), "share_parts": parts(g), "main_units": mains,
            "median_by_unit": {u: median(done.loc[done["unit"] == u, "value"]) for u in mains},
            "by_service_type": {
                service: {"requests": len(gs), "share_within_standard": share(gs), "share_parts": parts(gs),
                          "median_turnaround": median(gs.loc[gs["finished"], "value"]),
                          "turnaround_unit": gs["unit"].iloc[0]}
                for service, gs in g.groupby("service_type")},
        }
    skm = s.skm[[(span.start <= d <= span.end) for d in s.skm["survey_date"]]]
    for agency, g in skm.groupby("agency_id"):
        n = len(g)
        ikm_exact = sum(Fraction(int(g[f"u{i}"].sum()), n) * IKM_WEIGHT for i in range(1, 10)) * 25
        ikm = (Decimal(ikm_exact.numerator) / Decimal(ikm_exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        mutu = next(m for low, high, m in IKM_BANDS if low <= ikm <= high)
        out.setdefault(int(agency), {"requests": 0, "share_within_standard": None, "share_parts": "", "main_units": set(),
                                     "median_by_unit": {}, "by_service_type": {}})
        out[int(agency)] |= {"ikm": float(ikm), "mutu": mutu}
    return out


def adoption_day(s: Stored, span: Span):
    """The province's last day with e-Kinerja activity in the span's months, not after as_of (the
    same day for every viewer), as a date; None without any activity."""
    d = s.daily[s.daily["month"].isin(span.months)]
    last = pd.to_numeric(d["last_active_day"]).max()
    if pd.isna(last):
        return None
    return min(EPOCH + timedelta(int(last)), span.as_of)


def adoption_expected(s: Stored, span: Span, level: str, roll: pd.DataFrame, groups) -> dict:
    """Per group: active_share, compliance, timeliness, resistance_index (INDICATORS' definitions)."""
    upto = adoption_day(s, span)
    if upto is None:
        return {key: None for key in groups}
    months = [m for m in span.months if date(m // 100, m % 100, 1) <= upto]
    last_month = months[-1]
    d = s.daily.copy()
    d["days_active"] = pd.to_numeric(d["days_active"]).fillna(0)
    d["days_on_time"] = pd.to_numeric(d["days_on_time"]).fillna(0)
    active_months = d[d["days_active"] > 0]
    active_months = active_months[active_months["month"] >= YEAR * 100 + 1]  # "sejak Januari"
    if not ADOPTION_HISTORY_BEFORE_SPAN:
        active_months = active_months[active_months["month"].isin(span.months)]
    # ever active before the last month / in the last month / at all up to it ("sampai bulan terakhir")
    ever_before = set(active_months.loc[active_months["month"] < last_month, "employee_id"])
    in_last = set(active_months.loc[active_months["month"] == last_month, "employee_id"])
    ever = set(active_months.loc[active_months["month"] <= last_month, "employee_id"])
    window = d[d["month"].isin(months)]
    skp = s.skp[~s.skp["is_acting"].astype(bool)].sort_values("period_end")
    latest_skp = skp.groupby("employee_id")["status"].last()

    r = roll.copy()
    r["key"] = group_key(r, level)
    r["region_id"] = r["agency_id"].map(s.agency_region)
    out = {}
    workdays_by_region = {}
    for region in r["region_id"].unique():
        workdays_by_region[region] = {
            m: s.working_days_in(region, date(m // 100, m % 100, 1), min(month_end(m), upto)) for m in months}
    w = window.merge(r[["employee_id", "region_id"]], on="employee_id")
    w["wd"] = [workdays_by_region[reg][m] for reg, m in zip(w["region_id"], w["month"])]
    w["counted"] = np.minimum(w["days_active"], w["wd"])
    per = w.groupby("employee_id")[["days_active", "counted", "days_on_time"]].sum()
    r = r.join(per, on="employee_id").fillna({"days_active": 0, "counted": 0, "days_on_time": 0})
    for key, g in r.groupby("key"):
        n = len(g)
        regions = set(g["region_id"])
        assert len(regions) == 1
        wd_total = sum(workdays_by_region[regions.pop()].values())
        compliance = float(g["counted"].sum() / (n * wd_total)) if wd_total else None
        active_days = g["days_active"].sum()
        ids = set(g["employee_id"])
        before = ids & ever_before
        parts = [
            len(ids - ever) / n,  # belum pernah aktif
            (len(before - in_last) / len(before)) if before else None,  # berhenti melapor
            None if compliance is None else 1 - compliance,  # ketidakpatuhan harian
            1 - sum(latest_skp.get(e) == SKP_APPROVED for e in ids) / n,  # SKP belum disetujui
        ]
        available = [p for p in parts if p is not None]
        out[key] = {"active_share": float((g["days_active"] > 0).mean()), "compliance": compliance,
                    "timeliness": float(g["days_on_time"].sum() / active_days) if active_days else None,
                    "resistance_index": float(np.mean(available)) if available else None}
    return out


class Expected:
    """The recomputed report for one clock, period and level, for every group of the province."""

    def __init__(self, s: Stored, clock: str, period: str | None, level: str, chosen: str | None):
        self.span = span = Span(period, clock)
        self.level = level
        roll = s.roll(span.as_of)
        roll["key"] = group_key(roll, level)
        self.headcount = roll.groupby("key").size().to_dict()
        groups = list(self.headcount)
        self.appraisal_period = expected_appraisal_period(s, period)
        self.appraisal = appraisal_expected(s, span, level, chosen, groups)
        self.training = training_expected(s, span, level, roll, groups)
        targets = training_target(s, span)
        distinct = {round(v, 2) for v in targets.values()}
        self.target_jp = distinct.pop() if len(distinct) == 1 else {k: round(v, 2) for k, v in targets.items()}
        self.service = service_expected(s, span) if level == "agency" else {}
        self.adoption = adoption_expected(s, span, level, roll, groups)


_EXPECTED: dict[tuple, Expected] = {}


@pytest.fixture(scope="module")
def stored(db) -> Stored:
    return Stored(db["url"])


def expected_for(s: Stored, clock, period, level, chosen) -> Expected:
    key = (clock, period, level, chosen)
    if key not in _EXPECTED:
        _EXPECTED[key] = Expected(s, clock, period, level, chosen)
    return _EXPECTED[key]


# --- comparing ---------------------------------------------------------------------------------------
class Mismatches:
    """Collects every disagreement; `assert_none` fails with at most 40 of them and a count per field."""

    def __init__(self):
        self.rows: list[tuple] = []

    def add(self, where: tuple, field: str, got, want, note: str = ""):
        self.rows.append((*where, field, got, want, note))

    def check(self, where, field, got, want, tol=0.0, note: str = ""):
        if not same(got, want, tol):
            self.add(where, field, got, want, note)

    def assert_none(self):
        if not self.rows:
            return
        per_field = Counter(row[-4] for row in self.rows)
        lines = [f"{len(self.rows)} disagreement(s) with the recomputation; per field: "
                 + ", ".join(f"{f}: {n}" for f, n in per_field.most_common())]
        lines.append("(viewer, clock, period, level, group) field: report != recomputed")
        for row in self.rows[:40]:
            *where, field, got, want, note = row
            lines.append(f"{tuple(where)} {field}: {got!r} != {want!r}{f' ({note})' if note else ''}")
        if len(self.rows) > 40:
            lines.append(f"... and {len(self.rows) - 40} more")
        pytest.fail("\n".join(lines), pytrace=False)


def same(got, want, tol=0.0) -> bool:
    if isinstance(want, set):
        return got in want
    if got is None or want is None:
        return got is None and want is None
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want or got == want and type(got) is type(want)
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(got - want) <= tol
    return got == want


def _names_to_ids(s: Stored) -> tuple[dict, dict, dict]:
    """Region name -> id; (region id, agency name) -> agency ids; (agency id, unit name) -> unit ids: the
    stored tables indexed once (a lookup per report entry filtered the frames 529 times a report)."""
    if not hasattr(s, "_names_to_ids"):
        agencies: dict = {}
        for aid, rid, name in s.agencies[["id", "region_id", "name"]].itertuples(index=False):
            if not pd.isna(rid):
                agencies.setdefault((int(rid), name), []).append(int(aid))
        units: dict = {}
        for uid, aid, name in s.units[["id", "agency_id", "name"]].itertuples(index=False):
            if not pd.isna(aid):
                units.setdefault((int(aid), name), []).append(int(uid))
        s._names_to_ids = ({name: rid for rid, name in s.region_name.items()}, agencies, units)
    return s._names_to_ids


def entry_key(s: Stored, entry: dict, level: str):
    """The stored ids of a report entry (region name, agency name, unit name); None when unknown (or
    when the names fit more than one stored row)."""
    regions, agencies, units = _names_to_ids(s)
    rid = regions.get(entry.get("region"))
    a = [] if rid is None else agencies.get((int(rid), entry.get("agency_name")), [])
    if len(a) != 1:
        return None
    aid = a[0]
    if level == "agency":
        return aid
    u = units.get((aid, entry.get("unit_name")), [])
    return (aid, u[0]) if len(u) == 1 else None


def viewer_agencies(s: Stored, viewer: str) -> set[int] | None:
    """The agencies a viewer's report covers (None: every agency), from user_scope and --agency."""
    args = VIEWERS[viewer]
    if not args:
        return None
    if args[0] == "--agency":
        return set(s.agencies.loc[s.agencies["name"] == args[1], "id"].astype(int))
    grants = s.scopes[s.scopes["username"] == args[1]]
    agencies = set()
    for g in grants.itertuples():
        if not pd.isna(g.agency_id):
            agencies.add(int(g.agency_id))
        if not pd.isna(g.region_id):
            regions = {int(g.region_id)} | set(s.regions.loc[s.regions["parent_id"] == g.region_id, "id"].astype(int))
            agencies |= set(s.agencies.loc[s.agencies["region_id"].isin(regions), "id"].astype(int))
        assert pd.isna(g.unit_id), "unit grants are not covered here"
    return agencies


def compare(s: Stored, viewer: str, clock: str, period, level: str, payload: dict) -> Mismatches:
    found = Mismatches()
    base = (viewer, clock, period or "TAHUN", level)
    if "_crash" in payload:
        found.add((*base, "-"), "crash", payload["_crash"], "a report")
        return found
    found.check((*base, "-"), "generated_at", payload.get("generated_at"),
                datetime.fromisoformat(clock).isoformat(timespec="seconds"))
    found.check((*base, "-"), "period", payload.get("period"), period)
    found.check((*base, "-"), "year", payload.get("year"), YEAR)
    found.check((*base, "-"), "level", payload.get("level"), level)
    chosen = payload.get("appraisal_period")
    exp = expected_for(s, clock, period, level, chosen)
    found.check((*base, "-"), "appraisal_period", chosen, exp.appraisal_period)

    allowed = viewer_agencies(s, viewer)
    want_keys = {k for k in exp.headcount if allowed is None or (k if level == "agency" else k[0]) in allowed}
    seen = set()
    for entry in payload.get("agencies", []):
        key = entry_key(s, entry, level)
        label = " / ".join(str(x) for x in (entry.get("region"), entry.get("agency_name"), entry.get("unit_name")) if x)
        where = (*base, label)
        if key is None or key not in want_keys:
            found.add(where, "entry", "listed", "not on the roll in this scope" if key else "unknown name")
            continue
        if key in seen:
            found.add(where, "entry", "listed twice", "once")
        seen.add(key)
        compare_entry(found, where, entry, exp, key, level)
    for key in sorted(want_keys - seen, key=str):
        found.add((*base, str(key)), "entry", "missing", f"headcount {exp.headcount[key]}")
    order = [(s.region_code[s.agency_region[k if level == 'agency' else k[0]]], e["agency_name"], e.get("unit_name") or "")
             for e in payload.get("agencies", []) if (k := entry_key(s, e, level)) is not None]
    if order != sorted(order):
        found.add((*base, "-"), "order", "not by region code, agency, unit", "sorted")
    return found


def compare_entry(found: Mismatches, where, entry: dict, exp: Expected, key, level: str):
    found.check(where, "headcount", entry.get("headcount"), exp.headcount[key])

    a, want = entry.get("appraisal", {}), exp.appraisal[key]
    for p, n in want["counts"].items():
        found.check(where, f"appraisal.counts.{p}", (a.get("counts") or {}).get(p), n)
    found.check(where, "appraisal.org_predikat", a.get("org_predikat"), want["org_predikat"])
    found.check(where, "appraisal.curve_compliant", a.get("curve_compliant"), want["curve_compliant"])
    found.check(where, "appraisal.curve_status", a.get("curve_status"), want["curve_status"])
    signatures = {rule_signature(t) for t in a.get("failed_rules") or []}
    if len(a.get("failed_rules") or []) != len(want["failed"]) or signatures != want["failed"]:
        found.add(where, "appraisal.failed_rules", a.get("failed_rules"),
                  sorted(f"{' + '.join(sorted(n))} {lim}" for n, lim in want["failed"]))

    t, want = entry.get("training", {}), exp.training.get(key)
    found.check(where, "training.target_jp", t.get("target_jp"), exp.target_jp, 1e-9)
    for field, tol in (("share_meeting_target", TOL_SHARE), ("share_zero", TOL_SHARE), ("median_jp", TOL_MEDIAN)):
        found.check(where, f"training.{field}", t.get(field), None if want is None else want[field], tol)

    sv = entry.get("service", {})
    want = exp.service.get(key) if level == "agency" else None
    if want is None:
        empty = {"requests": 0, "share_within_standard": None, "median_turnaround": None,
                 "turnaround_unit": None, "ikm": None, "mutu": None, "by_service_type": {}}
        for field, value in empty.items():
            found.check(where, f"service.{field}", sv.get(field), value)
    else:
        found.check(where, "service.requests", sv.get("requests"), want["requests"])
        found.check(where, "service.share_within_standard", sv.get("share_within_standard"),
                    want["share_within_standard"], TOL_SHARE, want.get("share_parts", ""))
        mains = want["main_units"]
        found.check(where, "service.turnaround_unit", sv.get("turnaround_unit"), mains if mains else None)
        unit = sv.get("turnaround_unit") if sv.get("turnaround_unit") in mains else next(iter(sorted(mains)), None)
        found.check(where, "service.median_turnaround", sv.get("median_turnaround"),
                    want["median_by_unit"].get(unit), TOL_MEDIAN)
        found.check(where, "service.ikm", sv.get("ikm"), want.get("ikm"), 1e-9)
        found.check(where, "service.mutu", sv.get("mutu"), want.get("mutu"))
        got_types = sv.get("by_service_type") or {}
        for service in sorted(set(got_types) | set(want["by_service_type"])):
            g, w = got_types.get(service), want["by_service_type"].get(service)
            if g is None or w is None:
                found.add(where, "service.by_service_type", f"{service}: {'absent' if g is None else 'listed'}",
                          f"{service}: {'absent' if w is None else 'listed'}")
                continue
            found.check(where, f"service.by_service_type.requests", g.get("requests"), w["requests"])
            found.check(where, f"service.by_service_type.share_within_standard[{service}]",
                        g.get("share_within_standard"), w["share_within_standard"], TOL_SHARE, w["share_parts"])
            found.check(where, f"service.by_service_type.median_turnaround[{service}]",
                        g.get("median_turnaround"), w["median_turnaround"], TOL_MEDIAN)
            found.check(where, "service.by_service_type.turnaround_unit", g.get("turnaround_unit"),
                        w["turnaround_unit"])

    ad, want = entry.get("adoption", {}), exp.adoption.get(key)
    for field in ("active_share", "compliance", "timeliness", "resistance_index"):
        found.check(where, f"adoption.{field}", ad.get(field), None if want is None else want[field], TOL_SHARE)


# --- the tests ---------------------------------------------------------------------------------
def test_the_planted_history_is_in_the_stored_rows(db, stored):
    """The planted staff changes are on the rolls this test reads (else the checks below lose them)."""
    p = db["planted"]
    on = {d: stored.roll(d).set_index("employee_id") for d in (date(2026, 8, 1), date(2026, 9, 30), date(2026, 11, 28))}
    assert p["joiner"] not in on[date(2026, 9, 30)].index and p["joiner"] in on[date(2026, 11, 28)].index
    assert p["leaver"] in on[date(2026, 9, 30)].index and p["leaver"] not in on[date(2026, 11, 28)].index
    unit = lambda d, e: on[d].at[e, "unit_id"]  # noqa: E731
    assert unit(date(2026, 8, 1), p["unit_mover"]) != unit(date(2026, 9, 30), p["unit_mover"])
    agency = lambda d, e: on[d].at[e, "agency_id"]  # noqa: E731
    assert agency(date(2026, 9, 30), p["mover"]) != agency(date(2026, 11, 28), p["mover"])
    late = stored.daily[stored.daily["employee_id"].isin(on[date(2026, 9, 30)].query(
        f"agency_id == {p['dukcapil_lamteng']}").index) & (stored.daily["month"] == LATE_MONTH)]
    assert late.empty and adoption_day(stored, Span(None, CLOCKS[0])) == date(2026, 11, 27)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p or "TAHUN")
@pytest.mark.parametrize("clock", CLOCKS)
def test_province_report_matches_the_recomputation(db, stored, clock, period, level):
    compare(stored, "province", clock, period, level, report(db["url"], clock, period, level, "province")).assert_none()


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("viewer", ["bupati.lamsel", "kadis.dukcapil.lamteng", "agency=Dukcapil"])
@pytest.mark.parametrize("clock", CLOCKS)
def test_scoped_reports_match_the_recomputation(db, stored, clock, viewer, level):
    found = Mismatches()
    for period in PERIODS:
        found.rows += compare(stored, viewer, clock, period, level,
                              report(db["url"], clock, period, level, viewer)).rows
    found.assert_none()


def _flat(value, prefix=""):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out |= _flat(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    return {prefix: value}


@pytest.mark.parametrize("clock", CLOCKS)
def test_an_agency_looks_the_same_to_every_viewer(db, clock):
    """Disdukcapil Lampung Tengah seen by the province, its region's leader, its own head and with
    --agency; the agencies of Lampung Selatan seen by the province and their region's leader (and
    its Disdukcapil with --agency): every figure identical, at both levels and in every period."""
    found = Mismatches()
    views = {(LAMTENG, DUKCAPIL): ("province", "bupati.lamteng", "kadis.dukcapil.lamteng", "agency=Dukcapil"),
             (LAMSEL, DUKCAPIL): ("province", "bupati.lamsel", "agency=Dukcapil"),
             LAMSEL: ("province", "bupati.lamsel")}
    for period in PERIODS:
        for level in LEVELS:
            runs = {v: report(db["url"], clock, period, level, v) for v in VIEWERS}
            for target, viewers in views.items():
                entries = {}
                for v in viewers:
                    if "_crash" in runs[v]:
                        found.add((v, clock, period or "TAHUN", level, str(target)), "crash", runs[v]["_crash"], "a report")
                        continue
                    for e in runs[v]["agencies"]:
                        hit = (e["region"], e["agency_name"]) == target if isinstance(target, tuple) else e["region"] == target
                        if hit:
                            entries.setdefault((e["region"], e["agency_name"], e.get("unit_name")), {})[v] = _flat(e)
                for group, by_viewer in entries.items():
                    where = lambda v: (v, clock, period or "TAHUN", level, " / ".join(x for x in group if x))  # noqa: E731
                    for v in viewers:
                        if v not in by_viewer and "_crash" not in runs[v]:
                            found.add(where(v), "entry", "missing", "listed for the province")
                    reference = by_viewer.get("province")
                    if reference is None:
                        continue
                    for v, flat in by_viewer.items():
                        for field in sorted(set(flat) | set(reference)):
                            if flat.get(field) != reference.get(field):
                                found.add(where(v), field, flat.get(field), f"{reference.get(field)!r} (province)")
    found.assert_none()


@pytest.mark.parametrize("period", [None, "TW4"], ids=lambda p: p or "TAHUN")
@pytest.mark.parametrize("clock", CLOCKS)
def test_the_command_honours_the_frozen_clock(db, clock, period):
    """`python -m metrics report --db URL` as its own process with DASBOR_NOW: it succeeds, says the
    frozen time in generated_at, and prints what the in-process runs above were checked on."""
    env = os.environ | {"DASBOR_NOW": clock}
    done = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", db["url"], "--year", str(YEAR),
                           "--level", "agency", "--format", "json", *(["--period", period] if period else [])],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    payload = json.loads(done.stdout)
    assert payload["generated_at"] == datetime.fromisoformat(clock).isoformat(timespec="seconds")
    assert payload == report(db["url"], clock, period, "agency", "province")
