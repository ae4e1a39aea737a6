"""Command line: `branch-console [--db URL] [--screenshot PATH]` opens the console;
subcommands run headless work (demo data, stats).

What it prints for a person (refusals, report lines, questions) is said in the command's language:
its --lang, else the language of this process (console.i18n.current: BRANCH_CONSOLE_LANG, else the
language last chosen in the console, else Chinese). Its JSON lines and argparse's help are English.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from console import i18n
from console.errors import StoreError
from console.i18n import N_, T
from console.rules.periods import CST, UTC
from console.store.location import ENV_DB, default_db_url

SUBCOMMANDS = ("demo", "stats", "escalate", "map", "export", "import", "audit", "admin")


def _db_help() -> str:
    return (
        "database URL (sqlite:///FILE or postgresql+psycopg://USER@HOST/DB) or an SQLite file's path; "
        f"default: ${ENV_DB} or a SQLite file in the user data folder ({default_db_url()})"
    )


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="branch-console",
        description="Branch supervision & dispatch console. Subcommands: "
        + ", ".join(SUBCOMMANDS)
        + " (branch-console SUBCOMMAND --help).",
    )
    p.add_argument("--db", help=_db_help())
    p.add_argument("--branch", help="branch name, code or id to show first")
    p.add_argument("--screenshot", metavar="PATH", help="open at 1600x1000, wait for the data, save a PNG, exit")
    p.add_argument("--user", metavar="WORKNO", help="work number to sign in with (pre-filled; a screenshot signs "
                   "in as it with the demo password, default: the first dispatcher)")
    p.add_argument("--lang", help="the console's language: zh_CN (the default) or en; otherwise the language "
                   "chosen in View > Language, never the machine's locale")
    p.add_argument("--version", action="store_true", help="print the version, the schema revision it expects and "
                   "the revision of the database (--db, else the default one), then exit")
    return p


def _cmd_version(args) -> int:
    """`--version`: what an IT person asks before and after an upgrade. Reads the database's schema
    revision without creating, migrating or writing anything (and without Qt or Alembic)."""
    import console
    from console.store import migrate as mig
    from console.store.engine import normalize_db_url, sqlite_file
    from console.store.opening import inspect_sqlite_file

    lang = _language(args)
    head = mig.head_revision()
    url = normalize_db_url(args.db)
    print(_say(T("branch-console {version}", version=console.__version__), lang))
    print(_say(T("schema revision this version expects: {head}", head=head), lang))
    path = sqlite_file(url)
    if path is not None:
        revision = inspect_sqlite_file(path, url=url, create=True)  # refuses a file that is no console database
        shown = str(path)
    else:
        from console.store import open_store

        store = open_store(url, migrate=False, seed_reference=False)
        try:
            revision, shown = mig.current_revision(store), store.display_url
        finally:
            store.dispose()
    if revision is None:
        state = T("no database yet (the console creates it at its first start)") if path is not None else \
            T("no schema yet (an empty database)")
    elif revision == head:
        state = T("schema revision {revision} (up to date)", revision=revision)
    elif revision in mig.revisions():
        state = T("schema revision {revision}: older, migrated at the next start after a backup "
                  "(PostgreSQL: by 'branch-console admin migrate')", revision=revision)
    else:
        state = T("schema revision {revision}: written by a newer console, which this one refuses to open",
                  revision=revision)
    print(_say(T("database {database}: {state}", database=shown, state=state), lang))
    return 0


def _language(args=None) -> str:
    """The language to print in: the command's --lang, else the language of this process; a
    mistyped --lang or BRANCH_CONSOLE_LANG (refused elsewhere) falls back to the next one."""
    explicit = getattr(args, "lang", None)
    if explicit:
        try:
            return i18n.chosen(explicit)
        except i18n.UnknownLanguage:
            pass
    try:
        return i18n.current()
    except i18n.UnknownLanguage:
        return i18n.DEFAULT


def _say(text, lang: str) -> str:
    """`text` (a Text, or a plain line) in `lang` (console.i18n.render)."""
    return i18n.render(text, lang)


def _parse_now(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:  # naive input is China Standard Time
        value = value.replace(tzinfo=CST)
    return value


def _sub_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="branch-console")
    sub = p.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="fill an empty database with the demo branches")
    demo.add_argument("--db", help=_db_help())
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--orders", type=int, help="work orders (default 40,000; with --province 2,000,000)")
    demo.add_argument("--province", action="store_true",
                      help="a whole province instead: 100 branches, ~2,300 districts, ~7 M households, a year of orders")
    demo.add_argument("--branches", type=int, help="with --province: this many branches (2-100, default 100)")
    demo.add_argument("--now", help="reference time, ISO 8601 (naive = China time); default now")
    stats = sub.add_parser("stats", help="print the database's counts")
    stats.add_argument("--db", help=_db_help())
    stats.add_argument("--json", action="store_true", help="print JSON")
    esc = sub.add_parser("escalate", help="run one escalation pass (for cron): fire the ladder levels now due")
    esc.add_argument("--db", help=_db_help())
    esc.add_argument("--branch", help="branch name, code or id (default: every branch)")
    esc.add_argument("--now", help="reference time, ISO 8601 (naive = China time); default now")
    from console.services.exports import map_file as map_export

    map_export.add_parser(sub)  # map --db --out [--metric] [--branch] [--tiles]
    exp = sub.add_parser("export", help="write a leadership workbook: findings (R-INSP), the district assessment "
                         "(R-ZONE-3) or the time-limit breaches (R-TIME)")
    exp.add_argument("kind", choices=("findings", "assessment", "sla"))
    exp.add_argument("--db", help=_db_help())
    exp.add_argument("--out", required=True, metavar="FILE.xlsx", help="the workbook to write (its name must end "
                     "in .xlsx; any other is refused and nothing is written)")
    exp.add_argument("--branch", help="branch name, code or id (default: every branch)")
    exp.add_argument("--province", action="store_true", help="every branch, the branches ranked on the first sheet "
                     "(the default without --branch, said explicitly)")
    period = exp.add_mutually_exclusive_group()
    # R-ZONE-3: districts are assessed monthly (a whole month: the last complete one by default)
    period.add_argument("--month", metavar="YYYY-MM",
                        help="the month (assessment/sla default: the last complete month, e.g. 2026-11 on "
                        "2026-12-02; the month in progress is marked 'so far'; findings default: all inspections)")
    # R-ZONE-3: ... and summarised yearly
    period.add_argument("--year", metavar="YYYY",
                        help="assessment only: the yearly summary workbook (R-ZONE-3), each district, maintainer "
                        "and branch in every month of the year and the year as one period")
    exp.add_argument("--now", help="reference time, ISO 8601 (naive = China time); default now")
    exp.add_argument("--lang", help="sheet and column language: zh_CN or en (default: BRANCH_CONSOLE_LANG, else "
                     "the language last chosen in the console, else zh_CN; never the machine's locale)")
    imp = sub.add_parser("import", help="import customers, districts or staff from .xlsx/.csv; "
                         "a file with any error imports nothing (exit 1) and lists every problem")
    imp.add_argument("kind", choices=("customers", "districts", "staff"))
    imp.add_argument("--db", help=_db_help())
    imp.add_argument("--file", required=True, help="the .xlsx or .csv file (CSV: UTF-8 or GBK/GB18030)")
    imp.add_argument("--branch", help="branch name, code or id (default: the only branch)")
    imp.add_argument("--sheet", help="workbook sheet (default: the first)")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--report", metavar="R.xlsx", help="also write the problems to this workbook")
    aud = sub.add_parser("audit", help="check the tamper-evident audit chain, export its head")
    aud_sub = aud.add_subparsers(dest="audit_command", required=True)
    verify = aud_sub.add_parser("verify", help="recompute the hash chain: 'intact' (exit 0) or the first "
                                "broken row (exit 1)")
    verify.add_argument("--db", help=_db_help())
    verify.add_argument("--head", metavar="FILE", help="also require a head exported earlier by 'audit head' "
                        "to still be in the chain (catches removed newest rows)")
    verify.add_argument("--ledger", metavar="FILE", help="also require every head recorded in this ledger "
                        "('audit head --append FILE') to still be in the chain with the same hash")
    verify.add_argument("--verified-head", metavar="FILE", help="the daily run: read only the rows after the head "
                        "an intact verify recorded in FILE, then record the new head there (no FILE yet: every "
                        "row); without it, every row is recomputed")
    head = aud_sub.add_parser("head", help="print the chain head (rows, last id, hash, UTC time) as JSON "
                              "to keep outside the database")
    head.add_argument("--db", help=_db_help())
    head.add_argument("--out", metavar="FILE", help="also write the JSON to FILE")
    head.add_argument("--append", metavar="FILE", help="also append it as one JSON line to FILE: the ledger a "
                      "manager keeps outside the database (run daily from cron)")
    rep = aud_sub.add_parser("replay", help="rebuild every order's columns from its events alone and report each "
                             "difference (exit 0: none; 1: differences)")
    rep.add_argument("--db", help=_db_help())
    rep.add_argument("--branch", help="branch name, code or id (default: every branch)")
    rep.add_argument("--fix", action="store_true", help="also set the differing columns to what the events say, "
                     "each repaired order audited")
    rep.add_argument("--limit", type=int, default=50, help="differences printed (default 50; all are counted)")
    fac = aud_sub.add_parser("facts", help="judge from their events the completed orders whose stored verdict is "
                             "not current, for the month reports (nightly cron; PostgreSQL: as the owner)")
    fac.add_argument("--db", help=_db_help())
    fac.add_argument("--branch", help="branch name, code or id (default: every branch)")
    fac.add_argument("--full", action="store_true", help="judge every completed order again")
    _admin_parser(sub)
    return p


def _password_options(p) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input (scripts; nothing echoed)")
    src.add_argument("--password-env", metavar="VAR", help="read the password from this environment variable")


def _admin_parser(sub) -> None:
    """`admin migrate | init-postgres | add-user | set-password` (README "Setting up a branch")."""
    adm = sub.add_parser("admin", help="people and passwords (SQLite and PostgreSQL); on a shared PostgreSQL "
                         "database also migrate and install roles and row-level security (as its owner)")
    adm_sub = adm.add_subparsers(dest="admin_command", required=True)
    pg_db = "the PostgreSQL URL as its owner or a superuser (postgresql+psycopg://OWNER@HOST/DB)"
    any_db = (f"{_db_help()}; a PostgreSQL URL as its owner with CREATEROLE or a superuser")
    mig = adm_sub.add_parser("migrate", help="bring the schema to this program's revision (one run at a time); "
                             "consoles refuse a schema that is not at head")
    mig.add_argument("--db", required=True, help=pg_db)
    ini = adm_sub.add_parser("init-postgres", help="create the bc_* group roles, grants and forced row-level "
                             "security (idempotent; migrate refreshes it)")
    ini.add_argument("--db", required=True, help=pg_db)
    add = adm_sub.add_parser("add-user", help="add a staff member who can sign in (SQLite: an argon2id password "
                             "in their staff row; PostgreSQL: their own database login (SCRAM) in their role's "
                             "group, linked to their staff row); audited")
    add.add_argument("--db", help=any_db)
    add.add_argument("--work-number", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=("dispatcher", "maintainer", "inspector", "manager", "admin"))
    add.add_argument("--branch", help="branch name or code (omit for provincial inspectors and administrators)")
    add.add_argument("--login", help="PostgreSQL: database login name (default: bcu_ + the work number in lower case)")
    add.add_argument("--phone", default="")
    _password_options(add)
    pw = adm_sub.add_parser("set-password", help="set a staff member's password (default: asked twice on the "
                            "terminal, not echoed); SQLite: argon2id in their staff row; PostgreSQL: ALTER ROLE on "
                            "their database login; audited without the password")
    pw.add_argument("--db", help=any_db)
    pw.add_argument("--work-number", required=True)
    _password_options(pw)
    si = adm_sub.add_parser("stand-in", help="R-TIME-8: who receives a branch's exemption reports while it has no "
                            "active manager; without --staff or --none, print who the head is; audited")
    si.add_argument("--db", help=any_db)
    si.add_argument("--branch", required=True, help="branch name, code or id")
    who = si.add_mutually_exclusive_group()
    who.add_argument("--staff", metavar="WORKNO", help="the work number of the person who stands in (active staff of "
                     "the branch, or provincial)")
    who.add_argument("--none", action="store_true", help="nobody stands in any more")
    arc = adm_sub.add_parser("archive", help="copy the orders completed before a date whose record is settled, with "
                             "their events and callbacks, into a new SQLite archive that opens in the console; with "
                             "--remove also delete them here (one audited transaction; PostgreSQL: as the owner)")
    arc.add_argument("--db", help=_db_help())
    arc.add_argument("--before", required=True, metavar="YYYY-MM-DD", help="orders completed before this China date")
    arc.add_argument("--out", required=True, metavar="FILE.sqlite3", help="the archive to create (must not exist)")
    arc.add_argument("--remove", action="store_true", help="after the archive reads back the same, delete its orders "
                     "from this database")
    br = adm_sub.add_parser("add-branch", help="create a branch (a fresh install's first step, before importing "
                            "its districts, customers and staff); audited")
    br.add_argument("--db", help=any_db)
    br.add_argument("--code", required=True, help="short code, e.g. NC")
    br.add_argument("--name", required=True, help="e.g. 南昌市分公司")
    br.add_argument("--kind", required=True, choices=("city", "county"),
                    help="R-ZONE-1: one maintainer per ~4,500 (city) or ~2,000 (county) households")
    br.add_argument("--hotline", required=True, help="service hotline published to customers (R-ZONE-2)")
    br.add_argument("--supervision-phone", required=True, help="supervision phone (R-ZONE-2)")
    br.add_argument("--address", default="")
    br.add_argument("--lat", type=float, required=True, help="latitude of the branch office (map centre)")
    br.add_argument("--lon", type=float, required=True, help="longitude of the branch office")
    br.add_argument("--growth-target", type=int, default=0, help="yearly household growth target (R-ZONE-4)")


def _read_password(args, whose: str) -> str:
    """The new password from --password-stdin, --password-env or the terminal (twice, no echo);
    checked before it is asked again. StoreError says what is wrong; nothing is changed."""
    from console.services.access.auth import check_password

    lang = _language(args)
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password[:-1] if password.endswith("\r") else password
        return check_password(password)
    if args.password_env:
        if not os.environ.get(args.password_env):
            raise StoreError(T("the environment variable {name} is empty or not set; nothing was changed",
                               name=args.password_env))
        return check_password(os.environ[args.password_env])
    if not sys.stdin.isatty():
        # getpass would fall back to reading standard input with the password echoed, or stop
        # with a traceback at its end (cron, a pipe, a service manager)
        raise StoreError(T("no terminal to ask the password on: run the command in a terminal, or pass the "
                           "password with --password-stdin (its first line) or --password-env VAR; nothing was "
                           "changed"))
    import getpass

    password = check_password(getpass.getpass(_say(T("new password for {whose}: ", whose=whose), lang)))
    if getpass.getpass(_say(T("the same password again: "), lang)) != password:
        raise StoreError(T("the two passwords differ; nothing was changed"))
    return password


def _cmd_export(args) -> int:
    """Headless export for scheduled runs: the workbook, then a JSON summary line whose "rows" are
    keyed by the sheet names the workbook shows (in its language). Without --month, assessment
    and sla cover the last complete month (R-ZONE-3: assessed monthly, on a whole month);
    --year writes R-ZONE-3's yearly summary. A --out not ending in .xlsx is refused first."""
    from console.services.access import directory
    from console.services.exports.workbooks import check_out, export, export_assessment_year, parse_month
    from console.store import open_store

    if args.year is not None and args.kind != "assessment":
        raise StoreError(T("--year is for the assessment workbook (its yearly summary, R-ZONE-3); the {kind} "
                           "workbook takes --month", kind=args.kind))
    if args.year is not None and (len(args.year) != 4 or not args.year.isdigit()):
        raise StoreError(T("year {year!r} is not YYYY", year=args.year))
    if args.province and args.branch:
        raise StoreError(T("--province is every branch; leave out --branch {branch!r}", branch=args.branch))
    check_out(args.out)  # before the database is opened: nothing is written
    month = parse_month(args.month)
    now = _parse_now(args.now)
    lang = args.lang  # None: the console's language (a mistyped one is refused)
    store = open_store(args.db)
    try:
        branch = directory.find_branch_info(store, args.branch)  # None: every branch
        where = {"branch_id": branch.id if branch else None, "branch_name": branch.name if branch else ""}
        if args.year is not None:
            result = export_assessment_year(store, args.out, year=int(args.year), lang=lang, now=now, **where)
        else:
            result = export(store, args.kind, args.out, month=month, lang=lang, now=now, **where)
    finally:
        store.dispose()
    print(json.dumps({"kind": result.kind, "out": str(result.path), "period": result.period,
                      "rows": result.named_rows(), "empty": result.empty}, ensure_ascii=False))
    return 0


