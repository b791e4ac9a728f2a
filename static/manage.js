// Live preview of a product card while a manager types (the form works without it).
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview=product]");
  if (!form) { return; }
  var formatter = new Intl.NumberFormat("id-ID");
  function digits(text) {
    var whole = String(text).split(",")[0];
    var n = parseInt(whole.replace(/[^0-9]/g, ""), 10);
    return isNaN(n) ? 0 : n;
  }
  function update() {
    var name = form.querySelector("[name=name]");
    var price = form.querySelector("[name=price]");
    var unit = form.querySelector("[name=unit]");
    document.querySelector("[data-preview-name]").textContent = name.value || name.placeholder || "…";
    document.querySelector("[data-preview-price]").textContent = "Rp " + formatter.format(digits(price.value));
    document.querySelector("[data-preview-unit]").textContent = unit.value || "…";
  }
  form.addEventListener("input", update);
})();
