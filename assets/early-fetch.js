// Download the plan index, and the plan this link opens, while the app itself
// downloads; the app takes these responses instead of asking again (src/fetch.rs).
(function () {
  var early = (window.kpiDashboardEarly = {});
  var text = function (r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.text();
  };
  var index = (early["seeds/index.json"] = fetch("seeds/index.json").then(text));
  var id = new URLSearchParams(location.search).get("plan");
  if (!id) return;
  index.then(function (t) {
    var entry = (JSON.parse(t).plans || []).find(function (p) { return p.id === id; });
    if (entry && typeof entry.file === "string") {
      var path = "seeds/" + entry.file;
      if (!early[path]) early[path] = fetch(path).then(text);
    }
  }).catch(function () {});
  index.catch(function () {});
})();
