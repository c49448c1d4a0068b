"""Did it work? (issue 20 part 3): the difference in differences around each mentoring activity, its
before/after figures and n against an independent computation from the raw daily rows (plain pandas,
below), on SQLite and PostgreSQL; "too few to say" where a side is below the minimum group size; "belum
cukup waktu" while the weeks after are not over; no effect named where it could be chance."""
from __future__ import annotations

from datetime import date, timedelta

import holidays
import numpy as np
import pandas as pd
import pytest

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.inputs import load_inputs
from data_access.scope import Scope
from metrics import mentoring
from metrics.pipeline import mentoring as pipeline
from tests.conftest import FIXTURES
from vocab import indicators
from vocab.catalogue import TOO_SMALL
from vocab.periods import month_keys, period_bounds

PENDAFTARAN = "Bidang Pelayanan Pendaftaran Penduduk"
OFFICE = "Dinas Kependudukan dan Pencatatan Sipil Kota Metro"  # two agencies in the view: units name theirs
FIRST, LAST = date(2026, 2, 2), date(2026, 8, 31)  # the days the test's e-Kinerja rows cover
BOOST_FROM = date(2026, 3, 16)  # the Monday after the clinic of 12 March: Pendaftaran reports more often


def _working_days(first: date, last: date) -> list[date]:
    """Mondays to Fridays that are not Indonesian public holidays or cuti bersama (stack.md: 'government')."""
    off = holidays.country_holidays("ID", years=2026, categories=("public", "government"))
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < 5 and d not in off]


def _staff() -> pd.DataFrame:
    staff = pd.read_csv(FIXTURES / "kegiatan_pegawai.csv", sep=";", dtype=str)
    return staff[staff["OPD"] == "Dinas Kependudukan dan Pencatatan Sipil"]


def _daily_rows(seed: int = 7) -> pd.DataFrame:
    """Every Disdukcapil employee on every working day with a daily chance of reporting (per employee);
    Pendaftaran's chance rises to 0,9 from BOOST_FROM. A report is typed the same afternoon or 2 days later."""
    rng = np.random.default_rng(seed)
    rows = []
    for nip, unit in zip(_staff()["NIP"], _staff()["UNIT KERJA"]):
        chance = rng.uniform(0.3, 0.7)
        for day in _working_days(FIRST, LAST):
            p = 0.9 if unit == PENDAFTARAN and day >= BOOST_FROM else chance
            if rng.random() < p:
                late = rng.random() < 0.3
                typed = day + timedelta(days=2 if late else 0)
                rows.append({"NIP": nip, "day": day, "typed": typed, "unit": unit,
                             "status": "Approved" if rng.random() < 0.8 else "Submitted"})
    return pd.DataFrame(rows)


def _csv(rows: pd.DataFrame) -> bytes:
    lines = ["NIP;TANGGAL;WAKTU INPUT;STATUS;WAKTU PERSETUJUAN"]
    for r in rows.itertuples():
        approved = f"{r.typed:%d/%m/%Y} 20.00" if r.status == "Approved" else ""
        lines.append(f"{r.NIP};{r.day:%d/%m/%Y};{r.typed:%d/%m/%Y} 16.00;{r.status};{approved}")
    return "\n".join(lines).encode()


@pytest.fixture
def office(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "kegiatan_pegawai.csv", "pegawai")
    rows = _daily_rows()
    import_file(engine, "progres.csv", "progres_harian", data=_csv(rows))
    import_file(engine, FIXTURES / "kegiatan_pendampingan.csv", "kegiatan_pendampingan")
    return engine, rows


def _inputs(engine, now=None):
    start, end = period_bounds(2026, None)
    return load_inputs(engine, Scope.full("uji"), 2026, start, end, month_keys(2026, None),
                       now=now or pd.Timestamp("2026-12-01 09:00").to_pydatetime())


def _independent(rows: pd.DataFrame, units: set[str], first: date, last: date) -> dict:
    """A side's figures over [first, last] straight from the raw rows: active share, compliance (days
    reported ÷ staff × working days), same-day timeliness, the staff, and each one's compliance."""
    staff = _staff()[_staff()["UNIT KERJA"].isin(units)]["NIP"]
    wd = len(_working_days(first, last))
    window = rows[(rows["day"] >= first) & (rows["day"] <= last) & rows["NIP"].isin(staff)]
    per = window.groupby("NIP").size().reindex(staff, fill_value=0).clip(upper=wd)
    return {"active_share": (per > 0).mean(), "compliance": per.sum() / (len(staff) * wd),
            "timeliness": (window["typed"] == window["day"]).sum() / len(window), "n": len(staff),
            "own": per / wd}


