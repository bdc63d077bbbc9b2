// The pre-rendered pages (prerender/, assets/early-fetch.js): a citizen reads the overview or
// the home page before the app has downloaded, the app then draws the same page and takes its
// place in one step (the reader sees no change, the focus stays), and a plan file replaced
// since the build is never shown with the build's figures.
const fs = require('fs');
const path = require('path');
const { test, expect } = require('./fixtures');

/** Hold back the app's wasm until the returned function is called. */
async function holdWasm(page) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** From now on, watch how many copies of the page (its `selector`) are visible each time the
 * page changes: the takeover must never show two, or none. */
async function watchCopies(page, selector) {
  await page.evaluate((sel) => {
    window.__copies = [];
    const count = () => [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).length;
    new MutationObserver(() => window.__copies.push(count())).observe(document.body, { childList: true, subtree: true, attributes: true });
  }, selector);
}

/** The app has taken the page over: its controls work. */
async function appReady(page) {
  await expect(page.getByTestId('fy-select').or(page.getByTestId('plan-list')).first()).toBeVisible();
  await expect.poll(() => page.evaluate(() =>
    performance.getEntriesByName('kpi:overview-rendered').length + performance.getEntriesByName('kpi:home-rendered').length)).toBeGreaterThan(0);
}

/** Every request for a pre-rendered fragment the page makes. */
function fragmentRequests(page) {
  const urls = [];
  page.on('request', (req) => {
    if (req.url().includes('/prerendered/')) urls.push(req.url());
  });
  return urls;
}

test.use({ viewport: { width: 390, height: 800 } });

test('the overview is readable before the app starts, and the app takes its place unchanged', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('/kpi/?plan=yuzawa');
  const shown = page.locator('#prerendered');
  await expect(shown.locator('h1')).toHaveText('湯沢市経営戦略（素案）');
  await expect(shown.locator('.summary .rollup-text').first()).toHaveText(
    'KPI 20件: 達成 6件、概ね達成 5件、未達成 9件、評価不能 0件',
  );
  // Controls that need the app wait for it.
  await expect(shown.getByTestId('fy-select')).toBeDisabled();
  await expect(shown.getByTestId('fy-select')).toHaveValue('2023');
  await expect(shown.getByTestId('finder-text')).toBeDisabled();
  // A link works as a plain link before the app is there.
  await expect(shown.getByRole('link', { name: '進捗状況報告（一覧表）' })).toHaveAttribute('href', '?plan=yuzawa&view=report');
  // The whole page, the finder and the tree opened at its top level included.
  await expect(shown.locator('.tree-root > li').first()).toBeVisible();
  const before = await page.locator('main').innerText();
  await watchCopies(page, '.plan-header');
  await page.screenshot({ path: 'test-results/yuzawa-prerendered-phone.png' });

  release();
  await appReady(page);
  await expect(page.getByTestId('fy-select')).toBeEnabled();
  await expect(shown).toHaveCount(0);
  await expect(page.locator('.plan-header')).toHaveCount(1);
  // The same page, and at no moment two of it or none.
  expect(await page.locator('main').innerText()).toBe(before);
  const copies = await page.evaluate(() => window.__copies);
  expect(copies.length).toBeGreaterThan(0);
  expect(copies.every((n) => n === 1), `visible overviews at each change: ${copies}`).toBe(true);
  // And it works: a new year, that year's figures.
  await page.getByTestId('fy-select').selectOption('2022');
  await expect(page).toHaveURL(/fy=2022/);
  await expect(page.locator('.summary .rollup-text').nth(1)).toHaveText('平均達成率 70%（上限100%） ペース: 順調 11件・遅れ 5件');
});

test('a link focused in the pre-rendered overview keeps the focus when the app takes over', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('/kpi/?plan=yuzawa');
  const report = page.locator('#prerendered').getByRole('link', { name: '進捗状況報告（一覧表）' });
  await report.focus();
  await expect(report).toBeFocused();
  release();
  await appReady(page);
  await expect(page.locator('main').getByRole('link', { name: '進捗状況報告（一覧表）' })).toBeFocused();
});

