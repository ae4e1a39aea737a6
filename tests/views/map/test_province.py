"""A province's districts on one map page (3,300): built off the GUI thread, every district drawn
on one canvas, the page's features (click, card, recolouring in place) working at that size."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from console.views.kit.settings import Settings
from tests.map_branch import NOW, province_map_data
from tests.views.map.test_view import CLICK, TIMEOUT, js

PROVINCE = 3300
HOVER = """(function () {
    var layer = consoleMap.byId[%d], map = consoleMap.map;
    var at = map.latLngToContainerPoint(layer.getBounds().getCenter()), box = map.getContainer().getBoundingClientRect();
    layer._renderer._container.dispatchEvent(new MouseEvent("mousemove", {
        bubbles: true, cancelable: true, clientX: box.left + at.x, clientY: box.top + at.y}));
    return true; })()"""


@pytest.fixture(scope="module")
def province():
    return province_map_data(PROVINCE)


def _panel(qtbot, tmp_path, monkeypatch, data):
    from console.services.assessment import map_data
    from console.views.map.view import MapPanel

    monkeypatch.setattr(map_data, "load_branch_map", lambda _store, _branch_id, now=None: data)
    monkeypatch.setattr(map_data, "order_points", lambda _store, _ids: {})  # new orders: no customer location
    p = MapPanel(None, Settings(str(tmp_path / "settings.ini")), clock=lambda: NOW)
    qtbot.addWidget(p)
    p.resize(1000, 760)
    p.show()
    if not p.available:
        pytest.fail(f"QtWebEngine did not start: {p.error}")
    return p


def test_the_province_page_is_built_off_the_gui_thread_and_draws_every_district(qtbot, tmp_path, monkeypatch,
                                                                                province):
    import console.views.map.view as view

    data, rows = province
    threads = []
    real_build = view.builder.build_html

    def spy(*a, **k):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_build(*a, **k)

    monkeypatch.setattr(view.builder, "build_html", spy)
    real_state = view.MapState

    class SpiedState(real_state):
        def __init__(self, *a, **k):
            threads.append(threading.current_thread() is threading.main_thread())
            super().__init__(*a, **k)

    monkeypatch.setattr(view, "MapState", SpiedState)
    p = _panel(qtbot, tmp_path, monkeypatch, data)
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT) as ready:
        p.show_branch(data.branch_id, rows)
    assert threads == [False, False]  # the metrics and the document: on a worker, not the GUI thread
    assert ready.args == [PROVINCE]
    assert p.view.url().toLocalFile().endswith("map-1.html")  # megabytes: through a file the worker wrote
    assert js(qtbot, p, "Object.keys(consoleMap.byId).length") == PROVINCE
    assert js(qtbot, p, "consoleMap.drawnDistricts()") == PROVINCE
    # one canvas draws them: no SVG path per district (thousands of DOM nodes made panning stutter)
    assert js(qtbot, p, "Object.keys(consoleMap.byId).every(function (id) { "
                        "return consoleMap.byId[id]._renderer instanceof L.Canvas; })") is True
    assert js(qtbot, p, 'document.querySelectorAll(".leaflet-overlay-pane path").length') == 0
    assert js(qtbot, p, 'document.querySelectorAll(".leaflet-overlay-pane canvas").length') == 1
    assert js(qtbot, p, "consoleMap.outline.getLayers()[0]._renderer instanceof L.Canvas") is True
    # the names come once zoomed in enough to read them, and only those in view
    assert js(qtbot, p, "document.querySelectorAll('.cm-label').length") == 0
    assert p.guard.blocked == []  # not one network request


def test_click_card_and_in_place_update_on_the_province_page(qtbot, tmp_path, monkeypatch, province):
    data, rows = province
    p = _panel(qtbot, tmp_path, monkeypatch, data)
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):
        p.show_branch(data.branch_id, rows)
    target = data.districts[1234]
    js(qtbot, p, "consoleMap.map.setView([%f, %f], 16, {animate: false}), true" % (target.latitude, target.longitude))
    names = js(qtbot, p, "Array.prototype.map.call(document.querySelectorAll('.cm-label'), "
                         "function (e) { return e.textContent; })")
    assert target.name in names and 0 < len(names) < PROVINCE / 10
    js(qtbot, p, "consoleMap.map.removeLayer(consoleMap.labels), true")  # the layers control's switch
    assert js(qtbot, p, "document.querySelectorAll('.cm-label').length") == 0
    js(qtbot, p, "consoleMap.map.addLayer(consoleMap.labels), true")
    assert js(qtbot, p, "document.querySelectorAll('.cm-label').length") == len(names)
    js(qtbot, p, HOVER % target.id)  # the pointer over the district: its tooltip
    qtbot.waitUntil(lambda: target.name in js(qtbot, p, 'document.querySelector(".cm-tip") ? '
                                                         'document.querySelector(".cm-tip").textContent : ""'),
                    timeout=TIMEOUT)
    with qtbot.waitSignal(p.sig_district_clicked, timeout=TIMEOUT) as clicked:
        js(qtbot, p, CLICK % target.id)
    assert clicked.args == [target.id]  # the canvas found the district under the pointer
    assert js(qtbot, p, "consoleMap.byId[%d].options.color" % target.id) == "#0d47a1"  # drawn as chosen
    qtbot.waitUntil(lambda: target.name in js(qtbot, p, 'document.querySelector(".cm-card") ? '
                                                         'document.querySelector(".cm-card").textContent : ""'),
                    timeout=TIMEOUT)
    assert js(qtbot, p, "consoleMap.fillOf(%d)" % target.id) == "#f7fbff"  # no open order
    js(qtbot, p, 'window.__marker = "same page", true')
    extra = [dataclasses.replace(rows[0], id=90_000 + i, number=f"PV-9{i:05d}", district_id=target.id)
             for i in range(3)]
    with qtbot.waitSignal(p.sig_updated, timeout=TIMEOUT) as updated:
        p.update_orders(rows + extra)
    assert updated.args[0]["districts"] == 1 and updated.args[0]["added"] == 3
    assert js(qtbot, p, "consoleMap.fillOf(%d)" % target.id) == "#9ecae1"  # 0 → 3 open orders, redrawn
    assert js(qtbot, p, "window.__marker") == "same page"
    p.set_metric("load")
    qtbot.waitUntil(lambda: js(qtbot, p, "consoleMap.metric") == "load", timeout=TIMEOUT)
    assert "Maintainer load" in js(qtbot, p, "consoleMap.legendDiv.textContent")
