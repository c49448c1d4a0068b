"""mentoring_activity: mentoring and socialisation activities (kind `kegiatan_pendampingan`, issue 20)

Revision ID: 0009_mentoring_activity
Revises: 0008_adkar_response
Create Date: 2026-12-07

One row per activity: the day, the agency and the unit it was for (null = every unit of the agency),
its type (vocab.codes.MENTORING_TYPES), the number of participants and the facilitator. Indexed by
agency and date for the scoped reads, and by batch for a rollback.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_mentoring_activity'
down_revision = '0008_adkar_response'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'mentoring_activity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('activity_date', sa.Date(), nullable=False),
        sa.Column('activity_type', sa.String(length=40), nullable=False),
        sa.Column('participants', sa.Integer(), nullable=False),
        sa.Column('facilitator', sa.Text(), nullable=True),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_mentoring_activity_agency_id_agency')),
        sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'],
                                name=op.f('fk_mentoring_activity_batch_id_import_batch')),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_mentoring_activity_region_id_region')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_mentoring_activity_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_activity')),
    )
    op.create_index('ix_mentoring_activity_agency_date', 'mentoring_activity', ['agency_id', 'activity_date'])
    op.create_index('ix_mentoring_activity_batch_id', 'mentoring_activity', ['batch_id'])


def downgrade() -> None:
    op.drop_index('ix_mentoring_activity_batch_id', table_name='mentoring_activity')
    op.drop_index('ix_mentoring_activity_agency_date', table_name='mentoring_activity')
    op.drop_table('mentoring_activity')
