// A new deployment while a page is open (src/state/updates.rs): the app fetches its own page again,
// bypassing caches, 5 s after it starts and whenever the tab becomes visible again; when that
// page now loads another wasm than the one running, it offers a reload (「新しい版が公開されています」).
const { test, expect } = require('./fixtures');

// The page's own fetches must reach page.route, not a service worker.
test.use({ serviceWorkers: 'block' });

/** Every `kpi-dashboard-<hash>` file name (wasm and JS glue) a built page names. */
const builtNames = (html) => [...new Set(html.match(/kpi-dashboard-[0-9a-f]+(?:_bg\.wasm|\.js)/g) || [])];

/**
 * From now on, answer the page `path` as a new deployment would: the same page with its wasm
 * and JS glue under new hashed names; those names are answered with the real files, so
 * nothing 404s. Returns the new names.
 */
async function deployNewBuild(page, path) {
  const html = await (await page.request.get(path)).text();
  const names = builtNames(html);
  expect(names.some((n) => n.endsWith('_bg.wasm')), `${path} names its wasm`).toBe(true);
  const renamed = (name) => name.replace(/kpi-dashboard-[0-9a-f]+/, 'kpi-dashboard-0123456789abcdef');
  let next = html;
  for (const name of names) {
    next = next.split(name).join(renamed(name));
    await page.route(`**/${renamed(name)}`, async (route) =>
      route.fulfill({ response: await route.fetch({ url: route.request().url().replace(renamed(name), name) }) }));
  }
  await page.route((url) => url.pathname === path, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: next }));
  return names.map(renamed);
}

/** Let the app check for a new deployment now, as when the reader comes back to the tab;
 * resolves once it has fetched its page. */
async function checkNow(page, path) {
  const fetched = page.waitForResponse((res) =>
    new URL(res.url()).pathname === path && res.request().resourceType() === 'fetch', { timeout: 10_000 });
  expect(await page.evaluate(() => {
    document.dispatchEvent(new Event('visibilitychange'));
    return document.visibilityState;
  })).toBe('visible');
  await fetched;
}

for (const [app, path] of [['citizens', '/kpi/'], ['staff', '/kpi/staff.html']]) {
  test(`${app}: a new deployment while the page is open is offered as a reload`, async ({ page }) => {
    await page.goto(`${path}?plan=yuzawa`);
    await expect(page.getByTestId('fy-select')).toBeEnabled();
    const banner = page.getByTestId('update-banner');

    // The same deployment: no prompt.
    await checkNow(page, path);
    await page.waitForTimeout(300);
    await expect(banner).toHaveCount(0);

    // A new one.
    const names = await deployNewBuild(page, path);
    expect(names.length).toBeGreaterThanOrEqual(2);
    await checkNow(page, path);
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute('role', 'status');
    await expect(banner).toContainText('新しい版が公開されています');
    await expect(banner.getByRole('button', { name: '再読み込み' })).toBeVisible();
    // The page still runs the build it loaded; the prompt only offers the new one.
    await expect(page.getByTestId('fy-select')).toBeEnabled();
  });
}
