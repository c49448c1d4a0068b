"""The mentoring plan's pipeline (metrics.pipeline.plan, issue 20 part 4) on a hand-built agency of five
units whose every figure is worked out by hand below: which units are in the plan, each one's barrier
(the survey's where it has a judged wave, else inferred and labelled so), each inference rule, the
champions (early adopters who report steadily), and the small unit whose staff are never listed."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from data_access.inputs import FRAMES, MetricInputs
from metrics import plan as rules
from metrics.pipeline import plan as pipeline
from vocab import plan as words
from vocab.kinds import ADKAR_FIELDS
from vocab.periods import month_keys, period_bounds
from vocab.settings import SETTINGS

EPOCH = date(1970, 1, 1)
SURVEY, DRAFTS, LAPSED, SMALL, GOOD = 10, 20, 30, 40, 50
UNIT_NAMES = {SURVEY: "Unit Survei", DRAFTS: "Unit Draf", LAPSED: "Unit Berhenti", SMALL: "Unit Kecil",
              GOOD: "Unit Baik"}
MONTHS = (202601, 202602, 202603, 202604)  # the view's reporting months (data to 30 April)
FULL = 30  # days_active above any month's working days: capped, a full month


def _person(eid: int, unit: int) -> dict:
    return {"employee_id": eid, "region_id": 1, "agency_id": 1, "unit_id": unit, "status": "PNS",
            "jabatan_type": "Pelaksana", "jabatan_name": "Pengelola"}


def _month(eid: int, month: int, active: int, drafts: int = 0, first: date | None = None) -> dict:
    first_day = (first - EPOCH).days if first and active else None
    return {"employee_id": eid, "month": month, "agency_id": 1, "unit_id": 0, "days_entered": active + drafts,
            "days_draft": drafts, "days_active": active, "days_approved": active, "days_on_time": active,
            "days_within_7": active, "approval_minutes_sum": 0, "first_active_day": first_day,
            "last_active_day": first_day}


def _steady(eid: int, first: date) -> list[dict]:
    """Active every month from January, from the day `first`."""
    return [_month(eid, m, FULL, first=first if m == MONTHS[0] else date(2026, m % 100, 1)) for m in MONTHS]


# Who is who. Rogers ranks the agency's 27 staff by first report: early adopters are ranks ≤ 16% × 27
# = 4,32, i.e. the first four (no innovator: 1/27 > 2,5%).
STAFF = {SURVEY: range(1, 7), DRAFTS: range(11, 17), LAPSED: range(21, 27), SMALL: range(31, 34),
         GOOD: range(41, 47)}


def _daily() -> pd.DataFrame:
    rows = []
    rows += _steady(1, date(2026, 1, 7))  # unit Survei's one reporter: rank 3, steady -> champion
    rows += _steady(11, date(2026, 1, 20))  # unit Draf's one reporter: rank 9, not early
    for eid in (12, 13, 14, 15):  # drafts only: entries, never Submitted
        rows += [_month(eid, m, 0, drafts=3) for m in MONTHS]
    for i, eid in enumerate((22, 23, 24, 25)):  # lapsed: Jan and Feb, not since; 22 and 23 the earliest of all
        first = date(2026, 1, 5 + i) if i < 2 else date(2026, 1, 12 + i)
        rows += [_month(eid, 202601, FULL, first=first), _month(eid, 202602, FULL, first=date(2026, 2, 2))]
    rows += _steady(21, date(2026, 1, 19))  # unit Berhenti's steady reporter, rank 8
    rows += _steady(41, date(2026, 1, 8))  # unit Baik: rank 4, steady -> champion
    for eid in range(42, 47):
        rows += _steady(eid, date(2026, 1, 21 + eid - 42))
    # A gap: 46 misses March, so is not steady (and not early either); covered in the steady test.
    rows = [r for r in rows if not (r["employee_id"] == 46 and r["month"] == 202603)]
    return pd.DataFrame(rows)


def _survey() -> pd.DataFrame:
    """April answers (wave Triwulan II 2026): unit Survei 5 respondents with Knowledge at 2 (Awareness and
    Desire 4); unit Berhenti 5 respondents, every element 4 (judged, no barrier)."""
    def answers(unit: int, scores: tuple) -> list[dict]:
        return [{"region_id": 1, "agency_id": 1, "unit_id": unit, "survey_date": date(2026, 4, 14),
                 **dict(zip(ADKAR_FIELDS, scores))} for _ in range(5)]
    return pd.DataFrame(answers(SURVEY, (4, 4, 2, 2, 2)) + answers(LAPSED, (4, 4, 4, 4, 4)))


def _inputs(settings: dict | None = None, survey: pd.DataFrame | None = None, only: int | None = None) -> MetricInputs:
    """The agency's inputs (or, with `only`, those of a view of that one unit)."""
    roster = pd.DataFrame([_person(e, u) for u, ids in STAFF.items() for e in ids if only in (None, u)])
    daily = _daily()
    daily = daily[daily["employee_id"].isin(roster["employee_id"])]
    frames = {name: pd.DataFrame() for name in FRAMES}
    frames |= {
        "agencies": pd.DataFrame({"agency_id": [1], "agency": ["Dinas Contoh"], "region_id": [1],
                                  "region_code": ["18.99"], "region": ["Kabupaten Contoh"]}),
        "units": pd.DataFrame({"unit_id": list(UNIT_NAMES), "unit": list(UNIT_NAMES.values()), "agency_id": 1}),
        "roster": roster, "daily_month": daily, "daily_month_ytd": daily,
        "skp": pd.DataFrame({"employee_id": roster["employee_id"], "status": "persetujuan", "is_acting": False,
                             "period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}),
        "adkar": _survey() if survey is None else survey,
        "holiday_corrections": pd.DataFrame(columns=["day", "is_holiday", "region_id"]),
    }
    loaders = {name: (lambda f=frame: f) for name, frame in frames.items()}
    loaders["daily_end"] = lambda: date(2026, 4, 30)
    values = {k: d.default for k, d in SETTINGS.items() if d.table is None} | (settings or {})
    start, end = period_bounds(2026, None)
    return MetricInputs(year=2026, period=None, start=start, end=end, now=datetime(2026, 4, 30, 12),
                        settings=values, months=month_keys(2026, None), loaders=loaders)


@pytest.fixture(scope="module")
def made() -> pipeline.Plan:
    return pipeline.plan(_inputs())


def _unit(made, unit: int) -> dict:
    return made.units.set_index("unit_id").loc[unit].to_dict()


def test_the_units_that_resist_are_in_the_plan_and_the_small_and_the_good_are_not(made):
    # Resistance by hand: Survei (never 5/6, noncompliance 5/6) and Draf (the same) and Berhenti (never
    # 1/6, lapsed 4/5, noncompliance 1/2) are above the warning line; Baik is near 0; Kecil has 3 < 5 staff.
    assert set(made.units["unit_id"]) == {SURVEY, DRAFTS, LAPSED}
    assert (made.judged_units, made.too_small_units) == (4, 1)
    # The index by hand (never, lapsed, noncompliance, SKP unapproved): Survei and Draf (5/6, 0/1, 5/6, 0),
    # Berhenti (1/6, 4/5, 1 - (4 + 4 × 2) / (6 × 4), 0); most resistance first, ties by name.
    index = dict(zip(made.units["unit"], made.units["resistance_index"]))
    assert index == pytest.approx({"Unit Draf": (5 / 6 + 5 / 6) / 4, "Unit Survei": (5 / 6 + 5 / 6) / 4,
                                   "Unit Berhenti": (1 / 6 + 4 / 5 + 1 / 2) / 4})
    assert list(made.units["unit"]) == ["Unit Draf", "Unit Survei", "Unit Berhenti"]


def test_the_survey_barrier_is_used_where_the_unit_has_a_judged_wave(made):
    row = _unit(made, SURVEY)
    assert row["barrier"] == "Knowledge" and not row["barrier_inferred"]
    assert row["barrier_source"] == f"{words.SURVEY} Triwulan II 2026"
    assert row["approach"] == next(r["pendekatan"] for r in words.DEFAULT_APPROACHES if r["hambatan"] == "Knowledge")
    assert made.survey_barriers == 1 and made.wave_label == "Triwulan II 2026"


def test_without_a_survey_the_barrier_is_inferred_from_drafts_never_submitted_as_ability(made):
    row = _unit(made, DRAFTS)
    assert (row["hanya_draf_n"], row["belum_pernah_n"], row["berhenti_n"]) == (4, 1, 0)
    assert row["barrier"] == "Ability" and row["barrier_inferred"] and row["barrier_source"] == words.INFERRED
    assert row["approach_source"] == next(r["sumber"] for r in words.DEFAULT_APPROACHES if r["hambatan"] == "Ability")


def test_a_judged_wave_without_a_barrier_point_leaves_the_lapsed_units_barrier_inferred_as_reinforcement(made):
    row = _unit(made, LAPSED)
    assert (row["berhenti_n"], row["belum_pernah_n"], row["hanya_draf_n"]) == (4, 1, 0)
    assert row["barrier"] == "Reinforcement" and row["barrier_inferred"]
    assert row["survey_note"] == words.SURVEY_NO_BARRIER.format(line=3)
    assert made.inferred_barriers == 2


def test_staff_who_never_reported_point_to_awareness_and_knowledge_with_both_approaches():
    # Without the survey, unit Survei's five who never opened the report decide: Awareness/Knowledge.
    made = pipeline.plan(_inputs(survey=pd.DataFrame()))
    row = _unit(made, SURVEY)
    assert (row["belum_pernah_n"], row["hanya_draf_n"], row["berhenti_n"]) == (5, 0, 0)
    assert row["barrier"] == "Awareness/Knowledge" and row["barrier_inferred"]
    approaches = {r["hambatan"]: r["pendekatan"] for r in words.DEFAULT_APPROACHES}
    assert row["approach"] == f"Awareness: {approaches['Awareness']} Knowledge: {approaches['Knowledge']}"
    assert made.wave is None


def test_the_inferred_barrier_is_the_most_common_behaviour_ties_going_to_the_earliest_in_adkar_order():
    counts = pd.DataFrame({rules.COUNT[words.NEVER]: [2, 0, 1, 0], rules.COUNT[words.DRAFTS]: [2, 3, 0, 0],
                           rules.COUNT[words.LAPSED]: [2, 1, 4, 0]})
    assert list(rules.inferred_barrier(counts)) == ["Awareness/Knowledge", "Ability", "Reinforcement", None]


def test_champions_are_early_adopters_who_report_steadily(made):
    # Ranks: 22, 23 (lapsed: early but not steady), 1 (Survei), 41 (Baik): the first four are early adopters.
    found = rules.champions(_inputs().roster, _daily(), 202604)
    assert list(found["employee_id"]) == [1, 41]
    assert set(found["category"]) == {"Pengadopsi Awal"}
    by_unit = made.champions.groupby("plan_unit_id")
    assert list(by_unit.get_group(SURVEY)["employee_id"]) == [1]  # its own unit first
    assert set(by_unit.get_group(SURVEY)["source"]) == {words.SAME_UNIT}
    for unit in (DRAFTS, LAPSED):  # none of their own: the agency's, from other units
        assert list(by_unit.get_group(unit)["employee_id"]) == [1, 41]
        assert set(by_unit.get_group(unit)["source"]) == {words.SAME_AGENCY}
    assert dict(zip(made.units["unit_id"], made.units["champions_n"])) == {SURVEY: 1, DRAFTS: 2, LAPSED: 2}


def test_steady_means_active_in_each_of_the_last_three_months():
    inputs = _inputs()
    steady = rules.steady(inputs.roster, _daily(), 202604)
    assert rules.habit_months(202604) == [202602, 202603, 202604]
    assert steady[41] and steady[45] and steady[1]
    assert not steady[46]  # missed March
    assert not steady[22] and not steady[12] and not steady[2]  # lapsed, drafts only, never


def test_the_small_units_staff_are_never_listed_to_approach_though_none_of_them_reported(made):
    assert set(made.invitations["unit_id"]) == {SURVEY, DRAFTS, LAPSED}
    assert not set(made.invitations["employee_id"]) & set(STAFF[SMALL])
    invited = made.invitations.set_index("employee_id")
    assert invited.at[12, "behaviour"] == words.DRAFTS and invited.at[22, "behaviour"] == words.LAPSED
    assert invited.at[2, "invitation"] == words.INVITATIONS[words.NEVER]
    assert invited.at[22, "last_active"] == "Februari 2026"
    assert made.to_invite == 5 + 5 + 5
    # Ordered by unit and employee, never by any score of the person.
    assert list(made.invitations["employee_id"]) == sorted(made.invitations["employee_id"])


def test_a_changed_approach_setting_is_what_the_plan_suggests():
    table = [dict(r) for r in words.DEFAULT_APPROACHES]
    table[2] = {**table[2], "pendekatan": "Klinik e-Kinerja tiap Jumat", "sumber": "Keputusan Sekda"}
    row = _unit(pipeline.plan(_inputs({"plan_approaches": table})), SURVEY)
    assert (row["approach"], row["approach_source"]) == ("Klinik e-Kinerja tiap Jumat", "Keputusan Sekda")


def test_the_work_list_part_of_one_agency_keeps_its_rows(made):
    part = made.for_agency(1)
    assert len(part.units) == 3 and len(part.invitations) == 15
    assert made.for_agency(2).empty


@pytest.mark.parametrize("value, message", [
    ([], "belum ada: Awareness"),
    ([{"hambatan": "Semangat", "pendekatan": "x", "sumber": "y"}], "hambatan harus salah satu"),
    ([{"hambatan": "Awareness", "pendekatan": " ", "sumber": "y"}], "Pendekatan untuk Awareness harus diisi"),
    ([*words.DEFAULT_APPROACHES, words.DEFAULT_APPROACHES[0]], "sudah ada di baris lain"),
])
def test_the_approach_table_is_checked(value, message):
    with pytest.raises(ValueError, match=message):
        words.check_approaches(value)


def test_the_plan_per_barrier_lists_each_barrier_once_in_adkar_order_with_its_units(made):
    grouped = pipeline.by_barrier(made, names_shown=1)
    assert list(grouped["barrier"]) == ["Knowledge", "Ability", "Reinforcement"]
    assert list(grouped["barrier_inferred"]) == [False, True, True]
    assert list(grouped["unit_names"]) == [("Unit Survei",), ("Unit Draf",), ("Unit Berhenti",)]
    assert list(grouped["units_n"]) == [1, 1, 1] and list(grouped["more_n"]) == [0, 0, 0]


def test_an_inferred_awareness_knowledge_barrier_sorts_at_awareness():
    made = pipeline.plan(_inputs(survey=pd.DataFrame()))  # Survei: Awareness/Knowledge, inferred
    assert list(pipeline.by_barrier(made)["barrier"]) == ["Awareness/Knowledge", "Ability", "Reinforcement"]


def test_a_view_of_one_unit_finds_its_champions_in_the_whole_agency():
    alone = pipeline.plan(_inputs(only=DRAFTS))
    assert list(alone.units["unit_id"]) == [DRAFTS]
    assert alone.champions.empty  # ranked among its own six, nobody is in the first 16%
    with_peers = pipeline.plan(_inputs(only=DRAFTS), peers=_inputs())
    assert list(with_peers.champions["employee_id"]) == [1, 41]
    assert set(with_peers.champions["source"]) == {words.SAME_AGENCY}
    assert list(with_peers.units["champions_n"]) == [2]
    assert with_peers.units.drop(columns="champions_n").equals(alone.units.drop(columns="champions_n"))


def test_a_person_whose_only_rows_are_not_started_never_reported_and_wrote_no_draft(sqlite_url):
    """An e-Kinerja export carries 'Not Started' rows (the days nobody has filled in); they are stored and
    counted in daily_month.days_entered (any status), not in days_draft. Such a person wrote no draft: their
    behaviour is 'belum pernah' (→ Awareness/Knowledge), not 'hanya draf' (→ Ability, "sudah menulis draf")."""
    from data_access.db import get_engine
    from data_access.scope import Scope
    from tests import orgdata as od

    engine = get_engine(sqlite_url)
    od.load(engine, "pegawai", od.staff_rows(od.first_placement()), "pegawai.csv")
    days = [f"{d:02d}/03/2026" for d in (2, 3, 4)]
    rows = [f"{od.NIPS[2]};{d};{d} 15.00;Submitted" for d in days]
    rows += [f"{od.NIPS[3]};{d};{d} 15.00;Draft" for d in days]
    rows += [f"{od.NIPS[4]};{d};{d} 15.00;Not Started" for d in days]
    od.load(engine, "progres_harian", od.csv("NIP;TANGGAL;WAKTU INPUT;STATUS", rows), "harian.csv")
    inputs = od.inputs(engine, Scope.full("uji"), None)
    listed = rules.behaviours(inputs.roster, inputs.daily_month_ytd, [202603]).set_index("employee_id")
    behaviour = {nip: listed.at[od.employee_id(engine, nip), "behaviour"] for nip in od.NIPS[3:5]}
    assert behaviour == {od.NIPS[3]: words.DRAFTS, od.NIPS[4]: words.NEVER}


def test_one_working_day_into_a_month_the_steady_are_neither_lapsed_nor_dropped_as_champions():
    """Data to Monday 4 May 2026, one entry in May so far (employee 41's): staff who reported every month to
    April have not stopped, and unit Survei's steady early adopter (employee 1) is still its champion."""
    from data_access.inputs import MetricInputs

    daily = pd.concat([_daily(), pd.DataFrame([_month(41, 202605, 1, first=date(2026, 5, 4))])], ignore_index=True)
    base = _inputs()
    loaders = {name: (lambda n=name: getattr(base, n)) for name in FRAMES}
    loaders |= {"daily_month": lambda: daily, "daily_month_ytd": lambda: daily, "daily_end": lambda: date(2026, 5, 4)}
    inputs = MetricInputs(year=2026, period=None, start=base.start, end=base.end, now=datetime(2026, 5, 4, 12),
                          settings=base.settings, months=base.months, loaders=loaders)
    made = pipeline.plan(inputs)
    steady = [e for e in STAFF[GOOD] if e != 46] + [1, 11, 21]  # reported in every month to April
    assert not made.invitations["employee_id"].isin(steady).any()
    assert 1 in set(made.champions.loc[made.champions["plan_unit_id"] == SURVEY, "employee_id"])
    # The same rule on Adopsi Perubahan: the reminder list and the resistance index's "stopped reporting".
    from metrics.pipeline import adoption as adoption_pipeline

    assert adoption_pipeline.window(inputs).settles
    reminded = adoption_pipeline.nudges(inputs, adoption_pipeline.history(inputs, inputs))
    assert not reminded["employee_id"].isin(steady).any()
    assert set(reminded["employee_id"]) >= {22, 23, 24, 25}  # silent since March: April has passed
    table = adoption_pipeline.group_table(inputs, ["unit_id"]).set_index("unit_id")
    assert table.at[GOOD, "lapsed_share"] == 0
    assert table.at[LAPSED, "lapsed_share"] == pytest.approx(4 / 5)  # 22–25 of the five who had reported


def _january_inputs(before: pd.DataFrame) -> MetricInputs:
    """The agency on Monday 4 January 2027, its first working day, with one entry so far (employee 41's);
    `before`: the December 2026 summary (daily_month_before)."""
    january = pd.DataFrame([_month(41, 202701, 1, first=date(2027, 1, 4))])
    base = _inputs()
    loaders = {name: (lambda n=name: getattr(base, n)) for name in FRAMES}
    loaders |= {"daily_month": lambda: january, "daily_month_ytd": lambda: january,
                "daily_month_before": lambda: before, "daily_end": lambda: date(2027, 1, 4)}
    start, end = period_bounds(2027, None)
    return MetricInputs(year=2027, period=None, start=start, end=end, now=datetime(2027, 1, 4, 12),
                        settings=base.settings, months=month_keys(2027, None), loaders=loaders)


def test_while_january_settles_who_reported_in_december_has_neither_stopped_nor_never_reported():
    """January's month before is December of the year before, outside the year's history: without it,
    everyone who reported every month of 2026 was "belum pernah melapor" on 4 January 2027 (while the page
    says those who reported in December are not counted as stopped), and the unit's never-active share
    counted them."""
    from metrics.pipeline import adoption as adoption_pipeline

    december = pd.DataFrame([_month(e, 202612, FULL, first=date(2026, 12, 1)) for e in [*STAFF[GOOD], 1, 11, 21]])
    inputs = _january_inputs(december)
    assert adoption_pipeline.window(inputs).settles
    reminded = adoption_pipeline.nudges(inputs, adoption_pipeline.history(inputs, inputs))
    assert not reminded["employee_id"].isin([*STAFF[GOOD], 1, 11, 21]).any()
    assert set(reminded["employee_id"]) == {e for ids in STAFF.values() for e in ids} - {*STAFF[GOOD], 1, 11, 21}
    assert set(reminded["reason"]) == {"belum pernah melapor"}
    table = adoption_pipeline.group_table(inputs, ["unit_id"]).set_index("unit_id")
    assert table.at[GOOD, "never_active_share"] == 0
    # Nobody had reported in the year before its last month (the lapsed share's n), as on any day of January:
    # December's reporters are not counted as having started and not stopped (that would put a 0 in the index).
    assert table.at[GOOD, "lapsed_n"] == 0 and pd.isna(table.at[GOOD, "lapsed_share"])
    assert table.at[SURVEY, "never_active_share"] == pytest.approx(5 / 6)  # 1 reported in December
    # The control: nobody reported in December, so whoever has not yet in January never has.
    alone = _january_inputs(december.iloc[0:0])
    assert set(adoption_pipeline.nudges(alone, adoption_pipeline.history(alone, alone))["employee_id"]) == \
        {e for ids in STAFF.values() for e in ids} - {41}


def test_while_january_settles_its_early_adopters_are_champions():
    """The year holds no month before January: steadiness is judged on January itself (as from February
    on, on the months of the year before the settling one), not on months of the year before, which the
    year's history lacks (then nobody at all was a champion in January's first week)."""
    roster = pd.DataFrame([_person(e, u) for u, ids in STAFF.items() for e in ids])
    january = pd.DataFrame([_month(41, 202701, 1, first=date(2027, 1, 4))])
    found = rules.champions(roster, january, 202701, settles=True)
    assert found["employee_id"].tolist() == [41]


def test_an_agency_hidden_among_its_regions_shows_no_survey_barrier_in_its_own_plan():
    """Adopsi Perubahan hides every survey figure of a one-agency view whose agency is hidden among its
    region's (complementary suppression: a second agency of the region has 2 respondents, fewer than the
    minimum, so the shown agency with the fewest, this one, is hidden too). The plan of that view named unit
    Survei's survey barrier (Knowledge) all the same; judged with the region as its parent it infers it."""
    base = _inputs()
    other = pd.DataFrame([_person(e, 60) | {"agency_id": 2} for e in (71, 72, 73)])
    answers = pd.DataFrame([{"region_id": 1, "agency_id": 2, "unit_id": 60, "survey_date": date(2026, 4, 14),
                             **dict(zip(ADKAR_FIELDS, (4, 4, 4, 4, 4)))} for _ in range(2)])
    loaders = {name: (lambda n=name: getattr(base, n)) for name in FRAMES}
    loaders |= {"roster": lambda: pd.concat([base.roster, other], ignore_index=True),
                "adkar": lambda: pd.concat([base.adkar, answers], ignore_index=True)}
    region = MetricInputs(year=2026, period=None, start=base.start, end=base.end, now=base.now,
                          settings=base.settings, months=base.months, loaders=loaders)
    from metrics.pipeline import adkar as adkar_pipeline

    assert adkar_pipeline.signal(base, None, "unit_id", parent=region).figures.guarded  # as on Adopsi Perubahan
    assert _unit(pipeline.plan(base), SURVEY)["barrier"] == "Knowledge"  # the view alone: nothing to guard
    guarded = _unit(pipeline.plan(base, parent=region), SURVEY)
    assert guarded["barrier_inferred"] and guarded["barrier_source"] == words.INFERRED
    assert guarded["survey_note"].startswith("disembunyikan")
