"""Admin ▸ Map settings…: a file that is not a base map is refused with its reason and nothing is
saved; a good one is saved and the map draws its page again, with the file's tiles."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from console.views.kit.settings import Settings
from console.views.map.basemap import MAP_BASEMAP, MAP_BASEMAP_CRS, MAP_BASEMAP_OWN, MAP_TILE_ATTR, MAP_TILE_URL
from console.views.map.settings_dialog import MapSettingsDialog
from tests.map_branch import NOW
from tests.views.map.basemaps import LOADED_TILES, js_value, tiny_basemap

TIMEOUT = 30_000


@pytest.fixture
def settings(tmp_path):
    return Settings(str(tmp_path / "settings.ini"))


def dialog(qtbot, settings, store=None) -> MapSettingsDialog:
    dlg = MapSettingsDialog(settings, store=store)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


@pytest.mark.parametrize("content, reason", [
    (b"GIF89a and then nothing a database would hold" * 50, "is not an SQLite database"),
    (None, "no such base map file"),
])
def test_a_file_that_is_not_a_base_map_is_refused_with_its_reason_and_nothing_is_saved(qtbot, tmp_path, settings,
                                                                                        content, reason):
    settings.set(MAP_TILE_URL, "http://gis.intranet/old/{z}/{x}/{y}.png")
    bad = tmp_path / "bad.mbtiles"
    if content is not None:
        bad.write_bytes(content)
    dlg = dialog(qtbot, settings)
    dlg.file.setText(str(bad))
    dlg.url.setText("http://gis.intranet/new/{z}/{x}/{y}.png")  # typed, but nothing may be saved
    saved = []
    dlg.sig_saved.connect(lambda: saved.append(True))
    dlg.save()
    qtbot.waitUntil(lambda: dlg.message.isVisible() and not dlg.checking, timeout=TIMEOUT)
    assert reason in dlg.message.text() and str(bad) in dlg.message.text()
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted and not saved
    assert settings.get(MAP_BASEMAP) == ""
    assert settings.get(MAP_TILE_URL) == "http://gis.intranet/old/{z}/{x}/{y}.png"
    assert dlg.ok.isEnabled()  # another try is possible
    # what was typed is still there to correct
    assert dlg.file.text() == str(bad) and dlg.url.text() == "http://gis.intranet/new/{z}/{x}/{y}.png"


def test_a_tile_template_that_is_no_http_url_is_refused(qtbot, settings):
    dlg = dialog(qtbot, settings)
    dlg.url.setText("gis.intranet/tiles/{z}/{x}.png")
    dlg.save()
    assert dlg.message.isVisible() and "{z}, {x} and {y}" in dlg.message.text()
    assert settings.get(MAP_TILE_URL) == ""


def test_the_file_says_its_datum_and_the_choice_overrides_it(qtbot, tmp_path, settings):
    path = tmp_path / "gaode.mbtiles"
    tiny_basemap(path, crs="gcj02")
    dlg = dialog(qtbot, settings)
    dlg.file.setText(str(path))
    dlg.file.editingFinished.emit()
    qtbot.waitUntil(lambda: "GCJ-02, as the file says" in dlg.datum.text(), timeout=TIMEOUT)
    assert "zooms 12–16" in dlg.datum.text()
    dlg.crs.setCurrentIndex(dlg.crs.findData("wgs84"))
    dlg.own.setChecked(False)
    dlg.attr.setText("内网测绘")
    with qtbot.waitSignal(dlg.sig_saved, timeout=TIMEOUT):
        dlg.save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert (settings.get(MAP_BASEMAP), settings.get(MAP_BASEMAP_CRS), settings.get(MAP_BASEMAP_OWN),
            settings.get(MAP_TILE_ATTR)) == (str(path), "wgs84", 0, "内网测绘")


def test_clear_leaves_no_file(qtbot, tmp_path, settings):
    path = tmp_path / "tiny.mbtiles"
    tiny_basemap(path)
    settings.set(MAP_BASEMAP, str(path))
    settings.set(MAP_BASEMAP_CRS, "gcj02")
    dlg = dialog(qtbot, settings)
    assert dlg.file.text() == str(path) and dlg.crs.currentData() == "gcj02"
    dlg.clear.click()
    assert dlg.file.text() == "" and dlg.crs.currentData() == "" and dlg.datum.text() == "No file chosen."
    with qtbot.waitSignal(dlg.sig_saved, timeout=TIMEOUT):
        dlg.save()
    assert settings.get(MAP_BASEMAP) == "" and settings.get(MAP_BASEMAP_CRS) == ""


def test_a_good_file_is_saved_and_the_map_reloads_with_its_tiles(qtbot, sqlite_map_branch, tmp_path, settings):
    from console.views.map.view import MapPanel

    store, ids = sqlite_map_branch
    panel = MapPanel(store, settings, clock=lambda: NOW)
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    if not panel.available:
        pytest.fail(f"QtWebEngine did not start: {panel.error}")
    with qtbot.waitSignal(panel.sig_ready, timeout=TIMEOUT):
        panel.show_branch(ids["branch"])
    assert js_value(qtbot, panel.page, "document.querySelectorAll('img.leaflet-tile').length") == 0  # no base map
    path = tmp_path / "tiny.mbtiles"
    tiny_basemap(path)
    dlg = dialog(qtbot, settings, store)
    dlg.sig_saved.connect(panel.basemap_changed)  # as the main window wires it
    dlg.file.setText(str(path))
    with qtbot.waitSignal(panel.sig_ready, timeout=TIMEOUT):
        dlg.save()
    assert settings.get(MAP_BASEMAP) == str(path)
    qtbot.waitUntil(lambda: js_value(qtbot, panel.page, LOADED_TILES) > 0, timeout=TIMEOUT)
    assert panel.guard.blocked == []


def test_the_consoles_own_database_is_no_base_map(qtbot, sqlite_store, settings):
    """Opening the database file as a base map would drop SQLite's locks (docs/security.md)."""
    dlg = dialog(qtbot, settings, sqlite_store)
    dlg.file.setText(str(sqlite_store.sqlite_path))
    dlg.save()
    qtbot.waitUntil(lambda: dlg.message.isVisible() and not dlg.checking, timeout=TIMEOUT)
    assert "is the console's own database" in dlg.message.text()
    assert settings.get(MAP_BASEMAP) == ""
