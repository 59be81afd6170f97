// congkhai preview: reloads the page after each rebuild, shows the errors while the
// last save is broken, and the warnings of a good build in a panel. Served only by `congkhai serve`; never part of a built site.
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var overlay = null;
  var instance = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  // The overlay's looks come from a stylesheet of the preview's own: its
  // Content-Security-Policy allows no inline style (nor setting the CSS text by script).
  function linkStyle() {
    if (document.getElementById("congkhai-error-style")) {
      return;
    }
    var link = document.createElement("link");
    link.id = "congkhai-error-style";
    link.rel = "stylesheet";
    link.href = "/__congkhai/live.css";
    document.head.appendChild(link);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // One entry per diagnostic: label and code, the message, where (file:line:column),
  // the offending line, and the help; all text (never HTML) from the server.
  function entry(item) {
    var li = el("li", "congkhai-item congkhai-" + item.severity);
    var head = el("p", "congkhai-head");
    head.appendChild(el("span", "congkhai-label", item.label + "[" + item.code + "]"));
    head.appendChild(document.createTextNode(" " + item.message));
    li.appendChild(head);
    li.appendChild(el("p", "congkhai-where", item.location));
    if (item.source) {
      li.appendChild(el("pre", "congkhai-source", item.source));
    }
    if (item.help) {
      var help = el("p", "congkhai-help");
      help.appendChild(el("span", "congkhai-label", item.help_label + ": "));
      help.appendChild(document.createTextNode(item.help));
      li.appendChild(help);
    }
    return li;
  }

  // `kind` is "error" (a modal box over the page, announced at once) or "warning" (a
  // panel at the bottom that leaves the page usable).
  function show(kind, data) {
    hide();
    linkStyle();
    overlay = el("div", kind === "error" ? "congkhai-box" : "congkhai-box congkhai-panel");
    overlay.id = "congkhai-error";
    overlay.lang = data.lang;
    overlay.setAttribute("role", kind === "error" ? "alert" : "status");
    overlay.appendChild(el("p", "congkhai-error-title", data.title));
    var list = el("ol", "congkhai-list");
    (data.items || []).forEach(function (item) {
      list.appendChild(entry(item));
    });
    overlay.appendChild(list);
    var close = el("button", "congkhai-close", data.close);
    close.type = "button";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  var source = new EventSource("/__congkhai/events");
  source.addEventListener("hello", function (e) {
    var id = JSON.parse(e.data).instance;
    // Reconnected to a server started since this page loaded: its content may differ.
    if (instance !== null && instance !== id) {
      location.reload();
    }
    instance = id;
  });
  source.addEventListener("reload", function () {
    source.close();
    location.reload();
  });
  source.addEventListener("broken", function (e) {
    show("error", JSON.parse(e.data));
  });
  source.addEventListener("warned", function (e) {
    show("warning", JSON.parse(e.data));
  });
})();
