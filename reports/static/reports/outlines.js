/* Neighborhood outlines under a reports map, so it can be read without map tiles. */
window.TrustBeatOutlines = function (map, settings) {
  "use strict";
  if (!settings.outlines || !settings.outlines.length) { return null; }
  var group = L.featureGroup();
  settings.outlines.forEach(function (item) {
    // Not interactive: a click goes to the map underneath (placing a pin).
    L.geoJSON(item.outline, {
      style: { color: "#0b4f8a", weight: 1, fillOpacity: 0.04 },
      interactive: false
    }).addTo(group);
  });
  group.addTo(map);
  return group;
};
