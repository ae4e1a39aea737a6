"""order_verdict: the stored SLA facts of completed orders, for a province's month reports

A month's assessment and SLA report judge every order of the month from its events (R-ZONE-3/4).
At a province's scale (a few hundred thousand orders a month) replaying every completed order's log
for every report is most of the report's time, though a completed order's verdict changes only when
its log grows or the calendar or the time limits are edited. This table keeps each completed
order's facts with the rules they were judged under, and a trigger on ``order_event`` removes an
order's row in the very transaction that appends an event to it (any event but the escalation
pass's own and their acknowledgement, which move no clock): a row exists only while its order's
log is the one it was judged from. A report uses a row while the rules are the same too, and judges
the order from its events otherwise. Only the database owner writes the table (``branch-console
audit facts``); no console role may (console/store/pg/security.py). On PostgreSQL the trigger also
locks the order's row when it has a verdict, so an event cannot slip in while `audit facts` judges
it (the judging holds the row FOR SHARE until it commits). Note for later migrations: an Alembic
batch "recreate" of order_event on SQLite drops the trigger; create it again (``SQLITE_TRIGGER``).

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

# the events that leave every clock and every fact as it was (services.orders.escalation)
_QUIET = "('escalated', 'escalation_acknowledged')"
SQLITE_TRIGGER = f"""
    CREATE TRIGGER order_verdict_stale AFTER INSERT ON order_event
    WHEN NEW.type NOT IN {_QUIET}
    BEGIN DELETE FROM order_verdict WHERE order_id = NEW.order_id; END"""
PG_UP = [
    f"""
    CREATE OR REPLACE FUNCTION bc_order_verdict_stale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        PERFORM 1 FROM public.work_order w JOIN public.order_verdict v ON v.order_id = w.id
            WHERE w.id IN (SELECT n.order_id FROM new_events n WHERE n.type::text NOT IN {_QUIET})
            FOR UPDATE OF w;
        DELETE FROM public.order_verdict v USING new_events n
            WHERE v.order_id = n.order_id AND n.type::text NOT IN {_QUIET};
        RETURN NULL;
    END $$""",
    "REVOKE ALL ON FUNCTION bc_order_verdict_stale() FROM PUBLIC",
    "CREATE TRIGGER order_verdict_stale AFTER INSERT ON order_event REFERENCING NEW TABLE AS new_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION bc_order_verdict_stale()",
]


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
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(SQLITE_TRIGGER)
    else:
        for sql in PG_UP:
            op.execute(sql)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS order_verdict_stale" + ("" if op.get_bind().dialect.name == 'sqlite'
                                                              else " ON order_event"))
    if op.get_bind().dialect.name != 'sqlite':
        op.execute("DROP FUNCTION IF EXISTS bc_order_verdict_stale()")
    op.drop_index(op.f('ix_order_verdict_branch_id'), table_name='order_verdict')
    op.drop_table('order_verdict')