def test_the_did_its_figures_and_n_equal_an_independent_computation(office):
    engine, rows = office
    found = pipeline.effects(_inputs(engine)).set_index("activity_id")
    clinic = found.iloc[0]
    assert (clinic["activity_type"], clinic["target"]) == ("klinik e-Kinerja", PENDAFTARAN)
    win = mentoring.windows(date(2026, 3, 12))
    assert (win.before_first, win.before_last, win.after_first, win.after_last) == (
        date(2026, 2, 9), date(2026, 3, 8), date(2026, 3, 16), date(2026, 4, 12))
    others = {"Bidang Pelayanan Pencatatan Sipil", "Sekretariat"}  # no activity of their own in those weeks
    sides = {"treated_before": _independent(rows, {PENDAFTARAN}, win.before_first, win.before_last),
             "treated_after": _independent(rows, {PENDAFTARAN}, win.after_first, win.after_last),
             "comparison_before": _independent(rows, others, win.before_first, win.before_last),
             "comparison_after": _independent(rows, others, win.after_first, win.after_last)}
    assert (clinic["treated_n"], clinic["comparison_n"], clinic["comparison_groups"]) == (8, 10, 2)
    for name in ("active_share", "compliance", "timeliness"):
        for side, figures in sides.items():
            assert clinic[f"{name}_{side}"] == pytest.approx(figures[name]), (name, side)
        expected = 100 * ((sides["treated_after"][name] - sides["treated_before"][name])
                          - (sides["comparison_after"][name] - sides["comparison_before"][name]))
        assert clinic[f"{name}_did"] == pytest.approx(expected)
    treated = sides["treated_after"]["own"] - sides["treated_before"]["own"]
    comparison = sides["comparison_after"]["own"] - sides["comparison_before"]["own"]
    error = 100 * np.sqrt(treated.var(ddof=1) / len(treated) + comparison.var(ddof=1) / len(comparison))
    assert clinic["compliance_error"] == pytest.approx(error)
    # The planted rise is far beyond chance: named, with its points and both n.
    assert clinic["compliance_did"] > 2 * error > 0 and clinic["verdict"] == indicators.MENTORING_UP
    points = round(clinic["compliance_did"])
    assert clinic["sentence"] == (f"Setelah klinik e-Kinerja 12 Maret 2026 di {PENDAFTARAN} ({OFFICE}), kepatuhan naik {points} "
                                  "poin lebih banyak daripada unit pembanding (n = 8 dan 10).")


def test_too_few_staff_no_comparison_and_the_weeks_not_over_are_said_and_not_measured(office):
    engine, _ = office
    found = pipeline.effects(_inputs(engine))
    by_type = found.set_index("activity_type")
    coaching = by_type.loc["pendampingan/coaching"]  # Sekretariat, 4 staff: below the minimum of 5
    assert (coaching["verdict"], coaching["treated_n"], coaching["comparison_n"]) == (TOO_SMALL, 4, 14)
    assert np.isnan(coaching["compliance_did"]) and np.isnan(coaching["compliance_treated_after"])
    assert coaching["sentence"] == (f"Setelah pendampingan/coaching 20 Juli 2026 di Sekretariat ({OFFICE}): terlalu sedikit "
                                    "pegawai untuk dinilai (n = 4 dan 14; minimal 5 di tiap sisi).")
    whole = by_type.loc["bimbingan teknis"]  # every unit of the OPD, and no other Disdukcapil in the view
    assert whole["target"] == "semua unit Dinas Kependudukan dan Pencatatan Sipil Kota Metro"
    assert whole["verdict"] == indicators.MENTORING_NO_COMPARISON and np.isnan(whole["compliance_did"])
    # Seen on 1 May, the clinic's weeks after (to 12 April) are over but the data end on 30 April: the
    # coaching of 20 July is not yet measurable at all.
    early = pipeline.effects(_inputs(engine, now=pd.Timestamp("2026-05-01 09:00").to_pydatetime()))
    assert early.set_index("activity_type").at["klinik e-Kinerja", "verdict"] == indicators.MENTORING_UP
    assert early.set_index("activity_type").at["pendampingan/coaching", "verdict"] == indicators.MENTORING_NOT_YET
    assert indicators.MENTORING_NOT_YET not in set(found["verdict"])


