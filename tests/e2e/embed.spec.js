// Embedding in a city's page on another origin, offline use, safe text and the CSP.
const { test, expect } = require('./fixtures');

test('a host page on another origin embeds a KPI card and a plan summary that resize', async ({ page }) => {
  await page.goto('http://127.0.0.1:8767/');
  const kpi = page.frameLocator('#kpi');
  await expect(kpi.getByTestId('kpi-rate')).toHaveText('93%');
  await expect(kpi.locator('nav, header')).toHaveCount(0);
  await expect(kpi.getByTestId('embed-more')).toHaveAttribute('href', 'http://127.0.0.1:8765/kpi/?plan=yuzawa&kpi=k07&fy=2023');
  const plan = page.frameLocator('#plan');
  await expect(plan.getByRole('heading', { name: '全体の状況' })).toBeVisible();
  await expect(plan.locator('nav, header, .tree, .finder')).toHaveCount(0);
  // The host received the height messages and resized both frames to their content.
  // (Generous timeouts: on a loaded 2-core machine a frame's later resize can take seconds.)
  await expect.poll(() => page.evaluate(() => window.kpiHeights.length), { timeout: 15000 }).toBeGreaterThan(1);
  for (const id of ['#kpi', '#plan']) {
    const frame = page.locator(id);
    await expect.poll(async () => (await frame.boundingBox()).height, { timeout: 15000 }).toBeGreaterThan(300);
  }
  const message = await page.evaluate(() => window.kpiHeights.filter((m) => m.href.includes('kpi=k07')).pop());
  expect(message.type).toBe('kpi-dashboard:height');
  expect(message.height).toBeGreaterThan(300);
  await page.screenshot({ path: 'test-results/host-page.png', fullPage: true });
});

test('every card offers its iframe snippet', async ({ page }) => {
  await page.goto('/kpi/?plan=yuzawa&kpi=k07');
  await page.getByTestId('embed-button').click();
  await expect(page.getByTestId('embed-code')).toHaveValue(
    '<iframe src="http://127.0.0.1:8765/kpi/?plan=yuzawa&amp;kpi=k07&amp;embed=1" title="公共施設の延べ床面積" style="width:100%;border:0" height="480" loading="lazy" data-kpi-dashboard></iframe>'
  );
});

test("the staff app links to the same page in the citizens' app for the snippet", async ({ page }) => {
  await page.goto('/kpi/staff.html?plan=yuzawa&fy=2023');
  await expect(page.locator('h1')).toContainText('湯沢市経営戦略');
  await expect(page.getByTestId('embed-button')).toHaveCount(0);
  const link = page.getByTestId('embed-public-link');
  await expect(link).toHaveAttribute('href', 'http://127.0.0.1:8765/kpi/?plan=yuzawa&fy=2023');
  // It follows the page's year.
  await page.getByTestId('fy-select').selectOption('2022');
  await expect(link).toHaveAttribute('href', 'http://127.0.0.1:8765/kpi/?plan=yuzawa&fy=2022');
});

test('after a first visit the app and the plans open offline', async ({ page, context }) => {
  await page.goto('/kpi/?plan=yuzawa');
  await expect(page.locator('h1')).toContainText('湯沢市経営戦略');
  // Wait until the service worker has cached everything and controls the page.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.goto('/kpi/?plan=higashine');
  await expect(page.locator('h1')).toContainText('東根市第8次行財政改革推進プラン');
  await page.goto('/kpi/?plan=yuzawa&kpi=k07&fy=2023');
  await expect(page.getByTestId('kpi-rate')).toHaveText('93%');
  await context.setOffline(false);
});

// What the service worker keeps after a first visit: the app that was opened and every plan.
async function cachedAfterFirstVisit(page, url) {
  await page.goto(url);
  await expect(page.locator('h1')).toContainText('湯沢市経営戦略');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  return page.evaluate(async () => {
    const name = (await caches.keys()).find((n) => n.startsWith('kpi-dashboard-'));
    return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
  });
}
const wasmOf = async (page, path) => (await (await page.request.get(path)).text()).match(/\.\/([\w-]+_bg\.wasm)/)[1];

test('a citizen\'s first visit keeps the citizens\' app and the plans, never the staff app', async ({ page }) => {
  const cached = await cachedAfterFirstVisit(page, '/kpi/?plan=yuzawa');
  expect(cached).toContain(`/kpi/${await wasmOf(page, '/kpi/')}`);
  expect(cached).not.toContain(`/kpi/${await wasmOf(page, '/kpi/staff.html')}`);
  expect(cached).not.toContain('/kpi/staff.html');
  expect(cached).not.toContain('/kpi/survey.html');
  for (const plan of ['yuzawa', 'annaka', 'higashine', 'minami-alps']) {
    expect(cached).toContain(`/kpi/seeds/${plan}.json`);
    expect(cached).toContain(`/kpi/prerendered/${plan}.html`);
  }
  expect(cached).toContain('/kpi/prerendered/home.page.html');
});

test('a staff member\'s first visit keeps the staff app and the survey page for offline drafting', async ({ page }) => {
  const cached = await cachedAfterFirstVisit(page, '/kpi/staff.html?plan=yuzawa');
  expect(cached).toContain('/kpi/staff.html');
  expect(cached).toContain(`/kpi/${await wasmOf(page, '/kpi/staff.html')}`);
  expect(cached).toContain('/kpi/survey.html');
  expect(cached).toContain(`/kpi/${await wasmOf(page, '/kpi/survey.html')}`);
  for (const f of ['sheets_worker_loader.js', 'sheets_worker.js', 'sheets_worker_bg.wasm']) expect(cached).toContain(`/kpi/${f}`);
  expect(cached).toContain('/kpi/seeds/higashine.json');
});

test('markup in comments is shown as text, and the CSP reports no violation', async ({ page }) => {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  });
  await page.goto('/kpi/staff.html?plan=yuzawa&view=report&fy=2023');
  await page.getByTestId('edit-toggle').click();
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const comment = page.locator('tr[data-kpi=k02]').getByTestId('comment-input');
  await comment.fill(hostile);
  await comment.blur();
  await page.getByTestId('edit-toggle').click();
  await expect(page.locator('tr[data-kpi=k02] td.comment')).toHaveText(hostile);
  await expect(page.locator('main img')).toHaveCount(0);
  for (const link of ['/kpi/', '/kpi/?plan=yuzawa', '/kpi/?plan=yuzawa&kpi=k07', '/kpi/?plan=annaka&node=i01', '/kpi/?plan=yuzawa&view=report&fy=2023']) {
    await page.goto(link);
    await expect(page.locator('main h1')).toBeVisible();
  }
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
});
