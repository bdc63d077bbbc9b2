// Browser half of `make bench`: measures the release build in headless Chromium, runs
// Lighthouse (bench/lighthouse.mjs), and prints markdown. Each figure is the median of several
// runs, with min and max.
//   node bench/browser.js <site-dir> <plan-id>...
// The site dir holds kpi/ (the release with the bench plans added and pre-rendered), release/
// (the release as built) and static/<id>.html (each plan as one plain table: the floor).
// Its output is the summary (budgets, before/after), the line `<!-- end of summary -->`, then
// the tables the summary is read from; scripts/bench.sh puts the sizes and the native engine
// table between the two.
const { chromium } = require('playwright-core');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const RUNS = Number(process.env.BENCH_RUNS || 7);
// Year changes and edits are quick and many can be made on one page: a warm-up (code the
// browser has not optimised yet), then more runs.
const WARMUP = 3;
const QUICK_RUNS = 2 * RUNS + 1;
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS || 3);
const PORT = 8766;
const FRAME = 16;
const [siteDir, ...planIds] = process.argv.slice(2);
const seeds = planIds.filter((p) => !p.startsWith('synthetic-'));
const BIG = 'synthetic-10000';
const LARGE = 'synthetic-2000';

// The figures of bench/report-9ff2900.md: the last run before the rewrite (made at 9ff2900).
const BEFORE = {
  citizenKb: 199.3, staffKb: 237.4,
  browserParse10k: 31.8, browserRecompute10k: 0.9, nativeParse10k: 31.961, nativeAt10k: 1.102, nativeSyntax10k: 5.938,
  shownSlowestSeed: 95.0, paintedSlowestSeed: 184.0, readySlowestSeed: 220.9,
  shownRatio: 2.99, paintedRatio: 1.95, readyRatio: 7.29,
  phoneShownSlowest: 744, phoneReadySlowest: 1838, phonePaintedSlowest: 852,
  homeShown: 115, homeReady: 226, homePhoneShown: 1095, homePhoneReady: 2118,
  shown10k: 277.0, ready10k: 621.8, heap10k: 6.3,
  year10kDom: 3.2, year10kFrame: 7.9, edit10kDom: 2.2, edit10kFrame: 11.7, save10k: '151 chars, 0.2 ms',
  reportEdit10k200: 13.3, reportEdit10k1000: 4.7, reportYear10k200: 78.7, reportYear10k1000: 327.4,
};

const stats = (xs) => {
  const s = [...xs].filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const fmt = (x, d = 1) => (typeof x === 'number' && !Number.isNaN(x) ? x.toFixed(d) : '—');
const range = (s, d = 0) => `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`;
const row = (cells) => `| ${cells.join(' | ')} |`;
const head = (cells) => [row(cells), row(cells.map((c, i) => (i === 0 ? '---' : '---:')))];
const verdict = (ok) => (ok ? '✅ met' : '❌ missed');
const ms = (x, d = 1) => `${fmt(x, d)} ms`;

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

// Before any page script: every long task (> 50 ms) and every LCP candidate with what it was
// (the pre-rendered page's element or the app's: `#prerendered` is the start-up script's box).
const OBSERVE = () => {
  window.__longtasks = [];
  window.__lcp = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        // The element is null once it has left the page (the app's takeover removes the
        // pre-rendered one).
        const el = e.element;
        window.__lcp.push({
          time: e.startTime,
          tag: el ? el.tagName.toLowerCase() : null,
          prerendered: el ? !!el.closest('#prerendered') : null,
        });
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  } catch (_) {}
};

async function firstRender(browser, url, { mobile = false, shownMark = 'kpi:overview-prerendered', readyMark = 'kpi:overview-rendered' } = {}) {
  const context = await browser.newContext();
  await context.addInitScript(OBSERVE);
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
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
  // On screen when the start-up script has put the pre-rendered page there, or else when the
  // app has its own; the app is ready (interactive) at the latter.
  const ready = marks[readyMark];
  const prerendered = marks[shownMark];
  const t = prerendered !== undefined ? Math.min(prerendered, ready) : ready;
  // Half a second after ready, for the long tasks and paints that follow it.
  await page.waitForTimeout(500);
  const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
  const { fcp, lcp, longtasks } = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    lcp: window.__lcp,
    longtasks: window.__longtasks,
  }));
  // Painted: the first contentful paint, if the page was in the DOM by then (the pre-rendered
  // page, or the floor's table, is the page's first content); else the last LCP candidate.
  // Whose element the LCP was: the pre-rendered page's (still in `#prerendered`, or already
  // removed by the app's takeover when it was painted before it) or the app's.
  const last = lcp[lcp.length - 1];
  if (last) last.by = last.tag ? (last.prerendered ? 'pre' : 'app') : (last.time < ready ? 'pre' : 'removed');
  const painted = fcp !== undefined && fcp >= t ? fcp : last?.time;
  const longest = Math.max(0, ...longtasks.map((x) => x.duration));
  const blocking = longtasks.reduce((s, x) => s + Math.max(0, x.duration - 50), 0);
  await context.close();
  if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
  return { t, ready, prerendered: prerendered !== undefined, heap, marks, painted, lcp: last, longest, blocking };
}