def _cmd_demo(args) -> int:
    """The demo branches, all or nothing (console.demo.build): killed half-way, the target is
    as before (absent, or empty)."""
    from console.demo.build import create_demo

    last = [-1]

    def progress(fraction: float, message: str) -> None:
        pct = int(fraction * 100)
        if pct != last[0]:
            last[0] = pct
            print(f"\r{pct:3d}% {message[:60]:<60}", end="", file=sys.stderr, flush=True)

    if args.province:
        from console.demo.build import create_province
        from console.demo.province import BRANCHES, ORDERS

        if args.branches is not None and not 2 <= args.branches <= BRANCHES:
            print(f"branch-console: {_say(T('a province has 2 to {most} branches', most=BRANCHES), _language(args))}",
                  file=sys.stderr)
            return 2
        summary = create_province(args.db, seed=args.seed, branches=args.branches or BRANCHES,
                                  orders=ORDERS if args.orders is None else args.orders, now=_parse_now(args.now),
                                  progress=progress)
    else:
        if args.branches is not None:
            print(f"branch-console: {_say(T('--branches needs --province'), _language(args))}", file=sys.stderr)
            return 2
        summary = create_demo(args.db, seed=args.seed, orders=40_000 if args.orders is None else args.orders,
                              now=_parse_now(args.now), progress=progress)
    print(file=sys.stderr)
    print(json.dumps(summary, ensure_ascii=False, default=str))
    return 0


