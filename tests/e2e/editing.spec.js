// Staff drafting offline (the staff app, staff.html): edit, autosave, reload, undo/redo,
// export, import, two tabs. The citizens' app (index.html) never shows drafts.
const { test, expect } = require('./fixtures');
const { kpiOf } = require('./plan-json');
const fs = require('fs');

const REPORT = '/kpi/staff.html?plan=yuzawa&view=report&fy=2023';

/** The report's rows of `kpi`: its figures, and its 取組内容等 below them. */
function row(page, kpi) {
  return page.locator(`tr[data-kpi="${kpi}"]`);
}

async function startEditing(page) {
  await page.goto(REPORT);
  await expect(page.getByTestId('report-table')).toBeVisible();
  await page.getByTestId('edit-toggle').click();
  await expect(page.getByTestId('edit-tools')).toBeVisible();
}

async function enter(page, kpi, fy, text) {
  const input = page.locator(`[data-testid=actual-input][data-kpi=${kpi}][data-fy="${fy}"]`);
  await input.fill(text);
  await input.press('Enter');
  return input;
}

test('edit → the rate follows at once → reload → still there', async ({ page }) => {
  await startEditing(page);
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('220%');
  await enter(page, 'k02', 2023, '１００');
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('50%');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');
  await expect(page.getByTestId('unexported')).toContainText('書き出していない変更が 1 件');
  await expect(page.getByTestId('changes')).toContainText('講座参加者数 令和5年度の実績値: 439 → 100');

  await page.reload();
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('50%');
  await expect(row(page, 'k02').and(page.locator('.figures'))).toContainText('100人');
  // The staff app's KPI page shows the draft; the citizens' app the published figure.
  // The formula box names the value the rate is computed from, the draft's or the published.
  await page.goto('/kpi/staff.html?plan=yuzawa&kpi=k02&fy=2023');
  await expect(page.getByTestId('kpi-rate')).toHaveText('50%');
  await expect(page.locator('.formula-box')).toContainText('実績の扱い: 令和5年度の実績値 100');
  await page.goto('/kpi/?plan=yuzawa&kpi=k02&fy=2023');
  await expect(page.getByTestId('kpi-rate')).toHaveText('220%');
  await expect(page.locator('.formula-box')).toContainText('実績の扱い: 令和5年度の実績値 439');
  await expect(page.getByTestId('edit-toggle')).toHaveCount(0);
  await expect(page.getByTestId('draft-note')).toHaveCount(0);
  // The staff home names the plan that has a draft on this device, and only that one.
  await page.goto('/kpi/staff.html');
  const cards = page.getByTestId('plan-list').locator('li.plan-card');
  await expect(cards.locator('.plan-summary')).toHaveCount(4);
  await expect(page.getByTestId('draft-note')).toHaveCount(1);
  await expect(cards.filter({ hasText: '湯沢市' }).getByTestId('draft-note'))
    .toHaveText('この端末に下書きがあります（変更 1件）');
  // The citizens' home never speaks of drafts.
  await page.goto('/kpi/');
  await expect(page.getByTestId('plan-list').locator('li.plan-card .plan-summary')).toHaveCount(4);
  await expect(page.getByTestId('draft-note')).toHaveCount(0);
});

test('an edit updates the tools in place: the open list of changes stays open, focus stays on undo', async ({ page }) => {
  await startEditing(page);
  await page.getByTestId('changes').locator('summary').click();
  await enter(page, 'k02', 2023, '300');
  await expect(page.getByTestId('changes')).toHaveAttribute('open', '');
  await expect(page.getByTestId('changes').locator('summary')).toHaveText('公表値からの変更: 1件');
  await enter(page, 'k01', 2023, '2');
  await expect(page.getByTestId('changes').locator('summary')).toHaveText('公表値からの変更: 2件');
  await expect(page.getByTestId('changes')).toHaveAttribute('open', '');
  await page.getByTestId('undo').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('changes').locator('summary')).toHaveText('公表値からの変更: 1件');
  await expect(page.getByTestId('undo')).toBeFocused();
});

