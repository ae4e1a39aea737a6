"""Demo major-client revisit plans and visits (R-VISIT-5), notices and fee reminders (R-PROM-5)."""

from __future__ import annotations

import datetime as dt

from console.demo.world import CST, UTC, World, cst_datetime
from console.vocabulary import NoticeStatus, PlanStatus, Recurrence

VISIT_FINDINGS = (
    "设备运行正常，客户满意", "机房机顶盒运行正常，已清洁设备", "客户反映个别频道偶有卡顿，已调整信号电平",
    "大堂电视终端老化，建议更换", "核对授权终端数量，无异常", "客户提出增加点播专区，已转业务部门",
)


def _planned_dates(recurrence: Recurrence, start: dt.date, until: dt.date, interval: int | None,
                   custom: list[str]) -> list[dt.date]:
    """The plan's visit dates from `start` up to `until` (inclusive)."""
    out: list[dt.date] = []
    if recurrence is Recurrence.CUSTOM:
        return [d for d in (dt.date.fromisoformat(x) for x in custom) if start <= d <= until]
    if recurrence is Recurrence.WEEKS:
        d = start
        while d <= until:
            out.append(d)
            d += dt.timedelta(weeks=interval or 4)
        return out
    step = 1 if recurrence is Recurrence.MONTHLY else 3
    k = 0
    while True:
        month = start.month - 1 + k * step
        d = dt.date(start.year + month // 12, month % 12 + 1, min(start.day, 28))
        if d > until:
            return out
        out.append(d)
        k += 1


def revisit_rows(world: World) -> tuple[list[dict], list[dict]]:
    """One standing plan per major client, with its visits; a few visits missed (overdue)."""
    rng = world.rng("revisits")
    today = world.today
    plans, visits = [], []
    cycle = (Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.WEEKS, Recurrence.MONTHLY, Recurrence.CUSTOM)
    districts = {d.id: d for d in world.districts()}
    overdue = set(rng.sample(range(len(world.majors)), 4))
    for k, (cust, branch_id, district_id, category) in enumerate(world.majors):
        branch = world.branches[branch_id - 1]
        d = districts[district_id]
        recurrence = cycle[k % len(cycle)]
        interval = rng.choice((2, 4, 6)) if recurrence is Recurrence.WEEKS else None
        start = today - dt.timedelta(days=rng.randint(200, 700))
        custom = []
        if recurrence is Recurrence.CUSTOM:  # before the holidays and the new school year
            custom = [x.isoformat() for y in (today.year - 1, today.year, today.year + 1)
                      for x in (dt.date(y, 1, 20), dt.date(y, 4, 25), dt.date(y, 8, 25), dt.date(y, 9, 25))]
        owner = d.maintainer_on(today) if rng.random() < 0.6 else rng.choice(branch.managers)
        status, reason = PlanStatus.ACTIVE, ""
        if k == 7:
            status, reason = PlanStatus.PAUSED, "客户大楼装修，暂停回访至装修结束"
        elif k == 11:
            status, reason = PlanStatus.ENDED, "客户合同到期未续约，回访计划终止"
        dates = _planned_dates(recurrence, start, today + dt.timedelta(days=400), interval, custom)
        past = [x for x in dates if x <= today]
        missed = past[-rng.randint(1, 2):] if k in overdue and past else []
        plan_id = len(plans) + 1
        for planned in past:
            if planned in missed or (status is not PlanStatus.ACTIVE and planned > today - dt.timedelta(days=60)):
                continue
            day = min(today, planned + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, -1, 3))))
            visitor = owner if rng.random() < 0.85 else d.maintainer_on(day)
            visits.append({
                "id": len(visits) + 1, "branch_id": branch_id, "plan_id": plan_id, "planned_for": planned,
                "visited_at": min(world.now, cst_datetime(day, rng.uniform(9, 17))), "visitor_id": visitor,
                "findings": rng.choice(VISIT_FINDINGS), "follow_up_order_id": None,
            })
        future = [x for x in dates if x > today]
        next_due = None
        if status is PlanStatus.ACTIVE:
            next_due = missed[0] if missed else (future[0] if future else None)
        plans.append({
            "id": plan_id, "branch_id": branch_id, "customer_id": cust, "owner_id": owner,
            "recurrence": recurrence, "interval_weeks": interval, "custom_dates": custom,
            "start_date": start, "next_due": next_due, "status": status, "status_reason": reason,
        })
    return plans, visits


NOTICES = (
    # kind, title, text, start offset (days), hours, emergency reason, published ahead (hours) or None
    ("maintenance", "光节点设备升级维护通知", "因光节点设备升级，以下片区凌晨1:00-5:00有线电视及宽带信号中断。",
     -6, 4, "", 48),
    ("maintenance", "主干光缆割接通知", "为提升网络质量，将进行主干光缆割接，期间以下片区信号中断约3小时。",
     3, 3, "", 72),
    ("maintenance", "光缆抢修停机通知", "市政施工挖断主干光缆，正在抢修，以下片区信号中断，恢复时间另行通知。",
     -20, 6, "市政施工挖断主干光缆，紧急抢修，无法提前24小时通知", 1),
    ("service_change", "频道调整预告", "根据上级要求，部分频道频点将调整，请用户届时重新搜台。",
     12, 2, "", None),
)


def notice_rows(world: World) -> tuple[list[dict], list[dict]]:
    """R-PROM-5 notices: published at least 24 h ahead (one emergency exception) and a draft."""
    rng = world.rng("notices")
    base = dt.datetime.combine(world.today, dt.time(1, 0), CST).astimezone(UTC)  # 01:00 China time
    notices, links = [], []
    for k, (kind, title, text, offset, hours, emergency, ahead) in enumerate(NOTICES):
        branch = world.branches[0] if k != 1 else world.branches[1]
        starts = base + dt.timedelta(days=offset)
        if emergency:
            starts += dt.timedelta(hours=13)  # an afternoon cut
        published = None if ahead is None else min(world.now, starts - dt.timedelta(hours=ahead))
        nid = k + 1
        notices.append({
            "id": nid, "branch_id": branch.id, "kind": kind, "title": title, "text": text,
            "starts_at": starts, "ends_at": starts + dt.timedelta(hours=hours), "emergency": bool(emergency),
            "emergency_reason": emergency,
            "status": NoticeStatus.PUBLISHED if published else NoticeStatus.DRAFT,
            "created_by_id": branch.managers[-1], "published_at": published,
            "published_by_id": branch.head_id if published else None,
        })
        for d in rng.sample(branch.districts, 3 if kind == "maintenance" else len(branch.districts) // 2):
            links.append({"notice_id": nid, "district_id": d.id})
    return notices, links


def fee_reminder_rows(world: World) -> list[dict]:
    """R-PROM-5: most accounts expiring within 15 days were reminded in the last days."""
    rng = world.rng("reminders")
    rows = []
    for cust, branch_id, expires in world.expiring:
        if rng.random() < 0.65:
            branch = world.branches[branch_id - 1]
            at = world.now - dt.timedelta(hours=rng.uniform(1, 96))
            rows.append({"id": len(rows) + 1, "branch_id": branch_id, "customer_id": cust, "expires_on": expires,
                         "reminded_at": at, "by_id": rng.choice(branch.dispatchers)})
    return rows