def _cmd_stats(args) -> int:
    from console.store import open_store
    from console.store.stats import stats

    store = open_store(args.db)
    counts = stats(store)
    store.dispose()
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, default=str))
    else:
        for key, value in counts.items():
            print(f"{key:>16}: {value}")
    return 0


def _cmd_map(args) -> int:
    from console.services.exports.map_file import command

    return command(args)


def _cmd_escalate(args) -> int:
    """One pass, headless: a line per escalation fired, then a JSON summary (R-TIME-9/11; cron on a shared server)."""
    import time
    from collections import Counter

    from console.services.access import directory
    from console.services.orders.escalation import run_pass
    from console.store import open_store

    store = open_store(args.db)
    try:
        branch = directory.find_branch_info(store, args.branch)  # None: every branch
        branch_id = branch.id if branch else None
        now = _parse_now(args.now) or dt.datetime.now(UTC)
        started = time.perf_counter()
        fired = run_pass(store, now=now, branch_id=branch_id)
        seconds = time.perf_counter() - started
    finally:
        store.dispose()
    lang = _language(args)
    for f in fired:
        print(_say(f.line(), lang))
    summary = {"now": now.isoformat(), "branch_id": branch_id, "fired": len(fired),
               "orders": len({f.order_id for f in fired}), "by_level": dict(Counter(f.level for f in fired)),
               "urgent": sum(f.urgent for f in fired),
               # R-TIME: fired on a provisional due (its year's calendar not entered), never a breach as fact
               "provisional": sum(f.provisional_year is not None for f in fired), "seconds": round(seconds, 3)}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _cmd_import(args) -> int:
    """Check every row; import all or nothing; print the report and a JSON summary."""
    from console.reports.import_report import report_lines, write_xlsx
    from console.services.access import directory
    from console.services.imports import run_import
    from console.store import open_store

    lang = _language(args)
    store = open_store(args.db)
    try:
        branch = directory.find_branch_info(store, args.branch)
        if branch is None:  # no --branch: the only branch there is
            known = directory.branches(store)
            if len(known) != 1:
                names = ", ".join(f"{b.code} {b.name}" for b in known) or T("none yet")
                raise StoreError(T("name the branch to import into with --branch (branches: {names})", names=names))
            branch = known[0]
        last = [-1]

        def progress(fraction: float, message: str) -> None:
            pct = int(fraction * 100)
            if pct != last[0] and sys.stderr.isatty():
                last[0] = pct
                said = _say(message, lang)
                print(f"\r{pct:3d}% {said[:60]:<60}", end="", file=sys.stderr, flush=True)

        from console.demo.build import operator

        # a program that waits for the write lock meanwhile names this import
        # (announced in English, marked here: a waiting program says it in its own language)
        action = {"customers": N_("import of customers"), "districts": N_("import of districts"),
                  "staff": N_("import of staff")}[args.kind]
        with store.announced(person=operator(), action=action):
            report = run_import(store, args.kind, args.file, branch_id=branch.id, sheet=args.sheet,
                                dry_run=args.dry_run, progress=progress, via="cli")
    finally:
        store.dispose()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for line in report_lines(report, limit=200):
        print(_say(line, lang))
    if args.report:  # its pages name the branch; the command line's operator is the system ("")
        from console.reports.printing import PrintMeta

        write_xlsx(args.report, report, meta=PrintMeta(branch=branch.name))
    print(json.dumps(report.summary(), ensure_ascii=False))
    return 0 if report.ok else 1


