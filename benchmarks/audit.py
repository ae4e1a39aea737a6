"""`audit verify` beside a bare hash of the same rows, full and incremental. Prints JSON.

    .venv/bin/python benchmarks/audit.py                 # 100,000 audit rows
    .venv/bin/python benchmarks/audit.py --rows 20000 --new 1000

The database (SQLite, cached as /tmp/branch-console-bench/audit-<rows>.sqlite3) is the schema with
``--rows`` audit rows chained by ``services.audit.chain`` (``chained_content``/``row_digest``, the
hashes ``record`` writes): order actions with before/after images of a dozen fields. Each figure is
a fresh process (seconds, peak RSS):

  verify       ``services.audit.verify.verify`` of the whole chain
  reference    bare ``sqlite3`` + ``json`` + ``hashlib``: read the same columns and recompute each
               row's SHA-256 over the previous hash and the canonical JSON of its content (tuples and
               dicts, nothing else) — the work a verify cannot avoid
  incremental  ``verify(since=head)`` after ``--new`` rows were appended to a chain verified before
               (a daily run): it reads only the new rows
  reference_new  the bare hash of those new rows

Targets: verify <= 2 x reference; incremental reads exactly the new rows and takes under a quarter of
the full verify (most of it is the process's start-up, which the bare reference does not pay).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/branch-console-bench")
T0 = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.timezone.utc)


def _content(i: int):
    from console.services.audit.chain import chained_content

    at = T0 + dt.timedelta(seconds=37 * i)
    before = {"status": "assigned", "assignee_id": 10 + i % 40, "version": i % 9 + 1, "due_at": at.isoformat(),
              "kind": "general_fault", "district_id": i % 42 + 1, "priority": "normal", "note": "用户反映无信号"}
    after = {**before, "status": "in_progress", "version": i % 9 + 2, "first_response_at": at.isoformat(),
             "said": "已电话联系，约明天上午上门"}
    return chained_content(branch_id=1, at=at, actor_id=1 + i % 2, action="order.first_response",
                           entity="work_order", entity_id=100_000 + i, before=before, after=after)


def _append(path: Path, first: int, n: int) -> None:
    """Chain ``n`` rows onto the database's last row, as ``audit.record`` does (same digest)."""
    from console.models import AuditLog
    from console.services.access import startup
    from console.services.audit.chain import row_digest

    store = startup.open_local(f"sqlite:///{path}")
    with store.write() as s:
        from sqlalchemy import select

        prev = s.scalar(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)) or ""
        batch = []
        for i in range(first, first + n):
            content = _content(i)
            digest = row_digest(prev, content)
            batch.append(AuditLog(prev_hash=prev, hash=digest, **content))
            prev = digest
            if len(batch) == 5000:
                s.add_all(batch)
                s.flush()
                batch = []
        s.add_all(batch)
    store.engine.dispose()


def audit_db(rows: int) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"audit-{rows}.sqlite3"
    if not path.exists():
        tmp = path.with_suffix(".part")
        tmp.unlink(missing_ok=True)
        from console.store import open_store

        store = open_store(f"sqlite:///{tmp}", migrate=True)
        from tests.factories import make_branch, make_staff

        with store.write() as s:  # the rows' branch and people
            b = make_branch(s)
            make_staff(s, b, "NC001", "王芳")
            make_staff(s, b, "NC002", "李强")
        store.dispose()
        _append(tmp, 0, rows)
        os.replace(tmp, path)
    return path


_COLS = "id, branch_id, at, actor_id, action, entity, entity_id, before, after, prev_hash, hash"


def _bare(path: str, after_id: int) -> dict:
    con = sqlite3.connect(path)
    n, prev, bad = 0, None, 0
    for (rid, branch_id, at, actor_id, action, entity, entity_id, before, after, prev_hash, stored) in con.execute(
            f"SELECT {_COLS} FROM audit_log WHERE id > ? ORDER BY id", (after_id,)):
        body = json.dumps({"branch_id": branch_id, "at": dt.datetime.fromisoformat(at + "+00:00").isoformat(),
                           "actor_id": actor_id, "action": action, "entity": entity, "entity_id": entity_id,
                           "before": json.loads(before) if before else None,
                           "after": json.loads(after) if after else None},
                          sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()
        bad += digest != stored or (prev is not None and prev_hash != prev)
        prev = stored
        n += 1
    return {"rows": n, "broken": bad}


def child(what: str, path: str, arg: str) -> dict:
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if what == "reference":
        out = _bare(path, int(arg))
    else:
        from console.services.access import startup
        from console.services.audit import verify as V

        store = startup.open_local(f"sqlite:///{path}")
        since = V.Anchor.load(arg) if what == "incremental" else None
        r = V.verify(store, since=since) if since else V.verify(store)
        out = {"rows": r.rows, "ok": r.ok, "read": r.read}
        if what == "head":  # the head a daily run starts after, kept in the file ``arg``
            Path(arg).write_text(r.anchor(path).to_json(), encoding="utf-8")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(time.perf_counter() - started, 3), "peak_rss_mb": round(peak, 1),
            "growth_mb": round(peak - base, 1), **out}


def run(what: str, path: Path, arg: str = "0") -> dict:
    res = subprocess.run([sys.executable, __file__, "--child", what, str(path), arg], capture_output=True, text=True)
    if res.returncode:
        return {"error": (res.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def best(what: str, path: Path, arg: str, repeat: int) -> dict:
    return min((run(what, path, arg) for _ in range(repeat)), key=lambda r: r.get("seconds", 1e9))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--new", type=int, default=2_000, help="rows appended after the verified head (incremental)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    sys.path.insert(0, str(ROOT))
    import shutil
    import tempfile

    src = audit_db(args.rows)
    report: dict = {"rows": args.rows, "python": sys.version.split()[0], "database": str(src), "target_ratio": 2.0}
    report["reference"] = best("reference", src, "0", args.repeat)
    report["verify"] = best("verify", src, "0", args.repeat)
    if "seconds" in report["verify"]:
        report["verify"]["ratio"] = round(report["verify"]["seconds"] / report["reference"]["seconds"], 2)
    with tempfile.TemporaryDirectory() as tmp:  # a verified chain, then a day's new rows
        db = Path(tmp) / "audit.sqlite3"
        shutil.copyfile(src, db)
        anchor = Path(tmp) / "verified.json"
        run("head", db, str(anchor))  # in its own process: the parent stays small (ru_maxrss survives exec)
        head_id = json.loads(anchor.read_text(encoding="utf-8"))["head_id"]
        subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'benchmarks')!r}]; "
                        f"import audit; audit._append(audit.Path({str(db)!r}), {args.rows}, {args.new})"], check=True)
        report["reference_new"] = best("reference", db, str(head_id), args.repeat)
        report["incremental"] = best("incremental", db, str(anchor), args.repeat)
        if "seconds" in report["incremental"]:
            report["incremental"]["ratio"] = round(
                report["incremental"]["seconds"] / report["reference_new"]["seconds"], 2)
    # the daily run reads only the new rows, so it is a fraction of the full walk (its own start-up —
    # SQLAlchemy, the models — is most of it; the bare reference has none)
    report["ok"] = (report["verify"].get("ratio", 99) <= 2.0 and report["incremental"].get("read") == args.new
                    and report["incremental"].get("seconds", 99) < 0.25 * report["verify"].get("seconds", 0))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
