"""`branch-console demo --province`: a whole province, written in bulk, as the write path would have.

A scaled-down province (4 branches, 3,000 orders) on both backends: its rows are exactly those a
Core insert of the same rows writes (the bulk COPY / executemany path loses or changes nothing),
`audit replay` finds every order's columns equal to the projection of its events, the audit chain is
intact, the districts tile the province, every branch has districts and staff. The full size is
checked without writing it (the map and the organisation: >= 100 branches, >= 1,500 districts,
>= 6 M households); how long it takes is benchmarks/province.py's.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from console.demo.generate import DemoAlreadyPresent
from console.demo.province import generate_province
from console.demo.province_map import chosen_branches, province_cells
from console.demo.province_org import build_province_org
from console.demo.world import World
from console.models import AuditLog, Branch, District, DistrictAssignment, Staff
from console.models.base import Base
from console.services.audit.verify import verify
from console.services.orders.replay import replay
from console.store import open_store
from console.store.stats import stats
from console.vocabulary import BranchKind, Role
from tests.demo.test_demo import _area, assert_tiling

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.timezone.utc)
SMALL = {"branches": 4, "orders": 3000}
SKIP = {"audit_log"}  # the chain is checked by verify; its rows carry the time they were written


# -- geometry: the districts tile the province (shoelace areas, edges matched) --------------------
def _key(p) -> tuple[float, float]:
    return (round(p[0], 7), round(p[1], 7))


def province_outline(rings: list[list]) -> list[list[tuple[float, float]]]:
    """The province's outline: the directed edges no other district runs back along, chained into rings."""
    edges = Counter()
    for ring in rings:
        for a, b in zip(ring, ring[1:]):
            edges[_key(a), _key(b)] += 1
    assert all(n == 1 for n in edges.values()), "two districts run along one border the same way: they overlap"
    outer = {a: b for (a, b) in edges if (b, a) not in edges}
    assert len(outer) == sum(1 for (a, b) in edges if (b, a) not in edges), "the outline touches itself"
    out, todo = [], dict(outer)
    while todo:
        start, nxt = todo.popitem()
        ring = [start, nxt]
        while nxt != start:
            nxt = todo.pop(nxt)
            ring.append(nxt)
        out.append(ring)
    return out


def assert_tiles_province(rings: list[list]) -> None:
    """No overlap, no gap: every inner border is shared by exactly two districts running it opposite
    ways, the outline is one ring, and the districts' areas add up to the area inside it."""
    for ring in rings:
        assert _area(ring) > 0, "a district ring is not counter-clockwise"
    outline = province_outline(rings)
    assert len(outline) == 1, f"the province's outline is {len(outline)} rings (a hole, or pieces)"
    total = sum(_area(r) for r in rings)
    assert math.isclose(total, _area(outline[0]), rel_tol=1e-9), (total, _area(outline[0]))


def test_tiling_check_catches_a_gap_and_an_overlap():
    a = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    b = [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]
    assert_tiles_province([a, b])
    with pytest.raises(AssertionError):
        assert_tiles_province([a, [[1.1, 0], [2, 0], [2, 1], [1.1, 1], [1.1, 0]]])  # a gap: two outlines
    with pytest.raises(AssertionError):
        assert_tiles_province([a, b, [[0.5, 0.5], [1.5, 0.5], [1.5, 0.9], [0.5, 0.9], [0.5, 0.5]]])  # an overlap
    with pytest.raises(AssertionError):
        assert_tiles_province([a, [[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]]])  # a missing district between


def _contiguous(cells) -> bool:
    cells = {(c.col, c.row) for c in cells}
    seen, todo = set(), [next(iter(cells))]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        todo += [nb for nb in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)) if nb in cells]
    return seen == cells


