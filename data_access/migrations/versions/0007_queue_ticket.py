"""queue_ticket: the tickets of the queue at an office's counter (kind `antrian`, issue 21)

Revision ID: 0007_queue_ticket
Revises: 0006_audit_action
Create Date: 2026-11-28

One row per ticket, keyed by office, the day the ticket was taken and its number (numbers start again
every day); the key's index also serves the scoped reads by office and day.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007_queue_ticket'
down_revision = '0006_audit_action'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'queue_ticket',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket', sa.String(length=40), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('service_type', sa.String(length=100), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('taken_at', sa.DateTime(), nullable=False),
        sa.Column('called_at', sa.DateTime(), nullable=True),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('counter', sa.String(length=40), nullable=True),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_queue_ticket_agency_id_agency')),
        sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_queue_ticket_batch_id_import_batch')),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_queue_ticket_region_id_region')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_ticket')),
        sa.UniqueConstraint('agency_id', 'day', 'ticket', name=op.f('uq_queue_ticket_agency_id_day_ticket')),
    )
    op.create_index('ix_queue_ticket_batch_id', 'queue_ticket', ['batch_id'])


def downgrade() -> None:
    op.drop_index('ix_queue_ticket_batch_id', table_name='queue_ticket')
    op.drop_table('queue_ticket')
