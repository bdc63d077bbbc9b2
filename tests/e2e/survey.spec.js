// The survey round (survey.html, reached from the staff app's edit tools): the year's survey
// workbook (進捗調査票) downloaded, filled the way a department fills it (ExcelJS standing in
// for Excel: full-width digits typed as text, rows reordered, a CSV saved as Shift_JIS),
// dropped back, confirmed, and the rates change in the staff app; two returns that disagree,
// a cell that cannot be read and a file that is not a workbook are shown for what they are,
// and nothing changes until staff confirm.
const { test, expect } = require('./fixtures');
const { violations } = require('./axe');
const ExcelJS = require('exceljs');
const iconv = require('iconv-lite');
const fs = require('fs');
const path = require('path');

const REPORT = '/kpi/staff.html?plan=yuzawa&view=report&fy=2023';
const SURVEY = '/kpi/survey.html?plan=yuzawa&fy=2023';
const ID_HEADER = 'ID（変更しないでください）';
const ACTUAL_HEADER = 'R5年度 実績値【記入】';
const COMMENT_HEADER = 'R5年度 取組内容【記入】';

function row(page, kpi) {
  return page.locator(`tr[data-kpi="${kpi}"]`);
}

async function openSurvey(page) {
  await page.goto(SURVEY);
  await expect(page.getByTestId('survey-round')).toBeVisible();
}

/** The rate the staff app's progress report shows for `kpi`, in a page of its own. */
async function reportRate(context, kpi) {
  const report = await context.newPage();
  await report.goto(REPORT);
  const rate = await row(report, kpi).getByTestId('report-rate').textContent();
  await report.close();
  return rate;
}

/** Click `button` and return the workbook it downloads, loaded, with its file name. */
async function downloadWorkbook(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  return { book, name: download.suggestedFilename() };
}

/** The header row's number and each header's column, found as a department would see them. */
function layout(sheet) {
  for (let r = 1; r <= 10; r++) {
    const columns = {};
    sheet.getRow(r).eachCell((cell, c) => { columns[String(cell.value)] = c; });
    if (columns[ID_HEADER]) return { headerRow: r, columns };
  }
  throw new Error(`no header row in ${sheet.name}`);
}

/** The row of `id` in `sheet`. */
function rowOf(sheet, id) {
  const { headerRow, columns } = layout(sheet);
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    if (sheet.getRow(r).getCell(columns[ID_HEADER]).value === id) return sheet.getRow(r);
  }
  throw new Error(`${id} is not in ${sheet.name}`);
}

/** Type into the year's cells of `id`, as text (what Excel keeps when full-width digits are typed). */
function fill(sheet, id, { actual, comment }) {
  const { columns } = layout(sheet);
  const r = rowOf(sheet, id);
  if (actual !== undefined) r.getCell(columns[ACTUAL_HEADER]).value = actual;
  if (comment !== undefined) r.getCell(columns[COMMENT_HEADER]).value = comment;
}

/** Swap two rows' values (the respondent sorted the rows their own way). */
function swapRows(sheet, a, b) {
  const ra = rowOf(sheet, a);
  const rb = rowOf(sheet, b);
  const va = ra.values;
  ra.values = rb.values;
  rb.values = va;
}

/** Where a test writes its files (Playwright names the folder, but makes it only on demand). */
function outputFile(testInfo, name) {
  fs.mkdirSync(testInfo.outputDir, { recursive: true });
  return path.join(testInfo.outputDir, name);
}

async function save(book, testInfo, name) {
  const file = outputFile(testInfo, name);
  await book.xlsx.writeFile(file);
  return file;
}

