// Download the plan index and the plan this link opens, early; the app takes these responses
// instead of asking again (src/fetch.rs). (The app's own wasm and JS are Trunk's to load: its
// preload links and start-up module.)
// On a plain link to a plan's overview, or to the home page, in the citizens' app, also show
// that page as it was pre-rendered at build time, until the app takes over (see
// src/prerender.rs).
(function () {
  var early = (window.kpiDashboardEarly = {});
  // Called by the app once it has its own page (src/prerender.rs): the pre-rendered one goes,
  // the app shows, and a fragment that arrives late stays out.
  // A link the reader had focused keeps the focus: the app's link to the same place with the
  // same words takes it (the skip link and the header's are pre-rendered too).
  early.retire = function () {
    early.retired = true;
    var shown = document.getElementById("prerendered");
    if (!shown) return;
    var focused = shown.contains(document.activeElement) && document.activeElement;
    var href = focused && focused.getAttribute("href");
    shown.remove();
    document.documentElement.removeAttribute("data-prerendered");
    if (href === null || !focused) return;
    var same = Array.prototype.find.call(
      document.querySelectorAll('a[href="' + CSS.escape(href) + '"]'),
      function (a) { return a.textContent === focused.textContent; }
    );
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

  // A page pre-rendered at build time (src/prerender.rs) is shown only if it was made from
  // the very files the server sends now: `hash` (a promise) must be the one it carries, the
  // SHA-256 of their UTF-8 text (text_hash, texts_hash). Web Crypto hashes off the main
  // thread; it exists only on https (and localhost) pages, so elsewhere the app shows alone.
  var digest = function (texts) {
    var bytes = new TextEncoder().encode(texts.join("\u0000"));
    return crypto.subtle.digest("SHA-256", bytes).then(function (b) {
      return Array.from(new Uint8Array(b), function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
    });
  };
  var wait = function (ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  };
  // Put the fragment at the top of <body> once it has arrived and `hash` agrees; `mark` is the
  // moment it is shown (for the benchmark). The app's downloads of `files` are held until then
  // (or until it is refused; at most 1.5 s): the app parses a plan in one go once it has the
  // text, and would otherwise, with a large plan file that arrives last, take over before the
  // hash (Web Crypto, asynchronous) had let the page show. Returns the fragment's download.
  var showWhenSame = function (name, hash, mark, files) {
    var fragment = fetch("prerendered/" + name).then(text);
    var decided = Promise.all([fragment, hash]).then(function (r) {
      var box = document.createElement("template");
      box.innerHTML = r[0];
      var shown = box.content.firstElementChild;
      if (!r[1] || !shown || shown.id !== "prerendered" || shown.getAttribute("data-plan-hash") !== r[1]) return;
      return new Promise(function (done) {
        var show = function () {
          if (!early.retired) { // else the app was quicker
            // Below the notice of a browser that cannot run the app, if there is one.
            var notice = document.getElementById("unsupported-browser");
            if (notice) notice.after(shown);
            else document.body.prepend(shown);
            document.documentElement.setAttribute("data-prerendered", "");
            if (performance.mark) performance.mark(mark);
          }
          done();
        };
        if (document.body) show();
        else document.addEventListener("DOMContentLoaded", show);
      });
    }).catch(function () {});
    var settled = Promise.race([decided, wait(1500)]);
    files.forEach(function (path) {
      var file = early[path];
      early[path] = file.then(function (t) { return settled.then(function () { return t; }); });
      early[path].catch(function () {});
    });
    return fragment;
  };

  // Show the pre-rendered page, if this link has one: a plan's overview (`?plan=<id>` and
  // nothing else) or the home page (no query at all).
  var prerender = function () {
    if (!(window.crypto && crypto.subtle)) return null;
    var html = document.documentElement;
    // The plans pre-rendered by this build and their files, "id=file …" (src/bin/prerender.rs).
    var listed = (html.getAttribute("data-prerender") || "").split(" ").filter(function (item) {
      return item.indexOf("=") > 0;
    }).map(function (item) {
      return { id: item.slice(0, item.indexOf("=")), file: item.slice(item.indexOf("=") + 1) };
    });
    var keys = Array.from(params.keys());
    if (keys.length === 0 && html.hasAttribute("data-prerender-home")) {
      // Every plan's file, as the home page shows each plan's figures (the app takes these
      // downloads too); the index is hashed with them, so a changed list is never shown.
      var files = listed.map(function (p) { return "seeds/" + p.file; });
      var texts = [index].concat(files.map(get));
      return showWhenSame("home.page.html", Promise.all(texts).then(digest), "kpi:home-prerendered", files);
    }
    var plan = listed.find(function (p) { return p.id === id; });
    if (!plan || !keys.every(function (k) { return k === "plan"; })) return null;
    // The plan file at once, beside the index rather than after it; and the index must still
    // name that file.
    var path = "seeds/" + plan.file;
    var built = get(path).then(function (t) { return digest([t]); });
    var hash = Promise.all([built, named]).then(function (r) { return r[1] === plan.file ? r[0] : null; });
    return showWhenSame(encodeURIComponent(id) + ".html", hash, "kpi:overview-prerendered", [path]);
  };
  prerender();
})();
