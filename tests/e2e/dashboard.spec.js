// The citizen dashboard, visited by its public links as a citizen would, at desktop and
// phone width. Screenshots go to test-results/ for a person to look at.
const { test, expect } = require('./fixtures');

const PLANS = {
  yuzawa: { title: '湯沢市経営戦略', node: 't4', kpi: 'k07', fy: 2023 },
  annaka: { title: '第3次安中市行政改革大綱', node: 'i01', kpi: 'k01', fy: 2024 },
  higashine: { title: '東根市', node: 's01', kpi: 'k01', fy: 2026 },
  'minami-alps': { title: '南アルプス市', node: 'm01', kpi: 'k30', fy: 2026 },
};

const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 740 } };

async function expectNoPageScroll(page) {
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the page itself never scrolls sideways').toBeLessThanOrEqual(0);
}

for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
  test.describe(`${vpName} ${viewport.width}px`, () => {
    test.use({ viewport });

    for (const [id, p] of Object.entries(PLANS)) {
      test(`${id}: overview, node, KPI and report by public link`, async ({ page }) => {
        await page.goto(`/kpi/?plan=${id}`);
        await expect(page.locator('h1')).toContainText(p.title);
        await expect(page.getByRole('heading', { name: '全体の状況' })).toBeVisible();
        await expect(page.locator('.tree-root > li').first()).toBeVisible();
        await expectNoPageScroll(page);
        await page.screenshot({ path: `test-results/${id}-overview-${vpName}.png`, fullPage: true });

        await page.goto(`/kpi/?plan=${id}&node=${p.node}`);
        await expect(page.locator('h1')).not.toBeEmpty();
        await expect(page.locator('.crumbs')).toContainText(p.title.slice(0, 3));
        await expectNoPageScroll(page);
        await page.screenshot({ path: `test-results/${id}-node-${vpName}.png`, fullPage: true });

        await page.goto(`/kpi/?plan=${id}&kpi=${p.kpi}`);
        await expect(page.getByTestId('kpi-rate')).toBeVisible();
        await expect(page.locator('table.values tbody tr')).not.toHaveCount(0);
        await expectNoPageScroll(page);
        await page.screenshot({ path: `test-results/${id}-kpi-${vpName}.png`, fullPage: true });

        await page.goto(`/kpi/?plan=${id}&view=report&fy=${p.fy}`);
        await expect(page.getByTestId('report-table')).toBeVisible();
        await expect(page.getByTestId('report-table').locator('tbody tr')).not.toHaveCount(0);
        await expectNoPageScroll(page);
        await page.screenshot({ path: `test-results/${id}-report-${vpName}.png`, fullPage: true });
      });
    }
  });
}

test('Yuzawa ⑦: the rate, its formula and the chart with its text equivalent', async ({ page }) => {
  await page.goto('/kpi/?plan=yuzawa&kpi=k07&fy=2023');
  await expect(page.locator('h1')).toHaveText('公共施設の延べ床面積');
  await expect(page.getByTestId('kpi-rate')).toHaveText('93%');
  await expect(page.getByTestId('kpi-formula')).toHaveText('目標 264,000 ÷ 実績 283,179 × 100 = 93%');
  const chart = page.getByTestId('kpi-chart');
  await expect(chart.locator('svg')).toBeVisible();
  await expect(chart.locator('[role=img]')).toHaveAttribute('aria-label', /実績値 R3 296,121m²、R4 285,615m²、R5 283,179m²/);
  await expect(page.getByTestId('chart-text')).toContainText('目標値 264,000m²（R8）');
});

test('a plan opens at the latest year with data: 安中市, which has no actuals yet, at the last year of its schedule', async ({ page }) => {
  await page.goto('/kpi/?plan=annaka');
  await expect(page.getByLabel('基準年度')).toHaveValue('2024');
  await expect(page.locator('.rollup-text').first()).toContainText('実施状況で評価 2件');
  await page.goto('/kpi/?plan=yuzawa');
  await expect(page.getByLabel('基準年度')).toHaveValue('2023');
});