def _cmd_audit(args) -> int:
    """`audit verify`: exit 0 intact, 1 broken; `audit head`: the head to keep elsewhere."""
    from pathlib import Path

    from console.services.audit import verify as audit_verify
    from console.store import open_store

    if args.audit_command in ("replay", "facts"):
        return _cmd_replay(args)
    anchor = audit_verify.Anchor.load(args.head) if getattr(args, "head", None) else None
    ledger = audit_verify.load_ledger(args.ledger) if getattr(args, "ledger", None) else []
    kept = getattr(args, "verified_head", None)
    since = audit_verify.Anchor.load(kept) if kept and Path(kept).exists() else None
    store = open_store(args.db)
    try:
        if args.audit_command == "head":
            current = audit_verify.head(store)
        else:
            result = audit_verify.verify(store, anchor=anchor, anchors=ledger, since=since)
            if kept and result.ok:  # the next daily run starts after this head
                audit_verify.keep_head(kept, result.anchor(store.display_url))
    finally:
        store.dispose()
    if args.audit_command == "head":
        exported = current.to_json()
        if args.out:
            Path(args.out).write_text(exported + "\n", encoding="utf-8")
        if args.append:
            audit_verify.append_ledger(args.append, current)
        print(exported)
        return 0
    lang = _language(args)
    print(_say(result.line(), lang))
    if not result.ok and len(result.breaks) + sum(n for _, n in result.counts) > 2:
        for line in result.lines():  # every broken row, with its kind
            print(f"  {_say(line, lang)}")
    return 0 if result.ok else 1


