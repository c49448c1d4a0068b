"""*Replace* imports: a file stands for its kind's rows in its period and agencies.

Rows the file replaces are kept in `replaced_row` (as JSON) before they are deleted or changed, in the
same transaction, so rolling the batch back restores them exactly. For `pegawai` the file is a
snapshot of the agencies it names: staff in the file are updated, new staff added, and active staff
of those agencies missing from the file become inactive (never deleted).
"""
from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Boolean, Date, DateTime, and_, delete, insert, or_, select, update
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table

from data_access.importing.bulk import sqlite_insert
from data_access.models import (
    AdkarResponse,
    Appraisal,
    DailyEntry,
    Employee,
    MentoringActivity,
    OrgRating,
    QueueTicket,
    ReplacedRow,
    ServiceRequest,
    ServiceStandard,
    SkmResponse,
    Skp,
    Training,
)
from data_access.partitions import ensure_month_partitions

EPOCH = pd.Timestamp("1970-01-01")


def _json_value(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def archive(conn, table, where, batch_id: int, op: str) -> list[dict]:
    """Copy the rows matching `where` into replaced_row; returns them as dicts."""
    rows = [dict(r._mapping) for r in conn.execute(select(table).where(where))]
    if rows:
        conn.execute(insert(ReplacedRow), [
            {"batch_id": batch_id, "table_name": table.__tablename__, "op": op,
             "data": json.dumps({k: _json_value(v) for k, v in r.items()}, ensure_ascii=False)}
            for r in rows])
    return rows


def restore(conn, table, batch_id: int) -> int:
    """Put back what a replace batch deleted or changed in `table`; returns the rows restored."""
    columns = table.__table__.columns
    stored = conn.execute(select(ReplacedRow.op, ReplacedRow.data).where(
        ReplacedRow.batch_id == batch_id, ReplacedRow.table_name == table.__tablename__)).all()
    if table is DailyEntry and stored:  # PostgreSQL: the months' partitions, should one be gone
        days = [json.loads(data)["day"] for _, data in stored]
        ensure_month_partitions(conn, min(days), max(days))
    for op, data in stored:
        row = {}
        for name, value in json.loads(data).items():
            kind = columns[name].type
            if value is not None and isinstance(kind, DateTime):
                value = datetime.fromisoformat(value)
            elif value is not None and isinstance(kind, Date):
                value = date.fromisoformat(value)
            elif value is not None and isinstance(kind, Boolean):
                value = bool(value)
            row[name] = value
        if op == "updated":
            key = {c.name: row[c.name] for c in table.__table__.primary_key.columns}
            conn.execute(update(table).where(*[columns[k] == v for k, v in key.items()]).values(**row))
        else:
            conn.execute(insert(table).values(**row))
    return len(stored)


def _dates(series: pd.Series) -> tuple[date, date]:
    return series.min().date(), series.max().date()


def replace_facts(job, batch_id: int) -> int:
    """Archive and delete the stored rows of the file's period and agencies that lie in the user's
    scope (an analyst of one unit replaces that unit's rows, not its agency's); returns how many."""
    df, kind = job.df, job.kind.name
    agencies = sorted({int(a) for a in (df["emp_agency_id"] if "emp_agency_id" in df else df["agency_id"]).dropna()})
    if not agencies:
        return 0
    if kind == "penilaian":
        pairs = {(int(y), p) for y, p in zip(df["year"], df["period"])}
        table, where = Appraisal, and_(Appraisal.agency_id.in_(agencies),
                                       or_(*[and_(Appraisal.year == y, Appraisal.period == p) for y, p in pairs]))
    elif kind == "predikat_organisasi":
        pairs = {(int(y), p) for y, p in zip(df["year"], df["period"])}
        table, where = OrgRating, and_(OrgRating.agency_id.in_(agencies),
                                       or_(*[and_(OrgRating.year == y, OrgRating.period == p) for y, p in pairs]))
    elif kind == "skp":
        first, last = _dates(df["period_start"].dropna()) if df["period_start"].notna().any() else (None, None)
        if first is None:
            return 0
        table, where = Skp, and_(Skp.agency_id.in_(agencies), Skp.period_start.between(first, last))
    elif kind == "pelatihan":
        first, last = _dates(df["start_date"])
        table, where = Training, and_(Training.agency_id.in_(agencies), Training.start_date.between(first, last))
    elif kind == "layanan":
        first, last = df["received_at"].min(), df["received_at"].max()
        table, where = ServiceRequest, and_(ServiceRequest.agency_id.in_(agencies),
                                            ServiceRequest.received_at.between(first, last))
    elif kind == "antrian":  # the days the file's tickets were taken on, at its offices
        first, last = _dates(df["day"])
        table, where = QueueTicket, and_(QueueTicket.agency_id.in_(agencies), QueueTicket.day.between(first, last))
    elif kind == "skm":
        first, last = _dates(df["survey_date"])
        table, where = SkmResponse, and_(SkmResponse.agency_id.in_(agencies),
                                         SkmResponse.survey_date.between(first, last))
    elif kind == "survei_adkar":  # the file's survey days, at its agencies
        first, last = _dates(df["survey_date"])
        table, where = AdkarResponse, and_(AdkarResponse.agency_id.in_(agencies),
                                           AdkarResponse.survey_date.between(first, last))
    elif kind == "kegiatan_pendampingan":  # the file's activity days, at its agencies
        first, last = _dates(df["activity_date"])
        table, where = MentoringActivity, and_(MentoringActivity.agency_id.in_(agencies),
                                               MentoringActivity.activity_date.between(first, last))
    elif kind == "standar_layanan":
        table, where = ServiceStandard, ServiceStandard.agency_id.in_(agencies)
    elif kind == "progres_harian":
        days = (df["day"] - EPOCH) // pd.Timedelta(days=1)
        staff = select(Employee.id).where(Employee.agency_id.in_(agencies),
                                          job.scope.clause(Employee.region_id, Employee.agency_id, Employee.unit_id))
        table, where = DailyEntry, and_(DailyEntry.employee_id.in_(staff),
                                        DailyEntry.day.between(int(days.min()), int(days.max())))
    else:
        raise ValueError(kind)
    if table is not DailyEntry:  # never a row outside the user's scope (another unit of the agency)
        where = and_(where, job.scope.clause(*[getattr(table, c, None) for c in ("region_id", "agency_id", "unit_id")]))
    where = and_(where, table.batch_id != batch_id)  # not the rows earlier chunks of this file brought
    rows = archive(job.conn, table, where, batch_id, "deleted")
    if kind == "progres_harian":
        job.replaced_employees = sorted(set(job.replaced_employees) | {r["employee_id"] for r in rows})
    job.conn.execute(delete(table).where(where))
    return len(rows)


def key_table(conn, name: str, values, sql_type: str = "INTEGER"):
    """A temporary one-column table holding these values (emptied first), as a subquery: lets the
    database join or seek on many keys where an IN list of bound parameters would be too long."""
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} (v {sql_type} PRIMARY KEY)")
    conn.exec_driver_sql(f"DELETE FROM {name}")
    table = sa_table(name, sa_column("v"))
    if values and conn.dialect.name == "sqlite":  # many VALUES rows a statement, below SQLAlchemy's rows
        sqlite_insert(conn.connection.driver_connection.cursor(), "INSERT", name, pd.DataFrame({"v": list(values)}))
    elif values:
        conn.execute(insert(table), [{"v": v} for v in values])
    return select(table.c.v)


