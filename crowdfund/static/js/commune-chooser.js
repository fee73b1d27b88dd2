/* Commune chooser: refresh the province and commune lists in place when a region or
   province is chosen, by asking the server for the same "Show communes" step the button
   performs without JavaScript. Focus stays where it is; a status line announces the result. */
(function () {
  "use strict";

  var LEVELS = ["region_id", "province_id", "commune_id"];

  function formDataWithoutFiles(form, refreshButton) {
    var data = new FormData(form);
    Array.from(data.keys()).forEach(function (key) {
      if (data.getAll(key).some(function (value) { return value instanceof File; })) {
        data.delete(key);
      }
    });
    data.set(refreshButton.name, refreshButton.value);
    return data;
  }

  function enhance(chooser) {
    var form = chooser.closest("form");
    var refreshButton = chooser.querySelector("[data-commune-refresh]");
    var status = chooser.querySelector("[data-commune-status]");
    var pending = null;
    if (!form || !refreshButton) {
      return;
    }

    function select(root, name) {
      return root.querySelector('select[name="' + name + '"]');
    }

    function apply(fresh, changedLevel) {
      LEVELS.forEach(function (name, level) {
        var current = select(chooser, name);
        var replacement = select(fresh, name);
        if (!current || !replacement) {
          return;
        }
        if (level > changedLevel) {
          current.innerHTML = replacement.innerHTML;
        }
        current.value = replacement.value;
      });
      var count = fresh.querySelector("[data-commune-count]");
      if (status && count) {
        status.textContent = count.content.textContent.trim();
      }
    }

    function refresh(changedLevel) {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      fetch(form.action, {
        method: "POST",
        body: formDataWithoutFiles(form, refreshButton),
        credentials: "same-origin",
        signal: pending.signal
      })
        .then(function (response) {
          return response.ok ? response.text() : Promise.reject(response.status);
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById(chooser.id);
          if (fresh) {
            apply(fresh, changedLevel);
          }
        })
        .catch(function () {
          /* The "Show communes" button still works without this script. */
        });
    }

    [0, 1].forEach(function (level) {
      var field = select(chooser, LEVELS[level]);
      if (field) {
        field.addEventListener("change", function () { refresh(level); });
      }
    });
  }

  document.querySelectorAll("[data-commune-chooser]").forEach(enhance);
})();
