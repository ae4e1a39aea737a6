"""The map at province scope ("All branches") in QtWebEngine, offscreen: every district of every
branch on the one canvas, each branch outlined and named, a click on a branch (or its choice in the
list) zooms to it, a district click behaves as on a branch's map; not one network request."""

from __future__ import annotations

import pytest

from console.views.kit.settings import Settings
from tests.map_branch import NOW
from tests.views.map.test_view import CLICK, TIMEOUT, js

# A mouse click on a branch's name (a marker element on the page).
CLICK_NAME = """(function () {
    var el = Array.prototype.filter.call(document.querySelectorAll(".cm-branch"),
        function (e) { return e.textContent === %s; })[0];
    el.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}));
    return true; })()"""
# A mouse click on the canvas, on the middle of a branch outline's first edge.
CLICK_OUTLINE = """(function () {
    var b = consoleMap.branchById[%d], map = consoleMap.map, line = b.outline.coordinates[0];
    var at = map.latLngToContainerPoint([(line[0][1] + line[1][1]) / 2, (line[0][0] + line[1][0]) / 2]);
    var box = map.getContainer().getBoundingClientRect(), canvas = consoleMap.renderer._container;
    var opts = {bubbles: true, cancelable: true, clientX: box.left + at.x, clientY: box.top + at.y};
    canvas.dispatchEvent(new MouseEvent("mousedown", opts));
    canvas.dispatchEvent(new MouseEvent("mouseup", opts));
    canvas.dispatchEvent(new MouseEvent("click", opts));
    return true; })()"""
VIEW = "(function () { var b = consoleMap.map.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()"


@pytest.fixture
def province(qtbot, sqlite_province, tmp_path):
    from console.views.map.view import MapPanel

    store, ids = sqlite_province
    p = MapPanel(store, Settings(str(tmp_path / "settings.ini")), clock=lambda: NOW)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    if not p.available:
        pytest.fail(f"QtWebEngine did not start: {p.error}")
    p.set_province_allowed(True)
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):
        p.show_branch(ids["branch"])  # the console's branch first, as the main window does
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT) as ready:
        p.scope_box.setCurrentIndex(p.scope_box.findData("province"))  # "All branches"
    assert ready.args == [6]
    return p, ids


def _inside(view, box, slack=0.0) -> bool:
    (s, w), (n, e) = box
    return view[0] <= s + slack and view[1] <= w + slack and view[2] >= n - slack and view[3] >= e - slack


def test_every_district_of_every_branch_with_outlines_and_names(qtbot, province):
    p, ids = province
    assert p.province and p.branch_id is None
    assert js(qtbot, p, "consoleMap.drawnDistricts()") == 6
    for k in ("d0", "d1", "d2", "e0", "e1", "f0"):
        assert js(qtbot, p, "consoleMap.fillOf(%d) !== null" % ids[k]) is True
    assert js(qtbot, p, "consoleMap.fillOf(%d)" % ids["d0"]) == "#c6dbef"  # 2 open orders, as on its own map
    assert js(qtbot, p, "consoleMap.fillOf(%d)" % ids["e0"]) == "#c6dbef"  # 1 open order, another branch's
    names = js(qtbot, p, "Array.prototype.map.call(document.querySelectorAll('.cm-branch'), "
                         "function (e) { return e.textContent; })")
    assert sorted(names) == sorted(["南昌市分公司", "新建区分公司", "青山湖区分公司"])
    visible = ("Array.prototype.filter.call(document.querySelectorAll('.cm-branch'), "
               "function (e) { return e.style.visibility !== 'hidden'; }).length")
    assert js(qtbot, p, visible) == 3
    js(qtbot, p, "consoleMap.map.setZoom(5, {animate: false}), true")  # far out: the names would overlap
    qtbot.waitUntil(lambda: js(qtbot, p, visible) == 1, timeout=TIMEOUT)  # the largest branch's stays
    js(qtbot, p, "consoleMap.zoomToBranch(null, false)")
    qtbot.waitUntil(lambda: js(qtbot, p, visible) == 3, timeout=TIMEOUT)
    assert js(qtbot, p, "consoleMap.branchLayer.getLayers().filter(function (l) { "
                        "return l instanceof L.GeoJSON && l.getLayers()[0]._renderer instanceof L.Canvas && "
                        "l.getLayers()[0]._pxBounds; }).length") == 3  # three outlines drawn on the canvas
    assert js(qtbot, p, 'document.querySelectorAll(".cm-order, .cm-cluster").length') == 0  # counts only
    view = js(qtbot, p, VIEW)
    assert _inside(view, [[28.65, 115.60], [28.91, 116.32]])  # the whole province in view
    assert [p.zoom_box.itemText(i) for i in range(p.zoom_box.count())][1:] == [
        "南昌市分公司", "新建区分公司", "青山湖区分公司"]
    assert "3 branches, 6 districts, 3 open orders" in p.status.text()
    p.set_metric("load")  # R-ZONE-1: 2,200 households, judged by each branch's own norm
    qtbot.waitUntil(lambda: js(qtbot, p, "consoleMap.fillOf(%d)" % ids["e0"]) == "#fee08b", timeout=TIMEOUT)
    assert js(qtbot, p, "consoleMap.fillOf(%d)" % ids["f0"]) == "#c6dbef"
    assert p.guard.blocked == []  # not one network request


def _zoomed_to(qtbot, p, box) -> bool:
    view = js(qtbot, p, VIEW)
    (s, w), (n, e) = box
    # the branch in view, and not much more: at most twice its size each way (padding, zoom steps)
    return _inside(view, box, 1e-6) and (view[3] - view[1]) < 2 * max(e - w, (n - s) * 1.3) \
        and (view[2] - view[0]) < 2 * max(n - s, (e - w) / 1.3)


