// The event form's map: a click places the event and fills the hidden lat/lon inputs.
(function () {
  "use strict";
  var element = document.getElementById("pick-map");
  if (!element || !window.L) { return; }
  var lat = document.getElementById(element.getAttribute("data-lat-input"));
  var lon = document.getElementById(element.getAttribute("data-lon-input"));
  var start = lat.value && lon.value ? [parseFloat(lat.value), parseFloat(lon.value)]
    : [34.05, -118.25];
  var map = L.map(element).setView(start, lat.value ? 15 : 11);
  var settings = document.getElementById("map-settings");
  var tiles = settings ? JSON.parse(settings.textContent).tiles_url : "";
  if (tiles) { L.tileLayer(tiles, { maxZoom: 19 }).addTo(map); }
  var marker = lat.value ? L.marker(start).addTo(map) : null;
  map.on("click", function (event) {
    lat.value = event.latlng.lat.toFixed(6);
    lon.value = event.latlng.lng.toFixed(6);
    if (marker) { marker.setLatLng(event.latlng); } else { marker = L.marker(event.latlng).addTo(map); }
  });
})();
