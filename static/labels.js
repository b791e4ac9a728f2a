// Shelf labels: a Print button and a "select all" box; without JS the browser's own print and
// the single checkboxes do the same job, so both controls stay hidden until this runs.
(function () {
  "use strict";
  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var form = document.querySelector("form[data-labels-form]");
  var all = form && form.querySelector("[data-select-all]");
  if (!all) { return; }
  var boxes = form.querySelectorAll("input[type=checkbox][name=ids]");
  function sync() {
    var checked = 0;
    boxes.forEach(function (box) { if (box.checked) { checked += 1; } });
    all.checked = checked === boxes.length;
    all.indeterminate = checked > 0 && checked < boxes.length;
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
  boxes.forEach(function (box) { box.addEventListener("change", sync); });
  form.querySelector("[data-select-all-field]").hidden = false;
  sync();
})();
