// "Use my location" on the place form: fills and enables the hidden lat/lng and submits, so
// the nearest galleries come first. Without JavaScript the kelurahan choice does the same.
(function () {
  "use strict";
  var button = document.querySelector(".place-form [data-locate]");
  if (!button || !navigator.geolocation) { return; }
  var form = button.form;
  var status = form.querySelector("[data-locate-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      ["lat", "lng"].forEach(function (name, i) {
        var input = form.querySelector("input[name=" + name + "]");
        input.value = (i ? pos.coords.longitude : pos.coords.latitude).toFixed(5);
        input.disabled = false;
      });
      form.querySelector("select[name=kelurahan]").value = "";
      form.submit();
    }, function () {
      status.textContent = button.getAttribute("data-denied") || "";
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
