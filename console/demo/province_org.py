"""The province demo's organisation: its branches, their contract districts, staff and history.

Per branch (console.demo.province_map gives its block of district cells): one maintainer per
district for about 4,500 households in a city branch or 2,000 in a county branch (R-ZONE-1), a few
districts clearly over 120 % of that and a pair of small ones served by one maintainer (the load
warnings have something to show), dispatchers in proportion to the districts, managers (the first is
the business head, R-TIME-8), an inspector and an administrator; maintainers who left and rotations
in the R-ZONE-5 history. Provincial inspectors have no branch. Rows come out as the demo's
(console.demo.people) so the rest of the demo generators work on them unchanged.
"""

from __future__ import annotations

import datetime as dt
import random

from console.demo.geo import Cell
from console.demo.names import landline
from console.demo.people import CITY_NORM, COUNTY_NORM, EPOCH, _hire_day, staff_adder
from console.demo.province_map import BranchSpec
from console.demo.world import BranchInfo, DistrictInfo, Tenure, World
from console.rules.periods import CST, UTC
from console.store.passwords import DEMO_PASSWORD, hash_password
from console.vocabulary import AreaType, BranchKind, Role

CITY_WORDS = ("东风", "人民", "解放", "建设", "和平", "文化", "新华", "滨江", "站前", "红旗", "胜利", "朝阳", "光明",
              "幸福", "青山", "湖滨", "长征", "八一", "迎宾", "南门", "北门", "东门", "西门", "城南", "城北", "城东",
              "城西", "中山", "井冈", "阳明", "沿江", "花园", "公园", "府前", "钟楼", "龙山", "凤凰", "金桥", "高新",
              "工业园", "学府", "体育", "桥东", "桥西", "江南", "江北", "河东", "河西", "白鹭", "天香")
CITY_SUFFIX = ("街道", "社区", "社区")
COUNTY_CHARS = "东西南北上下前后新老大小塘湖桥港坪岭山田坊埠洲金石龙凤溪源口河林竹茶桃梅杨柳白黄青"
COUNTY_SUFFIX = ("镇", "镇", "乡")
PROVINCIAL_INSPECTORS = 6


def _district_names(rng: random.Random, n: int, city: bool) -> list[str]:
    names: list[str] = []
    while len(names) < n:
        if city:
            name = rng.choice(CITY_WORDS) + rng.choice(CITY_SUFFIX)
            if name in names:
                name = rng.choice(CITY_WORDS) + rng.choice(CITY_WORDS[:20]) + rng.choice(CITY_SUFFIX)
        else:
            name = rng.choice(COUNTY_CHARS) + rng.choice(COUNTY_CHARS) + rng.choice(COUNTY_SUFFIX)
        if name not in names:
            names.append(name)
    return names


def _sizes(rng: random.Random, n: int, norm: int, pair: bool) -> list[int]:
    """R-ZONE-1 households around the norm; ~8 % of districts > 120 %, ~5 % well under; with `pair`,
    the last two are small and served by one maintainer (together 120–136 %)."""
    sizes = []
    for _ in range(n):
        roll = rng.random()
        factor = rng.uniform(1.24, 1.42) if roll < 0.08 else rng.uniform(0.55, 0.72) if roll < 0.13 \
            else rng.uniform(0.85, 1.12)
        sizes.append(round(norm * factor))
    if pair:
        sizes[-2:] = [round(norm * rng.uniform(0.6, 0.68)) for _ in range(2)]
    return sizes