test('numbers as staff type them are accepted; junk is refused inline and changes nothing', async ({ page }) => {
  await startEditing(page);
  let input = await enter(page, 'k07', 2023, '２７０，０００');
  await expect(input).toHaveValue('270,000');
  await expect(row(page, 'k07').getByTestId('report-rate')).toHaveText('98%');
  input = await enter(page, 'k07', 2023, 'たくさん');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(row(page, 'k07').getByRole('alert')).toContainText('入力「たくさん」を受け付けません');
  await expect(row(page, 'k07').getByTestId('report-rate')).toHaveText('98%');
  input = await enter(page, 'k15', 2023, '▲3');
  await expect(input).toHaveValue('-3');
  await expect(row(page, 'k15').locator('.badge')).toContainText('評価不能');
});

test('undo and redo', async ({ page }) => {
  await startEditing(page);
  await enter(page, 'k13', 2023, '185');
  await expect(row(page, 'k13').getByTestId('report-rate')).toHaveText('50%');
  await page.getByTestId('undo').click();
  await expect(row(page, 'k13').getByTestId('report-rate')).toHaveText('136%');
  await expect(page.getByTestId('undo')).toBeDisabled();
  await page.getByTestId('redo').click();
  await expect(row(page, 'k13').getByTestId('report-rate')).toHaveText('50%');
  await expect(page.getByTestId('redo')).toBeDisabled();
});

test('the draft\'s inputs do not autocomplete: the browser neither offers to fill them nor keeps them with each history entry', async ({ page }) => {
  await startEditing(page);
  // 20 actuals and 20 comments, and the import picker.
  const controls = await page.locator('[data-cell], [data-testid=import-file]').evaluateAll((cs) =>
    cs.map((c) => `${c.getAttribute('autocomplete')} ${c.outerHTML.slice(0, 60)}`));
  expect(controls.length).toBe(41);
  expect(controls.filter((c) => !c.startsWith('off '))).toEqual([]);
});

test('export JSON and CSV, discard, then re-import to the same state', async ({ page }) => {
  await startEditing(page);
  await enter(page, 'k02', 2023, '300');
  const comment = row(page, 'k02').getByTestId('comment-input');
  await comment.fill('講座を3回開催した。');
  await comment.blur();

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(json.suggestedFilename()).toMatch(/^yuzawa-\d{8}\.json$/);
  const exported = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
  const k02 = kpiOf(exported, 'k02').kpi;
  expect(k02.actuals['2023']).toBe(300);
  expect(k02.comments['2023']).toBe('講座を3回開催した。');
  expect(exported.schema_version).toBe(1);
  await expect(page.getByTestId('unexported')).toContainText('すべての変更を書き出し済み');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csvText = fs.readFileSync(await csv.path(), 'utf8');
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  expect(csvText).toContain('指標名');
  expect(csvText).toContain('講座を3回開催した。');

  page.once('dialog', (d) => d.accept());
  await page.getByTestId('discard').click();
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('220%');

  await page.getByTestId('import-file').setInputFiles(await json.path());
  const confirm = page.getByTestId('import-confirm');
  await expect(confirm).toContainText('2 件が変わります');
  await page.getByTestId('import-apply').click();
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('150%');
  await expect(row(page, 'k02').getByTestId('comment-input')).toHaveValue('講座を3回開催した。');
  // Undo steps were recorded against the cells before the import: they start afresh.
  await expect(page.getByTestId('undo')).toBeDisabled();

  // A file that only puts a cell back to its published value leaves no change behind.
  const published = JSON.parse(fs.readFileSync('seeds/yuzawa.json', 'utf8'));
  const path = test.info().outputPath('back.json');
  const back = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
  back.nodes = published.nodes;
  fs.writeFileSync(path, JSON.stringify(back));
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByTestId('import-confirm')).toContainText('2 件が変わります');
  await page.getByTestId('import-apply').click();
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('220%');
  await expect(page.getByTestId('changes').locator('summary')).toHaveText('公表値からの変更: 0件');
  // Nothing is left in the saved draft (an empty draft removes the key).
  await expect.poll(() => page.evaluate(() => localStorage.getItem('kpi-dashboard/draft/yuzawa'))).toBeNull();
});

