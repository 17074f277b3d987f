/* Shared Leaflet set-up for places pages. Tiles are optional: when the tile URL is empty
   or tiles fail to load, outlines still draw on the plain map background. */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function createMap(elementId) {
    var el = document.getElementById(elementId);
    var settings = readJSON("map-settings");
    if (!el || !settings || typeof L === "undefined") { return null; }
    var map = L.map(el, { scrollWheelZoom: false }).setView(settings.center, settings.zoom);
    if (settings.tiles_url) {
      var failures = 0;
      var tiles = L.tileLayer(settings.tiles_url, {
        maxZoom: 19, attribution: settings.tiles_attribution
      });
      tiles.on("tileerror", function () {
        failures += 1;
        if (failures === 4) { el.classList.add("map-no-tiles"); }
      });
      tiles.addTo(map);
    } else {
      el.classList.add("map-no-tiles");
    }
    // Leaflet makes the container focusable; keep the accessible name we gave it.
    el.setAttribute("tabindex", "0");
    return map;
  }

  window.TrustBeatMap = { createMap: createMap, readJSON: readJSON };
})();