def test_an_activity_whose_weeks_after_are_not_over_is_not_judged(office):
    engine, _ = office
    seen = pipeline.effects(_inputs(engine, now=pd.Timestamp("2026-04-01 09:00").to_pydatetime()))
    clinic = seen.set_index("activity_type").loc["klinik e-Kinerja"]
    assert clinic["verdict"] == indicators.MENTORING_NOT_YET and np.isnan(clinic["compliance_did"])
    assert clinic["sentence"] == (f"Setelah klinik e-Kinerja 12 Maret 2026 di {PENDAFTARAN} ({OFFICE}): belum cukup waktu untuk "
                                  "menilai; 4 minggu sesudahnya baru lengkap pada 12 April 2026.")


def test_a_difference_within_chance_is_not_called_an_effect():
    assert mentoring.verdict(3.0, 2.0) == indicators.MENTORING_NO_DIFFERENCE  # below twice its error
    assert mentoring.verdict(-5.0, 2.0) == indicators.MENTORING_DOWN
    assert mentoring.verdict(float("nan"), 1.0) == indicators.MENTORING_NO_DIFFERENCE


def test_the_demos_planted_effect_is_found_where_planted_and_not_where_not(demo_url):
    import demo

    engine = get_engine(demo_url)
    found = pipeline.effects(_inputs(engine)).set_index("target")
    assert found.at[demo.MENTORING_EFFECT_UNIT, "verdict"] == indicators.MENTORING_UP  # pendampingan_berdampak
    assert found.at[demo.MENTORING_EFFECT_UNIT, "compliance_did"] > 20
    assert found.at[demo.MENTORING_NONE_UNIT, "verdict"] == indicators.MENTORING_NO_DIFFERENCE
    assert found.at[demo.MENTORING_TOO_FEW[2], "verdict"] == TOO_SMALL  # pendampingan_terlalu_kecil
    assert found.at[demo.MENTORING_RECENT_UNIT, "verdict"] == indicators.MENTORING_NOT_YET
    region, agency = demo.MENTORING_AGENCY
    whole = found.loc[f"semua unit {agency} {region}"]
    assert whole["verdict"] == indicators.MENTORING_NO_DIFFERENCE and whole["comparison_groups"] > 10
    assert set(pipeline.judged(found.reset_index())["target"]) == {
        demo.MENTORING_EFFECT_UNIT, demo.MENTORING_NONE_UNIT, f"semua unit {agency} {region}"}


def test_the_report_command_carries_each_activity_under_its_agency_and_unit(office, db_url):
    import json
    import subprocess
    import sys

    from metrics.report import report_csv
    from tests.conftest import ROOT

    engine, rows = office
    # The report names no agency in its sentences: each activity sits under its agency already.
    expected = pipeline.effects(_inputs(engine), name_agencies=False).set_index("activity_type")
    runs = {level: subprocess.run([sys.executable, "-m", "metrics", "report", "--db", db_url, "--year", "2026",
                                   "--level", level], cwd=ROOT, capture_output=True, text=True, timeout=300)
            for level in ("agency", "unit")}
    assert all(done.returncode == 0 for done in runs.values()), {k: d.stderr for k, d in runs.items()}
    agencies = {e["agency_name"]: e["mentoring"] for e in json.loads(runs["agency"].stdout)["agencies"]}
    office_entry = agencies["Dinas Kependudukan dan Pencatatan Sipil"]
    assert office_entry["count"] == 4 and agencies["Dinas Kesehatan"] == {"count": 0, "activities": []}
    clinic = next(a for a in office_entry["activities"] if a["type"] == "klinik e-Kinerja")
    row = expected.loc["klinik e-Kinerja"]
    assert (clinic["treated_n"], clinic["comparison_n"], clinic["verdict"]) == (8, 10, indicators.MENTORING_UP)
    assert clinic["did_points"]["compliance"] == pytest.approx(row["compliance_did"], abs=0.01)
    assert clinic["figures"]["compliance"]["treated_after"] == pytest.approx(row["compliance_treated_after"], abs=1e-4)
    assert clinic["before"] == ["2026-02-09", "2026-03-08"] and clinic["sentence"] == row["sentence"]
    # this office has no survey: no wave either side, null in the JSON (not NaN)
    assert clinic["adkar_barrier"] == {"before": {"wave": None, "barrier": None}, "after": {"wave": None, "barrier": None}}
    assert clinic["sentence"].startswith(f"Setelah klinik e-Kinerja 12 Maret 2026 di {PENDAFTARAN}, kepatuhan naik")
    units = {e["unit_name"]: e["mentoring"] for e in json.loads(runs["unit"].stdout)["agencies"]
             if e["agency_name"] == "Dinas Kependudukan dan Pencatatan Sipil"}
    # A unit carries its own activities and those for every unit of its agency (the bimtek of 5 May).
    assert [a["type"] for a in units[PENDAFTARAN]["activities"]] == ["klinik e-Kinerja", "sosialisasi",
                                                                    "bimbingan teknis"]
    assert [a["verdict"] for a in units["Sekretariat"]["activities"]] == [indicators.MENTORING_NO_COMPARISON,
                                                                          TOO_SMALL]
    flat = report_csv(json.loads(runs["unit"].stdout))
    assert "mentoring.count" in flat.splitlines()[0] and "activities" not in flat.splitlines()[0]


