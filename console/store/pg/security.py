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

Every table of the schema must be classified: a table with neither a `branch_id` column nor
an entry in `GLOBAL_TABLES`/`CHILD_TABLES` makes `classify` fail, so a new table is never
left readable across branches by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

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
# Tables without branch_id whose rows belong to the branch of a parent row: (parent, fk column).
CHILD_TABLES = {"notice_district": ("notice", "notice_id"), "training_record": ("training_session", "session_id")}
APPEND_ONLY = frozenset({"audit_log", "order_event"})

_IUD = ("INSERT", "UPDATE", "DELETE")
_DISPATCH = {
    "customer": ("INSERT", "UPDATE"), "work_order": ("INSERT", "UPDATE"), "order_event": ("INSERT",),
    "callback": _IUD, "revisit_plan": ("INSERT", "UPDATE"), "revisit_visit": ("INSERT", "UPDATE"),
    "notice": ("INSERT", "UPDATE"), "notice_district": ("INSERT", "DELETE"), "fee_reminder": ("INSERT",),
    "audit_log": ("INSERT",),
}
# Writes per group (beyond SELECT on every table). The administrator writes everything except
# the append-only tables (`grants`).
WRITES: dict[str, dict[str, tuple[str, ...]]] = {
    GROUPS[Role.DISPATCHER]: _DISPATCH,
    GROUPS[Role.MAINTAINER]: {
        "work_order": ("INSERT", "UPDATE"), "order_event": ("INSERT",), "callback": _IUD,
        "revisit_visit": ("INSERT", "UPDATE"), "audit_log": ("INSERT",),
    },
    GROUPS[Role.MANAGER]: {
        **_DISPATCH,
        "district": ("INSERT", "UPDATE"), "district_assignment": ("INSERT", "UPDATE"),
        "accountability_case": ("INSERT", "UPDATE"), "training_session": ("INSERT", "UPDATE"),
        "training_record": _IUD, "finding": ("UPDATE",),  # the branch rectifies a finding
    },
    # R-INSP: inspectors read everything and write only inspections and findings (+ their audit)
    INSPECTOR: {"inspection": ("INSERT", "UPDATE"), "finding": ("INSERT", "UPDATE"), "audit_log": ("INSERT",)},
}
# A manager may correct a colleague's contact details, never who they are or where they work.
MANAGER_STAFF_COLUMNS = ("name", "phone", "photo", "active", "hired_on")


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
        if "branch_id" in columns[table]:
            scoped.append(table)
        elif table in CHILD_TABLES:
            children.append(table)
        elif table in GLOBAL_TABLES:
            shared.append(table)
        else:
            unknown.append(table)
    if unknown:
        raise UnclassifiedTableError(
            f"table(s) {', '.join(unknown)} have no branch_id and are not listed as shared or child tables "
            "in console/store/pg/security.py: classify them before enabling row-level security"
        )
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


_DEFINER = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"
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


