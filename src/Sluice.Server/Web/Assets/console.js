// Action forms of the web UI: a form with data-confirm asks before it is sent (cancel, clear, mark, pause).
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var text = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (text && !window.confirm(text)) { e.preventDefault(); }
  }, true);
})();
// The grid: a click on a cell opens the run at that task (cells carry no links of their own, to keep large grids small).
(function () {
  "use strict";
  var grid = document.getElementById("run-grid");
  if (!grid) { return; }
  var runs = Array.prototype.map.call(grid.querySelectorAll("thead th.run"), function (th) { return th.getAttribute("data-run"); });
  grid.addEventListener("click", function (e) {
    var cell = e.target.closest("td");
    if (!cell || cell.classList.contains("none")) { return; }
    var row = cell.parentElement;
    var run = runs[cell.cellIndex - 1];
    window.location.href = "/runs/" + encodeURIComponent(run) + "?task=" + encodeURIComponent(row.getAttribute("data-task")) + "#task-panel";
  });
})();
// The item page: one box ticks or unticks every item of the page.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var all = e.target;
    if (!all.hasAttribute || !all.hasAttribute("data-select-all")) { return; }
    Array.prototype.forEach.call(all.form.querySelectorAll("input[name='items']"), function (box) { box.checked = all.checked; });
  });
})();
