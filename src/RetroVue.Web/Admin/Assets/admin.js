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
        var url = new URL(input.getAttribute("data-title-search"), window.location.href);
        url.searchParams.set("q", query);
        fetch(url, { credentials: "same-origin" })
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
  // Live status: a fragment with data-refresh="URL" reloads itself every 2 s while it shows something running
  // (an element with data-active). Without this script the page carries a meta refresh instead.
  document.querySelectorAll("[data-refresh]").forEach(function (box) {
    var poll = function () {
      if (!box.querySelector("[data-active]")) { return; }
      setTimeout(function () {
        fetch(box.getAttribute("data-refresh"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html !== null) {
              box.innerHTML = html;
            }
            poll();
          })
          .catch(poll);
      }, 2000);
    };
    poll();
  });

  // Schedule errors: a click on "line N" also puts the cursor on that line of the editor.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-goto-line]");
    var editor = document.getElementById("document");
    if (!link || !editor) { return; }
    event.preventDefault();
    var line = parseInt(link.getAttribute("data-goto-line"), 10);
    var lines = editor.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    var end = start + (lines[line - 1] || "").length;
    editor.focus();
    editor.setSelectionRange(start, end);
    var lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
    editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
  });
})();
