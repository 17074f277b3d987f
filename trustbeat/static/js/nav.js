/* On narrow screens, fold the header navigation behind a "Menu" button so the page
   content starts on the first screen. Without JavaScript the navigation stays open. */
(function () {
  var header = document.querySelector(".site-header");
  var menus = document.getElementById("site-menus");
  if (!header || !menus) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = header.getAttribute("data-menu-label") || "Menu";
  button.setAttribute("aria-controls", "site-menus");
  var narrow = window.matchMedia("(max-width: 47.99rem)");

  function apply() {
    if (narrow.matches) {
      button.hidden = false;
      var open = button.getAttribute("aria-expanded") === "true";
      menus.hidden = !open;
    } else {
      button.hidden = true;
      menus.hidden = false;
    }
  }
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    apply();
  });
  header.querySelector(".bar").appendChild(button);
  narrow.addEventListener("change", apply);
  apply();
})();
