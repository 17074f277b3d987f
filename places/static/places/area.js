/* Area page: draw the area's outline (embedded in the page) and fit the map to it. */
(function () {
  "use strict";
  if (!window.TrustBeatMap) { return; }
  var map = TrustBeatMap.createMap("area-map");
  var outline = TrustBeatMap.readJSON("area-outline");
  if (!map || !outline || !outline.type) { return; }
  var layer = L.geoJSON(outline, {
    style: { color: "#0b4f8a", weight: 3, fillColor: "#0b4f8a", fillOpacity: 0.15 }
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [12, 12] });
})();
