"""audit_log is append-only: the database itself refuses UPDATE and DELETE on it

Revision ID: 0004_audit_append_only
Revises: 0003_orgs
Create Date: 2026-11-28

The code only appends (data_access.audit); these triggers make that hold for anyone with SQL access
through the application's own database user too. (A database owner can still drop the trigger: the
backups are the record of last resort.)
"""
from alembic import op


revision = '0004_audit_append_only'
down_revision = '0003_orgs'
branch_labels = None
depends_on = None

MESSAGE = "audit_log hanya boleh ditambah (append-only)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END $$""")
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER audit_log_no_{event}")
