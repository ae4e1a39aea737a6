"""The province demo's map: one province-sized jittered lattice split among its branches.

The province (Jiangxi: 100 county-level branches, city districts 区/市 and counties 县, grouped by
their eleven prefectures) is a lattice of contract-district quads (console.demo.geo.lattice: shared
vertices and bent edge midpoints, so neighbours share their borders exactly) cut to a wobbly oval
and kept 4-connected. Its branches grow from well-spread seeds (farthest-point sampling) in
round-robin, each taking the free neighbouring cell nearest its seed, city branches a little faster
(denser, more districts): every branch is one contiguous block of whole districts, and the blocks
tile the province without gaps or overlaps because the cells do.

`--branches N` takes N branches spread over the list (both kinds kept) on a lattice of about
CELLS_PER_BRANCH cells per branch, so a scaled-down province is a smaller province of the same kind.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass

from console.demo.geo import Cell, lattice
from console.vocabulary import BranchKind

# prefecture: pinyin code, telephone area code, county-level divisions (区 and 市 are city branches)
PREFECTURES = (
    ("NC", "0791", "南昌", ("东湖区", "西湖区", "青云谱区", "青山湖区", "新建区", "红谷滩区", "南昌县", "安义县", "进贤县")),
    ("JD", "0798", "景德镇", ("昌江区", "珠山区", "浮梁县", "乐平市")),
    ("PX", "0799", "萍乡", ("安源区", "湘东区", "莲花县", "上栗县", "芦溪县")),
    ("JJ", "0792", "九江", ("濂溪区", "浔阳区", "柴桑区", "武宁县", "修水县", "永修县", "德安县", "都昌县", "湖口县",
                           "彭泽县", "瑞昌市", "共青城市", "庐山市")),
    ("XY", "0790", "新余", ("渝水区", "分宜县")),
    ("YT", "0701", "鹰潭", ("月湖区", "余江区", "贵溪市")),
    ("GZ", "0797", "赣州", ("章贡区", "南康区", "赣县区", "信丰县", "大余县", "上犹县", "崇义县", "安远县", "定南县",
                           "全南县", "宁都县", "于都县", "兴国县", "会昌县", "寻乌县", "石城县", "瑞金市", "龙南市")),
    ("JA", "0796", "吉安", ("吉州区", "青原区", "吉安县", "吉水县", "峡江县", "新干县", "永丰县", "泰和县", "遂川县",
                           "万安县", "安福县", "永新县", "井冈山市")),
    ("YC", "0795", "宜春", ("袁州区", "奉新县", "万载县", "上高县", "宜丰县", "靖安县", "铜鼓县", "丰城市", "樟树市",
                           "高安市")),
    ("FZ", "0794", "抚州", ("临川区", "东乡区", "南城县", "黎川县", "南丰县", "崇仁县", "乐安县", "宜黄县", "金溪县",
                           "资溪县", "广昌县")),
    ("SR", "0793", "上饶", ("信州区", "广丰区", "广信区", "玉山县", "铅山县", "横峰县", "弋阳县", "余干县", "鄱阳县",
                           "万年县", "婺源县", "德兴市")),
)
CENTRE = (115.9, 27.6)  # (lon, lat) of the province's middle
CELL_KM = 8.7  # ~76 km² a district: 2,100 districts on Jiangxi's ~167,000 km²
CELLS_PER_BRANCH = 22
GROWTH = {BranchKind.CITY: 1.3, BranchKind.COUNTY: 0.9}  # cells per round: city branches are denser


@dataclass(frozen=True)
class BranchSpec:
    """One branch of the province: who it is and where its office is."""

    code: str  # e.g. GZ07: prefecture code and number
    name: str  # 大余县分公司
    place: str  # 大余县
    prefecture: str
    kind: BranchKind
    area_code: str


def all_branches() -> list[BranchSpec]:
    out = []
    for code, area, prefecture, places in PREFECTURES:
        for k, place in enumerate(places, 1):
            kind = BranchKind.COUNTY if place.endswith("县") else BranchKind.CITY
            out.append(BranchSpec(f"{code}{k:02d}", f"{place}分公司", place, prefecture, kind, area))
    return out


def chosen_branches(n: int) -> list[BranchSpec]:
    """`n` branches spread over the province's list, with both kinds whenever n >= 2."""
    every = all_branches()
    if not 2 <= n <= len(every):
        raise ValueError(f"a province has 2 to {len(every)} branches, not {n}")
    picked = [every[round(i * len(every) / n)] for i in range(n)]
    for kind in BranchKind:
        if all(b.kind != kind for b in picked):  # swap the last for the nearest branch of that kind
            picked[-1] = next(b for b in reversed(every) if b.kind == kind and b not in picked)
    return picked