// The progress report reads at every width: no column cut off or scrolled away, a comment
// readable where it is, a node's long title once over its KPIs, not down every row.
for (const [name, width] of [['desktop', 1280], ['tablet', 768], ['phone', 360]]) {
  test(`Yuzawa report reads at ${name} width (${width} px) without sideways scrolling`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/kpi/?plan=yuzawa&view=report&fy=2023');
    const table = page.getByTestId('report-table');
    await expect(table.locator('tr[data-kpi=k02].figures')).toBeVisible();
    const box = await page.evaluate(() => {
      const scroller = document.querySelector('.table-scroll');
      return { scroll: scroller.scrollWidth, client: scroller.clientWidth, page: document.scrollingElement.scrollWidth };
    });
    expect(box.scroll, 'the table fits its box: no column is scrolled out of sight').toBeLessThanOrEqual(box.client);
    expect(box.page).toBeLessThanOrEqual(width);
    // 評価 and the comment of ② are on screen, within the window's width.
    const grade = table.locator('tr[data-kpi=k02].figures td[data-label="評価"]');
    await expect(grade).toContainText('達成');
    const comment = table.locator('tr[data-kpi=k02].comment-row td');
    await expect(comment).toContainText('出前講座（受講者数373人）');
    for (const cell of [grade, comment]) {
      const b = await cell.boundingBox();
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(width);
    }
    // A row is as tall as its figures, not as its comment.
    if (width > 1024) {
      const row = await table.locator('tr[data-kpi=k02].figures').boundingBox();
      expect(row.height).toBeLessThan(120);
    }
    // ⑨ has no comment for 令和5年度: no empty row under it.
    await expect(table.locator('tr[data-kpi=k09].comment-row td')).toBeHidden();
    // The theme's name heads its KPIs once.
    await expect(table.locator('tr.group')).toHaveCount(12);
    await expect(table.getByText('地域経営の仕組みづくり')).toHaveCount(1);
    await page.screenshot({ path: `test-results/yuzawa-report-layout-${name}.png`, fullPage: true });
    // At the plan's last year, with six years of actuals' columns, it still fits.
    await page.goto('/kpi/?plan=yuzawa&view=report&fy=2026');
    await expect(table.locator('thead')).toContainText('実績値 R8');
    const wide = await page.evaluate(() => {
      const scroller = document.querySelector('.table-scroll');
      return scroller.scrollWidth - scroller.clientWidth;
    });
    expect(wide).toBeLessThanOrEqual(0);
  });
}

test('Yuzawa report for 令和5年度 shows the city figures', async ({ page }) => {
  await page.goto('/kpi/?plan=yuzawa&view=report&fy=2023');
  const table = page.getByTestId('report-table');
  await expect(table.locator('caption')).toContainText('令和5年度（2023年度）');
  const row = table.locator('tr', { hasText: '地域課題の解決に向けた講座参加者数' });
  await expect(row).toContainText('439');
  await expect(row).toContainText('220%');
  await expect(table.locator('tr', { hasText: '簡易水道・下水道事業' })).toContainText('100.2%');
});

test('links navigate in-app; back and forward work', async ({ page }) => {
  await page.goto('/kpi/');
  await page.getByRole('link', { name: '湯沢市経営戦略' }).click();
  await expect(page).toHaveURL(/\?plan=yuzawa$/);
  await expect(page.locator('h1')).toContainText('湯沢市経営戦略');
  // The tree opens the top level; a theme opens on a click and renders its KPIs then.
  await expect(page.locator('.tree-kpi', { hasText: '公共施設の延べ床面積' })).toHaveCount(0);
  await page.locator('summary', { hasText: '公共施設の再編・再配置の展開' }).click();
  await page.locator('.tree-kpi a', { hasText: '公共施設の延べ床面積' }).click();
  await expect(page).toHaveURL(/\?plan=yuzawa&kpi=k07$/);
  await expect(page.locator('h1')).toHaveText('公共施設の延べ床面積');
  await page.goBack();
  await expect(page.locator('h1')).toContainText('湯沢市経営戦略');
  await page.goForward();
  await expect(page.locator('h1')).toHaveText('公共施設の延べ床面積');
});

