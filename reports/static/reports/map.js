/* Public map: clustered markers from /reports/map.json for the visible area and the
   filters in #map-filters; an optional layer of report counts per H3 cell. Every
   text comes from the page (translated) and is inserted as text, never as HTML. */
(function () {
  "use strict";
  var el = document.getElementById("reports-map");
  var texts = document.getElementById("map-texts");
  if (!el || !texts || typeof L === "undefined") { return; }
  var data = texts.dataset;
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var settings = read("map-settings");
  var categories = read("map-categories");
  var statuses = read("map-statuses");
  var status = document.getElementById("map-status");
  // Phones see the map first with the filters folded; wide screens have room to show them.
  var panel = document.getElementById("map-filters-panel");
  if (panel && window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    panel.open = true;
  }

  var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 }).setView(settings.center, settings.zoom);
  if (settings.tiles_url) {
    L.tileLayer(settings.tiles_url, { maxZoom: 19, attribution: settings.tiles_attribution }).addTo(map);
  }
  el.setAttribute("tabindex", "0");
  if (window.TrustBeatOutlines) { window.TrustBeatOutlines(map, settings); }
  var clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
  map.addLayer(clusters);
  var cells = L.geoJSON(null, {
    style: function (feature) {
      var n = feature.properties.count || 0;
      var opacity = Math.min(0.7, 0.1 + Math.log(1 + n) / 8);
      return { color: "#083a66", weight: 1, fillColor: "#a4161a", fillOpacity: opacity };
    },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(String(feature.properties.count) + " " + data.count);
    }
  });

  function filters() {
    var params = new URLSearchParams(new FormData(document.getElementById("map-filters")));
    params.delete("bbox");
    return params;
  }

  function popupFor(point) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var link = document.createElement("a");
    link.href = data.detailUrl.replace("/0/", "/" + point[0] + "/");
    link.textContent = data.report + " #" + point[0] + ": " + (categories[point[3]] || "");
    box.appendChild(link);
    var line = document.createElement("div");
    line.textContent = statuses[point[4]] || point[4];
    box.appendChild(line);
    return box;
  }

  var pending = null;
  function load() {
    var params = filters();
    params.set("bbox", map.getBounds().toBBoxString());
    if (pending) { pending.abort(); }
    pending = new AbortController();
    status.textContent = data.loading;
    fetch(data.pointsUrl + "?" + params.toString(), { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (body) {
        clusters.clearLayers();
        var markers = body.points.map(function (p) {
          return L.circleMarker([p[1], p[2]], {
            radius: 7, weight: 2, color: p[5] ? "#a4161a" : "#1d6b32", fillOpacity: 0.7
          }).bindPopup(function () { return popupFor(p); });
        });
        clusters.addLayers(markers);
        status.textContent = body.points.length + " " + data.shown + (body.truncated ? ". " + data.truncated : "");
      })
      .catch(function (error) { if (error.name !== "AbortError") { status.textContent = data.failed; } });
    if (map.hasLayer(cells)) { loadCells(); }
  }

  function loadCells() {
    var params = new URLSearchParams();
    var category = filters().get("category");
    if (category) { params.set("category", category); }
    fetch(data.cellsUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (geojson) { cells.clearLayers(); cells.addData(geojson); });
  }

  var toggle = document.getElementById("show-hotspots");
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) { cells.addTo(map); loadCells(); } else { map.removeLayer(cells); }
    });
  }
  map.on("moveend", load);
  load();
})();
