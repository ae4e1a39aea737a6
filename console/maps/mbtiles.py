"""An offline base map: raster tiles in one MBTiles 1.3 file (SQLite), read and written. No Qt.

MBTiles (https://github.com/mapbox/mbtiles-spec, 1.3) is a `metadata(name, value)` table and a
`tiles(zoom_level, tile_column, tile_row, tile_data)` table in the TMS scheme: rows count from
the south, so the XYZ tile y that Leaflet asks for is at ``tile_row = 2**z - 1 - y``. The console
shows raster tiles (png, jpg, webp); a vector tileset (pbf, mvt) is refused when it opens, with
every other reason a file cannot serve as a base map, in words a user can act on.

One metadata key is our own: ``crs``, the datum the tiles were drawn in: ``wgs84`` (the default,
OpenStreetMap-style tiles) or ``gcj02`` (Gaode/Tencent-style tiles; the districts are then
shifted by console.maps.coords to sit on them).

The map view reads tiles from a pool of worker threads: see :class:`MBTiles` for how.
The web-mercator helpers at the end turn lon/lat into XYZ tile numbers and back.
"""

from __future__ import annotations

import math
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path

from console.errors import StoreError
from console.i18n import T
from console.maps.coords import GCJ02, WGS84

MIME = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
_FORMATS = {"png": "png", "image/png": "png", "jpg": "jpg", "jpeg": "jpg", "image/jpeg": "jpg",
            "webp": "webp", "image/webp": "webp"}
_VECTOR = {"pbf", "mvt", "application/x-protobuf", "application/vnd.mapbox-vector-tile"}
_CRS = {"wgs84": WGS84, "wgs-84": WGS84, "gcj02": GCJ02, "gcj-02": GCJ02}
APPLICATION_ID = 0x4D504258  # "MPBX": SQLite's registered magic number for MBTiles
MAX_LAT = 85.0511287798066  # web mercator's edge: atan(sinh(pi))
IDLE_CONNECTIONS = 8  # read connections kept open for reuse; more are closed after their read


class BaseMapError(StoreError):
    """A base map file that cannot be shown (missing, not MBTiles, vector tiles, unknown crs, unreadable)."""


