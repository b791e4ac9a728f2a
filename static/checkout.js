// "Use my location": fills the hidden lat/lng so delivery fees use the exact distance.
// Without JavaScript (or permission) the kelurahan centre is used instead.
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  if (!button || !navigator.geolocation) { return; }
  var status = document.querySelector("[data-locate-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.querySelector("input[name=lat]").value = pos.coords.latitude.toFixed(6);
      document.querySelector("input[name=lng]").value = pos.coords.longitude.toFixed(6);
      var quote = document.querySelector("button[name=action][value=quote]");
      if (quote) { quote.click(); }
    }, function () {
      status.textContent = button.getAttribute("data-denied") || "";
    }, { enableHighAccuracy: true, timeout: 10000 });
  });
})();
