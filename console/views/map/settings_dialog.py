"""Admin ▸ Map settings…: the base map under the district map, on this computer.

An offline base map file (MBTiles, raster tiles: views/map/basemap.py), its datum as the file
says it with a choice to override it (a GCJ-02 base map moves the districts onto it,
console.maps.datum), whether the database's own base map (the demo's) shows when no file is
chosen, and an intranet tile server (URL template and attribution) for when no file is shown.
OK checks first: a file that cannot serve as a base map is refused with the reason the file
gives (console.maps.mbtiles.BaseMapError), and nothing at all is saved; a template that is not an
http(s) URL with {z}, {x} and {y} likewise. Files are opened off the GUI thread (kit.ops.ReadOp).
`sig_saved` tells the map to draw its page again on the new base map.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from console import i18n
from console.services.exports.basemap import own_basemap
from console.views.kit import file_dialogs
from console.views.kit.ops import ReadOp
from console.views.map.basemap import (
    MAP_BASEMAP,
    MAP_BASEMAP_CRS,
    MAP_BASEMAP_OWN,
    MAP_TILE_ATTR,
    MAP_TILE_URL,
    describe,
)

ERROR_STYLE = "color: #b71c1c;"


class MapSettingsDialog(QDialog):
    sig_saved = Signal()
    """The settings were saved (the map draws its page again)."""

    def __init__(self, settings, *, store=None, parent=None):
        super().__init__(parent)
        self.setObjectName("MapSettingsDialog")
        self.setWindowTitle(self.tr("Map settings"))
        self.settings, self.store = settings, store
        self.checking = False  # a file is being opened (OK waits for it)
        self._described = ""  # the file whose datum the dialog shows

        intro = QLabel(self.tr("The base map under the districts on this computer: an offline map file, or else the "
                               "intranet's tile server. The map never goes to the internet."), self)
        intro.setWordWrap(True)
        self.file = QLineEdit(settings.get(MAP_BASEMAP), self)
        self.file.setObjectName("MapBasemapFile")
        self.file.setPlaceholderText(self.tr("No file chosen"))
        self.file.setToolTip(self.tr("An MBTiles file of raster tiles (png, jpg or webp), e.g. exported from the "
                                     "intranet's map server"))
        self.file.editingFinished.connect(self._describe)
        self.browse = QPushButton(self.tr("&Browse…"), self)
        self.browse.setObjectName("MapBasemapBrowse")
        self.browse.clicked.connect(self._browse)
        self.clear = QPushButton(self.tr("C&lear"), self)
        self.clear.setObjectName("MapBasemapClear")
        self.clear.setToolTip(self.tr("No base map file: the database's own base map if it has one and that is "
                                      "chosen below, else the intranet tiles, else none"))
        self.clear.clicked.connect(self.clear_file)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.browse)
        row.addWidget(self.clear)
        self.datum = QLabel(self)
        self.datum.setObjectName("MapBasemapDatum")
        self.datum.setWordWrap(True)
        self.crs = QComboBox(self)
        self.crs.setObjectName("MapBasemapCrs")
        self.crs.addItem(self.tr("As the file says"), "")
        self.crs.addItem(self.tr("WGS-84 (GPS, OpenStreetMap)"), "wgs84")
        self.crs.addItem(self.tr("GCJ-02 (Gaode, Tencent)"), "gcj02")
        self.crs.setToolTip(self.tr("The datum the tiles are drawn in. GCJ-02 tiles are shifted by a few hundred "
                                    "metres: the districts, orders and clients are shifted the same way to sit on "
                                    "their streets"))
        self.crs.setCurrentIndex(max(0, self.crs.findData(settings.get(MAP_BASEMAP_CRS))))
        self.own = QCheckBox(self.tr("Without a file, show the database's own base map when it has one (the "
                                     "demo's)"), self)
        self.own.setObjectName("MapBasemapOwn")
        self.own.setChecked(bool(settings.get(MAP_BASEMAP_OWN)))
        self.own_path = own_basemap(getattr(store, "url", None))
        self.own_info = QLabel(self)
        self.own_info.setObjectName("MapBasemapOwnInfo")
        self.own_info.setWordWrap(True)
        self.url = QLineEdit(settings.get(MAP_TILE_URL), self)
        self.url.setObjectName("MapTileUrl")
        self.url.setPlaceholderText(self.tr("e.g. http://gis.intranet/tiles/{z}/{x}/{y}.png"))
        self.url.setToolTip(self.tr("The intranet tile server's URL template, shown when no base map file is; "
                                    "empty: none"))
        self.attr = QLineEdit(settings.get(MAP_TILE_ATTR), self)
        self.attr.setObjectName("MapTileAttribution")
        self.attr.setToolTip(self.tr("Who made the intranet tiles (shown in the map's corner)"))
        self.message = QLabel(self)
        self.message.setObjectName("MapSettingsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()

        form = QFormLayout()

        def labelled(text: str, buddy) -> QLabel:
            label = QLabel(text, self)
            label.setBuddy(buddy)
            return label

        form.addRow(labelled(self.tr("Base map &file:"), self.file), row)
        form.addRow(self.tr("Datum:"), self.datum)
        form.addRow(labelled(self.tr("&Tiles drawn in:"), self.crs), self.crs)
        form.addRow("", self.own)
        form.addRow("", self.own_info)
        form.addRow(labelled(self.tr("Intranet tile &URL:"), self.url), self.url)
        form.addRow(labelled(self.tr("&Attribution:"), self.attr), self.attr)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())
        self._show_own()
        self._describe()

    # ---- what the dialog shows ---------------------------------------------------------------
    def _show_own(self) -> None:
        path = self.own_path
        if path is None:
            self.own_info.setText(self.tr("This database keeps no base map of its own."))
            return
        self.own_info.setText(self.tr("The database's own base map: {0}").format(str(path)))

        def there(found: bool) -> None:
            if not found:
                self.own_info.setText(self.tr("The database's own base map would be {0} (there is none).").format(
                    str(path)))

        ReadOp(self, path.is_file, there).failure(lambda _exc: None).latest("own").run()

    def _describe(self) -> None:
        """The chosen file's datum, zooms and name (read off the GUI thread)."""
        path = self.file.text().strip()
        if path == self._described and self.datum.text():
            return
        self._described = path
        if not path:
            self.datum.setText(self.tr("No file chosen."))
            self.datum.setStyleSheet("")
            return
        self.datum.setText(self.tr("Reading the file…"))
        store = self.store
        ReadOp(self, lambda: describe(path, store=store), lambda info: self._described_as(path, info)).failure(
            lambda exc: self._not_a_basemap(path, exc)).latest("describe").run()

    def _described_as(self, path: str, info: dict) -> None:
        if path != self.file.text().strip():
            return
        crs = {"wgs84": self.tr("WGS-84"), "gcj02": self.tr("GCJ-02")}.get(info["crs"], info["crs"])
        self.datum.setStyleSheet("")
        self.datum.setText(self.tr("{0}, as the file says · zooms {1}–{2} · {3}").format(
            crs, info["zooms"][0], info["zooms"][1], info["name"]))

    def _not_a_basemap(self, path: str, exc: BaseException) -> None:
        if path != self.file.text().strip():
            return
        self.datum.setStyleSheet(ERROR_STYLE)
        self.datum.setText(i18n.render(exc))

    def _browse(self) -> None:
        start = self.file.text().strip() or (str(self.own_path.parent) if self.own_path else "")
        chosen = file_dialogs.open_file_name(self, self.tr("Choose a base map file"), start,
                                             self.tr("Base maps (*.mbtiles);;All files (*)"), store=self.store)
        if chosen:
            self.file.setText(chosen)
            self._describe()

    def clear_file(self) -> None:
        """No base map file (the database's own, the intranet tiles, or none: as chosen below)."""
        self.file.clear()
        self.crs.setCurrentIndex(0)
        self.message.hide()
        self._describe()

    # ---- OK ------------------------------------------------------------------------------------
    def _refuse(self, text: str) -> None:
        self.checking = False
        self.ok.setEnabled(True)
        self.message.setText(text)
        self.message.show()

    def save(self) -> None:
        """Check, then save everything (or nothing, saying why)."""
        url = self.url.text().strip()
        if url and (not url.lower().startswith(("http://", "https://"))
                    or not all(k in url for k in ("{z}", "{x}", "{y}"))):
            self._refuse(self.tr("The intranet tile URL must be an http:// or https:// address with {z}, {x} and "
                                 "{y} in it, e.g. http://gis.intranet/tiles/{z}/{x}/{y}.png"))
            return
        path = self.file.text().strip()
        if not path:
            self._store()
            return
        self.checking = True
        self.ok.setEnabled(False)
        self.message.hide()
        store = self.store
        ReadOp(self, lambda: describe(path, store=store), lambda _info: self._store()).failure(
            lambda exc: self._refuse(i18n.render(exc))).latest("check").run()

    def _store(self) -> None:
        self.checking = False
        s = self.settings
        s.set(MAP_BASEMAP, self.file.text().strip())
        s.set(MAP_BASEMAP_CRS, self.crs.currentData() or "")
        s.set(MAP_BASEMAP_OWN, 1 if self.own.isChecked() else 0)
        s.set(MAP_TILE_URL, self.url.text().strip())
        s.set(MAP_TILE_ATTR, self.attr.text().strip())
        s.sync()
        self.sig_saved.emit()
        self.accept()
