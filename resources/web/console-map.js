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
    this.labels = L.layerGroup().addTo(map);
    this.labelMarkers = {};
    this.labels.on("add remove", function () { self.toggleLabels(); });

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
    this.legend = L.control({position: "bottomright"});
    this.legend.onAdd = function () {
      self.legendDiv = L.DomUtil.create("div", "cm-legend");
      L.DomEvent.disableClickPropagation(self.legendDiv);
      self.renderLegend();
      return self.legendDiv;
    };
    this.legend.addTo(map);

    map.options.zoomSnap = 0.25;  // fit the branch snugly, whatever the dock's size
    this.fit = function () {
      // at once, not animated: the first frame already shows the branch where it stays
      if (data.bounds) { map.fitBounds(data.bounds, {padding: [12, 12], animate: false}); }
      self.labelZoom = map.getZoom() + (data.districts.features.length > 150 ? 1 : 0);
      if (self.province && data.branches.length) {
        // the district names come once a branch fills the view (its median size), not for the province
        var zooms = data.branches.map(function (b) { return map.getBoundsZoom(b.bounds); }).sort(function (a, b) { return a - b; });
        self.labelZoom = Math.max(self.labelZoom, zooms[Math.floor(zooms.length / 2)]);
      }
      self.toggleLabels();
      if (self.province) { self.placeBranchNames(); }
    };
    if (map.getSize().x > 0) { this.fit(); } else { map.once("resize", this.fit); }  // a hidden view has no size yet
    map.on("moveend", function () { if (self.labelZoom !== undefined) { self.toggleLabels(); } });
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

  ConsoleMap.prototype.renderLegend = function () {
    if (!this.legendDiv) { return; }
    var m = this.data.metrics[this.metric];
    var items = m.legend.map(function (e) {
      return '<div><i style="background:' + e[0] + '"></i>' + esc(e[1]) + "</div>";
    }).join("");
    this.legendDiv.innerHTML = '<div class="cm-legend-title">' + esc(m.title) + "</div>" + items +
      '<div class="cm-rule">' + esc(m.rule) + " · " + esc(this.data.month) + "</div>";
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
    var size = n < 10 ? 28 : n < 100 ? 34 : 40;
    return L.divIcon({className: "cm-cluster", iconSize: [size, size],
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

  /* The queue's current order: its district outlined, a ring where it is (null clears). */
  ConsoleMap.prototype.highlightOrder = function (o) {
    var prev = this.highlighted;
    this.highlight.clearLayers();
    this.highlighted = o ? o.district_id : null;
    if (prev !== null) { this.restyle(prev); }
    if (!o) { return; }
    this.restyle(o.district_id);
    var colour = this.data.bands[o.band] ? this.data.bands[o.band][0] : "#ff6f00";
    L.circleMarker([o.lat, o.lon], {radius: 13, color: colour, weight: 3, fill: false, interactive: false,
                                    className: "cm-ring"}).addTo(this.highlight);
    L.circleMarker([o.lat, o.lon], {radius: 5, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1,
                                    interactive: false}).addTo(this.highlight);
    this.map.panInside([o.lat, o.lon], {padding: [40, 40]});
  };

  ConsoleMap.prototype.labelFor = function (p) {
    var mk = this.labelMarkers[p.id];
    if (!mk) {
      mk = this.labelMarkers[p.id] = L.marker(p.label, {
        interactive: false, keyboard: false,
        icon: L.divIcon({className: "cm-label", html: "<span>" + esc(p.name) + "</span>", iconSize: null})
      });
    }
    return mk;
  };

  /* The names the view shows: none below the zoom they are legible at or with the layer off. */
  ConsoleMap.prototype.toggleLabels = function () {
    var self = this, map = this.map;
    var show = map.hasLayer(this.labels) && this.labelZoom !== undefined && map.getZoom() >= this.labelZoom;
    var area = show ? map.getBounds().pad(0.5) : null;
    this.data.districts.features.forEach(function (f) {
      var p = f.properties, inside = show && area.contains(p.label);
      var mk = self.labelMarkers[p.id];
      if (inside && !(mk && self.labels.hasLayer(mk))) { self.labels.addLayer(self.labelFor(p)); }
      else if (!inside && mk && self.labels.hasLayer(mk)) { self.labels.removeLayer(mk); }
    });
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
