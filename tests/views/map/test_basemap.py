"""The offline base map on the console's map (QtWebEngine, offscreen): tiles from an MBTiles file
through the console's own URL scheme, read off the GUI thread, no network request; the database's
own base map (the demo's) by default; the districts moved onto a GCJ-02 base map; names at the fit
zoom above the clusters; the legend, a metric scale bar, an order selected shown at about zoom 16."""

from __future__ import annotations

import math
import threading

import pytest

from console.maps import coords
from console.maps.mbtiles import MBTiles
from console.services.exports.basemap import own_basemap
from console.services.orders import queue as orders
from console.views.kit.settings import Settings
from console.views.map.basemap import MAP_BASEMAP, MAP_BASEMAP_CRS, MAP_BASEMAP_OWN
from tests.map_branch import NOW
from tests.views.map.basemaps import LOADED_TILES, TILE_SOURCES, js_value, tiny_basemap

TIMEOUT = 30_000


def open_panel(qtbot, store, settings, branch_id, *, wait: bool = True):
    from console.views.map.view import MapPanel

    p = MapPanel(store, settings, clock=lambda: NOW)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    if not p.available:
        pytest.fail(f"QtWebEngine did not start: {p.error}")
    if not wait:
        p.show_branch(branch_id)
        return p
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):
        p.show_branch(branch_id)
    return p


def js(qtbot, p, script):
    return js_value(qtbot, p.page, script)


def tiles_loaded(qtbot, p) -> int:
    qtbot.waitUntil(lambda: js(qtbot, p, LOADED_TILES) > 0, timeout=TIMEOUT)
    return js(qtbot, p, LOADED_TILES)


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.mbtiles"
    tiny_basemap(path)
    return path


@pytest.fixture
def settings(tmp_path):
    return Settings(str(tmp_path / "settings.ini"))


def test_tiles_come_from_the_file_through_the_scheme_off_the_gui_thread(qtbot, sqlite_map_branch, tiny, settings,
                                                                        monkeypatch):
    store, ids = sqlite_map_branch
    threads = []
    real_tile = MBTiles.tile

    def spy(self, z, x, y):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_tile(self, z, x, y)

    monkeypatch.setattr(MBTiles, "tile", spy)
    settings.set(MAP_BASEMAP, str(tiny))
    p = open_panel(qtbot, store, settings, ids["branch"])
    assert js(qtbot, p, "typeof L") == "object"
    assert tiles_loaded(qtbot, p) > 0
    sources = js(qtbot, p, TILE_SOURCES)
    assert sources and all(s.startswith("bcmap://t") and s.endswith(".png") for s in sources), sources
    assert threads and not any(threads)  # every tile read on a worker thread, none on the GUI thread
    assert p.tiles.served >= len(sources) and p.tiles.source.path == tiny
    assert p.guard.blocked == [] and p.guard.tiles > 0  # not one network request: the scheme only
    assert "base map not shown" not in p.status.text() and p.basemap_error == ""
    # the district names are on screen at the zoom the branch fits at
    assert js(qtbot, p, "consoleMap.map.getZoom() === consoleMap.labelZoom")
    assert sorted(js(qtbot, p, "consoleMap.visibleLabels()")) == sorted(["八一社区", "滕王阁", "青山湖"])


class _Request:
    """What QtWebEngine hands the interceptor, as far as the guard looks at it."""

    def __init__(self, url: str):
        from PySide6.QtCore import QUrl

        self.url, self.blocked = QUrl(url), None

    def requestUrl(self):  # noqa: N802 - Qt's name
        return self.url

    def block(self, yes: bool) -> None:
        self.blocked = yes


def test_the_guard_lets_the_tile_scheme_pass_and_still_blocks_the_network(qtbot):
    from console.views.map.web import NoNetwork

    guard = NoNetwork()
    for url, stopped in (("bcmap://t0123/14/13400/6800.png", None), ("file:///tmp/x.png", None),
                         ("https://tile.openstreetmap.org/1/0/0.png", True), ("http://192.168.1.5/t/1/0/0.png", True),
                         ("wss://example.org/live", True)):
        request = _Request(url)
        guard.interceptRequest(request)
        assert request.blocked is stopped, url
    assert guard.tiles == 1 and len(guard.blocked) == 3
    guard.allow_tiles("http://192.168.1.5/t/{z}/{x}/{y}.png")  # the intranet tile server an admin set
    request = _Request("http://192.168.1.5/t/1/0/0.png")
    guard.interceptRequest(request)
    assert request.blocked is None