def _cmd_replay(args) -> int:
    """`audit replay`: the differences between each order's columns and its events, a JSON summary;
    `audit facts`: the stored verdicts brought up to date, a JSON summary."""
    from console.services.access import directory
    from console.services.orders.replay import replay
    from console.store import open_store

    store = open_store(args.db)
    try:
        branch_id = None
        if args.branch:  # StoreError naming the branches there are when none matches
            with store.read() as s:
                branch_id = directory.find_branch(s, args.branch).id
        if args.audit_command == "facts":
            from console.services.assessment.refresh import refresh

            print(json.dumps(refresh(store, full=args.full, branch_id=branch_id).as_json()))
            return 0
        report = replay(store, fix=args.fix, branch_id=branch_id)
    finally:
        store.dispose()
    lang = _language(args)
    for d in report.differences[:max(0, args.limit)]:
        print(_say(d.line(), lang))
    if len(report.differences) > args.limit:
        print(_say(T("… and {more} more", more=len(report.differences) - args.limit), lang))
    print(json.dumps(report.summary(), ensure_ascii=False))
    return 0 if report.healthy or args.fix else 1


def _archive(args) -> dict:
    """`admin archive`: the archive's counts and SHA-256 (services.orders.archive)."""
    from console.services.orders.archive import archive
    from console.store import open_store

    try:
        before = dt.date.fromisoformat(args.before)
    except ValueError:
        raise StoreError(T("--before {value!r} is not a date (YYYY-MM-DD)", value=args.before)) from None
    store = open_store(args.db)
    try:
        return archive(store, before, args.out, remove=args.remove).as_json()
    finally:
        store.dispose()


