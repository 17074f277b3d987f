/* Hotspots page: H3 cells coloured by Gi* class (hot red, cold blue) or by count. */
(function () {
  "use strict";
  var el = document.getElementById("hotspot-map");
  if (!el || typeof L === "undefined") { return; }
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var settings = read("map-settings");
  var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 }).setView(settings.center, settings.zoom);
  if (settings.tiles_url) {
    L.tileLayer(settings.tiles_url, { maxZoom: 19, attribution: settings.tiles_attribution }).addTo(map);
  }
  el.setAttribute("tabindex", "0");
  var colours = { hot: "#a4161a", cold: "#0b4f8a" };
  var status = document.getElementById("hotspot-status");
  var layer = L.geoJSON(null, {
    style: function (f) {
      var p = f.properties;
      if (p.z !== null && p.z !== undefined) {
        var c = colours[p["class"]];
        return { color: "#555", weight: 0.5, fillColor: c || "#999", fillOpacity: c ? 0.6 : 0.1 };
      }
      return { color: "#083a66", weight: 0.5, fillColor: "#a4161a", fillOpacity: Math.min(0.7, 0.1 + Math.log(1 + p.count) / 8) };
    },
    onEachFeature: function (f, l) {
      var p = f.properties;
      l.bindTooltip(String(p.count) + (p.z !== null && p.z !== undefined ? " · z " + p.z.toFixed(2) : ""));
    }
  }).addTo(map);
  // The cells come from hotspots.json (same filters) so the page itself stays light.
  fetch(el.dataset.cellsUrl, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (geojson) {
      layer.addData(geojson);
      if (geojson.features.length) { map.fitBounds(layer.getBounds()); }
    })
    .catch(function () { if (status) { status.textContent = el.dataset.failed; } });
})();
