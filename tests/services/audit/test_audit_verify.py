"""Tamper-evident audit (R-ACC, R-INSP) on SQLite and PostgreSQL.

The database refuses UPDATE/DELETE on audit_log through the console's own connection. An
attacker with owner rights can switch that off (`ALTER TABLE … DISABLE TRIGGER` on
PostgreSQL, `DROP TRIGGER` on SQLite) and edit a row — `owner_bypass` below does exactly
that — and `verify` still names the changed row, because it recomputes the hash chain.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.exc import DBAPIError

from console.cli import main
from console.models import AuditLog, Order
from console.services.audit import chain as audit
from console.services.audit import verify as audit_verify
from console.services.audit.verify import Anchor, verify
from console.services.orders import intake
from console.services.orders import queue as orders
from tests.factories import T0, small_branch

PG_TRIGGERS = ("audit_log_append_only", "audit_log_no_truncate")


def _sqlite_triggers() -> dict[str, str]:
    import importlib.util
    from pathlib import Path

    from console.store.migrate import MIGRATIONS

    path = next(Path(MIGRATIONS, "versions").glob("*_audit_append_only.py"))
    spec = importlib.util.spec_from_file_location("audit_append_only", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SQLITE_TRIGGERS


@contextmanager
def owner_bypass(store):
    """What an attacker with owner rights does: switch the append-only triggers off, edit
    the table, switch them back on — one transaction, nothing else notices."""
    with store.engine.begin() as c:
        if store.is_sqlite:
            triggers = _sqlite_triggers()
            for name in triggers:
                c.exec_driver_sql(f"DROP TRIGGER {name}")
            yield c
            for name, body in triggers.items():
                c.exec_driver_sql(f"CREATE TRIGGER {name} {body}")
        else:
            for name in PG_TRIGGERS:
                c.exec_driver_sql(f"ALTER TABLE audit_log DISABLE TRIGGER {name}")
            yield c
            for name in PG_TRIGGERS:
                c.exec_driver_sql(f"ALTER TABLE audit_log ENABLE TRIGGER {name}")


def _activity(store, ids, n: int = 4) -> list[int]:
    """n intakes, each followed by an assignment: 2n audit rows, like a morning at the counter."""
    made = []
    for i in range(n):
        at = T0 + dt.timedelta(minutes=10 * i)
        res = intake.take_request(store, branch_id=ids["nc"], customer_id=None, district_id=ids["district"],
                                  kind="general_fault", channel="hotline", description=f"无信号 {i}",
                                  actor_id=ids["dispatcher"], now=at)
        orders.assign(store, res.order_id, expected_version=1, assignee_id=ids["m1"], actor_id=ids["dispatcher"],
                      now=at + dt.timedelta(minutes=1))
        made.append(res.order_id)
    return made


@pytest.fixture
def ids(store):
    out = small_branch(store)
    with store.read() as s:
        out["district"] = s.scalar(select(Order.district_id).where(Order.id == out["open_nc"][0]))
    return out


def _audit_ids(store) -> list[int]:
    with store.read() as s:
        return list(s.scalars(select(AuditLog.id).order_by(AuditLog.id)))


def _raw_after(c, store, row_id: int) -> str:
    cast = "after" if store.is_sqlite else "after::text"
    return c.execute(text(f"SELECT {cast} FROM audit_log WHERE id = :i"), {"i": row_id}).scalar()


def _flip_one_digit(raw: str) -> str:
    """Change one byte: the last digit of the last number in the JSON text (stays valid JSON)."""
    i = max(k for k, ch in enumerate(raw) if ch.isdigit())
    return raw[:i] + str((int(raw[i]) + 1) % 10) + raw[i + 1:]


def test_untouched_log_is_intact_and_streamed_in_chunks(store, ids, monkeypatch):
    _activity(store, ids, 4)
    monkeypatch.setattr(audit_verify, "CHUNK", 3)  # 8 rows over 3 chunks
    result = verify(store)
    with store.read() as s:
        last_hash = s.scalar(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1))
    assert result.ok and result.rows == 8 and result.head == last_hash
    assert result.first_broken_id is None
    assert result.line() == f"intact (8 rows, head {last_hash})"


def test_empty_log_is_intact(store):
    assert verify(store).line() == "intact (0 rows, head (empty))"


def test_one_changed_byte_in_after_is_named_even_with_triggers_off(store, ids, monkeypatch):
    _activity(store, ids, 4)
    monkeypatch.setattr(audit_verify, "CHUNK", 3)
    target = _audit_ids(store)[4]  # the middle of the log, in the second chunk
    with owner_bypass(store) as c:
        raw = _raw_after(c, store, target)
        forged = _flip_one_digit(raw)
        assert sum(a != b for a, b in zip(raw, forged)) == 1
        value = ":v" if store.is_sqlite else "CAST(:v AS json)"
        c.execute(text(f"UPDATE audit_log SET after = {value} WHERE id = :i"), {"v": forged, "i": target})
    result = verify(store)
    assert not result.ok
    assert result.first_broken_id == target
    assert result.reason.startswith("hash mismatch")
    assert result.rows == 8  # the walk goes on to the end: the one changed row is the only break
    assert [(b.row_id, b.kind) for b in result.breaks] == [(target, "changed")]
    assert result.line().startswith(f"broken at row {target}: hash mismatch")


def test_removed_row_breaks_the_next_rows_link(store, ids):
    _activity(store, ids, 3)
    rows = _audit_ids(store)
    with owner_bypass(store) as c:
        c.execute(delete(AuditLog).where(AuditLog.id == rows[2]))
    result = verify(store)
    assert not result.ok and result.first_broken_id == rows[3]
    assert "prev_hash is not the previous row's hash" in result.reason


def test_removed_newest_rows_are_caught_by_the_exported_head(store, ids, tmp_path):
    _activity(store, ids, 3)
    anchor = audit_verify.head(store)
    assert anchor.rows == 6 and anchor.head_id == _audit_ids(store)[-1]
    path = tmp_path / "head.json"
    path.write_text(anchor.to_json(), encoding="utf-8")
    with owner_bypass(store) as c:
        c.execute(delete(AuditLog).where(AuditLog.id == anchor.head_id))
    assert verify(store).ok  # a shorter chain is still a consistent chain …
    result = verify(store, anchor=Anchor.load(path))  # … but the head kept outside says otherwise
    assert not result.ok and result.first_broken_id == anchor.head_id
    assert "no longer in the chain" in result.reason


def test_update_and_delete_are_refused_through_the_consoles_connection(store, ids):
    _activity(store, ids, 2)
    before = verify(store)
    with pytest.raises(DBAPIError, match="append-only"), store.write() as s:
        row = s.scalars(select(AuditLog).order_by(AuditLog.id)).first()
        row.after = {"assignee_id": 999}
    with pytest.raises(DBAPIError, match="append-only"), store.write() as s:
        s.execute(text("UPDATE audit_log SET action = 'order.nothing' WHERE id = (SELECT MIN(id) FROM audit_log)"))
    with pytest.raises(DBAPIError, match="append-only"), store.write() as s:
        s.execute(delete(AuditLog))
    if not store.is_sqlite:
        with pytest.raises(DBAPIError, match="append-only"), store.write() as s:
            s.execute(text("TRUNCATE audit_log"))
    after = verify(store)
    assert after.ok and (after.rows, after.head) == (before.rows, before.head) == (4, before.head)
    audit_row_added = _activity(store, ids, 1)  # appending still works
    assert audit_row_added and verify(store).rows == 6


def test_db_user_is_stamped_by_the_database(store, ids):
    _activity(store, ids, 1)
    with store.read() as s:
        users = set(s.scalars(select(AuditLog.db_user)))
        me = None if store.is_sqlite else s.scalar(text("SELECT current_user"))
    assert users == {me}  # PostgreSQL: the login that inserted; SQLite has no roles: NULL
    if store.is_sqlite:
        return
    with store.write() as s:  # a forged value is overwritten by the BEFORE INSERT trigger
        rid = audit.record(s, actor_id=ids["dispatcher"], action="test.forged", entity="x", entity_id=1,
                           branch_id=ids["nc"], after={"n": 1}, at=T0)
    with store.engine.begin() as c:
        c.execute(text("INSERT INTO audit_log (at, action, entity, prev_hash, hash, db_user) "
                       "VALUES (now(), 'raw', 'x', '', '', 'mallory')"))
        raw_user = c.execute(text("SELECT db_user FROM audit_log WHERE action = 'raw'")).scalar()
    with store.read() as s:
        assert s.get(AuditLog, rid).db_user == me
    assert raw_user == me


def test_postgresql_clerk_role_cannot_change_or_unprotect_the_log(store, ids):
    """A non-owner role: under SET ROLE its rows still carry the login that wrote them (the
    session's, which SET ROLE does not change), it cannot UPDATE (no privilege, and the trigger
    besides), nor disable the trigger."""
    if store.is_sqlite:
        pytest.skip("PostgreSQL roles")
    _activity(store, ids, 1)
    role = f"clerk_{uuid.uuid4().hex[:8]}"
    with store.engine.begin() as c:
        c.exec_driver_sql(f"CREATE ROLE {role}")
        c.exec_driver_sql(f"GRANT SELECT, INSERT ON audit_log TO {role}")
        c.exec_driver_sql(f"GRANT USAGE ON SEQUENCE audit_log_id_seq TO {role}")
        c.exec_driver_sql(f"GRANT SELECT ON branch, staff TO {role}")
    try:
        with store.engine.begin() as c:
            c.exec_driver_sql(f"SET LOCAL ROLE {role}")
            c.execute(text("INSERT INTO audit_log (at, action, entity, prev_hash, hash) "
                           "VALUES (now(), 'clerk.raw', 'x', '', '')"))
            login = c.execute(text("SELECT session_user")).scalar()
            assert c.execute(text("SELECT db_user FROM audit_log WHERE action = 'clerk.raw'")).scalar() == login != role
        for statement in ("UPDATE audit_log SET action = 'x'", "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"):
            with pytest.raises(DBAPIError, match="permission denied|must be owner"), store.engine.begin() as c:
                c.exec_driver_sql(f"SET LOCAL ROLE {role}")
                c.exec_driver_sql(statement)
    finally:
        with store.engine.begin() as c:
            c.exec_driver_sql(f"DROP OWNED BY {role}")
            c.exec_driver_sql(f"DROP ROLE {role}")


def test_sqlite_row_that_cannot_be_decoded_is_named(store, ids, monkeypatch):
    if not store.is_sqlite:
        pytest.skip("PostgreSQL's json type refuses malformed JSON on write")
    _activity(store, ids, 3)
    monkeypatch.setattr(audit_verify, "CHUNK", 4)
    target = _audit_ids(store)[5]
    with owner_bypass(store) as c:
        c.execute(text("UPDATE audit_log SET after = '{\"broken' WHERE id = :i"), {"i": target})
    result = verify(store)
    assert not result.ok and result.first_broken_id == target
    assert "cannot be read" in result.reason
    assert result.rows == len(_audit_ids(store))  # the walk goes on: the rows after it are checked too


def test_cli_verify_and_head(store, ids, db_url, tmp_path, capsys):
    _activity(store, ids, 2)
    out = tmp_path / "head.json"
    assert main(["audit", "head", "--db", db_url, "--out", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    printed = json.loads(capsys.readouterr().out)
    assert printed == exported
    assert exported["rows"] == 4 and len(exported["head"]) == 64
    assert dt.datetime.fromisoformat(exported["exported_at"]).utcoffset() == dt.timedelta(0)
    assert main(["audit", "verify", "--db", db_url, "--head", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"intact (4 rows, head {exported['head']}); 1 recorded head still in the chain"
    target = _audit_ids(store)[1]
    with owner_bypass(store) as c:
        raw = _raw_after(c, store, target)
        value = ":v" if store.is_sqlite else "CAST(:v AS json)"
        c.execute(text(f"UPDATE audit_log SET after = {value} WHERE id = :i"), {"v": _flip_one_digit(raw), "i": target})
    assert main(["audit", "verify", "--db", db_url]) == 1
    assert capsys.readouterr().out.startswith(f"broken at row {target}: hash mismatch")



def _rechain_from(c, store, first_id: int, forged_after: dict) -> None:
    """What a careful forger does: change one row and recompute every hash after it, so the
    chain is consistent again (a plain verify passes); only heads kept outside can tell."""
    rows = c.execute(select(*audit_verify._COLUMNS).where(AuditLog.id >= first_id).order_by(AuditLog.id)).all()
    prev = c.execute(select(AuditLog.prev_hash).where(AuditLog.id == first_id)).scalar()
    value = ":a" if store.is_sqlite else "CAST(:a AS json)"
    for r in rows:
        after = forged_after if r.id == first_id else r.after
        digest = audit.row_digest(prev, audit.chained_content(
            branch_id=r.branch_id, at=r.at, actor_id=r.actor_id, action=r.action, entity=r.entity,
            entity_id=r.entity_id, before=r.before, after=after))
        c.execute(text(f"UPDATE audit_log SET after = {value}, prev_hash = :p, hash = :h WHERE id = :i"),
                  {"a": json.dumps(after), "p": prev, "h": digest, "i": r.id})
        prev = digest


def test_a_daily_ledger_of_heads_catches_a_recomputed_chain(store, ids, db_url, tmp_path, capsys):
    ledger = tmp_path / "audit-heads.jsonl"
    for _day in range(3):  # what a daily cron line leaves: one JSON line per run
        _activity(store, ids, 1)
        assert main(["audit", "head", "--db", db_url, "--append", str(ledger)]) == 0
    lines = ledger.read_text(encoding="utf-8").splitlines()
    heads = [json.loads(line) for line in lines]
    assert [h["rows"] for h in heads] == [2, 4, 6]
    capsys.readouterr()
    assert main(["audit", "verify", "--db", db_url, "--ledger", str(ledger)]) == 0
    assert capsys.readouterr().out.strip() == (f"intact (6 rows, head {heads[2]['head']}); "
                                               "3 recorded heads still in the chain")
    target = _audit_ids(store)[2]  # day 2's first row: days 2 and 3 were rewritten
    with owner_bypass(store) as c:
        _rechain_from(c, store, target, {"assignee_id": 999})
    assert verify(store).ok  # the forged chain is consistent in itself …
    assert main(["audit", "verify", "--db", db_url, "--ledger", str(ledger)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"broken at row {heads[1]['head_id']}: the head exported at {heads[1]['exported_at']} "
                          f"was {heads[1]['head']}")  # … but day 2's recorded head is not in it


def test_a_ledger_names_removed_newest_rows_and_a_bad_line(store, ids, db_url, tmp_path, capsys):
    ledger = tmp_path / "audit-heads.jsonl"
    _activity(store, ids, 2)
    assert main(["audit", "head", "--db", db_url, "--append", str(ledger)]) == 0
    last = audit_verify.load_ledger(ledger)[-1]
    with owner_bypass(store) as c:
        c.execute(delete(AuditLog).where(AuditLog.id == last.head_id))
    result = verify(store, anchors=audit_verify.load_ledger(ledger))
    assert not result.ok and result.first_broken_id == last.head_id and "no longer in the chain" in result.reason
    with ledger.open("a", encoding="utf-8") as fh:
        fh.write('{"rows": 3, "head": "abc"\n')
    capsys.readouterr()
    assert main(["audit", "verify", "--db", db_url, "--ledger", str(ledger)]) == 2
    assert "line 2 of the audit head ledger" in capsys.readouterr().err


def test_every_broken_row_is_reported_with_its_kind(store, ids, capsys, db_url):
    """Two rows edited, one removed further on: three breaks, each named with its kind, and
    the rows between them are not reported (the walk chains on from each stored hash)."""
    _activity(store, ids, 6)
    rows = _audit_ids(store)
    assert len(rows) >= 8
    with owner_bypass(store) as c:
        c.execute(text("UPDATE audit_log SET action = 'order.forged' WHERE id = :i"), {"i": rows[1]})
        c.execute(text("UPDATE audit_log SET entity_id = 999 WHERE id = :i"), {"i": rows[3]})
        c.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": rows[5]})
    result = verify(store)
    assert not result.ok and result.first_broken_id == rows[1]
    assert [(b.row_id, b.kind) for b in result.breaks] == [(rows[1], "changed"), (rows[3], "changed"),
                                                           (rows[6], "relinked")]
    assert dict(result.counts) == {"changed": 2, "relinked": 1}
    assert "3 broken rows (2 changed, 1 relinked)" in result.line()
    from console import cli

    assert cli.main(["audit", "verify", "--db", db_url]) == 1
    out = capsys.readouterr().out
    assert f"row {rows[3]}: changed" in out and f"row {rows[6]}: relinked" in out


# ---- a daily verify reads only the new rows (incremental from the head verified before) ------------------
def test_a_verify_after_a_verified_head_reads_only_the_new_rows(store, ids):
    _activity(store, ids, 3)
    before = verify(store)
    head = before.anchor(store.display_url)
    _activity(store, ids, 2)  # a day's work: 4 new rows
    daily, full = verify(store, since=head), verify(store)
    assert daily.ok and daily.read == 4 and full.read == daily.rows == full.rows == before.rows + 4
    assert (daily.head, daily.head_id) == (full.head, full.head_id)
    assert "the 4 rows after the head verified at" in str(daily.line())
    nothing_new = verify(store, since=daily.anchor(store.display_url))
    assert nothing_new.ok and nothing_new.read == 0 and nothing_new.head == full.head


def test_a_changed_new_row_and_a_rewritten_head_are_caught_by_the_daily_verify(store, ids):
    _activity(store, ids, 3)
    head = verify(store).anchor(store.display_url)
    _activity(store, ids, 2)
    rows = _audit_ids(store)
    changed = rows[-2]
    with owner_bypass(store) as c:
        raw = _raw_after(c, store, changed)
        value = ":v" if store.is_sqlite else "CAST(:v AS json)"
        c.execute(text(f"UPDATE audit_log SET after = {value} WHERE id = :i"), {"v": _flip_one_digit(raw), "i": changed})
    daily = verify(store, since=head)
    assert not daily.ok and daily.first_broken_id == changed and daily.read == 4
    with owner_bypass(store) as c:  # the verified head's row itself rewritten
        c.execute(text("UPDATE audit_log SET hash = :h WHERE id = :i"), {"h": "0" * 64, "i": head.head_id})
    daily = verify(store, since=head)
    assert not daily.ok and daily.first_broken_id == head.head_id and daily.breaks[0].kind == "anchor"


def test_rows_removed_before_the_verified_head_are_caught_by_the_daily_verify(store, ids):
    _activity(store, ids, 3)
    head = verify(store).anchor(store.display_url)
    with owner_bypass(store) as c:
        c.execute(delete(AuditLog).where(AuditLog.id == _audit_ids(store)[1]))
    daily = verify(store, since=head)
    assert not daily.ok and daily.breaks[0].kind == "anchor" and "removed or inserted" in str(daily.reason)


def test_cli_daily_verify_keeps_the_verified_head_in_its_file(store, ids, db_url, tmp_path, capsys):
    kept = tmp_path / "verified-head.json"
    _activity(store, ids, 2)
    assert main(["audit", "verify", "--db", db_url, "--verified-head", str(kept)]) == 0  # no file yet: every row
    first = Anchor.load(kept)
    assert first.rows == 4 and capsys.readouterr().out.startswith("intact (4 rows")
    _activity(store, ids, 1)
    assert main(["audit", "verify", "--db", db_url, "--verified-head", str(kept)]) == 0
    out = capsys.readouterr().out
    assert "the 2 rows after the head verified at" in out and Anchor.load(kept).rows == 6
    _activity(store, ids, 1)
    target = _audit_ids(store)[-2]  # one of the new rows, edited before the next daily run
    with owner_bypass(store) as c:
        raw = _raw_after(c, store, target)
        value = ":v" if store.is_sqlite else "CAST(:v AS json)"
        c.execute(text(f"UPDATE audit_log SET after = {value} WHERE id = :i"), {"v": _flip_one_digit(raw), "i": target})
    assert main(["audit", "verify", "--db", db_url, "--verified-head", str(kept)]) == 1
    assert capsys.readouterr().out.startswith(f"broken at row {target}")
    assert Anchor.load(kept).rows == 6  # a broken chain does not move the verified head
    kept.write_text("{not json", encoding="utf-8")
    assert main(["audit", "verify", "--db", db_url, "--verified-head", str(kept)]) != 0
    assert "verified-head.json" in capsys.readouterr().err
