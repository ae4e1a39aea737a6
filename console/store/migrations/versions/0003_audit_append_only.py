"""audit_log append-only: triggers refuse UPDATE/DELETE; db_user stamped on PostgreSQL

Tamper-evident audit (R-ACC, R-INSP). The hash chain (console/services/audit/verify.py) detects a
changed row after the fact; these triggers stop the ordinary way of changing one:
- both backends: BEFORE UPDATE and BEFORE DELETE triggers abort with a clear message;
- PostgreSQL also: a BEFORE TRUNCATE trigger, REVOKE UPDATE, DELETE, TRUNCATE FROM PUBLIC,
  and a BEFORE INSERT trigger writing `current_user` into the new `db_user` column (any
  value the client sends is overwritten), so each row names the database role behind it.
The table owner or a superuser can still `ALTER TABLE audit_log DISABLE TRIGGER …` (SQLite:
anyone who can open the file can DROP TRIGGER); that is why `branch-console audit verify`
recomputes the chain and `audit head` exports the head hash to keep outside the database.

Note for later migrations: an Alembic batch "recreate" of audit_log on SQLite (copy into a
new table, drop, rename) drops these triggers; create them again afterwards (see
`create_sqlite_triggers`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

REFUSAL = "audit_log is append-only: audit rows cannot be changed or deleted"

PG_UP = [
    f"""
    CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSAL} (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION audit_log_stamp_db_user() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.db_user := current_user;
        RETURN NEW;
    END;
    $$
    """,
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()",
    "CREATE TRIGGER audit_log_db_user BEFORE INSERT ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_stamp_db_user()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC",
]

PG_DOWN = [
    "DROP TRIGGER IF EXISTS audit_log_db_user ON audit_log",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "DROP FUNCTION IF EXISTS audit_log_stamp_db_user()",
    "DROP FUNCTION IF EXISTS audit_log_refuse_change()",
]

SQLITE_TRIGGERS = {
    "audit_log_no_update": f"BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '{REFUSAL} (UPDATE refused)'); END",
    "audit_log_no_delete": f"BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '{REFUSAL} (DELETE refused)'); END",
}


def create_sqlite_triggers() -> None:
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('db_user', sa.String(length=64), nullable=True))
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in PG_UP:
            op.execute(statement)
    elif dialect == "sqlite":
        create_sqlite_triggers()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in PG_DOWN:
            op.execute(statement)
    elif dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('db_user')
