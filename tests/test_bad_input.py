"""Hostile or broken input, on SQLite and PostgreSQL: each is refused with a message that names
the problem (and the row and column of a file), and NOTHING is written — no row in any table, no
order changed, no audit row. Without these checks each case was a traceback, a database error on
PostgreSQL, or junk silently stored on SQLite (docs/security.md, "Bad input").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from console.cli import main
from console.errors import StoreError
from console.models import Base, Callback, Order
from console.services.callbacks import workbench as callbacks
from console.services.imports import run_import
from console.services.orders import actions as act
from console.services.orders import queue
from console.vocabulary import Role
from tests.factories import T0, add_person, small_branch, square

H = dt.timedelta(hours=1)
YEAR = dt.timedelta(days=365)
CUSTOMER_HEADER = ["账号", "姓名", "电话", "地址", "片区", "开户日期", "到期日期"]
DISTRICT_HEADER = ["code", "name", "area_type", "households", "service_phone", "supervision_phone", "geojson"]


@dataclass
class Env:
    store: object
    ids: dict
    tmp_path: object
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture


def _customers(n: int = 3) -> list[list[str]]:
    return [[f"C{i:07d}", f"王{i}", f"1390791{i:04d}", f"红谷滩区丰和大道{i}号", "八一社区", "2024-01-01", "2027-01-01"]
            for i in range(n)]


def _districts(n: int = 3) -> list[list]:
    return [[f"NC-N{i}", f"新区{i}", "urban", "4500", "0791-2000000", "0791-3000000", square(116.0 + 0.02 * i, 28.7)]
            for i in range(n)]


def _csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue()


def _import(env: Env, kind: str, name: str, data: bytes) -> str:
    path = env.tmp_path / name
    path.write_bytes(data)
    report = run_import(env.store, kind, path, branch_id=env.ids["nc"], actor_id=env.ids["admin"])
    assert not report.ok and report.imported == 0
    return "\n".join(f"{p.where()}: {p.text}" for p in report.errors)


def _refused(fn: Callable, *args, **kwargs) -> str:
    with pytest.raises(StoreError) as exc:
        fn(*args, **kwargs)
    return str(exc.value)


def _version(env: Env, oid: int) -> int:
    return _version_in(env.store, oid)


def _version_in(store, oid: int) -> int:
    with store.read() as s:
        return s.get(Order, oid).version


# ---- the cases ------------------------------------------------------------------------------------

def csv_cell_over_the_csv_limit(env: Env) -> str:
    rows = _customers()
    rows[1][3] = "长" * 200_000  # Python's csv stops at 131,072 characters per field
    return _import(env, "customers", "customers.csv", _csv_text(CUSTOMER_HEADER, rows).encode("utf-8"))


def deeply_nested_geojson(env: Env) -> str:
    rows = _districts()
    rows[0][6] = "[" * 50_000 + "]" * 50_000  # json.loads: RecursionError
    return _import(env, "districts", "districts.csv", _csv_text(DISTRICT_HEADER, rows).encode("utf-8"))


def households_of_ten_to_the_twenty(env: Env) -> str:
    rows = _districts()
    rows[1][3] = str(10 ** 20)  # PostgreSQL: integer out of range; SQLite stored it
    return _import(env, "districts", "districts.csv", _csv_text(DISTRICT_HEADER, rows).encode("utf-8"))


def nul_in_a_utf16_csv(env: Env) -> str:
    rows = _customers()
    rows[0][1] = "王\x00芳"  # PostgreSQL: DataError (NUL in text); SQLite stored it
    return _import(env, "customers", "customers.csv", _csv_text(CUSTOMER_HEADER, rows).encode("utf-16"))


def add_user_without_a_terminal(env: Env) -> str:
    env.monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # cron, a pipe: getpass has no terminal
    code = main(["admin", "add-user", "--db", env.store.url, "--work-number", "NC0500", "--name", "孙丽",
                 "--role", "dispatcher", "--branch", "NC"])
    err = env.capsys.readouterr().err
    assert code != 0
    return err


def reason_of_five_megabytes(env: Env) -> str:
    oid = env.ids["open_nc"][0]
    return _refused(act.pause, env.store, oid, expected_version=_version(env, oid), actor_id=env.ids["dispatcher"],
                    reason="等" * 5_000_000, now=T0 + H)


def extension_reason_of_five_megabytes(env: Env) -> str:
    oid = env.ids["open_nc"][0]
    return _refused(act.request_extension, env.store, oid, expected_version=_version(env, oid),
                    actor_id=env.ids["dispatcher"], new_due=T0 + 48 * H, reason="x" * 5_000_000, now=T0 + H)


def reassignment_reason_of_five_megabytes(env: Env) -> str:
    oid = env.ids["open_nc"][0]
    return _refused(queue.assign, env.store, oid, expected_version=_version(env, oid), assignee_id=env.ids["m2"],
                    actor_id=env.ids["dispatcher"], reason="转" * 5_000_000, now=T0 + H)


def callback_comment_of_five_megabytes(env: Env) -> str:
    return _refused(callbacks.record_reached, env.store, env.ids["callback"], actor_id=env.ids["dispatcher"],
                    satisfaction=2, solved=False, comment="还是没有信号" * 1_000_000, now=T0 + 5 * H)


def visit_window_of_thirty_years(env: Env) -> str:
    oid = env.ids["open_nc"][0]
    return _refused(act.book_visit, env.store, oid, expected_version=_version(env, oid),
                    actor_id=env.ids["dispatcher"], start=T0 + 2 * H, end=T0 + 30 * YEAR, now=T0)


def visit_window_years_ago(env: Env) -> str:
    oid = env.ids["open_nc"][0]
    return _refused(act.book_visit, env.store, oid, expected_version=_version(env, oid),
                    actor_id=env.ids["dispatcher"], start=T0 - 3 * YEAR, end=T0 - 3 * YEAR + 2 * H, now=T0)


def arrival_years_ahead(env: Env) -> str:
    oid = env.ids["visited"]
    return _refused(act.record_arrival, env.store, oid, expected_version=_version(env, oid), actor_id=env.ids["m1"],
                    at=T0 + 3 * YEAR, now=T0 + 3 * H)


def arrival_before_the_order_was_received(env: Env) -> str:
    oid = env.ids["visited"]
    return _refused(act.record_arrival, env.store, oid, expected_version=_version(env, oid), actor_id=env.ids["m1"],
                    at=T0 - 2 * H, now=T0 + 3 * H)


CASES = [
    (csv_cell_over_the_csv_limit, r"row 3: a cell is longer than 131,072 characters"),
    (deeply_nested_geojson, r"row 2 › G geojson: the boundary is nested more than 16 levels deep"),
    (households_of_ten_to_the_twenty, r"row 3 › D households: 100,000,000,000,000,000,000 is more than 1,000,000"),
    (nul_in_a_utf16_csv, r"row 2 › B 姓名: the cell contains a control character \(U\+0000, character 2\)"),
    (add_user_without_a_terminal, r"no terminal to ask the password on: run the command in a terminal, or pass "
                                  r"the password with --password-stdin .* or --password-env VAR"),
    (reason_of_five_megabytes, r"a reason for the pause is too long: 5,000,000 characters, at most 2,000"),
    (extension_reason_of_five_megabytes,
     r"a reason for the extension is too long: 5,000,000 characters, at most 2,000"),
    (reassignment_reason_of_five_megabytes,
     r"the reason for the reassignment is too long: 5,000,000 characters, at most 2,000"),
    (callback_comment_of_five_megabytes, r"the callback comment is too long: 6,000,000 characters, at most 2,000"),
    (visit_window_of_thirty_years, r"the visit window ends on 2056-.*, more than 31 days ahead"),
    (visit_window_years_ago, r"the visit window starts on 2023-.*, more than a day ago"),
    (arrival_years_ahead, r"the arrival time 2029-.* is in the future"),
    (arrival_before_the_order_was_received, r"the arrival time 2026-11-20 08:00 is before order NC-0001 was received"),
]


@pytest.fixture
def env(store, tmp_path, monkeypatch, capsys) -> Env:
    ids = small_branch(store)
    ids["admin"] = add_person(store, Role.ADMIN, ids["nc"], "AD001", "赵敏")  # imports are an admin's right
    for oid in ids["open_nc"]:  # the maintainer m1 works both open orders
        queue.assign(store, oid, expected_version=_version_in(store, oid), assignee_id=ids["m1"],
                     actor_id=ids["dispatcher"], now=T0)
    oid = ids["open_nc"][0]
    ids["visited"] = oid  # booked for T0 + 2 h .. T0 + 4 h (R-PROM-7)
    act.book_visit(store, oid, expected_version=_version_in(store, oid), actor_id=ids["dispatcher"],
                   start=T0 + 2 * H, end=T0 + 4 * H, now=T0)
    done = ids["open_nc"][1]  # completed: its callback is open (R-VISIT-1)
    act.complete(store, done, expected_version=_version_in(store, done), actor_id=ids["m1"], resolution="更换分配器",
                 now=T0 + 2 * H)
    with store.read() as s:
        ids["callback"] = s.scalar(select(Callback.id).where(Callback.order_id == done))
    return Env(store, ids, tmp_path, monkeypatch, capsys)


def _everything(store) -> dict:
    """Every table's row count and every order's version: what 'nothing was written' compares."""
    with store.read() as s:
        counts = {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
        versions = s.execute(select(Order.id, Order.version).order_by(Order.id)).all()
    return {"counts": counts, "versions": [tuple(v) for v in versions]}


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_is_refused_by_name_and_nothing_is_written(env, case, expected):
    before = _everything(env.store)
    message = case(env)
    assert re.search(expected, message), message[:2000]
    assert "Traceback" not in message
    assert _everything(env.store) == before