def test_a_tile_the_file_lacks_is_not_found_and_the_map_still_loads(qtbot, sqlite_map_branch, tmp_path, settings):
    from console.maps.mbtiles import lonlat_to_tile
    from console.views.map.tiles import tile_url

    store, ids = sqlite_map_branch
    path = tmp_path / "holes.mbtiles"
    tiny_basemap(path)
    settings.set(MAP_BASEMAP, str(path))
    p = open_panel(qtbot, store, settings, ids["branch"])
    tiles_loaded(qtbot, p)
    x, y = (int(v) for v in lonlat_to_tile(100.0, 10.0, 14))  # far from the file's tiles
    url = tile_url(p.tiles.key).replace("{z}", "14").replace("{x}", str(x)).replace("{y}", str(y))
    before = p.tiles.missing
    js(qtbot, p, "(function () { var i = new Image(); window.__probe = 'waiting'; "
                 "i.onload = function () { window.__probe = 'loaded'; }; "
                 "i.onerror = function () { window.__probe = 'failed'; }; i.src = %r; return true; })()" % url)
    qtbot.waitUntil(lambda: js(qtbot, p, "window.__probe") != "waiting", timeout=TIMEOUT)
    assert js(qtbot, p, "window.__probe") == "failed"
    assert p.tiles.missing == before + 1


def test_a_request_whose_job_is_gone_gets_no_reply(qtbot, sqlite_map_branch, tiny, settings, monkeypatch):
    """Tiles still being read when QtWebEngine drops their requests (the page went away): the
    replies are dropped, nothing crashes, and the next page gets its tiles."""
    store, ids = sqlite_map_branch
    gate = threading.Event()
    real_tile = MBTiles.tile

    def slow(self, z, x, y):
        gate.wait(20)
        return real_tile(self, z, x, y)

    monkeypatch.setattr(MBTiles, "tile", slow)
    settings.set(MAP_BASEMAP, str(tiny))
    p = open_panel(qtbot, store, settings, ids["branch"], wait=False)  # (the page loads once its images did)
    qtbot.waitUntil(lambda: p.tiles.pending > 0, timeout=TIMEOUT)
    with qtbot.waitSignal(p.view.loadFinished, timeout=TIMEOUT):
        p.view.setHtml("<p>elsewhere</p>")  # every tile request of the map page is cancelled
    qtbot.waitUntil(lambda: p.tiles.pending == 0, timeout=TIMEOUT)  # their jobs were destroyed
    gate.set()
    qtbot.waitUntil(lambda: p.tiles.dropped > 0, timeout=TIMEOUT)
    assert p.tiles.served == 0
    p._signature = None
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):
        p.show_branch(ids["branch"])
    assert tiles_loaded(qtbot, p) > 0


def test_the_databases_own_base_map_is_shown_by_default(qtbot, sqlite_map_branch, settings):
    store, ids = sqlite_map_branch
    own = own_basemap(store.url)
    assert own == store.sqlite_path.with_name(store.sqlite_path.stem + ".basemap.mbtiles")
    tiny_basemap(own)
    p = open_panel(qtbot, store, settings, ids["branch"])
    assert tiles_loaded(qtbot, p) > 0
    assert p.tiles.source.path == own
    settings.set(MAP_BASEMAP_OWN, 0)  # the admin said no
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):
        p.basemap_changed()
    assert p.tiles.source is None
    assert js(qtbot, p, "document.querySelectorAll('img.leaflet-tile').length") == 0


def test_a_broken_base_map_leaves_the_map_without_tiles_and_says_why(qtbot, sqlite_map_branch, tmp_path, settings):
    store, ids = sqlite_map_branch
    bad = tmp_path / "bad.mbtiles"
    bad.write_bytes(b"not a database at all" * 100)
    settings.set(MAP_BASEMAP, str(bad))
    p = open_panel(qtbot, store, settings, ids["branch"])
    assert js(qtbot, p, "consoleMap.drawnDistricts()") == 3
    assert p.tiles.source is None
    assert "base map not shown" in p.status.text() and "not an SQLite database" in p.status.text()


def _metres(a, b) -> float:
    """Ground distance between two (lon, lat) points (equirectangular; a few hundred metres)."""
    k = 111_320.0
    return math.hypot((a[0] - b[0]) * k * math.cos(math.radians(a[1])), (a[1] - b[1]) * k)


@pytest.mark.parametrize("crs", ["wgs84", "gcj02"])
def test_on_a_gcj02_base_map_the_districts_are_moved_onto_it(qtbot, sqlite_map_branch, tmp_path, settings, crs):
    store, ids = sqlite_map_branch
    path = tmp_path / f"{crs}.mbtiles"
    tiny_basemap(path, crs=crs)
    settings.set(MAP_BASEMAP, str(path))
    p = open_panel(qtbot, store, settings, ids["branch"])
    vertex = js(qtbot, p, "consoleMap.byId[%d].feature.geometry.coordinates[0][0]" % ids["d0"])
    stored = (115.85, 28.65)  # tests/factories.square: the district's first corner
    label = js(qtbot, p, "consoleMap.byId[%d].feature.properties.label" % ids["d0"])  # [lat, lon]
    if crs == "gcj02":
        assert vertex == pytest.approx(list(coords.wgs84_to_gcj02(*stored)), abs=1e-6)
        assert 450 < _metres(vertex, stored) < 750  # the known offset in Nanchang: about 600 m
        assert label == pytest.approx(list(reversed(coords.wgs84_to_gcj02(115.855, 28.655))), abs=1e-6)
    else:
        assert vertex == pytest.approx(list(stored), abs=1e-9)
        assert label == pytest.approx([28.655, 115.855], abs=1e-9)
    # an override in the settings wins over the file's word
    settings.set(MAP_BASEMAP_CRS, "wgs84")
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):
        p.basemap_changed()
    vertex = js(qtbot, p, "consoleMap.byId[%d].feature.geometry.coordinates[0][0]" % ids["d0"])
    assert vertex == pytest.approx(list(stored), abs=1e-9)


