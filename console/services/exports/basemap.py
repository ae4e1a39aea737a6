"""The offline base map's files: the database's own, a chosen one opened, the standalone map's
tile folder. No Qt.

* The database's own base map (`own_basemap`): the demo draws one for its branch
  (console.demo.basemap) and keeps it with the database, ``NAME.basemap.mbtiles`` beside an
  SQLite file ``NAME.sqlite3``, or for a PostgreSQL database in this computer's user-data folder
  (console.store.engine.companion_file). The console shows it when no base map file is chosen.
* `open_basemap`: an MBTiles file to show, refused in words (console.maps.mbtiles.BaseMapError)
  when it is not one, and when it is the console's own database (opening and closing that file in
  this process would drop SQLite's locks, docs/security.md).
* `export_tiles`: the tiles a standalone map needs (`branch-console map --basemap`), written as
  plain files into a folder beside the HTML (``NAME_files/tiles/{z}/{x}/{y}.png``) so a browser
  shows them offline from the file alone: only those within the districts' bounds and a margin,
  at the file's zooms, at most MAX_TILES (the highest zooms are left out first, and the summary
  says so).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote

from console.i18n import T
from console.maps.mbtiles import BaseMapError, MBTiles, tile_range
from console.store.engine import companion_file

OWN_SUFFIX = ".basemap.mbtiles"
MAX_TILES = 20_000  # a standalone map's folder: ~50 MB of typical city tiles, a few seconds to copy
MARGIN = 0.15  # of the districts' extent on every side, at least MARGIN_DEG
MARGIN_DEG = 0.01  # about a kilometre


def own_basemap(url: str | None) -> Path | None:
    """Where the database at `url` keeps its own base map (the demo's); None for a database in
    memory (or no database). The file may not exist: this only names it."""
    if not url:
        return None
    try:
        return companion_file(url, OWN_SUFFIX)
    except Exception:  # noqa: BLE001 - a URL the console could not open has no base map either
        return None


def _same_file(a: Path, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def open_basemap(path: str | os.PathLike, *, store=None) -> MBTiles:
    """The MBTiles file at `path`, open (the caller closes it); BaseMapError saying why not."""
    path = Path(path).expanduser()
    files = getattr(store, "sqlite_files", None)
    for name in (files() if callable(files) else ()):
        if path.exists() and _same_file(path, name):
            raise BaseMapError(T("{path} is the console's own database, not a base map: choose an MBTiles file",
                                 path=str(path)))
    return MBTiles(path)


def padded(bounds, margin: float = MARGIN) -> tuple[float, float, float, float]:
    """[[south, west], [north, east]] (the page's bounds) widened by `margin` of its extent on
    every side (at least MARGIN_DEG), as (w, s, e, n)."""
    (s, w), (n, e) = bounds
    dx = max((e - w) * margin, MARGIN_DEG)
    dy = max((n - s) * margin, MARGIN_DEG)
    return (w - dx, s - dy, e + dx, n + dy)


def _within(a, b) -> tuple[float, float, float, float] | None:
    """The overlap of two (w, s, e, n) boxes (None: they do not meet)."""
    w, s, e, n = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (w, s, e, n) if w < e and s < n else None


def plan_tiles(mb: MBTiles, area, max_tiles: int | None = None) -> tuple[list[int], list[int], dict[int, tuple]]:
    """The zooms to export (the file's, lowest first, as many as fit in `max_tiles`, default
    MAX_TILES), the zooms left out, and each kept zoom's tile ranges over `area` (w, s, e, n)."""
    max_tiles = MAX_TILES if max_tiles is None else max_tiles
    kept: list[int] = []
    ranges: dict[int, tuple] = {}
    total = 0
    zooms = list(range(mb.minzoom, mb.maxzoom + 1))
    for z in zooms:
        xs, ys = tile_range(area, z)
        n = len(xs) * len(ys)
        if kept and total + n > max_tiles:
            break
        if not kept and n > max_tiles:
            raise BaseMapError(T("the base map {path} would need {count:,} tiles even at its lowest zoom {zoom} "
                                 "for this map (at most {most:,}): use a base map with lower zooms",
                                 path=str(mb.path), count=n, zoom=z, most=max_tiles))
        kept.append(z)
        ranges[z] = (xs, ys)
        total += n
    return kept, [z for z in zooms if z not in kept], ranges


def tiles_folder(out: Path) -> Path:
    """The folder beside the standalone file `out` its tiles go in (NAME_files/tiles)."""
    return out.with_name(out.stem + "_files") / "tiles"


def export_tiles(mb: MBTiles, out: Path, bounds, *, max_tiles: int | None = None) -> dict:
    """Write the tiles the standalone map `out` shows (see the module doc) and return
    {"layer": BaseLayer for the page, "tiles", "bytes", "zooms", "left_out", "folder", "seconds"}.
    `bounds`: the page's [[south, west], [north, east]], in the base map's datum. The folder is
    written aside and swapped in whole: an export that fails leaves the former folder as it was."""
    started = time.perf_counter()
    out = Path(out)
    area = padded(bounds)
    inside = _within(area, mb.bounds) or area
    kept, left_out, ranges = plan_tiles(mb, inside, max_tiles)
    folder = tiles_folder(out)
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = folder.with_name(f".tiles-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    count = size = 0
    try:
        for z in kept:
            xs, ys = ranges[z]
            for x in xs:
                for y in ys:
                    data = mb.tile(z, x, y)
                    if data is None:
                        continue
                    path = building / str(z) / str(x) / f"{y}.{mb.format}"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    count += 1
                    size += len(data)
        old = folder.with_name(f".tiles-old-{os.getpid()}")
        if folder.exists():
            folder.rename(old)
        building.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    from console.maps.builder import BaseLayer  # numpy under it: only for a map

    relative = quote(folder.parent.name) + "/tiles/{z}/{x}/{y}." + mb.format
    layer = BaseLayer(relative, mb.attribution, min_zoom=kept[0], max_zoom=kept[-1], bounds=inside)
    return {"layer": layer, "tiles": count, "bytes": size, "zooms": [kept[0], kept[-1]], "left_out": left_out,
            "folder": str(folder), "seconds": round(time.perf_counter() - started, 3)}
