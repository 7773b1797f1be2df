// Audit browser: sort the item table by a column, filter by text and by kind. No library.
(function () {
  var table = document.getElementById("items");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter-text");
  var kind = document.getElementById("filter-kind");
  var count = document.getElementById("shown");
  function apply() {
    var words = text.value.toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = row.textContent.toLowerCase().indexOf(words) >= 0 &&
        (kind.value === "all" || row.dataset[kind.value] === "yes");
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + " of " + rows.length + " items shown";
  }
  text.addEventListener("input", apply);
  kind.addEventListener("change", apply);
  table.querySelectorAll("th button").forEach(function (button, col) {
    button.addEventListener("click", function () {
      var th = button.parentElement;
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.key || a.cells[col].textContent;
        var y = b.cells[col].dataset.key || b.cells[col].textContent;
        var c = x.localeCompare(y, undefined, { numeric: true });
        return ascending ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
