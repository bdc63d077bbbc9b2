// Minify the wasm-bindgen JS glue (terser) and the style sheet (csso) of each page in a built
// dist/, and update the pages' integrity (SRI) hashes to match.
//
// Why here and not in Trunk: Trunk 0.21's own minifier (minify-js) fails on the glue's
// `export default` and silently ships it unminified, and its `minify` option also rewrites
// the HTML (unquoted attributes) that scripts/csp.py reads. terser is the usual minifier of
// wasm-bindgen output; it keeps export names (the page's start-up module imports `init` and
// the benchmark reads `window.wasmBindings`). ~2.5 KB gzip less per app for the JS, 0.35 KB
// for the CSS (bench/report.md).
//
//   node scripts/minify.mjs dist
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify as minifyCss } from 'csso';
import { minify } from 'terser';

const dist = process.argv[2] || 'dist';
const pages = readdirSync(dist).filter((f) => f.endsWith('.html'));
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

const done = new Map(); // file name -> [old integrity, new integrity]
for (const page of pages) {
  const html = readFileSync(join(dist, page), 'utf8');
  for (const [, name] of html.matchAll(/["'(]\.\/([A-Za-z0-9_.-]+\.(?:js|css))["')]/g)) {
    if (done.has(name)) continue;
    const path = join(dist, name);
    const before = readFileSync(path);
    const text = before.toString('utf8');
    const code = name.endsWith('.css')
      ? minifyCss(text).css
      : (await minify(text, {
          module: true,
          ecma: 2020,
          compress: { passes: 2 },
          mangle: true,
          format: { comments: false },
        })).code;
    if (!code) throw new Error(`the minifier gave nothing for ${name}`);
    writeFileSync(path, code);
    done.set(name, [sri(before), sri(Buffer.from(code))]);
    console.log(`minify: ${name} ${before.length} → ${Buffer.byteLength(code)} bytes`);
  }
}
for (const page of pages) {
  let html = readFileSync(join(dist, page), 'utf8');
  for (const [before, after] of done.values()) html = html.split(before).join(after);
  writeFileSync(join(dist, page), html);
}
