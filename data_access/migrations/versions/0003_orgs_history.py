"""organisation changes (org_change) and staff placement history (employee_placement)

Revision ID: 0003_orgs
Revises: 0002_last_login
Create Date: 2026-11-28

Every employee gets one placement from its current agency and unit, open at both ends when active;
an inactive employee's placement is closed on the day of this upgrade (when they left is not known).
"""
from datetime import date

from alembic import op
import sqlalchemy as sa


revision = '0003_orgs'
down_revision = '0002_last_login'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'org_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('effective_date', sa.Date(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('target_agency_id', sa.Integer(), nullable=True),
        sa.Column('old_name', sa.String(length=200), nullable=False),
        sa.Column('old_key', sa.String(length=200), nullable=False),
        sa.Column('new_name', sa.String(length=200), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('user_name', sa.String(length=100), nullable=False),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_org_change_region_id_region')),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_org_change_agency_id_agency')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_org_change_unit_id_unit')),
        sa.ForeignKeyConstraint(['target_agency_id'], ['agency.id'],
                                name=op.f('fk_org_change_target_agency_id_agency')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_change')),
    )
    op.create_table(
        'employee_placement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('batch_id', sa.Integer(), nullable=True),
        sa.Column('closed_batch_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['employee_id'], ['employee.id'],
                                name=op.f('fk_employee_placement_employee_id_employee')),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_employee_placement_agency_id_agency')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_employee_placement_unit_id_unit')),
        sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'],
                                name=op.f('fk_employee_placement_batch_id_import_batch')),
        sa.ForeignKeyConstraint(['closed_batch_id'], ['import_batch.id'],
                                name=op.f('fk_employee_placement_closed_batch_id_import_batch')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_employee_placement')),
    )
    op.create_index('ix_employee_placement_employee', 'employee_placement', ['employee_id', 'valid_from'])
    op.create_index(op.f('ix_employee_placement_agency_id'), 'employee_placement', ['agency_id'])
    backfill = sa.text(
        "INSERT INTO employee_placement (employee_id, agency_id, unit_id, valid_from, valid_to, batch_id) "
        "SELECT id, agency_id, unit_id, NULL, CASE WHEN active THEN NULL ELSE :today END, batch_id "
        "FROM employee").bindparams(sa.bindparam("today", date.today(), type_=sa.Date()))
    op.get_bind().execute(backfill)


def downgrade() -> None:
    op.drop_table('employee_placement')
    op.drop_table('org_change')
