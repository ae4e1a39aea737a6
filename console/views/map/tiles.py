"""The offline base map's tiles for the map page: a URL scheme of the console's own, no network.

Leaflet asks for ``bcmap://<key>/<z>/<x>/<y>.png`` (`tile_url`); `TileServer`, the scheme's
handler on the map page's profile, answers from the MBTiles file (console.maps.mbtiles) it was
given by `serve(source, key)`. There is no HTTP server and no socket: the request never leaves
QtWebEngine.

The scheme must be registered before the QApplication exists (QtWebEngine fixes its schemes when
it starts): `register_scheme()` is called by views.shell.app.run_gui, and by the Qt tests'
conftest, before the application is made.

Threads: QtWebEngine hands every request to `requestStarted` on the GUI thread, which never reads
the file: it files the job under a number and sends the read to a small pool of worker threads
(`WORKERS`; an SQLite read of a tile is a fraction of a millisecond, but a file on a slow disk must
not freeze the window). The worker's bytes come back to the GUI thread through a queued signal,
and the job is answered there (QWebEngineUrlRequestJob may only be used on the thread it lives
on). A job QtWebEngine destroys meanwhile (Leaflet dropped the tile: the view moved on, the page
was reloaded) leaves the table by its `destroyed` signal, and its bytes are dropped. A tile the
file does not hold is UrlNotFound (Leaflet leaves that square empty); a file that cannot be read
any more is RequestFailed.

The key names the file as it is (its path, size and time: views/map/basemap.py): a page of a
former base map, or a tile it cached, never mixes with another file's, and a request with another
key is UrlNotFound.
"""

from __future__ import annotations

import itertools
import logging
import re
from concurrent.futures import ThreadPoolExecutor

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob, QWebEngineUrlScheme, QWebEngineUrlSchemeHandler

log = logging.getLogger(__name__)

SCHEME = b"bcmap"
WORKERS = 4
_PATH = re.compile(r"^/(\d{1,2})/(\d{1,9})/(\d{1,9})(?:\.\w+)?$")
_registered = False


def tile_url(key: str, ext: str = "png") -> str:
    """The Leaflet URL template of the tiles served under `key` (a DNS label: letters and digits)."""
    return f"{SCHEME.decode()}://{key}/{{z}}/{{x}}/{{y}}.{ext}"


def register_scheme() -> bool:
    """Register the tile scheme with QtWebEngine; must run before the QApplication is made (a
    second call does nothing). False when it is too late (an application exists already).

    The flags, found by trying every combination on a page loaded from a file: URL (the map page
    is one: setHtml with a file: base, or a file loaded): LocalScheme is the one that matters and
    is enough. The page may not reach remote URLs (LocalContentCanAccessRemoteUrls is off, part of
    the no-network guard), and Chromium counts a custom scheme without LocalScheme as remote: its
    <img> tiles are blocked before the handler hears of them, whatever else is set (SecureScheme,
    LocalAccessAllowed, CorsEnabled: none of them loads a tile alone or together). LocalScheme
    puts the tiles on the same footing as the page's own files. SecureScheme is added so the tiles
    count as a secure origin wherever the page is (no mixed-content rule can ever block them).
    CorsEnabled is not needed (Leaflet's tiles are plain images, not CORS requests), nor
    LocalAccessAllowed (no page is loaded from this scheme). Measured on a page with
    LocalContentCanAccessRemoteUrls on, any flags load the tiles: it is that setting, kept off,
    that asks for LocalScheme. Host syntax: the file's key is the URL's host, the path is z/x/y."""
    global _registered
    if _registered:
        return True
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        return False
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.LocalScheme | QWebEngineUrlScheme.Flag.SecureScheme)
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True
    return True


class _Carrier(QObject):
    """Lives on the GUI thread; the workers' reads come back through its queued signal."""

    sig_read = Signal(int, object)
    """A tile was read: carries the job's number and (bytes, MIME type), None (no such tile) or
    the exception that kept it from being read."""