def _sniff(data: bytes) -> str | None:
    """The raster format of one tile's bytes, by its magic number (None: not png, jpg nor webp)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


class MBTiles:
    """One MBTiles file opened read-only, checked and described once, its tiles read on demand.

    Threads: `tile()` may be called from any number of threads at once. Connections are
    borrowed from a small pool for the one query of a call and given back (SQLite's connections
    may move between threads as long as two never use one at the same time, which the pool
    ensures): a worker pool of N threads opens at most N connections, whichever threads they
    are and however often the pool replaces them, and keeps at most IDLE_CONNECTIONS of them
    open between reads. `close()` closes them all (on Windows an open connection keeps the file
    from being replaced); after it every `tile()` is None, so a request still in flight while
    the map closes gets "no tile" rather than an exception.

    Everything but the tiles (metadata, format, bounds, zooms, crs) is read in the constructor.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._open = 0  # connections open, idle or lent
        self._closed = False
        if not self.path.is_file():
            raise BaseMapError(T("no such base map file: {path}", path=str(self.path)))
        try:
            with self._connection() as db:
                self._describe(db)
        except sqlite3.DatabaseError as exc:
            self.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise BaseMapError(T("the base map {path} is not an SQLite database (an MBTiles file is one): "
                                     "{reason}", path=str(self.path), reason=str(exc))) from exc
            raise BaseMapError(T("the base map {path} cannot be read: {reason}",
                                 path=str(self.path), reason=str(exc))) from exc
        except BaseException:
            self.close()
            raise

    # ---- opening ---------------------------------------------------------------------------

    def _describe(self, db: sqlite3.Connection) -> None:
        path = str(self.path)
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if "tiles" not in names:
            raise BaseMapError(T("the base map {path} has no tiles table: it is not an MBTiles file", path=path))
        self.metadata: dict[str, str] = {}
        if "metadata" in names:
            for name, value in db.execute("SELECT name, value FROM metadata"):
                if isinstance(name, str) and value is not None:
                    self.metadata[name] = str(value)
        first = db.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
        if first is None:
            raise BaseMapError(T("the base map {path} holds no tiles", path=path))

        declared = self.metadata.get("format", "").strip().lower()
        if declared in _VECTOR:
            raise BaseMapError(T("the base map {path} holds vector tiles ({format}): the console shows only "
                                 "raster tiles (png, jpg or webp); convert it to raster tiles first",
                                 path=path, format=declared))
        if declared:
            if declared not in _FORMATS:
                raise BaseMapError(T("the base map {path} has tiles in the unsupported format {format!r}: "
                                     "the console shows png, jpg or webp tiles", path=path, format=declared))
            self.format = _FORMATS[declared]
        else:  # the spec requires the key, but some tools leave it out: the tiles say it
            sniffed = _sniff(bytes(first[0] or b""))
            if sniffed is None:
                raise BaseMapError(T("the base map {path} does not say its tile format and its tiles are not "
                                     "png, jpg or webp", path=path))
            self.format = sniffed

        crs = self.metadata.get("crs", WGS84).strip().lower()
        if crs not in _CRS:
            raise BaseMapError(T("the base map {path} is drawn in the unknown coordinate system {crs!r}: "
                                 "its metadata key crs must be wgs84 or gcj02", path=path, crs=crs))
        self.crs = _CRS[crs]

        zmin, zmax = db.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        self.minzoom = _int(self.metadata.get("minzoom"), int(zmin))
        self.maxzoom = _int(self.metadata.get("maxzoom"), int(zmax))
        bounds = _floats(self.metadata.get("bounds"), 4)
        if bounds is None or not (bounds[0] < bounds[2] and bounds[1] < bounds[3]):
            bounds = self._tile_extent(db, int(zmin))
        self.bounds: tuple[float, float, float, float] = bounds
        center = _floats(self.metadata.get("center"), 3) or _floats(self.metadata.get("center"), 2)
        if center is None:
            center = ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
        zoom = int(center[2]) if len(center) == 3 else self.minzoom
        self.center: tuple[float, float, int] = (center[0], center[1], min(max(zoom, self.minzoom), self.maxzoom))
        self.attribution = self.metadata.get("attribution", "")
        self.name = self.metadata.get("name") or self.path.stem

    @staticmethod
    def _tile_extent(db: sqlite3.Connection, z: int) -> tuple[float, float, float, float]:
        """(w, s, e, n) of the tiles at zoom `z` (the lowest: the fewest rows to look at)."""
        x0, x1, r0, r1 = db.execute("SELECT MIN(tile_column), MAX(tile_column), MIN(tile_row), MAX(tile_row) "
                                    "FROM tiles WHERE zoom_level = ?", (z,)).fetchone()
        top = 2 ** z - 1
        w, _s, _e, n = tile_bounds(z, int(x0), top - int(r1))
        _w, s, e, _n = tile_bounds(z, int(x1), top - int(r0))
        return (w, s, e, n)

    # ---- connections -----------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri() + "?mode=ro"  # as_uri escapes spaces, '?', Chinese names
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)  # the pool moves it, one user at a time
        self._open += 1
        return db

    @contextmanager
    def _connection(self):
        """A connection for this thread alone until the block ends (see the class doc)."""
        with self._lock:
            db = self._idle.pop() if self._idle else None
            if db is None:
                db = self._connect()
        try:
            yield db
        finally:
            with self._lock:
                if self._closed or len(self._idle) >= IDLE_CONNECTIONS:
                    db.close()
                    self._open -= 1
                else:
                    self._idle.append(db)

    @property
    def connections_open(self) -> int:
        """SQLite connections open now (idle ones and those lent to a read)."""
        with self._lock:
            return self._open

    def close(self) -> None:
        """Close every connection; later `tile()` calls return None. Closing twice is harmless."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            for db in idle:
                db.close()
                self._open -= 1

    def __enter__(self) -> MBTiles:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- tiles -----------------------------------------------------------------------------

    @property
    def mime(self) -> str:
        """The tiles' MIME type, for the reply to the web view."""
        return MIME[self.format]

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The bytes of the XYZ tile z/x/y, or None where the file has none (or it was closed).

        A read that fails (the file was removed or damaged since it was opened) raises BaseMapError.
        """
        if self._closed or not (0 <= z <= 30 and 0 <= x < 2 ** z and 0 <= y < 2 ** z):
            return None
        try:
            with self._connection() as db:
                row = db.execute("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                                 "AND tile_row = ?", (z, x, 2 ** z - 1 - y)).fetchone()
        except sqlite3.Error as exc:
            raise BaseMapError(T("the base map {path} cannot be read: {reason}",
                                 path=str(self.path), reason=str(exc))) from exc
        return None if row is None or row[0] is None else bytes(row[0])


def _int(text: str | None, default: int) -> int:
    try:
        return int(float(text)) if text is not None else default
    except ValueError:
        return default


def _floats(text: str | None, n: int) -> tuple[float, ...] | None:
    """`n` comma-separated numbers (bounds, center), or None when the text is not that."""
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != n:
        return None
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        return None
    return values if all(math.isfinite(v) for v in values) else None


# ---- writing -------------------------------------------------------------------------------

def write_mbtiles(path: str | os.PathLike, tiles: Iterable[tuple[int, int, int, bytes]],
                  metadata: Mapping[str, object]) -> int:
    """Write an MBTiles file at `path` atomically; the number of tiles written.

    `tiles` are (z, x, y, bytes) in XYZ (y from the north, as Leaflet numbers them), stored in
    TMS rows; a later tile at the same z/x/y replaces an earlier one. `metadata` values may be
    strings, numbers or sequences (bounds, center: written comma-separated). `name`, `format`
    (from the first tile's bytes), `minzoom`, `maxzoom` and `bounds` are filled in from the
    tiles when not given. The file is built as a hidden temporary file in the same folder and
    flushed to disk, and only then renamed over `path` (os.replace): a reader never sees half a
    file, and a crash leaves the previous file as it was.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        try:
            count, meta = _fill(db, tiles, metadata, path)
        finally:
            db.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600): give it the mode of the file it replaces, else rw-r--r--
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return count


