// Browser half of `make bench`: measures the release build in headless Chromium and prints
// markdown tables. Each figure is the median of several runs, with min and max.
//   node bench/browser.js <site-dir> <plan-id>...
// The site dir holds kpi/ (the release build with bench plans added) and static/<id>.html.
const { chromium } = require('playwright-core');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const RUNS = Number(process.env.BENCH_RUNS || 7);
// Year changes are quick and many can be made on one page: more runs, after a warm-up.
const YEAR_WARMUP = 3;
const YEAR_RUNS = 3 * RUNS;
const PORT = 8766;
const [siteDir, ...planIds] = process.argv.slice(2);

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const fmt = (x, d = 1) => x.toFixed(d);
const row = (cells) => `| ${cells.join(' | ')} |`;

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch (_) {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${url}`);
}

// Lighthouse's mobile profile, through Chromium's DevTools protocol: "slow 4G" (150 ms
// round trip, 1.6 Mbps down, 750 kbps up) and a CPU 4× slower than this machine's.
const MOBILE = { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8, cpu: 4 };

async function firstRender(browser, url, { mobile = false, shownMark = 'kpi:overview-prerendered', readyMark = 'kpi:overview-rendered' } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (mobile) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: MOBILE.latency,
      downloadThroughput: MOBILE.downloadThroughput,
      uploadThroughput: MOBILE.uploadThroughput,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpu });
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, readyMark, { timeout: 60000 });
  // The app's own marks on the way (absent on the static floor page).
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
  // The overview is on screen when the start-up script has put the pre-rendered one there,
  // or else when the app has built its own; the app is ready (interactive) at the latter.
  const ready = marks[readyMark];
  const prerendered = marks[shownMark];
  const t = prerendered !== undefined ? Math.min(prerendered, ready) : ready;
  const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
  // When it was painted. The first contentful paint, if the overview was already in the page
  // then (the pre-rendered one is the page's first content; the floor's table too, unless the
  // browser painted a long table while still parsing it); else the largest contentful paint,
  // read once the frames after the mark have been drawn. (The largest contentful paint alone
  // misses the pre-rendered overview: Chrome drops a candidate that is replaced, as the app
  // replaces it, before its paint is reported.)
  const lcp = await page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
      new PerformanceObserver((list) => {
        const entries = list.getEntries();
        resolve(entries.length ? entries[entries.length - 1].startTime : NaN);
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    }, 100)));
  }));
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
  const painted = fcp !== undefined && fcp >= t ? fcp : lcp;
  await context.close();
  if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
  return { t, ready, prerendered: prerendered !== undefined, heap, marks, painted };
}

// First render as a citizen's phone would see it: the same measures under the mobile profile.
async function mobileBench(browser, base, ids) {
  const runs = Math.max(3, Math.ceil(RUNS / 2));
  const out = [
    '### First render on a phone\'s network and CPU (emulated)',
    '',
    `Lighthouse's mobile profile in Chromium: ${MOBILE.latency} ms round trip, ${MOBILE.downloadThroughput * 8 / 1e6} Mbps down, CPU ${MOBILE.cpu}× slower;`,
    `files gzip-compressed as a web host sends them. Median of ${runs} runs, min–max.`,
    'Here the pre-rendered overview needs the page, the fragment and the plan file (a few KB), the app its wasm (≈ 210 KB).',
    '',
    row(['plan', 'overview shown ms', 'app ready ms', 'static floor ms', 'shown ÷ floor', 'shown painted ms', 'floor painted ms', 'painted: shown ÷ floor']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  const range = (s) => `${fmt(s.median, 0)} (${fmt(s.min, 0)}–${fmt(s.max, 0)})`;
  for (const id of ids) {
    const app = [];
    const floor = [];
    for (let i = 0; i < runs; i++) {
      app.push(await firstRender(browser, `${base}/kpi/?plan=${id}`, { mobile: true }));
      floor.push(await firstRender(browser, `${base}/static/${id}.html`, { mobile: true }));
    }
    const shown = stats(app.map((r) => r.t));
    const ready = stats(app.map((r) => r.ready));
    const f = stats(floor.map((r) => r.t));
    const sp = stats(app.map((r) => r.painted)).median;
    const fp = stats(floor.map((r) => r.painted)).median;
    out.push(row([id, range(shown), range(ready), range(f), fmt(shown.median / f.median, 2) + '×', fmt(sp, 0), fmt(fp, 0), fmt(sp / fp, 2) + '×']));
  }
  return out;
}

// The home page (the list of plans with each one's figures), pre-rendered like the overview:
// on loopback and under the mobile profile. Measured on the release as built (the seed plans
// only: the bench site's index also lists the synthetic plans, which no city's home would).
async function homeBench(browser, base) {
  const out = [
    '### First render of the home page (the list of plans)',
    '',
    'The release as built (`dist/`, the four seed plans). "Shown" is when the start-up script has put the pre-rendered',
    'list with every plan\'s figures on screen (`kpi:home-prerendered`), "ready" when the app has its own (`kpi:home-rendered`);',
    `on loopback (median of ${RUNS} runs) and under the mobile profile above (median of ${Math.max(3, Math.ceil(RUNS / 2))}), min–max.`,
    '',
    row(['where', 'home shown ms', 'pre-rendered in', 'app ready ms']),
    row(['---', '---:', '---:', '---:']),
  ];
  const range = (s) => `${fmt(s.median, 0)} (${fmt(s.min, 0)}–${fmt(s.max, 0)})`;
  for (const mobile of [false, true]) {
    const runs = mobile ? Math.max(3, Math.ceil(RUNS / 2)) : RUNS;
    const r = [];
    for (let i = 0; i < runs; i++) {
      r.push(await firstRender(browser, `${base}/home/`, { mobile, shownMark: 'kpi:home-prerendered', readyMark: 'kpi:home-rendered' }));
    }
    const prerendered = r.filter((x) => x.prerendered).length;
    out.push(row([mobile ? 'emulated phone' : 'loopback', range(stats(r.map((x) => x.t))), `${prerendered}/${runs} runs`, range(stats(r.map((x) => x.ready)))]));
  }
  return out;
}

// Every KPI of a plan file, in plan order.
const kpisOf = (plan) => {
  const out = [];
  const walk = (nodes) => nodes.forEach((n) => { out.push(...(n.kpis || [])); walk(n.children || []); });
  walk(plan.nodes);
  return out;
};
const readPlan = (id) => JSON.parse(fs.readFileSync(path.join(siteDir, 'kpi', 'seeds', `${id}.json`), 'utf8'));

// In the page: give the control `control` the value `value` as a user would (a change
// event) and time until the text of `watch` differs: [ms to that DOM change, ms to the next
// animation frame after it, ms to the end of that frame's work (a task after the frame's
// callbacks: the browser's style, layout, paint and hit test done)].
const CHANGE_AND_WAIT = ([control, value, watch]) => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error(`${watch} did not change after ${control} = ${value}`)), 10000);
  const text = () => (document.querySelector(watch) || {}).textContent;
  const before = text();
  let t0 = 0;
  const mo = new MutationObserver(() => {
    if (text() === before) return;
    const t1 = performance.now();
    mo.disconnect();
    requestAnimationFrame(() => {
      const t2 = performance.now();
      setTimeout(() => resolve([t1 - t0, t2 - t0, performance.now() - t0]), 0);
    });
  });
  mo.observe(document.body, { subtree: true, childList: true, characterData: true });
  const el = document.querySelector(control);
  el.value = value;
  t0 = performance.now();
  el.dispatchEvent(new Event('change', { bubbles: true }));
});

