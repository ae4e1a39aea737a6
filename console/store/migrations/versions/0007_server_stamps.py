"""order_event.db_user; on PostgreSQL the server stamps time, person and audit chain

Tamper-evident, attributable records (R-ACC, R-INSP) on a shared PostgreSQL server, where each
person signs in as their own database login (docs/security.md):

- `order_event.db_user` (both backends): the database login that wrote the event. On
  PostgreSQL a BEFORE INSERT trigger stamps it from `session_user` (what `SET ROLE` cannot
  change) whatever the client sent; empty on SQLite, where there are no logins.
- `bc_login_staff_id()`: the staff row linked to the login (`staff.db_role = session_user`).
- order events written through a person's login (`bc_order_event_stamp`): `at` is the
  server's clock (`now()`, the transaction's start); a time the client claimed that differs
  by more than a minute is kept in the payload as `claimed_at`, never as the event's time; the
  actor is the login's person (only the system's own events — an escalation or head
  notification with no actor — stay without one); a callback attempt's time-of-day bucket is
  the server time's. A login not linked to any staff member writes no event.
- audit rows: every INSERT into audit_log goes through `bc_audit_chain` (BEFORE INSERT), which
  serialises appends by locking the one row of `bc_audit_chain` (the head), a table on which no
  login has any right, so none can lock it except through its own append; it numbers the row
  under that lock (ids in chain order), stamps db_user, time and actor as above, and computes
  prev_hash and hash in the
  database (`bc_audit_body`: the same canonical JSON as `services.audit.chain.row_digest`, so
  `audit verify` recomputes it independently in Python). Logins append through
  `bc_audit_append(…)` only (`admin init-postgres` revokes INSERT on audit_log).
- work_order: a login may change an order's projected columns (status, clocks, assignee …)
  only in a transaction that also appends an event to that order (`bc_work_order_guard`);
  `audit replay` recomputes every projected column from the events.
- the db_user stamp of migration 0003 read `current_user` (the function owner inside a
  SECURITY DEFINER function, the group after `SET ROLE`): now `session_user`. `bc_audit_head()`
  gets the pinned search path (pg_catalog, pg_temp) every SECURITY DEFINER function has.

The table owner and superusers are not staff logins: their writes keep the time and actor
they give (migrations, the demo generator, tests with a fixed clock), and they can disable any
trigger — which is why `audit head` exports the head for a manager to keep outside the database.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
# R-FIRST-4 ladder: the system's own events, which carry no actor
SYSTEM_EVENTS = ("escalated", "head_notified")
# the order's columns its events decide (services.orders.caches); updated_at/updated_by_id/version too
PROJECTED = ("status", "kind", "priority", "assignee_id", "required_materials", "missing_materials",
             "completed_at", "visit_from", "visit_to", "arrived_at", "policy_version", "escalation_level", "due_at",
             "sla_state", "sla_budget_s", "response_due_at", "response_budget_s", "sla_provisional")

PG_UP = [
    # which orders got an event in which (running) transaction: written by the event trigger,
    # read by the work_order guard; no login has any right on it (console/store/pg/security.py)
    # the chain's head, one row: locked by each append until its transaction ends (bc_audit_chain)
    "CREATE TABLE bc_audit_chain (one boolean PRIMARY KEY DEFAULT true CHECK (one), head varchar(64) NOT NULL)",
    "INSERT INTO bc_audit_chain (head) SELECT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '')",
    "CREATE UNLOGGED TABLE bc_txn_event (txid xid8 NOT NULL, order_id integer NOT NULL, PRIMARY KEY (txid, order_id))",
    f"""
    CREATE OR REPLACE FUNCTION public.bc_login_staff_id() RETURNS integer
    LANGUAGE sql STABLE {DEFINER} AS $$
        SELECT s.id FROM public.staff s WHERE s.db_role = session_user
    $$""",
    # Python's float repr (what json.dumps writes) from PostgreSQL's shortest float8 text
    """
    CREATE OR REPLACE FUNCTION public.bc_python_float(x float8) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET extra_float_digits = 1 SET search_path = pg_catalog, pg_temp AS $$
    DECLARE s text; sign text := ''; mant text; ex integer := 0; ip text; digits text; decpt integer; n integer;
            c numeric; cd text; cp integer;
    BEGIN
        IF x = 'Infinity'::float8 THEN RETURN 'Infinity'; END IF;
        IF x = '-Infinity'::float8 THEN RETURN '-Infinity'; END IF;
        IF x = 'NaN'::float8 THEN RETURN 'NaN'; END IF;
        s := x::text;
        IF left(s, 1) = '-' THEN sign := '-'; s := substr(s, 2); END IF;
        IF position('e' IN s) > 0 THEN
            mant := split_part(s, 'e', 1); ex := split_part(s, 'e', 2)::integer;
        ELSE
            mant := s;
        END IF;
        ip := split_part(mant, '.', 1);
        digits := ip || split_part(mant, '.', 2);
        decpt := length(ip) + ex;
        n := length(digits) - length(ltrim(digits, '0'));
        digits := rtrim(ltrim(digits, '0'), '0');
        decpt := decpt - n;
        IF digits = '' THEN RETURN sign || '0.0'; END IF;
        -- PostgreSQL's shortest output is sometimes a digit longer than Python's repr (which is the
        -- shortest string that reads back as the same float): drop digits while it still does
        FOR p IN REVERSE length(digits) - 1 .. 1 LOOP
            c := round(('0.' || digits)::numeric, p);
            IF c >= 1 THEN cd := '1'; cp := decpt + 1; ELSE cd := rtrim(substr(c::text, 3), '0'); cp := decpt; END IF;
            EXIT WHEN cd = '';
            BEGIN
                EXIT WHEN ('0.' || cd || 'e' || cp)::float8 <> abs(x);
            EXCEPTION WHEN numeric_value_out_of_range THEN  -- rounded past the largest float
                EXIT;
            END;
            digits := cd; decpt := cp;
        END LOOP;
        IF decpt <= -4 OR decpt > 16 THEN
            RETURN sign || left(digits, 1) || CASE WHEN length(digits) > 1 THEN '.' || substr(digits, 2) ELSE '' END
                || 'e' || CASE WHEN decpt - 1 < 0 THEN '-' ELSE '+' END
                || CASE WHEN abs(decpt - 1) < 10 THEN '0' ELSE '' END || abs(decpt - 1)::text;
        ELSIF decpt <= 0 THEN
            RETURN sign || '0.' || repeat('0', -decpt) || digits;
        ELSIF decpt >= length(digits) THEN
            RETURN sign || digits || repeat('0', decpt - length(digits)) || '.0';
        END IF;
        RETURN sign || left(digits, decpt) || '.' || substr(digits, decpt + 1);
    END $$""",
    # json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")) of the value
    # Python reads back from the stored json text (json, not jsonb: a number keeps its text)
    """
    CREATE OR REPLACE FUNCTION public.bc_canonical_json(j json) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    DECLARE t text := json_typeof(j); n text;
    BEGIN
        IF j IS NULL OR t = 'null' THEN RETURN 'null'; END IF;
        IF t = 'object' THEN
            RETURN '{' || coalesce((SELECT string_agg(to_json(e.key)::text || ':' || public.bc_canonical_json(e.value), ','
                                                      ORDER BY e.key COLLATE "C") FROM json_each(j) e), '') || '}';
        ELSIF t = 'array' THEN
            RETURN '[' || coalesce((SELECT string_agg(public.bc_canonical_json(e.value), ',' ORDER BY e.ord)
                                    FROM json_array_elements(j) WITH ORDINALITY e(value, ord)), '') || ']';
        ELSIF t = 'string' THEN
            RETURN to_json(j #>> '{}')::text;  -- PostgreSQL escapes exactly the characters Python does
        ELSIF t = 'number' THEN
            n := btrim(j::text);
            IF n ~ '^-?[0-9]+$' THEN RETURN ltrim(n, '+'); END IF;  -- an int stays an int
            RETURN public.bc_python_float(n::float8);
        END IF;
        RETURN btrim(j::text);  -- true, false
    END $$""",
    """
    CREATE OR REPLACE FUNCTION public.bc_iso_utc(at timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
        SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
            || CASE WHEN (extract(microseconds FROM at) % 1000000) <> 0
                    THEN '.' || lpad(((extract(microseconds FROM at) % 1000000)::integer)::text, 6, '0') ELSE '' END
            || '+00:00'
    $$""",
    # the hashed body of an audit row: services.audit.chain.chained_content, canonical
    """
    CREATE OR REPLACE FUNCTION public.bc_audit_body(r public.audit_log) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
        SELECT '{"action":' || to_json(r.action::text)::text
            || ',"actor_id":' || coalesce(r.actor_id::text, 'null')
            || ',"after":' || public.bc_canonical_json(r.after)
            || ',"at":' || to_json(public.bc_iso_utc(r.at))::text
            || ',"before":' || public.bc_canonical_json(r.before)
            || ',"branch_id":' || coalesce(r.branch_id::text, 'null')
            || ',"entity":' || to_json(r.entity::text)::text
            || ',"entity_id":' || coalesce(r.entity_id::text, 'null') || '}'
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION bc_audit_chain() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE me record; prev varchar;
    BEGIN
        -- one append at a time, in the order they commit: the chain's head row is locked until
        -- the transaction ends; no login has any right on bc_audit_chain, so none can lock it
        -- except through its own append (and the login's idle timeout ends an open one)
        SELECT c.head INTO prev FROM public.bc_audit_chain c FOR UPDATE;
        NEW.id := nextval(pg_get_serial_sequence('public.audit_log', 'id'));  -- ids in chain order
        SELECT s.id, s.active INTO me FROM public.staff s WHERE s.db_role = session_user;
        IF FOUND THEN  -- a person's login: the server's clock and the person, not the client's word
            NEW.at := now();
            IF NEW.actor_id IS NOT NULL THEN NEW.actor_id := me.id; END IF;
        END IF;
        NEW.db_user := session_user;
        NEW.prev_hash := coalesce(prev, '');
        NEW.hash := encode(sha256(convert_to(NEW.prev_hash || E'\\n' || public.bc_audit_body(NEW), 'UTF8')), 'hex');
        UPDATE public.bc_audit_chain SET head = NEW.hash;
        RETURN NEW;
    END $$""",
    f"""
    CREATE OR REPLACE FUNCTION bc_audit_append(p_branch_id integer, p_at timestamptz, p_actor_id integer,
                                               p_action varchar, p_entity varchar, p_entity_id integer,
                                               p_before json, p_after json) RETURNS integer
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE me record; new_id integer;
    BEGIN
        SELECT s.id, s.branch_id, s.active, s.role INTO me FROM public.staff s WHERE s.db_role = session_user;
        IF FOUND THEN
            IF NOT me.active THEN
                RAISE EXCEPTION 'the staff member of login % is no longer active', session_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            -- a branch's people write their own branch's rows (and rows of no branch: sign-ins);
            -- provincial staff and inspectors every branch's (services.access.permissions)
            IF p_branch_id IS NOT NULL AND me.branch_id IS NOT NULL AND p_branch_id <> me.branch_id
               AND me.role <> 'inspector' THEN
                RAISE EXCEPTION 'login % works for branch % and may not write audit rows of branch %',
                    session_user, me.branch_id, p_branch_id USING ERRCODE = 'insufficient_privilege';
            END IF;
        ELSIF NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.audit_log'::regclass),
                              'MEMBER') THEN
            RAISE EXCEPTION 'the login % is not linked to a staff member', session_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        INSERT INTO public.audit_log (branch_id, at, actor_id, action, entity, entity_id, before, after, prev_hash, hash)
        VALUES (p_branch_id, coalesce(p_at, now()), p_actor_id, p_action, p_entity, p_entity_id, p_before, p_after,
                '', '')
        RETURNING id INTO new_id;
        RETURN new_id;
    END $$""",
    f"""
    CREATE OR REPLACE FUNCTION bc_order_event_stamp() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE me record; h integer;
    BEGIN
        NEW.db_user := session_user;
        SELECT s.id, s.active INTO me FROM public.staff s WHERE s.db_role = session_user;
        IF NOT FOUND THEN
            IF pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.order_event'::regclass),
                           'MEMBER') THEN
                RETURN NEW;  -- the owner: migrations, the demo generator, tests with a fixed clock
            END IF;
            RAISE EXCEPTION 'the login % is not linked to a staff member and may not write order events', session_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT me.active THEN
            RAISE EXCEPTION 'the staff member of login % is no longer active', session_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.at IS NULL OR abs(extract(epoch FROM NEW.at - now())) > 60 THEN  -- kept as a claim, not as the time
            NEW.payload := (coalesce(NEW.payload::jsonb, '{{}}'::jsonb)
                            || jsonb_build_object('claimed_at', public.bc_iso_utc(NEW.at)))::json;
        END IF;
        NEW.at := now();
        IF NOT (NEW.actor_id IS NULL AND NEW.type IN ({", ".join(f"'{t}'" for t in SYSTEM_EVENTS)})) THEN
            NEW.actor_id := me.id;
        END IF;
        INSERT INTO public.bc_txn_event (txid, order_id) VALUES (pg_current_xact_id(), NEW.order_id)
            ON CONFLICT DO NOTHING;
        DELETE FROM public.bc_txn_event WHERE ctid IN (  -- marks of finished transactions
            SELECT t.ctid FROM public.bc_txn_event t WHERE t.txid < pg_snapshot_xmin(pg_current_snapshot())
            FOR UPDATE SKIP LOCKED);
        IF NEW.type = 'callback_attempt' THEN  -- the time-of-day bucket of a call (R-VISIT-1..4), China time
            h := extract(hour FROM NEW.at AT TIME ZONE 'Asia/Shanghai');
            NEW.payload := (coalesce(NEW.payload::jsonb, '{{}}'::jsonb) || jsonb_build_object('bucket',
                CASE WHEN h < 12 THEN 'morning' WHEN h < 18 THEN 'afternoon' ELSE 'evening' END))::json;
        END IF;
        RETURN NEW;
    END $$""",
    f"""
    CREATE OR REPLACE FUNCTION bc_work_order_guard() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    BEGIN
        IF public.bc_login_staff_id() IS NULL THEN RETURN NEW; END IF;
        IF NEW.received_at IS DISTINCT FROM OLD.received_at THEN
            RAISE EXCEPTION 'the time order % was received cannot change', NEW.number
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF ({" OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in PROJECTED)})
           AND NOT EXISTS (SELECT FROM public.bc_txn_event t
                           WHERE t.txid = pg_current_xact_id() AND t.order_id = NEW.id) THEN
            RAISE EXCEPTION 'order % changes only together with an event in the same transaction', NEW.number
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$""",
    f"""
    CREATE OR REPLACE FUNCTION bc_work_order_received() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    BEGIN
        IF public.bc_login_staff_id() IS NOT NULL THEN  -- the request arrives now, by the server's clock
            NEW.received_at := now();
            NEW.updated_at := now();
        END IF;
        RETURN NEW;
    END $$""",
    """
    CREATE OR REPLACE FUNCTION audit_log_stamp_db_user() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.db_user := session_user;
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS audit_log_db_user ON audit_log",
    "CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION bc_audit_chain()",
    "CREATE TRIGGER order_event_stamp BEFORE INSERT ON order_event FOR EACH ROW EXECUTE FUNCTION bc_order_event_stamp()",
    "CREATE TRIGGER work_order_guard BEFORE UPDATE ON work_order FOR EACH ROW EXECUTE FUNCTION bc_work_order_guard()",
    "CREATE TRIGGER work_order_received BEFORE INSERT ON work_order FOR EACH ROW "
    "EXECUTE FUNCTION bc_work_order_received()",
    f"""
    CREATE OR REPLACE FUNCTION bc_audit_head() RETURNS varchar
    LANGUAGE sql STABLE {DEFINER} AS $$
        SELECT hash FROM public.audit_log ORDER BY id DESC LIMIT 1
    $$""",
]
PG_FUNCTIONS = ("bc_login_staff_id()", "bc_python_float(float8)", "bc_canonical_json(json)", "bc_iso_utc(timestamptz)",
                "bc_audit_body(audit_log)", "bc_audit_chain()",
                "bc_audit_append(integer, timestamptz, integer, varchar, varchar, integer, json, json)",
                "bc_order_event_stamp()", "bc_work_order_guard()", "bc_work_order_received()")
PG_DOWN = [
    "DROP TRIGGER IF EXISTS work_order_received ON work_order",
    "DROP TRIGGER IF EXISTS work_order_guard ON work_order",
    "DROP TRIGGER IF EXISTS order_event_stamp ON order_event",
    "DROP TRIGGER IF EXISTS audit_log_chain ON audit_log",
    "CREATE TRIGGER audit_log_db_user BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_stamp_db_user()",
    *(f"DROP FUNCTION IF EXISTS {f}" for f in reversed(PG_FUNCTIONS)),
    "DROP TABLE IF EXISTS bc_txn_event",
    "DROP TABLE IF EXISTS bc_audit_chain",
]


def upgrade() -> None:
    # plain ADD COLUMN: no table rebuild on SQLite
    op.add_column('order_event', sa.Column('db_user', sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_DOWN:
            op.execute(statement)
    with op.batch_alter_table('order_event', schema=None) as batch_op:
        batch_op.drop_column('db_user')
