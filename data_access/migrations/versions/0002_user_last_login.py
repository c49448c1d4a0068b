"""users: last sign-in time; e-mail addresses stored in lower case

Revision ID: 0002_last_login
Revises: 0001
Create Date: 2026-11-28

`app_user.email` exists since 0001; single sign-on (st.login) maps the identity provider's e-mail to
it case-insensitively, so stored addresses are lowered here and by every write from now on. The
admin page lists each user's last sign-in (password or SSO), kept in `last_login_at`.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_last_login'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE app_user SET email = lower(trim(email)) WHERE email IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('last_login_at')