def test_the_full_province_has_its_size_and_each_branch_is_one_block():
    """--province with its defaults: >= 100 branches of both kinds, >= 1,500 districts tiling the
    province, each branch one contiguous block, >= 6 M households by the R-ZONE-1 norms."""
    specs = chosen_branches(100)
    blocks = province_cells(random.Random("1:province-map"), specs)
    world = World(seed=1, now=NOW, scale=1.0)
    org = build_province_org(world, specs, blocks)
    assert len(org["branch"]) == 100 and {b["kind"] for b in org["branch"]} == {BranchKind.CITY, BranchKind.COUNTY}
    assert len(org["district"]) >= 1500 and sum(d["households"] for d in org["district"]) >= 6_000_000
    assert all(len(b) >= 8 and _contiguous(b) for b in blocks)
    assert_tiles_province([json.loads(d["geojson"])["coordinates"][0] for d in org["district"]])
    kinds = {b["id"]: b["kind"] for b in org["branch"]}
    for kind, norm in ((BranchKind.CITY, 4500), (BranchKind.COUNTY, 2000)):  # R-ZONE-1
        sizes = [d["households"] for d in org["district"] if kinds[d["branch_id"]] == kind]
        assert abs(sum(sizes) / len(sizes) - norm) < 0.1 * norm
        assert sum(h > 1.2 * norm for h in sizes) >= 10
    roles = Counter((s["branch_id"], s["role"]) for s in org["staff"] if s["active"])
    for b in org["branch"]:
        assert all(roles[b["id"], r] for r in (Role.MAINTAINER, Role.DISPATCHER, Role.MANAGER, Role.INSPECTOR))
    assert len({s["work_number"] for s in org["staff"]}) == len(org["staff"])


# -- the scaled-down province on both backends ----------------------------------------------------
def dump(store) -> dict[str, list[tuple]]:
    """Every row of every table the province writes, as read back (ids order)."""
    out = {}
    with store.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIP or table.name.startswith(("calendar", "sla_policy", "alembic")):
                continue
            cols = [c for c in table.c if c.name not in ("db_user", "password_hash")]  # (a salted hash each run)
            rows = s.execute(select(*cols).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows]
    return out


def raw_dump(store) -> dict[str, list[tuple]]:
    """SQLite: every row as the file holds it (the text of an instant, of a JSON value …), which the
    console's plain-row reads (console.store.plain) see."""
    out = {}
    con = store.engine.raw_connection()
    try:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIP or table.name.startswith(("calendar", "sla_policy", "alembic")):
                continue
            cols = ", ".join(c.name for c in table.c if c.name != "password_hash")
            keys = ", ".join(c.name for c in table.primary_key.columns)
            out[table.name] = con.execute(f"SELECT {cols} FROM {table.name} ORDER BY {keys}").fetchall()
    finally:
        con.close()
    return out