test('a keyboard reader who has tabbed into the pre-rendered page keeps the place when the app takes over', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('/kpi/?plan=yuzawa');
  await expect(page.locator('#prerendered h1')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('本文へ移動');
  release();
  await appReady(page);
  await expect(page.locator(':focus')).toHaveText('本文へ移動');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('行政改革 進捗ダッシュボード');
});

test('the pre-rendered paint stays the page\'s largest contentful paint after the app takes over', async ({ page, context }) => {
  // On a phone's slower CPU, the report of a paint can come after the app's start; the app
  // must not remove the pre-rendered page before then, or the browser drops that paint and
  // counts the app's repaint of the same page, behind the wasm download, as the page's LCP.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__lcp = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__lcp.push(e.startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto('/kpi/?plan=yuzawa');
  await appReady(page);
  await page.waitForTimeout(500);
  const { lcp, tookOver } = await page.evaluate(() => ({
    lcp: window.__lcp,
    tookOver: performance.getEntriesByName('kpi:overview-rendered')[0].startTime,
  }));
  // The app's own page is hidden until it takes over: a paint before then is the pre-rendered one.
  expect(lcp.length).toBeGreaterThan(0);
  expect(lcp[lcp.length - 1]).toBeLessThan(tookOver);
});

test('the app\'s wasm is downloaded once, as Trunk preloads it, with or without a pre-rendered page', async ({ page }) => {
  const wasm = [];
  page.on('request', (req) => { if (req.url().endsWith('_bg.wasm')) wasm.push(req.url()); });
  for (const [url, title] of [['/kpi/?plan=yuzawa', '湯沢市経営戦略（素案）'], ['/kpi/?plan=yuzawa&kpi=k07', null], ['/kpi/staff.html?plan=yuzawa', '湯沢市経営戦略（素案）']]) {
    wasm.length = 0;
    await page.goto(url);
    await expect(page.getByTestId('fy-select').or(page.locator('main h1')).first()).toBeVisible();
    if (title) await expect(page.locator('h1')).toHaveText(title);
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('kpi:wasm-started').length)).toBe(1);
    // Trunk's preload of the wasm and its start-up module's fetch are one download, not two.
    const preload = await page.locator('link[rel=preload][href$="_bg.wasm"]').getAttribute('href');
    expect(wasm, url).toEqual([new URL(preload, page.url()).href]);
  }
});

test('a plan file that arrives after the app has started is still shown pre-rendered first', async ({ page }) => {
  // The app waits for the start-up script's decision before its first render, so a page
  // pre-rendered from a plan file that comes late is still shown, then taken over.
  // The plan file is held until the app has started (not for a fixed time: on a loaded
  // machine a second was once too long).
  await page.route('**/seeds/yuzawa.json', async (route) => {
    await page.waitForFunction(() => performance.getEntriesByName('kpi:wasm-started').length > 0, null, { polling: 20 });
    await route.continue();
  });
  await page.goto('/kpi/?plan=yuzawa');
  await expect(page.locator('.tree-root > li').first()).toBeVisible();
  await appReady(page);
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
  expect(marks).toContain('kpi:wasm-started');
  expect(marks.indexOf('kpi:wasm-started')).toBeLessThan(marks.indexOf('kpi:overview-prerendered'));
  expect(marks.indexOf('kpi:overview-prerendered')).toBeLessThan(marks.indexOf('kpi:overview-rendered'));
  await expect(page.locator('#prerendered')).toHaveCount(0);
});

/**
 * Open `url` (Yuzawa's overview unless told) with the wasm held back, once the page has its
 * fragment: the pre-rendered page must not appear, then or later, and the app must show
 * `title` as the page's heading.
 */
async function expectNotPrerendered(page, title, { url = '/kpi/?plan=yuzawa', fragment = 'yuzawa.html', mark = 'kpi:overview-prerendered' } = {}) {
  const release = await holdWasm(page);
  const arrived = page.waitForResponse((res) => res.url().includes(`/prerendered/${fragment}`));
  await page.goto(url);
  await arrived;
  // The start-up script has the files; give it a moment to (not) show the fragment.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await expect(page.locator('#prerendered')).toHaveCount(0);
  release();
  await expect(page.locator('h1')).toHaveText(title);
  // Never shown at all, not even late (the start-up script marks the moment it shows it).
  expect(await page.evaluate((name) => performance.getEntriesByName(name).length, mark)).toBe(0);
}

