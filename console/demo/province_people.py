"""The province demo's customers (with each branch's major clients, R-VISIT-5) and inspections (R-INSP).

Customer accounts as console.demo.customers makes them (inside their district's polygon, yearly
renewals, some expiring soon for R-PROM-5, some cancelled for R-ZONE-4), as many as the orders
need: ACCOUNTS_PER_HOUSEHOLD of the households at the full province, fewer for fewer orders.
Every branch has a hospital, a school, a government office and, in a city, a hotel and an estate
among its accounts, each with a standing revisit plan (console.demo.visits.revisit_rows).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from console.demo.customers import HISTORY_DAYS, _expiry, _major_start, account_row
from console.demo.names import ESTATES, VILLAGE_SUFFIX, VILLAGE_WORDS, person_name
from console.demo.province_map import BranchSpec
from console.demo.world import DistrictInfo, World

ACCOUNTS_PER_HOUSEHOLD = 0.1  # at the full province (2 M orders a year: ~0.3 orders per account)
FULL_ORDERS = 2_000_000
ROADS = ("人民路", "解放路", "中山路", "建设路", "胜利路", "八一大道", "迎宾大道", "滨江路", "站前路", "文化路",
         "青年路", "新华路", "府前路", "环城路", "工业大道")
MAJORS = {  # R-VISIT-5: category, name after the place
    True: (("hospital", "{p}人民医院"), ("school", "{p}第一中学"), ("government", "{p}人民政府"),
           ("hotel", "{p}宾馆"), ("estate", "{p}{estate}")),
    False: (("hospital", "{p}人民医院"), ("school", "{p}第一中学"), ("government", "{p}人民政府")),
}


def accounts_per_household(orders: int) -> float:
    return ACCOUNTS_PER_HOUSEHOLD * min(1.0, max(orders, 1) / FULL_ORDERS)


def _address(rng: random.Random, spec: BranchSpec, d: DistrictInfo) -> str:
    if not d.rural:
        base = d.name.removesuffix("街道").removesuffix("社区")
        return (f"{spec.prefecture}市{spec.place}{base}{rng.choice(ROADS)}{rng.randint(1, 399)}号{rng.choice(ESTATES)}"
                f"{rng.randint(1, 28)}栋{rng.randint(1, 4)}单元{rng.randint(1, 33)}{rng.randint(1, 4):02d}室")
    village = rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_SUFFIX)
    return f"{spec.place}{d.name}{village}{rng.randint(1, 12)}组{rng.randint(1, 120)}号"


def province_customer_rows(world: World, specs: list[BranchSpec], per_household: float
                           ) -> Iterator[tuple[float, list[dict]]]:
    """Customer rows district by district, with the fraction of districts done."""
    rng = world.rng("province-customers")
    today = world.today
    majors: dict[int, list[tuple[str, str]]] = {}
    for b, spec in zip(world.branches, specs):
        for category, pattern in MAJORS[b.city]:
            d = rng.choice(b.districts)
            majors.setdefault(d.id, []).append((category, pattern.format(p=spec.place, estate=rng.choice(ESTATES))))
    districts = list(world.districts())
    cid = 0
    for k, d in enumerate(districts):
        spec = specs[d.branch_id - 1]
        n = max(8, round(d.households * per_household))
        starts = sorted(today - dt.timedelta(days=int(HISTORY_DAYS * rng.random() ** 1.15) + 1) for _ in range(n))
        extra = [(_major_start(rng, today), c, nm) for c, nm in majors.get(d.id, [])]
        rows = []
        for start, category, major_name in sorted([(s, None, None) for s in starts] + extra, key=lambda e: e[0]):
            cid += 1
            lon, lat = d.cell.random_point(rng)
            active, cancelled = True, None
            expires = _expiry(start, today)
            if category is None and (today - start).days > 400 and rng.random() < 0.06:
                span = min(900, (today - start).days - 200)  # R-ZONE-4: cancelled accounts
                cancelled = today - dt.timedelta(days=rng.randint(1, span))
                active, expires = False, cancelled
                d.cust_end[cid] = cancelled.toordinal()
            if category is None:
                name, address = person_name(rng), _address(rng, spec, d)
            else:
                name, address = major_name, _address(rng, spec, d).split("号")[0] + "号"
                d.major_ids.append(cid)
                world.majors.append((cid, d.branch_id, d.id, category))
            rows.append(account_row(world, d, rng, cid, f"36{d.branch_id:03d}{cid:09d}", name, address, category,
                                    start, expires, active, cancelled, lat, lon, today))
        yield (k + 1) / len(districts), rows


def inspection_plan(world: World) -> list[tuple[int, int]]:
    """(branch id, days ago) of the year's inspections (R-INSP): every branch two or three times."""
    rng = world.rng("province-inspections")
    plan = []
    for b in world.branches:
        for _ in range(rng.choice((2, 2, 3))):
            plan.append((b.id, rng.randint(5, 350)))
    return sorted(plan, key=lambda p: (-p[1], p[0]))
