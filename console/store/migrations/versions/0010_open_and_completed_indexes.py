"""work_order: an index of the open orders and one of the completion instant

A province's server holds years of orders. The escalation pass and the console's start read every
open order of every branch (``status <> 'completed'``): a partial index of the open ones serves them
without reading the closed history. A month's assessment and SLA report read the orders completed in
the month or still open (``completed_at >= month start OR completed_at IS NULL``): an index on the
completion instant serves both halves. Both are proven by tests/store/test_pg_plans.py (EXPLAIN).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 12:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_OPEN = sa.text("status <> 'completed'")


def upgrade() -> None:
    op.create_index('ix_work_order_open', 'work_order', ['id'], postgresql_where=_OPEN, sqlite_where=_OPEN)
    op.create_index('ix_work_order_completed_at', 'work_order', ['completed_at'])


def downgrade() -> None:
    op.drop_index('ix_work_order_completed_at', table_name='work_order')
    op.drop_index('ix_work_order_open', table_name='work_order')