def test_province_on_each_backend(store, tmp_path):
    calls: list[tuple[float, str]] = []
    summary = generate_province(store, seed=1, now=NOW, progress=lambda f, m: calls.append((f, m)), **SMALL)
    assert len(calls) >= 10 and calls[-1][0] == 1.0 and [f for f, _ in calls] == sorted(f for f, _ in calls)

    counts = stats(store, now=NOW)
    assert counts["branches"] == 4 and counts["orders"] == 3000 == summary["work_order"]
    assert counts["districts"] == summary["district"] >= 60
    assert counts["urban_districts"] and counts["rural_districts"]
    assert counts["households"] == summary["households"]
    assert counts["order_events"] == summary["order_event"] > 4 * counts["orders"]
    assert counts["callbacks"] == summary["callback"] > 0 and counts["customers"] == summary["customer"]
    for key in ("revisit_plans", "revisit_visits", "inspections", "findings", "accountability_cases",
                "training_records", "notices", "fee_reminders", "open_orders"):
        assert counts[key] > 0, key

    # as the write path would have it: every projected column and Callback row from the events
    report = replay(store, now=NOW)
    assert report.differences == [] and report.unrecorded_policy == 0, [d.line() for d in report.differences[:5]]
    # the bulk batches are in the audit chain, which is intact (on PostgreSQL the database chained them)
    result = verify(store)
    assert result.ok and result.rows == summary["audit_log"] > 0, result
    with store.read() as s:
        batches = s.execute(select(AuditLog.entity, AuditLog.after, AuditLog.actor_id)
                            .where(AuditLog.action == "demo")).all()
        branches = {b.id: b for b in s.scalars(select(Branch))}
        districts = list(s.scalars(select(District)))
        staff = list(s.scalars(select(Staff)))
        current = {a.district_id: a.maintainer_id for a in s.scalars(select(DistrictAssignment)
                                                                        .where(DistrictAssignment.valid_to.is_(None)))}
    written = defaultdict(int)
    for entity, after, actor in batches:
        assert actor is None
        written[entity] += after["rows"]
    assert written == {"customer": counts["customers"], "work_order": counts["orders"],
                       "order_event": counts["order_events"], "callback": counts["callbacks"]}

    # the districts tile the province; every branch has both kinds' districts and its staff
    assert {b.kind for b in branches.values()} == {BranchKind.CITY, BranchKind.COUNTY}
    rings = {d.code: json.loads(d.geojson)["coordinates"][0] for d in districts}
    assert_tiles_province(list(rings.values()))
    assert_tiling(rings, {d.code: (d.longitude, d.latitude) for d in districts})  # pairwise: no crossing
    roles = Counter((p.branch_id, p.role) for p in staff if p.active)
    for b in branches.values():
        assert any(d.branch_id == b.id for d in districts), b.name
        assert all(roles[b.id, r] for r in (Role.MAINTAINER, Role.DISPATCHER, Role.MANAGER, Role.INSPECTOR)), b.name
    maintainer_branch = {p.id: p.branch_id for p in staff if p.role == Role.MAINTAINER}
    assert all(maintainer_branch[current[d.id]] == d.branch_id for d in districts)  # R-ZONE-1

    # the rows are exactly what Core inserts of the same rows write (here into a fresh SQLite file)
    reference = open_store(f"sqlite:///{tmp_path / 'core.sqlite3'}")
    try:
        generate_province(reference, seed=1, now=NOW, bulk=False, **SMALL)
        expected, got = dump(reference), dump(store)
        if store.is_sqlite:  # the very same text in the file
            assert raw_dump(store) == raw_dump(reference)
    finally:
        reference.dispose()
    assert expected.keys() == got.keys()
    for name in expected:
        assert got[name] == expected[name], name

    with pytest.raises(DemoAlreadyPresent):
        generate_province(store, now=NOW, **SMALL)
    with store.write() as s:  # the id sequences are past the explicit ids (PostgreSQL setval)
        s.add(Staff(work_number="NEW0001", name="新同事", role=Role.DISPATCHER, branch_id=1, phone="13800000000"))


def _cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "console", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANCH_CONSOLE_LANG="en"))


def test_the_command_line_builds_a_province_all_or_nothing(tmp_path):
    """`demo --province --branches 4 --orders N` prints its progress and the counts; killed half-way
    (SIGKILL while writing orders) the target file does not exist; then `stats` and `audit verify`
    on the finished one."""
    target = tmp_path / "province.sqlite3"
    argv = ["demo", "--province", "--branches", "4", "--now", "2026-11-26T15:00", "--db", str(target)]
    if os.name == "posix":
        proc = _cli(*argv, "--orders", "40000")
        text, deadline = "", time.monotonic() + 120
        while time.monotonic() < deadline and "Work orders: 1" not in text:
            chunk = os.read(proc.stderr.fileno(), 4096).decode("utf-8", "replace")
            if not chunk:
                break
            text += chunk
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, text
        assert not target.exists() and not Path(f"{target}-wal").exists()
    proc = _cli(*argv, "--orders", "2000")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert "Work orders: 2,000" in err.decode() and "100%" in err.decode()
    summary = json.loads(out.decode().strip().splitlines()[-1])
    assert summary["branch"] == 4 and summary["work_order"] == 2000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["province.sqlite3"]  # the killed build removed
    proc = _cli("stats", "--json", "--db", str(target))
    out, err = proc.communicate(timeout=120)
    counts = json.loads(out.decode())
    assert counts["branches"] == 4 and counts["orders"] == 2000 and counts["districts"] == summary["district"]
    proc = _cli("audit", "verify", "--db", str(target))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and "intact" in out.decode(), (out, err)
    proc = _cli("demo", "--branches", "4", "--db", str(tmp_path / "x.sqlite3"))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "--branches needs --province" in err.decode()
    assert not (tmp_path / "x.sqlite3").exists()
