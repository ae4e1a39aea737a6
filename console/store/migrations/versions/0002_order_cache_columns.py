"""order cache columns for SLA, escalation and visit window

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:16:46.203808
"""
import sqlalchemy as sa
from alembic import op

import console.models.base

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sla_budget_s', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('response_due_at', console.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sla_provisional', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('escalation_level', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('visit_from', console.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('visit_to', console.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('arrived_at', console.models.base.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.drop_column('arrived_at')
        batch_op.drop_column('visit_to')
        batch_op.drop_column('visit_from')
        batch_op.drop_column('escalation_level')
        batch_op.drop_column('sla_provisional')
        batch_op.drop_column('response_due_at')
        batch_op.drop_column('sla_budget_s')

