/* District map of the branch console (issue 5). Our code, not vendored.
 *
 * Data comes from console/maps/builder.py (one JSON element); the Qt view drives the page in
 * place through window.consoleMap: update(), setMetric(), highlightOrder(), select(), clear().
 * Clicks reach Python through QWebChannel (object "bridge") when the page runs inside the console.
 * Colours, texts and legends are computed in Python (console/maps/metrics.py); this file only
 * draws them, so the page and the tests agree on every colour.
 */
(function () {
  "use strict";

  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  var BAND_RANK = {breached: 0, risk: 1, watch: 2, ok: 3, paused: 4, waiting: 5, none: 6};
  var LEGEND_BANDS = ["breached", "risk", "watch", "ok", "waiting", "paused", "none"];  // the queue's order
  var ORDER_ZOOM = 16;  // the zoom an order selected in the queue is shown at
  var LABELS_AT_FIT = 150;  // districts whose names all show at the zoom their page fits at

  function ConsoleMap(map, data, options) {
    var self = this;
    this.map = map;
    this.data = data;
    this.metric = data.metric;
    this.byId = {};
    this.markers = {};
    this.selected = null;
    this.highlighted = null;
    this.bridge = null;
    if (!map.options.maxZoom) { map.setMaxZoom(19); }  // no tile layer sets one; markercluster needs it
    map.attributionControl.setPrefix("Leaflet");
    var W = data.words;
    map.attributionControl.addAttribution(esc(W.district_data.replace("{branch}", data.branch.name)));

    // One <canvas> draws every district and the outline: thousands of SVG paths make each pan
    // and zoom of a province's map stutter (every path is a DOM node to move and repaint).
    // The padding draws half a screen around the view, so a pan shows no blank edge before moveend.
    // (data.renderer "svg": the former drawing, for the benchmark's comparison only.)
    this.province = data.scope === "province";
    // (the province's branch outlines take a click a few pixels beside the line too: tolerance)
    this.renderer = data.renderer === "svg" ? L.svg({padding: 0.5}) :
      L.canvas({padding: 0.5, tolerance: this.province ? 4 : 0});
    this.outline = L.geoJSON(data.outline, {
      interactive: false, renderer: this.renderer,
      style: {color: "#37474f", weight: 2.5, opacity: 0.9, fill: false}
    }).addTo(map);
    this.districts = L.geoJSON(data.districts, {
      renderer: this.renderer,
      style: function (f) { return self.styleFor(f.properties); },
      onEachFeature: function (f, layer) {
        self.byId[f.properties.id] = layer;
        layer.bindTooltip(function () { return self.tooltipHtml(layer.feature.properties); },
                          {sticky: true, direction: "top", className: "cm-tip"});
        layer.bindPopup(function () { return self.popupHtml(layer.feature.properties); },
                        {maxWidth: 340, className: "cm-popup"});
        layer.on("click", function () { self.select(f.properties.id, true); });
      }
    }).addTo(map);

    // Province scope: every branch's outline and name on top of the districts; a click on either
    // zooms to the branch (zoomToBranch).
    this.branchById = {};
    this.branchNames = [];
    this.branchLayer = L.layerGroup();
    (data.branches || []).forEach(function (b) {
      self.branchById[b.id] = b;
      var line = L.geoJSON(b.outline, {
        renderer: self.renderer, style: {color: "#263238", weight: 3, opacity: 0.95, fill: false}
      });
      line.on("click", function () { self.zoomToBranch(b.id, true); });
      line.bindTooltip(esc(b.name), {sticky: true, className: "cm-tip"});
      var name = L.marker(b.label, {
        keyboard: false, title: b.name, zIndexOffset: 1000,
        icon: L.divIcon({className: "cm-branch", html: "<span>" + esc(b.name) + "</span>", iconSize: null})
      });
      name.on("click", function () { self.zoomToBranch(b.id, true); });
      self.branchLayer.addLayer(line);
      self.branchLayer.addLayer(name);
      self.branchNames.push({branch: b, marker: name});
    });
    if (this.province) {
      this.branchLayer.addTo(map);
      map.on("zoomend", function () { self.placeBranchNames(); });
      this.branchLayer.on("add", function () { self.placeBranchNames(); });
    }

    // District names: the layer the dispatcher switches on and off (layers control); it holds only
    // the names inside the view (and half a screen around it) once zoomed in enough to read them.
    // A province's 3,300 name elements all in the page cost every zoom a tenth of a second.
    // They have a pane of their own above the markers' (and so above the order clusters, which
    // would otherwise cover a district's name exactly where its orders are): a name takes no
    // clicks (pointer-events: none), so a cluster under it still opens; below the tooltips and popups.
    map.createPane("cm-labels").style.zIndex = 640;
    map.getPane("cm-labels").style.pointerEvents = "none";
    this.labels = L.layerGroup().addTo(map);
    this.labelMarkers = {};
    this.labels.on("add remove", function () { self.toggleLabels(); });
    // where two names would overlap, the larger district's is shown (zooming in shows the others)
    this.labelRank = {};
    data.districts.features.map(function (f) {
      var b = L.geoJSON(f).getBounds();
      return {id: f.properties.id, size: (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest())};
    }).sort(function (a, b) { return b.size - a.size; }).forEach(function (d, i) { self.labelRank[d.id] = i; });

    this.cluster = L.markerClusterGroup({
      maxClusterRadius: 45, disableClusteringAtZoom: 17, showCoverageOnHover: false,
      chunkedLoading: true, iconCreateFunction: function (c) { return self.clusterIcon(c); }
    });
    this.addMarkers(data.orders);
    this.cluster.addTo(map);

    this.majors = L.layerGroup(data.majors.map(function (c) {
      return L.marker([c.lat, c.lon], {
        keyboard: false, title: c.name,
        icon: L.divIcon({className: "cm-major", html: "★", iconSize: [16, 16], iconAnchor: [8, 8]})
      }).bindTooltip(esc(W.major_client) + " · " + esc(c.name) + (c.category ? " (" + esc(c.category) + ")" : ""));
    })).addTo(map);
    this.highlight = L.layerGroup().addTo(map);

    var overlays = {};
    overlays[esc(W.orders_layer)] = this.cluster;
    overlays[esc(W.majors_layer)] = this.majors;
    overlays[esc(W.labels_layer)] = this.labels;
    if (this.province) { overlays[esc(W.branches_layer)] = this.branchLayer; }
    L.control.layers(null, overlays, {collapsed: true, position: "topright"}).addTo(map);
    L.control.scale({imperial: false, position: "bottomleft", maxWidth: 120}).addTo(map);  // metres and km only
    this.legend = L.control({position: "bottomright"});
    this.legend.onAdd = function () {
      self.legendDiv = L.DomUtil.create("div", "cm-legend");
      L.DomEvent.disableClickPropagation(self.legendDiv);
      self.renderLegend();
      return self.legendDiv;
    };
    this.legend.addTo(map);

    map.options.zoomSnap = 0.25;  // fit the branch snugly, whatever the dock's size
    this.atFit = false;  // the view is the fitted branch, untouched since
    this.fit = function () {
      // at once, not animated: the first frame already shows the branch where it stays
      self.fitting = true;
      if (data.bounds) { map.fitBounds(data.bounds, self.fitPadding({animate: false})); }
      self.fitting = false;
      self.atFit = true;
      self.labelZoom = self.labelThreshold();
      self.toggleLabels();
      if (self.province) { self.placeBranchNames(); }
    };
    if (map.getSize().x > 0) { this.fit(); } else { map.once("resize", this.fit); }  // a hidden view has no size yet
    map.on("movestart zoomstart", function () { if (!self.fitting) { self.atFit = false; } });
    map.on("moveend", function () { if (self.labelZoom !== undefined) { self.toggleLabels(); } });
    // The dock was resized. Still on the whole branch: fitted again to the new size (with its names).
    // Moved or zoomed by the dispatcher: the view stays, and the names' threshold follows the zoom
    // the branch would fit at now when that is lower (never higher: names on screen stay there).
    map.on("resize", function () {
      if (self.labelZoom === undefined) { return; }
      if (self.atFit) { self.fit(); return; }
      self.labelZoom = Math.min(self.labelZoom, self.labelThreshold());
      self.toggleLabels();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { self.clear(true); }
    });
    if (options && options.channel && window.qt && window.qt.webChannelTransport && window.QWebChannel) {
      new QWebChannel(window.qt.webChannelTransport, function (ch) {
        self.bridge = ch.objects.bridge;
        if (self.bridge && self.bridge.pageReady) { self.bridge.pageReady(); }
      });
    }
  }

  ConsoleMap.prototype.styleFor = function (p) {
    var style = {className: "cm-district", fillColor: p.colours[this.metric], fillOpacity: 0.72,
                 color: "#607d8b", weight: 1, opacity: 0.9};
    if (p.id === this.selected) { style.color = "#0d47a1"; style.weight = 3.5; }
    if (p.id === this.highlighted) { style.color = "#ff6f00"; style.weight = 4; }
    return style;
  };

  ConsoleMap.prototype.restyle = function (id) {
    var layer = this.byId[id];
    if (layer) {
      layer.setStyle(this.styleFor(layer.feature.properties));
      if (id === this.selected || id === this.highlighted) { layer.bringToFront(); }
    }
  };

  ConsoleMap.prototype.tooltipHtml = function (p) {
    var W = this.data.words;
    var who = p.maintainer ? esc(W.maintainer) + " " + esc(p.maintainer) + " (" + esc(p.work_number) + ")" : esc(W.no_maintainer);
    var where = p.branch ? " · " + esc(p.branch) : "";
    return "<b>" + esc(p.name) + "</b>" + where + "<br>" + esc(p.texts[this.metric]) + "<br>" + who;
  };

  ConsoleMap.prototype.popupHtml = function (p) {
    var photo = p.maintainer_id !== null ? this.data.photos[String(p.maintainer_id)] : null;
    var W = this.data.words;
    var img = photo ? '<img class="cm-photo" alt="' + esc(W.photo) + '" src="' + photo + '">' :
      '<div class="cm-photo cm-nophoto">' + esc(this.province && p.maintainer_id !== null ? W.photo_on_branch_map
                                                 : W.no_photo) + '</div>';
    var rows = [
      [esc(W.maintainer), p.maintainer ? esc(p.maintainer) : esc(W.unassigned)],
      [esc(W.work_number), esc(p.work_number) || "—"],
      [esc(W.service_phone), esc(p.service_phone)],
      [esc(W.supervision_phone), esc(p.supervision_phone)],
      [esc(W.serving_since), esc(p.since) || "—"],
      [esc(W.households), esc(W.households_unit.replace("{n}", Number(p.households).toLocaleString()))],
      [esc(W.open_orders), esc(W.orders_unit.replace("{n}", p.open))]
    ];
    if (p.branch) { rows.unshift([esc(W.branch), esc(p.branch)]); }  // province scope
    var table = rows.map(function (r) { return "<tr><th>" + r[0] + "</th><td>" + r[1] + "</td></tr>"; }).join("");
    // R-ZONE-5: the published changes of who serves, newest first (the last three; the console lists all)
    var changes = (p.changes || []).slice(0, 3).map(function (c) {
      return "<li>" + esc(W.change_line.replace("{day}", c.from).replace("{before}", c.before || "—")
        .replace("{after}", c.after).replace("{reason}", c.reason)) + "</li>";
    }).join("");
    var history = '<div class="cm-changes"><div class="cm-changes-title">' + esc(W.changes) + "</div>" +
      (changes ? "<ul>" + changes + "</ul>" : '<div class="cm-rule">' + esc(W.no_changes) + "</div>") + "</div>";
    return '<div class="cm-card"><div class="cm-card-title">' + esc(p.name) + ' <small>' + esc(p.code) +
      '</small></div><div class="cm-card-body">' + img + "<table>" + table + "</table></div>" + history +
      '<div class="cm-card-foot">' + esc(p.texts[this.metric]) + '<br><span class="cm-rule">' + esc(W.public_info) + '</span></div></div>';
  };

  /* The legend: the districts' colours (the metric's scale), and on a branch's map the order
     markers' colours (the queue's time-limit bands), a cluster and ★ (a major client, R-VISIT-5).
     Two columns each, so it stays low in the corner; its title folds it away to a line. */
  ConsoleMap.prototype.renderLegend = function () {
    if (!this.legendDiv) { return; }
    var self = this, m = this.data.metrics[this.metric], W = this.data.words, bands = this.data.bands;
    var items = m.legend.map(function (e) {
      return '<div><i style="background:' + e[0] + '"></i>' + esc(e[1]) + "</div>";
    }).join("");
    var html = '<div class="cm-legend-part cm-legend-metric"><div class="cm-legend-title">' + esc(m.title) +
      '</div><div class="cm-legend-items">' + items + '</div><div class="cm-rule">' + esc(m.rule) + " · " +
      esc(this.data.month) + "</div></div>";
    if (!this.province) {
      var marks = LEGEND_BANDS.filter(function (b) { return bands[b]; }).map(function (b) {
        return '<div class="cm-legend-band" data-band="' + b + '"><b class="cm-dot" style="background:' +
          bands[b][0] + '"></b>' + esc(bands[b][1]) + "</div>";
      }).join("");
      html += '<div class="cm-legend-part cm-legend-orders"><div class="cm-legend-title">' + esc(W.legend_orders) +
        '</div><div class="cm-legend-items">' + marks + '</div><div class="cm-legend-cluster"><b class="cm-ring-key">3</b>' +
        esc(W.legend_cluster) + '</div><div class="cm-legend-major"><b class="cm-star">★</b>' + esc(W.major_client) +
        " (R-VISIT-5)</div></div>";
    }
    this.legendDiv.innerHTML = html;
    this.legendDiv.classList.toggle("cm-legend-folded", Boolean(this.legendFolded));
    Array.prototype.forEach.call(this.legendDiv.querySelectorAll(".cm-legend-title"), function (t) {
      t.title = W.legend_fold;
      t.addEventListener("click", function () {
        self.legendFolded = !self.legendFolded;
        self.legendDiv.classList.toggle("cm-legend-folded", self.legendFolded);
      });
    });
  };

  ConsoleMap.prototype.markerIcon = function (band) {
    return L.divIcon({className: "cm-order cm-band-" + band, iconSize: [12, 12], iconAnchor: [6, 6],
                      html: '<span style="background:' + this.data.bands[band][0] + '"></span>'});
  };

  ConsoleMap.prototype.clusterIcon = function (cluster) {
    var worst = "none";
    cluster.getAllChildMarkers().forEach(function (mk) {
      if (BAND_RANK[mk.options.band] < BAND_RANK[worst]) { worst = mk.options.band; }
    });
    var n = cluster.getChildCount();
    var size = n < 10 ? 22 : n < 100 ? 26 : 30;  // small: the districts' colours and names stay readable
    // hung just below its point: the orders of a district without a customer's location sit around
    // the district's label point, so its cluster comes right under the district's name, not over it
    return L.divIcon({className: "cm-cluster", iconSize: [size, size], iconAnchor: [size / 2, -2],
                      html: '<span style="border-color:' + this.data.bands[worst][0] + '">' + n + "</span>"});
  };

  ConsoleMap.prototype.addMarkers = function (list) {
    var self = this;
    var fresh = list.map(function (o) {
      var mk = L.marker([o.lat, o.lon], {icon: self.markerIcon(o.band), band: o.band, keyboard: false});
      mk.bindTooltip(esc(o.tip));
      mk.order = o;
      self.markers[o.id] = mk;
      return mk;
    });
    this.cluster.addLayers(fresh);
  };

  /* In place: {districts: [properties…], upsert: [markers…], remove: [ids…]}. */
  ConsoleMap.prototype.update = function (change) {
    var self = this, t0 = performance.now(), added = [], touched = [];
    (change.districts || []).forEach(function (p) {
      var layer = self.byId[p.id];
      if (!layer) { return; }
      layer.feature.properties = p;
      self.restyle(p.id);
      if (layer.isTooltipOpen()) { layer.getTooltip().update(); }
      if (layer.isPopupOpen()) { layer.getPopup().update(); }
    });
    var gone = (change.remove || []).map(function (id) {
      var mk = self.markers[id];
      delete self.markers[id];
      return mk;
    }).filter(Boolean);
    if (gone.length) { this.cluster.removeLayers(gone); }
    (change.upsert || []).forEach(function (o) {
      var mk = self.markers[o.id];
      if (!mk) { added.push(o); return; }
      if (mk.order.lat !== o.lat || mk.order.lon !== o.lon) {
        self.cluster.removeLayer(mk);
        delete self.markers[o.id];
        added.push(o);
        return;
      }
      if (mk.order.band !== o.band) { mk.options.band = o.band; mk.setIcon(self.markerIcon(o.band)); touched.push(mk); }
      mk.setTooltipContent(esc(o.tip));
      mk.order = o;
    });
    if (added.length) { this.addMarkers(added); }
    if (touched.length) { this.cluster.refreshClusters(touched); }
    return {ms: performance.now() - t0, districts: (change.districts || []).length,
            added: added.length, removed: gone.length, changed: touched.length};
  };

  ConsoleMap.prototype.setMetric = function (name) {
    if (!this.data.metrics[name]) { return false; }
    var self = this;
    this.metric = name;
    Object.keys(this.byId).forEach(function (id) {
      var layer = self.byId[id];
      layer.setStyle(self.styleFor(layer.feature.properties));
      if (layer.isTooltipOpen()) { layer.getTooltip().update(); }
    });
    this.renderLegend();
    return true;
  };

  /* Province scope: a branch's name is hidden where it would cover a larger branch's (zoomed out,
     a hundred names would print over one another); zooming in shows them all. Reads first, then
     writes: one layout for all the names. */
  ConsoleMap.prototype.placeBranchNames = function () {
    var map = this.map, kept = [];
    var boxes = this.branchNames.map(function (item) {
      var el = item.marker.getElement(), span = el && el.firstChild;
      if (!span) { return null; }
      var at = map.latLngToContainerPoint(item.branch.label), w = span.offsetWidth / 2, h = span.offsetHeight / 2;
      return {el: el, n: item.branch.districts, box: [at.x - w, at.y - h, at.x + w, at.y + h]};
    }).filter(Boolean).sort(function (a, b) { return b.n - a.n; });
    boxes.forEach(function (item) {
      var b = item.box;
      item.clash = kept.some(function (k) { return b[0] < k[2] && b[2] > k[0] && b[1] < k[3] && b[3] > k[1]; });
      if (!item.clash) { kept.push(b); }
    });
    boxes.forEach(function (item) { item.el.style.visibility = item.clash ? "hidden" : ""; });
    return kept.length;
  };

  /* Province scope: the view fitted to one branch (a click on its outline or name, or the console's
     list; null: the whole province). */
  ConsoleMap.prototype.zoomToBranch = function (id, fromClick) {
    var b = id === null ? null : this.branchById[id];
    if (id !== null && !b) { return false; }
    this.zoomedBranch = b ? id : null;
    this.map.fitBounds(b ? b.bounds : this.data.bounds, {padding: [12, 12], animate: false});
    if (fromClick && this.bridge && this.bridge.branchClicked) { this.bridge.branchClicked(id); }
    return true;
  };

  /* The district the queue is filtered to (a click, or Python's select()). */
  ConsoleMap.prototype.select = function (id, fromClick) {
    var prev = this.selected;
    this.selected = id;
    if (prev !== null) { this.restyle(prev); }
    this.restyle(id);
    if (fromClick && this.bridge) { this.bridge.districtClicked(id); }
  };

  ConsoleMap.prototype.clear = function (notify) {
    var prev = this.selected;
    this.selected = null;
    if (prev !== null) { this.restyle(prev); }
    this.map.closePopup();
    if (notify && this.bridge) { this.bridge.districtCleared(); }
  };

  /* The queue's current order: its district outlined, a ring where it is (null clears); `zoom`
     (a newly chosen order): the view goes to it at ORDER_ZOOM. */
  ConsoleMap.prototype.highlightOrder = function (o, zoom) {
    var prev = this.highlighted, again = Boolean(o) && this.highlightedOrder === o.id;
    this.highlight.clearLayers();
    this.highlighted = o ? o.district_id : null;
    this.highlightedOrder = o ? o.id : null;
    if (prev !== null) { this.restyle(prev); }
    if (!o) { return; }
    this.restyle(o.district_id);
    var colour = this.data.bands[o.band] ? this.data.bands[o.band][0] : "#ff6f00";
    L.circleMarker([o.lat, o.lon], {radius: 13, color: colour, weight: 3, fill: false, interactive: false,
                                    className: "cm-ring"}).addTo(this.highlight);
    L.circleMarker([o.lat, o.lon], {radius: 5, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1,
                                    interactive: false}).addTo(this.highlight);
    // close enough to see the streets around it (about 16: a few hundred metres across), no closer:
    // a view zoomed in further already stays, and only pans to the order; the same order again (the
    // queue read anew) leaves the view where the dispatcher put it
    var close = Math.min(ORDER_ZOOM, this.map.getMaxZoom());
    if (zoom && !again && this.map.getZoom() < close) { this.map.flyTo([o.lat, o.lon], close, {duration: 0.6}); }
    else { this.map.panInside([o.lat, o.lon], {padding: [40, 40]}); }
  };

  ConsoleMap.prototype.labelFor = function (p) {
    var mk = this.labelMarkers[p.id];
    if (!mk) {
      mk = this.labelMarkers[p.id] = L.marker(p.label, {
        interactive: false, keyboard: false, pane: "cm-labels",
        icon: L.divIcon({className: "cm-label", html: "<span>" + esc(p.name) + "</span>", iconSize: null})
      });
      mk.districtId = p.id;
    }
    return mk;
  };

  /* How the branch is fitted into the view: 12 px all round, and beside or above the legend (in
     the bottom right corner) when the branch can move out of its way at the same zoom (a wide dock:
     the branch goes left; a tall one: up). Where it cannot, the legend covers a corner of the
     view, as it would anyway (its title folds it). */
  ConsoleMap.prototype.fitPadding = function (options) {
    var out = L.extend({paddingTopLeft: [12, 12], paddingBottomRight: [12, 12]}, options || {});
    var map = this.map, bounds = this.data.bounds, div = this.legendDiv;
    if (!bounds || !div || !div.offsetWidth) { return out; }
    var w = div.offsetWidth + 10, h = div.offsetHeight + 10;  // the control's margin
    var plain = map.getBoundsZoom(bounds, false, L.point(24, 24));
    var side = map.getBoundsZoom(bounds, false, L.point(24 + w, 24));
    var above = map.getBoundsZoom(bounds, false, L.point(24, 24 + h));
    if (Math.max(side, above) >= plain) {
      out.paddingBottomRight = side >= above ? [12 + w, 12] : [12, 12 + h];
    }
    return out;
  };

  /* The zoom from which the district names show: the zoom the branch fits the view at (so they are
     there when the map opens, whatever the dock's size; where two would overlap the larger district's
     shows, placeLabels); one zoom step further for a page of more than LABELS_AT_FIT districts (a
     branch has a few dozen; thousands of names at once cost every zoom a tenth of a second); at
     province scope the zoom a branch of the median size fills the view at. */
  ConsoleMap.prototype.labelThreshold = function () {
    var map = this.map, data = this.data;
    var pad = this.fitPadding();
    var zoom = data.bounds ? map.getBoundsZoom(data.bounds, false, L.point(pad.paddingTopLeft).add(pad.paddingBottomRight))
      : map.getZoom();
    if (data.districts.features.length > LABELS_AT_FIT) { zoom += 1; }
    if (this.province && data.branches.length) {
      var zooms = data.branches.map(function (b) { return map.getBoundsZoom(b.bounds); }).sort(function (a, b) { return a - b; });
      zoom = Math.max(zoom, zooms[Math.floor(zooms.length / 2)]);
    }
    return zoom;
  };

  /* The names the view shows: none below the threshold zoom or with the layer off. */
  ConsoleMap.prototype.toggleLabels = function () {
    var self = this, map = this.map;
    var show = map.hasLayer(this.labels) && this.labelZoom !== undefined && map.getZoom() >= this.labelZoom - 1e-9;
    var area = show ? map.getBounds().pad(0.5) : null;
    this.data.districts.features.forEach(function (f) {
      var p = f.properties, inside = show && area.contains(p.label);
      var mk = self.labelMarkers[p.id];
      if (inside && !(mk && self.labels.hasLayer(mk))) { self.labels.addLayer(self.labelFor(p)); }
      else if (!inside && mk && self.labels.hasLayer(mk)) { self.labels.removeLayer(mk); }
    });
    if (show) { this.placeLabels(); }
  };

  /* Where two names would overlap, the larger district's stays and the other is hidden until the
     zoom parts them. Reads first, then writes: one layout for all the names. */
  ConsoleMap.prototype.placeLabels = function () {
    var self = this, map = this.map, kept = [], shown = 0;
    var boxes = [];
    this.labels.eachLayer(function (mk) {
      var el = mk.getElement(), span = el && el.firstChild;
      if (!span) { return; }
      var at = map.latLngToContainerPoint(mk.getLatLng()), w = span.offsetWidth / 2 + 2, h = span.offsetHeight;
      // (a name stands on its point: .cm-label in console-map.css)
      boxes.push({el: el, rank: self.labelRank[mk.districtId], box: [at.x - w, at.y - h, at.x + w, at.y]});
    });
    boxes.sort(function (a, b) { return a.rank - b.rank; });
    boxes.forEach(function (item) {
      var b = item.box;
      item.clash = kept.some(function (k) { return b[0] < k[2] && b[2] > k[0] && b[1] < k[3] && b[3] > k[1]; });
      if (!item.clash) { kept.push(b); }
    });
    boxes.forEach(function (item) {
      item.el.style.visibility = item.clash ? "hidden" : "";
      if (!item.clash) { shown += 1; }
    });
    return shown;
  };

  /* For tests: the district names on screen now (in the view and not hidden by a larger one's). */
  ConsoleMap.prototype.visibleLabels = function () {
    var map = this.map, view = map.getBounds(), out = [];
    this.labels.eachLayer(function (mk) {
      var el = mk.getElement();
      if (el && el.style.visibility !== "hidden" && view.contains(mk.getLatLng())) { out.push(el.textContent); }
    });
    return out;
  };

  /* A district's shape is in the renderer, projected to the screen (the canvas draws it on its next frame). */
  function drawn(layer) {
    return Boolean(layer && layer._map && layer._renderer && (layer._path || layer._pxBounds));
  }

  /* For tests and the benchmark: the drawn fill of a district (null while it is not drawn). */
  ConsoleMap.prototype.fillOf = function (id) {
    var layer = this.byId[id];
    if (!drawn(layer)) { return null; }
    return layer._path ? layer._path.getAttribute("fill") : layer.options.fillColor;
  };

  /* How many districts are drawn (the view's "page ready" probe). */
  ConsoleMap.prototype.drawnDistricts = function () {
    var self = this;
    return Object.keys(this.byId).filter(function (id) { return drawn(self.byId[id]); }).length;
  };

  window.ConsoleMap = {init: function (map, data, options) { return new ConsoleMap(map, data, options); }};
})();
