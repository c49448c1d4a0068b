"""Query results straight into columns: ADBC (Apache Arrow Database Connectivity) fetches rows in C
into Arrow arrays, with no Python object per value. For the per-employee reads of a province (three
quarters of a million monthly e-Kinerja rows at 100.000 ASN) that is about five times faster than
pandas.read_sql, which builds a Python tuple per row, and it needs a fraction of the memory.

`read_frame` returns the frame pandas.read_sql would return for the same statement (same columns,
dtypes and values; tests/test_arrow_read.py checks every scoped read on SQLite and PostgreSQL), so
callers cannot tell which path read it. It reads with read_sql where ADBC cannot: an in-memory SQLite
database, another database, or an error from the driver (logged).
"""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine, types

log = logging.getLogger(__name__)

# SQLite keeps no column types: ADBC's SQLite driver infers each column's type from the rows of its
# first batch and fails when a later row disagrees (a column NULL for 1.024 rows, then text). One
# batch for the whole result means the inference sees every row.
_SQLITE_OPTIONS = {"adbc.sqlite.query.batch_rows": str(2**30)}


def _connect(engine: Engine):
    """A new ADBC DB-API connection to the engine's database in autocommit mode (each read sees the
    newest committed data and holds no snapshot open), or None where ADBC cannot reach it."""
    url = engine.url
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            return None  # an in-memory database lives only inside the engine's own connection
        import adbc_driver_sqlite.dbapi

        return adbc_driver_sqlite.dbapi.connect(url.database, autocommit=True)
    if backend == "postgresql":
        import adbc_driver_postgresql.dbapi

        return adbc_driver_postgresql.dbapi.connect(
            url.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True)
    return None


# Idle connections per database, reused: opening one costs PostgreSQL's driver about 65 ms (it reads
# the type catalogue), which a page of a dozen reads would pay a dozen times.
POOL_SIZE = 4
_idle: dict[str, list] = {}
_idle_lock = threading.Lock()


@contextmanager
def _connection(engine: Engine):
    key = engine.url.render_as_string(hide_password=False)
    with _idle_lock:
        connection = _idle[key].pop() if _idle.get(key) else None
    if connection is None:
        connection = _connect(engine)
    if connection is None:
        yield None
        return
    try:
        yield connection
    except BaseException:
        connection.close()  # in an unknown state after an error: never reused
        raise
    with _idle_lock:
        pool = _idle.setdefault(key, [])
        if len(pool) < POOL_SIZE:
            pool.append(connection)
            return
    connection.close()


def close_all() -> None:
    """Close every idle connection (data_access.db.dispose_all calls this)."""
    with _idle_lock:
        pools = list(_idle.values())
        _idle.clear()
    for pool in pools:
        for connection in pool:
            connection.close()


def _column(array: pa.ChunkedArray, sa_type: types.TypeEngine) -> pd.Series | list:
    """One result column as read_sql builds it from the DB-API rows SQLAlchemy returns."""
    if array.null_count == len(array):
        return [None] * len(array)  # read_sql: a column of only NULLs stays objects
    if isinstance(sa_type, types.DateTime):
        if pa.types.is_string(array.type):  # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'
            array = pc.cast(array, pa.timestamp("us"))
        return array.to_pandas()
    if isinstance(sa_type, types.Date):
        if pa.types.is_string(array.type):
            array = pc.cast(array, pa.date32())
        return array.to_pandas(date_as_object=True)
    if isinstance(sa_type, types.Boolean):
        flags = pc.not_equal(array, 0) if pa.types.is_integer(array.type) else array  # SQLite keeps 0/1
        return flags.to_pandas() if array.null_count == 0 else flags.to_pylist()
    if isinstance(sa_type, types.Integer) and pa.types.is_integer(array.type):
        # read_sql: int64, or float64 where a NULL is among them (PostgreSQL's int4 widens too)
        return array.to_pandas().astype("int64" if array.null_count == 0 else "float64")
    return array.to_pandas()


def read_frame(engine: Engine, stmt) -> pd.DataFrame:
    """The result of a SELECT as pandas.read_sql(stmt, connection) would return it."""
    try:
        table = _fetch(engine, stmt)
    except Exception as exc:  # noqa: BLE001 - any failure of the fast path: read_sql reads, correctly
        log.warning("ADBC could not read (%s); reading with read_sql", exc)
        table = None
    columns = list(stmt.selected_columns)
    if table is None:
        with engine.connect() as conn:
            return pd.read_sql(stmt, conn)
    if table.num_rows == 0:  # read_sql's empty frame: every column of objects (no second query for it)
        return pd.DataFrame({c.key: pd.Series([], dtype=object) for c in columns}, columns=[c.key for c in columns])
    return pd.DataFrame({c.key: _column(table.column(i), c.type) for i, c in enumerate(columns)},
                        columns=[c.key for c in columns])


def _fetch(engine: Engine, stmt) -> pa.Table | None:
    # Values are rendered into the SQL by SQLAlchemy's own literal rendering (quoted and escaped):
    # the two drivers take parameters in different styles, and these reads bind only ids, dates and
    # names that data_access itself chose.
    sql = str(stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    with _connection(engine) as connection:
        if connection is None:
            return None
        with connection.cursor() as cursor:
            if engine.url.get_backend_name() == "sqlite":
                cursor.adbc_statement.set_options(**_SQLITE_OPTIONS)
            cursor.execute(sql)
            return cursor.fetch_arrow_table()
