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

  // The plan item picker: a ticked match becomes a chip; an unticked chip goes away (it is
  // not posted either way); Enter in the search box searches instead of saving the form.
  function planPicker(picker) {
    var chips = picker.querySelector("#plan-chips");
    picker.addEventListener("change", function (event) {
      var box = event.target;
      if (box.matches("[data-picker-add]") && box.checked) {
        var label = picker.querySelector('label[for="' + box.id + '"]');
        var chip = document.createElement("span");
        chip.className = "plan-chip";
        chip.dataset.chip = "";
        box.removeAttribute("data-picker-add");
        box.id = "plan-chip-" + box.value;
        var text = document.createElement("label");
        text.htmlFor = box.id;
        text.textContent = label ? label.childNodes[0].textContent.trim() : box.value;
        chip.appendChild(box);
        chip.appendChild(text);
        var empty = chips.querySelector("[data-chips-empty]");
        if (empty) empty.remove();
        chips.appendChild(chip);
        var row = label && label.closest("[data-result]");
        var list = row && row.parentElement;
        if (row) row.remove();
        if (list && !list.querySelector("[data-result]")) list.remove();
        box.focus();
      } else if (box.closest("[data-chip]") && !box.checked) {
        var gone = box.closest("[data-chip]");
        var next = gone.nextElementSibling || gone.previousElementSibling;
        gone.remove();
        var search = picker.querySelector("[data-picker-search]");
        (next ? next.querySelector("input") : search).focus();
      }
    });
    var search = picker.querySelector("[data-picker-search]");
    if (search) {
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          if (window.htmx) window.htmx.trigger(search, "search");
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-start-form]").forEach(startForm);
    document.querySelectorAll("[data-plan-picker]").forEach(planPicker);
  });
})();