test('a KPI page leads back through every level above it', async ({ page }) => {
  // Annaka ① 情報提供手段の拡大 is an 取組 under 項目 (1) under 分野 1.
  await page.goto('/kpi/?plan=annaka&kpi=k01');
  const crumbs = page.locator('.crumbs li');
  await expect(crumbs).toHaveText([
    '第3次安中市行政改革大綱 実施計画',
    '1 市民ニーズの把握と「総働」',
    '(1) 市民にとってわかりやすい形での情報の提供',
    '① 情報提供手段の拡大',
  ]);
  await crumbs.nth(1).getByRole('link').click();
  await expect(page).toHaveURL(/\?plan=annaka&node=f1$/);
  await expect(page.locator('h1')).toHaveText('市民ニーズの把握と「総働」');
  await expect(page.locator('.crumbs li')).toHaveText(['第3次安中市行政改革大綱 実施計画']);
});

test('a new 基準年度 updates the rates and keeps the branches the reader opened', async ({ page }) => {
  await page.goto('/kpi/?plan=yuzawa&fy=2023');
  await page.locator('summary', { hasText: '公共施設の再編・再配置の展開' }).click();
  const k07 = page.locator('.tree-kpi', { hasText: '公共施設の延べ床面積' });
  await expect(k07.locator('.rate')).toHaveText('93%');
  await page.getByTestId('fy-select').selectOption('2022');
  await expect(page).toHaveURL(/fy=2022/);
  // 目標 264,000 ÷ 実績 285,615 (R4) = 92%.
  await expect(k07.locator('.rate')).toHaveText('92%');
  await page.goBack();
  await expect(k07.locator('.rate')).toHaveText('93%');
  await expect(page.getByTestId('fy-select')).toHaveValue('2023');
});

test('an unknown id gets a friendly page with a way back', async ({ page }) => {
  for (const link of ['?plan=nowhere', '?plan=yuzawa&kpi=k999', '?plan=yuzawa&node=zz']) {
    await page.goto(`/kpi/${link}`);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('ページが見つかりません');
    await expect(alert.getByRole('link')).toBeVisible();
  }
});

test('search matches full- and half-width text and filters by band', async ({ page }) => {
  await page.goto('/kpi/?plan=yuzawa&fy=2023');
  await page.getByTestId('finder-text').fill('ＳＮＳ');
  await expect(page.getByTestId('finder-count')).toHaveText('該当する指標: 1件');
  await expect(page.locator('.finder-results')).toContainText('市公式SNS');
  await page.getByTestId('finder-text').fill('');
  await page.getByTestId('finder-band').selectOption({ label: '◎ 達成' });
  await expect(page.getByTestId('finder-count')).toHaveText('該当する指標: 6件');
});

test('a plan in its first year: its KPIs await their actuals, not 評価不能', async ({ page }) => {
  await page.goto('/kpi/?plan=higashine');
  const rollup = page.locator('.rollup-text').first();
  await expect(rollup).toHaveText('KPI 17件: 達成 0件、概ね達成 0件、未達成 0件、評価不能 0件、実績待ち 17件');
  await page.getByTestId('finder-band').selectOption({ label: '実績待ち' });
  await expect(page.getByTestId('finder-count')).toHaveText('該当する指標: 17件');
  await expect(page.locator('.finder-results .badge').first()).toHaveText('…実績待ち');
  await page.getByTestId('finder-band').selectOption({ label: '評価不能・実施状況' });
  await expect(page.getByTestId('finder-count')).toHaveText('該当する指標: 0件');

  await page.goto('/kpi/?plan=higashine&kpi=k01');
  await expect(page.getByTestId('kpi-rate')).toHaveText('—');
  await expect(page.locator('.result-block').first()).toContainText('理由: 令和8年度までの実績値がまだありません');
  await expect(page.locator('.result-block .badge').first()).toHaveText('…実績待ち');
});

