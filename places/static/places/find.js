/* Find page: click the map to look a point up (places:lookup JSON), or use the device's
   location. Without JavaScript the text search on the same page does the job. */
(function () {
  "use strict";
  var texts = document.getElementById("find-texts");
  var status = document.getElementById("map-status");
  if (!texts || !status) { return; }
  var data = texts.dataset;

  function say(message) { status.textContent = message; }

  function submitPoint(lat, lon) {
    document.getElementById("point-lat").value = lat.toFixed(6);
    document.getElementById("point-lon").value = lon.toFixed(6);
    document.getElementById("point-form").submit();
  }

  var button = document.getElementById("use-my-location");
  if (button && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      say(data.locating);
      navigator.geolocation.getCurrentPosition(
        function (position) { submitPoint(position.coords.latitude, position.coords.longitude); },
        function () { say(data.noLocation); },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
      );
    });
  }

  if (!window.TrustBeatMap) { return; }
  var map = TrustBeatMap.createMap("find-map");
  if (!map) { return; }
  var outlines = TrustBeatMap.readJSON("map-outlines") || [];
  var group = L.featureGroup();
  outlines.forEach(function (item) {
    L.geoJSON(item.outline, {
      style: { color: "#0b4f8a", weight: 1, fillOpacity: 0.05 },
      interactive: false
    }).addTo(group);
  });
  group.addTo(map);
  if (outlines.length) { map.fitBounds(group.getBounds()); }

  var marker = null;
  map.on("click", function (event) {
    var lat = event.latlng.lat, lon = event.latlng.lng;
    if (marker) { marker.remove(); }
    marker = L.marker(event.latlng, { keyboard: false }).addTo(map);
    say(data.lookingUp);
    var url = data.lookupUrl + "?lat=" + encodeURIComponent(lat.toFixed(6)) +
      "&lon=" + encodeURIComponent(lon.toFixed(6));
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        status.textContent = "";
        if (body.area) {
          var link = document.createElement("a");
          link.href = body.area.url;
          link.textContent = body.area.name;
          status.append(data.pointIn + " ", link, ". ");
          var popup = document.createElement("a");
          popup.href = body.area.url;
          popup.textContent = data.openPage + ": " + body.area.name;
          marker.bindPopup(popup).openPopup();
        } else {
          say(body.error && body.error.message ? body.error.message : data.failed);
        }
      })
      .catch(function () { submitPoint(lat, lon); });
  });
})();