// Times every localStorage.setItem the app makes, before any app code runs.
const RECORD_SAVES = () => {
  const setItem = Storage.prototype.setItem;
  window.__saves = [];
  Storage.prototype.setItem = function (key, value) {
    const t = performance.now();
    setItem.call(this, key, value);
    window.__saves.push({ key, ms: performance.now() - t, chars: key.length + value.length });
  };
};

// One staff edit on the KPI page of the staff app: the time from the committed input
// (change event) to the new rate in the DOM, and to the next frame after it; then the
// debounced localStorage write of that edit (time and size of the value written).
async function editBench(browser, base, planIds, results) {
  const out = [];
  out.push('### One edit with the plan loaded (staff app, KPI page, edit mode)');
  out.push('');
  out.push('Change event on an actual-value input → the KPI\'s 達成率 text changed in the DOM (MutationObserver), and → the next');
  out.push('animation frame after it (budget ≤ 16 ms). Then the debounced draft save: `localStorage.setItem` time and the');
  out.push('characters written, which grow with the number of edits, not with the plan. The first edit after edit mode was');
  out.push('turned on is also shown on its own: it runs code the browser has not optimised yet.');
  out.push('');
  out.push(row(['plan', 'KPIs', 'edit → rate in DOM median ms', 'min', 'max', '→ next frame median ms', 'max', 'save median ms', 'max', 'chars saved', 'first edit → rate in DOM ms']));
  out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const id of planIds) {
    const all = kpisOf(readPlan(id));
    const kpis = all.length;
    const target = all.find((k) => k.target && typeof k.target.value === 'number' && !(k.series || []).length
      && Object.keys(k.actuals || {}).length);
    if (!target) continue;
    const fy = Math.max(...Object.keys(target.actuals).map(Number));
    const context = await browser.newContext();
    await context.addInitScript(RECORD_SAVES);
    const page = await context.newPage();
    await page.goto(`${base}/kpi/staff.html?plan=${id}&kpi=${target.id}&fy=${fy}`);
    await page.getByTestId('edit-toggle').click();
    const input = `[data-testid=actual-input][data-kpi="${target.id}"][data-fy="${fy}"]`;
    await page.waitForSelector(input);
    const dom = [];
    const frame = [];
    const saves = [];
    let chars = 0;
    for (let i = 0; i < RUNS; i++) {
      // Fractions of the target, so each run gives a new rate different from the printed actual.
      const value = ((target.target.value || 100) * (0.37 + i * 0.07)).toFixed(2);
      await page.evaluate(() => { window.__saves = []; });
      const [d, f] = await page.evaluate(CHANGE_AND_WAIT, [input, value, '[data-testid=kpi-rate]']);
      dom.push(d);
      frame.push(f);
      await page.waitForFunction(() => window.__saves.some((s) => s.key.startsWith('kpi-dashboard/draft/')), null, { timeout: 10000 });
      const s = await page.evaluate(() => window.__saves.filter((x) => x.key.startsWith('kpi-dashboard/draft/')));
      saves.push(...s.map((x) => x.ms));
      chars = Math.max(...s.map((x) => x.chars));
    }
    await context.close();
    const a = stats(dom);
    const b = stats(frame);
    const c = stats(saves);
    results.edit[id] = { dom: a.median, save: c.median, chars };
    out.push(row([id, kpis, fmt(a.median, 2), fmt(a.min, 2), fmt(a.max, 2), fmt(b.median, 2), fmt(b.max, 2), fmt(c.median, 2), fmt(c.max, 2), chars, fmt(dom[0], 2)]));
  }
  return out;
}

