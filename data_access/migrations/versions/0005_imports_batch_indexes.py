"""indexes on batch_id (rollback and the batch history's scope check find a batch's rows directly);
daily_entry WITHOUT ROWID on SQLite

Revision ID: 0005_imports
Revises: 0004_audit_append_only
Create Date: 2026-11-28

Every fact table gets an index on `batch_id`; `daily_entry` gets (batch_id, employee_id), so the scope
check reads a batch's staff from the index alone.

On SQLite `daily_entry` becomes a WITHOUT ROWID table: its rows live in the primary-key b-tree itself
instead of a rowid table plus a separate key index, so an import writes one b-tree less (measured: the
bulk insert takes about a quarter less CPU). PostgreSQL has no such option and keeps its table.
"""
from alembic import op

revision = '0005_imports'
down_revision = '0004_audit_append_only'
branch_labels = None
depends_on = None

TABLES = ("employee", "skp", "appraisal", "org_rating", "training", "service_request", "service_standard",
          "skm_response")


_DAILY_COLUMNS = "employee_id, day, status, input_min, approved_min, batch_id"


def _rebuild_daily_entry(without_rowid: bool) -> None:
    op.execute("CREATE TABLE daily_entry_new (employee_id INTEGER NOT NULL, day INTEGER NOT NULL, "
               "status SMALLINT NOT NULL, input_min INTEGER NOT NULL, approved_min INTEGER, "
               "batch_id INTEGER NOT NULL, CONSTRAINT pk_daily_entry PRIMARY KEY (employee_id, day))"
               + (" WITHOUT ROWID" if without_rowid else ""))
    op.execute(f"INSERT INTO daily_entry_new ({_DAILY_COLUMNS}) SELECT {_DAILY_COLUMNS} FROM daily_entry "
               "ORDER BY employee_id, day")
    op.execute("DROP TABLE daily_entry")
    op.execute("ALTER TABLE daily_entry_new RENAME TO daily_entry")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_batch_id", table, ["batch_id"])
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_daily_entry(without_rowid=True)
    op.create_index("ix_daily_entry_batch", "daily_entry", ["batch_id", "employee_id"])


def downgrade() -> None:
    op.drop_index("ix_daily_entry_batch", table_name="daily_entry")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_daily_entry(without_rowid=False)
    for table in TABLES:
        op.drop_index(f"ix_{table}_batch_id", table_name=table)
