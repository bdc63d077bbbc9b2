const { test, expect } = require('./fixtures');

test('home at /kpi/ lists the four plans once', async ({ page }) => {
  await page.goto('/kpi/');
  const list = page.getByTestId('plan-list');
  await expect(list).toBeVisible();
  const cards = list.locator('li.plan-card');
  await expect(cards).toHaveCount(4);
  for (const city of ['湯沢市', '安中市', '東根市', '南アルプス市']) {
    await expect(list.getByText(city, { exact: true })).toHaveCount(1);
  }
  await expect(list).toContainText('令和3〜8年度（2021〜2026年度）');
  // A plan in its first year waits for its actuals, as its overview says.
  await expect(cards.filter({ hasText: '東根市' }).locator('.plan-summary')).toHaveText('KPI 17件（実績待ち 17件）');
  await page.screenshot({ path: 'test-results/home.png', fullPage: true });
});
