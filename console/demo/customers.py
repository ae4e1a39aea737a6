"""Demo customer accounts: households of every district, plus the major clients (R-VISIT-5).

Accounts sit inside their district polygon, with a street address in it. Subscriptions are
yearly: some expire within the next 15 days (R-PROM-5 reminders), some lapsed recently
(restoration orders), and some accounts were cancelled (R-ZONE-4 stability rate).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from console.demo.names import (
    MAJOR_CLIENTS,
    city_address,
    mobile,
    person_name,
    rural_address,
)
from console.demo.world import DistrictInfo, World

ACCOUNTS_PER_HOUSEHOLD = 0.17  # accounts in the database per household of the district (scale 1)
HISTORY_DAYS = 15 * 365  # the oldest accounts date from the analogue-to-digital switch


def _anniversary(start: dt.date, year: int) -> dt.date:
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


def _expiry(start: dt.date, today: dt.date) -> dt.date:
    """Yearly renewal: the next anniversary, a few already lapsed in the last 20 days."""
    lo = today - dt.timedelta(days=20)
    for year in (today.year - 1, today.year, today.year + 1):
        day = _anniversary(start, year)
        if day > start and lo <= day <= lo + dt.timedelta(days=365):
            return day
    return _anniversary(start, today.year + 1)


def _major_districts(world: World) -> list[tuple[DistrictInfo, str, str]]:
    """Place each major client in a district of the right branch (county names say 进贤)."""
    rng = world.rng("majors")
    city, county = world.branches[0].districts, world.branches[1].districts
    placed = []
    for category, name in MAJOR_CLIENTS:
        pool = county if name.startswith("进贤") else city
        placed.append((rng.choice(pool), category, name))
    return placed


def customer_rows(world: World) -> Iterator[tuple[float, list[dict]]]:
    """Customer rows district by district, with the fraction of districts done."""
    rng = world.rng("customers")
    today = world.today
    majors: dict[int, list[tuple[str, str]]] = {}
    for d, category, name in _major_districts(world):
        majors.setdefault(d.id, []).append((category, name))
    districts = list(world.districts())
    cid = 0
    for k, d in enumerate(districts):
        branch = world.branches[d.branch_id - 1]
        n = max(12, round(d.households * ACCOUNTS_PER_HOUSEHOLD * world.scale))
        starts = sorted(today - dt.timedelta(days=int(HISTORY_DAYS * rng.random() ** 1.15) + 1) for _ in range(n))
        extra = [(_major_start(rng, today), c, nm) for c, nm in majors.get(d.id, [])]
        entries = sorted([(s, None, None) for s in starts] + extra, key=lambda e: e[0])
        rows = []
        for start, category, major_name in entries:
            cid += 1
            lon, lat = d.cell.random_point(rng)
            active, cancelled = True, None
            expires = _expiry(start, today)
            if category is None and (today - start).days > 400 and rng.random() < 0.06:
                # R-ZONE-4: cancelled accounts lower the stability rate
                span = min(900, (today - start).days - 200)
                cancelled = today - dt.timedelta(days=rng.randint(1, span))
                active, expires = False, cancelled
                d.cust_end[cid] = cancelled.toordinal()
            if category is None:
                name = person_name(rng)
                address = city_address(rng, d.name) if branch.city else rural_address(rng, d.name)
            else:
                name = major_name
                address = city_address(rng, d.name).split("号")[0] + "号" if branch.city else f"进贤县{d.name}"
                d.major_ids.append(cid)
                world.majors.append((cid, d.branch_id, d.id, category))
            prefix = "3601" if branch.city else "3624"  # administrative codes of Nanchang / Jinxian
            rows.append(account_row(world, d, rng, cid, f"{prefix}{cid:08d}", name, address, category, start, expires,
                                    active, cancelled, lat, lon, today))
        yield (k + 1) / len(districts), rows


def account_row(world, d, rng, cid: int, account_no: str, name: str, address: str, category: str | None,
                start: dt.date, expires: dt.date, active: bool, cancelled: dt.date | None, lat: float, lon: float,
                today: dt.date) -> dict:
    """One customer account's row (its phone drawn from ``rng`` here), noted in its district's
    accounts and, when it expires within 15 days, among the fee reminders owed (R-PROM-5)."""
    row = {
        "id": cid, "branch_id": d.branch_id, "account_no": account_no, "name": name,
        "phone": mobile(rng), "address": address, "district_id": d.id,
        "is_major": category is not None, "major_category": category,
        "subscribed_on": start, "expires_on": expires, "active": active,
        "cancelled_on": cancelled, "latitude": round(lat, 6), "longitude": round(lon, 6),
    }
    d.cust_days.append(start.toordinal())
    d.cust_ids.append(cid)
    if active and today <= expires <= today + dt.timedelta(days=15):
        world.expiring.append((cid, d.branch_id, expires))  # R-PROM-5
    return row


def _major_start(rng, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=rng.randint(800, 4000))
