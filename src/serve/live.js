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

  function show(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "congkhai-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
        "background:#1b1b1b;color:#fff;font:15px/1.5 system-ui,sans-serif;";
      var title = document.createElement("p");
      title.style.cssText = "margin:0 0 1rem;font-weight:bold;font-size:1.15em;color:#ffb3b3;";
      var vi = document.createElement("span");
      vi.lang = "vi";
      vi.textContent = "Lần lưu vừa rồi có lỗi; trang đang hiển thị bản dựng tốt gần nhất.";
      var en = document.createElement("span");
      en.lang = "en";
      en.textContent = " The last save has errors; this page shows the last good build.";
      title.appendChild(vi);
      title.appendChild(en);
      var pre = document.createElement("pre");
      pre.style.cssText =
        "white-space:pre-wrap;margin:0 0 1rem;font:14px/1.45 ui-monospace,Consolas,monospace;color:#fff;";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Đóng / Close";
      close.style.cssText = "font:inherit;padding:.4rem 1rem;color:#000;background:#fff;border:2px solid #fff;";
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
