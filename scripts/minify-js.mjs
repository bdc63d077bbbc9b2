// Minify the wasm-bindgen JS glue of each page in a built dist/ with terser, and update the
// page's integrity (SRI) hashes to match.
//
// Why here and not in Trunk: Trunk 0.21's own minifier (minify-js) fails on the glue's
// `export default` and silently ships it unminified. terser is the usual minifier of
// wasm-bindgen output; it keeps export names (the page's start-up module imports `init` and
// the benchmark reads `window.wasmBindings`). ~2.5 KB gzip less per app (bench/report.md).
//
//   node scripts/minify-js.mjs dist
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] || 'dist';
const pages = readdirSync(dist).filter((f) => f.endsWith('.html'));
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

const done = new Map(); // file name -> [old integrity, new integrity]
for (const page of pages) {
  const html = readFileSync(join(dist, page), 'utf8');
  for (const [, name] of html.matchAll(/["'(]\.\/([A-Za-z0-9_.-]+\.js)["')]/g)) {
    if (done.has(name)) continue;
    const path = join(dist, name);
    const before = readFileSync(path);
    const out = await minify(before.toString('utf8'), {
      module: true,
      ecma: 2020,
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
    });
    if (!out.code) throw new Error(`terser gave nothing for ${name}`);
    writeFileSync(path, out.code);
    done.set(name, [sri(before), sri(Buffer.from(out.code))]);
    console.log(`minify-js: ${name} ${before.length} → ${Buffer.byteLength(out.code)} bytes`);
  }
}
for (const page of pages) {
  let html = readFileSync(join(dist, page), 'utf8');
  for (const [before, after] of done.values()) html = html.split(before).join(after);
  writeFileSync(join(dist, page), html);
}
