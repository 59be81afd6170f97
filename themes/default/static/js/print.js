// The print buttons stay hidden without JavaScript, where they could not work; the
// browser's own Print command prints the same page either way.
document.querySelectorAll(".print-action").forEach(function (el) {
  var button = el.querySelector("button");
  if (!button || typeof window.print !== "function") return;
  button.addEventListener("click", function () { window.print(); });
  el.hidden = false;
});
