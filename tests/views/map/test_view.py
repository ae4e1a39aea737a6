"""The map panel in QtWebEngine, offscreen: Leaflet loads, every district is drawn, a click
reaches Python, updates recolour in place, Esc clears; without QtWebEngine a label explains."""

from __future__ import annotations

import dataclasses
import json

import pytest

from console.services.orders import queue as orders
from console.views.kit.settings import Settings
from tests.map_branch import NOW

TIMEOUT = 30_000
# A mouse click where the dispatcher sees the district: on the canvas that draws every district,
# at the district's centre (the canvas finds the shape under the pointer, as for a real click).
CLICK = """(function () {
    var layer = consoleMap.byId[%d], map = consoleMap.map;
    var at = map.latLngToContainerPoint(layer.getBounds().getCenter()), box = map.getContainer().getBoundingClientRect();
    var target = layer._path || layer._renderer._container;
    var opts = {bubbles: true, cancelable: true, clientX: box.left + at.x, clientY: box.top + at.y};
    target.dispatchEvent(new MouseEvent("mousedown", opts));
    target.dispatchEvent(new MouseEvent("mouseup", opts));
    target.dispatchEvent(new MouseEvent("click", opts));
    return true; })()"""



def js(qtbot, panel, script: str):
    """Run `script` in the page and wait for its (JSON-encoded) result."""
    box = []
    panel.page.runJavaScript(f"JSON.stringify(({script}))", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=TIMEOUT)
    return json.loads(box[0])


@pytest.fixture
def panel(qtbot, sqlite_map_branch, tmp_path):
    from console.views.map.view import MapPanel

    store, ids = sqlite_map_branch
    p = MapPanel(store, Settings(str(tmp_path / "settings.ini")), clock=lambda: NOW)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    if not p.available:
        pytest.fail(f"QtWebEngine did not start: {p.error}")
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT) as ready:
        p.show_branch(ids["branch"])
    assert ready.args == [3]
    return p, ids


def test_leaflet_loads_and_draws_every_district(qtbot, panel):
    p, ids = panel
    assert js(qtbot, p, 'typeof L') == "object"
    assert js(qtbot, p, 'consoleMap.drawnDistricts()') == 3
    assert js(qtbot, p, 'document.querySelectorAll(".cm-label").length') == 3  # Chinese names
    assert js(qtbot, p, 'consoleMap.fillOf(%d)' % ids["d0"]) == "#c6dbef"  # 2 open orders
    assert p.guard.blocked == []  # not one network request


def test_click_on_a_district_reaches_python_and_esc_clears(qtbot, panel):
    p, ids = panel
    click = CLICK % ids["d2"]
    with qtbot.waitSignal(p.sig_district_clicked, timeout=TIMEOUT) as clicked:
        js(qtbot, p, click)
    assert clicked.args == [ids["d2"]]
    # the popup shows the R-ZONE-2 card: maintainer, work number, phones
    qtbot.waitUntil(lambda: "刘洋" in js(qtbot, p, 'document.querySelector(".cm-card") ? '
                                                    'document.querySelector(".cm-card").textContent : ""'))
    card = js(qtbot, p, 'document.querySelector(".cm-card").textContent')
    assert "NC102" in card and "0791-3000000" in card and "2,000 households" in card
    with qtbot.waitSignal(p.sig_district_cleared, timeout=TIMEOUT):
        p.clear_selection()
    assert js(qtbot, p, 'consoleMap.selected') is None


