"""district_assignment: the phones published with each servant, who made the change and when

R-ZONE-5: a change of who serves a district is published with its history. Each assignment row
now keeps the district's service and supervision phones it was published with (R-ZONE-2), who
made the change and when (the audit row says it too; these make the published "changes" list one
read). Rows written before this revision have them empty (the demo's and the imports' history).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 04:00:00
"""
import sqlalchemy as sa
from alembic import op

from console.models.base import UTCDateTime

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_FK = 'fk_district_assignment_changed_by_id_staff'


def upgrade() -> None:
    # plain ADD COLUMNs (nullable, no default): no table rebuild on SQLite, whose ALTER TABLE
    # takes a reference inline only (see 0008)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("ALTER TABLE district_assignment ADD COLUMN service_phone VARCHAR(32)")
        op.execute("ALTER TABLE district_assignment ADD COLUMN supervision_phone VARCHAR(32)")
        op.execute("ALTER TABLE district_assignment ADD COLUMN changed_by_id INTEGER REFERENCES staff (id)")
        op.execute("ALTER TABLE district_assignment ADD COLUMN changed_at DATETIME")
    else:
        op.add_column('district_assignment', sa.Column('service_phone', sa.String(32), nullable=True))
        op.add_column('district_assignment', sa.Column('supervision_phone', sa.String(32), nullable=True))
        op.add_column('district_assignment', sa.Column('changed_by_id', sa.Integer(), nullable=True))
        op.add_column('district_assignment', sa.Column('changed_at', UTCDateTime(timezone=True), nullable=True))
        op.create_foreign_key(_FK, 'district_assignment', 'staff', ['changed_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('district_assignment') as batch:
        for name in ('changed_at', 'changed_by_id', 'supervision_phone', 'service_phone'):
            batch.drop_column(name)
