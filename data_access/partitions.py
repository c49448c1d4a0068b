"""Monthly partitions of daily_entry on PostgreSQL (migration 0011): one partition per calendar month,
`daily_entry_y2026m03` holding the days FROM the month's first day TO the next month's first day
(days since 1970-01-01, DailyEntry.day). There is no DEFAULT partition: a row of a month without its
partition is refused, never parked where it would block that month's partition later. So every path
that inserts daily entries (the import's bulk load, which also serves replace imports and the demo, and
a rollback's restore of replaced rows) first calls ensure_month_partitions for the days it inserts; the
retention purge drops the partitions of months wholly before its cut (drop_partitions_before).

On SQLite, and on a PostgreSQL daily_entry that is not partitioned (a schema before 0011), every
function here does nothing.
"""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Connection, text

TABLE = "daily_entry"
EPOCH = date(1970, 1, 1)  # DailyEntry.day counts days from here
_NAME = re.compile(rf"^{TABLE}_y\d{{4}}m\d{{2}}$")
_BOUND = re.compile(r"FOR VALUES FROM \((-?\d+)\) TO \((-?\d+)\)")
# Creating partitions is serialized per schema by this transaction-scoped advisory lock (with the
# table's oid as the second key), so two imports bringing the same new month never race.
_LOCK_CLASS = 18_0011


def partition_name(year: int, month: int) -> str:
    return f"{TABLE}_y{year:04d}m{month:02d}"


def is_partition_name(name: str) -> bool:
    """Whether a table name is one of daily_entry's monthly partitions (which the models do not list)."""
    return bool(_NAME.match(name))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter for autogenerate (migrations/env.py, tests/test_schema.py): the models are
    compared, and daily_entry's monthly partitions, made as months arrive, are no table of theirs."""
    return not (type_ == "table" and reflected and compare_to is None and is_partition_name(name))


def month_days(year: int, month: int) -> tuple[int, int]:
    """The month's first day and the next month's first day, as day numbers (the partition's bounds)."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (first - EPOCH).days, (following - EPOCH).days


def months_between(first_day: int, last_day: int) -> list[tuple[int, int]]:
    """(year, month) of every month from the one of `first_day` to the one of `last_day`."""
    start = date.fromordinal(EPOCH.toordinal() + int(first_day))
    end = date.fromordinal(EPOCH.toordinal() + int(last_day))
    index, stop = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index, stop + 1)]


def is_partitioned(conn: Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    kind = conn.execute(text("SELECT relkind FROM pg_class WHERE oid = to_regclass(:t)"), {"t": TABLE}).scalar()
    return kind == "p"


def partitions(conn: Connection) -> list[tuple[str, int, int]]:
    """daily_entry's partitions as (name, first day, day after the last), in day order."""
    rows = conn.execute(text(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(:t)"), {"t": TABLE}).all()
    out = []
    for name, bound in rows:
        found = _BOUND.search(bound or "")
        if found:  # a DEFAULT partition has no range (none is made here)
            out.append((name, int(found.group(1)), int(found.group(2))))
    return sorted(out, key=lambda p: p[1])


def _missing(conn: Connection, first_day: int, last_day: int) -> list[tuple[int, int]]:
    have = partitions(conn)
    return [(y, m) for y, m in months_between(first_day, last_day)
            if not any(lo <= month_days(y, m)[0] < hi for _, lo, hi in have)]


def ensure_month_partitions(conn: Connection, first_day: int, last_day: int) -> list[str]:
    """Create, in the caller's transaction, the monthly partitions still missing for the days from
    `first_day` to `last_day`; returns the names created (none on SQLite or when all exist).

    Each is created as a plain table shaped like daily_entry, then attached: ATTACH PARTITION locks the
    parent only SHARE UPDATE EXCLUSIVE, so pages and other imports keep reading and writing daily_entry
    (CREATE TABLE … PARTITION OF would lock it ACCESS EXCLUSIVE until the import commits). The primary
    key and the batch index are created on the partition by the attach."""
    if first_day is None or not is_partitioned(conn) or not _missing(conn, first_day, last_day):
        return []
    conn.execute(text("SELECT pg_advisory_xact_lock(:c, CAST(to_regclass(:t) AS oid)::int)"),
                 {"c": _LOCK_CLASS, "t": TABLE})
    created = []
    for year, month in _missing(conn, first_day, last_day):  # again: another import may have made some
        name, (lo, hi) = partition_name(year, month), month_days(year, month)
        conn.execute(text(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"))
        conn.execute(text(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES FROM ({lo}) TO ({hi})"))
        created.append(name)
    return created


def drop_partitions_before(conn: Connection, cut_day: int) -> tuple[list[str], int]:
    """Drop, in the caller's transaction, the partitions whose days all lie before `cut_day`; returns
    their names and the rows they held (counted before the drop)."""
    gone, rows = [], 0
    for name, _lo, hi in partitions(conn):
        if hi <= cut_day:
            rows += int(conn.execute(text(f"SELECT count(*) FROM {name}")).scalar())
            conn.execute(text(f"DROP TABLE {name}"))
            gone.append(name)
    return gone, rows