// Whether the LCP (the last candidate) was the pre-rendered page's paint, by majority of runs.
const lcpOf = (runs) => {
  const count = (by) => runs.filter((r) => r.lcp && r.lcp.by === by).length;
  const [pre, app, removed] = [count('pre'), count('app'), count('removed')];
  const tags = [...new Set(runs.map((r) => r.lcp && r.lcp.tag).filter(Boolean))].join('/') || '?';
  const parts = [pre && `pre-rendered ${pre}`, app && `app ${app}`, removed && `removed, after takeover ${removed}`].filter(Boolean);
  return { text: `${tags}: ${parts.join(', ')} of ${runs.length}`, pre, app };
};

async function loopbackBench(browser, base, results) {
  const out = [
    '## First render of the plan overview (loopback)',
    '',
    `From navigation, a new browser context each run, median (min–max) of ${RUNS}. "Shown": the start-up script has put the`,
    'pre-rendered overview in the page (`kpi:overview-prerendered`); "painted": its first contentful paint; "ready": the app has',
    'rendered the same page and taken its place (`kpi:overview-rendered`). "LCP" is the last largest-contentful-paint candidate',
    'and whose element it was. The static floor is the same KPIs as one plain HTML table (no budget now; for comparison).',
    '',
    ...head(['plan', 'KPIs', 'shown ms', 'pre-rendered in', 'painted ms', 'ready ms', 'wasm started', 'plan parsed', 'LCP ms', 'LCP element', 'longest task ms', 'static floor ms', 'floor painted ms', 'JS heap']),
  ];
  // One unmeasured run of each page first: the first contexts of a new browser are slower.
  await firstRender(browser, `${base}/kpi/?plan=${planIds[0]}`);
  await firstRender(browser, `${base}/static/${planIds[0]}.html`);
  for (const id of planIds) {
    const kpis = kpisOf(readPlan(id)).length;
    const app = [];
    const floor = [];
    for (let i = 0; i < RUNS; i++) {
      app.push(await firstRender(browser, `${base}/kpi/?plan=${id}`));
      floor.push(await firstRender(browser, `${base}/static/${id}.html`));
    }
    const r = {
      shown: stats(app.map((x) => x.t)),
      painted: stats(app.map((x) => x.painted)),
      ready: stats(app.map((x) => x.ready)),
      lcp: stats(app.map((x) => x.lcp?.time)),
      longest: stats(app.map((x) => x.longest)),
      blocking: stats(app.map((x) => x.blocking)),
      floor: stats(floor.map((x) => x.t)),
      floorPainted: stats(floor.map((x) => x.painted)),
      heap: app[app.length - 1].heap,
      lcpOf: lcpOf(app),
    };
    results.first[id] = r;
    out.push(row([id, kpis, range(r.shown), `${app.filter((x) => x.prerendered).length}/${RUNS}`, range(r.painted), range(r.ready),
      fmt(stats(app.map((x) => x.marks['kpi:wasm-started'])).median, 0), fmt(stats(app.map((x) => x.marks['kpi:plan-parsed'])).median, 0),
      fmt(r.lcp.median, 0), r.lcpOf.text, range(r.longest), fmt(r.floor.median, 0), fmt(r.floorPainted.median, 0), `${fmt(r.heap / 1048576)} MB`]));
  }
  return out;
}

// The seed plans' overviews as a citizen's phone would see them.
async function mobileBench(browser, base, results) {
  const runs = Math.max(3, Math.ceil(RUNS / 2));
  const out = [
    '## First render on the emulated phone',
    '',
    `Lighthouse's mobile profile applied by Chromium itself: ${MOBILE.latency} ms round trip, ${MOBILE.downloadThroughput * 8 / 1e6} Mbps down, CPU ×${MOBILE.cpu};`,
    `files gzip-compressed as a web host sends them (bench/static-server.js). Median (min–max) of ${runs}; columns as above.`,
    '',
    ...head(['plan', 'shown ms', 'painted ms', 'ready ms', 'LCP ms', 'LCP element', 'longest task ms', 'static floor ms', 'floor painted ms']),
  ];
  for (const id of seeds) {
    const app = [];
    const floor = [];
    for (let i = 0; i < runs; i++) {
      app.push(await firstRender(browser, `${base}/kpi/?plan=${id}`, { mobile: true }));
      floor.push(await firstRender(browser, `${base}/static/${id}.html`, { mobile: true }));
    }
    const r = {
      shown: stats(app.map((x) => x.t)),
      painted: stats(app.map((x) => x.painted)),
      ready: stats(app.map((x) => x.ready)),
      lcp: stats(app.map((x) => x.lcp?.time)),
      lcpOf: lcpOf(app),
    };
    results.phone[id] = r;
    out.push(row([id, range(r.shown), range(r.painted), range(r.ready), fmt(r.lcp.median, 0), r.lcpOf.text,
      range(stats(app.map((x) => x.longest))), range(stats(floor.map((x) => x.t))), fmt(stats(floor.map((x) => x.painted)).median, 0)]));
  }
  return out;
}

