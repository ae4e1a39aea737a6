"""Demo supervision: inspections and findings (R-INSP), accountability (R-ACC), training (R-TRAIN)."""

from __future__ import annotations

import datetime as dt

from console.demo.world import World, cst_datetime
from console.vocabulary import FindingStatus, Role, Severity

# family, rule id, description, severity, responsible unit
FINDINGS = (
    ("R-DISC", "R-DISC-6", "营业厅公示栏缺少3名新员工的照片和工号", Severity.MINOR, "营业厅"),
    ("R-DISC", "R-DISC-3", "收费标准公示为旧版，未更新2026年资费", Severity.SERIOUS, "营业厅"),
    ("R-DISC", "R-DISC-2", "公示栏未标明监督电话", Severity.MINOR, "营业厅"),
    ("R-FIRST", "R-FIRST-2", "抽查10张装机工单，2张未一次性告知所缺材料", Severity.SERIOUS, "客服中心"),
    ("R-FIRST", "R-FIRST-4", "重大故障未立即报告分管领导", Severity.CRITICAL, "网络维护部"),
    ("R-ZONE", "R-ZONE-2", "2个片区未公布片区服务电话", Severity.MINOR, "网络维护部"),
    ("R-ZONE", "R-ZONE-1", "片区维护员负荷超过定额120%未调整", Severity.SERIOUS, "网络维护部"),
    ("R-TIME", "R-TIME-1", "一般故障24小时修复率低于考核目标", Severity.SERIOUS, "网络维护部"),
    ("R-TIME", "R-TIME-7", "投诉4小时首次响应有超时记录", Severity.SERIOUS, "客服中心"),
    ("R-VISIT", "R-VISIT-1", "维修工单72小时回访率未达到100%", Severity.SERIOUS, "客服中心"),
    ("R-VISIT", "R-VISIT-5", "重点客户回访计划有逾期未执行", Severity.MINOR, "市场部"),
    ("R-TRAIN", "R-TRAIN", "新入职员工未参加岗前培训即上岗", Severity.SERIOUS, "综合办公室"),
    ("R-PROM", "R-PROM-5", "线路维护未提前24小时通知用户", Severity.CRITICAL, "网络维护部"),
    ("R-PROM", "R-PROM-7", "维修人员上门未出示工作证", Severity.MINOR, "网络维护部"),
    ("R-ACC", "R-ACC-S", "问责决定前未记录当事人陈述", Severity.SERIOUS, "综合办公室"),
)
SCOPES = ("营业厅服务规范与公示检查", "工单时限与回访专项检查", "片区承包与服务承诺落实情况检查",
          "培训与持证上岗情况检查", "年度服务质量综合督查")


PLAN = ((1, 300), (2, 240), (1, 170), (1, 95), (2, 40), (1, 12))  # the demo's (branch id, days ago)


def inspection_rows(world: World, plan=PLAN) -> tuple[list[dict], list[dict]]:
    """Inspections over the year (`plan`: branch id, days ago; the demo's six by default); older
    findings closed, some open past their deadline."""
    rng = world.rng("inspections")
    today = world.today
    inspections, findings = [], []
    for k, (branch_id, ago) in enumerate(plan):
        branch = world.branches[branch_id - 1]
        day = today - dt.timedelta(days=ago)
        team = [rng.choice(world.provincial_inspectors)] if k % 2 == 0 else []
        team += branch.inspectors[:1]
        iid = k + 1
        inspections.append({
            "id": iid, "branch_id": branch_id, "day": day,
            "inspectors": "、".join(world.staff_names[s] for s in team), "scope": SCOPES[k % len(SCOPES)],
            "created_by_id": team[0],
        })
        for family, rule_id, text, severity, unit in rng.sample(FINDINGS, rng.randint(3, 5)):
            deadline = day + dt.timedelta(days=15 if severity is Severity.CRITICAL else 30)
            if ago > 150:
                status = FindingStatus.CLOSED
            elif ago > 60:
                status = rng.choice((FindingStatus.CLOSED, FindingStatus.RECTIFYING, FindingStatus.OPEN))
            else:
                status = rng.choice((FindingStatus.OPEN, FindingStatus.RECTIFYING))
            status_day = day if status is FindingStatus.OPEN else min(today, deadline - dt.timedelta(days=rng.randint(-6, 10)))
            person = rng.choice(branch.managers + branch.maintainers[:3])
            findings.append({
                "id": len(findings) + 1, "branch_id": branch_id, "inspection_id": iid, "rule_family": family,
                "rule_id": rule_id, "description": text, "severity": severity, "responsible_unit": unit,
                "responsible_person_id": person, "deadline": deadline, "status": status,
                "status_at": cst_datetime(max(day, status_day), rng.uniform(9, 17)),
                "status_by_id": team[0] if status is not FindingStatus.RECTIFYING else person,
                "evidence": [f"检查照片_{iid:02d}_{len(findings) + 1:03d}.jpg"] + (
                    ["整改报告.pdf"] if status is FindingStatus.CLOSED else []),
            })
    return inspections, findings