test('invalid and hostile imports change nothing and say what is wrong', async ({ page }, testInfo) => {
  await startEditing(page);
  await enter(page, 'k02', 2023, '300');
  const files = {
    'not-json.json': 'これはJSONではありません',
    'old-version.json': JSON.stringify({ schema_version: 0, id: 'yuzawa' }),
    'wrong-type.json': fs.readFileSync('seeds/yuzawa.json', 'utf8').replace('"value": 78', '"value": "七十八"'),
  };
  const expected = {
    'not-json.json': 'JSON として読めません',
    'old-version.json': 'スキーマのバージョン 0',
    'wrong-type.json': '$.nodes[0].children[0].kpis[1].baseline.value',
  };
  for (const [name, content] of Object.entries(files)) {
    const path = testInfo.outputPath(name);
    fs.writeFileSync(path, content);
    await page.getByTestId('import-file').setInputFiles(path);
    const error = page.getByTestId('import-error');
    await expect(error).toContainText(`「${name}」は取り込めませんでした。計画は変更していません。`);
    await expect(error).toContainText(expected[name]);
    await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('150%');
  }

  // A new plan whose texts carry markup: kept locally, listed, and shown as inert text.
  const hostile = JSON.parse(fs.readFileSync('seeds/minami-alps.json', 'utf8'));
  hostile.id = 'hostile-city';
  hostile.title = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">計画';
  const path = testInfo.outputPath('hostile.json');
  fs.writeFileSync(path, JSON.stringify(hostile));
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page).toHaveURL(/staff\.html\?plan=hostile-city$/);
  await expect(page.getByRole('status')).toContainText('をこの端末に取り込み、一覧に加えました');
  await expect(page.locator('h1')).toContainText('<script>window.__pwned = 1</script>');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect(page.locator('main img')).toHaveCount(0);
  await page.goto('/kpi/staff.html');
  await expect(page.getByTestId('local-plan-list')).toContainText('<img src=x');

  // The same plan again, from another plan's page: refused, not written over the kept one.
  await startEditing(page);
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByTestId('import-error')).toContainText('その計画のページで取り込んでください');
  await expect(page).toHaveURL(/plan=yuzawa/);
});

test('two pages of one context see each other\'s edits', async ({ page, context }) => {
  await startEditing(page);
  const other = await context.newPage();
  await other.goto(REPORT);
  await expect(row(other, 'k02').getByTestId('report-rate')).toHaveText('220%');
  await enter(page, 'k02', 2023, '100');
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('50%');
  await expect(row(other, 'k02').getByTestId('report-rate')).toHaveText('50%');
  await expect(other.getByRole('status')).toContainText('別のタブで編集された内容を読み込みました');
});

test('the staff home open in one tab follows the drafts saved and undone in another', async ({ page, context }) => {
  await page.goto('/kpi/staff.html');
  const yuzawa = page.getByTestId('plan-list').locator('li.plan-card').filter({ hasText: '湯沢市' });
  await expect(yuzawa.locator('.plan-summary')).toBeVisible();
  await expect(page.getByTestId('draft-note')).toHaveCount(0);
  const other = await context.newPage();
  await startEditing(other);
  await enter(other, 'k02', 2023, '100');
  await expect(other.getByTestId('save-state')).toHaveText('保存済み');
  await expect(yuzawa.getByTestId('draft-note')).toHaveText('この端末に下書きがあります（変更 1件）');
  await enter(other, 'k01', 2023, '2');
  await expect(yuzawa.getByTestId('draft-note')).toHaveText('この端末に下書きがあります（変更 2件）');
  await expect(page.getByTestId('draft-note')).toHaveCount(1);
  // Undone to the published figures, the draft is removed, and so is the note.
  await other.getByTestId('undo').click();
  await other.getByTestId('undo').click();
  await expect(other.getByTestId('save-state')).toHaveText('保存済み');
  await expect(page.getByTestId('draft-note')).toHaveCount(0);
});

/** Type a value into an actual-value input by script (no waiting between two pages). */
function typeNow(page, kpi, text, thenLeave = false) {
  return page.evaluate(([kpi, text, thenLeave]) => {
    const input = document.querySelector(`[data-testid=actual-input][data-kpi=${kpi}][data-fy="2023"]`);
    input.value = text;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    // pagehide saves a pending edit at once (as when the tab is closed).
    if (thenLeave) window.dispatchEvent(new Event('pagehide'));
  }, [kpi, text, thenLeave]);
}

