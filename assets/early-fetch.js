// Download the plan index, and the plan this link opens, while the app itself
// downloads; the app takes these responses instead of asking again (src/fetch.rs).
// On a plain link to a plan's overview in the citizens' app, also show that overview as it
// was pre-rendered at build time, until the app takes over (see src/prerender.rs).
(function () {
  var early = (window.kpiDashboardEarly = {});
  var text = function (r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.text();
  };
  var index = (early["seeds/index.json"] = fetch("seeds/index.json").then(text));
  index.catch(function () {});
  var params = new URLSearchParams(location.search);
  var id = params.get("plan");
  if (!id) return;
  var plan = index.then(function (t) {
    var entry = (JSON.parse(t).plans || []).find(function (p) { return p.id === id; });
    if (!entry || typeof entry.file !== "string") throw new Error("not listed");
    var path = "seeds/" + entry.file;
    return early[path] || (early[path] = fetch(path).then(text));
  });
  plan.catch(function () {});

  // The plans pre-rendered by this build (src/bin/prerender.rs lists them on the page).
  var listed = (document.documentElement.getAttribute("data-prerender") || "").split(" ");
  var overview = Array.from(params.keys()).every(function (k) { return k === "plan"; });
  if (!overview || listed.indexOf(id) < 0) return;
  // FNV-1a over the UTF-16 units (src/prerender.rs, text_hash): the fragment is shown only
  // if it was made from the very plan file the server sends now.
  var hash = function (s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return ("0000000" + h.toString(16)).slice(-8);
  };
  var fragment = fetch("prerendered/" + encodeURIComponent(id) + ".html").then(text);
  Promise.all([fragment, plan]).then(function (r) {
    var box = document.createElement("template");
    box.innerHTML = r[0];
    var shown = box.content.firstElementChild;
    if (!shown || shown.id !== "prerendered" || shown.getAttribute("data-plan-hash") !== hash(r[1])) return;
    var show = function () {
      if (early.retired) return; // the app was quicker
      document.body.prepend(shown);
      document.documentElement.setAttribute("data-prerendered", "");
      if (performance.mark) performance.mark("kpi:overview-prerendered");
    };
    if (document.body) show();
    else document.addEventListener("DOMContentLoaded", show);
  }).catch(function () {});
})();
