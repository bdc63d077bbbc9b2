// Download the plan index, the plan this link opens and the app's wasm, early; the app takes
// these responses instead of asking again (src/fetch.rs, and the page's start-up module).
// On a plain link to a plan's overview in the citizens' app, also show that overview as it
// was pre-rendered at build time, until the app takes over (see src/prerender.rs), and
// start the app's download once that overview's fragment has arrived (see the end).
(function () {
  var early = (window.kpiDashboardEarly = {});
  // Called by the app once it has its own page for the plan (src/prerender.rs): the
  // pre-rendered overview goes, the app shows, and a fragment that arrives late stays out.
  // A link the reader had focused keeps the focus: the app's link to the same place takes it.
  early.retire = function () {
    early.retired = true;
    var shown = document.getElementById("prerendered");
    if (!shown) return;
    var focused = shown.contains(document.activeElement) && document.activeElement.getAttribute("href");
    shown.remove();
    document.documentElement.removeAttribute("data-prerendered");
    var same = focused && document.querySelector('main a[href="' + CSS.escape(focused) + '"]');
    if (same) same.focus();
  };
  var text = function (r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.text();
  };
  var get = function (path) {
    return early[path] || (early[path] = fetch(path).then(text));
  };
  var index = get("seeds/index.json");
  index.catch(function () {});
  var params = new URLSearchParams(location.search);
  var id = params.get("plan");
  // The file the index names for this link's plan (the index is read once).
  var named = index.then(function (t) {
    var entry = (JSON.parse(t).plans || []).find(function (p) { return p.id === id; });
    return entry && typeof entry.file === "string" ? entry.file : null;
  });
  if (id) {
    named.then(function (file) {
      if (file) get("seeds/" + file).catch(function () {});
    }).catch(function () {});
  }

  // Show the pre-rendered overview, if this link has one. Returns the download of its fragment
  // (a promise), else null.
  var prerender = function () {
    // The plans pre-rendered by this build and their files, "id=file …" (src/bin/prerender.rs).
    var listed = (document.documentElement.getAttribute("data-prerender") || "").split(" ");
    var file = null;
    for (var i = 0; i < listed.length; i++) {
      var at = listed[i].indexOf("=");
      if (id && at > 0 && listed[i].slice(0, at) === id) file = listed[i].slice(at + 1);
    }
    var overview = Array.from(params.keys()).every(function (k) { return k === "plan"; });
    if (!overview || !file || !(window.crypto && crypto.subtle)) return null;
    // The plan file at once, beside the index rather than after it.
    var built = get("seeds/" + file);
    // The fragment is shown only if it was made from the very plan file the server sends now
    // (SHA-256 of its UTF-8 text, src/prerender.rs, text_hash) and the index still names it.
    // Web Crypto hashes off the main thread; it exists only on https (and localhost) pages,
    // so elsewhere the overview simply waits for the app.
    var digest = function (s) {
      return crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)).then(function (b) {
        return Array.from(new Uint8Array(b), function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
      });
    };
    var fragment = fetch("prerendered/" + encodeURIComponent(id) + ".html").then(text);
    Promise.all([fragment, built.then(digest), named]).then(function (r) {
      if (r[2] !== file) return;
      var box = document.createElement("template");
      box.innerHTML = r[0];
      var shown = box.content.firstElementChild;
      if (!shown || shown.id !== "prerendered" || shown.getAttribute("data-plan-hash") !== r[1]) return;
      var show = function () {
        if (early.retired) return; // the app was quicker
        document.body.prepend(shown);
        document.documentElement.setAttribute("data-prerendered", "");
        if (performance.mark) performance.mark("kpi:overview-prerendered");
      };
      if (document.body) show();
      else document.addEventListener("DOMContentLoaded", show);
    }).catch(function () {});
    return fragment;
  };
  var fragment = prerender();

  // The app's wasm (its name and SRI hash are written here by scripts/csp.py, which also takes
  // out Trunk's preload of it): downloaded now, or — when a pre-rendered overview is coming — once its
  // fragment has arrived (at most 1.5 s), so that on a slow phone network the first KB that
  // show the overview do not share the line with the app's 200 KB. (Waiting for the plan file
  // as well showed the overview a little sooner still, but made the app later by a round
  // trip.) The page's start-up module passes this download to the app's initialisation.
  var wasm = '__KPI_WASM__';
  var integrity = '__KPI_WASM_INTEGRITY__';
  if (wasm.indexOf("__") === 0) return;
  var download = function () { return fetch(wasm, { integrity: integrity }); };
  early.wasm = fragment
    ? Promise.race([fragment, new Promise(function (r) { setTimeout(r, 1500); })]).then(download, download)
    : download();
})();