test('another tab saves while this one has an edit not yet saved: both edits are kept', async ({ page, context }) => {
  await startEditing(page);
  const other = await context.newPage();
  // The other tab's clock is held still while both edits are made, so its edit is surely
  // still waiting out its save delay (300 ms) when this tab saves at once.
  const start = Date.now();
  await other.clock.install({ time: start });
  await startEditing(other);
  await other.clock.pauseAt(start + 10 * 60 * 1000);
  await typeNow(other, 'k01', '2');
  await typeNow(page, 'k02', '100', true);
  await expect(other.getByRole('status')).toContainText('まだ保存していなかった 1 件の入力はその上に残しました');
  await other.clock.resume();
  await expect(row(other, 'k02').getByTestId('report-rate')).toHaveText('50%');
  await expect(other.locator('[data-testid=actual-input][data-kpi=k01][data-fy="2023"]')).toHaveValue('2');
  await expect(other.getByTestId('save-state')).toHaveText('保存済み');
  // This tab follows the other's combined save.
  await expect(page.locator('[data-testid=actual-input][data-kpi=k01][data-fy="2023"]')).toHaveValue('2');
  const saved = await page.evaluate(() => localStorage.getItem('kpi-dashboard/draft/yuzawa'));
  expect(saved).toContain('"k01"');
  expect(saved).toContain('"k02"');
});

test('another tab opens a newer revision of the plan: this tab stops saving, its draft kept aside', async ({ page, context }) => {
  await startEditing(page);
  await enter(page, 'k02', 2023, '100');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');
  const key = 'kpi-dashboard/draft/yuzawa';
  const ours = await page.evaluate((key) => localStorage.getItem(key), key);
  const newer = JSON.parse(ours);
  newer.revision += 1;
  newer.changes = [];
  const other = await context.newPage();
  await other.goto('/kpi/');
  await other.evaluate(([key, text]) => localStorage.setItem(key, text), [key, JSON.stringify(newer)]);

  const notice = page.locator('.notice.serious[role=alert]');
  await expect(notice).toContainText('別のタブで新しい版の計画が開かれました');
  await expect(notice).toContainText('ページを再読み込みしてください');
  await expect(page.getByTestId('save-state')).toContainText('保存しません');
  // Edits go on in this page, but never over the newer draft.
  await enter(page, 'k01', 2023, '5');
  await page.waitForTimeout(600);
  expect(await page.evaluate((key) => localStorage.getItem(key), key)).toBe(JSON.stringify(newer));
  const aside = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('kpi-dashboard/aside/draft/yuzawa/')).map((k) => localStorage.getItem(k)));
  expect(aside).toEqual([ours]);
});

test('disabled storage: a banner, editing goes on in memory, export offered', async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const page = await context.newPage();
  await startEditing(page);
  await expect(page.getByTestId('save-state')).toContainText('保存できません');
  await enter(page, 'k02', 2023, '100');
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('50%');
  await expect(page.getByTestId('save-state')).toContainText('JSONで書き出して');
  await context.close();
});

test('a progress status is chosen from the list, kept over a reload, and undone', async ({ page }) => {
  await page.goto('/kpi/staff.html?plan=annaka&node=i01');
  await page.getByTestId('edit-toggle').click();
  const select = page.locator('[data-testid=progress-select][data-fy="2023"]');
  await expect(select).toHaveValue('実施');
  await select.selectOption('完了');
  await expect(page.getByTestId('changes').locator('summary')).toHaveText('公表値からの変更: 1件');
  await expect(page.getByTestId('changes')).toContainText('令和5年度');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');

  await page.reload();
  await page.getByTestId('edit-toggle').click();
  await expect(select).toHaveValue('完了');
  // Read-only, the table shows the draft's status as text.
  await page.getByTestId('edit-toggle').click();
  await expect(page.locator('table.schedule tr', { hasText: '令和5年度' })).toContainText('完了');
  await page.getByTestId('edit-toggle').click();
  await select.selectOption('検討');
  await page.getByTestId('undo').click();
  await expect(select).toHaveValue('完了');
});

test('KPI page in edit mode: typing moves the rate, the focus stays in the table, a refusal clears when fixed', async ({ page }) => {
  await page.goto('/kpi/staff.html?plan=yuzawa&kpi=k07&fy=2023');
  await page.getByTestId('edit-toggle').click();
  await expect(page.getByTestId('kpi-rate')).toHaveText('93%');
  const input = page.locator('[data-testid=actual-input][data-fy="2023"]');
  await input.fill('２７０，０００');
  await input.press('Tab');
  await expect(page.getByTestId('kpi-rate')).toHaveText('98%');
  await expect(input).toHaveValue('270,000');
  // Tab went on to the comment of the same year: the edit did not re-create the inputs.
  await expect(page.locator('[data-testid=comment-input]').nth(2)).toBeFocused();

  await input.fill('たくさん');
  await input.press('Enter');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toContainText('入力「たくさん」を受け付けません');
  await expect(page.getByTestId('kpi-rate')).toHaveText('98%');
  await input.fill('264000');
  await input.press('Enter');
  await expect(input).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('kpi-rate')).toHaveText('100.0%');
});