const seedText = (file) => fs.readFileSync(path.join(__dirname, '../../seeds', file), 'utf8');

test('a plan file replaced since the build is not shown with the build\'s figures', async ({ page }) => {
  const seed = seedText('yuzawa.json');
  const changed = seed.replace('"title": "湯沢市経営戦略",', '"title": "湯沢市経営戦略（改訂版）",');
  expect(changed).not.toBe(seed);
  await page.route('**/seeds/yuzawa.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: changed }));
  await expectNotPrerendered(page, '湯沢市経営戦略（改訂版）（素案）');
});

test('a plan the index now names another file for is not shown with the build\'s figures', async ({ page }) => {
  const index = JSON.parse(seedText('index.json'));
  index.plans.find((p) => p.id === 'yuzawa').file = 'yuzawa-2027.json';
  const changed = seedText('yuzawa.json').replace('"title": "湯沢市経営戦略",', '"title": "湯沢市経営戦略（新版）",');
  await page.route('**/seeds/index.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(index) }));
  await page.route('**/seeds/yuzawa-2027.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: changed }));
  await expectNotPrerendered(page, '湯沢市経営戦略（新版）（素案）');
});

test('a broken fragment is not shown, and the app starts as usual', async ({ page }) => {
  await page.route('**/prerendered/yuzawa.html', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<p>not a fragment</p><script>window.bad = 1</script>' }));
  await expectNotPrerendered(page, '湯沢市経営戦略（素案）');
  expect(await page.evaluate(() => window.bad)).toBeUndefined();
});

test('only a plain overview link of a pre-rendered plan asks for a fragment', async ({ page }) => {
  const urls = fragmentRequests(page);
  for (const link of ['?plan=yuzawa&fy=2022', '?plan=yuzawa&node=t4', '?plan=yuzawa&embed=1', '?plan=nope', '?utm_source=mail']) {
    await page.goto(`/kpi/${link}`);
    await expect(page.locator('main').first()).not.toBeEmpty();
  }
  await page.goto('/kpi/staff.html?plan=yuzawa');
  await expect(page.locator('h1')).toHaveText('湯沢市経営戦略（素案）');
  expect(urls).toEqual([]);
  await page.goto('/kpi/?plan=annaka');
  await expect(page.locator('.tree-root > li').first()).toBeVisible();
  expect(urls).toEqual([expect.stringContaining('/kpi/prerendered/annaka.html')]);
  urls.length = 0;
  await page.goto('/kpi/');
  await expect(page.getByTestId('plan-list')).toBeVisible();
  expect(urls).toEqual([expect.stringContaining('/kpi/prerendered/home.page.html')]);
});

const HOME = { url: '/kpi/', fragment: 'home.page.html', mark: 'kpi:home-prerendered' };

test('the home page is readable before the app starts, and the app takes its place unchanged', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('/kpi/');
  const shown = page.locator('#prerendered');
  await expect(shown.locator('li.plan-card')).toHaveCount(4);
  const yuzawa = shown.locator('li.plan-card').filter({ hasText: '湯沢市' });
  await expect(yuzawa.locator('.plan-summary')).toHaveText(
    '令和5年度（2023年度）時点: KPI 20件のうち 達成 6件・評価対象 20件（達成割合 30%）',
  );
  await expect(yuzawa.getByRole('link')).toHaveAttribute('href', '?plan=yuzawa');
  const before = await page.locator('main').first().innerText();
  await watchCopies(page, '.plan-list');
  await page.screenshot({ path: 'test-results/home-prerendered-phone.png' });

  release();
  await appReady(page);
  await expect(shown).toHaveCount(0);
  // At no moment two lists or none: the app's takes the place of the pre-rendered one, every
  // card with its figures.
  const copies = await page.evaluate(() => window.__copies);
  expect(copies.every((n) => n === 1), `visible lists at each change: ${copies}`).toBe(true);
  await expect(page.getByTestId('plan-list').locator('li.plan-card .plan-summary')).toHaveCount(4);
  await expect(page.locator('.site-header')).toHaveCount(1);
  expect(await page.locator('main').innerText()).toBe(before);
  // Its links are the app's now: a click stays in the same document.
  await page.evaluate(() => { window.__samePage = true; });
  await page.getByRole('link', { name: '湯沢市経営戦略' }).click();
  await expect(page).toHaveURL(/\?plan=yuzawa$/);
  await expect(page.locator('h1')).toContainText('湯沢市経営戦略');
  expect(await page.evaluate(() => window.__samePage)).toBe(true);
});

test('a plan file replaced since the build keeps the home page from being pre-rendered', async ({ page }) => {
  const changed = seedText('annaka.json').replace('"municipality": "安中市"', '"municipality": "安中市 "');
  expect(changed).not.toBe(seedText('annaka.json'));
  await page.route('**/seeds/annaka.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: changed }));
  await expectNotPrerendered(page, '行政改革・経営戦略の進捗', HOME);
});

test('a plan added to the index keeps the home page from being pre-rendered', async ({ page }) => {
  const index = JSON.parse(seedText('index.json'));
  index.plans.push({ ...index.plans[0], id: 'yuzawa-copy' });
  await page.route('**/seeds/index.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(index) }));
  await expectNotPrerendered(page, '行政改革・経営戦略の進捗', HOME);
  await expect(page.getByTestId('plan-list').locator('li.plan-card')).toHaveCount(5);
});

/** Make this page a browser that cannot compile the app's wasm (as one without a WebAssembly
 * feature the build uses): both of the ways wasm-bindgen's glue compiles it reject. */
async function emulateOldBrowser(page) {
  await page.addInitScript(() => {
    const refuse = () => Promise.reject(new WebAssembly.CompileError('test: a WebAssembly feature this browser lacks'));
    WebAssembly.instantiateStreaming = refuse;
    WebAssembly.instantiate = refuse;
  });
}

test('a browser that cannot run the app is told so in Japanese, and still reads the pre-rendered overview', async ({ page }) => {
  await emulateOldBrowser(page);
  await page.goto('/kpi/?plan=yuzawa');
  const notice = page.locator('#unsupported-browser');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toHaveClass('notice serious');
  await expect(notice).toContainText('お使いのブラウザでは、このダッシュボードのアプリが動きません');
  await expect(notice).toContainText('iOS／iPadOS 15 以降の Safari');
  await expect(page.getByRole('alert')).toContainText('計画の概要が表示されている場合は、そのまま読めます');
  const shown = page.locator('#prerendered');
  await expect(shown.locator('h1')).toBeVisible();
  await expect(shown.locator('h1')).toHaveText('湯沢市経営戦略（素案）');
  await expect(shown.locator('.summary .rollup-text').first()).toHaveText(
    'KPI 20件: 達成 6件、概ね達成 5件、未達成 9件、評価不能 0件',
  );
  // The notice is read first, the overview after it.
  expect(await page.evaluate(() => [...document.body.children].slice(0, 2).map((e) => e.id))).toEqual(['unsupported-browser', 'prerendered']);
  await page.screenshot({ path: 'test-results/unsupported-browser-phone.png' });
  // Nothing else comes: the app never starts (a second later the overview is still the build's).
  await page.waitForTimeout(1000);
  await expect(shown).toHaveCount(1);
  await expect(shown.locator('h1')).toBeVisible();
  expect(await page.evaluate(() => performance.getEntriesByName('kpi:wasm-started').length)).toBe(0);
});

test('a link that has no pre-rendered page shows the notice alone on a browser that cannot run the app', async ({ page }) => {
  await emulateOldBrowser(page);
  await page.goto('/kpi/?plan=yuzawa&kpi=k07');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.locator('#unsupported-browser')).toContainText('Chrome・Edge 96 以降、Firefox 89 以降');
  await expect(page.locator('#prerendered')).toHaveCount(0);
});
