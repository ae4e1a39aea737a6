"""PostgreSQL roles, grants and row-level security for a shared deployment.

The statements `branch-console admin init-postgres` runs, as plain SQL text, so that they can
be read (and reviewed) in one place:

- five NOLOGIN group roles, one per staff role (`GROUPS`); each person's LOGIN role is a
  member of exactly one of them (`pg_admin.add_user`);
- `bc_current_branch()`, `bc_is_provincial()`, `bc_whoami()`: SECURITY DEFINER functions that
  find the staff row linked to the *login* (`staff.db_role = session_user`). Inside a
  SECURITY DEFINER function `current_user` is the function's owner, so the login is read
  from `session_user`, which no ordinary login can change (`SET SESSION AUTHORIZATION` needs a
  superuser, and `SET ROLE` changes only `current_user`). Nothing reads a GUC a client
  could `SET`;
- table privileges per group (`grants`): SELECT everywhere, writes as each role needs;
  `audit_log` and `order_event` are append-only for everybody (INSERT, never UPDATE/DELETE);
- ROW LEVEL SECURITY, forced (the table owner is bound too, through an explicit all-rows
  policy), on every table that has a `branch_id` and on the two child tables without one
  (`notice_district`, `training_record`, scoped through their parent row).

What the database adds to the program's own checks (docs/security.md has the threat model):

- order events: per group role an INSERT policy whose WITH CHECK lists exactly the event types
  that role may write (`event_types`, generated from `permissions.ALLOWED` and
  `permissions.EVENT_ACTION`); a maintainer's only on an order assigned to them (not one
  assigned to nobody), and the same for their UPDATE of work_order and callback; the server's
  clock, the login's person and the login itself are stamped by the trigger of migration 0007;
- audit rows are appended only through `bc_audit_append(…)` (INSERT on audit_log is revoked
  from everybody; the chain is computed by the database);
- the stored verdicts of completed orders (`order_verdict`, `DERIVED_TABLES`) are read like the
  branch's other rows and written by nobody but the owner;
- no group may DELETE anything but a calendar year being replaced, a draft notice's districts,
  and an open callback of an order no longer completed (R-VISIT-1/2: a callback record, once
  made, stays);
- a branch administrator's rows stop at their branch (`admin_scope`), like every branch role;
- a row pointing at another table's row must point into its own branch (`branch_links`:
  constraint triggers generated from the foreign keys), and an order's assignee must be an
  active maintainer of the order's branch (not checked for the table owner's own rows: migration
  0012);
- `staff.password_hash` is not readable by any group (column privileges);
- accountability cases (R-ACC) and their audit rows are invisible to the groups whose role may
  not read them (`CASE_BLIND`, from `ACCOUNTABILITY_READ` in the rights table);
- each login gets `lock_timeout`, `statement_timeout` and `idle_in_transaction_session_timeout`
  (`TIMEOUTS`; settings of a group role are not inherited by its members, so `add_user` and
  `admin init-postgres` set them on every login), and every SECURITY DEFINER function pins
  `search_path = pg_catalog, pg_temp`.

Every table of the schema must be classified: a table with neither a `branch_id` column nor
an entry in `GLOBAL_TABLES`/`CHILD_TABLES` makes `classify` fail, so a new table is never
left readable across branches by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.i18n import T
from console.rules.rights import ALLOWED, Action, event_types
from console.vocabulary import Role

GROUPS: dict[Role, str] = {
    Role.DISPATCHER: "bc_dispatcher",
    Role.MAINTAINER: "bc_maintainer",
    Role.INSPECTOR: "bc_inspector",
    Role.MANAGER: "bc_manager",
    Role.ADMIN: "bc_admin",
}
BRANCH_GROUPS = (GROUPS[Role.DISPATCHER], GROUPS[Role.MAINTAINER], GROUPS[Role.MANAGER])
INSPECTOR = GROUPS[Role.INSPECTOR]
ADMIN = GROUPS[Role.ADMIN]
ALL_GROUPS = tuple(GROUPS.values())
POLICY_PREFIX = "bc_"

# Tables shared by every branch: readable by all, written by administrators only.
GLOBAL_TABLES = frozenset({"branch", "calendar_day", "sla_policy", "alembic_version"})
# The database's own bookkeeping (migration 0007): no group has any right on it.
INTERNAL_TABLES = frozenset({"bc_txn_event", "bc_audit_chain"})
# The only rows anybody but the owner deletes: a calendar year entered again, a draft notice's
# districts, an open callback of a reopened order (see `policies`).
DELETABLE = frozenset({"calendar_day", "notice_district", "callback"})
# staff columns no group may read: the SQLite console's argon2 hash (PostgreSQL logins use SCRAM)
SECRET_COLUMNS = {"staff": ("password_hash",)}
# per login (a group role's settings are not inherited): nobody holds locks or a transaction open
TIMEOUTS = {"lock_timeout": "5s", "statement_timeout": "1min", "idle_in_transaction_session_timeout": "30s"}
ADMIN_TIMEOUTS = {**TIMEOUTS, "statement_timeout": "15min"}  # an import of a whole branch's customers
# Tables without branch_id whose rows belong to the branch of a parent row: (parent, fk column).
CHILD_TABLES = {"notice_district": ("notice", "notice_id"), "training_record": ("training_session", "session_id")}
APPEND_ONLY = frozenset({"audit_log", "order_event"})
# What the events say, stored for the reports (R-ZONE-3/4): read like any branch table, written by
# the database owner only (``branch-console audit facts``), never by a console role, the
# administrator's included: a branch login could otherwise write its own orders' verdicts.
DERIVED_TABLES = frozenset({"order_verdict"})

_IUD = ("INSERT", "UPDATE", "DELETE")
_DISPATCH = {
    "customer": ("INSERT", "UPDATE"), "work_order": ("INSERT", "UPDATE"), "order_event": ("INSERT",),
    "callback": _IUD, "revisit_plan": ("INSERT", "UPDATE"), "revisit_visit": ("INSERT", "UPDATE"),
    "notice": ("INSERT", "UPDATE"), "notice_district": ("INSERT", "DELETE"), "fee_reminder": ("INSERT",),
}
# Writes per group (beyond SELECT on every table). The administrator writes everything except
# the append-only tables (`grants`).
WRITES: dict[str, dict[str, tuple[str, ...]]] = {
    GROUPS[Role.DISPATCHER]: _DISPATCH,
    GROUPS[Role.MAINTAINER]: {
        "work_order": ("INSERT", "UPDATE"), "order_event": ("INSERT",), "callback": _IUD,
        "revisit_visit": ("INSERT", "UPDATE"),
    },
    GROUPS[Role.MANAGER]: {
        **_DISPATCH,
        "district": ("INSERT", "UPDATE"), "district_assignment": ("INSERT", "UPDATE"),
        "accountability_case": ("INSERT", "UPDATE"), "training_session": ("INSERT", "UPDATE"),
        "training_record": _IUD, "finding": ("UPDATE",),  # the branch rectifies a finding
    },
    # R-INSP: inspectors read everything and write only inspections and findings (+ their audit)
    INSPECTOR: {"inspection": ("INSERT", "UPDATE"), "finding": ("INSERT", "UPDATE")},
}
# A manager may correct a colleague's contact details, never who they are or where they work.
MANAGER_STAFF_COLUMNS = ("name", "phone", "photo", "active", "hired_on")


# R-ACC: the groups whose role may not read accountability cases (rules.rights: ACCOUNTABILITY_READ)
# see no row of them, nor the audit rows that carry a case's grounds, statement and outcome.
HIDDEN_CASES = frozenset({"accountability_case"})
CASE_BLIND = tuple(GROUPS[r] for r in GROUPS if Action.ACCOUNTABILITY_READ not in ALLOWED[r])
# a maintainer's order rows: only those assigned to them (never one assigned to nobody)
MAINTAINER_OWN = "{t}assignee_id = bc_login_staff_id()"


class UnclassifiedTableError(RuntimeError):
    pass


@dataclass(frozen=True)
class Tables:
    scoped: tuple[str, ...]  # have branch_id
    children: tuple[str, ...]  # CHILD_TABLES present in the schema
    shared: tuple[str, ...]  # GLOBAL_TABLES present in the schema

    @property
    def protected(self) -> tuple[str, ...]:
        return self.scoped + self.children


def classify(columns: dict[str, set[str]]) -> Tables:
    """Sort the schema's tables ({table: {column, …}}) into branch-scoped, child and shared."""
    scoped, children, shared, unknown = [], [], [], []
    for table in sorted(columns):
        if table in INTERNAL_TABLES:
            continue
        if "branch_id" in columns[table]:
            scoped.append(table)
        elif table in CHILD_TABLES:
            children.append(table)
        elif table in GLOBAL_TABLES:
            shared.append(table)
        else:
            unknown.append(table)
    if unknown:
        raise UnclassifiedTableError(T(
            "table(s) {tables} have no branch_id and are not listed as shared or child tables "
            "in console/store/pg/security.py: classify them before enabling row-level security",
            tables=", ".join(unknown)))
    return Tables(tuple(scoped), tuple(children), tuple(shared))