def test_in_place_update_recolours_one_district(qtbot, panel, sqlite_map_branch):
    p, ids = panel
    store, _ = sqlite_map_branch
    js(qtbot, p, 'window.__marker = "same page", true')  # a reload would lose this
    js(qtbot, p, 'consoleMap.map.setZoom(consoleMap.map.getZoom() + 1, {animate: false}), true')  # at once: no frame to wait for
    zoom = js(qtbot, p, 'consoleMap.map.getZoom()')
    rows = orders.open_orders(store, ids["branch"])
    late = next(r for r in rows if r.id == ids["late"])
    extra = [dataclasses.replace(late, id=10_000 + i, number=f"NC-9{i:03d}", district_id=ids["d2"])
             for i in range(3)]
    with qtbot.waitSignal(p.sig_updated, timeout=TIMEOUT) as updated:
        p.update_orders(rows + extra)
    assert updated.args[0]["districts"] == 1 and updated.args[0]["added"] == 3
    assert js(qtbot, p, 'consoleMap.fillOf(%d)' % ids["d2"]) == "#9ecae1"  # 0 → 3 open orders
    assert js(qtbot, p, 'consoleMap.fillOf(%d)' % ids["d0"]) == "#c6dbef"  # unchanged
    assert js(qtbot, p, 'window.__marker') == "same page"
    assert js(qtbot, p, 'consoleMap.map.getZoom()') == zoom
    p.set_metric("load")  # R-ZONE-1: 122 % is red
    qtbot.waitUntil(lambda: js(qtbot, p, 'consoleMap.fillOf(%d)' % ids["d0"]) == "#d73027", timeout=TIMEOUT)
    p.highlight_order(late)
    qtbot.waitUntil(lambda: js(qtbot, p, 'consoleMap.highlighted') == ids["d0"], timeout=TIMEOUT)
    assert js(qtbot, p, 'document.querySelectorAll("path.cm-ring").length') == 1


def test_one_changed_order_recolours_its_districts_in_place(qtbot, panel, sqlite_map_branch):
    p, ids = panel
    store, _ = sqlite_map_branch
    js(qtbot, p, 'window.__marker = "same page", true')
    rows = orders.open_orders(store, ids["branch"])
    late = next(r for r in rows if r.id == ids["late"])
    moved = dataclasses.replace(late, district_id=ids["d2"])
    with qtbot.waitSignal(p.sig_updated, timeout=TIMEOUT) as updated:
        p.update_changed({late.id: moved}, lambda: rows)
    assert updated.args[0]["districts"] == 2  # the district it left and the one it is in now
    assert js(qtbot, p, 'consoleMap.fillOf(%d)' % ids["d2"]) == "#c6dbef"  # 0 → 1 open order
    assert js(qtbot, p, 'consoleMap.fillOf(%d)' % ids["d0"]) == "#c6dbef"  # 2 → 1
    with qtbot.waitSignal(p.sig_updated, timeout=TIMEOUT):
        p.update_changed({late.id: None}, lambda: rows)  # gone from the queue
    assert js(qtbot, p, 'consoleMap.fillOf(%d)' % ids["d2"]) == "#f7fbff"
    assert js(qtbot, p, 'window.__marker') == "same page"


def test_refresh_with_the_same_districts_does_not_reload(qtbot, panel):
    p, ids = panel
    js(qtbot, p, 'window.__marker = "same page", true')
    with qtbot.waitSignal(p.sig_updated, timeout=TIMEOUT):
        p.show_branch(ids["branch"])
    assert js(qtbot, p, 'window.__marker') == "same page"


def test_without_web_engine_a_label_explains(qtbot, sqlite_map_branch, monkeypatch, tmp_path):
    from console.views.map.view import MapPanel

    store, ids = sqlite_map_branch
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "")
    monkeypatch.setattr("os.geteuid", lambda: 0, raising=False)
    p = MapPanel(store, Settings(str(tmp_path / "settings.ini")))
    qtbot.addWidget(p)
    assert not p.available
    assert "--no-sandbox" in p.message.text() and "works without the map" in p.message.text()
    p.show_branch(ids["branch"])  # harmless no-ops
    p.update_orders([])
    p.highlight_order(None)


def test_large_pages_load_from_a_file(qtbot, panel, monkeypatch):
    import console.views.map.view as view

    p, ids = panel
    monkeypatch.setattr(view, "SET_HTML_LIMIT", 1000)
    p._signature = None  # force a rebuild
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):
        p.show_branch(ids["branch"])
    assert p.view.url().toLocalFile().endswith(f"map-{ids['branch']}.html")
    assert js(qtbot, p, 'consoleMap.drawnDistricts()') == 3
