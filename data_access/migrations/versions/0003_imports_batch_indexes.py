"""indexes on batch_id: rollback and the batch history's scope check find a batch's rows directly

Revision ID: 0003_imports
Revises: 0002_last_login
Create Date: 2026-11-28

Every fact table gets an index on `batch_id`; `daily_entry` gets (batch_id, employee_id), so the scope
check reads a batch's staff from the index alone.
"""
from alembic import op

revision = '0003_imports'
down_revision = '0002_last_login'
branch_labels = None
depends_on = None

TABLES = ("employee", "skp", "appraisal", "org_rating", "training", "service_request", "service_standard",
          "skm_response")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_batch_id", table, ["batch_id"])
    op.create_index("ix_daily_entry_batch", "daily_entry", ["batch_id", "employee_id"])


def downgrade() -> None:
    op.drop_index("ix_daily_entry_batch", table_name="daily_entry")
    for table in TABLES:
        op.drop_index(f"ix_{table}_batch_id", table_name=table)