def _grid_shape(cells: int) -> tuple[int, int]:
    """Columns and rows of a lattice whose oval holds about `cells` cells (taller than wide)."""
    cols = max(3, math.ceil(math.sqrt(cells / (0.74 * 1.25))))
    return cols, max(3, math.ceil(1.25 * cols))


def _oval(rng: random.Random, cols: int, rows: int) -> set[tuple[int, int]]:
    """Grid cells inside a wobbly oval, as one 4-connected piece (the largest)."""
    a, b = cols / 2, rows / 2
    phase = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    inside = set()
    for j in range(rows):
        for i in range(cols):
            x, y = (i + 0.5 - a) / a, (j + 0.5 - b) / b
            theta = math.atan2(y, x)
            r = 1 + 0.07 * math.sin(2 * theta + phase[0]) + 0.05 * math.sin(3 * theta + phase[1]) \
                + 0.03 * math.sin(5 * theta + phase[2])
            if math.hypot(x, y) <= r:
                inside.add((i, j))
    best: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for start in sorted(inside):
        if start in seen:
            continue
        part, todo = {start}, [start]
        while todo:
            i, j = todo.pop()
            for nb in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
                if nb in inside and nb not in part:
                    part.add(nb)
                    todo.append(nb)
        seen |= part
        if len(part) > len(best):
            best = part
    return best


def _seeds(rng: random.Random, cells: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """`n` well-spread cells (farthest-point sampling), in serpentine order from the north-west,
    so that consecutive branches of the list (one prefecture) are neighbours."""
    first = rng.choice(cells)
    seeds = [first]
    dist = {c: math.dist(c, first) for c in cells}
    while len(seeds) < n:
        far = max(cells, key=lambda c: (dist[c], c))
        seeds.append(far)
        for c in cells:
            dist[c] = min(dist[c], math.dist(c, far))
    bands = max(1, round(math.sqrt(n / 1.25)))
    rows = max(c[1] for c in cells) + 1
    band = {s: min(bands - 1, (rows - 1 - s[1]) * bands // rows) for s in seeds}  # 0 = north
    return sorted(seeds, key=lambda s: (band[s], s[0] if band[s] % 2 == 0 else -s[0]))


def _grow(cells: set[tuple[int, int]], seeds: list[tuple[int, int]], rates: list[float]) -> dict[tuple[int, int], int]:
    """Every cell's region (the index of its seed): round-robin growth, nearest free neighbour first."""
    owner = {s: k for k, s in enumerate(seeds)}
    fronts: list[list] = [[] for _ in seeds]
    credit = [0.0] * len(seeds)

    def push(k: int, c: tuple[int, int]) -> None:
        i, j = c
        for nb in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            if nb in cells and nb not in owner:
                heapq.heappush(fronts[k], (math.dist(nb, seeds[k]), nb))

    for k, s in enumerate(seeds):
        push(k, s)
    while len(owner) < len(cells):
        grew = False
        for k in range(len(seeds)):
            credit[k] += rates[k]
            while credit[k] >= 1 and fronts[k]:
                _d, c = heapq.heappop(fronts[k])
                if c in owner:
                    continue
                owner[c] = k
                credit[k] -= 1
                grew = True
                push(k, c)
            if not fronts[k]:
                credit[k] = 0.0
        if not grew and all(not f for f in fronts):
            raise RuntimeError("the province's lattice is not connected")  # _oval keeps one piece
    return owner


def province_cells(rng: random.Random, branches: list[BranchSpec]) -> list[list[Cell]]:
    """The district cells of each branch (a contiguous block each), in the order of `branches`;
    together they tile the province."""
    cols, rows = _grid_shape(CELLS_PER_BRANCH * len(branches))
    keep = _oval(rng, cols, rows)
    drop = frozenset((i, j) for j in range(rows) for i in range(cols) if (i, j) not in keep)
    cells = lattice(rng, center=CENTRE, cols=cols, rows=rows, cell_km=CELL_KM, drop=drop)
    seeds = _seeds(rng, sorted(keep), len(branches))
    owner = _grow(keep, seeds, [GROWTH[b.kind] for b in branches])
    blocks: list[list[Cell]] = [[] for _ in branches]
    for cell in cells:  # row by row from the south-west
        blocks[owner[cell.col, cell.row]].append(cell)
    return blocks
