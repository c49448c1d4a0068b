"""daily_entry partitioned by month on PostgreSQL

Revision ID: 0011_daily_entry_partitions
Revises: 0010_daily_month_draft_days
Create Date: 2026-12-08

On PostgreSQL `daily_entry` becomes a table PARTITIONED BY RANGE (day), one partition per calendar
month (daily_entry_y2026m03: FROM the month's first day TO the next month's first day), with the same
columns, primary key (pk_daily_entry) and batch index (ix_daily_entry_batch). In one transaction: the
partitioned table is created, a partition for every month that holds rows, the rows are moved, the old
table dropped and the new one renamed. No DEFAULT partition: data_access.partitions creates a month's
partition before its rows arrive. The downgrade makes it a plain table again, rows kept. On SQLite
nothing changes (a WITHOUT ROWID table, migration 0005).
"""
from datetime import date

from alembic import op

revision = '0011_daily_entry_partitions'
down_revision = '0010_daily_month_draft_days'
branch_labels = None
depends_on = None

EPOCH = date(1970, 1, 1)
COLUMNS = "employee_id, day, status, input_min, approved_min, batch_id"
SHAPE = ("employee_id INTEGER NOT NULL, day INTEGER NOT NULL, status SMALLINT NOT NULL, "
         "input_min INTEGER NOT NULL, approved_min INTEGER, batch_id INTEGER NOT NULL")


def _bounds(year: int, month: int) -> tuple[int, int]:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (date(year, month, 1) - EPOCH).days, (following - EPOCH).days


def _swap_in(new: str, options: str) -> None:
    """Create `new` shaped like daily_entry (with `options`), move every row into it, drop the old
    table and give `new` its name, key and index."""
    op.execute(f"CREATE TABLE {new} ({SHAPE}, CONSTRAINT pk_{new} PRIMARY KEY (employee_id, day)) {options}")
    if options:
        months = op.get_bind().exec_driver_sql(
            "SELECT DISTINCT CAST(extract(year FROM d) AS integer), CAST(extract(month FROM d) AS integer) "
            "FROM (SELECT DATE '1970-01-01' + day AS d FROM daily_entry) AS days ORDER BY 1, 2").all()
        for year, month in months:
            lo, hi = _bounds(year, month)
            op.execute(f"CREATE TABLE daily_entry_y{year:04d}m{month:02d} PARTITION OF {new} "
                       f"FOR VALUES FROM ({lo}) TO ({hi})")
    op.execute(f"INSERT INTO {new} ({COLUMNS}) SELECT {COLUMNS} FROM daily_entry ORDER BY employee_id, day")
    op.execute("DROP TABLE daily_entry")
    op.execute(f"ALTER TABLE {new} RENAME TO daily_entry")
    op.execute(f"ALTER TABLE daily_entry RENAME CONSTRAINT pk_{new} TO pk_daily_entry")
    op.execute("CREATE INDEX ix_daily_entry_batch ON daily_entry (batch_id, employee_id)")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _swap_in("daily_entry_partitioned", "PARTITION BY RANGE (day)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _swap_in("daily_entry_plain", "")
