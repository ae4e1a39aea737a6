"""On PostgreSQL the per-row stamp and guard triggers do not fire for the table owner's writes

The triggers of migration 0007 (`order_event_stamp`, `work_order_received`, `work_order_guard`) and
the branch-link constraint triggers of `admin init-postgres` (`bc_link_*`) changed nothing for the
table owner or a superuser (their writes keep the time, actor and links they give: migrations,
the demo generator, tests with a fixed clock), yet each row of theirs still ran a SECURITY DEFINER
function that looked the login up in `staff` and in the role catalog. A province's `COPY` of a few
hundred thousand events paid that per row. Now each of these triggers has a `WHEN` condition,
`NOT bc_owner_writes('<its table>')`, which PostgreSQL evaluates before it calls the trigger
function:

- `bc_owner_writes(t)`: the session's login (`session_user`, which `SET ROLE` does not change) is
  a member of the role that owns table `t` *now* (read from pg_class on every call, so it follows
  `ALTER TABLE … OWNER TO`); superusers are members of every role. A plain STABLE SQL function
  with a pinned search path: it needs no right beyond what every login has (pg_class), and it
  says only whether the caller may already alter or disable the table's triggers.
- every staff login, and any other login that is not the owner, goes through the triggers exactly
  as before: the same functions, unchanged (a login of no staff member still may not write events).
- one difference for the owner: 0007's stamp also set `order_event.db_user` on the owner's rows.
  The column now defaults to `session_user`, so an owner's row that names no db_user (the demo's
  COPY leaves it out) still records the login; the trigger overrides it for everybody else.
- a login that is both the owner (or a superuser) and linked to a staff row was stamped like a
  person before; now it is not. Such a login can disable every trigger anyway (docs/security.md),
  so this gives it nothing it did not have.

The existing `bc_link_*` triggers (if `admin init-postgres` ran) are created again with the same
condition; `console/store/pg/security.py` creates new ones with it. The downgrade puts every
trigger back without it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:40:00
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# true for the owner of table t (or a superuser): the condition of each trigger below (`when`)
OWNER_FUNCTION = """
    CREATE OR REPLACE FUNCTION public.bc_owner_writes(t regclass) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
        SELECT pg_catalog.pg_has_role(session_user, c.relowner, 'MEMBER')
        FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) t::pg_catalog.oid
    $$"""
# (trigger, table, timing and event, function) as migration 0007 created them
ROW_TRIGGERS = (
    ("order_event_stamp", "order_event", "BEFORE INSERT", "bc_order_event_stamp()"),
    ("work_order_guard", "work_order", "BEFORE UPDATE", "bc_work_order_guard()"),
    ("work_order_received", "work_order", "BEFORE INSERT", "bc_work_order_received()"),
)


def when(table: str) -> str:
    return f"WHEN (NOT public.bc_owner_writes('public.{table}'::regclass))"


def _row_trigger(name: str, table: str, timing: str, function: str, condition: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} {timing} ON {table} FOR EACH ROW {condition} EXECUTE FUNCTION {function}"]


# the branch-link constraint triggers already installed: the same definition, with / without the condition
_LINKS = """
    DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT t.tgrelid::regclass AS rel, c.relname, t.tgname, pg_get_triggerdef(t.oid) AS def
                 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE t.tgname LIKE 'bc\\_link\\_%' AND NOT t.tgisinternal AND {which} LOOP
            EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.rel);
            EXECUTE {definition};
        END LOOP;
    END $$"""
LINKS_UP = _LINKS.format(
    which="t.tgqual IS NULL",
    definition="replace(r.def, ' FOR EACH ROW EXECUTE ', ' FOR EACH ROW WHEN (NOT public.bc_owner_writes('"
               " || quote_literal('public.' || r.relname) || '::regclass)) EXECUTE ')")
LINKS_DOWN = _LINKS.format(
    which="t.tgqual IS NOT NULL",
    definition="regexp_replace(r.def, ' WHEN \\(.*\\) EXECUTE FUNCTION ', ' EXECUTE FUNCTION ')")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(OWNER_FUNCTION)
    op.execute("ALTER TABLE order_event ALTER COLUMN db_user SET DEFAULT session_user")
    for name, table, timing, function in ROW_TRIGGERS:
        for sql in _row_trigger(name, table, timing, function, when(table)):
            op.execute(sql)
    op.execute(LINKS_UP)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(LINKS_DOWN)
    for name, table, timing, function in ROW_TRIGGERS:
        for sql in _row_trigger(name, table, timing, function, ""):
            op.execute(sql)
    op.execute("ALTER TABLE order_event ALTER COLUMN db_user DROP DEFAULT")
    op.execute("DROP FUNCTION IF EXISTS public.bc_owner_writes(regclass)")
