const { chromium } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const pages = ['/kpi/', '/kpi/?plan=yuzawa', '/kpi/?plan=yuzawa&node=t4', '/kpi/?plan=yuzawa&kpi=k07', '/kpi/?plan=yuzawa&view=report&fy=2023', '/kpi/?plan=annaka', '/kpi/?plan=yuzawa&kpi=k07&embed=1', '/kpi/staff.html?plan=yuzawa&view=report&fy=2023', '/kpi/survey.html?plan=yuzawa'];
  for (const w of [1280, 360]) for (const url of pages) {
    const ctx = await b.newContext({ viewport: { width: w, height: 900 } }); const p = await ctx.newPage();
    await p.goto('http://127.0.0.1:8799' + url); await p.waitForTimeout(1500);
    const r = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    console.log(w, url, r.violations.map(v => `${v.id}(${v.nodes.length}): ${v.nodes.slice(0,2).map(n => n.target.join(' ')).join(' | ')}`).join('\n   ') || 'OK');
    await ctx.close();
  }
  await b.close();
})();
