// Suggestions under the header's search box: products, categories and galleries from
// /cari/saran as a listbox (ARIA combobox pattern: arrows move, Enter opens, Escape closes).
// Without JavaScript the form is the plain GET to /cari; with it, Enter without a chosen
// suggestion still submits that form. Names are set as text, never as markup.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest]");
  var input = form && form.querySelector("input[name=q]");
  if (!input || !window.fetch || !window.AbortController) { return; }
  var MIN = 2, WAIT = 150;
  var list = document.createElement("div");
  var status = document.createElement("p");
  var options = [], active = -1, timer = 0, pending = null, shown = "";

  list.id = input.id + "-suggest";
  list.className = "suggest-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.getAttribute("data-label-list") || "");
  list.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  form.appendChild(list);
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    if (active >= 0) { options[active].setAttribute("aria-selected", "false"); }
    active = index;
    if (index < 0) { input.removeAttribute("aria-activedescendant"); return; }
    var option = options[index];
    option.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  function option(text, detail, url) {
    var item = document.createElement("li");
    var main = document.createElement("span");
    item.id = list.id + "-" + options.length;
    item.className = "suggest-option";
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.setAttribute("data-url", url);
    main.textContent = text;
    item.appendChild(main);
    if (detail) {
      var small = document.createElement("span");
      small.className = "suggest-detail";
      small.textContent = detail;
      item.appendChild(small);
    }
    options.push(item);
    return item;
  }

  function group(key, rows, toOption) {
    if (!rows || !rows.length) { return; }
    var box = document.createElement("ul");
    var heading = document.createElement("li");
    heading.id = list.id + "-" + key;
    heading.className = "suggest-heading";
    heading.setAttribute("role", "presentation");
    heading.textContent = form.getAttribute("data-label-" + key) || key;
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    rows.forEach(function (row) { box.appendChild(toOption(row)); });
    list.appendChild(box);
  }

  function render(data) {
    options = [];
    active = -1;
    list.textContent = "";
    group("products", data.products, function (p) {
      return option(p.name, p.price_text + " · " + p.gallery, p.url);
    });
    group("categories", data.categories, function (c) { return option(c.name, "", c.url); });
    group("galleries", data.galleries, function (g) { return option(g.name, "", g.url); });
    list.hidden = !options.length;
    input.setAttribute("aria-expanded", options.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    status.textContent = form.getAttribute(options.length ? "data-label-shown" : "data-label-none") || "";
  }

  function ask(text) {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    var url = new URL(form.getAttribute("data-suggest"), window.location.href);
    url.searchParams.set("q", text);
    fetch(url.toString(), { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && input.value.trim() === text) { shown = text; render(data); }
      })
      .catch(function () { /* aborted by newer typing, or offline: the form still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < MIN) {
      if (pending) { pending.abort(); }
      shown = "";
      close();
      return;
    }
    timer = window.setTimeout(function () { ask(text); }, WAIT);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) { return; }
      event.preventDefault();
      if (!open) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      var step = event.key === "ArrowDown" ? 1 : -1;
      var from = active < 0 && step < 0 ? 0 : active;  // up from the box: the last one
      choose((from + step + options.length) % options.length);  // wraps at either end
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      window.location.assign(options[active].getAttribute("data-url"));
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  // mousedown keeps the focus in the box, so the list is still there when the click lands
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  list.addEventListener("click", function (event) {
    var item = event.target.closest("[role=option]");
    if (item) { window.location.assign(item.getAttribute("data-url")); }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  input.addEventListener("focus", function () {
    if (options.length && input.value.trim() === shown) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
  });
})();
