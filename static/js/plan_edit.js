// The item form: the sub-dimension list shows only the sub-dimensions of the chosen dimension.
// Without this script every sub-dimension is listed (grouped by dimension) and the server
// refuses one of another dimension.
(function () {
  var data = document.getElementById("subdimension-parents");
  var dimension = document.querySelector("select[data-dimension]");
  var sub = document.querySelector("select[data-subdimension]");
  if (!data || !dimension || !sub) return;
  var parents = JSON.parse(data.textContent);

  function filter() {
    var chosen = dimension.value;
    sub.querySelectorAll("optgroup").forEach(function (group) {
      var visible = 0;
      group.querySelectorAll("option").forEach(function (option) {
        var show = !chosen || String(parents[option.value]) === chosen;
        option.hidden = !show;
        option.disabled = !show;
        if (show) visible += 1;
      });
      group.hidden = visible === 0;
    });
    var selected = sub.options[sub.selectedIndex];
    if (selected && selected.disabled) sub.value = "";
  }

  dimension.addEventListener("change", filter);
  filter();
})();
