"""R-ZONE-5 on the map: the district's page data carries its servant's start and the published
changes; the panel's "Who serves…" opens the clicked district's changes with the change form, and
a saved change rebuilds the page with the new servant, phones and photo."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

import pytest

from console.maps.state import MapState
from console.services.assessment import map_data
from console.services.assessment import servants as S
from console.views.kit.settings import Settings
from console.vocabulary import Role
from tests.factories import add_person
from tests.map_branch import NOW
from tests.views.map.test_view import TIMEOUT, js



def _png() -> bytes:
    """A real 1x1 PNG (the change form refuses a file it cannot show)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x6f\xb8")) + chunk(b"IEND", b""))


PNG = _png()


def _change(store, ids, boss):
    return S.change_servant(store, ids["d1"], maintainer_id=ids["m2"], service_phone="0791-2111111",
                            supervision_phone="0791-3111111", valid_from=dt.date(2026, 11, 1), reason="滕王阁并入刘洋片区",
                            actor_id=boss, now=NOW, photo=PNG)


def test_the_page_data_carries_each_districts_published_changes(sqlite_map_branch):
    store, ids = sqlite_map_branch
    boss = add_person(store, Role.MANAGER, ids["branch"], "NC900", "张伟")
    _change(store, ids, boss)
    state = MapState(map_data.load_branch_map(store, ids["branch"], now=NOW), lang="en")
    props = state.props[ids["d1"]]
    assert (props["maintainer"], props["service_phone"], props["since"]) == ("刘洋", "0791-2111111", "2026-11-01")
    assert props["changes"] == [{"from": "2026-11-01", "before": "李强 (NC101)", "after": "刘洋 (NC102)",
                                 "reason": "滕王阁并入刘洋片区"}]
    assert state.props[ids["d0"]]["changes"] == []  # the first servant, as imported: nothing published
    payload = state.payload()
    assert payload["photos"][str(ids["m2"])].startswith("data:image/png;base64,")
    assert payload["words"]["changes"] == "Changes of who serves the district (R-ZONE-5)"


@pytest.fixture
def panel(qtbot, sqlite_map_branch, tmp_path):
    from console.views.map.view import MapPanel

    store, ids = sqlite_map_branch
    boss = add_person(store, Role.MANAGER, ids["branch"], "NC900", "张伟")
    p = MapPanel(store, Settings(str(tmp_path / "settings.ini")), clock=lambda: NOW, user_id_fn=lambda: boss,
                 role_fn=lambda: "manager")
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    if not p.available:
        pytest.fail(f"QtWebEngine did not start: {p.error}")
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):
        p.show_branch(ids["branch"])
    return p, ids


def test_who_serves_from_the_clicked_district_changes_it_and_the_page_follows(qtbot, panel):
    p, ids = panel
    assert not p.who_serves.isEnabled()
    p._district_clicked(ids["d1"])  # what the page's click calls through the bridge
    assert p.who_serves.isEnabled()
    p.who_serves.click()
    dlg = p.changes_dialog
    with qtbot.waitSignal(dlg.sig_loaded, timeout=TIMEOUT):
        pass
    assert not dlg.change_button.isHidden() and dlg.table.rowCount() == 0
    form = dlg.open_change()
    with qtbot.waitSignal(form.sig_loaded, timeout=TIMEOUT):
        pass
    assert "served by 李强 (NC101)" in form.current.text()
    form.maintainer.setCurrentIndex(form.maintainer.findData(ids["m2"]))
    form.set_photo(PNG, "liuyang.png")
    assert form.photo == PNG and "liuyang.png" in form.photo_label.text()
    form.reason.setPlainText("滕王阁并入刘洋片区")
    with qtbot.waitSignal(p.sig_ready, timeout=TIMEOUT):  # the page is built again with the new servant
        with qtbot.waitSignal(form.sig_saved, timeout=TIMEOUT):
            form.save()
    assert js(qtbot, p, "consoleMap.byId[%d].feature.properties.maintainer" % ids["d1"]) == "刘洋"
    assert js(qtbot, p, "consoleMap.byId[%d].feature.properties.changes.length" % ids["d1"]) == 1
    popup = js(qtbot, p, "consoleMap.popupHtml(consoleMap.byId[%d].feature.properties)" % ids["d1"])
    since = NOW.date().isoformat()  # the form's default first day: today
    assert f"{since}: 李强 (NC101) → 刘洋 (NC102) (滕王阁并入刘洋片区)" in popup  # the clicked card publishes it
    assert f"<th>Serves since</th><td>{since}</td>" in popup and "<td>刘洋</td>" in popup
    assert "No change published" in js(qtbot, p, "consoleMap.popupHtml(consoleMap.byId[%d].feature.properties)"
                                       % ids["d0"])
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=TIMEOUT)
    assert dlg.table.item(0, 2).text() == "刘洋 (NC102)"


def test_a_dispatcher_on_the_map_gets_the_list_without_the_change_button(qtbot, panel):
    p, ids = panel
    p.set_user(lambda: None, lambda: "dispatcher")
    dlg = p.open_changes(None)
    with qtbot.waitSignal(dlg.sig_loaded, timeout=TIMEOUT):
        pass
    assert dlg.change_button.isHidden()
