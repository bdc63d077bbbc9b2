// The app stopped by a bug (a Rust panic; the release build aborts): the page says so at its
// top, in Japanese, with what to do, rather than looking alive while nothing works.
// (Not the shared fixture: this test causes the console errors that fixture fails on.)
const { test, expect } = require('@playwright/test');

/** After the app is ready: refuse to make elements (but for the notice's <div>), so that the
 * app panics on its next page; Leptos and `Dom` expect every element they ask for. */
async function refuseElements(page) {
  await page.evaluate(() => {
    const make = Document.prototype.createElement;
    Document.prototype.createElement = function (tag, ...rest) {
      if (String(tag).toLowerCase() !== 'div') throw new Error('test: no element');
      return make.call(this, tag, ...rest);
    };
  });
}

for (const [app, path] of [['citizens', '/kpi/'], ['staff', '/kpi/staff.html']]) {
  test(`${app}: a panic leaves a notice to reload at the top of the page`, async ({ page }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${path}?plan=yuzawa`);
    await expect(page.getByTestId('fy-select')).toBeEnabled();
    await expect(page.locator('#app-stopped')).toHaveCount(0);
    await refuseElements(page);
    await page.getByRole('link', { name: '進捗状況報告（一覧表）' }).click();
    const notice = page.locator('#app-stopped');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('role', 'alert');
    await expect(notice).toContainText('予期しないエラーでアプリが止まりました。ページを再読み込みしてください。');
    if (app === 'staff') await expect(notice).toContainText('入力は下書きとしてこのブラウザに保存されています');
    else await expect(notice).not.toContainText('下書き');
    expect(await page.evaluate(() => document.body.firstElementChild.id)).toBe('app-stopped');
    // Still at the top after scrolling down.
    await page.mouse.wheel(0, 2000);
    const box = await notice.boundingBox();
    expect(box.y).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `test-results/app-stopped-${app}.png` });
    // The console has the panic's own message, for whoever reports the bug.
    expect(errors.join('\n')).toContain('panicked at');
  });
}

test('staff: what the notice promises holds — a saved entry is there again after the reload', async ({ page }) => {
  const report = '/kpi/staff.html?plan=yuzawa&view=report&fy=2023';
  await page.goto(report);
  await page.getByTestId('edit-toggle').click();
  const input = page.locator('[data-testid=actual-input][data-kpi=k02][data-fy="2023"]');
  await input.fill('100');
  await input.press('Enter');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');
  await refuseElements(page);
  await page.locator('.crumbs a').first().click();
  await expect(page.locator('#app-stopped')).toContainText('入力は下書きとしてこのブラウザに保存されています');
  // The link was followed before the app stopped: the reload opens the overview.
  await page.reload();
  await expect(page.locator('.tree-root > li').first()).toBeVisible();
  await expect(page.locator('#app-stopped')).toHaveCount(0);
  await page.goto(report);
  await expect(page.locator('tr[data-kpi="k02"]').getByTestId('report-rate')).toHaveText('50%');
});