def _fill(db: sqlite3.Connection, tiles: Iterable[tuple[int, int, int, bytes]],
          metadata: Mapping[str, object], path: Path) -> tuple[int, dict[str, str]]:
    db.execute("PRAGMA journal_mode = OFF")  # a temporary file: a crash discards it anyway
    db.execute("PRAGMA synchronous = OFF")  # write_mbtiles fsyncs the finished file itself
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute("CREATE UNIQUE INDEX name ON metadata (name)")
    db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    db.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
    seen = {"count": 0, "zmin": None, "zmax": None, "first": None, "extent": {}}

    def rows():
        for z, x, y, data in tiles:
            z, x, y = int(z), int(x), int(y)
            if not (0 <= z <= 30 and 0 <= x < 2 ** z and 0 <= y < 2 ** z):
                raise ValueError(T("tile {z}/{x}/{y} is outside the world at zoom {z}", z=z, x=x, y=y))
            seen["count"] += 1
            seen["zmin"] = z if seen["zmin"] is None else min(seen["zmin"], z)
            seen["zmax"] = z if seen["zmax"] is None else max(seen["zmax"], z)
            if seen["first"] is None:
                seen["first"] = bytes(data)
            x0, y0, x1, y1 = seen["extent"].get(z, (x, y, x, y))
            seen["extent"][z] = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
            yield z, x, 2 ** z - 1 - y, sqlite3.Binary(data)

    with db:
        db.executemany("INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?)", rows())
    meta = {k: _meta_text(v) for k, v in metadata.items()}
    meta.setdefault("name", path.stem)
    if "format" not in meta and seen["first"] is not None:
        meta["format"] = _sniff(seen["first"]) or ""
    if seen["count"]:
        meta.setdefault("minzoom", str(seen["zmin"]))
        meta.setdefault("maxzoom", str(seen["zmax"]))
        if "bounds" not in meta:
            z = seen["zmin"]
            x0, y0, x1, y1 = seen["extent"][z]
            w, _s, _e, n = tile_bounds(z, x0, y0)
            _w, s, e, _n = tile_bounds(z, x1, y1)
            meta["bounds"] = _meta_text((w, s, e, n))
    with db:
        db.executemany("INSERT OR REPLACE INTO metadata VALUES (?, ?)", sorted(meta.items()))
    return seen["count"], meta


def _meta_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(_meta_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:.7f}".rstrip("0").rstrip(".")
    return str(value)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---- web mercator --------------------------------------------------------------------------

def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[float, float]:
    """The XYZ tile position (x, y) of a point at zoom `z`, as floats: the tile is (int(x), int(y)),
    the fractions its pixel / 256. Latitudes beyond web mercator's ±85.05° are clamped to it."""
    n = 2 ** z
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return (x, y)


def tile_to_lonlat(x: float, y: float, z: int) -> tuple[float, float]:
    """The (lon, lat) of the tile position (x, y) at zoom `z`; (int x, int y) is the tile's NW corner."""
    n = 2 ** z
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y / n))))
    return (lon, lat)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(w, s, e, n) in degrees of the XYZ tile z/x/y."""
    w, n = tile_to_lonlat(x, y, z)
    e, s = tile_to_lonlat(x + 1, y + 1, z)
    return (w, s, e, n)


def tile_range(bounds: tuple[float, float, float, float], z: int) -> tuple[range, range]:
    """The XYZ columns and rows at zoom `z` of the tiles that (w, s, e, n) touches."""
    w, s, e, n = bounds
    top = 2 ** z - 1

    def clamp(v: float) -> int:
        return min(max(math.floor(v), 0), top)

    x0, y0 = lonlat_to_tile(w, n, z)
    x1, y1 = lonlat_to_tile(e, s, z)
    return range(clamp(x0), clamp(x1) + 1), range(clamp(y0), clamp(y1) + 1)


def metres_per_pixel(lat: float, z: int) -> float:
    """The ground size of one pixel of a 256-pixel tile at latitude `lat` and zoom `z`."""
    return 2 * math.pi * 6378137.0 * math.cos(math.radians(lat)) / (256 * 2 ** z)
