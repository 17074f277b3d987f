/* A report's small map: a marker, or a circle for a blurred location. */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  var settingsEl = document.getElementById("map-settings");
  if (!el || !settingsEl || typeof L === "undefined") { return; }
  var settings = JSON.parse(settingsEl.textContent);
  var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
  var blurred = el.dataset.blurred === "1";
  var map = L.map(el, { scrollWheelZoom: false, keyboard: false }).setView(point, blurred ? 14 : 16);
  if (settings.tiles_url) {
    L.tileLayer(settings.tiles_url, { maxZoom: 19, attribution: settings.tiles_attribution }).addTo(map);
  }
  if (blurred) {
    L.circle(point, { radius: 500, color: "#0b4f8a", fillOpacity: 0.15, interactive: false }).addTo(map);
  } else {
    L.circleMarker(point, { radius: 9, color: "#0b4f8a", fillOpacity: 0.8, interactive: false }).addTo(map);
  }
})();
