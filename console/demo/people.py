"""Demo organisation: the two branches, their contract districts, staff and who serves where.

Nanchang city branch (42 urban districts, ~4,500 households each) and Jinxian county
branch (14 rural townships, ~2,000 households each) — R-ZONE-1 norms, with a few districts
clearly over (> 120 %) and under the norm so the load warnings have something to show.
"""

from __future__ import annotations

import datetime as dt
import random

from console.demo.avatar import identicon
from console.demo.geo import lattice
from console.demo.names import (
    CITY_DISTRICTS,
    COUNTY_DISTRICTS,
    landline,
    mobile,
    person_name,
)
from console.demo.world import BranchInfo, DistrictInfo, Tenure, World
from console.rules.periods import CST, UTC
from console.store.passwords import DEMO_PASSWORD, hash_password
from console.vocabulary import AreaType, BranchKind, Role, work_number_key

CITY_NORM, COUNTY_NORM = 4500, 2000  # R-ZONE-1
EPOCH = dt.date(2015, 1, 1)  # contract districts were introduced

BRANCHES = (
    # code, name, kind, centre (lon, lat), lattice cols x rows, cell km, dropped cells, address
    ("NC", "南昌市分公司", BranchKind.CITY, (115.892, 28.683), 7, 7, 2.1,
     frozenset({(0, 0), (6, 0), (0, 6), (6, 6), (1, 0), (6, 1), (0, 5)}), "南昌市东湖区叠山路118号", "96296"),
    ("JX", "进贤县分公司", BranchKind.COUNTY, (116.241, 28.377), 4, 4, 6.5,
     frozenset({(0, 0), (3, 3)}), "进贤县民和镇胜利北路26号", "0791-85662296"),
)

# staff per branch (active), besides one maintainer per district
ROLE_COUNTS = {
    "NC": {Role.DISPATCHER: 10, Role.INSPECTOR: 2, Role.MANAGER: 3, Role.ADMIN: 1},
    "JX": {Role.DISPATCHER: 3, Role.INSPECTOR: 1, Role.MANAGER: 2, Role.ADMIN: 1},
}
DOUBLE_DUTY = {"NC": 2, "JX": 1}  # maintainers covering two small districts (R-ZONE-1 > 120 %)
FORMER = {"NC": 4, "JX": 1}  # maintainers who left (inactive; still in the R-ZONE-5 history)


def _households(rng: random.Random, n: int, norm: int, pairs: int) -> list[int]:
    """District sizes around the norm; a few > 120 %, a few well under (R-ZONE-1).

    The last 2*pairs districts are small: their maintainers serve two of them each.
    """
    sizes = [round(norm * rng.uniform(0.85, 1.12)) for _ in range(n)]
    over = rng.sample(range(n - 2 * pairs), 4 if norm == CITY_NORM else 2)
    for i in over:
        sizes[i] = round(norm * rng.uniform(1.24, 1.42))
    remaining = [i for i in range(n - 2 * pairs) if i not in over]
    for i in rng.sample(remaining, 2):
        sizes[i] = round(norm * rng.uniform(0.55, 0.72))
    for i in range(n - 2 * pairs, n):
        sizes[i] = round(norm * rng.uniform(0.6, 0.68))  # two together: 120-136 %
    return sizes


def _hire_day(rng: random.Random, latest: dt.date) -> dt.date:
    return dt.date(2006, 3, 1) + dt.timedelta(days=rng.randrange((latest - dt.date(2006, 3, 1)).days))


def staff_adder(world: World, rng: random.Random, rows: dict[str, list[dict]], per_prefix: dict[str, int],
                demo_hash: str, *, keyed: bool = False):
    """``add_staff(branch, role, hired=None) -> id``: one staff row appended to ``rows["staff"]``, its
    work number the next free one of the branch's code (GD: the provincial company), its name, phone and
    (unless given) hiring day drawn from ``rng``; ``keyed`` also writes the work number's search key (the
    province's bulk rows, which bypass the model's own default)."""
    today = world.today

    def add_staff(branch: BranchInfo | None, role: Role, *, hired: dt.date | None = None) -> int:
        sid = world.staff_offset + len(rows["staff"]) + 1
        prefix = branch.code if branch else "GD"
        number = ""
        while not number or work_number_key(number) in world.taken_work_numbers:
            per_prefix[prefix] = per_prefix.get(prefix, 0) + 1
            number = f"{prefix}{per_prefix[prefix]:04d}"
        hired = hired or _hire_day(rng, today - dt.timedelta(days=400))
        name = person_name(rng)
        row = {"id": sid, "work_number": number, "name": name, "role": role,
               "branch_id": branch.id if branch else None, "phone": mobile(rng),
               "photo": identicon(number), "active": True, "hired_on": hired, "password_hash": demo_hash}
        if keyed:
            row["work_number_key"] = work_number_key(number)
        rows["staff"].append(row)
        world.staff_names[sid] = name
        world.staff_hired[sid] = hired
        return sid

    return add_staff


