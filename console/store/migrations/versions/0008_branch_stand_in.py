"""branch.stand_in_id: who stands in for the business head of a branch without a manager

R-TIME-8: an unreachable-customer exemption is reported to the branch's business head. A branch
may have no active manager (a vacancy, a new branch); then the person named here receives the
report and the alert, so an exemption is never reported to nobody. Empty: the branch's active
manager is the head (the usual case).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 03:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (nullable, no default): no table rebuild on SQLite, whose ALTER TABLE
    # takes the reference inline only (alembic would add it as a separate constraint)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("ALTER TABLE branch ADD COLUMN stand_in_id INTEGER REFERENCES staff (id)")
    else:
        op.add_column('branch', sa.Column('stand_in_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_branch_stand_in_id_staff', 'branch', 'staff', ['stand_in_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('branch') as batch:
        batch.drop_column('stand_in_id')
