// Shared test fixture: every page is watched for console errors and failed requests,
// and a test fails if any happened, except the requests a test makes fail on purpose
// (`test.use({ failingOnPurpose: [/pattern/] })`).
const base = require('@playwright/test');

exports.test = base.test.extend({
  failingOnPurpose: [[], { option: true }],
  page: async ({ page, failingOnPurpose }, use) => {
    const problems = [];
    const onPurpose = (url) => failingOnPurpose.some((pattern) => pattern.test(url ?? ''));
    page.on('console', (msg) => {
      // (The browser's own "Failed to load resource" is located at the resource.)
      if (msg.type() === 'error' && !onPurpose(msg.location()?.url)) problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => {
      // A fetch cancelled by leaving the page is the browser's doing, not a failure.
      if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
      if (onPurpose(req.url())) return;
      problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    });
    await use(page);
    base.expect(problems, 'console errors or failed requests').toEqual([]);
  },
});
exports.expect = base.expect;
