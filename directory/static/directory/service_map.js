/* A service page's small map of its public locations (confidential ones never reach it). */
(function () {
  "use strict";
  var el = document.getElementById("service-map");
  var pointsEl = document.getElementById("service-points");
  var settingsEl = document.getElementById("map-settings");
  if (!el || !pointsEl || !settingsEl || typeof L === "undefined") { return; }
  var points = JSON.parse(pointsEl.textContent);
  var settings = JSON.parse(settingsEl.textContent);
  if (!points.length) { return; }
  var map = L.map(el, { scrollWheelZoom: false, keyboard: false });
  if (settings.tiles_url) {
    L.tileLayer(settings.tiles_url, { maxZoom: 19, attribution: settings.tiles_attribution }).addTo(map);
  }
  var bounds = [];
  points.forEach(function (p) {
    L.circleMarker([p.lat, p.lon], { radius: 9, color: "#0b4f8a", fillOpacity: 0.8 }).addTo(map).bindTooltip(p.name);
    bounds.push([p.lat, p.lon]);
  });
  map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] });
})();
