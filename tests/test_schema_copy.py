"""The suite's shortcut (tests/conftest.py): a test's database is a copy of one migrated per worker
(the SQLite file copied, the PostgreSQL schema replayed from pg_dump), not migrated again. The copy
must be what the migrations make: the same revision, tables, columns, indexes and rows."""
import pandas as pd
import pytest
from sqlalchemy import inspect, text

from data_access.db import dispose_all, get_engine
from data_access.schema import current_revision, head_revision, upgrade
from tests.conftest import postgres_schema


def _shape(url: str) -> dict:
    engine = get_engine(url)
    insp = inspect(engine)
    shape = {"revision": current_revision(engine)}
    with engine.connect() as conn:
        for table in sorted(insp.get_table_names()):
            columns = [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)]
            indexes = sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(table))
            rows = pd.read_sql(text(f"select * from {table}"), conn)
            rows = rows.sort_values(list(rows.columns)).reset_index(drop=True) if len(rows) else rows
            shape[table] = (columns, indexes, insp.get_pk_constraint(table)["constrained_columns"],
                            rows.astype(str).to_dict("records"))
    dispose_all()
    return shape


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection:sqlalchemy.exc.SAWarning")
def test_a_tests_database_is_what_the_migrations_make(db_url, tmp_path):
    copied = _shape(db_url)
    if db_url.startswith("sqlite"):
        fresh_url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        upgrade(get_engine(fresh_url))
        fresh = _shape(fresh_url)
    else:
        with postgres_schema(db_url.split("?")[0]) as fresh_url:
            upgrade(get_engine(fresh_url))
            fresh = _shape(fresh_url)
    assert copied["revision"] == head_revision()
    assert len(copied) > 20 and any(entry[3] for entry in list(copied.values())[1:])  # tables, reference rows
    assert copied == fresh


def test_a_sequence_goes_on_after_the_copied_reference_rows(db_url):
    """The replayed script sets each sequence where the migrations left it: a new row gets a new id."""
    engine = get_engine(db_url)
    with engine.begin() as conn:
        before = conn.execute(text("select max(id) from region")).scalar_one()
        conn.execute(text("insert into region (code, name, kind) values ('99.99', 'Daerah Uji', 'kota')"))
        after = conn.execute(text("select max(id) from region")).scalar_one()
    assert after == before + 1


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection:sqlalchemy.exc.SAWarning")
def test_the_replayed_script_keeps_daily_entrys_month_partitions(db_url):
    """A schema whose daily_entry has monthly partitions with rows (PostgreSQL) replays from its pg_dump
    script to the same tables, partitions, indexes and rows, and the copy takes a new month as the
    original would."""
    if not db_url.startswith("postgresql"):
        pytest.skip("partitions are PostgreSQL's")
    from data_access.partitions import ensure_month_partitions, partitions
    from tests.conftest import dump_schema_script, replay_schema_script

    with get_engine(db_url).begin() as conn:
        ensure_month_partitions(conn, 20500, 20530)  # February and March 2026
        conn.execute(text("insert into daily_entry values (1, 20500, 2, 29520000, null, 1), "
                          "(1, 20520, 3, 29548800, 29549000, 1)"))
    original = _shape(db_url)
    script = dump_schema_script(db_url)
    with postgres_schema(db_url.split("?")[0]) as copy_url:
        replay_schema_script(script, copy_url)
        copied = _shape(copy_url)
        engine = get_engine(copy_url)
        with engine.begin() as conn:
            assert [p[0] for p in partitions(conn)] == ["daily_entry_y2026m02", "daily_entry_y2026m03"]
            assert ensure_month_partitions(conn, 20560, 20560) == ["daily_entry_y2026m04"]
            conn.execute(text("insert into daily_entry values (2, 20560, 1, 29606400, null, 2)"))
            assert conn.execute(text("select count(*) from daily_entry")).scalar() == 3
    assert {"daily_entry_y2026m02", "daily_entry_y2026m03"} <= set(copied)
    assert copied == original