test('another tab still on an older revision saves: its draft is moved to this revision, what cannot move is kept aside', async ({ page, context }) => {
  await startEditing(page);
  await enter(page, 'k02', 2023, '100');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');
  const key = 'kpi-dashboard/draft/yuzawa';
  const ours = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), key));
  // The other tab opened the plan before its current revision: its draft says the one
  // before, holds another figure for k02 and a cell of a KPI this revision no longer has.
  const older = JSON.parse(JSON.stringify(ours));
  older.revision = ours.revision - 1;
  const k02 = older.changes[0];
  expect(k02.kpi).toBe('k02');
  k02.value = 300;
  older.changes.push({ ...k02, kpi: 'k999' });
  const text = JSON.stringify(older);
  const other = await context.newPage();
  await other.goto('/kpi/');
  await other.evaluate(([key, text]) => localStorage.setItem(key, text), [key, text]);

  const notice = page.locator('.notice.serious[role=alert]');
  await expect(notice).toContainText('別のタブで編集された内容を読み込みました');
  await expect(notice).toContainText(`古い版（版 ${older.revision}）の計画を開いているため、この版に移しました`);
  await expect(notice).toContainText('新しい版にない 1 件の入力は移せなかったため');
  // The cell that moved shows; the older draft is kept aside exactly as it was written.
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('150%');
  const aside = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('kpi-dashboard/aside/draft/yuzawa/')).map((k) => localStorage.getItem(k)));
  expect(aside).toEqual([text]);
  // The combined draft is saved at this revision, without the cell that could not move.
  await expect.poll(async () => JSON.parse(await page.evaluate((key) => localStorage.getItem(key), key)).revision).toBe(ours.revision);
  const saved = await page.evaluate((key) => localStorage.getItem(key), key);
  expect(saved).toContain('"k02"');
  expect(saved).not.toContain('k999');
});

// Yuzawa with 230 copies of k02 added to its node: 250 KPIs, past the report's first page of 200.
async function routeLongYuzawa(page) {
  const plan = await (await page.request.get('/kpi/seeds/yuzawa.json')).json();
  const { node, kpi: k02 } = kpiOf(plan, 'k02');
  for (let i = 1; i <= 230; i++) {
    node.kpis.push({ ...k02, id: `copy${i}`, number: undefined, name: `${k02.name}（写し${i}）` });
  }
  await page.route('**/seeds/yuzawa.json', (route) => route.fulfill({ json: plan }));
}

test('a long report: past the first page it stays readable and editable, and prints every row', async ({ page }) => {
  await routeLongYuzawa(page);
  await startEditing(page);
  const table = page.getByTestId('report-table');
  await expect(table.locator('tbody tr.figures')).toHaveCount(200);
  await expect(table).toHaveClass('report');
  await page.getByRole('button', { name: 'さらに表示（残り50件）' }).click();
  await expect(table.locator('tbody tr.figures')).toHaveCount(250);
  // Cells far from the screen are skipped by the browser until they come near it.
  await expect(table).toHaveClass('report long with-inputs');
  const last = row(page, 'copy230').and(page.locator('.figures'));
  const contentVisibility = () => last.locator('td').first().evaluate((td) => getComputedStyle(td).contentVisibility);
  expect(await contentVisibility()).toBe('auto');

  await last.scrollIntoViewIfNeeded();
  await expect(last.locator('th')).toBeVisible();
  await expect(last.locator('th')).toContainText('（写し230）');
  await enter(page, 'copy230', 2023, '100');
  await expect(last.getByTestId('report-rate')).toHaveText('50%');
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('220%');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');

  // Printed, every cell is laid out.
  await page.emulateMedia({ media: 'print' });
  expect(await contentVisibility()).toBe('visible');
  await page.emulateMedia({ media: 'screen' });
  expect(await contentVisibility()).toBe('auto');
});
