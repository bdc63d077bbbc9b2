// Finish each page's wasm in Trunk's staging folder (the post-build hook, scripts/post-build.sh):
// take out the exports of wasm-streams' classes, optimise with wasm-opt, and update the pages'
// integrity (SRI) hashes to match, before scripts/csp.py hashes the inline scripts.
//
// Why: Leptos always links server_fn's browser client, and with it wasm-streams, whose three
// JS-facing classes (IntoUnderlyingSource, IntoUnderlyingByteSource, IntoUnderlyingSink) are
// `#[wasm_bindgen]` exports. An export is a root that no optimiser may remove, so their code
// stayed in the wasm although this app has no server functions and never streams. Taking the
// exports out *before* wasm-opt lets its dead-code removal drop them, and the wasm-bindgen JS
// glue's classes for them go too: −2.1 KB gzip citizens, −1.8 KB staff. Trunk's own wasm-opt
// is off for this reason (`data-wasm-opt="0"` in index.html and staff.html): it runs before
// the hooks.
//
//   node scripts/wasm-finish.mjs <folder with the built page>
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The release optimisation (README, "Release tooling"): -Oz with load/store offsets folded
// (`--low-memory-unused`), then the control flow rebuilt and shrunk again.
const WASM_OPT_ARGS = [
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-reference-types', '--enable-multivalue', '--enable-mutable-globals', '--enable-simd',
  '-Oz', '--low-memory-unused', '--flatten', '--rereloop', '-Oz', '-Oz', '--strip-producers',
];
// binaryen's, at the version package.json pins (scripts/setup-build.sh installs it); Trunk runs
// its hooks from the project's folder.
const WASM_OPT = join('node_modules', '.bin', 'wasm-opt');
// The exports (and their `free` functions) of wasm-streams' classes.
const UNUSED_EXPORT = /^(__wbg_)?intounderlying(bytesource|sink|source)_/;
const UNUSED_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

const dist = process.argv[2] || 'dist';
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

function readLeb(buf, pos) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

/** The wasm binary with the export section's entries whose names match `pattern` left out. */
function withoutExports(wasm, pattern) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm binary');
  const parts = [wasm.subarray(0, 8)];
  const removed = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, start] = readLeb(wasm, pos + 1);
    const end = start + size;
    if (id !== 7) {
      parts.push(wasm.subarray(pos, end));
    } else {
      let [count, at] = readLeb(wasm, start);
      const kept = [];
      for (let i = 0; i < count; i++) {
        const entry = at;
        let length;
        [length, at] = readLeb(wasm, at);
        const name = wasm.subarray(at, at + length).toString('utf8');
        [, at] = readLeb(wasm, at + length + 1); // the kind byte, then the index
        if (pattern.test(name)) removed.push(name);
        else kept.push(wasm.subarray(entry, at));
      }
      const body = Buffer.concat([leb(kept.length), ...kept]);
      parts.push(Buffer.from([7]), leb(body.length), body);
    }
    pos = end;
  }
  return [Buffer.concat(parts), removed];
}

/** The wasm-bindgen JS glue without the named classes: each class, the line that gives it
 * `Symbol.dispose` and its `FinalizationRegistry`. Each piece must be found exactly once. */
function withoutClasses(js, classes, file) {
  for (const name of classes) {
    const pieces = [
      new RegExp(`^export class ${name} \\{\\n[\\s\\S]*?^\\}\\n`, 'gm'),
      new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`, 'gm'),
      new RegExp(`^const ${name}Finalization = [\\s\\S]*?\\);\\n`, 'gm'),
    ];
    for (const piece of pieces) {
      const found = js.match(piece)?.length ?? 0;
      if (found !== 1) throw new Error(`${file}: ${piece} found ${found} times (has wasm-bindgen's output changed?)`);
      js = js.replace(piece, '');
    }
    if (js.includes(name)) throw new Error(`${file}: ${name} is still named after its removal`);
  }
  return js;
}

const pages = readdirSync(dist).filter((f) => f.endsWith('.html'));
const changed = new Map(); // file name -> [old integrity, new integrity]
for (const page of pages) {
  const html = readFileSync(join(dist, page), 'utf8');
  for (const [, base] of html.matchAll(/["']\.\/([A-Za-z0-9_.-]+)_bg\.wasm["']/g)) {
    if (changed.has(`${base}_bg.wasm`)) continue;
    const wasmPath = join(dist, `${base}_bg.wasm`);
    const before = readFileSync(wasmPath);
    const [stripped, removed] = withoutExports(before, UNUSED_EXPORT);
    // None found means wasm-bindgen or wasm-streams changed: look again rather than ship blind.
    if (removed.length === 0) throw new Error(`${base}_bg.wasm: no wasm-streams exports to remove`);
    writeFileSync(wasmPath, stripped);
    execFileSync(WASM_OPT, [wasmPath, ...WASM_OPT_ARGS, '-o', wasmPath], { stdio: 'inherit' });
    const after = readFileSync(wasmPath);
    changed.set(`${base}_bg.wasm`, [sri(before), sri(after)]);
    console.log(`wasm-finish: ${base}_bg.wasm ${before.length} → ${after.length} bytes (${removed.length} exports removed)`);

    const jsPath = join(dist, `${base}.js`);
    const js = readFileSync(jsPath);
    const privateJs = Buffer.from(withoutClasses(js.toString('utf8'), UNUSED_CLASSES, jsPath));
    writeFileSync(jsPath, privateJs);
    changed.set(`${base}.js`, [sri(js), sri(privateJs)]);
  }
}
for (const page of pages) {
  let html = readFileSync(join(dist, page), 'utf8');
  for (const [name, [before, after]] of changed) {
    if (html.includes(name) && !html.includes(before)) {
      throw new Error(`${page}: names ${name} without its integrity hash (has Trunk's output changed?)`);
    }
    html = html.split(before).join(after);
  }
  writeFileSync(join(dist, page), html);
}
