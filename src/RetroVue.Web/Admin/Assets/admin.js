// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Confirm destructive actions: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // "Select all" for bulk review actions.
  var all = document.getElementById("select-all");
  if (all) {
    all.hidden = false;
    all.addEventListener("change", function () {
      document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = all.checked; });
    });
  }

  // Title suggestions while typing in a review item's "link to title" field.
  var timer;
  document.querySelectorAll("input[data-title-search]").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { return; }
      timer = setTimeout(function () {
        fetch(input.getAttribute("data-title-search") + "&q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (titles) {
            var list = document.getElementById(input.getAttribute("list"));
            if (!list) { return; }
            list.replaceChildren();
            titles.forEach(function (title) {
              var option = document.createElement("option");
              option.value = title.id;
              option.label = title.name + (title.year ? " (" + title.year + ")" : "") + " \u2014 " + title.kind;
              option.textContent = option.label;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });
})();
