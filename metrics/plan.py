"""The mentoring plan's rules (Rencana Pendampingan, vocab/plan.py), pure functions over the adoption
frames (roster, daily_month: all history up to the view's last month).

- **Behaviour** of each person the reminder list names (metrics.adoption.nudge_list, the existing rule):
  lapsed (reported before, not in the last month), else drafts only (a Draft entered, nothing ever
  Submitted or Approved), else never (not even a Draft).
- **Inferred barrier** of a unit without a survey barrier: the behaviour most of its people show, read as
  an ADKAR barrier (never → Awareness/Knowledge, drafts only → Ability, lapsed → Reinforcement); on a
  tie the earliest in ADKAR order (ADKAR is sequential); none when nobody shows any.
- **Steady**: active (Submitted/Approved) in each of the last HABIT_MONTHS months.
- **Champions**: Rogers innovators and early adopters (metrics.adoption.rogers_categories, ranked within
  each agency) who report steadily.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from metrics import adoption
from metrics.common import aggregate
from vocab import plan as words
from vocab.indicators import STATE_NEW, STATE_RESURRECTED, STATE_RETURNING

ACTIVE_STATES = (STATE_NEW, STATE_RETURNING, STATE_RESURRECTED)  # lifecycle states of an active month
COUNT = {b: f"{b}_n" for b in words.BEHAVIOURS}  # the count column of each behaviour


def behaviours(roster: pd.DataFrame, daily_month: pd.DataFrame, months: Sequence[int],
               settles: bool = False, before: pd.DataFrame | None = None) -> pd.DataFrame:
    """The people of the reminder list (adoption.nudge_list over `months`, `settles` and `before` as it
    takes them) with their behaviour: employee_id, agency_id, unit_id, reason, last_active_month, behaviour
    (vocab.plan.BEHAVIOURS)."""
    listed = adoption.nudge_list(roster, daily_month, months, settles, before)
    upto = daily_month[daily_month["month"] <= max(months)]
    drafted = set(upto.loc[pd.to_numeric(upto["days_draft"]) > 0, "employee_id"])
    listed["behaviour"] = np.select(
        [listed["last_active_month"].notna().to_numpy(dtype=bool), listed["employee_id"].isin(drafted).to_numpy()],
        [words.LAPSED, words.DRAFTS], default=words.NEVER)
    return listed


def behaviour_counts(listed: pd.DataFrame, by: Iterable[str] = ("unit_id",)) -> pd.DataFrame:
    """Per group of `by` with someone listed: how many show each behaviour (COUNT columns)."""
    by = list(by)
    flags = listed[by].assign(**{COUNT[b]: (listed["behaviour"] == b).to_numpy() for b in words.BEHAVIOURS})
    out = aggregate(flags, by, **{c: (c, "sum") for c in COUNT.values()})
    return out.astype({c: "int64" for c in COUNT.values()})


def inferred_barrier(counts: pd.DataFrame) -> pd.Series:
    """Per row of COUNT columns: the barrier its most common behaviour points to (ties: the earliest
    in ADKAR order), None when every count is 0."""
    values = counts[[COUNT[b] for b in words.BEHAVIOURS]].to_numpy(dtype="int64")
    top = np.argmax(values, axis=1)  # the first of the largest: BEHAVIOURS are in ADKAR order
    names = np.array([words.INFERRED_BARRIER[b] for b in words.BEHAVIOURS], dtype=object)[top]
    return pd.Series(np.where(values.max(axis=1, initial=0) > 0, names, None), index=counts.index, dtype=object)


def habit_months(last_month: int, n: int = words.HABIT_MONTHS) -> list[int]:
    """The last `n` months of the year up to `last_month` (yyyymm), oldest first."""
    year = last_month // 100
    return [m for m in range(year * 100 + 1, last_month + 1)][-n:]


def steady(roster: pd.DataFrame, daily_month: pd.DataFrame, last_month: int) -> pd.Series:
    """Per roster employee (indexed by employee_id): active in each of habit_months(last_month)."""
    months = habit_months(last_month)
    states = adoption.lifecycle(daily_month, roster[["employee_id"]], months)
    active = states["state"].isin(ACTIVE_STATES)
    every = active.groupby(states["employee_id"]).all()
    return every.reindex(roster["employee_id"], fill_value=False)


def champions(roster: pd.DataFrame, daily_month: pd.DataFrame, last_month: int,
              settles: bool = False) -> pd.DataFrame:
    """Staff who adopted early (Rogers innovators and early adopters, ranked within their agency) and
    report steadily: employee_id, agency_id, unit_id, category, first_active_date, rank; earliest first.
    While `last_month` settles (adoption.settling), steadiness is judged up to the month before, except in
    January: the year holds no month before it (habit_months), and who adopted in its first days is steady."""
    upto = daily_month[daily_month["month"] <= last_month]
    ranked = adoption.rogers_categories(roster[["employee_id", "agency_id", "unit_id"]], upto, by=["agency_id"])
    before = settles and last_month % 100 != 1
    is_steady = steady(roster, upto, adoption.previous_month(last_month) if before else last_month)
    early = ranked["category"].isin(words.EARLY_CATEGORIES) & ranked["employee_id"].map(is_steady).fillna(False)
    out = ranked.loc[early.astype(bool), ["employee_id", "agency_id", "unit_id", "category", "first_active_date", "rank"]]
    return out.sort_values(["agency_id", "rank", "employee_id"], kind="stable").reset_index(drop=True)


def champions_for(units: pd.DataFrame, found: pd.DataFrame, per_unit: int = words.CHAMPIONS_PER_UNIT) -> pd.DataFrame:
    """For each unit of `units` (unit_id, agency_id): at most `per_unit` champions of `found` (champions()),
    from the same unit when it has any, else from the agency's other units; with plan_unit_id and
    source (vocab.plan.SAME_UNIT / SAME_AGENCY), in the units' order, earliest adopters first."""
    plan_units = units[["unit_id", "agency_id"]].rename(columns={"unit_id": "plan_unit_id"})
    own = found.merge(plan_units, left_on=["unit_id", "agency_id"], right_on=["plan_unit_id", "agency_id"])
    others = plan_units[~plan_units["plan_unit_id"].isin(found["unit_id"])]
    peers = found.merge(others, on="agency_id")
    picked = pd.concat([own.assign(source=words.SAME_UNIT), peers.assign(source=words.SAME_AGENCY)],
                       ignore_index=True)
    position = dict(zip(plan_units["plan_unit_id"], range(len(plan_units))))
    picked = picked.assign(_o=picked["plan_unit_id"].map(position)).sort_values(
        ["_o", "rank", "employee_id"], kind="stable")
    picked = picked[picked.groupby("plan_unit_id").cumcount() < per_unit]
    return picked.drop(columns="_o").reset_index(drop=True)[[*found.columns, "plan_unit_id", "source"]]


def approaches(barrier: str | None, table: list[dict]) -> tuple[str | None, str | None]:
    """The approach and its source for a barrier (an ADKAR element, or an inferred barrier standing for
    several: their approaches in turn), from the setting plan_approaches; (None, None) without a barrier."""
    if barrier is None:
        return None, None
    rows = {r["hambatan"]: r for r in table}
    elements = words.BARRIER_ELEMENTS.get(barrier, (barrier,))
    if len(elements) == 1:
        row = rows[elements[0]]
        return row["pendekatan"], row["sumber"]
    return (" ".join(f"{e}: {rows[e]['pendekatan']}" for e in elements),
            "; ".join(dict.fromkeys(rows[e]["sumber"] for e in elements)))