def q(name: str) -> str:
    """A quoted identifier (names here come from the catalog or from constants)."""
    return '"' + name.replace('"', '""') + '"'


def create_groups() -> list[str]:
    """NOLOGIN group roles; idempotent, and safe when two runs race (duplicate_object)."""
    out = []
    for name in ALL_GROUPS:
        out.append(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN "
            f"CREATE ROLE {q(name)} NOLOGIN; END IF; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    return out


_DEFINER = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
FUNCTIONS = {
    "bc_current_branch()": f"""
        CREATE OR REPLACE FUNCTION bc_current_branch() RETURNS integer {_DEFINER} AS $$
            SELECT s.branch_id FROM public.staff s WHERE s.db_role = session_user AND s.active
        $$""",
    "bc_is_provincial()": f"""
        CREATE OR REPLACE FUNCTION bc_is_provincial() RETURNS boolean {_DEFINER} AS $$
            SELECT EXISTS (SELECT FROM public.staff s
                           WHERE s.db_role = session_user AND s.active AND s.branch_id IS NULL)
        $$""",
    "bc_whoami()": f"""
        CREATE OR REPLACE FUNCTION bc_whoami()
        RETURNS TABLE (staff_id integer, work_number varchar, name varchar, role varchar,
                       branch_id integer, active boolean) {_DEFINER} AS $$
            SELECT s.id, s.work_number, s.name, s.role, s.branch_id, s.active
            FROM public.staff s WHERE s.db_role = session_user
        $$""",
}


# created by migrations (0004, 0007); callable by every group
MIGRATED_FUNCTIONS = ("bc_audit_head()", "bc_login_staff_id()",
                      "bc_audit_append(integer, timestamptz, integer, varchar, varchar, integer, json, json)")


def functions() -> list[str]:
    out = [sql for sql in FUNCTIONS.values()]
    out.append(BRANCH_LINK_FUNCTION)
    out.append("REVOKE ALL ON FUNCTION bc_branch_link() FROM PUBLIC")
    for signature in (*FUNCTIONS, *MIGRATED_FUNCTIONS):
        out.append(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        out.append(f"GRANT EXECUTE ON FUNCTION {signature} TO {', '.join(map(q, ALL_GROUPS))}")
    return out


def grants(tables: Tables, database: str, columns: dict[str, set[str]] | None = None) -> list[str]:
    """Start every group from nothing on every table, then grant what the matrix says.
    `columns` ({table: {column}}) names the readable columns of tables with SECRET_COLUMNS."""
    groups = ", ".join(map(q, ALL_GROUPS))
    out = [
        f"GRANT CONNECT ON DATABASE {q(database)} TO {groups}",
        f"GRANT USAGE ON SCHEMA public TO {groups}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {groups}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {groups}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {groups}",
    ]
    present = set(tables.scoped + tables.children + tables.shared)
    for table in sorted(INTERNAL_TABLES):
        out.append(f"DO $$ BEGIN IF to_regclass('public.{table}') IS NOT NULL THEN "
                   f"EXECUTE 'REVOKE ALL ON {q(table)} FROM PUBLIC, {groups}'; END IF; END $$")
    for table, secret in SECRET_COLUMNS.items():  # every column but the secret ones
        if table in present and columns and table in columns:
            readable = sorted(columns[table] - set(secret))
            out.append(f"REVOKE SELECT ON {q(table)} FROM {groups}")
            out.append(f"GRANT SELECT ({', '.join(map(q, readable))}) ON {q(table)} TO {groups}")
    for group, matrix in WRITES.items():
        for table, privileges in matrix.items():
            if table in present:
                out.append(f"GRANT {', '.join(privileges)} ON {q(table)} TO {q(group)}")
    manager = GROUPS[Role.MANAGER]
    if "branch" in present:  # SELECT … FOR UPDATE (intake numbers orders per branch) needs UPDATE
        out.append(f"GRANT UPDATE (id) ON branch TO {', '.join(map(q, BRANCH_GROUPS))}")  # a lock, never a change
    if "staff" in present:
        out.append(f"GRANT UPDATE ({', '.join(MANAGER_STAFF_COLUMNS)}) ON staff TO {q(manager)}")
    for table in sorted(present - {"alembic_version", "audit_log"} - DERIVED_TABLES):  # audit: bc_audit_append
        privileges = ("INSERT",) if table in APPEND_ONLY else _IUD
        out.append(f"GRANT {', '.join(privileges)} ON {q(table)} TO {q(ADMIN)}")
    for table in sorted(APPEND_ONLY & present):  # nobody, ever (PUBLIC included)
        out.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {q(table)} FROM PUBLIC, {groups}")
    if "audit_log" in present:
        out.append(f"REVOKE INSERT ON audit_log FROM PUBLIC, {groups}")
    for table in sorted(present - DELETABLE):  # evidence is never deleted (R-ACC, R-INSP)
        out.append(f"REVOKE DELETE, TRUNCATE ON {q(table)} FROM PUBLIC, {groups}")
    return out


def timeouts(login: str, role: Role | str) -> list[str]:
    """The settings of one login (the group's are not inherited): a session can hold no lock,
    statement or open transaction long enough to stop the other branches' consoles."""
    values = ADMIN_TIMEOUTS if Role(role) == Role.ADMIN else TIMEOUTS
    return [f"ALTER ROLE {q(login)} SET {name} = '{value}'" for name, value in values.items()]


def group_timeouts() -> list[str]:
    """The same settings on the group roles, for the record (`\\drds` shows them)."""
    out = []
    for role, group in GROUPS.items():
        values = ADMIN_TIMEOUTS if role == Role.ADMIN else TIMEOUTS
        out += [f"ALTER ROLE {q(group)} SET {name} = '{value}'" for name, value in values.items()]
    return out


def _policy(name: str, table: str, command: str, roles: str, using: str | None, check: str | None,
            restrictive: bool = False) -> str:
    sql = f"CREATE POLICY {q(POLICY_PREFIX + name)} ON {q(table)}{' AS RESTRICTIVE' if restrictive else ''} " \
          f"FOR {command} TO {roles}"
    if using is not None:
        sql += f" USING ({using})"
    if check is not None:
        sql += f" WITH CHECK ({check})"
    return sql


def _types(types) -> str:
    return ", ".join(f"'{t.value}'" for t in sorted(types, key=lambda t: t.value))


def event_policies() -> list[str]:
    """Who writes which order events (R-ACC): one INSERT policy per group, generated from the
    rights table (rules.rights); a maintainer's only on an order assigned to them."""
    own = "branch_id = bc_current_branch()"
    order_here = ("EXISTS (SELECT FROM work_order o WHERE o.id = order_event.order_id"
                  " AND o.branch_id = order_event.branch_id{extra})")
    out = [_policy("branch_read", "order_event", "SELECT", ", ".join(map(q, BRANCH_GROUPS)), own, None)]
    for role in (Role.DISPATCHER, Role.MAINTAINER, Role.MANAGER, Role.ADMIN):
        types = event_types(role)
        scope = "(bc_is_provincial() OR branch_id = bc_current_branch())" if role == Role.ADMIN else own
        extra = f" AND {MAINTAINER_OWN.format(t='o.')}" if role == Role.MAINTAINER else ""
        out.append(_policy(f"events_{role.value}", "order_event", "INSERT", q(GROUPS[role]), None,
                           f"{scope} AND type IN ({_types(types)}) AND {order_here.format(extra=extra)}"))
    return out


def policies(tables: Tables, owners: dict[str, set[str]]) -> list[str]:
    """ENABLE + FORCE row-level security and the policies of every protected table.

    `owners`: {table: roles that must keep seeing every row (the table owner, who is bound by
    FORCE, and the role running this)}. Existing policies named bc_* are dropped first by the
    caller, so running this again gives the same result.
    """
    branch = ", ".join(map(q, BRANCH_GROUPS))
    own = "branch_id = bc_current_branch()"
    inspector_scope = f"(bc_is_provincial() OR {own})"
    admin_scope = inspector_scope  # a branch administrator's rights stop at the branch
    out: list[str] = []
    if "branch" in tables.shared:
        # Everybody reads every branch; a branch login may lock its own branch row (intake's
        # per-branch order numbers) but no UPDATE can pass the check: only administrators write,
        # a branch's administrator only their own branch's row.
        out.append("ALTER TABLE branch ENABLE ROW LEVEL SECURITY")
        out.append("ALTER TABLE branch FORCE ROW LEVEL SECURITY")
        out.append(_policy("admin_read", "branch", "SELECT", q(ADMIN), "true", None))
        scope = "(bc_is_provincial() OR id = bc_current_branch())"
        out.append(_policy("admin_insert", "branch", "INSERT", q(ADMIN), None, "bc_is_provincial()"))
        out.append(_policy("admin_update", "branch", "UPDATE", q(ADMIN), scope, scope))
        out.append(_policy("admin_delete", "branch", "DELETE", q(ADMIN), "bc_is_provincial()", None))
        if owners.get("branch"):
            out.append(_policy("owner_all", "branch", "ALL", ", ".join(map(q, sorted(owners["branch"]))), "true", "true"))
        out.append(_policy("read", "branch", "SELECT", f"{branch}, {q(INSPECTOR)}", "true", None))
        out.append(_policy("lock_own", "branch", "UPDATE", branch, "id = bc_current_branch()", "false"))
    for table in tables.protected:
        out.append(f"ALTER TABLE {q(table)} ENABLE ROW LEVEL SECURITY")
        out.append(f"ALTER TABLE {q(table)} FORCE ROW LEVEL SECURITY")
        if owners.get(table):
            out.append(_policy("owner_all", table, "ALL", ", ".join(map(q, sorted(owners[table]))), "true", "true"))
        if table in CHILD_TABLES:  # the parent's own policies decide, for whoever asks
            parent, fk = CHILD_TABLES[table]
            through = f"EXISTS (SELECT FROM {q(parent)} p WHERE p.id = {q(table)}.{q(fk)})"
            out.append(_policy("parent", table, "ALL", f"{branch}, {q(INSPECTOR)}, {q(ADMIN)}", through, through))
            continue
        if table == "staff":  # colleagues of the branch and provincial staff; writes in the branch only
            out.append(_policy("branch_read", table, "SELECT", f"{branch}, {q(ADMIN)}",
                               f"{own} OR branch_id IS NULL OR bc_is_provincial()", None))
            out.append(_policy("branch_update", table, "UPDATE", branch, own, own))
            out.append(_policy("admin_write", table, "ALL", q(ADMIN), admin_scope, admin_scope))
            out.append(_policy("inspector_read", table, "SELECT", q(INSPECTOR),
                               f"{inspector_scope} OR branch_id IS NULL", None))
            continue
        if table == "audit_log":  # appended by bc_audit_append only; read by branch, province-wide by some
            out.append(_policy("branch_read", table, "SELECT", branch, own, None))
            # R-ACC: a case's audit rows carry its grounds, statement and outcome
            hidden = ", ".join(f"'{t}'" for t in sorted(HIDDEN_CASES))
            out.append(_policy("case_readers", table, "SELECT", ", ".join(map(q, CASE_BLIND)),
                               f"entity IS NULL OR entity NOT IN ({hidden})", None, restrictive=True))
            out.append(_policy("admin_read", table, "SELECT", q(ADMIN), admin_scope, None))
            out.append(_policy("inspector_read", table, "SELECT", q(INSPECTOR), inspector_scope, None))
            continue
        if table in DERIVED_TABLES:  # read as the branch's other rows; written by the owner only
            out.append(_policy("branch_read", table, "SELECT", branch, own, None))
            out.append(_policy("admin_read", table, "SELECT", q(ADMIN), admin_scope, None))
            out.append(_policy("inspector_read", table, "SELECT", q(INSPECTOR), inspector_scope, None))
            continue
        out.append(_policy("admin_all", table, "ALL", q(ADMIN), admin_scope, admin_scope))
        if table == "order_event":
            out += event_policies()
            out.append(_policy("inspector_read", table, "SELECT", q(INSPECTOR), inspector_scope, None))
            continue
        out.append(_policy("branch", table, "ALL", branch, own, own))
        out.append(_policy("inspector_read", table, "SELECT", q(INSPECTOR), inspector_scope, None))
        if table in HIDDEN_CASES:  # R-ACC: only the roles that may read the cases see a row
            out.append(_policy("case_readers", table, "ALL", ", ".join(map(q, CASE_BLIND)), "false", "false",
                               restrictive=True))
        if table in WRITES[INSPECTOR]:
            out.append(_policy("inspector_insert", table, "INSERT", q(INSPECTOR), None, inspector_scope))
            out.append(_policy("inspector_update", table, "UPDATE", q(INSPECTOR), inspector_scope, inspector_scope))
    if "work_order" in tables.protected:  # a maintainer changes only the orders assigned to them
        mine = MAINTAINER_OWN.format(t="")
        out.append(_policy("maintainer_own", "work_order", "UPDATE", q(GROUPS[Role.MAINTAINER]), mine, mine,
                           restrictive=True))
    if "callback" in tables.protected:
        mine = f"EXISTS (SELECT FROM work_order o WHERE o.id = callback.order_id AND {MAINTAINER_OWN.format(t='o.')})"
        for command in ("INSERT", "UPDATE"):
            out.append(_policy(f"maintainer_own_{command.lower()}", "callback", command, q(GROUPS[Role.MAINTAINER]),
                               mine if command == "UPDATE" else None, mine, restrictive=True))
        # R-VISIT-1/2: a callback record stays; only the open callback of an order reopened since goes
        cancel = ("status = 'open' AND NOT EXISTS (SELECT FROM work_order o WHERE o.id = callback.order_id"
                  " AND o.status = 'completed')")
        out.append(_policy("delete_open_only", "callback", "DELETE", f"{branch}, {q(ADMIN)}", cancel, None,
                           restrictive=True))
    return out


# A row that names another branch's row is refused: a constraint trigger per foreign key between
# branch tables (`branch_links`). Staff rows of no branch (provincial staff) may be named from any
# branch; an order's assignee must be an active maintainer of the order's own branch.
BRANCH_LINK_FUNCTION = """
    CREATE OR REPLACE FUNCTION bc_branch_link() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE col text := TG_ARGV[0]; parent text := TG_ARGV[1]; ref integer; theirs integer; found_row boolean;
            who record;
    BEGIN
        EXECUTE format('SELECT ($1).%I', col) INTO ref USING NEW;
        IF ref IS NULL THEN RETURN NULL; END IF;
        IF parent = 'staff' THEN
            SELECT s.branch_id, s.role, s.active, s.name INTO who FROM public.staff s WHERE s.id = ref;
            IF NOT FOUND THEN RETURN NULL; END IF;  -- the foreign key itself refuses
            IF TG_TABLE_NAME = 'work_order' AND col = 'assignee_id'
               AND (who.branch_id IS DISTINCT FROM NEW.branch_id OR who.role <> 'maintainer' OR NOT who.active) THEN
                RAISE EXCEPTION 'the assignee of order % must be an active maintainer of its branch (staff % is not)',
                    NEW.number, ref USING ERRCODE = 'foreign_key_violation';
            END IF;
            IF who.branch_id IS NULL OR who.branch_id = NEW.branch_id OR who.role = 'inspector' THEN  -- R-INSP
                RETURN NULL;
            END IF;
            theirs := who.branch_id;
        ELSE
            EXECUTE format('SELECT branch_id, true FROM public.%I WHERE id = $1', parent) INTO theirs, found_row USING ref;
            IF found_row IS NULL OR theirs IS NOT DISTINCT FROM NEW.branch_id THEN RETURN NULL; END IF;
        END IF;
        RAISE EXCEPTION '%.% = % names a row of %, which belongs to branch % (this row is of branch %)',
            TG_TABLE_NAME, col, ref, parent, theirs, NEW.branch_id USING ERRCODE = 'foreign_key_violation';
    END $$"""
LINK_PREFIX = "bc_link_"


def branch_links(links: list[tuple[str, str, str]]) -> list[str]:
    """Constraint triggers for the foreign keys (table, column, parent table) between two
    tables that both have a branch_id (or a branch table pointing at staff)."""
    out = []
    for table, column, parent in links:
        name = f"{LINK_PREFIX}{column}"[:63]
        out.append(f"DROP TRIGGER IF EXISTS {q(name)} ON {q(table)}")
        # the owner's rows (a province's COPY) are not checked row by row: the owner may drop the
        # trigger anyway (migration 0012, `bc_owner_writes`); every other login's are
        out.append(f"CREATE CONSTRAINT TRIGGER {q(name)} AFTER INSERT OR UPDATE OF {q(column)}, branch_id"
                   f" ON {q(table)} FOR EACH ROW WHEN (NOT public.bc_owner_writes('public.{table}'::regclass)) "
                   f"EXECUTE FUNCTION bc_branch_link('{column}', '{parent}')")
    return out


__all__ = [
    "ADMIN", "BRANCH_LINK_FUNCTION", "CASE_BLIND", "DELETABLE", "DERIVED_TABLES", "HIDDEN_CASES", "MAINTAINER_OWN", "INTERNAL_TABLES", "SECRET_COLUMNS", "TIMEOUTS", "branch_links",
    "event_policies", "group_timeouts", "timeouts", "ALL_GROUPS", "APPEND_ONLY", "BRANCH_GROUPS", "CHILD_TABLES", "GLOBAL_TABLES", "GROUPS", "INSPECTOR",
    "Tables", "UnclassifiedTableError", "WRITES", "classify", "create_groups", "functions", "grants", "policies", "q",
]
