// Live totals of the item form: the sum of the budgets of the years ticked "อยู่ในแผนปีนี้",
// recomputed on every keystroke. Amounts may be typed in Thai or Arabic digits with commas
// ("๔๕,๐๐๐" or "45,000.50"); a year's amount ticks that year (typing it is choosing it), and
// "ไม่ใช้งบประมาณ" counts as zero. The server computes and checks the same totals on save:
// this is only what the user sees while typing.
(function () {
  "use strict";
  var THAI = "๐๑๒๓๔๕๖๗๘๙";

  function toArabic(text) {
    return String(text).replace(/[๐-๙]/g, function (ch) { return String(THAI.indexOf(ch)); });
  }

  function toStyle(text, style) {
    if (style !== "thai") return text;
    return String(text).replace(/[0-9]/g, function (d) { return THAI.charAt(Number(d)); });
  }

  // "๑๒,๓๔๕.๕๐" → 12345.5; "", "-" → 0; anything else unreadable → NaN.
  function parseAmount(text) {
    var clean = toArabic(text).replace(/[\s,]/g, "");
    if (clean === "" || clean === "-") return 0;
    if (!/^\d+(\.\d{0,2})?$/.test(clean)) return NaN;
    return Number(clean);
  }

  function format(amount, style) {
    // As the server writes money: whole baht without satang, otherwise two decimals.
    var decimals = Math.round(amount * 100) % 100 === 0 ? 0 : 2;
    var text = amount.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return toStyle(text, style);
  }

  window.SujaritAmounts = { parse: parseAmount, format: format };

  document.querySelectorAll("[data-live-total]").forEach(function (box) {
    var style = box.getAttribute("data-digits") || "thai";
    var output = document.getElementById("item-total");
    var rows = box.querySelectorAll("[data-year]");

    function recompute() {
      var total = 0;
      var bad = false;
      rows.forEach(function (row) {
        var inPlan = row.querySelector("input[name$='_in']");
        var budget = row.querySelector("input[name$='_budget']");
        var none = row.querySelector("input[name$='_no_budget']");
        if (!inPlan || !inPlan.checked || (none && none.checked) || !budget) return;
        var amount = parseAmount(budget.value);
        if (isNaN(amount)) bad = true; else total += amount;
      });
      if (output) output.textContent = bad ? "ตรวจสอบจำนวนเงิน" : format(total, style);
    }

    rows.forEach(function (row) {
      var inPlan = row.querySelector("input[name$='_in']");
      var budget = row.querySelector("input[name$='_budget']");
      if (budget && inPlan) {
        budget.addEventListener("input", function () {
          if (budget.value.trim() !== "" && !inPlan.checked) inPlan.checked = true;
        });
      }
    });
    box.addEventListener("input", recompute);
    box.addEventListener("change", recompute);
    recompute();
  });

  // Formset tables (part 1): "เพิ่มแถว" copies the empty row template and renumbers it.
  document.querySelectorAll("[data-formset]").forEach(function (table) {
    var prefix = table.getAttribute("data-formset");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var body = table.querySelector("tbody");
    var add = document.querySelector("[data-add-row='" + prefix + "']");
    if (!total || !template || !body || !add) return;
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = Number(total.value);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = body.lastElementChild && body.lastElementChild.querySelector("textarea, input, select");
      if (first) first.focus();
    });
  });
})();
