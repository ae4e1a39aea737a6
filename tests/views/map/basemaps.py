"""Tiny MBTiles base maps for the map tests (made in tmp_path by write_mbtiles), and the page probes
the base map tests share."""

from __future__ import annotations

import io
import json

from PIL import Image

from console.maps.mbtiles import tile_range, write_mbtiles

# the map branch's three districts (tests/map_branch.py: squares from 115.85 E, 28.65 N) and a margin
AREA = (115.82, 28.62, 115.91, 28.69)  # w, s, e, n
ZOOMS = range(12, 17)


def png(colour=(200, 230, 201)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, "PNG")
    return out.getvalue()


def tiny_basemap(path, *, crs: str = "wgs84", zooms=ZOOMS, area=AREA, skip: set | None = None) -> dict:
    """An MBTiles file of one-colour tiles over `area` at `zooms` (the tiles `skip` left out);
    returns {(z, x, y): True} of the tiles in it."""
    data = png()
    tiles = {}
    for z in zooms:
        xs, ys = tile_range(area, z)
        for x in xs:
            for y in ys:
                if not skip or (z, x, y) not in skip:
                    tiles[(z, x, y)] = data
    write_mbtiles(path, ((z, x, y, b) for (z, x, y), b in tiles.items()),
                  {"name": "tiny", "crs": crs, "attribution": "Test tiles", "bounds": area})
    return tiles


LOADED_TILES = "document.querySelectorAll('img.leaflet-tile-loaded').length"
TILE_SOURCES = "Array.prototype.map.call(document.querySelectorAll('img.leaflet-tile-loaded'), function (i) { return i.src; })"


def js_value(qtbot, page, script: str, timeout: int = 30_000):
    """Run `script` in `page` (a QWebEnginePage) and wait for its JSON-encoded result."""
    box = []
    page.runJavaScript(f"JSON.stringify(({script}))", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return json.loads(box[0]) if box[0] is not None else None
