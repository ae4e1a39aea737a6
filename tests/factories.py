"""Small hand-built data sets for tests (the demo generator is tested on its own)."""

from __future__ import annotations

import datetime as dt
import json

from console.models import Branch, Customer, District, Order, OrderEvent, Staff
from console.rules.periods import UTC
from console.vocabulary import (
    AreaType,
    BranchKind,
    Channel,
    EventType,
    OrderKind,
    OrderStatus,
    Priority,
    Role,
)

T0 = dt.datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 China time


def square(lon: float, lat: float, size: float = 0.01) -> str:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def make_branch(s, code: str = "NC", name: str = "南昌市分公司", kind=BranchKind.CITY) -> Branch:
    b = Branch(
        code=code, name=name, kind=kind, hotline="96123", supervision_phone="0791-1234567",
        address="南昌市红谷滩区", growth_target=1000, latitude=28.68, longitude=115.89,
    )
    s.add(b)
    s.flush()
    return b


def make_district(s, branch: Branch, name: str = "八一社区", households: int = 4500, n: int = 0) -> District:
    d = District(
        branch_id=branch.id, code=f"{branch.code}-D{n:02d}", name=name, area_type=AreaType.URBAN,
        households=households, service_phone="0791-2000000", supervision_phone="0791-3000000",
        geojson=square(115.85 + n * 0.01, 28.65), latitude=28.655, longitude=115.855 + n * 0.01,
    )
    s.add(d)
    s.flush()
    return d


def make_staff(s, branch: Branch | None, work_number: str, name: str, role=Role.DISPATCHER) -> Staff:
    p = Staff(work_number=work_number, name=name, role=role, branch_id=branch.id if branch else None,
              phone="13800000000", active=True)
    s.add(p)
    s.flush()
    return p


def make_customer(s, district: District, account_no: str, name: str = "张三") -> Customer:
    c = Customer(
        branch_id=district.branch_id, account_no=account_no, name=name, phone="13900000000",
        address="八一大道1号", district_id=district.id, subscribed_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2027, 1, 1), latitude=district.latitude, longitude=district.longitude,
    )
    s.add(c)
    s.flush()
    return c


def make_order(s, district: District, customer: Customer | None, owner: Staff, number: str,
               kind=OrderKind.GENERAL_FAULT, at: dt.datetime = T0, status=OrderStatus.OPEN) -> Order:
    """An order received at `at`: its row and its `received` event. The columns derived from the
    log are left as given (a test writes its own later events and sets them, or calls
    services.orders.caches.refresh_caches)."""
    o = Order(
        branch_id=district.branch_id, number=number, kind=kind, channel=Channel.HOTLINE,
        priority=Priority.NORMAL, customer_id=customer.id if customer else None,
        district_id=district.id, description="无信号", first_contact_id=owner.id,
        required_materials=[], missing_materials=[], received_at=at, status=status,
        updated_at=at, version=1,
    )
    s.add(o)
    s.flush()
    s.add(OrderEvent(branch_id=o.branch_id, order_id=o.id, type=EventType.RECEIVED, at=at, actor_id=owner.id,
                     payload={"kind": kind.value, "channel": Channel.HOTLINE.value, "priority": Priority.NORMAL.value,
                              "rural": district.area_type == AreaType.RURAL, "required": [], "missing": [],
                              "policy_version": 1}))
    s.flush()
    return o


def small_branch(store) -> dict:
    """Two branches, a district each, a dispatcher, two maintainers, three open orders in NC (an
    inquiry completed at receipt), their columns projected from their events."""
    from console.services.orders.caches import refresh_caches

    with store.write() as s:
        nc = make_branch(s)
        jx = make_branch(s, "JX", "进贤县分公司", BranchKind.COUNTY)
        d1 = make_district(s, nc, "八一社区", 4500, 0)
        d2 = make_district(s, jx, "李渡镇", 2000, 1)
        disp = make_staff(s, nc, "NC001", "王芳")
        m1 = make_staff(s, nc, "NC101", "李强", Role.MAINTAINER)
        m2 = make_staff(s, nc, "NC102", "刘洋", Role.MAINTAINER)
        c1 = make_customer(s, d1, "A0000001")
        c2 = make_customer(s, d2, "A0000002", "李四")
        o1 = make_order(s, d1, c1, disp, "NC-0001")
        o2 = make_order(s, d1, c1, disp, "NC-0002", OrderKind.COMPLAINT, T0 + dt.timedelta(hours=1))
        o3 = make_order(s, d1, None, disp, "NC-0003", OrderKind.INQUIRY, status=OrderStatus.COMPLETED)
        o4 = make_order(s, d2, c2, disp, "JX-0001")
        s.add(OrderEvent(branch_id=o3.branch_id, order_id=o3.id, type=EventType.COMPLETED, at=T0, actor_id=disp.id,
                         payload={"resolution": "已答复", "on_the_spot": True}))  # R-FIRST-3
        s.flush()
        for o in (o1, o2, o3, o4):  # as the write path leaves them (services.orders.caches)
            refresh_caches(s, o)
        return {
            "nc": nc.id, "jx": jx.id, "dispatcher": disp.id, "m1": m1.id, "m2": m2.id,
            "open_nc": [o1.id, o2.id], "closed_nc": o3.id, "jx_order": o4.id,
        }


def small_branch_with_deadlines(store) -> dict:
    """`small_branch`, with the queue's deadline caches of its open orders computed (as at T0)."""
    from console.services.orders.caches import refresh_caches

    ids = small_branch(store)
    with store.write() as s:
        for oid in ids["open_nc"]:
            refresh_caches(s, s.get(Order, oid))
    return ids


def add_person(store, role=Role.ADMIN, branch_id: int | None = None, work_number: str = "GD0900",
               name: str = "赵敏") -> int:
    """One more staff member (default: a provincial admin) for a test that needs that role's rights."""
    with store.write() as s:
        p = Staff(work_number=work_number, name=name, role=role, branch_id=branch_id, phone="13800000001",
                  active=True)
        s.add(p)
        s.flush()
        return p.id
