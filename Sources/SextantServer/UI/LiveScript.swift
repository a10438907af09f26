/// The only script the UI has: pages marked live (the overview, a deployment, the graph) fetch
/// themselves again every few seconds while the tab is visible and swap in the new content,
/// unless someone is typing in it. Without it the pages show the same, as of their loading.
enum LiveScript {
    static let path = "/ui/live.js"

    static let source = """
        (function () {
          "use strict";
          var main = document.getElementById("main");
          var seconds = Number(main && main.getAttribute("data-live-seconds"));
          if (!main || !seconds) { return; }
          var timer = null;
          function refresh() {
            if (document.visibilityState !== "visible") { return; }
            var active = document.activeElement;
            if (active && active !== document.body && main.contains(active) && /INPUT|SELECT|TEXTAREA/.test(active.tagName)) { return; }
            fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
              .then(function (response) { return response.ok ? response.text() : null; })
              .then(function (text) {
                if (!text) { return; }
                var next = new DOMParser().parseFromString(text, "text/html").getElementById("main");
                if (next) { main.innerHTML = next.innerHTML; main.setAttribute("data-refreshed", String(Date.now())); }
              })
              .catch(function () {});
          }
          function start() { if (!timer) { timer = window.setInterval(refresh, seconds * 1000); } }
          function stop() { if (timer) { window.clearInterval(timer); timer = null; } }
          document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "visible") { refresh(); start(); } else { stop(); }
          });
          if (document.visibilityState === "visible") { start(); }
        })();
        """
}
