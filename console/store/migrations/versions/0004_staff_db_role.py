"""staff.db_role: the PostgreSQL login that is this staff member; audit chain head function

PostgreSQL enforcement. On a shared PostgreSQL every staff member signs in
as their own database login (`branch-console admin add-user`); `staff.db_role` links the
login to the staff row, and `bc_current_branch()` (created by `admin init-postgres`) derives
the branch that row-level security allows from it. Unique: one login is one person. Empty on
SQLite and for staff who never sign in to a shared database.

PostgreSQL also gets `bc_audit_head()`: the hash of the newest audit row, read as the
function's owner. Under row-level security a branch login sees only its own branch's audit
rows, so "the newest row I can see" is not the chain head; appending must chain onto the
head that this function returns.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 08:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

PG_AUDIT_HEAD = """
CREATE OR REPLACE FUNCTION bc_audit_head() RETURNS varchar
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1
$$
"""


def upgrade() -> None:
    # Plain ADD COLUMN + a unique index: no table rebuild on SQLite (rebuilding `staff` fails
    # with foreign keys on, since every other table references it).
    op.add_column('staff', sa.Column('db_role', sa.String(length=63), nullable=True))
    op.create_index('uq_staff_db_role', 'staff', ['db_role'], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_AUDIT_HEAD)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS bc_audit_head()")
    op.drop_index('uq_staff_db_role', table_name='staff')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('db_role')