def _cmd_admin(args) -> int:
    """People, passwords, and the PostgreSQL owner's commands; each prints one JSON line."""
    from console.store.pg import admin as pg_admin

    if args.admin_command == "migrate":
        rep = pg_admin.migrate(args.db)
        out = {"before": rep.before, "after": rep.after, "security_refreshed": rep.secured is not None}
    elif args.admin_command == "init-postgres":
        rep = pg_admin.init_postgres(args.db)
        out = {"groups": list(rep.groups), "row_level_security": list(rep.protected), "shared": list(rep.shared)}
    elif args.admin_command == "add-branch":
        from console.services.imports.branches import add_branch
        from console.store import open_store

        store = open_store(args.db)  # a new SQLite file is created: a fresh install's first step
        try:
            b = add_branch(store, code=args.code, name=args.name, kind=args.kind, hotline=args.hotline,
                           supervision_phone=args.supervision_phone, address=args.address, latitude=args.lat,
                           longitude=args.lon, growth_target=args.growth_target)
        finally:
            store.dispose()
        out = {"branch_id": b.id, "code": b.code, "name": b.name, "kind": b.kind}
    elif args.admin_command == "stand-in":
        out = _stand_in(args)
    elif args.admin_command == "archive":
        out = _archive(args)
    else:
        from console.services.access import auth
        from console.store import open_store

        url = args.db
        shared = _backend(url) == "postgresql"
        password = _read_password(args, args.work_number)
        if args.admin_command == "set-password" and shared:
            out = {"work_number": args.work_number, "login": auth.set_login_password(url, args.work_number, password),
                   "password_set": True}
        elif args.admin_command == "add-user" and shared:
            from console.services.access import auth_pg

            rep = auth_pg.add_user(url, work_number=args.work_number, name=args.name, role=args.role,
                                   branch=args.branch, password=password, login=args.login, phone=args.phone)
            out = {"login": rep.login, "group": rep.group, "staff_id": rep.staff_id, "branch": rep.branch,
                   "created": rep.created}
        else:
            store = open_store(url)
            try:
                if args.admin_command == "set-password":
                    who = auth.set_password_for(store, args.work_number, password)
                else:
                    if args.login:
                        raise StoreError(T("--login is for a PostgreSQL database; SQLite staff sign in with their "
                                           "work number"))
                    who = auth.add_staff(store, work_number=args.work_number, name=args.name, role=args.role,
                                         branch=args.branch, password=password, phone=args.phone)
            finally:
                store.dispose()
            out = {"work_number": who.work_number, "name": who.name, "role": who.role.value, "staff_id": who.staff_id,
                   "branch_id": who.branch_id, "password_set": True}
    print(json.dumps(out, ensure_ascii=False))
    return 0


