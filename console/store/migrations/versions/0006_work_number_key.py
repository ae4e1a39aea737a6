"""staff.work_number_key: work numbers unique regardless of case, width and invisible characters

A work number names one person (R-DISC-6), so ``nc0001``, ``NC0001``, the full-width
``ＮＣ０００１`` and ``NC0001`` with a zero-width space in it must not belong to two people.
`work_number_key` holds the comparison key (console.vocabulary.work_number_key: NFKC, format
characters removed, trimmed, upper case); the unique index on it refuses a near-duplicate on
every backend. Existing rows are filled here; two existing rows with the same key stop the
migration with both spellings named, so an administrator can renumber one first.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 09:00:00
"""
import sqlalchemy as sa
from alembic import op

from console.errors import StoreError
from console.i18n import T
from console.vocabulary import work_number_key

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN + a unique index: no table rebuild on SQLite (rebuilding `staff` fails
    # with foreign keys on, since every other table references it). Nullable in the schema
    # like db_role; the model fills it on every insert and change of the work number.
    op.add_column('staff', sa.Column('work_number_key', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    staff = sa.table('staff', sa.column('id', sa.Integer), sa.column('work_number', sa.String),
                     sa.column('work_number_key', sa.String))
    seen: dict[str, str] = {}
    for sid, number in bind.execute(sa.select(staff.c.id, staff.c.work_number).order_by(staff.c.id)).all():
        key = work_number_key(number)
        if key in seen:
            raise StoreError(T("work numbers {first!r} and {second!r} differ only in case, width or "
                               "invisible characters: renumber one of them before upgrading",
                               first=seen[key], second=number))
        seen[key] = number
        bind.execute(staff.update().where(staff.c.id == sid).values(work_number_key=key))
    op.create_index('uq_staff_work_number_key', 'staff', ['work_number_key'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_staff_work_number_key', table_name='staff')
    op.drop_column('staff', 'work_number_key')  # SQLite >= 3.35 drops a column in place
