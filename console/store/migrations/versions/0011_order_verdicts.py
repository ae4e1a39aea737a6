"""order_verdict: the stored SLA facts of completed orders, for a province's month reports

A month's assessment and SLA report judge every order of the month from its events (R-ZONE-3/4).
At a province's scale (a few hundred thousand orders a month) replaying every completed order's log
for every report is most of the report's time, though a completed order's verdict changes only when
its log grows or the calendar or the time limits are edited. This table keeps each completed
order's facts with the newest event id and the rules they were judged under; a report uses a row
only while both still hold, and judges the order from its events otherwise. Only the database owner
writes it (``branch-console audit facts``); no console role may (console/store/pg/security.py).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 13:40:00
"""
import sqlalchemy as sa
from alembic import op

import console.models.base

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    instant = console.models.base.UTCDateTime(timezone=True)
    op.create_table(
        'order_verdict',
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('last_event_id', sa.Integer(), nullable=False),
        sa.Column('rules_stamp', sa.String(length=32), nullable=False),
        sa.Column('clock_start', instant, nullable=True),
        sa.Column('responded_at', instant, nullable=True),
        sa.Column('state', sa.String(length=32), nullable=True),
        sa.Column('due', instant, nullable=True),
        sa.Column('original_due', instant, nullable=True),
        sa.Column('finished_at', instant, nullable=True),
        sa.Column('exempted', sa.Boolean(), nullable=False),
        sa.Column('extended', sa.Boolean(), nullable=False),
        sa.Column('provisional', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_order_verdict_branch_id_branch')),
        sa.ForeignKeyConstraint(['order_id'], ['work_order.id'], name=op.f('fk_order_verdict_order_id_work_order')),
        sa.PrimaryKeyConstraint('order_id', name=op.f('pk_order_verdict')),
    )
    op.create_index(op.f('ix_order_verdict_branch_id'), 'order_verdict', ['branch_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_order_verdict_branch_id'), table_name='order_verdict')
    op.drop_table('order_verdict')