def _survey_barriers(engine, agency_id: int, minimum: int) -> dict:
    """Independently, from the stored answers (plain SQL and pandas): per wave (the quarter answered in) of
    one agency, its days and each unit's barrier point (the first element in ADKAR order whose mean is
    at most 3), or why none shows: fewer respondents than the minimum, or the shown unit with the fewest
    where the small units hold fewer than the minimum together (complementary suppression)."""
    from sqlalchemy import text

    from vocab.indicators import GUARDED, TOO_FEW_RESPONDENTS

    with engine.connect() as conn:
        rows = pd.DataFrame(conn.execute(text(
            "select unit_id, survey_date, awareness, desire, knowledge, ability, reinforcement "
            "from adkar_response where agency_id = :a"), {"a": agency_id}).mappings().all())
    rows["day"] = pd.to_datetime(rows["survey_date"])
    rows["wave"] = rows["day"].dt.year * 10 + rows["day"].dt.quarter
    elements = ["awareness", "desire", "knowledge", "ability", "reinforcement"]
    names = dict(zip(elements, ["Awareness", "Desire", "Knowledge", "Ability", "Reinforcement"]))
    out = {}
    for wave, part in rows.groupby("wave"):
        n = part.groupby("unit_id").size()
        small = n[n < minimum]
        shown = n[n >= minimum].sort_values(kind="stable")
        guarded = {int(shown.index[0])} if 0 < small.sum() < minimum and len(shown) else set()
        means = part.groupby("unit_id")[elements].mean()
        labels = {}
        for unit in n.index:
            if unit in small.index:
                labels[int(unit)] = TOO_FEW_RESPONDENTS
            elif int(unit) in guarded:
                labels[int(unit)] = GUARDED
            else:
                low = [e for e in elements if means.at[unit, e] <= 3]
                labels[int(unit)] = names[low[0]] if low else pipeline.adkar_pipeline.NO_BARRIER
        out[int(wave)] = (part["day"].min(), part["day"].max(), labels)
    return out


def test_the_adkar_barrier_either_side_of_each_activity_equals_an_independent_computation(demo_url):
    """Each unit activity's barrier in the last wave answered wholly before it and the first answered
    wholly after it, as the survey section judges it (issue 20 part 3's "the ADKAR barrier")."""
    from metrics import adkar

    engine = get_engine(demo_url)
    inputs = _inputs(engine)
    found = pipeline.effects(inputs)
    minimum = int(inputs.settings["min_group_size"])
    checked = 0
    for row in found[found["unit_id"].notna()].itertuples(index=False):
        waves = _survey_barriers(engine, int(row.agency_id), minimum)
        day = pd.Timestamp(row.activity_date)
        before = [w for w, (_first, last, _labels) in waves.items() if last < day]
        after = [w for w, (first, _last, _labels) in waves.items() if first > day]
        for side, chosen in (("before", max(before, default=None)), ("after", min(after, default=None))):
            if chosen is None:
                assert pd.isna(getattr(row, f"wave_{side}")) and getattr(row, f"adkar_{side}") == "–"
                continue
            expected = waves[chosen][2].get(int(row.unit_id), pipeline.adkar_pipeline.NO_DATA)
            assert getattr(row, f"wave_{side}") == adkar.wave_label(chosen)
            assert getattr(row, f"barrier_{side}") == expected, (row.target, side)
            assert getattr(row, f"adkar_{side}") == f"{expected} ({adkar.wave_label(chosen)})"
            checked += 1
        # The sentence says it too, after the effect: the barrier in the wave before and after.
        if not pd.isna(row.wave_before) and not pd.isna(row.wave_after):
            assert row.sentence.endswith(f" Titik hambatan ADKAR pada survei {row.wave_before}, sebelum kegiatan: "
                                         f"{row.barrier_before}; pada survei {row.wave_after}, sesudahnya: "
                                         f"{row.barrier_after}.")
        elif not pd.isna(row.wave_after):
            assert row.sentence.endswith(f" Titik hambatan ADKAR pada survei {row.wave_after}, sesudah kegiatan: "
                                         f"{row.barrier_after}.")
        elif not pd.isna(row.wave_before):
            assert row.sentence.endswith(f" Titik hambatan ADKAR pada survei {row.wave_before}, sebelum kegiatan: "
                                         f"{row.barrier_before}; belum ada survei sesudahnya.")
        else:
            assert "ADKAR" not in row.sentence
    assert checked >= 3  # the demo's waves (September, November) lie after most of its activities


