// The app stopped by a bug (a Rust panic; the release build aborts): the page says so at its
// top, in Japanese, with what to do, rather than looking alive while nothing works.
// (Not the shared fixture: this test causes the console errors that fixture fails on.)
const { test, expect } = require('@playwright/test');

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
    // A browser that refuses to make elements (but for the notice's <div>) makes the app
    // panic on its next page: Leptos and `Dom` expect every element they ask for.
    await page.evaluate(() => {
      const make = Document.prototype.createElement;
      Document.prototype.createElement = function (tag, ...rest) {
        if (String(tag).toLowerCase() !== 'div') throw new Error('test: no element');
        return make.call(this, tag, ...rest);
      };
    });
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
