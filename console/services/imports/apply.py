"""Run an import: read, check every row, and only when nothing is wrong write all rows in ONE
transaction with ONE audit row (kind, file, sheet, encoding, row count, warnings).

A bad file writes nothing: the report lists every problem at once. The database checks run
again inside the write transaction, so an account taken meanwhile by another console stops the
import instead of half-importing it.

Importing is an admin's right (permissions.Action.IMPORT), checked before the file is read (a
refused user does not wait for 100 000 rows to be checked) and again in the write transaction.
Checking a file (dry run) writes nothing and needs no right. `actor_id` None is accepted only
from the command line (`via="cli"`): the operator at the database, who could write it anyway.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.exc import DataError, IntegrityError

from console.i18n import T
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.imports import kinds
from console.services.imports.problems import ImportReport, problem
from console.services.imports.reader import ReadError, read_table
from console.services.imports.schema import KINDS
from console.services.imports.validate import Checked, Progress, check_cells

BATCH = 2000


class _Rollback(Exception):
    """Raised inside the write transaction to undo it when the re-check finds a problem."""


def _quiet(_fraction: float, _message: str) -> None:
    pass


def check_file(store, kind: str, path: str | Path, *, branch_id: int, sheet: str | None = None,
               progress: Progress | None = None) -> tuple[ImportReport, Checked | None]:
    """Read and check, writing nothing. The Checked rows are for `run_import`."""
    if kind not in KINDS:
        raise ValueError(T("unknown import kind {kind!r} (one of: {kinds})", kind=kind, kinds=", ".join(KINDS)))
    progress = progress or _quiet
    started = time.perf_counter()
    report = ImportReport(kind=kind, file=Path(path).name, sheet=sheet or "")
    progress(0.0, T("reading", _context="import progress"))
    try:
        table = read_table(path, sheet)
    except ReadError as exc:
        report.problems.append(exc.problem)
        report.seconds = time.perf_counter() - started
        return report, None
    report.sheet, report.encoding, report.rows = table.sheet, table.encoding, len(table.rows)
    checked = check_cells(table, kind, progress)
    if checked.rows:
        progress(0.7, T("checking against the database"))
        with store.read() as s:
            kinds.check_against(s, checked, branch_id)
    report.problems = sorted(checked.problems, key=lambda p: (p.row or 0, p.column, p.code))
    report.seconds = time.perf_counter() - started
    return report, checked


def _require(session, actor_id: int | None, branch_id: int, via: str) -> None:
    """R-ACC: only admins import (Action.IMPORT); actor None only as the command line's operator."""
    permissions.require(session, actor_id, permissions.Action.IMPORT, branch_id=branch_id, system_ok=via == "cli")


def run_import(store, kind: str, path: str | Path, *, branch_id: int, actor_id: int | None = None,
               sheet: str | None = None, dry_run: bool = False, progress: Progress | None = None,
               via: str = "console") -> ImportReport:
    """Check the file; with no error (and not a dry run) import all of its rows at once.
    PermissionDenied (nothing read, nothing written) when `actor_id` may not import into the branch."""
    progress = progress or _quiet
    if not dry_run:
        with store.read() as s:
            _require(s, actor_id, branch_id, via)
    report, checked = check_file(store, kind, path, branch_id=branch_id, sheet=sheet, progress=progress)
    report.dry_run = dry_run
    if dry_run or not report.ok or checked is None:
        progress(1.0, T("checked", _context="import progress"))
        return report
    started = time.perf_counter() - report.seconds
    model = kinds.MODELS[kind]
    values = kinds.records(checked, branch_id)
    try:
        with store.write() as s:
            _require(s, actor_id, branch_id, via)
            known = len(checked.problems)
            kinds.check_against(s, checked, branch_id)  # someone may have imported meanwhile
            if any(p.is_error for p in checked.problems[known:]):
                raise _Rollback
            for i in range(0, len(values), BATCH):
                progress(0.8 + 0.2 * i / len(values), T("writing row {n} of {total}", n=i, total=len(values)))
                s.execute(insert(model), values[i:i + BATCH])
            audit.record(s, actor_id=actor_id, action="import", entity=model.__tablename__, entity_id=None,
                         branch_id=branch_id, after={**report.summary(), "imported": len(values), "via": via})
    except _Rollback:
        report.problems = sorted(checked.problems, key=lambda p: (p.row or 0, p.column, p.code))
    except (IntegrityError, DataError) as exc:  # a concurrent import took a number between re-check and
        # commit, or a value the checks let through does not fit the column: refused whole all the same
        report.problems.append(problem(report.file, report.sheet, None, "", "refused",
                                       T("the database refused the rows, nothing was imported: {reason}",
                                         reason=str(exc.orig).splitlines()[0])))
    else:
        report.imported = len(values)
    report.seconds = time.perf_counter() - started
    progress(1.0, T("done", _context="import progress"))
    return report
