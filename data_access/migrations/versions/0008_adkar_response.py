"""adkar_response: the anonymous respondents of the ADKAR pulse survey (kind `survei_adkar`, issue 20)

Revision ID: 0008_adkar_response
Revises: 0007_queue_ticket
Create Date: 2026-12-07

One row per respondent: the unit they work in, the day they answered, their five scores (1–5) and
their free text; no NIP and no name (the import refuses a file that has either). Indexed by agency
and date for the scoped reads, and by batch for a rollback.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_adkar_response'
down_revision = '0007_queue_ticket'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'adkar_response',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('survey_date', sa.Date(), nullable=False),
        sa.Column('awareness', sa.SmallInteger(), nullable=False),
        sa.Column('desire', sa.SmallInteger(), nullable=False),
        sa.Column('knowledge', sa.SmallInteger(), nullable=False),
        sa.Column('ability', sa.SmallInteger(), nullable=False),
        sa.Column('reinforcement', sa.SmallInteger(), nullable=False),
        sa.Column('suggestion', sa.Text(), nullable=True),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_adkar_response_agency_id_agency')),
        sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'],
                                name=op.f('fk_adkar_response_batch_id_import_batch')),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_adkar_response_region_id_region')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_adkar_response_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_adkar_response')),
    )
    op.create_index('ix_adkar_response_agency_date', 'adkar_response', ['agency_id', 'survey_date'])
    op.create_index('ix_adkar_response_batch_id', 'adkar_response', ['batch_id'])


def downgrade() -> None:
    op.drop_index('ix_adkar_response_batch_id', table_name='adkar_response')
    op.drop_index('ix_adkar_response_agency_date', table_name='adkar_response')
    op.drop_table('adkar_response')
