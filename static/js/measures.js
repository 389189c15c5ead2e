// Staff forms of the measures app. Everything here only improves a form that works without it.
(function () {
  "use strict";

  // The new-set form: show only the part that belongs to the chosen start.
  function startForm(form) {
    var radios = form.querySelectorAll('input[name="start"]');
    function update() {
      var chosen = form.querySelector('input[name="start"]:checked');
      form.querySelectorAll("[data-start-part]").forEach(function (part) {
        part.hidden = !chosen || part.dataset.startPart !== chosen.value;
      });
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
    if (radios.length) update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-start-form]").forEach(startForm);
  });
})();
