"""work_order.response_budget_s: the first-response clock's allowance (R-TIME-7), from the policy

The queue colours a complaint's first-response countdown by the share of its allowance used; the
allowance is the policy's (complaint_first_response), cached beside response_due_at like
sla_budget_s beside due_at. Open rows are filled here for limits in hours (the regulation's 4 h);
a limit in working days is filled by the next change of the order, `rebuild_open_caches` or
`audit replay --fix`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 20:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response_budget_s', sa.Integer(), nullable=True))
    op.execute(
        """
        UPDATE work_order SET response_budget_s = (
            SELECT p."limit" * 3600 FROM sla_policy p
            WHERE p.version = work_order.policy_version AND p.kind = 'complaint_first_response'
              AND p.unit = 'hours' AND p.area = 'any')
        WHERE response_due_at IS NOT NULL
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.drop_column('response_budget_s')
