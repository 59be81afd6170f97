// The register's filter (year, type, issuer, field, status, text). Without scripts the
// register is its static pages; with them, the form appears and filters the whole
// register: the rows of every page come from rows.js, loaded by a <script> tag so it
// works from file:// too. Nothing here is inline, so a strict CSP allows it.
(function () {
  "use strict";
  var form = document.getElementById("register-filter");
  var table = document.querySelector("table.register tbody");
  if (!form || !table) return;
  var script = document.currentScript || document.querySelector("script[data-rows]");
  var rowsUrl = script && script.getAttribute("data-rows");
  var root = (script && script.getAttribute("data-root")) || "";
  var count = document.querySelector("#register-count span");
  var pager = document.querySelector("nav.pager");
  var original = table.innerHTML;
  var all = null;
  var loading = false;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }
  function words(s) { return fold(s).split(/[^a-z0-9]+/).filter(Boolean); }

  function values() {
    var v = {};
    ["year", "type", "issuer", "field", "status", "text"].forEach(function (k) {
      v[k] = form.elements[k].value;
    });
    return v;
  }
  function active(v) {
    return v.year || v.type || v.issuer || v.field || v.status || v.text.trim();
  }
  function matches(r, v) {
    if (v.year && r.year !== v.year) return false;
    if (v.type && r.type !== v.type) return false;
    if (v.issuer && r.issuer !== v.issuer) return false;
    if (v.field && r.fields.split(" ").indexOf(v.field) < 0) return false;
    if (v.status && r.status !== v.status) return false;
    var text = words(v.text).join(" ");
    if (text) {
      var hay = " " + words(r.text).join(" ") + " ";
      var squeezed = hay.replace(/ /g, "");
      if (hay.indexOf(" " + text) < 0 && squeezed.indexOf(text.replace(/ /g, "")) < 0) return false;
    }
    return true;
  }
  // Each column's name, which a narrow screen shows beside the value (data-label).
  var labels = Array.prototype.map.call(
    document.querySelectorAll("table.register thead th"), function (th) { return th.textContent; });
  function cell(html, column) {
    var td = document.createElement("td");
    if (labels[column]) td.setAttribute("data-label", labels[column]);
    td.innerHTML = html;
    return td;
  }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function rowElement(r) {
    var tr = document.createElement("tr");
    tr.className = "doc-row doc-row-" + r.status;
    var href = esc(root + r.url);
    tr.appendChild(cell('<a href="' + href + '">' + esc(r.number || r.no_number) + "</a>", 0));
    tr.lastChild.className = "doc-cell-number";
    tr.appendChild(cell(esc(r.type_label), 1));
    tr.appendChild(cell(r.issued ? '<time datetime="' + esc(r.issued) + '">' + esc(r.issued_display) + "</time>" : "", 2));
    tr.appendChild(cell('<a href="' + href + '">' + esc(r.title) + "</a>" +
      (r.abstract && r.abstract !== r.title ? '<br><span class="doc-row-abstract">' + esc(r.abstract) + "</span>" : ""), 3));
    tr.lastChild.className = "doc-cell-abstract";
    tr.appendChild(cell('<span class="doc-status doc-status-' + esc(r.status) + '">' + esc(r.status_label) + "</span>", 4));
    return tr;
  }
  function show() {
    var v = values();
    if (!active(v)) {
      table.innerHTML = original;
      if (pager) pager.hidden = false;
      if (count) count.textContent = table.rows.length;
      return;
    }
    if (!all) { load(); return; }
    var shown = all.filter(function (r) { return matches(r, v); });
    table.textContent = "";
    shown.forEach(function (r) { table.appendChild(rowElement(r)); });
    if (pager) pager.hidden = true;
    if (count) count.textContent = shown.length;
  }
  function load() {
    if (loading || !rowsUrl) return;
    loading = true;
    window.congkhaiRegister = function (rows) { all = rows; show(); };
    var s = document.createElement("script");
    s.src = rowsUrl;
    document.head.appendChild(s);
  }
  form.addEventListener("input", show);
  form.addEventListener("change", show);
  form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
  form.hidden = false;
})();