test('from the staff app to the survey: download, fill as a department does, drop back, confirm; the staff app follows', async ({ page, context }, testInfo) => {
  // The staff app, open in another tab on the report, as the reform office works.
  const staff = await context.newPage();
  await staff.goto(REPORT);
  await expect(row(staff, 'k02').getByTestId('report-rate')).toHaveText('220%');
  await staff.getByTestId('edit-toggle').click();
  await expect(staff.getByTestId('survey-link')).toHaveAttribute('href', 'survey.html?plan=yuzawa&fy=2023');
  await page.goto(`/kpi/${await staff.getByTestId('survey-link').getAttribute('href')}`);
  await expect(page.locator('h1')).toHaveText('進捗調査票: 湯沢市経営戦略');
  const { book, name } = await downloadWorkbook(page, page.getByTestId('survey-all'));
  expect(name).toBe('yuzawa_2023_進捗調査票.xlsx');
  const sheet = book.getWorksheet('まちづくり協働課');
  expect(sheet, 'a sheet per department').toBeTruthy();
  // What a respondent needs is there: the KPI's name and its earlier actual.
  const k02 = rowOf(sheet, 'k02');
  expect(k02.values.join(' ')).toContain('地域課題の解決に向けた講座参加者数');
  fill(sheet, 'k02', { actual: '１００', comment: '講座を３回開催した' });
  swapRows(sheet, 'k01', 'k02');
  // An item's row: what was done that year (取組内容).
  fill(book.getWorksheet('生涯学習課'), 'a3-1', { comment: '人材バンクの登録者を募集した' });
  const file = await save(book, testInfo, name);

  await page.getByTestId('returns-file').setInputFiles(file);
  const confirm = page.getByTestId('returns-confirm');
  await expect(confirm.getByTestId('returns-group').first()).toContainText('yuzawa_2023_進捗調査票.xlsx「まちづくり協働課」');
  await expect(confirm).toContainText('講座参加者数 令和5年度の実績値: 439 → 100');
  await expect(confirm).toContainText(/令和5年度の取組内容等: 「市政に対する.*」 → 「講座を３回開催した」/);
  // Nothing changes before the confirmation.
  expect(await reportRate(context, 'k02')).toBe('220%');
  await confirm.getByTestId('returns-apply').click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('調査票の回答から 3 件を取り込みました。');
  // The staff tab follows the draft; the survey page's link leads to the same report.
  await expect(row(staff, 'k02').getByTestId('report-rate')).toHaveText('50%');
  await page.getByTestId('survey-back').click();
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('50%');
  await page.getByTestId('edit-toggle').click();
  await expect(page.getByTestId('changes').locator('summary')).toHaveText('公表値からの変更: 3件');
  // The item's page shows the year's 取組内容 (in the citizens' app only once published).
  await page.goto('/kpi/staff.html?plan=yuzawa&node=a3-1&fy=2023');
  await expect(page.locator('table.schedule')).toContainText('人材バンクの登録者を募集した');
});

test('two departments disagree, one cell cannot be read: the conflict is staff\'s to settle, the rest still comes in', async ({ page, context }, testInfo) => {
  const k03Before = await reportRate(context, 'k03');
  await openSurvey(page);
  await page.getByTestId('survey-round').locator('details.departments summary').click();
  const item = (department) => page.getByTestId('survey-round').locator('li', { hasText: department }).getByTestId('survey-department');
  const town = await downloadWorkbook(page, item('まちづくり協働課'));
  expect(town.name).toBe('yuzawa_2023_まちづくり協働課.xlsx');
  const learning = await downloadWorkbook(page, item('生涯学習課'));
  fill(town.book.worksheets[0], 'k02', { actual: 460 });
  fill(learning.book.worksheets[0], 'k02', { actual: 450 });
  fill(learning.book.worksheets[0], 'k03', { actual: 'たくさん' });
  const files = [
    await save(town.book, testInfo, town.name),
    await save(learning.book, testInfo, learning.name),
  ];
  await page.getByTestId('returns-file').setInputFiles(files);
  const confirm = page.getByTestId('returns-confirm');
  await expect(confirm.getByTestId('returns-counts')).toContainText('変更 0件、食い違い 1件');
  const problems = confirm.getByTestId('returns-problems');
  await expect(problems).toContainText('yuzawa_2023_生涯学習課.xlsx「生涯学習課」');
  await expect(problems).toContainText(/[A-Z]+\d+（\d+行目 [A-Z]+列）/);
  // A reload of the tab keeps the returns awaiting confirmation, problems and conflict too.
  await page.reload();
  await expect(confirm.getByTestId('returns-counts')).toContainText('変更 0件、食い違い 1件');
  await expect(problems).toContainText('yuzawa_2023_生涯学習課.xlsx「生涯学習課」');
  const conflict = confirm.getByTestId('returns-conflict');
  await expect(conflict).toContainText('変えない（いまの値: 439）');
  // The review, with its problems and its conflict, meets WCAG 2.1 A/AA (axe-core).
  expect(await violations(page)).toEqual([]);
  await conflict.getByLabel(/^460（/).check();
  await confirm.getByTestId('returns-apply').click();
  await expect(page.getByRole('status')).toContainText('調査票の回答から 1 件を取り込みました。');
  // Taken in, they are no longer kept for a reload.
  await page.reload();
  await expect(page.getByTestId('survey-round')).toBeVisible();
  await expect(confirm).toHaveCount(0);
  // 460 against the year's target of 200 (439 was 220%); k03's unreadable cell changed nothing.
  expect(await reportRate(context, 'k02')).toBe('230%');
  expect(await reportRate(context, 'k03')).toBe(k03Before);
});

