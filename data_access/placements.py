"""Staff history (mutasi): where each employee was placed when, and each fact filed under it.

`employee_placement` holds an employee's placements, each valid from `valid_from` (null: since before
any record) until `valid_to` (exclusive; null: still). A `pegawai` import keeps it in line with the
employee table as of the snapshot's effective date (`sync`): a new employee gets an open placement, a
changed agency or unit closes the old placement on that date and opens the new one, a leaver's
placement is closed (the employee stays, inactive, with their history).

Facts keep the agency and unit of the placement valid at their date (`reattribute`): an appraisal
at the last day of its period, a training at its start, an SKP at its start, a month of e-Kinerja
entries at the month's first day (the monthly summary is one row per employee and month). Only
employees with more than one placement, or a closed one, can have facts filed elsewhere than their
current placement, so only theirs are read: the common import pays one small query.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, and_, bindparam, delete, insert, null, or_, select, update

from data_access.models import Appraisal, DailyMonth, Employee, EmployeePlacement, Skp, Training
from vocab.periods import period_bounds

_EARLIEST = pd.Timestamp("1900-01-01")
P = EmployeePlacement


class PlacementError(ValueError):
    """A placement change that contradicts the stored history (message in Indonesian)."""


def covering(on) -> object:
    """WHERE condition: the placement valid on `on`."""
    return and_(or_(P.valid_from.is_(None), P.valid_from <= on), or_(P.valid_to.is_(None), P.valid_to > on))


def sync(conn: Connection, on: date, batch_id: int | None = None, joiners_from: date | None = None) -> list[int]:
    """Bring the placement history in line with the employee table, effective `on`; returns the
    employees whose placement changed (their facts are re-filed by the caller or by reattribute).
    Staff seen for the first time are placed since before any record, or from `joiners_from` when
    given (a snapshot with its own effective date: whoever is new in it joined that day, so they are
    not on the roll of the periods before, nor unrated in them)."""
    e = Employee
    open_p = select(P.id, P.employee_id, P.agency_id, P.unit_id, P.valid_from).where(P.valid_to.is_(None)).subquery()
    changed = conn.execute(
        select(e.id, e.agency_id, e.unit_id, e.active, open_p.c.id, open_p.c.valid_from)
        .outerjoin(open_p, open_p.c.employee_id == e.id)
        .where(or_(and_(open_p.c.id.is_(None), e.active.is_(True)),
                   and_(open_p.c.id.is_not(None),
                        or_(e.active.is_(False), open_p.c.agency_id != e.agency_id, open_p.c.unit_id != e.unit_id))))
    ).all()
    if not changed:
        return []
    ids = [r[0] for r in changed]
    with_history = set()
    for chunk in _chunks(ids):
        with_history |= {x for (x,) in conn.execute(select(P.employee_id).where(P.employee_id.in_(chunk)).distinct())}
    closing = [r for r in changed if r[4] is not None]
    late = [r for r in closing if r[5] is not None and r[5] > on]
    if late:
        raise PlacementError(
            f"Tanggal berlaku {on:%d-%m-%Y} lebih awal daripada penempatan terakhir {len(late)} pegawai "
            f"(mulai {min(r[5] for r in late):%d-%m-%Y}); gunakan tanggal yang sama atau sesudahnya.")
    same_day = [r[4] for r in closing if r[5] == on]  # replaced the same day: the old one never held
    if same_day:
        conn.execute(delete(P).where(P.id.in_(same_day)))
    others = [r[4] for r in closing if r[5] != on]
    if others:
        conn.execute(update(P).where(P.id.in_(others)).values(valid_to=on, closed_batch_id=batch_id))
    opening = [{"employee_id": r[0], "agency_id": r[1], "unit_id": r[2],
                "valid_from": on if r[0] in with_history else joiners_from, "valid_to": None, "batch_id": batch_id}
               for r in changed if r[3]]
    if opening:
        conn.execute(insert(P), opening)
    return sorted(with_history)


def undo_batch(conn: Connection, batch_id: int) -> list[int]:
    """Undo what a `pegawai` batch did to the placements (rollback): its placements go, those it
    closed reopen. Returns the employees concerned."""
    touched = {x for (x,) in conn.execute(select(P.employee_id).where(
        or_(P.batch_id == batch_id, P.closed_batch_id == batch_id)))}
    conn.execute(delete(P).where(P.batch_id == batch_id))
    conn.execute(update(P).where(P.closed_batch_id == batch_id).values(valid_to=null(), closed_batch_id=null()))
    return sorted(touched)


def placement_history(conn: Connection, employee_ids) -> pd.DataFrame:
    """employee_id, agency_id, unit_id, start (valid_from, the earliest date when open), valid_to."""
    rows = []
    for chunk in _chunks(list(employee_ids)):
        rows += conn.execute(select(P.employee_id, P.agency_id, P.unit_id, P.valid_from, P.valid_to)
                             .where(P.employee_id.in_(chunk))).all()
    frame = pd.DataFrame(rows, columns=["employee_id", "agency_id", "unit_id", "valid_from", "valid_to"])
    frame["start"] = pd.to_datetime(frame["valid_from"]).fillna(_EARLIEST).astype("datetime64[us]")
    return frame.sort_values("start", kind="stable")


def attribute(facts: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The agency_id and unit_id of the placement valid at each fact's `on` date (one vectorised
    merge_asof; a date before the first placement takes the first, one after the last the last).
    `facts` needs employee_id and on; returns a frame aligned with it."""
    left = facts[["employee_id", "on"]].assign(_row=range(len(facts)),
                                               on=pd.to_datetime(facts["on"]).astype("datetime64[us]"))
    left = left.sort_values("on", kind="stable")
    right = places[["employee_id", "start", "agency_id", "unit_id"]]
    found = pd.merge_asof(left, right, left_on="on", right_on="start", by="employee_id", direction="backward")
    missing = found["agency_id"].isna()
    if missing.any():
        ahead = pd.merge_asof(left, right, left_on="on", right_on="start", by="employee_id", direction="forward")
        found.loc[missing, ["agency_id", "unit_id"]] = ahead.loc[missing, ["agency_id", "unit_id"]].to_numpy()
    return found.sort_values("_row")[["agency_id", "unit_id"]].reset_index(drop=True)


