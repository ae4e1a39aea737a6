"""District map speed: a branch's districts and its order markers, or a province's. Prints JSON.

    .venv/bin/python benchmarks/map.py [--districts 500] [--orders 2000] [--updates 5]
    .venv/bin/python benchmarks/map.py --province        # 3,300 districts: every district of a province
    .venv/bin/python benchmarks/map.py --branches 100 --districts 33   # the province map: 100 branches

Synthetic branch (the demo's jittered lattice, a maintainer photo per district), no database:
the map's own cost is measured, not the read (load_branch_map answers the synthetic data at once).
The panel shows it as the console does (MapPanel.show_branch), in the QtWebEngine panel offscreen:
  worker_s        the build off the GUI thread (views.map.view.build_page: metrics, diff state,
                  folium HTML, its file)
  gui_ms          the GUI thread's share between "the data arrived" and "the page is handed to the
                  web view" (MapPanel._loaded), beside
  bare_gui_ms     a bare QWebEngineView handed the same page (load() of the file, or setHtml when
                  small), and their ratio
  gui_stall_ms    the longest the GUI thread's event loop went without a turn while the worker built
                  the page (a 2 ms heartbeat: the worker and the GUI thread share the interpreter),
                  beside idle_stall_ms, the same heartbeat for a second with nothing to do, and
                  full_gc_ms, the interpreter's full collections meanwhile (they stop every thread)
  bare_folium_s   a bare folium map with the same FeatureCollection as one GeoJson layer, rendered
  first_render_s  from show_branch to "Leaflet loaded and every district drawn"
  frame_ms        a pan and a zoom step of the page until its second frame after it (median; idle:
                  two frames and nothing to do; *_js: the page's script alone), the canvas page
                  beside the same page drawn in SVG (svg_frame_ms)
  update_ms       update_orders() with 10 % of the orders changing band, until the page answered
                  (Python diff + runJavaScript round trip); median and max of --updates runs
  update_js_ms    the page's own share of that
  metric_ms       set_metric() round trip
With --branches N the panel shows the province map (MapPanel.show_branch(None): every branch's
districts, outline and name; counts, no order markers), worker_s timing build_province_page, and
update_ms is a reload's in-place recolouring (every branch's counts read again, here at once).
Targets: GUI thread <= 100 ms; first render <= 1.5 s (500 districts); in-place update <= 100 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
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
from console.rules.periods import UTC  # noqa: E402
from console.services.assessment.map_data import (  # noqa: E402
    BranchMapData,
    DistrictMapInfo,
    month_start,
)
from console.services.orders.queue import OrderRow  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


def synthetic(n_districts: int, n_orders: int, seed: int = 1, *, branch_id: int = 1, first_id: int = 1,
              centre: tuple[float, float] = (115.89, 28.68), kind: str = "city",
              photos: bool = True) -> tuple[BranchMapData, list[OrderRow]]:
    rng = random.Random(seed)
    cols = max(1, round((n_districts * 1.25) ** 0.5))
    rows_ = -(-n_districts // cols)
    cells = lattice(rng, center=centre, cols=cols, rows=rows_, cell_km=0.8)[:n_districts]
    districts = []
    for i, c in enumerate(cells):
        lon, lat = c.label_point()
        hh = rng.randint(1500, 5500)
        d_id = first_id + i
        districts.append(DistrictMapInfo(
            d_id, f"BM-{d_id:05d}", f"第{d_id}片区", hh, "0791-2000000", "0791-3000000", c.geojson(), lat, lon,
            d_id, f"维护员{d_id}", f"BM{d_id:05d}", hh + rng.randint(0, 2000), rng.randint(0, 12),
            rng.randint(10, 50), 50))
    data = BranchMapData(branch_id, f"基准分公司{branch_id}" if branch_id > 1 else "基准分公司", kind,
                         4500 if kind == "city" else 2000, month_start(NOW), districts,
                         photos={d.maintainer_id: identicon(d.work_number) for d in districts} if photos else {})
    orders = []
    for k in range(n_orders):
        c = rng.randrange(len(cells))
        lon, lat = cells[c].random_point(rng)
        o_id = first_id * 1000 + k + 1
        data.order_points[o_id] = (lat, lon)
        budget = 24 * 3600
        due = NOW + dt.timedelta(seconds=rng.uniform(-0.3, 1.0) * budget)
        orders.append(OrderRow(
            o_id, f"BM-{o_id:08d}", "general_fault", "hotline", "normal", "assigned", "张三", "139", False,
            districts[c].id, districts[c].name, None, "", "王芳", NOW - dt.timedelta(hours=5), due, "running", budget,
            None, False, 0, None, None, None, "", 1))
    return data, orders


def synthetic_province(n_branches: int, per_branch: int, n_orders: int):
    """n_branches branches on a square grid ~0.12° apart (every other one a county, R-ZONE-1's
    other norm), per_branch districts each, n_orders open orders spread over them."""
    from console.services.assessment.map_data import ProvinceMapData

    side = max(1, round(n_branches ** 0.5))
    branches, rows = [], []
    for b in range(n_branches):
        centre = (115.0 + (b % side) * 0.12, 28.0 + (b // side) * 0.12)
        data, got = synthetic(per_branch, n_orders // n_branches, seed=b + 1, branch_id=b + 1,
                              first_id=b * per_branch + 1, centre=centre, kind="city" if b % 2 == 0 else "county",
                              photos=False)
        branches.append(data)
        rows.extend(got)
    return ProvinceMapData(month_start(NOW), branches), rows


# A pan and a zoom step, each until the page's second frame after it (the frame that shows it).
FRAMES_JS = """(function () {
  var m = consoleMap.map, z = m.getZoom(), steps = [], out = {idle: [], pan: [], zoom: [], pan_js: [], zoom_js: []};
  for (var i = 0; i < 4; i++) {
    steps.push(["idle", function () {}]);
    steps.push(["pan", function (k) { m.panBy([k % 2 ? -300 : 300, k % 2 ? -200 : 200], {animate: false}); }]);
    steps.push(["zoom", function (k) { m.setZoom(k % 2 ? z : z + 1, {animate: false}); }]);
  }
  window.__frames = null;
  (function next(k) {
    if (k === steps.length) { m.setZoom(z, {animate: false}); window.__frames = out; return; }
    var t0 = performance.now();
    steps[k][1](Math.floor(k / 3));
    if (steps[k][0] !== "idle") { out[steps[k][0] + "_js"].push(performance.now() - t0); }
    requestAnimationFrame(function () { requestAnimationFrame(function () {
      out[steps[k][0]].push(performance.now() - t0); next(k + 1); }); });
  })(0);
  return true; })()"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--districts", type=int, default=500)
    ap.add_argument("--province", action="store_true", help="3,300 districts (every district of a province)")
    ap.add_argument("--orders", type=int, default=2000)
    ap.add_argument("--updates", type=int, default=5)
    ap.add_argument("--branches", type=int, default=0,
                    help="the province map of this many branches of --districts districts each")
    ap.add_argument("--screenshot", help="save the panel as PNG after the first render")
    args = ap.parse_args()
    if args.province:
        args.districts = 3300

    if args.branches:
        data, rows = synthetic_province(args.branches, args.districts, args.orders)
    else:
        data, rows = synthetic(args.districts, args.orders)

    from PySide6.QtCore import QTimer, QUrl
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import folium

    import console.views.map.view as map_view
    from console.services.assessment import map_data
    from console.views.kit.settings import Settings
    from console.views.map import web
    from console.views.map.view import MapPanel

    def wait(predicate, timeout=120.0):
        end = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > end:
                raise TimeoutError("the map did not answer")
            app.processEvents()
            time.sleep(0.001)

    def page_js(page, script):
        box: list = []
        page.runJavaScript(script, 0, box.append)
        wait(lambda: box)
        return box[0]

    def frames(page) -> dict:
        page_js(page, FRAMES_JS)
        wait(lambda: page_js(page, "window.__frames !== null"))
        got = page_js(page, "JSON.stringify(window.__frames)")
        return {k: round(statistics.median(v), 1) for k, v in json.loads(got).items()}

    settings = Settings(str(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-map-settings.ini"))
    panel = MapPanel(None, settings, clock=lambda: NOW)
    if not panel.available:
        print(json.dumps({"error": panel.error}))
        return 1
    panel.resize(1200, 900)
    panel.show()
    result: dict = {"districts": args.districts, "orders": args.orders}
    if args.branches:
        result.update(branches=args.branches, districts=args.branches * args.districts, scope="province")

    # the read answers at once: what is measured is the map's own work
    map_data.load_branch_map = lambda _store, _branch_id, now=None: data
    map_data.load_province_map = lambda _store, now=None: data
    current = {"rows": rows}
    branch_of = {d.id: b.branch_id for b in getattr(data, "branches", ()) for d in b.districts}
    map_view.orders.open_orders = lambda _store, branch_id: [r for r in current["rows"]
                                                             if branch_of.get(r.district_id) == branch_id]
    timing: dict = {}
    built = "build_province_page" if args.branches else "build_page"
    build_page = getattr(map_view, built)

    def timed_build(*a, **k):
        t0 = time.perf_counter()
        page = build_page(*a, **k)
        timing["worker_s"] = time.perf_counter() - t0
        timing["page"] = page
        return page

    setattr(map_view, built, timed_build)
    loaded = panel._loaded

    def timed_loaded(*a):
        t0 = time.perf_counter()
        loaded(*a)
        timing["gui_ms"] = (time.perf_counter() - t0) * 1000

    panel._loaded = timed_loaded
    beats: list[float] = []
    heart = QTimer()
    heart.setInterval(2)
    heart.timeout.connect(lambda: beats.append(time.perf_counter()))

    def stall_ms(since: float, until: float) -> float:
        ts = [since] + [b for b in beats if since <= b <= until] + [until]
        return max(b - a for a, b in zip(ts, ts[1:])) * 1000

    heart.start()  # the floor: the longest gap with nothing to do (other programs share the CPUs)
    t = time.perf_counter()
    wait(lambda: time.perf_counter() - t > 1.0)
    result["idle_stall_ms"] = round(stall_ms(t, time.perf_counter()), 1)
    full_gc: list[float] = []  # the interpreter's full collections (they stop every thread)
    gc_started: list[float] = []

    def on_gc(phase, info):
        if info["generation"] == 2:
            if phase == "start":
                gc_started.append(time.perf_counter())
            elif gc_started:
                full_gc.append((time.perf_counter() - gc_started.pop()) * 1000)

    gc.callbacks.append(on_gc)
    ready: list = []
    panel.sig_ready.connect(ready.append)
    t = time.perf_counter()
    panel.show_branch(None if args.branches else data.branch_id, rows)
    wait(lambda: "gui_ms" in timing)
    handed = time.perf_counter()
    wait(lambda: ready)
    done = time.perf_counter()
    heart.stop()
    page = timing["page"]
    result["worker_s"] = round(timing["worker_s"], 3)
    result["gui_ms"] = round(timing["gui_ms"], 1)
    result["gui_stall_ms"] = round(stall_ms(t, handed), 1)
    result["gui_stall_loading_ms"] = round(stall_ms(handed, done), 1)
    result["full_gc_ms"] = [round(ms, 1) for ms in full_gc]  # during the build and the load
    gc.callbacks.remove(on_gc)
    result["first_render_s"] = round(done - t, 3)
    result["districts_drawn"] = ready[0]
    page_file = Path(panel.view.url().toLocalFile()) if page.html is None else None
    html = page.html if page.html is not None else page_file.read_text(encoding="utf-8")
    result["html_bytes"] = len(html.encode())
    result["renderer"] = page_js(panel.page, 'consoleMap.byId[Object.keys(consoleMap.byId)[0]]._renderer '
                                            'instanceof L.Canvas ? "canvas" : "svg"')
    if args.screenshot:
        shot_at = time.perf_counter() + 1.0
        wait(lambda: time.perf_counter() > shot_at)
        panel.grab().save(args.screenshot)
    result["frame_ms"] = frames(panel.page)

    # bare references, same run: folium with the same districts as one layer, a bare web view
    payload = page.state.payload()
    t = time.perf_counter()
    bounds = payload["bounds"]
    m = folium.Map(location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
                   zoom_start=12, tiles=None)
    asset = map_view.builder.web_dir_url()  # the vendored Leaflet, never folium's CDN
    m.default_js = [("leaflet", asset + "leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", asset + "leaflet/leaflet.css")]
    folium.GeoJson(payload["districts"], name="districts").add_to(m)
    bare_html = m.get_root().render()
    result["bare_folium_s"] = round(time.perf_counter() - t, 3)
    result["worker_vs_bare_folium"] = round(result["worker_s"] / result["bare_folium_s"], 2)
    bare, _bare_page, _bridge, bare_guard = web.make_view(None)  # the same no-network guard
    bare.resize(1200, 900)
    bare.show()
    finished: list = []
    bare.loadFinished.connect(finished.append)
    t = time.perf_counter()
    if page_file is not None:
        bare.load(QUrl.fromLocalFile(str(page_file)))
    else:
        bare.setHtml(html, QUrl.fromLocalFile(str(map_view.builder.WEB_DIR) + "/"))
    result["bare_gui_ms"] = round((time.perf_counter() - t) * 1000, 1)
    result["gui_vs_bare"] = round(result["gui_ms"] / max(result["bare_gui_ms"], 0.1), 2)
    wait(lambda: finished)

    # the same page drawn in SVG (one path per district, as before the canvas), same view size
    svg_file = Path(panel._tmp.name) / "bench-svg.html"
    svg_file.write_text(map_view.builder.build_html({**payload, "renderer": "svg"},
                                                    asset_base=map_view.builder.web_dir_url()), encoding="utf-8")
    finished.clear()
    bare.load(QUrl.fromLocalFile(str(svg_file)))
    wait(lambda: finished)
    wait(lambda: page_js(bare.page(), 'typeof consoleMap === "object"'))
    result["svg_frame_ms"] = frames(bare.page())
    bare_file = Path(panel._tmp.name) / "bench-bare-folium.html"
    bare_file.write_text(bare_html, encoding="utf-8")
    finished.clear()
    t = time.perf_counter()
    bare.load(QUrl.fromLocalFile(str(bare_file)))
    wait(lambda: finished)
    result["bare_folium_render_s"] = round(time.perf_counter() - t + result["bare_folium_s"], 3)

    rng = random.Random(2)
    walls, js_ms = [], []
    updated: list = []
    panel.sig_updated.connect(updated.append)
    for _ in range(args.updates):
        changed = set(rng.sample(range(len(rows)), len(rows) // 10))
        rows = [dataclasses.replace(r, due_at=r.due_at - dt.timedelta(hours=rng.uniform(3, 20)))
                if i in changed else r for i, r in enumerate(rows)]
        updated.clear()
        current["rows"] = rows
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
    result["targets_met"] = (result["gui_ms"] <= 100 and result["update_ms_max"] <= 100
                             and (args.districts > 500 or result["first_render_s"] <= 1.5))
    result["network_requests"] = len(panel.guard.blocked) + len(bare_guard.blocked)
    result["load"] = os.getloadavg()[0]
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
