"""daily_month.days_draft: the days an employee left a Draft, per month

Revision ID: 0010_daily_month_draft_days
Revises: 0009_mentoring_activity
Create Date: 2026-12-08

days_entered counts every stored status, "Not Started" included (the days an e-Kinerja export lists with
nothing written). The mentoring plan infers "drafts never sent" (the Ability barrier) from staff who
wrote drafts, so the summary keeps the Draft days apart. Filled from the stored daily entries, month by
month, as the import's summary would have counted them.
"""
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = '0010_daily_month_draft_days'
down_revision = '0009_mentoring_activity'
branch_labels = None
depends_on = None

DRAFT = 1  # vocab.codes.DAILY_STATUS_CODES["Draft"] when this revision was written


def _day_number(year: int, month: int, day: int) -> int:
    return (date(year, month, day) - date(1970, 1, 1)).days


def upgrade() -> None:
    with op.batch_alter_table('daily_month') as batch:
        batch.add_column(sa.Column('days_draft', sa.Integer(), nullable=False, server_default='0'))
    conn = op.get_bind()
    months = [m for (m,) in conn.execute(sa.text("SELECT DISTINCT month FROM daily_month ORDER BY month"))]
    for month in months:
        year, m = divmod(int(month), 100)
        first = _day_number(year, m, 1)
        last = _day_number(year + (m == 12), m % 12 + 1, 1) - 1
        conn.execute(sa.text(
            "UPDATE daily_month SET days_draft = (SELECT count(*) FROM daily_entry e "
            "WHERE e.employee_id = daily_month.employee_id AND e.day BETWEEN :first AND :last "
            "AND e.status = :draft) WHERE month = :month"),
            {"first": first, "last": last, "draft": DRAFT, "month": month})


def downgrade() -> None:
    with op.batch_alter_table('daily_month') as batch:
        batch.drop_column('days_draft')
