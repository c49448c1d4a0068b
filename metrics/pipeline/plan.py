"""The mentoring plan (Rencana Pendampingan, issue 20 part 4): for a view, the units that resist
(vocab.plan.RESISTING_RULE: judged, resistance index "waspada" or "perlu tindakan", metrics.pipeline.adoption), each
with its barrier (the ADKAR survey's barrier point where the unit has a judged wave, else inferred from
behaviour and labelled so: metrics.plan), the suggested approach (the setting plan_approaches), its peer
champions and the staff to invite to talk. The page, its Excel work list and `python -m metrics report`
call `plan` and nothing else.

No names here: the frames carry employee_id; the page adds names only for viewers allowed to see them.
A unit too small to judge (the shared too_small rule) is never in the plan, so none of its staff is
listed to be approached.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics import adkar, adoption
from metrics import plan as rules
from metrics.pipeline import adkar as adkar_pipeline
from metrics.pipeline import adoption as adoption_pipeline
from metrics.pipeline import names as names_of
from vocab import codes
from vocab import plan as words
from vocab.catalogue import ACT, WATCH
from vocab.indicators import GUARDED

UNIT_COLUMNS = ("region_id", "agency_id", "unit_id", "region", "agency", "unit", "expected", "resistance_index",
                "status", *rules.COUNT.values(), "to_invite_n", "barrier", "barrier_inferred", "barrier_source",
                "survey_note", "approach", "approach_source", "champions_n")
INVITE_COLUMNS = ("employee_id", "region_id", "agency_id", "unit_id", "unit", "behaviour", "behaviour_label",
                  "invitation", "last_active")
CHAMPION_COLUMNS = ("plan_unit_id", "plan_unit", "employee_id", "agency_id", "unit_id", "unit", "source",
                    "category", "first_active_date")


@dataclass(frozen=True)
class Plan:
    units: pd.DataFrame  # UNIT_COLUMNS, one row per unit in the plan, most resistance first
    invitations: pd.DataFrame  # INVITE_COLUMNS, by agency, unit and employee_id (never ranked by person)
    champions: pd.DataFrame  # CHAMPION_COLUMNS, per plan unit, earliest adopters first
    judged_units: int = 0  # units with staff enough to judge
    too_small_units: int = 0
    min_group_size: int = 0
    wave: int | None = None  # the survey wave the barriers come from

    @property
    def empty(self) -> bool:
        return self.units.empty

    @property
    def wave_label(self) -> str | None:
        return adkar.wave_label(self.wave)

    @property
    def survey_barriers(self) -> int:
        """Plan units whose barrier is the survey's."""
        return int((~self.units["barrier_inferred"].astype(bool)).sum())

    @property
    def inferred_barriers(self) -> int:
        """Plan units whose barrier is inferred from behaviour (not those whose barrier cannot be inferred)."""
        return int(self.units["barrier_inferred"].astype(bool).sum())

    @property
    def to_invite(self) -> int:
        return int(len(self.invitations))

    @property
    def agencies(self) -> dict[int, str]:
        """The agencies with a unit in the plan: id -> name (region after it), in plan order."""
        rows = self.units.drop_duplicates("agency_id")
        return {int(a): f"{n} — {r}" for a, n, r in zip(rows["agency_id"], rows["agency"], rows["region"])}

    @property
    def several_regions(self) -> bool:
        return bool(self.units["region_id"].nunique() > 1)

    def for_agency(self, agency_id: int) -> "Plan":
        """The same plan for one agency (its work list)."""
        return Plan(self.units[self.units["agency_id"] == agency_id].reset_index(drop=True),
                    self.invitations[self.invitations["agency_id"] == agency_id].reset_index(drop=True),
                    self.champions[self.champions["agency_id"] == agency_id].reset_index(drop=True),
                    self.judged_units, self.too_small_units, self.min_group_size, self.wave)


BARRIER_COLUMNS = ("barrier", "barrier_inferred", "approach", "approach_source", "units_n", "unit_names", "more_n")


