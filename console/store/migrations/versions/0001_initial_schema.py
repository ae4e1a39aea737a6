"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 07:08:43.325166
"""
import sqlalchemy as sa
from alembic import op

import console.models.base

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('branch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.Enum('city', 'county', name='branch_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('hotline', sa.String(length=32), nullable=False),
    sa.Column('supervision_phone', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('growth_target', sa.Integer(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_branch')),
    sa.UniqueConstraint('code', name=op.f('uq_branch_code')),
    sa.UniqueConstraint('name', name=op.f('uq_branch_name'))
    )
    op.create_table('calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_workday', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_day'))
    )
    op.create_table('district',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('area_type', sa.Enum('urban', 'rural', name='area_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('households', sa.Integer(), nullable=False),
    sa.Column('service_phone', sa.String(length=32), nullable=False),
    sa.Column('supervision_phone', sa.String(length=32), nullable=False),
    sa.Column('geojson', sa.Text(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_district_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district')),
    sa.UniqueConstraint('branch_id', 'name', name=op.f('uq_district_branch_id')),
    sa.UniqueConstraint('code', name=op.f('uq_district_code'))
    )
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_branch_id'), ['branch_id'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_number', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.Enum('dispatcher', 'maintainer', 'inspector', 'manager', 'admin', name='staff_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('photo', sa.LargeBinary(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('hired_on', sa.Date(), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_staff_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('work_number', name=op.f('uq_staff_work_number'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_branch_id'), ['branch_id'], unique=False)

    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('trainer', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_training_session_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_session'))
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_branch_id'), ['branch_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_audit_log_actor_id_staff')),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_audit_log_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_branch_id'), ['branch_id'], unique=False)

    op.create_table('customer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('account_no', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('is_major', sa.Boolean(), nullable=False),
    sa.Column('major_category', sa.String(length=32), nullable=True),
    sa.Column('subscribed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_customer_branch_id_branch')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_customer_district_id_district')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer')),
    sa.UniqueConstraint('account_no', name=op.f('uq_customer_account_no'))
    )
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_phone'), ['phone'], unique=False)

    op.create_table('district_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('maintainer_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_district_assignment_branch_id_branch')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_district_assignment_district_id_district')),
    sa.ForeignKeyConstraint(['maintainer_id'], ['staff.id'], name=op.f('fk_district_assignment_maintainer_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_assignment'))
    )
    with op.batch_alter_table('district_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_assignment_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_district_assignment_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_district_assignment_maintainer_id'), ['maintainer_id'], unique=False)

    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('inspectors', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_inspection_branch_id_branch')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_inspection_created_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection'))
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_branch_id'), ['branch_id'], unique=False)

    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('starts_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('emergency', sa.Boolean(), nullable=False),
    sa.Column('emergency_reason', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='notice_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('published_at', console.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_notice_branch_id_branch')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_notice_created_by_id_staff')),
    sa.ForeignKeyConstraint(['published_by_id'], ['staff.id'], name=op.f('fk_notice_published_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_branch_id'), ['branch_id'], unique=False)

    op.create_table('sla_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('area', sa.String(length=8), nullable=False),
    sa.Column('limit', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('rule_id', sa.String(length=16), nullable=False),
    sa.Column('effective_from', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_sla_policy_created_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_policy')),
    sa.UniqueConstraint('version', 'kind', 'area', name=op.f('uq_sla_policy_version'))
    )
    op.create_table('training_record',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_training_record_session_id_training_session')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_training_record_staff_id_staff')),
    sa.PrimaryKeyConstraint('session_id', 'staff_id', name=op.f('pk_training_record'))
    )
    op.create_table('fee_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('reminded_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_fee_reminder_branch_id_branch')),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_fee_reminder_by_id_staff')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_fee_reminder_customer_id_customer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_reminder')),
    sa.UniqueConstraint('customer_id', 'expires_on', name=op.f('uq_fee_reminder_customer_id'))
    )
    with op.batch_alter_table('fee_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fee_reminder_branch_id'), ['branch_id'], unique=False)

    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('rule_family', sa.String(length=12), nullable=False),
    sa.Column('rule_id', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('severity', sa.Enum('minor', 'serious', 'critical', name='finding_severity', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('responsible_unit', sa.String(length=100), nullable=False),
    sa.Column('responsible_person_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'rectifying', 'closed', name='finding_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status_by_id', sa.Integer(), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_finding_branch_id_branch')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_finding_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['responsible_person_id'], ['staff.id'], name=op.f('fk_finding_responsible_person_id_staff')),
    sa.ForeignKeyConstraint(['status_by_id'], ['staff.id'], name=op.f('fk_finding_status_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding'))
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('notice_district',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_notice_district_district_id_district')),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], name=op.f('fk_notice_district_notice_id_notice')),
    sa.PrimaryKeyConstraint('notice_id', 'district_id', name=op.f('pk_notice_district'))
    )
    op.create_table('revisit_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('recurrence', sa.Enum('weeks', 'monthly', 'quarterly', 'custom', name='plan_recurrence', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('interval_weeks', sa.Integer(), nullable=True),
    sa.Column('custom_dates', sa.JSON(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('active', 'paused', 'ended', name='plan_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_revisit_plan_branch_id_branch')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_revisit_plan_customer_id_customer')),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], name=op.f('fk_revisit_plan_owner_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revisit_plan'))
    )
    with op.batch_alter_table('revisit_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revisit_plan_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revisit_plan_customer_id'), ['customer_id'], unique=False)

    op.create_table('work_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.Enum('general_fault', 'major_fault', 'installation', 'restoration', 'complaint', 'inquiry', 'business', name='order_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('channel', sa.Enum('hotline', 'counter', 'visit', 'online', name='order_channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('priority', sa.Enum('normal', 'important', 'major_complaint', 'emergency', name='order_priority', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('first_contact_id', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('required_materials', sa.JSON(), nullable=False),
    sa.Column('missing_materials', sa.JSON(), nullable=False),
    sa.Column('received_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', console.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('parent_order_id', sa.Integer(), nullable=True),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('policy_version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('waiting_materials', 'open', 'assigned', 'paused', 'completed', name='order_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('due_at', console.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sla_state', sa.String(length=20), nullable=True),
    sa.Column('updated_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['staff.id'], name=op.f('fk_work_order_assignee_id_staff')),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_work_order_branch_id_branch')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_work_order_customer_id_customer')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_work_order_district_id_district')),
    sa.ForeignKeyConstraint(['first_contact_id'], ['staff.id'], name=op.f('fk_work_order_first_contact_id_staff')),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], name=op.f('fk_work_order_notice_id_notice')),
    sa.ForeignKeyConstraint(['parent_order_id'], ['work_order.id'], name=op.f('fk_work_order_parent_order_id_work_order')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['staff.id'], name=op.f('fk_work_order_updated_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order')),
    sa.UniqueConstraint('branch_id', 'number', name=op.f('uq_work_order_branch_id'))
    )
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_order_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index('ix_work_order_branch_open', ['branch_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_order_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_order_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_order_received_at'), ['received_at'], unique=False)

    op.create_table('accountability_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('finding_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('statement_declined', sa.Boolean(), nullable=False),
    sa.Column('statement_at', console.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('aggravating', sa.JSON(), nullable=False),
    sa.Column('mitigating', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('decided_at', console.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_accountability_case_branch_id_branch')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_accountability_case_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_accountability_case_finding_id_finding')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['staff.id'], name=op.f('fk_accountability_case_opened_by_id_staff')),
    sa.ForeignKeyConstraint(['order_id'], ['work_order.id'], name=op.f('fk_accountability_case_order_id_work_order')),
    sa.ForeignKeyConstraint(['person_id'], ['staff.id'], name=op.f('fk_accountability_case_person_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accountability_case'))
    )
    with op.batch_alter_table('accountability_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accountability_case_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accountability_case_person_id'), ['person_id'], unique=False)

    op.create_table('callback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('due_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('open', 'done', 'unreachable', name='callback_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('done_at', console.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('solved', sa.Boolean(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('follow_up_order_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['staff.id'], name=op.f('fk_callback_agent_id_staff')),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_callback_branch_id_branch')),
    sa.ForeignKeyConstraint(['follow_up_order_id'], ['work_order.id'], name=op.f('fk_callback_follow_up_order_id_work_order')),
    sa.ForeignKeyConstraint(['order_id'], ['work_order.id'], name=op.f('fk_callback_order_id_work_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callback')),
    sa.UniqueConstraint('order_id', name=op.f('uq_callback_order_id'))
    )
    with op.batch_alter_table('callback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callback_branch_id'), ['branch_id'], unique=False)

    op.create_table('order_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.Enum('received', 'materials_missing', 'materials_complete', 'assigned', 'visit_booked', 'arrived', 'first_response', 'paused', 'resumed', 'customer_unreachable', 'head_notified', 'extension_requested', 'extension_approved', 'extension_rejected', 'reclassified', 'escalated', 'escalation_acknowledged', 'completed', 'reopened', 'callback_attempt', 'callback_done', 'note', name='order_event_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_order_event_actor_id_staff')),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_order_event_branch_id_branch')),
    sa.ForeignKeyConstraint(['order_id'], ['work_order.id'], name=op.f('fk_order_event_order_id_work_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_event'))
    )
    with op.batch_alter_table('order_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_event_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index('ix_order_event_order_at', ['order_id', 'at'], unique=False)

    op.create_table('revisit_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('planned_for', sa.Date(), nullable=False),
    sa.Column('visited_at', console.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('follow_up_order_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_revisit_visit_branch_id_branch')),
    sa.ForeignKeyConstraint(['follow_up_order_id'], ['work_order.id'], name=op.f('fk_revisit_visit_follow_up_order_id_work_order')),
    sa.ForeignKeyConstraint(['plan_id'], ['revisit_plan.id'], name=op.f('fk_revisit_visit_plan_id_revisit_plan')),
    sa.ForeignKeyConstraint(['visitor_id'], ['staff.id'], name=op.f('fk_revisit_visit_visitor_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revisit_visit'))
    )
    with op.batch_alter_table('revisit_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revisit_visit_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revisit_visit_plan_id'), ['plan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('revisit_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revisit_visit_plan_id'))
        batch_op.drop_index(batch_op.f('ix_revisit_visit_branch_id'))

    op.drop_table('revisit_visit')
    with op.batch_alter_table('order_event', schema=None) as batch_op:
        batch_op.drop_index('ix_order_event_order_at')
        batch_op.drop_index(batch_op.f('ix_order_event_branch_id'))

    op.drop_table('order_event')
    with op.batch_alter_table('callback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callback_branch_id'))

    op.drop_table('callback')
    with op.batch_alter_table('accountability_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accountability_case_person_id'))
        batch_op.drop_index(batch_op.f('ix_accountability_case_branch_id'))

    op.drop_table('accountability_case')
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_order_received_at'))
        batch_op.drop_index(batch_op.f('ix_work_order_district_id'))
        batch_op.drop_index(batch_op.f('ix_work_order_customer_id'))
        batch_op.drop_index('ix_work_order_branch_open')
        batch_op.drop_index(batch_op.f('ix_work_order_assignee_id'))

    op.drop_table('work_order')
    with op.batch_alter_table('revisit_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revisit_plan_customer_id'))
        batch_op.drop_index(batch_op.f('ix_revisit_plan_branch_id'))

    op.drop_table('revisit_plan')
    op.drop_table('notice_district')
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_finding_branch_id'))

    op.drop_table('finding')
    with op.batch_alter_table('fee_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fee_reminder_branch_id'))

    op.drop_table('fee_reminder')
    op.drop_table('training_record')
    op.drop_table('sla_policy')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_branch_id'))

    op.drop_table('notice')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_branch_id'))

    op.drop_table('inspection')
    with op.batch_alter_table('district_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_district_assignment_maintainer_id'))
        batch_op.drop_index(batch_op.f('ix_district_assignment_district_id'))
        batch_op.drop_index(batch_op.f('ix_district_assignment_branch_id'))

    op.drop_table('district_assignment')
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_phone'))
        batch_op.drop_index(batch_op.f('ix_customer_district_id'))
        batch_op.drop_index(batch_op.f('ix_customer_branch_id'))

    op.drop_table('customer')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_branch_id'))

    op.drop_table('audit_log')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_branch_id'))

    op.drop_table('training_session')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_branch_id'))

    op.drop_table('staff')
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_district_branch_id'))

    op.drop_table('district')
    op.drop_table('calendar_day')
    op.drop_table('branch')
