// "Near me" on event lists and "Use my location" when logging an interaction: fill the
// hidden lat/lon fields from the browser's location and submit. Without JavaScript or
// location the buttons stay hidden and the neighborhood list works as before.
(function () {
  "use strict";
  if (!("geolocation" in navigator)) { return; }
  function wire(button) {
    var form = button.closest("form");
    var lat = form && form.querySelector("input[name='lat']");
    var lon = form && form.querySelector("input[name='lon']");
    if (!lat || !lon) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(5);
        lon.value = position.coords.longitude.toFixed(5);
        var area = form.querySelector("select[name='area']");
        if (area) { area.value = ""; }
        if (button.classList.contains("near-me")) { form.submit(); }
        else { button.textContent = button.textContent + " ✓"; }
      }, function () {
        window.alert(button.getAttribute("data-error"));
      }, { maximumAge: 60000, timeout: 10000 });
    });
  }
  document.querySelectorAll("button.near-me, button.use-location").forEach(wire);
})();
