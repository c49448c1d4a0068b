"""Migrations from empty on each backend, the reference data, and refusing an older schema."""
from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from data_access.db import get_engine
from data_access.models import AgencyAlias, Base, Region
from vocab.reference import REGIONS
from data_access.schema import SchemaOutdated, current_revision, ensure_schema, head_revision, upgrade

pytestmark = pytest.mark.empty_database  # these tests run the migrations themselves


def test_upgrade_from_empty_creates_every_table(db_url):
    engine = get_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migration_matches_the_models(db_url):
    """Autogenerate finds nothing to add: the migration and the typed models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from data_access.partitions import ensure_month_partitions, include_object

    engine = get_engine(db_url)
    upgrade(engine)
    with engine.begin() as conn:  # a month's partition on PostgreSQL, which the models do not list
        ensure_month_partitions(conn, 20500, 20500)
        conn.execute(text("insert into daily_entry values (1, 20500, 2, 29520000, null, 1)"))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": include_object}),
                                Base.metadata)
        unfiltered = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Expression indexes cannot be reflected on SQLite; everything else must match.
    assert [d for d in diff if "uq_org_rating_key" not in str(d)] == []
    # The filter (also migrations/env.py's) is what hides the partition, and all it hides.
    hidden = [d for d in unfiltered if "uq_org_rating_key" not in str(d)]
    assert sorted((d[0], d[1].name) for d in hidden) == ([
        ("remove_index", "daily_entry_y2026m02_batch_id_employee_id_idx"), ("remove_table", "daily_entry_y2026m02")]
        if engine.dialect.name == "postgresql" else [])


def test_reference_data_province_and_fifteen_regions(db_url):
    engine = get_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(Region.code, Region.name, Region.kind, Region.parent_id)).all()
        aliases = dict(conn.execute(select(AgencyAlias.alias_key, AgencyAlias.canonical_name)).all())
    assert len(rows) == 16
    province = [r for r in rows if r.kind == "provinsi"]
    assert [(p.code, p.name) for p in province] == [("18", "Provinsi Lampung")]
    children = [r for r in rows if r.kind != "provinsi"]
    assert len(children) == 15 and {r.parent_id for r in children} == {1}
    assert {r.code for r in rows} == {code for code, _, _ in REGIONS}
    assert ("18.01", "Kabupaten Lampung Selatan", "kabupaten", 1) in rows
    assert aliases["DINKES"] == "Dinas Kesehatan"
    assert aliases["DISDUKCAPIL"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert aliases["BKD"] == "Badan Kepegawaian Daerah"


def test_ensure_schema_creates_on_empty_and_is_idempotent(db_url):
    engine = get_engine(db_url)
    ensure_schema(engine)
    ensure_schema(engine)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from region")).scalar() == 16


def test_older_schema_stops_and_asks_for_upgrade(db_url):
    engine = get_engine(db_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '0000'"))
    with pytest.raises(SchemaOutdated, match="python -m data_access upgrade"):
        ensure_schema(engine)


def test_sqlite_uses_wal_and_busy_timeout(sqlite_url):
    engine = get_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_0002_adds_last_sign_in_and_lowers_stored_emails(db_url):
    """An 0001 database with users upgrades in place: the rows stay, e-mails are lowered for the
    case-insensitive SSO mapping, and last_login_at starts empty; the downgrade removes it again."""
    engine = get_engine(db_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("insert into app_user (username, display_name, email, role, active, failed_logins, "
                          "created_at) values ('kadis', 'Kadis', ' Kadis.Dinkes@LampungProv.go.id', 'kepala_opd', "
                          ":t, 0, '2026-11-01 08:00:00')"), {"t": True})
    assert "last_login_at" not in {c["name"] for c in inspect(engine).get_columns("app_user")}
    upgrade(engine, "0002_last_login")
    assert current_revision(engine) == "0002_last_login"
    assert "last_login_at" in {c["name"] for c in inspect(engine).get_columns("app_user")}
    with engine.begin() as conn:
        assert conn.execute(text("select email, last_login_at from app_user")).one() == (
            "kadis.dinkes@lampungprov.go.id", None)
        from data_access.users import user_for_email

        assert user_for_email(conn, "KADIS.DINKES@lampungprov.go.id") is not None
        assert conn.execute(text("select last_login_at from app_user")).scalar() is not None
    from alembic import command

    from data_access.schema import alembic_config

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert current_revision(engine) == "0001"
    assert "last_login_at" not in {c["name"] for c in inspect(engine).get_columns("app_user")}


def test_the_apps_own_database_is_upgraded_a_named_one_is_not(db_url):
    """After a code update, `make run` on the demo database must not stop at 'run upgrade first'
    (seen on a database left at 0001 by the previous version); a named database still stops."""
    engine = get_engine(db_url)
    upgrade(engine, "0001")
    with pytest.raises(SchemaOutdated):
        ensure_schema(engine)
    assert current_revision(engine) == "0001"
    ensure_schema(engine, upgrade_outdated=True)
    assert current_revision(engine) == head_revision()


def test_0005_indexes_batch_ids_and_keeps_daily_entries(db_url):
    """A database at 0002 with daily entries upgrades in place: the entries stay, every fact table gets an
    index on batch_id, daily_entry one on (batch_id, employee_id); on SQLite it becomes WITHOUT ROWID."""
    engine = get_engine(db_url)
    upgrade(engine, "0002_last_login")
    with engine.begin() as conn:
        conn.execute(text("insert into daily_entry (employee_id, day, status, input_min, approved_min, batch_id) "
                          "values (7, 20458, 2, 29460000, null, 3), (5, 20459, 1, 29461000, 29462000, 4)"))
    upgrade(engine, "0005_imports")
    indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("daily_entry")}
    assert indexes["ix_daily_entry_batch"] == ["batch_id", "employee_id"]
    assert "ix_appraisal_batch_id" in {i["name"] for i in inspect(engine).get_indexes("appraisal")}
    with engine.connect() as conn:
        assert conn.execute(text("select employee_id, day, approved_min, batch_id from daily_entry "
                                 "order by employee_id")).all() == [(5, 20459, 29462000, 4), (7, 20458, None, 3)]
        if engine.dialect.name == "sqlite":
            sql = conn.execute(text("select sql from sqlite_master where name = 'daily_entry'")).scalar()
            assert sql.endswith("WITHOUT ROWID")


def test_0010_counts_each_month_s_draft_days_from_the_stored_entries(db_url):
    """A database at 0009 with daily entries and their monthly summary upgrades in place: days_draft is
    each employee's Draft days of that month (not their "Not Started" or Submitted days), other months
    and other staff apart; the downgrade removes the column again."""
    from alembic import command

    from data_access.schema import alembic_config

    engine = get_engine(db_url)
    upgrade(engine, "0009_mentoring_activity")
    march, april = (date(2026, 3, 2) - date(1970, 1, 1)).days, (date(2026, 4, 1) - date(1970, 1, 1)).days
    with engine.begin() as conn:
        region = conn.execute(text("select min(id) from region")).scalar()
        conn.execute(text("insert into import_batch (id, kind, file_name, content_hash, user_name, created_at, mode, "
                          "rows_in_file, rows_inserted, rows_skipped, status) values (1, 'pegawai', 'p.csv', 'x', "
                          "'uji', '2026-04-02 08:00:00', 'append', 0, 0, 0, 'committed')"))
        conn.execute(text("insert into agency (id, region_id, name, name_key, active) values (1, :r, 'Dinas', 'dinas', :t)"),
                     {"r": region, "t": True})
        conn.execute(text("insert into unit (id, agency_id, name, name_key, active) values (1, 1, 'Unit', 'unit', :t)"),
                     {"t": True})
        for eid in (1, 2):
            conn.execute(text("insert into employee (id, nip, name, status, region_id, agency_id, unit_id, active, "
                              "batch_id) values (:e, :nip, 'Pegawai', 'PNS', :r, 1, 1, :t, 1)"),
                         {"e": eid, "nip": f"19800101200501100{eid}", "r": region, "t": True})
        entries = [(1, march, 1), (1, march + 1, 1), (1, march + 2, 0), (1, march + 3, 2), (1, april, 1),
                   (2, march, 0), (2, march + 1, 3)]
        for eid, day, status in entries:
            conn.execute(text("insert into daily_entry (employee_id, day, status, input_min, approved_min, batch_id) "
                              "values (:e, :d, :s, :m, null, 1)"), {"e": eid, "d": day, "s": status, "m": day * 1440})
        for eid, month, entered in ((1, 202603, 4), (1, 202604, 1), (2, 202603, 2)):
            conn.execute(text("insert into daily_month (employee_id, month, agency_id, unit_id, days_entered, "
                              "days_active, days_approved, days_on_time, days_within_7, approval_minutes_sum) "
                              "values (:e, :m, 1, 1, :n, 0, 0, 0, 0, 0)"), {"e": eid, "m": month, "n": entered})
    upgrade(engine, "0010_daily_month_draft_days")
    with engine.connect() as conn:
        got = conn.execute(text("select employee_id, month, days_entered, days_draft from daily_month "
                                "order by employee_id, month")).all()
    assert [tuple(r) for r in got] == [(1, 202603, 4, 2), (1, 202604, 1, 1), (2, 202603, 2, 0)]
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009_mentoring_activity")
    assert "days_draft" not in {c["name"] for c in inspect(engine).get_columns("daily_month")}


def _partitions_and_rows(conn) -> tuple[list, list]:
    names = [n for (n,) in conn.execute(text(
        "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
        "where i.inhparent = to_regclass('daily_entry') order by 1"))]
    rows = conn.execute(text("select employee_id, day, status, input_min, approved_min, batch_id, "
                             "tableoid::regclass::text from daily_entry order by employee_id, day")).all()
    return names, [tuple(r) for r in rows]


def test_0011_partitions_daily_entry_by_month_keeping_every_row(db_url):
    """A database at 0010 with daily entries in March and May 2026 upgrades in place: on PostgreSQL
    daily_entry becomes partitioned by range of day, with one partition per month that holds rows (none
    for April, which holds none), every row in its month's partition, the same key and batch index; the
    downgrade makes it one plain table again with the same rows. SQLite keeps its table as it was."""
    from alembic import command

    from data_access.partitions import month_days
    from data_access.schema import alembic_config

    engine = get_engine(db_url)
    upgrade(engine, "0010_daily_month_draft_days")
    march, may = month_days(2026, 3), month_days(2026, 5)
    entries = [(5, march[0], 2, march[0] * 1440 + 900, None, 3), (5, march[1] - 1, 3, march[1] * 1440, march[1] * 1440 + 60, 3),
               (7, march[0] + 3, 1, march[0] * 1440 + 5000, None, 4), (7, may[0], 0, may[0] * 1440, None, 4)]
    with engine.begin() as conn:
        for row in entries:
            conn.execute(text("insert into daily_entry (employee_id, day, status, input_min, approved_min, batch_id) "
                              "values (:e, :d, :s, :i, :a, :b)"), dict(zip("edsiab", row)))
    upgrade(engine, "0011_daily_entry_partitions")
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        stored = conn.execute(text("select employee_id, day, status, input_min, approved_min, batch_id "
                                   "from daily_entry order by employee_id, day")).all()
        assert [tuple(r) for r in stored] == entries
        if postgres:
            assert conn.execute(text("select relkind from pg_class where oid = to_regclass('daily_entry')")).scalar() == "p"
            names, rows = _partitions_and_rows(conn)
            assert names == ["daily_entry_y2026m03", "daily_entry_y2026m05"]
            assert [r[-1] for r in rows] == ["daily_entry_y2026m03"] * 3 + ["daily_entry_y2026m05"]
    insp = inspect(engine)
    pk = insp.get_pk_constraint("daily_entry")
    assert (pk["name"], pk["constrained_columns"]) == ("pk_daily_entry", ["employee_id", "day"])
    assert {i["name"]: i["column_names"] for i in insp.get_indexes("daily_entry")} == {
        "ix_daily_entry_batch": ["batch_id", "employee_id"]}
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010_daily_month_draft_days")
    with engine.connect() as conn:
        stored = conn.execute(text("select employee_id, day, status, input_min, approved_min, batch_id "
                                   "from daily_entry order by employee_id, day")).all()
        assert [tuple(r) for r in stored] == entries
        if postgres:
            assert conn.execute(text("select relkind from pg_class where oid = to_regclass('daily_entry')")).scalar() == "r"
            assert _partitions_and_rows(conn)[0] == []
    insp = inspect(engine)
    assert insp.get_pk_constraint("daily_entry")["name"] == "pk_daily_entry"
    assert {i["name"] for i in insp.get_indexes("daily_entry")} == {"ix_daily_entry_batch"}
