"""The map page as one HTML document, built with folium from plain data. No Qt.

No network, ever: folium's CDN links are replaced by the files vendored in
resources/web/ (see its README). The desktop view links them by file URL; the standalone
export inlines them (scripts, styles, the styles' images as data: URIs) so one .html file opens
offline anywhere. Under the districts goes a base map (`BaseLayer`) when there is one: an offline
MBTiles file (the console serves its tiles through its own URL scheme, console/views/map/tiles.py;
the standalone export copies the tiles it needs into a folder beside the file,
console/services/exports/basemap.py) or an intranet tile server's URL template. Without one the
districts are drawn on a plain background inside the branch outline.
The page logic is resources/web/console-map.js; the data travels as one JSON script element.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# branca imports numpy; folium, branca and jinja2 themselves are imported with the first page, on
# the thread that builds it (_console_layer). numpy is not: code elsewhere peeks into sys.modules
# for it (pytest.approx, libraries with optional numpy support) and would meet it half-imported
# while another thread is still running its module.
import numpy  # noqa: F401

from console import i18n
from console.assets import resource_dir
from console.i18n import N_, T, tr

WEB_DIR = resource_dir("web")

SCRIPTS = (
    ("leaflet", "leaflet/leaflet.js"),
    ("markercluster", "leaflet.markercluster/leaflet.markercluster.js"),
    ("console_map", "console-map.js"),
)
STYLES = (
    ("leaflet_css", "leaflet/leaflet.css"),
    ("markercluster_css", "leaflet.markercluster/MarkerCluster.css"),
    ("markercluster_default_css", "leaflet.markercluster/MarkerCluster.Default.css"),
    ("console_map_css", "console-map.css"),
)
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"  # served by Qt itself, never the network
MAX_ZOOM = 19  # the map's: a base map's tiles are enlarged past their own highest zoom
# The attributions of the console's own base maps (console.demo.basemap), said in the page's language.
OWN_ATTRIBUTIONS = (N_("Demo base map drawn from the demo's own geometry"),)


@dataclass(frozen=True)
class BaseLayer:
    """The base map under the districts, as Leaflet asks it for tiles.

    url: the tile URL template ({z}/{x}/{y}): the console's own scheme, a folder beside a
    standalone file, or an intranet server. min_zoom/max_zoom: the zooms the tiles exist at (None:
    any); Leaflet enlarges the highest zoom's tiles beyond it and shrinks the lowest's below it, so
    it never asks for a tile that is not there. bounds: (w, s, e, n) the tiles cover, in the base
    map's own datum (the page's, console.maps.datum); no tile is asked for outside them.
    attribution: plain text (tags are removed: the page links nowhere)."""

    url: str
    attribution: str = ""
    min_zoom: int | None = None
    max_zoom: int | None = None
    bounds: tuple[float, float, float, float] | None = None


class AssetsMissing(FileNotFoundError):
    """resources/web/ is incomplete: the map cannot be drawn offline."""


def check_assets(web_dir: Path = WEB_DIR) -> None:
    missing = [p for _n, p in SCRIPTS + STYLES if not (web_dir / p).is_file()]
    if missing:
        raise AssetsMissing(T("map assets missing in {folder}: {files}", folder=str(web_dir), files=", ".join(missing)))


@cache
def _console_layer():
    """The ConsoleLayer class, made on the first page built: folium, branca and jinja2 (and numpy
    under them) are imported there, on the thread that builds the page, not by whoever imports
    this module (the main window, whose first paint waits for its imports)."""
    from branca.element import MacroElement
    from jinja2 import Template

    class ConsoleLayer(MacroElement):
        """Hands the page data to console-map.js once the folium map exists.

        The data (megabytes for a province) does not go through folium's templates: branca turns every
        rendered child into a jinja template of its own, and lexing and compiling a 4 MB template takes
        half a second in single calls that never let another thread run. The document carries a token
        that build_html replaces with the JSON afterwards."""

        _template = Template("""
            {% macro html(this, kwargs) %}
            <script type="application/json" id="console-map-data">{{ this.token }}</script>
            {% endmacro %}
            {% macro script(this, kwargs) %}
            window.consoleMap = ConsoleMap.init({{ this._parent.get_name() }},
                JSON.parse(document.getElementById("console-map-data").textContent),
                {channel: {{ this.channel }}});
            {% endmacro %}
        """)

        def __init__(self, channel: bool):
            super().__init__()
            self._name = "ConsoleLayer"
            self.token = "console-map-data-" + uuid.uuid4().hex  # nothing in a page's data can be it
            self.channel = "true" if channel else "false"

    return ConsoleLayer


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def data_json(payload: dict) -> str:
    """The page data as the JSON of one script element. The districts' features are encoded one by
    one: one call for all of them holds the interpreter for a tenth of a second at 3,300 districts
    (the GUI thread waits meanwhile); between features other threads run."""
    districts = payload.get("districts") or {}
    features = districts.get("features") if isinstance(districts, dict) else None
    if features:
        token = "districts-" + uuid.uuid4().hex
        head = _dumps({**payload, "districts": token})
        rest = {k: v for k, v in districts.items() if k != "features"}
        fc = _dumps(rest)[:-1] + ("," if rest else "") + '"features":[' + ",".join(map(_dumps, features)) + "]}"
        text = head.replace(_dumps(token), fc, 1)
    else:
        text = _dumps(payload)
    # "</" may not appear inside a script element; "\/" is the same string to JSON.
    return text.replace("</", "<\\/")


def _inline_css(text: str, folder: Path) -> str:
    """A stylesheet with its relative url(...) images turned into data: URIs."""

    def repl(m: re.Match) -> str:
        ref = m.group(1).strip("'\"")
        path = folder / ref
        if ref.startswith(("data:", "#", "http:", "https:")) or not path.is_file():
            return m.group(0)
        return "url(data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii") + ")"

    return re.sub(r"url\(([^)]*)\)", repl, text)


def _inline_js(text: str) -> str:
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)  # no map file travels along
    return text.replace("</script", "<\\/script")


def build_html(
    payload: dict,
    *,
    inline: bool = False,
    asset_base: str = "",
    channel: bool = False,
    tiles: str | None = None,
    tiles_attr: str = "",
    basemap: BaseLayer | None = None,
    web_dir: Path = WEB_DIR,
    lang: str | None = None,
) -> str:
    """The page for `payload` (console.maps.state.MapState.payload(), made in the base map's datum).

    inline: every asset inside the document (the CLI's standalone file); otherwise scripts and
    styles are linked at `asset_base` + their path under resources/web/ (the view passes the folder's
    file URL). channel: load Qt's qwebchannel.js so clicks reach Python. basemap: the base map
    under the districts; else tiles: an intranet tile URL template ({z}/{x}/{y}) with its
    attribution `tiles_attr`; neither draws no tiles at all. lang: the page title's and the tile
    layer's language (default: the payload's, else the language of this process, console.i18n.current).
    """
    import folium
    from branca.element import Element

    lang = lang or payload.get("lang")
    check_assets(web_dir)
    bounds = payload.get("bounds") or [[28.6, 115.8], [28.7, 115.9]]
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    # the scale bar is console-map.js's own: metric only (folium's control_scale adds miles and feet)
    m = folium.Map(location=centre, zoom_start=12, tiles=None, control_scale=False, prefer_canvas=False)
    m.get_root().title = tr("{branch} · district map", lang, branch=payload["branch"]["name"])
    scripts = list(SCRIPTS)
    if channel:
        scripts.insert(2, ("qwebchannel", QWEBCHANNEL_JS))
    if inline:
        # Instance attributes: folium's class-level CDN lists stay untouched for anyone else.
        m.default_js, m.default_css = [], []
        header = m.get_root().header
        for name, path in STYLES:
            css = _inline_css((web_dir / path).read_text(encoding="utf-8"), (web_dir / path).parent)
            header.add_child(Element(f"<style>{css}</style>"), name=name)
        for name, path in scripts:
            if path.startswith("qrc:"):
                header.add_child(Element(f'<script src="{path}"></script>'), name=name)
                continue
            js = _inline_js((web_dir / path).read_text(encoding="utf-8"))
            header.add_child(Element(f"<script>{js}</script>"), name=name)
    else:
        m.default_js = [(n, p if p.startswith("qrc:") else asset_base + p) for n, p in scripts]
        m.default_css = [(n, asset_base + p) for n, p in STYLES]
    if basemap is None and tiles:
        basemap = BaseLayer(tiles, tiles_attr or tr("Intranet map", lang))
    if basemap is not None:
        _tile_layer(basemap, lang).add_to(m)
    layer = _console_layer()(channel)
    layer.add_to(m)
    before, _token, after = m.get_root().render().partition(layer.token)  # the layer's html is always there
    return before + data_json(payload) + after


def _tile_layer(layer: BaseLayer, lang: str | None):
    import folium

    options = {}
    if layer.min_zoom is not None:
        options["min_native_zoom"] = layer.min_zoom
    if layer.max_zoom is not None:
        options["max_native_zoom"] = min(layer.max_zoom, MAX_ZOOM)
    if layer.bounds is not None:
        w, s, e, n = layer.bounds
        options["bounds"] = [[s, w], [n, e]]
    text = re.sub(r"<[^>]*>", "", i18n.render(layer.attribution, lang)).strip() or tr("Base map", lang)
    return folium.TileLayer(tiles=layer.url, attr=text, name=tr("Base map", lang), min_zoom=0, max_zoom=MAX_ZOOM,
                            **options)


def web_dir_url(web_dir: Path = WEB_DIR) -> str:
    """resources/web/ as a file URL ending in '/', for asset_base."""
    return web_dir.resolve().as_uri() + "/"