def build_province_org(world: World, specs: list[BranchSpec], blocks: list[list[Cell]]) -> dict[str, list[dict]]:
    """Rows for branch, district, staff and district_assignment; fills `world`."""
    rng = world.rng("province-org")
    rows: dict[str, list[dict]] = {"branch": [], "district": [], "staff": [], "district_assignment": []}
    per_prefix: dict[str, int] = {}
    demo_hash = hash_password(DEMO_PASSWORD)  # one salted hash for everyone (hashing is slow on purpose)

    add_staff = staff_adder(world, rng, rows, per_prefix, demo_hash, keyed=True)

    district_id = 0
    for bid, (spec, cells) in enumerate(zip(specs, blocks), 1):
        city = spec.kind is BranchKind.CITY
        branch = BranchInfo(bid, spec.code, spec.name, city)
        world.branches.append(branch)
        lon = sum(c.label_point()[0] for c in cells) / len(cells)
        lat = sum(c.label_point()[1] for c in cells) / len(cells)
        office = min(cells, key=lambda c: (c.label_point()[0] - lon) ** 2 + (c.label_point()[1] - lat) ** 2)
        olon, olat = office.label_point()
        rows["branch"].append({
            "id": bid, "code": spec.code, "name": spec.name, "kind": spec.kind,
            "hotline": f"{spec.area_code}-96296", "supervision_phone": landline(rng, spec.area_code),  # R-DISC-2
            "address": f"{spec.prefecture}市{spec.place}人民路{rng.randint(1, 300)}号",
            "growth_target": (150 if city else 40) * len(cells),  # R-ZONE-4 households per year
            "latitude": round(olat, 6), "longitude": round(olon, 6),
        })
        norm = CITY_NORM if city else COUNTY_NORM
        pair = len(cells) >= 8
        sizes = _sizes(rng, len(cells), norm, pair)
        for k, (cell, name) in enumerate(zip(cells, _district_names(rng, len(cells), city))):
            district_id += 1
            d = DistrictInfo(district_id, bid, f"{spec.code}-D{k + 1:02d}", name, not city, sizes[k], cell)
            branch.districts.append(d)
            dlon, dlat = cell.label_point()
            rows["district"].append({
                "id": district_id, "branch_id": bid, "code": d.code, "name": d.name,
                "area_type": AreaType.URBAN if city else AreaType.RURAL, "households": d.households,
                "service_phone": landline(rng, spec.area_code), "supervision_phone": landline(rng, spec.area_code),
                "geojson": cell.geojson(), "latitude": dlat, "longitude": dlon,  # R-ZONE-2
            })
        staff_counts = {Role.DISPATCHER: max(2, round(len(cells) / 5)), Role.INSPECTOR: 1,
                        Role.MANAGER: 3 if city else 2, Role.ADMIN: 1}
        for role, n in staff_counts.items():
            for _ in range(n):
                sid = add_staff(branch, role)
                {Role.DISPATCHER: branch.dispatchers, Role.INSPECTOR: branch.inspectors,
                 Role.MANAGER: branch.managers, Role.ADMIN: branch.admins}[role].append(sid)
        _maintainers(world, rows, branch, rng, add_staff, pair)
    for _ in range(PROVINCIAL_INSPECTORS):  # they review every branch: no branch of their own
        world.provincial_inspectors.append(add_staff(None, Role.INSPECTOR))

    aid = 0
    for d in world.districts():
        head = world.branches[d.branch_id - 1].head_id
        for t in d.tenures:
            aid += 1
            rows["district_assignment"].append({  # R-ZONE-5: published by the branch head, the day it took effect
                "id": aid, "branch_id": d.branch_id, "district_id": d.id, "maintainer_id": t.maintainer_id,
                "valid_from": t.valid_from, "valid_to": t.valid_to, "reason": t.reason, "changed_by_id": head,
                "changed_at": dt.datetime.combine(t.valid_from, dt.time(9, 0), CST).astimezone(UTC),
            })
    return rows


def _maintainers(world: World, rows: dict, branch: BranchInfo, rng: random.Random, add_staff, pair: bool) -> None:
    """One maintainer per district (the last two small ones share one with `pair`), a maintainer who
    left and was replaced, and a rotation of two districts (R-ZONE-1, R-ZONE-5)."""
    today = world.today
    ds = branch.districts
    singles = ds[:-2] if pair else ds
    for d in singles:
        mid = add_staff(branch, Role.MAINTAINER, hired=_hire_day(rng, today - dt.timedelta(days=800)))
        branch.maintainers.append(mid)
        d.tenures.append(Tenure(mid, max(EPOCH, world.staff_hired[mid]), None, "片区初始承包"))
    if pair:
        mid = add_staff(branch, Role.MAINTAINER, hired=_hire_day(rng, today - dt.timedelta(days=800)))
        branch.maintainers.append(mid)
        for d in ds[-2:]:
            d.tenures.append(Tenure(mid, max(EPOCH, world.staff_hired[mid]), None, "两个小片区合并承包"))

    def change(d: DistrictInfo, day: dt.date, new_id: int, closed_reason: str, new_reason: str) -> None:
        cur = d.tenures[-1]
        day = max(day, cur.valid_from + dt.timedelta(days=30))
        cur.valid_to, cur.reason = day, closed_reason
        d.tenures.append(Tenure(new_id, day, None, new_reason))

    order = rng.sample(range(len(singles)), len(singles))
    if singles:  # a maintainer who left: they ran the district until their last day; a new hire took over
        d = singles[order[0]]
        old = d.tenures[-1].maintainer_id
        left = today - dt.timedelta(days=rng.randint(40, 900))
        new = add_staff(branch, Role.MAINTAINER, hired=left - dt.timedelta(days=rng.randint(5, 20)))
        branch.maintainers.append(new)
        branch.maintainers.remove(old)
        rows["staff"][old - world.staff_offset - 1]["active"] = False
        change(d, left, new, "原维护员离职", f"接替离职的{world.staff_names[old]}")
    if len(order) >= 3:  # rotation (轮岗): two districts swap maintainers within the last year
        a, b = singles[order[1]], singles[order[2]]
        day = today - dt.timedelta(days=rng.randint(30, 330))
        ma, mb = a.tenures[-1].maintainer_id, b.tenures[-1].maintainer_id
        change(a, day, mb, f"轮岗调往{b.name}", f"轮岗自{b.name}调入")
        change(b, a.tenures[-1].valid_from, ma, f"轮岗调往{a.name}", f"轮岗自{a.name}调入")