def test_a_unit_opened_alone_shows_the_barriers_its_agency_shows_guarded_ones_too(demo_url):
    """In a view of one unit the survey holds only that unit's answers, so a unit guarded among its agency's
    (complementary suppression; the ADKAR section of that view says so, adkar_pipeline.hidden_in_parent)
    had its barrier named in the activity's sentence. Judged over the parent (the unit's agency), the unit's
    own view shows what the agency's view shows."""
    from data_access import reads
    from data_access.scope import narrowed

    engine = get_engine(demo_url)
    start, end = period_bounds(2026, None)
    now = pd.Timestamp("2026-12-01 09:00").to_pydatetime()
    full = Scope.full("uji")
    agencies, units = reads.agencies(engine, full), reads.units(engine, full)

    def view(agency_ids=(), unit_ids=()):
        return load_inputs(engine, narrowed(full, agencies, units, (), agency_ids, unit_ids), 2026, start, end,
                           month_keys(2026, None), now=now)

    everything = pipeline.effects(view()).set_index("activity_id")
    guarded = everything[everything["unit_id"].notna() & (everything["barrier_after"] == indicators.GUARDED)]
    assert len(guarded)  # the demo has one: the unit's agency hides it to guard a smaller one
    for activity_id, row in guarded.iterrows():
        agency, unit = (int(row["agency_id"]),), (int(row["unit_id"]),)
        alone = pipeline.effects(view(agency, unit)).set_index("activity_id").loc[activity_id]
        assert alone["barrier_after"] != indicators.GUARDED  # the unit's answers alone: nothing to guard
        judged = pipeline.effects(view(agency, unit), parent=view(agency)).set_index("activity_id").loc[activity_id]
        assert judged["barrier_after"] == indicators.GUARDED
        assert judged["sentence"].endswith(f"sesudah kegiatan: {indicators.GUARDED}.")
        assert judged["adkar_after"] == row["adkar_after"]


def test_an_activity_of_an_agency_hidden_among_its_regions_names_no_survey_barrier(demo_url):
    """The survey section of a one-agency view hides everything when the agency is hidden among its region's
    (the demo's Badan Penghubung Daerah of the province, guarded for a smaller one); an activity of that
    agency (added here, between its two waves) names no barrier from the survey either."""
    from sqlalchemy import text

    from data_access import reads
    from data_access.scope import narrowed
    from metrics.pipeline import adkar as adkar_pipeline

    engine = get_engine(demo_url)
    with engine.begin() as conn:
        batch = conn.execute(text("select max(batch_id) from mentoring_activity")).scalar()
        conn.execute(text("insert into mentoring_activity (region_id, agency_id, unit_id, activity_date, "
                          "activity_type, participants, facilitator, batch_id) values "
                          "(1, 7, null, '2026-10-01', 'sosialisasi', 5, null, :b)"), {"b": batch})
    start, end = period_bounds(2026, None)
    now = pd.Timestamp("2026-12-01 09:00").to_pydatetime()
    full = Scope.full("uji")
    agencies, units = reads.agencies(engine, full), reads.units(engine, full)

    def view(region_ids=(), agency_ids=()):
        return load_inputs(engine, narrowed(full, agencies, units, region_ids, agency_ids, ()), 2026, start, end,
                           month_keys(2026, None), now=now)

    agency, region = view((1,), (7,)), view((1,))
    assert adkar_pipeline.signal(agency, None, "unit_id", parent=region).figures.guarded
    alone = pipeline.effects(agency)
    assert alone["barrier_after"].tolist() != [indicators.GUARDED]  # its own answers: nothing to guard
    judged = pipeline.effects(agency, parent=region)
    assert judged["barrier_after"].tolist() == [indicators.GUARDED]
    assert judged["sentence"].iloc[0].endswith(f", sesudahnya: {indicators.GUARDED}.")  # Triwulan IV 2026