def employee_snapshot(job, batch_id: int, frame: pd.DataFrame) -> int:
    """Update the staff of this chunk who are stored already; remember the chunk's staff and agencies
    for deactivate_absent. `frame` holds the Employee columns built from the file; returns the count."""
    conn = job.conn
    nips = frame["nip"].tolist()
    job.file_nips.update(nips)
    job.file_agencies.update(int(a) for a in frame["agency_id"].dropna())
    in_file = key_table(conn, "_snapshot_nip", sorted(set(nips)), "VARCHAR(18)")
    stored = {nip for (nip,) in conn.execute(select(Employee.nip).where(Employee.nip.in_(in_file)))}
    changes = frame[frame["nip"].isin(stored)].drop(columns=["batch_id"])
    if len(changes):
        archive(conn, Employee, Employee.nip.in_(key_table(conn, "_snapshot_nip", sorted(set(changes["nip"])),
                                                           "VARCHAR(18)")), batch_id, "updated")
        for row in changes.astype(object).where(changes.notna(), None).to_dict("records"):
            conn.execute(update(Employee).where(Employee.nip == row["nip"]).values(**row))
    return len(changes)


def deactivate_absent(job, batch_id: int) -> int:
    """At the end of a snapshot: active staff of the file's agencies missing from the whole file become
    inactive (kept in replaced_row, so a rollback restores them); returns how many."""
    conn = job.conn
    in_file = key_table(conn, "_snapshot_nip", sorted(job.file_nips), "VARCHAR(18)")
    absent = and_(Employee.agency_id.in_(sorted(job.file_agencies)), Employee.active.is_(True),
                  Employee.nip.not_in(in_file))
    gone = archive(conn, Employee, absent, batch_id, "updated")
    if gone:
        conn.execute(update(Employee).where(absent).values(active=False))
    return len(gone)