// One staff edit on the progress report (staff app, edit mode), where the year's actuals of
// every shown row are inputs: with its first page of rows, and with 1,000 rows after
// "さらに表示". The time to the row's new rate in the DOM, and to the end of the next frame's
// work (requestAnimationFrame, then a task after it), which includes the browser's style,
// layout, paint and the hit test of the pointer resting over the table (CHANGE_AND_WAIT).
async function reportEditBench(browser, base, id, results) {
  const out = [];
  out.push('### One edit on the progress report (staff app, edit mode)');
  out.push('');
  out.push('Every shown row has the year\'s actual as an input. Change event on one of them → the row\'s 達成率 in the DOM, and → the end');
  out.push('of the next frame (a task after `requestAnimationFrame`: the browser\'s style, layout, paint and the hit test of the pointer,');
  out.push('which rests over the table; it includes the wait for the frame, up to 16.7 ms). With the first page of 200 rows, and with');
  out.push('1,000 rows after four clicks on "さらに表示" (the table is then "long": cells far from the screen are skipped, style/main.css).');
  out.push('The end of the next frame includes the wait for it: a change comes at any moment of a frame, and the browser starts the');
  out.push('next one at its own beat, so even an edit whose work takes 4 ms ends its frame 8–17 ms later. The work itself, the frame\'s');
  out.push('budget, is the app\'s script (change → rate in DOM) plus the frame\'s rendering (`requestAnimationFrame` → the task after it):');
  out.push('the "work" columns, which leave out only the idle wait between the two.');
  out.push('Then, not a budget: another year on the same report, to the end of the next frame. Every row gains or loses a column, so the');
  out.push('app patches and the browser lays out every row.');
  out.push('');
  out.push(row(['plan', 'rows shown', 'edit → rate in DOM median ms', 'min', 'max', 'work: script + rendering median ms', 'min', 'max', '→ end of next frame median ms', 'min', 'max', 'year change → end of next frame median ms', 'min', 'max']));
  out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  results.reportEdit = {};
  for (const more of [0, 4]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/kpi/staff.html?plan=${id}&view=report&fy=2023`);
    await page.getByTestId('edit-toggle').click();
    await page.waitForSelector('[data-testid=actual-input]');
    for (let i = 0; i < more; i++) {
      const before = await page.locator('tbody tr').count();
      await page.click('[data-action=more]');
      await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length > n, before);
    }
    const rows = await page.locator('tbody tr').count();
    const kpi = await page.locator('tbody tr').nth(3).getAttribute('data-kpi');
    const input = `tr[data-kpi="${kpi}"] [data-testid=actual-input]`;
    const box = await page.locator(input).boundingBox();
    await page.mouse.move(box.x + 300, box.y + 200);
    const dom = [];
    const work = [];
    const frame = [];
    for (let i = 0; i < 2 * RUNS + 1; i++) {
      const [d, r, f] = await page.evaluate(CHANGE_AND_WAIT, [input, String(100 + i * 37), `tr[data-kpi="${kpi}"] [data-testid=report-rate]`]);
      // The first is unmeasured: code the browser has not optimised yet.
      if (i > 0) { dom.push(d); work.push(d + (f - r)); frame.push(f); }
      await page.waitForTimeout(100);
    }
    const year = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const [, , f] = await page.evaluate(CHANGE_AND_WAIT, ['[data-testid=fy-select]', String(i % 2 ? 2023 : 2022), 'caption']);
      if (i > 0) year.push(f);
      await page.waitForTimeout(100);
    }
    await context.close();
    const a = stats(dom);
    const w = stats(work);
    const b = stats(frame);
    const y = stats(year);
    results.reportEdit[rows] = w.median;
    out.push(row([id, rows, fmt(a.median, 2), fmt(a.min, 2), fmt(a.max, 2), fmt(w.median, 2), fmt(w.min, 2), fmt(w.max, 2), fmt(b.median, 2), fmt(b.min, 2), fmt(b.max, 2), fmt(y.median, 1), fmt(y.min, 1), fmt(y.max, 1)]));
  }
  return out;
}

// A new "as of" year on the plan overview (citizens' app): the whole scorecard recomputed
// (Scorecard::new for every KPI) and everything that shows it re-rendered. This is the full
// recompute *including* reactive propagation; the pure computation alone is in the last table.
async function yearBench(browser, base, planIds, results) {
  const out = [];
  out.push('### Full recompute on screen (citizens\' app, plan overview, new 基準年度)');
  out.push('');
  out.push('Change event on the year select → the overview\'s summary shows the other year (MutationObserver), and → the');
  out.push('next animation frame after it. Alternates between the first and the last year with actual values.');
  out.push(`The first change after load runs code the browser has not optimised yet; it is shown on its own, then`);
  out.push(`${YEAR_WARMUP} more changes are made before the ${YEAR_RUNS} that the median, min and max are of.`);
  out.push('');
  out.push(row(['plan', 'KPIs', 'year change → summary updated median ms', 'min', 'max', '→ next frame median ms', 'max', 'first change after load ms']));
  out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const id of planIds) {
    const all = kpisOf(readPlan(id));
    const kpis = all.length;
    const years = new Set(all.flatMap((k) => Object.keys(k.actuals || {}).map(Number)));
    const ys = [...years].sort();
    if (ys.length < 2) continue;
    const pair = [ys[0], ys[ys.length - 1]];
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/kpi/?plan=${id}&fy=${pair[1]}`);
    await page.waitForSelector('.summary');
    const dom = [];
    const frame = [];
    let first = 0;
    for (let i = 0; i < 1 + YEAR_WARMUP + YEAR_RUNS; i++) {
      const fy = pair[i % 2];
      const [d, f] = await page.evaluate(CHANGE_AND_WAIT, ['[data-testid=fy-select]', String(fy), '.summary']);
      if (i === 0) first = d;
      if (i <= YEAR_WARMUP) continue;
      dom.push(d);
      frame.push(f);
    }
    await context.close();
    const a = stats(dom);
    const b = stats(frame);
    results.year[id] = a.median;
    out.push(row([id, kpis, fmt(a.median, 2), fmt(a.min, 2), fmt(a.max, 2), fmt(b.median, 2), fmt(b.max, 2), fmt(first, 2)]));
  }
  return out;
}

