// End-to-end tests against the release build (dist/ copied to target/site/kpi/ by
// scripts/test.sh), served by a plain static file server from the sub-path /kpi/:
// no Trunk dev server, no rewrite rules.
const { defineConfig } = require('@playwright/test');

const PORT = 8765;
const HOST_PORT = 8767;

module.exports = defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 30_000,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory target/site`,
      url: `http://127.0.0.1:${PORT}/kpi/`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      // A city's page on another origin that embeds the app in iframes.
      command: `python3 -m http.server ${HOST_PORT} --bind 127.0.0.1 --directory tests/e2e/host`,
      url: `http://127.0.0.1:${HOST_PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
  ],
});