def test_names_sit_above_the_clusters_and_the_legend_says_every_colour(qtbot, sqlite_map_branch, tiny, settings):
    store, ids = sqlite_map_branch
    settings.set(MAP_BASEMAP, str(tiny))
    p = open_panel(qtbot, store, settings, ids["branch"])
    labels_z = int(js(qtbot, p, "getComputedStyle(consoleMap.map.getPane('cm-labels')).zIndex"))
    markers_z = int(js(qtbot, p, "getComputedStyle(consoleMap.map.getPane('markerPane')).zIndex"))
    assert labels_z > markers_z  # the order clusters are markers: a name is never under one
    assert js(qtbot, p, "consoleMap.map.getPane('cm-labels').querySelectorAll('.cm-label').length") == 3
    assert js(qtbot, p, "consoleMap.map.getPane('markerPane').querySelectorAll('.cm-label').length") == 0
    legend = js(qtbot, p, "document.querySelector('.cm-legend').textContent")
    for word in ("Open orders", "1–2", "Orders, by time limit", "breached", "near due 80%+", "waiting for materials",
                 "★", "Major client", "Orders close together"):
        assert word in legend, word
    bands = js(qtbot, p, "Array.prototype.map.call(document.querySelectorAll('.cm-legend-band .cm-dot'), "
                         "function (e) { return getComputedStyle(e).backgroundColor; })")
    assert "rgb(198, 40, 40)" in bands  # breached: the queue's #c62828
    # a metric scale bar only: one line (Leaflet's imperial one would be a second)
    assert js(qtbot, p, "document.querySelectorAll('.leaflet-control-scale-line').length") == 1
    assert js(qtbot, p, "/m$/.test(document.querySelector('.leaflet-control-scale-line').textContent)")


def test_an_order_selected_in_the_queue_is_shown_at_about_zoom_16(qtbot, sqlite_map_branch, tiny, settings):
    store, ids = sqlite_map_branch
    settings.set(MAP_BASEMAP, str(tiny))
    p = open_panel(qtbot, store, settings, ids["branch"])
    assert js(qtbot, p, "consoleMap.map.getZoom()") < 16
    late = next(r for r in orders.open_orders(store, ids["branch"]) if r.id == ids["late"])
    p.highlight_order(late)
    qtbot.waitUntil(lambda: js(qtbot, p, "consoleMap.map.getZoom()") == 16, timeout=TIMEOUT)
    centre = js(qtbot, p, "[consoleMap.map.getCenter().lat, consoleMap.map.getCenter().lng]")
    ring = js(qtbot, p, "consoleMap.highlight.getLayers()[0].getLatLng()")
    assert centre == pytest.approx([ring["lat"], ring["lng"]], abs=1e-4)
    js(qtbot, p, "consoleMap.map.setZoom(18, {animate: false}), true")
    p.highlight_order(late)  # zoomed in further already: it stays there
    qtbot.waitUntil(lambda: js(qtbot, p, "consoleMap.highlighted") == ids["d0"], timeout=TIMEOUT)
    assert js(qtbot, p, "consoleMap.map.getZoom()") == 18


def test_the_names_stay_when_the_dock_is_resized(qtbot, sqlite_map_branch, settings):
    """Still on the whole branch, a resized dock fits it again, names included; zoomed in by the
    dispatcher, the view stays and the names with it."""
    store, ids = sqlite_map_branch
    p = open_panel(qtbot, store, settings, ids["branch"])
    names = sorted(["八一社区", "滕王阁", "青山湖"])
    small = js(qtbot, p, "consoleMap.map.getZoom()")
    p.resize(1500, 1000)
    qtbot.waitUntil(lambda: js(qtbot, p, "consoleMap.map.getZoom()") > small, timeout=TIMEOUT)  # fitted again
    assert js(qtbot, p, "consoleMap.map.getZoom() === consoleMap.labelZoom")
    assert sorted(js(qtbot, p, "consoleMap.visibleLabels()")) == names
    js(qtbot, p, "consoleMap.map.setZoom(consoleMap.map.getZoom() + 1, {animate: false}), true")
    zoom = js(qtbot, p, "consoleMap.map.getZoom()")
    p.resize(600, 500)
    qtbot.waitUntil(lambda: js(qtbot, p, "consoleMap.map.getSize().x") < 700, timeout=TIMEOUT)
    assert js(qtbot, p, "consoleMap.map.getZoom()") == zoom  # the dispatcher's view stays
    assert js(qtbot, p, "consoleMap.map.getZoom() >= consoleMap.labelZoom")
    assert js(qtbot, p, "consoleMap.visibleLabels().length") >= 1
