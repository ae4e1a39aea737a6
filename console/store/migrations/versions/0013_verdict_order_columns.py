"""order_verdict keeps the order's own columns a month's counts need, so they read it alone

A province's month assessment counts the month's completed orders from their stored verdicts
(services.assessment.facts, R-ZONE-3/4). It found those orders in ``work_order`` (by completion)
and looked each one's verdict up by its key: some 150,000 look-ups a month, most of the statement's
time. Now each verdict also holds its order's ``district_id``, ``kind``, ``received_at`` and
``completed_at`` (indexed), so the month's counts are one range of ``order_verdict``; the
completed orders without a current verdict are the month's completions not in that range.
The index on ``work_order.completed_at`` becomes one on (completed_at, status, received_at,
district_id, id): finding those completions, and the district of each of the month's callbacks, then
reads the index alone (on PostgreSQL, the pages VACUUM has marked all-visible), not one table page
per order.

A copy is only as good as what keeps it equal to the original: a trigger on ``work_order``
deletes an order's verdict when its status, kind, branch, district, receipt or completion changes,
by whatever login (the table owner's `audit replay` included), in the very statement that changes
it. The order is then judged from its events again, as any order without a verdict is. Existing
verdicts get their copies from their orders here; a verdict whose order is no longer completed
is removed (the next `audit facts` would have removed it).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 02:30:00
"""
import sqlalchemy as sa
from alembic import op

import console.models.base

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

COPIED = ("district_id", "kind", "received_at", "completed_at")  # the order's columns a verdict copies
WATCHED = ("status", "branch_id") + COPIED  # a change of any of these deletes the order's verdict
# the completion index, replacing 0010's on completed_at alone: the month's completed orders that have
# no current verdict, and their callbacks' districts, are found from the index without the table's rows
COMPLETION = ("completed_at", "status", "received_at", "district_id", "id")


def _changed(old: str, new: str, same: str) -> str:
    """The condition of a trigger: any watched column differs (``same``: the dialect's null-safe equality)."""
    return " OR ".join(f"NOT ({old}.{c} {same} {new}.{c})" for c in WATCHED)


SQLITE_TRIGGER = f"""
    CREATE TRIGGER order_verdict_moved AFTER UPDATE OF {', '.join(WATCHED)} ON work_order
    WHEN {_changed('OLD', 'NEW', 'IS')}
    BEGIN DELETE FROM order_verdict WHERE order_id = NEW.id; END"""
PG_UP = [
    """
    CREATE OR REPLACE FUNCTION bc_order_verdict_moved() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        DELETE FROM public.order_verdict v WHERE v.order_id OPERATOR(pg_catalog.=) NEW.id;
        RETURN NULL;
    END $$""",
    "REVOKE ALL ON FUNCTION bc_order_verdict_moved() FROM PUBLIC",
    # a row trigger with a WHEN: an update that leaves these columns alone calls no function
    f"CREATE TRIGGER order_verdict_moved AFTER UPDATE OF {', '.join(WATCHED)} ON work_order "
    f"FOR EACH ROW WHEN ({_changed('OLD', 'NEW', 'IS NOT DISTINCT FROM')}) "
    "EXECUTE FUNCTION bc_order_verdict_moved()",
]


def upgrade() -> None:
    instant = console.models.base.UTCDateTime(timezone=True)
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table('order_verdict') as b:
        b.add_column(sa.Column('district_id', sa.Integer(), nullable=True))
        b.add_column(sa.Column('kind', sa.String(length=32), nullable=True))
        b.add_column(sa.Column('received_at', instant, nullable=True))
        b.add_column(sa.Column('completed_at', instant, nullable=True))
    kind = "w.kind" if sqlite else "w.kind::text"
    op.execute(f"""UPDATE order_verdict SET district_id = w.district_id, kind = {kind},
                   received_at = w.received_at, completed_at = w.completed_at
                   FROM work_order AS w WHERE w.id = order_verdict.order_id AND w.status = 'completed'""")
    op.execute("DELETE FROM order_verdict WHERE completed_at IS NULL")
    if sqlite:
        # the batch below copies the table and renames the copy; SQLite's rename checks every trigger
        # of the schema and refuses while migration 0011's (on order_event) names a table just dropped
        op.execute("PRAGMA legacy_alter_table = ON")
    with op.batch_alter_table('order_verdict') as b:
        for c in COPIED:
            b.alter_column(c, nullable=False)
    if sqlite:
        op.execute("PRAGMA legacy_alter_table = OFF")
    op.create_index(op.f('ix_order_verdict_completed_at'), 'order_verdict', ['completed_at'])
    op.create_index('ix_work_order_completion', 'work_order', list(COMPLETION))
    op.drop_index('ix_work_order_completed_at', table_name='work_order')
    if sqlite:
        op.execute(SQLITE_TRIGGER)
    else:
        for sql in PG_UP:
            op.execute(sql)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    op.execute("DROP TRIGGER IF EXISTS order_verdict_moved" + ("" if sqlite else " ON work_order"))
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS bc_order_verdict_moved()")
    op.drop_index(op.f('ix_order_verdict_completed_at'), table_name='order_verdict')
    op.create_index('ix_work_order_completed_at', 'work_order', ['completed_at'])
    op.drop_index('ix_work_order_completion', table_name='work_order')
    if sqlite:
        op.execute("PRAGMA legacy_alter_table = ON")  # as in upgrade
    with op.batch_alter_table('order_verdict') as b:
        for c in reversed(COPIED):
            b.drop_column(c)
    if sqlite:
        op.execute("PRAGMA legacy_alter_table = OFF")