def by_barrier(made: Plan, names_shown: int = 5) -> pd.DataFrame:
    """The plan per barrier (BARRIER_COLUMNS), in ADKAR order, the survey's before the inferred of the same
    element: its approach and source, how many units, the first `names_shown` unit names (most resistance
    first) and how many more. Units whose barrier cannot be inferred are left out."""
    units = made.units[made.units["barrier"].map(lambda b: isinstance(b, str))]
    def order(barrier: str) -> int:  # an inferred barrier sorts at its first element
        return codes.ADKAR_ELEMENTS.index(words.BARRIER_ELEMENTS.get(barrier, (barrier,))[0])
    rows = []
    for (barrier, inferred), part in units.groupby(["barrier", "barrier_inferred"], sort=False):
        rows.append({"barrier": barrier, "barrier_inferred": bool(inferred), "approach": part["approach"].iloc[0],
                     "approach_source": part["approach_source"].iloc[0], "units_n": len(part),
                     "unit_names": tuple(part["unit"].head(names_shown)),
                     "more_n": max(len(part) - names_shown, 0), "_o": (order(barrier), inferred)})
    if not rows:
        return _empty(BARRIER_COLUMNS)
    return pd.DataFrame(rows).sort_values("_o").reset_index(drop=True)[list(BARRIER_COLUMNS)]


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _resisting(inputs, source) -> tuple[pd.DataFrame, int, int]:
    """The units in the plan (the adoption group table by unit: judged, WATCH or ACT), and how many units were
    judged and too small. `source` holds the e-Kinerja data the view's units are judged on: the view itself,
    or its whole agency (a view of one unit whose staff never reported has no rows of its own, yet is judged
    as in its agency's view)."""
    roster = None if source is inputs else inputs.roster
    table = adoption_pipeline.group_table(source, ["unit_id"], roster=roster, names=names_of(inputs, "unit_id"))
    if table.empty:
        return table, 0, 0
    small = table["too_small"].astype(bool)
    chosen = table[~small & table["status"].isin([WATCH, ACT])]
    return chosen, int((~small).sum()), int(small.sum())


def _with_places(inputs, units: pd.DataFrame) -> pd.DataFrame:
    """unit_id, expected, resistance_index, status with agency, region and their names."""
    org = inputs.units[["unit_id", "agency_id"]].merge(
        inputs.agencies[["agency_id", "agency", "region_id", "region"]], on="agency_id", how="left")
    out = units[["unit_id", "nama", "expected", "resistance_index", "status"]].rename(columns={"nama": "unit"})
    return out.merge(org, on="unit_id", how="left")


def _survey(inputs, previous_inputs, peers) -> tuple[pd.DataFrame, int | None]:
    """Per (agency, unit): the survey's barrier point where the unit has a judged wave, and a note where a
    judged wave has none (adkar_pipeline.report_table, the page's and the report's survey). A view whose
    one unit is hidden among its agency's, or of one agency among its region's (`peers`, the view one level
    up; adkar_pipeline.hidden_in_parent, as on Adopsi Perubahan) shows no barrier from the survey either."""
    table, wave, _before = adkar_pipeline.report_table(inputs, ["agency_id", "unit_id"], previous_inputs)
    if table.empty:
        return pd.DataFrame(columns=["unit_id", "survey_barrier", "survey_note"]), wave
    if peers is not None and adkar_pipeline.hidden_in_parent(inputs, peers, wave,
                                                             int(inputs.settings["min_group_size"])):
        table = table.assign(too_small=True, note=GUARDED)
    judged = ~table["too_small"].astype(bool) & (table["respondents"] > 0)
    barrier = table["barrier"].where(judged & table["barrier"].map(lambda b: isinstance(b, str)), None)
    note = np.where(judged & barrier.isna(), words.SURVEY_NO_BARRIER.format(line=codes.ADKAR_BARRIER_MAX),
                    np.where(judged, "", table["note"].fillna("")))
    return pd.DataFrame({"unit_id": table["unit_id"], "survey_barrier": barrier.astype(object),
                         "survey_note": note}), wave


def _barriers(units: pd.DataFrame, survey: pd.DataFrame, wave: int | None, table: list[dict]) -> pd.DataFrame:
    """The barrier of each plan unit: the survey's where there is one, else inferred (labelled so)."""
    out = units.merge(survey, on="unit_id", how="left")
    inferred = rules.inferred_barrier(out)
    has_survey = out["survey_barrier"].map(lambda b: isinstance(b, str))
    out["barrier"] = out["survey_barrier"].where(has_survey, inferred).astype(object)
    out["barrier_inferred"] = ~has_survey & inferred.notna()  # a barrier that cannot be inferred is not one
    survey_words = f"{words.SURVEY} {adkar.wave_label(wave)}" if wave is not None else words.SURVEY
    out["barrier_source"] = np.where(has_survey, survey_words,
                                     np.where(inferred.notna(), words.INFERRED, words.NOT_INFERRED))
    out["survey_note"] = out["survey_note"].fillna("")
    found = [rules.approaches(b if isinstance(b, str) else None, table) for b in out["barrier"]]
    out["approach"] = pd.Series([a for a, _ in found], index=out.index, dtype=object)
    out["approach_source"] = pd.Series([s for _, s in found], index=out.index, dtype=object)
    return out.drop(columns="survey_barrier")


