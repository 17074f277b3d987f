/* Place a problem: a map pin or the device's location fills the hidden lat/lon fields of
   #place-form. Without JavaScript the typed address does the job. */
(function () {
  "use strict";
  var form = document.getElementById("place-form");
  var texts = document.getElementById("place-texts");
  if (!form || !texts) { return; }
  var data = texts.dataset;
  var status = document.getElementById("place-status");
  var latField = form.querySelector("input[name=lat]");
  var lonField = form.querySelector("input[name=lon]");
  var map = null, marker = null;

  function say(message) { if (status) { status.textContent = message; } }

  function setPoint(lat, lon, message) {
    latField.value = lat.toFixed(6);
    lonField.value = lon.toFixed(6);
    if (map) {
      if (marker) { marker.setLatLng([lat, lon]); } else { marker = L.marker([lat, lon], { keyboard: false }).addTo(map); }
      map.setView([lat, lon], Math.max(map.getZoom(), 16));
    }
    say(message);
  }

  var button = document.getElementById("use-my-location");
  if (button && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      say(data.locating);
      navigator.geolocation.getCurrentPosition(
        function (p) { setPoint(p.coords.latitude, p.coords.longitude, data.located); },
        function () { say(data.noLocation); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  var el = document.getElementById("place-map");
  var settingsEl = document.getElementById("map-settings");
  if (!el || !settingsEl || typeof L === "undefined") { return; }
  var settings = JSON.parse(settingsEl.textContent);
  map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 }).setView(settings.center, settings.zoom);
  if (settings.tiles_url) {
    L.tileLayer(settings.tiles_url, { maxZoom: 19, attribution: settings.tiles_attribution }).addTo(map);
  }
  el.setAttribute("tabindex", "0");
  var outlines = window.TrustBeatOutlines ? window.TrustBeatOutlines(map, settings) : null;
  if (outlines && !latField.value) { map.fitBounds(outlines.getBounds()); }
  if (latField.value && lonField.value) {
    setPoint(parseFloat(latField.value), parseFloat(lonField.value), "");
  }
  map.on("click", function (event) { setPoint(event.latlng.lat, event.latlng.lng, data.pinned); });
})();
