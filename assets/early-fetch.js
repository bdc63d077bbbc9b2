// The page's start-up script (inlined by Trunk): download the plan index and the plan this
// link opens while the app downloads; the app takes these responses instead of asking again
// (src/state/early.rs, src/state/fetch.rs). The app's own wasm and JS are Trunk's to load.
//
// On a plain link to a plan's overview, or to the home page, in the citizens' app, also show
// that page as it was pre-rendered at build time (prerender/), so it can be read before the
// app has started; the app then takes that very markup over (hydration) instead of drawing
// its own. `kpiDashboardEarly.prerendered` tells the app whether a pre-rendered page is shown.
(function () {
  var early = (window.kpiDashboardEarly = {});
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

  // Whether a pre-rendered page is shown, decided once: true when it is in the page (given once
  // its paint is reported, below), false when this link has none, it is not the one for the files the server sends now, or it did
  // not come in time (after that it is never shown: the app draws the page itself).
  var decide;
  var decided = false;
  early.prerendered = new Promise(function (resolve) { decide = resolve; });
  var settle = function (shown) {
    if (!decided) {
      decided = true;
      decide(shown);
    }
  };
  var WAIT_MS = 3000;

  // A pre-rendered page is shown only if it was made from the very files the server sends
  // now: `hash` (a promise) must be the one it carries, the SHA-256 of their UTF-8 text
  // (prerender/: texts_hash). Web Crypto hashes off the main thread; it exists only on
  // https (and localhost) pages, so elsewhere the app shows alone.
  var digest = function (texts) {
    var bytes = new TextEncoder().encode(texts.join("\u0000"));
    return crypto.subtle.digest("SHA-256", bytes).then(function (b) {
      return Array.from(new Uint8Array(b), function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
    });
  };
  // Resolves once the browser has painted `shown` and reported that paint. The app takes the
  // place of the pre-rendered page only then: Chromium drops the largest-contentful-paint of an
  // element removed before its paint was reported, and the page's LCP would become the app's
  // repaint of the same page, after the wasm download. Where the browser has no LCP entries,
  // the next frame is enough; a hidden tab paints nothing, and the browser reports no LCP
  // after the reader's first input, so then it does not wait; and the app never waits more
  // than PAINT_WAIT_MS.
  var PAINT_WAIT_MS = 5000;
  var painted = function (shown) {
    return new Promise(function (resolve) {
      setTimeout(resolve, PAINT_WAIT_MS);
      var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
      if (types.indexOf("largest-contentful-paint") < 0) {
        requestAnimationFrame(function () { setTimeout(resolve, 0); });
        return;
      }
      var hidden = function () {
        if (document.visibilityState === "hidden") resolve();
      };
      hidden();
      document.addEventListener("visibilitychange", hidden);
      ["keydown", "pointerdown", "scroll"].forEach(function (type) {
        addEventListener(type, function () { resolve(); }, { capture: true, once: true, passive: true });
      });
      var since = performance.now();
      var observer = new PerformanceObserver(function (list) {
        var seen = list.getEntries().some(function (e) {
          return e.startTime >= since || (e.element && shown.contains(e.element));
        });
        if (seen) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe({ type: "largest-contentful-paint", buffered: true });
    });
  };

  // Put the fragment `name` at the top of <body> once it has arrived and `hash` agrees; `mark`
  // is the moment it is shown (for the benchmark).
  var showWhenSame = function (name, hash, mark) {
    var fragment = fetch("prerendered/" + name).then(text);
    Promise.all([fragment, hash]).then(function (r) {
      var box = document.createElement("template");
      box.innerHTML = r[0];
      var shown = box.content.firstElementChild;
      if (!r[1] || !shown || shown.id !== "prerendered" || shown.getAttribute("data-plan-hash") !== r[1]) {
        settle(false);
        return;
      }
      var show = function () {
        if (decided) return; // too late: the app draws the page itself
        decided = true;
        // Below the notice of a browser that cannot run the app, if there is one.
        var notice = document.getElementById("unsupported-browser");
        if (notice) notice.after(shown);
        else document.body.prepend(shown);
        if (performance.mark) performance.mark(mark);
        painted(shown).then(function () { decide(true); });
      };
      if (document.body) show();
      else document.addEventListener("DOMContentLoaded", show);
    }).catch(function () { settle(false); });
  };

  // Show the pre-rendered page, if this link has one: a plan's overview (`?plan=<id>` and
  // nothing else) or the home page (no query at all). Returns whether it is on its way.
  var prerender = function () {
    if (!(window.crypto && crypto.subtle)) return false;
    var html = document.documentElement;
    // The plans pre-rendered by this build and their files, "id=file …" (prerender/).
    var listed = (html.getAttribute("data-prerender") || "").split(" ").filter(function (item) {
      return item.indexOf("=") > 0;
    }).map(function (item) {
      return { id: item.slice(0, item.indexOf("=")), file: item.slice(item.indexOf("=") + 1) };
    });
    var keys = Array.from(params.keys());
    if (keys.length === 0 && html.hasAttribute("data-prerender-home")) {
      // Every plan's file, as the home page shows each plan's figures (the app takes these
      // downloads too); the index is hashed with them, so a changed list is never shown.
      var texts = [index].concat(listed.map(function (p) { return get("seeds/" + p.file); }));
      showWhenSame("home.page.html", Promise.all(texts).then(digest), "kpi:home-prerendered");
      return true;
    }
    var plan = listed.find(function (p) { return p.id === id; });
    if (!plan || !keys.every(function (k) { return k === "plan"; })) return false;
    // The plan file at once, beside the index rather than after it; and the index must still
    // name that file.
    var built = get("seeds/" + plan.file).then(function (t) { return digest([t]); });
    var hash = Promise.all([built, named]).then(function (r) { return r[1] === plan.file ? r[0] : null; });
    showWhenSame(encodeURIComponent(id) + ".html", hash, "kpi:overview-prerendered");
    return true;
  };
  if (prerender()) setTimeout(function () { settle(false); }, WAIT_MS);
  else settle(false);
})();