def functions() -> list[str]:
    out = [sql for sql in FUNCTIONS.values()]
    for signature in (*FUNCTIONS, "bc_audit_head()"):
        out.append(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        out.append(f"GRANT EXECUTE ON FUNCTION {signature} TO {', '.join(map(q, ALL_GROUPS))}")
    return out


def grants(tables: Tables, database: str) -> list[str]:
    """Start every group from nothing on every table, then grant what the matrix says."""
    groups = ", ".join(map(q, ALL_GROUPS))
    out = [
        f"GRANT CONNECT ON DATABASE {q(database)} TO {groups}",
        f"GRANT USAGE ON SCHEMA public TO {groups}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {groups}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {groups}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {groups}",
    ]
    present = set(tables.scoped + tables.children + tables.shared)
    for group, matrix in WRITES.items():
        for table, privileges in matrix.items():
            if table in present:
                out.append(f"GRANT {', '.join(privileges)} ON {q(table)} TO {q(group)}")
    manager = GROUPS[Role.MANAGER]
    if "branch" in present:  # SELECT … FOR UPDATE (intake numbers orders per branch) needs UPDATE
        out.append(f"GRANT UPDATE (id) ON branch TO {', '.join(map(q, BRANCH_GROUPS))}")  # a lock, never a change
    if "staff" in present:
        out.append(f"GRANT UPDATE ({', '.join(MANAGER_STAFF_COLUMNS)}) ON staff TO {q(manager)}")
    for table in sorted(present):
        privileges = ("INSERT",) if table in APPEND_ONLY else _IUD
        if table != "alembic_version":
            out.append(f"GRANT {', '.join(privileges)} ON {q(table)} TO {q(ADMIN)}")
    for table in sorted(APPEND_ONLY & present):  # nobody, ever (PUBLIC included)
        out.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {q(table)} FROM PUBLIC, {groups}")
    return out


def _policy(name: str, table: str, command: str, roles: str, using: str | None, check: str | None) -> str:
    sql = f"CREATE POLICY {q(POLICY_PREFIX + name)} ON {q(table)} FOR {command} TO {roles}"
    if using is not None:
        sql += f" USING ({using})"
    if check is not None:
        sql += f" WITH CHECK ({check})"
    return sql


def policies(tables: Tables, owners: dict[str, set[str]]) -> list[str]:
    """ENABLE + FORCE row-level security and the policies of every protected table.

    `owners`: {table: roles that must keep seeing every row (the table owner, who is bound by
    FORCE, and the role running this)}. Existing policies named bc_* are dropped first by the
    caller, so running this again gives the same result.
    """
    branch = ", ".join(map(q, BRANCH_GROUPS))
    own = "branch_id = bc_current_branch()"
    inspector_scope = f"(bc_is_provincial() OR {own})"
    out: list[str] = []
    if "branch" in tables.shared:
        # Everybody reads every branch; a branch login may lock its own branch row (intake's
        # per-branch order numbers) but no UPDATE can pass the check: only administrators write.
        out.append("ALTER TABLE branch ENABLE ROW LEVEL SECURITY")
        out.append("ALTER TABLE branch FORCE ROW LEVEL SECURITY")
        out.append(_policy("admin_all", "branch", "ALL", q(ADMIN), "true", "true"))
        if owners.get("branch"):
            out.append(_policy("owner_all", "branch", "ALL", ", ".join(map(q, sorted(owners["branch"]))), "true", "true"))
        out.append(_policy("read", "branch", "SELECT", f"{branch}, {q(INSPECTOR)}", "true", None))
        out.append(_policy("lock_own", "branch", "UPDATE", branch, "id = bc_current_branch()", "false"))
    for table in tables.protected:
        out.append(f"ALTER TABLE {q(table)} ENABLE ROW LEVEL SECURITY")
        out.append(f"ALTER TABLE {q(table)} FORCE ROW LEVEL SECURITY")
        out.append(_policy("admin_all", table, "ALL", q(ADMIN), "true", "true"))
        if owners.get(table):
            out.append(_policy("owner_all", table, "ALL", ", ".join(map(q, sorted(owners[table]))), "true", "true"))
        if table in CHILD_TABLES:  # the parent's own policies decide, for whoever asks
            parent, fk = CHILD_TABLES[table]
            through = f"EXISTS (SELECT FROM {q(parent)} p WHERE p.id = {q(table)}.{q(fk)})"
            out.append(_policy("parent", table, "ALL", f"{branch}, {q(INSPECTOR)}", through, through))
            continue
        if table == "staff":  # colleagues of the branch and provincial staff; writes in the branch only
            out.append(_policy("branch_read", table, "SELECT", branch, f"{own} OR branch_id IS NULL", None))
            out.append(_policy("branch_update", table, "UPDATE", branch, own, own))
            out.append(_policy("inspector_read", table, "SELECT", q(INSPECTOR),
                               f"{inspector_scope} OR branch_id IS NULL", None))
            continue
        if table == "audit_log":  # rows without a branch are written, but read only province-wide
            out.append(_policy("branch_read", table, "SELECT", branch, own, None))
            out.append(_policy("branch_insert", table, "INSERT", branch, None, f"{own} OR branch_id IS NULL"))
            out.append(_policy("inspector_read", table, "SELECT", q(INSPECTOR), inspector_scope, None))
            out.append(_policy("inspector_insert", table, "INSERT", q(INSPECTOR), None,
                               f"{inspector_scope} OR branch_id IS NULL"))
            continue
        out.append(_policy("branch", table, "ALL", branch, own, own))
        out.append(_policy("inspector_read", table, "SELECT", q(INSPECTOR), inspector_scope, None))
        if table in WRITES[INSPECTOR]:
            out.append(_policy("inspector_insert", table, "INSERT", q(INSPECTOR), None, inspector_scope))
            out.append(_policy("inspector_update", table, "UPDATE", q(INSPECTOR), inspector_scope, inspector_scope))
    return out


__all__ = [
    "ADMIN", "ALL_GROUPS", "APPEND_ONLY", "BRANCH_GROUPS", "CHILD_TABLES", "GLOBAL_TABLES", "GROUPS", "INSPECTOR",
    "Tables", "UnclassifiedTableError", "WRITES", "classify", "create_groups", "functions", "grants", "policies", "q",
]
