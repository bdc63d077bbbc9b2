// Offline support for the KPI dashboard. Plain JavaScript, copied into dist/ by Trunk.
//
// On first visit it caches the app shell (the page that was opened, the files it loads and
// the overviews it can show pre-rendered) and the plan data (seeds/index.json and every plan
// it lists). Requests go to the network first, so figures and new deployments arrive when
// online; the cache answers when offline.
// scripts/dist.sh writes the build's id here, so every deployment is a new worker: it
// installs (caching the new app and data) and the old cache is deleted on activation.
const CACHE = 'kpi-dashboard-__BUILD__';
const PAGES = ['./', './staff.html', './survey.html'];

// The apps open in this scope now (the tab that registered this worker, or the tabs a new
// deployment finds open): a citizen's phone caches the citizens' app only, never the staff
// pages (the larger bundles) it will not open. All three if no tab is found.
async function pagesToCache() {
  const scope = new URL(self.registration.scope).pathname;
  const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const pages = new Set();
  for (const client of open) {
    const path = new URL(client.url).pathname;
    if (!path.startsWith(scope)) continue;
    const page = path.slice(scope.length);
    if (page === 'staff.html' || page === 'survey.html') {
      // A member of staff: both staff pages (the survey round is one link away).
      pages.add('./staff.html');
      pages.add('./survey.html');
    } else {
      pages.add('./');
    }
  }
  return pages.size ? [...pages] : PAGES;
}

async function cacheShellAndData() {
  const cache = await caches.open(CACHE);
  const base = self.registration.scope;
  for (const page of await pagesToCache()) {
    const url = new URL(page, base);
    const res = await fetch(url, { cache: 'no-store' });
    if (!res.ok) continue;
    const html = await res.clone().text();
    await cache.put(url, res);
    // Every ./file the page loads: stylesheet, scripts, wasm, icon.
    const files = new Set();
    for (const m of html.matchAll(/(?:href|src)="\.\/([^"?#]+)"/g)) files.add(m[1]);
    for (const m of html.matchAll(/'\.\/([^'?#]+\.(?:js|wasm))'/g)) files.add(m[1]);
    // The plans' overviews and the home page pre-rendered for the citizens' page (listed on
    // its <html> tag).
    const listed = html.match(/data-prerender="([^"]*)"/);
    for (const item of listed ? listed[1].split(' ').filter(Boolean) : []) {
      files.add('prerendered/' + encodeURIComponent(item.split('=')[0]) + '.html');
    }
    if (/<html[^>]* data-prerender-home[ >]/.test(html)) files.add('prerendered/home.page.html');
    // The survey round's spreadsheet worker, which its page starts only when it is used (so
    // it is not among the page's links): cached too, for the survey round offline.
    if (page === './survey.html') {
      for (const f of ['sheets_worker_loader.js', 'sheets_worker.js', 'sheets_worker_bg.wasm']) files.add(f);
    }
    for (const f of files) {
      try { await cache.add(new URL(f, base)); } catch (_) { /* a missing optional file */ }
    }
  }
  const indexUrl = new URL('seeds/index.json', base);
  const index = await fetch(indexUrl, { cache: 'no-store' });
  if (!index.ok) return;
  const plans = (await index.clone().json()).plans || [];
  await cache.put(indexUrl, index);
  for (const p of plans) {
    try { await cache.add(new URL('seeds/' + p.file, base)); } catch (_) { /* listed but missing */ }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShellAndData().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Pages are kept once, whatever their ?plan=… link (all links are the same page).
    const key = req.mode === 'navigate' ? req.url.split('?')[0] : req;
    try {
      const res = await fetch(req);
      // Keep complete answers only, and not the app's update checks (cache: no-store),
      // which may already be a newer deployment than the files cached with this page.
      if (res.status === 200 && req.cache !== 'no-store') {
        event.waitUntil(cache.put(key, res.clone()).catch(() => {}));
      }
      return res;
    } catch (err) {
      const hit = await cache.match(key, { ignoreSearch: req.mode === 'navigate' });
      if (hit) return hit;
      throw err;
    }
  })());
});
