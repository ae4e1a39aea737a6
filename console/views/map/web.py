"""QtWebEngine plumbing for the map: the page, the no-network guard, the QWebChannel bridge and the
base map's tile scheme (views/map/tiles.py).

Imported lazily by console/views/map/view.py, inside a try: a machine where QtWebEngine cannot start
still runs the rest of the console.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from console.views.map.tiles import SCHEME, TileServer

log = logging.getLogger(__name__)


class Bridge(QObject):
    """The object the page sees as `bridge` (QWebChannel): its slots are the page's calls."""

    sig_clicked = Signal(int)
    """The user clicked a district on the map: carries its id."""
    sig_cleared = Signal()
    """The user cleared the district choice on the page (Esc)."""
    sig_page_ready = Signal()
    """console-map.js connected to the channel."""
    sig_branch_clicked = Signal(int)
    """Province scope: the user clicked a branch's outline or name (the page zoomed to it)."""

    @Slot(int)
    def districtClicked(self, district_id: int) -> None:  # noqa: N802 - called from JavaScript
        self.sig_clicked.emit(int(district_id))

    @Slot()
    def districtCleared(self) -> None:  # noqa: N802
        self.sig_cleared.emit()

    @Slot(int)
    def branchClicked(self, branch_id: int) -> None:  # noqa: N802
        self.sig_branch_clicked.emit(int(branch_id))

    @Slot()
    def pageReady(self) -> None:  # noqa: N802
        self.sig_page_ready.emit()


class NoNetwork(QWebEngineUrlRequestInterceptor):
    """Blocks every http(s) request except to the configured intranet tile server (the map never
    reaches the internet, even if a future page change adds a link by mistake). The offline base
    map's tiles come through the console's own scheme (views/map/tiles.py), which never touches
    the network: they pass, and are counted in `tiles`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.allowed_host: str | None = None
        self.blocked: list[str] = []
        self.tiles = 0  # requests of the tile scheme seen

    def allow_tiles(self, template: str | None) -> None:
        self.allowed_host = urlsplit(template).netloc.lower() if template else None

    def interceptRequest(self, info) -> None:  # noqa: N802 - Qt override
        url = info.requestUrl()
        if url.scheme() == SCHEME.decode():
            self.tiles += 1
            return
        if url.scheme() in ("http", "https", "ws", "wss", "ftp"):
            if self.allowed_host and url.host().lower() == self.allowed_host.split(":")[0]:
                return
            self.blocked.append(url.toString())
            log.warning("map: blocked a network request to %s", url.toString())
            info.block(True)


class MapPage(QWebEnginePage):
    """Refuses to navigate away from the map (a stray link click would leave it blank). `tiles`:
    the server of the base map's tile scheme on the page's profile."""

    sig_console = Signal(str)
    """A console message of the page (errors are logged too)."""

    def __init__(self, prof: QWebEngineProfile, parent=None):
        super().__init__(prof, parent)
        self.tiles: TileServer | None = None
        s = self.settings()
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)

    def acceptNavigationRequest(self, url, nav_type, is_main_frame) -> bool:  # noqa: N802
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            return False
        return True

    def javaScriptConsoleMessage(self, level, message, line, source) -> None:  # noqa: N802
        text = f"{message} ({source.rsplit('/', 1)[-1]}:{line})"
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            log.error("map page: %s", text)
        self.sig_console.emit(text)


def make_view(parent) -> tuple[QWebEngineView, MapPage, Bridge, NoNetwork]:
    """A web view with the map page, the bridge registered on its channel, and the guard.

    The page gets its own off-the-record profile (nothing written to disk), created after the view
    under the same parent: Qt deletes children in creation order, so the page goes before its
    profile, as QtWebEngine requires. The profile carries the tile scheme's handler (`page.tiles`,
    serving nothing until told what to serve).
    """
    view = QWebEngineView(parent)
    prof = QWebEngineProfile(parent)  # no storage name: off the record
    guard = NoNetwork(prof)
    prof.setUrlRequestInterceptor(guard)
    tiles = TileServer(prof)
    prof.installUrlSchemeHandler(SCHEME, tiles)
    page = MapPage(prof, view)
    page.tiles = tiles
    prof.setParent(page)
    bridge = Bridge(page)
    channel = QWebChannel(page)
    channel.registerObject("bridge", bridge)
    page.setWebChannel(channel)
    view.setPage(page)
    return view, page, bridge, guard
