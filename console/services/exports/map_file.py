"""`branch-console map`: one standalone HTML file of a branch's district map, or with --province
of every district of every branch (each branch's outline and name; counts, no order markers). No Qt.

Everything is inlined (Leaflet, markercluster, our script, the data, photos), so the file opens
offline in any browser, e.g. attached to an inspection report (R-INSP).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

from console.errors import StoreError
from console.i18n import T
from console.maps.metrics import DEFAULT_METRIC, METRICS
from console.rules.periods import UTC


def add_parser(sub) -> argparse.ArgumentParser:
    """The `map` sub-parser (console/cli.py registers it)."""
    p = sub.add_parser("map", help="write a branch's district map as one standalone HTML file (opens offline)")
    p.add_argument("--db", help="database URL (as for the other subcommands)")
    p.add_argument("--out", required=True, help="the HTML file to write")
    p.add_argument("--metric", default=DEFAULT_METRIC, choices=list(METRICS),
                   help=f"district colouring (default {DEFAULT_METRIC})")
    p.add_argument("--branch", help="branch name, code or id (default: the first branch)")
    p.add_argument("--province", action="store_true", help="every district of every branch, each branch "
                   "outlined and named (open orders counted per district, not drawn one by one)")
    p.add_argument("--tiles", help="intranet tile URL template ({z}/{x}/{y}); default: no tiles, no network")
    p.add_argument("--tiles-attr", default="", help="attribution text for --tiles")
    return p


def export_map(store, out: Path, *, branch: str | None = None, metric: str = DEFAULT_METRIC,
               tiles: str | None = None, tiles_attr: str = "", now: dt.datetime | None = None,
               province: bool = False) -> dict:
    """Write the map; returns a summary (branch, districts, orders, bytes, seconds). province:
    every branch's districts (then `branch` must be None)."""
    from console.maps.state import MapState, ProvinceState
    from console.services.access import directory
    from console.services.assessment import map_data
    from console.services.orders import queue as orders

    started = time.perf_counter()
    now = now or dt.datetime.now(UTC)
    if province:
        if branch:
            raise StoreError(T("--province is every branch; leave out --branch {branch!r}", branch=branch))
        data = map_data.load_province_map(store, now=now)
        if not data.branches:
            raise StoreError(T("the database has no branch (branch-console demo creates one)"))
        state = ProvinceState(data, metric=metric)
        state.apply_rows([r for b in data.branches for r in orders.open_orders(store, b.branch_id)], now)
        from console.maps.builder import build_html

        html = build_html(state.payload(), inline=True, tiles=tiles, tiles_attr=tiles_attr)
        _write(Path(out), html)
        return {"out": str(out), "branch": None, "branches": len(data.branches), "metric": metric,
                "districts": state.districts, "orders": state.open_orders,
                "bytes": len(html.encode("utf-8")), "seconds": round(time.perf_counter() - started, 3)}
    found = directory.find_branch_info(store, branch)  # StoreError naming the branches there are
    if found is None:  # no --branch: the first branch
        known = directory.branches(store)
        if not known:
            raise StoreError(T("the database has no branch (branch-console demo creates one)"))
        found = known[0]
    branch_id = found.id
    state = MapState(map_data.load_branch_map(store, branch_id, now=now), metric=metric)
    state.apply_rows(orders.open_orders(store, branch_id), now)
    from console.maps.builder import build_html  # folium: imported for a map, not for every command's start

    html = build_html(state.payload(), inline=True, tiles=tiles, tiles_attr=tiles_attr)
    _write(Path(out), html)
    return {"out": str(out), "branch": state.data.branch_name, "metric": metric,
            "districts": len(state.data.districts), "orders": len(state.markers),
            "bytes": len(html.encode("utf-8")), "seconds": round(time.perf_counter() - started, 3)}


def _write(out: Path, html: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")


def command(args) -> int:
    """Run `branch-console map` (args from add_parser)."""
    from console.store import open_store

    store = open_store(args.db)
    try:
        summary = export_map(store, Path(args.out), branch=args.branch, metric=args.metric,
                             tiles=args.tiles, tiles_attr=args.tiles_attr, province=args.province)
    except LookupError as exc:  # load_branch_map: the branch went away meanwhile
        raise StoreError(exc.args[0] if exc.args else str(exc)) from exc  # keeps a T() text translatable
    finally:
        store.dispose()
    print(json.dumps(summary, ensure_ascii=False))
    return 0
