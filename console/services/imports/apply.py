"""Run an import: read and check every row, and only when nothing is wrong write all rows in ONE
transaction with ONE audit row (kind, file, sheet, encoding, row count, warnings).

The file is read once, as a stream: each row is checked as it is read (its cells, its columns
together, the rows before it, the database a batch at a time) and, while the file is good so far,
its compact record goes to a spool on disk (`spool.Spool`). A bad file writes nothing: the report
lists every problem at once (the first `validate.PROBLEM_LIMIT`, then counts). A good file's
spooled records are then written in batches inside the one write transaction, where the database
checks run again, so an account taken meanwhile by another console stops the import instead of
half-importing it. The write lock is held for the writing only, never while the file is read.
Memory stays flat: one batch of rows, and what the checks across rows keep (`kinds`).

Importing is an admin's right (permissions.Action.IMPORT), checked before the file is read (a
refused user does not wait for 100 000 rows to be checked) and again in the write transaction.
Checking a file (dry run) writes nothing and needs no right. `actor_id` None is accepted only
from the command line (`via="cli"`): the operator at the database, who could write it anyway.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.exc import DataError, IntegrityError

from console.i18n import T
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.imports import kinds
from console.services.imports.problems import ImportReport, problem
from console.services.imports.reader import ReadError, open_sheet
from console.services.imports.schema import KINDS
from console.services.imports.spool import Spool
from console.services.imports.validate import Header, Problems, Progress, parse_row

PROGRESS_EVERY = 2000  # rows
READ_SHARE = 0.8  # of the progress bar, the rest is the writing


class _Rollback(Exception):
    """Raised inside the write transaction to undo it when the re-check finds a problem."""


def _quiet(_fraction: float, _message: str) -> None:
    pass


class _Checked:
    """What reading a file left: the report, the rows' checks (for the re-check) and the spool."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.problems: Problems | None = None
        self.rows: kinds.Rows | None = None
        self.spool: Spool | None = None


def _read(store, kind: str, path: str | Path, branch_id: int, sheet: str | None, progress: Progress,
          keep: ExitStack | None) -> _Checked:
    """Read and check every row, writing nothing; with `keep`, spool the records of a good file."""
    if kind not in KINDS:
        raise ValueError(T("unknown import kind {kind!r} (one of: {kinds})", kind=kind, kinds=", ".join(KINDS)))
    started = time.perf_counter()
    out = _Checked(ImportReport(kind=kind, file=Path(path).name, sheet=sheet or ""))
    report = out.report
    progress(0.0, T("reading", _context="import progress"))
    try:
        with open_sheet(path, sheet) as sh:
            report.sheet, report.encoding = sh.sheet, sh.encoding
            out.problems = problems = Problems(sh.file, sh.sheet)
            header = Header(kind, sh.header, problems)
            if header.missing:  # every row would repeat the same complaint
                return _done(out, started)
            out.rows = rows = kinds.KINDS[kind](header, problems, branch_id)
            with store.read() as s:
                rows.prepare(s)
            spool = out.spool = keep.enter_context(Spool()) if keep is not None else None
            n = 0
            for number, record in sh.records:
                n = report.rows = n + 1
                values, bad = parse_row(header, number, record, problems)
                checked = rows.row(number, values, bad)
                if n % kinds.BATCH == 0:
                    with store.read() as s:
                        rows.flush(s)
                if spool is not None and checked is not None and not problems.errors:
                    spool.add(checked)
                if n % PROGRESS_EVERY == 0:
                    done = sh.done(number)
                    progress(READ_SHARE * min(done, 1.0) if done is not None else 0.0,
                             T("row {n} of {total}", n=number, total=sh.total) if sh.total else
                             T("row {row}", row=number))
            if n == 0:
                problems.add(None, "", "no_rows", T("the file has a header but no data rows"))
            with store.read() as s:
                rows.flush(s)
            rows.done()
    except ReadError as exc:
        if out.problems is None:
            report.problems = [exc.problem]
            report.seconds = time.perf_counter() - started
            return out
        out.problems.listed.append(exc.problem)
        out.problems.errors += 1
    return _done(out, started)


def _done(out: _Checked, started: float) -> _Checked:
    out.report.problems = out.problems.sorted()
    out.report.seconds = time.perf_counter() - started
    return out


def check_file(store, kind: str, path: str | Path, *, branch_id: int, sheet: str | None = None,
               progress: Progress | None = None) -> ImportReport:
    """Read and check every row, writing nothing (a dry run)."""
    return _read(store, kind, path, branch_id, sheet, progress or _quiet, None).report


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
    with ExitStack() as keep:
        checked = _read(store, kind, path, branch_id, sheet, progress, None if dry_run else keep)
        report = checked.report
        report.dry_run = dry_run
        if dry_run or not report.ok or checked.spool is None:
            progress(1.0, T("checked", _context="import progress"))
            return report
        _write(store, checked, branch_id, actor_id, via, progress)
    progress(1.0, T("done", _context="import progress"))
    return report


def _write(store, checked: _Checked, branch_id: int, actor_id: int | None, via: str, progress: Progress) -> None:
    """The spooled records in one transaction with one audit row; nothing when the re-check or the
    database refuses any of them."""
    report, rows, spool, problems = checked.report, checked.rows, checked.spool, checked.problems
    started = time.perf_counter() - report.seconds
    model, total, written = rows.model, spool.rows, 0
    try:
        with store.write() as s:
            _require(s, actor_id, branch_id, via)
            for batch in spool.batches():
                rows.recheck(s, batch)  # someone may have imported meanwhile
                if problems.errors:
                    continue  # nothing more is written; the rest is still checked, to name every problem
                progress(READ_SHARE + (1 - READ_SHARE) * written / total,
                         T("writing row {n} of {total}", n=written, total=total))
                s.execute(insert(model), [rows.values(r) for r in batch])
                written += len(batch)
            if problems.errors:
                raise _Rollback
            audit.record(s, actor_id=actor_id, action="import", entity=model.__tablename__, entity_id=None,
                         branch_id=branch_id, after={**report.summary(), "imported": written, "via": via})
    except _Rollback:
        report.problems = problems.sorted()
    except (IntegrityError, DataError) as exc:  # a concurrent import took a number between re-check and
        # commit, or a value the checks let through does not fit the column: refused whole all the same
        report.problems.append(problem(report.file, report.sheet, None, "", "refused",
                                       T("the database refused the rows, nothing was imported: {reason}",
                                         reason=str(exc.orig).splitlines()[0])))
    else:
        report.imported = written
    report.seconds = time.perf_counter() - started
