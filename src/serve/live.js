// congkhai preview: reloads the page after each rebuild, and shows the error while the
// last save is broken. Served only by `congkhai serve`; never part of a built site.
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

  function show(message) {
    if (!overlay) {
      linkStyle();
      overlay = document.createElement("div");
      overlay.id = "congkhai-error";
      overlay.setAttribute("role", "alert");
      var title = document.createElement("p");
      title.className = "congkhai-error-title";
      var vi = document.createElement("span");
      vi.lang = "vi";
      vi.textContent = "Lần lưu vừa rồi có lỗi; trang đang hiển thị bản dựng tốt gần nhất.";
      var en = document.createElement("span");
      en.lang = "en";
      en.textContent = " The last save has errors; this page shows the last good build.";
      title.appendChild(vi);
      title.appendChild(en);
      var pre = document.createElement("pre");
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Đóng / Close";
      close.addEventListener("click", hide);
      overlay.appendChild(title);
      overlay.appendChild(pre);
      overlay.appendChild(close);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = message;
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
    show(JSON.parse(e.data).message);
  });
})();