class _Files:
    """The pool and the open file, apart from the Qt object: closed when the server is destroyed
    (its `destroyed` signal calls this plain object, never the dying server)."""

    def __init__(self, workers: int):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="map-tiles")
        self.source = None  # console.maps.mbtiles.MBTiles, or None

    def close(self, *_args) -> None:
        source, self.source = self.source, None
        self.pool.shutdown(wait=False, cancel_futures=True)
        if source is not None:
            source.close()


def _read(carrier: _Carrier, number: int, source, z: int, x: int, y: int) -> None:
    """On a worker thread: the tile's bytes, handed back to the GUI thread."""
    try:
        data = source.tile(z, x, y)
        answer = None if data is None else (data, source.mime)
    except Exception as exc:  # noqa: BLE001 - BaseMapError: the file went away or is damaged
        answer = exc
    try:
        if shiboken6.isValid(carrier):
            carrier.sig_read.emit(number, answer)
    except RuntimeError:  # the panel went away while the tile was read
        pass


class TileServer(QWebEngineUrlSchemeHandler):
    """The handler of SCHEME on the map page's profile (see the module doc)."""

    def __init__(self, parent=None, workers: int = WORKERS):
        super().__init__(parent)
        self._files = _Files(workers)
        self.destroyed.connect(self._files.close)
        self._carrier = _Carrier(self)
        self._carrier.sig_read.connect(self._reply)
        self._jobs: dict[int, QWebEngineUrlRequestJob] = {}
        self._numbers = itertools.count(1)
        self._key = ""
        self.served = 0  # tiles answered (for tests and the curious)
        self.missing = 0  # asked for, not in the file
        self.dropped = 0  # read, but the job was gone

    # ---- what is served --------------------------------------------------------------------
    def serve(self, source, key: str = "") -> str | None:
        """Serve `source` (an open MBTiles, or None: nothing) under `key` from now on; returns the
        URL template for Leaflet (None without a source). The former source is closed off this
        thread (its reads may still be running; they get no tile)."""
        old, self._files.source = self._files.source, source
        self._key = key if source is not None else ""
        if old is not None and old is not source:
            try:
                self._files.pool.submit(old.close)
            except RuntimeError:
                old.close()
        return tile_url(key, source.format) if source is not None else None

    @property
    def source(self):
        """The MBTiles served now (None: none)."""
        return self._files.source

    @property
    def key(self) -> str:
        """The key the source is served under ("" when none is)."""
        return self._key

    @property
    def pending(self) -> int:
        """Jobs waiting for their tile."""
        return len(self._jobs)

    def shut(self) -> None:
        """Stop: close the file and answer nothing more."""
        self._jobs.clear()
        self._files.close()

    # ---- requests (GUI thread) ---------------------------------------------------------------
    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 - Qt override
        url = job.requestUrl()
        m = _PATH.match(url.path())
        source = self._files.source
        if m is None or source is None or not self._key or url.host() != self._key:
            self.missing += 1  # malformed, nothing served, or a former base map's tile
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        z, x, y = (int(g) for g in m.groups())
        number = next(self._numbers)
        self._jobs[number] = job  # kept until answered, or until QtWebEngine destroys it
        job.destroyed.connect(lambda _o=None, n=number, jobs=self._jobs: jobs.pop(n, None))
        try:
            self._files.pool.submit(_read, self._carrier, number, source, z, x, y)
        except RuntimeError:  # shut meanwhile
            self._jobs.pop(number, None)
            job.fail(QWebEngineUrlRequestJob.Error.RequestAborted)

    def _reply(self, number: int, answer) -> None:
        job = self._jobs.pop(number, None)
        if job is None or not shiboken6.isValid(job):
            self.dropped += 1  # QtWebEngine no longer wants it
            return
        if isinstance(answer, BaseException):
            log.warning("map: a base map tile could not be read: %s", answer)
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        if answer is None:
            self.missing += 1
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        data, mime = answer
        body = QBuffer(job)  # lives as long as the job that reads it
        body.setData(QByteArray(data))
        body.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(mime.encode("ascii")), body)
        self.served += 1
