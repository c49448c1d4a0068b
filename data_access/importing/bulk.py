"""Fast bulk inserts of plain rows, below the ORM: multi-row INSERT statements on SQLite, COPY on
PostgreSQL. The daily entries and their monthly summary are written this way."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection


def bulk_insert_ignore(conn: Connection, table, frame: pd.DataFrame, changed=None) -> int:
    """Insert integer rows fast, skipping keys already stored; returns rows inserted.

    SQLite: one executemany of INSERT OR IGNORE. PostgreSQL: COPY into a temporary table, then
    INSERT … SELECT … ON CONFLICT DO NOTHING. With `changed` (a function), the rows are first put in
    a temporary table and the database joins them to the stored rows on the primary key: `changed`
    receives the stored rows whose key is in the file but whose other columns differ (the file's key,
    then the stored values), before the insert skips them.
    """
    if frame.empty:
        return 0
    cols = list(frame.columns)
    raw = conn.connection.driver_connection
    names = ", ".join(cols)
    key = [c.name for c in table.primary_key.columns]
    other = [c for c in cols if c not in key and c != "batch_id"]
    differs = " OR ".join(f"d.{c} IS DISTINCT FROM t.{c}" if conn.dialect.name != "sqlite" else f"d.{c} IS NOT t.{c}"
                          for c in other)
    find_changed = (f"SELECT {', '.join('t.' + k for k in key)}, {', '.join('d.' + c for c in other)} "
                    f"FROM _load_{table.name} t JOIN {table.name} d ON "
                    + " AND ".join(f"d.{k} = t.{k}" for k in key) + f" WHERE {differs}")
    if conn.dialect.name == "sqlite":
        cur = raw.cursor()
        if changed is None:
            return sqlite_insert(cur, "INSERT OR IGNORE", table.name, frame)
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS _load_{table.name} AS SELECT {names} FROM {table.name} WHERE 0")
        cur.execute(f"DELETE FROM _load_{table.name}")
        sqlite_insert(cur, "INSERT", f"_load_{table.name}", frame)
        changed(cur.execute(find_changed).fetchall())
        cur.execute(f"INSERT OR IGNORE INTO {table.name} ({names}) SELECT {names} FROM _load_{table.name}")
        inserted = cur.rowcount
        cur.execute(f"DELETE FROM _load_{table.name}")
        return inserted
    with raw.cursor() as cur:
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS _load_{table.name} (LIKE {table.name}) ON COMMIT DROP")
        cur.execute(f"TRUNCATE _load_{table.name}")
        with cur.copy(f"COPY _load_{table.name} ({names}) FROM STDIN") as copy:
            for row in tuples(frame):
                copy.write_row(row)
        if changed is not None:
            cur.execute(find_changed)
            changed(cur.fetchall())
        cur.execute(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM _load_{table.name} "
                    "ON CONFLICT DO NOTHING")
        return cur.rowcount


def tuples(frame: pd.DataFrame):
    """Rows as tuples of plain Python values (None for missing), built column by column and handed
    out one by one (never a second list of every row)."""
    columns = []
    for name in frame.columns:
        col = frame[name]
        columns.append(col.astype(object).where(col.notna(), None).tolist() if col.isna().any()
                       else col.tolist())
    return zip(*columns)


# Rows per INSERT statement on SQLite: one statement binding many rows costs SQLite about half the
# CPU of executemany's one statement per row (docs/decisions/daily-entries-storage.md).
_SQLITE_ROWS_PER_STATEMENT = 1000


def sqlite_insert(cur, verb: str, table: str, frame: pd.DataFrame) -> int:
    """`verb` ("INSERT", "INSERT OR IGNORE") the frame's rows into `table` with multi-row VALUES
    statements; the values are bound as one flat list of plain Python values (None for missing),
    built column by column without a tuple per row. Returns the rows inserted."""
    n, width = frame.shape
    if not n:
        return 0
    cells = np.empty((n, width), dtype=object)
    for i, name in enumerate(frame.columns):
        col = frame[name]
        missing = col.isna().to_numpy()
        if missing.any():
            cells[:, i] = col.to_numpy(dtype=object, na_value=None)
        else:
            cells[:, i] = col.to_numpy()  # numpy integers become Python ints in an object array
    flat = cells.ravel().tolist()
    del cells
    per = max(1, min(_SQLITE_ROWS_PER_STATEMENT, 32766 // width))
    head = f"{verb} INTO {table} ({', '.join(frame.columns)}) VALUES "
    row = "(" + ", ".join("?" * width) + ")"
    full = head + ", ".join([row] * per)
    inserted = 0
    for start in range(0, n, per):
        rows = min(per, n - start)
        cur.execute(full if rows == per else head + ", ".join([row] * rows),
                    flat[start * width:(start + rows) * width])
        inserted += cur.rowcount
    return inserted
