// axe-core (WCAG 2.0 and 2.1, levels A and AA: the rules behind JIS X 8341-3:2016 AA) on every
// page type of both apps, at desktop and phone width: no violation.
const fs = require('fs');
const { test, expect } = require('./fixtures');
const { violations } = require('./axe');
const { kpiOf } = require('./plan-json');

const CITIZENS = [
  ['home', '/kpi/', 'h1'],
  ['overview', '/kpi/?plan=yuzawa', '.tree-root'],
  ['overview, a plan waiting for actuals', '/kpi/?plan=higashine', '.tree-root'],
  ['node', '/kpi/?plan=annaka&node=i01', 'h1'],
  ['KPI', '/kpi/?plan=yuzawa&kpi=k07', '[data-testid=kpi-rate]'],
  ['report', '/kpi/?plan=yuzawa&view=report&fy=2023', '[data-testid=report-table]'],
  ['embedded KPI card', '/kpi/?plan=yuzawa&kpi=k07&embed=1', '[data-testid=kpi-rate]'],
  ['embedded plan summary', '/kpi/?plan=yuzawa&embed=1', 'h1'],
];

for (const [vpName, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 740 }]]) {
  test.describe(`${vpName}`, () => {
    test.use({ viewport });
    for (const [name, url, ready] of CITIZENS) {
      test(`citizens' ${name}: no WCAG 2.1 A/AA violation`, async ({ page }) => {
        await page.goto(url);
        await expect(page.locator(ready).first()).toBeVisible();
        expect(await violations(page)).toEqual([]);
      });
    }
  });
}

test("citizens' overview with a branch opened and the embed code shown: no violation", async ({ page }) => {
  await page.goto('/kpi/?plan=yuzawa');
  await page.locator('summary', { hasText: '公共施設の再編・再配置の展開' }).click();
  await expect(page.locator('.tree-kpi', { hasText: '公共施設の延べ床面積' })).toBeVisible();
  await page.getByTestId('embed-button').click();
  expect(await violations(page)).toEqual([]);
});

test('staff report and node page in edit mode, with an invalid entry: no violation', async ({ page }) => {
  await page.goto('/kpi/staff.html?plan=yuzawa&view=report&fy=2023');
  await page.getByTestId('edit-toggle').click();
  await expect(page.getByTestId('edit-tools')).toBeVisible();
  const input = page.locator('[data-testid=actual-input][data-kpi=k02][data-fy="2023"]');
  await input.fill('abc');
  await input.press('Enter');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  expect(await violations(page)).toEqual([]);
  await page.goto('/kpi/staff.html?plan=annaka&node=i01');
  await page.getByTestId('edit-toggle').click();
  await expect(page.getByTestId('edit-tools')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('staff import confirmation: no violation', async ({ page }) => {
  await page.goto('/kpi/staff.html?plan=yuzawa&view=report&fy=2023');
  await page.getByTestId('edit-toggle').click();
  // The published plan with ②'s 令和5年度 actual changed, as a file to import.
  const plan = JSON.parse(fs.readFileSync('seeds/yuzawa.json', 'utf8'));
  kpiOf(plan, 'k02').kpi.actuals['2023'] = 100;
  const path = test.info().outputPath('yuzawa-k02.json');
  fs.writeFileSync(path, JSON.stringify(plan));
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByTestId('import-confirm')).toContainText('1 件が変わります');
  expect(await violations(page)).toEqual([]);
});

test("the survey round's page: no violation", async ({ page }) => {
  await page.goto('/kpi/survey.html?plan=yuzawa');
  await expect(page.locator('h1')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

// Reflow (WCAG 1.4.10): at 320 CSS px, the width of a phone at 200 % zoom or of 1280 px at
// 400 %, no page scrolls sideways; wide content scrolls inside its own box at most.
test.describe('320 px', () => {
  test.use({ viewport: { width: 320, height: 640 } });
  for (const [name, url, ready] of CITIZENS) {
    test(`citizens' ${name} reflows without sideways scrolling`, async ({ page }) => {
      await page.goto(url);
      await expect(page.locator(ready).first()).toBeVisible();
      const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

// Forced colours (Windows high contrast): a band is told by its symbol and its name, which
// stay text, not by its colour alone.
test('in forced-colours mode each band keeps its symbol and name', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto('/kpi/?plan=yuzawa&view=report&fy=2023');
  const grade = (kpi) => page.locator(`tr[data-kpi=${kpi}].figures td[data-label="評価"]`);
  await expect(grade('k02')).toHaveText('◎達成');
  await expect(grade('k04')).toHaveText('○概ね達成');
  await expect(grade('k01')).toHaveText('△未達成');
});

/** Presses Tab until `locator` has the focus (at most `most` times): it is reachable by keyboard. */
async function tabTo(page, locator, most = 80) {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (await locator.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`not reached by ${most} presses of Tab: ${locator}`);
}

test("keyboard only, citizens' main path: a plan, another year, a branch, a KPI", async ({ page }) => {
  await page.goto('/kpi/');
  await tabTo(page, page.getByRole('link', { name: '湯沢市経営戦略' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?plan=yuzawa$/);
  const year = page.getByLabel('基準年度');
  await tabTo(page, year);
  await page.keyboard.press('ArrowUp');
  await expect(page).toHaveURL(/fy=2022/);
  await expect(year).toBeFocused();
  const branch = page.locator('summary', { hasText: '公共施設の再編・再配置の展開' });
  await tabTo(page, branch);
  await page.keyboard.press('Enter');
  const k07 = page.locator('.tree-kpi a', { hasText: '公共施設の延べ床面積' });
  await tabTo(page, k07);
  await page.keyboard.press('Enter');
  await expect(page.locator('h1')).toHaveText('公共施設の延べ床面積');
  await expect(page.getByTestId('kpi-rate')).toBeVisible();
});

test('keyboard only, staff: edit mode, an actual entered, undone', async ({ page }) => {
  await page.goto('/kpi/staff.html?plan=yuzawa&view=report&fy=2023');
  await tabTo(page, page.getByTestId('edit-toggle'));
  await page.keyboard.press('Enter');
  const input = page.locator('[data-testid=actual-input][data-kpi=k02][data-fy="2023"]');
  await tabTo(page, input);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  const rate = page.locator('tr[data-kpi=k02].figures [data-testid=report-rate]');
  await expect(rate).toHaveText('50%');
  await tabTo(page, page.getByTestId('undo'), 200);
  await page.keyboard.press('Enter');
  await expect(rate).toHaveText('220%');
});