CASES = (
    # statement, declined, aggravating, mitigating, outcome
    ("当天同时处理两起重大故障，人手不足导致超时。", False, [], [], "warning"),
    ("已向用户当面道歉，用户表示谅解。", False, [], ["R-ACC-L: 已道歉并取得客户谅解"], "exempt"),
    ("", True, ["R-ACC-H: 一年内两次以上可追责行为"], [], "excellence_revoked"),
    ("备件缺货，已提出延期但未获批准。", False, [], ["R-ACC-L: 已及时纠正，未造成损失扩大"], None),
    ("", False, [], [], None),
)


def accountability_rows(world: World, late_orders: list[tuple[int, int, int, dt.datetime]],
                        findings: list[dict]) -> list[dict]:
    """R-ACC cases for late orders (R-TIME-11) and one finding; statements heard first (R-ACC-S)."""
    rng = world.rng("accountability")
    rows = []
    sources = [("order", o) for o in late_orders[: len(CASES) - 1]]
    serious = [f for f in findings if f["severity"] is not Severity.MINOR and f["responsible_person_id"]]
    if serious:
        sources.append(("finding", serious[0]))
    for k, (src, item) in enumerate(sources):
        statement, declined, aggravating, mitigating, outcome = CASES[k % len(CASES)]
        if src == "order":
            order_id, branch_id, person, when = item
            finding_id, grounds = None, "R-TIME-11：工单超出时限未办结，且无客户原因（R-TIME-8）或批准的延期（R-TIME-10）"
        else:
            order_id, finding_id, branch_id = None, item["id"], item["branch_id"]
            person, when = item["responsible_person_id"], item["status_at"]
            grounds = f"督查发现问题（{item['rule_id']}）：{item['description']}"
        branch = world.branches[branch_id - 1]
        opened = min(world.now - dt.timedelta(days=1), when + dt.timedelta(days=rng.randint(2, 10)))
        heard = opened + dt.timedelta(days=rng.randint(1, 4)) if (statement or declined) else None
        decided = heard + dt.timedelta(days=rng.randint(2, 7)) if outcome and heard else None
        if decided and decided > world.now:
            decided, outcome = None, None
        rows.append({
            "id": k + 1, "branch_id": branch_id, "person_id": person, "order_id": order_id,
            "finding_id": finding_id, "opened_at": opened, "opened_by_id": branch.head_id, "grounds": grounds,
            "statement": statement, "statement_declined": declined, "statement_at": heard,
            "aggravating": aggravating, "mitigating": mitigating, "outcome": outcome,
            "decided_at": decided, "decided_by_id": branch.head_id if decided else None,
        })
    return rows


SESSIONS = (
    # kind, title, days ago, who attends: "all" | "new" | roles
    ("induction", "全员入职培训（补训）与考核", 390, "all"),
    ("handbook", "员工服务手册学习", 320, "all"),
    ("etiquette", "营业厅文明礼仪培训", 260, (Role.DISPATCHER, Role.MANAGER)),
    ("etiquette", "装维人员上门服务礼仪培训", 200, (Role.MAINTAINER,)),
    ("ethics", "职业道德与廉洁从业教育", 120, "all"),
    ("induction", "新员工岗前培训与考核", 150, "new"),
)


def training_rows(world: World, staff: list[dict]) -> tuple[list[dict], list[dict]]:
    """R-TRAIN sessions per branch; staff hired after the last induction lack induction training."""
    rng = world.rng("training")
    sessions, records = [], []
    for branch in world.branches:
        members = [s for s in staff if s["branch_id"] == branch.id]
        for kind, title, ago, who in SESSIONS:
            day = world.today - dt.timedelta(days=ago)
            sid = len(sessions) + 1
            sessions.append({"id": sid, "branch_id": branch.id, "kind": kind, "title": title, "day": day,
                             "trainer": "省公司培训中心" if kind in ("induction", "ethics") else branch.name + "综合办"})
            for s in members:
                if s["hired_on"] > day or (not s["active"] and kind != "induction"):
                    continue
                if who == "new" and s["hired_on"] < day - dt.timedelta(days=400):
                    continue
                if isinstance(who, tuple) and s["role"] not in who:
                    continue
                if who != "new" and rng.random() < 0.06:
                    continue  # absent
                score = min(100, max(45, round(rng.gauss(84, 9))))
                records.append({"session_id": sid, "staff_id": s["id"], "score": score, "passed": score >= 60,
                                "note": "" if score >= 60 else "需补考"})
    return sessions, records
