"""audit_log indexed by (action, id): every page rerun asks for the newest 'setting' row (the cache
version, data_access.settings.settings_version), and the log grows with every download

Revision ID: 0006_audit_action
Revises: 0005_imports
Create Date: 2026-11-28
"""
from alembic import op

revision = '0006_audit_action'
down_revision = '0005_imports'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_action", "audit_log", ["action", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_action", table_name="audit_log")