// The home page (the list of plans with each one's figures), pre-rendered like the overview;
// on the release as built (the four seed plans, as a city's home would list them).
async function homeBench(browser, base, results) {
  const out = [
    '## First render of the home page (the list of plans)',
    '',
    'The release as built (four seed plans). "Shown": `kpi:home-prerendered`; "ready": `kpi:home-rendered`. Median (min–max).',
    '',
    ...head(['where', 'shown ms', 'pre-rendered in', 'painted ms', 'ready ms']),
  ];
  for (const mobile of [false, true]) {
    const runs = mobile ? Math.max(3, Math.ceil(RUNS / 2)) : RUNS;
    const r = [];
    for (let i = 0; i < runs; i++) {
      r.push(await firstRender(browser, `${base}/release/`, { mobile, shownMark: 'kpi:home-prerendered', readyMark: 'kpi:home-rendered' }));
    }
    const shown = stats(r.map((x) => x.t));
    const ready = stats(r.map((x) => x.ready));
    results.home[mobile ? 'phone' : 'loopback'] = { shown, ready };
    out.push(row([mobile ? 'emulated phone' : 'loopback', range(shown), `${r.filter((x) => x.prerendered).length}/${runs}`, range(stats(r.map((x) => x.painted))), range(ready)]));
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

// In the page: give the control `control` the value `value` as a user would (a change event)
// and follow it to the end of the next frame. Returns ms from the change to: `dom`, the text of
// `watch` changed (MutationObserver); `script`, the last DOM change before the frame (the app's
// work: handler, reactive updates, patching); `raf`, the next animation frame; `end`, the end
// of that frame's work (a task queued from requestAnimationFrame runs after the browser's
// style, layout, paint and commit). The frame's work is `script` + (`end` − `raf`): what the
// page must do in 16 ms, leaving out the idle wait for the frame's beat.
const CHANGE_AND_WAIT = ([control, value, watch]) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`${watch} did not change after ${control} = ${value}`)), 10000);
  const text = () => (document.querySelector(watch) || {}).textContent;
  const before = text();
  let t0 = 0;
  let changed = 0;
  let last = 0;
  const mo = new MutationObserver(() => {
    last = performance.now();
    if (changed || text() === before) return;
    changed = last;
    requestAnimationFrame(() => {
      const raf = performance.now();
      mo.disconnect();
      setTimeout(() => {
        clearTimeout(timer);
        const end = performance.now();
        resolve({ dom: changed - t0, script: Math.max(last, dispatched) - t0, raf: raf - t0, end: end - t0, work: Math.max(last, dispatched) - t0 + (end - raf) });
      }, 0);
    });
  });
  mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  const el = document.querySelector(control);
  el.value = value;
  t0 = performance.now();
  el.dispatchEvent(new Event('change', { bubbles: true }));
  const dispatched = performance.now();
});

