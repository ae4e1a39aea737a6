"""`branch-console map`: one standalone HTML file of a branch's district map, or with --province
of every district of every branch (each branch's outline and name; counts, no order markers). No Qt.

Everything is inlined (Leaflet, markercluster, our script, the data, photos), so the file opens
offline in any browser, e.g. attached to an inspection report (R-INSP). With --basemap FILE.mbtiles
the base map's tiles the map shows go into a folder beside it (NAME_files/tiles, written by
console/services/exports/basemap.py), which travels with the file; the districts are drawn in the
base map's datum (GCJ-02 tiles shift them, console.maps.datum).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from console.errors import StoreError
from console.i18n import T
from console.maps.coords import WGS84
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
    p.add_argument("--basemap", metavar="FILE.mbtiles", help="an offline base map (MBTiles, raster tiles): the "
                   "tiles the map shows are written into the folder NAME_files/tiles beside --out")
    p.add_argument("--basemap-crs", choices=["wgs84", "gcj02"], help="the datum the base map is drawn in, when "
                   "its file does not say it right (default: its metadata's crs, else wgs84)")
    return p


def export_map(store, out: Path, *, branch: str | None = None, metric: str = DEFAULT_METRIC,
               tiles: str | None = None, tiles_attr: str = "", now: dt.datetime | None = None,
               province: bool = False, basemap: str | Path | None = None, basemap_crs: str | None = None,
               max_tiles: int | None = None) -> dict:
    """Write the map; returns a summary (branch, districts, orders, bytes, seconds; with `basemap`
    its tiles, see console.services.exports.basemap.export_tiles). province: every branch's
    districts (then `branch` must be None). The base map is opened before anything is read or
    written: a file that is not one is refused (BaseMapError) with nothing written."""
    from console.maps.state import MapState, ProvinceState
    from console.services.access import directory
    from console.services.assessment import map_data
    from console.services.exports import basemap as basemaps
    from console.services.orders import queue as orders

    started = time.perf_counter()
    now = now or dt.datetime.now(UTC)
    mb = basemaps.open_basemap(basemap, store=store) if basemap else None
    try:
        crs = basemap_crs or (mb.crs if mb is not None else WGS84)
        if province:
            if branch:
                raise StoreError(T("--province is every branch; leave out --branch {branch!r}", branch=branch))
            data = map_data.load_province_map(store, now=now)
            if not data.branches:
                raise StoreError(T("the database has no branch (branch-console demo creates one)"))
            state = ProvinceState(data, metric=metric, crs=crs)
            state.apply_rows([r for b in data.branches for r in orders.open_orders(store, b.branch_id)], now)
            summary = {"out": str(out), "branch": None, "branches": len(data.branches), "metric": metric,
                       "districts": state.districts, "orders": state.open_orders}
        else:
            found = directory.find_branch_info(store, branch)  # StoreError naming the branches there are
            if found is None:  # no --branch: the first branch
                known = directory.branches(store)
                if not known:
                    raise StoreError(T("the database has no branch (branch-console demo creates one)"))
                found = known[0]
            state = MapState(map_data.load_branch_map(store, found.id, now=now), metric=metric, crs=crs)
            state.apply_rows(orders.open_orders(store, found.id), now)
            summary = {"out": str(out), "branch": state.data.branch_name, "metric": metric,
                       "districts": len(state.data.districts), "orders": len(state.markers)}
        from console.maps.builder import build_html  # folium: imported for a map, not for every command's start

        payload = state.payload()
        layer = None
        if mb is not None:
            got = basemaps.export_tiles(mb, Path(out), payload["bounds"] or [[mb.bounds[1], mb.bounds[0]],
                                                                             [mb.bounds[3], mb.bounds[2]]],
                                        **({"max_tiles": max_tiles} if max_tiles else {}))
            layer = got.pop("layer")
            summary["basemap"] = {"file": str(mb.path), "crs": crs, **got}
        html = build_html(payload, inline=True, tiles=tiles, tiles_attr=tiles_attr, basemap=layer)
        _write(Path(out), html)
    finally:
        if mb is not None:
            mb.close()
    summary.update(bytes=len(html.encode("utf-8")), seconds=round(time.perf_counter() - started, 3))
    return summary


def _write(out: Path, html: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")


def command(args) -> int:
    """Run `branch-console map` (args from add_parser)."""
    from console.store import open_store

    store = open_store(args.db)
    try:
        summary = export_map(store, Path(args.out), branch=args.branch, metric=args.metric,
                             tiles=args.tiles, tiles_attr=args.tiles_attr, province=args.province,
                             basemap=args.basemap, basemap_crs=args.basemap_crs)
    except LookupError as exc:  # load_branch_map: the branch went away meanwhile
        raise StoreError(exc.args[0] if exc.args else str(exc)) from exc  # keeps a T() text translatable
    finally:
        store.dispose()
    left_out = summary.get("basemap", {}).get("left_out")
    if left_out:  # capped: said, in the language of the map itself
        from console import i18n
        from console.services.exports.basemap import MAX_TILES

        print("branch-console: " + i18n.render(T(
            "the base map's zooms {zooms} were left out: a standalone map holds at most {most:,} tiles (it shows "
            "the highest zoom kept, enlarged, when zoomed in further)",
            zooms=f"{left_out[0]}–{left_out[-1]}" if len(left_out) > 1 else str(left_out[0]), most=MAX_TILES)),
            file=sys.stderr)
    print(json.dumps(summary, ensure_ascii=False))
    return 0
