package serve

// liveJS is the live-reload client. It listens to /_dateline/events:
// "changed" carries the URL paths a rebuild changed (the page reloads when
// its own path is among them; when only stylesheets changed, they are
// swapped in place), "errors" the build's problems (shown in an overlay),
// "ok" clears the overlay.
const liveJS = `(function () {
  "use strict";
  var overlay = null;
  function showErrors(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "dateline-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0000;color:#ffd7d7;font:14px/1.4 monospace;padding:12px 16px;border-top:4px solid #e00;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "dateline: the build failed; showing the last good version.\n\n" + text;
  }
  function clearErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function swapCSS() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("dateline", Date.now());
      links[i].href = url.toString();
    }
  }
  var es = new EventSource("/_dateline/events");
  es.addEventListener("errors", function (e) { showErrors(e.data); });
  es.addEventListener("ok", function () { clearErrors(); });
  es.addEventListener("changed", function (e) {
    var paths = e.data.split("\n");
    var here = location.pathname;
    if (paths.indexOf(here) >= 0) { location.reload(); return; }
    var onlyCSS = paths.every(function (p) { return /\.css$/.test(p); });
    if (onlyCSS) { swapCSS(); }
  });
})();
`