test('keyboard: skip link first, then links with a visible focus ring', async ({ page }) => {
  await page.goto('/kpi/?plan=yuzawa');
  await expect(page.locator('h1')).toContainText('湯沢市経営戦略');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('本文へ移動');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('行政改革 進捗ダッシュボード');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  expect(outline).toBe('solid');
});

test('the citizens\' app has no editing; its footer leads to the staff app at the same link', async ({ page }) => {
  await page.goto('/kpi/?plan=yuzawa&view=report&fy=2023');
  await expect(page.getByTestId('report-table')).toBeVisible();
  await expect(page.getByTestId('edit-toggle')).toHaveCount(0);
  await page.getByTestId('staff-link').click();
  await expect(page).toHaveURL(/\/kpi\/staff\.html\?plan=yuzawa&view=report&fy=2023$/);
  await expect(page.getByTestId('edit-toggle')).toBeVisible();
  await page.getByTestId('citizen-link').click();
  await expect(page).toHaveURL(/\/kpi\/\?plan=yuzawa&view=report&fy=2023$/);
});

// Uses Playwright's own `test`: the failed request here is the point, not a fault.
const plain = require('@playwright/test');
plain.test('a plan that cannot be downloaded says so, not "page not found"', async ({ page }) => {
  await page.route('**/seeds/yuzawa.json', (route) => route.abort('internetdisconnected'));
  await page.goto('/kpi/?plan=yuzawa');
  const alert = page.getByRole('alert');
  await plain.expect(alert).toContainText('seeds/yuzawa.json を読み込めませんでした');
  await plain.expect(alert).not.toContainText('ページが見つかりません');
  await plain.expect(alert.getByRole('link', { name: '計画の一覧へ戻る' })).toBeVisible();
});

// A city that saves its plan file in Shift_JIS (as Excel and older editors do) is told so,
// with the line; it used to be told "JSON として読めません … invalid escape".
test('a plan file that is not UTF-8 is refused with the line where it stops being so', async ({ page }) => {
  const text = (await (await page.request.get('/kpi/seeds/yuzawa.json')).body()).toString('utf8');
  const at = text.indexOf('湯沢市経営戦略');
  const line = text.slice(0, at).split('\n').length;
  // 湯沢 in Shift_JIS where the title begins, then 表 (its second byte is a backslash).
  const sjis = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0x93, 0x92, 0x91, 0xf2, 0x95, 0x5c]), Buffer.from(text.slice(at + 2))]);
  await page.route('**/seeds/yuzawa.json', (route) => route.fulfill({ body: sjis, contentType: 'application/json' }));
  await page.goto('/kpi/?plan=yuzawa');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`文字コードが UTF-8 ではありません（${line}行目に読めない文字があります）。UTF-8 で保存し直してください`);
  await expect(alert).not.toContainText('JSON として読めません');
  await expect(alert.getByRole('link', { name: '計画の一覧へ戻る' })).toBeVisible();
});

test('a plan file with a byte order mark opens as without one', async ({ page }) => {
  const utf8 = await (await page.request.get('/kpi/seeds/yuzawa.json')).body();
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
  await page.route('**/seeds/yuzawa.json', (route) => route.fulfill({ body: bom, contentType: 'application/json' }));
  await page.goto('/kpi/?plan=yuzawa&kpi=k02&fy=2023');
  await expect(page.getByTestId('kpi-rate')).toHaveText('220%');
  await expect(page.locator('h1')).toContainText('講座参加者数');
});
