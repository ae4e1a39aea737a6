"""District map speed: 500 districts and 2,000 order markers. Prints JSON.

    .venv/bin/python benchmarks/map.py [--districts 500] [--orders 2000] [--updates 5]

Synthetic branch (the demo's jittered lattice, a maintainer photo per district), no database:
the map's own cost is measured, not the read. Measures, in the QtWebEngine panel offscreen:
  build_s         Python: metrics + diff state + folium HTML
  first_render_s  from show to "Leaflet loaded and every district path drawn" (build included)
  update_ms       update_orders() with 10 % of the orders changing band, until the page answered
                  (Python diff + runJavaScript round trip); median and max of --updates runs
  update_js_ms    the page's own share of that
  metric_ms       set_metric() round trip
Targets: first render <= 1.5 s; in-place update <= 100 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
# benchmarks/queue.py would shadow the standard library's queue (folium → requests → urllib3 needs it)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.demo.avatar import identicon  # noqa: E402
from console.demo.geo import lattice  # noqa: E402
from console.maps import builder  # noqa: E402
from console.maps.state import MapState  # noqa: E402
from console.rules.periods import UTC  # noqa: E402
from console.services.assessment.map_data import (  # noqa: E402
    BranchMapData,
    DistrictMapInfo,
    month_start,
)
from console.services.orders.queue import OrderRow  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


def synthetic(n_districts: int, n_orders: int, seed: int = 1) -> tuple[BranchMapData, list[OrderRow]]:
    rng = random.Random(seed)
    cols = max(1, round((n_districts * 1.25) ** 0.5))
    rows_ = -(-n_districts // cols)
    cells = lattice(rng, center=(115.89, 28.68), cols=cols, rows=rows_, cell_km=0.8)[:n_districts]
    districts = []
    for i, c in enumerate(cells):
        lon, lat = c.label_point()
        hh = rng.randint(1500, 5500)
        districts.append(DistrictMapInfo(
            i + 1, f"BM-{i:04d}", f"第{i + 1}片区", hh, "0791-2000000", "0791-3000000", c.geojson(), lat, lon,
            i + 1, f"维护员{i + 1}", f"BM{i:04d}", hh + rng.randint(0, 2000), rng.randint(0, 12),
            rng.randint(10, 50), 50))
    data = BranchMapData(1, "基准分公司", "city", 4500, month_start(NOW), districts,
                         photos={d.maintainer_id: identicon(d.work_number) for d in districts})
    orders = []
    for k in range(n_orders):
        c = rng.randrange(len(cells))
        lon, lat = cells[c].random_point(rng)
        data.order_points[k + 1] = (lat, lon)
        budget = 24 * 3600
        due = NOW + dt.timedelta(seconds=rng.uniform(-0.3, 1.0) * budget)
        orders.append(OrderRow(
            k + 1, f"BM-{k:06d}", "general_fault", "hotline", "normal", "assigned", "张三", "139", False,
            c + 1, districts[c].name, None, "", "王芳", NOW - dt.timedelta(hours=5), due, "running", budget,
            None, False, 0, None, None, None, "", 1))
    return data, orders


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--districts", type=int, default=500)
    ap.add_argument("--orders", type=int, default=2000)
    ap.add_argument("--updates", type=int, default=5)
    ap.add_argument("--screenshot", help="save the panel as PNG after the first render")
    args = ap.parse_args()

    data, rows = synthetic(args.districts, args.orders)
    t = time.perf_counter()
    state = MapState(data)
    state.apply_rows(rows, NOW)
    html = builder.build_html(state.payload(), asset_base=builder.web_dir_url(), channel=True)
    build_s = time.perf_counter() - t

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from console.views.kit.settings import Settings
    from console.views.map.view import MapPanel

    settings = Settings(str(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-map-settings.ini"))
    panel = MapPanel(None, settings, clock=lambda: NOW)
    if not panel.available:
        print(json.dumps({"error": panel.error}))
        return 1
    panel.resize(1200, 900)
    panel.show()
    result: dict = {"districts": args.districts, "orders": args.orders, "html_bytes": len(html.encode()),
                    "build_s": round(build_s, 3)}

    def wait(predicate, timeout=60.0):
        end = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > end:
                raise TimeoutError("the map did not answer")
            app.processEvents()
            time.sleep(0.001)

    ready: list = []
    panel.sig_ready.connect(ready.append)
    t = time.perf_counter()
    panel._load_seq = 1
    panel._loaded(1, data.branch_id, data, rows)  # what show_branch() does once the read is back
    wait(lambda: ready)
    result["first_render_s"] = round(time.perf_counter() - t, 3)
    result["paths_drawn"] = ready[0]
    if args.screenshot:
        shot_at = time.perf_counter() + 1.0
        wait(lambda: time.perf_counter() > shot_at)
        panel.grab().save(args.screenshot)

    rng = random.Random(2)
    walls, js_ms = [], []
    updated: list = []
    panel.sig_updated.connect(updated.append)
    for _ in range(args.updates):
        changed = set(rng.sample(range(len(rows)), len(rows) // 10))
        rows = [dataclasses.replace(r, due_at=r.due_at - dt.timedelta(hours=rng.uniform(3, 20)))
                if i in changed else r for i, r in enumerate(rows)]
        updated.clear()
        t = time.perf_counter()
        panel.update_orders(rows)
        wait(lambda: updated)
        walls.append((time.perf_counter() - t) * 1000)
        js_ms.append(updated[0]["ms"])
    result["update_ms_median"] = round(statistics.median(walls), 1)
    result["update_ms_max"] = round(max(walls), 1)
    result["update_js_ms_median"] = round(statistics.median(js_ms), 1)
    result["last_update"] = {k: updated[0][k] for k in ("districts", "added", "removed", "changed")}

    box: list = []
    t = time.perf_counter()
    panel.set_metric("load")
    panel.page.runJavaScript("consoleMap.metric", 0, box.append)
    wait(lambda: box)
    result["metric_ms"] = round((time.perf_counter() - t) * 1000, 1)
    result["targets_met"] = result["first_render_s"] <= 1.5 and result["update_ms_max"] <= 100
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