def _stand_in(args) -> dict:
    """`admin stand-in` (R-TIME-8): name, clear or show who stands in for a branch's head; a
    branch left with neither a manager nor a stand-in is warned of on standard error."""
    from console.services.access import directory
    from console.services.orders import exemptions
    from console.store import open_store

    store = open_store(args.db)
    try:
        branch = directory.find_branch_info(store, args.branch)
        changed = None
        if args.staff or args.none:
            staff_id = None if args.none else exemptions.staff_by_work_number(store, args.staff)
            changed = exemptions.set_stand_in(store, branch.id, staff_id, actor_id=None, operator=True)
        info = exemptions.head_info(store, branch.id)
    finally:
        store.dispose()
    if info.nobody:
        print("branch-console: " + _say(T("warning: {branch} has no active manager and nobody to stand in: a "
                                          "customer's unreachability cannot be reported there (R-TIME-8) until "
                                          "someone is named with --staff", branch=info.branch_name), _language(args)),
              file=sys.stderr)
    return {"branch": branch.code, "manager": info.manager or None, "stand_in_id": info.stand_in_id,
            "stand_in": info.stand_in or None, "stand_in_valid": info.stand_in_valid if info.stand_in_id else None,
            "changed": changed, "head_missing": info.nobody}


def _backend(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).get_backend_name()
    except Exception as exc:  # noqa: BLE001 - an unparsable URL, in words
        raise StoreError(T("unsupported database URL {url!r}: {reason}", url=url, reason=str(exc))) from exc


