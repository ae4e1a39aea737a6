"""Which base map the map panel shows, and opening it off the GUI thread.

The settings (this computer's, Admin ▸ Map settings…, views/map/settings_dialog.py):

* MAP_BASEMAP: an MBTiles file chosen by an admin;
* MAP_BASEMAP_OWN: without one, the database's own base map when it has one (the demo's, which
  `branch-console demo` writes beside its database: services/exports/basemap.own_basemap), on by
  default, so that the demo opens with its base map;
* MAP_BASEMAP_CRS: the datum its tiles are drawn in, when the file does not say it right
  ("": as the file says);
* MAP_TILE_URL / MAP_TILE_ATTR: an intranet tile server, shown when no file is.

`Wanted` is what the settings ask for, read on the GUI thread (no file is touched there);
`resolve` runs in the worker that builds the page: it opens the file (or keeps the one the panel
already serves, when it is the same file unchanged) and says how the page gets its tiles.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from console import i18n
from console.maps.builder import BaseLayer
from console.maps.coords import GCJ02, WGS84
from console.maps.mbtiles import BaseMapError
from console.services.exports import basemap as basemaps
from console.views.kit.settings import Setting
from console.views.map.tiles import tile_url

MAP_TILE_URL = Setting("map/tile_url", "", str, "Intranet map tile URL template ({z}/{x}/{y}); empty: no tiles")
MAP_TILE_ATTR = Setting("map/tile_attribution", "", str, "Attribution shown for the intranet tiles")
MAP_BASEMAP = Setting("map/basemap_file", "", str, "Offline base map, an MBTiles file; empty: none chosen")
MAP_BASEMAP_OWN = Setting("map/basemap_own", 1, int, "Without a chosen file, show the database's own base map "
                          "(the demo's) when there is one (1) or not (0)")
MAP_BASEMAP_CRS = Setting("map/basemap_crs", "", str, "Datum of the base map's tiles: wgs84, gcj02, or empty: as "
                          "the file says")
CRS_CHOICES = ("", WGS84, GCJ02)


@dataclass(frozen=True)
class Wanted:
    """What the settings ask the map to show under the districts."""

    file: str = ""  # chosen by an admin
    own: Path | None = None  # the database's own (may not exist)
    crs: str = ""  # "": as the file says
    tiles: str = ""  # intranet template
    tiles_attr: str = ""


def wanted(settings, store) -> Wanted:
    """The settings' wish (GUI thread: nothing is opened or looked for)."""
    own = basemaps.own_basemap(getattr(store, "url", None)) if settings.get(MAP_BASEMAP_OWN) else None
    crs = settings.get(MAP_BASEMAP_CRS)
    return Wanted(file=settings.get(MAP_BASEMAP).strip(), own=own, crs=crs if crs in CRS_CHOICES else "",
                  tiles=settings.get(MAP_TILE_URL).strip(), tiles_attr=settings.get(MAP_TILE_ATTR))


def _identity(path: Path) -> tuple:
    st = path.stat()
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


@dataclass
class Resolved:
    """How the page gets its base map: `layer` for the builder (None: none), `crs` its datum;
    `source`/`key` the MBTiles the tile server must serve (`fresh`: opened for this page, to be
    served or closed by whoever gets it); `error` why a chosen file is not shown."""

    layer: BaseLayer | None = None
    crs: str = WGS84
    source: object | None = None
    key: str = ""
    fresh: bool = False
    error: str = ""
    tiles: str | None = None  # an intranet server's template (no file shown), and its attribution
    tiles_attr: str = ""

    @property
    def signature(self) -> tuple:
        """Changes when the page must be built again for another base map."""
        return (self.layer, self.crs, self.tiles, self.tiles_attr)

    def discard(self) -> None:
        """Nobody will show this page: close what was opened for it."""
        if self.fresh and self.source is not None:
            self.source.close()
            self.source = None


def resolve(want: Wanted, serving=None, serving_key: str = "", *, store=None) -> Resolved:
    """On a worker thread: the base map for a page (see the module doc). `serving`: the MBTiles the
    panel serves now under `serving_key` (kept when the wanted file is that file, unchanged)."""
    path = Path(want.file).expanduser() if want.file else None
    if path is None and want.own is not None and want.own.is_file():
        path = want.own
    error = ""
    if path is not None:
        try:
            ident = _identity(path) if path.exists() else None
            # the file as it is now: another file, or this one rewritten, is another key (and URL)
            key = "t" + hashlib.sha1(repr(ident).encode("utf-8")).hexdigest()[:12] if ident else ""
            if serving is not None and key and key == serving_key:
                source, fresh = serving, False
            else:
                source, fresh = basemaps.open_basemap(path, store=store), True
            crs = want.crs or source.crs
            layer = BaseLayer(tile_url(key, source.format), source.attribution, min_zoom=source.minzoom,
                              max_zoom=source.maxzoom, bounds=source.bounds)
            return Resolved(layer=layer, crs=crs, source=source, key=key, fresh=fresh)
        except (BaseMapError, OSError) as exc:
            error = i18n.render(exc)
    if want.tiles:
        return Resolved(crs=want.crs or WGS84, error=error, tiles=want.tiles, tiles_attr=want.tiles_attr)
    return Resolved(crs=WGS84, error=error)


def describe(path: str | os.PathLike, *, store=None) -> dict:
    """On a worker thread: what the settings dialog says of a chosen file (it is opened and closed
    again): {"crs", "name", "zooms", "attribution"}; BaseMapError when it cannot serve."""
    mb = basemaps.open_basemap(path, store=store)
    try:
        return {"crs": mb.crs, "name": mb.name, "zooms": (mb.minzoom, mb.maxzoom), "attribution": mb.attribution,
                "format": mb.format}
    finally:
        mb.close()
