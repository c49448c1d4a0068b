"""The monthly summary of daily e-Kinerja entries (daily_month): one row per employee and month, which
the pages read instead of the raw daily rows. Every change to the raw rows keeps it in step, inside
the same transaction: an import (from the sums gathered chunk by chunk, or rebuilt from the stored
rows), a replace import, a rollback (refresh_daily_months), and the retention purge (whole months,
delete_months_before)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, case, delete, func, insert, literal, select

from data_access import placements
from data_access.importing.bulk import sqlite_insert, tuples
from data_access.importing.keys import push_run
from data_access.importing.replace import key_table
from data_access.models import DailyEntry, DailyMonth, Employee
from vocab import codes
from vocab.indicators import LATE_ENTRY_DAYS

EPOCH = pd.Timestamp("1970-01-01")  # DailyEntry.day and DailyMonth's days count days from here


class DailyState:
    """What the Progres Harian chunks of one import leave for its end: the staff and days touched, and
    the monthly summary of the rows loaded (exact for the staff with nothing stored before: every row
    of theirs was inserted)."""

    def __init__(self):
        self.employees: set[int] = set()
        self.day_min: int | None = None
        self.day_max: int | None = None
        # Monthly sums of the rows inserted so far, in a few folded parts (push_run): folding every
        # chunk into one frame re-grouped the whole summary per chunk.
        self.sum_parts: list[pd.DataFrame] = []

    def add_sums(self, sums: pd.DataFrame) -> None:
        push_run(self.sum_parts, sums, size=len, merge=lambda older, newer: _fold(pd.concat([older, newer])))

    def sums(self) -> pd.DataFrame | None:
        """One row per employee and month, or None when no sums were gathered."""
        if not self.sum_parts:
            return None
        return self.sum_parts[0] if len(self.sum_parts) == 1 else _fold(pd.concat(self.sum_parts))


def stored_before(conn: Connection, batch_id: int, employee_ids: list[int], first: int, last: int) -> bool:
    """Whether any daily entry of another batch is stored for these staff between these days."""
    e = DailyEntry
    touched = touched_table(conn, employee_ids)
    return conn.execute(select(e.employee_id).where(e.employee_id.in_(touched), e.day.between(first, last),
                                                    e.batch_id != batch_id).limit(1)).first() is not None


def month_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """DailyMonth's sums of these rows per employee and month (see refresh_daily_months). Rows sorted
    by employee and day (as the loader writes them) are summed run by run, without a grouping."""
    day = frame["day"].to_numpy()
    months = day.astype("datetime64[D]").astype("datetime64[M]").astype("int64")
    active = frame["status"].to_numpy() >= codes.DAILY_ACTIVE_MIN_CODE
    lag = frame["input_min"].to_numpy() // 1440 - day
    approval = (frame["approved_min"] - frame["input_min"]).astype("Float64").to_numpy(dtype="float64",
                                                                                        na_value=np.nan)
    employee = frame["employee_id"].to_numpy()
    month = (months // 12 + 1970) * 100 + months % 12 + 1
    if len(day) and (np.diff(employee) >= 0).all() and (np.diff(employee * 1_000_000 + month) >= 0).all():
        return _runs(employee, month, day, active, lag, approval, frame["status"].to_numpy())
    return pd.DataFrame({
        "employee_id": employee,
        "month": month,
        "days_entered": 1,
        "days_draft": (frame["status"].to_numpy() == codes.DAILY_STATUS_CODES["Draft"]).astype("int64"),
        "days_active": active.astype("int64"),
        "days_approved": (frame["status"].to_numpy() == codes.DAILY_STATUS_CODES["Approved"]).astype("int64"),
        "days_on_time": (active & (lag <= 0)).astype("int64"),
        "days_within_7": (active & (lag <= LATE_ENTRY_DAYS)).astype("int64"),
        "approval_minutes_sum": approval,
        "first_active_day": np.where(active, day, np.nan),
        "last_active_day": np.where(active, day, np.nan),
    }).pipe(_fold)


def _runs(employee, month, day, active, lag, approval, status) -> pd.DataFrame:
    """month_sums of rows in employee and month order: what _fold gives, summed over each run."""
    start = np.flatnonzero(np.r_[True, (employee[1:] != employee[:-1]) | (month[1:] != month[:-1])])
    active_day = np.where(active, day, np.nan)
    approved = status == codes.DAILY_STATUS_CODES["Approved"]
    draft = status == codes.DAILY_STATUS_CODES["Draft"]
    return pd.DataFrame({
        "employee_id": employee[start],
        "month": month[start],
        "days_entered": np.diff(np.r_[start, len(day)]),
        "days_draft": np.add.reduceat(draft.astype("int64"), start),
        "days_active": np.add.reduceat(active.astype("int64"), start),
        "days_approved": np.add.reduceat(approved.astype("int64"), start),
        "days_on_time": np.add.reduceat((active & (lag <= 0)).astype("int64"), start),
        "days_within_7": np.add.reduceat((active & (lag <= LATE_ENTRY_DAYS)).astype("int64"), start),
        "approval_minutes_sum": np.add.reduceat(np.nan_to_num(approval, nan=0.0), start),
        "first_active_day": np.fmin.reduceat(active_day, start),
        "last_active_day": np.fmax.reduceat(active_day, start),
    })


def _fold(sums: pd.DataFrame) -> pd.DataFrame:
    return sums.groupby(["employee_id", "month"], sort=False).agg(_MONTH_AGG).reset_index()


_MONTH_AGG = {"days_entered": "sum", "days_draft": "sum", "days_active": "sum", "days_approved": "sum",
              "days_on_time": "sum", "days_within_7": "sum", "approval_minutes_sum": "sum", "first_active_day": "min",
              "last_active_day": "max"}


def finish_daily(conn: Connection, state: DailyState, batch_id: int, replaced_employees: list[int]) -> None:
    """Rebuild the monthly summary of the staff and months an import touched (`state`, and the staff
    whose entries a replace import took out), once, at its end: for the staff with nothing stored in
    those months before, from the sums gathered chunk by chunk (every row of theirs was inserted);
    for the others (entries of another batch stored there, or taken out by a replace import), from
    the stored rows (refresh_daily_months)."""
    touched = sorted(state.employees | set(replaced_employees))
    if not touched:
        return
    months = month_bounds(state.day_min, state.day_max)
    sums = state.sums()
    first, last = months[0][1], months[-1][2]
    if sums is None:
        stale = set(touched)
    elif stored_before(conn, batch_id, touched, first, last):
        stale = set(replaced_employees) | stored_staff(conn, batch_id, touched, first, last)
    else:
        stale = set(replaced_employees)
    fresh = [e for e in touched if e not in stale]
    if stale:
        refresh_daily_months(conn, state.day_min, state.day_max, employee_ids=sorted(stale))
    if fresh:
        _write_sums(conn, sums[sums["employee_id"].isin(fresh)].copy(), fresh, months)


def stored_staff(conn: Connection, batch_id: int, employee_ids: list[int], first: int, last: int) -> set[int]:
    """The staff among these with a daily entry of another batch stored between these days."""
    e = DailyEntry
    touched = touched_table(conn, employee_ids)
    return {i for (i,) in conn.execute(select(e.employee_id).distinct().where(
        e.employee_id.in_(touched), e.day.between(first, last), e.batch_id != batch_id))}


def _write_sums(conn: Connection, sums: pd.DataFrame, staff: list[int], months: list[tuple[int, int, int]]) -> None:
    """The summary rows of these staff in these months, replaced by the gathered sums."""
    sums["approval_minutes_sum"] = sums["approval_minutes_sum"].round().astype("int64")
    for name in ("first_active_day", "last_active_day"):
        sums[name] = sums[name].astype("Int64")
    where = select(Employee.id, Employee.agency_id, Employee.unit_id).where(Employee.id.in_(touched_table(conn, staff)))
    # plain tuples: pandas asks each Row for attributes it lacks, which SQLAlchemy answers slowly
    found = pd.DataFrame([tuple(r) for r in conn.execute(where)], columns=["employee_id", "agency_id", "unit_id"])
    sums = sums.merge(found, on="employee_id", how="inner")
    conn.execute(delete(DailyMonth).where(DailyMonth.month.in_([m for m, _, _ in months]),
                                          DailyMonth.employee_id.in_(touched_table(conn, staff))))
    columns = ["employee_id", "month", "agency_id", "unit_id", *_MONTH_AGG]
    if conn.dialect.name == "sqlite":
        sqlite_insert(conn.connection.driver_connection.cursor(), "INSERT", "daily_month", sums[columns])
    else:
        conn.execute(insert(DailyMonth), [dict(zip(columns, r)) for r in tuples(sums[columns])])
    placements.reattribute(conn, staff, [DailyMonth])  # months of transferred staff go where they were


def month_bounds(day_min: int, day_max: int) -> list[tuple[int, int, int]]:
    """(yyyymm, first day, last day) of every month touched by the day range (days since epoch)."""
    start = (EPOCH + pd.Timedelta(days=day_min)).to_period("M")
    end = (EPOCH + pd.Timedelta(days=day_max)).to_period("M")
    out = []
    for p in pd.period_range(start, end, freq="M"):
        first = (p.start_time.normalize() - EPOCH).days
        last = (p.end_time.normalize() - EPOCH).days
        out.append((p.year * 100 + p.month, first, last))
    return out


def touched_table(conn: Connection, employee_ids: list[int]):
    """A temporary table of employee ids, so the summary query seeks them on the primary key
    (employee_id, day) instead of scanning every entry once per month."""
    return key_table(conn, "_touched", [int(e) for e in employee_ids])


def refresh_daily_months(conn: Connection, day_min: int, day_max: int, employee_ids: list[int]) -> None:
    """Rebuild DailyMonth for the given employees in the months the day range touches.

    Runs inside the caller's transaction (import or rollback), so a summary never disagrees with
    its raw rows.
    """
    e = DailyEntry
    active = case((e.status >= codes.DAILY_ACTIVE_MIN_CODE, 1), else_=0)
    lag_days = e.input_min // 1440 - e.day
    touched = touched_table(conn, employee_ids)
    for month, first, last in month_bounds(day_min, day_max):
        in_month = and_(e.day >= first, e.day <= last)
        conn.execute(delete(DailyMonth).where(DailyMonth.month == month,
                                              DailyMonth.employee_id.in_(touched)))
        summary = (
            select(
                e.employee_id,
                literal(month),
                Employee.agency_id,
                Employee.unit_id,
                func.count(),
                func.sum(case((e.status == codes.DAILY_STATUS_CODES["Draft"], 1), else_=0)),
                func.sum(active),
                func.sum(case((e.status == codes.DAILY_STATUS_CODES["Approved"], 1), else_=0)),
                func.sum(case((and_(e.status >= codes.DAILY_ACTIVE_MIN_CODE, lag_days <= 0), 1), else_=0)),
                func.sum(case((and_(e.status >= codes.DAILY_ACTIVE_MIN_CODE, lag_days <= LATE_ENTRY_DAYS), 1), else_=0)),
                func.coalesce(func.sum(e.approved_min - e.input_min), 0),
                func.min(case((e.status >= codes.DAILY_ACTIVE_MIN_CODE, e.day), else_=None)),
                func.max(case((e.status >= codes.DAILY_ACTIVE_MIN_CODE, e.day), else_=None)),
            )
            .join(Employee, Employee.id == e.employee_id)
            .where(in_month, e.employee_id.in_(touched))
            .group_by(e.employee_id, Employee.agency_id, Employee.unit_id)
        )
        conn.execute(insert(DailyMonth).from_select(
            ["employee_id", "month", "agency_id", "unit_id", "days_entered", "days_draft", "days_active",
             "days_approved", "days_on_time", "days_within_7", "approval_minutes_sum", "first_active_day", "last_active_day"],
            summary,
        ))
    placements.reattribute(conn, employee_ids, [DailyMonth])


def count_months_before(conn: Connection, month: int) -> int:
    """How many summary rows are of months before `month` (yyyymm)."""
    return int(conn.execute(select(func.count()).select_from(DailyMonth).where(DailyMonth.month < month)).scalar())


def delete_months_before(conn: Connection, month: int) -> int:
    """Delete the summary rows of months before `month` (yyyymm); returns the rows deleted. The
    retention purge deletes the raw entries of those whole months in the same transaction."""
    return conn.execute(delete(DailyMonth).where(DailyMonth.month < month)).rowcount