# Subcommands that may create the database they are given (every other one refuses a missing
# SQLite file: a mistyped --db must not leave an empty database behind); `admin migrate` and
# `admin init-postgres` take PostgreSQL only and say so themselves.
CREATES = {("demo", None), ("admin", "add-branch")}
POSTGRES_ONLY = {("admin", "migrate"), ("admin", "init-postgres")}
WAIT_REPEAT_S = 30  # a write still waiting for the lock says so again this often


class _WaitPrinter:
    """Tells the person at the terminal that a write waits for another program's (console.store.writelock)."""

    def __init__(self) -> None:
        self.printed_at: float | None = None
        self.lang: str | None = None  # None: the language of this process

    def __call__(self, wait) -> None:
        if wait.state == "waiting":
            if self.printed_at is None or wait.waited - self.printed_at >= WAIT_REPEAT_S:
                self.printed_at = wait.waited
                print(f"branch-console: {i18n.render(wait.line(), self.lang)}", file=sys.stderr, flush=True)
        else:
            if wait.state == "done" and self.printed_at is not None:
                print(f"branch-console: {i18n.render(wait.line(), self.lang)}", file=sys.stderr, flush=True)
            self.printed_at = None


def _check_db(args) -> None:
    """--db as a URL (a plain path is the SQLite file); refused unless the subcommand may create it."""
    from console.store.engine import normalize_db_url
    from console.store.opening import require_database

    if not hasattr(args, "db"):
        return
    args.db = normalize_db_url(args.db)
    which = (args.command, getattr(args, "admin_command", None))
    if which not in CREATES and which not in POSTGRES_ONLY:
        require_database(args.db)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from console.store import writelock

    printer = _WaitPrinter()
    args = None
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = _sub_parser().parse_args(argv)
            printer.lang = _language(args)
            _check_db(args)
            writelock.add_listener(printer)
            return {"demo": _cmd_demo, "stats": _cmd_stats, "escalate": _cmd_escalate,
                    "map": _cmd_map, "export": _cmd_export,
                    "import": _cmd_import, "audit": _cmd_audit, "admin": _cmd_admin}[args.command](args)
        args = _gui_parser().parse_args(argv)
        lang = i18n.chosen(args.lang)  # a mistyped --lang is refused before any window opens
        if args.version:
            return _cmd_version(args)
        if args.db is not None:
            from console.store.engine import normalize_db_url
            from console.store.opening import require_database

            args.db = normalize_db_url(args.db)
            if not args.screenshot:  # (a screenshot of a new file shows the demo it creates, README)
                require_database(args.db)
        if args.screenshot and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a screenshot needs no screen
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # Chromium (QtWebEngine, the map) refuses to start as root with its sandbox on.
            os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
        from console.views.shell.app import run_gui

        return run_gui(args.db, screenshot=args.screenshot, branch=args.branch, is_default_db=args.db is None,
                       user=args.user, lang=lang)
    except StoreError as exc:
        print(f"branch-console: {i18n.render(exc, _language(args))}", file=sys.stderr)
        return 2
    finally:
        writelock.remove_listener(printer)