def test_a_click_on_a_branch_name_or_outline_zooms_to_it(qtbot, province):
    p, ids = province
    xj = [[28.65, 116.30], [28.66, 116.32]]
    assert not _zoomed_to(qtbot, p, xj)
    with qtbot.waitSignal(p.sig_branch_zoomed, timeout=TIMEOUT) as zoomed:
        js(qtbot, p, CLICK_NAME % '"新建区分公司"')
    assert zoomed.args == [ids["xj"]]
    assert _zoomed_to(qtbot, p, xj)
    assert p.zoom_box.currentData() == ids["xj"]  # the list follows the click
    p.zoom_to_branch(None)  # the whole province again
    qtbot.waitUntil(lambda: not _zoomed_to(qtbot, p, xj), timeout=TIMEOUT)
    qs = [[28.90, 115.60], [28.91, 115.61]]
    with qtbot.waitSignal(p.sig_branch_zoomed, timeout=TIMEOUT) as zoomed:
        js(qtbot, p, CLICK_OUTLINE % ids["qs"])
    assert zoomed.args == [ids["qs"]]
    assert _zoomed_to(qtbot, p, qs)
    p.zoom_box.setCurrentIndex(p.zoom_box.findData(ids["branch"]))  # chosen in the list
    qtbot.waitUntil(lambda: _zoomed_to(qtbot, p, [[28.65, 115.85], [28.66, 115.88]]), timeout=TIMEOUT)
    assert p.guard.blocked == []


def test_a_district_click_at_province_scope(qtbot, province):
    p, ids = province
    js(qtbot, p, "consoleMap.zoomToBranch(%d, false)" % ids["branch"])
    with qtbot.waitSignal(p.sig_district_clicked, timeout=TIMEOUT) as clicked:
        js(qtbot, p, CLICK % ids["d2"])  # the console's branch: the queue filters to it, as today
    assert clicked.args == [ids["d2"]]
    qtbot.waitUntil(lambda: "刘洋" in js(qtbot, p, 'document.querySelector(".cm-card") ? '
                                                    'document.querySelector(".cm-card").textContent : ""'))
    assert "南昌市分公司" in js(qtbot, p, 'document.querySelector(".cm-card").textContent')
    js(qtbot, p, "consoleMap.zoomToBranch(%d, false)" % ids["xj"])
    with qtbot.assertNotEmitted(p.sig_district_clicked, wait=500):
        js(qtbot, p, CLICK % ids["e1"])  # another branch's district: chosen on the map, the queue left alone
    assert js(qtbot, p, "consoleMap.selected") == ids["e1"]
    assert p.who_serves.isEnabled()
    qtbot.waitUntil(lambda: "陈明" in js(qtbot, p, 'document.querySelector(".cm-card") ? '
                                                    'document.querySelector(".cm-card").textContent : ""'))


def test_back_to_the_branch_and_province_only_for_those_allowed(qtbot, province):
    p, ids = province
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT) as ready:
        p.set_province_allowed(False)  # e.g. a branch dispatcher signs in: the console's branch again
    assert ready.args == [3] and not p.province and p.branch_id == ids["branch"]
    assert not p.scope_box.isVisible() and not p.zoom_box.isVisible()
    assert js(qtbot, p, 'document.querySelectorAll(".cm-branch").length') == 0


def test_the_main_window_offers_all_branches_to_an_inspector_only(qtbot, sqlite_store, tmp_path):
    from console.services.access import auth
    from console.views.shell.main_window import MainWindow
    from console.vocabulary import Role
    from tests.factories import T0, add_person, small_branch

    ids = small_branch(sqlite_store)
    inspector = add_person(sqlite_store, Role.INSPECTOR, ids["nc"], "NC800", "周正")
    w = MainWindow(sqlite_store, principal=auth.principal(sqlite_store, ids["dispatcher"]),
                   settings=Settings(str(tmp_path / "console.ini")), branch_id=ids["nc"], clock=lambda: T0)
    qtbot.addWidget(w)
    w.show()
    assert w.map.scope_box.isHidden()  # a branch's dispatcher: the branch's map only
    w.set_principal(auth.principal(sqlite_store, inspector))
    assert not w.map.scope_box.isHidden()
    assert [w.map.scope_box.itemData(i) for i in range(w.map.scope_box.count())] == ["branch", "province"]
    w.set_principal(auth.principal(sqlite_store, ids["dispatcher"]))
    assert w.map.scope_box.isHidden()


def test_a_reload_recolours_the_province_in_place(qtbot, province, sqlite_province):
    from console.models import District, Staff
    from tests.factories import make_order

    p, ids = province
    store, _ = sqlite_province
    js(qtbot, p, 'window.__marker = "same page", true')  # a reload of the page would lose it
    js(qtbot, p, "consoleMap.zoomToBranch(%d, false)" % ids["xj"])
    view = js(qtbot, p, VIEW)
    with store.write() as s:  # three new orders in another branch's district
        e1, disp = s.get(District, ids["e1"]), s.query(Staff).filter_by(work_number="XJ001").one()
        for k in range(3):
            make_order(s, e1, None, disp, f"XJ-01{k}", at=NOW)
    with qtbot.waitSignal(p.sig_updated, timeout=TIMEOUT) as updated:
        p.update_orders([])  # the queue read again (F5): every branch's counts are read again
    assert updated.args[0]["districts"] == 1  # only the district whose numbers changed travels
    assert js(qtbot, p, "consoleMap.fillOf(%d)" % ids["e1"]) == "#9ecae1"  # 0 → 3 open orders
    assert js(qtbot, p, "window.__marker") == "same page" and js(qtbot, p, VIEW) == view  # the view stays
    assert "6 open orders" in p.status.text()