def _invitations(inputs, listed: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The staff of the plan units to invite personally, with the invitation's words."""
    out = listed[listed["unit_id"].isin(units["unit_id"])].copy()
    if out.empty:
        return _empty(INVITE_COLUMNS)
    out["region_id"] = out["agency_id"].map(inputs.agencies.set_index("agency_id")["region_id"])
    out["unit"] = out["unit_id"].map(names_of(inputs, "unit_id"))
    out["behaviour_label"] = out["behaviour"].map(words.BEHAVIOUR_LABELS)
    out["invitation"] = out["behaviour"].map(words.INVITATIONS)
    out["last_active"] = [adoption.month_label(int(m)) if pd.notna(m) else "–" for m in out["last_active_month"]]
    return out.sort_values(["agency_id", "unit_id", "employee_id"]).reset_index(drop=True)[list(INVITE_COLUMNS)]


def _champions(peers, last: int, units: pd.DataFrame, settles: bool) -> pd.DataFrame:
    """The plan units' champions among `peers` (MetricInputs whose roster holds the units' agencies)."""
    dm = peers.daily_month_ytd
    found = rules.champions(peers.roster, dm[dm["month"] <= last], last, settles)
    picked = rules.champions_for(units, found)
    if picked.empty:
        return _empty(CHAMPION_COLUMNS)
    unit_names = names_of(peers, "unit_id")
    picked["unit"] = picked["unit_id"].map(unit_names)
    picked["plan_unit"] = picked["plan_unit_id"].map(unit_names)
    return picked[list(CHAMPION_COLUMNS)]


def plan(inputs, previous_inputs=None, peers=None, parent=None) -> Plan:
    """The plan of a view (MetricInputs); `previous_inputs`, the period before, where the survey's previous
    wave may lie (as the Adopsi Perubahan page finds it); `peers`, the same span over the view's whole
    agencies, where champions are ranked and found (a view of one unit still finds them in the other
    units of its agency, and its units are judged on the agency's e-Kinerja data, so a unit whose staff
    never reported is in its own view's plan as in its agency's; default: the view itself); `parent`, the
    same span one level up, where the survey guard is judged as on Adopsi Perubahan (a view of one agency
    hidden among its region's shows no survey barrier either; default: `peers`). Empty without e-Kinerja
    data."""
    minimum = int(inputs.settings["min_group_size"])
    source = inputs if peers is None else peers
    resisting, judged, small = _resisting(inputs, source)
    win = adoption_pipeline.window(source)
    if resisting.empty or not win.months:
        return Plan(_empty(UNIT_COLUMNS), _empty(INVITE_COLUMNS), _empty(CHAMPION_COLUMNS), judged, small, minimum)
    last = win.months[-1]
    dm = inputs.daily_month_ytd
    dm = dm[dm["month"] <= last]
    listed = rules.behaviours(inputs.roster, dm, [last], win.settles, adoption_pipeline.month_before(inputs, win))
    units = _with_places(inputs, resisting)
    counts = rules.behaviour_counts(listed)
    units = units.merge(counts, on="unit_id", how="left")
    for column in rules.COUNT.values():
        units[column] = units[column].fillna(0).astype("int64")
    units["to_invite_n"] = units[list(rules.COUNT.values())].sum(axis=1).astype("int64")
    survey, wave = _survey(inputs, previous_inputs, peers if parent is None else parent)
    units = _barriers(units, survey, wave, inputs.settings["plan_approaches"])
    champions = _champions(inputs if peers is None else peers, last, units, win.settles)
    units["champions_n"] = units["unit_id"].map(champions.groupby("plan_unit_id").size()).fillna(0).astype("int64")
    units = units.sort_values(["resistance_index", "unit"], ascending=[False, True]).reset_index(drop=True)
    return Plan(units[list(UNIT_COLUMNS)], _invitations(inputs, listed, units), champions, judged, small,
                minimum, wave)