// gzip size of what each page loads (wasm + js + css), when bench.sh did not pass the totals
// of scripts/sizes.sh (gzip -9).
function appGzip(page) {
  const zlib = require('zlib');
  const dir = path.join(siteDir, 'kpi');
  const html = fs.readFileSync(path.join(dir, page), 'utf8');
  const files = [...new Set(html.match(/\.\/[A-Za-z0-9_.-]+\.(wasm|js|css)/g) || [])];
  return files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length, 0);
}

const verdict = (ok) => (ok ? '✅ met' : '❌ missed');

(async () => {
  // Served from memory with keep-alive, as a web host would (bench/static-server.js).
  const server = spawn(process.execPath, [path.join(__dirname, 'static-server.js'), siteDir, String(PORT)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForServer(`${base}/kpi/`);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
    });
    const out = [];
    const results = { first: {}, ready: {}, ratio: {}, readyRatio: {}, paintedRatio: {}, edit: {}, year: {} };
    out.push('### First render of the plan overview (headless Chromium, this machine)');
    out.push('');
    out.push('Navigation start → the overview is on screen, a new context each run (after one unmeasured run): the overview pre-rendered at build time,');
    out.push('shown by the page\'s start-up script before the app has started (`kpi:overview-prerendered` mark, src/prerender.rs),');
    out.push('or else the app\'s own (`kpi:overview-rendered`). "App ready" is when the app has built its overview and can be used');
    out.push('(the pre-rendered one is then replaced). The static floor is the same KPIs as one plain HTML table, with the mark at its end.');
    out.push('"Painted" is when the browser drew it, for both: the first contentful paint if the overview (or the table) was in');
    out.push('the page by then, else the largest contentful paint. The mark comes before the first layout, which with Japanese');
    out.push('fonts costs tens of ms on a cold page, so both measures are shown.');
    out.push('');
    out.push('The middle columns are medians of the app\'s marks on the way: wasm started (downloaded, compiled, instantiated),');
    out.push('plan file requested (the index, fetched early by the start-up script of the page, is read), and plan fetched, parsed and validated.');
    out.push('');
    out.push(row(['plan', 'KPIs', 'overview shown median ms', 'min', 'max', 'pre-rendered in', 'app ready median ms', 'min', 'max', 'wasm started', 'plan requested', 'plan parsed', 'static floor median ms', 'shown ÷ floor', 'app ready ÷ floor', 'shown painted', 'floor painted', 'painted: shown ÷ floor', 'JS heap after load']));
    out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    // One unmeasured run of each page first: the first contexts of a new browser are slower,
    // which would count against whichever plan is measured first.
    await firstRender(browser, `${base}/kpi/?plan=${planIds[0]}`);
    await firstRender(browser, `${base}/static/${planIds[0]}.html`);
    for (const id of planIds) {
      const kpis = kpisOf(readPlan(id)).length;
      const app = [];
      const ready = [];
      let prerendered = 0;
      const floor = [];
      let heap = 0;
      const started = [];
      const requested = [];
      const parsed = [];
      const appPainted = [];
      const floorPainted = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await firstRender(browser, `${base}/kpi/?plan=${id}`);
        app.push(r.t);
        ready.push(r.ready);
        if (r.prerendered) prerendered += 1;
        heap = r.heap;
        started.push(r.marks['kpi:wasm-started']);
        requested.push(r.marks['kpi:plan-requested']);
        parsed.push(r.marks['kpi:plan-parsed']);
        appPainted.push(r.painted);
        const s = await firstRender(browser, `${base}/static/${id}.html`);
        floor.push(s.t);
        floorPainted.push(s.painted);
      }
      const a = stats(app);
      const rd = stats(ready);
      const f = stats(floor);
      results.first[id] = a.median;
      results.ready[id] = rd.median;
      results.ratio[id] = a.median / f.median;
      results.readyRatio[id] = rd.median / f.median;
      const ap = stats(appPainted).median;
      const fp = stats(floorPainted).median;
      results.paintedRatio[id] = ap / fp;
      out.push(row([id, kpis, fmt(a.median), fmt(a.min), fmt(a.max), `${prerendered}/${RUNS} runs`, fmt(rd.median), fmt(rd.min), fmt(rd.max), fmt(stats(started).median), fmt(stats(requested).median), fmt(stats(parsed).median), fmt(f.median), fmt(a.median / f.median, 2) + '×', fmt(rd.median / f.median, 2) + '×', fmt(ap), fmt(fp), fmt(ap / fp, 2) + '×', `${fmt(heap / 1048576)} MB`]));
    }

    out.push('');
    out.push(...(await mobileBench(browser, base, planIds.filter((p) => !p.startsWith('synthetic-')))));
    out.push('');
    out.push(...(await homeBench(browser, base)));
    out.push('');
    out.push(...(await editBench(browser, base, planIds, results)));
    out.push('');
    out.push(...(await yearBench(browser, base, planIds, results)));
    out.push('');
    out.push(...(await reportEditBench(browser, base, 'synthetic-10000', results)));

    out.push('');
    out.push('### Engine in the browser (the shipped wasm, `bench_engine`)');
    out.push('');
    out.push('Parse + validate of the plan text; the first scorecard of a plan (id indexes and every KPI evaluated);');
    out.push('and the full recompute of every KPI and roll-up as of another year (the work of a new 基準年度).');
    out.push('');
    out.push(row(['plan', 'KPIs', 'parse + validate median ms', 'min', 'max', 'first scorecard median ms', 'min', 'max', 'full recompute median ms', 'min', 'max']));
    out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/kpi/`);
    await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.bench_engine);
    for (const id of planIds.filter((p) => p.startsWith('synthetic-'))) {
      const json = fs.readFileSync(path.join(siteDir, 'kpi', 'seeds', `${id}.json`), 'utf8');
      const times = await page.evaluate(([text, runs]) => Array.from(window.wasmBindings.bench_engine(text, runs)), [json, RUNS * 3]);
      const n = times.length / 3;
      const p = stats(times.slice(0, n));
      const f = stats(times.slice(n, 2 * n));
      const c = stats(times.slice(2 * n));
      results.parse = p.median;
      results.recompute = c.median;
      const cells = (s) => [fmt(s.median, 2), fmt(s.min, 2), fmt(s.max, 2)];
      out.push(row([id, id.split('-')[1], ...cells(p), ...cells(f), ...cells(c)]));
    }
    await browser.close();

    // The budgets of issue 8 against this run's figures.
    const seeds = planIds.filter((p) => !p.startsWith('synthetic-'));
    const kb = (b) => `${fmt(b / 1024)} KB`;
    const citizen = Number(process.env.CITIZEN_GZIP) || appGzip('index.html');
    const staff = Number(process.env.STAFF_GZIP) || appGzip('staff.html');
    const worstFirst = Math.max(...seeds.map((p) => results.first[p]));
    const worstRatio = Math.max(...seeds.map((p) => results.ratio[p]));
    const worstPainted = Math.max(...seeds.map((p) => results.paintedRatio[p]));
    const worstReady = Math.max(...seeds.map((p) => results.ready[p]));
    const worstReadyRatio = Math.max(...seeds.map((p) => results.readyRatio[p]));
    const big = 'synthetic-10000';
    const budgets = [
      ['app transfer, citizens (index.html), gzip', '≤ 150 KB; never above 250 KB', kb(citizen), citizen <= 150 * 1024 ? verdict(true) : citizen <= 250 * 1024 ? '⚠️ under the ceiling, over the budget' : verdict(false)],
      ['app transfer, staff (staff.html), gzip', '≤ 150 KB; never above 250 KB', kb(staff), staff <= 150 * 1024 ? verdict(true) : staff <= 250 * 1024 ? '⚠️ under the ceiling, over the budget' : verdict(false)],
      ['parse + validate, 10,000 KPIs, browser', '≤ 10 ms', `${fmt(results.parse, 1)} ms`, verdict(results.parse <= 10)],
      ['full recompute, 10,000 KPIs, browser (engine alone)', '≤ 5 ms', `${fmt(results.recompute, 1)} ms`, verdict(results.recompute <= 5)],
      ['full recompute, 10,000 KPIs, on screen (year change)', '≤ 5 ms', results.year[big] === undefined ? '—' : `${fmt(results.year[big], 1)} ms`, verdict(results.year[big] <= 5)],
      ['one edit → rate on screen, 10,000 KPIs loaded', '≤ 16 ms', `${fmt(results.edit[big].dom, 1)} ms`, verdict(results.edit[big].dom <= 16)],
      ['one edit on the report → its frame\'s work (script + rendering), 1,000 rows shown, 10,000 KPIs', '≤ 16 ms', `${fmt(results.reportEdit[1000], 1)} ms`, verdict(results.reportEdit[1000] <= 16)],
      ['first render (overview shown), slowest seed plan', '≤ 500 ms (ambition 300)', `${fmt(worstFirst)} ms`, verdict(worstFirst <= 500)],
      ['first render ÷ static floor, worst seed plan (DOM built)', '≤ 2×', `${fmt(worstRatio, 2)}×`, verdict(worstRatio <= 2)],
      ['first render ÷ static floor, worst seed plan (painted)', '≤ 2×', `${fmt(worstPainted, 2)}×`, verdict(worstPainted <= 2)],
      ['app ready (interactive), slowest seed plan', '≤ 500 ms (ambition 300)', `${fmt(worstReady)} ms`, verdict(worstReady <= 500)],
      ['app ready ÷ static floor, worst seed plan', 'not a budget: for comparison', `${fmt(worstReadyRatio, 2)}×`, '—'],
      ['first render (overview shown), 10,000 KPIs', '≤ 1.5 s', `${fmt(results.first[big])} ms`, verdict(results.first[big] <= 1500)],
      ['app ready (interactive), 10,000 KPIs', '≤ 1.5 s', `${fmt(results.ready[big])} ms`, verdict(results.ready[big] <= 1500)],
      ['draft save after one edit, 10,000 KPIs loaded', 'proportional to the edit, debounced', `${results.edit[big].chars} chars, ${fmt(results.edit[big].save, 1)} ms`, verdict(results.edit[big].chars < 1000)],
    ];
    const summary = ['### Budgets (issue 8) against this run', '', row(['what', 'budget', 'measured (median)', '']), row(['---', '---', '---:', '---'])];
    budgets.forEach((b) => summary.push(row(b)));
    summary.push('');
    console.log([...summary, ...out].join('\n'));
  } finally {
    server.kill();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