def build_org(world: World) -> dict[str, list[dict]]:
    """Rows for branch, district, staff and district_assignment; fills `world`."""
    rng = world.rng("org")
    rows: dict[str, list[dict]] = {"branch": [], "district": [], "staff": [], "district_assignment": []}
    per_prefix: dict[str, int] = {}
    # everyone signs in with the documented DEMO_PASSWORD; one argon2 hash (salted once) for all,
    # since hashing is deliberately slow
    demo_hash = hash_password(DEMO_PASSWORD)

    add_staff = staff_adder(world, rng, rows, per_prefix, demo_hash)

    district_id = 0
    for bid, (code, name, kind, centre, cols, nrows, cell_km, drop, address, hotline) in enumerate(BRANCHES, 1):
        city = kind is BranchKind.CITY
        branch = BranchInfo(bid, code, name, city)
        world.branches.append(branch)
        rows["branch"].append({
            "id": bid, "code": code, "name": name, "kind": kind, "hotline": hotline,
            "supervision_phone": landline(rng), "address": address,  # R-DISC-2
            "growth_target": 6000 if city else 900,  # R-ZONE-4 households per year
            "latitude": centre[1], "longitude": centre[0],
        })
        cells = lattice(rng, center=centre, cols=cols, rows=nrows, cell_km=cell_km, drop=drop)
        names = CITY_DISTRICTS if city else COUNTY_DISTRICTS
        norm = CITY_NORM if city else COUNTY_NORM
        sizes = _households(rng, len(cells), norm, DOUBLE_DUTY[code])
        for k, cell in enumerate(cells):
            district_id += 1
            d = DistrictInfo(district_id, bid, f"{code}-D{k + 1:02d}", names[k], not city, sizes[k], cell)
            branch.districts.append(d)
            lon, lat = cell.label_point()
            rows["district"].append({
                "id": district_id, "branch_id": bid, "code": d.code, "name": d.name,
                "area_type": AreaType.URBAN if city else AreaType.RURAL, "households": d.households,
                "service_phone": landline(rng), "supervision_phone": landline(rng),  # R-ZONE-2
                "geojson": cell.geojson(), "latitude": lat, "longitude": lon,
            })
        for role, n in ROLE_COUNTS[code].items():
            for _ in range(n):
                sid = add_staff(branch, role)
                {Role.DISPATCHER: branch.dispatchers, Role.INSPECTOR: branch.inspectors,
                 Role.MANAGER: branch.managers, Role.ADMIN: branch.admins}[role].append(sid)
        _staff_districts(world, branch, rng, add_staff, lambda sid: _retire(world, rows, branch, sid))
    for _ in range(2):  # provincial inspectors review every branch: no branch of their own
        world.provincial_inspectors.append(add_staff(None, Role.INSPECTOR))

    aid = 0
    heads = {b.id: b.managers[0] for b in world.branches if b.managers}
    for d in world.districts():
        for t in d.tenures:
            aid += 1
            rows["district_assignment"].append({  # R-ZONE-5: published by the branch head, the day it took effect
                "id": aid, "branch_id": d.branch_id, "district_id": d.id, "maintainer_id": t.maintainer_id,
                "valid_from": t.valid_from, "valid_to": t.valid_to, "reason": t.reason,
                "changed_by_id": heads.get(d.branch_id),
                "changed_at": dt.datetime.combine(t.valid_from, dt.time(9, 0), CST).astimezone(UTC),
            })
    return rows


def _staff_districts(world: World, branch: BranchInfo, rng: random.Random, add_staff, retire) -> None:
    """One maintainer per district (a few doubling up), plus an R-ZONE-5 history of changes."""
    today = world.today
    ds = branch.districts
    pairs = DOUBLE_DUTY[branch.code]
    singles = ds[: len(ds) - 2 * pairs]
    for d in singles:
        mid = add_staff(branch, Role.MAINTAINER, hired=_hire_day(rng, today - dt.timedelta(days=800)))
        branch.maintainers.append(mid)
        d.tenures.append(Tenure(mid, max(EPOCH, world.staff_hired[mid]), None, "片区初始承包"))
    for p in range(pairs):
        mid = add_staff(branch, Role.MAINTAINER, hired=_hire_day(rng, today - dt.timedelta(days=800)))
        branch.maintainers.append(mid)
        for d in ds[len(singles) + 2 * p: len(singles) + 2 * p + 2]:
            d.tenures.append(Tenure(mid, max(EPOCH, world.staff_hired[mid]), None, "两个小片区合并承包"))

    def change(d, day: dt.date, new_id: int, closed_reason: str, new_reason: str) -> None:
        cur = d.tenures[-1]
        day = max(day, cur.valid_from + dt.timedelta(days=30))
        cur.valid_to, cur.reason = day, closed_reason
        d.tenures.append(Tenure(new_id, day, None, new_reason))

    # Maintainers who left: they ran a district until their last day; a new hire took over.
    order = rng.sample(range(len(singles)), len(singles))
    for k in range(FORMER[branch.code]):
        d = singles[order[k]]
        old = d.tenures[-1].maintainer_id
        recent = k % 2 == 0
        left = today - dt.timedelta(days=rng.randint(40, 300) if recent else rng.randint(500, 1200))
        new = add_staff(branch, Role.MAINTAINER, hired=left - dt.timedelta(days=rng.randint(5, 20)))
        branch.maintainers.append(new)
        retire(old)
        change(d, left, new, "原维护员离职", f"接替离职的{world.staff_names[old]}")
    # Rotation (轮岗): pairs of districts swap maintainers within the last year.
    rest = [singles[i] for i in order[FORMER[branch.code]:]]
    for k in range(3 if branch.city else 1):
        a, b = rest[2 * k], rest[2 * k + 1]
        day = today - dt.timedelta(days=rng.randint(30, 330))
        ma, mb = a.tenures[-1].maintainer_id, b.tenures[-1].maintainer_id
        change(a, day, mb, f"轮岗调往{b.name}", f"轮岗自{b.name}调入")
        change(b, a.tenures[-1].valid_from, ma, f"轮岗调往{a.name}", f"轮岗自{a.name}调入")


def _retire(world: World, rows: dict[str, list[dict]], branch: BranchInfo, staff_id: int) -> None:
    """Mark a maintainer who left inactive (they stay in the R-ZONE-5 history rows)."""
    branch.maintainers.remove(staff_id)
    rows["staff"][staff_id - world.staff_offset - 1]["active"] = False
