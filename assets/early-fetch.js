// Download the plan index, the plan this link opens and the app's wasm, early; the app takes
// these responses instead of asking again (src/fetch.rs, and the page's start-up module).
// On a plain link to a plan's overview, or to the home page, in the citizens' app, also show
// that page as it was pre-rendered at build time, until the app takes over (see
// src/prerender.rs), and start the app's download once its fragment has arrived (see the end).
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
  // nothing else) or the home page (no query at all). Returns the download of its fragment
  // (a promise), else null.
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
  var fragment = prerender();

  // The app's wasm (its name and SRI hash are written here by scripts/csp.py, which also takes
  // out Trunk's preload of it): downloaded now, or — when a pre-rendered page is coming — once its
  // fragment has arrived (at most 1.5 s), so that on a slow phone network the first KB that
  // show the page do not share the line with the app's 200 KB. (Waiting for the plan file
  // as well showed the overview a little sooner still, but made the app later by a round
  // trip.) The page's start-up module passes this download to the app's initialisation.
  var wasm = '__KPI_WASM__';
  var integrity = '__KPI_WASM_INTEGRITY__';
  if (wasm.indexOf("__") === 0) return;
  // The app's wasm uses SIMD and reference types (.cargo/config.toml): a browser without them
  // (Safari before 16.4, which iPhones on iOS 15 are held at) could not start it. It is told
  // so instead, and does not download it; a pre-rendered page still shows. (Two tiny
  // modules, from wasm-feature-detect: `i8x16.popcnt` on a splat, and `ref.null func` dropped.)
  var runs = function (bytes) {
    try {
      return WebAssembly.validate(new Uint8Array(bytes));
    } catch (e) {
      return false;
    }
  };
  if (!window.WebAssembly ||
      !runs([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]) ||
      !runs([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 7, 1, 5, 0, 208, 112, 26, 11])) {
    // The page's start-up module waits on this for ever: the app is not started at all.
    early.wasm = new Promise(function () {});
    var tell = function () {
      var notice = document.createElement("div");
      notice.className = "notice serious";
      notice.setAttribute("role", "alert");
      notice.id = "unsupported-browser";
      var p = document.createElement("p");
      p.textContent = "お使いのブラウザでは、このダッシュボードのアプリが動きません（WebAssembly の SIMD に未対応）。" +
        "iPhone・iPad は iOS／iPadOS 16.4 以降の Safari、ほかは新しい版の Chrome・Edge・Firefox でご覧ください。" +
        "計画の概要が表示されている場合は、そのまま読めます。";
      notice.appendChild(p);
      document.body.prepend(notice);
    };
    if (document.body) tell();
    else document.addEventListener("DOMContentLoaded", tell);
    return;
  }
  var download = function () { return fetch(wasm, { integrity: integrity }); };
  early.wasm = fragment
    ? Promise.race([fragment, wait(1500)]).then(download, download)
    : download();
})();