def _appraisal_dates(frame: pd.DataFrame) -> pd.Series:
    ends = {(y, p): period_bounds(int(y), p)[1] for y, p in set(zip(frame["year"], frame["period"]))}
    return pd.Series([ends[(y, p)] for y, p in zip(frame["year"], frame["period"])], index=frame.index)


# table -> (its key columns, the columns its fact date is read from, how)
_FACTS = {
    Appraisal: (["id"], ["year", "period"], _appraisal_dates),
    Training: (["id"], ["start_date"], lambda f: f["start_date"]),
    Skp: (["id"], ["period_start", "period_end"], lambda f: f["period_start"].fillna(f["period_end"])),
    DailyMonth: (["employee_id", "month"], ["month"],
                 lambda f: pd.to_datetime((f["month"] * 100 + 1).astype(str), format="%Y%m%d")),
}
FACT_TABLES = tuple(_FACTS)


def employees_with_history(conn: Connection, employee_ids=None) -> list[int]:
    """Employees whose facts may belong elsewhere than their current placement: those with a
    placement that starts on a known date or has ended."""
    found = {x for (x,) in conn.execute(select(P.employee_id).where(
        or_(P.valid_from.is_not(None), P.valid_to.is_not(None))).distinct())}
    if employee_ids is not None:
        found &= {int(x) for x in employee_ids}
    return sorted(found)


def reattribute(conn: Connection, employee_ids=None, tables=FACT_TABLES) -> int:
    """File each fact of these employees (default: every employee with a history) under the
    placement valid at its date; returns how many rows moved."""
    ids = employees_with_history(conn, employee_ids)
    if not ids:
        return 0
    places = placement_history(conn, ids)
    moved = 0
    for table in tables:
        key, date_cols, to_date = _FACTS[table]
        cols = list(dict.fromkeys([*key, "employee_id", *date_cols, "agency_id", "unit_id"]))
        rows = []
        for chunk in _chunks(ids):
            rows += conn.execute(select(*[getattr(table, c) for c in cols]).where(
                table.employee_id.in_(chunk))).all()
        if not rows:
            continue
        facts = pd.DataFrame(rows, columns=cols)
        facts["on"] = to_date(facts)
        facts = facts[facts["on"].notna()].reset_index(drop=True)
        new = attribute(facts, places)
        diff = (facts["agency_id"].to_numpy() != new["agency_id"].to_numpy()) | (
            facts["unit_id"].to_numpy() != new["unit_id"].to_numpy())
        if not diff.any():
            continue
        change = facts.loc[diff, key].assign(new_agency=new.loc[diff, "agency_id"].to_numpy(),
                                             new_unit=new.loc[diff, "unit_id"].to_numpy())
        where = and_(*[getattr(table, k) == bindparam(f"k_{k}") for k in key])
        conn.execute(update(table).where(where).values(agency_id=bindparam("new_agency"), unit_id=bindparam("new_unit")),
                     [{**{f"k_{k}": int(r[k]) for k in key}, "new_agency": int(r["new_agency"]),
                       "new_unit": int(r["new_unit"])} for r in change.to_dict("records")])
        moved += int(diff.sum())
    return moved


def _chunks(items: list, size: int = 5000):
    for i in range(0, len(items), size):
        yield items[i:i + size]