// Runs `once(i)` WARMUP times unmeasured, then `n` times; the stats of each measure.
async function repeat(n, once, pause = 50) {
  const all = [];
  for (let i = 0; i < WARMUP + n; i++) {
    const r = await once(i);
    if (i >= WARMUP) all.push(r);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  const out = {};
  for (const key of ['dom', 'script', 'raf', 'end', 'work']) out[key] = stats(all.map((r) => r[key]));
  return out;
}

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

const readyPage = (page) => page.waitForSelector('[data-testid=fy-select]:not([disabled])', { timeout: 60000 });
const yearsOf = (id) => {
  const ys = [...new Set(kpisOf(readPlan(id)).flatMap((k) => Object.keys(k.actuals || {}).map(Number)))].sort();
  return [ys[0], ys[ys.length - 1]];
};

// A new 基準年度 on the overview (citizens' app): the whole scorecard recomputed and every
// figure shown re-rendered.
async function yearBench(browser, base, ids, results) {
  const out = [
    '## Year change on the overview (citizens\' app)',
    '',
    `Change event on the year select → the summary shows the other year; alternating the first and last years with actuals.`,
    `${WARMUP} unmeasured changes, then median (min–max) of ${QUICK_RUNS}. Budget (2,000 KPIs): the frame's work ≤ ${FRAME} ms.`,
    '',
    ...head(['plan', 'KPIs', 'script: change → DOM updated ms', 'frame\'s work: script + rendering ms', '→ end of next frame ms']),
  ];
  for (const id of ids) {
    const pair = yearsOf(id);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/kpi/?plan=${id}&fy=${pair[1]}`);
    await readyPage(page);
    const r = await repeat(QUICK_RUNS, (i) => page.evaluate(CHANGE_AND_WAIT, ['[data-testid=fy-select]', String(pair[i % 2]), '.summary']));
    await context.close();
    results.year[id] = r;
    out.push(row([id, kpisOf(readPlan(id)).length, range(r.script, 2), range(r.work, 2), range(r.end, 2)]));
  }
  return out;
}

// One staff edit on the KPI page (staff app, edit mode): change event on the year's actual →
// the KPI's 達成率, to the end of the next frame; then the debounced draft save.
async function editBench(browser, base, ids, results) {
  const out = [
    '## One edit on the KPI page (staff app, edit mode)',
    '',
    `Change event on an actual-value input → the KPI's 達成率 in the DOM, to the end of the next frame; ${WARMUP} unmeasured,`,
    `median (min–max) of ${QUICK_RUNS}. Then the debounced draft save (\`localStorage.setItem\`): its time and the characters written.`,
    '',
    ...head(['plan', 'KPIs', 'script: edit → DOM updated ms', 'frame\'s work ms', '→ end of next frame ms', 'save ms', 'chars saved']),
  ];
  for (const id of ids) {
    const all = kpisOf(readPlan(id));
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
    const saves = [];
    let chars = 0;
    const r = await repeat(QUICK_RUNS, async (i) => {
      // Fractions of the target, so each run gives a new rate.
      const value = ((target.target.value || 100) * (0.37 + (i % 9) * 0.07)).toFixed(2);
      await page.evaluate(() => { window.__saves = []; });
      const m = await page.evaluate(CHANGE_AND_WAIT, [input, value, '[data-testid=kpi-rate]']);
      await page.waitForFunction(() => window.__saves.some((s) => s.key.startsWith('kpi-dashboard/draft/')), null, { timeout: 10000 });
      const s = await page.evaluate(() => window.__saves.filter((x) => x.key.startsWith('kpi-dashboard/draft/')));
      saves.push(...s.map((x) => x.ms));
      chars = Math.max(...s.map((x) => x.chars));
      return m;
    });
    await context.close();
    const save = stats(saves);
    results.edit[id] = { ...r, save: save.median, chars };
    out.push(row([id, all.length, range(r.script, 2), range(r.work, 2), range(r.end, 2), fmt(save.median, 2), chars]));
  }
  return out;
}

// A department's return of 5 MB dropped on the survey round's page: from the drop to the review
// on screen, and the longest main-thread task meanwhile (the worker does the reading). The
// workbook is yuzawa's survey sheet for 令和5年度 filled in, with a sheet of notes (random text,
// which compresses little) that brings it to 5 MB.
async function returnsBench(browser, base, results) {
  const ExcelJS = require('exceljs');
  const plan = readPlan('yuzawa');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('企画課');
  sheet.getRow(4).values = ['ID（変更しないでください）', 'R5年度 実績値【記入】'];
  kpisOf(plan).forEach((k, i) => { sheet.getRow(5 + i).values = [k.id, 100 + i]; });
  const notes = book.addWorksheet('メモ');
  let seed = 1;
  const random = () => { seed = (seed * 48271) % 2147483647; return seed; };
  const text = (n) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + (random() % 2000))).join('');
  for (let r = 1; r <= 9000; r++) notes.getRow(r).values = Array.from({ length: 8 }, () => text(40));
  const file = path.join(require('os').tmpdir(), 'kpi-bench-return.xlsx');
  await book.xlsx.writeFile(file);
  const bytes = fs.statSync(file).size;
  const out = [
    '## A 5 MB return dropped on the survey round\'s page',
    '',
    `A workbook of ${fmt(bytes / 1048576, 1)} MB (yuzawa's survey sheet filled in, and a sheet of notes): from the file given to the page to the`,
    `review on screen, and the longest main-thread task meanwhile (the worker reads the workbook). Median (min–max) of ${RUNS}.`,
    '',
    ...head(['drop → review on screen ms', 'longest main-thread task ms']),
  ];
  const took = [];
  const longest = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/kpi/survey.html?plan=yuzawa&fy=2023`);
    await page.waitForSelector('[data-testid=returns-file]');
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    const start = Date.now();
    await page.getByTestId('returns-file').setInputFiles(file);
    await page.waitForSelector('[data-testid=returns-confirm]', { timeout: 60000 });
    took.push(Date.now() - start);
    longest.push(await page.evaluate(() => window.__longest));
    await context.close();
  }
  results.returns = { took: stats(took), longest: stats(longest), mb: bytes / 1048576 };
  out.push(row([range(results.returns.took), range(results.returns.longest)]));
  return out;
}

// The progress report: a year change (citizens' app, and staff app in edit mode, where every
// shown row's actual is an input) and one edit (staff app, edit mode), with the first page of
// 200 rows, or 1,000 after four clicks on "さらに表示" (the table is then "long": cells far from
// the screen are skipped, style/main.css). The pointer rests over the table (the hit test).
async function reportBench(browser, base, cases, results) {
  const out = [
    '## The progress report: a year change and one edit',
    '',
    `Year change → the caption shows the other year (every row gains or loses a column); edit → the row's 達成率. To the end of the`,
    `next frame; ${WARMUP} unmeasured, median (min–max) of ${QUICK_RUNS}. Budget (2,000 KPIs, 200 rows): the frame's work ≤ ${FRAME} ms.`,
    '',
    ...head(['plan', 'app', 'rows shown', 'what', 'script: change → DOM updated ms', 'frame\'s work ms', '→ end of next frame ms']),
  ];
  for (const { id, staff, more } of cases) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/kpi/${staff ? 'staff.html' : ''}?plan=${id}&view=report&fy=2023`);
    await readyPage(page);
    await page.waitForSelector('[data-testid=report-table] tbody tr.figures');
    if (staff) {
      await page.getByTestId('edit-toggle').click();
      await page.waitForSelector('[data-testid=actual-input]');
    }
    for (let i = 0; i < more; i++) {
      const before = await page.locator('tbody tr.figures').count();
      await page.click('[data-testid=report-more]');
      await page.waitForFunction((n) => document.querySelectorAll('tbody tr.figures').length > n, before);
    }
    // (A KPI's figures are one row, its 取組内容等 the next.)
    const rows = await page.locator('tbody tr.figures').count();
    const kpi = await page.locator('tbody tr.figures').nth(3).getAttribute('data-kpi');
    const box = await page.locator(`tbody tr.figures[data-kpi="${kpi}"]`).boundingBox();
    await page.mouse.move(box.x + 300, box.y + 200);
    const key = `${id}/${staff ? 'staff' : 'citizens'}/${rows}`;
    const measured = {};
    if (staff) {
      const input = `tr.figures[data-kpi="${kpi}"] [data-testid=actual-input]`;
      measured.edit = await repeat(QUICK_RUNS, (i) => page.evaluate(CHANGE_AND_WAIT, [input, String(100 + i * 37), `tr.figures[data-kpi="${kpi}"] [data-testid=report-rate]`]), 100);
    }
    measured.year = await repeat(QUICK_RUNS, (i) => page.evaluate(CHANGE_AND_WAIT, ['[data-testid=fy-select]', String(i % 2 ? 2023 : 2022), 'caption']), 100);
    await context.close();
    results.report[key] = measured;
    for (const [what, r] of Object.entries(measured)) {
      out.push(row([id, staff ? 'staff, edit mode' : 'citizens', rows, what === 'edit' ? 'one edit' : 'year change', range(r.script, 2), range(r.work, 2), range(r.end, 2)]));
    }
  }
  return out;
}

// Lighthouse on the release as built, served gzip by bench/static-server.js.
function lighthouseBench(base, results) {
  const pages = [
    ['overview', `${base}/release/?plan=yuzawa`, 'kpi:overview-prerendered', 'kpi:overview-rendered'],
    ['KPI page', `${base}/release/?plan=yuzawa&kpi=k07`, null, null],
    ['report', `${base}/release/?plan=yuzawa&view=report&fy=2023`, null, null],
  ];
  const urls = pages.flatMap(([, url]) => Array(LIGHTHOUSE_RUNS).fill(url));
  const lines = execFileSync(process.execPath, [path.join(__dirname, 'lighthouse.mjs'), ...urls], {
    env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).trim().split('\n').map((l) => JSON.parse(l));
  const out = [
    '## Lighthouse (mobile)',
    '',
    `Lighthouse 12.2.3 (bench/package.json), performance only, its default mobile profile (simulated slow 4G, CPU ×4), Chromium`,
    `\`--headless=new\`; the release as built, served gzip from memory by bench/static-server.js. ${LIGHTHOUSE_RUNS} runs a page; the run`,
    'of median score is shown. LCP, FCP, TBT are Lighthouse\'s simulated figures. "Observed" is the unthrottled run Lighthouse',
    'simulates from: when the pre-rendered page was put in the page, when the app had taken its place, and when the LCP was',
    'painted. The KPI and report links have no pre-rendered page (the start-up script shows one for `?plan=<id>` alone).',
    '',
    ...head(['page', 'score (runs)', 'LCP s', 'FCP s', 'TBT ms', 'CLS', 'LCP element (Lighthouse)', 'observed: shown ms', 'app took over ms', 'LCP painted ms', 'LCP is']),
  ];
  results.lighthouse = {};
  for (const [name, url, shownMark, readyMark] of pages) {
    const runs = lines.filter((r) => r.url === url).sort((a, b) => a.score - b.score);
    const r = runs[Math.floor(runs.length / 2)];
    const shown = shownMark ? r.marks[shownMark] : undefined;
    const took = readyMark ? r.marks[readyMark] : undefined;
    const lcpAt = r.candidates.length ? r.candidates[r.candidates.length - 1].ms : r.observedLcp;
    let is;
    if (shown === undefined) is = 'the app\'s paint (no pre-rendered page for this link)';
    else if (took !== undefined && lcpAt >= took) is = `the app's repaint, ${fmt(lcpAt - took, 0)} ms after its takeover (not the pre-rendered paint)`;
    else is = 'the pre-rendered paint';
    const el = r.lcpElement ? `\`${r.lcpElement.selector}\` “${r.lcpElement.label.slice(0, 40)}${r.lcpElement.label.length > 40 ? '…' : ''}”` : `— (${r.lcpElementError})`;
    results.lighthouse[name] = { ...r, runs: runs.map((x) => x.score), is, lcpAt, prerenderedLcp: is === 'the pre-rendered paint' };
    out.push(row([name, `${r.score} (${runs.map((x) => x.score).join(', ')})`, fmt(r.lcp / 1000, 2), fmt(r.fcp / 1000, 2), fmt(r.tbt, 0), fmt(r.cls, 3), el,
      shown === undefined ? '—' : fmt(shown, 0), took === undefined ? '—' : fmt(took, 0), fmt(lcpAt, 0), is]));
  }
  const bi = stats(lines.map((r) => r.benchmarkIndex));
  const o = results.lighthouse.overview;
  out.push('');
  if (!o.prerenderedLcp) {
    const took = o.marks['kpi:overview-rendered'];
    const before = o.candidates.filter((c) => c.ms < took).length;
    out.push(`The overview's LCP is the app's repaint: in the observed run the pre-rendered page was in the page at ${fmt(o.marks['kpi:overview-prerendered'], 0)} ms and`,
      `the app took its place at ${fmt(took, 0)} ms; LCP candidates: ${o.candidates.map((c) => `${c.tag} at ${fmt(c.ms, 0)} ms`).join(', ')}.`);
    if (before === 0) {
      out.push('None was painted before the takeover: the pre-rendered paint was either not yet drawn or its time not yet reported to the',
        'page when the takeover removed its elements, and Chromium drops such a candidate. Lighthouse then simulates that LCP behind',
        'the wasm download and the app\'s start on slow 4G.');
    }
  }
  out.push(`Lighthouse's CPU benchmark index on this machine during the runs: ${fmt(bi.median, 0)} (${fmt(bi.min, 0)}–${fmt(bi.max, 0)}).`);
  return out;
}

