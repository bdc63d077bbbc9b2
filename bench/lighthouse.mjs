// Lighthouse (npm lighthouse@12.2.3, bench/package.json) for `make bench`: the performance
// category, mobile (Lighthouse's default: an emulated phone, simulated slow 4G and CPU ×4),
// on Debian's Chromium. Prints one JSON line per run with the figures bench/browser.js reports.
//   CHROME_PATH=/usr/bin/chromium node bench/lighthouse.mjs <url>...
//
// One shim: Chromium ≥ 1xx names the PipelineReporter trace event's argument
// `frame_reporter`, which the trace engine of Lighthouse 12.2.3 reads as
// `chrome_frame_reporter`; without it the trace engine throws and the "Largest Contentful
// Paint element" audit errors (the scores do not use it). The trace is renamed as collected.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import Trace from 'lighthouse/core/gather/gatherers/trace.js';

const collect = Trace.endTraceAndCollectEvents;
Trace.endTraceAndCollectEvents = async (session) => {
  const trace = await collect(session);
  for (const e of trace.traceEvents) {
    if (e.name === 'PipelineReporter' && e.args && e.args.frame_reporter && !e.args.chrome_frame_reporter) {
      e.args.chrome_frame_reporter = e.args.frame_reporter;
    }
  }
  return trace;
};

const FLAGS = ['--headless=new', '--no-sandbox'];

async function run(url) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || '/usr/bin/chromium', chromeFlags: FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, onlyCategories: ['performance'], output: 'json', logLevel: 'error' });
    const lhr = result.lhr;
    const audit = (id) => lhr.audits[id] || {};
    const observed = (audit('metrics').details || {}).items?.[0] || {};
    // The LCP element as Lighthouse found it in the page (null when its audit failed).
    const element = audit('largest-contentful-paint-element');
    const node = element.details?.items?.[0]?.items?.[0]?.node || null;
    const phases = Object.fromEntries((element.details?.items?.[1]?.items || []).map((p) => [p.phase, p.timing]));
    // The app's marks in that run (observed, ms from navigation start).
    const marks = Object.fromEntries((audit('user-timings').details?.items || [])
      .filter((m) => m.timingType === 'Mark').map((m) => [m.name, m.startTime]));
    // Every LCP candidate in the observed trace, with the element's tag as the trace names it.
    const trace = result.artifacts.Trace.traceEvents;
    const navStart = observed.observedNavigationStartTs;
    const candidates = trace.filter((e) => e.name === 'largestContentfulPaint::Candidate'
      && e.args?.data?.isOutermostMainFrame !== false)
      .map((e) => ({ ms: (e.ts - navStart) / 1000, tag: e.args.data.nodeName, size: e.args.data.size, type: e.args.data.type }));
    return {
      url,
      score: Math.round(lhr.categories.performance.score * 100),
      fcp: audit('first-contentful-paint').numericValue,
      lcp: audit('largest-contentful-paint').numericValue,
      tbt: audit('total-blocking-time').numericValue,
      si: audit('speed-index').numericValue,
      cls: audit('cumulative-layout-shift').numericValue,
      observedFcp: observed.observedFirstContentfulPaint,
      observedLcp: observed.observedLargestContentfulPaint,
      lcpElement: node && { selector: node.selector, label: node.nodeLabel, snippet: node.snippet },
      lcpElementError: element.errorMessage || null,
      phases,
      marks,
      candidates,
      // Lighthouse's long tasks (simulated) and where the main thread's time went.
      longTasks: (audit('long-tasks').details?.items || []).map((t) => ({ url: t.url, start: t.startTime, ms: t.duration })),
      mainThread: Object.fromEntries((audit('mainthread-work-breakdown').details?.items || []).map((t) => [t.group, Math.round(t.duration)])),
      benchmarkIndex: lhr.environment.benchmarkIndex,
      warnings: lhr.runWarnings,
    };
  } finally {
    await chrome.kill();
  }
}

for (const url of process.argv.slice(2)) {
  console.log(JSON.stringify(await run(url)));
}
