"""Every workbook a leader gets is in its one language: exported with lang="zh_CN", no cell (nor
sheet name, header/footer or pick-list) holds an internal code — a metric key (complaint_rate), an
order event (first_response), a severity (critical), a status (open), an order kind (general_fault)
or "*" for every branch — the reason chain's events included."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook

from console.models import OrderEvent
from console.rules import metrics as M
from console.rules.escalation import _overdue
from console.services.exports.workbooks import export, export_assessment_year
from console.services.supervision import inspections as I
from console.vocabulary import EventType, FindingStatus, OrderKind, OrderStatus, Role, Severity
from tests.factories import make_order, make_staff
from tests.services.assessment.test_assessment import NOV, NOW, cst
from tests.services.assessment.test_assessment import month as _month  # noqa: F401 - the hand-built month

OVERDUE = dt.datetime(2026, 11, 16, 6)
CODES = ({m for m in M.METRICS} | {e.value for e in EventType} | {e.value.replace("_", " ") for e in EventType}
         | {s.value for s in Severity} | {s.value for s in FindingStatus} | {s.value for s in OrderStatus}
         | {k.value for k in OrderKind} | set(M.TIMED_KINDS))


def raw_codes(text: str) -> set[str]:
    """The internal codes `text` holds as words, and "*" (every branch as a wildcard)."""
    found = {c for c in CODES if re.search(rf"(?<![A-Za-z_]){re.escape(c)}(?![A-Za-z_])", text)}
    return found | ({"*"} if "*" in text else set())


def texts(path) -> list[tuple[str, str]]:
    """(where, text) of every text a reader of the workbook sees."""
    wb = load_workbook(path)
    out = []
    for ws in wb:
        out.append((f"sheet name {ws.title}", ws.title))
        for row in ws.iter_rows():
            out += [(f"{ws.title}!{c.coordinate}", c.value) for c in row if isinstance(c.value, str)]
        for part in (ws.oddHeader, ws.oddFooter):
            for side in (part.left, part.center, part.right):
                if side.text:
                    out.append((f"{ws.title} header/footer", side.text))
        out += [(f"{ws.title} pick-list", dv.formula1 or "") for dv in ws.data_validations.dataValidation]
    return out


def assert_no_codes(path) -> None:
    found = [(where, text, raw_codes(text)) for where, text in texts(path) if raw_codes(text)]
    assert not found, found


@pytest.fixture
def month(_month, store):  # noqa: F811 - the hand-built November, with a breach of every chain event
    with store.write() as s:
        from console.models import Branch, District, Staff

        d1 = s.get(District, _month["d1"])
        who = s.get(Staff, _month["m1"])
        g = make_order(s, d1, None, who, "G", OrderKind.GENERAL_FAULT, cst(14, 9), OrderStatus.COMPLETED)
        steps = [(EventType.MATERIALS_MISSING, cst(14, 9.1), {"missing": ["身份证"]}),
                 (EventType.MATERIALS_COMPLETE, cst(14, 10), {}),
                 (EventType.ASSIGNED, cst(14, 10.5), {"assignee_id": who.id}),
                 (EventType.VISIT_BOOKED, cst(14, 11), {}),
                 (EventType.FIRST_RESPONSE, cst(14, 11.5), {}),
                 (EventType.PAUSED, cst(14, 12), {"reason": "等待备件"}),
                 (EventType.RESUMED, cst(15, 12), {}),
                 (EventType.EXTENSION_REQUESTED, cst(15, 14), {"clock": "resolve", "reason": "光缆中断"}),
                 (EventType.EXTENSION_REJECTED, cst(15, 15), {"clock": "resolve", "reason": "理由不足"}),
                 (EventType.RECLASSIFIED, cst(15, 16), {"from_kind": "general_fault", "to_kind": "general_fault"}),
                 (EventType.ESCALATED, cst(16, 9), {"reason": str(_overdue("R-TIME-1", 3.0, OVERDUE))}),
                 (EventType.COMPLETED, cst(18, 9), {"resolution": "已修复"})]
        for typ, at, payload in steps:
            s.add(OrderEvent(branch_id=g.branch_id, order_id=g.id, type=typ, at=at, actor_id=who.id, payload=payload))
        g.completed_at = cst(18, 9)
        for n, kind in enumerate((OrderKind.MAJOR_FAULT, OrderKind.INSTALLATION, OrderKind.RESTORATION,
                                  OrderKind.INQUIRY, OrderKind.BUSINESS)):
            o = make_order(s, d1, None, who, f"K{n}", kind, cst(20, 9), OrderStatus.COMPLETED)
            s.add(OrderEvent(branch_id=o.branch_id, order_id=o.id, type=EventType.COMPLETED, at=cst(22, 9),
                             actor_id=who.id, payload={"resolution": "ok"}))
            o.completed_at = cst(22, 9)
        insp = make_staff(s, None, "P001", "刘瑶", Role.INSPECTOR).id
        manager = make_staff(s, s.get(Branch, d1.branch_id), "NC800", "孙丽", Role.MANAGER).id
        s.flush()
    day = dt.date(2026, 11, 20)
    items = [I.FindingInput("R-DISC-6", "缺员工照片", "minor", "营业厅", day + dt.timedelta(days=5)),
             I.FindingInput("R-TIME-1", "一般故障超时", "serious", "维护部", day + dt.timedelta(days=30)),
             I.FindingInput("R-DISC-2", "未标监督电话", "critical", "营业厅", day + dt.timedelta(days=9))]
    I.record_inspection(store, branch_id=_month["nc"], day=day, inspectors="刘瑶", scope="营业厅检查",
                        actor_id=insp, findings=items, now=NOW - dt.timedelta(days=15))
    rows = {r.severity: r.id for r in I.findings(store, branch_id=_month["nc"])}
    I.set_status(store, rows["serious"], "rectifying", actor_id=manager, now=NOW - dt.timedelta(days=10))
    I.set_status(store, rows["critical"], "rectifying", actor_id=manager, now=NOW - dt.timedelta(days=10))
    I.set_status(store, rows["critical"], "closed", actor_id=insp, now=NOW - dt.timedelta(days=9))
    return _month


def test_the_scan_finds_what_it_looks_for():
    assert raw_codes("投诉率 complaint_rate") == {"complaint_rate"}
    assert raw_codes("11-14 09:06 first_response → critical") == {"first_response", "critical"}
    assert raw_codes("分公司: *") == {"*"} and raw_codes("R-TIME-1 一般故障 丁羽 (NC0022)") == set()


def test_the_findings_workbook_in_chinese_holds_no_code(store, month, tmp_path):
    out = tmp_path / "findings.xlsx"
    result = export(store, "findings", out, month=NOV, lang="zh_CN", now=NOW)
    assert result.rows == {"sheet.findings": 3}
    cells = {t for _, t in texts(out)}
    assert {"一般", "严重", "重大", "待整改", "整改中", "已验证关闭"} <= cells  # every severity and status, in words
    assert_no_codes(out)


def test_the_time_limit_workbook_in_chinese_says_every_event_of_the_reason_chain_in_words(store, month, tmp_path):
    out = tmp_path / "sla.xlsx"
    export(store, "sla", out, month=NOV, lang="zh_CN", now=NOW)  # every branch
    wb = load_workbook(out)
    breaches = {r[0]: r for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    chain = breaches["G"][11]
    for word in ("受理", "登记缺件", "材料补齐", "派单", "首次响应", "暂停计时", "恢复计时", "申请延期", "驳回延期",
                 "变更工单类型", "升级督办", "办结"):
        assert word in chain, (word, chain)
    assert_no_codes(out)


@pytest.mark.parametrize("which", ["month", "year"])
def test_the_assessment_workbooks_in_chinese_hold_no_code(store, month, tmp_path, which):
    out = tmp_path / f"assessment-{which}.xlsx"
    if which == "month":
        export(store, "assessment", out, month=NOV, lang="zh_CN", now=NOW)
    else:
        export_assessment_year(store, out, year=2026, lang="zh_CN", now=NOW)
    assert_no_codes(out)  # the definitions sheet included: each metric by its name, not complaint_rate


def test_an_empty_workbook_for_every_branch_says_so_in_words(store, tmp_path):
    out = tmp_path / "empty.xlsx"
    result = export(store, "sla", out, month=dt.date(2026, 5, 1), lang="zh_CN", now=NOW)
    assert result.empty
    said = [t for _, t in texts(out)]
    assert any("全部分公司" in t and "2026-05" in t for t in said), said  # the scope, in words
    assert not [t for t in said if "every branch" in t], said
    assert_no_codes(out)