(async () => {
  // Served from memory with keep-alive and gzip, as a web host would (bench/static-server.js).
  const server = spawn(process.execPath, [path.join(__dirname, 'static-server.js'), siteDir, String(PORT)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForServer(`${base}/kpi/`);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
    });
    const results = { first: {}, phone: {}, home: {}, edit: {}, year: {}, report: {} };
    const sections = [];
    const interactive = ['yuzawa', ...planIds.filter((p) => p.startsWith('synthetic-'))];
    sections.push(await loopbackBench(browser, base, results));
    sections.push(await mobileBench(browser, base, results));
    sections.push(await homeBench(browser, base, results));
    sections.push(await yearBench(browser, base, interactive, results));
    sections.push(await reportBench(browser, base, [
      { id: LARGE, staff: false, more: 0 },
      { id: LARGE, staff: true, more: 0 },
      { id: BIG, staff: false, more: 0 },
      { id: BIG, staff: true, more: 0 },
      { id: BIG, staff: true, more: 4 },
    ], results));
    sections.push(await editBench(browser, base, interactive, results));
    sections.push(await returnsBench(browser, base, results));
    await browser.close();
    // Lighthouse launches its own Chromium: after ours has closed.
    sections.push(lighthouseBench(base, results));
    const summary = summarize(results);
    console.log([...summary, '<!-- end of summary -->', ...sections.flatMap((s) => [...s, ''])].join('\n'));
  } finally {
    server.kill();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

// The budgets (README.md, "How to develop") against this run; then the figures of the last
// run before the rewrite next to this run's.
function summarize(results) {
  const kb = (b) => b / 1024;
  const citizen = kb(Number(process.env.CITIZEN_GZIP));
  const staff = kb(Number(process.env.STAFF_GZIP));
  const survey = kb(Number(process.env.SURVEY_GZIP));
  const worker = kb(Number(process.env.WORKER_GZIP));
  const citizenCeiling = Number(process.env.CITIZEN_CEILING_KB || 250);
  const staffCeiling = Number(process.env.STAFF_CEILING_KB || 320);
  const worst = (obj, ids, pick) => {
    const id = ids.reduce((a, b) => (pick(obj[b]) > pick(obj[a]) ? b : a));
    return { id, v: pick(obj[id]) };
  };
  const shown = worst(results.first, seeds, (r) => r.shown.median);
  const painted = worst(results.first, seeds, (r) => r.painted.median);
  const ready = worst(results.first, seeds, (r) => r.ready.median);
  const phoneShown = worst(results.phone, seeds, (r) => r.shown.median);
  const phonePainted = worst(results.phone, seeds, (r) => r.painted.median);
  const phoneReady = worst(results.phone, seeds, (r) => r.ready.median);
  const ratio = worst(results.first, seeds, (r) => r.shown.median / r.floor.median);
  const paintedRatio = worst(results.first, seeds, (r) => r.painted.median / r.floorPainted.median);
  const readyRatio = worst(results.first, seeds, (r) => r.ready.median / r.floor.median);
  const big = results.first[BIG];
  const large = {
    year: results.year[LARGE].work.median,
    reportYear: results.report[`${LARGE}/citizens/200`].year.work.median,
    reportEdit: results.report[`${LARGE}/staff/200`].edit.work.median,
    kpiEdit: results.edit[LARGE].work.median,
  };
  const lh = results.lighthouse;
  const lhRow = (name) => {
    const r = lh[name];
    return [`Lighthouse (mobile), ${name}`, '≥ 95, the pre-rendered paint as LCP', `${r.score}, LCP ${fmt(r.lcp / 1000, 2)} s: ${r.is}`,
      verdict(r.score >= 95 && r.prerenderedLcp)];
  };
  const budgets = [
    ['citizens\' app (index.html: wasm + js + css), gzip', `≤ ${citizenCeiling} KB`, `${fmt(citizen)} KB`, verdict(citizen <= citizenCeiling)],
    ['staff app (staff.html), gzip', `≤ ${staffCeiling} KB`, `${fmt(staff)} KB`, verdict(staff <= staffCeiling)],
    ['the survey round\'s page (survey.html, staff), gzip', `≤ ${staffCeiling} KB`, `${fmt(survey)} KB`, verdict(survey <= staffCeiling)],
    ['  its spreadsheet worker (sheets_worker_*, loaded when a survey is made or returns dropped), gzip', 'no budget: off every page\'s start', `${fmt(worker)} KB`, '—'],
    [`a ${fmt(results.returns.mb, 1)} MB return dropped on the survey page: the longest main-thread task until its review shows`, 'no frozen page (we read: ≤ 200 ms)', ms(results.returns.longest.median, 0), verdict(results.returns.longest.median <= 200)],
    [`each seed plan's overview on screen (painted), loopback; slowest (${painted.id})`, '≤ 500 ms', ms(painted.v, 0), verdict(painted.v <= 500)],
    [`  the same, shown (start-up script's mark); slowest (${shown.id})`, '≤ 500 ms', ms(shown.v, 0), verdict(shown.v <= 500)],
    [`app ready on the emulated phone (slow 4G, CPU ×4); slowest seed plan (${phoneReady.id})`, '≤ 2.5 s', ms(phoneReady.v, 0), verdict(phoneReady.v <= 2500)],
    ['2,000 KPIs: year change on the overview, the frame\'s work', `≤ ${FRAME} ms`, ms(large.year), verdict(large.year <= FRAME)],
    ['2,000 KPIs: year change on the report (200 rows, citizens), the frame\'s work', 'no budget: every row gains or loses a column', ms(large.reportYear), '—'],
    ['2,000 KPIs: one edit on the report (200 rows, staff), the frame\'s work', `≤ ${FRAME} ms`, ms(large.reportEdit), verdict(large.reportEdit <= FRAME)],
    ['2,000 KPIs: one edit on the KPI page (staff), the frame\'s work', `≤ ${FRAME} ms`, ms(large.kpiEdit), verdict(large.kpiEdit <= FRAME)],
    ['10,000 KPIs: app ready (overview, loopback)', '≤ 2 s', ms(big.ready.median, 0), verdict(big.ready.median <= 2000)],
    ['10,000 KPIs: no frozen tab — longest task while loading (to ready + 0.5 s)', 'no frozen tab (we read: ≤ 1 s)', `${ms(big.longest.median, 0)} (max ${fmt(big.longest.max, 0)})`, verdict(big.longest.max <= 1000)],
    ['10,000 KPIs: year change on the overview, the frame\'s work', 'usable (no budget)', ms(results.year[BIG].work.median), '—'],
    lhRow('overview'),
    lhRow('KPI page'),
    lhRow('report'),
  ];
  const out = [
    '## Budgets against this run',
    '',
    ...head(['what', 'budget', 'measured (median)', '']),
    ...budgets.map(row),
    '',
    '## Before (9ff2900) and after',
    '',
    'Before: bench/report-9ff2900.md, the last run before the rewrite. "Budget" says when the budget changed with the rewrite.',
    `Times are as measured, not corrected for the machine: by the yardstick (first row after the sizes) this run's machine was`,
    `${fmt(Number(process.env.ENGINE_SYNTAX_10K) / BEFORE.nativeSyntax10k, 2)}× as slow as the old run's.`,
    '',
    ...head(['figure', 'before (9ff2900)', 'now', 'what changed']),
  ];
  const B = BEFORE;
  const change = (before, now, lowerBetter = true, unit = '') => {
    if (typeof now !== 'number' || Number.isNaN(now)) return '';
    const d = now - before;
    const pct = (100 * d) / before;
    if (Math.abs(pct) < 10) return `about the same (${d >= 0 ? '+' : ''}${fmt(d, 1)}${unit})`;
    return `${(d < 0) === lowerBetter ? 'better' : 'worse'} (${d >= 0 ? '+' : ''}${fmt(d, 1)}${unit}, ${d >= 0 ? '+' : ''}${fmt(pct, 0)} %)`;
  };
  const ly = results.year[BIG];
  const le = results.edit[BIG];
  const r10k200 = results.report[`${BIG}/staff/200`];
  const r10k1000 = results.report[`${BIG}/staff/1000`];
  const rows = [
    ['citizens\' app, gzip', `${B.citizenKb} KB (budget 150, ceiling 250)`, `${fmt(citizen)} KB (ceiling ${citizenCeiling})`, `${change(B.citizenKb, citizen, true, ' KB')}; budget now the ${citizenCeiling} KB ceiling`],
    ['staff app, gzip', `${B.staffKb} KB (budget 150, ceiling 250)`, `${fmt(staff)} KB (ceiling ${staffCeiling})`, `${change(B.staffKb, staff, true, ' KB')}; budget changed: ${staffCeiling} KB`],
    ['the machine: JSON syntax alone, 10,000 KPIs, native (the yardstick)', `${B.nativeSyntax10k} ms`, ms(Number(process.env.ENGINE_SYNTAX_10K), 3), `${change(B.nativeSyntax10k, Number(process.env.ENGINE_SYNTAX_10K), true, ' ms')}: the same work, so this is the machine's speed in this run`],
    ['parse + validate 10,000 KPIs, browser', `${B.browserParse10k} ms (budget ≤ 10 ms, missed)`, 'not measured', 'budget retired; the benchmark hook is gone from the wasm'],
    ['parse + validate 10,000 KPIs, native', `${B.nativeParse10k} ms`, ms(Number(process.env.ENGINE_PARSE_10K), 3), change(B.nativeParse10k, Number(process.env.ENGINE_PARSE_10K), true, ' ms')],
    ['full recompute 10,000 KPIs, browser engine alone', `${B.browserRecompute10k} ms (budget ≤ 5 ms)`, 'not measured', 'budget retired (hook gone); on screen below'],
    ['full recompute 10,000 KPIs, native (Scorecard::at)', `${B.nativeAt10k} ms`, ms(Number(process.env.ENGINE_AT_10K), 3), change(B.nativeAt10k, Number(process.env.ENGINE_AT_10K), true, ' ms')],
    ['year change 10,000 KPIs: → summary in DOM', `${B.year10kDom} ms (budget ≤ 5 ms)`, ms(ly.script.median), `${change(B.year10kDom, ly.script.median, true, ' ms')}; budget now: 2,000 KPIs within a frame`],
    ['year change 10,000 KPIs: → end of next frame', `${B.year10kFrame} ms`, ms(ly.end.median), change(B.year10kFrame, ly.end.median, true, ' ms')],
    ['year change 2,000 KPIs: the frame\'s work', '— (no 2,000-KPI plan)', ms(large.year), `new budget: ≤ ${FRAME} ms`],
    ['one edit, KPI page, 10,000 KPIs: → rate in DOM', `${B.edit10kDom} ms (budget ≤ 16 ms)`, ms(le.script.median), change(B.edit10kDom, le.script.median, true, ' ms')],
    ['one edit, KPI page, 10,000 KPIs: → end of next frame', `${B.edit10kFrame} ms`, ms(le.end.median), change(B.edit10kFrame, le.end.median, true, ' ms')],
    ['one edit, KPI page, 2,000 KPIs: the frame\'s work', '—', ms(large.kpiEdit), `new budget: ≤ ${FRAME} ms`],
    ['one edit on the report, 10,000 KPIs, 200 rows: the frame\'s work', `${B.reportEdit10k200} ms`, ms(r10k200.edit.work.median), change(B.reportEdit10k200, r10k200.edit.work.median, true, ' ms')],
    ['one edit on the report, 10,000 KPIs, 1,000 rows: the frame\'s work', `${B.reportEdit10k1000} ms (budget ≤ 16 ms)`, ms(r10k1000.edit.work.median), `${change(B.reportEdit10k1000, r10k1000.edit.work.median, true, ' ms')}; budget now: 2,000 KPIs, 200 rows`],
    ['one edit on the report, 2,000 KPIs, 200 rows: the frame\'s work', '—', ms(large.reportEdit), `new budget: ≤ ${FRAME} ms`],
    ['year change on the report (staff, edit mode), 10,000 KPIs, 200 rows: → end of next frame', `${B.reportYear10k200} ms`, ms(r10k200.year.end.median), change(B.reportYear10k200, r10k200.year.end.median, true, ' ms')],
    ['year change on the report (staff, edit mode), 10,000 KPIs, 1,000 rows: → end of next frame', `${B.reportYear10k1000} ms`, ms(r10k1000.year.end.median), change(B.reportYear10k1000, r10k1000.year.end.median, true, ' ms')],
    ['year change on the report (citizens), 2,000 KPIs, 200 rows: the frame\'s work', '—', ms(large.reportYear), `new budget: ≤ ${FRAME} ms`],
    ['overview shown, loopback, slowest seed plan', `${B.shownSlowestSeed} ms (budget ≤ 500 ms)`, ms(shown.v), change(B.shownSlowestSeed, shown.v, true, ' ms')],
    ['overview painted, loopback, slowest seed plan', `${B.paintedSlowestSeed} ms`, ms(painted.v), `${change(B.paintedSlowestSeed, painted.v, true, ' ms')}; the ≤ 500 ms budget now read on the paint`],
    ['shown ÷ static floor, worst seed plan (DOM built)', `${B.shownRatio}× (budget ≤ 2×, missed)`, `${fmt(ratio.v, 2)}×`, 'budget retired'],
    ['painted ÷ static floor, worst seed plan', `${B.paintedRatio}× (budget ≤ 2×)`, `${fmt(paintedRatio.v, 2)}×`, 'budget retired'],
    ['app ready, loopback, slowest seed plan', `${B.readySlowestSeed} ms (budget ≤ 500 ms)`, ms(ready.v), `${change(B.readySlowestSeed, ready.v, true, ' ms')}; budget now on the phone (below)`],
    ['app ready ÷ static floor, worst seed plan', `${B.readyRatio}×`, `${fmt(readyRatio.v, 2)}×`, 'for comparison only'],
    ['overview shown, emulated phone, slowest seed plan', `${B.phoneShownSlowest} ms`, ms(phoneShown.v, 0), change(B.phoneShownSlowest, phoneShown.v, true, ' ms')],
    ['overview painted, emulated phone, slowest seed plan', `${B.phonePaintedSlowest} ms`, ms(phonePainted.v, 0), change(B.phonePaintedSlowest, phonePainted.v, true, ' ms')],
    ['app ready, emulated phone, slowest seed plan', `${B.phoneReadySlowest} ms (no budget)`, ms(phoneReady.v, 0), `${change(B.phoneReadySlowest, phoneReady.v, true, ' ms')}; new budget ≤ 2.5 s`],
    ['home shown / ready, loopback', `${B.homeShown} / ${B.homeReady} ms`, `${fmt(results.home.loopback.shown.median, 0)} / ${fmt(results.home.loopback.ready.median, 0)} ms`, `ready ${change(B.homeReady, results.home.loopback.ready.median, true, ' ms')}`],
    ['home shown / ready, emulated phone', `${B.homePhoneShown} / ${B.homePhoneReady} ms`, `${fmt(results.home.phone.shown.median, 0)} / ${fmt(results.home.phone.ready.median, 0)} ms`, `ready ${change(B.homePhoneReady, results.home.phone.ready.median, true, ' ms')}`],
    ['10,000 KPIs: overview shown', `${B.shown10k} ms (budget ≤ 1.5 s)`, ms(big.shown.median), `${change(B.shown10k, big.shown.median, true, ' ms')}; budget now on ready only`],
    ['10,000 KPIs: app ready', `${B.ready10k} ms (budget ≤ 1.5 s)`, ms(big.ready.median), `${change(B.ready10k, big.ready.median, true, ' ms')}; budget changed: ≤ 2 s`],
    ['10,000 KPIs: longest task while loading', '— (not measured)', ms(big.longest.median, 0), 'new: "no frozen tab"'],
    ['10,000 KPIs: JS heap after load', `${B.heap10k} MB`, `${fmt(big.heap / 1048576)} MB`, change(B.heap10k, big.heap / 1048576, true, ' MB')],
    ['draft save after one edit, 10,000 KPIs', B.save10k, `${le.chars} chars, ${fmt(le.save, 1)} ms`, 'no budget now'],
    ['Lighthouse overview (mobile)', '92, LCP 2.3 s (the issue\'s figure; not in the old report)', `${lh.overview.score}, LCP ${fmt(lh.overview.lcp / 1000, 2)} s`, 'new budget: ≥ 95, pre-rendered paint as LCP'],
    ['Lighthouse KPI page / report (mobile)', '— (not measured)', `${lh['KPI page'].score} / ${lh.report.score}`, 'new budget: ≥ 95'],
  ];
  out.push(...rows.map(row), '');
  return out;
}