test('a CSV saved by Japanese Excel (Shift_JIS) comes in; a file that is not a workbook is refused and changes nothing', async ({ page, context }, testInfo) => {
  const k07Before = await reportRate(context, 'k07');
  await openSurvey(page);
  const { book } = await downloadWorkbook(page, page.getByTestId('survey-all'));
  const sheet = book.getWorksheet('企画課');
  fill(sheet, 'k07', { actual: '２７０，０００' });
  // Only that sheet, as CSV, in Shift_JIS with CRLF (as Excel's 「CSV（コンマ区切り）」 saves it).
  for (const other of book.worksheets.filter((s) => s.name !== '企画課')) book.removeWorksheet(other.id);
  const csv = (await book.csv.writeBuffer()).toString('utf8').replace(/\r?\n/g, '\r\n');
  const csvFile = outputFile(testInfo, '企画課.csv');
  fs.writeFileSync(csvFile, iconv.encode(csv, 'Shift_JIS'));
  const notBook = outputFile(testInfo, '回答.xlsx');
  fs.writeFileSync(notBook, 'これは Excel のファイルではありません');

  await page.getByTestId('returns-file').setInputFiles([notBook]);
  const confirm = page.getByTestId('returns-confirm');
  await expect(confirm.getByTestId('returns-problems')).toContainText('回答.xlsx: Excel のブック（.xlsx）として読めません');
  await expect(confirm.getByTestId('returns-apply')).toBeDisabled();
  await confirm.getByTestId('returns-cancel').click();
  await expect(confirm).toHaveCount(0);
  expect(await reportRate(context, 'k07')).toBe(k07Before);

  await page.getByTestId('returns-file').setInputFiles([csvFile]);
  await expect(confirm).toContainText('令和5年度の実績値: 283,179 → 270,000');
  await confirm.getByTestId('returns-apply').click();
  await expect(confirm).toHaveCount(0);
  expect(await reportRate(context, 'k07')).toBe('98%');
});

test('without a plan in its link the survey page lists the plans; offline after a first visit it still makes a survey, with no CSP violation', async ({ page, context }) => {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  });
  await page.goto('/kpi/survey.html');
  const plans = page.getByTestId('survey-plans').locator('a');
  await expect(plans).toHaveCount(4);
  await plans.filter({ hasText: '湯沢市' }).click();
  await expect(page).toHaveURL(/\/kpi\/survey\.html\?plan=yuzawa$/);
  await expect(page.getByTestId('survey-round')).toBeVisible();
  // The service worker keeps the staff pages and the worker; then the network goes.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.goto(SURVEY);
  const { name, book } = await downloadWorkbook(page, page.getByTestId('survey-all'));
  expect(name).toBe('yuzawa_2023_進捗調査票.xlsx');
  expect(book.worksheets.length).toBe(15);
  await context.setOffline(false);
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
});

test.describe(() => {
  test.use({ failingOnPurpose: [/\/sheets_worker\.js$/] });
  test('when the worker\'s files cannot be loaded, the survey page says so instead of waiting', async ({ page }) => {
    await page.route('**/sheets_worker.js', (route) => route.abort('internetdisconnected'));
    await openSurvey(page);
    await page.getByTestId('survey-all').click();
    const failed = page.getByTestId('sheets-failed');
    await expect(failed).toContainText('表計算の処理を始められませんでした。');
    await expect(failed).toContainText('一度ネットワークにつながった状態でこのページを開くと');
  });
});

test('a plan written to the template, edited in Excel and read back, is a new plan in this browser; a broken one names sheet, row and column', async ({ page }, testInfo) => {
  await openSurvey(page);
  const { book, name } = await downloadWorkbook(page, page.getByTestId('template-export'));
  expect(name).toBe('yuzawa_計画テンプレート.xlsx');
  // The city's copy: a new id and title.
  const facts = book.getWorksheet('計画');
  facts.eachRow((r) => {
    if (r.getCell(1).value === '計画ID') r.getCell(2).value = 'yuzawa-copy';
    if (r.getCell(1).value === '計画名') r.getCell(2).value = '湯沢市経営戦略（写し）';
  });
  const good = await save(book, testInfo, '写し.xlsx');
  // A broken one: a direction that is not one of the list.
  book.getWorksheet('指標').getRow(2).getCell(13).value = '上がる';
  const broken = await save(book, testInfo, '壊れた.xlsx');

  await page.goto('/kpi/survey.html');
  await page.getByTestId('template-file').setInputFiles(broken);
  const problems = page.getByTestId('template-problems');
  await expect(problems).toContainText('「壊れた.xlsx」は取り込めませんでした。何も変えていません。');
  await expect(problems).toContainText('「指標」 M2（2行目 M列）: 「上がる」は選べる値ではありません（増加／減少／維持）。');
  await expect(page.getByTestId('survey-plans').locator('a')).toHaveCount(4);

  await page.getByTestId('template-file').setInputFiles(good);
  await expect(page.getByTestId('template-added')).toContainText('計画「湯沢市経営戦略（写し）」をこの端末に取り込みました。');
  await expect(page.getByTestId('survey-plans').locator('a')).toHaveCount(5);
  await page.getByTestId('template-added').getByRole('link').click();
  await expect(page).toHaveURL(/\/kpi\/staff\.html\?plan=yuzawa-copy$/);
  await expect(page.locator('h1')).toHaveText('湯沢市経営戦略（写し）（素案）');
  await page.goto('/kpi/staff.html?plan=yuzawa-copy&view=report&fy=2023');
  await expect(row(page, 'k02').getByTestId('report-rate')).toHaveText('220%');
  // The same id again is refused: the plan is there already.
  await page.goto('/kpi/survey.html');
  await page.getByTestId('template-file').setInputFiles(good);
  await expect(page.getByTestId('template-problems')).toContainText('計画ID「yuzawa-copy」の計画はすでにあります。');
});
